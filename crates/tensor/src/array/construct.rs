//! Making arrays from data: vectors, slices, scalars, and the kernels' output
//! ([`Array::build`]).

use super::Array;
use crate::error::{unwrap, Error, Result};
use crate::shape::{checked_numel, contiguous_strides, dims_from};
use crate::storage::{Buffer, Scalar, Storage};

impl Array {
    /// Wraps a typed vector as a contiguous array of `shape` (copied into a pooled,
    /// aligned block when small, see [`Storage::from_vec`]).
    pub(crate) fn from_typed<T: Scalar>(data: Vec<T>, shape: &[usize]) -> Array {
        Array::from_storage(Storage::from_vec(data), shape)
    }

    /// A contiguous array of `shape` (`n` elements) whose elements `fill` writes (it
    /// gets `n` slots and returns how many it wrote: all of them).
    ///
    /// The array is made before the kernel runs: its 128 bytes are then stored (and
    /// committed) long before the caller copies them. Made after a kernel, those
    /// stores queue behind the kernel's and the caller's copy, which reads them back
    /// in other widths than they were written, waits for the queue to drain (~13 ns
    /// of a 1000-element add).
    #[inline(always)]
    pub(crate) fn build<T: Scalar>(
        shape: &[usize],
        n: usize,
        fill: impl FnOnce(&mut [std::mem::MaybeUninit<T>]) -> usize,
    ) -> Array {
        debug_assert_eq!(n, shape.iter().product::<usize>());
        let mut out = Array::with_layout_of(Buffer::<T>::with_capacity(n).into_storage(), shape);
        out.storage.fill_new::<T>(n, fill);
        out
    }

    /// A contiguous array of `shape` (`n` elements) whose elements `fill` sets, for
    /// kernels that write through initialised memory (reductions accumulate, `gemm`
    /// takes a `&mut [T]`): `fill` gets the new buffer zero-filled.
    pub(crate) fn build_init<T: Scalar>(
        shape: &[usize],
        n: usize,
        fill: impl FnOnce(&mut [T]),
    ) -> Array {
        let mut out = crate::kernels::map::filled::<T>(shape, n, T::ZERO);
        fill(
            out.own_buffer_mut::<T>()
                .expect("a new array owns its buffer"),
        );
        out
    }

    /// A 0-d array holding `v` (straight into a pooled block, no `Vec` on the way).
    #[inline]
    pub(crate) fn scalar_typed<T: Scalar>(v: T) -> Array {
        Array::from_storage(Storage::copy_of(std::slice::from_ref(&v)), &[])
    }

    #[inline(always)]
    pub(crate) fn from_storage(storage: Storage, shape: &[usize]) -> Array {
        debug_assert_eq!(storage.len(), shape.iter().product::<usize>());
        Array::with_layout_of(storage, shape)
    }

    /// `storage` as a contiguous array of `shape` (its length is not checked).
    #[inline(always)]
    fn with_layout_of(storage: Storage, shape: &[usize]) -> Array {
        Array {
            storage,
            shape: dims_from(shape),
            strides: contiguous_strides(shape),
            offset: 0,
        }
    }

    fn try_from_typed<T: Scalar>(op: &'static str, data: Vec<T>, shape: &[usize]) -> Result<Array> {
        let numel = checked_numel(op, shape)?;
        if numel != data.len() {
            return Err(Error::LengthMismatch {
                op,
                len: data.len(),
                shape: shape.to_vec(),
                numel,
            });
        }
        Ok(Array::from_typed(data, shape))
    }

    /// An `f32` array of `shape` holding `data` in row-major order, or an error if the
    /// lengths differ or the shape's element count overflows.
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// assert!(Array::try_from_vec(vec![1.0, 2.0, 3.0], &[2, 2]).is_err());
    /// ```
    pub fn try_from_vec(data: Vec<f32>, shape: &[usize]) -> Result<Array> {
        Array::try_from_typed("from_vec", data, shape)
    }

    /// An `f32` array of `shape` holding `data` in row-major order.
    ///
    /// # Panics
    /// If `data.len()` is not the product of `shape` (see [`Array::try_from_vec`]).
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// let a = Array::from_vec(vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0], &[2, 3]);
    /// assert_eq!(a.get(&[1, 0]), 4.0);
    /// ```
    #[track_caller]
    pub fn from_vec(data: Vec<f32>, shape: &[usize]) -> Array {
        unwrap(Array::try_from_vec(data, shape))
    }

    /// Like [`Array::try_from_vec`] for `f64` data.
    pub fn try_from_vec_f64(data: Vec<f64>, shape: &[usize]) -> Result<Array> {
        Array::try_from_typed("from_vec_f64", data, shape)
    }

    /// An `f64` array of `shape` holding `data`.
    ///
    /// # Panics
    /// If `data.len()` is not the product of `shape`.
    ///
    /// ```
    /// use nanotorch_tensor::{Array, DType};
    /// let a = Array::from_vec_f64(vec![0.5; 4], &[4]);
    /// assert_eq!(a.dtype(), DType::F64);
    /// ```
    #[track_caller]
    pub fn from_vec_f64(data: Vec<f64>, shape: &[usize]) -> Array {
        unwrap(Array::try_from_vec_f64(data, shape))
    }

    /// A 1-D `f32` array copied from a slice, like `torch.tensor([...])`.
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// let x = Array::from_slice(&[1.0, 2.0, 3.0, 4.0]);
    /// assert_eq!(x.shape(), &[4]);
    /// ```
    pub fn from_slice(data: &[f32]) -> Array {
        Array::from_storage(Storage::copy_of(data), &[data.len()])
    }

    /// A 1-D `f64` array copied from a slice.
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// assert_eq!(Array::from_slice_f64(&[1.0, 2.0]).to_vec::<f64>(), vec![1.0, 2.0]);
    /// ```
    pub fn from_slice_f64(data: &[f64]) -> Array {
        Array::from_storage(Storage::copy_of(data), &[data.len()])
    }

    /// A 0-d `f32` array (`torch.tensor(v)`).
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// let s = Array::scalar(3.5);
    /// assert_eq!(s.ndim(), 0);
    /// assert_eq!(s.item(), 3.5);
    /// ```
    pub fn scalar(v: f32) -> Array {
        Array::scalar_typed(v)
    }

    /// A 0-d `f64` array.
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// assert_eq!(Array::scalar_f64(0.1).item(), 0.1);
    /// ```
    pub fn scalar_f64(v: f64) -> Array {
        Array::scalar_typed(v)
    }
}

//! [`Array`]: shape, strides and offset over shared, reference-counted storage.

use crate::dtype::{DType, Element};
use crate::error::{unwrap, Error, Result};
use crate::kernels::map::{self, Operand};
use crate::shape::{dims_from, Dims};
use crate::storage::{Scalar, Storage};
use crate::with_dtype;

mod construct;

/// An n-dimensional array of `f32` or `f64`, like a NumPy `ndarray` or a PyTorch
/// tensor without autograd.
///
/// Cloning is cheap (the buffer is shared), and views such as
/// [`transpose`](Array::transpose) or [`expand`](Array::expand) share the buffer too.
/// Arrays are immutable values: operations return new arrays. The few in-place
/// methods (`*_` (`add_`, `sub_`, ...)) write through only when the buffer is not shared, and copy it
/// first otherwise, so a write can never change another array behind its back.
///
/// ```
/// use nanotorch_tensor::Array;
/// let x = Array::from_vec(vec![1.0, 2.0, 3.0, 4.0], &[2, 2]);
/// let y = &x * 2.0 + 1.0;
/// assert_eq!(y.to_vec::<f32>(), vec![3.0, 5.0, 7.0, 9.0]);
/// assert_eq!(y.shape(), &[2, 2]);
/// ```
pub struct Array {
    pub(crate) storage: Storage,
    pub(crate) shape: Dims,
    pub(crate) strides: Dims,
    pub(crate) offset: usize,
}

impl Clone for Array {
    /// Shares the buffer; copies shape and strides with a plain `memcpy` (the derived
    /// clone goes element by element, which shows in per-op cost of small arrays).
    #[inline]
    fn clone(&self) -> Array {
        Array {
            storage: self.storage.clone(),
            shape: dims_from(&self.shape),
            strides: dims_from(&self.strides),
            offset: self.offset,
        }
    }
}

impl Array {
    // ---- metadata ---------------------------------------------------------------

    /// The dims, outermost first.
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// assert_eq!(Array::zeros(&[2, 3]).shape(), &[2, 3]);
    /// ```
    pub fn shape(&self) -> &[usize] {
        &self.shape
    }

    /// Element strides of each dim (0 on broadcast dims).
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// assert_eq!(Array::zeros(&[2, 3]).strides(), &[3, 1]);
    /// ```
    pub fn strides(&self) -> &[usize] {
        &self.strides
    }

    /// Offset of the first element in the shared buffer.
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// assert_eq!(Array::arange(0.0, 6.0, 1.0).narrow(0, 2, 3).offset(), 2);
    /// ```
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// Number of dims (0 for a scalar).
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// assert_eq!(Array::zeros(&[2, 3]).ndim(), 2);
    /// ```
    pub fn ndim(&self) -> usize {
        self.shape.len()
    }

    /// Number of elements (1 for a scalar, 0 if any dim is 0).
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// assert_eq!(Array::zeros(&[2, 0]).numel(), 0);
    /// ```
    pub fn numel(&self) -> usize {
        self.shape.iter().product()
    }

    /// The element type.
    ///
    /// ```
    /// use nanotorch_tensor::{Array, DType};
    /// assert_eq!(Array::scalar_f64(1.0).dtype(), DType::F64);
    /// ```
    pub fn dtype(&self) -> DType {
        self.storage.dtype()
    }

    /// True when the elements lie in row-major order with no gaps, so that a kernel
    /// can run over one flat slice.
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// let a = Array::zeros(&[2, 3]);
    /// assert!(a.is_contiguous());
    /// assert!(!a.t().is_contiguous());
    /// ```
    pub fn is_contiguous(&self) -> bool {
        self.contiguous_numel().is_some()
    }

    /// This array's elements, writable, when writing them changes no other array: the
    /// buffer is not shared, and the array covers it exactly from offset 0 in row-major
    /// order. `None` otherwise (then an in-place or `_into` op needs a new buffer).
    #[inline]
    pub(crate) fn own_buffer_mut<T: Scalar>(&mut self) -> Option<&mut [T]> {
        if self.offset == 0 && self.contiguous_numel() == Some(self.storage.len()) {
            return self.storage.unique_slice_mut::<T>();
        }
        None
    }

    /// The element count if the array is contiguous (row-major strides; size-1 dims may
    /// have any stride), else `None`: one pass that checks the strides and counts.
    #[inline]
    pub(crate) fn contiguous_numel(&self) -> Option<usize> {
        let mut expected = 1;
        for (&d, &s) in self.shape.iter().zip(&self.strides).rev() {
            if d != 1 && s != expected {
                return None;
            }
            expected *= d;
        }
        Some(expected)
    }

    /// True if both arrays view the same buffer.
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// let a = Array::zeros(&[4]);
    /// assert!(a.shares_storage(&a.reshape(&[2, 2])));
    /// ```
    pub fn shares_storage(&self, other: &Array) -> bool {
        Storage::ptr_eq(&self.storage, &other.storage)
    }

    /// The typed operand view used by kernels.
    pub(crate) fn operand<T: Scalar>(&self) -> Operand<'_, T> {
        Operand {
            data: T::slice(&self.storage),
            strides: &self.strides,
            offset: self.offset,
        }
    }

    /// The elements as one slice when the array is contiguous (runs for every operand
    /// of every op: one pass over the dims, no separate element count).
    #[inline]
    pub(crate) fn contiguous_slice<T: Scalar>(&self) -> Option<&[T]> {
        let n = self.contiguous_numel()?;
        T::slice(&self.storage).get(self.offset..self.offset + n)
    }

    // ---- element access ---------------------------------------------------------

    /// All elements in row-major order, converted to `T`.
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// let a = Array::from_vec(vec![1.0, 2.0, 3.0, 4.0], &[2, 2]);
    /// assert_eq!(a.t().to_vec::<f64>(), vec![1.0, 3.0, 2.0, 4.0]);
    /// ```
    pub fn to_vec<T: Element>(&self) -> Vec<T> {
        with_dtype!(self.dtype(), S => {
            if let Some(s) = self.contiguous_slice::<S>() {
                return s.iter().map(|&x| T::from_f64(x.to_f64())).collect();
            }
            let a = self.operand::<S>();
            map::collect_vec(self.numel(), |out| {
                map::unary_rows_into(&self.shape, a, out, |s, d| map::map_slice(s, d, |x| T::from_f64(x.to_f64())))
            })
        })
    }

    /// The elements in row-major order in their own type (a plain copy).
    pub(crate) fn to_vec_typed<T: Scalar>(&self) -> Vec<T> {
        match self.contiguous_slice::<T>() {
            Some(s) => s.to_vec(),
            None => map::collect_vec(self.numel(), |out| {
                map::unary_rows_into(&self.shape, self.operand::<T>(), out, |s, d| {
                    map::map_slice(s, d, |x| x)
                })
            }),
        }
    }

    /// The single element as an `f64` (`tensor.item()`), or an error naming the shape
    /// unless the array has exactly one element.
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// let e = Array::zeros(&[2]).try_item().unwrap_err();
    /// assert_eq!(e.to_string(), "item: only an array with exactly one element can be converted to a scalar, got shape [2] (2 elements)");
    /// ```
    pub fn try_item(&self) -> Result<f64> {
        if self.numel() != 1 {
            return Err(Error::invalid(
                "item",
                format!(
                    "only an array with exactly one element can be converted to a scalar, got shape {:?} ({} elements)",
                    self.shape(),
                    self.numel()
                ),
            ));
        }
        Ok(with_dtype!(self.dtype(), T => T::slice(&self.storage)[self.offset].to_f64()))
    }

    /// The single element as an `f64`.
    ///
    /// # Panics
    /// Unless the array has exactly one element.
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// assert_eq!(Array::from_vec(vec![2.5], &[1, 1]).item(), 2.5);
    /// ```
    #[track_caller]
    pub fn item(&self) -> f64 {
        unwrap(self.try_item())
    }

    /// The element at `index` (one entry per dim) as `f64`, or an error if the index
    /// has the wrong length or is out of bounds.
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// let e = Array::zeros(&[2, 3]).try_get(&[0, 3]).unwrap_err();
    /// assert_eq!(e.to_string(), "get: index 3 is out of bounds for dim 1 of shape [2, 3]");
    /// ```
    pub fn try_get(&self, index: &[usize]) -> Result<f64> {
        if index.len() != self.ndim() {
            return Err(Error::invalid(
                "get",
                format!(
                    "index {:?} has {} entries but shape {:?} has {} dims",
                    index,
                    index.len(),
                    self.shape(),
                    self.ndim()
                ),
            ));
        }
        let mut off = self.offset;
        for (d, (&i, (&n, &s))) in index
            .iter()
            .zip(self.shape.iter().zip(&self.strides))
            .enumerate()
        {
            if i >= n {
                return Err(Error::invalid(
                    "get",
                    format!(
                        "index {i} is out of bounds for dim {d} of shape {:?}",
                        self.shape()
                    ),
                ));
            }
            off += i * s;
        }
        Ok(with_dtype!(self.dtype(), T => T::slice(&self.storage)[off].to_f64()))
    }

    /// The element at `index`.
    ///
    /// # Panics
    /// If the index has the wrong length or is out of bounds.
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// let a = Array::arange(0.0, 6.0, 1.0).reshape(&[2, 3]);
    /// assert_eq!(a.get(&[1, 2]), 5.0);
    /// ```
    #[track_caller]
    pub fn get(&self, index: &[usize]) -> f64 {
        unwrap(self.try_get(index))
    }

    /// Iterates over the elements in row-major order as `f64`.
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// let total: f64 = Array::ones(&[3]).iter().sum();
    /// assert_eq!(total, 3.0);
    /// ```
    pub fn iter(&self) -> std::vec::IntoIter<f64> {
        self.to_vec::<f64>().into_iter()
    }

    // ---- dtype and layout conversion --------------------------------------------

    /// This array converted to `dtype` (a cheap clone if it already is).
    ///
    /// ```
    /// use nanotorch_tensor::{Array, DType};
    /// let a = Array::from_slice(&[0.1]).to_dtype(DType::F64);
    /// assert_eq!(a.item(), 0.1f32 as f64);
    /// ```
    pub fn to_dtype(&self, dtype: DType) -> Array {
        if dtype == self.dtype() {
            return self.clone();
        }
        with_dtype!(dtype, T => with_dtype!(self.dtype(), S => {
            map::unary(&self.shape, self.numel(), self.operand::<S>(), |x| T::from_f64(x.to_f64()))
        }))
    }

    /// `self` borrowed when it already has `dtype`, else converted (what binary ops
    /// need, without the clone of [`to_dtype`](Array::to_dtype)).
    #[inline]
    pub(crate) fn to_dtype_cow(&self, dtype: DType) -> std::borrow::Cow<'_, Array> {
        if dtype == self.dtype() {
            std::borrow::Cow::Borrowed(self)
        } else {
            std::borrow::Cow::Owned(self.to_dtype(dtype))
        }
    }

    /// The one value of an array whose elements all alias a single storage slot (a
    /// one-element array, or an `expand` of one: every dim of size > 1 has stride 0),
    /// or `None`. `T` must be the array's dtype.
    #[inline]
    pub(crate) fn uniform_value<T: Scalar>(&self) -> Option<T> {
        let aliased = self
            .shape
            .iter()
            .zip(&self.strides)
            .all(|(&d, &s)| d == 1 || s == 0);
        if aliased && !self.shape.contains(&0) {
            T::slice(&self.storage).get(self.offset).copied()
        } else {
            None
        }
    }

    /// A contiguous array with the same elements: `self` (shared) if already
    /// contiguous, else a copy.
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// let t = Array::zeros(&[2, 3]).t().contiguous();
    /// assert!(t.is_contiguous());
    /// assert_eq!(t.strides(), &[2, 1]);
    /// ```
    pub fn contiguous(&self) -> Array {
        if self.is_contiguous() {
            return self.clone();
        }
        with_dtype!(self.dtype(), T => {
            map::unary(&self.shape, self.numel(), self.operand::<T>(), |x| x)
        })
    }
}

impl std::fmt::Debug for Array {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)
    }
}

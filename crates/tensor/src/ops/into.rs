//! Elementwise ops that write an existing array instead of allocating one
//! (`torch.add(a, b, out=c)`): `add_into`, `sub_into`, `mul_into`, `div_into`, and any
//! unary kernel through [`Array::unary_into`].
//!
//! `out` must already have the result's shape and dtype. Its buffer is overwritten in
//! place when `out` is its only user, contiguous and covers it exactly (the usual case:
//! a buffer kept across iterations); otherwise `out` gets a fresh buffer, so that no
//! other array sharing the old one sees the write (the rule of the in-place `*_` ops).

use crate::array::Array;
use crate::dtype::DType;
use crate::error::{unwrap, Error, Result};
use crate::kernels::{alloc, map};
use crate::ops::binary::{
    map_with_value, uniform_and_contiguous, AddK, BinaryKernel, DivK, MulK, SubK,
};
use crate::ops::unary::UnaryKernel;
use crate::shape::{broadcast_shapes, broadcast_strides, dims_from, same_dims};
use crate::storage::Scalar;
use crate::with_dtype;
use std::mem::MaybeUninit;

/// Checks `out` has `shape` and `dtype`, naming `op` in the error.
pub(crate) fn check_out(
    op: &'static str,
    out: &Array,
    shape: &[usize],
    dtype: DType,
) -> Result<()> {
    if !same_dims(out.shape(), shape) {
        return Err(Error::invalid(
            op,
            format!(
                "out has shape {:?} but the result has shape {shape:?}",
                out.shape()
            ),
        ));
    }
    if out.dtype() != dtype {
        return Err(Error::invalid(
            op,
            format!(
                "out has dtype {} but the result has dtype {dtype}",
                out.dtype()
            ),
        ));
    }
    Ok(())
}

/// Runs `fill` on `out`'s own buffer when it may be written in place, else on a new
/// buffer that then replaces `out`'s storage. `fill` returns how many slots it wrote.
fn write_out<T: Scalar>(out: &mut Array, fill: impl FnOnce(&mut [MaybeUninit<T>]) -> usize) {
    if let Some(dst) = out.own_buffer_mut::<T>() {
        let n = dst.len();
        let written = fill(alloc::as_uninit(dst));
        assert_eq!(written, n);
        return;
    }
    let n = out.numel();
    *out = Array::build::<T>(out.shape(), n, fill);
}

/// [`write_out`] for kernels that write through initialised memory (reductions): `fill`
/// gets `out`'s own buffer when it may be written in place, else a zeroed new buffer
/// that then replaces `out`'s storage.
pub(crate) fn write_out_init<T: Scalar>(out: &mut Array, fill: impl FnOnce(&mut [T])) {
    if let Some(own) = out.own_buffer_mut::<T>() {
        return fill(own);
    }
    *out = Array::build_init::<T>(out.shape(), out.numel(), fill);
}

/// `out = a op b` with broadcasting and type promotion, for any [`BinaryKernel`], or
/// an error if the shapes do not broadcast or `out` has the wrong shape or dtype.
///
/// ```
/// use nanotorch_tensor::Array;
/// use nanotorch_tensor::ops::binary::MulK;
/// use nanotorch_tensor::ops::into::try_binary_into;
/// let mut out = Array::zeros(&[2]);
/// try_binary_into::<MulK>(&Array::from_slice(&[2.0, 3.0]), &Array::scalar(4.0), &mut out).unwrap();
/// assert_eq!(out.to_vec::<f32>(), vec![8.0, 12.0]);
/// ```
pub fn try_binary_into<K: BinaryKernel>(a: &Array, b: &Array, out: &mut Array) -> Result<()> {
    let same_shape = same_dims(a.shape(), b.shape());
    if same_shape && a.dtype() == b.dtype() {
        // fast path: same shape and dtype, both contiguous (the shapes cannot fail to
        // broadcast, so `out` is the first thing to check, as below)
        check_out(K::NAME, out, a.shape(), a.dtype())?;
        let done = with_dtype!(a.dtype(), T => match (a.contiguous_slice::<T>(), b.contiguous_slice::<T>()) {
            (Some(x), Some(y)) => {
                write_out::<T>(out, |o| {
                    map::zip_into(x, y, o, K::f::<T>);
                    o.len()
                });
                true
            }
            _ => false,
        });
        if done {
            return Ok(());
        }
    }
    let shape = if same_shape {
        dims_from(a.shape())
    } else {
        broadcast_shapes(K::NAME, a.shape(), b.shape())?
    };
    let dtype = a.dtype().promote(b.dtype());
    check_out(K::NAME, out, &shape, dtype)?;
    if a.dtype() == b.dtype() {
        // a scalar or expanded operand with a contiguous one (`torch.add(a, 2.0, out=c)`):
        // the same fast path as the allocating op
        let numel = out.numel();
        let done = with_dtype!(dtype, T => match uniform_and_contiguous::<T>(a, b, numel) {
            Some((x, s, left)) => {
                write_out::<T>(out, |o| {
                    map_with_value::<T, K>(x, s, left, o);
                    o.len()
                });
                true
            }
            None => false,
        });
        if done {
            return Ok(());
        }
    }
    let (a, b) = (a.to_dtype(dtype), b.to_dtype(dtype));
    let sa = broadcast_strides(a.shape(), a.strides(), &shape);
    let sb = broadcast_strides(b.shape(), b.strides(), &shape);
    with_dtype!(dtype, T => {
        let mut oa = a.operand::<T>();
        oa.strides = &sa;
        let mut ob = b.operand::<T>();
        ob.strides = &sb;
        write_out::<T>(out, |o| map::binary_into(&shape, oa, ob, o, K::f::<T>));
    });
    Ok(())
}

impl Array {
    /// `out = K(self)` elementwise for any [`UnaryKernel`] (the same kernels as the
    /// allocating methods, SIMD included), or an error if `out` does not have this
    /// array's shape and dtype.
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// use nanotorch_tensor::ops::unary::ExpK;
    /// let x = Array::from_slice(&[0.0, 1.0]);
    /// let mut y = Array::zeros(&[2]);
    /// x.try_unary_into::<ExpK>(&mut y).unwrap();
    /// assert_eq!(y.to_vec::<f32>(), x.exp().to_vec::<f32>());
    /// assert!(x.try_unary_into::<ExpK>(&mut Array::zeros(&[3])).is_err());
    /// ```
    pub fn try_unary_into<K: UnaryKernel>(&self, out: &mut Array) -> Result<()> {
        check_out(K::NAME, out, self.shape(), self.dtype())?;
        let shape = dims_from(self.shape());
        match self.dtype() {
            DType::F32 => write_out::<f32>(out, |o| {
                map::unary_rows_into(&shape, self.operand::<f32>(), o, K::map_f32)
            }),
            DType::F64 => write_out::<f64>(out, |o| {
                map::unary_rows_into(&shape, self.operand::<f64>(), o, |s, d| {
                    map::map_slice(s, d, K::f::<f64>)
                })
            }),
        }
        Ok(())
    }

    /// `out = K(self)` elementwise.
    ///
    /// # Panics
    /// If `out` does not have this array's shape and dtype.
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// use nanotorch_tensor::ops::unary::ReluK;
    /// let mut y = Array::zeros(&[2]);
    /// Array::from_slice(&[-1.0, 2.0]).unary_into::<ReluK>(&mut y);
    /// assert_eq!(y.to_vec::<f32>(), vec![0.0, 2.0]);
    /// ```
    #[track_caller]
    pub fn unary_into<K: UnaryKernel>(&self, out: &mut Array) {
        unwrap(self.try_unary_into::<K>(out))
    }
}

macro_rules! into_methods {
    ($($K:ident: $name:ident, $try_name:ident, $doc:literal, $ex:literal;)*) => {
        impl Array {$(
            #[doc = concat!("`out = ", $doc, "` with broadcasting, written into `out`'s buffer; an error if the shapes do not broadcast or `out` does not have the result's shape and dtype.")]
            ///
            /// ```
            /// use nanotorch_tensor::Array;
            /// let a = Array::from_vec(vec![1.0, 2.0, 3.0, 4.0], &[2, 2]);
            /// let mut out = Array::zeros(&[2, 2]);
            #[doc = concat!("a.", stringify!($try_name), "(&Array::from_slice(&[1.0, 2.0]), &mut out).unwrap();")]
            #[doc = concat!("assert_eq!(out.to_vec::<f32>(), vec!", $ex, ");")]
            #[doc = concat!("assert!(a.", stringify!($try_name), "(&a, &mut Array::zeros(&[4])).is_err());")]
            /// ```
            pub fn $try_name(&self, other: &Array, out: &mut Array) -> Result<()> {
                try_binary_into::<$K>(self, other, out)
            }

            #[doc = concat!("`out = ", $doc, "` with broadcasting, written into `out`'s buffer.")]
            ///
            /// # Panics
            /// If the shapes do not broadcast, or `out` does not have the result's shape
            /// and dtype.
            ///
            /// ```
            /// use nanotorch_tensor::Array;
            /// let mut out = Array::zeros(&[2]);
            #[doc = concat!("Array::ones(&[2]).", stringify!($name), "(&Array::ones(&[2]), &mut out);")]
            /// ```
            #[track_caller]
            pub fn $name(&self, other: &Array, out: &mut Array) {
                unwrap(try_binary_into::<$K>(self, other, out))
            }
        )*}
    };
}

into_methods! {
    AddK: add_into, try_add_into, "self + other", "[2.0, 4.0, 4.0, 6.0]";
    SubK: sub_into, try_sub_into, "self - other", "[0.0, 0.0, 2.0, 2.0]";
    MulK: mul_into, try_mul_into, "self * other", "[1.0, 4.0, 3.0, 8.0]";
    DivK: div_into, try_div_into, "self / other", "[1.0, 1.0, 3.0, 2.0]";
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::unary::{ExpK, SinK};

    #[test]
    fn add_into_writes_the_existing_buffer_in_place() {
        // [[1,2],[3,4]] + [10, 20] (broadcast rows) = [[11,22],[13,24]]
        let a = Array::from_vec(vec![1.0, 2.0, 3.0, 4.0], &[2, 2]);
        let b = Array::from_slice(&[10.0, 20.0]);
        let mut out = Array::zeros(&[2, 2]);
        let before = f32::slice(&out.storage).as_ptr();
        a.add_into(&b, &mut out);
        assert_eq!(out.to_vec::<f32>(), vec![11.0, 22.0, 13.0, 24.0]);
        assert_eq!(f32::slice(&out.storage).as_ptr(), before);
    }

    #[test]
    fn shared_out_gets_a_new_buffer_and_the_sharer_is_untouched() {
        // out shares its buffer with `keep`: 1 / [2, 4] = [0.5, 0.25] goes to a new one
        let mut out = Array::zeros(&[2]);
        let keep = out.clone();
        Array::ones(&[2]).div_into(&Array::from_slice(&[2.0, 4.0]), &mut out);
        assert_eq!(out.to_vec::<f32>(), vec![0.5, 0.25]);
        assert_eq!(keep.to_vec::<f32>(), vec![0.0, 0.0]);
        assert!(!out.shares_storage(&keep));
    }

    #[test]
    fn wrong_out_shape_or_dtype_is_an_error_naming_both() {
        let a = Array::ones(&[2, 3]);
        let e = a.try_mul_into(&a, &mut Array::zeros(&[3, 2])).unwrap_err();
        assert_eq!(
            e.to_string(),
            "mul: out has shape [3, 2] but the result has shape [2, 3]"
        );
        let mut o64 = Array::zeros_dtype(&[2, 3], DType::F64);
        let e = a.try_sub_into(&a, &mut o64).unwrap_err();
        assert_eq!(
            e.to_string(),
            "sub: out has dtype float64 but the result has dtype float32"
        );
        // f32 + f64 promotes to f64, so an f64 out is right
        a.add_into(&a.to_dtype(DType::F64), &mut o64);
        assert_eq!(o64.to_vec::<f64>(), vec![2.0; 6]);
    }

    #[test]
    fn scalar_operand_into_matches_the_allocating_op_on_both_sides() {
        // [1, 2, 4] / 2 = [0.5, 1, 2] and 2 / [1, 2, 4] = [2, 1, 0.5], written in place;
        // a 1-element [1, 1] operand and an expanded one broadcast the same way, and a
        // [2, 3] out from a [3] input and a scalar takes the general path
        let x = Array::from_slice(&[1.0, 2.0, 4.0]);
        let two = Array::scalar(2.0);
        let mut out = Array::zeros(&[3]);
        let before = f32::slice(&out.storage).as_ptr();
        x.div_into(&two, &mut out);
        assert_eq!(out.to_vec::<f32>(), vec![0.5, 1.0, 2.0]);
        assert_eq!(f32::slice(&out.storage).as_ptr(), before);
        two.div_into(&x, &mut out);
        assert_eq!(out.to_vec::<f32>(), vec![2.0, 1.0, 0.5]);
        let wide = Array::from_slice(&[2.0]).expand([3]);
        x.sub_into(&wide, &mut out);
        assert_eq!(out.to_vec::<f32>(), x.sub_scalar(2.0).to_vec::<f32>());
        let mut out2 = Array::zeros(&[1, 3]);
        x.mul_into(&Array::full(&[1, 1], 3.0), &mut out2);
        assert_eq!(out2.to_vec::<f32>(), vec![3.0, 6.0, 12.0]);
        let mut big = Array::zeros(&[2, 3]);
        x.add_into(&Array::full(&[2, 1], 1.0), &mut big);
        assert_eq!(big.to_vec::<f32>(), vec![2.0, 3.0, 5.0, 2.0, 3.0, 5.0]);
    }

    #[test]
    fn unary_into_matches_the_allocating_op_for_any_layout() {
        // exp of a transposed view equals exp of its contiguous copy, element for element
        let x = Array::from_vec((0..6).map(|i| i as f32 * 0.3 - 1.0).collect(), &[2, 3]).t();
        let mut y = Array::zeros(&[3, 2]);
        x.unary_into::<ExpK>(&mut y);
        assert_eq!(y.to_vec::<f32>(), x.contiguous().exp().to_vec::<f32>());
        let x64 = x.to_dtype(DType::F64);
        let mut y64 = Array::zeros_dtype(&[3, 2], DType::F64);
        x64.unary_into::<SinK>(&mut y64);
        let expect: Vec<f64> = x64.to_vec::<f64>().iter().map(|v| v.sin()).collect();
        assert_eq!(y64.to_vec::<f64>(), expect);
    }
}

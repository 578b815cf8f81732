//! Binary elementwise ops with broadcasting and type promotion: add, sub, mul, div,
//! pow, maximum, minimum; their scalar forms; the in-place `*_` forms (`add_`, PyTorch's names); and the
//! `+ - * /` operators on arrays, references and scalars.
//!
//! Every op is one [`BinaryKernel`] (a name and a scalar function); [`try_binary`] is
//! the single path that broadcasts, promotes and runs it.

use crate::array::Array;
use crate::dtype::Element;
use crate::error::{unwrap, Result};
use crate::kernels::{divide, map};
use crate::shape::{broadcast_shapes, broadcast_strides, dims_from, same_dims};
use crate::storage::Scalar;
use crate::with_dtype;
use std::mem::MaybeUninit;

pub use super::value::scalar_op;
pub(crate) use super::value::{map_each, map_with_value, uniform_and_contiguous};

/// A binary elementwise function, written once for both element types.
pub trait BinaryKernel {
    /// Name used in error messages.
    const NAME: &'static str;
    /// The scalar function.
    fn f<T: Element>(a: T, b: T) -> T;
    /// `out[i] = f(x[i], s)` over a contiguous `f32` slice (`out` as long as `x`; every
    /// slot gets written): the loop of every op whose right operand holds one value
    /// (`x / 2.0`). By default [`BinaryKernel::f`] element by element; division
    /// overrides it with an exact form that needs no divider.
    ///
    /// ```
    /// use nanotorch_tensor::ops::binary::{BinaryKernel, DivK};
    /// let mut out = [std::mem::MaybeUninit::new(0.0f32); 2];
    /// DivK::map_right_value_f32(&[1.0, 2.0], 3.0, &mut out);
    /// // SAFETY: map_right_value_f32 writes every slot of `out`.
    /// assert_eq!(unsafe { out[0].assume_init() }, 1.0f32 / 3.0);
    /// ```
    #[inline(always)]
    fn map_right_value_f32(x: &[f32], s: f32, out: &mut [MaybeUninit<f32>]) {
        map_each::<f32, Self>(x, s, false, out)
    }
}

macro_rules! kernel {
    ($(#[$m:meta])* $name:ident, $op:literal, |$a:ident, $b:ident| $body:expr $(, right_value: $right:path)?) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy)]
        pub struct $name;
        impl BinaryKernel for $name {
            const NAME: &'static str = $op;
            #[inline(always)]
            fn f<T: Element>($a: T, $b: T) -> T {
                $body
            }
            $(
                #[inline(always)]
                fn map_right_value_f32(x: &[f32], s: f32, out: &mut [MaybeUninit<f32>]) {
                    $right(x, s, out)
                }
            )?
        }
    };
}

kernel!(/// `a + b`
    AddK, "add", |a, b| a + b);
kernel!(/// `a - b`
    SubK, "sub", |a, b| a - b);
kernel!(/// `a * b`
    MulK, "mul", |a, b| a * b);
kernel!(/// `a / b`
    DivK, "div", |a, b| a / b, right_value: divide::div_by_value);
kernel!(/// `a ^ b`
    PowK, "pow", |a, b| a.powf(b));
kernel!(/// The larger of `a` and `b`, NaN if either is NaN (`torch.maximum`).
    MaxK, "maximum", |a, b| if a.is_nan() || b.is_nan() { a + b } else if a >= b { a } else { b });
kernel!(/// The smaller of `a` and `b`, NaN if either is NaN (`torch.minimum`).
    MinK, "minimum", |a, b| if a.is_nan() || b.is_nan() { a + b } else if a <= b { a } else { b });

/// Broadcasts `a` and `b`, promotes them to a common dtype and applies `K` elementwise.
///
/// The common case (same shape and dtype, both contiguous) is inlined into the
/// caller, so that the output array is built in place; the rest is out of line.
#[inline(always)]
pub fn try_binary<K: BinaryKernel>(a: &Array, b: &Array) -> Result<Array> {
    if a.dtype() == b.dtype() && same_dims(a.shape(), b.shape()) {
        with_dtype!(a.dtype(), T => {
            if let (Some(x), Some(y)) = (a.contiguous_slice::<T>(), b.contiguous_slice::<T>()) {
                return Ok(map::binary_slices(a.shape(), x, y, K::f::<T>));
            }
        });
    }
    try_binary_general::<K>(a, b)
}

/// `unwrap(try_binary::<K>(a, b))`, with the common case (which cannot fail) returning
/// its array directly: through a `Result` the compiler copies the 128-byte array
/// twice more on the way out, in pieces that defeat store-to-load forwarding.
#[inline(always)]
#[track_caller]
pub(crate) fn binary_or_panic<K: BinaryKernel>(a: &Array, b: &Array) -> Array {
    if a.dtype() == b.dtype() && same_dims(a.shape(), b.shape()) {
        with_dtype!(a.dtype(), T => {
            if let (Some(x), Some(y)) = (a.contiguous_slice::<T>(), b.contiguous_slice::<T>()) {
                return map::binary_slices(a.shape(), x, y, K::f::<T>);
            }
        });
    }
    unwrap(try_binary_general::<K>(a, b))
}

/// [`try_binary`] for operands that are broadcast, of different dtypes or strided.
#[inline(never)]
fn try_binary_general<K: BinaryKernel>(a: &Array, b: &Array) -> Result<Array> {
    let same_dtype = a.dtype() == b.dtype();
    let same_shape = same_dims(a.shape(), b.shape());
    let shape = if same_shape {
        dims_from(a.shape())
    } else {
        broadcast_shapes(K::NAME, a.shape(), b.shape())?
    };
    if same_dtype {
        // fast path for small autograd work: one side holds a single value (a scalar,
        // or a stride-0 expand such as `mean`'s gradient) and the other is contiguous
        // with the output's element count. The same `K::f` on the same values.
        let numel: usize = shape.iter().product();
        let fast = with_dtype!(a.dtype(), T => uniform_and_contiguous::<T>(a, b, numel).map(|(x, s, left)| {
            map::unary_slice(&shape, x, move |src, dst| map_with_value::<T, K>(src, s, left, dst))
        }));
        if let Some(out) = fast {
            return Ok(out);
        }
    }
    let dtype = a.dtype().promote(b.dtype());
    let (a, b) = (a.to_dtype_cow(dtype), b.to_dtype_cow(dtype));
    let sa = broadcast_strides(a.shape(), a.strides(), &shape);
    let sb = broadcast_strides(b.shape(), b.strides(), &shape);
    let numel = shape.iter().product();
    Ok(with_dtype!(dtype, T => {
        let mut oa = a.operand::<T>();
        oa.strides = &sa;
        let mut ob = b.operand::<T>();
        ob.strides = &sb;
        map::binary(&shape, numel, oa, ob, K::f::<T>)
    }))
}

/// `a = a op b` in place: `b` broadcasts to `a`'s shape and is cast to `a`'s dtype.
/// Writes into `a`'s buffer when nothing else shares it, else replaces it with a new
/// one (so other arrays never see the write).
pub fn try_binary_assign<K: BinaryKernel>(a: &mut Array, b: &Array) -> Result<()> {
    if b.dtype() == a.dtype() && same_dims(b.shape(), a.shape()) {
        // nothing to cast or broadcast (the common `p -= lr * g`)
        with_dtype!(a.dtype(), T => assign_typed::<T, K>(a, b));
        return Ok(());
    }
    let b = b
        .to_dtype_cow(a.dtype())
        .try_broadcast_to_op(K::NAME, a.shape())?;
    with_dtype!(a.dtype(), T => assign_typed::<T, K>(a, &b));
    Ok(())
}

fn assign_typed<T: Scalar, K: BinaryKernel>(a: &mut Array, b: &Array) {
    if let Some(dst) = a.own_buffer_mut::<T>() {
        // (a scalar operand, `x /= 3.0`, is an expanded 0-d array: read its one value
        // rather than materialise it)
        if let Some(v) = b.uniform_value::<T>() {
            dst.iter_mut().for_each(|x| *x = K::f(*x, v));
            return;
        }
        match b.contiguous_slice::<T>() {
            Some(src) => dst.iter_mut().zip(src).for_each(|(x, &y)| *x = K::f(*x, y)),
            None => {
                let src = b.to_vec_typed::<T>();
                dst.iter_mut()
                    .zip(&src)
                    .for_each(|(x, &y)| *x = K::f(*x, y));
            }
        }
        return;
    }
    *a = map::binary(
        a.shape(),
        a.numel(),
        a.operand::<T>(),
        b.operand::<T>(),
        K::f::<T>,
    );
}

macro_rules! binary_methods {
    ($($K:ident: $name:ident, $try_name:ident, $scalar:ident, $rscalar:ident, $assign:ident, $try_assign:ident, $doc:literal, $ex:literal;)*) => {
        impl Array {$(
            #[doc = concat!("`", $doc, "` elementwise with broadcasting, or an error naming both shapes and the failing dim.")]
            ///
            /// ```
            /// use nanotorch_tensor::Array;
            /// let a = Array::from_vec(vec![1.0, 2.0, 3.0, 4.0], &[2, 2]);
            /// let b = Array::from_slice(&[1.0, 2.0]);
            #[doc = concat!("assert_eq!(a.", stringify!($try_name), "(&b).unwrap().to_vec::<f32>(), vec!", $ex, ");")]
            /// assert!(a.try_add(&Array::zeros(&[3])).is_err());
            /// ```
            pub fn $try_name(&self, other: &Array) -> Result<Array> {
                try_binary::<$K>(self, other)
            }

            #[doc = concat!("`", $doc, "` elementwise with broadcasting.")]
            ///
            /// # Panics
            /// If the shapes do not broadcast; the message names both shapes and the dim.
            ///
            /// ```
            /// use nanotorch_tensor::Array;
            /// let a = Array::from_vec(vec![1.0, 2.0, 3.0, 4.0], &[2, 2]);
            #[doc = concat!("assert_eq!(a.", stringify!($name), "(&Array::from_slice(&[1.0, 2.0])).to_vec::<f32>(), vec!", $ex, ");")]
            /// ```
            #[track_caller]
            pub fn $name(&self, other: &Array) -> Array {
                binary_or_panic::<$K>(self, other)
            }

            #[doc = concat!("`", $doc, "` with `b` a scalar on the right, rounded to this array's dtype first.")]
            ///
            /// ```
            /// use nanotorch_tensor::Array;
            #[doc = concat!("let _ = Array::ones(&[2]).", stringify!($scalar), "(2.0);")]
            /// ```
            pub fn $scalar(&self, b: f64) -> Array {
                scalar_op::<$K>(self, b, false)
            }

            #[doc = concat!("`", $doc, "` with `a` a scalar on the left, rounded to this array's dtype first.")]
            ///
            /// ```
            /// use nanotorch_tensor::Array;
            #[doc = concat!("let _ = Array::ones(&[2]).", stringify!($rscalar), "(2.0);")]
            /// ```
            pub fn $rscalar(&self, a: f64) -> Array {
                scalar_op::<$K>(self, a, true)
            }

            #[doc = concat!("In place: `self = ", $doc, "` with `b = other` broadcast to this shape, or an error if it does not broadcast.")]
            ///
            /// ```
            /// use nanotorch_tensor::Array;
            /// let mut a = Array::ones(&[2, 2]);
            #[doc = concat!("assert!(a.", stringify!($try_assign), "(&Array::ones(&[3])).is_err());")]
            /// ```
            pub fn $try_assign(&mut self, other: &Array) -> Result<()> {
                try_binary_assign::<$K>(self, other)
            }

            #[doc = concat!("In place: `self = ", $doc, "` with `b = other`.")]
            ///
            /// # Panics
            /// If `other` does not broadcast to this array's shape.
            ///
            /// ```
            /// use nanotorch_tensor::Array;
            /// let mut a = Array::ones(&[2]);
            #[doc = concat!("a.", stringify!($assign), "(&Array::ones(&[2]));")]
            /// ```
            #[track_caller]
            pub fn $assign(&mut self, other: &Array) {
                unwrap(try_binary_assign::<$K>(self, other))
            }
        )*}
    };
}

binary_methods! {
    AddK: add, try_add, add_scalar, radd_scalar, add_, try_add_, "a + b", "[2.0, 4.0, 4.0, 6.0]";
    SubK: sub, try_sub, sub_scalar, rsub_scalar, sub_, try_sub_, "a - b", "[0.0, 0.0, 2.0, 2.0]";
    MulK: mul, try_mul, mul_scalar, rmul_scalar, mul_, try_mul_, "a * b", "[1.0, 4.0, 3.0, 8.0]";
    DivK: div, try_div, div_scalar, rdiv_scalar, div_, try_div_, "a / b", "[1.0, 1.0, 3.0, 2.0]";
    MaxK: maximum, try_maximum, maximum_scalar, rmaximum_scalar, maximum_, try_maximum_, "max(a, b)", "[1.0, 2.0, 3.0, 4.0]";
    MinK: minimum, try_minimum, minimum_scalar, rminimum_scalar, minimum_, try_minimum_, "min(a, b)", "[1.0, 2.0, 1.0, 2.0]";
}

impl Array {
    /// `self ^ exponent` elementwise, with the exponent broadcast (e.g. the powers
    /// `[1, 2, 3]` against `x.unsqueeze(-1)`), or an error if the shapes do not
    /// broadcast.
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// let x = Array::from_slice(&[2.0, 3.0]).unsqueeze(-1);
    /// let p = Array::from_slice(&[1.0, 2.0, 3.0]);
    /// let xx = x.try_pow(&p).unwrap();
    /// assert_eq!(xx.shape(), &[2, 3]);
    /// assert_eq!(xx.to_vec::<f32>(), vec![2.0, 4.0, 8.0, 3.0, 9.0, 27.0]);
    /// ```
    pub fn try_pow(&self, exponent: &Array) -> Result<Array> {
        try_binary::<PowK>(self, exponent)
    }

    /// `self ^ exponent` elementwise with broadcasting.
    ///
    /// # Panics
    /// If the shapes do not broadcast.
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// assert_eq!(Array::from_slice(&[4.0]).pow(&Array::scalar(0.5)).item(), 2.0);
    /// ```
    #[track_caller]
    pub fn pow(&self, exponent: &Array) -> Array {
        unwrap(try_binary::<PowK>(self, exponent))
    }

    /// `self ^ e` for a scalar exponent. As in PyTorch, the exponents 2 and 3 are
    /// computed by multiplication (`x*x`, `x*x*x`), 0.5 by `sqrt`, -1 as `1/x`, and
    /// others by `powf`.
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// let y = Array::from_slice(&[1.5, -2.0]).pow_scalar(2.0);
    /// assert_eq!(y.to_vec::<f32>(), vec![2.25, 4.0]);
    /// ```
    pub fn pow_scalar(&self, e: f64) -> Array {
        with_dtype!(self.dtype(), T => {
            let et = T::from_f64(e);
            let a = self.operand::<T>();
            let (shape, n) = (self.shape(), self.numel());
            if e == 2.0 {
                map::unary(shape, n, a, |x| x * x)
            } else if e == 3.0 {
                map::unary(shape, n, a, |x| x * x * x)
            } else if e == 1.0 {
                map::unary(shape, n, a, |x| x)
            } else if e == 0.5 {
                map::unary(shape, n, a, |x| x.sqrt())
            } else if e == -1.0 {
                map::unary(shape, n, a, |x| T::ONE / x)
            } else if e == -2.0 {
                map::unary(shape, n, a, |x| T::ONE / (x * x))
            } else {
                map::unary(shape, n, a, move |x| x.powf(et))
            }
        })
    }

    /// `s ^ self` elementwise for a scalar base.
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// assert_eq!(Array::from_slice(&[3.0]).rpow_scalar(2.0).item(), 8.0);
    /// ```
    pub fn rpow_scalar(&self, s: f64) -> Array {
        scalar_op::<PowK>(self, s, true)
    }
}

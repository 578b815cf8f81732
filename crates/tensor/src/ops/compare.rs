//! Comparisons returning masks, and `where_cond` selecting by a mask.
//!
//! nanotorch has no boolean dtype: a mask is an array of `1.0` (true) and `0.0`
//! (false) in the operands' promoted dtype. Any nonzero element counts as true.

use crate::array::Array;
use crate::dtype::Element;
use crate::error::{unwrap, Result};
use crate::kernels::map;
use crate::ops::binary::{try_binary, BinaryKernel};
use crate::shape::{broadcast_shapes, broadcast_strides};
use crate::with_dtype;

macro_rules! compare_ops {
    ($($K:ident, $name:ident, $try_name:ident, $scalar:ident, |$a:ident, $b:ident| $test:expr, $sym:literal, $expected:literal;)*) => {$(
        #[doc = concat!("Mask of `a ", $sym, " b`.")]
        #[derive(Debug, Clone, Copy)]
        pub struct $K;
        impl BinaryKernel for $K {
            const NAME: &'static str = stringify!($name);
            #[inline(always)]
            fn f<T: Element>($a: T, $b: T) -> T {
                if $test { T::ONE } else { T::ZERO }
            }
        }
        impl Array {
            #[doc = concat!("Mask of `self ", $sym, " other` with broadcasting, or an error if the shapes do not broadcast.")]
            ///
            /// ```
            /// use nanotorch_tensor::Array;
            /// let a = Array::from_slice(&[1.0, 2.0, 3.0]);
            #[doc = concat!("let m = a.", stringify!($try_name), "(&Array::scalar(2.0)).unwrap();")]
            #[doc = concat!("assert_eq!(m.to_vec::<f32>(), vec!", $expected, ");")]
            /// ```
            pub fn $try_name(&self, other: &Array) -> Result<Array> {
                try_binary::<$K>(self, other)
            }

            #[doc = concat!("Mask of `self ", $sym, " other` with broadcasting.")]
            ///
            /// # Panics
            /// If the shapes do not broadcast.
            ///
            /// ```
            /// use nanotorch_tensor::Array;
            /// let a = Array::from_slice(&[1.0, 2.0, 3.0]);
            #[doc = concat!("assert_eq!(a.", stringify!($name), "(&Array::scalar(2.0)).to_vec::<f32>(), vec!", $expected, ");")]
            /// ```
            #[track_caller]
            pub fn $name(&self, other: &Array) -> Array {
                unwrap(try_binary::<$K>(self, other))
            }

            #[doc = concat!("Mask of `self ", $sym, " s` for a scalar `s` (rounded to this dtype).")]
            ///
            /// ```
            /// use nanotorch_tensor::Array;
            /// let a = Array::from_slice(&[1.0, 2.0, 3.0]);
            #[doc = concat!("assert_eq!(a.", stringify!($scalar), "(2.0).to_vec::<f32>(), vec!", $expected, ");")]
            /// ```
            pub fn $scalar(&self, s: f64) -> Array {
                crate::ops::binary::scalar_op::<$K>(self, s, false)
            }
        }
    )*};
}

compare_ops! {
    EqK, eq, try_eq, eq_scalar, |a, b| a == b, "==", "[0.0, 1.0, 0.0]";
    NeK, ne, try_ne, ne_scalar, |a, b| a != b, "!=", "[1.0, 0.0, 1.0]";
    LtK, lt, try_lt, lt_scalar, |a, b| a < b, "<", "[1.0, 0.0, 0.0]";
    LeK, le, try_le, le_scalar, |a, b| a <= b, "<=", "[1.0, 1.0, 0.0]";
    GtK, gt, try_gt, gt_scalar, |a, b| a > b, ">", "[0.0, 0.0, 1.0]";
    GeK, ge, try_ge, ge_scalar, |a, b| a >= b, ">=", "[0.0, 1.0, 1.0]";
}

impl Array {
    /// `torch.where(cond, x, y)`: `x` where `cond` is nonzero, else `y`, all three
    /// broadcast together; `x` and `y` are promoted to a common dtype. An error if the
    /// shapes do not broadcast.
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// let x = Array::from_slice(&[-1.0, 2.0, -3.0]);
    /// let relu = Array::try_where_cond(&x.gt_scalar(0.0), &x, &Array::scalar(0.0)).unwrap();
    /// assert_eq!(relu.to_vec::<f32>(), vec![0.0, 2.0, 0.0]);
    /// ```
    pub fn try_where_cond(cond: &Array, x: &Array, y: &Array) -> Result<Array> {
        let xy = broadcast_shapes("where", x.shape(), y.shape())?;
        let shape = broadcast_shapes("where", cond.shape(), &xy)?;
        let dtype = x.dtype().promote(y.dtype());
        let (c, x, y) = (cond.to_dtype(dtype), x.to_dtype(dtype), y.to_dtype(dtype));
        let sc = broadcast_strides(c.shape(), c.strides(), &shape);
        let sx = broadcast_strides(x.shape(), x.strides(), &shape);
        let sy = broadcast_strides(y.shape(), y.strides(), &shape);
        let n = shape.iter().product();
        Ok(with_dtype!(dtype, T => {
            let (mut oc, mut ox, mut oy) = (c.operand::<T>(), x.operand::<T>(), y.operand::<T>());
            oc.strides = &sc;
            ox.strides = &sx;
            oy.strides = &sy;
            map::ternary(&shape, n, oc, ox, oy, |c, a, b| if c != T::ZERO { a } else { b })
        }))
    }

    /// `torch.where(cond, x, y)`.
    ///
    /// # Panics
    /// If the shapes do not broadcast.
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// let m = Array::from_slice(&[1.0, 0.0]);
    /// let r = Array::where_cond(&m, &Array::scalar(5.0), &Array::scalar(7.0));
    /// assert_eq!(r.to_vec::<f32>(), vec![5.0, 7.0]);
    /// ```
    #[track_caller]
    pub fn where_cond(cond: &Array, x: &Array, y: &Array) -> Array {
        unwrap(Array::try_where_cond(cond, x, y))
    }
}

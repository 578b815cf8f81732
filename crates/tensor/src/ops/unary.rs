//! Unary elementwise ops: neg, exp, log, sqrt, abs, sin, cos, tanh, sigmoid, relu,
//! square, and clamp. Each is one line in the table below: a name and a scalar
//! function; [`unary`] maps it over any layout.

use crate::array::Array;
use crate::dtype::DType;
use crate::dtype::Element;
use crate::error::{unwrap, Error, Result};
use crate::kernels::{map, math};
use crate::with_dtype;
use std::mem::MaybeUninit;

/// A unary elementwise function, written once for both element types.
pub trait UnaryKernel {
    /// Name used in messages.
    const NAME: &'static str;
    /// The scalar function.
    fn f<T: Element>(x: T) -> T;
    /// `out[i] = f(x[i])` over a contiguous `f32` slice (`out` as long as `x`; every
    /// slot gets written). By default [`UnaryKernel::f`] element by element, which the
    /// compiler vectorises for simple functions; exp, log, sin, cos, tanh and sigmoid
    /// override it with SIMD kernels chosen for the CPU at run time.
    ///
    /// ```
    /// use nanotorch_tensor::ops::unary::{ExpK, UnaryKernel};
    /// let mut out = [std::mem::MaybeUninit::new(0.0f32); 2];
    /// ExpK::map_f32(&[0.0, 1.0], &mut out);
    /// // SAFETY: map_f32 writes every slot of `out`.
    /// assert_eq!(unsafe { out[1].assume_init() }, 1f32.exp());
    /// ```
    fn map_f32(x: &[f32], out: &mut [MaybeUninit<f32>]) {
        map::map_slice(x, out, Self::f::<f32>)
    }
}

/// Applies `K` to every element, returning a new contiguous array.
pub fn unary<K: UnaryKernel>(a: &Array) -> Array {
    let (shape, n) = (a.shape(), a.numel());
    match a.dtype() {
        DType::F32 => map::unary_rows(shape, n, a.operand::<f32>(), K::map_f32),
        DType::F64 => map::unary(shape, n, a.operand::<f64>(), K::f::<f64>),
    }
}

macro_rules! unary_ops {
    ($($K:ident, $name:ident, [$($simd:path)?], |$x:ident| $body:expr, $doc:literal, $input:literal, $expected:literal;)*) => {$(
        #[doc = concat!("`", $doc, "`")]
        #[derive(Debug, Clone, Copy)]
        pub struct $K;
        impl UnaryKernel for $K {
            const NAME: &'static str = stringify!($name);
            #[inline(always)]
            fn f<T: Element>($x: T) -> T {
                $body
            }
            $(
                fn map_f32(x: &[f32], out: &mut [MaybeUninit<f32>]) {
                    $simd(x, out)
                }
            )?
        }
        impl Array {
            #[doc = concat!("`", $doc, "` elementwise.")]
            ///
            /// ```
            /// use nanotorch_tensor::Array;
            #[doc = concat!("let y = Array::from_slice_f64(&", $input, ").", stringify!($name), "();")]
            #[doc = concat!("assert_eq!(y.to_vec::<f64>(), vec!", $expected, ");")]
            /// ```
            pub fn $name(&self) -> Array {
                unary::<$K>(self)
            }
        }
    )*};
}

unary_ops! {
    NegK, neg, [], |x| -x, "-x", "[1.0, -2.0]", "[-1.0, 2.0]";
    ExpK, exp, [math::exp], |x| x.exp(), "e^x", "[0.0]", "[1.0]";
    LogK, log, [math::log], |x| x.ln(), "ln(x)", "[1.0]", "[0.0]";
    SqrtK, sqrt, [], |x| x.sqrt(), "sqrt(x)", "[4.0, 9.0]", "[2.0, 3.0]";
    AbsK, abs, [], |x| x.abs(), "|x|", "[-1.5, 2.0]", "[1.5, 2.0]";
    SinK, sin, [math::sin], |x| x.sin(), "sin(x)", "[0.0]", "[0.0]";
    CosK, cos, [math::cos], |x| x.cos(), "cos(x)", "[0.0]", "[1.0]";
    TanhK, tanh, [math::tanh], |x| x.tanh(), "tanh(x)", "[0.0]", "[0.0]";
    SigmoidK, sigmoid, [math::sigmoid], |x| T::ONE / (T::ONE + (-x).exp()), "1 / (1 + e^-x)", "[0.0]", "[0.5]";
    ReluK, relu, [], |x| if x < T::ZERO { T::ZERO } else { x }, "max(x, 0) (NaN and -0.0 pass through, as in PyTorch)", "[-1.0, 2.0]", "[0.0, 2.0]";
    SquareK, square, [], |x| x * x, "x * x", "[3.0]", "[9.0]";
    SignK, sign, [], |x| if x > T::ZERO { T::ONE } else if x < T::ZERO { -T::ONE } else if x.is_nan() { x } else { T::ZERO }, "sign(x): 1, -1, or +0 (NaN stays NaN)", "[-3.0, 0.0, 2.0]", "[-1.0, 0.0, 1.0]";
}

impl std::ops::Neg for &Array {
    type Output = Array;
    fn neg(self) -> Array {
        Array::neg(self)
    }
}

impl std::ops::Neg for Array {
    type Output = Array;
    fn neg(self) -> Array {
        Array::neg(&self)
    }
}

impl Array {
    /// Limits every element to `[min, max]` (either bound optional, as
    /// `torch.clamp`); NaN stays NaN. An error if `min > max`.
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// let a = Array::from_slice(&[-2.0, 0.5, 3.0]);
    /// assert_eq!(a.try_clamp(Some(-1.0), Some(1.0)).unwrap().to_vec::<f32>(), vec![-1.0, 0.5, 1.0]);
    /// assert!(a.try_clamp(Some(1.0), Some(-1.0)).is_err());
    /// ```
    pub fn try_clamp(&self, min: Option<f64>, max: Option<f64>) -> Result<Array> {
        if let (Some(lo), Some(hi)) = (min, max) {
            if lo > hi {
                return Err(Error::invalid(
                    "clamp",
                    format!("min {lo} is greater than max {hi}"),
                ));
            }
        }
        Ok(with_dtype!(self.dtype(), T => {
            let lo = min.map(T::from_f64);
            let hi = max.map(T::from_f64);
            map::unary(self.shape(), self.numel(), self.operand::<T>(), move |x| {
                let mut y = x;
                if let Some(lo) = lo {
                    if y < lo {
                        y = lo;
                    }
                }
                if let Some(hi) = hi {
                    if y > hi {
                        y = hi;
                    }
                }
                y
            })
        }))
    }

    /// Limits every element to `[min, max]`.
    ///
    /// # Panics
    /// If `min > max`.
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// assert_eq!(Array::from_slice(&[5.0]).clamp(None, Some(1.0)).item(), 1.0);
    /// ```
    #[track_caller]
    pub fn clamp(&self, min: Option<f64>, max: Option<f64>) -> Array {
        unwrap(self.try_clamp(min, max))
    }
}

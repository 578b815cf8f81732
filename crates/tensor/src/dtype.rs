//! Element types: `f32` (the default, as in PyTorch) and `f64`.
//!
//! An [`Array`](crate::Array) carries its dtype at run time; kernels are written once,
//! generically over [`Element`], and instantiated for both types.

use std::fmt::{Debug, Display};
use std::ops::{Add, AddAssign, Div, Mul, Neg, Sub};

/// The run-time element type of an array.
///
/// ```
/// use nanotorch_tensor::{Array, DType};
/// assert_eq!(Array::zeros(&[2]).dtype(), DType::F32);
/// assert_eq!(DType::F32.promote(DType::F64), DType::F64);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum DType {
    /// 32-bit IEEE float (`torch.float32`), the default.
    #[default]
    F32,
    /// 64-bit IEEE float (`torch.float64`).
    F64,
}

impl DType {
    /// The type both operands of a binary op are converted to (PyTorch's promotion:
    /// f32 with f64 gives f64).
    pub fn promote(self, other: DType) -> DType {
        if self == DType::F64 || other == DType::F64 {
            DType::F64
        } else {
            DType::F32
        }
    }

    /// Size of one element in bytes.
    pub fn size_of(self) -> usize {
        match self {
            DType::F32 => 4,
            DType::F64 => 8,
        }
    }
}

impl Display for DType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            DType::F32 => "float32",
            DType::F64 => "float64",
        })
    }
}

/// A floating-point element type that arrays can hold (`f32` or `f64`).
///
/// The methods are the scalar math the kernels need; each is the standard library's
/// function of the same meaning.
pub trait Element:
    Copy
    + Send
    + Sync
    + Debug
    + Display
    + PartialOrd
    + Default
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + Neg<Output = Self>
    + AddAssign
    + 'static
{
    /// The dtype tag of this type.
    const DTYPE: DType;
    /// `0.0` (positive zero).
    const ZERO: Self;
    /// `1.0`.
    const ONE: Self;
    /// Rounds an `f64` to this type (round to nearest, as `as` does).
    fn from_f64(v: f64) -> Self;
    /// Widens to `f64` exactly.
    fn to_f64(self) -> f64;
    /// `e^x`.
    fn exp(self) -> Self;
    /// Natural logarithm.
    fn ln(self) -> Self;
    /// Square root.
    fn sqrt(self) -> Self;
    /// Absolute value.
    fn abs(self) -> Self;
    /// Sine.
    fn sin(self) -> Self;
    /// Cosine.
    fn cos(self) -> Self;
    /// Hyperbolic tangent.
    fn tanh(self) -> Self;
    /// `self^e` for a float exponent.
    fn powf(self, e: Self) -> Self;
    /// `self^n` for an integer exponent (repeated multiplication, like PyTorch's
    /// fast path for small integer exponents).
    fn powi(self, n: i32) -> Self;
    /// True for NaN.
    fn is_nan(self) -> bool;
    /// Positive infinity.
    fn infinity() -> Self;
    /// Fused multiply-add `self * a + b` with one rounding.
    fn mul_add(self, a: Self, b: Self) -> Self;
}

macro_rules! impl_element {
    ($t:ty, $dt:expr) => {
        impl Element for $t {
            const DTYPE: DType = $dt;
            const ZERO: Self = 0.0;
            const ONE: Self = 1.0;
            #[inline(always)]
            fn from_f64(v: f64) -> Self {
                v as $t
            }
            #[inline(always)]
            fn to_f64(self) -> f64 {
                self as f64
            }
            #[inline(always)]
            fn exp(self) -> Self {
                <$t>::exp(self)
            }
            #[inline(always)]
            fn ln(self) -> Self {
                <$t>::ln(self)
            }
            #[inline(always)]
            fn sqrt(self) -> Self {
                <$t>::sqrt(self)
            }
            #[inline(always)]
            fn abs(self) -> Self {
                <$t>::abs(self)
            }
            #[inline(always)]
            fn sin(self) -> Self {
                <$t>::sin(self)
            }
            #[inline(always)]
            fn cos(self) -> Self {
                <$t>::cos(self)
            }
            #[inline(always)]
            fn tanh(self) -> Self {
                <$t>::tanh(self)
            }
            #[inline(always)]
            fn powf(self, e: Self) -> Self {
                <$t>::powf(self, e)
            }
            #[inline(always)]
            fn powi(self, n: i32) -> Self {
                <$t>::powi(self, n)
            }
            #[inline(always)]
            fn is_nan(self) -> bool {
                <$t>::is_nan(self)
            }
            #[inline(always)]
            fn infinity() -> Self {
                <$t>::INFINITY
            }
            #[inline(always)]
            fn mul_add(self, a: Self, b: Self) -> Self {
                <$t>::mul_add(self, a, b)
            }
        }
    };
}
impl_element!(f32, DType::F32);
impl_element!(f64, DType::F64);

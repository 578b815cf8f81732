//! Elementwise functions of one tensor. Each line of the table below is one op:
//! its name, the `grad_fn` PyTorch prints, and its derivative written with tensor
//! ops (so it can itself be differentiated).
//!
//! ```
//! use nanotorch_autograd::Tensor;
//! let x = Tensor::scalar(0.0).requires_grad_(true);
//! x.sin().backward(); // d sin(x)/dx = cos(0) = 1
//! assert_eq!(x.grad().unwrap().item(), 1.0);
//! ```

use crate::node::{inputs, record, Grads, Rule};
use crate::tensor::Tensor;
use nanotorch_tensor::error::unwrap;
use nanotorch_tensor::{DType, Result};

fn one(t: Tensor) -> Result<Grads> {
    Ok(Grads::from_iter([Some(t)]))
}

macro_rules! unary {
    ($($name:ident, $Rule:ident, $grad_fn:literal, |$g:ident, $x:ident| $d:expr, $math:literal, $dmath:literal;)*) => {$(
        #[doc = concat!("d/dx ", $math, " = ", $dmath)]
        struct $Rule;
        impl Rule for $Rule {
            fn backward(&self, $g: &Tensor, s: &[Tensor], _: &[bool]) -> Result<Grads> {
                let $x = &s[0];
                one($d)
            }
        }
        impl Tensor {
            #[doc = concat!("`", $math, "` elementwise, recorded as `", $grad_fn, "` (gradient `g · ", $dmath, "`).")]
            ///
            /// ```
            /// use nanotorch_autograd::Tensor;
            #[doc = concat!("let y = Tensor::from_slice(&[0.5]).", stringify!($name), "();")]
            /// assert_eq!(y.shape().as_slice(), &[1]);
            /// ```
            pub fn $name(&self) -> Tensor {
                let [a] = inputs([self]);
                let out = a.data.$name();
                record(out, $grad_fn, [a], [true], |_, _| $Rule)
            }
        }
    )*};
}

unary! {
    exp, ExpRule, "ExpBackward0", |g, x| g.try_mul(&x.exp())?, "e^x", "e^x";
    log, LogRule, "LogBackward0", |g, x| g.try_div(x)?, "ln(x)", "1 / x";
    sqrt, SqrtRule, "SqrtBackward0", |g, x| g.try_div(&x.sqrt().mul_scalar(2.0))?, "sqrt(x)", "1 / (2 sqrt(x))";
    abs, AbsRule, "AbsBackward0", |g, x| g.try_mul(&x.sign())?, "|x|", "sign(x)";
    sin, SinRule, "SinBackward0", |g, x| g.try_mul(&x.cos())?, "sin(x)", "cos(x)";
    cos, CosRule, "CosBackward0", |g, x| g.try_mul(&x.sin().neg())?, "cos(x)", "-sin(x)";
    tanh, TanhRule, "TanhBackward0", |g, x| g.try_mul(&x.tanh().pow(2.0).rsub_scalar(1.0))?, "tanh(x)", "1 - tanh(x)^2";
    sigmoid, SigmoidRule, "SigmoidBackward0", |g, x| { let s = x.sigmoid(); g.try_mul(&s.try_mul(&s.rsub_scalar(1.0))?)? }, "1 / (1 + e^-x)", "s (1 - s)";
    relu, ReluRule, "ReluBackward0", |g, x| g.try_mul(&x.gt_scalar(0.0))?, "max(x, 0)", "[x > 0]";
}

/// `-x`: gradient `-g`; saves nothing.
struct NegRule;
impl Rule for NegRule {
    fn backward(&self, g: &Tensor, _: &[Tensor], _: &[bool]) -> Result<Grads> {
        one(g.neg())
    }
}

/// `sign(x)`: gradient 0.
struct SignRule;
impl Rule for SignRule {
    fn backward(&self, g: &Tensor, _: &[Tensor], _: &[bool]) -> Result<Grads> {
        one(g.zeros_like())
    }
}

/// `clamp(x, min, max)`: gradient `g` where `min < x < max`, else 0 (torch 2.15 gives 0
/// on the bounds too; checked by the `clamp_boundary` fixture).
struct ClampRule(Option<f64>, Option<f64>);
impl Rule for ClampRule {
    fn backward(&self, g: &Tensor, s: &[Tensor], _: &[bool]) -> Result<Grads> {
        let x = &s[0];
        let mut mask = x.ones_like();
        if let Some(lo) = self.0 {
            mask = mask.try_mul(&x.gt_scalar(lo))?;
        }
        if let Some(hi) = self.1 {
            mask = mask.try_mul(&x.lt_scalar(hi))?;
        }
        one(g.try_mul(&mask)?)
    }
}

/// A dtype cast: the gradient is cast back.
struct CastRule(DType);
impl Rule for CastRule {
    fn backward(&self, g: &Tensor, _: &[Tensor], _: &[bool]) -> Result<Grads> {
        one(g.to_dtype(self.0))
    }
}

impl Tensor {
    /// `-x`, recorded as `NegBackward0`.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// assert_eq!(Tensor::from_slice(&[1.0, -2.0]).neg().to_vec::<f32>(), vec![-1.0, 2.0]);
    /// ```
    pub fn neg(&self) -> Tensor {
        let [a] = inputs([self]);
        let out = a.data.neg();
        record(out, "NegBackward0", [a], [false], |_, _| NegRule)
    }

    /// `sign(x)` (1, -1 or 0), recorded as `SignBackward0` with a zero gradient.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// assert_eq!(Tensor::from_slice(&[-3.0, 0.0, 2.0]).sign().to_vec::<f32>(), vec![-1.0, 0.0, 1.0]);
    /// ```
    pub fn sign(&self) -> Tensor {
        let [a] = inputs([self]);
        let out = a.data.sign();
        record(out, "SignBackward0", [a], [false], |_, _| SignRule)
    }

    /// Limits every element to `[min, max]` (either optional), recorded as
    /// `ClampBackward1`; the gradient passes where the input is strictly inside the bounds.
    /// An error if `min > max`.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// assert!(Tensor::scalar(0.0).try_clamp(Some(1.0), Some(0.0)).is_err());
    /// ```
    pub fn try_clamp(&self, min: Option<f64>, max: Option<f64>) -> Result<Tensor> {
        let [a] = inputs([self]);
        let out = a.data.try_clamp(min, max)?;
        Ok(record(out, "ClampBackward1", [a], [true], |_, _| {
            ClampRule(min, max)
        }))
    }

    /// Limits every element to `[min, max]`.
    ///
    /// # Panics
    /// If `min > max`.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// let y = Tensor::from_slice(&[-2.0, 0.5, 3.0]).clamp(Some(-1.0), Some(1.0));
    /// assert_eq!(y.to_vec::<f32>(), vec![-1.0, 0.5, 1.0]);
    /// ```
    #[track_caller]
    pub fn clamp(&self, min: Option<f64>, max: Option<f64>) -> Tensor {
        unwrap(self.try_clamp(min, max))
    }

    /// This tensor converted to `dtype` (`x.to(torch.float64)`), recorded as
    /// `ToCopyBackward0`; the same tensor if it already has that dtype.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// use nanotorch_tensor::DType;
    /// assert_eq!(Tensor::scalar(1.0).to_dtype(DType::F64).dtype(), DType::F64);
    /// ```
    pub fn to_dtype(&self, dtype: DType) -> Tensor {
        let [a] = inputs([self]);
        let from = a.data.dtype();
        if from == dtype {
            return self.clone();
        }
        let out = a.data.to_dtype(dtype);
        record(out, "ToCopyBackward0", [a], [false], |_, _| CastRule(from))
    }
}

//! Arithmetic: `add`, `sub`, `mul`, `div`, `pow` on two tensors (with broadcasting)
//! and with a scalar on either side. Each op's forward and gradient side by side.
//!
//! ```
//! use nanotorch_autograd::Tensor;
//! let a = Tensor::from_slice(&[1.0, 2.0]).requires_grad_(true);
//! let b = Tensor::scalar(3.0).requires_grad_(true);
//! let y = a.mul(&b).sum(); // y = 3 a0 + 3 a1
//! y.backward();
//! assert_eq!(a.grad().unwrap().to_vec::<f32>(), vec![3.0, 3.0]);
//! assert_eq!(b.grad().unwrap().item(), 3.0); // dy/db = a0 + a1
//! ```

use super::{grads, unbroadcast, Meta};
use crate::node::{inputs, record, Grads, Rule};
use crate::tensor::Tensor;
use nanotorch_tensor::error::unwrap;
use nanotorch_tensor::Result;

// ---- tensor (op) tensor -------------------------------------------------------------

/// `a + b`: the gradient passes to both, summed over broadcast dims.
struct Add(Meta, Meta);
impl Rule for Add {
    fn backward(&self, g: &Tensor, _: &[Tensor], needs: &[bool]) -> Result<Grads> {
        grads(
            needs,
            [&|| unbroadcast(g, &self.0), &|| unbroadcast(g, &self.1)],
        )
    }
}

/// `a - b`: `g` to `a`, `-g` to `b`.
struct Sub(Meta, Meta);
impl Rule for Sub {
    fn backward(&self, g: &Tensor, _: &[Tensor], needs: &[bool]) -> Result<Grads> {
        grads(
            needs,
            [&|| unbroadcast(g, &self.0), &|| {
                unbroadcast(&g.neg(), &self.1)
            }],
        )
    }
}

/// `a * b`: `g b` to `a`, `g a` to `b`. Saves `a` and `b`.
struct Mul(Meta, Meta);
impl Rule for Mul {
    fn backward(&self, g: &Tensor, s: &[Tensor], needs: &[bool]) -> Result<Grads> {
        grads(
            needs,
            [&|| unbroadcast(&g.try_mul(&s[1])?, &self.0), &|| {
                unbroadcast(&g.try_mul(&s[0])?, &self.1)
            }],
        )
    }
}

/// `a / b`: `g / b` to `a`, `-g a / b^2` to `b`. Saves `a` and `b`.
struct Div(Meta, Meta);
impl Rule for Div {
    fn backward(&self, g: &Tensor, s: &[Tensor], needs: &[bool]) -> Result<Grads> {
        grads(
            needs,
            [&|| unbroadcast(&g.try_div(&s[1])?, &self.0), &|| {
                unbroadcast(
                    &g.neg().try_mul(&s[0])?.try_div(&s[1].try_mul(&s[1])?)?,
                    &self.1,
                )
            }],
        )
    }
}

/// `a ^ b`: `g b a^(b-1)` to `a`; `g a^b ln(a)` to `b`, taken as 0 where `a == 0` and
/// `b >= 0` (the limit PyTorch uses). Saves `a` and `b`.
struct Pow(Meta, Meta);
impl Rule for Pow {
    fn backward(&self, g: &Tensor, s: &[Tensor], needs: &[bool]) -> Result<Grads> {
        let (a, b) = (&s[0], &s[1]);
        grads(
            needs,
            [
                &|| {
                    unbroadcast(
                        &g.try_mul(&b.try_mul(&a.try_pow(&b.sub_scalar(1.0))?)?)?,
                        &self.0,
                    )
                },
                &|| {
                    let d = g.try_mul(&a.try_pow(b)?.try_mul(&a.log())?)?;
                    let at_zero = a.eq_scalar(0.0).try_mul(&b.ge_scalar(0.0))?;
                    unbroadcast(
                        &Tensor::try_where_cond(&at_zero, &d.zeros_like(), &d)?,
                        &self.1,
                    )
                },
            ],
        )
    }
}

macro_rules! binary {
    ($($try_name:ident, $name:ident, $Rule:ident, $grad_fn:literal, $save:expr, $math:literal, $ex:literal;)*) => {
        impl Tensor {$(
            #[doc = concat!("`", $math, "` elementwise with broadcasting, recorded as `", $grad_fn, "`, or an error naming both shapes when they do not broadcast.")]
            ///
            /// ```
            /// use nanotorch_autograd::Tensor;
            /// let a = Tensor::from_slice(&[1.0, 2.0]);
            #[doc = concat!("assert!(a.", stringify!($try_name), "(&Tensor::zeros(&[3])).is_err());")]
            /// ```
            pub fn $try_name(&self, other: &Tensor) -> Result<Tensor> {
                let [a, b] = inputs([self, other]);
                let out = a.data.$try_name(&b.data)?;
                Ok(record(out, $grad_fn, [a, b], $save, |i, o| $Rule(Meta::of(&i[0].data, o), Meta::of(&i[1].data, o))))
            }

            #[doc = concat!("`", $math, "` elementwise with broadcasting, recorded as `", $grad_fn, "`.")]
            ///
            /// # Panics
            /// If the shapes do not broadcast.
            ///
            /// ```
            /// use nanotorch_autograd::Tensor;
            /// let a = Tensor::from_slice(&[1.0, 2.0]);
            #[doc = concat!("assert_eq!(a.", stringify!($name), "(&Tensor::scalar(2.0)).to_vec::<f32>(), vec!", $ex, ");")]
            /// ```
            #[track_caller]
            pub fn $name(&self, other: &Tensor) -> Tensor {
                unwrap(self.$try_name(other))
            }
        )*}
    };
}

binary! {
    try_add, add, Add, "AddBackward0", [false, false], "a + b", "[3.0, 4.0]";
    try_sub, sub, Sub, "SubBackward0", [false, false], "a - b", "[-1.0, 0.0]";
    try_mul, mul, Mul, "MulBackward0", [true, true], "a * b", "[2.0, 4.0]";
    try_div, div, Div, "DivBackward0", [true, true], "a / b", "[0.5, 1.0]";
    try_pow, pow_tensor, Pow, "PowBackward1", [true, true], "a ^ b", "[1.0, 4.0]";
}

// ---- tensor (op) scalar -------------------------------------------------------------

/// Ops with a Python-style scalar: the scalar is rounded to the tensor's dtype, as
/// PyTorch does. The rule keeps the scalar.
struct ScalarRule(Kind, f64);

#[derive(Clone, Copy)]
enum Kind {
    /// `x + s`, `x - s`: gradient `g`.
    Shift,
    /// `s - x`: gradient `-g`.
    RSub,
    /// `x * s`: gradient `g s`.
    Mul,
    /// `x / s`: gradient `g / s`.
    Div,
    /// `s / x`: gradient `-g s / x^2` (saves `x`).
    RDiv,
    /// `x ^ s`: gradient `g s x^(s-1)`, zero for `s == 0` (saves `x`).
    Pow,
    /// `s ^ x`: gradient `g s^x ln(s)` (saves `x`).
    RPow,
}

impl Rule for ScalarRule {
    fn backward(&self, g: &Tensor, s: &[Tensor], _: &[bool]) -> Result<Grads> {
        let c = self.1;
        let d = match self.0 {
            Kind::Shift => g.clone(),
            Kind::RSub => g.neg(),
            Kind::Mul => g.mul_scalar(c),
            Kind::Div => g.div_scalar(c),
            Kind::RDiv => g.try_mul(&s[0].pow(-2.0).mul_scalar(-c))?,
            Kind::Pow if c == 0.0 => g.zeros_like(),
            // x^1 is x exactly, so skip computing it for the common square
            Kind::Pow if c == 2.0 => g.try_mul(&s[0].mul_scalar(2.0))?,
            Kind::Pow => g.try_mul(&s[0].pow(c - 1.0).mul_scalar(c))?,
            Kind::RPow => g.try_mul(&s[0].rpow_scalar(c).mul_scalar(c.ln()))?,
        };
        Ok(Grads::from_iter([Some(d)]))
    }
}

fn scalar_op(
    x: &Tensor,
    s: f64,
    kind: Kind,
    grad_fn: &'static str,
    f: fn(&nanotorch_tensor::Array, f64) -> nanotorch_tensor::Array,
) -> Tensor {
    let [a] = inputs([x]);
    let out = f(&a.data, s);
    let save = matches!(kind, Kind::RDiv | Kind::Pow | Kind::RPow);
    record(out, grad_fn, [a], [save], |_, _| ScalarRule(kind, s))
}

macro_rules! scalar_ops {
    ($($name:ident, $kind:ident, $grad_fn:literal, $array_fn:ident, $math:literal, $ex:literal;)*) => {
        impl Tensor {$(
            #[doc = concat!("`", $math, "` for a scalar `s` (rounded to this tensor's dtype first), recorded as `", $grad_fn, "`.")]
            ///
            /// ```
            /// use nanotorch_autograd::Tensor;
            #[doc = concat!("assert_eq!(Tensor::from_slice(&[1.0, 2.0]).", stringify!($name), "(2.0).to_vec::<f32>(), vec!", $ex, ");")]
            /// ```
            pub fn $name(&self, s: f64) -> Tensor {
                scalar_op(self, s, Kind::$kind, $grad_fn, nanotorch_tensor::Array::$array_fn)
            }
        )*}
    };
}

scalar_ops! {
    add_scalar, Shift, "AddBackward0", add_scalar, "x + s", "[3.0, 4.0]";
    sub_scalar, Shift, "SubBackward0", sub_scalar, "x - s", "[-1.0, 0.0]";
    rsub_scalar, RSub, "RsubBackward1", rsub_scalar, "s - x", "[1.0, 0.0]";
    mul_scalar, Mul, "MulBackward0", mul_scalar, "x * s", "[2.0, 4.0]";
    div_scalar, Div, "DivBackward0", div_scalar, "x / s", "[0.5, 1.0]";
    rdiv_scalar, RDiv, "DivBackward0", rdiv_scalar, "s / x", "[2.0, 1.0]";
    pow, Pow, "PowBackward0", pow_scalar, "x ^ s", "[1.0, 4.0]";
    rpow_scalar, RPow, "PowBackward2", rpow_scalar, "s ^ x", "[2.0, 4.0]";
}

impl Tensor {
    /// `x * x`, as `x.pow(2.0)` (recorded as `PowBackward0`, like `torch.square`).
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// assert_eq!(Tensor::from_slice(&[3.0]).square().item(), 9.0);
    /// ```
    pub fn square(&self) -> Tensor {
        self.pow(2.0)
    }
}

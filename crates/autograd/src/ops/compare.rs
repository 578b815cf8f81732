//! Comparisons (masks of 1.0/0.0, never requiring grad), `where_cond`, and the
//! elementwise `maximum`/`minimum` whose gradients follow those masks.
//!
//! ```
//! use nanotorch_autograd::Tensor;
//! let a = Tensor::from_slice(&[1.0, 5.0]).requires_grad_(true);
//! let b = Tensor::from_slice(&[3.0, 2.0]);
//! a.maximum(&b).sum().backward(); // the gradient flows to the larger element
//! assert_eq!(a.grad().unwrap().to_vec::<f32>(), vec![0.0, 1.0]);
//! ```

use super::{grads, unbroadcast, Meta};
use crate::node::{inputs, record, Grads, Rule};
use crate::tensor::Tensor;
use nanotorch_tensor::error::unwrap;
use nanotorch_tensor::{Array, Result};

macro_rules! compare {
    ($($name:ident, $try_name:ident, $scalar:ident, $sym:literal;)*) => {
        impl Tensor {$(
            #[doc = concat!("Mask of `self ", $sym, " other` (1.0 or 0.0) with broadcasting; never requires grad. An error if the shapes do not broadcast.")]
            ///
            /// ```
            /// use nanotorch_autograd::Tensor;
            #[doc = concat!("assert!(Tensor::zeros(&[2]).", stringify!($try_name), "(&Tensor::zeros(&[3])).is_err());")]
            /// ```
            pub fn $try_name(&self, other: &Tensor) -> Result<Tensor> {
                Ok(Tensor::from_array(self.array().$try_name(&other.array())?))
            }

            #[doc = concat!("Mask of `self ", $sym, " other` with broadcasting.")]
            ///
            /// # Panics
            /// If the shapes do not broadcast.
            ///
            /// ```
            /// use nanotorch_autograd::Tensor;
            #[doc = concat!("let m = Tensor::from_slice(&[1.0, 2.0]).", stringify!($name), "(&Tensor::scalar(2.0));")]
            /// assert!(!m.requires_grad());
            /// ```
            #[track_caller]
            pub fn $name(&self, other: &Tensor) -> Tensor {
                unwrap(self.$try_name(other))
            }

            #[doc = concat!("Mask of `self ", $sym, " s` for a scalar `s`.")]
            ///
            /// ```
            /// use nanotorch_autograd::Tensor;
            #[doc = concat!("let m = Tensor::from_slice(&[1.0, 2.0]).", stringify!($scalar), "(2.0);")]
            /// assert_eq!(m.numel(), 2);
            /// ```
            pub fn $scalar(&self, s: f64) -> Tensor {
                Tensor::from_array(self.array().$scalar(s))
            }
        )*}
    };
}

compare! {
    eq, try_eq, eq_scalar, "==";
    ne, try_ne, ne_scalar, "!=";
    lt, try_lt, lt_scalar, "<";
    le, try_le, le_scalar, "<=";
    gt, try_gt, gt_scalar, ">";
    ge, try_ge, ge_scalar, ">=";
}

/// `where(cond, x, y)`: `g` to `x` where `cond`, to `y` elsewhere.
struct Where(Array, Meta, Meta);
impl Rule for Where {
    fn backward(&self, g: &Tensor, _: &[Tensor], needs: &[bool]) -> Result<Grads> {
        let z = g.zeros_like();
        let cond = Tensor::from_array(self.0.clone());
        grads(
            needs,
            [
                &|| unbroadcast(&Tensor::try_where_cond(&cond, g, &z)?, &self.1),
                &|| unbroadcast(&Tensor::try_where_cond(&cond, &z, g)?, &self.2),
            ],
        )
    }
}

/// `maximum`/`minimum`: `g` to the selected input, `g / 2` to each on ties (PyTorch's rule).
struct Extremum(Array, Array, Meta, Meta);
impl Rule for Extremum {
    fn backward(&self, g: &Tensor, _: &[Tensor], needs: &[bool]) -> Result<Grads> {
        grads(
            needs,
            [
                &|| unbroadcast(&g.try_mul(&Tensor::from_array(self.0.clone()))?, &self.2),
                &|| unbroadcast(&g.try_mul(&Tensor::from_array(self.1.clone()))?, &self.3),
            ],
        )
    }
}

/// The shares of the gradient of `maximum(a, b)` going to `a` and to `b`: 1 where it
/// is the larger, 0.5 on ties. For `minimum`, `shares(b, a)` gives `a`'s and `b`'s.
fn shares(a: &Array, b: &Array) -> Result<(Array, Array)> {
    let tie = a.try_eq(b)?.mul_scalar(0.5);
    Ok((a.try_gt(b)?.try_add(&tie)?, b.try_gt(a)?.try_add(&tie)?))
}

impl Tensor {
    /// Picks `x` where `cond` is nonzero, else `y`, with broadcasting (`torch.where`),
    /// recorded as `WhereBackward0`; an error if the shapes do not broadcast.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// let c = Tensor::from_slice(&[1.0, 0.0]);
    /// let y = Tensor::try_where_cond(&c, &Tensor::scalar(5.0), &Tensor::zeros(&[2])).unwrap();
    /// assert_eq!(y.to_vec::<f32>(), vec![5.0, 0.0]);
    /// ```
    pub fn try_where_cond(cond: &Tensor, x: &Tensor, y: &Tensor) -> Result<Tensor> {
        let c = cond.array();
        let [a, b] = inputs([x, y]);
        let out = Array::try_where_cond(&c, &a.data, &b.data)?;
        Ok(record(
            out,
            "WhereBackward0",
            [a, b],
            [false, false],
            |i, o| Where(c.clone(), Meta::of(&i[0].data, o), Meta::of(&i[1].data, o)),
        ))
    }

    /// `torch.where(cond, x, y)`.
    ///
    /// # Panics
    /// If the shapes do not broadcast.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// let y = Tensor::where_cond(&Tensor::scalar(0.0), &Tensor::scalar(1.0), &Tensor::scalar(2.0));
    /// assert_eq!(y.item(), 2.0);
    /// ```
    #[track_caller]
    pub fn where_cond(cond: &Tensor, x: &Tensor, y: &Tensor) -> Tensor {
        unwrap(Tensor::try_where_cond(cond, x, y))
    }

    /// The larger of each pair with broadcasting (`torch.maximum`), recorded as
    /// `MaximumBackward0`; an error if the shapes do not broadcast.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// assert!(Tensor::zeros(&[2]).try_maximum(&Tensor::zeros(&[3])).is_err());
    /// ```
    pub fn try_maximum(&self, other: &Tensor) -> Result<Tensor> {
        let [a, b] = inputs([self, other]);
        let out = a.data.try_maximum(&b.data)?;
        let (sa, sb) = if a.edge.is_some() || b.edge.is_some() {
            shares(&a.data, &b.data)?
        } else {
            (out.clone(), out.clone())
        };
        Ok(record(
            out,
            "MaximumBackward0",
            [a, b],
            [false, false],
            |i, o| Extremum(sa, sb, Meta::of(&i[0].data, o), Meta::of(&i[1].data, o)),
        ))
    }

    /// The larger of each pair (`torch.maximum`).
    ///
    /// # Panics
    /// If the shapes do not broadcast.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// let m = Tensor::from_slice(&[1.0, 4.0]).maximum(&Tensor::scalar(2.0));
    /// assert_eq!(m.to_vec::<f32>(), vec![2.0, 4.0]);
    /// ```
    #[track_caller]
    pub fn maximum(&self, other: &Tensor) -> Tensor {
        unwrap(self.try_maximum(other))
    }

    /// The smaller of each pair with broadcasting (`torch.minimum`), recorded as
    /// `MinimumBackward0`; an error if the shapes do not broadcast.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// assert!(Tensor::zeros(&[2]).try_minimum(&Tensor::zeros(&[3])).is_err());
    /// ```
    pub fn try_minimum(&self, other: &Tensor) -> Result<Tensor> {
        let [a, b] = inputs([self, other]);
        let out = a.data.try_minimum(&b.data)?;
        let (sa, sb) = if a.edge.is_some() || b.edge.is_some() {
            shares(&b.data, &a.data)?
        } else {
            (out.clone(), out.clone())
        };
        Ok(record(
            out,
            "MinimumBackward0",
            [a, b],
            [false, false],
            |i, o| Extremum(sa, sb, Meta::of(&i[0].data, o), Meta::of(&i[1].data, o)),
        ))
    }

    /// The smaller of each pair (`torch.minimum`).
    ///
    /// # Panics
    /// If the shapes do not broadcast.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// let m = Tensor::from_slice(&[1.0, 4.0]).minimum(&Tensor::scalar(2.0));
    /// assert_eq!(m.to_vec::<f32>(), vec![1.0, 2.0]);
    /// ```
    #[track_caller]
    pub fn minimum(&self, other: &Tensor) -> Tensor {
        unwrap(self.try_minimum(other))
    }
}

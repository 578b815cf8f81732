//! In-place updates: `add_`, `sub_`, `mul_`, `div_`, `copy_`, `fill_`, `zero_`.
//!
//! With recording off (inside [`no_grad`](crate::no_grad)) they write the values and
//! bump the version counter. With recording on, a leaf that requires grad may not be
//! modified (PyTorch's rule), and on any other tensor the op is recorded as its
//! out-of-place form applied to a snapshot of the old value, after which the tensor
//! takes the result's value and `grad_fn` (PyTorch's "rebase history").
//!
//! ```
//! use nanotorch_autograd::{no_grad, Tensor};
//! let w = Tensor::scalar(1.0).requires_grad_(true);
//! (&w * 3.0).backward();
//! no_grad(|| w.sub_(&(&w.grad().unwrap() * 0.1)));
//! assert_eq!(w.item(), (1.0f32 - 0.3f32) as f64);
//! ```

use crate::grad_mode::is_grad_enabled;
use crate::node::{inputs, record, Grads, Rule};
use crate::ops::{unbroadcast, Meta};
use crate::tensor::Tensor;
use nanotorch_tensor::error::unwrap;
use nanotorch_tensor::{Array, Error, Result};

/// `copy_`: the gradient goes to the source, summed over broadcast dims.
struct CopyRule(Meta);
impl Rule for CopyRule {
    fn backward(&self, g: &Tensor, _: &[Tensor], _: &[bool]) -> Result<Grads> {
        Ok(Grads::from_iter([Some(unbroadcast(g, &self.0)?)]))
    }
}

/// `fill_`: the old value no longer matters; its gradient is zero.
struct FillRule;
impl Rule for FillRule {
    fn backward(&self, g: &Tensor, _: &[Tensor], _: &[bool]) -> Result<Grads> {
        Ok(Grads::from_iter([Some(g.zeros_like())]))
    }
}

impl Tensor {
    /// The shared logic of every in-place op; `recorded` computes the new value from
    /// a snapshot of the old one, `plain` writes it directly.
    fn inplace(
        &self,
        op: &'static str,
        other: Option<&Tensor>,
        recorded: impl FnOnce(&Tensor) -> Result<Tensor>,
        plain: impl FnOnce(&mut Array) -> Result<()>,
    ) -> Result<()> {
        let (self_rg, leaf, shape, dtype) = {
            let st = self.read();
            (
                st.requires_grad,
                st.grad_fn.is_none(),
                st.data.shape().to_vec(),
                st.data.dtype(),
            )
        };
        let grad_on = is_grad_enabled();
        if grad_on && self_rg && leaf {
            return Err(Error::invalid(
                op,
                "a leaf Variable that requires grad is being used in an in-place operation; \
                 wrap the update in no_grad",
            ));
        }
        if grad_on && (self_rg || other.is_some_and(Tensor::requires_grad)) {
            let result = recorded(&self.shallow_clone())?.to_dtype(dtype);
            let new = result.read();
            if new.data.shape() != shape.as_slice() {
                return Err(Error::ShapeMismatch {
                    op,
                    lhs: new.data.shape().to_vec(),
                    rhs: shape,
                    why: "the result of an in-place op must keep the tensor's shape".into(),
                });
            }
            let mut st = self.write();
            st.data = new.data.clone();
            st.grad_fn = new.grad_fn.clone();
            st.requires_grad = new.requires_grad;
            st.version += 1;
            return Ok(());
        }
        let mut st = self.write();
        plain(&mut st.data)?;
        st.version += 1;
        Ok(())
    }

    /// Copies `src` (broadcast to this shape, cast to this dtype) into this tensor
    /// (`x.copy_(src)`), recorded as `CopyBackwards` when `src` requires grad.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// let x = Tensor::zeros(&[2]);
    /// assert!(x.try_copy_(&Tensor::zeros(&[3])).is_err());
    /// ```
    pub fn try_copy_(&self, src: &Tensor) -> Result<()> {
        let shape = self.shape();
        let dtype = self.dtype();
        let data = src
            .array()
            .to_dtype(dtype)
            .try_broadcast_to(&shape)?
            .contiguous();
        self.inplace(
            "copy_",
            Some(src),
            |_| {
                let [a] = inputs([src]);
                Ok(record(
                    data.clone(),
                    "CopyBackwards",
                    [a],
                    [false],
                    |i, o| CopyRule(Meta::of(&i[0].data, o)),
                ))
            },
            |dst| {
                *dst = data.clone();
                Ok(())
            },
        )
    }

    /// Copies `src` into this tensor.
    ///
    /// # Panics
    /// If `src` does not broadcast to this shape, or on the in-place rule above.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// let x = Tensor::zeros(&[2]);
    /// x.copy_(&Tensor::scalar(7.0));
    /// assert_eq!(x.to_vec::<f32>(), vec![7.0, 7.0]);
    /// ```
    #[track_caller]
    pub fn copy_(&self, src: &Tensor) {
        unwrap(self.try_copy_(src))
    }

    /// Sets every element to `value` (`x.fill_(v)`), or an error on a leaf that
    /// requires grad outside `no_grad`.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// let w = Tensor::zeros(&[2]).requires_grad_(true);
    /// assert!(w.try_fill_(1.0).is_err());
    /// ```
    pub fn try_fill_(&self, value: f64) -> Result<()> {
        let filled = self.array().full_like(value);
        self.inplace(
            "fill_",
            None,
            |old| {
                let [a] = inputs([old]);
                Ok(record(
                    filled.clone(),
                    "FillBackward0",
                    [a],
                    [false],
                    |_, _| FillRule,
                ))
            },
            |dst| {
                *dst = filled.clone();
                Ok(())
            },
        )
    }

    /// Sets every element to `value`.
    ///
    /// # Panics
    /// On a leaf that requires grad outside `no_grad`.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// let x = Tensor::zeros(&[2]);
    /// x.fill_(0.5);
    /// assert_eq!(x.to_vec::<f32>(), vec![0.5, 0.5]);
    /// ```
    #[track_caller]
    pub fn fill_(&self, value: f64) {
        unwrap(self.try_fill_(value))
    }

    /// Sets every element to zero (`x.zero_()`, as in `w.grad.zero_()`).
    ///
    /// # Panics
    /// On a leaf that requires grad outside `no_grad`.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// let x = Tensor::ones(&[2]);
    /// x.zero_();
    /// assert_eq!(x.to_vec::<f32>(), vec![0.0, 0.0]);
    /// ```
    #[track_caller]
    pub fn zero_(&self) {
        unwrap(self.try_fill_(0.0))
    }
}

macro_rules! inplace_binary {
    ($($try_name:ident, $name:ident, $try_out:ident, $try_arr:ident, $math:literal;)*) => {
        impl Tensor {$(
            #[doc = concat!("In place: `self = ", $math, "` with `other` broadcast to this shape and cast to this dtype; an error if it does not broadcast, or if this is a leaf that requires grad and recording is on.")]
            ///
            /// ```
            /// use nanotorch_autograd::Tensor;
            /// let w = Tensor::ones(&[2]).requires_grad_(true);
            #[doc = concat!("let e = w.", stringify!($try_name), "(&Tensor::ones(&[2])).unwrap_err();")]
            #[doc = concat!("assert!(e.to_string().starts_with(\"", stringify!($name), ": a leaf Variable that requires grad\"));")]
            /// ```
            pub fn $try_name(&self, other: &Tensor) -> Result<()> {
                let b = other.array();
                self.inplace(stringify!($name), Some(other), |old| old.$try_out(other), |dst| dst.$try_arr(&b))
            }

            #[doc = concat!("In place: `self = ", $math, "` (PyTorch's `", stringify!($name), "`).")]
            ///
            /// # Panics
            /// If `other` does not broadcast to this shape, or on a leaf that requires
            /// grad outside `no_grad`.
            ///
            /// ```
            /// use nanotorch_autograd::Tensor;
            /// let x = Tensor::from_slice(&[1.0, 2.0]);
            #[doc = concat!("x.", stringify!($name), "(&Tensor::scalar(2.0));")]
            /// assert_eq!(x.version(), 1);
            /// ```
            #[track_caller]
            pub fn $name(&self, other: &Tensor) {
                unwrap(self.$try_name(other))
            }
        )*}
    };
}

inplace_binary! {
    try_add_, add_, try_add, try_add_, "self + other";
    try_sub_, sub_, try_sub, try_sub_, "self - other";
    try_mul_, mul_, try_mul, try_mul_, "self * other";
    try_div_, div_, try_div, try_div_, "self / other";
}

//! The [`Optimizer`] trait, parameter groups, and the machinery the optimizers share.
//!
//! ```
//! use nanotorch_autograd::Tensor;
//! use nanotorch_optim::{Optimizer, SGD};
//!
//! // minimise (w - 3)^2 from w = 0 with plain SGD
//! let w = Tensor::scalar(0.0).requires_grad_(true);
//! let mut opt = SGD::new(vec![w.clone()], 0.1);
//! for _ in 0..100 {
//!     opt.zero_grad();
//!     (&w - 3.0).pow(2.0).backward();
//!     opt.step();
//! }
//! assert!((w.item() - 3.0).abs() < 1e-6);
//! ```

use crate::state::StateDict;
use nanotorch_autograd::Tensor;
use nanotorch_tensor::error::unwrap;
use nanotorch_tensor::Result;

/// What every optimizer offers (PyTorch's `torch.optim.Optimizer`).
///
/// The trait is object safe, so schedulers and training loops can take
/// `&mut dyn Optimizer`.
///
/// ```
/// use nanotorch_autograd::Tensor;
/// use nanotorch_optim::{Adam, Optimizer, SGD};
/// let w = Tensor::zeros(&[2]).requires_grad_(true);
/// let opts: Vec<Box<dyn Optimizer>> =
///     vec![Box::new(SGD::new(vec![w.clone()], 0.1)), Box::new(Adam::new(vec![w], 1e-3))];
/// assert_eq!(opts[1].lr(), 1e-3);
/// ```
pub trait Optimizer {
    /// Updates every parameter that has a gradient (`optimizer.step()`); parameters
    /// whose `.grad` is `None` are skipped and get no state, as in PyTorch.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// use nanotorch_optim::{Optimizer, SGD};
    /// let w = Tensor::scalar(1.0).requires_grad_(true);
    /// let mut opt = SGD::new(vec![w.clone()], 0.5);
    /// (&w * 2.0).backward();
    /// opt.step(); // w = 1 - 0.5 * 2
    /// assert_eq!(w.item(), 0.0);
    /// ```
    fn step(&mut self);

    /// Every parameter, group by group, in the order given.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// use nanotorch_optim::{Optimizer, SGD};
    /// let w = Tensor::zeros(&[2]).requires_grad_(true);
    /// assert!(SGD::new(vec![w.clone()], 0.1).params()[0].is_same(&w));
    /// ```
    fn params(&self) -> Vec<Tensor>;

    /// Number of parameter groups.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// use nanotorch_optim::{Optimizer, SGD};
    /// assert_eq!(SGD::new(vec![Tensor::zeros(&[1])], 0.1).num_param_groups(), 1);
    /// ```
    fn num_param_groups(&self) -> usize;

    /// The learning rate of group `group`.
    ///
    /// # Panics
    /// If `group` is out of range.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// use nanotorch_optim::{Optimizer, SGD};
    /// assert_eq!(SGD::new(vec![Tensor::zeros(&[1])], 0.1).group_lr(0), 0.1);
    /// ```
    fn group_lr(&self, group: usize) -> f64;

    /// Sets the learning rate of group `group` (what schedulers do).
    ///
    /// # Panics
    /// If `group` is out of range.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// use nanotorch_optim::{Optimizer, SGD};
    /// let mut opt = SGD::new(vec![Tensor::zeros(&[1])], 0.1);
    /// opt.set_group_lr(0, 0.01);
    /// assert_eq!(opt.lr(), 0.01);
    /// ```
    fn set_group_lr(&mut self, group: usize, lr: f64);

    /// The optimizer's state and hyper-parameters (`optimizer.state_dict()`).
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// use nanotorch_optim::{Optimizer, SGD};
    /// let sd = SGD::new(vec![Tensor::zeros(&[1])], 0.1).state_dict();
    /// assert_eq!(sd.param_groups.len(), 1);
    /// ```
    fn state_dict(&self) -> StateDict;

    /// Restores state and hyper-parameters saved by [`state_dict`](Optimizer::state_dict),
    /// or an error (nothing changed) if the group layout, a buffer's shape, an entry
    /// name or a hyper-parameter does not fit this optimizer.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// use nanotorch_optim::{Optimizer, SGD};
    /// let a = SGD::new(vec![Tensor::zeros(&[1])], 0.1);
    /// let mut b = SGD::new(vec![Tensor::zeros(&[1]), Tensor::zeros(&[2])], 0.1);
    /// assert!(b.try_load_state_dict(&a.state_dict()).is_err());
    /// ```
    fn try_load_state_dict(&mut self, state_dict: &StateDict) -> Result<()>;

    /// Restores a saved state (`optimizer.load_state_dict(sd)`).
    ///
    /// # Panics
    /// If the saved state does not fit this optimizer (see
    /// [`try_load_state_dict`](Optimizer::try_load_state_dict)).
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// use nanotorch_optim::{Optimizer, SGD};
    /// let a = SGD::new(vec![Tensor::zeros(&[1])], 0.5);
    /// let mut b = SGD::new(vec![Tensor::zeros(&[1])], 0.1);
    /// b.load_state_dict(&a.state_dict());
    /// assert_eq!(b.lr(), 0.5);
    /// ```
    #[track_caller]
    fn load_state_dict(&mut self, state_dict: &StateDict) {
        unwrap(self.try_load_state_dict(state_dict))
    }

    /// The learning rate of the first group.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// use nanotorch_optim::{Optimizer, SGD};
    /// assert_eq!(SGD::new(vec![Tensor::zeros(&[1])], 0.25).lr(), 0.25);
    /// ```
    fn lr(&self) -> f64 {
        self.group_lr(0)
    }

    /// Sets the learning rate of every group.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// use nanotorch_optim::{Optimizer, SGD};
    /// let mut opt = SGD::new(vec![Tensor::zeros(&[1])], 0.25);
    /// opt.set_lr(0.5);
    /// assert_eq!(opt.group_lr(0), 0.5);
    /// ```
    fn set_lr(&mut self, lr: f64) {
        for g in 0..self.num_param_groups() {
            self.set_group_lr(g, lr);
        }
    }

    /// Clears every parameter's gradient by setting it to `None`, PyTorch 2.x's
    /// default (`zero_grad(set_to_none=True)`).
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// use nanotorch_optim::{Optimizer, SGD};
    /// let w = Tensor::scalar(1.0).requires_grad_(true);
    /// (&w * 2.0).backward();
    /// SGD::new(vec![w.clone()], 0.1).zero_grad();
    /// assert!(w.grad().is_none());
    /// ```
    fn zero_grad(&mut self) {
        self.zero_grad_set_to_none(true);
    }

    /// Clears every gradient: to `None` if `set_to_none`, else by zeroing it in place
    /// (`zero_grad(set_to_none=False)`).
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// use nanotorch_optim::{Optimizer, SGD};
    /// let w = Tensor::scalar(1.0).requires_grad_(true);
    /// (&w * 2.0).backward();
    /// SGD::new(vec![w.clone()], 0.1).zero_grad_set_to_none(false);
    /// assert_eq!(w.grad().unwrap().item(), 0.0);
    /// ```
    fn zero_grad_set_to_none(&mut self, set_to_none: bool) {
        for p in self.params() {
            if set_to_none {
                p.set_grad(None);
            } else {
                p.zero_grad();
            }
        }
    }
}

/// A list of parameters sharing one set of hyper-parameters (`options`), like an
/// entry of PyTorch's `optimizer.param_groups`.
///
/// ```
/// use nanotorch_autograd::Tensor;
/// use nanotorch_optim::{SGD, SgdOptions};
/// let (a, b) = (Tensor::zeros(&[1]), Tensor::zeros(&[1]));
/// let mut opt = SGD::new(vec![a], 0.1);
/// opt.add_param_group(vec![b], SgdOptions::new(0.01).momentum(0.9));
/// assert_eq!(opt.param_groups()[1].options.momentum, 0.9);
/// ```
#[derive(Clone)]
pub struct ParamGroup<O> {
    /// The parameters (handles to the caller's tensors).
    pub params: Vec<Tensor>,
    /// Their hyper-parameters.
    pub options: O,
}

/// Implements [`Optimizer`] for a wrapper struct holding a `core: Core<_>`.
macro_rules! impl_optimizer {
    ($ty:ty) => {
        impl $crate::Optimizer for $ty {
            fn step(&mut self) {
                self.core.step()
            }
            fn params(&self) -> Vec<nanotorch_autograd::Tensor> {
                self.core.params()
            }
            // Same as the default, without collecting clones of every parameter first.
            fn zero_grad_set_to_none(&mut self, set_to_none: bool) {
                for p in self.core.groups.iter().flat_map(|g| &g.params) {
                    if set_to_none {
                        p.set_grad(None);
                    } else {
                        p.zero_grad();
                    }
                }
            }
            fn num_param_groups(&self) -> usize {
                self.core.groups.len()
            }
            #[track_caller]
            fn group_lr(&self, group: usize) -> f64 {
                self.core.group(group).options.lr
            }
            #[track_caller]
            fn set_group_lr(&mut self, group: usize, lr: f64) {
                self.core.set_group_lr(group, lr)
            }
            fn state_dict(&self) -> $crate::StateDict {
                self.core.state_dict()
            }
            fn try_load_state_dict(
                &mut self,
                sd: &$crate::StateDict,
            ) -> nanotorch_tensor::Result<()> {
                self.core.load_state_dict(sd)
            }
        }
    };
}
pub(crate) use impl_optimizer;

//! The [`LrScheduler`] trait and the bookkeeping every scheduler shares.
//!
//! A scheduler changes the learning rate of each parameter group once per
//! `step()`, PyTorch's way: recursively from the group's current lr (the
//! "chainable" form), so a value set by hand or by another scheduler carries on.
//!
//! ```
//! use nanotorch_autograd::Tensor;
//! use nanotorch_optim::{ExponentialLR, LrScheduler, Optimizer, SGD};
//! let mut opt = SGD::new(vec![Tensor::zeros(&[1])], 0.1);
//! let mut sched = ExponentialLR::new(&mut opt, 0.5);
//! for _ in 0..3 {
//!     opt.step();
//!     sched.step(&mut opt);
//! }
//! assert_eq!(opt.lr(), 0.0125); // 0.1 * 0.5^3
//! ```

use crate::Optimizer;

/// A learning-rate schedule (PyTorch's `LRScheduler`).
///
/// ```
/// use nanotorch_autograd::Tensor;
/// use nanotorch_optim::{LrScheduler, SGD, StepLR};
/// let mut opt = SGD::new(vec![Tensor::zeros(&[1])], 0.1);
/// let sched: Box<dyn LrScheduler> = Box::new(StepLR::new(&mut opt, 10, 0.1));
/// assert_eq!(sched.last_epoch(), 0);
/// ```
pub trait LrScheduler {
    /// Advances one epoch and sets each group's learning rate (`scheduler.step()`).
    /// Call it after `optimizer.step()`.
    ///
    /// # Panics
    /// If the optimizer now has a different number of parameter groups than when the
    /// scheduler was made.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// use nanotorch_optim::{LrScheduler, Optimizer, SGD, StepLR};
    /// let mut opt = SGD::new(vec![Tensor::zeros(&[1])], 0.1);
    /// let mut sched = StepLR::new(&mut opt, 1, 0.5);
    /// sched.step(&mut opt);
    /// assert_eq!(opt.lr(), 0.05);
    /// ```
    fn step(&mut self, optimizer: &mut dyn Optimizer);

    /// How many times [`step`](LrScheduler::step) was called (PyTorch's `last_epoch`).
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// use nanotorch_optim::{LrScheduler, SGD, StepLR};
    /// let mut opt = SGD::new(vec![Tensor::zeros(&[1])], 0.1);
    /// let mut sched = StepLR::new(&mut opt, 1, 0.5);
    /// sched.step(&mut opt);
    /// assert_eq!(sched.last_epoch(), 1);
    /// ```
    fn last_epoch(&self) -> usize;

    /// The learning rates this scheduler last set, one per group (`get_last_lr()`).
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// use nanotorch_optim::{LinearLR, LrScheduler, SGD};
    /// let mut opt = SGD::new(vec![Tensor::zeros(&[1])], 0.3);
    /// let sched = LinearLR::new(&mut opt, 0.5, 1.0, 4);
    /// assert_eq!(sched.get_last_lr(), &[0.15]);
    /// ```
    fn get_last_lr(&self) -> &[f64];
}

/// Base lrs, epoch counter and last lrs; `rule(epoch, group_lr, base_lr)` is the
/// chainable update of one scheduler.
#[derive(Debug, Clone)]
pub(crate) struct Schedule {
    pub(crate) base_lrs: Vec<f64>,
    pub(crate) last_epoch: usize,
    pub(crate) last_lr: Vec<f64>,
}

impl Schedule {
    /// Records the optimizer's current lrs as base lrs and applies epoch 0.
    pub(crate) fn start(
        optimizer: &mut dyn Optimizer,
        rule: impl Fn(usize, f64, f64) -> f64,
    ) -> Self {
        let base_lrs: Vec<f64> = (0..optimizer.num_param_groups())
            .map(|g| optimizer.group_lr(g))
            .collect();
        let mut s = Schedule {
            last_lr: base_lrs.clone(),
            base_lrs,
            last_epoch: 0,
        };
        s.apply(optimizer, rule);
        s
    }

    /// Sets every group's lr to `rule(last_epoch, lr, base_lr)`.
    #[track_caller]
    pub(crate) fn apply(
        &mut self,
        optimizer: &mut dyn Optimizer,
        rule: impl Fn(usize, f64, f64) -> f64,
    ) {
        let n = optimizer.num_param_groups();
        assert!(
            n == self.base_lrs.len(),
            "lr scheduler: the optimizer has {n} parameter groups but had {} when the scheduler was made",
            self.base_lrs.len()
        );
        for (g, &base) in self.base_lrs.iter().enumerate() {
            let lr = rule(self.last_epoch, optimizer.group_lr(g), base);
            optimizer.set_group_lr(g, lr);
            self.last_lr[g] = lr;
        }
    }
}

/// Implements [`LrScheduler`] for a struct with fields `schedule: Schedule` and
/// `rule`, a `Copy` value with `fn lr(&self, epoch: usize, lr: f64, base_lr: f64) -> f64`.
macro_rules! impl_scheduler {
    ($ty:ty) => {
        impl $crate::LrScheduler for $ty {
            #[track_caller]
            fn step(&mut self, optimizer: &mut dyn $crate::Optimizer) {
                let rule = self.rule;
                self.schedule.last_epoch += 1;
                self.schedule
                    .apply(optimizer, move |e, lr, base| rule.lr(e, lr, base));
            }
            fn last_epoch(&self) -> usize {
                self.schedule.last_epoch
            }
            fn get_last_lr(&self) -> &[f64] {
                &self.schedule.last_lr
            }
        }
    };
}
pub(crate) use impl_scheduler;

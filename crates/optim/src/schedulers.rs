//! `StepLR`, `ExponentialLR`, `CosineAnnealingLR` and `LinearLR`, each computing
//! the next lr from the current one as PyTorch's chainable `get_lr()` does (these
//! reproduce torch's f64 lr sequences exactly, not just to rounding).
//!
//! ```
//! use nanotorch_autograd::Tensor;
//! use nanotorch_optim::{CosineAnnealingLR, LrScheduler, Optimizer, SGD};
//! let mut opt = SGD::new(vec![Tensor::zeros(&[1])], 0.1);
//! let mut sched = CosineAnnealingLR::new(&mut opt, 10, 0.0);
//! for _ in 0..5 {
//!     opt.step();
//!     sched.step(&mut opt);
//! }
//! // halfway through the cosine: (1 + cos(pi/2)) / 2 * 0.1
//! assert!((opt.lr() - 0.05).abs() < 1e-15);
//! ```

use crate::scheduler::{impl_scheduler, Schedule};
use crate::Optimizer;
use nanotorch_tensor::error::unwrap;
use nanotorch_tensor::{Error, Result};
use std::f64::consts::PI;

#[derive(Debug, Clone, Copy)]
struct StepRule {
    step_size: usize,
    gamma: f64,
}

impl StepRule {
    fn lr(&self, epoch: usize, lr: f64, _base: f64) -> f64 {
        if epoch == 0 || epoch % self.step_size != 0 {
            lr
        } else {
            lr * self.gamma
        }
    }
}

/// Multiplies the lr by `gamma` every `step_size` epochs (`lr_scheduler.StepLR`;
/// torch's default `gamma` is 0.1).
///
/// ```
/// use nanotorch_autograd::Tensor;
/// use nanotorch_optim::{LrScheduler, Optimizer, SGD, StepLR};
/// let mut opt = SGD::new(vec![Tensor::zeros(&[1])], 1.0);
/// let mut sched = StepLR::new(&mut opt, 2, 0.5);
/// let lrs: Vec<f64> = (0..4).map(|_| { sched.step(&mut opt); opt.lr() }).collect();
/// assert_eq!(lrs, vec![1.0, 0.5, 0.5, 0.25]);
/// ```
#[derive(Debug, Clone)]
pub struct StepLR {
    schedule: Schedule,
    rule: StepRule,
}

impl StepLR {
    /// A step schedule on `optimizer`'s current lrs, or an error if `step_size` is 0.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// use nanotorch_optim::{SGD, StepLR};
    /// let mut opt = SGD::new(vec![Tensor::zeros(&[1])], 0.1);
    /// let e = StepLR::try_new(&mut opt, 0, 0.1).unwrap_err();
    /// assert_eq!(e.to_string(), "StepLR: step_size must be positive, got 0");
    /// ```
    pub fn try_new(optimizer: &mut dyn Optimizer, step_size: usize, gamma: f64) -> Result<Self> {
        if step_size == 0 {
            return Err(Error::invalid(
                "StepLR",
                "step_size must be positive, got 0",
            ));
        }
        let rule = StepRule { step_size, gamma };
        let schedule = Schedule::start(optimizer, |e, lr, b| rule.lr(e, lr, b));
        Ok(StepLR { schedule, rule })
    }

    /// A step schedule (`StepLR(optimizer, step_size, gamma)`).
    ///
    /// # Panics
    /// If `step_size` is 0.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// use nanotorch_optim::{LrScheduler, SGD, StepLR};
    /// let mut opt = SGD::new(vec![Tensor::zeros(&[1])], 0.1);
    /// assert_eq!(StepLR::new(&mut opt, 3, 0.1).get_last_lr(), &[0.1]);
    /// ```
    #[track_caller]
    pub fn new(optimizer: &mut dyn Optimizer, step_size: usize, gamma: f64) -> Self {
        unwrap(StepLR::try_new(optimizer, step_size, gamma))
    }
}

impl_scheduler!(StepLR);

#[derive(Debug, Clone, Copy)]
struct ExpRule {
    gamma: f64,
}

impl ExpRule {
    fn lr(&self, epoch: usize, lr: f64, _base: f64) -> f64 {
        if epoch == 0 {
            lr
        } else {
            lr * self.gamma
        }
    }
}

/// Multiplies the lr by `gamma` every epoch (`lr_scheduler.ExponentialLR`).
///
/// ```
/// use nanotorch_autograd::Tensor;
/// use nanotorch_optim::{ExponentialLR, LrScheduler, Optimizer, SGD};
/// let mut opt = SGD::new(vec![Tensor::zeros(&[1])], 1.0);
/// let mut sched = ExponentialLR::new(&mut opt, 0.5);
/// sched.step(&mut opt);
/// assert_eq!(opt.lr(), 0.5);
/// ```
#[derive(Debug, Clone)]
pub struct ExponentialLR {
    schedule: Schedule,
    rule: ExpRule,
}

impl ExponentialLR {
    /// An exponential schedule on `optimizer`'s current lrs.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// use nanotorch_optim::{ExponentialLR, LrScheduler, SGD};
    /// let mut opt = SGD::new(vec![Tensor::zeros(&[1])], 0.1);
    /// assert_eq!(ExponentialLR::new(&mut opt, 0.9).get_last_lr(), &[0.1]);
    /// ```
    pub fn new(optimizer: &mut dyn Optimizer, gamma: f64) -> Self {
        let rule = ExpRule { gamma };
        let schedule = Schedule::start(optimizer, |e, lr, b| rule.lr(e, lr, b));
        ExponentialLR { schedule, rule }
    }
}

impl_scheduler!(ExponentialLR);

#[derive(Debug, Clone, Copy)]
struct CosineRule {
    t_max: usize,
    eta_min: f64,
}

impl CosineRule {
    fn lr(&self, epoch: usize, lr: f64, base: f64) -> f64 {
        let (e, t) = (epoch as f64, self.t_max as f64);
        if epoch == 0 {
            lr
        } else if (epoch - 1 + self.t_max) % (2 * self.t_max) == 0 {
            // the minimum was just passed: restart the climb from eta_min
            lr + (base - self.eta_min) * (1.0 - (PI / t).cos()) / 2.0
        } else {
            (1.0 + (PI * e / t).cos()) / (1.0 + (PI * (e - 1.0) / t).cos()) * (lr - self.eta_min)
                + self.eta_min
        }
    }
}

/// Cosine annealing from the base lr down to `eta_min` over `t_max` epochs, then
/// back up (`lr_scheduler.CosineAnnealingLR`, without restarts).
///
/// ```
/// use nanotorch_autograd::Tensor;
/// use nanotorch_optim::{CosineAnnealingLR, LrScheduler, Optimizer, SGD};
/// let mut opt = SGD::new(vec![Tensor::zeros(&[1])], 1.0);
/// let mut sched = CosineAnnealingLR::new(&mut opt, 2, 0.0);
/// sched.step(&mut opt);
/// sched.step(&mut opt);
/// assert!(opt.lr().abs() < 1e-15); // at T_max the lr is eta_min
/// ```
#[derive(Debug, Clone)]
pub struct CosineAnnealingLR {
    schedule: Schedule,
    rule: CosineRule,
}

impl CosineAnnealingLR {
    /// A cosine schedule with period `t_max` epochs, or an error if `t_max` is 0.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// use nanotorch_optim::{CosineAnnealingLR, SGD};
    /// let mut opt = SGD::new(vec![Tensor::zeros(&[1])], 0.1);
    /// let e = CosineAnnealingLR::try_new(&mut opt, 0, 0.0).unwrap_err();
    /// assert_eq!(e.to_string(), "CosineAnnealingLR: T_max must be positive, got 0");
    /// ```
    pub fn try_new(optimizer: &mut dyn Optimizer, t_max: usize, eta_min: f64) -> Result<Self> {
        if t_max == 0 {
            return Err(Error::invalid(
                "CosineAnnealingLR",
                "T_max must be positive, got 0",
            ));
        }
        let rule = CosineRule { t_max, eta_min };
        let schedule = Schedule::start(optimizer, |e, lr, b| rule.lr(e, lr, b));
        Ok(CosineAnnealingLR { schedule, rule })
    }

    /// A cosine schedule (`CosineAnnealingLR(optimizer, T_max, eta_min)`; torch's
    /// default `eta_min` is 0).
    ///
    /// # Panics
    /// If `t_max` is 0.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// use nanotorch_optim::{CosineAnnealingLR, LrScheduler, SGD};
    /// let mut opt = SGD::new(vec![Tensor::zeros(&[1])], 0.1);
    /// assert_eq!(CosineAnnealingLR::new(&mut opt, 10, 0.0).get_last_lr(), &[0.1]);
    /// ```
    #[track_caller]
    pub fn new(optimizer: &mut dyn Optimizer, t_max: usize, eta_min: f64) -> Self {
        unwrap(CosineAnnealingLR::try_new(optimizer, t_max, eta_min))
    }
}

impl_scheduler!(CosineAnnealingLR);

#[derive(Debug, Clone, Copy)]
struct LinearRule {
    start_factor: f64,
    end_factor: f64,
    total_iters: usize,
}

impl LinearRule {
    fn lr(&self, epoch: usize, lr: f64, _base: f64) -> f64 {
        let (s, f) = (self.start_factor, self.end_factor);
        if epoch == 0 {
            lr * s
        } else if epoch > self.total_iters {
            lr
        } else {
            let n = self.total_iters as f64;
            lr * (1.0 + (f - s) / (n * s + (epoch as f64 - 1.0) * (f - s)))
        }
    }
}

/// Scales the base lr by a factor going linearly from `start_factor` to
/// `end_factor` over `total_iters` epochs (`lr_scheduler.LinearLR`; torch's
/// defaults are 1/3, 1.0 and 5).
///
/// ```
/// use nanotorch_autograd::Tensor;
/// use nanotorch_optim::{LinearLR, LrScheduler, Optimizer, SGD};
/// let mut opt = SGD::new(vec![Tensor::zeros(&[1])], 1.0);
/// let mut sched = LinearLR::new(&mut opt, 0.5, 1.0, 2);
/// assert_eq!(opt.lr(), 0.5);
/// sched.step(&mut opt);
/// assert_eq!(opt.lr(), 0.75);
/// ```
#[derive(Debug, Clone)]
pub struct LinearLR {
    schedule: Schedule,
    rule: LinearRule,
}

impl LinearLR {
    /// A linear schedule, or an error unless `0 < start_factor <= 1` and
    /// `0 <= end_factor <= 1` (PyTorch's checks).
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// use nanotorch_optim::{LinearLR, SGD};
    /// let mut opt = SGD::new(vec![Tensor::zeros(&[1])], 0.1);
    /// let e = LinearLR::try_new(&mut opt, 0.0, 1.0, 5).unwrap_err();
    /// assert_eq!(e.to_string(), "LinearLR: start_factor must be in (0, 1], got 0");
    /// ```
    pub fn try_new(
        optimizer: &mut dyn Optimizer,
        start_factor: f64,
        end_factor: f64,
        total_iters: usize,
    ) -> Result<Self> {
        if !(start_factor > 0.0 && start_factor <= 1.0) {
            return Err(Error::invalid(
                "LinearLR",
                format!("start_factor must be in (0, 1], got {start_factor}"),
            ));
        }
        if !(0.0..=1.0).contains(&end_factor) {
            return Err(Error::invalid(
                "LinearLR",
                format!("end_factor must be in [0, 1], got {end_factor}"),
            ));
        }
        let rule = LinearRule {
            start_factor,
            end_factor,
            total_iters,
        };
        let schedule = Schedule::start(optimizer, |e, lr, b| rule.lr(e, lr, b));
        Ok(LinearLR { schedule, rule })
    }

    /// A linear schedule (`LinearLR(optimizer, start_factor, end_factor, total_iters)`).
    ///
    /// # Panics
    /// On the errors of [`try_new`](LinearLR::try_new).
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// use nanotorch_optim::{LinearLR, LrScheduler, SGD};
    /// let mut opt = SGD::new(vec![Tensor::zeros(&[1])], 0.3);
    /// assert_eq!(LinearLR::new(&mut opt, 1.0 / 3.0, 1.0, 5).get_last_lr(), &[0.3 * (1.0 / 3.0)]);
    /// ```
    #[track_caller]
    pub fn new(
        optimizer: &mut dyn Optimizer,
        start_factor: f64,
        end_factor: f64,
        total_iters: usize,
    ) -> Self {
        unwrap(LinearLR::try_new(
            optimizer,
            start_factor,
            end_factor,
            total_iters,
        ))
    }
}

impl_scheduler!(LinearLR);

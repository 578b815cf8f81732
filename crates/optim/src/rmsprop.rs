//! RMSprop (`torch.optim.RMSprop`).
//!
//! For each parameter `p` with gradient `g`:
//!
//! ```text
//! g = -g                                   if maximize
//! g = g + weight_decay * p                 if weight_decay != 0
//! v = alpha v + (1 - alpha) g^2
//! if centered:
//!     a = lerp(a, g, 1 - alpha)            (= alpha a + (1 - alpha) g)
//!     avg = sqrt(v - a^2) + eps
//! else:
//!     avg = sqrt(v) + eps
//! if momentum > 0:
//!     b = momentum b + g / avg
//!     p = p - lr b
//! else:
//!     p = p - lr g / avg
//! ```
//!
//! ```
//! use nanotorch_autograd::Tensor;
//! use nanotorch_optim::{Optimizer, RMSprop};
//! let w = Tensor::scalar_f64(1.0).requires_grad_(true);
//! let mut opt = RMSprop::new(vec![w.clone()], 0.01);
//! w.set_grad(Some(Tensor::scalar_f64(2.0)));
//! opt.step();
//! // v = 0.01 * 4 = 0.04, avg = 0.2 + 1e-8: w = 1 - 0.01 * 2 / avg = 0.9 + 5e-9
//! assert!((w.item() - 0.9 - 5e-9).abs() < 1e-12);
//! ```

use crate::arith::{add_alpha, addcdiv, addcmul, lerp, sc};
use crate::constructors::constructors;
use crate::core::{get_bool, get_number, Core, Hyper};
use crate::state::{Slot, StateValue};
use crate::validate::{check_lr, check_nonneg};
use nanotorch_tensor::{Element, Result};
use std::collections::BTreeMap;

/// RMSprop's hyper-parameters for one parameter group, with PyTorch's defaults
/// (alpha 0.99, eps 1e-8, no weight decay, no momentum, not centered).
///
/// ```
/// use nanotorch_optim::RmspropOptions;
/// let o = RmspropOptions::new(0.01).centered(true);
/// assert_eq!((o.alpha, o.eps, o.centered), (0.99, 1e-8, true));
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RmspropOptions {
    /// Learning rate.
    pub lr: f64,
    /// Smoothing constant of the squared-gradient average.
    pub alpha: f64,
    /// Added to the denominator for numerical stability.
    pub eps: f64,
    /// L2 penalty added to the gradient.
    pub weight_decay: f64,
    /// Momentum factor.
    pub momentum: f64,
    /// Normalise by the estimated variance instead of the second moment.
    pub centered: bool,
    /// Maximise the objective instead of minimising it.
    pub maximize: bool,
}

impl RmspropOptions {
    /// PyTorch's defaults with learning rate `lr` (torch's own default lr is 0.01).
    ///
    /// ```
    /// assert_eq!(nanotorch_optim::RmspropOptions::new(0.01).momentum, 0.0);
    /// ```
    pub fn new(lr: f64) -> Self {
        RmspropOptions {
            lr,
            alpha: 0.99,
            eps: 1e-8,
            weight_decay: 0.0,
            momentum: 0.0,
            centered: false,
            maximize: false,
        }
    }

    /// A copy with learning rate `lr`.
    ///
    /// ```
    /// assert_eq!(nanotorch_optim::RmspropOptions::new(0.1).lr(0.5).lr, 0.5);
    /// ```
    pub fn lr(mut self, lr: f64) -> Self {
        self.lr = lr;
        self
    }

    /// Sets the smoothing constant.
    ///
    /// ```
    /// assert_eq!(nanotorch_optim::RmspropOptions::new(0.1).alpha(0.9).alpha, 0.9);
    /// ```
    pub fn alpha(mut self, alpha: f64) -> Self {
        self.alpha = alpha;
        self
    }

    /// Sets `eps`.
    ///
    /// ```
    /// assert_eq!(nanotorch_optim::RmspropOptions::new(0.1).eps(1e-4).eps, 1e-4);
    /// ```
    pub fn eps(mut self, eps: f64) -> Self {
        self.eps = eps;
        self
    }

    /// Sets the weight decay (L2 penalty).
    ///
    /// ```
    /// assert_eq!(nanotorch_optim::RmspropOptions::new(0.1).weight_decay(0.1).weight_decay, 0.1);
    /// ```
    pub fn weight_decay(mut self, weight_decay: f64) -> Self {
        self.weight_decay = weight_decay;
        self
    }

    /// Sets the momentum factor.
    ///
    /// ```
    /// assert_eq!(nanotorch_optim::RmspropOptions::new(0.1).momentum(0.9).momentum, 0.9);
    /// ```
    pub fn momentum(mut self, momentum: f64) -> Self {
        self.momentum = momentum;
        self
    }

    /// Turns the centered variant on or off.
    ///
    /// ```
    /// assert!(nanotorch_optim::RmspropOptions::new(0.1).centered(true).centered);
    /// ```
    pub fn centered(mut self, centered: bool) -> Self {
        self.centered = centered;
        self
    }

    /// Maximise instead of minimise.
    ///
    /// ```
    /// assert!(nanotorch_optim::RmspropOptions::new(0.1).maximize(true).maximize);
    /// ```
    pub fn maximize(mut self, maximize: bool) -> Self {
        self.maximize = maximize;
        self
    }
}

impl Hyper for RmspropOptions {
    const STATE_KEYS: &'static [&'static str] =
        &["step", "square_avg", "grad_avg", "momentum_buffer"];

    fn name(&self) -> &'static str {
        "RMSprop"
    }

    fn validate(&self) -> Result<()> {
        check_lr("RMSprop", self.lr)?;
        check_nonneg("RMSprop", "epsilon", self.eps)?;
        check_nonneg("RMSprop", "momentum", self.momentum)?;
        check_nonneg("RMSprop", "weight_decay", self.weight_decay)?;
        check_nonneg("RMSprop", "alpha", self.alpha)
    }

    fn set_lr(&mut self, lr: f64) {
        self.lr = lr;
    }

    fn to_map(&self) -> BTreeMap<String, StateValue> {
        use StateValue::{Bool, Number};
        BTreeMap::from([
            ("lr".into(), Number(self.lr)),
            ("alpha".into(), Number(self.alpha)),
            ("eps".into(), Number(self.eps)),
            ("weight_decay".into(), Number(self.weight_decay)),
            ("momentum".into(), Number(self.momentum)),
            ("centered".into(), Bool(self.centered)),
            ("maximize".into(), Bool(self.maximize)),
        ])
    }

    fn with_map(&self, m: &BTreeMap<String, StateValue>) -> Result<Self> {
        let n = "RMSprop";
        Ok(RmspropOptions {
            lr: get_number(n, m, "lr")?,
            alpha: get_number(n, m, "alpha")?,
            eps: get_number(n, m, "eps")?,
            weight_decay: get_number(n, m, "weight_decay")?,
            momentum: get_number(n, m, "momentum")?,
            centered: get_bool(n, m, "centered")?,
            maximize: get_bool(n, m, "maximize")?,
        })
    }

    fn update<T: Element>(&self, p: &mut [T], mut g: Vec<T>, slot: &mut Slot<'_>) {
        slot.next_step();
        if self.maximize {
            g.iter_mut().for_each(|x| *x = -*x);
        }
        if self.weight_decay != 0.0 {
            for (x, &pi) in g.iter_mut().zip(p.iter()) {
                *x = add_alpha(*x, pi, self.weight_decay, true);
            }
        }
        let zeros = || vec![T::ZERO; p.len()];
        let alpha = sc::<T>(self.alpha);
        let mut v = slot.buf::<T>("square_avg").unwrap_or_else(zeros);
        for (vi, &gi) in v.iter_mut().zip(&g) {
            *vi = addcmul(*vi * alpha, gi, gi, 1.0 - self.alpha);
        }
        let eps = sc::<T>(self.eps);
        let avg: Vec<T> = if self.centered {
            let mut a = slot.buf::<T>("grad_avg").unwrap_or_else(zeros);
            for (ai, &gi) in a.iter_mut().zip(&g) {
                *ai = lerp(*ai, gi, 1.0 - self.alpha);
            }
            let avg = v
                .iter()
                .zip(&a)
                .map(|(&vi, &ai)| addcmul(vi, ai, ai, -1.0).sqrt() + eps)
                .collect();
            slot.set_buf("grad_avg", a);
            avg
        } else {
            v.iter().map(|&vi| vi.sqrt() + eps).collect()
        };
        slot.set_buf("square_avg", v);
        if self.momentum > 0.0 {
            let mom = sc::<T>(self.momentum);
            let mut b = slot.buf::<T>("momentum_buffer").unwrap_or_else(zeros);
            for (((bi, &gi), &di), pi) in b.iter_mut().zip(&g).zip(&avg).zip(p.iter_mut()) {
                *bi = addcdiv(*bi * mom, gi, di, 1.0);
                *pi = add_alpha(*pi, *bi, -self.lr, true);
            }
            slot.set_buf("momentum_buffer", b);
        } else {
            for ((pi, &gi), &di) in p.iter_mut().zip(&g).zip(&avg) {
                *pi = addcdiv(*pi, gi, di, -self.lr);
            }
        }
    }
}

/// RMSprop (`torch.optim.RMSprop`); see the [module docs](self) for the algorithm.
///
/// ```
/// use nanotorch_autograd::Tensor;
/// use nanotorch_optim::{Optimizer, RMSprop, RmspropOptions};
/// let w = Tensor::scalar(1.0).requires_grad_(true);
/// let mut opt = RMSprop::with_options(vec![w.clone()], RmspropOptions::new(0.01).momentum(0.9));
/// w.set_grad(Some(Tensor::scalar(1.0)));
/// opt.step(); // v = 0.01, b = 1 / 0.1 = 10, w = 1 - 0.01 * 10
/// assert!((w.item() - 0.9).abs() < 1e-6);
/// ```
#[derive(Clone)]
pub struct RMSprop {
    core: Core<RmspropOptions>,
}

constructors!(
    RMSprop,
    RmspropOptions,
    "RMSprop",
    RmspropOptions::new,
    |o| o
);

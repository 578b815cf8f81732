//! Stochastic gradient descent with momentum, dampening, Nesterov momentum, weight
//! decay and `maximize` (`torch.optim.SGD`).
//!
//! For each parameter `p` with gradient `g`, PyTorch's algorithm:
//!
//! ```text
//! g = -g                                  if maximize
//! g = g + weight_decay * p                if weight_decay != 0
//! if momentum != 0:
//!     b = g                               on the first step
//!     b = momentum * b + (1 - dampening) * g   afterwards
//!     g = g + momentum * b                if nesterov, else g = b
//! p = p - lr * g
//! ```
//!
//! Every `x + s * y` above is one fused multiply-add in torch 2.15 on CPU
//! ([`UpdateRule::Fma`], the default); [`UpdateRule::Unfused`] rounds the product
//! first, as older torch did (the notebooks' transcripts were made with it).
//!
//! ```
//! use nanotorch_autograd::Tensor;
//! use nanotorch_optim::{Optimizer, SGD, SgdOptions};
//! let w = Tensor::scalar(1.0).requires_grad_(true);
//! let mut opt = SGD::with_options(vec![w.clone()], SgdOptions::new(0.1).momentum(0.9));
//! for _ in 0..2 {
//!     w.set_grad(Some(Tensor::scalar(1.0)));
//!     opt.step();
//! }
//! // b1 = 1, w = 1 - 0.1 = 0.9; b2 = 0.9 + 1 = 1.9, w = 0.9 - 0.19 = 0.71
//! assert!((w.item() - 0.71).abs() < 1e-6);
//! ```

use crate::arith::add_alpha;
use crate::constructors::constructors;
use crate::core::{get_bool, get_number, Core, Hyper};
use crate::state::{Slot, StateValue};
use crate::validate::{check_lr, check_nonneg};
use nanotorch_tensor::{Element, Error, Result};
use std::collections::BTreeMap;

/// How SGD rounds `x + s * y` (the parameter update, weight decay and momentum).
///
/// ```
/// use nanotorch_optim::{SgdOptions, UpdateRule};
/// assert_eq!(SgdOptions::new(0.1).update_rule, UpdateRule::Fma);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UpdateRule {
    /// One rounding, `fma(s, y, x)`: what torch 2.15's CPU kernels compute, and the
    /// fixtures' trajectories bit for bit. The default.
    #[default]
    Fma,
    /// `x + round(s * y)`, two roundings: what older torch computed, and what
    /// reproduces the notebooks' transcripts of `nn.Linear` + `optim.SGD` cells.
    Unfused,
}

/// SGD's hyper-parameters for one parameter group, with PyTorch's defaults
/// (momentum 0, dampening 0, no Nesterov, weight decay 0, minimise).
///
/// ```
/// use nanotorch_optim::SgdOptions;
/// let o = SgdOptions::new(0.1).momentum(0.9).nesterov(true);
/// assert_eq!((o.lr, o.momentum, o.dampening, o.nesterov), (0.1, 0.9, 0.0, true));
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SgdOptions {
    /// Learning rate.
    pub lr: f64,
    /// Momentum factor.
    pub momentum: f64,
    /// Dampening for momentum.
    pub dampening: f64,
    /// Nesterov momentum (needs `momentum > 0` and `dampening == 0`).
    pub nesterov: bool,
    /// L2 penalty added to the gradient.
    pub weight_decay: f64,
    /// Maximise the objective instead of minimising it.
    pub maximize: bool,
    /// How `x + s * y` is rounded.
    pub update_rule: UpdateRule,
}

impl SgdOptions {
    /// PyTorch's defaults with learning rate `lr`.
    ///
    /// ```
    /// use nanotorch_optim::SgdOptions;
    /// assert_eq!(SgdOptions::new(0.01).weight_decay, 0.0);
    /// ```
    pub fn new(lr: f64) -> Self {
        SgdOptions {
            lr,
            momentum: 0.0,
            dampening: 0.0,
            nesterov: false,
            weight_decay: 0.0,
            maximize: false,
            update_rule: UpdateRule::Fma,
        }
    }

    /// Sets the momentum factor.
    ///
    /// ```
    /// assert_eq!(nanotorch_optim::SgdOptions::new(0.1).momentum(0.9).momentum, 0.9);
    /// ```
    pub fn momentum(mut self, momentum: f64) -> Self {
        self.momentum = momentum;
        self
    }

    /// Sets the dampening.
    ///
    /// ```
    /// assert_eq!(nanotorch_optim::SgdOptions::new(0.1).dampening(0.1).dampening, 0.1);
    /// ```
    pub fn dampening(mut self, dampening: f64) -> Self {
        self.dampening = dampening;
        self
    }

    /// Turns Nesterov momentum on or off.
    ///
    /// ```
    /// assert!(nanotorch_optim::SgdOptions::new(0.1).nesterov(true).nesterov);
    /// ```
    pub fn nesterov(mut self, nesterov: bool) -> Self {
        self.nesterov = nesterov;
        self
    }

    /// Sets the weight decay (L2 penalty).
    ///
    /// ```
    /// assert_eq!(nanotorch_optim::SgdOptions::new(0.1).weight_decay(0.01).weight_decay, 0.01);
    /// ```
    pub fn weight_decay(mut self, weight_decay: f64) -> Self {
        self.weight_decay = weight_decay;
        self
    }

    /// Maximise instead of minimise.
    ///
    /// ```
    /// assert!(nanotorch_optim::SgdOptions::new(0.1).maximize(true).maximize);
    /// ```
    pub fn maximize(mut self, maximize: bool) -> Self {
        self.maximize = maximize;
        self
    }

    /// Chooses how `x + s * y` is rounded (see [`UpdateRule`]).
    ///
    /// ```
    /// use nanotorch_optim::{SgdOptions, UpdateRule};
    /// let o = SgdOptions::new(0.1).update_rule(UpdateRule::Unfused);
    /// assert_eq!(o.update_rule, UpdateRule::Unfused);
    /// ```
    pub fn update_rule(mut self, rule: UpdateRule) -> Self {
        self.update_rule = rule;
        self
    }
}

impl Hyper for SgdOptions {
    const STATE_KEYS: &'static [&'static str] = &["momentum_buffer"];

    fn name(&self) -> &'static str {
        "SGD"
    }

    fn validate(&self) -> Result<()> {
        check_lr("SGD", self.lr)?;
        check_nonneg("SGD", "momentum", self.momentum)?;
        check_nonneg("SGD", "weight_decay", self.weight_decay)?;
        if self.nesterov && (self.momentum <= 0.0 || self.dampening != 0.0) {
            return Err(Error::invalid(
                "SGD",
                format!(
                    "Nesterov momentum requires a momentum and zero dampening (got momentum={}, dampening={})",
                    self.momentum, self.dampening
                ),
            ));
        }
        Ok(())
    }

    fn set_lr(&mut self, lr: f64) {
        self.lr = lr;
    }

    fn to_map(&self) -> BTreeMap<String, StateValue> {
        use StateValue::{Bool, Number};
        BTreeMap::from([
            ("lr".into(), Number(self.lr)),
            ("momentum".into(), Number(self.momentum)),
            ("dampening".into(), Number(self.dampening)),
            ("nesterov".into(), Bool(self.nesterov)),
            ("weight_decay".into(), Number(self.weight_decay)),
            ("maximize".into(), Bool(self.maximize)),
            ("fma".into(), Bool(self.update_rule == UpdateRule::Fma)),
        ])
    }

    fn with_map(&self, m: &BTreeMap<String, StateValue>) -> Result<Self> {
        Ok(SgdOptions {
            lr: get_number("SGD", m, "lr")?,
            momentum: get_number("SGD", m, "momentum")?,
            dampening: get_number("SGD", m, "dampening")?,
            nesterov: get_bool("SGD", m, "nesterov")?,
            weight_decay: get_number("SGD", m, "weight_decay")?,
            maximize: get_bool("SGD", m, "maximize")?,
            update_rule: if get_bool("SGD", m, "fma")? {
                UpdateRule::Fma
            } else {
                UpdateRule::Unfused
            },
        })
    }

    fn update<T: Element>(&self, p: &mut [T], mut g: Vec<T>, slot: &mut Slot<'_>) {
        let fused = self.update_rule == UpdateRule::Fma;
        if self.maximize {
            g.iter_mut().for_each(|x| *x = -*x);
        }
        if self.weight_decay != 0.0 {
            for (x, &pi) in g.iter_mut().zip(p.iter()) {
                *x = add_alpha(*x, pi, self.weight_decay, fused);
            }
        }
        if self.momentum != 0.0 {
            let m = T::from_f64(self.momentum);
            let buf = match slot.buf::<T>("momentum_buffer") {
                None => g.clone(),
                Some(mut b) => {
                    for (bi, &gi) in b.iter_mut().zip(&g) {
                        *bi = add_alpha(*bi * m, gi, 1.0 - self.dampening, fused);
                    }
                    b
                }
            };
            if self.nesterov {
                for (x, &bi) in g.iter_mut().zip(&buf) {
                    *x = add_alpha(*x, bi, self.momentum, fused);
                }
            } else {
                g.copy_from_slice(&buf);
            }
            slot.set_buf("momentum_buffer", buf);
        }
        for (pi, &gi) in p.iter_mut().zip(&g) {
            *pi = add_alpha(*pi, gi, -self.lr, fused);
        }
    }
}

/// Stochastic gradient descent (`torch.optim.SGD`); see the [module docs](self) for
/// the algorithm.
///
/// ```
/// use nanotorch_autograd::Tensor;
/// use nanotorch_optim::{Optimizer, SGD};
/// let w = Tensor::scalar(2.0).requires_grad_(true);
/// let mut opt = SGD::new(vec![w.clone()], 0.25);
/// w.pow(2.0).backward(); // dw = 2w = 4
/// opt.step(); // w = 2 - 0.25 * 4
/// assert_eq!(w.item(), 1.0);
/// ```
#[derive(Clone)]
pub struct SGD {
    core: Core<SgdOptions>,
}

impl SgdOptions {
    /// A copy with learning rate `lr` (for deriving a group's options from
    /// [`SGD::defaults`]).
    ///
    /// ```
    /// assert_eq!(nanotorch_optim::SgdOptions::new(0.1).lr(0.5).lr, 0.5);
    /// ```
    pub fn lr(mut self, lr: f64) -> Self {
        self.lr = lr;
        self
    }
}

constructors!(SGD, SgdOptions, "SGD", SgdOptions::new, |o| o);

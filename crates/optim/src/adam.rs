//! Adam and AdamW (`torch.optim.Adam`, `torch.optim.AdamW`).
//!
//! For each parameter `p` with gradient `g`, at step `t = 1, 2, ...`:
//!
//! ```text
//! g = -g                                   if maximize
//! p = p * (1 - lr * weight_decay)          AdamW (decoupled weight decay)
//! g = g + weight_decay * p                 Adam, if weight_decay != 0
//! m = lerp(m, g, 1 - beta1)                (= beta1 m + (1 - beta1) g)
//! v = beta2 v + (1 - beta2) g^2
//! v_max = max(v_max, v)                    if amsgrad (v_max is used below instead of v)
//! denom = sqrt(v) / sqrt(1 - beta2^t) + eps
//! p = p - (lr / (1 - beta1^t)) * m / denom
//! ```
//!
//! in torch 2.15's CPU rounding (see `arith.rs`): scalars are rounded to the
//! parameter's dtype, `lerp`, `x + s * y` and `addcmul` end in one fused
//! multiply-add, `addcdiv` rounds each step; only `sqrt` differs from torch, whose
//! MKL square root is one ulp off now and then.
//!
//! ```
//! use nanotorch_autograd::Tensor;
//! use nanotorch_optim::{Adam, Optimizer};
//! let w = Tensor::from_slice_f64(&[1.0, -1.0]).requires_grad_(true);
//! let mut opt = Adam::new(vec![w.clone()], 0.1);
//! w.set_grad(Some(Tensor::from_slice_f64(&[3.0, -0.5])));
//! opt.step();
//! // the first Adam step moves every coordinate by about lr against the gradient's sign
//! let v = w.to_vec::<f64>();
//! assert!((v[0] - 0.9).abs() < 1e-7 && (v[1] + 0.9).abs() < 1e-7);
//! ```

use crate::arith::{add_alpha, addcdiv, addcmul, lerp, sc};
use crate::constructors::constructors;
use crate::core::{get_bool, get_number, Core, Hyper};
use crate::state::{Slot, StateValue};
use crate::validate::{check_beta, check_lr, check_nonneg};
use nanotorch_tensor::{Element, Result};
use std::collections::BTreeMap;

/// Adam's and AdamW's hyper-parameters for one parameter group.
///
/// [`AdamOptions::new`] has Adam's defaults (betas (0.9, 0.999), eps 1e-8, no
/// weight decay); [`AdamOptions::adamw`] has AdamW's (weight decay 0.01, decoupled).
///
/// ```
/// use nanotorch_optim::AdamOptions;
/// let o = AdamOptions::new(1e-3).betas(0.8, 0.99).amsgrad(true);
/// assert_eq!((o.betas, o.eps, o.weight_decay), ((0.8, 0.99), 1e-8, 0.0));
/// assert_eq!(AdamOptions::adamw(1e-3).weight_decay, 0.01);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AdamOptions {
    /// Learning rate.
    pub lr: f64,
    /// Decay rates of the first and second moment averages.
    pub betas: (f64, f64),
    /// Added to the denominator for numerical stability.
    pub eps: f64,
    /// Weight decay: an L2 penalty (Adam) or decoupled decay (AdamW).
    pub weight_decay: f64,
    /// Use the maximum of past second moments (AMSGrad).
    pub amsgrad: bool,
    /// Maximise the objective instead of minimising it.
    pub maximize: bool,
    /// Decay the weights directly (`p *= 1 - lr * weight_decay`, AdamW) instead of
    /// adding `weight_decay * p` to the gradient (Adam). [`AdamW`] always sets it.
    pub decoupled_weight_decay: bool,
}

impl AdamOptions {
    /// Adam's defaults with learning rate `lr`.
    ///
    /// ```
    /// assert_eq!(nanotorch_optim::AdamOptions::new(1e-3).betas, (0.9, 0.999));
    /// ```
    pub fn new(lr: f64) -> Self {
        AdamOptions {
            lr,
            betas: (0.9, 0.999),
            eps: 1e-8,
            weight_decay: 0.0,
            amsgrad: false,
            maximize: false,
            decoupled_weight_decay: false,
        }
    }

    /// AdamW's defaults with learning rate `lr`: weight decay 0.01, decoupled.
    ///
    /// ```
    /// assert!(nanotorch_optim::AdamOptions::adamw(1e-3).decoupled_weight_decay);
    /// ```
    pub fn adamw(lr: f64) -> Self {
        AdamOptions {
            weight_decay: 1e-2,
            decoupled_weight_decay: true,
            ..AdamOptions::new(lr)
        }
    }

    /// A copy with learning rate `lr`.
    ///
    /// ```
    /// assert_eq!(nanotorch_optim::AdamOptions::new(0.1).lr(0.5).lr, 0.5);
    /// ```
    pub fn lr(mut self, lr: f64) -> Self {
        self.lr = lr;
        self
    }

    /// Sets `(beta1, beta2)`.
    ///
    /// ```
    /// assert_eq!(nanotorch_optim::AdamOptions::new(0.1).betas(0.5, 0.9).betas, (0.5, 0.9));
    /// ```
    pub fn betas(mut self, beta1: f64, beta2: f64) -> Self {
        self.betas = (beta1, beta2);
        self
    }

    /// Sets `eps`.
    ///
    /// ```
    /// assert_eq!(nanotorch_optim::AdamOptions::new(0.1).eps(1e-6).eps, 1e-6);
    /// ```
    pub fn eps(mut self, eps: f64) -> Self {
        self.eps = eps;
        self
    }

    /// Sets the weight decay.
    ///
    /// ```
    /// assert_eq!(nanotorch_optim::AdamOptions::new(0.1).weight_decay(0.1).weight_decay, 0.1);
    /// ```
    pub fn weight_decay(mut self, weight_decay: f64) -> Self {
        self.weight_decay = weight_decay;
        self
    }

    /// Turns AMSGrad on or off.
    ///
    /// ```
    /// assert!(nanotorch_optim::AdamOptions::new(0.1).amsgrad(true).amsgrad);
    /// ```
    pub fn amsgrad(mut self, amsgrad: bool) -> Self {
        self.amsgrad = amsgrad;
        self
    }

    /// Maximise instead of minimise.
    ///
    /// ```
    /// assert!(nanotorch_optim::AdamOptions::new(0.1).maximize(true).maximize);
    /// ```
    pub fn maximize(mut self, maximize: bool) -> Self {
        self.maximize = maximize;
        self
    }

    /// Chooses decoupled (AdamW) or L2 (Adam) weight decay.
    ///
    /// ```
    /// let o = nanotorch_optim::AdamOptions::new(0.1).decoupled_weight_decay(true);
    /// assert!(o.decoupled_weight_decay);
    /// ```
    pub fn decoupled_weight_decay(mut self, decoupled: bool) -> Self {
        self.decoupled_weight_decay = decoupled;
        self
    }
}

impl Hyper for AdamOptions {
    const STATE_KEYS: &'static [&'static str] =
        &["step", "exp_avg", "exp_avg_sq", "max_exp_avg_sq"];

    fn name(&self) -> &'static str {
        if self.decoupled_weight_decay {
            "AdamW"
        } else {
            "Adam"
        }
    }

    fn validate(&self) -> Result<()> {
        let name = self.name();
        check_lr(name, self.lr)?;
        check_nonneg(name, "epsilon", self.eps)?;
        check_beta(name, 0, self.betas.0)?;
        check_beta(name, 1, self.betas.1)?;
        check_nonneg(name, "weight_decay", self.weight_decay)
    }

    fn set_lr(&mut self, lr: f64) {
        self.lr = lr;
    }

    fn to_map(&self) -> BTreeMap<String, StateValue> {
        use StateValue::{Bool, Number};
        BTreeMap::from([
            ("lr".into(), Number(self.lr)),
            ("beta1".into(), Number(self.betas.0)),
            ("beta2".into(), Number(self.betas.1)),
            ("eps".into(), Number(self.eps)),
            ("weight_decay".into(), Number(self.weight_decay)),
            ("amsgrad".into(), Bool(self.amsgrad)),
            ("maximize".into(), Bool(self.maximize)),
            (
                "decoupled_weight_decay".into(),
                Bool(self.decoupled_weight_decay),
            ),
        ])
    }

    fn with_map(&self, m: &BTreeMap<String, StateValue>) -> Result<Self> {
        let n = self.name();
        Ok(AdamOptions {
            lr: get_number(n, m, "lr")?,
            betas: (get_number(n, m, "beta1")?, get_number(n, m, "beta2")?),
            eps: get_number(n, m, "eps")?,
            weight_decay: get_number(n, m, "weight_decay")?,
            amsgrad: get_bool(n, m, "amsgrad")?,
            maximize: get_bool(n, m, "maximize")?,
            // the optimizer's kind is not a saved setting: Adam stays Adam
            decoupled_weight_decay: self.decoupled_weight_decay,
        })
    }

    fn update<T: Element>(&self, p: &mut [T], mut g: Vec<T>, slot: &mut Slot<'_>) {
        let (beta1, beta2) = self.betas;
        let step = slot.next_step();
        if self.maximize {
            g.iter_mut().for_each(|x| *x = -*x);
        }
        if self.weight_decay != 0.0 {
            if self.decoupled_weight_decay {
                let keep = sc::<T>(1.0 - self.lr * self.weight_decay);
                p.iter_mut().for_each(|x| *x = *x * keep);
            } else {
                for (x, &pi) in g.iter_mut().zip(p.iter()) {
                    *x = add_alpha(*x, pi, self.weight_decay, true);
                }
            }
        }
        let zeros = || vec![T::ZERO; p.len()];
        let mut m = slot.buf::<T>("exp_avg").unwrap_or_else(zeros);
        let mut v = slot.buf::<T>("exp_avg_sq").unwrap_or_else(zeros);
        let b2 = sc::<T>(beta2);
        for ((mi, vi), &gi) in m.iter_mut().zip(v.iter_mut()).zip(&g) {
            *mi = lerp(*mi, gi, 1.0 - beta1);
            *vi = addcmul(*vi * b2, gi, gi, 1.0 - beta2);
        }
        let bias_correction1 = 1.0 - beta1.powf(step);
        let bias_correction2 = 1.0 - beta2.powf(step);
        let step_size = self.lr / bias_correction1;
        let bc2_sqrt = sc::<T>(bias_correction2.sqrt());
        let eps = sc::<T>(self.eps);
        let second = if self.amsgrad {
            let mut vmax = slot.buf::<T>("max_exp_avg_sq").unwrap_or_else(zeros);
            for (a, &b) in vmax.iter_mut().zip(&v) {
                // torch.maximum: NaN propagates
                *a = if b.is_nan() || b > *a { b } else { *a };
            }
            Some(vmax)
        } else {
            None
        };
        let denom_src = second.as_deref().unwrap_or(&v);
        for ((pi, &mi), &si) in p.iter_mut().zip(&m).zip(denom_src) {
            let denom = si.sqrt() / bc2_sqrt + eps;
            *pi = addcdiv(*pi, mi, denom, -step_size);
        }
        slot.set_buf("exp_avg", m);
        slot.set_buf("exp_avg_sq", v);
        if let Some(vmax) = second {
            slot.set_buf("max_exp_avg_sq", vmax);
        }
    }
}

/// Adam (`torch.optim.Adam`); see the [module docs](self) for the algorithm.
///
/// ```
/// use nanotorch_autograd::Tensor;
/// use nanotorch_optim::{Adam, Optimizer};
/// let w = Tensor::scalar(0.0).requires_grad_(true);
/// let mut opt = Adam::new(vec![w.clone()], 0.01);
/// (&w * 5.0).backward();
/// opt.step(); // m/sqrt(v) = 1 on the first step: w = -lr
/// assert!((w.item() + 0.01).abs() < 1e-8);
/// ```
#[derive(Clone)]
pub struct Adam {
    core: Core<AdamOptions>,
}

constructors!(Adam, AdamOptions, "Adam", AdamOptions::new, |o| o);

/// AdamW (`torch.optim.AdamW`): Adam with decoupled weight decay, default weight
/// decay 0.01. Options passed in get `decoupled_weight_decay` set; build them with
/// [`AdamOptions::adamw`] to start from AdamW's defaults.
///
/// ```
/// use nanotorch_autograd::Tensor;
/// use nanotorch_optim::{AdamW, Optimizer};
/// let w = Tensor::scalar(1.0).requires_grad_(true);
/// let mut opt = AdamW::new(vec![w.clone()], 0.1);
/// w.set_grad(Some(Tensor::scalar(0.0)));
/// opt.step(); // zero gradient: only the decay acts, w = 1 * (1 - 0.1 * 0.01)
/// assert_eq!(w.item() as f32, 0.999f32);
/// ```
#[derive(Clone)]
pub struct AdamW {
    core: Core<AdamOptions>,
}

constructors!(AdamW, AdamOptions, "AdamW", AdamOptions::adamw, |o| o
    .decoupled_weight_decay(true));

//! [`BCEWithLogitsLoss`]: binary cross entropy of logits, computed stably.

use crate::check::same_shape;
use crate::elementwise::{log1p, map3};
use crate::reduction::{reduction_builder, tensor_target_forward};
use crate::Reduction;
use nanotorch_autograd::{Context, Function, Tensor};
use nanotorch_tensor::{Error, Result};

/// Binary cross entropy of `sigmoid(x)` against targets `t`, computed from the logits
/// `x` without forming the sigmoid (`nn.BCEWithLogitsLoss`):
/// `(1 - t) x - w ln σ(x)` with `ln σ(x) = min(x, 0) - log1p(exp(-|x|))` and
/// `w = (pos_weight - 1) t + 1` (`w = 1` without `pos_weight`). This equals
/// `max(x, 0) - x t + log(1 + exp(-|x|))` and never overflows; it is written in
/// PyTorch's form so that it rounds like PyTorch.
///
/// The loss is a custom [`Function`] (taking the reduction too), like PyTorch's
/// native `binary_cross_entropy_with_logits`: autograd has no `log1p`, and the
/// gradient is PyTorch's closed form `g (σ(x) - t)` (`g (((pw t + 1) - t) σ(x) - pw t)`
/// with a `pos_weight`), then `/ N` for the mean. Differentiating the composite
/// instead would sum `(1 - t) - d ln σ(x)/dx`, which cancels: hundreds of ulp off
/// PyTorch in f32 where `σ(x) ≈ t`.
///
/// Errors: input and target shapes differ; a `pos_weight` that does not broadcast to
/// the input. Targets are not range-checked (PyTorch does not either).
///
/// ```
/// use nanotorch_autograd::Tensor;
/// use nanotorch_losses::{BCEWithLogitsLoss, Reduction};
/// let x = Tensor::from_slice_f64(&[0.0, 1000.0, -1000.0]).requires_grad_(true);
/// let t = Tensor::from_slice_f64(&[1.0, 1.0, 0.0]);
/// let loss = BCEWithLogitsLoss::default().with_reduction(Reduction::None).forward(&x, &t);
/// assert_eq!(loss.to_vec::<f64>(), vec![2f64.ln(), 0.0, 0.0]); // no overflow at ±1000
/// loss.sum().backward();
/// assert_eq!(x.grad().unwrap().to_vec::<f64>(), vec![-0.5, 0.0, 0.0]); // σ(x) - t
/// ```
#[derive(Debug, Clone, Default)]
pub struct BCEWithLogitsLoss {
    reduction: Reduction,
    pos_weight: Option<Tensor>,
}

impl BCEWithLogitsLoss {
    /// A binary cross entropy of logits with the default reduction (`Mean`) and no
    /// `pos_weight`.
    ///
    /// ```
    /// use nanotorch_losses::BCEWithLogitsLoss;
    /// assert!(BCEWithLogitsLoss::new().pos_weight().is_none());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// This loss with `pos_weight`, the weight of the positive term, broadcast against
    /// the input (usually one per class, shape `[C]`), as `pos_weight=` in PyTorch.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// use nanotorch_losses::BCEWithLogitsLoss;
    /// let loss = BCEWithLogitsLoss::new().with_pos_weight(Tensor::from_slice(&[3.0]));
    /// // t = 1: -3 ln σ(0) = 3 ln 2
    /// let l = loss.forward(&Tensor::zeros(&[1]), &Tensor::ones(&[1]));
    /// assert_eq!(l.item(), (3.0 * 2f32.ln()) as f64);
    /// ```
    #[must_use]
    pub fn with_pos_weight(mut self, pos_weight: Tensor) -> Self {
        self.pos_weight = Some(pos_weight);
        self
    }

    /// The `pos_weight`, if any.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// use nanotorch_losses::BCEWithLogitsLoss;
    /// let loss = BCEWithLogitsLoss::new().with_pos_weight(Tensor::ones(&[4]));
    /// assert_eq!(loss.pos_weight().unwrap().numel(), 4);
    /// ```
    pub fn pos_weight(&self) -> Option<&Tensor> {
        self.pos_weight.as_ref()
    }

    /// The loss of logits `input` against `target`, or an error if the shapes differ
    /// or `pos_weight` does not broadcast to the input's shape.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// use nanotorch_losses::BCEWithLogitsLoss;
    /// let loss = BCEWithLogitsLoss::new().with_pos_weight(Tensor::ones(&[3]));
    /// let e = loss.try_forward(&Tensor::zeros(&[2, 4]), &Tensor::zeros(&[2, 4])).unwrap_err();
    /// assert_eq!(e.to_string(), "BCEWithLogitsLoss: pos_weight of shape [3] does not broadcast \
    ///     to input shape [2, 4] (target shape [2, 4]): dim -1 is 3 vs 4");
    /// ```
    pub fn try_forward(&self, input: &Tensor, target: &Tensor) -> Result<Tensor> {
        same_shape("BCEWithLogitsLoss", input, target)?;
        let mut dtype = input.dtype().promote(target.dtype());
        if let Some(pw) = &self.pos_weight {
            dtype = dtype.promote(pw.dtype());
        }
        let (x, t) = (input.to_dtype(dtype), target.to_dtype(dtype));
        let pw = match &self.pos_weight {
            None => x.ones_like(),
            Some(pw) => {
                let shape = input.shape();
                pw.to_dtype(dtype)
                    .try_expand(shape.as_slice())
                    .map_err(|_| {
                        let (p, s) = (pw.shape(), shape.as_slice());
                        // The first dim from the right that fails to broadcast.
                        let k = (1..=p.len().max(s.len()))
                            .find(|&k| {
                                let a = p.len().checked_sub(k).map_or(1, |i| p[i]);
                                let b = s.len().checked_sub(k).map_or(1, |i| s[i]);
                                a != b && a != 1
                            })
                            .unwrap_or(1);
                        let size = |d: &[usize]| d.len().checked_sub(k).map_or(1, |i| d[i]);
                        Error::invalid(
                            "BCEWithLogitsLoss",
                            format!(
                                "pos_weight of shape {:?} does not broadcast to input shape {s:?} \
                             (target shape {:?}): dim -{k} is {} vs {}",
                                p.as_slice(),
                                target.shape().as_slice(),
                                size(&p),
                                size(s)
                            ),
                        )
                    })?
            }
        };
        let weighted = self.pos_weight.is_some();
        Ok(LogitsBce(self.reduction, weighted).apply(&[&x, &t, &pw]))
    }
}

reduction_builder!(BCEWithLogitsLoss);
tensor_target_forward!(
    BCEWithLogitsLoss,
    "assert_eq!(BCEWithLogitsLoss::new().forward(&Tensor::zeros(&[1]), &Tensor::ones(&[1])).item(), 2f32.ln() as f64);"
);

/// Binary cross entropy of logits with its reduction, as one function (inputs: `x`,
/// `t`, `pos_weight` expanded to `x`'s shape).
#[derive(Clone, Copy)]
struct LogitsBce(Reduction, bool);

impl Function for LogitsBce {
    const NAME: &'static str = "BinaryCrossEntropyWithLogitsBackward0";

    fn forward(&self, ctx: &mut Context, inputs: &[&Tensor]) -> Tensor {
        ctx.save_for_backward(inputs);
        let [x, t, pw] = [0, 1, 2].map(|i| inputs[i].array());
        // PyTorch: ls = min(x, 0) - log1p(exp(-|x|)); w = (pw - 1) t + 1;
        // loss = (1 - t) x - w ls, each step rounded in the element type.
        let loss = map3(
            &x,
            &t,
            &pw,
            |x, t, p| {
                let ls = x.min(0.0) - (-x.abs()).exp().ln_1p();
                (1.0 - t) * x - ((p - 1.0) * t + 1.0) * ls
            },
            |x, t, p| {
                let ls = x.min(0.0) - (-x.abs()).exp().ln_1p();
                (1.0 - t) * x - ((p - 1.0) * t + 1.0) * ls
            },
        );
        self.0.apply(&Tensor::from_array(loss))
    }

    fn backward(&self, ctx: &Context, g: &Tensor) -> Vec<Option<Tensor>> {
        let s = ctx.saved_tensors();
        let (x, t, pw) = (&s[0], &s[1], &s[2]);
        let shape = x.shape();
        let n = x.numel() as f64;
        let g = g.expand(shape.as_slice());
        // PyTorch's order: the elementwise gradient times g, then / N for the mean.
        let scale = |d: Tensor| match self.0 {
            Reduction::Mean => d.mul(&g).div_scalar(n),
            _ => d.mul(&g),
        };
        let weighted = self.1;
        // d/dx = σ(x) - t, or ((pw t + 1) - t) σ(x) - pw t with a pos_weight.
        let dx = ctx.needs_input_grad(0).then(|| {
            if weighted {
                let pt = pw.mul(t);
                scale(pt.add_scalar(1.0).sub(t).mul(&x.sigmoid()).sub(&pt))
            } else {
                scale(x.sigmoid().sub(t))
            }
        });
        // ln σ(x) = min(x, 0) - log1p(e^{-|x|})
        let ls = || x.minimum(&x.zeros_like()).sub(&log1p(&x.abs().neg().exp()));
        // d/dt = -x - (pw - 1) ln σ(x)
        let dt = ctx
            .needs_input_grad(1)
            .then(|| scale(x.neg().sub(&pw.sub_scalar(1.0).mul(&ls()))));
        // d/dpw = -t ln σ(x)
        let dpw = ctx.needs_input_grad(2).then(|| scale(t.neg().mul(&ls())));
        vec![dx, dt, dpw]
    }
}

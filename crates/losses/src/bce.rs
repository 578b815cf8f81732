//! [`BCELoss`]: binary cross entropy of probabilities.

use crate::check::{in_unit_interval, same_shape};
use crate::elementwise::{log1p, map};
use crate::reduction::{reduction_builder, tensor_target_forward};
use crate::Reduction;
use nanotorch_autograd::{Context, Function, Tensor};
use nanotorch_tensor::Result;

/// `-(t ln(x) + (1 - t) ln(1 - x))` for probabilities `x` and targets `t` in `[0, 1]`,
/// each log clamped to `>= -100` as PyTorch does, reduced (`nn.BCELoss`).
///
/// The gradient is PyTorch's: `g (x - t) / max((1 - x) x, 1e-12)`, finite at `x = 0`
/// and `x = 1`. Composing it from autograd ops cannot give that (the clamped log's
/// gradient is 0 · ∞ = NaN there, and `ln(1 - x)` is not `log1p(-x)`), so the loss is a
/// custom [`Function`] that also takes the reduction, to round as PyTorch's kernel
/// does (the elementwise gradient first, then `/ N`).
///
/// Errors: input and target shapes differ; an input or target element outside
/// `[0, 1]` (or NaN).
///
/// ```
/// use nanotorch_autograd::Tensor;
/// use nanotorch_losses::BCELoss;
/// let p = Tensor::from_slice_f64(&[0.5, 0.0]).requires_grad_(true);
/// let loss = BCELoss::default().forward(&p, &Tensor::from_slice_f64(&[1.0, 1.0]));
/// assert_eq!(loss.item(), (2f64.ln() + 100.0) / 2.0); // ln(0) is clamped to -100
/// loss.backward();
/// assert_eq!(p.grad().unwrap().to_vec::<f64>(), vec![-1.0, -0.5e12]); // (x - t) / max((1-x)x, 1e-12) / 2
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct BCELoss {
    reduction: Reduction,
}

impl BCELoss {
    /// A binary cross entropy with the default reduction (`Mean`).
    ///
    /// ```
    /// use nanotorch_losses::BCELoss;
    /// assert_eq!(BCELoss::new(), BCELoss::default());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// The loss of probabilities `input` against `target`, or an error if the shapes
    /// differ or an element of either is outside `[0, 1]` (naming it and its index).
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// use nanotorch_losses::BCELoss;
    /// let e = BCELoss::new().try_forward(&Tensor::from_slice(&[0.5, 1.5]), &Tensor::zeros(&[2])).unwrap_err();
    /// assert_eq!(e.to_string(), "BCELoss: all elements of input should be between 0 and 1, \
    ///     but input[1] = 1.5 (input shape [2], target shape [2])");
    /// ```
    pub fn try_forward(&self, input: &Tensor, target: &Tensor) -> Result<Tensor> {
        same_shape("BCELoss", input, target)?;
        in_unit_interval("BCELoss", "input", input, input, target)?;
        in_unit_interval("BCELoss", "target", target, input, target)?;
        let dtype = input.dtype().promote(target.dtype());
        let (x, t) = (input.to_dtype(dtype), target.to_dtype(dtype));
        Ok(Bce(self.reduction).apply(&[&x, &t]))
    }
}

reduction_builder!(BCELoss);
tensor_target_forward!(
    BCELoss,
    "assert_eq!(BCELoss::new().forward(&Tensor::from_slice(&[0.5]), &Tensor::from_slice(&[1.0])).item(), f64::from(-(0.5f32.ln())));"
);

/// Binary cross entropy with its reduction, as one function (inputs: `x`, `t`).
#[derive(Clone, Copy)]
struct Bce(Reduction);

/// PyTorch's `-100` floor on each log.
const LOG_FLOOR: f64 = -100.0;
/// PyTorch's floor on the gradient's denominator `(1 - x) x`.
const EPSILON: f64 = 1e-12;

impl Function for Bce {
    const NAME: &'static str = "BinaryCrossEntropyBackward0";

    fn forward(&self, ctx: &mut Context, inputs: &[&Tensor]) -> Tensor {
        ctx.save_for_backward(inputs);
        let (x, t) = (inputs[0].array(), inputs[1].array());
        // (t - 1) max(log1p(-x), -100) - t max(ln x, -100), in the element type.
        let log1m = map(
            &x,
            |v| (-v).ln_1p().max(-100.0),
            |v| (-v).ln_1p().max(LOG_FLOOR),
        );
        let log = map(&x, |v| v.ln().max(-100.0), |v| v.ln().max(LOG_FLOOR));
        let loss = t.sub_scalar(1.0).mul(&log1m).sub(&t.mul(&log));
        self.0.apply(&Tensor::from_array(loss))
    }

    fn backward(&self, ctx: &Context, g: &Tensor) -> Vec<Option<Tensor>> {
        let (x, t) = (&ctx.saved_tensors()[0], &ctx.saved_tensors()[1]);
        let shape = x.shape();
        let n = x.numel() as f64;
        let g = g.expand(shape.as_slice());
        let scale = |d: Tensor| match self.0 {
            Reduction::Mean => d.div_scalar(n),
            _ => d,
        };
        let dx = ctx.needs_input_grad(0).then(|| {
            let denom = x.rsub_scalar(1.0).mul(x).clamp(Some(EPSILON), None);
            scale(g.mul(&x.sub(t)).div(&denom))
        });
        // d/dt = max(log1p(-x), -100) - max(ln x, -100)
        let dt = ctx.needs_input_grad(1).then(|| {
            let log1m = log1p(&x.neg()).clamp(Some(LOG_FLOOR), None);
            let log = x.log().clamp(Some(LOG_FLOOR), None);
            scale(g.mul(&log1m.sub(&log)))
        });
        vec![dx, dt]
    }
}

//! [`log_softmax`]: `x - logsumexp(x)` along a dim, stable for any logits.

use nanotorch_autograd::{Context, Function, Tensor};
use nanotorch_tensor::error::unwrap;
use nanotorch_tensor::shape::normalize_dim;
use nanotorch_tensor::Result;

/// `(x - m) - ln Σ exp(x - m)` along `dim` with `m` the (constant) row maximum:
/// PyTorch's forward, each step rounded in the element type. The maximum is taken
/// without gradient, which is exact: the result does not depend on the shift `m`.
fn value(x: &Tensor, dim: isize) -> Tensor {
    let m = Tensor::from_array(x.array().max_dim(dim, true).0);
    let shifted = x.sub(&m);
    let lse = shifted.exp().sum_dims(&[dim], true).log();
    shifted.sub(&lse)
}

/// Log-softmax along a dim as a custom [`Function`], to use PyTorch's gradient
/// `g - exp(out) Σ g` (computed from the output, as PyTorch does) instead of the
/// chain through `ln Σ exp`, which rounds differently. Autograd has no log-softmax
/// and no maximum with a gradient.
///
/// The backward recomputes `out` from the saved input with recorded ops, so it is
/// itself differentiable (second derivatives are right).
#[derive(Clone, Copy)]
struct LogSoftmax(isize);

impl Function for LogSoftmax {
    const NAME: &'static str = "LogSoftmaxBackward0";

    fn forward(&self, ctx: &mut Context, inputs: &[&Tensor]) -> Tensor {
        ctx.save_for_backward(&inputs[..1]);
        value(inputs[0], self.0)
    }

    fn backward(&self, ctx: &Context, g: &Tensor) -> Vec<Option<Tensor>> {
        let out = value(&ctx.saved_tensors()[0], self.0);
        vec![Some(g.sub(&out.exp().mul(&g.sum_dims(&[self.0], true))))]
    }
}

/// `log(softmax(x))` along `dim` (`torch.log_softmax(x, dim)`), stable for logits of
/// any size, or an error if `dim` is out of range.
///
/// ```
/// use nanotorch_autograd::Tensor;
/// use nanotorch_losses::try_log_softmax;
/// let x = Tensor::from_vec(vec![1000.0, 1000.0], &[1, 2]);
/// let y = try_log_softmax(&x, 1).unwrap();
/// assert_eq!(y.to_vec::<f32>(), vec![-(2f32.ln()); 2]); // no overflow
/// assert!(try_log_softmax(&x, 2).is_err());
/// ```
pub fn try_log_softmax(x: &Tensor, dim: isize) -> Result<Tensor> {
    let d = normalize_dim("log_softmax", dim, &x.shape())? as isize;
    if x.numel() == 0 {
        // Nothing to normalise (and no maximum to take): an empty result in the graph.
        return Ok(x.mul_scalar(1.0));
    }
    Ok(LogSoftmax(d).apply(&[x]))
}

/// `log(softmax(x))` along `dim` (`torch.log_softmax(x, dim)`).
///
/// # Panics
/// If `dim` is out of range.
///
/// ```
/// use nanotorch_autograd::Tensor;
/// use nanotorch_losses::log_softmax;
/// let x = Tensor::from_slice_f64(&[0.0, 0.0]).requires_grad_(true);
/// let y = log_softmax(&x, -1);
/// assert_eq!(y.to_vec::<f64>(), vec![-(2f64.ln()); 2]);
/// y.backward_with(&Tensor::from_slice_f64(&[1.0, 0.0]));
/// assert_eq!(x.grad().unwrap().to_vec::<f64>(), vec![0.5, -0.5]); // g - softmax Σ g
/// ```
#[track_caller]
pub fn log_softmax(x: &Tensor, dim: isize) -> Tensor {
    unwrap(try_log_softmax(x, dim))
}

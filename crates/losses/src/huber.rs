//! [`HuberLoss`]: squared error near zero, absolute error beyond `delta`.

use crate::check::same_shape;
use crate::reduction::{reduction_builder, tensor_target_forward};
use crate::Reduction;
use nanotorch_autograd::Tensor;
use nanotorch_tensor::{Error, Result};

/// With `z = |input - target|`: `0.5 z^2` where `z < delta`, else
/// `delta (z - 0.5 delta)`, reduced (`nn.HuberLoss`, default `delta = 1`).
///
/// Built from autograd ops, which round exactly as PyTorch's kernels: the gradient is
/// `g (input - target)` inside `delta` and `± g delta` outside.
/// Input and target of different shapes are an error (PyTorch warns and broadcasts);
/// so is a `delta` that is not positive.
///
/// ```
/// use nanotorch_autograd::Tensor;
/// use nanotorch_losses::{HuberLoss, Reduction};
/// let input = Tensor::from_slice(&[0.5, 3.0]).requires_grad_(true);
/// let loss = HuberLoss::new(1.0).with_reduction(Reduction::Sum);
/// let l = loss.forward(&input, &Tensor::zeros(&[2]));
/// assert_eq!(l.item(), 0.125 + 2.5); // 0.5 * 0.5^2 + 1 * (3 - 0.5)
/// l.backward();
/// assert_eq!(input.grad().unwrap().to_vec::<f32>(), vec![0.5, 1.0]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HuberLoss {
    reduction: Reduction,
    delta: f64,
}

impl Default for HuberLoss {
    /// `delta = 1`, `Mean` (PyTorch's defaults).
    ///
    /// ```
    /// use nanotorch_losses::HuberLoss;
    /// assert_eq!(HuberLoss::default().delta(), 1.0);
    /// ```
    fn default() -> Self {
        HuberLoss {
            reduction: Reduction::Mean,
            delta: 1.0,
        }
    }
}

impl HuberLoss {
    /// A Huber loss with threshold `delta` (checked when the loss is computed, as
    /// PyTorch does) and the default reduction (`Mean`).
    ///
    /// ```
    /// use nanotorch_losses::HuberLoss;
    /// assert_eq!(HuberLoss::new(0.5).delta(), 0.5);
    /// ```
    pub fn new(delta: f64) -> Self {
        HuberLoss {
            delta,
            ..Self::default()
        }
    }

    /// This loss with threshold `delta` (builder style).
    ///
    /// ```
    /// use nanotorch_losses::HuberLoss;
    /// assert_eq!(HuberLoss::default().with_delta(2.0).delta(), 2.0);
    /// ```
    #[must_use]
    pub fn with_delta(mut self, delta: f64) -> Self {
        self.delta = delta;
        self
    }

    /// The threshold between the quadratic and the linear part.
    ///
    /// ```
    /// use nanotorch_losses::HuberLoss;
    /// assert_eq!(HuberLoss::new(0.25).delta(), 0.25);
    /// ```
    pub fn delta(&self) -> f64 {
        self.delta
    }

    /// The loss of `input` against `target`, or an error if the shapes differ (naming
    /// both and the differing dim) or `delta` is not positive.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// use nanotorch_losses::HuberLoss;
    /// let e = HuberLoss::new(0.0).try_forward(&Tensor::zeros(&[2]), &Tensor::zeros(&[2])).unwrap_err();
    /// assert_eq!(e.to_string(), "HuberLoss: delta must be positive, got 0 (input shape [2], target shape [2])");
    /// ```
    pub fn try_forward(&self, input: &Tensor, target: &Tensor) -> Result<Tensor> {
        same_shape("HuberLoss", input, target)?;
        let delta = self.delta;
        if delta.is_nan() || delta <= 0.0 {
            return Err(Error::invalid(
                "HuberLoss",
                format!(
                    "delta must be positive, got {delta} (input shape {:?}, target shape {:?})",
                    input.shape().as_slice(),
                    target.shape().as_slice()
                ),
            ));
        }
        let z = input.try_sub(target)?.abs();
        // PyTorch: z < delta ? 0.5 z z : delta (z - 0.5 delta), in the element type.
        // (0.5 z) z and 0.5 (z z) round alike, and the gradient of z * z with z on
        // both sides sums two equal halves, exactly g z.
        let quadratic = z.mul(&z).mul_scalar(0.5);
        let linear = z.sub_scalar(0.5 * delta).mul_scalar(delta);
        let loss = Tensor::where_cond(&z.lt_scalar(delta), &quadratic, &linear);
        Ok(self.reduction.apply(&loss))
    }
}

reduction_builder!(HuberLoss);
tensor_target_forward!(
    HuberLoss,
    "assert_eq!(HuberLoss::default().forward(&Tensor::from_slice(&[3.0]), &Tensor::from_slice(&[1.0])).item(), 1.5);"
);

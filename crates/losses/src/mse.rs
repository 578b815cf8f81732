//! [`MSELoss`]: the mean squared error.

use crate::check::same_shape;
use crate::reduction::{reduction_builder, tensor_target_forward};
use crate::Reduction;
use nanotorch_autograd::Tensor;
use nanotorch_tensor::Result;

/// `(input - target)^2` elementwise, reduced (`nn.MSELoss`).
///
/// Built from autograd ops, which is exact: the forward is PyTorch's (the square, then
/// the mean as the f32 sum in torch's order over N), and the chain rule gives
/// `(g / N) · 2 (input - target)`, which rounds like PyTorch's fused
/// `(2 / N) (input - target) · g` because scaling by 2 is exact.
///
/// Unlike PyTorch, an input and target of different shapes are an error (PyTorch
/// broadcasts them with a warning, usually a bug such as `[N, 1]` against `[N]`).
///
/// ```
/// use nanotorch_autograd::Tensor;
/// use nanotorch_losses::MSELoss;
/// let input = Tensor::from_slice(&[1.0, 2.0]).requires_grad_(true);
/// let loss = MSELoss::default().forward(&input, &Tensor::from_slice(&[0.0, 4.0]));
/// assert_eq!(loss.item(), 2.5); // (1 + 4) / 2
/// loss.backward();
/// assert_eq!(input.grad().unwrap().to_vec::<f32>(), vec![1.0, -2.0]); // (2/2)(x - y)
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct MSELoss {
    reduction: Reduction,
}

impl MSELoss {
    /// A mean squared error with the default reduction (`Mean`).
    ///
    /// ```
    /// use nanotorch_losses::MSELoss;
    /// assert_eq!(MSELoss::new(), MSELoss::default());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// The loss of `input` against `target`, or an error naming both shapes and the
    /// first differing dim if they differ.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// use nanotorch_losses::MSELoss;
    /// let e = MSELoss::new().try_forward(&Tensor::zeros(&[3, 1]), &Tensor::zeros(&[3])).unwrap_err();
    /// assert_eq!(e.to_string(), "MSELoss: shape [3, 1] does not match [3]: input and target must \
    ///     have the same shape, but input has 2 dims and target 1 (nanotorch does not broadcast them)");
    /// ```
    pub fn try_forward(&self, input: &Tensor, target: &Tensor) -> Result<Tensor> {
        same_shape("MSELoss", input, target)?;
        let diff = input.try_sub(target)?;
        Ok(self.reduction.apply(&diff.pow(2.0)))
    }
}

reduction_builder!(MSELoss);
tensor_target_forward!(
    MSELoss,
    "assert_eq!(MSELoss::new().forward(&Tensor::from_slice(&[3.0]), &Tensor::from_slice(&[1.0])).item(), 4.0);"
);

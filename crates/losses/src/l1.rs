//! [`L1Loss`]: the mean absolute error.

use crate::check::same_shape;
use crate::reduction::{reduction_builder, tensor_target_forward};
use crate::Reduction;
use nanotorch_autograd::Tensor;
use nanotorch_tensor::Result;

/// `|input - target|` elementwise, reduced (`nn.L1Loss`).
///
/// Built from autograd ops (PyTorch's own definition is this composite): the gradient
/// is `g · sign(input - target)`, 0 where they are equal.
/// Input and target of different shapes are an error (PyTorch warns and broadcasts).
///
/// ```
/// use nanotorch_autograd::Tensor;
/// use nanotorch_losses::L1Loss;
/// let input = Tensor::from_slice(&[1.0, 2.0, 5.0]).requires_grad_(true);
/// let loss = L1Loss::default().forward(&input, &Tensor::from_slice(&[0.0, 2.0, 7.0]));
/// assert_eq!(loss.item(), 1.0); // (1 + 0 + 2) / 3
/// loss.backward();
/// let third = 1.0f32 / 3.0;
/// assert_eq!(input.grad().unwrap().to_vec::<f32>(), vec![third, 0.0, -third]);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct L1Loss {
    reduction: Reduction,
}

impl L1Loss {
    /// A mean absolute error with the default reduction (`Mean`).
    ///
    /// ```
    /// use nanotorch_losses::L1Loss;
    /// assert_eq!(L1Loss::new(), L1Loss::default());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// The loss of `input` against `target`, or an error naming both shapes and the
    /// first differing dim if they differ.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// use nanotorch_losses::L1Loss;
    /// let e = L1Loss::new().try_forward(&Tensor::zeros(&[2, 3]), &Tensor::zeros(&[2, 4])).unwrap_err();
    /// assert_eq!(e.to_string(), "L1Loss: shape [2, 3] does not match [2, 4]: input and target must \
    ///     have the same shape, but dim 1 is 3 in input and 4 in target");
    /// ```
    pub fn try_forward(&self, input: &Tensor, target: &Tensor) -> Result<Tensor> {
        same_shape("L1Loss", input, target)?;
        Ok(self.reduction.apply(&input.try_sub(target)?.abs()))
    }
}

reduction_builder!(L1Loss);
tensor_target_forward!(
    L1Loss,
    "assert_eq!(L1Loss::new().forward(&Tensor::from_slice(&[3.0]), &Tensor::from_slice(&[1.0])).item(), 2.0);"
);

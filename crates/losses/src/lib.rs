//! # nanotorch-losses
//!
//! PyTorch's loss functions over [`nanotorch_autograd::Tensor`]: [`MSELoss`],
//! [`L1Loss`], [`HuberLoss`], [`BCELoss`], [`BCEWithLogitsLoss`] and
//! [`CrossEntropyLoss`], each with a [`Reduction`] (`Mean` by default), a
//! `forward(&input, &target)` and a `try_forward` returning a
//! [`Result`].
//!
//! The values and input gradients match PyTorch 2.15's (checked against its fixtures
//! for every loss, reduction and dtype). Where PyTorch only warns, these refuse:
//! an input and target of different shapes are an error for every loss (PyTorch
//! broadcasts them with a warning in `MSELoss`, `L1Loss` and `HuberLoss`).
//!
//! The notebooks' `nn.MSELoss()`:
//!
//! ```
//! use nanotorch_autograd::Tensor;
//! use nanotorch_losses::MSELoss;
//!
//! let x = Tensor::from_slice(&[1.0, 2.0, 3.0, 4.0]);
//! let y = Tensor::from_slice(&[2.0, 4.0, 6.0, 8.0]);
//! let w = Tensor::scalar(0.0).requires_grad_(true);
//! let loss = MSELoss::default().forward(&(&w * &x), &y);
//! assert_eq!(loss.item(), 30.0); // mean((0 - 2x)^2) = 4 (1 + 4 + 9 + 16) / 4
//! loss.backward();
//! assert_eq!(w.grad().unwrap().item(), -30.0); // mean(2 (w x - 2x) x) = -4 mean(x^2)
//! ```

#![warn(missing_docs)]

mod bce;
mod bce_logits;
mod check;
mod cross_entropy;
mod elementwise;
mod huber;
mod l1;
mod log_softmax;
mod mse;
mod reduction;
mod target;

pub use bce::BCELoss;
pub use bce_logits::BCEWithLogitsLoss;
pub use cross_entropy::CrossEntropyLoss;
pub use huber::HuberLoss;
pub use l1::L1Loss;
pub use log_softmax::{log_softmax, try_log_softmax};
pub use mse::MSELoss;
pub use reduction::Reduction;
pub use target::ClassTarget;

use nanotorch_autograd::Tensor;
use nanotorch_tensor::Result;

/// A loss function of an input and a target (PyTorch's `nn.*Loss` modules share this
/// call signature), for code generic over the loss. Every loss also has the same
/// methods inherently, so calling one needs no import of this trait.
///
/// ```
/// use nanotorch_autograd::Tensor;
/// use nanotorch_losses::{L1Loss, Loss, MSELoss};
///
/// let losses: Vec<Box<dyn Loss>> = vec![Box::new(MSELoss::default()), Box::new(L1Loss::default())];
/// let (x, y) = (Tensor::from_slice(&[1.0, 3.0]), Tensor::from_slice(&[0.0, 0.0]));
/// let values: Vec<f64> = losses.iter().map(|l| l.forward(&x, &y).item()).collect();
/// assert_eq!(values, vec![5.0, 2.0]); // mean(1, 9), mean(1, 3)
/// ```
pub trait Loss {
    /// The loss of `input` against `target`, or an error naming the loss, the shapes
    /// and the failing dim or value.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// use nanotorch_losses::{Loss, MSELoss};
    /// let loss: &dyn Loss = &MSELoss::default();
    /// assert!(loss.try_forward(&Tensor::zeros(&[2]), &Tensor::zeros(&[3])).is_err());
    /// ```
    fn try_forward(&self, input: &Tensor, target: &Tensor) -> Result<Tensor>;

    /// The loss of `input` against `target`.
    ///
    /// # Panics
    /// On the errors of [`try_forward`](Loss::try_forward).
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// use nanotorch_losses::{Loss, MSELoss};
    /// let loss: &dyn Loss = &MSELoss::default();
    /// assert_eq!(loss.forward(&Tensor::from_slice(&[3.0]), &Tensor::from_slice(&[1.0])).item(), 4.0);
    /// ```
    #[track_caller]
    fn forward(&self, input: &Tensor, target: &Tensor) -> Tensor {
        nanotorch_tensor::error::unwrap(self.try_forward(input, target))
    }
}

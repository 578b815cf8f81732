//! [`Flatten`]: merges a range of dims into one (`torch.nn.Flatten`).

use crate::module::Module;
use nanotorch_autograd::Tensor;
use nanotorch_tensor::Result;

/// Merges dims `start_dim..=end_dim` into one (`nn.Flatten(start_dim=1, end_dim=-1)`);
/// negative dims count from the end. [`Default`] is PyTorch's `(1, -1)`, which keeps
/// the batch dim; the sine-fit notebook uses `Flatten::new(0, 1)` to turn `[2000, 1]`
/// into `[2000]`.
///
/// ```
/// use nanotorch_autograd::Tensor;
/// use nanotorch_nn::{Flatten, Module};
/// let x = Tensor::zeros(&[2, 3, 4]);
/// assert_eq!(Flatten::default().forward(&x).shape().as_slice(), &[2, 12]);
/// assert_eq!(Flatten::new(0, 1).forward(&x).shape().as_slice(), &[6, 4]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Flatten {
    start_dim: isize,
    end_dim: isize,
}

impl Flatten {
    /// Flattens dims `start_dim..=end_dim`; out-of-range dims are reported by
    /// [`try_forward`](Module::try_forward), when the input's rank is known.
    ///
    /// ```
    /// use nanotorch_nn::Flatten;
    /// assert_eq!(Flatten::new(0, 1).start_dim(), 0);
    /// ```
    pub fn new(start_dim: isize, end_dim: isize) -> Flatten {
        Flatten { start_dim, end_dim }
    }

    /// The first dim merged.
    ///
    /// ```
    /// use nanotorch_nn::Flatten;
    /// assert_eq!(Flatten::default().start_dim(), 1);
    /// ```
    pub fn start_dim(&self) -> isize {
        self.start_dim
    }

    /// The last dim merged (inclusive).
    ///
    /// ```
    /// use nanotorch_nn::Flatten;
    /// assert_eq!(Flatten::default().end_dim(), -1);
    /// ```
    pub fn end_dim(&self) -> isize {
        self.end_dim
    }
}

impl Default for Flatten {
    /// `Flatten(start_dim=1, end_dim=-1)`, PyTorch's default.
    fn default() -> Self {
        Flatten::new(1, -1)
    }
}

impl Module for Flatten {
    /// `x.flatten(start_dim, end_dim)`, or an error naming the shape and the dim out
    /// of range.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// use nanotorch_nn::{Flatten, Module};
    /// assert!(Flatten::new(0, 2).try_forward(&Tensor::zeros(&[2, 3])).is_err());
    /// ```
    fn try_forward(&self, x: &Tensor) -> Result<Tensor> {
        x.try_flatten(self.start_dim, self.end_dim)
    }
}

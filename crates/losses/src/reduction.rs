//! [`Reduction`]: how a loss combines its per-element values.

use nanotorch_autograd::Tensor;

/// How the per-element losses are combined (PyTorch's `reduction=` argument).
///
/// ```
/// use nanotorch_autograd::Tensor;
/// use nanotorch_losses::{L1Loss, Reduction};
/// let (x, y) = (Tensor::from_slice(&[1.0, -3.0]), Tensor::zeros(&[2]));
/// assert_eq!(Reduction::default(), Reduction::Mean);
/// assert_eq!(L1Loss::default().forward(&x, &y).item(), 2.0);
/// assert_eq!(L1Loss::default().with_reduction(Reduction::Sum).forward(&x, &y).item(), 4.0);
/// let none = L1Loss::default().with_reduction(Reduction::None).forward(&x, &y);
/// assert_eq!(none.to_vec::<f32>(), vec![1.0, 3.0]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Reduction {
    /// The mean of the elements (`'mean'`, the default). Cross entropy with class
    /// weights divides by the sum of the weights of the targets instead.
    #[default]
    Mean,
    /// The sum of the elements (`'sum'`).
    Sum,
    /// No reduction: one loss per element (`'none'`).
    None,
}

impl Reduction {
    /// The name PyTorch uses for this reduction (`"mean"`, `"sum"`, `"none"`).
    ///
    /// ```
    /// use nanotorch_losses::Reduction;
    /// assert_eq!(Reduction::Sum.as_str(), "sum");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Reduction::Mean => "mean",
            Reduction::Sum => "sum",
            Reduction::None => "none",
        }
    }

    /// Applies this reduction to per-element losses, with autograd's `mean`/`sum`
    /// (PyTorch's `apply_loss_reduction`: the mean is the sum, in torch's order, over
    /// the element count).
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// use nanotorch_losses::Reduction;
    /// let l = Tensor::from_slice(&[1.0, 2.0, 6.0]);
    /// assert_eq!(Reduction::Mean.apply(&l).item(), 3.0);
    /// assert_eq!(Reduction::Sum.apply(&l).item(), 9.0);
    /// assert_eq!(Reduction::None.apply(&l).numel(), 3);
    /// ```
    pub fn apply(self, loss: &Tensor) -> Tensor {
        match self {
            Reduction::Mean => loss.mean(),
            Reduction::Sum => loss.sum(),
            Reduction::None => loss.clone(),
        }
    }
}

impl std::fmt::Display for Reduction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `with_reduction` and `reduction` for a loss struct with a `reduction` field.
macro_rules! reduction_builder {
    ($Ty:ident) => {
        impl $Ty {
            #[doc = concat!("This loss with `reduction` (builder style, as `nn.", stringify!($Ty), "(reduction='sum')`).")]
            ///
            /// ```
            #[doc = concat!("use nanotorch_losses::{", stringify!($Ty), ", Reduction};")]
            #[doc = concat!("let loss = ", stringify!($Ty), "::default().with_reduction(Reduction::Sum);")]
            /// assert_eq!(loss.reduction(), Reduction::Sum);
            /// ```
            #[must_use]
            pub fn with_reduction(mut self, reduction: $crate::Reduction) -> Self {
                self.reduction = reduction;
                self
            }

            /// The reduction this loss applies.
            ///
            /// ```
            #[doc = concat!("use nanotorch_losses::{", stringify!($Ty), ", Reduction};")]
            #[doc = concat!("assert_eq!(", stringify!($Ty), "::default().reduction(), Reduction::Mean);")]
            /// ```
            pub fn reduction(&self) -> $crate::Reduction {
                self.reduction
            }
        }
    };
}

/// The panicking `forward` and the [`Loss`](crate::Loss) impl of a loss whose target
/// is a tensor like its input; `$example` is a doc-test body ending in an assertion.
macro_rules! tensor_target_forward {
    ($Ty:ident, $example:literal) => {
        impl $Ty {
            #[doc = concat!("The loss of `input` against `target` (`nn.", stringify!($Ty), "()(input, target)`).")]
            ///
            /// # Panics
            #[doc = concat!("On the errors of [`try_forward`](", stringify!($Ty), "::try_forward).")]
            ///
            /// ```
            /// use nanotorch_autograd::Tensor;
            #[doc = concat!("use nanotorch_losses::", stringify!($Ty), ";")]
            #[doc = $example]
            /// ```
            #[track_caller]
            pub fn forward(
                &self,
                input: &nanotorch_autograd::Tensor,
                target: &nanotorch_autograd::Tensor,
            ) -> nanotorch_autograd::Tensor {
                nanotorch_tensor::error::unwrap(self.try_forward(input, target))
            }
        }

        impl $crate::Loss for $Ty {
            fn try_forward(
                &self,
                input: &nanotorch_autograd::Tensor,
                target: &nanotorch_autograd::Tensor,
            ) -> nanotorch_tensor::Result<nanotorch_autograd::Tensor> {
                $Ty::try_forward(self, input, target)
            }
        }
    };
}

pub(crate) use {reduction_builder, tensor_target_forward};

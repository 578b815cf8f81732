//! [`CrossEntropyLoss`]: log-softmax of logits, then the negative log-likelihood of
//! the target classes.

use crate::check::{index_str, value_str};
use crate::log_softmax::try_log_softmax;
use crate::reduction::reduction_builder;
use crate::target::ClassTarget;
use crate::{Loss, Reduction};
use nanotorch_autograd::Tensor;
use nanotorch_tensor::error::unwrap;
use nanotorch_tensor::{Array, Error, Result};

const NAME: &str = "CrossEntropyLoss";

/// Cross entropy of logits `x` (`[N, C]`, `[C]` unbatched, or `[N, C, d1, ...]`)
/// against class indices `t` (`[N]`, `[]`, `[N, d1, ...]`): `-w[t_i] log_softmax(x_i)[t_i]`
/// per sample, reduced (`nn.CrossEntropyLoss`). With class weights `w`, `Mean`
/// divides by `Σ w[t_i]` (PyTorch's weighted mean), otherwise by the sample count.
///
/// The log-softmax subtracts the row maximum, so logits of any size are fine (see
/// [`log_softmax`](crate::log_softmax), a custom function with PyTorch's gradient
/// `g - softmax Σ g`); the rest is autograd ops, which round as PyTorch's `nll_loss`.
///
/// Errors: a target whose shape is not the input's without the class dim; a target
/// value that is not an integer or not in `[0, C)`; a weight that is not `[C]`.
/// Not supported: `ignore_index`, `label_smoothing`, and class-probability targets.
///
/// ```
/// use nanotorch_autograd::Tensor;
/// use nanotorch_losses::CrossEntropyLoss;
/// let logits = Tensor::from_vec(vec![0.0, 0.0, 1000.0, 0.0], &[2, 2]).requires_grad_(true);
/// let loss = CrossEntropyLoss::default().forward(&logits, &[1, 0]);
/// assert_eq!(loss.item(), (2f32.ln() + 0.0) as f64 / 2.0); // ln 2 and 0 (a sure class 0)
/// loss.backward();
/// // (softmax - onehot) / N
/// assert_eq!(logits.grad().unwrap().to_vec::<f32>(), vec![0.25, -0.25, 0.0, 0.0]);
/// ```
#[derive(Debug, Clone, Default)]
pub struct CrossEntropyLoss {
    reduction: Reduction,
    weight: Option<Tensor>,
}

impl CrossEntropyLoss {
    /// A cross entropy with the default reduction (`Mean`) and no class weights.
    ///
    /// ```
    /// use nanotorch_losses::CrossEntropyLoss;
    /// assert!(CrossEntropyLoss::new().weight().is_none());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// This loss with class weights `weight` (shape `[C]`, used as constants), as
    /// `weight=` in PyTorch.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// use nanotorch_losses::CrossEntropyLoss;
    /// let loss = CrossEntropyLoss::new().with_weight(Tensor::from_slice(&[1.0, 3.0]));
    /// // losses ln 2 (weight 1) and ln 2 (weight 3): (ln 2 + 3 ln 2) / (1 + 3)
    /// let l = loss.forward(&Tensor::zeros(&[2, 2]), &[0, 1]);
    /// assert_eq!(l.item(), 2f32.ln() as f64);
    /// ```
    #[must_use]
    pub fn with_weight(mut self, weight: Tensor) -> Self {
        self.weight = Some(weight);
        self
    }

    /// The class weights, if any.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// use nanotorch_losses::CrossEntropyLoss;
    /// let w = Tensor::ones(&[3]);
    /// assert!(CrossEntropyLoss::new().with_weight(w.clone()).weight().unwrap().is_same(&w));
    /// ```
    pub fn weight(&self) -> Option<&Tensor> {
        self.weight.as_ref()
    }

    /// The loss of logits `input` against class indices `target`, or an error naming
    /// the shapes and the failing dim or target value.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// use nanotorch_losses::CrossEntropyLoss;
    /// let e = CrossEntropyLoss::new().try_forward(&Tensor::zeros(&[2, 3]), &[0, 3]).unwrap_err();
    /// assert_eq!(e.to_string(), "CrossEntropyLoss: target[1] = 3 is out of range for 3 classes \
    ///     (expected 0 to 2; input shape [2, 3], target shape [2])");
    /// ```
    pub fn try_forward<T: ClassTarget + ?Sized>(
        &self,
        input: &Tensor,
        target: &T,
    ) -> Result<Tensor> {
        let shape = input.shape();
        if shape.is_empty() {
            return Err(Error::invalid(
                NAME,
                "input must have a class dim, but it has shape [] (expected [C], [N, C] or [N, C, d1, ...])",
            ));
        }
        let class_dim = usize::from(shape.len() > 1);
        let classes = shape[class_dim];
        let (values, tshape) = target.class_indices();
        check_target_shape(&shape, class_dim, &tshape)?;
        let mut indices = Vec::with_capacity(values.len());
        for (i, &v) in values.iter().enumerate() {
            let context = || {
                format!(
                    "input shape {:?}, target shape {tshape:?}",
                    shape.as_slice()
                )
            };
            let at = index_str(i, &tshape);
            if !v.is_finite() || v.fract() != 0.0 {
                return Err(Error::invalid(
                    NAME,
                    format!(
                        "target{at} = {} is not a class index (an integer) ({})",
                        value_str(v, nanotorch_tensor::DType::F64),
                        context()
                    ),
                ));
            }
            if v < 0.0 || v >= classes as f64 {
                return Err(Error::invalid(
                    NAME,
                    format!(
                        "target{at} = {v} is out of range for {classes} classes (expected 0 to {}; {})",
                        classes as i64 - 1,
                        context()
                    ),
                ));
            }
            indices.push(v as usize);
        }
        let dtype = input.dtype();
        let weights = match &self.weight {
            None => None,
            Some(w) if w.shape().as_slice() == [classes] => {
                let w = w.to_vec::<f64>();
                let wt: Vec<f64> = indices.iter().map(|&c| w[c]).collect();
                Some(Array::from_vec_f64(wt, &tshape).to_dtype(dtype))
            }
            Some(w) => {
                return Err(Error::invalid(
                    NAME,
                    format!(
                        "weight of shape {:?} does not give one weight per class: expected shape \
                         [{classes}] for input shape {:?} (class dim {class_dim})",
                        w.shape().as_slice(),
                        shape.as_slice()
                    ),
                ));
            }
        };

        // A mask of the target class of every sample, in the input's layout.
        let inner: usize = shape[class_dim + 1..].iter().product();
        let mut mask = vec![0.0f32; input.numel()];
        for (j, &c) in indices.iter().enumerate() {
            let (n, r) = (j / inner.max(1), j % inner.max(1));
            mask[(n * classes + c) * inner + r] = 1.0;
        }
        let mask = Tensor::from_array(Array::from_vec(mask, &shape));

        let logp = try_log_softmax(input, class_dim as isize)?;
        let picked = Tensor::try_where_cond(&mask, &logp, &logp.zeros_like())?
            .try_sum_dims(&[class_dim as isize], false)?;
        // PyTorch's nll_loss: -w[t] log p[t] per sample; the mean divides the sum by
        // the total weight of the targets (the sample count without weights).
        let (loss, total) = match &weights {
            Some(wt) => (
                picked.try_mul(&Tensor::from_array(wt.clone()))?.neg(),
                Some(wt.sum()),
            ),
            None => (picked.neg(), None),
        };
        Ok(match (self.reduction, total) {
            (Reduction::None, _) => loss,
            (Reduction::Sum, _) => loss.sum(),
            (Reduction::Mean, Some(total)) => loss.sum().try_div(&Tensor::from_array(total))?,
            (Reduction::Mean, None) => loss.sum().div_scalar(indices.len() as f64),
        })
    }

    /// The loss of logits `input` against class indices `target`
    /// (`nn.CrossEntropyLoss()(input, target)`).
    ///
    /// # Panics
    /// On the errors of [`try_forward`](CrossEntropyLoss::try_forward).
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// use nanotorch_losses::CrossEntropyLoss;
    /// let loss = CrossEntropyLoss::new().forward(&Tensor::zeros(&[4]), &Tensor::scalar(2.0));
    /// assert_eq!(loss.item(), 4f32.ln() as f64); // unbatched: 4 equally likely classes
    /// ```
    #[track_caller]
    pub fn forward<T: ClassTarget + ?Sized>(&self, input: &Tensor, target: &T) -> Tensor {
        unwrap(self.try_forward(input, target))
    }
}

reduction_builder!(CrossEntropyLoss);

impl Loss for CrossEntropyLoss {
    fn try_forward(&self, input: &Tensor, target: &Tensor) -> Result<Tensor> {
        CrossEntropyLoss::try_forward(self, input, target)
    }
}

/// The target's shape must be the input's without the class dim.
fn check_target_shape(shape: &[usize], class_dim: usize, tshape: &[usize]) -> Result<()> {
    let mut want = shape.to_vec();
    want.remove(class_dim);
    if tshape == want.as_slice() {
        return Ok(());
    }
    let why = if tshape == shape {
        "class-probability targets (the input's shape) are not supported; give class indices"
            .to_string()
    } else if tshape.len() != want.len() {
        format!(
            "expected a target of shape {want:?} (the input's without class dim {class_dim}), \
             but the target has {} dims",
            tshape.len()
        )
    } else {
        let d = (0..want.len()).find(|&d| want[d] != tshape[d]).unwrap_or(0);
        format!(
            "expected a target of shape {want:?} (the input's without class dim {class_dim}), \
             but target dim {d} is {} instead of {}",
            tshape[d], want[d]
        )
    };
    Err(Error::ShapeMismatch {
        op: NAME,
        lhs: shape.to_vec(),
        rhs: tshape.to_vec(),
        why,
    })
}

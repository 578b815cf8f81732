//! The entry points of the backward pass: `Tensor::backward*` and `grad`.

use crate::engine::{not_requiring_grad, run, Sink};
use crate::tensor::Tensor;
use nanotorch_tensor::{Error, Result};

/// The seed gradient for `root`: `gradient`, checked against the root's shape, or
/// ones for a one-element root.
fn seed(root: &Tensor, gradient: Option<&Tensor>, i: usize) -> Result<Tensor> {
    let shape = root.shape();
    match gradient {
        Some(g) => {
            let gs = g.shape();
            if gs != shape {
                return Err(Error::ShapeMismatch {
                    op: "backward",
                    lhs: gs.to_vec(),
                    rhs: shape.to_vec(),
                    why: format!("the gradient for output {i} must have the output's shape"),
                });
            }
            Ok(g.clone())
        }
        None => {
            if shape.iter().product::<usize>() != 1 {
                return Err(Error::invalid(
                    "backward",
                    format!(
                        "grad can be implicitly created only for scalar outputs, but output {i} has shape {:?}; \
                         pass a gradient (backward_with)",
                        shape.as_slice()
                    ),
                ));
            }
            Ok(root.ones_like())
        }
    }
}

impl Tensor {
    /// Backward from this tensor with full control (`tensor.backward(gradient,
    /// retain_graph, create_graph)`): `gradient` is required unless the tensor has
    /// one element; `retain_graph` defaults to `create_graph`. Errors: the tensor does
    /// not require grad; no gradient for a non-scalar; a graph already freed; a saved
    /// tensor modified in place.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// let x = Tensor::scalar(2.0).requires_grad_(true);
    /// let y = &x * &x * &x;
    /// y.try_backward_with(None, None, true).unwrap();
    /// let g = x.grad().unwrap(); // 3x^2 = 12, itself differentiable
    /// assert_eq!(g.item(), 12.0);
    /// assert_eq!(g.grad_fn(), Some("AddBackward0"));
    /// ```
    pub fn try_backward_with(
        &self,
        gradient: Option<&Tensor>,
        retain_graph: Option<bool>,
        create_graph: bool,
    ) -> Result<()> {
        if !self.requires_grad() {
            return Err(not_requiring_grad(0));
        }
        let seed = seed(self, gradient, 0)?;
        run(
            &[(self, seed)],
            Sink::Leaves,
            retain_graph.unwrap_or(create_graph),
            create_graph,
        )?;
        Ok(())
    }

    /// Backward from a one-element tensor (`loss.backward()`), or an error (see
    /// [`try_backward_with`](Tensor::try_backward_with)).
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// let e = Tensor::ones(&[2]).try_backward().unwrap_err();
    /// assert_eq!(e.to_string(), "backward: element 0 of tensors does not require grad and does not have a grad_fn");
    /// ```
    pub fn try_backward(&self) -> Result<()> {
        self.try_backward_with(None, None, false)
    }

    /// Backward from a one-element tensor, accumulating into every leaf's `.grad`.
    ///
    /// # Panics
    /// On the errors of [`try_backward_with`](Tensor::try_backward_with).
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// let w = Tensor::scalar(2.0).requires_grad_(true);
    /// (&w * &w).backward(); // d(w^2)/dw = 2w = 4
    /// assert_eq!(w.grad().unwrap().item(), 4.0);
    /// ```
    #[track_caller]
    pub fn backward(&self) {
        nanotorch_tensor::error::unwrap(self.try_backward())
    }

    /// Backward from any tensor with the given gradient of the final result with
    /// respect to it (`y.backward(gradient)`).
    ///
    /// # Panics
    /// On the errors of [`try_backward_with`](Tensor::try_backward_with).
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// let x = Tensor::from_slice(&[1.0, 2.0]).requires_grad_(true);
    /// (&x * 3.0).backward_with(&Tensor::from_slice(&[1.0, 10.0]));
    /// assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![3.0, 30.0]);
    /// ```
    #[track_caller]
    pub fn backward_with(&self, gradient: &Tensor) {
        nanotorch_tensor::error::unwrap(self.try_backward_with(Some(gradient), None, false))
    }
}

/// The gradients of `outputs` with respect to `inputs` (`torch.autograd.grad`),
/// without touching any `.grad`; `None` for an input the outputs do not depend on.
/// `grad_outputs` defaults to ones (one-element outputs only); `retain_graph`
/// defaults to `create_graph`.
///
/// ```
/// use nanotorch_autograd::{try_grad_allow_unused, Tensor};
/// let x = Tensor::scalar(1.0).requires_grad_(true);
/// let z = Tensor::scalar(1.0).requires_grad_(true);
/// let g = try_grad_allow_unused(&[&(&x * 2.0)], &[&x, &z], None, None, false).unwrap();
/// assert_eq!(g[0].as_ref().unwrap().item(), 2.0);
/// assert!(g[1].is_none());
/// ```
pub fn try_grad_allow_unused(
    outputs: &[&Tensor],
    inputs: &[&Tensor],
    grad_outputs: Option<&[&Tensor]>,
    retain_graph: Option<bool>,
    create_graph: bool,
) -> Result<Vec<Option<Tensor>>> {
    if let Some(g) = grad_outputs {
        if g.len() != outputs.len() {
            return Err(Error::invalid(
                "grad",
                format!("got {} grad_outputs for {} outputs", g.len(), outputs.len()),
            ));
        }
    }
    let mut edges = Vec::with_capacity(inputs.len());
    for (i, t) in inputs.iter().enumerate() {
        let st = t.read();
        let e = t.edge_of(&st);
        if !e.is_some() {
            return Err(Error::invalid(
                "grad",
                format!("input {i} does not require grad; every differentiated tensor must require grad"),
            ));
        }
        edges.push(e);
    }
    let mut roots = Vec::with_capacity(outputs.len());
    for (i, o) in outputs.iter().enumerate() {
        roots.push((*o, seed(o, grad_outputs.map(|g| g[i]), i)?));
    }
    run(
        &roots,
        Sink::Inputs(&edges),
        retain_graph.unwrap_or(create_graph),
        create_graph,
    )
}

/// Like [`try_grad_allow_unused`], but an input the outputs do not depend on is an
/// error, as in PyTorch with `allow_unused=False`.
///
/// ```
/// use nanotorch_autograd::{try_grad, Tensor};
/// let x = Tensor::scalar(1.0).requires_grad_(true);
/// let z = Tensor::scalar(1.0).requires_grad_(true);
/// assert!(try_grad(&[&(&x * 2.0)], &[&z], None, None, false).is_err());
/// ```
pub fn try_grad(
    outputs: &[&Tensor],
    inputs: &[&Tensor],
    grad_outputs: Option<&[&Tensor]>,
    retain_graph: Option<bool>,
    create_graph: bool,
) -> Result<Vec<Tensor>> {
    let gs = try_grad_allow_unused(outputs, inputs, grad_outputs, retain_graph, create_graph)?;
    gs.into_iter()
        .enumerate()
        .map(|(i, g)| {
            g.ok_or_else(|| {
                Error::invalid(
                    "grad",
                    format!("input {i} does not appear in the graph of the outputs; use try_grad_allow_unused"),
                )
            })
        })
        .collect()
}

/// The gradients of `outputs` with respect to `inputs` (`torch.autograd.grad`).
///
/// # Panics
/// On the errors of [`try_grad`].
///
/// ```
/// use nanotorch_autograd::{grad, Tensor};
/// let x = Tensor::scalar(3.0).requires_grad_(true);
/// let y = &x * &x * &x;
/// let dy = grad(&[&y], &[&x], None, None, true).remove(0); // 3x^2 = 27
/// let d2y = grad(&[&dy], &[&x], None, None, false).remove(0); // 6x = 18
/// assert_eq!((dy.item(), d2y.item()), (27.0, 18.0));
/// ```
#[track_caller]
pub fn grad(
    outputs: &[&Tensor],
    inputs: &[&Tensor],
    grad_outputs: Option<&[&Tensor]>,
    retain_graph: Option<bool>,
    create_graph: bool,
) -> Vec<Tensor> {
    nanotorch_tensor::error::unwrap(try_grad(
        outputs,
        inputs,
        grad_outputs,
        retain_graph,
        create_graph,
    ))
}

//! [`Tensor`]: an [`Array`] plus what reverse-mode autodiff needs.

use crate::node::NodeRef;
use nanotorch_tensor::error::unwrap;
use nanotorch_tensor::shape::Dims;
use nanotorch_tensor::{Array, DType, Element, Error, Result};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

/// A tensor that can record the ops applied to it, like `torch.Tensor`.
///
/// Cloning is cheap and gives another handle to the same tensor (as assigning a
/// Python variable does): an in-place update through one handle is seen by all.
/// `Tensor` is `Send + Sync`.
///
/// ```
/// use nanotorch_autograd::Tensor;
/// let x = Tensor::from_slice(&[1.0, 2.0, 3.0, 4.0]);
/// let w = Tensor::scalar(0.0).requires_grad_(true);
/// let loss = (&w * &x - &x * 2.0).pow(2.0).mean();
/// loss.backward();
/// // d/dw mean((w x - 2x)^2) = mean(2 (w x - 2x) x) = -4 mean(x^2) = -30 at w = 0
/// assert_eq!(w.grad().unwrap().item(), -30.0);
/// ```
#[derive(Clone)]
pub struct Tensor(pub(crate) Arc<TensorImpl>);

/// The shared body of a tensor.
pub(crate) struct TensorImpl {
    pub(crate) state: RwLock<State>,
    pub(crate) grad: Mutex<Option<Tensor>>,
}

/// What in-place ops may change, under one lock.
pub(crate) struct State {
    pub(crate) data: Array,
    /// The node that made this tensor; `None` for a leaf.
    pub(crate) grad_fn: Option<NodeRef>,
    pub(crate) requires_grad: bool,
    /// Bumped by every in-place modification (checked against saved tensors).
    pub(crate) version: u64,
}

impl Tensor {
    // ---- construction ---------------------------------------------------------

    pub(crate) fn with_state(data: Array, grad_fn: Option<NodeRef>, requires_grad: bool) -> Tensor {
        Tensor(Arc::new(TensorImpl {
            state: RwLock::new(State {
                data,
                grad_fn,
                requires_grad,
                version: 0,
            }),
            grad: Mutex::new(None),
        }))
    }

    /// The output of a recorded op.
    pub(crate) fn from_node(data: Array, node: NodeRef) -> Tensor {
        Tensor::with_state(data, Some(node), true)
    }

    // ---- locking ----------------------------------------------------------------

    #[inline]
    pub(crate) fn read(&self) -> RwLockReadGuard<'_, State> {
        self.0.state.read().unwrap_or_else(PoisonError::into_inner)
    }

    #[inline]
    pub(crate) fn write(&self) -> RwLockWriteGuard<'_, State> {
        self.0.state.write().unwrap_or_else(PoisonError::into_inner)
    }

    #[inline]
    pub(crate) fn grad_slot(&self) -> MutexGuard<'_, Option<Tensor>> {
        self.0.grad.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A new handle with its own identity holding the same data and `grad_fn`
    /// (PyTorch's shallow copy), so that in-place writes to one don't reach the other.
    pub(crate) fn shallow_clone(&self) -> Tensor {
        let st = self.read();
        Tensor::with_state(st.data.clone(), st.grad_fn.clone(), st.requires_grad)
    }

    // ---- data access ------------------------------------------------------------

    /// The values as an [`Array`] (shares the buffer; later in-place updates of the
    /// tensor do not show through, since arrays copy on write).
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// assert_eq!(Tensor::scalar(2.0).array().item(), 2.0);
    /// ```
    pub fn array(&self) -> Array {
        self.read().data.clone()
    }

    /// The dims, outermost first.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// assert_eq!(Tensor::zeros(&[2, 3]).shape().as_slice(), &[2, 3]);
    /// ```
    pub fn shape(&self) -> Dims {
        Dims::from_slice(self.read().data.shape())
    }

    /// Number of dims.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// assert_eq!(Tensor::scalar(1.0).ndim(), 0);
    /// ```
    pub fn ndim(&self) -> usize {
        self.read().data.ndim()
    }

    /// Number of elements.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// assert_eq!(Tensor::zeros(&[2, 3]).numel(), 6);
    /// ```
    pub fn numel(&self) -> usize {
        self.read().data.numel()
    }

    /// The element type.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// use nanotorch_tensor::DType;
    /// assert_eq!(Tensor::scalar(1.0).dtype(), DType::F32);
    /// ```
    pub fn dtype(&self) -> DType {
        self.read().data.dtype()
    }

    /// The single element as `f64`, or an error unless there is exactly one.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// assert!(Tensor::zeros(&[2]).try_item().is_err());
    /// ```
    pub fn try_item(&self) -> Result<f64> {
        self.read().data.try_item()
    }

    /// The single element as `f64` (`tensor.item()`).
    ///
    /// # Panics
    /// Unless the tensor has exactly one element.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// assert_eq!(Tensor::from_slice(&[4.0]).item(), 4.0);
    /// ```
    #[track_caller]
    pub fn item(&self) -> f64 {
        unwrap(self.try_item())
    }

    /// All elements in row-major order, converted to `T`.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// assert_eq!(Tensor::from_slice(&[1.0, 2.0]).to_vec::<f64>(), vec![1.0, 2.0]);
    /// ```
    pub fn to_vec<T: Element>(&self) -> Vec<T> {
        self.read().data.to_vec::<T>()
    }

    /// How many times this tensor was modified in place (`tensor._version`).
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// let t = Tensor::zeros(&[2]);
    /// t.add_(&Tensor::ones(&[2]));
    /// assert_eq!(t.version(), 1);
    /// ```
    pub fn version(&self) -> u64 {
        self.read().version
    }

    /// True if `self` and `other` are handles to the same tensor.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// let a = Tensor::scalar(1.0);
    /// assert!(a.is_same(&a.clone()) && !a.is_same(&Tensor::scalar(1.0)));
    /// ```
    pub fn is_same(&self, other: &Tensor) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }

    // ---- autograd metadata ------------------------------------------------------

    /// True if gradients are computed for this tensor.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// assert!(!Tensor::scalar(1.0).requires_grad());
    /// ```
    pub fn requires_grad(&self) -> bool {
        self.read().requires_grad
    }

    /// Sets `requires_grad` on a leaf and returns a handle to it, or an error when
    /// asked to turn it off on a non-leaf (use [`detach`](Tensor::detach)).
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// let w = Tensor::scalar(1.0).requires_grad_(true);
    /// let e = (&w * 2.0).try_requires_grad_(false).unwrap_err();
    /// assert!(e.to_string().starts_with("requires_grad_: you can only change requires_grad flags of leaf"));
    /// ```
    pub fn try_requires_grad_(&self, requires_grad: bool) -> Result<Tensor> {
        let mut st = self.write();
        if st.grad_fn.is_some() {
            if requires_grad {
                return Ok(self.clone());
            }
            return Err(Error::invalid(
                "requires_grad_",
                "you can only change requires_grad flags of leaf variables; use detach() to get a tensor \
                 that does not require grad",
            ));
        }
        st.requires_grad = requires_grad;
        Ok(self.clone())
    }

    /// Sets `requires_grad` on a leaf and returns a handle to it
    /// (`torch.tensor(0.0, requires_grad=True)` is `Tensor::scalar(0.0).requires_grad_(true)`).
    ///
    /// # Panics
    /// When asked to turn it off on a non-leaf.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// let w = Tensor::scalar(0.0).requires_grad_(true);
    /// assert!(w.requires_grad() && w.is_leaf());
    /// ```
    #[track_caller]
    pub fn requires_grad_(&self, requires_grad: bool) -> Tensor {
        unwrap(self.try_requires_grad_(requires_grad))
    }

    /// True for a tensor no recorded op made (all tensors that don't require grad are
    /// leaves too, as in PyTorch).
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// let w = Tensor::scalar(1.0).requires_grad_(true);
    /// assert!(w.is_leaf() && !(&w + 1.0).is_leaf());
    /// ```
    pub fn is_leaf(&self) -> bool {
        self.read().grad_fn.is_none()
    }

    /// The name of the op that made this tensor (`grad_fn=<MulBackward0>`), or `None`
    /// for a leaf.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// let w = Tensor::scalar(1.0).requires_grad_(true);
    /// assert_eq!((&w * 2.0).grad_fn(), Some("MulBackward0"));
    /// ```
    pub fn grad_fn(&self) -> Option<&'static str> {
        self.read().grad_fn.as_ref().map(|n| n.name())
    }

    /// A new leaf sharing this tensor's values, outside the graph (`detach()`).
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// let w = Tensor::scalar(3.0).requires_grad_(true);
    /// let d = (&w * 2.0).detach();
    /// assert!(!d.requires_grad() && d.is_leaf() && d.item() == 6.0);
    /// ```
    pub fn detach(&self) -> Tensor {
        Tensor::from_array(self.array())
    }

    /// The accumulated gradient (`.grad`): `None` until a backward pass reaches this
    /// leaf. The returned handle is the stored gradient itself, so `zero_()` on it
    /// zeroes the stored gradient, as `w.grad.zero_()` does.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// let w = Tensor::scalar(1.0).requires_grad_(true);
    /// assert!(w.grad().is_none());
    /// (&w * 3.0).backward();
    /// assert_eq!(w.grad().unwrap().item(), 3.0);
    /// ```
    pub fn grad(&self) -> Option<Tensor> {
        self.grad_slot().clone()
    }

    /// Replaces the stored gradient (`w.grad = None` is `w.set_grad(None)`), or an
    /// error if the new gradient's shape differs from this tensor's.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// let w = Tensor::zeros(&[2]);
    /// assert!(w.try_set_grad(Some(Tensor::zeros(&[3]))).is_err());
    /// ```
    pub fn try_set_grad(&self, grad: Option<Tensor>) -> Result<()> {
        if let Some(g) = &grad {
            let (gs, s) = (g.shape(), self.shape());
            if gs != s {
                return Err(Error::ShapeMismatch {
                    op: "set_grad",
                    lhs: gs.to_vec(),
                    rhs: s.to_vec(),
                    why: "the gradient must have the shape of the tensor".into(),
                });
            }
        }
        *self.grad_slot() = grad;
        Ok(())
    }

    /// Replaces the stored gradient; `set_grad(None)` is PyTorch's `w.grad = None`.
    ///
    /// # Panics
    /// If the new gradient's shape differs from this tensor's.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// let w = Tensor::scalar(1.0).requires_grad_(true);
    /// (&w * 3.0).backward();
    /// w.set_grad(None);
    /// assert!(w.grad().is_none());
    /// ```
    #[track_caller]
    pub fn set_grad(&self, grad: Option<Tensor>) {
        unwrap(self.try_set_grad(grad))
    }

    /// Zeroes the stored gradient in place, if there is one (`w.grad.zero_()`).
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// let w = Tensor::scalar(1.0).requires_grad_(true);
    /// (&w * 3.0).backward();
    /// w.zero_grad();
    /// assert_eq!(w.grad().unwrap().item(), 0.0);
    /// ```
    pub fn zero_grad(&self) {
        let g = self.grad();
        if let Some(g) = g {
            crate::grad_mode::no_grad(|| g.zero_());
        }
    }
}

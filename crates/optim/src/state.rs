//! Optimizer state: per-parameter buffers and step counts, and the [`StateDict`]
//! that saves and restores them (`optimizer.state_dict()` in PyTorch).
//!
//! ```
//! use nanotorch_autograd::Tensor;
//! use nanotorch_optim::{Optimizer, StateValue, SGD, SgdOptions};
//!
//! let w = Tensor::from_slice(&[1.0, 2.0]).requires_grad_(true);
//! let mut opt = SGD::with_options(vec![w.clone()], SgdOptions::new(0.1).momentum(0.9));
//! w.set_grad(Some(Tensor::from_slice(&[1.0, 1.0])));
//! opt.step();
//! let sd = opt.state_dict();
//! // the first momentum buffer is the gradient itself
//! let buf = sd.state[&0]["momentum_buffer"].as_array().unwrap();
//! assert_eq!(buf.to_vec::<f32>(), vec![1.0, 1.0]);
//! assert!(matches!(sd.param_groups[0]["lr"], StateValue::Number(lr) if lr == 0.1));
//! ```

use nanotorch_tensor::{Array, Element};
use std::any::Any;
use std::collections::BTreeMap;

/// One entry of a state dict: a buffer, a number (step count, hyper-parameter), a
/// flag, or a list of parameter indices (a group's `params`).
///
/// ```
/// use nanotorch_optim::StateValue;
/// assert_eq!(StateValue::Number(3.0).as_number(), Some(3.0));
/// assert!(StateValue::Bool(true).as_array().is_none());
/// ```
#[derive(Debug, Clone)]
pub enum StateValue {
    /// A tensor-valued buffer (`momentum_buffer`, `exp_avg`, ...).
    Array(Array),
    /// A number (`step`, `lr`, `momentum`, ...).
    Number(f64),
    /// A flag (`nesterov`, `amsgrad`, ...).
    Bool(bool),
    /// Indices of the parameters a group holds, counted over all groups in order.
    Indices(Vec<usize>),
}

impl StateValue {
    /// The array, if this is a buffer.
    ///
    /// ```
    /// use nanotorch_optim::StateValue;
    /// use nanotorch_tensor::Array;
    /// let v = StateValue::Array(Array::zeros(&[2]));
    /// assert_eq!(v.as_array().unwrap().numel(), 2);
    /// ```
    pub fn as_array(&self) -> Option<&Array> {
        match self {
            StateValue::Array(a) => Some(a),
            _ => None,
        }
    }

    /// The number, if this is one.
    ///
    /// ```
    /// use nanotorch_optim::StateValue;
    /// assert_eq!(StateValue::Number(0.5).as_number(), Some(0.5));
    /// ```
    pub fn as_number(&self) -> Option<f64> {
        match self {
            StateValue::Number(n) => Some(*n),
            _ => None,
        }
    }

    /// The flag, if this is one.
    ///
    /// ```
    /// use nanotorch_optim::StateValue;
    /// assert_eq!(StateValue::Bool(true).as_bool(), Some(true));
    /// ```
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            StateValue::Bool(b) => Some(*b),
            _ => None,
        }
    }
}

/// Arrays are equal when dtype, shape and every value's bits agree (so NaN equals
/// NaN and `-0.0` differs from `0.0`: a restored state must be the saved one exactly).
impl PartialEq for StateValue {
    fn eq(&self, other: &Self) -> bool {
        use StateValue::*;
        match (self, other) {
            (Array(a), Array(b)) => {
                a.dtype() == b.dtype()
                    && a.shape() == b.shape()
                    && a.iter()
                        .zip(b.iter())
                        .all(|(x, y)| x.to_bits() == y.to_bits())
            }
            (Number(a), Number(b)) => a.to_bits() == b.to_bits(),
            (Bool(a), Bool(b)) => a == b,
            (Indices(a), Indices(b)) => a == b,
            _ => false,
        }
    }
}

/// The state of one parameter: named entries, sorted by name.
pub type ParamState = BTreeMap<String, StateValue>;

/// A snapshot of an optimizer (PyTorch's `{"state": ..., "param_groups": ...}`).
///
/// `state` maps a parameter's index (counted over all groups in order) to its
/// entries; parameters that never had a gradient have none. `param_groups` holds each
/// group's hyper-parameters and, under `"params"`, the indices of its parameters.
/// Arrays are copies: later steps do not change a saved dict.
///
/// ```
/// use nanotorch_autograd::Tensor;
/// use nanotorch_optim::{Adam, Optimizer};
/// let w = Tensor::zeros(&[3]).requires_grad_(true);
/// let opt = Adam::new(vec![w], 1e-3);
/// let sd = opt.state_dict();
/// assert!(sd.state.is_empty());
/// assert_eq!(sd.param_groups[0]["params"], nanotorch_optim::StateValue::Indices(vec![0]));
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StateDict {
    /// Per-parameter state, keyed by parameter index.
    pub state: BTreeMap<usize, ParamState>,
    /// Per-group hyper-parameters (and `"params"` indices).
    pub param_groups: Vec<BTreeMap<String, StateValue>>,
}

/// Copies `v` into an array of `shape` with `T`'s dtype.
pub(crate) fn array_from<T: Element>(v: Vec<T>, shape: &[usize]) -> Array {
    let any: Box<dyn Any> = Box::new(v);
    match any.downcast::<Vec<f32>>() {
        Ok(v) => Array::from_vec(*v, shape),
        Err(any) => match any.downcast::<Vec<f64>>() {
            Ok(v) => Array::from_vec_f64(*v, shape),
            Err(_) => unreachable!("Element is implemented only for f32 and f64"),
        },
    }
}

/// Typed access to the buffers and step count of one parameter's state.
pub(crate) struct Slot<'a> {
    pub(crate) state: &'a mut ParamState,
    pub(crate) shape: &'a [usize],
}

impl Slot<'_> {
    /// The buffer `name` as a `Vec<T>`, or `None` if it does not exist yet.
    pub(crate) fn buf<T: Element>(&self, name: &str) -> Option<Vec<T>> {
        self.state
            .get(name)
            .and_then(StateValue::as_array)
            .map(|a| a.to_vec::<T>())
    }

    /// Stores `v` as the buffer `name`.
    pub(crate) fn set_buf<T: Element>(&mut self, name: &str, v: Vec<T>) {
        let a = array_from(v, self.shape);
        self.state.insert(name.to_string(), StateValue::Array(a));
    }

    /// Increments the step count (starting from 0) and returns the new value.
    pub(crate) fn next_step(&mut self) -> f64 {
        let step = self
            .state
            .get("step")
            .and_then(StateValue::as_number)
            .unwrap_or(0.0)
            + 1.0;
        self.state.insert("step".into(), StateValue::Number(step));
        step
    }
}

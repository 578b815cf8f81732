//! The one node type of the graph, shared by built-in ops and custom
//! [`Function`](crate::Function)s.
//!
//! A [`Node`] is the backward half of one op: its name (`MulBackward0`), one
//! [`Edge`] per input (to the input's own node, to a leaf, or nowhere), the tensors
//! it saved for backward, and its gradient [`Rule`]. Edges point from an op to its
//! inputs only, never back, so the graph has no reference cycles and is freed when
//! the last tensor that reaches it drops.

use crate::grad_mode::is_grad_enabled;
use crate::tensor::{State, Tensor, TensorImpl};
use nanotorch_tensor::{Array, Error, Result};
use smallvec::SmallVec;
use std::sync::{Arc, Mutex, PoisonError, RwLockReadGuard};

/// Gradients returned by a rule, one per input (`None` where none is needed).
pub(crate) type Grads = SmallVec<[Option<Tensor>; 3]>;

/// The gradient rule of one op: given the gradient of the output, the tensors saved
/// in the forward pass, and which inputs need a gradient, return one gradient per
/// input. Rules are written with [`Tensor`] ops, so running them with recording on
/// builds the graph of the gradient (double backward).
pub(crate) trait Rule: Send + Sync + 'static {
    fn backward(&self, grad: &Tensor, saved: &[Tensor], needs: &[bool]) -> Result<Grads>;
}

/// Where the gradient for one input of a node goes.
pub(crate) enum Edge {
    /// The input does not require grad.
    None,
    /// The input is the output of another op.
    Node(NodeRef),
    /// The input is a leaf that requires grad: accumulate into its `.grad`.
    Leaf(Arc<TensorImpl>),
}

impl Edge {
    pub(crate) fn is_some(&self) -> bool {
        !matches!(self, Edge::None)
    }
}

/// A tensor saved for backward, with the version it had when saved.
pub(crate) struct SavedTensor {
    pub(crate) tensor: Tensor,
    pub(crate) version: u64,
}

/// The saved tensors of a node, and whether a backward pass already freed them.
pub(crate) struct Saved {
    tensors: SmallVec<[SavedTensor; 2]>,
    freed: bool,
}

/// The backward half of one recorded op.
pub(crate) struct Node<R: ?Sized = dyn Rule> {
    pub(crate) name: &'static str,
    pub(crate) edges: SmallVec<[Edge; 3]>,
    saved: Mutex<Saved>,
    rule: R,
}

/// Shared handle to a node; `grad_fn` of a tensor.
pub(crate) type NodeRef = Arc<Node>;

impl Node {
    /// The op's backward name, as PyTorch prints it (`MulBackward0`).
    pub(crate) fn name(&self) -> &'static str {
        self.name
    }

    /// Runs the rule on `grad`, first checking that the saved tensors are still there
    /// and were not modified in place; frees them unless `retain`.
    pub(crate) fn apply(&self, grad: &Tensor, retain: bool) -> Result<Grads> {
        let saved = self.unpack(retain)?;
        let mut needs: SmallVec<[bool; 2]> = SmallVec::new();
        for e in &self.edges {
            needs.push(e.is_some());
        }
        self.rule.backward(grad, &saved, &needs)
    }

    fn unpack(&self, retain: bool) -> Result<SmallVec<[Tensor; 2]>> {
        let mut saved = self.saved.lock().unwrap_or_else(PoisonError::into_inner);
        if saved.freed {
            return Err(Error::invalid(
                "backward",
                format!(
                    "trying to backward through the graph a second time (or to access saved tensors after they \
                     have already been freed): the saved values of {} were freed by an earlier backward; \
                     pass retain_graph=true to the first backward if you need to backward twice",
                    self.name
                ),
            ));
        }
        for s in &saved.tensors {
            let now = s.tensor.version();
            if now != s.version {
                return Err(Error::invalid(
                    "backward",
                    format!(
                        "one of the variables needed for gradient computation has been modified by an inplace \
                         operation: a tensor of shape {:?} saved by {} is at version {now}; expected version {} \
                         instead",
                        s.tensor.shape().as_slice(),
                        self.name,
                        s.version
                    ),
                ));
            }
        }
        let mut out = SmallVec::new();
        if retain {
            for s in &saved.tensors {
                out.push(s.tensor.clone());
            }
        } else {
            saved.freed = !saved.tensors.is_empty();
            for s in std::mem::take(&mut saved.tensors) {
                out.push(s.tensor);
            }
        }
        Ok(out)
    }
}

impl<R: ?Sized> Drop for Node<R> {
    /// Frees a long chain of nodes iteratively instead of recursively, so dropping the
    /// graph of a million chained ops cannot overflow the stack.
    fn drop(&mut self) {
        // Saved tensors are inputs, whose nodes are also held by `edges`: drop them
        // first so that the edges below hold the last reference.
        let saved = std::mem::take(
            &mut self
                .saved
                .get_mut()
                .unwrap_or_else(PoisonError::into_inner)
                .tensors,
        );
        drop(saved);
        // inline capacity: dropping a small graph allocates nothing
        let mut stack: SmallVec<[NodeRef; 8]> = SmallVec::new();
        take_node_edges(&mut self.edges, &mut stack);
        while let Some(mut node) = stack.pop() {
            if let Some(inner) = Arc::get_mut(&mut node) {
                let saved = std::mem::take(
                    &mut inner
                        .saved
                        .get_mut()
                        .unwrap_or_else(PoisonError::into_inner)
                        .tensors,
                );
                drop(saved);
                take_node_edges(&mut inner.edges, &mut stack);
            }
        }
    }
}

fn take_node_edges(edges: &mut SmallVec<[Edge; 3]>, stack: &mut SmallVec<[NodeRef; 8]>) {
    for e in edges.drain(..) {
        if let Edge::Node(n) = e {
            stack.push(n);
        }
    }
}

/// The data of an input: borrowed under its read lock, or (when the same tensor is
/// passed twice, as in `x * x`) a clone, so that no thread ever takes the same read
/// lock twice (which could deadlock behind a waiting writer).
pub(crate) enum Data<'a> {
    Locked(RwLockReadGuard<'a, State>),
    Owned(Box<Array>),
}

impl std::ops::Deref for Data<'_> {
    type Target = Array;
    #[inline]
    fn deref(&self) -> &Array {
        match self {
            Data::Locked(g) => &g.data,
            Data::Owned(a) => a,
        }
    }
}

/// One input of an op being recorded: its data, and where its gradient goes.
pub(crate) struct Input<'a> {
    pub(crate) tensor: &'a Tensor,
    pub(crate) data: Data<'a>,
    pub(crate) edge: Edge,
    pub(crate) version: u64,
}

impl<'a> Input<'a> {
    /// Read-locks `t` for the duration of the op; builds its edge only when recording.
    #[inline]
    pub(crate) fn read(t: &'a Tensor, track: bool) -> Input<'a> {
        let st = t.read();
        let edge = if track { t.edge_of(&st) } else { Edge::None };
        let version = st.version;
        Input {
            tensor: t,
            data: Data::Locked(st),
            edge,
            version,
        }
    }

    /// A second input that is the same tensor as `self`.
    fn duplicate(&self, tensor: &'a Tensor) -> Input<'a> {
        let edge = match &self.edge {
            Edge::None => Edge::None,
            Edge::Node(n) => Edge::Node(n.clone()),
            Edge::Leaf(l) => Edge::Leaf(l.clone()),
        };
        Input {
            tensor,
            data: Data::Owned(Box::new((*self.data).clone())),
            edge,
            version: self.version,
        }
    }

    /// This input as a saved tensor.
    pub(crate) fn saved(&self) -> SavedTensor {
        SavedTensor {
            tensor: self.tensor.clone(),
            version: self.version,
        }
    }
}

/// Reads `N` inputs for an op (one lock each; a repeated tensor is locked once).
#[inline]
pub(crate) fn inputs<const N: usize>(ts: [&Tensor; N]) -> [Input<'_>; N] {
    let track = is_grad_enabled();
    let repeated = (1..N).any(|i| (0..i).any(|j| Arc::ptr_eq(&ts[j].0, &ts[i].0)));
    if !repeated {
        return ts.map(|t| Input::read(t, track));
    }
    let mut out: [Option<Input<'_>>; N] = [const { None }; N];
    for i in 0..N {
        let first = (0..i).find(|&j| Arc::ptr_eq(&ts[j].0, &ts[i].0));
        out[i] = Some(match first {
            Some(j) => out[j]
                .as_ref()
                .map(|f| f.duplicate(ts[i]))
                .expect("filled above"),
            None => Input::read(ts[i], track),
        });
    }
    out.map(|i| i.expect("every input read"))
}

/// Wraps an op's result: a plain tensor if no input needs a gradient (or recording
/// is off), else a tensor whose `grad_fn` is a new node with `rule`, saving the inputs
/// flagged in `save` (in order). `rule` builds the rule from the inputs and the
/// output, only when recording.
#[inline]
pub(crate) fn record<const N: usize, R: Rule>(
    out: Array,
    name: &'static str,
    ins: [Input<'_>; N],
    save: [bool; N],
    rule: impl FnOnce(&[Input<'_>; N], &Array) -> R,
) -> Tensor {
    if ins.iter().all(|i| !i.edge.is_some()) {
        return Tensor::from_array(out);
    }
    let rule = rule(&ins, &out);
    // plain pushes: collecting through iterator adapters costs more than the op itself
    // at these sizes
    let mut saved = SmallVec::new();
    for (i, s) in ins.iter().zip(save) {
        if s {
            saved.push(i.saved());
        }
    }
    let mut edges = SmallVec::new();
    for i in ins {
        edges.push(i.edge);
    }
    Tensor::from_node(out, new_node(name, edges, saved, rule))
}

/// Builds a node from its parts (used by [`record`] and by custom functions).
pub(crate) fn new_node<R: Rule>(
    name: &'static str,
    edges: SmallVec<[Edge; 3]>,
    saved: SmallVec<[SavedTensor; 2]>,
    rule: R,
) -> NodeRef {
    Arc::new(Node {
        name,
        edges,
        saved: Mutex::new(Saved {
            tensors: saved,
            freed: false,
        }),
        rule,
    })
}

impl Tensor {
    /// The edge through which a gradient reaches this tensor.
    pub(crate) fn edge_of(&self, st: &State) -> Edge {
        if !st.requires_grad {
            Edge::None
        } else if let Some(f) = &st.grad_fn {
            Edge::Node(f.clone())
        } else {
            Edge::Leaf(self.0.clone())
        }
    }
}

//! The backward pass: topological order over the nodes reachable from the roots,
//! one rule call per node, gradients summed where paths meet, and accumulated into
//! leaves' `.grad` (or returned, for [`grad`]).

use crate::grad_mode::GradModeGuard;
use crate::node::{Edge, NodeRef};
use crate::tensor::{Tensor, TensorImpl};
use nanotorch_tensor::{Error, Result};
use smallvec::SmallVec;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

/// Where the gradients go: into leaves' `.grad`, or to the listed inputs only.
enum Sink<'a> {
    Leaves,
    Inputs(&'a [Edge]),
}

/// Identity hasher for node addresses.
#[derive(Default)]
struct PtrHasher(u64);

impl Hasher for PtrHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, _: &[u8]) {
        unreachable!("only usize keys are hashed")
    }
    fn write_usize(&mut self, p: usize) {
        self.0 = (p as u64)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .rotate_right(17);
    }
}

type PtrMap = HashMap<usize, usize, BuildHasherDefault<PtrHasher>>;

fn addr(n: &NodeRef) -> usize {
    Arc::as_ptr(n) as *const () as usize
}

/// Graphs up to this many nodes are indexed by a linear scan (no allocation); larger
/// ones by a hash map.
const SMALL_GRAPH: usize = 32;

/// One node of the graph being run, with its gradient buffer.
struct Slot {
    node: NodeRef,
    addr: usize,
    grad: Option<Tensor>,
    /// Index of this node's tensor in `grad()`'s inputs, if it is one.
    target: Option<usize>,
    /// Some input edge leads to a wanted gradient.
    run: bool,
}

/// The nodes reachable from the roots, in discovery order, with an address index.
#[derive(Default)]
struct Graph {
    slots: SmallVec<[Slot; 8]>,
    map: Option<PtrMap>,
}

impl Graph {
    fn find(&self, a: usize) -> Option<usize> {
        match &self.map {
            Some(m) => m.get(&a).copied(),
            None => self.slots.iter().position(|s| s.addr == a),
        }
    }

    fn insert(&mut self, node: NodeRef) -> usize {
        let k = self.slots.len();
        let a = addr(&node);
        self.slots.push(Slot {
            node,
            addr: a,
            grad: None,
            target: None,
            run: false,
        });
        if let Some(m) = &mut self.map {
            m.insert(a, k);
        } else if self.slots.len() > SMALL_GRAPH {
            self.map = Some(
                self.slots
                    .iter()
                    .enumerate()
                    .map(|(i, s)| (s.addr, i))
                    .collect(),
            );
        }
        k
    }

    /// Iterative DFS from node `k`, appending the newly found nodes to `order` in
    /// post-order (inputs before the ops that consume them).
    fn visit(&mut self, k: usize, order: &mut SmallVec<[usize; 16]>) {
        let mut stack: SmallVec<[(usize, usize); 16]> = SmallVec::new();
        stack.push((k, 0));
        while let Some(top) = stack.last_mut() {
            let (k, e) = *top;
            if e < self.slots[k].node.edges.len() {
                top.1 += 1;
                if let Edge::Node(n) = &self.slots[k].node.edges[e] {
                    if self.find(addr(n)).is_none() {
                        let n = n.clone();
                        let j = self.insert(n);
                        stack.push((j, 0));
                    }
                }
            } else {
                order.push(k);
                stack.pop();
            }
        }
    }
}

/// Runs backward from `roots` (each with its seed gradient). Returns, for
/// `Sink::Inputs`, the gradient reaching each input.
fn run(
    roots: &[(&Tensor, Tensor)],
    sink: Sink<'_>,
    retain: bool,
    create_graph: bool,
) -> Result<Vec<Option<Tensor>>> {
    let _mode = GradModeGuard::new(create_graph);
    let n_inputs = match &sink {
        Sink::Leaves => 0,
        Sink::Inputs(e) => e.len(),
    };
    let mut results: Vec<Option<Tensor>> = vec![None; n_inputs];

    // Discover the graph: nodes in DFS post-order (inputs before consumers).
    let mut g = Graph::default();
    let mut order: SmallVec<[usize; 16]> = SmallVec::new();
    for (i, (root, seed)) in roots.iter().enumerate() {
        let edge = {
            let st = root.read();
            root.edge_of(&st)
        };
        match edge {
            Edge::None => return Err(not_requiring_grad(i)),
            Edge::Leaf(l) => deliver_leaf(&l, seed.clone(), &sink, &mut results, create_graph)?,
            Edge::Node(n) => {
                let k = match g.find(addr(&n)) {
                    Some(k) => k,
                    None => {
                        let k = g.insert(n);
                        g.visit(k, &mut order);
                        k
                    }
                };
                add_into(&mut g.slots[k].grad, seed.clone())?;
            }
        }
    }

    // Which nodes lead to a gradient we want (all leaves, or the listed inputs).
    if let Sink::Inputs(edges) = &sink {
        for (t, e) in edges.iter().enumerate() {
            if let Edge::Node(n) = e {
                if let Some(k) = g.find(addr(n)) {
                    g.slots[k].target = Some(t);
                }
            }
        }
    }
    let mut needed: SmallVec<[bool; 16]> = SmallVec::from_elem(false, g.slots.len());
    for &k in &order {
        let run = g.slots[k].node.edges.iter().any(|e| match e {
            Edge::None => false,
            Edge::Node(n) => g.find(addr(n)).is_some_and(|j| needed[j]),
            Edge::Leaf(l) => match &sink {
                Sink::Leaves => true,
                Sink::Inputs(ts) => ts
                    .iter()
                    .any(|t| matches!(t, Edge::Leaf(x) if Arc::ptr_eq(x, l))),
            },
        });
        g.slots[k].run = run;
        needed[k] = run || g.slots[k].target.is_some();
    }

    // Run the rules, consumers before their inputs.
    for &k in order.iter().rev() {
        if !needed[k] {
            continue;
        }
        let Some(grad) = g.slots[k].grad.take() else {
            continue;
        };
        if let Some(t) = g.slots[k].target {
            results[t] = Some(grad.clone());
        }
        if !g.slots[k].run {
            continue;
        }
        let node = g.slots[k].node.clone();
        let out = node.apply(&grad, retain)?;
        drop(grad);
        if out.len() != node.edges.len() {
            return Err(Error::invalid(
                "backward",
                format!(
                    "{} returned {} gradients for {} inputs",
                    node.name(),
                    out.len(),
                    node.edges.len()
                ),
            ));
        }
        for (edge, go) in node.edges.iter().zip(out) {
            let Some(go) = go else { continue };
            match edge {
                Edge::None => {}
                Edge::Node(n) => {
                    if let Some(j) = g.find(addr(n)).filter(|&j| needed[j]) {
                        add_into(&mut g.slots[j].grad, go)?;
                    }
                }
                Edge::Leaf(l) => deliver_leaf(l, go, &sink, &mut results, create_graph)?,
            }
        }
    }
    Ok(results)
}

fn not_requiring_grad(i: usize) -> Error {
    Error::invalid(
        "backward",
        format!("element {i} of tensors does not require grad and does not have a grad_fn"),
    )
}

/// Sums gradients arriving at the same place (recorded when `create_graph`).
fn add_into(slot: &mut Option<Tensor>, g: Tensor) -> Result<()> {
    *slot = Some(match slot.take() {
        None => g,
        Some(prev) => prev.try_add(&g)?,
    });
    Ok(())
}

/// A gradient reaching a leaf: accumulate into `.grad`, or hand it to `grad()`.
fn deliver_leaf(
    leaf: &Arc<TensorImpl>,
    g: Tensor,
    sink: &Sink<'_>,
    results: &mut [Option<Tensor>],
    create_graph: bool,
) -> Result<()> {
    match sink {
        Sink::Leaves => accumulate_grad(&Tensor(leaf.clone()), g, create_graph),
        Sink::Inputs(ts) => {
            for (t, e) in ts.iter().enumerate() {
                if matches!(e, Edge::Leaf(x) if Arc::ptr_eq(x, leaf)) {
                    add_into(&mut results[t], g.clone())?;
                }
            }
            Ok(())
        }
    }
}

/// PyTorch's AccumulateGrad: the first gradient is stored (as a new tensor, so the
/// caller's tensor is never aliased); later ones are added in place, or out of place
/// (recorded) when building a graph of the gradient.
fn accumulate_grad(leaf: &Tensor, g: Tensor, create_graph: bool) -> Result<()> {
    {
        let (gs, ls) = (g.read(), leaf.read());
        if gs.data.shape() != ls.data.shape() {
            return Err(Error::ShapeMismatch {
                op: "backward",
                lhs: gs.data.shape().to_vec(),
                rhs: ls.data.shape().to_vec(),
                why: "the gradient reaching a leaf must have the leaf's shape".into(),
            });
        }
    }
    let mut slot = leaf.grad_slot();
    match slot.take() {
        None => {
            *slot = Some(if create_graph {
                g.shallow_clone()
            } else if Arc::strong_count(&g.0) == 1 && !g.requires_grad() {
                g // a fresh gradient nobody else holds: keep it (PyTorch steals it too)
            } else {
                g.detach()
            })
        }
        Some(old) => {
            if create_graph || old.requires_grad() {
                *slot = Some(old.try_add(&g)?);
            } else {
                let ga = g.array();
                {
                    let mut st = old.write();
                    st.data.try_add_(&ga)?;
                    st.version += 1;
                }
                *slot = Some(old);
            }
        }
    }
    Ok(())
}

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

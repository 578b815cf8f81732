//! The backward pass: topological order over the nodes reachable from the roots,
//! one rule call per node, gradients summed where paths meet, and accumulated into
//! leaves' `.grad` (or returned, for `grad`). The public entry points are in
//! `backward.rs`.

use crate::grad_mode::GradModeGuard;
use crate::node::{Edge, NodeRef};
use crate::tensor::{Tensor, TensorImpl};
use nanotorch_tensor::{Error, Result};
use smallvec::SmallVec;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

/// Where the gradients go: into leaves' `.grad`, or to the listed inputs only.
pub(crate) enum Sink<'a> {
    /// Accumulate into every reached leaf's `.grad` (`backward`).
    Leaves,
    /// Return the gradients reaching these inputs (`grad`).
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
pub(crate) fn run(
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

pub(crate) fn not_requiring_grad(i: usize) -> Error {
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
    // one lock at a time (g may even be the leaf itself, as in x.backward_with(&x))
    let gs = g.shape();
    let ls = leaf.shape();
    if gs != ls {
        return Err(Error::ShapeMismatch {
            op: "backward",
            lhs: gs.to_vec(),
            rhs: ls.to_vec(),
            why: "the gradient reaching a leaf must have the leaf's shape".into(),
        });
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

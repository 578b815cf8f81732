//! The differentiable ops. Each primitive's forward and its gradient rule sit side
//! by side in one of these files; composite ops are written with primitives and
//! have no rule of their own.

pub(crate) mod arith;
pub(crate) mod compare;
pub(crate) mod index;
pub(crate) mod linalg;
pub(crate) mod operators;
pub(crate) mod reduce;
pub(crate) mod shape;
pub(crate) mod stats;
pub(crate) mod unary;

use crate::node::Grads;
use crate::tensor::Tensor;
use nanotorch_tensor::shape::Dims;
use nanotorch_tensor::{Array, DType, Result};

/// Shape and dtype of an input, kept by rules that must undo broadcasting or type
/// promotion. `None` where the input already has the output's shape and dtype (the
/// common case), so recording an op copies no shape.
pub(crate) struct Meta(Option<Box<(Dims, DType)>>);

impl Meta {
    /// The meta of input `a` of an op whose output is `out`.
    pub(crate) fn of(a: &Array, out: &Array) -> Meta {
        if a.shape() == out.shape() && a.dtype() == out.dtype() {
            Meta(None)
        } else {
            Meta(Some(Box::new((Dims::from_slice(a.shape()), a.dtype()))))
        }
    }

    /// The meta of `a`, always kept (for rules that report or reshape to it).
    pub(crate) fn full(a: &Array) -> Meta {
        Meta(Some(Box::new((Dims::from_slice(a.shape()), a.dtype()))))
    }

    /// The input's shape, given the shape of the gradient (the op's output).
    pub(crate) fn shape<'a>(&'a self, out: &'a [usize]) -> &'a [usize] {
        match &self.0 {
            Some(m) => &m.0,
            None => out,
        }
    }
}

/// The gradient of broadcasting (and of type promotion), written once: sum `g` down
/// to the input's shape and cast it to the input's dtype.
pub(crate) fn unbroadcast(g: &Tensor, m: &Meta) -> Result<Tensor> {
    let Some(m) = &m.0 else { return Ok(g.clone()) };
    let (shape, dtype) = {
        let st = g.read();
        (st.data.shape() != m.0.as_slice(), st.data.dtype() != m.1)
    };
    let mut g = if shape {
        g.try_sum_to_shape(&m.0)?
    } else {
        g.clone()
    };
    if dtype {
        g = g.to_dtype(m.1);
    }
    Ok(g)
}

/// Gradient list from per-input closures, calling each only if that input needs one.
pub(crate) fn grads<const N: usize>(
    needs: &[bool],
    fs: [&dyn Fn() -> Result<Tensor>; N],
) -> Result<Grads> {
    let mut out = Grads::new();
    for (need, f) in needs.iter().zip(fs) {
        out.push(if *need { Some(f()?) } else { None });
    }
    Ok(out)
}

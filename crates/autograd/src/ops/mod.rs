//! The differentiable ops. Each primitive's forward and its gradient rule sit side
//! by side in one of these files; composite ops are written with primitives and
//! have no rule of their own.

pub(crate) mod arith;
pub(crate) mod compare;
pub(crate) mod linalg;
pub(crate) mod operators;
pub(crate) mod reduce;
pub(crate) mod shape;
pub(crate) mod unary;

use crate::node::Grads;
use crate::tensor::Tensor;
use nanotorch_tensor::shape::Dims;
use nanotorch_tensor::{Array, DType, Result};

/// Shape and dtype of an input, kept by rules that must undo broadcasting or type
/// promotion.
pub(crate) struct Meta {
    pub(crate) shape: Dims,
    pub(crate) dtype: DType,
}

impl Meta {
    pub(crate) fn of(a: &Array) -> Meta {
        Meta {
            shape: Dims::from_slice(a.shape()),
            dtype: a.dtype(),
        }
    }
}

/// The gradient of broadcasting (and of type promotion), written once: sum `g` down
/// to the input's shape and cast it to the input's dtype.
pub(crate) fn unbroadcast(g: &Tensor, m: &Meta) -> Result<Tensor> {
    let (shape, dtype) = {
        let st = g.read();
        (
            st.data.shape() != m.shape.as_slice(),
            st.data.dtype() != m.dtype,
        )
    };
    let mut g = if shape {
        g.try_sum_to_shape(&m.shape)?
    } else {
        g.clone()
    };
    if dtype {
        g = g.to_dtype(m.dtype);
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

//! Argument checks shared by the losses; every error names the loss and both shapes.

use nanotorch_autograd::Tensor;
use nanotorch_tensor::{DType, Error, Result};

/// `input` and `target` must have exactly the same shape. PyTorch broadcasts them
/// with a warning for the regression losses; we refuse, naming the first dim
/// (from the left) that differs.
pub(crate) fn same_shape(loss: &'static str, input: &Tensor, target: &Tensor) -> Result<()> {
    let (a, b) = (input.shape(), target.shape());
    if a == b {
        return Ok(());
    }
    let why = if a.len() != b.len() {
        format!(
            "input and target must have the same shape, but input has {} dims and target {} \
             (nanotorch does not broadcast them)",
            a.len(),
            b.len()
        )
    } else {
        let d = (0..a.len()).find(|&d| a[d] != b[d]).unwrap_or(0);
        format!(
            "input and target must have the same shape, but dim {d} is {} in input and {} in target",
            a[d], b[d]
        )
    };
    Err(Error::ShapeMismatch {
        op: loss,
        lhs: a.to_vec(),
        rhs: b.to_vec(),
        why,
    })
}

/// Row-major index of element `flat` of `shape`, written `[i, j]`.
pub(crate) fn index_str(mut flat: usize, shape: &[usize]) -> String {
    let mut idx = vec![0; shape.len()];
    for d in (0..shape.len()).rev() {
        idx[d] = flat % shape[d].max(1);
        flat /= shape[d].max(1);
    }
    let parts: Vec<String> = idx.iter().map(usize::to_string).collect();
    format!("[{}]", parts.join(", "))
}

/// Every element of `t` (called `what`) must lie in `[0, 1]`; NaN fails too.
pub(crate) fn in_unit_interval(
    loss: &'static str,
    what: &str,
    t: &Tensor,
    input: &Tensor,
    target: &Tensor,
) -> Result<()> {
    let shape = t.shape();
    let values = t.to_vec::<f64>();
    match values.iter().position(|v| !(0.0..=1.0).contains(v)) {
        None => Ok(()),
        Some(i) => Err(Error::invalid(
            loss,
            format!(
                "all elements of {what} should be between 0 and 1, but {what}{} = {} \
                 (input shape {:?}, target shape {:?})",
                index_str(i, &shape),
                value_str(values[i], t.dtype()),
                input.shape().as_slice(),
                target.shape().as_slice()
            ),
        )),
    }
}

/// A value as its dtype prints it (an f32 `0.1` as `0.1`, not `0.10000000149011612`).
pub(crate) fn value_str(v: f64, dtype: DType) -> String {
    match dtype {
        DType::F32 => format!("{}", v as f32),
        DType::F64 => format!("{v}"),
    }
}

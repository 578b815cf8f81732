//! PyTorch-style printing: `tensor([1.0000, 2.0000])`.
//!
//! [`Array::format_body`] writes the bracketed values alone so that the autograd
//! crate can add its own suffix (`requires_grad=True`, `grad_fn=<...>`).

use crate::array::Array;
use crate::dtype::DType;
use std::fmt;

/// Arrays with more elements than this are summarised with `...` (PyTorch's default
/// threshold).
const SUMMARY_THRESHOLD: usize = 1000;
/// Elements kept at each end of a summarised dim.
const EDGE_ITEMS: usize = 3;

impl Array {
    /// The values in PyTorch's bracketed layout, each with 4 decimals, rows aligned,
    /// continuation lines indented by `indent` spaces (the width of a prefix such as
    /// `tensor(`), summarised with `...` above 1000 elements.
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// let a = Array::from_vec(vec![1.0, -2.5, 3.0, 4.0], &[2, 2]);
    /// assert_eq!(a.format_body(0), "[[ 1.0000, -2.5000],\n [ 3.0000,  4.0000]]");
    /// ```
    pub fn format_body(&self, indent: usize) -> String {
        let values = self.to_vec::<f64>();
        let summarise = values.len() > SUMMARY_THRESHOLD;
        let fmt_one = |v: f64| -> String {
            if v.is_nan() {
                "nan".into()
            } else if v.is_infinite() {
                if v > 0.0 {
                    "inf".into()
                } else {
                    "-inf".into()
                }
            } else {
                format!("{v:.4}")
            }
        };
        let width = values.iter().map(|&v| fmt_one(v).len()).max().unwrap_or(0);
        let strides = crate::shape::contiguous_strides(self.shape());
        let mut out = String::new();
        write_dim(
            &mut out,
            &values,
            self.shape(),
            &strides,
            0,
            0,
            indent,
            width,
            summarise,
            &fmt_one,
        );
        out
    }
}

#[allow(clippy::too_many_arguments)]
fn write_dim(
    out: &mut String,
    values: &[f64],
    shape: &[usize],
    strides: &[usize],
    dim: usize,
    base: usize,
    indent: usize,
    width: usize,
    summarise: bool,
    fmt_one: &dyn Fn(f64) -> String,
) {
    if dim == shape.len() {
        out.push_str(&format!("{:>width$}", fmt_one(values[base])));
        return;
    }
    let n = shape[dim];
    let indices: Vec<Option<usize>> = if summarise && n > 2 * EDGE_ITEMS {
        (0..EDGE_ITEMS)
            .map(Some)
            .chain(std::iter::once(None))
            .chain((n - EDGE_ITEMS..n).map(Some))
            .collect()
    } else {
        (0..n).map(Some).collect()
    };
    out.push('[');
    let last = dim + 1 == shape.len();
    for (k, idx) in indices.iter().enumerate() {
        if k > 0 {
            if last {
                out.push_str(", ");
            } else {
                out.push(',');
                let blank_lines = shape.len() - dim - 1;
                for _ in 0..blank_lines {
                    out.push('\n');
                }
                out.push_str(&" ".repeat(indent + dim + 1));
            }
        }
        match idx {
            Some(i) => write_dim(
                out,
                values,
                shape,
                strides,
                dim + 1,
                base + i * strides[dim],
                indent,
                width,
                summarise,
                fmt_one,
            ),
            None => out.push_str("..."),
        }
    }
    out.push(']');
}

impl fmt::Display for Array {
    /// `tensor([...])`, with `, dtype=torch.float64` for `f64` arrays, as PyTorch prints.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "tensor({}", self.format_body(7))?;
        if self.dtype() == DType::F64 {
            write!(f, ", dtype=torch.float64")?;
        }
        write!(f, ")")
    }
}

#[cfg(test)]
mod tests {
    use crate::Array;

    #[test]
    fn scalar_and_vector() {
        assert_eq!(Array::scalar(9.612).to_string(), "tensor(9.6120)");
        assert_eq!(Array::from_slice(&[0.3]).to_string(), "tensor([0.3000])");
        assert_eq!(
            Array::from_slice_f64(&[1.0, 2.0]).to_string(),
            "tensor([1.0000, 2.0000], dtype=torch.float64)"
        );
    }

    #[test]
    fn summarised() {
        let s = Array::arange(0.0, 2000.0, 1.0).to_string();
        assert_eq!(
            s,
            "tensor([   0.0000,    1.0000,    2.0000, ..., 1997.0000, 1998.0000, 1999.0000])"
        );
    }
}

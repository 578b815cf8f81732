//! PyTorch-style printing: `tensor([1.5000, 2.0000])`, `tensor([1., 2.])`,
//! `tensor([1.0000e-05, 1.0000e+00])`.
//!
//! The rules are those of PyTorch's tensor formatter: one format for all elements,
//! chosen from the finite values — integer mode (`1.`) when every value is a whole
//! number, scientific (`1.0000e-05`) when the largest and smallest non-zero magnitudes
//! differ by more than 1000x or fall outside `[1e-4, 1e8]`, otherwise 4 decimals;
//! elements right-aligned to a common width, rows wrapped at 80 columns, and arrays of
//! more than 1000 elements summarised with `...` (3 items at each end of every dim).
//! [`Array::format_body`] writes the bracketed values alone so that the autograd crate
//! can add its own suffix (`requires_grad=True`, `grad_fn=<...>`).

use crate::array::Array;
use crate::dtype::DType;
use crate::shape::contiguous_strides;
use std::fmt;

const SUMMARY_THRESHOLD: usize = 1000;
const EDGE_ITEMS: usize = 3;
const LINE_WIDTH: usize = 80;

#[derive(Clone, Copy)]
enum Mode {
    Int,
    Fixed,
    Sci,
}

struct Formatter {
    mode: Mode,
    width: usize,
}

impl Formatter {
    fn new(values: &[f64]) -> Formatter {
        let finite: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
        let nonzero: Vec<f64> = finite
            .iter()
            .map(|v| v.abs())
            .filter(|&v| v != 0.0)
            .collect();
        let max = nonzero.iter().copied().fold(f64::NAN, f64::max);
        let min = nonzero.iter().copied().fold(f64::NAN, f64::min);
        let wide = !nonzero.is_empty() && (max / min > 1000.0 || max > 1e8);
        let mode = if finite.iter().all(|v| v.fract() == 0.0) {
            if wide {
                Mode::Sci
            } else {
                Mode::Int
            }
        } else if wide || (!nonzero.is_empty() && min < 1e-4) {
            Mode::Sci
        } else {
            Mode::Fixed
        };
        let mut f = Formatter { mode, width: 0 };
        // as in PyTorch, the width comes from the non-zero finite values (at least 1);
        // zeros, nan and inf are padded to it
        f.width = finite
            .iter()
            .filter(|&&v| v != 0.0)
            .map(|&v| f.raw(v).len())
            .max()
            .unwrap_or(1);
        f
    }

    fn raw(&self, v: f64) -> String {
        if v.is_nan() {
            return "nan".into();
        }
        if v.is_infinite() {
            return if v > 0.0 { "inf".into() } else { "-inf".into() };
        }
        match self.mode {
            Mode::Int => format!("{v:.0}."),
            Mode::Fixed => format!("{v:.4}"),
            Mode::Sci => python_sci(v),
        }
    }

    fn format(&self, v: f64) -> String {
        format!("{:>w$}", self.raw(v), w = self.width)
    }
}

/// Python's `'{:.4e}'`: a signed exponent of at least two digits (`1.0000e-05`).
fn python_sci(v: f64) -> String {
    let s = format!("{v:.4e}");
    let (mant, exp) = s.split_once('e').expect("{:e} always has an exponent");
    let (sign, digits) = match exp.strip_prefix('-') {
        Some(d) => ('-', d),
        None => ('+', exp),
    };
    format!("{mant}e{sign}{digits:0>2}")
}

/// Indices printed along a dim of size `n`: all, or the edges around a `None` gap.
fn shown(n: usize, summarise: bool) -> Vec<Option<usize>> {
    if summarise && n > 2 * EDGE_ITEMS {
        (0..EDGE_ITEMS)
            .map(Some)
            .chain(std::iter::once(None))
            .chain((n - EDGE_ITEMS..n).map(Some))
            .collect()
    } else {
        (0..n).map(Some).collect()
    }
}

struct Printer<'a> {
    values: &'a [f64],
    shape: &'a [usize],
    strides: Vec<usize>,
    summarise: bool,
    fmt: Formatter,
}

impl Printer<'_> {
    /// Every value that will be printed (the summarised subset when summarising).
    fn collect(&self, dim: usize, base: usize, out: &mut Vec<f64>) {
        if dim == self.shape.len() {
            out.push(self.values[base]);
            return;
        }
        for i in shown(self.shape[dim], self.summarise).into_iter().flatten() {
            self.collect(dim + 1, base + i * self.strides[dim], out);
        }
    }

    fn write(&self, dim: usize, base: usize, indent: usize) -> String {
        let nd = self.shape.len();
        if dim == nd {
            return self.fmt.format(self.values[base]);
        }
        let items: Vec<String> = shown(self.shape[dim], self.summarise)
            .into_iter()
            .map(|i| match i {
                Some(i) if dim + 1 == nd => {
                    self.fmt.format(self.values[base + i * self.strides[dim]])
                }
                Some(i) => self.write(dim + 1, base + i * self.strides[dim], indent + 1),
                None if dim + 1 == nd => " ...".to_string(),
                None => "...".to_string(),
            })
            .collect();
        if dim + 1 == nd {
            let per_line = ((LINE_WIDTH.saturating_sub(indent)) / (self.fmt.width + 2)).max(1);
            let lines: Vec<String> = items.chunks(per_line).map(|c| c.join(", ")).collect();
            format!(
                "[{}]",
                lines.join(&format!(",\n{}", " ".repeat(indent + 1)))
            )
        } else {
            let sep = format!(",{}{}", "\n".repeat(nd - dim - 1), " ".repeat(indent + 1));
            format!("[{}]", items.join(&sep))
        }
    }
}

impl Array {
    /// The values as PyTorch prints them inside `tensor(...)`: one shared format,
    /// aligned, wrapped at 80 columns with continuation lines indented by `indent`
    /// spaces (the width of a prefix such as `tensor(`), summarised above 1000
    /// elements.
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// let a = Array::from_vec(vec![1.0, -2.5, 3.0, 4.0], &[2, 2]);
    /// assert_eq!(a.format_body(0), "[[ 1.0000, -2.5000],\n [ 3.0000,  4.0000]]");
    /// assert_eq!(Array::from_slice(&[1.0, 2.0]).format_body(0), "[1., 2.]");
    /// ```
    pub fn format_body(&self, indent: usize) -> String {
        let values = self.to_vec::<f64>();
        let summarise = values.len() > SUMMARY_THRESHOLD;
        let mut p = Printer {
            values: &values,
            shape: self.shape(),
            strides: contiguous_strides(self.shape()).to_vec(),
            summarise,
            fmt: Formatter {
                mode: Mode::Fixed,
                width: 0,
            },
        };
        let mut printed = Vec::new();
        p.collect(0, 0, &mut printed);
        p.fmt = Formatter::new(&printed);
        p.write(0, 0, indent)
    }
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

    // Expected strings are what torch 2.15 prints for the same values.
    #[test]
    fn modes() {
        let p = |v: &[f32]| Array::from_slice(v).to_string();
        assert_eq!(p(&[1.0, 2.0]), "tensor([1., 2.])");
        assert_eq!(p(&[0.3]), "tensor([0.3000])");
        assert_eq!(p(&[1e-5, 1.0]), "tensor([1.0000e-05, 1.0000e+00])");
        assert_eq!(p(&[123456789.0, 1.0]), "tensor([1.2346e+08, 1.0000e+00])");
        assert_eq!(p(&[1.5, -2.25]), "tensor([ 1.5000, -2.2500])");
        assert_eq!(p(&[f32::NAN, 1.0]), "tensor([nan, 1.])");
        assert_eq!(p(&[f32::INFINITY, 1.5]), "tensor([   inf, 1.5000])");
        assert_eq!(p(&[-0.0, 1.0]), "tensor([-0., 1.])");
        assert_eq!(p(&[100.0, 0.05]), "tensor([1.0000e+02, 5.0000e-02])");
        assert_eq!(Array::scalar(9.612).to_string(), "tensor(9.6120)");
        assert_eq!(Array::scalar(5.0).to_string(), "tensor(5.)");
        assert_eq!(
            Array::from_slice_f64(&[1.0, 2.5]).to_string(),
            "tensor([1.0000, 2.5000], dtype=torch.float64)"
        );
    }

    #[test]
    fn matrix_and_summary_wrap() {
        let m = Array::from_vec(vec![1.0, 2.0, 3.0, 4.5], &[2, 2]);
        assert_eq!(
            m.to_string(),
            "tensor([[1.0000, 2.0000],\n        [3.0000, 4.5000]])"
        );
        assert_eq!(
            Array::arange(0.0, 2000.0, 1.0).to_string(),
            "tensor([0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 1.9970e+03, 1.9980e+03,\n        1.9990e+03])"
        );
    }
}

//! Slicing: `narrow` (`x[..., start:start+len, ...]`) and `select` (`x[..., i, ...]`).
//! Their gradient places the incoming gradient into zeros of the input's shape
//! (`pad_narrow`), whose own gradient is `narrow` again.
//!
//! ```
//! use nanotorch_autograd::Tensor;
//! let w = Tensor::from_vec(vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0], &[2, 3]).requires_grad_(true);
//! let col = w.select(1, 0); // w[:, 0]
//! (&col * &col).sum().backward(); // d/dw of w00^2 + w10^2
//! assert_eq!(w.grad().unwrap().to_vec::<f32>(), vec![2.0, 0.0, 0.0, 8.0, 0.0, 0.0]);
//! ```

use crate::node::{inputs, record, Grads, Rule};
use crate::tensor::Tensor;
use nanotorch_tensor::error::unwrap;
use nanotorch_tensor::shape::{normalize_dim, Dims};
use nanotorch_tensor::{Array, Result};

/// Zeros of `shape` with `g` written at `start..start + g.shape[dim]` along `dim`.
fn pad_array(g: &Array, shape: &[usize], dim: usize, start: usize) -> Array {
    let src = g.to_vec::<f64>();
    let len = g.shape()[dim];
    let outer: usize = shape[..dim].iter().product();
    let inner: usize = shape[dim + 1..].iter().product();
    let mut out = vec![0.0; shape.iter().product()];
    for o in 0..outer {
        for j in 0..len {
            let from = (o * len + j) * inner;
            let to = (o * shape[dim] + start + j) * inner;
            out[to..to + inner].copy_from_slice(&src[from..from + inner]);
        }
    }
    Array::from_vec_f64(out, shape).to_dtype(g.dtype())
}

/// `pad_narrow`: the gradient is the slice that was padded.
struct Narrow(usize, usize, usize);
impl Rule for Narrow {
    fn backward(&self, g: &Tensor, _: &[Tensor], _: &[bool]) -> Result<Grads> {
        Ok(Grads::from_iter([Some(g.try_narrow(
            self.0 as isize,
            self.1,
            self.2,
        )?)]))
    }
}

/// `narrow`/`select`: the gradient is padded back into zeros of the input's shape
/// (after re-inserting the selected dim for `select`).
struct Pad {
    shape: Dims,
    dim: usize,
    start: usize,
    unsqueeze: bool,
}
impl Rule for Pad {
    fn backward(&self, g: &Tensor, _: &[Tensor], _: &[bool]) -> Result<Grads> {
        let g = if self.unsqueeze {
            g.try_unsqueeze(self.dim as isize)?
        } else {
            g.clone()
        };
        Ok(Grads::from_iter([Some(g.pad_narrow(
            &self.shape,
            self.dim,
            self.start,
        ))]))
    }
}

impl Tensor {
    /// Zeros of `shape` holding this tensor at `start..` along `dim` (the gradient of
    /// `narrow`), recorded as `NarrowBackward0`.
    fn pad_narrow(&self, shape: &[usize], dim: usize, start: usize) -> Tensor {
        let [a] = inputs([self]);
        let len = a.data.shape()[dim];
        let out = pad_array(&a.data, shape, dim, start);
        record(out, "NarrowBackward0", [a], [false], |_, _| {
            Narrow(dim, start, len)
        })
    }

    /// `length` elements of dim `dim` from `start` (a view, `x.narrow(dim, start,
    /// length)`), recorded as `SliceBackward0`; an error if the range is out of bounds.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// let x = Tensor::arange(0.0, 5.0, 1.0);
    /// assert_eq!(x.try_narrow(0, 1, 3).unwrap().to_vec::<f32>(), vec![1.0, 2.0, 3.0]);
    /// assert!(x.try_narrow(0, 4, 2).is_err());
    /// ```
    pub fn try_narrow(&self, dim: isize, start: usize, length: usize) -> Result<Tensor> {
        let [a] = inputs([self]);
        let out = a.data.try_narrow(dim, start, length)?;
        let d = normalize_dim("narrow", dim, a.data.shape())?;
        Ok(record(out, "SliceBackward0", [a], [false], |i, _| Pad {
            shape: Dims::from_slice(i[0].data.shape()),
            dim: d,
            start,
            unsqueeze: false,
        }))
    }

    /// `length` elements of dim `dim` from `start`.
    ///
    /// # Panics
    /// If the range is out of bounds.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// assert_eq!(Tensor::arange(0.0, 5.0, 1.0).narrow(-1, 3, 2).to_vec::<f32>(), vec![3.0, 4.0]);
    /// ```
    #[track_caller]
    pub fn narrow(&self, dim: isize, start: usize, length: usize) -> Tensor {
        unwrap(self.try_narrow(dim, start, length))
    }

    /// Index `index` of dim `dim`, removing that dim (`x.select(dim, i)`, `x[:, i]`),
    /// recorded as `SelectBackward0`; an error if out of bounds.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// let x = Tensor::from_vec(vec![1.0, 2.0, 3.0, 4.0], &[2, 2]);
    /// assert_eq!(x.try_select(0, 1).unwrap().to_vec::<f32>(), vec![3.0, 4.0]);
    /// assert!(x.try_select(1, 2).is_err());
    /// ```
    pub fn try_select(&self, dim: isize, index: usize) -> Result<Tensor> {
        let [a] = inputs([self]);
        let out = a.data.try_select(dim, index)?;
        let d = normalize_dim("select", dim, a.data.shape())?;
        Ok(record(out, "SelectBackward0", [a], [false], |i, _| Pad {
            shape: Dims::from_slice(i[0].data.shape()),
            dim: d,
            start: index,
            unsqueeze: true,
        }))
    }

    /// Index `index` of dim `dim`, removing that dim.
    ///
    /// # Panics
    /// If out of bounds.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// let w = Tensor::from_vec(vec![1.0, 2.0, 3.0], &[1, 3]);
    /// assert_eq!(w.select(1, 2).item(), 3.0); // linear_layer.weight[:, 2].item()
    /// ```
    #[track_caller]
    pub fn select(&self, dim: isize, index: usize) -> Tensor {
        unwrap(self.try_select(dim, index))
    }
}

//! Reductions and broadcasting: `sum`, `mean`, `sum_dims`, `mean_dims`,
//! `sum_to_shape` and `expand`. The last two are each other's gradient: this pair is
//! the one place where broadcasting is differentiated.
//!
//! ```
//! use nanotorch_autograd::Tensor;
//! let x = Tensor::from_slice(&[1.0, 2.0, 3.0, 4.0]).requires_grad_(true);
//! x.mean().backward(); // d mean(x) / dx_i = 1/4
//! assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![0.25; 4]);
//! ```

use crate::node::{inputs, record, Grads, Rule};
use crate::tensor::Tensor;
use nanotorch_tensor::error::unwrap;
use nanotorch_tensor::shape::{normalize_dim, Dims};
use nanotorch_tensor::{Result, ShapeArg};

fn one(t: Tensor) -> Result<Grads> {
    Ok(Grads::from_iter([Some(t)]))
}

/// `sum_to_shape`: the gradient is broadcast back to the input's shape.
struct SumTo(Dims);
impl Rule for SumTo {
    fn backward(&self, g: &Tensor, _: &[Tensor], _: &[bool]) -> Result<Grads> {
        one(g.try_expand(self.0.as_slice())?)
    }
}

/// `expand`: the gradient is summed over the expanded dims.
struct Expand(Dims);
impl Rule for Expand {
    fn backward(&self, g: &Tensor, _: &[Tensor], _: &[bool]) -> Result<Grads> {
        one(g.try_sum_to_shape(&self.0)?)
    }
}

/// `mean`: the gradient is broadcast back and divided by the element count.
struct Mean(Dims, f64);
impl Rule for Mean {
    fn backward(&self, g: &Tensor, _: &[Tensor], _: &[bool]) -> Result<Grads> {
        // dividing the 0-d gradient first is the same number per element, and cheaper
        one(g.div_scalar(self.1).try_expand(self.0.as_slice())?)
    }
}

/// `sum_dims`/`mean_dims`: the gradient is reshaped to the kept-dims shape, broadcast
/// back, and divided by the count (1 for a sum).
struct ReduceDims(Dims, Dims, f64);
impl Rule for ReduceDims {
    fn backward(&self, g: &Tensor, _: &[Tensor], _: &[bool]) -> Result<Grads> {
        let g = g
            .try_reshape(self.0.as_slice())?
            .try_expand(self.1.as_slice())?;
        one(if self.2 == 1.0 {
            g
        } else {
            g.div_scalar(self.2)
        })
    }
}

/// The input shape with the reduced dims set to 1 (all dims if `dims` is empty).
fn kept_shape(shape: &[usize], dims: &[isize]) -> Result<Dims> {
    let mut kept = Dims::from_slice(shape);
    if dims.is_empty() {
        kept.iter_mut().for_each(|d| *d = 1);
    }
    for &d in dims {
        kept[normalize_dim("sum", d, shape)?] = 1;
    }
    Ok(kept)
}

impl Tensor {
    /// Sums this tensor down to `shape`, which must broadcast to this tensor's shape
    /// (the reduction that undoes broadcasting), recorded as `SumBackward1`. Sums run
    /// left to right in the tensor's dtype.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// let x = Tensor::from_vec(vec![1.0, 2.0, 3.0, 4.0], &[2, 2]);
    /// assert_eq!(x.try_sum_to_shape(&[2]).unwrap().to_vec::<f32>(), vec![4.0, 6.0]);
    /// assert!(x.try_sum_to_shape(&[3]).is_err());
    /// ```
    pub fn try_sum_to_shape(&self, shape: &[usize]) -> Result<Tensor> {
        let [a] = inputs([self]);
        if a.data.shape() == shape {
            return Ok(self.clone());
        }
        let out = a.data.try_sum_to_shape(shape)?;
        Ok(record(out, "SumBackward1", [a], [false], |i, _| {
            SumTo(Dims::from_slice(i[0].data.shape()))
        }))
    }

    /// Sums this tensor down to `shape`.
    ///
    /// # Panics
    /// If `shape` does not broadcast to this tensor's shape.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// assert_eq!(Tensor::ones(&[3, 2]).sum_to_shape(&[1, 2]).to_vec::<f32>(), vec![3.0, 3.0]);
    /// ```
    #[track_caller]
    pub fn sum_to_shape(&self, shape: &[usize]) -> Tensor {
        unwrap(self.try_sum_to_shape(shape))
    }

    /// A broadcast view of this tensor with `shape` (`-1` keeps a dim), recorded as
    /// `ExpandBackward0`; an error if the shapes are not compatible.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// assert!(Tensor::zeros(&[2]).try_expand([3]).is_err());
    /// ```
    pub fn try_expand(&self, shape: impl ShapeArg) -> Result<Tensor> {
        let [a] = inputs([self]);
        let out = a.data.try_expand(shape)?;
        if out.shape() == a.data.shape() {
            return Ok(self.clone());
        }
        Ok(record(out, "ExpandBackward0", [a], [false], |i, _| {
            Expand(Dims::from_slice(i[0].data.shape()))
        }))
    }

    /// A broadcast view of this tensor with `shape` (`x.expand(...)`).
    ///
    /// # Panics
    /// If the shapes are not compatible.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// assert_eq!(Tensor::scalar(2.0).expand([3]).to_vec::<f32>(), vec![2.0; 3]);
    /// ```
    #[track_caller]
    pub fn expand(&self, shape: impl ShapeArg) -> Tensor {
        unwrap(self.try_expand(shape))
    }

    /// The sum of all elements as a 0-d tensor, recorded as `SumBackward0`. Summed left
    /// to right in the tensor's dtype, as PyTorch does for short vectors.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// let x = Tensor::from_slice(&[1.0, 2.0, 3.0]).requires_grad_(true);
    /// let s = x.sum();
    /// assert_eq!((s.item(), s.grad_fn()), (6.0, Some("SumBackward0")));
    /// ```
    pub fn sum(&self) -> Tensor {
        let [a] = inputs([self]);
        let out = a.data.sum();
        record(out, "SumBackward0", [a], [false], |i, _| {
            SumTo(Dims::from_slice(i[0].data.shape()))
        })
    }

    /// The mean of all elements as a 0-d tensor (the sum divided by the count, in the
    /// tensor's dtype), recorded as `MeanBackward0`.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// assert_eq!(Tensor::from_slice(&[1.0, 2.0, 3.0, 4.0]).mean().item(), 2.5);
    /// ```
    pub fn mean(&self) -> Tensor {
        let [a] = inputs([self]);
        let n = a.data.numel() as f64;
        let out = a.data.mean();
        record(out, "MeanBackward0", [a], [false], |i, _| {
            Mean(Dims::from_slice(i[0].data.shape()), n)
        })
    }

    /// Sums over `dims` (negative counts from the end; all dims if empty), keeping
    /// them as size 1 when `keepdim`, recorded as `SumBackward1`; an error if a dim is
    /// out of range or repeated.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// let x = Tensor::from_vec(vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0], &[2, 3]);
    /// assert_eq!(x.try_sum_dims(&[1], false).unwrap().to_vec::<f32>(), vec![6.0, 15.0]);
    /// assert!(x.try_sum_dims(&[2], false).is_err());
    /// ```
    pub fn try_sum_dims(&self, dims: &[isize], keepdim: bool) -> Result<Tensor> {
        let [a] = inputs([self]);
        let out = a.data.try_sum_dims(dims, keepdim)?;
        let kept = kept_shape(a.data.shape(), dims)?;
        Ok(record(out, "SumBackward1", [a], [false], |i, _| {
            ReduceDims(kept, Dims::from_slice(i[0].data.shape()), 1.0)
        }))
    }

    /// Sums over `dims` (`x.sum(dims, keepdim)`).
    ///
    /// # Panics
    /// If a dim is out of range.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// let x = Tensor::ones(&[2, 3]);
    /// assert_eq!(x.sum_dims(&[0], true).shape().as_slice(), &[1, 3]);
    /// ```
    #[track_caller]
    pub fn sum_dims(&self, dims: &[isize], keepdim: bool) -> Tensor {
        unwrap(self.try_sum_dims(dims, keepdim))
    }

    /// Means over `dims` (all if empty), recorded as `MeanBackward1`: the sum divided
    /// by the number of elements summed; an error if a dim is out of range or repeated.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// let x = Tensor::from_vec(vec![1.0, 2.0, 3.0, 4.0], &[2, 2]);
    /// assert_eq!(x.try_mean_dims(&[0], false).unwrap().to_vec::<f32>(), vec![2.0, 3.0]);
    /// ```
    pub fn try_mean_dims(&self, dims: &[isize], keepdim: bool) -> Result<Tensor> {
        let [a] = inputs([self]);
        let out = a.data.try_mean_dims(dims, keepdim)?;
        let kept = kept_shape(a.data.shape(), dims)?;
        let n = (a.data.numel() / kept.iter().product::<usize>().max(1)) as f64;
        Ok(record(out, "MeanBackward1", [a], [false], |i, _| {
            ReduceDims(kept, Dims::from_slice(i[0].data.shape()), n)
        }))
    }

    /// Means over `dims` (`x.mean(dims, keepdim)`).
    ///
    /// # Panics
    /// If a dim is out of range.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// assert_eq!(Tensor::ones(&[2, 3]).mean_dims(&[-1], false).to_vec::<f32>(), vec![1.0, 1.0]);
    /// ```
    #[track_caller]
    pub fn mean_dims(&self, dims: &[isize], keepdim: bool) -> Tensor {
        unwrap(self.try_mean_dims(dims, keepdim))
    }
}

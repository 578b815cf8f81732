//! `view`, `reshape` and `flatten`: a new shape over the same elements. A view needs
//! strides that address the elements in the new shape; `reshape` copies only when none exist.

use crate::array::Array;
use crate::error::{unwrap, Error, Result};
use crate::shape::{checked_numel, contiguous_strides, normalize_dim, Dims};
use crate::views::ShapeArg;
use smallvec::SmallVec;

/// Resolves a shape argument with at most one `-1` against `numel` elements.
fn infer_shape(op: &'static str, from: &[usize], spec: &[isize]) -> Result<Dims> {
    let numel = from.iter().product::<usize>();
    let mut infer = None;
    let mut out: Dims = SmallVec::with_capacity(spec.len());
    for (i, &d) in spec.iter().enumerate() {
        if d == -1 {
            if infer.replace(i).is_some() {
                return Err(Error::invalid(
                    op,
                    format!("only one dim can be -1, got {spec:?}"),
                ));
            }
            out.push(1);
        } else if d < 0 {
            return Err(Error::invalid(
                op,
                format!("invalid size {d} at dim {i} in {spec:?}"),
            ));
        } else {
            out.push(d as usize);
        }
    }
    let known = checked_numel(op, &out)?;
    if let Some(i) = infer {
        if known == 0 || numel % known != 0 {
            return Err(Error::invalid(
                op,
                format!("shape {spec:?} is invalid for input of shape {from:?} ({numel} elements)"),
            ));
        }
        out[i] = numel / known;
    } else if known != numel {
        return Err(Error::ShapeMismatch {
            op,
            lhs: from.to_vec(),
            rhs: out.to_vec(),
            why: format!("{numel} elements cannot be viewed as {known}"),
        });
    }
    Ok(out)
}

/// Strides that let a view of `shape`/`strides` be read as `new_shape` without a copy,
/// or None if the layout does not allow it (PyTorch's `computeStride`).
fn view_strides(shape: &[usize], strides: &[usize], new_shape: &[usize]) -> Option<Dims> {
    let numel: usize = shape.iter().product();
    if numel == 0 {
        return Some(contiguous_strides(new_shape));
    }
    let mut out: Dims = SmallVec::from_elem(0, new_shape.len());
    let mut view_d = new_shape.len() as isize - 1;
    let mut chunk_base = *strides.last().unwrap_or(&1);
    let mut tensor_numel = 1usize;
    let mut view_numel = 1usize;
    for d in (0..shape.len()).rev() {
        tensor_numel *= shape[d];
        if d == 0 || (shape[d - 1] != 1 && strides[d - 1] != tensor_numel * chunk_base) {
            while view_d >= 0 && (view_numel < tensor_numel || new_shape[view_d as usize] == 1) {
                out[view_d as usize] = view_numel * chunk_base;
                view_numel *= new_shape[view_d as usize];
                view_d -= 1;
            }
            if view_numel != tensor_numel {
                return None;
            }
            if d > 0 {
                chunk_base = strides[d - 1];
                tensor_numel = 1;
                view_numel = 1;
            }
        }
    }
    if view_d != -1 {
        return None;
    }
    Some(out)
}

impl Array {
    /// A view with a new shape (one dim may be `-1`), or an error if the element counts
    /// differ or the layout cannot be viewed without a copy (then use
    /// [`reshape`](Array::reshape)).
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// let a = Array::zeros(&[2, 3]);
    /// assert_eq!(a.try_view([3, -1]).unwrap().shape(), &[3, 2]);
    /// assert!(a.t().try_view([6]).is_err());
    /// ```
    pub fn try_view(&self, shape: impl ShapeArg) -> Result<Array> {
        let new_shape = infer_shape("view", &self.shape, &shape.dims())?;
        match view_strides(&self.shape, &self.strides, &new_shape) {
            Some(strides) => Ok(self.with_layout(new_shape, strides, self.offset)),
            None => Err(Error::invalid(
                "view",
                format!(
                    "shape {:?} with strides {:?} cannot be viewed as {:?} without a copy; use reshape",
                    self.shape(),
                    self.strides(),
                    new_shape.as_slice()
                ),
            )),
        }
    }

    /// A view with a new shape.
    ///
    /// # Panics
    /// See [`Array::try_view`].
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// assert_eq!(Array::zeros(&[4]).view([2, 2]).shape(), &[2, 2]);
    /// ```
    #[track_caller]
    pub fn view(&self, shape: impl ShapeArg) -> Array {
        unwrap(self.try_view(shape))
    }

    /// The same elements in a new shape (one dim may be `-1`): a view when the layout
    /// allows, a copy otherwise; an error if the element counts differ.
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// let e = Array::zeros(&[2, 3]).try_reshape([4]).unwrap_err();
    /// assert_eq!(e.to_string(), "reshape: shape [2, 3] does not match [4]: 6 elements cannot be viewed as 4");
    /// ```
    pub fn try_reshape(&self, shape: impl ShapeArg) -> Result<Array> {
        let new_shape = infer_shape("reshape", &self.shape, &shape.dims())?;
        match view_strides(&self.shape, &self.strides, &new_shape) {
            Some(strides) => Ok(self.with_layout(new_shape, strides, self.offset)),
            None => {
                let c = self.contiguous();
                let strides = contiguous_strides(&new_shape);
                Ok(c.with_layout(new_shape, strides, c.offset))
            }
        }
    }

    /// The same elements in a new shape.
    ///
    /// # Panics
    /// See [`Array::try_reshape`].
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// let a = Array::arange(0.0, 6.0, 1.0).reshape([2, 3]);
    /// assert_eq!(a.t().reshape([-1]).to_vec::<f32>(), vec![0.0, 3.0, 1.0, 4.0, 2.0, 5.0]);
    /// ```
    #[track_caller]
    pub fn reshape(&self, shape: impl ShapeArg) -> Array {
        unwrap(self.try_reshape(shape))
    }

    /// Merges dims `start_dim..=end_dim` into one (`torch.flatten`); a 0-d array
    /// becomes 1-D.
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// let a = Array::zeros(&[2, 3, 4]);
    /// assert_eq!(a.flatten(0, -1).shape(), &[24]);
    /// assert_eq!(a.flatten(1, 2).shape(), &[2, 12]);
    /// assert!(a.try_flatten(2, 1).is_err());
    /// ```
    pub fn try_flatten(&self, start_dim: isize, end_dim: isize) -> Result<Array> {
        if self.ndim() == 0 {
            return self.try_reshape([1]);
        }
        let s = normalize_dim("flatten", start_dim, &self.shape)?;
        let e = normalize_dim("flatten", end_dim, &self.shape)?;
        if s > e {
            return Err(Error::invalid(
                "flatten",
                format!(
                    "start_dim {start_dim} comes after end_dim {end_dim} for shape {:?}",
                    self.shape()
                ),
            ));
        }
        let mut shape: Dims = self.shape[..s].into();
        shape.push(self.shape[s..=e].iter().product());
        shape.extend_from_slice(&self.shape[e + 1..]);
        self.try_reshape(shape.as_slice())
    }

    /// Merges dims `start_dim..=end_dim` into one.
    ///
    /// # Panics
    /// See [`Array::try_flatten`].
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// assert_eq!(Array::zeros(&[2000, 1]).flatten(0, 1).shape(), &[2000]);
    /// ```
    #[track_caller]
    pub fn flatten(&self, start_dim: isize, end_dim: isize) -> Array {
        unwrap(self.try_flatten(start_dim, end_dim))
    }
}

//! Shape changes that share the buffer: reshape/view, unsqueeze, squeeze, flatten,
//! transpose, permute, expand, narrow, select. Only `reshape` of a layout that cannot be
//! viewed copies.

use crate::array::Array;
use crate::error::{unwrap, Error, Result};
use crate::shape::{
    broadcast_strides, checked_numel, contiguous_strides, normalize_dim, normalize_dim_rank, Dims,
};
use smallvec::SmallVec;

/// A shape argument: `[2, 3]`, `[2, -1]` (one dim inferred, as in PyTorch), or an
/// existing `&[usize]` shape.
pub trait ShapeArg {
    /// The dims as signed values, `-1` meaning "infer" (or "keep" for `expand`).
    fn dims(&self) -> SmallVec<[isize; 6]>;
}

macro_rules! shape_arg {
    ($($t:ty),*) => {$(
        impl ShapeArg for [$t] {
            fn dims(&self) -> SmallVec<[isize; 6]> { self.iter().map(|&d| d as isize).collect() }
        }
        impl<const N: usize> ShapeArg for [$t; N] {
            fn dims(&self) -> SmallVec<[isize; 6]> { self.iter().map(|&d| d as isize).collect() }
        }
        impl ShapeArg for Vec<$t> {
            fn dims(&self) -> SmallVec<[isize; 6]> { self.iter().map(|&d| d as isize).collect() }
        }
    )*};
}
shape_arg!(usize, isize, i32, i64);

impl<S: ShapeArg + ?Sized> ShapeArg for &S {
    fn dims(&self) -> SmallVec<[isize; 6]> {
        (**self).dims()
    }
}

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
    pub(crate) fn with_layout(&self, shape: Dims, strides: Dims, offset: usize) -> Array {
        Array {
            storage: self.storage.clone(),
            shape,
            strides,
            offset,
        }
    }

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

    /// Inserts a dim of size 1 at `dim` (which may be `ndim`, or negative counting from
    /// `ndim + 1`).
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// let p = Array::from_slice(&[1.0, 2.0, 3.0]);
    /// assert_eq!(p.unsqueeze(0).shape(), &[1, 3]);
    /// assert_eq!(p.unsqueeze(-1).shape(), &[3, 1]);
    /// assert!(p.try_unsqueeze(2).is_err());
    /// ```
    pub fn try_unsqueeze(&self, dim: isize) -> Result<Array> {
        let d = normalize_dim_rank("unsqueeze", dim, &self.shape, self.ndim() + 1)?;
        let mut shape = self.shape.clone();
        let mut strides = self.strides.clone();
        let stride = if d < self.ndim() {
            self.strides[d] * self.shape[d]
        } else {
            1
        };
        shape.insert(d, 1);
        strides.insert(d, stride);
        Ok(self.with_layout(shape, strides, self.offset))
    }

    /// Inserts a dim of size 1.
    ///
    /// # Panics
    /// See [`Array::try_unsqueeze`].
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// assert_eq!(Array::scalar(1.0).unsqueeze(0).shape(), &[1]);
    /// ```
    #[track_caller]
    pub fn unsqueeze(&self, dim: isize) -> Array {
        unwrap(self.try_unsqueeze(dim))
    }

    /// Removes every dim of size 1.
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// assert_eq!(Array::zeros(&[1, 3, 1]).squeeze().shape(), &[3]);
    /// ```
    pub fn squeeze(&self) -> Array {
        let (shape, strides) = self
            .shape
            .iter()
            .zip(&self.strides)
            .filter(|(d, _)| **d != 1)
            .map(|(&d, &s)| (d, s))
            .unzip();
        self.with_layout(shape, strides, self.offset)
    }

    /// Removes `dim` if its size is 1 (otherwise returns the array unchanged, as
    /// PyTorch does); an error only for an out-of-range dim.
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// let a = Array::zeros(&[3, 1]);
    /// assert_eq!(a.try_squeeze_dim(1).unwrap().shape(), &[3]);
    /// assert_eq!(a.try_squeeze_dim(0).unwrap().shape(), &[3, 1]);
    /// ```
    pub fn try_squeeze_dim(&self, dim: isize) -> Result<Array> {
        let d = normalize_dim("squeeze", dim, &self.shape)?;
        if self.ndim() == 0 || self.shape[d] != 1 {
            return Ok(self.clone());
        }
        let mut shape = self.shape.clone();
        let mut strides = self.strides.clone();
        shape.remove(d);
        strides.remove(d);
        Ok(self.with_layout(shape, strides, self.offset))
    }

    /// Removes `dim` if its size is 1.
    ///
    /// # Panics
    /// If `dim` is out of range.
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// assert_eq!(Array::zeros(&[1, 2]).squeeze_dim(0).shape(), &[2]);
    /// ```
    #[track_caller]
    pub fn squeeze_dim(&self, dim: isize) -> Array {
        unwrap(self.try_squeeze_dim(dim))
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

    /// Swaps two dims (a view).
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// let a = Array::zeros(&[2, 3, 4]);
    /// assert_eq!(a.transpose(0, -1).shape(), &[4, 3, 2]);
    /// assert!(a.try_transpose(0, 3).is_err());
    /// ```
    pub fn try_transpose(&self, dim0: isize, dim1: isize) -> Result<Array> {
        if self.ndim() == 0 {
            normalize_dim("transpose", dim0, &self.shape)?;
            normalize_dim("transpose", dim1, &self.shape)?;
            return Ok(self.clone());
        }
        let a = normalize_dim("transpose", dim0, &self.shape)?;
        let b = normalize_dim("transpose", dim1, &self.shape)?;
        let mut shape = self.shape.clone();
        let mut strides = self.strides.clone();
        shape.swap(a, b);
        strides.swap(a, b);
        Ok(self.with_layout(shape, strides, self.offset))
    }

    /// Swaps two dims.
    ///
    /// # Panics
    /// If either dim is out of range.
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// assert_eq!(Array::zeros(&[2, 3]).transpose(0, 1).shape(), &[3, 2]);
    /// ```
    #[track_caller]
    pub fn transpose(&self, dim0: isize, dim1: isize) -> Array {
        unwrap(self.try_transpose(dim0, dim1))
    }

    /// The transpose of an array of at most 2 dims (`tensor.t()`); 0-d and 1-D arrays
    /// are returned unchanged.
    ///
    /// # Panics
    /// If the array has more than 2 dims.
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// assert_eq!(Array::zeros(&[2, 3]).t().shape(), &[3, 2]);
    /// ```
    #[track_caller]
    pub fn t(&self) -> Array {
        if self.ndim() > 2 {
            unwrap::<Array>(Err(Error::invalid(
                "t",
                format!(
                    "expects an array with at most 2 dims, got shape {:?}",
                    self.shape()
                ),
            )));
        }
        if self.ndim() < 2 {
            return self.clone();
        }
        self.transpose(0, 1)
    }

    /// Reorders the dims (a view); `dims` must be a permutation of `0..ndim` (negative
    /// entries count from the end).
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// let a = Array::zeros(&[2, 3, 4]);
    /// assert_eq!(a.permute(&[2, 0, 1]).shape(), &[4, 2, 3]);
    /// assert!(a.try_permute(&[0, 0, 1]).is_err());
    /// ```
    pub fn try_permute(&self, dims: &[isize]) -> Result<Array> {
        if dims.len() != self.ndim() {
            return Err(Error::invalid(
                "permute",
                format!(
                    "{} dims given for shape {:?} with {} dims",
                    dims.len(),
                    self.shape(),
                    self.ndim()
                ),
            ));
        }
        let mut seen: Dims = SmallVec::from_elem(0, dims.len());
        let mut shape: Dims = SmallVec::with_capacity(dims.len());
        let mut strides: Dims = SmallVec::with_capacity(dims.len());
        for &d in dims {
            let d = normalize_dim("permute", d, &self.shape)?;
            if seen[d] == 1 {
                return Err(Error::invalid(
                    "permute",
                    format!("dim {d} appears twice in {dims:?}"),
                ));
            }
            seen[d] = 1;
            shape.push(self.shape[d]);
            strides.push(self.strides[d]);
        }
        Ok(self.with_layout(shape, strides, self.offset))
    }

    /// Reorders the dims.
    ///
    /// # Panics
    /// See [`Array::try_permute`].
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// assert_eq!(Array::zeros(&[2, 3]).permute(&[1, 0]).shape(), &[3, 2]);
    /// ```
    #[track_caller]
    pub fn permute(&self, dims: &[isize]) -> Array {
        unwrap(self.try_permute(dims))
    }

    /// A view broadcast to `shape` (size-1 dims stretched with stride 0, new leading
    /// dims added; `-1` keeps a dim), or an error naming the dim that does not fit.
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// let a = Array::from_vec(vec![1.0, 2.0, 3.0], &[3, 1]);
    /// assert_eq!(a.expand([2, -1, 4]).shape(), &[2, 3, 4]);
    /// let e = a.try_expand([2, 2]).unwrap_err();
    /// assert_eq!(e.to_string(), "expand: cannot broadcast [3, 1] with [2, 2]: dim -2 is 3 vs 2");
    /// ```
    pub fn try_expand(&self, shape: impl ShapeArg) -> Result<Array> {
        let spec = shape.dims();
        if spec.len() < self.ndim() {
            return Err(Error::invalid(
                "expand",
                format!(
                    "target {spec:?} has fewer dims than shape {:?}",
                    self.shape()
                ),
            ));
        }
        let lead = spec.len() - self.ndim();
        let mut target: Dims = SmallVec::with_capacity(spec.len());
        for (i, &d) in spec.iter().enumerate() {
            target.push(match d {
                -1 if i >= lead => self.shape[i - lead],
                d if d < 0 => {
                    return Err(Error::invalid(
                        "expand",
                        format!("invalid size {d} at dim {i} in {spec:?}"),
                    ));
                }
                d => d as usize,
            });
        }
        self.try_broadcast_to_op("expand", &target)
    }

    /// A view broadcast to `shape`.
    ///
    /// # Panics
    /// See [`Array::try_expand`].
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// let a = Array::scalar(2.0).expand([3]);
    /// assert_eq!(a.to_vec::<f32>(), vec![2.0; 3]);
    /// assert_eq!(a.strides(), &[0]);
    /// ```
    #[track_caller]
    pub fn expand(&self, shape: impl ShapeArg) -> Array {
        unwrap(self.try_expand(shape))
    }

    pub(crate) fn try_broadcast_to_op(&self, op: &'static str, target: &[usize]) -> Result<Array> {
        if target.len() < self.ndim() {
            return Err(Error::invalid(
                op,
                format!(
                    "cannot broadcast shape {:?} to {target:?}, which has fewer dims",
                    self.shape()
                ),
            ));
        }
        let lead = target.len() - self.ndim();
        for (i, &s) in self.shape.iter().enumerate() {
            let t = target[lead + i];
            if s != t && s != 1 {
                return Err(Error::Broadcast {
                    op,
                    lhs: self.shape.to_vec(),
                    rhs: target.to_vec(),
                    dim: i as isize - self.ndim() as isize,
                    left: s,
                    right: t,
                });
            }
        }
        let strides = broadcast_strides(&self.shape, &self.strides, target);
        Ok(self.with_layout(Dims::from_slice(target), strides, self.offset))
    }

    /// `np.broadcast_to` / `torch.broadcast_to`: a stride-0 view of `shape`.
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// assert_eq!(Array::zeros(&[3]).try_broadcast_to(&[2, 3]).unwrap().shape(), &[2, 3]);
    /// ```
    pub fn try_broadcast_to(&self, shape: &[usize]) -> Result<Array> {
        self.try_broadcast_to_op("broadcast_to", shape)
    }

    /// A stride-0 view of `shape`.
    ///
    /// # Panics
    /// If the shapes do not broadcast.
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// assert_eq!(Array::zeros(&[1]).broadcast_to(&[4]).numel(), 4);
    /// ```
    #[track_caller]
    pub fn broadcast_to(&self, shape: &[usize]) -> Array {
        unwrap(self.try_broadcast_to(shape))
    }

    /// The elements `start..start+length` along `dim` (a view).
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// let a = Array::arange(0.0, 10.0, 1.0);
    /// assert_eq!(a.narrow(0, 2, 3).to_vec::<f32>(), vec![2.0, 3.0, 4.0]);
    /// let e = a.try_narrow(0, 8, 3).unwrap_err();
    /// assert_eq!(e.to_string(), "narrow: start 8 + length 3 exceeds size 10 of dim 0 in shape [10]");
    /// ```
    pub fn try_narrow(&self, dim: isize, start: usize, length: usize) -> Result<Array> {
        let d = normalize_dim("narrow", dim, &self.shape)?;
        if self.ndim() == 0 {
            return Err(Error::invalid("narrow", "cannot narrow a 0-d array"));
        }
        let size = self.shape[d];
        if start.checked_add(length).is_none_or(|e| e > size) {
            return Err(Error::invalid(
                "narrow",
                format!(
                    "start {start} + length {length} exceeds size {size} of dim {d} in shape {:?}",
                    self.shape()
                ),
            ));
        }
        let mut shape = self.shape.clone();
        shape[d] = length;
        let offset = if length == 0 {
            self.offset
        } else {
            self.offset + start * self.strides[d]
        };
        Ok(self.with_layout(shape, self.strides.clone(), offset))
    }

    /// The elements `start..start+length` along `dim`.
    ///
    /// # Panics
    /// See [`Array::try_narrow`].
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// assert_eq!(Array::zeros(&[4, 5]).narrow(1, 1, 2).shape(), &[4, 2]);
    /// ```
    #[track_caller]
    pub fn narrow(&self, dim: isize, start: usize, length: usize) -> Array {
        unwrap(self.try_narrow(dim, start, length))
    }

    /// The sub-array at `index` along `dim`, with that dim removed (`x[:, i]`).
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// let a = Array::arange(0.0, 6.0, 1.0).reshape([2, 3]);
    /// assert_eq!(a.select(1, 2).to_vec::<f32>(), vec![2.0, 5.0]);
    /// assert!(a.try_select(0, 2).is_err());
    /// ```
    pub fn try_select(&self, dim: isize, index: usize) -> Result<Array> {
        let d = normalize_dim("select", dim, &self.shape)?;
        if self.ndim() == 0 || index >= self.shape[d] {
            return Err(Error::invalid(
                "select",
                format!(
                    "index {index} is out of range for dim {d} of shape {:?}",
                    self.shape()
                ),
            ));
        }
        let mut shape = self.shape.clone();
        let mut strides = self.strides.clone();
        let offset = self.offset + index * strides[d];
        shape.remove(d);
        strides.remove(d);
        Ok(self.with_layout(shape, strides, offset))
    }

    /// The sub-array at `index` along `dim`.
    ///
    /// # Panics
    /// See [`Array::try_select`].
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// assert_eq!(Array::eye(3).select(0, 1).to_vec::<f32>(), vec![0.0, 1.0, 0.0]);
    /// ```
    #[track_caller]
    pub fn select(&self, dim: isize, index: usize) -> Array {
        unwrap(self.try_select(dim, index))
    }
}

//! Dim bookkeeping that never moves data: `unsqueeze`, `squeeze`, `transpose`, `t`, `permute`.

use crate::array::Array;
use crate::error::{unwrap, Error, Result};
use crate::shape::{normalize_dim, normalize_dim_rank, Dims};
use smallvec::SmallVec;

impl Array {
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
}

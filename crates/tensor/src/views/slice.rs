//! Sub-arrays along one dim: `narrow` (a range) and `select` (one index, dim removed).

use crate::array::Array;
use crate::error::{unwrap, Error, Result};
use crate::shape::normalize_dim;

impl Array {
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

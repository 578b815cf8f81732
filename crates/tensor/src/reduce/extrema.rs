//! Max, min and their indices, over all elements or along one dim.
//!
//! As in PyTorch, NaN propagates: a run holding a NaN has maximum and minimum NaN, and
//! its index is that of the first NaN. Ties go to the first occurrence. Reducing an
//! empty array, or along a dim of size 0, is an error (there is no identity for max).
//!
//! Indices are returned as an [`Array`] of the input's dtype holding integer values
//! (PyTorch returns int64, but arrays here are f32 or f64 only). In f32 they are exact
//! up to 2^24 = 16 777 216.

use super::Spec;
use crate::array::Array;
use crate::dtype::Element;
use crate::error::{unwrap, Error, Result};
use crate::kernels::extreme::extreme;
use crate::kernels::runs::Run;
use crate::shape::normalize_dim;
use crate::storage::Scalar;
use crate::with_dtype;
use smallvec::SmallVec;

#[derive(Clone, Copy)]
enum Which {
    Max,
    Min,
}

/// The extremum of a non-empty run and its first index.
fn arg_extremum<T: Element>(run: &Run<'_, T>, which: Which) -> (T, usize) {
    let first = run.fold(None, |acc: Option<(T, usize)>, i, x| match acc {
        None => Some((x, i)),
        // a NaN, once found, is kept; a new NaN or a strictly better value replaces
        Some((b, _)) if b.is_nan() => acc,
        Some(_) if x.is_nan() => Some((x, i)),
        Some((b, _)) => match which {
            Which::Max if x > b => Some((x, i)),
            Which::Min if x < b => Some((x, i)),
            _ => acc,
        },
    });
    first.expect("callers reject empty runs")
}

impl Array {
    /// The value-only extremum of all elements through the vectorised kernel, when the
    /// array is contiguous, non-empty, and the answer is not a signed zero.
    fn fast_extremum<const MAX: bool>(&self) -> Option<Array> {
        with_dtype!(self.dtype(), T => {
            let v = extreme::<T, MAX>(self.contiguous_slice::<T>()?)?;
            Some(Array::scalar_typed(v))
        })
    }

    /// Values and indices of the extremum over `dim` (all elements if `None`).
    fn extremum(
        &self,
        op: &'static str,
        which: Which,
        dim: Option<isize>,
        keepdim: bool,
    ) -> Result<(Array, Array)> {
        let spec = match dim {
            None => {
                if self.numel() == 0 {
                    return Err(Error::invalid(
                        op,
                        format!("cannot reduce an empty array of shape {:?}", self.shape()),
                    ));
                }
                Spec::from_mask(
                    self.shape(),
                    SmallVec::from_elem(true, self.ndim()),
                    keepdim,
                )
            }
            Some(d) => {
                let i = normalize_dim(op, d, self.shape())?;
                if self.shape().get(i) == Some(&0) {
                    return Err(Error::invalid(
                        op,
                        format!(
                            "cannot reduce over dim {d} of size 0 in shape {:?}",
                            self.shape()
                        ),
                    ));
                }
                Spec::new(op, self, &[d], keepdim)?
            }
        };
        Ok(with_dtype!(self.dtype(), T => {
            let found = spec
                .plan(self)
                .map(T::slice(&self.storage), self.offset, |r| arg_extremum(&r, which));
            let (values, indices): (Vec<T>, Vec<T>) =
                found.into_iter().map(|(v, i)| (v, T::from_f64(i as f64))).unzip();
            (
                Array::from_typed(values, &spec.out_shape),
                Array::from_typed(indices, &spec.out_shape),
            )
        }))
    }

    /// The largest element as a 0-d array (NaN if any element is NaN), or an error for
    /// an empty array.
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// assert_eq!(Array::from_slice(&[1.0, 5.0, -2.0]).try_max().unwrap().item(), 5.0);
    /// let e = Array::zeros(&[0, 3]).try_max().unwrap_err();
    /// assert_eq!(e.to_string(), "max: cannot reduce an empty array of shape [0, 3]");
    /// ```
    pub fn try_max(&self) -> Result<Array> {
        if let Some(v) = self.fast_extremum::<true>() {
            return Ok(v);
        }
        Ok(self.extremum("max", Which::Max, None, false)?.0)
    }

    /// The largest element as a 0-d array.
    ///
    /// # Panics
    /// If the array is empty.
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// assert!(Array::from_slice(&[1.0, f32::NAN, 3.0]).max().item().is_nan());
    /// ```
    #[track_caller]
    pub fn max(&self) -> Array {
        unwrap(self.try_max())
    }

    /// The smallest element as a 0-d array (NaN if any element is NaN), or an error for
    /// an empty array.
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// assert_eq!(Array::from_slice(&[1.0, 5.0, -2.0]).try_min().unwrap().item(), -2.0);
    /// assert!(Array::zeros(&[0]).try_min().is_err());
    /// ```
    pub fn try_min(&self) -> Result<Array> {
        if let Some(v) = self.fast_extremum::<false>() {
            return Ok(v);
        }
        Ok(self.extremum("min", Which::Min, None, false)?.0)
    }

    /// The smallest element as a 0-d array.
    ///
    /// # Panics
    /// If the array is empty.
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// assert_eq!(Array::from_slice(&[4.0, 3.0]).min().item(), 3.0);
    /// ```
    #[track_caller]
    pub fn min(&self) -> Array {
        unwrap(self.try_min())
    }

    /// `torch.max(x, dim, keepdim)`: the maxima along `dim` and their indices (first
    /// occurrence; first NaN if any), the indices as integer values in this array's
    /// dtype. An error if `dim` is out of range or has size 0.
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// let x = Array::from_vec(vec![1.0, 7.0, 3.0, 9.0, 2.0, 9.0], &[2, 3]);
    /// let (v, i) = x.try_max_dim(1, false).unwrap();
    /// assert_eq!(v.to_vec::<f32>(), vec![7.0, 9.0]);
    /// assert_eq!(i.to_vec::<f32>(), vec![1.0, 0.0]);
    /// ```
    pub fn try_max_dim(&self, dim: isize, keepdim: bool) -> Result<(Array, Array)> {
        self.extremum("max_dim", Which::Max, Some(dim), keepdim)
    }

    /// The maxima along `dim` and their indices.
    ///
    /// # Panics
    /// See [`Array::try_max_dim`].
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// let x = Array::from_vec(vec![1.0, 7.0, 3.0, 9.0], &[2, 2]);
    /// let (v, i) = x.max_dim(0, true);
    /// assert_eq!(v.shape(), &[1, 2]);
    /// assert_eq!((v.to_vec::<f32>(), i.to_vec::<f32>()), (vec![3.0, 9.0], vec![1.0, 1.0]));
    /// ```
    #[track_caller]
    pub fn max_dim(&self, dim: isize, keepdim: bool) -> (Array, Array) {
        unwrap(self.try_max_dim(dim, keepdim))
    }

    /// `torch.min(x, dim, keepdim)`: the minima along `dim` and their indices, as
    /// [`Array::try_max_dim`].
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// let x = Array::from_vec(vec![1.0, 7.0, 3.0, 0.0], &[2, 2]);
    /// let (v, i) = x.try_min_dim(-1, false).unwrap();
    /// assert_eq!((v.to_vec::<f32>(), i.to_vec::<f32>()), (vec![1.0, 0.0], vec![0.0, 1.0]));
    /// assert!(Array::zeros(&[2, 0]).try_min_dim(1, false).is_err());
    /// ```
    pub fn try_min_dim(&self, dim: isize, keepdim: bool) -> Result<(Array, Array)> {
        self.extremum("min_dim", Which::Min, Some(dim), keepdim)
    }

    /// The minima along `dim` and their indices.
    ///
    /// # Panics
    /// See [`Array::try_min_dim`].
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// let (v, _) = Array::from_slice(&[2.0, -1.0]).min_dim(0, false);
    /// assert_eq!(v.item(), -1.0);
    /// ```
    #[track_caller]
    pub fn min_dim(&self, dim: isize, keepdim: bool) -> (Array, Array) {
        unwrap(self.try_min_dim(dim, keepdim))
    }

    /// Index of the maximum along `dim`, or into the flattened array if `dim` is
    /// `None` (then `keepdim` gives a shape of all 1s). Indices are integer values in
    /// this array's dtype. An error for an empty array or a dim of size 0.
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// let x = Array::from_vec(vec![1.0, 7.0, 3.0, 9.0], &[2, 2]);
    /// assert_eq!(x.try_argmax(None, false).unwrap().item(), 3.0);
    /// assert_eq!(x.try_argmax(Some(0), false).unwrap().to_vec::<f32>(), vec![1.0, 1.0]);
    /// assert!(Array::zeros(&[0]).try_argmax(None, false).is_err());
    /// ```
    pub fn try_argmax(&self, dim: Option<isize>, keepdim: bool) -> Result<Array> {
        Ok(self.extremum("argmax", Which::Max, dim, keepdim)?.1)
    }

    /// Index of the maximum along `dim` (flattened if `None`).
    ///
    /// # Panics
    /// See [`Array::try_argmax`].
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// let x = Array::from_vec(vec![1.0, 7.0, 3.0, 9.0], &[2, 2]);
    /// assert_eq!(x.argmax(Some(1), true).to_vec::<f32>(), vec![1.0, 1.0]);
    /// assert_eq!(x.argmax(None, true).shape(), &[1, 1]);
    /// ```
    #[track_caller]
    pub fn argmax(&self, dim: Option<isize>, keepdim: bool) -> Array {
        unwrap(self.try_argmax(dim, keepdim))
    }

    /// Index of the minimum along `dim`, or into the flattened array if `dim` is
    /// `None`; as [`Array::try_argmax`].
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// let x = Array::from_vec(vec![1.0, 7.0, 3.0, 0.0], &[2, 2]);
    /// assert_eq!(x.try_argmin(None, false).unwrap().item(), 3.0);
    /// ```
    pub fn try_argmin(&self, dim: Option<isize>, keepdim: bool) -> Result<Array> {
        Ok(self.extremum("argmin", Which::Min, dim, keepdim)?.1)
    }

    /// Index of the minimum along `dim` (flattened if `None`).
    ///
    /// # Panics
    /// See [`Array::try_argmin`].
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// let x = Array::from_vec(vec![1.0, 7.0, 3.0, 0.0], &[2, 2]);
    /// assert_eq!(x.argmin(Some(0), false).to_vec::<f32>(), vec![0.0, 1.0]);
    /// ```
    #[track_caller]
    pub fn argmin(&self, dim: Option<isize>, keepdim: bool) -> Array {
        unwrap(self.try_argmin(dim, keepdim))
    }
}

#[cfg(test)]
mod tests {
    use crate::Array;

    #[test]
    fn hand_worked_extrema() {
        // x = [[3, -1, 4], [1, 5, -9]]: max 5 at flat 4, min -9 at flat 5;
        // along dim 0: max [3, 5, 4] at [0, 1, 0], min [1, -1, -9] at [1, 0, 1]
        let x = Array::from_vec(vec![3.0, -1.0, 4.0, 1.0, 5.0, -9.0], &[2, 3]);
        assert_eq!(x.max().item(), 5.0);
        assert_eq!(x.min().item(), -9.0);
        assert_eq!(x.argmax(None, false).item(), 4.0);
        assert_eq!(x.argmin(None, false).item(), 5.0);
        let (v, i) = x.max_dim(0, false);
        assert_eq!(
            (v.to_vec::<f32>(), i.to_vec::<f32>()),
            (vec![3.0, 5.0, 4.0], vec![0.0, 1.0, 0.0])
        );
        let (v, i) = x.min_dim(-2, true);
        assert_eq!(v.shape(), &[1, 3]);
        assert_eq!(
            (v.to_vec::<f32>(), i.to_vec::<f32>()),
            (vec![1.0, -1.0, -9.0], vec![1.0, 0.0, 1.0])
        );
        // the transposed view: max along dim 1 of x^T is max along dim 0 of x
        assert_eq!(
            x.t().argmax(Some(1), false).to_vec::<f32>(),
            vec![0.0, 1.0, 0.0]
        );
        // flat index of a transposed view counts in the view's row-major order:
        // x^T = [[3, 1], [-1, 5], [4, -9]], max 5 at flat 3
        assert_eq!(x.t().argmax(None, false).item(), 3.0);
        assert_eq!(
            x.to_dtype(crate::DType::F64).max().dtype(),
            crate::DType::F64
        );
    }

    #[test]
    fn ties_and_nan() {
        // ties: the first occurrence; NaN: propagates, index of the first NaN
        let t = Array::from_slice(&[2.0, 7.0, 7.0, 1.0, 1.0]);
        assert_eq!(t.argmax(None, false).item(), 1.0);
        assert_eq!(t.argmin(None, false).item(), 3.0);
        let n = Array::from_slice(&[1.0, f32::NAN, 9.0, f32::NAN, -3.0]);
        assert!(n.max().item().is_nan());
        assert!(n.min().item().is_nan());
        assert_eq!(n.argmax(None, false).item(), 1.0);
        assert_eq!(n.argmin(None, false).item(), 1.0);
        // a NaN in only one column leaves the other column's max alone
        let m = Array::from_vec(vec![1.0, f32::NAN, 4.0, 2.0], &[2, 2]);
        let (v, i) = m.max_dim(0, false);
        assert_eq!(v.get(&[0]), 4.0);
        assert!(v.get(&[1]).is_nan());
        assert_eq!(i.to_vec::<f32>(), vec![1.0, 0.0]);
    }

    #[test]
    fn empty_and_errors() {
        let e = Array::zeros(&[2, 0]);
        assert_eq!(
            e.try_min().unwrap_err().to_string(),
            "min: cannot reduce an empty array of shape [2, 0]"
        );
        assert_eq!(
            e.try_max_dim(-1, false).unwrap_err().to_string(),
            "max_dim: cannot reduce over dim -1 of size 0 in shape [2, 0]"
        );
        // reducing the non-empty dim of an empty array is fine and gives an empty result
        let (v, i) = e.max_dim(0, false);
        assert_eq!((v.shape(), i.shape()), (&[0usize][..], &[0usize][..]));
        assert!(e.try_argmax(None, true).is_err());
        assert!(Array::zeros(&[2]).try_argmin(Some(1), false).is_err());
        // 0-d: dim 0 is the element itself, index 0
        let s = Array::scalar(4.0);
        let (v, i) = s.max_dim(0, false);
        assert_eq!((v.item(), i.item()), (4.0, 0.0));
        assert_eq!(s.argmax(None, true).shape(), &[] as &[usize]);
    }
}

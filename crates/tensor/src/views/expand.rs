//! Broadcasting as a view: `expand` and `broadcast_to` stretch size-1 dims with stride 0.

use crate::array::Array;
use crate::error::{unwrap, Error, Result};
use crate::shape::{broadcast_strides, Dims};
use crate::views::ShapeArg;
use smallvec::SmallVec;

impl Array {
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
}

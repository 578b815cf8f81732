//! Reductions: sum, mean and prod over all elements or over dims, and `sum_to_shape`,
//! which undoes broadcasting.
//!
//! Dims follow PyTorch: negative dims count from the end, a dim listed twice is an
//! error, `keepdim` leaves reduced dims in place with size 1, and an empty dim list
//! reduces over every dim. Sums use one fixed order regardless of layout, described in
//! `kernels::sum`: left to right from `+0.0` below 8 elements (bit for bit what PyTorch
//! and numpy print for the notebooks' short vectors), 8 lane accumulators in blocks
//! combined pairwise above. Max, min and their indices live in `extrema`, variance and
//! standard deviation in `moments`.
//!
//! ```
//! use nanotorch_tensor::Array;
//! let x = Array::from_vec(vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0], &[2, 3]);
//! assert_eq!(x.sum().item(), 21.0);
//! assert_eq!(x.sum_dims(&[0], false).to_vec::<f32>(), vec![5.0, 7.0, 9.0]);
//! assert_eq!(x.mean_dims(&[-1], true).shape(), &[2, 1]);
//! ```

mod extrema;
mod into;
mod moments;

use crate::array::Array;
use crate::dtype::Element;
use crate::error::{unwrap, Error, Result};
use crate::kernels::runs::Plan;
use crate::kernels::sum::sum_slice;
use crate::shape::{normalize_dim, Dims};
use crate::storage::Scalar;
use crate::with_dtype;
use smallvec::SmallVec;

/// Which dims a reduction covers, and what it produces.
pub(crate) struct Spec {
    /// One flag per dim of the input: reduced or kept.
    pub(crate) mask: SmallVec<[bool; 6]>,
    /// The output shape (reduced dims dropped, or 1 with `keepdim`).
    pub(crate) out_shape: Dims,
    /// Elements per reduced run.
    pub(crate) n: usize,
}

impl Spec {
    /// The spec for reducing `dims` of `a` (all dims if `dims` is empty).
    pub(crate) fn new(op: &'static str, a: &Array, dims: &[isize], keepdim: bool) -> Result<Spec> {
        let shape = a.shape();
        let mut mask: SmallVec<[bool; 6]> = SmallVec::from_elem(dims.is_empty(), shape.len());
        let mut seen: SmallVec<[bool; 6]> = SmallVec::from_elem(false, shape.len().max(1));
        for &d in dims {
            let i = normalize_dim(op, d, shape)?;
            if seen[i] {
                return Err(Error::invalid(
                    op,
                    format!("dim {d} appears more than once in dims {dims:?} for shape {shape:?}"),
                ));
            }
            seen[i] = true;
            if let Some(m) = mask.get_mut(i) {
                *m = true;
            }
        }
        Ok(Spec::from_mask(shape, mask, keepdim))
    }

    /// The spec for a mask that is already known to be valid.
    pub(crate) fn from_mask(shape: &[usize], mask: SmallVec<[bool; 6]>, keepdim: bool) -> Spec {
        let mut out_shape = Dims::new();
        let mut n = 1;
        for (&d, &m) in shape.iter().zip(&mask) {
            if m {
                n *= d;
                if keepdim {
                    out_shape.push(1);
                }
            } else {
                out_shape.push(d);
            }
        }
        Spec { mask, out_shape, n }
    }

    /// The spec reducing every dim of `shape` to a 0-d result.
    pub(crate) fn all(shape: &[usize]) -> Spec {
        Spec::from_mask(shape, SmallVec::from_elem(true, shape.len()), false)
    }

    /// Elements of the output.
    pub(crate) fn out_numel(&self) -> usize {
        self.out_shape.iter().product()
    }

    /// The memory plan for running this spec over `a`.
    pub(crate) fn plan(&self, a: &Array) -> Plan {
        Plan::new(a.shape(), a.strides(), &self.mask)
    }
}

/// A sum of `n` elements divided by `n`: true division in the element type (an f32 sum
/// by f32(n)), as PyTorch does.
fn mean_of<T: Element>(sum: T, n: usize) -> T {
    sum / T::from_f64(n as f64)
}

impl Array {
    /// Writes the canonical sums (or, with `mean`, the means) of the runs of `spec` into
    /// `out`, one per output element in row-major order: the one routine behind the
    /// allocating and the `_into` forms. An array reduced whole whose elements are one
    /// contiguous slice is summed straight from it, skipping the plan (`sum_slice` is the
    /// order the plan uses for a contiguous run, so the bits are the same).
    pub(crate) fn sums_into<T: Scalar>(&self, spec: &Spec, mean: bool, out: &mut [T]) {
        match self.contiguous_slice::<T>() {
            Some(x) if out.len() == 1 && spec.n == x.len() => out[0] = sum_slice(x),
            _ => spec
                .plan(self)
                .sum_into(T::slice(&self.storage), self.offset, out),
        }
        if mean {
            out.iter_mut().for_each(|v| *v = mean_of(*v, spec.n));
        }
    }

    /// The sum (or mean) of all elements as a 0-d array. A contiguous array, the common
    /// case of small autograd arrays, skips building the spec (a third of the cost of a
    /// 4-element sum); the result is the same as through [`Array::sums_into`].
    fn sum_all(&self, mean: bool) -> Array {
        with_dtype!(self.dtype(), T => match self.contiguous_slice::<T>() {
            Some(x) => {
                let s = sum_slice(x);
                Array::scalar_typed(if mean { mean_of(s, x.len()) } else { s })
            }
            None => self.sums(&Spec::all(self.shape()), mean, &[]),
        })
    }

    /// The sums (or means) of `spec` as a new array of shape `shape`.
    pub(crate) fn sums(&self, spec: &Spec, mean: bool, shape: &[usize]) -> Array {
        with_dtype!(self.dtype(), T => {
            Array::build_init::<T>(shape, spec.out_numel(), |dst| self.sums_into::<T>(spec, mean, dst))
        })
    }

    /// Sum of all elements as a 0-d array of the same dtype (`0` for an empty array).
    ///
    /// Float32 sums are accurate on long arrays (blocks of 8 accumulators combined
    /// pairwise), and arrays of fewer than 8 elements are added left to right from
    /// `+0.0`, as PyTorch does, so a sum of `-0.0`s is `+0.0`.
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// assert_eq!(Array::from_slice(&[1.0, 2.0, 3.5]).sum().item(), 6.5);
    /// assert_eq!(Array::zeros(&[0]).sum().item(), 0.0);
    /// ```
    pub fn sum(&self) -> Array {
        self.sum_all(false)
    }

    /// Sum over `dims` (all dims if empty, as `torch.sum(x, dim=[])`), keeping them as
    /// size 1 if `keepdim`; an error for a dim out of range or listed twice.
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// let x = Array::ones(&[2, 3, 4]);
    /// assert_eq!(x.try_sum_dims(&[0, -1], true).unwrap().shape(), &[1, 3, 1]);
    /// let e = x.try_sum_dims(&[1, -2], false).unwrap_err();
    /// assert_eq!(e.to_string(), "sum: dim -2 appears more than once in dims [1, -2] for shape [2, 3, 4]");
    /// ```
    pub fn try_sum_dims(&self, dims: &[isize], keepdim: bool) -> Result<Array> {
        let spec = Spec::new("sum", self, dims, keepdim)?;
        Ok(self.sums(&spec, false, &spec.out_shape))
    }

    /// Sum over `dims` (all dims if empty).
    ///
    /// # Panics
    /// See [`Array::try_sum_dims`].
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// let x = Array::from_vec(vec![1.0, 2.0, 3.0, 4.0], &[2, 2]);
    /// // column sums [1+3, 2+4], row sums [1+2, 3+4]
    /// assert_eq!(x.sum_dims(&[0], false).to_vec::<f32>(), vec![4.0, 6.0]);
    /// assert_eq!(x.sum_dims(&[1], false).to_vec::<f32>(), vec![3.0, 7.0]);
    /// ```
    #[track_caller]
    pub fn sum_dims(&self, dims: &[isize], keepdim: bool) -> Array {
        unwrap(self.try_sum_dims(dims, keepdim))
    }

    /// Mean of all elements as a 0-d array: the sum divided by the count in the element
    /// type (`NaN` for an empty array, as in PyTorch).
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// assert_eq!(Array::from_slice(&[1.0, 2.0, 3.0, 4.0]).mean().item(), 2.5);
    /// assert!(Array::zeros(&[0]).mean().item().is_nan());
    /// ```
    pub fn mean(&self) -> Array {
        self.sum_all(true)
    }

    /// Mean over `dims` (all dims if empty); errors as [`Array::try_sum_dims`].
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// let x = Array::from_vec(vec![1.0, 2.0, 3.0, 4.0], &[2, 2]);
    /// assert_eq!(x.try_mean_dims(&[0], true).unwrap().to_vec::<f32>(), vec![2.0, 3.0]);
    /// assert!(x.try_mean_dims(&[2], false).is_err());
    /// ```
    pub fn try_mean_dims(&self, dims: &[isize], keepdim: bool) -> Result<Array> {
        let spec = Spec::new("mean", self, dims, keepdim)?;
        Ok(self.sums(&spec, true, &spec.out_shape))
    }

    /// Mean over `dims` (all dims if empty).
    ///
    /// # Panics
    /// See [`Array::try_mean_dims`].
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// let x = Array::from_vec(vec![1.0, 2.0, 3.0, 4.0], &[2, 2]);
    /// assert_eq!(x.mean_dims(&[-1], false).to_vec::<f32>(), vec![1.5, 3.5]);
    /// ```
    #[track_caller]
    pub fn mean_dims(&self, dims: &[isize], keepdim: bool) -> Array {
        unwrap(self.try_mean_dims(dims, keepdim))
    }

    fn prod_spec(&self, spec: &Spec) -> Array {
        with_dtype!(self.dtype(), T => {
            let v = spec
                .plan(self)
                .map(T::slice(&self.storage), self.offset, |r| r.fold(T::ONE, |a, _, x| a * x));
            Array::from_typed(v, &spec.out_shape)
        })
    }

    /// Product of all elements, left to right, as a 0-d array (`1` for an empty array).
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// assert_eq!(Array::from_slice(&[2.0, 3.0, 4.0]).prod().item(), 24.0);
    /// assert_eq!(Array::zeros(&[0]).prod().item(), 1.0);
    /// ```
    pub fn prod(&self) -> Array {
        self.prod_spec(&Spec::from_mask(
            self.shape(),
            SmallVec::from_elem(true, self.ndim()),
            false,
        ))
    }

    /// Product over `dims` (all dims if empty); errors as [`Array::try_sum_dims`].
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// let x = Array::from_vec(vec![1.0, 2.0, 3.0, 4.0], &[2, 2]);
    /// assert_eq!(x.try_prod_dims(&[0], false).unwrap().to_vec::<f32>(), vec![3.0, 8.0]);
    /// ```
    pub fn try_prod_dims(&self, dims: &[isize], keepdim: bool) -> Result<Array> {
        Ok(self.prod_spec(&Spec::new("prod", self, dims, keepdim)?))
    }

    /// Product over `dims` (all dims if empty).
    ///
    /// # Panics
    /// See [`Array::try_prod_dims`].
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// let x = Array::from_vec(vec![1.0, 2.0, 3.0, 4.0], &[2, 2]);
    /// assert_eq!(x.prod_dims(&[1], true).to_vec::<f32>(), vec![2.0, 12.0]);
    /// ```
    #[track_caller]
    pub fn prod_dims(&self, dims: &[isize], keepdim: bool) -> Array {
        unwrap(self.try_prod_dims(dims, keepdim))
    }

    /// Sums this array down to `target`, a shape that broadcasts to `self.shape()`: the
    /// leading extra dims are summed away and dims where `target` has 1 are summed with
    /// keepdim. This is the gradient of broadcasting (PyTorch's `sum_to_size`). An error
    /// if `target` does not broadcast to this shape.
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// let g = Array::ones(&[2, 3, 4]);
    /// assert_eq!(g.try_sum_to_shape(&[3, 1]).unwrap().to_vec::<f32>(), vec![8.0; 3]);
    /// let e = g.try_sum_to_shape(&[2, 4]).unwrap_err();
    /// assert_eq!(e.to_string(), "sum_to_shape: shape [2, 4] does not match [2, 3, 4]: target dim -2 is 2 but the array has 3 (it must be 3 or 1)");
    /// ```
    pub fn try_sum_to_shape(&self, target: &[usize]) -> Result<Array> {
        let shape = self.shape();
        let mismatch = |why: String| Error::ShapeMismatch {
            op: "sum_to_shape",
            lhs: target.to_vec(),
            rhs: shape.to_vec(),
            why,
        };
        if target.len() > shape.len() {
            return Err(mismatch(format!(
                "the target has {} dims but the array only {}",
                target.len(),
                shape.len()
            )));
        }
        let lead = shape.len() - target.len();
        let mut mask: SmallVec<[bool; 6]> = SmallVec::from_elem(false, shape.len());
        for (i, &t) in target.iter().enumerate() {
            let s = shape[lead + i];
            if t != s && t != 1 {
                let dim = i as isize - target.len() as isize;
                return Err(mismatch(format!(
                    "target dim {dim} is {t} but the array has {s} (it must be {s} or 1)"
                )));
            }
            mask[lead + i] = t == 1 && s != 1;
        }
        mask[..lead].iter_mut().for_each(|m| *m = true);
        if !mask.contains(&true) {
            return Ok(self.clone());
        }
        // keepdim=true leaves the kept shape with 1s where target has them; dropping the
        // leading dims then gives exactly `target` with the same row-major order
        let spec = Spec::from_mask(shape, mask, true);
        Ok(self.sums(&spec, false, target))
    }

    /// Sums this array down to `target` (the gradient of broadcasting).
    ///
    /// # Panics
    /// See [`Array::try_sum_to_shape`].
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// let b = Array::from_slice(&[1.0, 2.0, 3.0]);
    /// let expanded = b.expand([4, 3]);
    /// // each element was copied 4 times, so summing back multiplies by 4
    /// assert_eq!(expanded.sum_to_shape(&[3]).to_vec::<f32>(), vec![4.0, 8.0, 12.0]);
    /// ```
    #[track_caller]
    pub fn sum_to_shape(&self, target: &[usize]) -> Array {
        unwrap(self.try_sum_to_shape(target))
    }
}

#[cfg(test)]
mod tests;

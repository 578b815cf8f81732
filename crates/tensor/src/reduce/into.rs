//! Reductions that write an existing array instead of allocating one
//! (`torch.sum(x, dim, out=y)`): sum and mean over all elements or over dims, max and
//! min over all elements.
//!
//! `out` must already have the result's shape and dtype (a 0-d array for a reduction
//! over all elements). As for the elementwise `_into` ops, its buffer is overwritten in
//! place when `out` is its only user, contiguous and covers it exactly; otherwise `out`
//! gets a fresh buffer, so no other array sharing the old one sees the write. The values
//! are bit for bit those of the allocating forms: both run the same routine.

use super::Spec;
use crate::array::Array;
use crate::error::{unwrap, Result};
use crate::kernels::extreme::extreme;
use crate::ops::into::{check_out, write_out_init};
use crate::storage::Scalar;
use crate::with_dtype;

impl Array {
    /// Sums (or means) of `spec` into `out`, after checking its shape and dtype.
    fn sums_to(&self, op: &'static str, spec: &Spec, mean: bool, out: &mut Array) -> Result<()> {
        check_out(op, out, &spec.out_shape, self.dtype())?;
        with_dtype!(self.dtype(), T => write_out_init::<T>(out, |o| self.sums_into::<T>(spec, mean, o)));
        Ok(())
    }

    /// The sum of all elements written into the 0-d array `out` (see
    /// [`Array::sum`]); an error if `out` is not 0-d or has another dtype.
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// let mut total = Array::scalar(0.0);
    /// Array::from_slice(&[1.0, 2.0, 3.5]).try_sum_into(&mut total).unwrap();
    /// assert_eq!(total.item(), 6.5);
    /// let e = Array::ones(&[2]).try_sum_into(&mut Array::zeros(&[1])).unwrap_err();
    /// assert_eq!(e.to_string(), "sum: out has shape [1] but the result has shape []");
    /// ```
    pub fn try_sum_into(&self, out: &mut Array) -> Result<()> {
        self.sums_to("sum", &Spec::all(self.shape()), false, out)
    }

    /// The sum of all elements written into the 0-d array `out`.
    ///
    /// # Panics
    /// See [`Array::try_sum_into`].
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// let mut total = Array::scalar(0.0);
    /// Array::ones(&[2, 3]).sum_into(&mut total);
    /// assert_eq!(total.item(), 6.0);
    /// ```
    #[track_caller]
    pub fn sum_into(&self, out: &mut Array) {
        unwrap(self.try_sum_into(out))
    }

    /// The sum over `dims` (all dims if empty, keeping them as size 1 if `keepdim`)
    /// written into `out` (see [`Array::try_sum_dims`]); an error for a bad dim or an
    /// `out` of the wrong shape or dtype.
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// let x = Array::from_vec(vec![1.0, 2.0, 3.0, 4.0], &[2, 2]);
    /// let mut cols = Array::zeros(&[2]);
    /// // column sums [1+3, 2+4]
    /// x.try_sum_dims_into(&[0], false, &mut cols).unwrap();
    /// assert_eq!(cols.to_vec::<f32>(), vec![4.0, 6.0]);
    /// assert!(x.try_sum_dims_into(&[0], true, &mut cols).is_err()); // needs [1, 2]
    /// assert!(x.try_sum_dims_into(&[2], false, &mut cols).is_err());
    /// ```
    pub fn try_sum_dims_into(&self, dims: &[isize], keepdim: bool, out: &mut Array) -> Result<()> {
        self.sums_to("sum", &Spec::new("sum", self, dims, keepdim)?, false, out)
    }

    /// The sum over `dims` written into `out`.
    ///
    /// # Panics
    /// See [`Array::try_sum_dims_into`].
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// let x = Array::from_vec(vec![1.0, 2.0, 3.0, 4.0], &[2, 2]);
    /// let mut rows = Array::zeros(&[2, 1]);
    /// // row sums [1+2, 3+4], kept as a column
    /// x.sum_dims_into(&[1], true, &mut rows);
    /// assert_eq!(rows.to_vec::<f32>(), vec![3.0, 7.0]);
    /// ```
    #[track_caller]
    pub fn sum_dims_into(&self, dims: &[isize], keepdim: bool, out: &mut Array) {
        unwrap(self.try_sum_dims_into(dims, keepdim, out))
    }

    /// The mean of all elements written into the 0-d array `out` (see
    /// [`Array::mean`]); an error if `out` is not 0-d or has another dtype.
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// let mut m = Array::scalar(0.0);
    /// Array::from_slice(&[1.0, 2.0, 3.0, 4.0]).try_mean_into(&mut m).unwrap();
    /// assert_eq!(m.item(), 2.5);
    /// assert!(Array::ones(&[2]).try_mean_into(&mut Array::scalar_f64(0.0)).is_err());
    /// ```
    pub fn try_mean_into(&self, out: &mut Array) -> Result<()> {
        self.sums_to("mean", &Spec::all(self.shape()), true, out)
    }

    /// The mean of all elements written into the 0-d array `out`.
    ///
    /// # Panics
    /// See [`Array::try_mean_into`].
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// let mut m = Array::scalar(0.0);
    /// Array::from_slice(&[1.0, 2.0]).mean_into(&mut m);
    /// assert_eq!(m.item(), 1.5);
    /// ```
    #[track_caller]
    pub fn mean_into(&self, out: &mut Array) {
        unwrap(self.try_mean_into(out))
    }

    /// The mean over `dims` written into `out` (see [`Array::try_mean_dims`]); errors
    /// as [`Array::try_sum_dims_into`].
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// let x = Array::from_vec(vec![1.0, 2.0, 3.0, 4.0], &[2, 2]);
    /// let mut m = Array::zeros(&[2]);
    /// // row means [(1+2)/2, (3+4)/2]
    /// x.try_mean_dims_into(&[-1], false, &mut m).unwrap();
    /// assert_eq!(m.to_vec::<f32>(), vec![1.5, 3.5]);
    /// assert!(x.try_mean_dims_into(&[0, 0], false, &mut m).is_err());
    /// ```
    pub fn try_mean_dims_into(&self, dims: &[isize], keepdim: bool, out: &mut Array) -> Result<()> {
        self.sums_to("mean", &Spec::new("mean", self, dims, keepdim)?, true, out)
    }

    /// The mean over `dims` written into `out`.
    ///
    /// # Panics
    /// See [`Array::try_mean_dims_into`].
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// let x = Array::from_vec(vec![1.0, 2.0, 3.0, 4.0], &[2, 2]);
    /// let mut m = Array::zeros(&[1, 2]);
    /// x.mean_dims_into(&[0], true, &mut m);
    /// assert_eq!(m.to_vec::<f32>(), vec![2.0, 3.0]);
    /// ```
    #[track_caller]
    pub fn mean_dims_into(&self, dims: &[isize], keepdim: bool, out: &mut Array) {
        unwrap(self.try_mean_dims_into(dims, keepdim, out))
    }

    /// The largest (`MAX`) or smallest element written into the 0-d array `out`.
    fn extreme_to<const MAX: bool>(&self, op: &'static str, out: &mut Array) -> Result<()> {
        check_out(op, out, &[], self.dtype())?;
        with_dtype!(self.dtype(), T => {
            let v = match self.contiguous_slice::<T>().and_then(extreme::<T, MAX>) {
                Some(v) => v,
                // a strided array, a zero extremum (first occurrence decides its sign)
                // or an empty array (the error): the general kernel
                None => {
                    let e = if MAX { self.try_max()? } else { self.try_min()? };
                    T::slice(&e.storage)[e.offset]
                }
            };
            write_out_init::<T>(out, |o| o[0] = v);
        });
        Ok(())
    }

    /// The largest element written into the 0-d array `out` (see [`Array::try_max`]);
    /// an error for an empty array, or if `out` is not 0-d or has another dtype.
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// let mut m = Array::scalar(0.0);
    /// Array::from_slice(&[1.0, 5.0, -2.0]).try_max_into(&mut m).unwrap();
    /// assert_eq!(m.item(), 5.0);
    /// assert!(Array::zeros(&[0]).try_max_into(&mut m).is_err());
    /// ```
    pub fn try_max_into(&self, out: &mut Array) -> Result<()> {
        self.extreme_to::<true>("max", out)
    }

    /// The largest element written into the 0-d array `out`.
    ///
    /// # Panics
    /// See [`Array::try_max_into`].
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// let mut m = Array::scalar(0.0);
    /// Array::from_slice(&[4.0, 3.0]).max_into(&mut m);
    /// assert_eq!(m.item(), 4.0);
    /// ```
    #[track_caller]
    pub fn max_into(&self, out: &mut Array) {
        unwrap(self.try_max_into(out))
    }

    /// The smallest element written into the 0-d array `out` (see [`Array::try_min`]);
    /// errors as [`Array::try_max_into`].
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// let mut m = Array::scalar(0.0);
    /// Array::from_slice(&[1.0, 5.0, -2.0]).try_min_into(&mut m).unwrap();
    /// assert_eq!(m.item(), -2.0);
    /// assert!(Array::ones(&[2]).try_min_into(&mut Array::zeros(&[1])).is_err());
    /// ```
    pub fn try_min_into(&self, out: &mut Array) -> Result<()> {
        self.extreme_to::<false>("min", out)
    }

    /// The smallest element written into the 0-d array `out`.
    ///
    /// # Panics
    /// See [`Array::try_min_into`].
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// let mut m = Array::scalar(0.0);
    /// Array::from_slice(&[4.0, 3.0]).min_into(&mut m);
    /// assert_eq!(m.item(), 3.0);
    /// ```
    #[track_caller]
    pub fn min_into(&self, out: &mut Array) {
        unwrap(self.try_min_into(out))
    }
}

#[cfg(test)]
mod tests {
    use crate::{manual_seed, Array, DType};

    /// Every reduction's `_into` form against its allocating form, bit for bit.
    fn check_same(x: &Array) {
        let bits = |a: &Array| -> Vec<u64> { a.iter().map(f64::to_bits).collect() };
        let dims: Vec<Vec<isize>> = match x.ndim() {
            0 => vec![vec![]],
            1 => vec![vec![], vec![0], vec![-1]],
            _ => vec![vec![], vec![0], vec![1], vec![-1], vec![0, -1]],
        };
        for d in &dims {
            for keepdim in [false, true] {
                let want = x.sum_dims(d, keepdim);
                let mut out = Array::full_dtype(want.shape(), 7.0, x.dtype());
                x.sum_dims_into(d, keepdim, &mut out);
                assert_eq!(bits(&out), bits(&want), "sum {d:?} {keepdim}");
                let want = x.mean_dims(d, keepdim);
                x.mean_dims_into(d, keepdim, &mut out);
                assert_eq!(bits(&out), bits(&want), "mean {d:?} {keepdim}");
            }
        }
        let mut s = Array::full_dtype(&[], 7.0, x.dtype());
        x.sum_into(&mut s);
        assert_eq!(bits(&s), bits(&x.sum()));
        x.mean_into(&mut s);
        assert_eq!(bits(&s), bits(&x.mean()));
        x.max_into(&mut s);
        assert_eq!(bits(&s), bits(&x.max()));
        x.min_into(&mut s);
        assert_eq!(bits(&s), bits(&x.min()));
    }

    #[test]
    fn into_forms_equal_allocating_forms_in_every_layout() {
        manual_seed(5);
        // long enough for the blocked sums and the row-wise column sums
        let x = Array::randn(&[37, 300]);
        check_same(&x);
        check_same(&x.t()); // strided
        check_same(&x.narrow(1, 3, 40)); // offset, gaps between rows
        check_same(&x.to_dtype(DType::F64));
        check_same(&Array::from_slice(&[2.0, -1.0, 0.5]).expand([4, 3])); // stride 0
        check_same(&Array::scalar(3.0)); // 0-d
        check_same(&Array::from_slice(&[0.0, -0.0])); // a zero maximum: the general kernel
    }

    #[test]
    fn writes_in_place_when_out_owns_its_buffer() {
        // [[1, 2], [3, 4]]: column sums [4, 6]
        let x = Array::from_vec(vec![1.0, 2.0, 3.0, 4.0], &[2, 2]);
        let mut out = Array::zeros(&[2]);
        let before = out.storage.slice::<f32>().as_ptr();
        x.sum_dims_into(&[0], false, &mut out);
        assert_eq!(out.to_vec::<f32>(), vec![4.0, 6.0]);
        assert_eq!(out.storage.slice::<f32>().as_ptr(), before);
        // a shared buffer is left alone: `other` keeps its zeros, `out` gets a new one
        let other = out.clone();
        x.mean_dims_into(&[0], false, &mut out);
        assert_eq!(out.to_vec::<f32>(), vec![2.0, 3.0]);
        assert_eq!(other.to_vec::<f32>(), vec![4.0, 6.0]);
        // a view of a larger buffer is not written through either
        let big = Array::zeros(&[4]);
        let mut view = big.narrow(0, 1, 2);
        x.sum_dims_into(&[1], false, &mut view);
        assert_eq!(view.to_vec::<f32>(), vec![3.0, 7.0]);
        assert_eq!(big.to_vec::<f32>(), vec![0.0; 4]);
    }

    #[test]
    fn errors_name_the_op_and_shapes() {
        let x = Array::ones(&[2, 3]);
        let mut wrong = Array::zeros(&[3]);
        let e = x.try_sum_dims_into(&[1], false, &mut wrong).unwrap_err();
        assert_eq!(
            e.to_string(),
            "sum: out has shape [3] but the result has shape [2]"
        );
        let mut f64_out = Array::zeros_dtype(&[2], DType::F64);
        let e = x.try_mean_dims_into(&[1], false, &mut f64_out).unwrap_err();
        assert_eq!(
            e.to_string(),
            "mean: out has dtype float64 but the result has dtype float32"
        );
        let e = x
            .try_sum_dims_into(&[2], false, &mut Array::zeros(&[2]))
            .unwrap_err();
        assert!(e.to_string().starts_with("sum: dim 2"), "{e}");
        let e = Array::zeros(&[0])
            .try_max_into(&mut Array::scalar(0.0))
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "max: cannot reduce an empty array of shape [0]"
        );
        // nothing was written on error
        assert_eq!(wrong.to_vec::<f32>(), vec![0.0; 3]);
    }

    #[test]
    #[should_panic(expected = "min: out has shape [1] but the result has shape []")]
    fn plain_form_panics_with_the_message() {
        Array::ones(&[2]).min_into(&mut Array::zeros(&[1]));
    }
}

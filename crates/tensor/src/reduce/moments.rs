//! Variance and standard deviation with PyTorch's `correction` (Bessel's correction
//! is `correction = 1`, PyTorch's default; `0` gives the population variance).
//!
//! `var = sum((x - mean)^2) / max(0, n - correction)`, computed in two passes in f64
//! and rounded once to the input's dtype (PyTorch also accumulates f32 variance in
//! double on CPU). As in PyTorch, `n - correction <= 0` divides by zero: the result is
//! `NaN` when the squared deviations sum to 0 (e.g. one element with correction 1, or
//! an empty run) and `inf` otherwise.

use super::Spec;
use crate::array::Array;
use crate::dtype::DType;
use crate::error::{unwrap, Result};

impl Array {
    fn moment(
        &self,
        op: &'static str,
        dims: &[isize],
        correction: f64,
        keepdim: bool,
        root: bool,
    ) -> Result<Array> {
        let spec = Spec::new(op, self, dims, keepdim)?;
        let x = self.to_dtype(DType::F64);
        let mean_spec = Spec::new(op, &x, dims, true)?;
        let mean = x.sums(&mean_spec, true, &mean_spec.out_shape);
        let dev = &x - &mean;
        let ss = (&dev * &dev).sums(&spec, false, &spec.out_shape);
        let var = ss.div_scalar((spec.n as f64 - correction).max(0.0));
        let out = if root { var.sqrt() } else { var };
        Ok(out.to_dtype(self.dtype()))
    }

    /// Variance over `dims` (all dims if empty) with `correction` subtracted from the
    /// count, keeping reduced dims as size 1 if `keepdim`; an error for a dim out of
    /// range or listed twice. See the module notes for `n - correction <= 0`.
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// let x = Array::from_vec(vec![1.0, 2.0, 3.0, 4.0, 6.0, 8.0], &[2, 3]);
    /// // row 0: mean 2, squares 1 + 0 + 1 = 2, / (3 - 1) = 1; row 1: mean 6, 4 + 0 + 4 = 8, / 2 = 4
    /// assert_eq!(x.try_var_dims(&[1], 1.0, false).unwrap().to_vec::<f32>(), vec![1.0, 4.0]);
    /// assert!(x.try_var_dims(&[2], 1.0, false).is_err());
    /// ```
    pub fn try_var_dims(&self, dims: &[isize], correction: f64, keepdim: bool) -> Result<Array> {
        self.moment("var", dims, correction, keepdim, false)
    }

    /// Variance over `dims` (all dims if empty).
    ///
    /// # Panics
    /// See [`Array::try_var_dims`].
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// let x = Array::from_vec(vec![1.0, 2.0, 3.0, 4.0, 6.0, 8.0], &[2, 3]);
    /// // population variance of row 0: 2 / 3
    /// assert_eq!(x.var_dims(&[-1], 0.0, true).get(&[0, 0]), (2.0f32 / 3.0) as f64);
    /// ```
    #[track_caller]
    pub fn var_dims(&self, dims: &[isize], correction: f64, keepdim: bool) -> Array {
        unwrap(self.try_var_dims(dims, correction, keepdim))
    }

    /// Standard deviation over `dims` (all dims if empty): the square root of
    /// [`Array::try_var_dims`], with the same errors.
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// let x = Array::from_vec(vec![1.0, 2.0, 3.0, 4.0, 6.0, 8.0], &[2, 3]);
    /// assert_eq!(x.try_std_dims(&[1], 1.0, false).unwrap().to_vec::<f32>(), vec![1.0, 2.0]);
    /// ```
    pub fn try_std_dims(&self, dims: &[isize], correction: f64, keepdim: bool) -> Result<Array> {
        self.moment("std", dims, correction, keepdim, true)
    }

    /// Standard deviation over `dims` (all dims if empty).
    ///
    /// # Panics
    /// See [`Array::try_std_dims`].
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// let x = Array::from_vec(vec![1.0, 3.0, 5.0, 7.0], &[2, 2]);
    /// // columns [1, 5] and [3, 7]: squares 4 + 4 = 8, / 1, sqrt = 2.828...
    /// assert_eq!(x.std_dims(&[0], 1.0, false).to_vec::<f32>(), vec![8f32.sqrt(); 2]);
    /// ```
    #[track_caller]
    pub fn std_dims(&self, dims: &[isize], correction: f64, keepdim: bool) -> Array {
        unwrap(self.try_std_dims(dims, correction, keepdim))
    }

    /// Variance of all elements as a 0-d array (`torch.var(x, correction=c)`; PyTorch's
    /// default is `correction = 1.0`).
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// let x = Array::from_slice(&[2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0]);
    /// // mean 5, squared deviations sum to 32: 32 / 8 = 4, 32 / 7 with correction 1
    /// assert_eq!(x.var(0.0).item(), 4.0);
    /// assert_eq!(x.var(1.0).item(), (32.0f64 / 7.0) as f32 as f64);
    /// assert!(Array::from_slice(&[1.0]).var(1.0).item().is_nan());
    /// ```
    pub fn var(&self, correction: f64) -> Array {
        unwrap(self.try_var_dims(&[], correction, false))
    }

    /// Standard deviation of all elements as a 0-d array.
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// let x = Array::from_slice(&[2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0]);
    /// assert_eq!(x.std(0.0).item(), 2.0);
    /// ```
    pub fn std(&self, correction: f64) -> Array {
        unwrap(self.try_std_dims(&[], correction, false))
    }
}

#[cfg(test)]
mod tests {
    use crate::Array;

    #[test]
    fn hand_worked_moments() {
        // x = [[1, 2, 3], [4, 6, 8]]; columns: means [2.5, 4, 5.5], squared deviations
        // 2 * 1.5^2 = 4.5, 2 * 2^2 = 8, 2 * 2.5^2 = 12.5; / (2 - 1)
        let x = Array::from_vec_f64(vec![1.0, 2.0, 3.0, 4.0, 6.0, 8.0], &[2, 3]);
        assert_eq!(
            x.var_dims(&[0], 1.0, false).to_vec::<f64>(),
            vec![4.5, 8.0, 12.5]
        );
        assert_eq!(
            x.var_dims(&[0], 0.0, true).to_vec::<f64>(),
            vec![2.25, 4.0, 6.25]
        );
        assert_eq!(x.var_dims(&[0], 0.0, true).shape(), &[1, 3]);
        assert_eq!(
            x.std_dims(&[0], 0.0, false).to_vec::<f64>(),
            vec![1.5, 2.0, 2.5]
        );
        // all 6: mean 4, squares 9 + 4 + 1 + 0 + 4 + 16 = 34; / 5 and / 6
        assert_eq!(x.var(1.0).item(), 34.0 / 5.0);
        assert_eq!(x.var_dims(&[], 0.0, false).item(), 34.0 / 6.0);
        assert_eq!(x.std(1.0).item(), (34.0f64 / 5.0).sqrt());
        // f32 in, f32 out, correctly rounded from the f64 result
        let x32 = x.to_dtype(crate::DType::F32);
        assert_eq!(x32.var(1.0).dtype(), crate::DType::F32);
        assert_eq!(x32.var(1.0).item(), (34.0f64 / 5.0) as f32 as f64);
        // dims [0, 1] of a [2, 2, 1] array equals var over everything
        let y = x.narrow(1, 0, 2).unsqueeze(-1);
        assert_eq!(
            y.var_dims(&[0, 1], 1.0, false).to_vec::<f64>(),
            vec![y.var(1.0).item()]
        );
    }

    #[test]
    fn too_few_elements_give_nan_or_inf() {
        // n - correction <= 0 divides by max(0, n - correction) = 0 as PyTorch does:
        // one element (deviation 0): 0 / 0 = NaN; two unequal elements with correction 3:
        // 0.5 / 0 = inf; empty: NaN
        assert!(Array::scalar(3.0).var(1.0).item().is_nan());
        assert_eq!(
            Array::from_slice(&[1.0, 2.0]).var(3.0).item(),
            f64::INFINITY
        );
        assert!(Array::zeros(&[0]).var(1.0).item().is_nan());
        assert!(Array::zeros(&[0]).std(0.0).item().is_nan());
        let e = Array::zeros(&[2])
            .try_std_dims(&[0, 0], 1.0, false)
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "std: dim 0 appears more than once in dims [0, 0] for shape [2]"
        );
    }
}

//! Constructors that fill a new array: zeros, ones, full, arange, linspace, eye.
//!
//! Each takes an explicit [`DType`] in its `_dtype` form; the short form makes `f32`,
//! PyTorch's default.

use crate::array::Array;
use crate::dtype::{DType, Element};
use crate::error::{unwrap, Error, Result};
use crate::shape::checked_numel;
use crate::with_dtype;

impl Array {
    /// An array of `shape` filled with `value` (rounded to `dtype`), or an error if the
    /// element count overflows.
    ///
    /// ```
    /// use nanotorch_tensor::{Array, DType};
    /// let a = Array::try_full_dtype(&[2], 0.1, DType::F64).unwrap();
    /// assert_eq!(a.to_vec::<f64>(), vec![0.1, 0.1]);
    /// assert!(Array::try_full_dtype(&[usize::MAX, 2], 0.0, DType::F32).is_err());
    /// ```
    pub fn try_full_dtype(shape: &[usize], value: f64, dtype: DType) -> Result<Array> {
        let n = checked_numel("full", shape)?;
        Ok(with_dtype!(dtype, T => {
            // a reused buffer when one is pooled or cached (see kernels::alloc)
            crate::kernels::map::filled(shape, n, T::from_f64(value))
        }))
    }

    /// An array of `shape` filled with `value`, of type `dtype`.
    ///
    /// # Panics
    /// If the element count of `shape` overflows `usize`.
    ///
    /// ```
    /// use nanotorch_tensor::{Array, DType};
    /// assert_eq!(Array::full_dtype(&[3], 2.0, DType::F64).to_vec::<f64>(), vec![2.0; 3]);
    /// ```
    #[track_caller]
    pub fn full_dtype(shape: &[usize], value: f64, dtype: DType) -> Array {
        unwrap(Array::try_full_dtype(shape, value, dtype))
    }

    /// An `f32` array of `shape` filled with `value`.
    ///
    /// # Panics
    /// If the element count of `shape` overflows `usize`.
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// assert_eq!(Array::full(&[2, 2], 7.0).to_vec::<f32>(), vec![7.0; 4]);
    /// ```
    #[track_caller]
    pub fn full(shape: &[usize], value: f64) -> Array {
        Array::full_dtype(shape, value, DType::F32)
    }

    /// `f32` zeros.
    ///
    /// # Panics
    /// If the element count of `shape` overflows `usize`.
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// assert_eq!(Array::zeros(&[3]).to_vec::<f32>(), vec![0.0; 3]);
    /// ```
    #[track_caller]
    pub fn zeros(shape: &[usize]) -> Array {
        Array::full(shape, 0.0)
    }

    /// `f32` ones.
    ///
    /// # Panics
    /// If the element count of `shape` overflows `usize`.
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// assert_eq!(Array::ones(&[2]).to_vec::<f32>(), vec![1.0; 2]);
    /// ```
    #[track_caller]
    pub fn ones(shape: &[usize]) -> Array {
        Array::full(shape, 1.0)
    }

    /// Zeros of the given dtype.
    ///
    /// # Panics
    /// If the element count of `shape` overflows `usize`.
    ///
    /// ```
    /// use nanotorch_tensor::{Array, DType};
    /// assert_eq!(Array::zeros_dtype(&[1], DType::F64).dtype(), DType::F64);
    /// ```
    #[track_caller]
    pub fn zeros_dtype(shape: &[usize], dtype: DType) -> Array {
        Array::full_dtype(shape, 0.0, dtype)
    }

    /// Ones of the given dtype.
    ///
    /// # Panics
    /// If the element count of `shape` overflows `usize`.
    ///
    /// ```
    /// use nanotorch_tensor::{Array, DType};
    /// assert_eq!(Array::ones_dtype(&[1], DType::F64).item(), 1.0);
    /// ```
    #[track_caller]
    pub fn ones_dtype(shape: &[usize], dtype: DType) -> Array {
        Array::full_dtype(shape, 1.0, dtype)
    }

    /// Zeros with this array's shape and dtype.
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// let a = Array::ones(&[2, 3]);
    /// assert_eq!(a.zeros_like().shape(), &[2, 3]);
    /// ```
    pub fn zeros_like(&self) -> Array {
        Array::full_dtype(self.shape(), 0.0, self.dtype())
    }

    /// Ones with this array's shape and dtype.
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// assert_eq!(Array::zeros(&[2]).ones_like().to_vec::<f32>(), vec![1.0, 1.0]);
    /// ```
    pub fn ones_like(&self) -> Array {
        Array::full_dtype(self.shape(), 1.0, self.dtype())
    }

    /// `value` with this array's shape and dtype.
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// assert_eq!(Array::zeros(&[2]).full_like(3.0).to_vec::<f32>(), vec![3.0, 3.0]);
    /// ```
    pub fn full_like(&self, value: f64) -> Array {
        Array::full_dtype(self.shape(), value, self.dtype())
    }

    /// Values `start, start + step, ...` strictly before `end` (`torch.arange`), or an
    /// error for a zero, NaN or wrong-signed step.
    ///
    /// ```
    /// use nanotorch_tensor::{Array, DType};
    /// let e = Array::try_arange_dtype(0.0, 1.0, -0.5, DType::F32).unwrap_err();
    /// assert_eq!(e.to_string(), "arange: step -0.5 does not move from 0 towards 1");
    /// ```
    pub fn try_arange_dtype(start: f64, end: f64, step: f64, dtype: DType) -> Result<Array> {
        let ok = step.is_finite()
            && start.is_finite()
            && end.is_finite()
            && step != 0.0
            && ((step > 0.0 && end >= start) || (step < 0.0 && end <= start));
        if !ok {
            return Err(Error::invalid(
                "arange",
                format!("step {step} does not move from {start} towards {end}"),
            ));
        }
        let n = ((end - start) / step).ceil() as usize;
        Ok(with_dtype!(dtype, T => Array::from_typed(
            (0..n).map(|i| T::from_f64(start + i as f64 * step)).collect(),
            &[n],
        )))
    }

    /// `torch.arange(start, end, step)` as `f32`.
    ///
    /// # Panics
    /// For a zero, NaN or wrong-signed step.
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// assert_eq!(Array::arange(1.0, 5.0, 1.0).to_vec::<f32>(), vec![1.0, 2.0, 3.0, 4.0]);
    /// ```
    #[track_caller]
    pub fn arange(start: f64, end: f64, step: f64) -> Array {
        unwrap(Array::try_arange_dtype(start, end, step, DType::F32))
    }

    /// `steps` evenly spaced values from `start` to `end` inclusive (`torch.linspace`,
    /// `np.linspace`). Computed as PyTorch does, in the element type: the first half as
    /// `start + i*step`, the second half as `end - (steps-1-i)*step`, each a fused
    /// multiply-add (one rounding), so both endpoints are exact and the values match
    /// PyTorch's bit for bit.
    ///
    /// ```
    /// use nanotorch_tensor::{Array, DType};
    /// let x = Array::linspace_dtype(-1.0, 1.0, 5, DType::F64);
    /// assert_eq!(x.to_vec::<f64>(), vec![-1.0, -0.5, 0.0, 0.5, 1.0]);
    /// ```
    pub fn linspace_dtype(start: f64, end: f64, steps: usize, dtype: DType) -> Array {
        with_dtype!(dtype, T => Array::from_typed(linspace_values::<T>(start, end, steps), &[steps]))
    }

    /// `torch.linspace(start, end, steps)` as `f32`.
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// let x = Array::linspace(-std::f64::consts::PI, std::f64::consts::PI, 2000);
    /// assert_eq!(x.shape(), &[2000]);
    /// assert_eq!(x.get(&[1999]), std::f64::consts::PI as f32 as f64);
    /// ```
    pub fn linspace(start: f64, end: f64, steps: usize) -> Array {
        Array::linspace_dtype(start, end, steps, DType::F32)
    }

    /// The `n x n` identity matrix of `dtype`.
    ///
    /// ```
    /// use nanotorch_tensor::{Array, DType};
    /// assert_eq!(Array::eye_dtype(2, DType::F64).to_vec::<f64>(), vec![1.0, 0.0, 0.0, 1.0]);
    /// ```
    pub fn eye_dtype(n: usize, dtype: DType) -> Array {
        with_dtype!(dtype, T => {
            let mut v = vec![T::ZERO; n * n];
            for i in 0..n {
                v[i * n + i] = T::ONE;
            }
            Array::from_typed(v, &[n, n])
        })
    }

    /// The `n x n` `f32` identity matrix (`torch.eye(n)`).
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// assert_eq!(Array::eye(3).get(&[1, 1]), 1.0);
    /// ```
    pub fn eye(n: usize) -> Array {
        Array::eye_dtype(n, DType::F32)
    }
}

fn linspace_values<T: Element>(start: f64, end: f64, steps: usize) -> Vec<T> {
    match steps {
        0 => vec![],
        1 => vec![T::from_f64(start)],
        _ => {
            let (s, e) = (T::from_f64(start), T::from_f64(end));
            let step = (e - s) / T::from_f64((steps - 1) as f64);
            let half = steps / 2;
            (0..steps)
                .map(|i| {
                    // fused multiply-add, one rounding, as PyTorch's vectorised kernel
                    if i < half {
                        step.mul_add(T::from_f64(i as f64), s)
                    } else {
                        (-step).mul_add(T::from_f64((steps - 1 - i) as f64), e)
                    }
                })
                .collect()
        }
    }
}

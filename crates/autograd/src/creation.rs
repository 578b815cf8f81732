//! Constructors of leaf tensors: from data, filled, ranges, random.

use crate::tensor::Tensor;
use nanotorch_tensor::error::unwrap;
use nanotorch_tensor::{Array, DType, Result};

impl Tensor {
    /// A leaf tensor holding `data`, not requiring grad (`torch.tensor(...)`).
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// use nanotorch_tensor::Array;
    /// let t = Tensor::from_array(Array::eye(2));
    /// assert!(t.is_leaf() && !t.requires_grad());
    /// ```
    pub fn from_array(data: Array) -> Tensor {
        Tensor::with_state(data, None, false)
    }

    /// An `f32` leaf of `shape` holding `data`, or an error if the lengths differ.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// assert!(Tensor::try_from_vec(vec![1.0; 3], &[2, 2]).is_err());
    /// ```
    pub fn try_from_vec(data: Vec<f32>, shape: &[usize]) -> Result<Tensor> {
        Array::try_from_vec(data, shape).map(Tensor::from_array)
    }

    /// An `f32` leaf of `shape` holding `data`.
    ///
    /// # Panics
    /// If `data.len()` is not the product of `shape`.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// assert_eq!(Tensor::from_vec(vec![1.0, 2.0], &[2, 1]).shape().as_slice(), &[2, 1]);
    /// ```
    #[track_caller]
    pub fn from_vec(data: Vec<f32>, shape: &[usize]) -> Tensor {
        unwrap(Tensor::try_from_vec(data, shape))
    }

    /// A 1-D `f32` leaf copied from a slice.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// assert_eq!(Tensor::from_slice(&[1.0, 2.0]).numel(), 2);
    /// ```
    pub fn from_slice(data: &[f32]) -> Tensor {
        Tensor::from_array(Array::from_slice(data))
    }

    /// A 1-D `f64` leaf copied from a slice.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// use nanotorch_tensor::DType;
    /// assert_eq!(Tensor::from_slice_f64(&[1.0]).dtype(), DType::F64);
    /// ```
    pub fn from_slice_f64(data: &[f64]) -> Tensor {
        Tensor::from_array(Array::from_slice_f64(data))
    }

    /// A 0-d `f32` leaf (`torch.tensor(v)`).
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// assert_eq!(Tensor::scalar(0.5).item(), 0.5);
    /// ```
    pub fn scalar(v: f32) -> Tensor {
        Tensor::from_array(Array::scalar(v))
    }

    /// A 0-d `f64` leaf.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// assert_eq!(Tensor::scalar_f64(0.1).item(), 0.1);
    /// ```
    pub fn scalar_f64(v: f64) -> Tensor {
        Tensor::from_array(Array::scalar_f64(v))
    }

    /// `f32` zeros of `shape`.
    ///
    /// # Panics
    /// If the element count overflows `usize`.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// assert_eq!(Tensor::zeros(&[2]).to_vec::<f32>(), vec![0.0, 0.0]);
    /// ```
    #[track_caller]
    pub fn zeros(shape: &[usize]) -> Tensor {
        Tensor::from_array(Array::zeros(shape))
    }

    /// `f32` ones of `shape`.
    ///
    /// # Panics
    /// If the element count overflows `usize`.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// assert_eq!(Tensor::ones(&[2]).to_vec::<f32>(), vec![1.0, 1.0]);
    /// ```
    #[track_caller]
    pub fn ones(shape: &[usize]) -> Tensor {
        Tensor::from_array(Array::ones(shape))
    }

    /// A leaf of `shape` filled with `value` in `dtype` (`torch.full`).
    ///
    /// # Panics
    /// If the element count overflows `usize`.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// use nanotorch_tensor::DType;
    /// let d = Tensor::full(&[], 0.3, DType::F32).requires_grad_(true);
    /// assert_eq!(d.item(), 0.3f32 as f64);
    /// ```
    #[track_caller]
    pub fn full(shape: &[usize], value: f64, dtype: DType) -> Tensor {
        Tensor::from_array(Array::full_dtype(shape, value, dtype))
    }

    /// `steps` evenly spaced `f32` values from `start` to `end` (`torch.linspace`).
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// assert_eq!(Tensor::linspace(0.0, 1.0, 3).to_vec::<f32>(), vec![0.0, 0.5, 1.0]);
    /// ```
    pub fn linspace(start: f64, end: f64, steps: usize) -> Tensor {
        Tensor::from_array(Array::linspace(start, end, steps))
    }

    /// `f32` values `start, start + step, ...` below `end` (`torch.arange`).
    ///
    /// # Panics
    /// If `step` is zero or has the wrong sign.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// assert_eq!(Tensor::arange(0.0, 3.0, 1.0).to_vec::<f32>(), vec![0.0, 1.0, 2.0]);
    /// ```
    #[track_caller]
    pub fn arange(start: f64, end: f64, step: f64) -> Tensor {
        Tensor::from_array(Array::arange(start, end, step))
    }

    /// Zeros with this tensor's shape and dtype, not requiring grad.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// assert_eq!(Tensor::ones(&[2]).zeros_like().to_vec::<f32>(), vec![0.0; 2]);
    /// ```
    pub fn zeros_like(&self) -> Tensor {
        Tensor::from_array(self.read().data.zeros_like())
    }

    /// Ones with this tensor's shape and dtype, not requiring grad.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// assert_eq!(Tensor::zeros(&[2]).ones_like().to_vec::<f32>(), vec![1.0; 2]);
    /// ```
    pub fn ones_like(&self) -> Tensor {
        Tensor::from_array(self.read().data.ones_like())
    }

    /// `f32` samples from the uniform distribution on `[0, 1)` (`torch.rand`), from
    /// the tensor crate's seedable global generator.
    ///
    /// # Panics
    /// If the element count overflows `usize`.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// let r = Tensor::rand(&[3]);
    /// assert!(r.to_vec::<f32>().iter().all(|&v| (0.0..1.0).contains(&v)));
    /// ```
    #[track_caller]
    pub fn rand(shape: &[usize]) -> Tensor {
        Tensor::from_array(Array::rand(shape))
    }

    /// `f32` samples from the standard normal distribution (`torch.randn`), from the
    /// tensor crate's seedable global generator.
    ///
    /// # Panics
    /// If the element count overflows `usize`.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// let a = Tensor::randn(&[]).requires_grad_(true);
    /// assert_eq!(a.ndim(), 0);
    /// ```
    #[track_caller]
    pub fn randn(shape: &[usize]) -> Tensor {
        Tensor::from_array(Array::randn(shape))
    }

    /// Standard normal samples of `dtype`.
    ///
    /// # Panics
    /// If the element count overflows `usize`.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// use nanotorch_tensor::DType;
    /// assert_eq!(Tensor::randn_dtype(&[2], DType::F64).dtype(), DType::F64);
    /// ```
    #[track_caller]
    pub fn randn_dtype(shape: &[usize], dtype: DType) -> Tensor {
        Tensor::from_array(Array::randn_dtype(shape, dtype))
    }
}

//! The random constructors of [`Array`]: `rand`, `randn`, `uniform` and `normal` in
//! their global, `_dtype`, `_with` and `try_` forms (see the [parent module](super)).

use super::{with_global_generator, Generator};
use crate::array::Array;
use crate::dtype::{DType, Element};
use crate::error::{unwrap, Error, Result};
use crate::shape::checked_numel;
use crate::storage::Scalar;
use crate::with_dtype;
use rand::distributions::Standard;
use rand::Rng;
use rand_distr::StandardNormal;

/// Draws `numel(shape)` values of `T` in row-major order.
fn fill<T: Scalar>(
    op: &'static str,
    shape: &[usize],
    mut draw: impl FnMut() -> T,
) -> Result<Array> {
    let n = checked_numel(op, shape)?;
    Ok(Array::from_typed((0..n).map(|_| draw()).collect(), shape))
}

/// `v` rounded to `T`, or an error unless it is finite there.
fn finite_param<T: Element>(op: &'static str, name: &str, v: f64) -> Result<T> {
    let t = T::from_f64(v);
    if !t.to_f64().is_finite() {
        return Err(Error::invalid(
            op,
            format!("{name} must be finite in {}, got {v:?}", T::DTYPE),
        ));
    }
    Ok(t)
}

/// `lo + (hi - lo) * u` for `u` uniform in [0, 1), in `T`.
fn uniform_typed<T: Scalar>(g: &mut Generator, shape: &[usize], lo: f64, hi: f64) -> Result<Array>
where
    Standard: rand::distributions::Distribution<T>,
{
    const OP: &str = "uniform";
    let (l, h) = (
        finite_param::<T>(OP, "lo", lo)?,
        finite_param::<T>(OP, "hi", hi)?,
    );
    if h < l {
        return Err(Error::invalid(
            OP,
            format!("expected lo <= hi, got lo = {lo:?}, hi = {hi:?}"),
        ));
    }
    let width = h - l;
    if !width.to_f64().is_finite() {
        return Err(Error::invalid(
            OP,
            format!(
                "hi - lo overflows {}, got lo = {lo:?}, hi = {hi:?}",
                T::DTYPE
            ),
        ));
    }
    fill(OP, shape, || l + width * g.rng.sample::<T, _>(Standard))
}

/// `mean + std * z` for `z` standard normal, in `T`.
fn normal_typed<T: Scalar>(g: &mut Generator, shape: &[usize], mean: f64, std: f64) -> Result<Array>
where
    StandardNormal: rand::distributions::Distribution<T>,
{
    const OP: &str = "normal";
    let (m, s) = (
        finite_param::<T>(OP, "mean", mean)?,
        finite_param::<T>(OP, "std", std)?,
    );
    if std < 0.0 {
        return Err(Error::invalid(
            OP,
            format!("expected std >= 0, got std = {std:?}"),
        ));
    }
    fill(OP, shape, || m + s * g.rng.sample::<T, _>(StandardNormal))
}

impl Array {
    /// Values uniform in [0, 1) from `generator`, or an error if the shape's element count
    /// overflows.
    ///
    /// ```
    /// use nanotorch_tensor::{Array, DType, Generator};
    /// assert!(Array::try_rand_with(&mut Generator::new(0), &[usize::MAX, 2], DType::F32).is_err());
    /// ```
    pub fn try_rand_with(
        generator: &mut Generator,
        shape: &[usize],
        dtype: DType,
    ) -> Result<Array> {
        with_dtype!(dtype, T => fill::<T>("rand", shape, || generator.rng.sample::<T, _>(Standard)))
    }

    /// Values uniform in [0, 1) from `generator` (`torch.rand(..., generator=generator)`).
    ///
    /// # Panics
    /// If the shape's element count overflows.
    ///
    /// ```
    /// use nanotorch_tensor::{Array, DType, Generator};
    /// let a = Array::rand_with(&mut Generator::new(0), &[100], DType::F64);
    /// assert!(a.iter().all(|x| (0.0..1.0).contains(&x)));
    /// ```
    #[track_caller]
    pub fn rand_with(generator: &mut Generator, shape: &[usize], dtype: DType) -> Array {
        unwrap(Array::try_rand_with(generator, shape, dtype))
    }

    /// Values uniform in [0, 1) of `dtype` from the global generator.
    ///
    /// # Panics
    /// If the shape's element count overflows.
    ///
    /// ```
    /// use nanotorch_tensor::{Array, DType};
    /// assert_eq!(Array::rand_dtype(&[2], DType::F64).dtype(), DType::F64);
    /// ```
    #[track_caller]
    pub fn rand_dtype(shape: &[usize], dtype: DType) -> Array {
        unwrap(with_global_generator(|g| {
            Array::try_rand_with(g, shape, dtype)
        }))
    }

    /// f32 values uniform in [0, 1) from the global generator (`torch.rand`).
    ///
    /// # Panics
    /// If the shape's element count overflows.
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// assert_eq!(Array::rand(&[2, 3]).shape(), &[2, 3]);
    /// ```
    #[track_caller]
    pub fn rand(shape: &[usize]) -> Array {
        Array::rand_dtype(shape, DType::F32)
    }

    /// Standard normal values from `generator`, or an error if the shape's element count
    /// overflows.
    ///
    /// ```
    /// use nanotorch_tensor::{Array, DType, Generator};
    /// assert!(Array::try_randn_with(&mut Generator::new(0), &[usize::MAX, 2], DType::F32).is_err());
    /// ```
    pub fn try_randn_with(
        generator: &mut Generator,
        shape: &[usize],
        dtype: DType,
    ) -> Result<Array> {
        with_dtype!(dtype, T => fill::<T>("randn", shape, || generator.rng.sample::<T, _>(StandardNormal)))
    }

    /// Standard normal values N(0, 1) from `generator`.
    ///
    /// # Panics
    /// If the shape's element count overflows.
    ///
    /// ```
    /// use nanotorch_tensor::{Array, DType, Generator};
    /// assert_eq!(Array::randn_with(&mut Generator::new(0), &[3], DType::F32).numel(), 3);
    /// ```
    #[track_caller]
    pub fn randn_with(generator: &mut Generator, shape: &[usize], dtype: DType) -> Array {
        unwrap(Array::try_randn_with(generator, shape, dtype))
    }

    /// Standard normal values of `dtype` from the global generator.
    ///
    /// # Panics
    /// If the shape's element count overflows.
    ///
    /// ```
    /// use nanotorch_tensor::{Array, DType};
    /// assert_eq!(Array::randn_dtype(&[2], DType::F64).dtype(), DType::F64);
    /// ```
    #[track_caller]
    pub fn randn_dtype(shape: &[usize], dtype: DType) -> Array {
        unwrap(with_global_generator(|g| {
            Array::try_randn_with(g, shape, dtype)
        }))
    }

    /// f32 standard normal values from the global generator (`torch.randn`).
    ///
    /// # Panics
    /// If the shape's element count overflows.
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// assert_eq!(Array::randn(&[4]).shape(), &[4]);
    /// ```
    #[track_caller]
    pub fn randn(shape: &[usize]) -> Array {
        Array::randn_dtype(shape, DType::F32)
    }

    /// `lo + (hi - lo) * u` with `u` uniform in [0, 1) (PyTorch's `uniform_`), computed
    /// in `dtype`, from `generator`. Values lie in [lo, hi]; rounding can produce `hi` itself,
    /// as in PyTorch. An error if `lo` or `hi` is not finite in `dtype`, `hi < lo`,
    /// `hi - lo` overflows, or the shape's element count overflows.
    ///
    /// ```
    /// use nanotorch_tensor::{Array, DType, Generator};
    /// let e = Array::try_uniform_with(&mut Generator::new(0), &[2], 1.0, -1.0, DType::F32).unwrap_err();
    /// assert_eq!(e.to_string(), "uniform: expected lo <= hi, got lo = 1.0, hi = -1.0");
    /// ```
    pub fn try_uniform_with(
        generator: &mut Generator,
        shape: &[usize],
        lo: f64,
        hi: f64,
        dtype: DType,
    ) -> Result<Array> {
        with_dtype!(dtype, T => uniform_typed::<T>(generator, shape, lo, hi))
    }

    /// Values uniform in [lo, hi) from `generator` (see [`Array::try_uniform_with`]).
    ///
    /// # Panics
    /// On the errors of [`Array::try_uniform_with`].
    ///
    /// ```
    /// use nanotorch_tensor::{Array, DType, Generator};
    /// let a = Array::uniform_with(&mut Generator::new(0), &[100], -2.0, 3.0, DType::F64);
    /// assert!(a.iter().all(|x| (-2.0..=3.0).contains(&x)));
    /// ```
    #[track_caller]
    pub fn uniform_with(
        generator: &mut Generator,
        shape: &[usize],
        lo: f64,
        hi: f64,
        dtype: DType,
    ) -> Array {
        unwrap(Array::try_uniform_with(generator, shape, lo, hi, dtype))
    }

    /// Values uniform in [lo, hi) of `dtype` from the global generator.
    ///
    /// # Panics
    /// On the errors of [`Array::try_uniform_with`].
    ///
    /// ```
    /// use nanotorch_tensor::{Array, DType};
    /// assert_eq!(Array::uniform_dtype(&[2], 0.0, 1.0, DType::F64).dtype(), DType::F64);
    /// ```
    #[track_caller]
    pub fn uniform_dtype(shape: &[usize], lo: f64, hi: f64, dtype: DType) -> Array {
        unwrap(with_global_generator(|g| {
            Array::try_uniform_with(g, shape, lo, hi, dtype)
        }))
    }

    /// f32 values uniform in [lo, hi) from the global generator, or an error as in
    /// [`Array::try_uniform_with`].
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// let e = Array::try_uniform(&[2], f64::NAN, 1.0).unwrap_err();
    /// assert_eq!(e.to_string(), "uniform: lo must be finite in float32, got NaN");
    /// ```
    pub fn try_uniform(shape: &[usize], lo: f64, hi: f64) -> Result<Array> {
        with_global_generator(|g| Array::try_uniform_with(g, shape, lo, hi, DType::F32))
    }

    /// f32 values uniform in [lo, hi) from the global generator (`torch.empty(shape).uniform_(lo, hi)`).
    ///
    /// # Panics
    /// On the errors of [`Array::try_uniform_with`].
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// // PyTorch's nn.Linear(4, 1) initialisation bound: 1 / sqrt(4)
    /// let w = Array::uniform(&[1, 4], -0.5, 0.5);
    /// assert!(w.iter().all(|x| x.abs() <= 0.5));
    /// ```
    #[track_caller]
    pub fn uniform(shape: &[usize], lo: f64, hi: f64) -> Array {
        unwrap(Array::try_uniform(shape, lo, hi))
    }

    /// `mean + std * z` with `z` standard normal, computed in `dtype`, from `generator`; an
    /// error if `mean` or `std` is not finite in `dtype`, `std < 0`, or the shape's
    /// element count overflows.
    ///
    /// ```
    /// use nanotorch_tensor::{Array, DType, Generator};
    /// let e = Array::try_normal_with(&mut Generator::new(0), &[2], 0.0, -1.0, DType::F32).unwrap_err();
    /// assert_eq!(e.to_string(), "normal: expected std >= 0, got std = -1.0");
    /// ```
    pub fn try_normal_with(
        generator: &mut Generator,
        shape: &[usize],
        mean: f64,
        std: f64,
        dtype: DType,
    ) -> Result<Array> {
        with_dtype!(dtype, T => normal_typed::<T>(generator, shape, mean, std))
    }

    /// Normal values N(mean, std²) from `generator` (see [`Array::try_normal_with`]).
    ///
    /// # Panics
    /// On the errors of [`Array::try_normal_with`].
    ///
    /// ```
    /// use nanotorch_tensor::{Array, DType, Generator};
    /// // std = 0 gives the mean exactly
    /// let a = Array::normal_with(&mut Generator::new(0), &[3], 2.5, 0.0, DType::F64);
    /// assert_eq!(a.to_vec::<f64>(), vec![2.5; 3]);
    /// ```
    #[track_caller]
    pub fn normal_with(
        generator: &mut Generator,
        shape: &[usize],
        mean: f64,
        std: f64,
        dtype: DType,
    ) -> Array {
        unwrap(Array::try_normal_with(generator, shape, mean, std, dtype))
    }

    /// Normal values of `dtype` from the global generator.
    ///
    /// # Panics
    /// On the errors of [`Array::try_normal_with`].
    ///
    /// ```
    /// use nanotorch_tensor::{Array, DType};
    /// assert_eq!(Array::normal_dtype(&[2], 0.0, 1.0, DType::F64).dtype(), DType::F64);
    /// ```
    #[track_caller]
    pub fn normal_dtype(shape: &[usize], mean: f64, std: f64, dtype: DType) -> Array {
        unwrap(with_global_generator(|g| {
            Array::try_normal_with(g, shape, mean, std, dtype)
        }))
    }

    /// f32 normal values from the global generator, or an error as in
    /// [`Array::try_normal_with`].
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// let e = Array::try_normal(&[2], 0.0, f64::INFINITY).unwrap_err();
    /// assert_eq!(e.to_string(), "normal: std must be finite in float32, got inf");
    /// ```
    pub fn try_normal(shape: &[usize], mean: f64, std: f64) -> Result<Array> {
        with_global_generator(|g| Array::try_normal_with(g, shape, mean, std, DType::F32))
    }

    /// f32 normal values N(mean, std²) from the global generator (`torch.normal(mean, std, shape)`).
    ///
    /// # Panics
    /// On the errors of [`Array::try_normal_with`].
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// assert_eq!(Array::normal(&[2, 2], 1.0, 0.1).shape(), &[2, 2]);
    /// ```
    #[track_caller]
    pub fn normal(shape: &[usize], mean: f64, std: f64) -> Array {
        unwrap(Array::try_normal(shape, mean, std))
    }
}

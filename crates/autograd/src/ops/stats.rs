//! `prod`, `max`/`min` (over all elements, or along a dim with indices), `var` and
//! `std`, with their gradients.
//!
//! ```
//! use nanotorch_autograd::Tensor;
//! let x = Tensor::from_slice(&[1.0, 3.0, 3.0]).requires_grad_(true);
//! x.max().backward(); // ties share the gradient evenly, as in PyTorch
//! assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![0.0, 0.5, 0.5]);
//! ```

use crate::node::{inputs, record, Grads, Rule};
use crate::tensor::Tensor;
use nanotorch_tensor::error::unwrap;
use nanotorch_tensor::shape::{normalize_dim, Dims};
use nanotorch_tensor::{Array, Result};

fn one(t: Tensor) -> Result<Grads> {
    Ok(Grads::from_iter([Some(t)]))
}

/// The input shape with `dims` set to 1 (all dims if empty).
fn kept(shape: &[usize], dims: &[isize]) -> Result<Dims> {
    let mut k = Dims::from_slice(shape);
    if dims.is_empty() {
        k.iter_mut().for_each(|d| *d = 1);
    }
    for &d in dims {
        k[normalize_dim("reduce", d, shape)?] = 1;
    }
    Ok(k)
}

/// `prod`: d/dx_i prod(x) = prod of the others. Written as `g prod / x` when no
/// element is zero (differentiable again); with zeros, the products of the others
/// are computed directly (a constant: first derivatives only).
struct Prod(Array);
impl Rule for Prod {
    fn backward(&self, g: &Tensor, s: &[Tensor], _: &[bool]) -> Result<Grads> {
        let x = &s[0];
        let xs = x.to_vec::<f64>();
        if xs.iter().all(|&v| v != 0.0) {
            return one(g.try_mul(&Tensor::from_array(self.0.clone()))?.try_div(x)?);
        }
        let others: Vec<f64> = (0..xs.len())
            .map(|i| {
                xs.iter()
                    .enumerate()
                    .filter(|&(j, _)| j != i)
                    .map(|(_, v)| v)
                    .product()
            })
            .collect();
        let o = Array::from_vec_f64(others, &x.shape()).to_dtype(x.dtype());
        one(g.try_mul(&Tensor::from_array(o))?)
    }
}

/// `max`/`min` over all elements or along a dim: the gradient goes through a constant
/// mask (the selected elements, ties sharing evenly for the all-elements form).
struct Select(Array, Dims);
impl Rule for Select {
    fn backward(&self, g: &Tensor, _: &[Tensor], _: &[bool]) -> Result<Grads> {
        let g = g.try_reshape(self.1.as_slice())?;
        one(g.try_mul(&Tensor::from_array(self.0.clone()))?)
    }
}

/// `var`/`std` over dims: d var/dx = 2 (x - mean) / (n - c); d std/dx = (x - mean) /
/// ((n - c) std). Written with tensor ops, so it can be differentiated again.
struct Moment {
    dims: Vec<isize>,
    kept: Dims,
    denom: f64,
    std: bool,
    correction: f64,
}
impl Rule for Moment {
    fn backward(&self, g: &Tensor, s: &[Tensor], _: &[bool]) -> Result<Grads> {
        let x = &s[0];
        let g = g.try_reshape(self.kept.as_slice())?;
        let centered = x.try_sub(&x.try_mean_dims(&self.dims, true)?)?;
        let d = if self.std {
            let sd = x.try_std_dims(&self.dims, self.correction, true)?;
            centered.try_div(&sd.mul_scalar(self.denom))?
        } else {
            centered.mul_scalar(2.0 / self.denom)
        };
        one(g.try_mul(&d)?)
    }
}

impl Tensor {
    /// The product of all elements as a 0-d tensor, recorded as `ProdBackward0`.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// let x = Tensor::from_slice(&[2.0, 3.0, 4.0]).requires_grad_(true);
    /// x.prod().backward();
    /// assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![12.0, 8.0, 6.0]);
    /// ```
    pub fn prod(&self) -> Tensor {
        let [a] = inputs([self]);
        let out = a.data.prod();
        record(out, "ProdBackward0", [a], [true], |_, o| Prod(o.clone()))
    }

    fn extremum_all(&self, max: bool) -> Result<Tensor> {
        let [a] = inputs([self]);
        let out = if max {
            a.data.try_max()?
        } else {
            a.data.try_min()?
        };
        let name = if max { "MaxBackward1" } else { "MinBackward1" };
        Ok(record(out, name, [a], [false], |i, o| {
            let hit = i[0].data.eq(o);
            let count = hit.sum();
            Select(hit.div(&count), Dims::new())
        }))
    }

    /// The largest element as a 0-d tensor (`x.max()`), recorded as `MaxBackward1`
    /// (ties share the gradient evenly); an error for an empty tensor.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// assert!(Tensor::zeros(&[0]).try_max().is_err());
    /// ```
    pub fn try_max(&self) -> Result<Tensor> {
        self.extremum_all(true)
    }

    /// The largest element.
    ///
    /// # Panics
    /// For an empty tensor.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// assert_eq!(Tensor::from_slice(&[1.0, 5.0, 2.0]).max().item(), 5.0);
    /// ```
    #[track_caller]
    pub fn max(&self) -> Tensor {
        unwrap(self.try_max())
    }

    /// The smallest element as a 0-d tensor, recorded as `MinBackward1`; an error for
    /// an empty tensor.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// assert!(Tensor::zeros(&[0]).try_min().is_err());
    /// ```
    pub fn try_min(&self) -> Result<Tensor> {
        self.extremum_all(false)
    }

    /// The smallest element.
    ///
    /// # Panics
    /// For an empty tensor.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// assert_eq!(Tensor::from_slice(&[1.0, 5.0, 2.0]).min().item(), 1.0);
    /// ```
    #[track_caller]
    pub fn min(&self) -> Tensor {
        unwrap(self.try_min())
    }

    fn extremum_dim(&self, max: bool, dim: isize, keepdim: bool) -> Result<(Tensor, Tensor)> {
        let [a] = inputs([self]);
        let (out, idx) = if max {
            a.data.try_max_dim(dim, keepdim)?
        } else {
            a.data.try_min_dim(dim, keepdim)?
        };
        let shape = Dims::from_slice(a.data.shape());
        let d = normalize_dim("max_dim", dim, &shape)?;
        let k = kept(&shape, &[dim])?;
        let name = if max { "MaxBackward0" } else { "MinBackward0" };
        let values = record(out, name, [a], [false], |i, _| {
            // one-hot of the index along `dim`: arange along dim == index (kept dims)
            let mut pos_shape = Dims::from_elem(1, shape.len());
            pos_shape[d] = shape[d];
            let pos = Array::arange(0.0, shape[d] as f64, 1.0)
                .to_dtype(idx.dtype())
                .reshape(pos_shape.as_slice());
            let hit = pos
                .eq(&idx.reshape(k.as_slice()))
                .to_dtype(i[0].data.dtype());
            Select(hit, k.clone())
        });
        Ok((values, Tensor::from_array(idx)))
    }

    /// The maxima along `dim` and their indices (`torch.max(x, dim, keepdim)`), the
    /// values recorded as `MaxBackward0` (the gradient goes to the index); an error if
    /// `dim` is out of range or has size 0.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// let x = Tensor::from_vec(vec![1.0, 7.0, 3.0, 9.0], &[2, 2]).requires_grad_(true);
    /// let (v, i) = x.try_max_dim(1, false).unwrap();
    /// assert_eq!((v.to_vec::<f32>(), i.to_vec::<f32>()), (vec![7.0, 9.0], vec![1.0, 1.0]));
    /// v.sum().backward();
    /// assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![0.0, 1.0, 0.0, 1.0]);
    /// ```
    pub fn try_max_dim(&self, dim: isize, keepdim: bool) -> Result<(Tensor, Tensor)> {
        self.extremum_dim(true, dim, keepdim)
    }

    /// The maxima along `dim` and their indices.
    ///
    /// # Panics
    /// If `dim` is out of range or has size 0.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// let (v, _) = Tensor::from_vec(vec![1.0, 7.0, 3.0, 9.0], &[2, 2]).max_dim(0, true);
    /// assert_eq!(v.to_vec::<f32>(), vec![3.0, 9.0]);
    /// ```
    #[track_caller]
    pub fn max_dim(&self, dim: isize, keepdim: bool) -> (Tensor, Tensor) {
        unwrap(self.try_max_dim(dim, keepdim))
    }

    /// The minima along `dim` and their indices, the values recorded as
    /// `MinBackward0`; an error if `dim` is out of range or has size 0.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// assert!(Tensor::zeros(&[2]).try_min_dim(1, false).is_err());
    /// ```
    pub fn try_min_dim(&self, dim: isize, keepdim: bool) -> Result<(Tensor, Tensor)> {
        self.extremum_dim(false, dim, keepdim)
    }

    /// The minima along `dim` and their indices.
    ///
    /// # Panics
    /// If `dim` is out of range or has size 0.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// let (v, i) = Tensor::from_vec(vec![1.0, 7.0, 3.0, 9.0], &[2, 2]).min_dim(1, false);
    /// assert_eq!((v.to_vec::<f32>(), i.to_vec::<f32>()), (vec![1.0, 3.0], vec![0.0, 0.0]));
    /// ```
    #[track_caller]
    pub fn min_dim(&self, dim: isize, keepdim: bool) -> (Tensor, Tensor) {
        unwrap(self.try_min_dim(dim, keepdim))
    }

    fn moment(&self, std: bool, dims: &[isize], correction: f64, keepdim: bool) -> Result<Tensor> {
        let [a] = inputs([self]);
        let out = if std {
            a.data.try_std_dims(dims, correction, keepdim)?
        } else {
            a.data.try_var_dims(dims, correction, keepdim)?
        };
        let k = kept(a.data.shape(), dims)?;
        let n = a.data.numel() / k.iter().product::<usize>().max(1);
        let name = if std { "StdBackward0" } else { "VarBackward0" };
        Ok(record(out, name, [a], [true], |_, _| Moment {
            dims: dims.to_vec(),
            kept: k,
            denom: n as f64 - correction,
            std,
            correction,
        }))
    }

    /// Variance over `dims` (all if empty) with `correction` (1 is PyTorch's default,
    /// Bessel's), recorded as `VarBackward0`; an error for a bad dim.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// let x = Tensor::from_slice(&[1.0, 2.0, 3.0]).requires_grad_(true);
    /// let v = x.try_var_dims(&[], 1.0, false).unwrap(); // ((-1)^2 + 0 + 1^2) / 2 = 1
    /// v.backward(); // 2 (x - mean) / (n - 1) = x - 2
    /// assert_eq!((v.item(), x.grad().unwrap().to_vec::<f32>()), (1.0, vec![-1.0, 0.0, 1.0]));
    /// ```
    pub fn try_var_dims(&self, dims: &[isize], correction: f64, keepdim: bool) -> Result<Tensor> {
        self.moment(false, dims, correction, keepdim)
    }

    /// Standard deviation over `dims` (all if empty) with `correction`, recorded as
    /// `StdBackward0`; an error for a bad dim.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// let x = Tensor::from_slice(&[1.0, 3.0]);
    /// assert_eq!(x.try_std_dims(&[0], 0.0, false).unwrap().item(), 1.0);
    /// ```
    pub fn try_std_dims(&self, dims: &[isize], correction: f64, keepdim: bool) -> Result<Tensor> {
        self.moment(true, dims, correction, keepdim)
    }

    /// Variance over `dims` (`x.var(dims, correction=c, keepdim=k)`).
    ///
    /// # Panics
    /// For a dim out of range or repeated.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// let x = Tensor::from_vec(vec![1.0, 2.0, 3.0, 5.0], &[2, 2]);
    /// assert_eq!(x.var_dims(&[1], 0.0, false).to_vec::<f32>(), vec![0.25, 1.0]);
    /// ```
    #[track_caller]
    pub fn var_dims(&self, dims: &[isize], correction: f64, keepdim: bool) -> Tensor {
        unwrap(self.try_var_dims(dims, correction, keepdim))
    }

    /// Standard deviation over `dims`.
    ///
    /// # Panics
    /// For a dim out of range or repeated.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// let x = Tensor::from_vec(vec![1.0, 2.0, 3.0, 5.0], &[2, 2]);
    /// assert_eq!(x.std_dims(&[1], 0.0, true).to_vec::<f32>(), vec![0.5, 1.0]);
    /// ```
    #[track_caller]
    pub fn std_dims(&self, dims: &[isize], correction: f64, keepdim: bool) -> Tensor {
        unwrap(self.try_std_dims(dims, correction, keepdim))
    }

    /// Variance of all elements with `correction` (`x.var()` is `x.var(1.0)`).
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// assert_eq!(Tensor::from_slice(&[1.0, 2.0, 3.0]).var(1.0).item(), 1.0);
    /// ```
    pub fn var(&self, correction: f64) -> Tensor {
        unwrap(self.try_var_dims(&[], correction, false))
    }

    /// Standard deviation of all elements with `correction`.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// assert_eq!(Tensor::from_slice(&[1.0, 3.0]).std(0.0).item(), 1.0);
    /// ```
    pub fn std(&self, correction: f64) -> Tensor {
        unwrap(self.try_std_dims(&[], correction, false))
    }
}

//! [`Linear`]: `y = x W^T + b` (`torch.nn.Linear`).

use crate::mode::Mode;
use crate::module::Module;
use nanotorch_autograd::Tensor;
use nanotorch_tensor::error::unwrap;
use nanotorch_tensor::random::with_global_generator;
use nanotorch_tensor::{Array, DType, Error, Generator, Result};

/// A fully connected layer: `y = x W^T + b` over the last dim of `x`
/// (`torch.nn.Linear(in_features, out_features, bias)`).
///
/// `weight` is `[out_features, in_features]` and `bias` `[out_features]`, both `f32`
/// leaves that require grad. They start as PyTorch starts them: the weight by
/// `kaiming_uniform_(a = sqrt(5))`, which is U(-1/sqrt(in), 1/sqrt(in)), and the bias
/// by U(-1/sqrt(in), 1/sqrt(in)), weight drawn first (with nanotorch's generator, so
/// the values differ from PyTorch's for the same seed).
///
/// ```
/// use nanotorch_autograd::Tensor;
/// use nanotorch_nn::{Linear, Module};
/// let model = Linear::from_arrays(
///     nanotorch_tensor::Array::from_vec(vec![2.0], &[1, 1]),
///     Some(nanotorch_tensor::Array::from_slice(&[0.5])),
/// );
/// let x = Tensor::from_vec(vec![1.0, 2.0, 3.0], &[3, 1]);
/// assert_eq!(model.forward(&x).to_vec::<f32>(), vec![2.5, 4.5, 6.5]);
/// assert_eq!(model.weight().item(), 2.0); // model.weight.item()
/// ```
pub struct Linear {
    weight: Tensor,
    bias: Option<Tensor>,
    mode: Mode,
}

/// The bound `1/sqrt(fan_in)` of both initial distributions (0 for `fan_in == 0`,
/// where PyTorch skips the weight init and draws the bias from U(0, 0)).
fn init_bound(in_features: usize) -> f64 {
    if in_features == 0 {
        0.0
    } else {
        1.0 / (in_features as f64).sqrt()
    }
}

impl Linear {
    /// A layer initialised from `generator` (PyTorch's init, see [`Linear`]), or an
    /// error if `out_features * in_features` overflows.
    ///
    /// ```
    /// use nanotorch_nn::Linear;
    /// use nanotorch_tensor::Generator;
    /// let a = Linear::try_with_generator(&mut Generator::new(0), 3, 2, true).unwrap();
    /// let b = Linear::try_with_generator(&mut Generator::new(0), 3, 2, true).unwrap();
    /// assert_eq!(a.weight().to_vec::<f32>(), b.weight().to_vec::<f32>());
    /// assert!(Linear::try_with_generator(&mut Generator::new(0), usize::MAX, 2, true).is_err());
    /// ```
    pub fn try_with_generator(
        generator: &mut Generator,
        in_features: usize,
        out_features: usize,
        bias: bool,
    ) -> Result<Linear> {
        let bound = init_bound(in_features);
        let w = Array::try_uniform_with(
            generator,
            &[out_features, in_features],
            -bound,
            bound,
            DType::F32,
        )?;
        let b = if bias {
            Some(Array::try_uniform_with(
                generator,
                &[out_features],
                -bound,
                bound,
                DType::F32,
            )?)
        } else {
            None
        };
        Linear::try_from_arrays(w, b)
    }

    /// A layer initialised from `generator`.
    ///
    /// # Panics
    /// If `out_features * in_features` overflows.
    ///
    /// ```
    /// use nanotorch_nn::Linear;
    /// use nanotorch_tensor::Generator;
    /// let lin = Linear::with_generator(&mut Generator::new(7), 4, 1, false);
    /// assert!(lin.weight().to_vec::<f32>().iter().all(|w| w.abs() <= 0.5));
    /// ```
    #[track_caller]
    pub fn with_generator(
        generator: &mut Generator,
        in_features: usize,
        out_features: usize,
        bias: bool,
    ) -> Linear {
        unwrap(Linear::try_with_generator(
            generator,
            in_features,
            out_features,
            bias,
        ))
    }

    /// A layer initialised from the thread's global generator (`nn.Linear(in, out, bias)`);
    /// [`manual_seed`](nanotorch_tensor::manual_seed) makes it reproducible.
    ///
    /// # Panics
    /// If `out_features * in_features` overflows.
    ///
    /// ```
    /// use nanotorch_nn::Linear;
    /// let lin = Linear::new(3, 2, true);
    /// assert_eq!(lin.weight().shape().as_slice(), &[2, 3]);
    /// assert_eq!(lin.bias().unwrap().shape().as_slice(), &[2]);
    /// ```
    #[track_caller]
    pub fn new(in_features: usize, out_features: usize, bias: bool) -> Linear {
        unwrap(with_global_generator(|g| {
            Linear::try_with_generator(g, in_features, out_features, bias)
        }))
    }

    /// A layer with the given weight `[out, in]` and optional bias `[out]` (copied into
    /// new leaves that require grad), or an error naming the shapes when the weight
    /// is not 2-D, the bias not 1-D of length `out`, or their dtypes differ.
    ///
    /// ```
    /// use nanotorch_nn::Linear;
    /// use nanotorch_tensor::Array;
    /// let e = Linear::try_from_arrays(Array::zeros(&[2, 3]), Some(Array::zeros(&[3]))).unwrap_err();
    /// assert_eq!(e.to_string(), "Linear: shape [3] does not match [2, 3]: the bias must be [out_features] = [2]");
    /// ```
    pub fn try_from_arrays(weight: Array, bias: Option<Array>) -> Result<Linear> {
        let leaf = |a: Array| Tensor::from_array(a).requires_grad_(true);
        Linear::try_from_tensors(leaf(weight), bias.map(leaf))
    }

    /// A layer whose parameters are the given tensors themselves (shared handles, as
    /// assigning `nn.Parameter`s), with the checks of
    /// [`try_from_arrays`](Linear::try_from_arrays); `requires_grad` is left as given.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// use nanotorch_nn::Linear;
    /// let w = Tensor::zeros(&[1, 2]).requires_grad_(true);
    /// let lin = Linear::try_from_tensors(w.clone(), None).unwrap();
    /// assert!(lin.weight().is_same(&w));
    /// assert!(Linear::try_from_tensors(Tensor::zeros(&[2]), None).is_err());
    /// ```
    pub fn try_from_tensors(weight: Tensor, bias: Option<Tensor>) -> Result<Linear> {
        const OP: &str = "Linear";
        let w_shape = weight.shape();
        if w_shape.len() != 2 {
            return Err(Error::invalid(
                OP,
                format!(
                    "the weight must be 2-D [out_features, in_features], got shape {:?}",
                    w_shape.as_slice()
                ),
            ));
        }
        if let Some(b) = &bias {
            if b.shape().as_slice() != [w_shape[0]] {
                return Err(Error::ShapeMismatch {
                    op: OP,
                    lhs: b.shape().to_vec(),
                    rhs: w_shape.to_vec(),
                    why: format!("the bias must be [out_features] = [{}]", w_shape[0]),
                });
            }
            if b.dtype() != weight.dtype() {
                return Err(Error::invalid(
                    OP,
                    format!(
                        "weight and bias must have the same dtype, got {:?} and {:?}",
                        weight.dtype(),
                        b.dtype()
                    ),
                ));
            }
        }
        Ok(Linear {
            weight,
            bias,
            mode: Mode::default(),
        })
    }

    /// A layer whose parameters are the given tensors.
    ///
    /// # Panics
    /// On the errors of [`try_from_tensors`](Linear::try_from_tensors).
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// use nanotorch_nn::{Linear, Module};
    /// let lin = Linear::from_tensors(Tensor::ones(&[1, 1]), Some(Tensor::zeros(&[1])));
    /// assert_eq!(lin.forward(&Tensor::from_slice(&[3.0])).item(), 3.0);
    /// ```
    #[track_caller]
    pub fn from_tensors(weight: Tensor, bias: Option<Tensor>) -> Linear {
        unwrap(Linear::try_from_tensors(weight, bias))
    }

    /// A layer with the given weight and bias (used to replay a run from known weights).
    ///
    /// # Panics
    /// On the errors of [`try_from_arrays`](Linear::try_from_arrays).
    ///
    /// ```
    /// use nanotorch_nn::Linear;
    /// use nanotorch_tensor::Array;
    /// let lin = Linear::from_arrays(Array::from_vec(vec![-0.3], &[1, 1]), None);
    /// assert_eq!((lin.in_features(), lin.out_features(), lin.bias().is_none()), (1, 1, true));
    /// ```
    #[track_caller]
    pub fn from_arrays(weight: Array, bias: Option<Array>) -> Linear {
        unwrap(Linear::try_from_arrays(weight, bias))
    }

    /// The weight parameter `[out_features, in_features]` (`model.weight`); updates
    /// through this handle change the layer.
    ///
    /// ```
    /// use nanotorch_nn::Linear;
    /// assert!(Linear::new(1, 1, true).weight().requires_grad());
    /// ```
    pub fn weight(&self) -> &Tensor {
        &self.weight
    }

    /// The bias parameter `[out_features]` (`model.bias`), `None` for a layer made
    /// with `bias = false`.
    ///
    /// ```
    /// use nanotorch_nn::Linear;
    /// assert!(Linear::new(2, 1, false).bias().is_none());
    /// ```
    pub fn bias(&self) -> Option<&Tensor> {
        self.bias.as_ref()
    }

    /// Size of each input's last dim.
    ///
    /// ```
    /// use nanotorch_nn::Linear;
    /// assert_eq!(Linear::new(3, 1, true).in_features(), 3);
    /// ```
    pub fn in_features(&self) -> usize {
        self.weight.shape()[1]
    }

    /// Size of each output's last dim.
    ///
    /// ```
    /// use nanotorch_nn::Linear;
    /// assert_eq!(Linear::new(3, 1, true).out_features(), 1);
    /// ```
    pub fn out_features(&self) -> usize {
        self.weight.shape()[0]
    }
}

impl Module for Linear {
    /// `x W^T + b` over the last dim of `x` (`[..., in]` to `[..., out]`, any number of
    /// leading dims, or a single `[in]` vector to `[out]`): one matrix product rounded
    /// to the dtype, then the bias added, as PyTorch computes it (`nn.Linear(1, 1)` is
    /// `f32(x * w) + b`). An error for a 0-d input, a last dim other than
    /// `in_features`, or an input dtype other than the weight's.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// use nanotorch_nn::{Linear, Module};
    /// let e = Linear::new(3, 1, true).try_forward(&Tensor::zeros(&[4, 2])).unwrap_err();
    /// assert_eq!(e.to_string(), "linear: shape [4, 2] does not match [1, 3]: input dim -1 (2) vs weight dim 1 (in_features = 3)");
    /// ```
    fn try_forward(&self, x: &Tensor) -> Result<Tensor> {
        const OP: &str = "linear";
        let (shape, w_shape) = (x.shape(), self.weight.shape());
        let in_f = w_shape[1];
        let Some((&last, lead)) = shape.split_last() else {
            return Err(Error::invalid(
                OP,
                "the input must have at least 1 dim, got shape []",
            ));
        };
        if last != in_f {
            return Err(Error::ShapeMismatch {
                op: OP,
                lhs: shape.to_vec(),
                rhs: w_shape.to_vec(),
                why: format!("input dim -1 ({last}) vs weight dim 1 (in_features = {in_f})"),
            });
        }
        if x.dtype() != self.weight.dtype() {
            return Err(Error::invalid(
                OP,
                format!(
                    "the input and the weight must have the same dtype, got {:?} and {:?}",
                    x.dtype(),
                    self.weight.dtype()
                ),
            ));
        }
        // All leading dims as one: a single [rows, in] x [in, out] product forward, and
        // single products for the weight's and the input's gradients.
        // With a bias, product and bias are one `AddmmBackward0` node, as in PyTorch
        // (same numerics: the product is rounded before the bias is added). A 2-D input
        // is used as is, without reshape nodes.
        let rows: usize = lead.iter().product();
        let x2 = if shape.len() == 2 {
            x.clone()
        } else {
            x.try_reshape([rows, in_f])?
        };
        let y = match &self.bias {
            Some(b) => x2.try_addmm_t(&self.weight, b)?,
            None => x2.try_matmul(&self.weight.t())?,
        };
        if shape.len() == 2 {
            return Ok(y);
        }
        let mut out_shape = lead.to_vec();
        out_shape.push(w_shape[0]);
        y.try_reshape(out_shape)
    }

    fn own_parameters(&self) -> Vec<(String, Tensor)> {
        let mut p = vec![("weight".to_string(), self.weight.clone())];
        if let Some(b) = &self.bias {
            p.push(("bias".to_string(), b.clone()));
        }
        p
    }

    fn mode(&self) -> Option<&Mode> {
        Some(&self.mode)
    }
}

impl std::fmt::Debug for Linear {
    /// `Linear(in_features=3, out_features=1, bias=True)`, as PyTorch prints it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let b = if self.bias.is_some() { "True" } else { "False" };
        write!(
            f,
            "Linear(in_features={}, out_features={}, bias={b})",
            self.in_features(),
            self.out_features()
        )
    }
}

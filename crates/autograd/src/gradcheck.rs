//! `gradcheck` and `gradgradcheck`: analytic gradients against central differences,
//! in `f64`, reporting the worst element.

use crate::backward::try_grad_allow_unused;
use crate::tensor::Tensor;
use nanotorch_tensor::{Array, DType};
use std::fmt;

/// The worst mismatch found by [`gradcheck`]: d output\[`output`\] / d
/// input\[`input`\]\[`index`\] computed both ways.
#[derive(Debug, Clone, PartialEq)]
pub struct GradcheckError {
    /// Which input.
    pub input: usize,
    /// The element of that input (one entry per dim).
    pub index: Vec<usize>,
    /// The element of the output (row-major flat index).
    pub output: usize,
    /// The gradient from backward.
    pub analytic: f64,
    /// The central difference.
    pub numeric: f64,
    /// `|analytic - numeric|`.
    pub error: f64,
}

impl fmt::Display for GradcheckError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "gradcheck: d output[{}] / d input {}{:?}: analytic {} vs numeric {} (error {})",
            self.output, self.input, self.index, self.analytic, self.numeric, self.error
        )
    }
}

impl std::error::Error for GradcheckError {}

fn unravel(mut flat: usize, shape: &[usize]) -> Vec<usize> {
    let mut idx = vec![0; shape.len()];
    for d in (0..shape.len()).rev() {
        idx[d] = flat % shape[d];
        flat /= shape[d];
    }
    idx
}

fn perturbed(x: &Tensor, j: usize, delta: f64) -> Tensor {
    let mut v = x.to_vec::<f64>();
    v[j] += delta;
    Tensor::from_array(Array::from_vec_f64(v, &x.shape()))
}

/// Checks the gradients of `f` at `inputs` against central differences with step
/// `eps`, all in `f64` (inputs are converted): every Jacobian entry must satisfy
/// `|analytic - numeric| <= atol + rtol * |numeric|`. On failure, returns the entry
/// that exceeds its tolerance the most.
///
/// ```
/// use nanotorch_autograd::{gradcheck, Tensor};
/// let x = Tensor::from_slice(&[0.5, -1.0, 2.0]);
/// assert!(gradcheck(|v| v[0].sin() * &v[0], &[x.clone()], 1e-6, 1e-5, 1e-3).is_ok());
/// // A wrong gradient is caught: x.detach() hides the dependence on x.
/// let e = gradcheck(|v| &v[0] * &v[0].detach(), &[x], 1e-6, 1e-5, 1e-3).unwrap_err();
/// assert_eq!((e.input, e.index.clone(), e.output), (0, vec![2], 2));
/// ```
pub fn gradcheck(
    f: impl Fn(&[Tensor]) -> Tensor,
    inputs: &[Tensor],
    eps: f64,
    atol: f64,
    rtol: f64,
) -> Result<(), GradcheckError> {
    let xs: Vec<Tensor> = inputs
        .iter()
        .map(|t| Tensor::from_array(t.array().to_dtype(DType::F64)).requires_grad_(true))
        .collect();
    let y = f(&xs);
    let out_shape = y.shape();
    let n_out = y.numel();
    let refs: Vec<&Tensor> = xs.iter().collect();
    // analytic[k][i] = gradient of output element k w.r.t. input i, flattened.
    let mut analytic: Vec<Vec<Vec<f64>>> = Vec::with_capacity(n_out);
    for k in 0..n_out {
        let mut onehot = vec![0.0; n_out];
        onehot[k] = 1.0;
        let seed = Tensor::from_array(Array::from_vec_f64(onehot, &out_shape).to_dtype(y.dtype()));
        let gs = if y.requires_grad() {
            try_grad_allow_unused(&[&y], &refs, Some(&[&seed]), Some(true), false)
                .unwrap_or_else(|e| panic!("gradcheck: backward failed: {e}"))
        } else {
            vec![None; xs.len()]
        };
        analytic.push(
            gs.iter()
                .zip(&xs)
                .map(|(g, x)| {
                    g.as_ref()
                        .map_or_else(|| vec![0.0; x.numel()], |g| g.to_vec::<f64>())
                })
                .collect(),
        );
    }
    let mut worst: Option<(f64, GradcheckError)> = None;
    for (i, x) in xs.iter().enumerate() {
        #[allow(clippy::needless_range_loop)] // j indexes the input, the Jacobian and the shape
        for j in 0..x.numel() {
            let eval = |delta: f64| {
                let mut args = xs.clone();
                // The perturbed input requires grad like the others, so that `f` may
                // itself differentiate (gradgradcheck).
                args[i] = perturbed(x, j, delta).requires_grad_(true);
                f(&args).to_vec::<f64>()
            };
            let (plus, minus) = (eval(eps), eval(-eps));
            for k in 0..n_out {
                let numeric = (plus[k] - minus[k]) / (2.0 * eps);
                let a = analytic[k][i][j];
                let error = (a - numeric).abs();
                let ratio = error / (atol + rtol * numeric.abs());
                let bad = ratio > 1.0 || (a.is_nan() != numeric.is_nan());
                if bad && worst.as_ref().is_none_or(|(r, _)| ratio > *r) {
                    worst = Some((
                        if ratio.is_nan() { f64::INFINITY } else { ratio },
                        GradcheckError {
                            input: i,
                            index: unravel(j, &x.shape()),
                            output: k,
                            analytic: a,
                            numeric,
                            error,
                        },
                    ));
                }
            }
        }
    }
    match worst {
        Some((_, e)) => Err(e),
        None => Ok(()),
    }
}

/// Checks second derivatives: [`gradcheck`] of `x ↦ Σ_i <w_i, ∂<v, f(x)>/∂x_i>`,
/// where the gradient is computed by backward with `create_graph`, and `v`, `w_i`
/// are fixed pseudo-random weights. This checks the Hessian-vector products of
/// every output direction `v` against central differences of the first derivative.
///
/// ```
/// use nanotorch_autograd::{gradgradcheck, Tensor};
/// let x = Tensor::from_slice(&[0.5, -1.0]);
/// assert!(gradgradcheck(|v| v[0].pow(3.0), &[x], 1e-6, 1e-5, 1e-3).is_ok());
/// ```
pub fn gradgradcheck(
    f: impl Fn(&[Tensor]) -> Tensor,
    inputs: &[Tensor],
    eps: f64,
    atol: f64,
    rtol: f64,
) -> Result<(), GradcheckError> {
    let weights = |n: usize, salt: u64| -> Vec<f64> {
        let mut s = 0x2545_F491_4F6C_DD1D_u64 ^ salt.wrapping_mul(0x9E37_79B9);
        (0..n)
            .map(|_| {
                s ^= s << 13;
                s ^= s >> 7;
                s ^= s << 17;
                0.5 + (s >> 11) as f64 / (1u64 << 53) as f64
            })
            .collect()
    };
    let first = |xs: &[Tensor]| -> Tensor {
        let y = f(xs);
        let v = Tensor::from_array(Array::from_vec_f64(weights(y.numel(), 0), &y.shape()));
        let refs: Vec<&Tensor> = xs.iter().collect();
        let gs = try_grad_allow_unused(&[&y], &refs, Some(&[&v]), Some(true), true)
            .unwrap_or_else(|e| panic!("gradgradcheck: first backward failed: {e}"));
        let mut total = Tensor::scalar_f64(0.0);
        for (i, (g, x)) in gs.iter().zip(xs).enumerate() {
            if let Some(g) = g {
                let w = Tensor::from_array(Array::from_vec_f64(
                    weights(x.numel(), i as u64 + 1),
                    &x.shape(),
                ));
                total = &total + (g * &w).sum();
            }
        }
        total
    };
    gradcheck(first, inputs, eps, atol, rtol)
}

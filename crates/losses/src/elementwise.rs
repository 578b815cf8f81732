//! Elementwise maps over arrays for values autograd has no op for (`log1p`), written
//! once per dtype, and the differentiable [`log1p`] built on them.

use nanotorch_autograd::{Context, Function, Tensor};
use nanotorch_tensor::{Array, DType};

/// `f` applied to each element of `a`, in `a`'s dtype (row-major result).
pub(crate) fn map(a: &Array, f32: impl Fn(f32) -> f32, f64: impl Fn(f64) -> f64) -> Array {
    match a.dtype() {
        DType::F32 => Array::from_vec(a.to_vec::<f32>().into_iter().map(f32).collect(), a.shape()),
        DType::F64 => {
            Array::from_vec_f64(a.to_vec::<f64>().into_iter().map(f64).collect(), a.shape())
        }
    }
}

/// `f` applied to each triple of elements of `a`, `b`, `c`, which must have one shape
/// and dtype (the callers check), in that dtype.
pub(crate) fn map3(
    a: &Array,
    b: &Array,
    c: &Array,
    f32: impl Fn(f32, f32, f32) -> f32,
    f64: impl Fn(f64, f64, f64) -> f64,
) -> Array {
    macro_rules! go {
        ($t:ty, $f:ident, $make:path) => {{
            let (va, vb, vc) = (a.to_vec::<$t>(), b.to_vec::<$t>(), c.to_vec::<$t>());
            let out = va
                .iter()
                .zip(&vb)
                .zip(&vc)
                .map(|((&x, &y), &z)| $f(x, y, z))
                .collect();
            $make(out, a.shape())
        }};
    }
    match a.dtype() {
        DType::F32 => go!(f32, f32, Array::from_vec),
        DType::F64 => go!(f64, f64, Array::from_vec_f64),
    }
}

/// `ln(1 + x)` computed without forming `1 + x` (exact for tiny `x`), with gradient
/// `g / (1 + x)`. Autograd has no `log1p`; `(1 + x).log()` loses every digit of a
/// tiny `x` (in f32, `ln(1 + 1e-13)` is 0), which the stable losses need.
#[derive(Clone, Copy)]
struct Log1p;

impl Function for Log1p {
    const NAME: &'static str = "Log1PBackward0";

    fn forward(&self, ctx: &mut Context, inputs: &[&Tensor]) -> Tensor {
        ctx.save_for_backward(&inputs[..1]);
        Tensor::from_array(map(&inputs[0].array(), f32::ln_1p, f64::ln_1p))
    }

    fn backward(&self, ctx: &Context, g: &Tensor) -> Vec<Option<Tensor>> {
        vec![Some(g.div(&ctx.saved_tensors()[0].add_scalar(1.0)))]
    }
}

/// `ln(1 + x)` elementwise, differentiable (`torch.log1p`).
pub(crate) fn log1p(x: &Tensor) -> Tensor {
    Log1p.apply(&[x])
}

#[cfg(test)]
mod tests {
    use super::*;
    use nanotorch_autograd::gradcheck;

    #[test]
    fn log1p_keeps_tiny_arguments_and_has_the_right_gradient() {
        // ln(1 + 1e-13) = 1e-13 - 5e-27 + ...: exact to f32 precision, where
        // (1 + x).log() in f32 gives 0.
        let x = Tensor::from_slice(&[1e-13, 0.5]);
        let y = log1p(&x).to_vec::<f32>();
        assert_eq!(y[0], 1e-13f32);
        assert_eq!(y[1], 0.5f32.ln_1p());
        assert_eq!(x.add_scalar(1.0).log().to_vec::<f32>()[0], 0.0);
        // d/dx ln(1 + x) = 1 / (1 + x)
        let x = Tensor::from_slice_f64(&[-0.5, 0.0, 2.0]);
        gradcheck(|v| log1p(&v[0]), &[x], 1e-6, 1e-10, 1e-7).unwrap();
    }
}

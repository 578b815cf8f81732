//! A differentiable 2-D matrix product for [`Linear`](crate::Linear), as a custom
//! autograd [`Function`] over the tensor crate's `Array::matmul` (the autograd crate
//! has no matmul op yet; this can move there when it gets one).
//!
//! The backward is written with the same function, so it is differentiable to any
//! order: for `y = a b`, `da = g b^T` and `db = a^T g`.

use nanotorch_autograd::{Context, Function, Tensor};

/// `a @ b` for 2-D `a` `[m, k]` and `b` `[k, n]` of one dtype; the caller checks shapes.
#[derive(Clone, Copy)]
pub(crate) struct MatMul;

impl Function for MatMul {
    const NAME: &'static str = "MmBackward0";

    fn forward(&self, ctx: &mut Context, inputs: &[&Tensor]) -> Tensor {
        let (a, b) = (inputs[0], inputs[1]);
        ctx.save_for_backward(&[a, b]);
        Tensor::from_array(a.array().matmul(&b.array()))
    }

    fn backward(&self, ctx: &Context, g: &Tensor) -> Vec<Option<Tensor>> {
        let s = ctx.saved_tensors();
        vec![
            ctx.needs_input_grad(0)
                .then(|| MatMul.apply(&[g, &s[1].t()])),
            ctx.needs_input_grad(1)
                .then(|| MatMul.apply(&[&s[0].t(), g])),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nanotorch_autograd::{gradcheck, gradgradcheck};

    // y = a b with a = [[1, 2], [3, 4]], b = [[5], [6]]: y = [[17], [39]];
    // d sum(y) / da = 1 b^T = [[5, 6], [5, 6]], d sum(y) / db = a^T 1 = [[4], [6]].
    #[test]
    fn values_and_gradients() {
        let a = Tensor::from_vec(vec![1.0, 2.0, 3.0, 4.0], &[2, 2]).requires_grad_(true);
        let b = Tensor::from_vec(vec![5.0, 6.0], &[2, 1]).requires_grad_(true);
        let y = MatMul.apply(&[&a, &b]);
        assert_eq!(y.to_vec::<f32>(), vec![17.0, 39.0]);
        assert_eq!(y.grad_fn(), Some("MmBackward0"));
        y.sum().backward();
        assert_eq!(a.grad().unwrap().to_vec::<f32>(), vec![5.0, 6.0, 5.0, 6.0]);
        assert_eq!(b.grad().unwrap().to_vec::<f32>(), vec![4.0, 6.0]);
    }

    // First and second derivatives of sum(tanh(a b)) against central differences.
    #[test]
    fn gradcheck_first_and_second_order() {
        let a = Tensor::from_slice_f64(&[0.3, -0.7, 1.1, 0.2, -0.4, 0.9]).reshape([2, 3]);
        let b = Tensor::from_slice_f64(&[0.5, -1.2, 0.8, 0.1, -0.3, 0.6]).reshape([3, 2]);
        let f = |v: &[Tensor]| MatMul.apply(&[&v[0], &v[1]]).tanh();
        gradcheck(f, &[a.clone(), b.clone()], 1e-6, 1e-7, 1e-6).unwrap();
        gradgradcheck(f, &[a, b], 1e-6, 1e-6, 1e-5).unwrap();
    }
}

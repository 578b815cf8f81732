//! Gradients of gradients: backward with `create_graph` records the backward pass.

use nanotorch_autograd::{grad, gradgradcheck, Tensor};
use nanotorch_tensor::Array;

fn f64s(v: &[f64]) -> Tensor {
    Tensor::from_slice_f64(v).requires_grad_(true)
}

#[test]
fn cube() {
    // y = x^3: dy/dx = 3x^2, d2y/dx2 = 6x; at x = 2: 12 and 12, third derivative 6.
    let x = Tensor::scalar_f64(2.0).requires_grad_(true);
    let y = x.pow(3.0);
    let dy = grad(&[&y], &[&x], None, None, true).remove(0);
    assert_eq!(dy.item(), 12.0);
    let d2y = grad(&[&dy], &[&x], None, None, true).remove(0);
    assert_eq!(d2y.item(), 12.0);
    let d3y = grad(&[&d2y], &[&x], None, None, false).remove(0);
    assert_eq!(d3y.item(), 6.0);
}

#[test]
fn cube_by_products_through_backward() {
    // Same with x*x*x and .backward(create_graph): x.grad = 3x^2 carries a graph.
    let x = Tensor::scalar_f64(1.5).requires_grad_(true);
    (&x * &x * &x).try_backward_with(None, None, true).unwrap();
    let g = x.grad().unwrap();
    assert_eq!(g.item(), 3.0 * 1.5 * 1.5);
    let d2 = grad(&[&g], &[&x], None, None, false).remove(0);
    assert_eq!(d2.item(), 6.0 * 1.5);
}

#[test]
fn sin() {
    // d/dx sin = cos, d2/dx2 sin = -sin.
    let xs = [0.3, -1.2, 2.0];
    let x = f64s(&xs);
    let dy = grad(&[&x.sin().sum()], &[&x], None, None, true).remove(0);
    let d2y = grad(&[&dy.sum()], &[&x], None, None, false).remove(0);
    let want: Vec<f64> = xs.iter().map(|v: &f64| -v.sin()).collect();
    let got = d2y.to_vec::<f64>();
    for (g, w) in got.iter().zip(&want) {
        assert!((g - w).abs() < 1e-15, "{got:?} vs {want:?}");
    }
}

#[test]
fn matmul_hessian_vector() {
    // f(A) = sum((A @ B)^2); df/dA = 2 (A B) B^T; d/dA <df/dA, V> = 2 V B B^T.
    let a = Tensor::from_array(Array::from_vec_f64(vec![1.0, 2.0, -1.0, 0.5], &[2, 2]))
        .requires_grad_(true);
    let b = Tensor::from_array(Array::from_vec_f64(
        vec![0.5, -1.0, 2.0, 1.0, 0.0, 3.0],
        &[2, 3],
    ));
    let v = Tensor::from_array(Array::from_vec_f64(vec![1.0, 0.0, 0.0, 2.0], &[2, 2]));
    let f = a.matmul(&b).pow(2.0).sum();
    let g = grad(&[&f], &[&a], None, None, true).remove(0);
    let hv = grad(&[&(&g * &v).sum()], &[&a], None, None, false).remove(0);
    let bbt = b.array().matmul(&b.array().t());
    let want = v.array().matmul(&bbt).mul_scalar(2.0);
    assert_eq!(hv.to_vec::<f64>(), want.to_vec::<f64>());
}

#[test]
fn mean_second_derivative() {
    // f = mean(x)^2 over n = 4: df/dx_i = 2 mean / n, d2f/dx_i dx_j = 2 / n^2 = 0.125.
    let x = f64s(&[1.0, 2.0, 3.0, 4.0]);
    let f = x.mean().pow(2.0);
    let g = grad(&[&f], &[&x], None, None, true).remove(0);
    assert_eq!(g.to_vec::<f64>(), vec![2.0 * 2.5 / 4.0; 4]);
    let h = grad(&[&g.sum()], &[&x], None, None, false).remove(0);
    // sum_j d2f/dx_i dx_j = 4 * 0.125
    assert_eq!(h.to_vec::<f64>(), vec![0.5; 4]);
}

#[test]
fn gradgradcheck_ops() {
    let x = Tensor::from_slice_f64(&[0.7, -0.4, 1.3]);
    let y = Tensor::from_slice_f64(&[1.1, 0.6, -0.9]);
    let check = |name: &str, f: &dyn Fn(&[Tensor]) -> Tensor| {
        if let Err(e) = gradgradcheck(f, &[x.clone(), y.clone()], 1e-6, 1e-6, 1e-4) {
            panic!("{name}: {e}");
        }
    };
    check("mul", &|v| &v[0] * &v[1]);
    check("div", &|v| &v[0] / &v[1]);
    check("pow", &|v| v[0].pow(3.0) + v[1].abs().pow(2.5));
    check("pow_tensor", &|v| v[0].abs().pow_tensor(&v[1]));
    check("exp_log", &|v| v[0].exp() + v[1].abs().log());
    check("trig", &|v| v[0].sin() * v[1].cos() + v[0].tanh());
    check("sigmoid_sqrt", &|v| v[0].sigmoid() + v[1].abs().sqrt());
    check("mean", &|v| (&v[0] * &v[1]).mean() * v[0].sum());
    check("narrow_select", &|v| {
        v[0].narrow(0, 1, 2).pow(3.0).sum() * v[1].select(0, 2)
    });
    check("matmul", &|v| {
        v[0].unsqueeze(-1).matmul(&v[1].unsqueeze(0)).pow(2.0)
    });
}

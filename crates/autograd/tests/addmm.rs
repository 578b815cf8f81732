//! `addmm_t` (`x @ w^T + b` as one node) against the three-node form it replaces: same
//! values and same gradients, bit for bit, and against finite differences.

use nanotorch_autograd::{gradcheck, Tensor};
use nanotorch_tensor::Array;

fn leaf(v: &[f32], shape: &[usize]) -> Tensor {
    Tensor::from_vec(v.to_vec(), shape).requires_grad_(true)
}

#[test]
fn fused_matches_unfused_bit_for_bit() {
    // x [4, 3], w [2, 3], b [2]: y = x w^T + b, loss = sum(y^2), so
    // dL/dy = 2y, dL/dx = 2y w, dL/dw = (x^T 2y)^T, dL/db = sum over rows of 2y
    let xv = [
        0.3, -1.2, 2.5, 0.7, 0.1, -0.4, 1.9, -2.2, 0.05, -0.6, 1.1, 0.8,
    ];
    let wv = [0.25, -0.5, 1.5, -1.25, 0.75, 0.125];
    let bv = [0.1, -0.3];
    let run = |fused: bool| {
        let (x, w, b) = (leaf(&xv, &[4, 3]), leaf(&wv, &[2, 3]), leaf(&bv, &[2]));
        let y = if fused {
            x.addmm_t(&w, &b)
        } else {
            x.matmul(&w.t()).add(&b)
        };
        y.pow(2.0).sum().backward();
        let g = |t: &Tensor| t.grad().unwrap().to_vec::<f32>();
        (y.to_vec::<f32>(), g(&x), g(&w), g(&b), y.grad_fn())
    };
    let (f, u) = (run(true), run(false));
    assert_eq!(f.4, Some("AddmmBackward0"));
    assert_eq!(u.4, Some("AddBackward0"));
    assert_eq!((&f.0, &f.1, &f.2, &f.3), (&u.0, &u.1, &u.2, &u.3));
    // one value by hand: y[0][0] = 0.3*0.25 + (-1.2)(-0.5) + 2.5*1.5 + 0.1
    assert!((f.0[0] - 4.525).abs() < 1e-6);
}

#[test]
fn gradients_match_finite_differences() {
    // f64 inputs, so central differences are accurate to ~1e-6
    let x = Tensor::from_array(Array::from_vec_f64(
        vec![0.5, -1.0, 2.0, 0.25, 1.5, -0.75],
        &[3, 2],
    ))
    .requires_grad_(true);
    let w = Tensor::from_array(Array::from_vec_f64(vec![1.0, -2.0], &[1, 2])).requires_grad_(true);
    let b = Tensor::from_array(Array::from_vec_f64(vec![0.5], &[1])).requires_grad_(true);
    let r = gradcheck(
        |t: &[Tensor]| t[0].addmm_t(&t[1], &t[2]).pow(2.0).sum(),
        &[x, w, b],
        1e-6,
        1e-5,
        1e-4,
    );
    assert!(r.is_ok());
}

#[test]
fn errors_name_the_op_and_shapes() {
    let w = Tensor::zeros(&[1, 3]);
    let b = Tensor::zeros(&[1]);
    let e = Tensor::zeros(&[3]).try_addmm_t(&w, &b).unwrap_err();
    assert_eq!(
        e.to_string(),
        "addmm: the input and the weight must be matrices, got shapes [3] and [1, 3]"
    );
    assert!(Tensor::zeros(&[2, 2]).try_addmm_t(&w, &b).is_err());
    assert!(Tensor::zeros(&[2, 3])
        .try_addmm_t(&w, &Tensor::zeros(&[3]))
        .is_err());
}

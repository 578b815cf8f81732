//! Gradients against central differences in f64 (`gradcheck`, and `gradgradcheck` for
//! the custom functions, whose backward is written with recorded ops), for every loss
//! and reduction, with respect to the input and, where PyTorch has one, the target.
//! Inputs stay away from kinks (|x - y| = 0 or delta, x at 0 or 1) where a central
//! difference is meaningless.

use nanotorch_autograd::{gradcheck, gradgradcheck, Tensor};
use nanotorch_losses::{
    log_softmax, BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, HuberLoss, L1Loss, Loss, MSELoss,
    Reduction,
};
use nanotorch_tensor::Array;

const REDUCTIONS: [Reduction; 3] = [Reduction::Mean, Reduction::Sum, Reduction::None];

fn t(v: &[f64], shape: &[usize]) -> Tensor {
    Tensor::from_array(Array::from_vec_f64(v.to_vec(), shape))
}

/// d loss / d (input, target) against central differences, for every reduction.
fn check_both(make: impl Fn(Reduction) -> Box<dyn Loss>, input: &Tensor, target: &Tensor) {
    for r in REDUCTIONS {
        let loss = make(r);
        gradcheck(
            |v| loss.forward(&v[0], &v[1]),
            &[input.clone(), target.clone()],
            1e-6,
            1e-9,
            1e-6,
        )
        .unwrap_or_else(|e| panic!("{r}: {e}"));
    }
}

// d/dx mean((x - y)^2) = 2 (x - y) / N, d/dy = -2 (x - y) / N.
#[test]
fn mse() {
    let x = t(&[0.3, -1.2, 2.0, 0.7, -0.4, 1.1], &[2, 3]);
    let y = t(&[1.0, 0.5, -0.5, 0.2, 0.0, 3.0], &[2, 3]);
    check_both(|r| Box::new(MSELoss::new().with_reduction(r)), &x, &y);
}

// d/dx |x - y| = sign(x - y) (no element with x = y).
#[test]
fn l1() {
    let x = t(&[0.3, -1.2, 2.0, 0.7, -0.4, 1.1], &[2, 3]);
    let y = t(&[1.0, 0.5, -0.5, 0.2, 0.0, 3.0], &[2, 3]);
    check_both(|r| Box::new(L1Loss::new().with_reduction(r)), &x, &y);
}

// Both branches: |x - y| = 0.7, 1.7, 2.5, 0.5, 0.4, 1.9 around delta = 1 and 0.6.
#[test]
fn huber() {
    let x = t(&[0.3, -1.2, 2.0, 0.7, -0.4, 1.1], &[2, 3]);
    let y = t(&[1.0, 0.5, -0.5, 0.2, 0.0, 3.0], &[2, 3]);
    for delta in [1.0, 0.6] {
        check_both(
            |r| Box::new(HuberLoss::new(delta).with_reduction(r)),
            &x,
            &y,
        );
    }
}

// d/dx = (x - t) / ((1 - x) x), d/dt = ln(1 - x) - ln(x), soft targets (inside (0, 1):
// a perturbed hard target would leave [0, 1], an error).
#[test]
fn bce() {
    let x = t(&[0.1, 0.35, 0.5, 0.8, 0.95, 0.6], &[6]);
    let y = t(&[0.01, 0.99, 0.3, 0.9, 0.5, 0.7], &[6]);
    check_both(|r| Box::new(BCELoss::new().with_reduction(r)), &x, &y);
}

// d/dx = σ(x) - t, d/dt = -x, over logits of both signs.
#[test]
fn bce_with_logits() {
    let x = t(&[-4.0, -0.7, 0.3, 1.5, 6.0, -2.2], &[2, 3]);
    let y = t(&[0.0, 1.0, 0.3, 0.9, 0.5, 1.0], &[2, 3]);
    check_both(
        |r| Box::new(BCEWithLogitsLoss::new().with_reduction(r)),
        &x,
        &y,
    );
}

// With pos_weight p: loss (1 - t) x - ((p - 1) t + 1) ln σ(x); the gradient reaches
// the input, the target and p (summed over the broadcast rows).
#[test]
fn bce_with_logits_pos_weight() {
    let x = t(&[-4.0, -0.7, 0.3, 1.5, 6.0, -2.2], &[2, 3]);
    let y = t(&[0.0, 1.0, 0.3, 0.9, 0.5, 1.0], &[2, 3]);
    let p = t(&[2.0, 0.5, 1.5], &[3]);
    for r in REDUCTIONS {
        gradcheck(
            |v| {
                BCEWithLogitsLoss::new()
                    .with_pos_weight(v[2].clone())
                    .with_reduction(r)
                    .forward(&v[0], &v[1])
            },
            &[x.clone(), y.clone(), p.clone()],
            1e-6,
            1e-9,
            1e-6,
        )
        .unwrap_or_else(|e| panic!("{r}: {e}"));
    }
}

// d/dx_ic = w[t_i] (softmax(x_i)_c - [c = t_i]) / Σ w[t], batched, weighted,
// unbatched and spatial ([N, C, d]).
#[test]
fn cross_entropy() {
    let x = t(
        &[
            0.3, -1.2, 2.0, 0.7, -0.4, 1.1, 0.0, 0.5, -2.0, 1.0, 3.0, 0.2,
        ],
        &[4, 3],
    );
    let weights = [None, Some(t(&[0.2, 1.0, 3.0], &[3]))];
    for r in REDUCTIONS {
        for w in &weights {
            let mut ce = CrossEntropyLoss::new().with_reduction(r);
            if let Some(w) = w {
                ce = ce.with_weight(w.clone());
            }
            gradcheck(
                |v| ce.forward(&v[0], &[2, 0, 1, 1]),
                std::slice::from_ref(&x),
                1e-6,
                1e-9,
                1e-6,
            )
            .unwrap_or_else(|e| panic!("{r}: {e}"));
            let row = t(&[0.3, -1.2, 2.0], &[3]);
            gradcheck(|v| ce.forward(&v[0], &1), &[row], 1e-6, 1e-9, 1e-6)
                .unwrap_or_else(|e| panic!("unbatched {r}: {e}"));
            let spatial = x.array().reshape([2, 3, 2]);
            let target = Array::from_vec(vec![0.0, 2.0, 1.0, 1.0], &[2, 2]);
            gradcheck(
                |v| ce.forward(&v[0], &target),
                &[Tensor::from_array(spatial)],
                1e-6,
                1e-9,
                1e-6,
            )
            .unwrap_or_else(|e| panic!("spatial {r}: {e}"));
        }
    }
}

// The custom functions' backward is made of recorded ops, so second derivatives are
// right too: d^2/dx^2 of log-softmax, BCE and BCE with logits.
#[test]
fn second_derivatives() {
    let x = t(&[0.3, -1.2, 2.0, 0.7, -0.4, 1.1], &[2, 3]);
    gradgradcheck(
        |v| log_softmax(&v[0], 1),
        std::slice::from_ref(&x),
        1e-6,
        1e-8,
        1e-5,
    )
    .unwrap();
    gradgradcheck(
        |v| CrossEntropyLoss::new().forward(&v[0], &[2, 0]),
        std::slice::from_ref(&x),
        1e-6,
        1e-8,
        1e-5,
    )
    .unwrap();
    let y = t(&[0.0, 1.0, 0.3, 0.9, 0.5, 1.0], &[2, 3]);
    gradgradcheck(
        |v| BCEWithLogitsLoss::new().forward(&v[0], &v[1]),
        &[x, y.clone()],
        1e-6,
        1e-8,
        1e-5,
    )
    .unwrap();
    let p = t(&[0.1, 0.35, 0.5, 0.8, 0.95, 0.6], &[2, 3]);
    let soft = t(&[0.01, 0.99, 0.3, 0.9, 0.5, 0.7], &[2, 3]);
    gradgradcheck(
        |v| BCELoss::new().forward(&v[0], &v[1]),
        &[p, soft],
        1e-6,
        1e-8,
        1e-5,
    )
    .unwrap();
}

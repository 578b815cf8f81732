//! `linear_regression_autograd`: let's do linear regression again with autograd and see
//! how autograd helps us.
//!
//! The notebook ends by asking whether autograd is "not as accurate as numerical
//! calculation", because this run needs 20 epochs to get less close to w = 2 than the
//! numpy notebooks got in 10. It is not: the numpy notebooks' hand-written gradient lacks
//! the 1/N of the mean, so it is N = 4 times too large and their steps were 4 times
//! longer. The last cell here shows it (../shared/golden/NOTES.md section 1).
//!
//! Run: `cargo run --release -p nanotorch-examples --bin linear_regression_autograd`

#![allow(non_snake_case)] // the notebook's names: X, Y

use nanotorch_autograd::{gradcheck, no_grad, Tensor};
use nanotorch_examples::legacy_numpy::dot_f32;
use nanotorch_examples::nbprint;
use nanotorch_examples::notebook::{Notebook, Section};
use nanotorch_examples::pyfmt::fixed;
use nanotorch_tensor::Array;

static SECTIONS: &[Section] = &[
    Section::new("before", "prediction before training"),
    Section::new("training", "training loop").needs("before"),
    Section::new("after", "prediction after training").needs("training"),
    Section::new("why", "why autograd took more epochs: the missing 1/N"),
];

// Model prediction
fn forward(w: &Tensor, x: &Tensor) -> Tensor {
    w * x
}

// loss = MSE
fn loss(y: &Tensor, y_hat: &Tensor) -> Tensor {
    (y - y_hat).pow(2.0).mean()
}

fn main() {
    let mut nb = Notebook::from_env(
        "linear_regression_autograd",
        "linear regression with autograd, and why it needs more epochs than the numpy version",
        SECTIONS,
    );

    let X = Tensor::from_slice(&[1.0, 2.0, 3.0, 4.0]);
    let Y = Tensor::from_slice(&[2.0, 4.0, 6.0, 8.0]);

    // Remember to set requires_grad to true, since we want to use gradient descent with
    // respect to this variable.
    let w = Tensor::scalar(0.0).requires_grad_(true);

    // global variables, for now
    let lr = 0.01;
    let n_iters = 20;

    let five = Tensor::scalar(5.0);
    if nb.cell("before") {
        // Jupyter displays the f-string's value, quotes included
        nbprint!(
            nb,
            "'Prediction before training: f(5) = {}'",
            fixed(forward(&w, &five).item(), 3)
        );
    }

    if nb.cell("training") {
        for epoch in 0..n_iters {
            // predict
            let y_hat = forward(&w, &X);

            // loss
            let l = loss(&Y, &y_hat);

            // gradients, aka the backward pass, calculates dl/dw
            l.backward();

            // update weights, and since we don't want this update to be part of the
            // computation graph, we do it under no_grad
            no_grad(|| w.sub_(&(lr * &w.grad().expect("w.grad after backward"))));

            // and since we are using autograd, remember to zero out the grad, otherwise
            // the grad values accumulate
            w.zero_grad();

            // logging
            if epoch % 2 == 0 {
                nbprint!(
                    nb,
                    "epoch {}: w = {}, loss = {}",
                    epoch + 1,
                    fixed(w.item(), 3),
                    fixed(l.item(), 8)
                );
            }
        }
    }

    if nb.cell("after") {
        nbprint!(
            nb,
            "'Prediction after training: f(5) = {}'",
            fixed(forward(&w, &five).item(), 3)
        );
    }

    if nb.cell("why") {
        why(&mut nb, lr);
    }
}

/// The notebook's closing remark blames autograd's accuracy. This cell shows the real cause.
fn why(nb: &mut Notebook, lr: f64) {
    let xs = [1.0f32, 2.0, 3.0, 4.0];
    let ys = [2.0f32, 4.0, 6.0, 8.0];
    let N = xs.len();
    nbprint!(
        nb,
        "Autograd is not less accurate. The numpy notebooks' gradient"
    );
    nbprint!(nb, "    np.dot(2*x, y_pred - y).mean()");
    nbprint!(
        nb,
        "has no 1/N: np.dot already sums over the N = {N} samples, and .mean() of that scalar"
    );
    nbprint!(
        nb,
        "changes nothing. It is N times dl/dw of the MSE, so numpy's steps were {N} times longer:"
    );

    // The numpy notebooks' formula, on numpy-style arrays, against autograd's dl/dw.
    let (x, y) = (Array::from_slice(&xs), Array::from_slice(&ys));
    let (X, Y) = (Tensor::from_slice(&xs), Tensor::from_slice(&ys));
    for w0 in [0.0f32, 1.0, 1.5] {
        let y_pred = &x * w0 as f64;
        let numpy_dw = dot_f32(&(&x * 2.0), &(&y_pred - &y));

        let w = Tensor::scalar(w0).requires_grad_(true);
        loss(&Y, &forward(&w, &X)).backward();
        let autograd_dw = w.grad().expect("w.grad after backward").item();

        nbprint!(
            nb,
            "  w = {w0:.1}: numpy formula {}, autograd dl/dw {}, ratio {}",
            fixed(numpy_dw, 5),
            fixed(autograd_dw, 5),
            numpy_dw as f64 / autograd_dw
        );
    }

    // gradcheck: autograd's dl/dw against central differences of the loss, in f64.
    let X64 = Tensor::from_slice_f64(&[1.0, 2.0, 3.0, 4.0]);
    let Y64 = Tensor::from_slice_f64(&[2.0, 4.0, 6.0, 8.0]);
    let points = [0.0, 1.0, 1.5, 2.0];
    let all_ok = points.iter().all(|&w0| {
        let w = Tensor::scalar_f64(w0);
        gradcheck(
            |v| loss(&Y64, &forward(&v[0], &X64)),
            &[w],
            1e-6,
            1e-6,
            1e-6,
        )
        .is_ok()
    });
    let verdict = if all_ok { "agrees" } else { "DISAGREES" };
    nbprint!(
        nb,
        "gradcheck: autograd's dl/dw {verdict} with central differences in f64 at w = 0, 1, 1.5, 2"
    );

    // Each step multiplies the error w - 2 by 1 - lr*2*sum(x^2) (numpy) or 1 - lr*2*mean(x^2).
    let sum_x2: f64 = xs.iter().map(|&v| (v * v) as f64).sum();
    let numpy_factor = 1.0 - lr * 2.0 * sum_x2;
    let autograd_factor = 1.0 - lr * 2.0 * sum_x2 / N as f64;
    nbprint!(
        nb,
        "Per step, w - 2 shrinks by 1 - lr*2*sum(x^2) = {numpy_factor:.2} with the numpy formula, \
         by 1 - lr*2*mean(x^2) = {autograd_factor:.2} with autograd:"
    );
    let after = |factor: f64, steps: i32| 2.0 - 2.0 * factor.powi(steps);
    nbprint!(
        nb,
        "  numpy, 10 steps: w = 2 - 2*{numpy_factor:.2}^10 = {}; autograd, 20 steps: w = 2 - 2*{autograd_factor:.2}^20 = {}, f(5) = {}",
        fixed(after(numpy_factor, 10), 5),
        fixed(after(autograd_factor, 20), 5),
        fixed(5.0 * after(autograd_factor, 20), 3)
    );

    // Autograd with a learning rate N times larger retraces the numpy run.
    let w = Tensor::scalar(0.0).requires_grad_(true);
    let lr_n = lr * N as f64;
    let mut trajectory = vec![];
    for _ in 0..5 {
        loss(&Y, &forward(&w, &X)).backward();
        no_grad(|| w.sub_(&(lr_n * &w.grad().expect("w.grad after backward"))));
        w.zero_grad();
        trajectory.push(fixed(w.item(), 3));
    }
    nbprint!(
        nb,
        "Autograd with lr = {lr_n} (N x {lr}) retraces the numpy run: w = {}, ...",
        trajectory.join(", ")
    );
}

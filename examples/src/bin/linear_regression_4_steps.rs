//! `linear_regression_4_steps`: f = w*x fitted to Y = 2X, first completely by hand, then
//! handing one piece at a time to the library.
//!
//! 1) Step 1: forward pass manual, gradients manual, loss manual, parameter updates manual
//! 2) Step 2: forward pass manual, gradients autograd, loss manual, parameter updates manual
//! 3) Step 3: forward pass manual, gradients autograd, loss library, parameter updates optimizer
//! 4) Step 4: forward pass nn model, gradients autograd, loss library, parameter updates optimizer
//! 5) Step 5: as step 4, with the model wrapped in a module of our own
//!
//! Run: `cargo run --release -p nanotorch-examples --bin linear_regression_4_steps`

#![allow(non_snake_case)] // the notebook's names: X, Y

use nanotorch_autograd::{no_grad, Tensor};
use nanotorch_examples::legacy_numpy::dot_f32;
use nanotorch_examples::nbprint;
use nanotorch_examples::notebook::{Notebook, Section};
use nanotorch_examples::pyfmt::fixed;
use nanotorch_tensor::Array;

static SECTIONS: &[Section] = &[
    Section::new("step1", "step 1: numpy manual"),
    Section::new("step2", "step 2: autograd, manual loss and update"),
];

fn main() {
    let mut nb = Notebook::from_env(
        "linear_regression_4_steps",
        "linear regression in 4 (and 5) steps, from numpy by hand to nn.Linear",
        SECTIONS,
    );
    if nb.cell("step1") {
        step1(&mut nb);
    }
    if nb.cell("step2") {
        step2(&mut nb);
    }
}

/// Step 1 (complete scratch): forward pass, gradients, loss and parameter updates, all manual.
///
/// As in the transcript's numpy 1.x, `w` is a Python float (f64): `w*X` rounds it to f32
/// and multiplies in f32, and `w - learning_rate*dw` stays f64.
#[allow(clippy::assign_op_pattern)] // keep the notebook's `w = w - learning_rate*dw`
fn step1(nb: &mut Notebook) {
    // f = w*x (linear regression, ignore bias)
    let X = Array::from_slice(&[1.0, 2.0, 3.0, 4.0]); // numpy
    let Y = Array::from_slice(&[2.0, 4.0, 6.0, 8.0]);

    let mut w: f64 = 0.0; // initialize weight to 0 at beginning

    // model prediction
    fn forward(w: f64, x: &Array) -> Array {
        x * w
    }

    // model loss : MSE
    fn loss(y: &Array, y_predicted: &Array) -> Array {
        (y_predicted - y).pow_scalar(2.0).mean()
    }

    // gradient
    // MSE  = 1/N * (w*x - y)**2
    // dL/dw = 1/N * 2 * (w*x - y)*x
    // ... but the code below has no 1/N: np.dot already sums over the N samples, and
    // `.mean()` of that scalar changes nothing. dw is N = 4 times the MSE gradient.
    fn gradient(x: &Array, y: &Array, y_predicted: &Array) -> Array {
        Array::scalar(dot_f32(&(x * 2.0), &(y_predicted - y))).mean()
    }

    // forward(5): Python multiplies two floats here, so in f64.
    let five = Array::scalar_f64(5.0);
    nbprint!(
        nb,
        "Prediction before training : f(5) = {}",
        fixed(forward(w, &five).item(), 3)
    );

    // training
    let learning_rate = 0.01;
    let n_iters = 10;

    for epoch in 0..n_iters {
        // forward pass
        let y_pred = forward(w, &X);

        // loss
        let l = loss(&Y, &y_pred);

        // gradient
        let dw = gradient(&X, &Y, &y_pred);

        // weight update (gradient descent): a Python float times a numpy float32 scalar
        // is a float64 in numpy 1.x, so w stays f64
        w = w - learning_rate * dw.item();

        // `if epoch%1==0:` is always true: every epoch is printed
        nbprint!(
            nb,
            "epoch {}: w = {}, loss = {}",
            epoch + 1,
            fixed(w, 3),
            fixed(l.item(), 8)
        );
    }
    nbprint!(
        nb,
        "Prediction after training : f(5) = {}",
        fixed(forward(w, &five).item(), 3)
    );
}

/// Step 2: forward pass manual, gradients computation autograd, loss computation manual,
/// parameter updates manual.
///
/// (The notebook notes: "Weird !! if instead of `w -= learning_rate*(w.grad)`, we use
/// `w = w - learning_rate*(w.grad)`, we get error". Under `no_grad`, `w - ...` is a new
/// tensor that does not require grad and has no `.grad`, so `w.grad.zero_()` fails, and
/// the next backward would have no `w` to differentiate. The in-place `sub_` updates the
/// leaf `w` itself.)
fn step2(nb: &mut Notebook) {
    // f = w*x (linear regression, ignore bias)
    let X = Tensor::from_slice(&[1.0, 2.0, 3.0, 4.0]);
    let Y = Tensor::from_slice(&[2.0, 4.0, 6.0, 8.0]);

    let w = Tensor::scalar(0.0).requires_grad_(true);

    // model prediction
    fn forward(w: &Tensor, x: &Tensor) -> Tensor {
        w * x
    }

    // model loss : MSE
    fn loss(y: &Tensor, y_predicted: &Tensor) -> Tensor {
        (y_predicted - y).pow(2.0).mean()
    }

    // gradient
    // MSE  = 1/N * (w*x - y)**2
    // dL/dw = 1/N * 2 * (w*x - y)*x  (autograd computes it, with the 1/N)

    let five = Tensor::scalar(5.0);
    nbprint!(
        nb,
        "Prediction before training : f(5) = {}",
        fixed(forward(&w, &five).item(), 3)
    );

    // training
    let learning_rate = 0.01;
    let n_iters = 10;

    for epoch in 0..n_iters {
        // forward pass
        let y_pred = forward(&w, &X);

        // loss
        let l = loss(&Y, &y_pred);

        // gradient (backward pass)
        l.backward(); // dl/dw

        // weight update (gradient descent) - under no_grad since this is not a part of
        // the forward pass, so it shouldn't be tracked in the computational graph
        no_grad(|| w.sub_(&(learning_rate * &w.grad().expect("w.grad after backward"))));

        // zero grad
        w.zero_grad();

        nbprint!(
            nb,
            "epoch {}: w = {}, loss = {}",
            epoch + 1,
            fixed(w.item(), 3),
            fixed(l.item(), 8)
        );
    }
    nbprint!(
        nb,
        "Prediction after training : f(5) = {}",
        fixed(forward(&w, &five).item(), 3)
    );
}

//! `gradient_descent_numpy_torch`: gradient descent for f = w * x (here f = 2 * x), first
//! with numpy and a hand-written gradient, then with autograd, then with a loss and an
//! optimizer from the library, then with an `nn.Linear` model.
//!
//! Run: `cargo run --release -p nanotorch-examples --bin gradient_descent_numpy_torch`

#![allow(non_snake_case)] // the notebook's names: X, Y, EPS

use nanotorch_autograd::{no_grad, Tensor};
use nanotorch_examples::legacy_numpy::dot_f32;
use nanotorch_examples::nbprint;
use nanotorch_examples::notebook::{Notebook, Section};
use nanotorch_examples::pyfmt::{fixed, width_f};
use nanotorch_tensor::Array;

static SECTIONS: &[Section] = &[
    Section::new("numpy", "numpy manual gradient"),
    Section::new("autograd", "torch autograd"),
];

fn main() {
    let mut nb = Notebook::from_env(
        "gradient_descent_numpy_torch",
        "gradient descent using numpy, then PyTorch autograd, loss, optimizer and model",
        SECTIONS,
    );
    if nb.cell("numpy") {
        numpy(&mut nb);
    }
    if nb.cell("autograd") {
        autograd(&mut nb);
    }
}

/// Gradient Descent using Numpy.
///
/// `w` is a Python float; as in the transcript's numpy 1.x, `w -= learning_rate * dw` with
/// a float32 `dw` keeps it a float64, and `w * x` rounds it to f32 to multiply.
fn numpy(nb: &mut Notebook) {
    // f = w * x

    // here f = 2 * x
    let X = Array::from_slice(&[1.0, 2.0, 3.0, 4.0]);
    let Y = Array::from_slice(&[2.0, 4.0, 6.0, 8.0]);

    // start predicting w from 0.0 to 2.0
    fn initW() -> f64 {
        0.0
    }

    // precision for loss loss
    let EPS = 1e-09;

    // model prediction
    fn forward(w: f64, x: &Array) -> Array {
        x * w
    }

    // loss (MSE)
    fn loss(y: &Array, y_predicted: &Array) -> Array {
        (y - y_predicted).pow_scalar(2.0).mean()
    }

    // gradient
    // loss(MSE) = 1/N * (w*x - y)^2
    // dLoss/dw = 1/N 2x (w*x - y)
    // ... but np.dot already sums over the N samples and `.mean()` of a scalar does
    // nothing: the 1/N is missing, so dw is N = 4 times dLoss/dw (NOTES.md section 1).
    fn gradient(x: &Array, y: &Array, y_predicted: &Array) -> Array {
        Array::scalar(dot_f32(&(x * 2.0), &(y_predicted - y))).mean()
    }

    let mut w = initW();
    let five = Array::scalar_f64(5.0); // forward(5) multiplies two Python floats: f64
    nbprint!(
        nb,
        "Prediction before training: f(5) = {}",
        fixed(forward(w, &five).item(), 3)
    );

    // Training
    let learning_rate = 0.01;
    let n_iters = 100;

    for epoch in 0..n_iters {
        // prediction = forward pass
        let y_pred = forward(w, &X);

        // loss
        let l = loss(&Y, &y_pred);

        // gradients
        let dw = gradient(&X, &Y, &y_pred);

        // update weights
        w -= learning_rate * dw.item();

        if epoch % 10 == 0 {
            nbprint!(
                nb,
                "epoch {}: w = {}, loss = {}",
                epoch + 1,
                width_f(w, 3, 6),
                fixed(l.item(), 8)
            );
        }

        // break if loss is too small that it's negligible
        if l.item() < EPS {
            break;
        }
    }

    // (the notebook says "before" here too)
    nbprint!(
        nb,
        "Prediction before training: f(5) = {}",
        fixed(forward(w, &five).item(), 3)
    );
}

/// Gradient Descent using PyTorch (Autograd): the gradients come from backpropagation.
fn autograd(nb: &mut Notebook) {
    // f = w * x

    // here f = 2 * x
    let X = Tensor::from_slice(&[1.0, 2.0, 3.0, 4.0]);
    let Y = Tensor::from_slice(&[2.0, 4.0, 6.0, 8.0]);

    // start predicting w from 0.0 to 2
    fn initW_pt() -> Tensor {
        Tensor::scalar(0.0).requires_grad_(true)
    }

    // precision for loss loss
    let EPS = 1e-09;

    // model prediction
    fn forward(w: &Tensor, x: &Tensor) -> Tensor {
        w * x
    }

    // loss (MSE)
    fn loss(y: &Tensor, y_predicted: &Tensor) -> Tensor {
        (y - y_predicted).pow(2.0).mean()
    }

    // gradient
    // Autograd calculates automatically

    let w = initW_pt();
    let five = Tensor::scalar(5.0);
    nbprint!(
        nb,
        "Prediction before training: f(5) = {}",
        fixed(forward(&w, &five).item(), 3)
    );

    // Training
    let learning_rate = 0.01;
    let n_iters = 100;

    for epoch in 0..n_iters {
        // prediction = forward pass
        let y_pred = forward(&w, &X);

        // loss
        let l = loss(&Y, &y_pred);

        // gradients = backward pass
        l.backward(); // dLoss/dw

        // update weights (requires_grad not needed)
        no_grad(|| w.sub_(&(learning_rate * &w.grad().expect("w.grad after backward"))));

        // remember to empty gradients for next calculation
        w.zero_grad();

        if epoch % 10 == 0 {
            nbprint!(
                nb,
                "epoch {}: w = {}, loss = {}",
                epoch + 1,
                width_f(w.item(), 3, 6),
                fixed(l.item(), 8)
            );
        }

        // break if loss is too small that it's negligible
        if l.item() < EPS {
            break;
        }
    }

    // (the notebook says "before" here too)
    nbprint!(
        nb,
        "Prediction before training: f(5) = {}",
        fixed(forward(&w, &five).item(), 3)
    );
}

//! `gradient_descent_numpy_torch`: gradient descent for f = w * x (here f = 2 * x), first
//! with numpy and a hand-written gradient, then with autograd, then with a loss and an
//! optimizer from the library, then with an `nn.Linear` model.
//!
//! Run: `cargo run --release -p nanotorch-examples --bin gradient_descent_numpy_torch`

#![allow(non_snake_case)] // the notebook's names: X, Y, EPS

use nanotorch_autograd::{no_grad, Tensor};
use nanotorch_examples::legacy_numpy::dot_f32;
use nanotorch_examples::nbprint;
use nanotorch_examples::notebook::{Notebook, Replay, Section};
use nanotorch_examples::pyfmt::{fixed, width_f};
use nanotorch_losses::MSELoss;
use nanotorch_nn::{children, Linear, Module};
use nanotorch_optim::{Optimizer, SgdOptions, UpdateRule, SGD};
use nanotorch_tensor::{manual_seed, Array};

static SECTIONS: &[Section] = &[
    Section::new("numpy", "numpy manual gradient"),
    Section::new("autograd", "torch autograd"),
    Section::new("optim", "torch nn.MSELoss and optim.SGD"),
    Section::new("model", "Using PyTorch model").replay(Replay {
        label: "Using PyTorch model (In [87])",
        w0_bits: 0x3ff26260,
        b0_bits: 0x3ea02233,
    }),
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
    if nb.cell("optim") {
        optim(&mut nb);
    }
    if nb.cell("model") {
        model(&mut nb);
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

/// `torch.optim.SGD(params, lr)` as the transcripts' torch computed it: `p - round(lr * g)`,
/// two roundings (torch 2.15 fuses them; NOTES.md section 3).
fn sgd(params: Vec<Tensor>, lr: f64) -> SGD {
    SGD::with_options(params, SgdOptions::new(lr).update_rule(UpdateRule::Unfused))
}

/// Using PyTorch Loss and Optimizer:
/// 1) Design model (input, output size, forward pass)
/// 2) Construct loss and optimizer
/// 3) Training loop: forward pass (prediction and loss), backward pass (gradients),
///    update weights
fn optim(nb: &mut Notebook) {
    let X = Tensor::from_slice(&[1.0, 2.0, 3.0, 4.0]);
    let Y = Tensor::from_slice(&[2.0, 4.0, 6.0, 8.0]);
    let EPS = 1e-09;
    fn initW_pt() -> Tensor {
        Tensor::scalar(0.0).requires_grad_(true)
    }

    // model prediction
    fn forward(w: &Tensor, x: &Tensor) -> Tensor {
        w * x
    }

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

    let loss = MSELoss::new();
    let mut optimizer = sgd(vec![w.clone()], learning_rate);

    for epoch in 0..n_iters {
        // prediction = forward pass
        let y_pred = forward(&w, &X);

        // loss
        let l = loss.forward(&Y, &y_pred);

        // gradients = backward pass
        l.backward(); // dLoss/dw

        // update weights
        optimizer.step();

        // remember to empty gradients for next calculation
        optimizer.zero_grad();

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

    nbprint!(
        nb,
        "Prediction before training: f(5) = {}",
        fixed(forward(&w, &five).item(), 3)
    );
}

/// The notebook's model class wrapping an `nn.Linear`.
struct LinearRegression {
    lin: Linear,
}

impl LinearRegression {
    fn new(input_dim: usize, output_dim: usize) -> LinearRegression {
        // define layers
        LinearRegression {
            lin: Linear::new(input_dim, output_dim, true),
        }
    }
}

impl Module for LinearRegression {
    fn try_forward(&self, x: &Tensor) -> nanotorch_tensor::Result<Tensor> {
        self.lin.try_forward(x)
    }
    children!(lin);
}

/// Using PyTorch model (In \[81\] and In \[87\]).
///
/// The transcript's In \[87\] ran on a model that earlier runs had already trained ("output
/// will get better and better after each run"); `--replay` starts from that state.
fn model(nb: &mut Notebook) {
    manual_seed(nb.seed());

    let X = Tensor::from_vec(vec![1.0, 2.0, 3.0, 4.0], &[4, 1]);
    let Y = Tensor::from_vec(vec![2.0, 4.0, 6.0, 8.0], &[4, 1]);
    let EPS = 1e-09;

    let X_test = Tensor::from_slice(&[5.0]);
    let (n_samples, n_features) = (X.shape()[0], X.shape()[1]);
    let _ = n_samples;

    let input_size = n_features;
    let output_size = n_features;

    // The notebook builds an nn.Linear first and then replaces it: it still draws its
    // initial weights from the generator.
    let model = Linear::new(input_size, output_size, true);
    let _ = model;

    let mut model = LinearRegression::new(input_size, output_size);
    if let Some(r) = nb.replay("model") {
        let lin = Linear::from_arrays(
            Array::from_vec(vec![r.w0()], &[1, 1]),
            Some(Array::from_vec(vec![r.b0()], &[1])),
        );
        model = LinearRegression { lin };
    }

    nbprint!(
        nb,
        "Prediction before training: f(5) = {}",
        fixed(model.forward(&X_test).item(), 3)
    );

    // Training
    let learning_rate = 0.01;
    let n_iters = 100;

    let loss = MSELoss::new();
    let mut optimizer = sgd(model.parameters(), learning_rate);

    for epoch in 0..n_iters {
        // prediction = forward pass
        let y_pred = model.forward(&X);

        // loss
        let l = loss.forward(&Y, &y_pred);

        // gradients = backward pass
        l.backward(); // dLoss/dw

        // update weights
        optimizer.step();

        // remember to empty gradients for next calculation
        optimizer.zero_grad();

        if epoch % 10 == 0 {
            let [w, _b] = <[Tensor; 2]>::try_from(model.parameters()).expect("weight and bias");
            nbprint!(
                nb,
                "epoch {}: w = {}, loss = {}",
                epoch + 1,
                fixed(w.item(), 3),
                fixed(l.item(), 8)
            );
        }

        // break if loss is too small that it's negligible
        if l.item() < EPS {
            break;
        }
    }

    // output will get better and better after each run
    nbprint!(
        nb,
        "Prediction before training: f(5) = {}",
        fixed(model.forward(&X_test).item(), 3)
    );
}

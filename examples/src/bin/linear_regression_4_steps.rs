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
use nanotorch_examples::notebook::{Notebook, Replay, Section};
use nanotorch_examples::pyfmt::fixed;
use nanotorch_losses::MSELoss;
use nanotorch_nn::{children, Linear, Module};
use nanotorch_optim::{Optimizer, SgdOptions, UpdateRule, SGD};
use nanotorch_tensor::{manual_seed, Array};

static SECTIONS: &[Section] = &[
    Section::new("step1", "step 1: numpy manual"),
    Section::new("step2", "step 2: autograd, manual loss and update"),
    Section::new("step3", "step 3: autograd, nn.MSELoss and optim.SGD"),
    Section::new("step4", "step 4: nn.Linear model").replay(Replay {
        label: "step 4 (nn.Linear)",
        w0_bits: 0xbf604dfe,
        b0_bits: 0x3f60d780,
    }),
    Section::new(
        "step4_params",
        "step 4: the parameters (In [20] to In [23])",
    )
    .needs("step4"),
    Section::new("step5", "step 5: LinearRegression module").replay(Replay {
        label: "step 5 (LinearRegression module)",
        w0_bits: 0xbf7eeb4e,
        b0_bits: 0xbf476e06,
    }),
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
    if nb.cell("step3") {
        step3(&mut nb);
    }
    let mut model = None;
    if nb.cell("step4") {
        model = Some(step4(&mut nb));
    }
    if nb.cell("step4_params") {
        let model = model.expect("step 4 ran first");
        // [w,b] = model.parameters(), then the cells `b` and `w` show them
        let [w, b] = <[Tensor; 2]>::try_from(model.parameters()).expect("weight and bias");
        nbprint!(nb, "Parameter containing:\n{b}");
        nbprint!(nb, "Parameter containing:\n{w}");
    }
    if nb.cell("step5") {
        step5(&mut nb);
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

/// `torch.optim.SGD(params, lr)` as the transcripts' torch computed it: `p - round(lr * g)`,
/// two roundings. (torch 2.15 fuses it into one FMA, which changes a few 1e-7 digits of the
/// replayed `nn.Linear` runs; NOTES.md section 3.)
fn sgd(params: Vec<Tensor>, lr: f64) -> SGD {
    SGD::with_options(params, SgdOptions::new(lr).update_rule(UpdateRule::Unfused))
}

/// Step 3: forward pass manual, gradients computation autograd, loss computation pytorch
/// loss, parameter updates pytorch optimizer.
fn step3(nb: &mut Notebook) {
    // f = w*x (linear regression, ignore bias)
    let X = Tensor::from_slice(&[1.0, 2.0, 3.0, 4.0]);
    let Y = Tensor::from_slice(&[2.0, 4.0, 6.0, 8.0]);

    let w = Tensor::scalar(0.0).requires_grad_(true);

    // model prediction
    fn forward(w: &Tensor, x: &Tensor) -> Tensor {
        w * x
    }

    let five = Tensor::scalar(5.0);
    nbprint!(
        nb,
        "Prediction before training : f(5) = {}",
        fixed(forward(&w, &five).item(), 3)
    );

    // training
    let learning_rate = 0.01;
    let n_iters = 10;

    let loss = MSELoss::new();
    let mut optimizer = sgd(vec![w.clone()], learning_rate);

    for epoch in 0..n_iters {
        // forward pass
        let y_pred = forward(&w, &X);

        // loss (the notebook passes the target first: MSE is symmetric, so it does not matter)
        let l = loss.forward(&Y, &y_pred);

        // gradient (backward pass)
        l.backward(); // dl/dw

        // weight update, by the optimizer
        optimizer.step();

        // zero grad
        optimizer.zero_grad();

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

/// A `Linear(1, 1)` from the transcript's recovered weights (`--replay`), else PyTorch's
/// default initialisation from the seeded generator.
fn linear(nb: &Notebook, cell: &str, input_size: usize, output_size: usize) -> Linear {
    match nb.replay(cell) {
        Some(r) => Linear::from_arrays(
            Array::from_vec(vec![r.w0()], &[1, 1]),
            Some(Array::from_vec(vec![r.b0()], &[1])),
        ),
        None => Linear::new(input_size, output_size, true),
    }
}

/// The training loop of steps 4 and 5, which differ only in the model.
fn train(nb: &mut Notebook, model: &dyn Module, X: &Tensor, Y: &Tensor) {
    let X_test = Tensor::from_slice(&[5.0]);
    nbprint!(
        nb,
        "Prediction before training : f(5) = {}",
        fixed(model.forward(&X_test).item(), 3)
    );

    // training
    let learning_rate = 0.01;
    let n_iters = 100;

    let loss = MSELoss::new();
    let mut optimizer = sgd(model.parameters(), learning_rate);

    for epoch in 0..n_iters {
        // forward pass
        let y_pred = model.forward(X);

        // loss
        let l = loss.forward(Y, &y_pred);

        // gradient (backward pass)
        l.backward(); // dl/dw

        optimizer.step();

        // zero grad
        optimizer.zero_grad();

        let [w, _b] = <[Tensor; 2]>::try_from(model.parameters()).expect("weight and bias");
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
        fixed(model.forward(&X_test).item(), 3)
    );
}

/// Step 4: forward pass pytorch model, gradients autograd, loss pytorch loss, parameter
/// updates pytorch optimizer.
fn step4(nb: &mut Notebook) -> Linear {
    manual_seed(nb.seed());

    // x and y have a slightly different shape than before: 2-D, one row per sample, each
    // row holding its features
    let X = Tensor::from_vec(vec![1.0, 2.0, 3.0, 4.0], &[4, 1]);
    let Y = Tensor::from_vec(vec![2.0, 4.0, 6.0, 8.0], &[4, 1]);

    let (n_samples, n_features) = (X.shape()[0], X.shape()[1]);
    let _ = n_samples;
    let input_size = n_features;
    let output_size = n_features; // in this case

    let model = linear(nb, "step4", input_size, output_size); // just a linear model
    train(nb, &model, &X, &Y);
    model
}

/// Step 5: as step 4, but the model is a class of our own holding an `nn.Linear`, the more
/// general way of doing things.
struct LinearRegression {
    lin: Linear,
}

impl Module for LinearRegression {
    fn try_forward(&self, x: &Tensor) -> nanotorch_tensor::Result<Tensor> {
        self.lin.try_forward(x)
    }
    children!(lin);
}

fn step5(nb: &mut Notebook) {
    manual_seed(nb.seed());

    let X = Tensor::from_vec(vec![1.0, 2.0, 3.0, 4.0], &[4, 1]);
    let Y = Tensor::from_vec(vec![2.0, 4.0, 6.0, 8.0], &[4, 1]);

    let (n_samples, n_features) = (X.shape()[0], X.shape()[1]);
    let _ = n_samples;
    let input_size = n_features;
    let output_size = n_features;

    // define layers
    let model = LinearRegression {
        lin: linear(nb, "step5", input_size, output_size),
    };
    train(nb, &model, &X, &Y);
}

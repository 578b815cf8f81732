//! `backprop_linear_regression`: back propagation and gradient descent for Y = 2X on
//! X = 10, 20, ..., 50, three ways.
//!
//! Solution 1 is fully manual with numpy arrays, solution 2 lets autograd find the
//! gradient, solution 3 uses an `nn.Linear` model, `nn.MSELoss` and `optim.SGD`.
//!
//! Run: `cargo run --release -p nanotorch-examples --bin backprop_linear_regression`

#![allow(non_snake_case)] // the notebook's names: X, Y, W

use nanotorch_autograd::{no_grad, Tensor};
use nanotorch_examples::legacy_numpy::dot_f32;
use nanotorch_examples::nbprint;
use nanotorch_examples::notebook::{Notebook, Replay, Section};
use nanotorch_examples::pyfmt::{fixed, tuple};
use nanotorch_losses::MSELoss;
use nanotorch_nn::{Linear, Module};
use nanotorch_optim::{Optimizer, SgdOptions, UpdateRule, SGD};
use nanotorch_tensor::{manual_seed, Array};

static SECTIONS: &[Section] = &[
    Section::new("solution1", "solution 1: numpy manual"),
    Section::new("solution2", "solution 2: torch autograd"),
    Section::new("shape", "solution 3: data shape"),
    Section::new("solution3", "solution 3: nn.Linear, MSELoss and SGD").replay(Replay {
        label: "solution 3 (In [38] to In [40])",
        w0_bits: 0x3f670d32,
        b0_bits: 0x3ed8eb93,
    }),
];

fn main() {
    let mut nb = Notebook::from_env(
        "backprop_linear_regression",
        "back propagation with linear regression: numpy, autograd, nn.Linear",
        SECTIONS,
    );
    if nb.cell("solution1") {
        solution1(&mut nb);
    }
    if nb.cell("solution2") {
        solution2(&mut nb);
    }
    if nb.cell("shape") {
        data_shape(&mut nb);
    }
    if nb.cell("solution3") {
        solution3(&mut nb);
    }
}

/// Solution 1 - Fully manual calculations with Numpy.
///
/// `W` is a Python float: in the transcript's numpy 1.x, `W -= learning_rate * grad` with a
/// float32 `grad` gives a float64, so W stays f64 while `W * x` is computed in f32.
fn solution1(nb: &mut Notebook) {
    let X = Array::from_slice(&[10.0, 20.0, 30.0, 40.0, 50.0]);
    let Y = Array::from_slice(&[20.0, 40.0, 60.0, 80.0, 100.0]);

    let mut W: f64 = 0.0;
    let learning_rate = 0.0003; // this must be adjusted (for example 0.001 won't work)

    fn forward(W: f64, x: &Array) -> Array {
        x * W
    }

    // MSE
    fn loss(y_actual: &Array, y_predicted: &Array) -> Array {
        (y_predicted - y_actual).pow_scalar(2.0).mean()
    }

    // dLoss/dW
    fn gradient(x: &Array, y_actual: &Array, y_predicted: &Array) -> Array {
        Array::scalar(dot_f32(&(&(-x) * 2.0 / 5.0), &(y_predicted - y_actual))).mean()
    }

    for epoch in 0..20 {
        // prediction
        let y = forward(W, &X);

        // loss
        let l = loss(&y, &Y);

        // grad: called with the prediction in the `y_actual` slot and the target in
        // `y_predicted`; with the leading minus that is (2/5)·Σ x(ŷ - Y), the true MSE
        // gradient (NOTES.md section 2)
        let grad = gradient(&X, &y, &Y);

        // `if (epoch % 1 == 0):` is always true: every epoch is printed
        nbprint!(
            nb,
            "epoch={epoch}, loss={}, W={}, grad={}",
            fixed(l.item(), 5),
            fixed(W, 5),
            fixed(grad.item(), 5)
        );

        // weight update
        W -= learning_rate * grad.item();
    }
}

/// Solution 2 - using Pytorch tensors: autograd finds dLoss/dW.
///
/// The notebook reuses solution 1's `forward` and `loss`, which read the global `W`: now a
/// tensor. They are the same formulas here, on tensors.
fn solution2(nb: &mut Notebook) {
    let X = Tensor::from_slice(&[10.0, 20.0, 30.0, 40.0, 50.0]); // input vector
    let Y = Tensor::from_slice(&[20.0, 40.0, 60.0, 80.0, 100.0]); // output vector
    let W = Tensor::scalar(0.0).requires_grad_(true);
    let learning_rate = Tensor::scalar(0.0003);

    // we can use previously defined functions i.e. forward() and loss()
    fn forward(W: &Tensor, x: &Tensor) -> Tensor {
        W * x
    }

    // MSE
    fn loss(y_actual: &Tensor, y_predicted: &Tensor) -> Tensor {
        (y_predicted - y_actual).pow(2.0).mean()
    }

    for epoch in 0..20 {
        // prediction
        let y = forward(&W, &X);

        // loss
        let l = loss(&y, &Y);

        // grad
        l.backward();
        let grad = W.grad().expect("W.grad after backward");

        // `if (epoch % 1 == 0):` is always true: every epoch is printed
        nbprint!(
            nb,
            "epoch={epoch}, loss={}, W={}, grad={}",
            fixed(l.item(), 5),
            fixed(W.item(), 5),
            fixed(grad.item(), 5)
        );

        // weight update ... but outside computation tree (to not interfere with gradient)
        no_grad(|| W.sub_(&(&learning_rate * &grad)));

        // this is important to not accumulate gradient from previous iterations
        W.zero_grad();
    }
    // so the grad computation is exactly the same as by the manual solution
}

/// Solution 3's first cell: the data as [nb_samples, nb_features] and its shape.
fn data_shape(nb: &mut Notebook) {
    // input vector [nb_samples * nb_features] -> here 5 * 1
    let X = Array::from_vec(vec![10.0, 20.0, 30.0, 40.0, 50.0], &[5, 1]);

    let (nb_samples, nb_features) = (X.shape()[0], X.shape()[1]);
    nbprint!(nb, "{}", tuple(&[nb_samples, nb_features]));
}

/// Solution 3 - using Pytorch Neural Network module (In \[36\] to In \[40\]).
fn solution3(nb: &mut Notebook) {
    manual_seed(nb.seed());

    // input and output vectors [nb_samples * nb_features] -> here 5 * 1
    let X = Tensor::from_vec(vec![10.0, 20.0, 30.0, 40.0, 50.0], &[5, 1]);
    let Y = Tensor::from_vec(vec![20.0, 40.0, 60.0, 80.0, 100.0], &[5, 1]);
    let nb_features = X.shape()[1];

    let learning_rate = 0.0003;

    let input_size = nb_features;
    let output_size = nb_features;

    // we don't need to use weights vector, but instead we use Linear model
    let model = match nb.replay("solution3") {
        // the transcript's initial weights, recovered (REPLAY.md)
        Some(r) => Linear::from_arrays(
            Array::from_vec(vec![r.w0()], &[1, 1]),
            Some(Array::from_vec(vec![r.b0()], &[1])),
        ),
        None => Linear::new(input_size, output_size, true),
    };

    let loss_function = MSELoss::new();
    // the transcripts' torch updated p - round(lr * g), unfused (NOTES.md section 3)
    let mut optimizer = SGD::with_options(
        model.parameters(),
        SgdOptions::new(learning_rate).update_rule(UpdateRule::Unfused),
    );

    // Initial prediction
    let X_test = Tensor::from_vec(vec![60.0], &[1, 1]);
    let Y_test_pred = model.forward(&X_test);
    nbprint!(nb, "{Y_test_pred}");

    // Training (hmm ? )
    let max_epochs = 100;

    for epoch in 0..max_epochs {
        // prediction (forward pass)
        let y = model.forward(&X);

        // loss
        let l = loss_function.forward(&Y, &y);

        // gradients (backward pass)
        l.backward();

        if epoch % 5 == 0 || epoch + 1 == max_epochs {
            let w = model.weight().item();
            let b = model.bias().expect("Linear with bias").item();
            nbprint!(
                nb,
                "epoch={epoch}, loss={}, W={}, b={}",
                fixed(l.item(), 5),
                fixed(w, 5),
                fixed(b, 5)
            );
        }

        // weights update in the model
        optimizer.step();

        // zero gradients
        optimizer.zero_grad();
    }

    // Prediction after training:
    let Y_test_pred = model.forward(&X_test);
    nbprint!(nb, "{Y_test_pred}");
}

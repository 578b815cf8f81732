//! The `torch.nn` cells: In \[5\] (`nn.Sequential`, `MSELoss(reduction="sum")`, manual
//! update) and the `optim` cell, which the notebook left unfinished and which is completed
//! as PyTorch's tutorial does (RMSprop, lr 1e-3).

use nanotorch_autograd::{no_grad, Tensor};
use nanotorch_examples::nbprint;
use nanotorch_examples::notebook::Notebook;
use nanotorch_examples::pyfmt::repr;
use nanotorch_losses::{MSELoss, Reduction};
use nanotorch_nn::{sequential, Flatten, Linear, Module, Sequential};
use nanotorch_optim::{Optimizer, RMSprop};
use nanotorch_tensor::manual_seed;
use std::f64::consts::PI;

/// x and y = sin(x), and xx = [x, x^2, x^3] as a [2000, 3] tensor: `x.unsqueeze(-1).pow(p)`
/// with `p = [1, 2, 3]` broadcasts `[2000, 1]` against `[3]`.
fn data() -> (Tensor, Tensor, Tensor) {
    let x = Tensor::linspace(-PI, PI, 2000);
    let y = x.sin();

    let p = Tensor::from_slice(&[1.0, 2.0, 3.0]);
    let xx = x.unsqueeze(-1).pow_tensor(&p);
    (x, y, xx)
}

/// `Result: y = {bias} + {weight[:, 0]} x + {weight[:, 1]} x^2 + {weight[:, 2]} x^3`.
fn print_result(nb: &mut Notebook, model: &Sequential) {
    let linear_layer = model
        .get_as::<Linear>(0)
        .expect("model[0] is the Linear layer");
    // For linear layer, its parameters are stored as `weight` and `bias`.
    let weight = linear_layer.weight().array();
    let bias = linear_layer.bias().expect("Linear with bias").item();
    nbprint!(
        nb,
        "Result: y = {} + {} x + {} x^2 + {} x^3",
        repr(bias),
        repr(weight.select(1, 0).item()),
        repr(weight.select(1, 1).item()),
        repr(weight.select(1, 2).item())
    );
}

/// In \[5\], "PyTorch: Neural Network torch.nn, Update parameter manually".
pub fn sequential(nb: &mut Notebook) {
    manual_seed(nb.seed());
    let (_x, y, xx) = data();

    let model = sequential![
        Linear::new(3, 1, true), // first layer has 3 inputs and 1 output
        Flatten::new(0, 1)       // (the notebook's `Flatten(0, 1)z` is a typo)
    ];

    let loss_fn = MSELoss::new().with_reduction(Reduction::Sum);

    // Computation graph
    // xx -> Linear -> Flatten -> y_pred -> loss
    let learning_rate = 1e-6;
    for t in 0..2000 {
        let y_pred = model.forward(&xx);

        let loss = loss_fn.forward(&y_pred, &y);
        if t % 100 == 99 {
            nbprint!(nb, "{t} {}", repr(loss.item()));
        }

        // set zero the gradients before running backward pass
        model.zero_grad();

        // compute gradient of the loss with respect to ALL learnable parameters
        // of the model
        loss.backward();

        no_grad(|| {
            for param in model.parameters() {
                param.sub_(&(learning_rate * &param.grad().expect("grad after backward")));
            }
        });
    }

    print_result(nb, &model);
}

/// "PyTorch: Neural Networks optim auto optimization", completed as the PyTorch tutorial
/// does: the same model and loss, and `torch.optim.RMSprop(model.parameters(), lr=1e-3)`
/// instead of the manual update.
pub fn optim(nb: &mut Notebook) {
    manual_seed(nb.seed());
    let (_x, y, xx) = data();

    let model = sequential![Linear::new(3, 1, true), Flatten::new(0, 1)];
    let loss_fn = MSELoss::new().with_reduction(Reduction::Sum);

    // Use the optim package to define an Optimizer that will update the weights of
    // the model for us. RMSprop adapts each parameter's step size.
    let learning_rate = 1e-3;
    let mut optimizer = RMSprop::new(model.parameters(), learning_rate);
    for t in 0..2000 {
        // Forward pass: compute predicted y by passing x to the model.
        let y_pred = model.forward(&xx);

        // Compute and print loss.
        let loss = loss_fn.forward(&y_pred, &y);
        if t % 100 == 99 {
            nbprint!(nb, "{t} {}", repr(loss.item()));
        }

        // Before the backward pass, zero the gradients of the variables the optimizer
        // will update (they accumulate across backward calls).
        optimizer.zero_grad();

        // Backward pass: compute gradient of the loss with respect to model parameters
        loss.backward();

        // Calling the step function on an Optimizer makes an update to its parameters
        optimizer.step();
    }

    print_result(nb, &model);
}

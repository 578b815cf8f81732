//! The two autograd cells: In \[3\] (autograd on tensors) and In \[4\] (a custom autograd
//! `Function`, the Legendre polynomial P3).

use nanotorch_autograd::{no_grad, Context, Function, Tensor};
use nanotorch_examples::nbprint;
use nanotorch_examples::notebook::Notebook;
use nanotorch_examples::pyfmt::repr;
use nanotorch_tensor::{manual_seed, Array, DType};
use std::f64::consts::PI;

/// `w -= learning_rate * w.grad` for each weight, then `w.grad = None`, under `no_grad`.
fn sgd_step(weights: [&Tensor; 4], learning_rate: f64) {
    no_grad(|| {
        for w in weights {
            w.sub_(&(learning_rate * &w.grad().expect("grad after backward")));
        }
        // Manually zero the gradients after updating weights
        for w in weights {
            w.set_grad(None);
        }
    });
}

/// In \[3\], "PyTorch: Tensor with Autograd".
pub fn autograd(nb: &mut Notebook) {
    manual_seed(nb.seed());

    // Create Tensors to hold input and outputs.
    // By default, requires_grad is false, which indicates that we do not need to
    // compute gradients with respect to these Tensors during the backward pass.
    let x = Tensor::linspace(-PI, PI, 2000);
    let y = x.sin();

    // Create random Tensors for weights. For a third order polynomial, we need
    // 4 weights: y = a + b x + c x^2 + d x^3
    // Setting requires_grad to true indicates that we want to compute gradients with
    // respect to these Tensors during the backward pass.
    let randn = || Tensor::from_array(Array::randn(&[])).requires_grad_(true);
    let a = randn();
    let b = randn();
    let c = randn();
    let d = randn();

    let learning_rate = 1e-6;
    for t in 0..2000 {
        // Forward pass: compute predicted y using operations on Tensors.
        let y_pred = &a + &b * &x + &c * x.pow(2.0) + &d * x.pow(3.0);

        // Compute and print loss using operations on Tensors.
        // Now loss is a 0-d Tensor; loss.item() gets the scalar value held in the loss.
        let loss = (&y_pred - &y).pow(2.0).sum();
        if t % 100 == 99 {
            nbprint!(nb, "{t} {}", repr(loss.item()));
        }

        // Use autograd to compute the backward pass. This call will compute the
        // gradient of loss with respect to all Tensors with requires_grad set.
        // After this call a.grad(), b.grad(), c.grad() and d.grad() will hold
        // the gradient of the loss with respect to a, b, c, d respectively.
        loss.backward();

        // Manually update weights using gradient descent. Wrapped in no_grad
        // because weights have requires_grad set, but we don't need to track this
        // in autograd.
        sgd_step([&a, &b, &c, &d], learning_rate);
    }

    nbprint!(
        nb,
        "Result: y = {} + {} x + {} x^2 + {} x^3",
        repr(a.item()),
        repr(b.item()),
        repr(c.item()),
        repr(d.item())
    );
}

/// We can implement our own custom autograd Functions by implementing `Function`: the
/// forward and backward passes, which operate on Tensors.
#[derive(Debug, Clone, Copy)]
struct LegendrePolynomial3;

impl Function for LegendrePolynomial3 {
    const NAME: &'static str = "LegendrePolynomial3Backward";

    /// In the forward pass we receive a Tensor containing the input and return
    /// a Tensor containing the output. ctx is a context object that can be used
    /// to stash information for backward computation: `ctx.save_for_backward`.
    fn forward(&self, ctx: &mut Context, inputs: &[&Tensor]) -> Tensor {
        let input = inputs[0];
        ctx.save_for_backward(&[input]);
        0.5 * (5.0 * input.pow(3.0) - 3.0 * input)
    }

    /// In the backward pass we receive a Tensor containing the gradient of the loss
    /// with respect to the output, and we need to compute the gradient of the loss
    /// with respect to the input.
    fn backward(&self, ctx: &Context, grad_output: &Tensor) -> Vec<Option<Tensor>> {
        let input = &ctx.saved_tensors()[0];
        vec![Some(grad_output * 1.5 * (5.0 * input.pow(2.0) - 1.0))]
    }
}

/// In \[4\], "Defining new autograd functions": y = a + b * P3(c + d * x).
pub fn legendre(nb: &mut Notebook) {
    // Create Tensors to hold input and outputs.
    let x = Tensor::linspace(-PI, PI, 2000);
    let y = x.sin();

    // Create Tensors for weights. For this example, we need
    // 4 weights: y = a + b * P3(c + d * x), these weights need to be initialized
    // not too far from the correct result to ensure convergence.
    let full = |value| Tensor::full(&[], value, DType::F32).requires_grad_(true);
    let a = full(0.0);
    let b = full(-1.0);
    let c = full(0.0);
    let d = full(0.3);

    let learning_rate = 5e-6;
    for t in 0..2000 {
        // To apply our Function, we use its `apply` method. We alias this as 'P3'.
        let P3 = |input: &Tensor| LegendrePolynomial3.apply(&[input]);

        // Forward pass: compute predicted y using operations; we compute
        // P3 using our custom autograd operation.
        let y_pred = &a + &b * P3(&(&c + &d * &x));

        // Compute and print loss
        let loss = (&y_pred - &y).pow(2.0).sum();
        if t % 100 == 99 {
            nbprint!(nb, "{t} {}", repr(loss.item()));
        }

        // Use autograd to compute the backward pass.
        loss.backward();

        // Update weights using gradient descent
        sgd_step([&a, &b, &c, &d], learning_rate);
    }

    nbprint!(
        nb,
        "Result: y = {} + {} * P3({} + {} x)",
        repr(a.item()),
        repr(b.item()),
        repr(c.item()),
        repr(d.item())
    );
}

//! The two cells that compute the gradient by hand: In \[1\] with numpy (float64) and
//! In \[2\] with tensors (float32).

use nanotorch_examples::nbprint;
use nanotorch_examples::notebook::Notebook;
use nanotorch_examples::pyfmt::repr;
use nanotorch_tensor::{manual_seed, Array, DType};
use std::f64::consts::PI;

/// In \[1\], "Warm up: Numpy". Everything is float64, the weights are Python floats.
pub fn numpy(nb: &mut Notebook) {
    manual_seed(nb.seed());

    // create random input and output data
    let x = Array::linspace_dtype(-PI, PI, 2000, DType::F64);
    let y = x.sin();

    // randomly initialize weights
    let randn = || Array::randn_dtype(&[], DType::F64).item(); // np.random.randn()
    let mut a = randn();
    let mut b = randn();
    let mut c = randn();
    let mut d = randn();

    let learning_rate = 1e-6;
    for t in 0..2000 {
        // forward pass: compute predicted y
        // y = a + bx + cx^2 + dx^3
        let y_pred = a + b * &x + c * x.pow_scalar(2.0) + d * x.pow_scalar(3.0);

        // compute and print loss
        let loss = (&y_pred - &y).square().sum().item(); // using L2 loss, compute total loss
        if t % 100 == 99 {
            // output loss for each 100 iteration
            nbprint!(nb, "{t} {}", repr(loss));
        }

        // backprop to compute gradients of a, b, c, d with respect to loss
        let grad_y_pred = 2.0 * (&y_pred - &y); // derivative of L2 loss = 2*(y_pred-y)
        let grad_a = grad_y_pred.sum().item();
        let grad_b = (&grad_y_pred * &x).sum().item();
        let grad_c = (&grad_y_pred * x.pow_scalar(2.0)).sum().item();
        let grad_d = (&grad_y_pred * x.pow_scalar(3.0)).sum().item();

        // update weights
        a -= learning_rate * grad_a;
        b -= learning_rate * grad_b;
        c -= learning_rate * grad_c;
        d -= learning_rate * grad_d;
    }

    nbprint!(
        nb,
        "Result: y = {} + {} x + {} x^2 + {} x^3",
        repr(a),
        repr(b),
        repr(c),
        repr(d)
    );
}

/// In \[2\], "PyTorch: Tensor, Manual approach to backpropagation": the same loop on float32
/// tensors; the weights are 0-d tensors.
pub fn tensor(nb: &mut Notebook) {
    manual_seed(nb.seed());

    // Create random input and output data
    let x = Array::linspace(-PI, PI, 2000);
    let y = x.sin();

    // Randomly initialize weights
    let mut a = Array::randn(&[]);
    let mut b = Array::randn(&[]);
    let mut c = Array::randn(&[]);
    let mut d = Array::randn(&[]);

    let learning_rate = 1e-6;
    for t in 0..2000 {
        // Forward pass: compute predicted y
        let y_pred = &a + &b * &x + &c * x.pow_scalar(2.0) + &d * x.pow_scalar(3.0);

        // Compute and print loss
        let loss = (&y_pred - &y).pow_scalar(2.0).sum().item();
        if t % 100 == 99 {
            nbprint!(nb, "{t} {}", repr(loss));
        }

        // Backprop to compute gradients of a, b, c, d with respect to loss
        let grad_y_pred = 2.0 * (&y_pred - &y);
        let grad_a = grad_y_pred.sum();
        let grad_b = (&grad_y_pred * &x).sum();
        let grad_c = (&grad_y_pred * x.pow_scalar(2.0)).sum();
        let grad_d = (&grad_y_pred * x.pow_scalar(3.0)).sum();

        // Update weights using gradient descent
        a -= &(learning_rate * grad_a);
        b -= &(learning_rate * grad_b);
        c -= &(learning_rate * grad_c);
        d -= &(learning_rate * grad_d);
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

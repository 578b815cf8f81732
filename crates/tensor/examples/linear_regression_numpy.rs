//! Linear regression by hand with `Array`, as step 1 of the `linear_regression_4_steps`
//! notebook does with numpy: f = w * x, MSE loss, a hand-written gradient, and plain
//! gradient descent.
//!
//! Run with `cargo run --release -p nanotorch-tensor --example linear_regression_numpy`.
//!
//! Everything here is f32, as numpy 2 computes it, so the losses at epochs 2 and 6 differ
//! in the last digits from the notebook's transcript, which numpy 1.x computed with `w`
//! in f64 (see `../shared/golden/NOTES.md` §3). The `nanotorch-examples` binaries
//! reproduce the transcript exactly.

use nanotorch_tensor::Array;

fn main() {
    // f = w * x (linear regression, ignore bias)
    let x = Array::from_slice(&[1.0, 2.0, 3.0, 4.0]);
    let y = Array::from_slice(&[2.0, 4.0, 6.0, 8.0]);
    let mut w = 0.0f32; // initialise the weight to 0

    // model prediction
    let forward = |w: f32, x: &Array| x * w as f64;
    // model loss: MSE = 1/N * sum((w*x - y)^2)
    let loss = |y: &Array, y_pred: &Array| (y_pred - y).pow_scalar(2.0).mean().item();
    // gradient: dL/dw = 1/N * sum(2x * (w*x - y)). The notebook writes
    // np.dot(2*x, y_pred - y).mean(), which forgets the 1/N, so its steps are N = 4 times too large;
    // we keep the notebook's formula so the printed numbers are the notebook's.
    let gradient =
        |x: &Array, y: &Array, y_pred: &Array| (x * 2.0).dot(&(y_pred - y)).item() as f32;

    println!("Prediction before training : f(5) = {:.3}", 5.0 * w);
    let learning_rate = 0.01f32;
    for epoch in 0..10 {
        let y_pred = forward(w, &x); // forward pass
        let l = loss(&y, &y_pred); // loss
        let dw = gradient(&x, &y, &y_pred); // gradient, as the notebook computes it
        w -= learning_rate * dw; // gradient descent
        println!("epoch {}: w = {w:.3}, loss = {l:.8}", epoch + 1);
    }
    println!("Prediction after training : f(5) = {:.3}", 5.0 * w);
}

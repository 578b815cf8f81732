//! linear_regression_autograd, ported line by line; the printed lines must equal the
//! golden transcript (/work/shared/golden/linear_regression_autograd.expected.txt).

use nanotorch_autograd::{no_grad, Tensor};

#[test]
fn reproduces_the_transcript() {
    let x = Tensor::from_slice(&[1.0, 2.0, 3.0, 4.0]);
    let y = Tensor::from_slice(&[2.0, 4.0, 6.0, 8.0]);
    let w = Tensor::scalar(0.0).requires_grad_(true);
    let forward = |x: &Tensor| &w * x;
    let loss = |y: &Tensor, y_hat: &Tensor| (y - y_hat).pow(2.0).mean();
    let lr = 0.01;
    let n_iters = 20;

    let mut lines = vec![format!(
        "'Prediction before training: f(5) = {:.3}'",
        forward(&Tensor::scalar(5.0)).item()
    )];
    for epoch in 0..n_iters {
        let y_hat = forward(&x);
        let l = loss(&y, &y_hat);
        l.backward();
        no_grad(|| w.sub_(&(lr * &w.grad().unwrap())));
        w.grad().unwrap().zero_();
        if epoch % 2 == 0 {
            lines.push(format!(
                "epoch {}: w = {:.3}, loss = {:.8}",
                epoch + 1,
                w.item(),
                l.item()
            ));
        }
    }
    lines.push(format!(
        "'Prediction after training: f(5) = {:.3}'",
        forward(&Tensor::scalar(5.0)).item()
    ));

    let expected = "\
'Prediction before training: f(5) = 0.000'
epoch 1: w = 0.300, loss = 30.00000000
epoch 3: w = 0.772, loss = 15.66018772
epoch 5: w = 1.113, loss = 8.17471695
epoch 7: w = 1.359, loss = 4.26725292
epoch 9: w = 1.537, loss = 2.22753215
epoch 11: w = 1.665, loss = 1.16278565
epoch 13: w = 1.758, loss = 0.60698116
epoch 15: w = 1.825, loss = 0.31684780
epoch 17: w = 1.874, loss = 0.16539653
epoch 19: w = 1.909, loss = 0.08633806
'Prediction after training: f(5) = 9.612'";
    assert_eq!(lines.join("\n"), expected);
}

#[test]
fn grad_fn_names_and_reprs() {
    // The reprs PyTorch prints for the notebook's tensors.
    let w = Tensor::scalar(0.0).requires_grad_(true);
    let x = Tensor::from_slice(&[1.0, 2.0, 3.0, 4.0]);
    let y_hat = &w * &x;
    assert_eq!(y_hat.grad_fn(), Some("MulBackward0"));
    let l = (&x - &y_hat).pow(2.0).mean();
    assert_eq!(l.to_string(), "tensor(7.5000, grad_fn=<MeanBackward0>)");
    assert_eq!(w.to_string(), "tensor(0., requires_grad=True)");
}

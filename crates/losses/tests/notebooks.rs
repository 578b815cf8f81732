//! The notebooks' `nn.MSELoss()` cells with nanotorch's `MSELoss`: the printed lines
//! must equal the golden transcripts (/work/shared/golden/*.expected.txt), which needs
//! the mean as the f32 sum in torch's order over N and the gradient (2/N)(x - y)
//! (shared/golden/NOTES.md sections 3-4).

use nanotorch_autograd::{no_grad, Tensor};
use nanotorch_losses::MSELoss;

// X = [1, 2, 3, 4], Y = 2X, w = 0: mean((wX - Y)^2) = 4 mean(X^2) = 4 * 30 / 4 = 30,
// d/dw = mean(2 (wX - Y) X) = -4 mean(X^2) = -30 (NOTES.md section 1's torch column).
#[test]
fn loss_and_gradient_at_w0() {
    let x = Tensor::from_slice(&[1.0, 2.0, 3.0, 4.0]);
    let y = Tensor::from_slice(&[2.0, 4.0, 6.0, 8.0]);
    let w = Tensor::scalar(0.0).requires_grad_(true);
    let l = MSELoss::new().forward(&(&w * &x), &y);
    assert_eq!(l.item(), 30.0);
    l.backward();
    assert_eq!(w.grad().unwrap().item(), -30.0);

    // The notebook calls loss(Y, y_pred): the prediction in the target slot. The loss
    // is symmetric and the gradient flows through the target just as well.
    let w = Tensor::scalar(1.0).requires_grad_(true);
    let l = MSELoss::new().forward(&y, &(&w * &x));
    assert_eq!(l.item(), 7.5); // mean(x^2) = 30 / 4
    l.backward();
    assert_eq!(w.grad().unwrap().item(), -15.0); // -2 mean(x^2)
}

// gradient_descent_numpy_torch, "torch nn.MSELoss and optim.SGD": w <- w - lr g with
// lr rounded to f32 (unfused; NOTES.md section 4: fused or not changes no line here).
#[test]
fn gradient_descent_mse_cell() {
    let x = Tensor::from_slice(&[1.0, 2.0, 3.0, 4.0]);
    let y = Tensor::from_slice(&[2.0, 4.0, 6.0, 8.0]);
    let w = Tensor::scalar(0.0).requires_grad_(true);
    let forward = |x: &Tensor| &w * x;
    let loss = MSELoss::new();
    let mut lines = vec![format!(
        "Prediction before training: f(5) = {:.3}",
        forward(&Tensor::scalar(5.0)).item()
    )];
    for epoch in 0..100 {
        let l = loss.forward(&y, &forward(&x));
        l.backward();
        no_grad(|| w.sub_(&(0.01 * &w.grad().unwrap())));
        w.set_grad(None);
        if epoch % 10 == 0 {
            lines.push(format!(
                "epoch {}: w = {:.6}, loss = {:.8}",
                epoch + 1,
                w.item(),
                l.item()
            ));
        }
        if (l.item() as f32) < 1e-9 {
            break;
        }
    }
    lines.push(format!(
        "Prediction before training: f(5) = {:.3}",
        forward(&Tensor::scalar(5.0)).item()
    ));
    let expected = "\
Prediction before training: f(5) = 0.000
epoch 1: w = 0.300000, loss = 30.00000000
epoch 11: w = 1.665314, loss = 1.16278565
epoch 21: w = 1.934109, loss = 0.04506890
epoch 31: w = 1.987028, loss = 0.00174685
epoch 41: w = 1.997446, loss = 0.00006770
epoch 51: w = 1.999497, loss = 0.00000262
epoch 61: w = 1.999901, loss = 0.00000010
epoch 71: w = 1.999980, loss = 0.00000000
Prediction before training: f(5) = 10.000";
    assert_eq!(lines.join("\n"), expected);
}

// backprop_linear_regression, solution 2 (N = 5, so the mean is torch's 4-lane sum
// (((x0 + x4) + x1) + x2) + x3 over 5), with its hand-written loss replaced by MSELoss:
// at W = 0, loss = 4 mean(X^2) = 4400 and grad = -4 mean(X^2) = -4400.
#[test]
fn backprop_solution_2_with_mse_loss() {
    let x = Tensor::from_slice(&[10.0, 20.0, 30.0, 40.0, 50.0]);
    let y = Tensor::from_slice(&[20.0, 40.0, 60.0, 80.0, 100.0]);
    let w = Tensor::scalar(0.0).requires_grad_(true);
    let lr = Tensor::scalar(0.0003);
    let mut lines = vec![];
    for epoch in 0..20 {
        let l = MSELoss::new().forward(&(&w * &x), &y);
        l.backward();
        let grad = w.grad().unwrap();
        lines.push(format!(
            "epoch={epoch}, loss={:.5}, W={:.5}, grad={:.5}",
            l.item(),
            w.item(),
            grad.item()
        ));
        no_grad(|| w.sub_(&(&lr * &grad)));
        grad.zero_();
    }
    let expected = "\
epoch=0, loss=4400.00000, W=0.00000, grad=-4400.00000
epoch=1, loss=508.63995, W=1.32000, grad=-1495.99988
epoch=2, loss=58.79878, W=1.76880, grad=-508.63998
epoch=3, loss=6.79714, W=1.92139, grad=-172.93767
epoch=4, loss=0.78575, W=1.97327, grad=-58.79877
epoch=5, loss=0.09083, W=1.99091, grad=-19.99150
epoch=6, loss=0.01050, W=1.99691, grad=-6.79723
epoch=7, loss=0.00121, W=1.99895, grad=-2.31105
epoch=8, loss=0.00014, W=1.99964, grad=-0.78572
epoch=9, loss=0.00002, W=1.99988, grad=-0.26723
epoch=10, loss=0.00000, W=1.99996, grad=-0.09064
epoch=11, loss=0.00000, W=1.99999, grad=-0.03098
epoch=12, loss=0.00000, W=2.00000, grad=-0.01048
epoch=13, loss=0.00000, W=2.00000, grad=-0.00372
epoch=14, loss=0.00000, W=2.00000, grad=-0.00132
epoch=15, loss=0.00000, W=2.00000, grad=-0.00056
epoch=16, loss=0.00000, W=2.00000, grad=-0.00036
epoch=17, loss=0.00000, W=2.00000, grad=0.00000
epoch=18, loss=0.00000, W=2.00000, grad=0.00000
epoch=19, loss=0.00000, W=2.00000, grad=0.00000";
    assert_eq!(lines.join("\n"), expected);
}

//! A custom Function: polynomial_sin_fit's LegendrePolynomial3.

use nanotorch_autograd::{gradcheck, no_grad, Context, Function, Tensor};
use nanotorch_tensor::DType;

/// P3(x) = (5x^3 - 3x) / 2.
#[derive(Clone, Copy)]
struct LegendrePolynomial3;

impl Function for LegendrePolynomial3 {
    const NAME: &'static str = "LegendrePolynomial3Backward";

    fn forward(&self, ctx: &mut Context, inputs: &[&Tensor]) -> Tensor {
        let input = inputs[0];
        ctx.save_for_backward(&[input]);
        0.5 * (5.0 * input.pow(3.0) - 3.0 * input)
    }

    fn backward(&self, ctx: &Context, grad_output: &Tensor) -> Vec<Option<Tensor>> {
        // P3'(x) = 1.5 (5x^2 - 1)
        let input = &ctx.saved_tensors()[0];
        vec![Some(grad_output * 1.5 * (5.0 * input.pow(2.0) - 1.0))]
    }
}

#[test]
fn legendre_gradcheck_and_double_backward() {
    let x = Tensor::from_slice_f64(&[-0.9, 0.1, 0.5, 1.3]);
    gradcheck(
        |v| LegendrePolynomial3.apply(&[&v[0]]),
        std::slice::from_ref(&x),
        1e-6,
        1e-6,
        1e-4,
    )
    .unwrap();
    // backward is written with tensor ops, so it is differentiable too: P3'' = 15x.
    nanotorch_autograd::gradgradcheck(
        |v| LegendrePolynomial3.apply(&[&v[0]]),
        &[x],
        1e-6,
        1e-6,
        1e-4,
    )
    .unwrap();
}

#[test]
fn the_notebook_cell_trains() {
    // y = a + b * P3(c + d x) fitted to sin on [-pi, pi], as In [4]; the transcript's
    // losses are 209.958... at t = 99 and 8.9436... at t = 1999 (f32, torch's summation
    // order over 2000 elements differs in the last bits, so compare with tolerances).
    let x = Tensor::linspace(-std::f64::consts::PI, std::f64::consts::PI, 2000);
    let y = x.sin();
    let a = Tensor::full(&[], 0.0, DType::F32).requires_grad_(true);
    let b = Tensor::full(&[], -1.0, DType::F32).requires_grad_(true);
    let c = Tensor::full(&[], 0.0, DType::F32).requires_grad_(true);
    let d = Tensor::full(&[], 0.3, DType::F32).requires_grad_(true);
    let lr = 5e-6;
    let mut losses = Vec::new();
    for t in 0..2000 {
        let y_pred = &a + &b * LegendrePolynomial3.apply(&[&(&c + &d * &x)]);
        let loss = (&y_pred - &y).pow(2.0).sum();
        if t % 100 == 99 {
            losses.push(loss.item());
        }
        loss.backward();
        no_grad(|| {
            for p in [&a, &b, &c, &d] {
                p.sub_(&(lr * &p.grad().unwrap()));
                p.set_grad(None);
            }
        });
    }
    assert_eq!(y_pred_name(&a, &b, &c, &d, &x), Some("AddBackward0"));
    assert!(
        (losses[0] - 209.95834350585938).abs() / 209.96 < 1e-4,
        "{}",
        losses[0]
    );
    assert!(
        (losses[19] - 8.943639755249023).abs() / 8.94 < 1e-4,
        "{}",
        losses[19]
    );
    assert!((b.item() - -2.208526849746704).abs() < 1e-4, "{}", b.item());
    assert!((d.item() - 0.2554861009120941).abs() < 1e-5, "{}", d.item());
}

fn y_pred_name(a: &Tensor, b: &Tensor, c: &Tensor, d: &Tensor, x: &Tensor) -> Option<&'static str> {
    let p = LegendrePolynomial3.apply(&[&(c + d * x)]);
    assert_eq!(p.grad_fn(), Some("LegendrePolynomial3Backward"));
    (a + b * &p).grad_fn()
}

#[derive(Clone, Copy)]
struct WrongCount;
impl Function for WrongCount {
    fn forward(&self, _: &mut Context, inputs: &[&Tensor]) -> Tensor {
        inputs[0] * 2.0
    }
    fn backward(&self, _: &Context, g: &Tensor) -> Vec<Option<Tensor>> {
        vec![Some(g.clone()), Some(g.clone())]
    }
}

#[derive(Clone, Copy)]
struct WrongShape;
impl Function for WrongShape {
    fn forward(&self, _: &mut Context, inputs: &[&Tensor]) -> Tensor {
        inputs[0].sum()
    }
    fn backward(&self, _: &Context, _: &Tensor) -> Vec<Option<Tensor>> {
        vec![Some(Tensor::ones(&[3]))]
    }
}

#[test]
fn bad_backward_is_an_error() {
    let x = Tensor::from_slice(&[1.0, 2.0]).requires_grad_(true);
    let e = WrongCount.apply(&[&x]).sum().try_backward().unwrap_err();
    assert_eq!(
        e.to_string(),
        "backward: function FunctionBackward returned an incorrect number of gradients (expected 1, got 2)"
    );
    let e = WrongShape.apply(&[&x]).try_backward().unwrap_err();
    assert_eq!(
        e.to_string(),
        "backward: function FunctionBackward returned a gradient of shape [3] for input 0 of shape [2]"
    );
}

#[test]
fn saved_input_modified_in_place_is_detected() {
    let x = Tensor::from_slice(&[1.0, 2.0]).requires_grad_(true);
    let h = &x * 1.0;
    let y = LegendrePolynomial3.apply(&[&h]).sum();
    h.add_(&Tensor::scalar(1.0));
    let e = y.try_backward().unwrap_err();
    assert!(
        e.to_string()
            .contains("saved by LegendrePolynomial3Backward is at version 1; expected version 0"),
        "{e}"
    );
}

//! The small-tensor autograd cases of issues 5 and 6, each built once and returned as
//! a closure that runs one op or one full training step, exactly as the notebooks (and
//! `tools/bench_pytorch.py`, which times the same cases under PyTorch) write them.
//! `benches/autograd.rs` times them; the `profile_step` binary runs one of them in a
//! loop for `valgrind --tool=callgrind`.
//!
//! ```
//! let mut step = nanotorch_bench::steps::build("linreg_step").unwrap();
//! for _ in 0..3 {
//!     step();
//! }
//! ```

use nanotorch_autograd::{no_grad, Tensor};
use nanotorch_losses::{MSELoss, Reduction};
use nanotorch_nn::{sequential, Flatten, Linear, Module};
use nanotorch_optim::{Optimizer, SgdOptions, UpdateRule, SGD};
use nanotorch_tensor::{manual_seed, Array};
use std::f64::consts::PI;
use std::hint::black_box;

/// A case: one op or one training step, with all state built beforehand.
pub type Step = Box<dyn FnMut()>;

/// The case names, in the order of the issues: the same-run `Array` add baseline,
/// then issue 5's four and issue 6's two.
pub const CASES: [&str; 7] = [
    "array_add",
    "tracked_add",
    "mul_sum_backward",
    "linreg_step",
    "cubic_step",
    "linear_sgd_step",
    "sequential_step",
];

/// Builds the case called `name` (one of [`CASES`]), or `None` for an unknown name.
///
/// ```
/// assert!(nanotorch_bench::steps::build("tracked_add").is_some());
/// assert!(nanotorch_bench::steps::build("nope").is_none());
/// ```
pub fn build(name: &str) -> Option<Step> {
    Some(match name {
        "array_add" => array_add(),
        "tracked_add" => tracked_add(),
        "mul_sum_backward" => mul_sum_backward(),
        "linreg_step" => linreg_step(),
        "cubic_step" => cubic_step(),
        "linear_sgd_step" => linear_sgd_step(),
        "sequential_step" => sequential_step(),
        _ => return None,
    })
}

/// Baseline: a plain (untracked) `Array` add of two 4-element arrays.
fn array_add() -> Step {
    let a = Array::from_slice(&[1.0, 2.0, 3.0, 4.0]);
    let b = Array::from_slice(&[0.5, 0.25, 0.125, 2.0]);
    Box::new(move || {
        black_box(black_box(&a) + black_box(&b));
    })
}

/// Issue 5: `a + b` of two 4-element tensors that require grad (records a node).
fn tracked_add() -> Step {
    let a = Tensor::from_slice(&[1.0, 2.0, 3.0, 4.0]).requires_grad_(true);
    let b = Tensor::from_slice(&[0.5, 0.25, 0.125, 2.0]).requires_grad_(true);
    Box::new(move || {
        black_box(black_box(&a) + black_box(&b));
    })
}

/// Issue 5: `(w * x).sum().backward()` on 4 elements (`w.grad` accumulates).
fn mul_sum_backward() -> Step {
    let w = Tensor::from_slice(&[0.1, 0.2, 0.3, 0.4]).requires_grad_(true);
    let x = Tensor::from_slice(&[1.0, 2.0, 3.0, 4.0]);
    Box::new(move || (&w * &x).sum().backward())
}

/// Issue 5: one step of notebook linear_regression_autograd.
fn linreg_step() -> Step {
    let x = Tensor::from_slice(&[1.0, 2.0, 3.0, 4.0]);
    let y = Tensor::from_slice(&[2.0, 4.0, 6.0, 8.0]);
    let w = Tensor::scalar(0.0).requires_grad_(true);
    let lr = 0.01;
    Box::new(move || {
        let y_hat = &w * &x;
        let l = (&y - &y_hat).pow(2.0).mean();
        l.backward();
        no_grad(|| w.sub_(&(lr * &w.grad().expect("w.grad after backward"))));
        w.zero_grad();
    })
}

/// Issue 5: one step of polynomial_sin_fit's autograd cubic fit (2000 points).
fn cubic_step() -> Step {
    let x = Tensor::linspace(-PI, PI, 2000);
    let y = x.sin();
    manual_seed(0);
    let randn = || Tensor::from_array(Array::randn(&[])).requires_grad_(true);
    let (a, b, c, d) = (randn(), randn(), randn(), randn());
    let lr = 1e-6;
    Box::new(move || {
        let y_pred = &a + &b * &x + &c * x.pow(2.0) + &d * x.pow(3.0);
        let loss = (&y_pred - &y).pow(2.0).sum();
        loss.backward();
        no_grad(|| {
            for w in [&a, &b, &c, &d] {
                w.sub_(&(lr * &w.grad().expect("grad after backward")));
                w.set_grad(None);
            }
        });
    })
}

/// Issue 6: one step of backprop_linear_regression solution 3 (`Linear(1, 1)`,
/// `MSELoss`, `SGD`, the notebooks' unfused update).
fn linear_sgd_step() -> Step {
    let x = Tensor::from_vec(vec![10.0, 20.0, 30.0, 40.0, 50.0], &[5, 1]);
    let y = Tensor::from_vec(vec![20.0, 40.0, 60.0, 80.0, 100.0], &[5, 1]);
    manual_seed(0);
    let model = Linear::new(1, 1, true);
    let loss_function = MSELoss::new();
    let mut optimizer = SGD::with_options(
        model.parameters(),
        SgdOptions::new(0.0003).update_rule(UpdateRule::Unfused),
    );
    Box::new(move || {
        let yp = model.forward(&x);
        let l = loss_function.forward(&y, &yp);
        l.backward();
        optimizer.step();
        optimizer.zero_grad();
    })
}

/// Issue 6: one step of polynomial_sin_fit's `Sequential(Linear(3, 1), Flatten(0, 1))`
/// with `MSELoss(reduction="sum")` and the manual update (2000 points).
fn sequential_step() -> Step {
    let x = Tensor::linspace(-PI, PI, 2000);
    let y = x.sin();
    let xx = x
        .unsqueeze(-1)
        .pow_tensor(&Tensor::from_slice(&[1.0, 2.0, 3.0]));
    manual_seed(0);
    let model = sequential![Linear::new(3, 1, true), Flatten::new(0, 1)];
    let loss_fn = MSELoss::new().with_reduction(Reduction::Sum);
    let lr = 1e-6;
    Box::new(move || {
        let y_pred = model.forward(&xx);
        let loss = loss_fn.forward(&y_pred, &y);
        model.zero_grad();
        loss.backward();
        no_grad(|| {
            for param in model.parameters() {
                param.sub_(&(lr * &param.grad().expect("grad after backward")));
            }
        });
    })
}

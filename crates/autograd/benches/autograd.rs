//! Per-op cost of the tape on the notebooks' tiny tensors (issue 5's four cases).
//! PyTorch eager figures for the same cases: tools/results/pytorch_eager.md.

use criterion::{criterion_group, criterion_main, Criterion};
use nanotorch_autograd::{no_grad, Tensor};
use std::hint::black_box;

fn tracked_add(c: &mut Criterion) {
    let a = Tensor::from_slice(&[1.0, 2.0, 3.0, 4.0]).requires_grad_(true);
    let b = Tensor::from_slice(&[0.5, 0.25, 0.125, 2.0]).requires_grad_(true);
    c.bench_function("tracked add, 2 x 4 elements", |bench| {
        bench.iter(|| black_box(&a) + black_box(&b))
    });
    let (xa, ya) = (a.array(), b.array());
    c.bench_function("Array add, 2 x 4 elements", |bench| {
        bench.iter(|| black_box(&xa) + black_box(&ya))
    });
    let (x, y) = (a.detach(), b.detach());
    c.bench_function("untracked add, 2 x 4 elements", |bench| {
        bench.iter(|| black_box(&x) + black_box(&y))
    });
}

fn mul_sum_backward(c: &mut Criterion) {
    let w = Tensor::from_slice(&[0.1, 0.2, 0.3, 0.4]).requires_grad_(true);
    let x = Tensor::from_slice(&[1.0, 2.0, 3.0, 4.0]);
    c.bench_function("(w*x).sum().backward(), 4 elements", |bench| {
        bench.iter(|| (&w * &x).sum().backward())
    });
}

fn linreg_step(c: &mut Criterion) {
    let x = Tensor::from_slice(&[1.0, 2.0, 3.0, 4.0]);
    let y = Tensor::from_slice(&[2.0, 4.0, 6.0, 8.0]);
    let w = Tensor::scalar(0.0).requires_grad_(true);
    c.bench_function("linear_regression_autograd training step", |bench| {
        bench.iter(|| {
            let y_hat = &w * &x;
            let l = (&y - &y_hat).pow(2.0).mean();
            l.backward();
            no_grad(|| w.sub_(&(0.01 * &w.grad().unwrap())));
            w.zero_grad();
            black_box(l)
        })
    });
}

fn cubic_fit_step(c: &mut Criterion) {
    let x = Tensor::linspace(-std::f64::consts::PI, std::f64::consts::PI, 2000);
    let y = x.sin();
    let [a, b, cc, d] = [0.1, -0.2, 0.3, -0.05].map(|v| Tensor::scalar(v).requires_grad_(true));
    c.bench_function(
        "polynomial_sin_fit autograd cubic step (2000 pts)",
        |bench| {
            bench.iter(|| {
                let y_pred = &a + &b * &x + &cc * x.pow(2.0) + &d * x.pow(3.0);
                let loss = (&y_pred - &y).pow(2.0).sum();
                loss.backward();
                no_grad(|| {
                    for p in [&a, &b, &cc, &d] {
                        p.sub_(&(1e-6 * &p.grad().unwrap()));
                        p.set_grad(None);
                    }
                });
                black_box(loss)
            })
        },
    );
}

criterion_group! {
    name = benches;
    config = Criterion::default().warm_up_time(std::time::Duration::from_millis(500)).measurement_time(std::time::Duration::from_secs(2));
    targets = tracked_add, mul_sum_backward, linreg_step, cubic_fit_step
}
criterion_main!(benches);

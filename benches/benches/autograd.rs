//! Criterion benchmarks of small-tensor autograd work (issues 5 and 6): a tracked add
//! of two 4-element tensors, `(w * x).sum().backward()`, and one training step of each
//! notebook loop, beside the same-run baseline of a plain `Array` add of the same 4
//! elements. The cases are in `nanotorch_bench::steps`; PyTorch's figures for the same
//! code are in tools/results/pytorch_eager.md. See docs/performance.md.
//!
//! `cargo bench -p nanotorch-bench --bench autograd -- --warm-up-time 1 --measurement-time 2`

use criterion::{criterion_group, criterion_main, Criterion};
use nanotorch_bench::steps::{build, CASES};
use std::time::Duration;

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(2))
        .sample_size(30)
        .without_plots()
        .configure_from_args()
}

fn autograd(c: &mut Criterion) {
    let mut g = c.benchmark_group("autograd");
    for name in CASES {
        let mut step = build(name).expect("a known case");
        g.bench_function(name, |b| b.iter(&mut step));
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = config();
    targets = autograd
}
criterion_main!(benches);

//! Criterion benchmarks of the hot kernels, each next to its same-run baseline.
//!
//! Ids: `<group>/<op>/<size>`. Groups: `baseline` (copy, read, fill, fresh_vec),
//! `binary` (add/mul/div same shape, `_scalar`, `_into`, `_scalar_into`, `_f64`), `broadcast`
//! (`[R,1] + [1,C]` and its fill baseline), `unary` (exp, log, sin, cos, tanh,
//! sigmoid, relu and their `_into` forms), `reduce` (sum, mean, max, `sum_f64`, each also `_into`), `axis`
//! (sums and means over each dim of 1000x1000, allocating and `_into`, with a read baseline), `matmul` (64,
//! 256, 1024: ours, `ours_into` and `gemm` on one thread, ours on two), `matmul_threads` (`gemm` on
//! 1 and 2 threads, 32..256, the measurement behind `PARALLEL_MNK`), `alloc` (a fresh `Vec` against an allocating op at the same size). See docs/performance.md.

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use nanotorch_bench::{baseline, gemm_matmul_threads, input, input_f64, label, sizes};
use nanotorch_tensor::ops::unary::{CosK, ExpK, LogK, ReluK, SigmoidK, SinK, TanhK};
use nanotorch_tensor::{set_num_threads, Array, DType};
use std::time::Duration;

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(2))
        .sample_size(20)
        .nresamples(10_000)
        .without_plots()
        .configure_from_args()
}

fn arr(n: usize, seed: u64) -> Array {
    Array::from_vec(input(n, seed), &[n])
}

fn baselines(c: &mut Criterion) {
    let mut g = c.benchmark_group("baseline");
    for n in sizes() {
        let (x, x64) = (input(n, 1), input_f64(n, 1));
        let (mut y, mut y64) = (vec![0.0f32; n], vec![0.0f64; n]);
        g.throughput(Throughput::Bytes(8 * n as u64));
        g.bench_function(BenchmarkId::new("copy", label(n)), |b| {
            b.iter(|| baseline::copy(black_box(&x), &mut y))
        });
        g.throughput(Throughput::Bytes(16 * n as u64));
        g.bench_function(BenchmarkId::new("copy_f64", label(n)), |b| {
            b.iter(|| baseline::copy(black_box(&x64), &mut y64))
        });
        g.throughput(Throughput::Bytes(4 * n as u64));
        g.bench_function(BenchmarkId::new("read", label(n)), |b| {
            b.iter(|| baseline::read_sum(black_box(&x)))
        });
        g.bench_function(BenchmarkId::new("fill", label(n)), |b| {
            b.iter(|| baseline::fill(black_box(&mut y), 1.5))
        });
        g.bench_function(BenchmarkId::new("fresh_vec", label(n)), |b| {
            b.iter(|| baseline::fresh_vec(black_box(n), 1.5f32))
        });
        g.throughput(Throughput::Bytes(8 * n as u64));
        g.bench_function(BenchmarkId::new("read_f64", label(n)), |b| {
            b.iter(|| baseline::read_sum(black_box(&x64)))
        });
    }
    g.finish();
}

fn binary(c: &mut Criterion) {
    let mut g = c.benchmark_group("binary");
    for n in sizes() {
        let (a, b2) = (arr(n, 1), arr(n, 2));
        let (a64, b64) = (a.to_dtype(DType::F64), b2.to_dtype(DType::F64));
        let mut out = Array::zeros(&[n]);
        let mut out64 = Array::zeros_dtype(&[n], DType::F64);
        g.throughput(Throughput::Bytes(12 * n as u64));
        g.bench_function(BenchmarkId::new("add", label(n)), |b| {
            b.iter(|| black_box(&a).add(&b2))
        });
        g.bench_function(BenchmarkId::new("mul", label(n)), |b| {
            b.iter(|| black_box(&a).mul(&b2))
        });
        g.bench_function(BenchmarkId::new("div", label(n)), |b| {
            b.iter(|| black_box(&a).div(&b2))
        });
        g.bench_function(BenchmarkId::new("add_into", label(n)), |b| {
            b.iter(|| black_box(&a).add_into(&b2, &mut out))
        });
        g.bench_function(BenchmarkId::new("mul_into", label(n)), |b| {
            b.iter(|| black_box(&a).mul_into(&b2, &mut out))
        });
        g.bench_function(BenchmarkId::new("div_into", label(n)), |b| {
            b.iter(|| black_box(&a).div_into(&b2, &mut out))
        });
        g.throughput(Throughput::Bytes(8 * n as u64));
        g.bench_function(BenchmarkId::new("add_scalar", label(n)), |b| {
            b.iter(|| black_box(&a).add_scalar(2.0))
        });
        g.bench_function(BenchmarkId::new("mul_scalar", label(n)), |b| {
            b.iter(|| black_box(&a).mul_scalar(2.0))
        });
        // (3, not 2: a divisor whose reciprocal is not exact, the general case)
        g.bench_function(BenchmarkId::new("div_scalar", label(n)), |b| {
            b.iter(|| black_box(&a).div_scalar(3.0))
        });
        // the into forms take the scalar as a 0-d array (`torch.add(a, 2.0, out=c)`)
        let (two, three) = (Array::scalar(2.0), Array::scalar(3.0));
        g.bench_function(BenchmarkId::new("add_scalar_into", label(n)), |b| {
            b.iter(|| black_box(&a).add_into(&two, &mut out))
        });
        g.bench_function(BenchmarkId::new("mul_scalar_into", label(n)), |b| {
            b.iter(|| black_box(&a).mul_into(&two, &mut out))
        });
        g.bench_function(BenchmarkId::new("div_scalar_into", label(n)), |b| {
            b.iter(|| black_box(&a).div_into(&three, &mut out))
        });
        g.throughput(Throughput::Bytes(24 * n as u64));
        g.bench_function(BenchmarkId::new("add_f64", label(n)), |b| {
            b.iter(|| black_box(&a64).add(&b64))
        });
        g.bench_function(BenchmarkId::new("add_f64_into", label(n)), |b| {
            b.iter(|| black_box(&a64).add_into(&b64, &mut out64))
        });
    }
    g.finish();
}

fn broadcast(c: &mut Criterion) {
    let mut g = c.benchmark_group("broadcast");
    for (r, cols) in [(100, 100), (1000, 1000), (1000, 10_000)] {
        let id = format!("{r}x{cols}");
        let col = Array::from_vec(input(r, 1), &[r, 1]);
        let row = Array::from_vec(input(cols, 2), &[1, cols]);
        let mut out = Array::zeros(&[r, cols]);
        let mut plain = vec![0.0f32; r * cols];
        g.throughput(Throughput::Bytes(4 * (r * cols) as u64));
        g.bench_function(BenchmarkId::new("fill", &id), |b| {
            b.iter(|| baseline::fill(black_box(&mut plain), 1.5))
        });
        g.bench_function(BenchmarkId::new("add", &id), |b| {
            b.iter(|| black_box(&col).add(&row))
        });
        g.bench_function(BenchmarkId::new("add_into", &id), |b| {
            b.iter(|| black_box(&col).add_into(&row, &mut out))
        });
    }
    g.finish();
}

macro_rules! unary_benches {
    ($g:ident, $n:ident, $x:ident, $out:ident; $($name:ident, $into:literal, $K:ty;)*) => {$(
        $g.bench_function(BenchmarkId::new(stringify!($name), label($n)), |b| {
            b.iter(|| black_box(&$x).$name())
        });
        $g.bench_function(BenchmarkId::new($into, label($n)), |b| {
            b.iter(|| black_box(&$x).unary_into::<$K>(&mut $out))
        });
    )*};
}

fn unary(c: &mut Criterion) {
    let mut g = c.benchmark_group("unary");
    for n in sizes() {
        let x = arr(n, 3);
        let mut out = Array::zeros(&[n]);
        g.throughput(Throughput::Elements(n as u64));
        unary_benches!(g, n, x, out;
            exp, "exp_into", ExpK;
            log, "log_into", LogK;
            sin, "sin_into", SinK;
            cos, "cos_into", CosK;
            tanh, "tanh_into", TanhK;
            sigmoid, "sigmoid_into", SigmoidK;
            relu, "relu_into", ReluK;
        );
    }
    g.finish();
}

fn reduce(c: &mut Criterion) {
    let mut g = c.benchmark_group("reduce");
    for n in sizes() {
        let x = arr(n, 4);
        let x64 = x.to_dtype(DType::F64);
        g.throughput(Throughput::Bytes(4 * n as u64));
        g.bench_function(BenchmarkId::new("sum", label(n)), |b| {
            b.iter(|| black_box(&x).sum())
        });
        g.bench_function(BenchmarkId::new("mean", label(n)), |b| {
            b.iter(|| black_box(&x).mean())
        });
        g.bench_function(BenchmarkId::new("max", label(n)), |b| {
            b.iter(|| black_box(&x).max())
        });
        let mut out = Array::scalar(0.0);
        g.bench_function(BenchmarkId::new("sum_into", label(n)), |b| {
            b.iter(|| black_box(&x).sum_into(&mut out))
        });
        g.bench_function(BenchmarkId::new("mean_into", label(n)), |b| {
            b.iter(|| black_box(&x).mean_into(&mut out))
        });
        g.bench_function(BenchmarkId::new("max_into", label(n)), |b| {
            b.iter(|| black_box(&x).max_into(&mut out))
        });
        g.throughput(Throughput::Bytes(8 * n as u64));
        g.bench_function(BenchmarkId::new("sum_f64", label(n)), |b| {
            b.iter(|| black_box(&x64).sum())
        });
        let mut out64 = Array::scalar_f64(0.0);
        g.bench_function(BenchmarkId::new("sum_f64_into", label(n)), |b| {
            b.iter(|| black_box(&x64).sum_into(&mut out64))
        });
    }
    g.finish();
}

fn axis(c: &mut Criterion) {
    let mut g = c.benchmark_group("axis");
    let data = input(1_000_000, 5);
    let m = Array::from_vec(data.clone(), &[1000, 1000]);
    g.throughput(Throughput::Bytes(4_000_000));
    g.bench_function(BenchmarkId::new("read", "1000x1000"), |b| {
        b.iter(|| baseline::read_sum(black_box(&data)))
    });
    for d in [0isize, 1] {
        g.bench_function(BenchmarkId::new(format!("sum{d}"), "1000x1000"), |b| {
            b.iter(|| black_box(&m).sum_dims(&[d], false))
        });
        g.bench_function(BenchmarkId::new(format!("mean{d}"), "1000x1000"), |b| {
            b.iter(|| black_box(&m).mean_dims(&[d], false))
        });
        let mut out = Array::zeros(&[1000]);
        g.bench_function(BenchmarkId::new(format!("sum{d}_into"), "1000x1000"), |b| {
            b.iter(|| black_box(&m).sum_dims_into(&[d], false, &mut out))
        });
        g.bench_function(
            BenchmarkId::new(format!("mean{d}_into"), "1000x1000"),
            |b| b.iter(|| black_box(&m).mean_dims_into(&[d], false, &mut out)),
        );
    }
    g.finish();
}

fn matmul(c: &mut Criterion) {
    let mut g = c.benchmark_group("matmul");
    for n in [64usize, 256, 1024] {
        let a = Array::from_vec(input(n * n, 5), &[n, n]);
        let bm = Array::from_vec(input(n * n, 6), &[n, n]);
        let (x, y) = (input(n * n, 5), input(n * n, 6));
        g.throughput(Throughput::Elements((2 * n * n * n) as u64));
        // one thread each: ours against the gemm crate called directly
        set_num_threads(1);
        g.bench_function(BenchmarkId::new("ours", n), |b| {
            b.iter(|| black_box(&a).matmul(&bm))
        });
        let mut out = Array::zeros(&[n, n]);
        g.bench_function(BenchmarkId::new("ours_into", n), |b| {
            b.iter(|| black_box(&a).matmul_into(&bm, &mut out))
        });
        g.bench_function(BenchmarkId::new("gemm", n), |b| {
            b.iter(|| gemm_matmul_threads(black_box(&x), &y, n, n, n, 1))
        });
        // every core (threads only above PARALLEL_MNK)
        set_num_threads(2);
        g.bench_function(BenchmarkId::new("ours_2t", n), |b| {
            b.iter(|| black_box(&a).matmul(&bm))
        });
    }
    g.finish();
}

/// gemm on 1 and 2 threads around the crossover, for `PARALLEL_MNK`.
fn matmul_threads(c: &mut Criterion) {
    let mut g = c.benchmark_group("matmul_threads");
    for n in [32usize, 48, 64, 80, 96, 128, 192, 256] {
        let (x, y) = (input(n * n, 5), input(n * n, 6));
        g.throughput(Throughput::Elements((2 * n * n * n) as u64));
        for t in [1, 2] {
            g.bench_function(BenchmarkId::new(format!("gemm_{t}t"), n), |b| {
                b.iter(|| gemm_matmul_threads(black_box(&x), &y, n, n, n, t))
            });
        }
    }
    g.finish();
}

fn alloc(c: &mut Criterion) {
    let mut g = c.benchmark_group("alloc");
    for n in sizes() {
        g.throughput(Throughput::Bytes(4 * n as u64));
        g.bench_function(BenchmarkId::new("fresh_vec", label(n)), |b| {
            b.iter(|| baseline::fresh_vec(black_box(n), 1.5f32))
        });
        g.bench_function(BenchmarkId::new("full", label(n)), |b| {
            b.iter(|| Array::full(&[black_box(n)], 1.5))
        });
    }
    g.finish();
}

#[cfg(feature = "peers")]
fn peers(c: &mut Criterion) {
    nanotorch_bench::peers::bench(c);
}
#[cfg(not(feature = "peers"))]
fn peers(_: &mut Criterion) {}

criterion_group! {
    name = benches;
    config = config();
    targets = baselines, binary, broadcast, unary, reduce, axis, matmul, matmul_threads, alloc, peers
}
criterion_main!(benches);

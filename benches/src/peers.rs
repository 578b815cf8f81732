//! The same ops through peer crates, for the side-by-side table: `ndarray` for the
//! elementwise ops and reductions, `gemm` for matmul. Built only with
//! `--features peers`.

use crate::{input, label, sizes};
use criterion::{black_box, BenchmarkId, Criterion, Throughput};
use ndarray::{Array1, Array2, Axis};

/// `c = a b` through the `gemm` crate on one thread (as in our own matmul benches);
/// see [`crate::gemm_matmul_threads`].
///
/// ```
/// // [[1,2],[3,4]] [[5,6],[7,8]] = [[19,22],[43,50]]
/// let c = nanotorch_bench::peers::gemm_matmul(&[1.0, 2.0, 3.0, 4.0], &[5.0, 6.0, 7.0, 8.0], 2, 2, 2);
/// assert_eq!(c, vec![19.0, 22.0, 43.0, 50.0]);
/// ```
pub fn gemm_matmul(a: &[f32], b: &[f32], m: usize, k: usize, n: usize) -> Vec<f32> {
    crate::gemm_matmul_threads(a, b, m, k, n, 1)
}

/// Registers the peer benchmarks (group `peer`, ids `ndarray_<op>/<size>` and
/// `gemm_matmul/<n>`).
pub fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("peer");
    for n in sizes() {
        let a = Array1::from(input(n, 1));
        let b = Array1::from(input(n, 2));
        let mut out = Array1::<f32>::zeros(n);
        g.throughput(Throughput::Bytes(12 * n as u64));
        g.bench_function(BenchmarkId::new("ndarray_add", label(n)), |bch| {
            bch.iter(|| black_box(&a) + &b)
        });
        g.bench_function(BenchmarkId::new("ndarray_add_into", label(n)), |bch| {
            bch.iter(|| {
                ndarray::Zip::from(&mut out)
                    .and(black_box(&a))
                    .and(&b)
                    .for_each(|o, &x, &y| *o = x + y)
            })
        });
        g.bench_function(BenchmarkId::new("ndarray_mul", label(n)), |bch| {
            bch.iter(|| black_box(&a) * &b)
        });
        g.bench_function(BenchmarkId::new("ndarray_div", label(n)), |bch| {
            bch.iter(|| black_box(&a) / &b)
        });
        g.throughput(Throughput::Elements(n as u64));
        g.bench_function(BenchmarkId::new("ndarray_exp", label(n)), |bch| {
            bch.iter(|| black_box(&a).mapv(f32::exp))
        });
        g.bench_function(BenchmarkId::new("ndarray_sin", label(n)), |bch| {
            bch.iter(|| black_box(&a).mapv(f32::sin))
        });
        g.bench_function(BenchmarkId::new("ndarray_tanh", label(n)), |bch| {
            bch.iter(|| black_box(&a).mapv(f32::tanh))
        });
        g.throughput(Throughput::Bytes(4 * n as u64));
        g.bench_function(BenchmarkId::new("ndarray_sum", label(n)), |bch| {
            bch.iter(|| black_box(&a).sum())
        });
    }
    let m = Array2::from_shape_vec((1000, 1000), input(1_000_000, 4)).expect("1000x1000");
    g.throughput(Throughput::Bytes(4_000_000));
    for axis in [0, 1] {
        g.bench_function(
            BenchmarkId::new(format!("ndarray_sum{axis}"), "1000x1000"),
            |bch| bch.iter(|| black_box(&m).sum_axis(Axis(axis))),
        );
    }
    for n in [64usize, 256, 1024] {
        let (a, b) = (input(n * n, 5), input(n * n, 6));
        g.throughput(Throughput::Elements((2 * n * n * n) as u64));
        g.bench_function(BenchmarkId::new("gemm_matmul", n), |bch| {
            bch.iter(|| gemm_matmul(black_box(&a), &b, n, n, n))
        });
    }
    g.finish();
}

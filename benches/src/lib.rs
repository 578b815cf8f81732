//! # nanotorch-bench
//!
//! Criterion benchmarks of the nanotorch kernels (`benches/kernels.rs`) and the pieces
//! they share: the sizes to run, deterministic inputs, and the same-run baselines every
//! figure is divided by (a plain copy, a plain read and a plain fill of the same bytes,
//! written as simple loops, and a freshly allocated `Vec`). With `--features peers`
//! the same ops also run through the `ndarray` and `gemm` crates.
//!
//! ```
//! // the baselines move the same bytes as the op they are compared with
//! let x = nanotorch_bench::input(1000, 1);
//! let mut y = vec![0.0; 1000];
//! nanotorch_bench::copy(&x, &mut y);
//! assert_eq!(nanotorch_bench::read_sum(&y), nanotorch_bench::read_sum(&x));
//! ```
//!
//! Run `cargo bench -p nanotorch-bench` (sizes 1e3, 1e5, 1e7; set
//! `NANOTORCH_BENCH_SIZES=all` for 1e3..1e7 or a list like `1000,1000000`), then
//! `cargo run -p nanotorch-bench --release --bin report` for the ratio table.

#![warn(missing_docs)]

pub mod baseline;
mod gemm_ref;
#[cfg(feature = "peers")]
pub mod peers;
pub mod steps;

/// The element counts to run: `NANOTORCH_BENCH_SIZES` (`all`, or comma-separated
/// numbers such as `1000,1e6`), by default 1e3, 1e5 and 1e7.
///
/// ```
/// assert!(!nanotorch_bench::sizes().is_empty());
/// ```
pub fn sizes() -> Vec<usize> {
    parse_sizes(std::env::var("NANOTORCH_BENCH_SIZES").ok().as_deref())
}

/// Parses a sizes setting (see [`sizes`]); `None` or an empty string gives the
/// default.
///
/// ```
/// use nanotorch_bench::parse_sizes;
/// assert_eq!(parse_sizes(Some("1e4, 2000")), vec![10_000, 2000]);
/// assert_eq!(parse_sizes(Some("all")).len(), 5);
/// assert_eq!(parse_sizes(None), vec![1_000, 100_000, 10_000_000]);
/// ```
pub fn parse_sizes(setting: Option<&str>) -> Vec<usize> {
    match setting.map(str::trim) {
        None | Some("") => vec![1_000, 100_000, 10_000_000],
        Some("all") => vec![1_000, 10_000, 100_000, 1_000_000, 10_000_000],
        Some(list) => list
            .split(',')
            .map(|s| {
                let s = s.trim();
                s.parse::<usize>()
                    .ok()
                    .or_else(|| s.parse::<f64>().ok().map(|f| f as usize))
                    .unwrap_or_else(|| panic!("NANOTORCH_BENCH_SIZES: cannot read {s:?}"))
            })
            .collect(),
    }
}

/// `n` deterministic `f32` values in `[0.5, 2)` (a fixed linear congruential
/// sequence): safe for `log`, `div` and the transcendental functions, and not all
/// equal, so no kernel can shortcut.
///
/// ```
/// let x = nanotorch_bench::input(100, 7);
/// assert_eq!(x.len(), 100);
/// assert!(x.iter().all(|&v| (0.5..2.0).contains(&v)));
/// assert_eq!(x, nanotorch_bench::input(100, 7));
/// ```
pub fn input(n: usize, seed: u64) -> Vec<f32> {
    let mut s = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
    (0..n)
        .map(|_| {
            s = s
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            0.5 + 1.5 * ((s >> 40) as f32 / (1u64 << 24) as f32)
        })
        .collect()
}

/// Like [`input`] in `f64`.
///
/// ```
/// assert_eq!(nanotorch_bench::input_f64(3, 1)[0], nanotorch_bench::input(3, 1)[0] as f64);
/// ```
pub fn input_f64(n: usize, seed: u64) -> Vec<f64> {
    input(n, seed).into_iter().map(f64::from).collect()
}

pub use baseline::{copy, fill, fresh_vec, read_sum};
pub use gemm_ref::gemm_matmul_threads;

/// A size as criterion's parameter label: `1e3`, `1e5`, or the plain number.
///
/// ```
/// assert_eq!(nanotorch_bench::label(100_000), "1e5");
/// assert_eq!(nanotorch_bench::label(2_500), "2500");
/// ```
pub fn label(n: usize) -> String {
    let mut p = 0;
    let mut m = n;
    while m >= 10 && m % 10 == 0 {
        m /= 10;
        p += 1;
    }
    if m == 1 && p > 0 {
        format!("1e{p}")
    } else {
        n.to_string()
    }
}

//! Runs one kernel on arrays of a given size in a loop, for instruction counting:
//!
//! ```text
//! cargo build --release -p nanotorch-bench --bin profile_kernel
//! valgrind --tool=callgrind target/release/profile_kernel add 1000 10000
//! ```
//!
//! Arguments: the op (`add`, `mul`, `div`, `add_into`, `exp`, `sum`, `add_scalar`,
//! `full`, `clone`; `add_ref`, which is `add` keeping the result where it is instead
//! of moving it through `black_box` as criterion does; or `step:<case>` for one of the
//! autograd bench's cases in `nanotorch_bench::steps`, e.g. `step:tracked_add`), the
//! element count (default 1000) and the iteration count (default 10000). Prints the
//! mean time per iteration to stderr (a rough figure: criterion is the measurement).

use nanotorch_bench::input;
use nanotorch_tensor::Array;
use std::hint::black_box;

fn main() {
    let mut args = std::env::args().skip(1);
    let op = args.next().unwrap_or_else(|| "add".into());
    let n: usize = args.next().map_or(1000, |s| s.parse().expect("size"));
    let iters: usize = args
        .next()
        .map_or(10_000, |s| s.parse().expect("iterations"));
    let a = Array::from_vec(input(n, 1), &[n]);
    let b = Array::from_vec(input(n, 2), &[n]);
    let mut out = Array::zeros(&[n]);
    let mut step = op
        .strip_prefix("step:")
        .map(|case| nanotorch_bench::steps::build(case).expect("a case of steps::CASES"));
    let start = std::time::Instant::now();
    for _ in 0..iters {
        if let Some(step) = step.as_mut() {
            step();
            continue;
        }
        match op.as_str() {
            "add" => drop(black_box(black_box(&a).add(&b))),
            "add_ref" => {
                let r = black_box(&a).add(&b);
                black_box(&r);
            }
            "mul" => drop(black_box(black_box(&a).mul(&b))),
            "div" => drop(black_box(black_box(&a).div(&b))),
            "add_into" => black_box(&a).add_into(&b, &mut out),
            "exp" => drop(black_box(black_box(&a).exp())),
            "sum" => drop(black_box(black_box(&a).sum())),
            "add_scalar" => drop(black_box(black_box(&a).add_scalar(1.5))),
            "div_scalar" => drop(black_box(black_box(&a).div_scalar(1.7))),
            "full" => drop(black_box(Array::full(&[black_box(n)], 1.5))),
            "clone" => drop(black_box(black_box(&a).clone())),
            other => {
                eprintln!(
                    "unknown op {other}; one of add add_ref mul div add_into add_scalar exp sum full clone step:<case>"
                );
                std::process::exit(2);
            }
        }
    }
    let ns = start.elapsed().as_nanos() as f64 / iters.max(1) as f64;
    black_box(&out);
    eprintln!("{op} {n}: {ns:.1} ns/iter");
}

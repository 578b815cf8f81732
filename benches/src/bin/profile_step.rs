//! Runs one case of `nanotorch_bench::steps` in a loop, for instruction counting:
//!
//! ```text
//! cargo build --release -p nanotorch-bench --bin profile_step
//! valgrind --tool=callgrind target/release/profile_step linreg_step 10000
//! ```
//!
//! Arguments: the case name (see `steps::CASES`) and the iteration count (default 10000).

fn main() {
    let mut args = std::env::args().skip(1);
    let name = args.next().unwrap_or_else(|| "tracked_add".into());
    let n: usize = args
        .next()
        .map_or(10_000, |s| s.parse().expect("iteration count"));
    let Some(mut step) = nanotorch_bench::steps::build(&name) else {
        eprintln!(
            "unknown case {name}; one of {:?}",
            nanotorch_bench::steps::CASES
        );
        std::process::exit(2);
    };
    for _ in 0..n {
        step();
    }
}

//! Memory stays flat over 10^6 training steps (run with `--ignored`): graphs are freed
//! when their last tensor drops, since nodes point only to their inputs.

use nanotorch_autograd::{no_grad, Tensor};

fn rss_kib() -> usize {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let pages: usize = statm
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    pages * 4
}

#[test]
#[ignore = "long-running: 10^6 training steps"]
fn a_million_steps_of_linear_regression_keep_memory_flat() {
    let x = Tensor::from_slice(&[1.0, 2.0, 3.0, 4.0]);
    let y = Tensor::from_slice(&[2.0, 4.0, 6.0, 8.0]);
    let w = Tensor::scalar(0.0).requires_grad_(true);
    let mut after_warmup = 0;
    for step in 0..1_000_000 {
        let l = (&y - &w * &x).pow(2.0).mean();
        l.backward();
        no_grad(|| w.sub_(&(0.01 * &w.grad().unwrap())));
        w.zero_grad();
        if step == 10_000 {
            after_warmup = rss_kib();
        }
    }
    let end = rss_kib();
    eprintln!("RSS after 10^4 steps: {after_warmup} KiB, after 10^6 steps: {end} KiB");
    assert!(
        end <= after_warmup + 512,
        "memory grew from {after_warmup} KiB to {end} KiB"
    );
    assert!((w.item() - 2.0).abs() < 1e-6);
}

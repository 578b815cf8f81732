//! Golden tests for `backprop_linear_regression` against
//! tests/golden/backprop_linear_regression.expected.txt.

mod common;
use common::*;

const EXE: &str = env!("CARGO_BIN_EXE_backprop_linear_regression");
const GOLDEN: &str = "backprop_linear_regression.expected.txt";

// Solution 1 (numpy by hand): every field exact, except `grad` (number 3 on the line) at
// epochs 1 and 2 within 2e-4 absolute (1 f32 ulp of ~1500) and at epochs 14 to 16 only
// |grad| < 0.005, the gradient at a W within 1 or 2 ulps of 2, which is rounding noise
// (backprop_linear_regression.expected.notes.md).
#[test]
fn solution1_numpy_manual_matches_within_stated_tolerances() {
    let header = "solution 1: numpy manual";
    let expected = golden_section(GOLDEN, header);
    let actual = run_section(EXE, "solution1", header, &[]);
    assert_eq!(actual.len(), expected.len());
    for (epoch, (e, a)) in expected.iter().zip(&actual).enumerate() {
        assert_line_close(&format!("epoch {epoch}"), e, a, |k, e, a| {
            match (k, epoch) {
                (3, 1 | 2) => Some((a - e).abs() <= 2e-4),
                (3, 14..=16) => Some(a.abs() < 0.005),
                _ => None,
            }
        });
    }
}

// The emulation of the transcript's numpy reproduces all 20 lines, noise lines included;
// this pins the exact arithmetic (f64 W, f32 products, 4-lane f32 dot).
#[test]
fn solution1_reproduces_every_transcript_line() {
    assert_section_exact(EXE, GOLDEN, "solution1", "solution 1: numpy manual");
}

// Solution 3's shape cell prints the Python tuple `(5, 1)`.
#[test]
fn solution3_data_shape_is_exact() {
    assert_section_exact(EXE, GOLDEN, "shape", "solution 3: data shape");
}

// Autograd with f32 sums left to right (torch's order for these short vectors gives the
// same lines) and the update w -= f32(lr)*grad: every transcript line exact.
#[test]
fn solution2_is_exact() {
    assert_section_exact(EXE, GOLDEN, "solution2", "solution 2: torch autograd");
}

// Solution 3 from the recovered initial weights: the 23 transcript lines (the two tensor
// reprs by value).
#[test]
fn solution3_replays_the_transcript() {
    assert_replay(EXE, "backprop_linear_regression");
}

// Solution 3 from a fresh init, seeds 0..9, against ACCEPTANCE.md: X = 10..50, Y = 2X,
// MSELoss, SGD lr 0.0003, lines at epochs 0, 5, ..., 95, 99 (before each step), W, b ~
// U(-1, 1). The fast direction settles within 5 epochs onto W = 2 - 0.0273 b, and b then
// barely moves (lr * lambda_min = 1.1e-4 per epoch).
#[test]
fn solution3_meets_acceptance_bounds_for_seeds_0_to_9() {
    let header = "solution 3: nn.Linear, MSELoss and SGD";
    for seed in 0..10 {
        let what = format!("seed {seed}");
        let lines = seeded_section(EXE, "solution3", header, seed);
        assert_eq!(
            lines.len(),
            23,
            "{what}: prediction, 21 epoch lines, prediction"
        );
        let pred = |l: &str| {
            let s = split_numbers(l);
            assert!(
                l.starts_with("tensor([[") && s.numbers.len() == 1,
                "{what}: {l}"
            );
            s.numbers[0]
        };
        assert_within(
            &format!("{what} initial prediction"),
            pred(&lines[0]),
            -61.0,
            61.0,
        );
        let rows: Vec<_> = lines[1..22].iter().map(|l| split_numbers(l)).collect();
        let printed: Vec<f64> = rows.iter().map(|r| r.numbers[0]).collect();
        let mut epochs: Vec<f64> = (0..100).step_by(5).map(f64::from).collect();
        epochs.push(99.0);
        assert_eq!(printed, epochs, "{what}");
        for r in &rows {
            assert_eq!(r.template, "epoch=#, loss=#, W=#, b=#");
        }
        let (loss, w, b) = (
            |i: usize| rows[i].numbers[1],
            |i: usize| rows[i].numbers[2],
            |i: usize| rows[i].numbers[3],
        );
        assert_within(&format!("{what} loss(0)"), loss(0), 1041.0, 10081.0);
        assert_within(&format!("{what} W(0)"), w(0), -1.0, 1.0);
        assert_within(&format!("{what} b(0)"), b(0), -1.0, 1.0);
        assert_within(&format!("{what} loss(5)"), loss(1), 0.0, 0.411);
        assert_within(&format!("{what} loss(99)"), loss(20), 0.0, 0.209);
        assert_within(&format!("{what} W(99)"), w(20), 1.9707, 2.0263);
        assert_within(&format!("{what} b(99)"), b(20), -0.962, 1.070);
        // b is printed to 5 decimals: allow 1e-5 around the exact box extremes.
        assert_within(
            &format!("{what} b(99) - b(0)"),
            b(20) - b(0),
            0.015 - 1e-5,
            0.093 + 1e-5,
        );
        assert_within(
            &format!("{what} final prediction"),
            pred(&lines[22]),
            119.31,
            120.62,
        );
    }
}

// A full run prints every cell in the notebook's order; the golden sections are exact.
#[test]
fn full_run_prints_cells_in_order() {
    assert_full_run(
        EXE,
        GOLDEN,
        &[
            "solution 1: numpy manual",
            "solution 2: torch autograd",
            "solution 3: data shape",
            "solution 3: nn.Linear, MSELoss and SGD",
        ],
    );
}

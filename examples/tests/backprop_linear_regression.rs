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
        ],
    );
}

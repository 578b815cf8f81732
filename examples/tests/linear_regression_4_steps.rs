//! Golden tests for `linear_regression_4_steps` against
//! tests/golden/linear_regression_4_steps.expected.txt (the transcript's lines).

mod common;
use common::*;

const EXE: &str = env!("CARGO_BIN_EXE_linear_regression_4_steps");
const GOLDEN: &str = "linear_regression_4_steps.expected.txt";

// Step 1 keeps w in f64 with an f32 forward pass and the numpy 1.x dot order, which
// reproduces all 12 transcript lines, including epochs 2 and 6 that a numpy 2 re-run
// prints differently (linear_regression_4_steps.expected.notes.md).
#[test]
fn step1_numpy_manual_is_exact() {
    assert_section_exact(EXE, GOLDEN, "step1", "step 1: numpy manual");
}

// Step 2: autograd's dl/dw (with the 1/N), f32 sums left to right, w -= f32(lr)*grad.
#[test]
fn step2_autograd_manual_update_is_exact() {
    assert_section_exact(
        EXE,
        GOLDEN,
        "step2",
        "step 2: autograd, manual loss and update",
    );
}

// A full run prints every cell in the notebook's order; the golden sections are exact.
#[test]
fn full_run_prints_cells_in_order() {
    assert_full_run(
        EXE,
        GOLDEN,
        &[
            "step 1: numpy manual",
            "step 2: autograd, manual loss and update",
        ],
    );
}

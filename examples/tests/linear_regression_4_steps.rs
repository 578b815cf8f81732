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

// A full run prints every cell in the notebook's order; the golden sections are exact.
#[test]
fn full_run_prints_cells_in_order() {
    let out = sections(&run(EXE, &[]));
    let headers: Vec<_> = out.iter().map(|s| s.header.as_str()).collect();
    assert_eq!(headers, ["step 1: numpy manual"]);
    let header = "step 1: numpy manual";
    assert_lines_exact(
        header,
        &golden_section(GOLDEN, header),
        &section(&out, header).lines,
    );
}

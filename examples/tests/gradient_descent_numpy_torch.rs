//! Golden tests for `gradient_descent_numpy_torch` against
//! tests/golden/gradient_descent_numpy_torch.expected.txt.

mod common;
use common::*;

const EXE: &str = env!("CARGO_BIN_EXE_gradient_descent_numpy_torch");
const GOLDEN: &str = "gradient_descent_numpy_torch.expected.txt";

// The numpy cell prints epochs 1 and 11, then stops when the loss drops below 1e-9;
// `{w:3f}` prints 6 decimals.
#[test]
fn numpy_manual_gradient_is_exact() {
    assert_section_exact(EXE, GOLDEN, "numpy", "numpy manual gradient");
}

// Autograd with f32 sums left to right (torch's order for these short vectors gives the
// same lines) and the update w -= f32(lr)*grad: every transcript line exact.
#[test]
fn autograd_is_exact() {
    assert_section_exact(EXE, GOLDEN, "autograd", "torch autograd");
}

// A full run prints every cell in the notebook's order; the golden sections are exact.
#[test]
fn full_run_prints_cells_in_order() {
    assert_full_run(EXE, GOLDEN, &["numpy manual gradient", "torch autograd"]);
}

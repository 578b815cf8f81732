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

// A full run prints every cell in the notebook's order; the golden sections are exact.
#[test]
fn full_run_prints_cells_in_order() {
    let out = sections(&run(EXE, &[]));
    let headers: Vec<_> = out.iter().map(|s| s.header.as_str()).collect();
    assert_eq!(headers, ["numpy manual gradient"]);
    let header = "numpy manual gradient";
    assert_lines_exact(
        header,
        &golden_section(GOLDEN, header),
        &section(&out, header).lines,
    );
}

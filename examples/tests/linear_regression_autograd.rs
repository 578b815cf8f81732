//! Golden tests for `linear_regression_autograd` against
//! tests/golden/linear_regression_autograd.expected.txt, and the checks of its
//! explanation cell (NOTES.md section 1).

mod common;
use common::*;

const EXE: &str = env!("CARGO_BIN_EXE_linear_regression_autograd");
const GOLDEN: &str = "linear_regression_autograd.expected.txt";
const WHY: &str = "why autograd took more epochs: the missing 1/N";

// The three notebook cells, each alone; "after" continues the training silently first,
// so it prints the trained f(5) = 9.612.
#[test]
fn each_cell_is_exact() {
    assert_section_exact(EXE, GOLDEN, "before", "prediction before training");
    assert_section_exact(EXE, GOLDEN, "training", "training loop");
    assert_section_exact(EXE, GOLDEN, "after", "prediction after training");
}

#[test]
fn full_run_prints_cells_in_order() {
    assert_full_run(
        EXE,
        GOLDEN,
        &[
            "prediction before training",
            "training loop",
            "prediction after training",
            WHY,
        ],
    );
}

// The numpy notebooks' gradient np.dot(2x, wx - y) is sum_i 2 x_i (w x_i - y_i); the MSE
// gradient is its mean, (1/4) of it. With x = 1..4, y = 2x: at w = 0 the sum is
// 2 * (-2) * (1 + 4 + 9 + 16) = -120 and dl/dw = -30; at w = 1, -60 and -15; at w = 1.5,
// -30 and -7.5. The ratio is exactly N = 4.
#[test]
fn manual_gradient_is_exactly_n_times_autograd() {
    let lines = run_section(EXE, "why", WHY, &[]);
    let rows: Vec<_> = lines.iter().filter(|l| l.starts_with("  w = ")).collect();
    assert_eq!(rows.len(), 3);
    let expected = [
        (0.0, -120.0, -30.0),
        (1.0, -60.0, -15.0),
        (1.5, -30.0, -7.5),
    ];
    for (row, (w, numpy, autograd)) in rows.iter().zip(expected) {
        let s = split_numbers(row);
        assert_eq!(
            s.template,
            "  w = #: numpy formula #, autograd dl/dw #, ratio #"
        );
        assert_eq!(s.numbers, vec![w, numpy, autograd, 4.0], "{row}");
    }
}

// gradcheck (central differences in f64) agrees with autograd's dl/dw.
#[test]
fn gradcheck_confirms_autograd() {
    let lines = run_section(EXE, "why", WHY, &[]);
    assert!(lines
        .iter()
        .any(|l| l.starts_with("gradcheck: autograd's dl/dw agrees with central differences")));
}

// The error w - 2 shrinks by 1 - 0.01*2*30 = 0.4 per numpy step and by 1 - 0.01*2*7.5 = 0.85 per
// autograd step: after 10 numpy steps 2 - 2*0.4^10 = 1.99979, after 20 autograd steps
// 2 - 2*0.85^20 = 1.92248, so f(5) = 9.612 as the notebook printed.
#[test]
fn convergence_factors_explain_the_printed_numbers() {
    let lines = run_section(EXE, "why", WHY, &[]);
    let text = lines.join("\n");
    assert!(text.contains("1 - lr*2*sum(x^2) = 0.40"));
    assert!(text.contains("1 - lr*2*mean(x^2) = 0.85"));
    assert!(text.contains("= 1.99979;"));
    assert!(text.contains("= 1.92248, f(5) = 9.612"));
}

// Autograd with lr = 0.04 retraces numpy's run: its w after each step equals the w that
// linear_regression_4_steps' step 1 (the numpy cell, golden file) printed.
#[test]
fn autograd_with_n_times_the_rate_retraces_the_numpy_run() {
    let lines = run_section(EXE, "why", WHY, &[]);
    let line = lines
        .iter()
        .find(|l| l.starts_with("Autograd with lr = 0.04"))
        .expect("lr = 0.04 line");
    let ws: Vec<f64> = split_numbers(line).numbers[2..].to_vec();
    let numpy = golden_section(
        "linear_regression_4_steps.expected.txt",
        "step 1: numpy manual",
    );
    let numpy_ws: Vec<f64> = numpy[1..=ws.len()]
        .iter()
        .map(|l| split_numbers(l).numbers[1])
        .collect();
    assert_eq!(ws.len(), 5);
    assert_eq!(ws, numpy_ws);
}

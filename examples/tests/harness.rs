//! Tests of the golden-test helpers themselves.

mod common;
use common::*;

// The template replaces each number by `#`; numbers glued to letters (P3) stay text.
#[test]
fn split_numbers_finds_values_and_keeps_shape() {
    let s = split_numbers("epoch 2: w = -1.680, loss = 4.79999924");
    assert_eq!(s.template, "epoch #: w = #, loss = #");
    assert_eq!(s.numbers, vec![2.0, -1.68, 4.79999924]);
    let s = split_numbers("Result: y = -5.423830273798558e-09 + -2.2 * P3(1e-06 + 0.25 x)");
    assert_eq!(s.template, "Result: y = # + # * P3(# + # x)");
    assert_eq!(s.numbers, vec![-5.423830273798558e-09, -2.2, 1e-06, 0.25]);
    let s = split_numbers("epoch=0, loss=4400.00000, f(5) = 0.000");
    assert_eq!(s.numbers, vec![0.0, 4400.0, 5.0, 0.0]);
}

// Sections split at `## ` lines; blank lines only separate them.
#[test]
fn sections_split_golden_files() {
    let s = sections(&golden("linear_regression_4_steps.expected.txt"));
    let headers: Vec<_> = s.iter().map(|s| s.header.as_str()).collect();
    assert_eq!(
        headers,
        [
            "step 1: numpy manual",
            "step 2: autograd, manual loss and update",
            "step 3: autograd, nn.MSELoss and optim.SGD"
        ]
    );
    assert!(s.iter().all(|s| s.lines.len() == 12));
}

const EXE: &str = env!("CARGO_BIN_EXE_backprop_linear_regression");

// --help prints the usage and the cells on stdout and exits 0.
#[test]
fn help_lists_flags_and_cells() {
    let help = run(EXE, &["--help"]);
    assert!(help.starts_with("backprop_linear_regression: "));
    for flag in ["--seed N", "--replay", "--section NAME", "--list", "--help"] {
        assert!(help.contains(flag), "--help lacks {flag}");
    }
    assert!(help.contains("  solution1  solution 1: numpy manual\n"));
}

// --list prints one `name  title` line per cell.
#[test]
fn list_prints_cells() {
    let list = run(EXE, &["--list"]);
    assert!(list.lines().count() >= 2);
    assert!(list.lines().all(|l| l.starts_with("  ")));
    assert!(list.contains("solution 3: data shape"));
}

// Unknown flags and unknown cells are errors (exit 2) with a message and the usage.
#[test]
fn bad_command_lines_fail_with_usage() {
    let (code, err) = run_err(EXE, &["--fast"]);
    assert_eq!(code, 2);
    assert!(err.starts_with("error: unknown argument `--fast`\n"));
    assert!(err.contains("Usage: backprop_linear_regression"));
    let (code, err) = run_err(EXE, &["--section", "nope"]);
    assert_eq!(code, 2);
    assert!(err.starts_with("error: --section: no cell named `nope` (cells: solution1, "));
}

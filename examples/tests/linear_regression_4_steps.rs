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

// Step 3: nn.MSELoss and optim.SGD give the same 12 lines as step 2.
#[test]
fn step3_mse_loss_and_sgd_is_exact() {
    assert_section_exact(
        EXE,
        GOLDEN,
        "step3",
        "step 3: autograd, nn.MSELoss and optim.SGD",
    );
}

// From the recovered initial weights (REPLAY.md), steps 4 and 5 print the transcript's 25
// lines exactly (plain f32, unfused SGD update); the transcript stops in line 26.
#[test]
fn steps4_and_5_replay_the_transcript() {
    assert_replay(EXE, "linear_regression_4_steps");
}

/// Checks one seeded run of step 4 or 5 against ACCEPTANCE.md (X = [1..4], Y = 2X,
/// MSELoss, SGD lr 0.01, 100 epochs; w, b ~ U(-1, 1), the bounds are the exact extremes
/// over that box with a little float32 slack).
fn check_linear_model(what: &str, lines: &[String]) {
    assert_eq!(lines.len(), 102, "{what}: before, 100 epochs, after");
    let before = split_numbers(&lines[0]);
    assert_eq!(before.template, "Prediction before training : f(#) = #");
    assert_within(&format!("{what} f(5) before"), before.numbers[1], -6.0, 6.0);
    let epochs: Vec<_> = lines[1..101].iter().map(|l| split_numbers(l)).collect();
    for (k, e) in epochs.iter().enumerate() {
        assert_eq!(e.template, "epoch #: w = #, loss = #", "{what}");
        assert_eq!(e.numbers[0], (k + 1) as f64);
    }
    let (w, loss) = (
        |k: usize| epochs[k - 1].numbers[1],
        |k: usize| epochs[k - 1].numbers[2],
    );
    assert_within(&format!("{what} loss(1)"), loss(1), 3.5, 83.5);
    assert_within(&format!("{what} w(10)"), w(10), 1.018, 2.003);
    assert_within(&format!("{what} w(100)"), w(100), 1.543, 2.150);
    assert_within(&format!("{what} loss(100)"), loss(100), 0.0, 0.303);
    // Gradient descent on a quadratic with lr * lambda_max < 1: the loss never rises
    // (up to the 1e-8 of the printed digits).
    for k in 2..=100 {
        assert!(
            loss(k) <= loss(k - 1) + 1e-8,
            "{what}: loss rose at epoch {k}"
        );
    }
    let after = split_numbers(&lines[101]);
    assert_eq!(after.template, "Prediction after training : f(#) = #");
    let f5 = after.numbers[1];
    assert_within(&format!("{what} f(5) after"), f5, 9.059, 10.308);
    // The final bias is f(5) - 5 w: w is printed to 3 decimals, so allow 5 * 0.0005 + 0.0005.
    assert_within(
        &format!("{what} final b"),
        f5 - 5.0 * w(100),
        -0.439 - 0.003,
        1.342 + 0.003,
    );
}

// Steps 4 and 5 from PyTorch's default init, seeds 0..9: every ACCEPTANCE.md bound. The two
// steps build the same Linear(1, 1) after seeding, so they print the same numbers.
#[test]
fn steps4_and_5_meet_acceptance_bounds_for_seeds_0_to_9() {
    for seed in 0..10 {
        let s4 = seeded_section(EXE, "step4", "step 4: nn.Linear model", seed);
        check_linear_model(&format!("step 4 seed {seed}"), &s4);
        let s5 = seeded_section(EXE, "step5", "step 5: LinearRegression module", seed);
        assert_eq!(s4, s5, "seed {seed}: steps 4 and 5 differ");
    }
}

// In [20] to In [23] show step 4's trained parameters as PyTorch displays them; they are
// the model whose w and f(5) step 4 printed: w(100) to 3 decimals, and b = f(5) - 5 w.
#[test]
fn step4_parameters_are_the_trained_model() {
    for seed in [0, 5] {
        let s4 = seeded_section(EXE, "step4", "step 4: nn.Linear model", seed);
        let params = seeded_section(
            EXE,
            "step4_params",
            "step 4: the parameters (In [20] to In [23])",
            seed,
        );
        assert_eq!(params.len(), 4);
        assert_eq!(
            (params[0].as_str(), params[2].as_str()),
            ("Parameter containing:", "Parameter containing:")
        );
        let b = split_numbers(&params[1]);
        let w = split_numbers(&params[3]);
        assert_eq!(b.template, "tensor([#], requires_grad=True)");
        assert_eq!(w.template, "tensor([[#]], requires_grad=True)");
        let w100 = split_numbers(&s4[100]).numbers[1];
        let f5 = split_numbers(&s4[101]).numbers[1];
        assert!(
            (w.numbers[0] - w100).abs() <= 5e-4,
            "seed {seed}: w {} vs {w100}",
            w.numbers[0]
        );
        assert!(
            (b.numbers[0] - (f5 - 5.0 * w.numbers[0])).abs() <= 1e-3,
            "seed {seed}: b"
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
            "step 1: numpy manual",
            "step 2: autograd, manual loss and update",
            "step 3: autograd, nn.MSELoss and optim.SGD",
            "step 4: nn.Linear model",
            "step 4: the parameters (In [20] to In [23])",
            "step 5: LinearRegression module",
        ],
    );
}

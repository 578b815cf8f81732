//! Semantics beyond the fixtures: target forms, spatial inputs, extreme values, shapes.

use nanotorch_autograd::Tensor;
use nanotorch_losses::{
    log_softmax, BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, MSELoss, Reduction,
};
use nanotorch_tensor::Array;

fn f64s(v: &[f64], shape: &[usize]) -> Tensor {
    Tensor::from_array(Array::from_vec_f64(v.to_vec(), shape))
}

// The same indices as a Tensor, an Array, a slice, a fixed array and a Vec give the
// same loss bit for bit.
#[test]
fn cross_entropy_target_forms_agree() {
    let x = f64s(&[0.3, -1.2, 2.0, 0.7, -0.4, 1.1], &[2, 3]);
    let ce = CrossEntropyLoss::new().with_reduction(Reduction::None);
    let want = ce
        .forward(&x, &Tensor::from_slice(&[2.0, 0.0]))
        .to_vec::<f64>();
    assert_eq!(
        ce.forward(&x, &Array::from_slice(&[2.0, 0.0]))
            .to_vec::<f64>(),
        want
    );
    assert_eq!(ce.forward(&x, &[2usize, 0][..]).to_vec::<f64>(), want);
    assert_eq!(ce.forward(&x, &[2, 0]).to_vec::<f64>(), want);
    assert_eq!(ce.forward(&x, &vec![2, 0]).to_vec::<f64>(), want);
    // -log_softmax(x)[t] per row, from the definition: ln Σ e^x - x_t.
    let lse = |r: &[f64]| r.iter().map(|v| v.exp()).sum::<f64>().ln();
    let rows = [[0.3, -1.2, 2.0], [0.7, -0.4, 1.1]];
    let expect = [lse(&rows[0]) - 2.0, lse(&rows[1]) - 0.7];
    for (g, e) in want.iter().zip(expect) {
        assert!((g - e).abs() < 1e-15, "{g} vs {e}");
    }
}

// A spatial input [N, C, d] is the flat [N d, C] problem with the class dim moved last:
// the per-position losses are identical, and shaped like the target.
#[test]
fn cross_entropy_spatial_equals_flattened() {
    let v: Vec<f64> = (0..12).map(|i| ((i * 7) % 5) as f64 * 0.6 - 1.0).collect();
    let x = f64s(&v, &[2, 3, 2]);
    let target = Array::from_vec(vec![0.0, 2.0, 1.0, 1.0], &[2, 2]);
    let ce = CrossEntropyLoss::new().with_reduction(Reduction::None);
    let spatial = ce.forward(&x, &target);
    assert_eq!(spatial.shape().as_slice(), &[2, 2]);
    let flat = x.permute(&[0, 2, 1]).reshape([4, 3]);
    let flat_loss = ce.forward(&flat, &[0, 2, 1, 1]);
    assert_eq!(spatial.to_vec::<f64>(), flat_loss.to_vec::<f64>());
}

// Logits 1000 apart: the loss of the unlikely class is exactly 1000 and of the likely
// one exactly 0, with the gradient softmax - onehot = (0, 0) and (1, -1), no NaN.
#[test]
fn cross_entropy_large_logits() {
    let x = Tensor::from_vec(vec![1000.0, 0.0, 1000.0, 0.0], &[2, 2]).requires_grad_(true);
    let l = CrossEntropyLoss::new()
        .with_reduction(Reduction::None)
        .forward(&x, &[0, 1]);
    assert_eq!(l.to_vec::<f32>(), vec![0.0, 1000.0]);
    l.sum().backward();
    assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![0.0, 0.0, 1.0, -1.0]);
}

// An empty batch: the mean is 0 / 0 = NaN, as in PyTorch; the sum is 0.
#[test]
fn cross_entropy_empty_batch() {
    let x = Tensor::zeros(&[0, 3]);
    assert!(CrossEntropyLoss::new()
        .forward(&x, &[0usize; 0])
        .item()
        .is_nan());
    let sum = CrossEntropyLoss::new().with_reduction(Reduction::Sum);
    assert_eq!(sum.forward(&x, &[0usize; 0]).item(), 0.0);
}

// Weighted mean = Σ w[t_i] l_i / Σ w[t_i]: with weights (1, 3) and equal per-sample
// losses ln 2 the mean is ln 2; with losses ln 2 and 0, it is ln 2 / 4.
#[test]
fn cross_entropy_weighted_mean() {
    let ce = CrossEntropyLoss::new().with_weight(f64s(&[1.0, 3.0], &[2]));
    let x = f64s(&[0.0, 0.0, 0.0, 1000.0], &[2, 2]);
    assert_eq!(ce.forward(&x, &[0, 1]).item(), 2f64.ln() / 4.0);
}

// PyTorch clamps each log at -100: p = 0 with t = 1 (and p = 1 with t = 0) costs 100,
// and the gradient (x - t) / max((1 - x) x, 1e-12) stays finite.
#[test]
fn bce_clamps_the_log() {
    let p = f64s(&[0.0, 1.0, 0.0, 1.0], &[4]).requires_grad_(true);
    let t = f64s(&[1.0, 0.0, 0.0, 1.0], &[4]);
    let l = BCELoss::new()
        .with_reduction(Reduction::None)
        .forward(&p, &t);
    assert_eq!(l.to_vec::<f64>(), vec![100.0, 100.0, 0.0, 0.0]);
    l.sum().backward();
    let g = p.grad().unwrap().to_vec::<f64>();
    assert_eq!(g, vec![-1.0 / 1e-12, 1.0 / 1e-12, 0.0, 0.0]);
}

// ±1000 logits: no overflow. loss = (1 - t) x - ln σ(x): x = 1000, t = 0 gives 1000;
// x = -1000, t = 1 gives 1000; the gradient σ(x) - t is (1, -1, 0, 0) / 4 for the mean.
#[test]
fn bce_with_logits_extreme_logits() {
    let x = f64s(&[1000.0, -1000.0, 1000.0, -1000.0], &[4]).requires_grad_(true);
    let t = f64s(&[0.0, 1.0, 1.0, 0.0], &[4]);
    let none = BCEWithLogitsLoss::new().with_reduction(Reduction::None);
    assert_eq!(
        none.forward(&x, &t).to_vec::<f64>(),
        vec![1000.0, 1000.0, 0.0, 0.0]
    );
    BCEWithLogitsLoss::new().forward(&x, &t).backward();
    assert_eq!(
        x.grad().unwrap().to_vec::<f64>(),
        vec![0.25, -0.25, 0.0, 0.0]
    );
}

// pos_weight p scales only the positive term: t = 1 gives -p ln σ(x), t = 0 gives
// -ln(1 - σ(x)) = x - ln σ(x); p = 1 is the unweighted loss.
#[test]
fn bce_with_logits_pos_weight_values() {
    let x = f64s(&[0.5, 0.5], &[1, 2]);
    let t = f64s(&[1.0, 0.0], &[1, 2]);
    let ln_sigma = -(1.0 + (-0.5f64).exp()).ln();
    let weighted = BCEWithLogitsLoss::new()
        .with_pos_weight(f64s(&[3.0, 3.0], &[2]))
        .with_reduction(Reduction::None)
        .forward(&x, &t)
        .to_vec::<f64>();
    assert!((weighted[0] - -3.0 * ln_sigma).abs() < 1e-15);
    assert!((weighted[1] - (0.5 - ln_sigma)).abs() < 1e-15);
    let plain = BCEWithLogitsLoss::new().with_reduction(Reduction::None);
    let ones = plain.clone().with_pos_weight(f64s(&[1.0, 1.0], &[2]));
    assert_eq!(
        ones.forward(&x, &t).to_vec::<f64>(),
        plain.forward(&x, &t).to_vec::<f64>()
    );
}

// Reduction::None keeps the input's shape; Mean and Sum give 0-d tensors.
#[test]
fn reduction_shapes() {
    let x = Tensor::ones(&[2, 3]);
    let y = Tensor::zeros(&[2, 3]);
    for (r, shape) in [
        (Reduction::None, vec![2, 3]),
        (Reduction::Mean, vec![]),
        (Reduction::Sum, vec![]),
    ] {
        let l = MSELoss::new().with_reduction(r).forward(&x, &y);
        assert_eq!(l.shape().to_vec(), shape, "{r}");
    }
}

// Each row of softmax sums to 1, even for logits near f32's exp overflow (88.7).
#[test]
fn log_softmax_rows_normalise() {
    let x = Tensor::from_vec(vec![100.0, 90.0, -5.0, 0.0, 1.0, 2.0], &[2, 3]);
    let p = log_softmax(&x, 1)
        .exp()
        .sum_dims(&[1], false)
        .to_vec::<f32>();
    for s in p {
        assert!((s - 1.0).abs() <= 2.0 * f32::EPSILON, "{s}");
    }
}

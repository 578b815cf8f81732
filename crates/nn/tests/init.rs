//! Linear's initial distribution: U(-1/sqrt(in), 1/sqrt(in)) for weight and bias
//! (PyTorch's kaiming_uniform_(a = sqrt(5)) and its bias rule).

use nanotorch_nn::Linear;
use nanotorch_tensor::{manual_seed, Array, DType, Generator};

/// Sample mean and (population) variance in f64.
fn moments(v: &[f64]) -> (f64, f64) {
    let n = v.len() as f64;
    let mean = v.iter().sum::<f64>() / n;
    (mean, v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n)
}

/// For X ~ U(-b, b): E X = 0, Var X = b^2/3, and Var(X^2) = E X^4 - (E X^2)^2 =
/// b^4/5 - b^4/9 = 4 b^4/45. Over n draws the sample mean has sd sqrt(b^2/3/n) and the
/// sample variance sd ~ sqrt(4 b^4/45/n); both must lie within 5 sd, and every draw
/// within [-b, b].
fn check_uniform(v: &[f64], b: f64, what: &str) {
    let n = v.len() as f64;
    assert!(
        v.iter().all(|x| x.abs() <= b),
        "{what}: a draw lies outside [-{b}, {b}]"
    );
    let (mean, var) = moments(v);
    let mean_sd = (b * b / 3.0 / n).sqrt();
    assert!(
        mean.abs() <= 5.0 * mean_sd,
        "{what}: mean {mean} vs 0 (sd {mean_sd})"
    );
    let var_sd = (4.0 * b.powi(4) / 45.0 / n).sqrt();
    assert!(
        (var - b * b / 3.0).abs() <= 5.0 * var_sd,
        "{what}: var {var} vs {} (sd {var_sd})",
        b * b / 3.0
    );
    // The draws fill the interval: the extremes lie within 1% of the bounds.
    let (lo, hi) = v
        .iter()
        .fold((f64::MAX, f64::MIN), |(l, h), &x| (l.min(x), h.max(x)));
    assert!(
        lo < -0.99 * b && hi > 0.99 * b,
        "{what}: range [{lo}, {hi}] vs bound {b}"
    );
}

#[test]
fn weight_and_bias_are_uniform_with_bound_one_over_sqrt_in() {
    let mut g = Generator::new(1234);
    for in_features in [1usize, 3, 100] {
        let b = 1.0 / (in_features as f64).sqrt();
        let (mut ws, mut bs) = (Vec::new(), Vec::new());
        while ws.len() < 40_000 {
            let lin = Linear::with_generator(&mut g, in_features, 50, true);
            assert_eq!(lin.weight().dtype(), DType::F32);
            assert!(lin.weight().requires_grad() && lin.bias().unwrap().requires_grad());
            ws.extend(lin.weight().to_vec::<f64>());
            bs.extend(lin.bias().unwrap().to_vec::<f64>());
        }
        check_uniform(&ws, b, &format!("weight, in = {in_features}"));
        check_uniform(&bs, b, &format!("bias, in = {in_features}"));
    }
}

// The weight is drawn first, then the bias, both as `uniform(-b, b)` from the same
// generator (PyTorch's reset_parameters order), so a layer equals two uniform draws.
#[test]
fn draw_order_is_weight_then_bias() {
    let lin = Linear::with_generator(&mut Generator::new(9), 4, 3, true);
    let mut g = Generator::new(9);
    let w = Array::uniform_with(&mut g, &[3, 4], -0.5, 0.5, DType::F32);
    let b = Array::uniform_with(&mut g, &[3], -0.5, 0.5, DType::F32);
    assert_eq!(lin.weight().to_vec::<f32>(), w.to_vec::<f32>());
    assert_eq!(lin.bias().unwrap().to_vec::<f32>(), b.to_vec::<f32>());
}

// Linear::new uses the thread's global generator, so manual_seed reproduces it.
#[test]
fn new_follows_manual_seed() {
    manual_seed(42);
    let a = Linear::new(3, 2, true);
    let c = Linear::new(3, 2, true);
    manual_seed(42);
    let b = Linear::new(3, 2, true);
    assert_eq!(a.weight().to_vec::<f32>(), b.weight().to_vec::<f32>());
    assert_eq!(
        a.bias().unwrap().to_vec::<f32>(),
        b.bias().unwrap().to_vec::<f32>()
    );
    assert_ne!(a.weight().to_vec::<f32>(), c.weight().to_vec::<f32>());
}

// in_features = 0: PyTorch leaves the (empty) weight and draws the bias from U(0, 0).
#[test]
fn zero_in_features_gives_zero_bias() {
    let lin = Linear::with_generator(&mut Generator::new(0), 0, 3, true);
    assert_eq!(lin.weight().shape().as_slice(), &[3, 0]);
    assert_eq!(lin.bias().unwrap().to_vec::<f32>(), vec![0.0; 3]);
}

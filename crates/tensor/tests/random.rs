//! Random arrays: reproducibility, moments, bounds, dtypes and parameter errors.

use nanotorch_tensor::random::{with_global_generator, DEFAULT_SEED};
use nanotorch_tensor::{manual_seed, Array, DType, Generator};

const N: usize = 100_000;

fn mean_var(v: &[f64]) -> (f64, f64) {
    let n = v.len() as f64;
    let mean = v.iter().sum::<f64>() / n;
    let var = v.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / (n - 1.0);
    (mean, var)
}

/// Asserts sample mean and variance of `v` are within 5 standard errors of the true
/// `mean` and `var`, given the distribution's fourth central moment `mu4`:
/// se(mean) = sqrt(var / n), se(var) ~= sqrt((mu4 - var^2) / n).
fn assert_moments(v: &[f64], mean: f64, var: f64, mu4: f64) {
    let n = v.len() as f64;
    let (m, s2) = mean_var(v);
    let se_m = (var / n).sqrt();
    let se_v = ((mu4 - var * var) / n).sqrt();
    assert!(
        (m - mean).abs() < 5.0 * se_m,
        "mean {m} vs {mean} (5 se = {})",
        5.0 * se_m
    );
    assert!(
        (s2 - var).abs() < 5.0 * se_v,
        "var {s2} vs {var} (5 se = {})",
        5.0 * se_v
    );
}

#[test]
fn same_seed_same_values_different_seeds_differ() {
    for dtype in [DType::F32, DType::F64] {
        let a = Array::randn_with(&mut Generator::new(123), &[50], dtype).to_vec::<f64>();
        let b = Array::randn_with(&mut Generator::new(123), &[50], dtype).to_vec::<f64>();
        let c = Array::randn_with(&mut Generator::new(124), &[50], dtype).to_vec::<f64>();
        assert_eq!(a, b);
        assert!(a.iter().zip(&c).filter(|(x, y)| x == y).count() < 2);
    }
}

#[test]
fn a_generator_advances_and_reseeding_restarts_it() {
    // Two consecutive draws differ; after manual_seed the first draw repeats.
    let mut g = Generator::new(9);
    let first = Array::rand_with(&mut g, &[8], DType::F32).to_vec::<f32>();
    let second = Array::rand_with(&mut g, &[8], DType::F32).to_vec::<f32>();
    assert_ne!(first, second);
    g.manual_seed(9);
    assert_eq!(
        Array::rand_with(&mut g, &[8], DType::F32).to_vec::<f32>(),
        first
    );
}

#[test]
fn global_generator_follows_manual_seed_and_defaults_per_thread() {
    // A fresh thread starts from DEFAULT_SEED, so its first draw equals that of an
    // explicit Generator::new(DEFAULT_SEED); manual_seed(s) equals Generator::new(s).
    let fresh = std::thread::spawn(|| Array::rand(&[5]).to_vec::<f32>())
        .join()
        .unwrap();
    let want =
        Array::rand_with(&mut Generator::new(DEFAULT_SEED), &[5], DType::F32).to_vec::<f32>();
    assert_eq!(fresh, want);
    manual_seed(77);
    assert_eq!(with_global_generator(|g| g.initial_seed()), 77);
    let got = Array::uniform(&[5], -1.0, 1.0).to_vec::<f32>();
    let want =
        Array::uniform_with(&mut Generator::new(77), &[5], -1.0, 1.0, DType::F32).to_vec::<f32>();
    assert_eq!(got, want);
}

#[test]
fn rand_moments_and_bounds() {
    // U[0,1): mean 1/2, variance 1/12, fourth central moment 1/80.
    for dtype in [DType::F32, DType::F64] {
        let a = Array::rand_with(&mut Generator::new(1), &[N], dtype);
        assert_eq!(a.dtype(), dtype);
        let v = a.to_vec::<f64>();
        assert!(v.iter().all(|&x| (0.0..1.0).contains(&x)));
        assert_moments(&v, 0.5, 1.0 / 12.0, 1.0 / 80.0);
    }
}

#[test]
fn randn_moments() {
    // N(0,1): mean 0, variance 1, fourth central moment 3.
    for dtype in [DType::F32, DType::F64] {
        let v = Array::randn_with(&mut Generator::new(2), &[N], dtype).to_vec::<f64>();
        assert_moments(&v, 0.0, 1.0, 3.0);
    }
}

#[test]
fn uniform_moments_and_bounds() {
    // U[lo,hi): mean (lo+hi)/2, variance w^2/12, fourth central moment w^4/80, w = hi-lo.
    let (lo, hi) = (-3.0, 5.0);
    let w: f64 = hi - lo;
    for dtype in [DType::F32, DType::F64] {
        let v = Array::uniform_with(&mut Generator::new(3), &[N], lo, hi, dtype).to_vec::<f64>();
        assert!(v.iter().all(|&x| (lo..=hi).contains(&x)));
        assert!(v.iter().any(|&x| x < lo + 0.01) && v.iter().any(|&x| x > hi - 0.01));
        assert_moments(&v, (lo + hi) / 2.0, w * w / 12.0, w.powi(4) / 80.0);
    }
    // lo == hi is allowed (as in PyTorch) and gives lo.
    assert_eq!(Array::uniform(&[3], 2.0, 2.0).to_vec::<f32>(), vec![2.0; 3]);
}

#[test]
fn normal_moments() {
    // N(mean, std^2): fourth central moment 3 std^4.
    let (mean, std) = (10.0, 0.5);
    for dtype in [DType::F32, DType::F64] {
        let v = Array::normal_with(&mut Generator::new(4), &[N], mean, std, dtype).to_vec::<f64>();
        assert_moments(&v, mean, std * std, 3.0 * std.powi(4));
    }
}

#[test]
fn uniform_is_lo_plus_width_times_rand() {
    // Same generator state: uniform(lo, hi) = lo + (hi - lo) * rand, computed in f64.
    let u = Array::rand_with(&mut Generator::new(5), &[20], DType::F64).to_vec::<f64>();
    let v =
        Array::uniform_with(&mut Generator::new(5), &[20], -1.5, 2.5, DType::F64).to_vec::<f64>();
    let want: Vec<f64> = u.iter().map(|x| -1.5 + 4.0 * x).collect();
    assert_eq!(v, want);
}

#[test]
fn invalid_parameters_are_errors() {
    let mut g = Generator::new(0);
    let msg = |r: nanotorch_tensor::Result<Array>| r.unwrap_err().to_string();
    assert_eq!(
        msg(Array::try_uniform_with(&mut g, &[2], 1.0, 0.0, DType::F64)),
        "uniform: expected lo <= hi, got lo = 1.0, hi = 0.0"
    );
    assert_eq!(
        msg(Array::try_uniform_with(
            &mut g,
            &[2],
            0.0,
            f64::INFINITY,
            DType::F64
        )),
        "uniform: hi must be finite in float64, got inf"
    );
    // 1e39 is finite in f64 but overflows f32.
    assert_eq!(
        msg(Array::try_uniform_with(&mut g, &[2], 0.0, 1e39, DType::F32)),
        "uniform: hi must be finite in float32, got 1e39"
    );
    assert_eq!(
        msg(Array::try_uniform_with(
            &mut g,
            &[2],
            -1e308,
            1e308,
            DType::F64
        )),
        "uniform: hi - lo overflows float64, got lo = -1e308, hi = 1e308"
    );
    assert_eq!(
        msg(Array::try_normal_with(&mut g, &[2], 0.0, -0.5, DType::F32)),
        "normal: expected std >= 0, got std = -0.5"
    );
    assert_eq!(
        msg(Array::try_normal_with(
            &mut g,
            &[2],
            f64::NAN,
            1.0,
            DType::F32
        )),
        "normal: mean must be finite in float32, got NaN"
    );
    assert_eq!(
        msg(Array::try_randn_with(&mut g, &[usize::MAX, 2], DType::F32)),
        "randn: the element count of shape [18446744073709551615, 2] overflows usize"
    );
}

#[test]
#[should_panic(expected = "normal: expected std >= 0, got std = -1.0")]
fn plain_form_panics_with_the_message() {
    Array::normal(&[1], 0.0, -1.0);
}

//! Every loss against PyTorch 2.15 (`tests/fixtures/losses/*.json`, written by
//! `tools/make_fixtures.py losses`; CI never runs Python): the value and the gradient
//! with respect to the input, for every reduction, in f32 and f64.
//!
//! Tolerances: f64 within 1e-12 relative. f32: MSE, L1 and Huber (values and gradients)
//! and every gradient except cross entropy's are bit-exact; the rest is within 2 ulp,
//! from two sources only: exp/log/log1p (torch uses SLEEF kernels, we use std's), and
//! the f32 sum of 12 elements, whose order in torch none of the emulated orders matches
//! (tools/README.md, sum_bits.json; the `none` BCE values are bit-exact).

use nanotorch_autograd::Tensor;
use nanotorch_losses::{
    BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, HuberLoss, L1Loss, Loss, MSELoss, Reduction,
};
use nanotorch_tensor::{Array, DType};
use serde_json::Value;

fn load(name: &str) -> Vec<Value> {
    let path = format!(
        "{}/../../tests/fixtures/losses/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let v: Value = serde_json::from_str(&text).unwrap();
    v["cases"].as_array().unwrap().clone()
}

fn shape(v: &Value) -> Vec<usize> {
    v["shape"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_u64().unwrap() as usize)
        .collect()
}

/// A fixture tensor, exactly from its `bits` when present; i64 tensors come back as f64.
fn array(v: &Value) -> Array {
    if let Some(bits) = v["bits"].as_array() {
        let b = bits
            .iter()
            .map(|b| u32::from_str_radix(b.as_str().unwrap(), 16).unwrap());
        return Array::from_vec(b.map(f32::from_bits).collect(), &shape(v));
    }
    let data = v["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap());
    match v["dtype"].as_str().unwrap() {
        "f32" => Array::from_vec(data.map(|x| x as f32).collect(), &shape(v)),
        _ => Array::from_vec_f64(data.collect(), &shape(v)),
    }
}

fn tensor(v: &Value) -> Tensor {
    Tensor::from_array(array(v))
}

/// Distance in units in the last place of `dtype`.
fn ulps(a: f64, b: f64, dtype: DType) -> u64 {
    if a == b || a.is_nan() && b.is_nan() {
        return 0;
    }
    let key = |x: f64| -> i128 {
        match dtype {
            DType::F32 => {
                let i = (x as f32).to_bits() as i32;
                (if i < 0 { i32::MIN.wrapping_sub(i) } else { i }) as i128
            }
            DType::F64 => {
                let i = x.to_bits() as i64;
                (if i < 0 { i64::MIN.wrapping_sub(i) } else { i }) as i128
            }
        }
    };
    (key(a) - key(b)).unsigned_abs() as u64
}

/// `got` equals `want` elementwise: f64 within 1e-12 relative (absolute near 0, scaled
/// by the largest element), f32 within `f32_ulps` ulp. Returns the worst f32 ulp seen.
fn check(what: &str, got: &Tensor, want: &Array, f32_ulps: u64) -> u64 {
    assert_eq!(got.shape().as_slice(), want.shape(), "{what}: shape");
    assert_eq!(got.dtype(), want.dtype(), "{what}: dtype");
    let (g, w) = (got.to_vec::<f64>(), want.to_vec::<f64>());
    let scale = w.iter().fold(0.0f64, |m, x| m.max(x.abs()));
    let mut worst = 0;
    for (i, (&a, &b)) in g.iter().zip(&w).enumerate() {
        match got.dtype() {
            DType::F64 => assert!(
                (a - b).abs() <= 1e-12 * b.abs().max(1e-3 * scale),
                "{what}[{i}]: got {a:e}, torch {b:e}"
            ),
            DType::F32 => {
                // Elements computed by cancellation (BCE-with-logits' sigma(x) - t with a
                // soft target) inherit the ulp error of their operands, not their own: a
                // 1-ulp difference between our SIMD sigmoid and torch's becomes hundreds of
                // ulp of a tiny result. So an element also passes when its error is within
                // `f32_ulps` ulp of the largest element of the tensor.
                let d = ulps(a, b, DType::F32);
                let scale_ulp = (scale as f32).max(f32::MIN_POSITIVE);
                let scale_ulp = (f32::from_bits(scale_ulp.to_bits() + 1) - scale_ulp) as f64;
                let within_scale = (a - b).abs() <= f32_ulps as f64 * scale_ulp;
                if !within_scale {
                    worst = worst.max(d);
                }
                assert!(
                    d <= f32_ulps || within_scale,
                    "{what}[{i}]: got {a:e}, torch {b:e} ({d} ulp)"
                );
            }
        }
    }
    worst
}

fn reduction(case: &Value) -> Reduction {
    match case["reduction"].as_str().unwrap() {
        "mean" => Reduction::Mean,
        "sum" => Reduction::Sum,
        "none" => Reduction::None,
        r => panic!("unknown reduction {r}"),
    }
}

/// Runs `loss` on every case of `file` and checks value and input gradient; returns the
/// worst f32 ulp distance of (values, gradients).
fn run(
    file: &str,
    make: impl Fn(&Value) -> Box<dyn Loss>,
    ulps_value: u64,
    ulps_grad: u64,
) -> (u64, u64) {
    let cases = load(file);
    assert!(!cases.is_empty());
    let mut worst = (0, 0);
    for case in &cases {
        let name = case["name"].as_str().unwrap();
        let input = tensor(&case["input"]).requires_grad_(true);
        let target = tensor(&case["target"]);
        let out = make(case).forward(&input, &target);
        worst.0 = worst.0.max(check(
            &format!("{name} value"),
            &out,
            &array(&case["output"]),
            ulps_value,
        ));
        match case.get("grad_output") {
            Some(g) => out.backward_with(&tensor(g)),
            None => out.backward(),
        }
        let grad = input.grad().unwrap();
        worst.1 = worst.1.max(check(
            &format!("{name} grad"),
            &grad,
            &array(&case["grad_input"]),
            ulps_grad,
        ));
    }
    worst
}

// mean((x - y)^2), gradient (2/N)(x - y) g: bit-exact in f32.
#[test]
fn mse_matches_torch() {
    let w = run(
        "mse",
        |c| Box::new(MSELoss::new().with_reduction(reduction(c))),
        0,
        0,
    );
    println!("mse worst f32 ulp: {w:?}");
}

// mean|x - y|, gradient sign(x - y) g / N: bit-exact in f32.
#[test]
fn l1_matches_torch() {
    let w = run(
        "l1",
        |c| Box::new(L1Loss::new().with_reduction(reduction(c))),
        0,
        0,
    );
    println!("l1 worst f32 ulp: {w:?}");
}

// z = |x - y|: 0.5 z^2 below delta, delta (z - delta/2) above; gradient (x - y) g or
// ±delta g: bit-exact in f32 for delta 1 and 0.5.
#[test]
fn huber_matches_torch() {
    let w = run(
        "huber",
        |c| {
            let delta = c["options"]["delta"].as_f64().unwrap();
            Box::new(HuberLoss::new(delta).with_reduction(reduction(c)))
        },
        0,
        0,
    );
    println!("huber worst f32 ulp: {w:?}");
}

// -(t ln x + (1 - t) ln(1 - x)), gradient g (x - t) / ((1 - x) x): gradients bit-exact,
// values within 2 ulp (the 12-element sum).
#[test]
fn bce_matches_torch() {
    let w = run(
        "bce",
        |c| Box::new(BCELoss::new().with_reduction(reduction(c))),
        2,
        0,
    );
    println!("bce worst f32 ulp: {w:?}");
}

// (1 - t) x - ln σ(x), gradient g (σ(x) - t), including logits up to ±1000: values within
// 2 ulp (exp/log1p); gradients within 2 ulp of the tensor's largest element, because our
// sigmoid (within 2 ulp) and torch's are computed differently and round differently near
// 1, and σ(x) - t cancels.
#[test]
fn bce_with_logits_matches_torch() {
    let w = run(
        "bce_with_logits",
        |c| Box::new(BCEWithLogitsLoss::new().with_reduction(reduction(c))),
        2,
        2,
    );
    println!("bce_with_logits worst f32 ulp: {w:?}");
}

// -w[t] log_softmax(x)[t], mean over Σ w[t]; gradient (softmax - onehot) w[t] g: within
// 1 ulp (values) and 2 ulp (gradients), from exp/log.
#[test]
fn cross_entropy_matches_torch() {
    let w = run(
        "cross_entropy",
        |c| {
            let mut loss = CrossEntropyLoss::new().with_reduction(reduction(c));
            if let Some(w) = c.get("weight") {
                loss = loss.with_weight(tensor(w));
            }
            Box::new(loss)
        },
        1,
        2,
    );
    println!("cross_entropy worst f32 ulp: {w:?}");
}

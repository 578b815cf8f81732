//! Reductions against values PyTorch 2.15 printed (`tests/fixtures/tensor/reductions.json`
//! and `sum_bits.json`, made by `tools/make_fixtures.py`; CI never runs Python).
//!
//! - Short float32 sums and means must match torch bit for bit: our order for runs of
//!   up to 128 elements is the one the fixture calls `lanes_tail0`.
//! - max/min/argmax/argmin are exact; sums and means within `2 eps * sum |x|` of torch
//!   (its order for longer runs is not reproducible); var/std within a few ulp (torch
//!   uses Welford's update, we use two passes in f64); prod within 4 ulp.

use nanotorch_tensor::{Array, DType};
use serde_json::Value;

fn load(name: &str) -> Value {
    let path = format!(
        "{}/../../tests/fixtures/tensor/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap()
}

fn shape(v: &Value) -> Vec<usize> {
    v["shape"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_u64().unwrap() as usize)
        .collect()
}

/// A fixture tensor, exactly from its `bits` when present; integer tensors (indices)
/// come back as f64.
fn array(v: &Value) -> Array {
    let dtype = v["dtype"].as_str().unwrap();
    if let Some(bits) = v["bits"].as_array() {
        let hex = bits
            .iter()
            .map(|b| u64::from_str_radix(b.as_str().unwrap(), 16).unwrap());
        return match dtype {
            "f32" => Array::from_vec(hex.map(|b| f32::from_bits(b as u32)).collect(), &shape(v)),
            _ => Array::from_vec_f64(hex.map(f64::from_bits).collect(), &shape(v)),
        };
    }
    let data: Vec<f64> = v["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect();
    match dtype {
        "f32" => Array::from_vec(data.iter().map(|&x| x as f32).collect(), &shape(v)),
        _ => Array::from_vec_f64(data, &shape(v)),
    }
}

/// Distance in units in the last place, in `dtype`.
fn ulps(a: f64, b: f64, dtype: DType) -> u64 {
    if a.is_nan() && b.is_nan() || a == b {
        return 0;
    }
    let key = |x: f64| match dtype {
        DType::F32 => {
            let i = (x as f32).to_bits() as i32;
            (if i < 0 { i32::MIN.wrapping_sub(i) } else { i }) as i128
        }
        DType::F64 => {
            let i = x.to_bits() as i64;
            (if i < 0 { i64::MIN.wrapping_sub(i) } else { i }) as i128
        }
    };
    (key(a) - key(b)).unsigned_abs().min(u64::MAX as u128) as u64
}

fn check_ulps(name: &str, got: &Array, want: &Array, max: u64) {
    assert_eq!(got.shape(), want.shape(), "{name}: shape");
    for (i, (g, w)) in got.iter().zip(want.iter()).enumerate() {
        let d = ulps(g, w, got.dtype());
        assert!(d <= max, "{name}[{i}]: got {g:e}, torch {w:e} ({d} ulp)");
    }
}

#[test]
fn reductions_match_torch() {
    let fx = load("reductions.json");
    let mut checked = 0;
    for case in fx["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let op = case["op"].as_str().unwrap();
        let x = array(&case["input"]);
        let want = array(&case["output"]);
        let keep = case["keepdim"].as_bool().unwrap();
        let dims: Option<Vec<isize>> = match &case["dim"] {
            Value::Null => None,
            Value::Array(d) => Some(d.iter().map(|v| v.as_i64().unwrap() as isize).collect()),
            d => Some(vec![d.as_i64().unwrap() as isize]),
        };
        let one = || dims.as_ref().map(|d| d[0]);
        let correction = case["correction"].as_f64().unwrap_or(1.0);
        match op {
            "sum" | "mean" => {
                let got = match (op, &dims) {
                    ("sum", None) => x.sum(),
                    ("sum", Some(d)) => x.sum_dims(d, keep),
                    (_, None) => x.mean(),
                    (_, Some(d)) => x.mean_dims(d, keep),
                };
                // error bound of a sum: a few roundings of the magnitude summed
                let mut bound = match &dims {
                    None => x.abs().sum(),
                    Some(d) => x.abs().sum_dims(d, keep),
                };
                if op == "mean" {
                    bound = bound.div_scalar((x.numel() / want.numel().max(1)) as f64);
                }
                let eps = if x.dtype() == DType::F32 {
                    f32::EPSILON as f64
                } else {
                    f64::EPSILON
                };
                assert_eq!(got.shape(), want.shape(), "{name}");
                for ((g, w), b) in got.iter().zip(want.iter()).zip(bound.iter()) {
                    assert!(
                        (g - w).abs() <= 2.0 * eps * b,
                        "{name}: got {g:e}, torch {w:e}"
                    );
                }
            }
            "prod" => {
                let got = match &dims {
                    None => x.prod(),
                    Some(d) => x.prod_dims(d, keep),
                };
                check_ulps(name, &got, &want, 4);
            }
            "max" | "min" => {
                let (v, i) = match (op, one()) {
                    ("max", None) => (x.max(), None),
                    (_, None) => (x.min(), None),
                    ("max", Some(d)) => {
                        let (v, i) = x.max_dim(d, keep);
                        (v, Some(i))
                    }
                    (_, Some(d)) => {
                        let (v, i) = x.min_dim(d, keep);
                        (v, Some(i))
                    }
                };
                check_ulps(name, &v, &want, 0);
                if let Some(i) = i {
                    check_ulps(name, &i.to_dtype(DType::F64), &array(&case["indices"]), 0);
                }
            }
            "argmax" | "argmin" => {
                let got = if op == "argmax" {
                    x.argmax(one(), keep)
                } else {
                    x.argmin(one(), keep)
                };
                check_ulps(name, &got.to_dtype(DType::F64), &want, 0);
            }
            _ => {
                let d = dims.clone().unwrap_or_default();
                let got = if op.starts_with("var") {
                    x.var_dims(&d, correction, keep)
                } else {
                    x.std_dims(&d, correction, keep)
                };
                let tol = if x.dtype() == DType::F32 { 1 } else { 8 };
                check_ulps(name, &got, &want, tol);
            }
        }
        checked += 1;
    }
    assert_eq!(checked, fx["cases"].as_array().unwrap().len());
    assert!(checked > 500);
}

#[test]
fn short_f32_sums_match_torch_bitwise() {
    // for every length, we match exactly the cases the `lanes_tail0` emulation matched
    // (all of them for n = 1..9, 16, 24, 32)
    let fx = load("sum_bits.json");
    for group in fx["groups"].as_array().unwrap() {
        let n = group["n"].as_u64().unwrap();
        let mut matched = 0;
        for case in group["cases"].as_array().unwrap() {
            let x = array(&case["input"]);
            let (s, m) = (array(&case["sum"]), array(&case["mean"]));
            let bits = |a: &Array| (a.item() as f32).to_bits();
            if bits(&x.sum()) == bits(&s) {
                matched += 1;
                assert_eq!(bits(&x.mean()), bits(&m), "n = {n}: mean = sum / n");
            }
        }
        let want = group["order_match_counts"]["lanes_tail0"].as_u64().unwrap();
        assert_eq!(matched, want, "n = {n}");
        if group["orders_matching_all"]
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o == "lanes_tail0")
        {
            assert_eq!(matched, group["count"].as_u64().unwrap(), "n = {n}");
        }
    }
}

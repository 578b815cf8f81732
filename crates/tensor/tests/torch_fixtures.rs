//! Elementwise ops, array-exponent pow and linspace against values PyTorch 2.15 printed.
//! The fixtures come from `tools/make_fixtures.py` (see tools/README.md); CI never runs
//! Python. Arithmetic must match bit for bit; transcendental functions (torch uses
//! SLEEF's vectorised kernels, we use the platform's libm) and sqrt within 2 ulp.

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

/// Builds an array from a fixture tensor `{dtype, shape, data}`; booleans become 1.0/0.0.
fn array(v: &Value) -> Array {
    let shape: Vec<usize> = v["shape"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_u64().unwrap() as usize)
        .collect();
    let data: Vec<f64> = v["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| match x {
            Value::Bool(b) => f64::from(u8::from(*b)),
            Value::Null => f64::NAN,
            other => other.as_f64().unwrap_or(f64::NAN),
        })
        .collect();
    match v["dtype"].as_str().unwrap() {
        "f64" => Array::from_vec_f64(data, &shape),
        _ => Array::from_vec(data.iter().map(|&x| x as f32).collect(), &shape),
    }
}

/// Distance in units in the last place between two floats of the array's dtype.
fn ulps(a: f64, b: f64, dtype: DType) -> u64 {
    if a.is_nan() && b.is_nan() || a == b {
        return 0;
    }
    match dtype {
        DType::F32 => {
            let key = |x: f32| {
                let i = x.to_bits() as i32;
                if i < 0 {
                    i32::MIN.wrapping_sub(i) as i64
                } else {
                    i as i64
                }
            };
            (key(a as f32) - key(b as f32)).unsigned_abs()
        }
        DType::F64 => {
            let key = |x: f64| {
                let i = x.to_bits() as i64;
                if i < 0 {
                    i64::MIN.wrapping_sub(i) as i128
                } else {
                    i as i128
                }
            };
            (key(a) - key(b)).unsigned_abs().min(u64::MAX as u128) as u64
        }
    }
}

fn assert_close(name: &str, got: &Array, want: &Value, max_ulps: u64) {
    let want = array(want);
    assert_eq!(got.shape(), want.shape(), "{name}: shape");
    assert_eq!(got.dtype(), want.dtype(), "{name}: dtype");
    for (i, (g, w)) in got.iter().zip(want.iter()).enumerate() {
        let d = ulps(g, w, got.dtype());
        assert!(
            d <= max_ulps,
            "{name}[{i}]: got {g:e}, torch {w:e} ({d} ulp)"
        );
    }
}

#[test]
fn elementwise_cases_match_torch() {
    let fx = load("elementwise.json");
    let mut checked = 0;
    for case in fx["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let op = case["op"].as_str().unwrap();
        let inputs: Vec<Array> = case["inputs"]
            .as_array()
            .unwrap()
            .iter()
            .map(array)
            .collect();
        let x = &inputs[0];
        // torch's vectorised sqrt is not correctly rounded (1 ulp off numpy's on some inputs)
        let transcendental = matches!(
            op,
            "exp" | "log" | "sin" | "cos" | "tanh" | "sigmoid" | "pow" | "sqrt"
        );
        let got = match case["kind"].as_str().unwrap() {
            "binary" | "compare" => {
                let y = &inputs[1];
                match op {
                    "add" => x.add(y),
                    "sub" => x.sub(y),
                    "mul" => x.mul(y),
                    "div" => x.div(y),
                    "pow" => x.pow(y),
                    "maximum" => x.maximum(y),
                    "minimum" => x.minimum(y),
                    "eq" => x.eq(y),
                    "ne" => x.ne(y),
                    "lt" => x.lt(y),
                    "le" => x.le(y),
                    "gt" => x.gt(y),
                    "ge" => x.ge(y),
                    other => panic!("{name}: unknown binary op {other}"),
                }
            }
            "scalar" => {
                let s = case["scalar"].as_f64().unwrap();
                let lhs = case["side"].as_str() == Some("lhs");
                match (op, lhs) {
                    ("add", false) => x.add_scalar(s),
                    ("add", true) => x.radd_scalar(s),
                    ("sub", false) => x.sub_scalar(s),
                    ("sub", true) => x.rsub_scalar(s),
                    ("mul", false) => x.mul_scalar(s),
                    ("mul", true) => x.rmul_scalar(s),
                    ("div", false) => x.div_scalar(s),
                    ("div", true) => x.rdiv_scalar(s),
                    ("pow", false) => x.pow_scalar(s),
                    ("pow", true) => x.rpow_scalar(s),
                    other => panic!("{name}: unknown scalar op {other:?}"),
                }
            }
            "compare_scalar" => {
                let s = case["scalar"].as_f64().unwrap();
                match op {
                    "eq" => x.eq_scalar(s),
                    "ne" => x.ne_scalar(s),
                    "lt" => x.lt_scalar(s),
                    "le" => x.le_scalar(s),
                    "gt" => x.gt_scalar(s),
                    "ge" => x.ge_scalar(s),
                    other => panic!("{name}: unknown compare op {other}"),
                }
            }
            "unary" => match op {
                "neg" => x.neg(),
                "exp" => x.exp(),
                "log" => x.log(),
                "sqrt" => x.sqrt(),
                "abs" => x.abs(),
                "sin" => x.sin(),
                "cos" => x.cos(),
                "tanh" => x.tanh(),
                "sigmoid" => x.sigmoid(),
                "relu" => x.relu(),
                "square" => x.square(),
                "sign" => x.sign(),
                other => panic!("{name}: unknown unary op {other}"),
            },
            "clamp" => x.clamp(case["min"].as_f64(), case["max"].as_f64()),
            "where" => Array::where_cond(&inputs[0], &inputs[1], &inputs[2]),
            other => panic!("{name}: unknown kind {other}"),
        };
        assert_close(
            name,
            &got,
            &case["output"],
            if transcendental { 2 } else { 0 },
        );
        checked += 1;
    }
    assert_eq!(checked, 194);
}

#[test]
fn pow_with_array_exponent_matches_torch() {
    let fx = load("pow_array.json");
    for case in fx["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let x = array(&case["x"]);
        let p = array(&case["p"]).to_dtype(x.dtype());
        let got = x.unsqueeze(-1).pow(&p);
        assert_close(name, &got, &case["output"], 2);
    }
}

#[test]
fn linspace_matches_torch() {
    let fx = load("linspace_sin.json");
    let pi = std::f64::consts::PI;
    // linspace itself is pure arithmetic: bit for bit
    assert_close(
        "linspace_f32",
        &Array::linspace(-pi, pi, 2000),
        &fx["linspace_f32"],
        0,
    );
    assert_close(
        "linspace_f64",
        &Array::linspace_dtype(-pi, pi, 2000, DType::F64),
        &fx["linspace_f64"],
        0,
    );
    // torch's vectorised sin may differ from libm in the last bit
    assert_close(
        "sin_f32",
        &array(&fx["linspace_f32"]).sin(),
        &fx["sin_f32"],
        1,
    );
}

#[test]
fn matmul_matches_torch_for_every_rank_case() {
    // f32 products depend on the summation order, so compare against
    // eps * sum|a_ik * b_kj| bounds: |got - torch| <= 4 * eps(T) * k * max|a| * max|b|.
    let fx = load("matmul.json");
    let cases = fx["cases"].as_array().unwrap();
    assert!(cases.len() >= 6);
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let inputs: Vec<Array> = case["inputs"]
            .as_array()
            .unwrap()
            .iter()
            .map(array)
            .collect();
        let (a, b) = (&inputs[0], &inputs[1]);
        let got = a.matmul(b);
        let want = array(&case["output"]);
        assert_eq!(got.shape(), want.shape(), "{name}");
        let k = if a.ndim() == 1 {
            a.shape()[0]
        } else {
            a.shape()[a.ndim() - 1]
        } as f64;
        let amax = a.abs().iter().fold(0.0, f64::max);
        let bmax = b.abs().iter().fold(0.0, f64::max);
        let eps = if got.dtype() == DType::F32 {
            f32::EPSILON as f64
        } else {
            f64::EPSILON
        };
        let tol = 4.0 * eps * k * amax * bmax;
        for (i, (g, w)) in got.iter().zip(want.iter()).enumerate() {
            assert!(
                (g - w).abs() <= tol,
                "{name}[{i}]: got {g}, torch {w}, tol {tol:e}"
            );
        }
    }
}

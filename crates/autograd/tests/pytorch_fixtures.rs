//! Values and gradients of composite expressions against PyTorch 2.15 (f64), from
//! tests/fixtures/autograd/*.json (made by tools/fixtures_autograd.py). Each case's
//! `expr` is the torch code; the same expression is written here in Rust by name.

use nanotorch_autograd::{grad, Tensor};
use nanotorch_tensor::Array;
use serde_json::Value;
use std::collections::HashMap;

type Env = HashMap<String, Tensor>;

fn load(file: &str) -> Value {
    let path = format!(
        "{}/../../tests/fixtures/autograd/{file}",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}")))
        .unwrap()
}

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
        .map(|d| d.as_f64().unwrap())
        .collect();
    Array::from_vec_f64(data, &shape)
}

fn close(name: &str, what: &str, got: &Array, want: &Array) {
    assert_eq!(got.shape(), want.shape(), "{name}: {what} shape");
    for (i, (g, w)) in got.iter().zip(want.iter()).enumerate() {
        assert!(
            (g - w).abs() <= 1e-12 + 1e-9 * w.abs(),
            "{name}: {what}[{i}] = {g}, PyTorch {w}"
        );
    }
}

/// The fixture expressions, written with nanotorch's API.
fn eval(name: &str, e: &Env) -> Tensor {
    let v = |k: &str| e[k].clone();
    let (a, b, c, d) = (|| v("a"), || v("b"), || v("c"), || v("d"));
    let (x, y, w) = (|| v("x"), || v("y"), || v("w"));
    match name {
        "mul_sum" | "mul_sum_0d_w" => (w() * x()).sum(),
        "mse_manual" => (y() - w() * x()).pow(2.0).mean(),
        "affine_mse" => (x().matmul(&w()) + v("b") - y()).pow(2.0).mean(),
        "tanh_matmul_add" => (a().matmul(&b()) + c()).tanh().sum(),
        "sigmoid_mul" => (x().sigmoid() * y()).sum(),
        "softplus_exp_log" => (x().exp() + 1.0).log().sum(),
        "sqrt_norm" => (x() * x() + 1.0).sqrt().mean(),
        "log_div" => (x().log() / y()).sum(),
        "exp_log_sqrt_chain" => x().exp().sqrt().log().mul(&y()).sum(),
        "broadcast_add_sq" => (a() + b()).pow(2.0).sum(),
        "broadcast_rank_promotion" => (a() * b()).pow(2.0).sum(),
        "broadcast_both_sides" => (a() * b() + a()).sum(),
        "broadcast_0d" => (v("s") * x() + v("s")).square().sum(),
        "pow_tensor_exponent" => x().pow_tensor(&v("p")).sum(),
        "pow_unsqueeze_exponent" => x().unsqueeze(-1).pow_tensor(&v("p")).sum(),
        "pow_scalar_cube" => x().pow(3.0).sum(),
        "pow_scalar_neg_half" => x().pow(-0.5).sum(),
        "maximum" => a().maximum(&b()).mul(&c()).sum(),
        "minimum_broadcast" => a().minimum(&b()).square().sum(),
        "maximum_ties" => a().maximum(&b()).sum(),
        "clamp" => (x().clamp(Some(-0.5), Some(0.5)) * w()).sum(),
        "clamp_boundary" => x().clamp(Some(-0.5), Some(0.5)).sum(),
        "mean_dim0" => (x().mean_dims(&[0], false) * w()).sum(),
        "mean_keepdim_center" => (x() - x().mean_dims(&[1], true)).pow(2.0).sum(),
        "sum_dim_last_sq" => x().sum_dims(&[-1], false).pow(2.0).sum(),
        "matmul_batched" | "matmul_matrix_vector" => a().matmul(&b_or_v(e)).pow(2.0).sum(),
        "matmul_batch_broadcast" => (a().matmul(&b()) * c()).sum(),
        "matmul_vector_matrix" => v("v").matmul(&a()).pow(2.0).sum(),
        "dot" => a().matmul(&b()),
        "linear_transpose" => (x().matmul(&w().t()) + b()).pow(2.0).sum(),
        "div_broadcast" => (a() / b()).sum(),
        "rdiv_scalar" => (1.0 / x()).sum(),
        "relu_nonzero" => (x().relu() * w()).sum(),
        "relu_at_zero" => x().relu().sum(),
        "abs_nonzero" => (x().abs() * w()).sum(),
        "sin_cos" => (x().sin() * y().cos()).sum(),
        "square_mean" => (x() - y()).square().mean(),
        "neg_sub_exp" => (-(a() - b())).exp().sum(),
        "logsumexp_rows" => x().exp().sum_dims(&[-1], false).log().sum(),
        "log_softmax_pick" => ((x() - x().exp().sum_dims(&[1], true).log()) * v("onehot"))
            .sum()
            .neg(),
        "bce_manual" => {
            let (z, y) = (v("z"), y());
            (&y * z.sigmoid().log() + (1.0 - &y) * (1.0 - z.sigmoid()).log())
                .mean()
                .neg()
        }
        "var_all" => x().var(1.0),
        "std_dim1" => x().std_dims(&[1], 1.0, false).sum(),
        "max_all" | "max_all_ties" => x().max(),
        "max_dim_values" => x().max_dim(1, false).0.sum(),
        "prod_all" => x().prod(),
        "reuse_cube" => (x() * x() * x()).sum(),
        "diamond" => (x().exp() * x().exp().sin() + x().exp()).sum(),
        "reshape_matmul" => x().reshape([3, 2]).matmul(&w()).sum(),
        "transpose_mul" => (x().t() * y()).sum(),
        "where_leaky_relu" => Tensor::where_cond(&x().gt_scalar(0.0), &x(), &(x() * 0.1)).sum(),
        "cubic_fit_loss" => (a() + b() * x() + c() * x().pow(2.0) + d() * x().pow(3.0) - y())
            .pow(2.0)
            .sum(),
        "legendre_fit_loss" => {
            let h = c() + d() * x();
            (a() + b() * (h.pow(3.0) * 5.0 - &h * 3.0) * 0.5 - y())
                .pow(2.0)
                .sum()
        }
        "nonscalar_backward" => x() * w() + x(),
        // second order
        "cube" => x().pow(3.0).sum(),
        "sin" => x().sin().sum(),
        "matmul_sq" => a().matmul(&b()).pow(2.0).sum(),
        "mean_sq" => x().mean().pow(2.0),
        "exp_mul" => (x().exp() * x()).sum(),
        "tanh" => x().tanh().sum(),
        other => panic!("no Rust version of fixture expression {other}"),
    }
}

fn b_or_v(e: &Env) -> Tensor {
    e.get("b").or_else(|| e.get("v")).unwrap().clone()
}

fn inputs(case: &Value, all_require_grad: bool) -> Env {
    case["inputs"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, t)| {
            let rg = all_require_grad && t["requires_grad"].as_bool().unwrap_or(false);
            (k.clone(), Tensor::from_array(array(t)).requires_grad_(rg))
        })
        .collect()
}

#[test]
fn expressions_match_pytorch() {
    let fx = load("expressions.json");
    let cases = fx["cases"].as_array().unwrap();
    assert!(cases.len() >= 50);
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let env = inputs(case, true);
        let out = eval(name, &env);
        close(name, "output", &out.array(), &array(&case["output"]));
        match case.get("grad_output") {
            Some(g) => out.backward_with(&Tensor::from_array(array(g))),
            None => out.backward(),
        }
        for (k, want) in case["grads"].as_object().unwrap() {
            let got = env[k]
                .grad()
                .unwrap_or_else(|| panic!("{name}: no grad for {k}"));
            close(name, &format!("grad {k}"), &got.array(), &array(want));
        }
    }
}

#[test]
fn second_order_matches_pytorch() {
    let fx = load("second_order.json");
    for case in fx["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let wrt = case["wrt"].as_str().unwrap();
        let mut env = inputs(case, false);
        let x = env[wrt].requires_grad_(true);
        env.insert(wrt.to_string(), x.clone());
        let f = eval(name, &env);
        close(name, "output", &f.array(), &array(&case["output"]));
        let g = grad(&[&f], &[&x], None, None, true).remove(0);
        close(name, "grad", &g.array(), &array(&case["grad"]));
        let gg = grad(&[&g.sum()], &[&x], None, None, false).remove(0);
        close(
            name,
            "grad_of_grad_sum",
            &gg.array(),
            &array(&case["grad_of_grad_sum"]),
        );
    }
}

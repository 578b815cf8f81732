//! Reading `tests/fixtures/optim/*.json` (schema in tools/README.md) and building
//! optimizers from the fixtures' PyTorch keyword arguments.

#![allow(dead_code)]

use nanotorch_autograd::Tensor;
use nanotorch_optim::{
    Adam, AdamOptions, AdamW, Optimizer, RMSprop, RmspropOptions, SgdOptions, SGD,
};
use serde_json::Value;

/// Parses an optim fixture file.
pub fn load(name: &str) -> Value {
    let path = format!(
        "{}/../../tests/fixtures/optim/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap()
}

/// The f32 values of a fixture tensor, from its bit patterns.
pub fn f32s(t: &Value) -> Vec<f32> {
    t["bits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| f32::from_bits(u32::from_str_radix(b.as_str().unwrap(), 16).unwrap()))
        .collect()
}

/// The shape of a fixture tensor.
pub fn shape(t: &Value) -> Vec<usize> {
    t["shape"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_u64().unwrap() as usize)
        .collect()
}

/// A leaf tensor holding a fixture tensor's f32 values.
pub fn tensor(t: &Value) -> Tensor {
    Tensor::from_vec(f32s(t), &shape(t))
}

fn num(h: &Value, key: &str) -> Option<f64> {
    h.get(key).map(|v| v.as_f64().unwrap())
}

fn flag(h: &Value, key: &str) -> Option<bool> {
    h.get(key).map(|v| v.as_bool().unwrap())
}

/// `torch.optim.<optimizer>(params, **hyper)`.
pub fn build(optimizer: &str, hyper: &Value, params: Vec<Tensor>) -> Box<dyn Optimizer> {
    let lr = num(hyper, "lr").unwrap();
    match optimizer {
        "SGD" => {
            let mut o = SgdOptions::new(lr);
            if let Some(v) = num(hyper, "momentum") {
                o = o.momentum(v);
            }
            if let Some(v) = num(hyper, "dampening") {
                o = o.dampening(v);
            }
            if let Some(v) = flag(hyper, "nesterov") {
                o = o.nesterov(v);
            }
            if let Some(v) = num(hyper, "weight_decay") {
                o = o.weight_decay(v);
            }
            if let Some(v) = flag(hyper, "maximize") {
                o = o.maximize(v);
            }
            Box::new(SGD::with_options(params, o))
        }
        "Adam" | "AdamW" => {
            let mut o = if optimizer == "Adam" {
                AdamOptions::new(lr)
            } else {
                AdamOptions::adamw(lr)
            };
            if let Some(b) = hyper.get("betas") {
                o = o.betas(b[0].as_f64().unwrap(), b[1].as_f64().unwrap());
            }
            if let Some(v) = num(hyper, "eps") {
                o = o.eps(v);
            }
            if let Some(v) = num(hyper, "weight_decay") {
                o = o.weight_decay(v);
            }
            if let Some(v) = flag(hyper, "amsgrad") {
                o = o.amsgrad(v);
            }
            if let Some(v) = flag(hyper, "maximize") {
                o = o.maximize(v);
            }
            if optimizer == "Adam" {
                Box::new(Adam::with_options(params, o))
            } else {
                Box::new(AdamW::with_options(params, o))
            }
        }
        "RMSprop" => {
            let mut o = RmspropOptions::new(lr);
            if let Some(v) = num(hyper, "alpha") {
                o = o.alpha(v);
            }
            if let Some(v) = num(hyper, "eps") {
                o = o.eps(v);
            }
            if let Some(v) = num(hyper, "weight_decay") {
                o = o.weight_decay(v);
            }
            if let Some(v) = num(hyper, "momentum") {
                o = o.momentum(v);
            }
            if let Some(v) = flag(hyper, "centered") {
                o = o.centered(v);
            }
            if let Some(v) = flag(hyper, "maximize") {
                o = o.maximize(v);
            }
            Box::new(RMSprop::with_options(params, o))
        }
        other => panic!("unknown optimizer {other}"),
    }
}

/// How far a replay got from PyTorch's trajectory.
#[derive(Debug, Default)]
pub struct Replay {
    /// Parameter values (over all steps) whose bits differ from torch's.
    pub mismatched: usize,
    /// Parameter values compared.
    pub total: usize,
    /// Largest |ours - torch| / max(|torch|, 1e-30).
    pub max_rel: f64,
    /// Largest |ours - torch| / max_j |torch_j| within the same tensor and step.
    pub max_scaled: f64,
    /// First step (0-based) with a mismatch.
    pub first_bad_step: Option<usize>,
}

/// Replays a case: sets `.grad` from the stored gradients before each step and
/// compares the parameters after it with torch's.
pub fn replay(problem: &Value, case: &Value, steps: &Value) -> Replay {
    let w = tensor(&problem["initial"]["weight"]).requires_grad_(true);
    let b = tensor(&problem["initial"]["bias"]).requires_grad_(true);
    let mut opt = build(
        case["optimizer"].as_str().unwrap(),
        &case["hyper"],
        vec![w.clone(), b.clone()],
    );
    let mut r = Replay::default();
    for (k, step) in steps.as_array().unwrap().iter().enumerate() {
        opt.zero_grad();
        w.set_grad(Some(tensor(&step["grads"]["weight"])));
        b.set_grad(Some(tensor(&step["grads"]["bias"])));
        opt.step();
        for (p, name) in [(&w, "weight"), (&b, "bias")] {
            let ours = p.to_vec::<f32>();
            let theirs = f32s(&step["params"][name]);
            let scale = theirs.iter().fold(0f64, |m, y| m.max(y.abs() as f64));
            for (x, y) in ours.iter().zip(&theirs) {
                r.total += 1;
                if x.to_bits() != y.to_bits() {
                    r.mismatched += 1;
                    r.first_bad_step.get_or_insert(k);
                }
                let rel = ((x - y).abs() as f64) / (y.abs() as f64).max(1e-30);
                r.max_rel = r.max_rel.max(rel);
                r.max_scaled = r.max_scaled.max(((x - y).abs() as f64) / scale.max(1e-30));
            }
        }
    }
    r
}

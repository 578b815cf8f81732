//! `state_dict` / `load_state_dict`: saving after 10 steps, loading into a fresh
//! optimizer over fresh tensors and continuing gives exactly the uninterrupted run,
//! for every fixture case; and loads that do not fit are refused by message.

mod common;

use common::{build, load, tensor};
use nanotorch_autograd::Tensor;
use nanotorch_optim::{Adam, Optimizer, SgdOptions, StateValue, SGD};
use nanotorch_tensor::Array;
use serde_json::Value;

fn set_grads(step: &Value, w: &Tensor, b: &Tensor) {
    w.set_grad(Some(tensor(&step["grads"]["weight"])));
    b.set_grad(Some(tensor(&step["grads"]["bias"])));
}

fn params_of(w: &Tensor, b: &Tensor) -> Vec<u32> {
    w.to_vec::<f32>()
        .into_iter()
        .chain(b.to_vec::<f32>())
        .map(f32::to_bits)
        .collect()
}

/// Runs a case's 50 stored gradients through one optimizer, and through one that is
/// saved after 10 steps and restored into a new optimizer; returns both endpoints.
fn interrupted_vs_straight(problem: &Value, case: &Value) -> (Vec<u32>, Vec<u32>) {
    let name = case["optimizer"].as_str().unwrap();
    let steps = case["steps"].as_array().unwrap();
    let (w, b) = (
        tensor(&problem["initial"]["weight"]),
        tensor(&problem["initial"]["bias"]),
    );
    let mut straight = build(name, &case["hyper"], vec![w.clone(), b.clone()]);
    for s in steps {
        set_grads(s, &w, &b);
        straight.step();
    }

    let (w1, b1) = (
        tensor(&problem["initial"]["weight"]),
        tensor(&problem["initial"]["bias"]),
    );
    let mut first = build(name, &case["hyper"], vec![w1.clone(), b1.clone()]);
    for s in &steps[..10] {
        set_grads(s, &w1, &b1);
        first.step();
    }
    let saved = first.state_dict();
    drop(first);
    // fresh tensors holding the parameters after 10 steps, and an optimizer with a
    // different lr that the load must overwrite
    let (w2, b2) = (
        Tensor::from_array(w1.array()),
        Tensor::from_array(b1.array()),
    );
    let mut second = build(
        name,
        &serde_json::json!({"lr": 0.5}),
        vec![w2.clone(), b2.clone()],
    );
    second.load_state_dict(&saved);
    assert_eq!(second.state_dict(), saved);
    for s in &steps[10..] {
        set_grads(s, &w2, &b2);
        second.step();
    }
    (params_of(&w, &b), params_of(&w2, &b2))
}

#[test]
fn round_trip_continues_exactly_for_every_case() {
    for file in ["sgd.json", "adam.json", "adamw.json", "rmsprop.json"] {
        let data = load(file);
        for case in data["cases"].as_array().unwrap() {
            let (straight, resumed) = interrupted_vs_straight(&data["problem"], case);
            assert_eq!(straight, resumed, "{}", case["name"]);
        }
    }
}

#[test]
fn saved_state_holds_the_buffers_pytorch_has() {
    // Adam with amsgrad after one step from g = [1, -2]: step 1,
    // exp_avg = 0.1 g, exp_avg_sq = 0.001 g^2, max_exp_avg_sq = exp_avg_sq
    let w = Tensor::from_slice_f64(&[0.0, 0.0]);
    let mut opt = Adam::with_options(
        vec![w.clone()],
        nanotorch_optim::AdamOptions::new(1e-3).amsgrad(true),
    );
    w.set_grad(Some(Tensor::from_slice_f64(&[1.0, -2.0])));
    opt.step();
    let sd = opt.state_dict();
    let st = &sd.state[&0];
    let keys: Vec<&str> = st.keys().map(String::as_str).collect();
    assert_eq!(keys, ["exp_avg", "exp_avg_sq", "max_exp_avg_sq", "step"]);
    assert_eq!(st["step"], StateValue::Number(1.0));
    let m = st["exp_avg"].as_array().unwrap().to_vec::<f64>();
    let v = st["exp_avg_sq"].as_array().unwrap().to_vec::<f64>();
    assert!((m[0] - 0.1).abs() < 1e-15 && (m[1] + 0.2).abs() < 1e-15);
    assert!((v[0] - 0.001).abs() < 1e-15 && (v[1] - 0.004).abs() < 1e-15);
    assert_eq!(st["max_exp_avg_sq"], st["exp_avg_sq"]);
    let g = &sd.param_groups[0];
    assert_eq!(g["lr"], StateValue::Number(1e-3));
    assert_eq!(g["amsgrad"], StateValue::Bool(true));
    assert_eq!(g["params"], StateValue::Indices(vec![0]));
}

#[test]
fn saved_state_is_a_snapshot() {
    // later steps must not change an earlier state dict (momentum buffer b1 = g = 1)
    let w = Tensor::scalar(0.0);
    let mut opt = SGD::with_options(vec![w.clone()], SgdOptions::new(0.1).momentum(0.9));
    w.set_grad(Some(Tensor::scalar(1.0)));
    opt.step();
    let saved = opt.state_dict();
    opt.step();
    assert_eq!(
        saved.state[&0]["momentum_buffer"]
            .as_array()
            .unwrap()
            .item(),
        1.0
    );
}

#[test]
fn mismatched_loads_are_refused() {
    let w = Tensor::zeros(&[2, 3]);
    let mut opt = SGD::with_options(vec![w.clone()], SgdOptions::new(0.1).momentum(0.9));
    w.set_grad(Some(Tensor::ones(&[2, 3])));
    opt.step();
    let good = opt.state_dict();

    let mut two_groups = SGD::new(vec![Tensor::zeros(&[2, 3])], 0.1);
    two_groups.add_param_group(vec![Tensor::zeros(&[1])], SgdOptions::new(0.1));
    let e = two_groups.try_load_state_dict(&good).unwrap_err();
    assert_eq!(
        e.to_string(),
        "SGD: load_state_dict: loaded state dict has 1 parameter groups, the optimizer has 2"
    );

    let mut other_size = SGD::new(vec![Tensor::zeros(&[2, 3]), Tensor::zeros(&[1])], 0.1);
    let e = other_size.try_load_state_dict(&good).unwrap_err();
    assert_eq!(
        e.to_string(),
        "SGD: load_state_dict: param group 0 has 1 parameters in the loaded state dict but 2 in the optimizer"
    );

    let mut other_shape = SGD::new(vec![Tensor::zeros(&[3, 2])], 0.1);
    let e = other_shape.try_load_state_dict(&good).unwrap_err();
    assert_eq!(
        e.to_string(),
        "SGD: shape [2, 3] does not match [3, 2]: load_state_dict: state entry 'momentum_buffer' of parameter 0 must have the parameter's shape"
    );
    // nothing was changed by the failed load
    assert!(other_shape.state_dict().state.is_empty());

    let mut adam = Adam::new(vec![Tensor::zeros(&[2, 3])], 0.1);
    let e = adam.try_load_state_dict(&good).unwrap_err();
    assert_eq!(
        e.to_string(),
        "Adam: load_state_dict: param group has no number 'beta1'"
    );

    let mut bad = good.clone();
    bad.state
        .get_mut(&0)
        .unwrap()
        .insert("exp_avg".into(), StateValue::Array(Array::zeros(&[2, 3])));
    let e = SGD::new(vec![Tensor::zeros(&[2, 3])], 0.1)
        .try_load_state_dict(&bad)
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "SGD: load_state_dict: unexpected state entry 'exp_avg' for parameter 0"
    );

    let mut bad_lr = good.clone();
    bad_lr.param_groups[0].insert("lr".into(), StateValue::Number(-1.0));
    let e = SGD::new(vec![Tensor::zeros(&[2, 3])], 0.1)
        .try_load_state_dict(&bad_lr)
        .unwrap_err();
    assert_eq!(e.to_string(), "SGD: invalid learning rate: -1");
}

#[test]
fn zero_grad_modes() {
    // set_to_none (default) drops the gradient; set_to_none=false zeroes it in place
    let w = Tensor::ones(&[2]).requires_grad_(true);
    let mut opt = SGD::new(vec![w.clone()], 0.1);
    (&w * 3.0).sum().backward();
    opt.zero_grad_set_to_none(false);
    assert_eq!(w.grad().unwrap().to_vec::<f32>(), vec![0.0, 0.0]);
    opt.zero_grad();
    assert!(w.grad().is_none());
}

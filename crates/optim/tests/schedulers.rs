//! Learning-rate sequences of `tests/fixtures/optim/schedulers.json`: 31 values per
//! case (after construction, then after each of 30 `step()`s), torch's chainable
//! f64 updates. Our recursions are the same formulas, so the values match exactly.

mod common;

use common::load;
use nanotorch_autograd::Tensor;
use nanotorch_optim::{
    CosineAnnealingLR, ExponentialLR, LinearLR, LrScheduler, Optimizer, StepLR, SGD,
};
use serde_json::Value;

fn make(case: &Value, opt: &mut SGD) -> Box<dyn LrScheduler> {
    let kw = &case["kwargs"];
    let f = |k: &str, d: f64| kw.get(k).map_or(d, |v| v.as_f64().unwrap());
    let n = |k: &str, d: usize| kw.get(k).map_or(d, |v| v.as_u64().unwrap() as usize);
    match case["scheduler"].as_str().unwrap() {
        "StepLR" => Box::new(StepLR::new(opt, n("step_size", 0), f("gamma", 0.1))),
        "ExponentialLR" => Box::new(ExponentialLR::new(opt, f("gamma", 0.0))),
        "CosineAnnealingLR" => Box::new(CosineAnnealingLR::new(
            opt,
            n("T_max", 0),
            f("eta_min", 0.0),
        )),
        "LinearLR" => Box::new(LinearLR::new(
            opt,
            f("start_factor", 1.0 / 3.0),
            f("end_factor", 1.0),
            n("total_iters", 5),
        )),
        other => panic!("unknown scheduler {other}"),
    }
}

#[test]
fn fixture_sequences_exact() {
    let data = load("schedulers.json");
    let cases = data["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 7);
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let w = Tensor::zeros(&[1]).requires_grad_(true);
        let mut opt = SGD::new(vec![w.clone()], case["base_lr"].as_f64().unwrap());
        let mut sched = make(case, &mut opt);
        let mut lrs = vec![opt.lr()];
        assert_eq!(sched.get_last_lr(), &[opt.lr()]);
        for epoch in 1..=30 {
            w.set_grad(Some(Tensor::zeros(&[1])));
            opt.step();
            sched.step(&mut opt);
            assert_eq!(sched.last_epoch(), epoch);
            lrs.push(opt.lr());
        }
        let want: Vec<f64> = case["lrs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_f64().unwrap())
            .collect();
        assert_eq!(lrs, want, "{name}");
    }
}

#[test]
fn every_group_scheduled_from_its_own_base() {
    // StepLR(step_size 1, gamma 0.5) on groups with lr 1 and 0.1: both halve each step
    let mut opt = SGD::new(vec![Tensor::zeros(&[1])], 1.0);
    let slow = opt.defaults().lr(0.1);
    opt.add_param_group(vec![Tensor::zeros(&[1])], slow);
    let mut sched = StepLR::new(&mut opt, 1, 0.5);
    sched.step(&mut opt);
    sched.step(&mut opt);
    assert_eq!((opt.group_lr(0), opt.group_lr(1)), (0.25, 0.025));
    assert_eq!(sched.get_last_lr(), &[0.25, 0.025]);
}

#[test]
fn chainable_after_manual_change() {
    // torch's recursive form continues from an lr changed by hand:
    // ExponentialLR(0.5) from 1.0, set to 0.8 at epoch 1, next is 0.4
    let mut opt = SGD::new(vec![Tensor::zeros(&[1])], 1.0);
    let mut sched = ExponentialLR::new(&mut opt, 0.5);
    sched.step(&mut opt);
    opt.set_lr(0.8);
    sched.step(&mut opt);
    assert_eq!(opt.lr(), 0.4);
}

#[test]
#[should_panic(expected = "lr scheduler: the optimizer has 2 parameter groups but had 1")]
fn group_added_after_scheduler_panics() {
    let mut opt = SGD::new(vec![Tensor::zeros(&[1])], 1.0);
    let mut sched = ExponentialLR::new(&mut opt, 0.5);
    opt.add_param_group(vec![Tensor::zeros(&[1])], opt.defaults());
    sched.step(&mut opt);
}

#[test]
fn scheduler_errors() {
    let mut opt = SGD::new(vec![Tensor::zeros(&[1])], 0.1);
    let e = |r: nanotorch_tensor::Result<()>| r.unwrap_err().to_string();
    assert_eq!(
        e(StepLR::try_new(&mut opt, 0, 0.1).map(drop)),
        "StepLR: step_size must be positive, got 0"
    );
    assert_eq!(
        e(CosineAnnealingLR::try_new(&mut opt, 0, 0.0).map(drop)),
        "CosineAnnealingLR: T_max must be positive, got 0"
    );
    assert_eq!(
        e(LinearLR::try_new(&mut opt, 1.5, 1.0, 5).map(drop)),
        "LinearLR: start_factor must be in (0, 1], got 1.5"
    );
    assert_eq!(
        e(LinearLR::try_new(&mut opt, 0.5, -0.1, 5).map(drop)),
        "LinearLR: end_factor must be in [0, 1], got -0.1"
    );
    // a failed construction leaves the lr alone
    assert_eq!(opt.lr(), 0.1);
}

//! Invalid hyper-parameters and parameter lists are errors at construction, each
//! message naming the optimizer and the value (PyTorch raises `ValueError`s).

use nanotorch_autograd::Tensor;
use nanotorch_optim::{Adam, AdamOptions, AdamW, RMSprop, RmspropOptions, SgdOptions, SGD};

fn params() -> Vec<Tensor> {
    vec![Tensor::zeros(&[2]).requires_grad_(true)]
}

fn sgd(o: SgdOptions) -> String {
    SGD::try_with_options(params(), o)
        .err()
        .expect("should fail")
        .to_string()
}

fn adam(o: AdamOptions) -> String {
    Adam::try_with_options(params(), o)
        .err()
        .expect("should fail")
        .to_string()
}

fn adamw(o: AdamOptions) -> String {
    AdamW::try_with_options(params(), o)
        .err()
        .expect("should fail")
        .to_string()
}

fn rmsprop(o: RmspropOptions) -> String {
    RMSprop::try_with_options(params(), o)
        .err()
        .expect("should fail")
        .to_string()
}

#[test]
fn sgd_errors() {
    assert_eq!(
        sgd(SgdOptions::new(-0.1)),
        "SGD: invalid learning rate: -0.1"
    );
    assert_eq!(
        sgd(SgdOptions::new(f64::NAN)),
        "SGD: invalid learning rate: NaN"
    );
    assert_eq!(
        sgd(SgdOptions::new(0.1).momentum(-0.9)),
        "SGD: invalid momentum value: -0.9"
    );
    assert_eq!(
        sgd(SgdOptions::new(0.1).weight_decay(-0.01)),
        "SGD: invalid weight_decay value: -0.01"
    );
    assert_eq!(
        sgd(SgdOptions::new(0.1).nesterov(true)),
        "SGD: Nesterov momentum requires a momentum and zero dampening (got momentum=0, dampening=0)"
    );
    assert_eq!(
        sgd(SgdOptions::new(0.1).momentum(0.9).dampening(0.1).nesterov(true)),
        "SGD: Nesterov momentum requires a momentum and zero dampening (got momentum=0.9, dampening=0.1)"
    );
    // the builder order does not matter: validation happens at construction
    assert!(
        SGD::try_with_options(params(), SgdOptions::new(0.1).nesterov(true).momentum(0.9)).is_ok()
    );
    // lr = 0 is allowed, as in PyTorch
    assert!(SGD::try_new(params(), 0.0).is_ok());
}

#[test]
fn adam_errors() {
    assert_eq!(
        adam(AdamOptions::new(-1e-3)),
        "Adam: invalid learning rate: -0.001"
    );
    assert_eq!(
        adam(AdamOptions::new(1e-3).eps(-1e-8)),
        "Adam: invalid epsilon value: -0.00000001"
    );
    assert_eq!(
        adam(AdamOptions::new(1e-3).betas(1.0, 0.999)),
        "Adam: invalid beta parameter at index 0: 1"
    );
    assert_eq!(
        adam(AdamOptions::new(1e-3).betas(-0.1, 0.999)),
        "Adam: invalid beta parameter at index 0: -0.1"
    );
    assert_eq!(
        adam(AdamOptions::new(1e-3).betas(0.9, 1.5)),
        "Adam: invalid beta parameter at index 1: 1.5"
    );
    assert_eq!(
        adam(AdamOptions::new(1e-3).weight_decay(-0.1)),
        "Adam: invalid weight_decay value: -0.1"
    );
    // betas = 0 is inside [0, 1)
    assert!(Adam::try_with_options(params(), AdamOptions::new(1e-3).betas(0.0, 0.0)).is_ok());
}

#[test]
fn adamw_errors_name_adamw() {
    assert_eq!(
        adamw(AdamOptions::adamw(-1e-3)),
        "AdamW: invalid learning rate: -0.001"
    );
    assert_eq!(
        adamw(AdamOptions::adamw(1e-3).betas(0.9, 1.0)),
        "AdamW: invalid beta parameter at index 1: 1"
    );
    // options built with Adam's defaults are turned into AdamW's decoupled decay
    assert_eq!(
        adamw(AdamOptions::new(1e-3).weight_decay(-1.0)),
        "AdamW: invalid weight_decay value: -1"
    );
}

#[test]
fn rmsprop_errors() {
    assert_eq!(
        rmsprop(RmspropOptions::new(-0.01)),
        "RMSprop: invalid learning rate: -0.01"
    );
    assert_eq!(
        rmsprop(RmspropOptions::new(0.01).eps(-1.0)),
        "RMSprop: invalid epsilon value: -1"
    );
    assert_eq!(
        rmsprop(RmspropOptions::new(0.01).momentum(-0.5)),
        "RMSprop: invalid momentum value: -0.5"
    );
    assert_eq!(
        rmsprop(RmspropOptions::new(0.01).weight_decay(-0.5)),
        "RMSprop: invalid weight_decay value: -0.5"
    );
    assert_eq!(
        rmsprop(RmspropOptions::new(0.01).alpha(-0.99)),
        "RMSprop: invalid alpha value: -0.99"
    );
}

#[test]
fn parameter_list_errors() {
    let e = SGD::try_new(vec![], 0.1).err().unwrap();
    assert_eq!(e.to_string(), "SGD: optimizer got an empty parameter list");
    let w = Tensor::zeros(&[2]).requires_grad_(true);
    let e = Adam::try_new(vec![&w * 2.0], 0.1).err().unwrap();
    assert_eq!(
        e.to_string(),
        "Adam: can't optimize a non-leaf Tensor (parameter 0 of the new group)"
    );
    let e = SGD::try_new(vec![w.clone(), w.clone()], 0.1).err().unwrap();
    assert_eq!(
        e.to_string(),
        "SGD: parameter 1 of the new group appears more than once (in this or another group)"
    );
    let mut opt = RMSprop::new(vec![w.clone()], 0.01);
    let e = opt
        .try_add_param_group(vec![w], RmspropOptions::new(0.01))
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "RMSprop: parameter 0 of the new group appears more than once (in this or another group)"
    );
    // a bad group is refused whole: the optimizer keeps one group
    let e = opt
        .try_add_param_group(vec![Tensor::zeros(&[1])], RmspropOptions::new(-1.0))
        .unwrap_err();
    assert_eq!(e.to_string(), "RMSprop: invalid learning rate: -1");
    assert_eq!(opt.param_groups().len(), 1);
}

#[test]
#[should_panic(expected = "SGD: invalid learning rate: -0.5")]
fn plain_constructor_panics_with_the_message() {
    let _ = SGD::new(params(), -0.5);
}

//! Module behaviour shared by all modules: train/eval, zero_grad, Sequential indexing,
//! activations and Flatten through autograd.

use nanotorch_autograd::Tensor;
use nanotorch_nn::{children, sequential, Flatten, Identity, Linear, Module, ReLU, Sigmoid, Tanh};
use nanotorch_tensor::Result;

struct LinearRegression {
    lin: Linear,
}

impl Module for LinearRegression {
    fn try_forward(&self, x: &Tensor) -> Result<Tensor> {
        self.lin.try_forward(x)
    }
    children!(lin);
}

// eval()/train() reach every descendant, through user modules and Sequential alike.
#[test]
fn train_and_eval_are_recursive() {
    let model = sequential![
        LinearRegression {
            lin: Linear::new(1, 1, true)
        },
        Linear::new(1, 1, true)
    ];
    assert!(model.is_training());
    model.eval();
    assert!(!model.is_training());
    assert!(!model[0].is_training());
    assert!(!model
        .get_as::<LinearRegression>(0)
        .unwrap()
        .lin
        .is_training());
    assert!(!model[1].is_training());
    model[0].train();
    assert!(model[0].is_training() && !model[1].is_training() && !model.is_training());
    model.train();
    assert!(model.get_as::<Linear>(1).unwrap().is_training());
}

// After backward every parameter has a gradient; zero_grad sets them all to None
// (PyTorch 2.x's set_to_none default) and the next backward starts afresh:
// d/dw sum(w x + b) over x = [1, 2] is 3, d/db is 2, each time.
#[test]
fn zero_grad_clears_all_gradients() {
    let model = LinearRegression {
        lin: Linear::new(1, 1, true),
    };
    let x = Tensor::from_vec(vec![1.0, 2.0], &[2, 1]);
    for _ in 0..2 {
        model.forward(&x).sum().backward();
        let grads: Vec<f32> = model
            .parameters()
            .iter()
            .map(|p| p.grad().unwrap().item() as f32)
            .collect();
        assert_eq!(grads, vec![3.0, 2.0]);
        model.zero_grad();
        assert!(model.parameters().iter().all(|p| p.grad().is_none()));
    }
}

#[test]
#[should_panic(expected = "Sequential: index 2 is out of range for 2 module(s)")]
fn sequential_index_past_the_end_panics() {
    let model = sequential![ReLU, Tanh];
    let _ = &model[2];
}

// Activations elementwise at x = [-1, 0, 2]: relu = [0, 0, 2], tanh and sigmoid as the
// tensor ops compute them, identity = x; their gradients flow (relu' = [0, 0, 1]).
#[test]
fn activations_values_and_gradients() {
    let x = Tensor::from_slice(&[-1.0, 0.0, 2.0]).requires_grad_(true);
    assert_eq!(ReLU.forward(&x).to_vec::<f32>(), vec![0.0, 0.0, 2.0]);
    assert_eq!(Tanh.forward(&x).to_vec::<f32>(), x.tanh().to_vec::<f32>());
    // sigmoid = 1 / (1 + e^-x), to within an ulp (the tensor kernel is accurate, not naive)
    let s = Sigmoid.forward(&x).to_vec::<f32>();
    let want = [1.0 / (1.0 + 1f64.exp()), 0.5, 1.0 / (1.0 + (-2f64).exp())];
    for (got, want) in s.iter().zip(want) {
        assert!(
            (*got as f64 - want).abs() <= 1.2e-7 * want,
            "{got} vs {want}"
        );
    }
    assert_eq!(s, x.sigmoid().to_vec::<f32>());
    assert_eq!(Identity.forward(&x).to_vec::<f32>(), vec![-1.0, 0.0, 2.0]);
    ReLU.forward(&x).sum().backward();
    assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![0.0, 0.0, 1.0]);
}

// The sine-fit model: Linear(3, 1) then Flatten(0, 1) maps [N, 3] to [N]; the gradient
// of sum(y) w.r.t. the weight is the column sums of x.
#[test]
fn sine_fit_model_shapes_and_gradient() {
    let model = sequential![Linear::new(3, 1, true), Flatten::new(0, 1)];
    let x = Tensor::from_vec(vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0], &[2, 3]);
    let y = model.forward(&x);
    assert_eq!(y.shape().as_slice(), &[2]);
    y.sum().backward();
    let lin = model.get_as::<Linear>(0).unwrap();
    assert_eq!(
        lin.weight().grad().unwrap().to_vec::<f32>(),
        vec![5.0, 7.0, 9.0]
    );
    assert_eq!(
        lin.bias().unwrap().grad().unwrap().to_vec::<f32>(),
        vec![2.0]
    );
}

#[test]
fn flatten_errors_name_the_dim() {
    let e = Flatten::default()
        .try_forward(&Tensor::zeros(&[4]))
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        Tensor::zeros(&[4])
            .try_flatten(1, -1)
            .unwrap_err()
            .to_string()
    );
    assert!(
        e.to_string()
            .starts_with("flatten: dim 1 is out of range for shape [4]"),
        "{e}"
    );
}

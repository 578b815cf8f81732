//! `named_parameters()` and `state_dict()` names against PyTorch
//! (tests/fixtures/nn/named_parameters.json).

mod common;

use nanotorch_autograd::Tensor;
use nanotorch_nn::{children, sequential, Flatten, Linear, Module, ReLU, Tanh};
use nanotorch_tensor::Result;

/// The notebooks' `LinearRegression(nn.Module)` holding `self.lin`.
struct LinearRegression {
    lin: Linear,
}

impl Module for LinearRegression {
    fn try_forward(&self, x: &Tensor) -> Result<Tensor> {
        self.lin.try_forward(x)
    }
    children!(lin);
}

fn model_for(description: &str) -> Box<dyn Module> {
    match description {
        "Sequential(Linear(3,1), Flatten(0,1))" => {
            Box::new(sequential![Linear::new(3, 1, true), Flatten::new(0, 1)])
        }
        "Linear(1,1)" => Box::new(Linear::new(1, 1, true)),
        "LinearRegression{lin: Linear(1,1)}" => Box::new(LinearRegression {
            lin: Linear::new(1, 1, true),
        }),
        "Sequential(Linear(4,8), ReLU, Linear(8,2,bias=False), Tanh)" => Box::new(sequential![
            Linear::new(4, 8, true),
            ReLU,
            Linear::new(8, 2, false),
            Tanh
        ]),
        other => panic!("no model for fixture module {other}"),
    }
}

// Every module of the fixture: same names, order and shapes as PyTorch's
// named_parameters(), and the same state_dict() keys.
#[test]
fn names_and_shapes_match_pytorch() {
    let fx = common::fixture("named_parameters.json");
    let modules = fx["modules"].as_array().unwrap();
    assert_eq!(modules.len(), 4);
    for case in modules {
        let model = model_for(case["module"].as_str().unwrap());
        let expected: Vec<(String, Vec<usize>)> = case["named_parameters"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                let shape = p["shape"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|d| d.as_u64().unwrap() as usize);
                (p["name"].as_str().unwrap().to_string(), shape.collect())
            })
            .collect();
        let got: Vec<(String, Vec<usize>)> = model
            .named_parameters()
            .into_iter()
            .map(|(n, t)| (n, t.shape().to_vec()))
            .collect();
        assert_eq!(got, expected, "{}", case["module"]);
        let keys: Vec<&str> = case["state_dict_keys"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k.as_str().unwrap())
            .collect();
        let sd = model.state_dict();
        assert_eq!(sd.keys().collect::<Vec<_>>(), keys, "{}", case["module"]);
        assert_eq!(model.parameters().len(), expected.len());
    }
}

/// A module nesting a user module inside a Sequential inside a user module.
struct Outer {
    body: nanotorch_nn::Sequential,
    head: Linear,
}

impl Module for Outer {
    fn try_forward(&self, x: &Tensor) -> Result<Tensor> {
        self.head.try_forward(&self.body.try_forward(x)?)
    }
    children!(body, head);
}

// Dotted names compose at every depth: body.0.lin.weight is the weight of field
// `lin` of element 0 of field `body`.
#[test]
fn deeply_nested_names() {
    let m = Outer {
        body: sequential![
            LinearRegression {
                lin: Linear::new(2, 3, true)
            },
            ReLU
        ],
        head: Linear::new(3, 1, false),
    };
    let names: Vec<String> = m.named_parameters().into_iter().map(|p| p.0).collect();
    assert_eq!(
        names,
        ["body.0.lin.weight", "body.0.lin.bias", "head.weight"]
    );
    assert_eq!(
        m.forward(&Tensor::zeros(&[5, 2])).shape().as_slice(),
        &[5, 1]
    );
}

/// A module that holds one parameter itself and the same tensor again through a child.
struct Tied {
    scale: Tensor,
    lin: Linear,
}

impl Module for Tied {
    fn try_forward(&self, x: &Tensor) -> Result<Tensor> {
        Ok(&self.lin.try_forward(x)? * &self.scale)
    }
    fn own_parameters(&self) -> Vec<(String, Tensor)> {
        vec![
            ("scale".to_string(), self.scale.clone()),
            ("alias".to_string(), self.lin.weight().clone()),
        ]
    }
    children!(lin);
}

// PyTorch lists a shared tensor once, under the first name it meets: own parameters
// come before children's, so the weight appears as `alias`, not `lin.weight`.
#[test]
fn shared_parameters_are_listed_once() {
    let m = Tied {
        scale: Tensor::scalar(2.0).requires_grad_(true),
        lin: Linear::new(1, 1, true),
    };
    let names: Vec<String> = m.named_parameters().into_iter().map(|p| p.0).collect();
    assert_eq!(names, ["scale", "alias", "lin.bias"]);
}

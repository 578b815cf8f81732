//! `polynomial_sin_fit`: fitting y = sin(x) on [-π, π] with a third-order polynomial,
//! following PyTorch's "Learning PyTorch with Examples" tutorial cell by cell:
//! numpy by hand, tensors by hand, autograd, a custom autograd `Function`, `nn`, `optim`.
//!
//! Run: `cargo run --release -p nanotorch-examples --bin polynomial_sin_fit`

#![allow(non_snake_case)] // the notebook's alias P3

mod autograd;
mod manual;
mod nn;
mod shapes;

use nanotorch_examples::notebook::{Notebook, Section};

static SECTIONS: &[Section] = &[
    Section::new("numpy", "numpy: warm up"),
    Section::new("tensor", "tensor: manual backpropagation"),
    Section::new("autograd", "autograd: tensors"),
    Section::new("legendre", "legendre P3: custom autograd function"),
    Section::new("nn", "nn.Sequential: manual update"),
    Section::new("optim", "optim: RMSprop"),
    Section::new("unsqueeze", "unsqueeze: shapes"),
];

fn main() {
    let mut nb = Notebook::from_env(
        "polynomial_sin_fit",
        "a cubic fitted to sin(x) by numpy, tensors, autograd, a custom Function, nn and optim",
        SECTIONS,
    );
    if nb.cell("numpy") {
        manual::numpy(&mut nb);
    }
    if nb.cell("tensor") {
        manual::tensor(&mut nb);
    }
    if nb.cell("autograd") {
        autograd::autograd(&mut nb);
    }
    if nb.cell("legendre") {
        autograd::legendre(&mut nb);
    }
    if nb.cell("nn") {
        nn::sequential(&mut nb);
    }
    if nb.cell("optim") {
        nn::optim(&mut nb);
    }
    if nb.cell("unsqueeze") {
        shapes::unsqueeze(&mut nb);
    }
}

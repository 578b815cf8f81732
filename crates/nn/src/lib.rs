//! # nanotorch-nn
//!
//! PyTorch's `torch.nn` building blocks over [`nanotorch_autograd::Tensor`]: the
//! [`Module`] trait, [`Linear`], [`Flatten`], [`Sequential`], the activations [`ReLU`],
//! [`Tanh`], [`Sigmoid`] and [`Identity`], and [`StateDict`] with safetensors files
//! that PyTorch reads and writes under the same names.
//!
//! The notebooks' `LinearRegression` model, a module holding a module: naming the
//! field once with [`children!`] is all it takes for `named_parameters()`,
//! `zero_grad()`, `state_dict()` and `eval()` to find `lin`'s parameters.
//!
//! ```
//! use nanotorch_autograd::{no_grad, Tensor};
//! use nanotorch_nn::{children, Linear, Module};
//! use nanotorch_tensor::Result;
//!
//! // class LinearRegression(nn.Module):
//! //     def __init__(self, input_dim, output_dim):
//! //         super().__init__()
//! //         self.lin = nn.Linear(input_dim, output_dim)
//! //     def forward(self, x):
//! //         return self.lin(x)
//! struct LinearRegression {
//!     lin: Linear,
//! }
//!
//! impl LinearRegression {
//!     fn new(input_dim: usize, output_dim: usize) -> Self {
//!         LinearRegression { lin: Linear::new(input_dim, output_dim, true) }
//!     }
//! }
//!
//! impl Module for LinearRegression {
//!     fn try_forward(&self, x: &Tensor) -> Result<Tensor> {
//!         self.lin.try_forward(x)
//!     }
//!     children!(lin);
//! }
//!
//! let model = LinearRegression::new(1, 1);
//! let names: Vec<String> = model.named_parameters().into_iter().map(|(n, _)| n).collect();
//! assert_eq!(names, ["lin.weight", "lin.bias"]);
//!
//! // A few steps of gradient descent on y = 2x.
//! let x = Tensor::from_vec(vec![1.0, 2.0, 3.0, 4.0], &[4, 1]);
//! let y = Tensor::from_vec(vec![2.0, 4.0, 6.0, 8.0], &[4, 1]);
//! for _ in 0..200 {
//!     let loss = (&model.forward(&x) - &y).pow(2.0).mean();
//!     model.zero_grad();
//!     loss.backward();
//!     no_grad(|| {
//!         for p in model.parameters() {
//!             p.sub_(&(&p.grad().unwrap() * 0.05));
//!         }
//!     });
//! }
//! let f5 = model.forward(&Tensor::from_slice(&[5.0])).item();
//! assert!((f5 - 10.0).abs() < 0.05, "f(5) = {f5}");
//! ```

#![warn(missing_docs)]

mod activation;
mod children;
mod flatten;
mod linear;
mod mode;
mod module;
mod safetensors_io;
mod sequential;
mod state_dict;

pub use activation::{Identity, ReLU, Sigmoid, Tanh};
pub use flatten::Flatten;
pub use linear::Linear;
pub use mode::Mode;
pub use module::{AsAny, Module};
pub use sequential::Sequential;
pub use state_dict::StateDict;

//! # nanotorch-autograd
//!
//! A PyTorch-faithful reverse-mode autograd tape over `nanotorch-tensor` arrays.
//! [`Tensor`] is an [`Array`](nanotorch_tensor::Array) plus what autodiff needs:
//! `requires_grad`, `.grad` (accumulated across backward calls, as in PyTorch), the
//! `grad_fn` node that made it, and a version counter for in-place checks.
//!
//! The linear-regression notebook, line by line:
//!
//! ```
//! use nanotorch_autograd::{no_grad, Tensor};
//!
//! let x = Tensor::from_slice(&[1.0, 2.0, 3.0, 4.0]);
//! let y = Tensor::from_slice(&[2.0, 4.0, 6.0, 8.0]);
//! let w = Tensor::scalar(0.0).requires_grad_(true);
//! let lr = 0.01;
//! for _epoch in 0..20 {
//!     let y_hat = &w * &x;
//!     let l = (&y - &y_hat).pow(2.0).mean();
//!     l.backward();
//!     no_grad(|| w.sub_(&(lr * &w.grad().unwrap())));
//!     w.zero_grad();
//! }
//! assert_eq!(format!("{:.3}", (&w * 5.0).item()), "9.612");
//! ```
//!
//! Every op that can fail has a `try_*` form returning
//! [`Result`](nanotorch_tensor::Result); the plain form panics with the same message
//! at the caller's line. See `docs/autograd.md` for the design.

#![warn(missing_docs)]

mod backward;
mod creation;
mod display;
mod engine;
pub mod function;
mod grad_mode;
mod gradcheck;
mod inplace;
mod node;
mod ops;
mod tensor;

pub use backward::{grad, try_grad, try_grad_allow_unused};
pub use function::{Context, Function};
pub use grad_mode::{enable_grad, is_grad_enabled, no_grad, set_grad_enabled, NoGradGuard};
pub use gradcheck::{gradcheck, gradgradcheck, GradcheckError};
pub use tensor::Tensor;

//! # nanotorch-optim
//!
//! PyTorch's optimizers and learning-rate schedulers for `nanotorch-autograd`
//! tensors, with the same hyper-parameters, defaults and f32 arithmetic:
//! [`SGD`], [`Adam`], [`AdamW`], [`RMSprop`] behind the [`Optimizer`] trait, and
//! [`StepLR`], [`ExponentialLR`], [`CosineAnnealingLR`], [`LinearLR`] behind
//! [`LrScheduler`].
//!
//! ```
//! use nanotorch_autograd::Tensor;
//! use nanotorch_optim::{Adam, Optimizer};
//!
//! // fit w so that w * x = y for x = [1, 2, 3], y = [2, 4, 6]
//! let x = Tensor::from_slice(&[1.0, 2.0, 3.0]);
//! let y = Tensor::from_slice(&[2.0, 4.0, 6.0]);
//! let w = Tensor::scalar(0.0).requires_grad_(true);
//! let mut opt = Adam::new(vec![w.clone()], 0.1);
//! for _ in 0..200 {
//!     opt.zero_grad();
//!     (&w * &x - &y).pow(2.0).mean().backward();
//!     opt.step();
//! }
//! assert!((w.item() - 2.0).abs() < 1e-3);
//! ```
//!
//! Hyper-parameters are checked at construction: a negative learning rate, Nesterov
//! momentum without momentum, a beta outside `[0, 1)` and so on are errors from the
//! `try_*` constructors (panics from the plain ones) whose message names the
//! optimizer and the value.

#![warn(missing_docs)]

pub mod adam;
mod arith;
mod constructors;
mod core;
mod optimizer;
pub mod rmsprop;
mod scheduler;
mod schedulers;
pub mod sgd;
mod state;
mod validate;

pub use adam::{Adam, AdamOptions, AdamW};
pub use optimizer::{Optimizer, ParamGroup};
pub use rmsprop::{RMSprop, RmspropOptions};
pub use scheduler::LrScheduler;
pub use schedulers::{CosineAnnealingLR, ExponentialLR, LinearLR, StepLR};
pub use sgd::{SgdOptions, UpdateRule, SGD};
pub use state::{ParamState, StateDict, StateValue};

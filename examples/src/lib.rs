//! # nanotorch-examples
//!
//! The five gradient-descent notebooks of `../shared/notebooks/` as binaries, one per
//! notebook, each printing the lines its notebook printed:
//!
//! | binary | notebook |
//! | --- | --- |
//! | `linear_regression_4_steps` | numpy by hand, then autograd, `nn.MSELoss` + `optim.SGD`, `nn.Linear` |
//! | `polynomial_sin_fit` | a cubic fitted to `sin`: numpy, tensors, autograd, a custom `Function`, `nn` |
//! | `gradient_descent_numpy_torch` | `f = w * x` by numpy, autograd, loss + optimizer, `nn.Linear` |
//! | `linear_regression_autograd` | the autograd version, and why it converges more slowly |
//! | `backprop_linear_regression` | numpy, autograd and `nn.Linear` on `Y = 2X` |
//!
//! This library holds what the binaries share: the command line and cell runner
//! ([`cli`], [`notebook`], [`section`]), Python's number formatting ([`pyfmt`]) and the emulation of the
//! transcripts' numpy 1.x float32 dot ([`legacy_numpy`]).
//!
//! ```
//! use nanotorch_examples::pyfmt::fixed;
//! // The notebooks' `f'{l:.8f}'` of an f32 loss.
//! assert_eq!(fixed(4.79999924f32, 8), "4.79999924");
//! ```

#![warn(missing_docs)]

pub mod cli;
pub mod legacy_numpy;
pub mod notebook;
pub mod pyfmt;
pub mod section;

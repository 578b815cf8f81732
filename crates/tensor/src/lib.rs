//! # nanotorch-tensor
//!
//! The numpy layer of nanotorch: an n-dimensional [`Array`] of `f32` or `f64` with
//! PyTorch's shapes, strides, views and broadcasting, and the hot kernels
//! (elementwise, reductions, matmul). There is no autograd here; the
//! `nanotorch-autograd` crate builds on this one.
//!
//! ```
//! use nanotorch_tensor::Array;
//!
//! // Linear regression by hand, as the first notebook does it in numpy.
//! let x = Array::from_slice(&[1.0, 2.0, 3.0, 4.0]);
//! let y = Array::from_slice(&[2.0, 4.0, 6.0, 8.0]);
//! let w = 0.0;
//! let y_pred = &x * w;
//! let loss = (&y_pred - &y).pow_scalar(2.0).mean();
//! assert_eq!(loss.item(), 30.0);
//! ```
//!
//! Every operation that can fail has a `try_*` form returning [`Result`]; the plain
//! form panics with the same message at the caller's line.

#![warn(missing_docs)]

mod array;
mod creation;
mod display;
pub mod dtype;
pub mod error;
mod kernels;
mod linalg;
pub mod ops;
pub mod random;
mod reduce;
pub mod shape;
mod storage;
mod threads;
mod views;

pub use array::Array;
pub use dtype::{DType, Element};
pub use error::{Error, Result};
pub use kernels::alloc::release_cached_buffers;
pub use random::{manual_seed, Generator};
pub use threads::{get_num_threads, set_num_threads, PARALLEL_MNK};
pub use views::ShapeArg;

//! Elementwise operations: binary (with broadcasting), unary, and comparisons.

pub mod binary;
pub mod compare;
pub mod into;
mod operators;
pub mod unary;
mod value;

//! Elementwise operations: binary (with broadcasting), unary, and comparisons.

pub mod binary;
pub mod compare;
pub mod into;
pub mod unary;

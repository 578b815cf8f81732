//! Loops over memory. Everything that touches elements in bulk lives here, behind a
//! small interface (slices, strides, closures), so the performance work has one place
//! to go.

pub(crate) mod alloc;
pub(crate) mod divide;
pub(crate) mod extreme;
pub(crate) mod gemm;
pub(crate) mod map;
pub(crate) mod math;
pub(crate) mod runs;
pub(crate) mod small_mm;
pub(crate) mod sum;
pub(crate) mod walk;

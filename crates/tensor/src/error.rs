//! The one error type of the tensor crate.
//!
//! Errors are data: each variant names the operation that failed and the shapes
//! involved, so a message reads like
//! `add: cannot broadcast [2, 3] with [4]: dim -1 is 3 vs 4`.

/// Result alias used by every fallible (`try_*`) operation.
pub type Result<T> = std::result::Result<T, Error>;

/// Everything that can go wrong in `nanotorch-tensor`.
///
/// ```
/// use nanotorch_tensor::Array;
/// let a = Array::zeros(&[2, 3]);
/// let b = Array::zeros(&[4]);
/// let err = a.try_add(&b).unwrap_err();
/// assert_eq!(err.to_string(), "add: cannot broadcast [2, 3] with [4]: dim -1 is 3 vs 4");
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Error {
    /// Two shapes do not broadcast; `dim` counts from the end (-1 is the last dim).
    #[error("{op}: cannot broadcast {lhs:?} with {rhs:?}: dim {dim} is {left} vs {right}")]
    Broadcast {
        /// Operation name.
        op: &'static str,
        /// Left shape.
        lhs: Vec<usize>,
        /// Right shape.
        rhs: Vec<usize>,
        /// Failing dim, negative (counted from the end).
        dim: isize,
        /// Size of that dim on the left.
        left: usize,
        /// Size of that dim on the right.
        right: usize,
    },
    /// A dim index outside `[-rank, rank)`.
    #[error(
        "{op}: dim {dim} is out of range for shape {shape:?} (expected a dim in [{lo}, {hi}])"
    )]
    DimOutOfRange {
        /// Operation name.
        op: &'static str,
        /// The dim as given.
        dim: isize,
        /// The shape it was applied to.
        shape: Vec<usize>,
        /// Smallest valid dim.
        lo: isize,
        /// Largest valid dim.
        hi: isize,
    },
    /// The product of the dims does not fit in `usize`.
    #[error("{op}: the element count of shape {shape:?} overflows usize")]
    Overflow {
        /// Operation name.
        op: &'static str,
        /// The shape.
        shape: Vec<usize>,
    },
    /// Data length and shape disagree.
    #[error("{op}: {len} elements do not fill shape {shape:?} ({numel} elements)")]
    LengthMismatch {
        /// Operation name.
        op: &'static str,
        /// Number of elements given.
        len: usize,
        /// Requested shape.
        shape: Vec<usize>,
        /// Elements the shape holds.
        numel: usize,
    },
    /// Two shapes must be equal, or have a specific relation, and do not.
    #[error("{op}: shape {lhs:?} does not match {rhs:?}: {why}")]
    ShapeMismatch {
        /// Operation name.
        op: &'static str,
        /// First shape.
        lhs: Vec<usize>,
        /// Second shape.
        rhs: Vec<usize>,
        /// What the relation should have been, naming the failing dim.
        why: String,
    },
    /// An argument is invalid for a reason the message states.
    #[error("{op}: {msg}")]
    Invalid {
        /// Operation name.
        op: &'static str,
        /// What was wrong.
        msg: String,
    },
}

impl Error {
    /// Shorthand for [`Error::Invalid`].
    pub fn invalid(op: &'static str, msg: impl Into<String>) -> Self {
        Error::Invalid {
            op,
            msg: msg.into(),
        }
    }
}

/// Unwraps a result, panicking with the error's message at the caller's line.
///
/// Every plain (non-`try_`) operation calls its `try_` form through this.
#[track_caller]
#[inline]
pub fn unwrap<T>(r: Result<T>) -> T {
    match r {
        Ok(v) => v,
        Err(e) => panic!("{e}"),
    }
}

//! Grad mode: the thread-local switch that decides whether ops are recorded.
//!
//! As in PyTorch, recording is on by default, [`no_grad`] (or a [`NoGradGuard`])
//! turns it off for the current thread only, and [`enable_grad`] turns it back on
//! inside a `no_grad` region.
//!
//! ```
//! use nanotorch_autograd::{no_grad, Tensor};
//! let w = Tensor::scalar(1.0).requires_grad_(true);
//! let y = no_grad(|| &w * 2.0);
//! assert!(!y.requires_grad());
//! assert!((&w * 2.0).requires_grad());
//! ```

use std::cell::Cell;

thread_local! {
    static GRAD_ENABLED: Cell<bool> = const { Cell::new(true) };
}

/// True when ops on this thread are recorded for autograd (`torch.is_grad_enabled()`).
///
/// ```
/// use nanotorch_autograd::{is_grad_enabled, no_grad};
/// assert!(is_grad_enabled());
/// assert!(!no_grad(is_grad_enabled));
/// ```
#[inline]
pub fn is_grad_enabled() -> bool {
    GRAD_ENABLED.with(|g| g.get())
}

/// Sets grad mode for this thread and returns the previous value
/// (`torch.set_grad_enabled`). Prefer the scoped forms [`no_grad`] and
/// [`NoGradGuard`], which restore the old value.
///
/// ```
/// use nanotorch_autograd::{is_grad_enabled, set_grad_enabled};
/// let prev = set_grad_enabled(false);
/// assert!(!is_grad_enabled());
/// set_grad_enabled(prev);
/// assert!(is_grad_enabled());
/// ```
pub fn set_grad_enabled(enabled: bool) -> bool {
    GRAD_ENABLED.with(|g| g.replace(enabled))
}

/// Runs `f` with recording off (`with torch.no_grad():`), restoring the previous mode
/// afterwards, also if `f` panics.
///
/// ```
/// use nanotorch_autograd::{no_grad, Tensor};
/// let w = Tensor::scalar(0.5).requires_grad_(true);
/// no_grad(|| w.sub_(&Tensor::scalar(0.25)));
/// assert_eq!(w.item(), 0.25);
/// ```
pub fn no_grad<R>(f: impl FnOnce() -> R) -> R {
    let _guard = NoGradGuard::new();
    f()
}

/// Runs `f` with recording on, even inside a `no_grad` region (`torch.enable_grad()`).
///
/// ```
/// use nanotorch_autograd::{enable_grad, no_grad, Tensor};
/// let w = Tensor::scalar(2.0).requires_grad_(true);
/// let y = no_grad(|| enable_grad(|| &w * &w));
/// assert!(y.requires_grad());
/// ```
pub fn enable_grad<R>(f: impl FnOnce() -> R) -> R {
    let _guard = GradModeGuard::new(true);
    f()
}

/// Turns recording off until dropped, then restores the previous mode
/// (`torch.no_grad()` as a guard object, like libtorch's `NoGradGuard`).
///
/// ```
/// use nanotorch_autograd::{is_grad_enabled, NoGradGuard};
/// {
///     let _g = NoGradGuard::new();
///     assert!(!is_grad_enabled());
/// }
/// assert!(is_grad_enabled());
/// ```
#[must_use = "grad mode is restored as soon as the guard is dropped"]
pub struct NoGradGuard {
    _mode: GradModeGuard,
}

impl NoGradGuard {
    /// Turns recording off for this thread until the guard drops.
    ///
    /// ```
    /// let _g = nanotorch_autograd::NoGradGuard::new();
    /// assert!(!nanotorch_autograd::is_grad_enabled());
    /// ```
    pub fn new() -> Self {
        NoGradGuard {
            _mode: GradModeGuard::new(false),
        }
    }
}

impl Default for NoGradGuard {
    fn default() -> Self {
        Self::new()
    }
}

/// Sets grad mode to a given value until dropped (used by the backward pass, which
/// records exactly when `create_graph` is true).
pub(crate) struct GradModeGuard {
    prev: bool,
}

impl GradModeGuard {
    pub(crate) fn new(enabled: bool) -> Self {
        GradModeGuard {
            prev: set_grad_enabled(enabled),
        }
    }
}

impl Drop for GradModeGuard {
    fn drop(&mut self) {
        set_grad_enabled(self.prev);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes_nest_and_restore() {
        assert!(is_grad_enabled());
        no_grad(|| {
            assert!(!is_grad_enabled());
            enable_grad(|| assert!(is_grad_enabled()));
            assert!(!is_grad_enabled());
        });
        assert!(is_grad_enabled());
    }

    #[test]
    fn restored_after_panic() {
        let r = std::panic::catch_unwind(|| no_grad(|| panic!("boom")));
        assert!(r.is_err());
        assert!(is_grad_enabled());
    }

    #[test]
    fn thread_local() {
        let _g = NoGradGuard::new();
        let other = std::thread::spawn(is_grad_enabled).join().unwrap();
        assert!(other);
        assert!(!is_grad_enabled());
    }
}

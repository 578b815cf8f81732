//! [`Mode`]: the train/eval flag a module holds.

use std::sync::atomic::{AtomicBool, Ordering};

/// A module's train/eval flag (`module.training`), shared-mutable so that
/// [`Module::train`](crate::Module::train) and [`Module::eval`](crate::Module::eval) take `&self`, like the parameters' in-place
/// updates. Starts in training mode.
///
/// ```
/// use nanotorch_nn::Mode;
/// let m = Mode::default();
/// assert!(m.get());
/// m.set(false);
/// assert!(!m.get());
/// ```
#[derive(Debug)]
pub struct Mode(AtomicBool);

impl Default for Mode {
    fn default() -> Self {
        Mode(AtomicBool::new(true))
    }
}

impl Clone for Mode {
    fn clone(&self) -> Self {
        Mode(AtomicBool::new(self.get()))
    }
}

impl Mode {
    /// True in training mode.
    ///
    /// ```
    /// use nanotorch_nn::Mode;
    /// assert!(Mode::default().get());
    /// ```
    pub fn get(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }

    /// Sets training (`true`) or evaluation (`false`) mode.
    ///
    /// ```
    /// use nanotorch_nn::Mode;
    /// let m = Mode::default();
    /// m.set(false);
    /// assert!(!m.get());
    /// ```
    pub fn set(&self, training: bool) {
        self.0.store(training, Ordering::Relaxed)
    }
}

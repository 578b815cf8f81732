//! Hyper-parameter checks shared by the optimizers; each error names the optimizer
//! and the value, like PyTorch's `ValueError("Invalid learning rate: -0.1")`.

use nanotorch_tensor::{Error, Result};

/// `lr >= 0` (NaN is refused too).
pub(crate) fn check_lr(name: &'static str, lr: f64) -> Result<()> {
    if lr >= 0.0 {
        Ok(())
    } else {
        Err(Error::invalid(name, format!("invalid learning rate: {lr}")))
    }
}

/// `value >= 0` for a named hyper-parameter (NaN is refused too).
pub(crate) fn check_nonneg(name: &'static str, what: &str, value: f64) -> Result<()> {
    if value >= 0.0 {
        Ok(())
    } else {
        Err(Error::invalid(
            name,
            format!("invalid {what} value: {value}"),
        ))
    }
}

/// `0 <= beta < 1` for the `index`-th beta.
pub(crate) fn check_beta(name: &'static str, index: usize, beta: f64) -> Result<()> {
    if (0.0..1.0).contains(&beta) {
        Ok(())
    } else {
        Err(Error::invalid(
            name,
            format!("invalid beta parameter at index {index}: {beta}"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundaries() {
        // 0 is allowed everywhere; beta = 1 is not (the running average would never move)
        assert!(check_lr("SGD", 0.0).is_ok());
        assert!(check_lr("SGD", f64::NAN).is_err());
        assert!(check_nonneg("Adam", "eps", 0.0).is_ok());
        assert!(check_beta("Adam", 0, 0.0).is_ok());
        let e = check_beta("Adam", 1, 1.0).unwrap_err();
        assert_eq!(e.to_string(), "Adam: invalid beta parameter at index 1: 1");
    }
}

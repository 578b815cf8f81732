//! Elementwise arithmetic with the rounding of PyTorch's CPU kernels.
//!
//! PyTorch's optimizers are written with tensor ops (`add(x, alpha=a)`, `lerp_`,
//! `addcmul_`, `addcdiv_`); each one rounds in a particular way on an AVX2 CPU, and
//! a bit-exact port must round the same way. Python-float scalars are rounded to the
//! tensor's dtype first. What each kernel does (checked against the 50-step fixtures
//! in `tests/fixtures/optim`):
//!
//! - `a.add(b, alpha=s)` is one fused multiply-add, `fma(s, b, a)`.
//! - `a.lerp(b, w)` is `fma(w, b - a, a)` for `|w| < 0.5`, else `fma(w - 1, b - a, b)`.
//! - `a.addcmul(b, c, value=s)` is `fma(s * b, c, a)`: ATen's `self + value * t1 * t2`
//!   with the product `value * t1` rounded and the rest contracted into one FMA.
//! - `a.addcdiv(b, c, value=s)` is `a + (s * b) / c`, each step rounded (a quotient
//!   cannot be contracted).
//! - `a / s` with a Python-float `s` is a true f32 division by `f32(s)` (not a
//!   multiplication by the reciprocal); `a.mul(s)`, `a.add(s)` round once in f32.
//!
//! Each rule was checked on random f32 tensors of 2, 6 and 64 elements against
//! torch 2.15 (all 21,600 results per rule identical; the 8-wide AVX2 path and the
//! scalar tail round alike), and every alternative (unfused, other association)
//! differs on about 10% of elements.
//!
//! **`sqrt` is the one operation we do not reproduce.** torch's CPU `Tensor.sqrt`
//! for f32 calls MKL's `vmsSqrt`, which on this machine (AMD EPYC, AVX2) is only
//! faithfully rounded: about 18% of results are one ulp off the correctly rounded
//! square root, always where the exact root lies within 0.25 ulp of a rounding
//! midpoint (calling `vmsSqrt` through ctypes reproduces torch's output on 10^6
//! inputs, whatever VML accuracy mode is passed). Its algorithm is not public and no
//! reciprocal-square-root/Newton variant tried (f32 or f64, with or without FMA)
//! reproduces it, so we use the correctly rounded `sqrt`. An emulation with torch's
//! own `sqrt` outputs substituted makes every Adam, AdamW and RMSprop fixture
//! bit-exact for all 50 steps, so those one-ulp square roots are the only source of
//! the remaining difference: it stays below 1e-6 of each tensor's largest value, but
//! a parameter crossing zero can differ by up to ~1e-4 of its own size.

use nanotorch_tensor::Element;

/// Rounds a Python-float scalar to the tensor's dtype, as PyTorch's kernels do.
#[inline(always)]
pub(crate) fn sc<T: Element>(v: f64) -> T {
    T::from_f64(v)
}

/// `a.add(b, alpha=s)`: `fma(s, b, a)` when `fused`, else `a + (s * b)` with two roundings.
#[inline(always)]
pub(crate) fn add_alpha<T: Element>(a: T, b: T, s: f64, fused: bool) -> T {
    if fused {
        sc::<T>(s).mul_add(b, a)
    } else {
        a + sc::<T>(s) * b
    }
}

/// `a.lerp(b, w)` (`a + w (b - a)`), PyTorch's two-sided form.
#[inline(always)]
pub(crate) fn lerp<T: Element>(a: T, b: T, w: f64) -> T {
    let wt = sc::<T>(w);
    let d = b - a;
    if wt.abs() < sc::<T>(0.5) {
        wt.mul_add(d, a)
    } else {
        (wt - T::ONE).mul_add(d, b)
    }
}

/// `a.addcmul(b, c, value=s)`: ATen computes `self + value * t1 * t2`, which GCC
/// contracts to `fma(value * t1, t2, self)` (the explicit AVX2 path does the same).
#[inline(always)]
pub(crate) fn addcmul<T: Element>(a: T, b: T, c: T, s: f64) -> T {
    (sc::<T>(s) * b).mul_add(c, a)
}

/// `a.addcdiv(b, c, value=s)`: ATen's `self + value * t1 / t2`, i.e.
/// `a + (s * b) / c` with three roundings.
#[inline(always)]
pub(crate) fn addcdiv<T: Element>(a: T, b: T, c: T, s: f64) -> T {
    a + sc::<T>(s) * b / c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn add_alpha_fused_rounds_once() {
        // s b = 2^-24 (1 - 2^-24)(1 + 2^-23) = 2^-24 (1 + 2^-24 - 2^-47).
        // Fused, 1 + s b lies just above the midpoint 1 + 2^-24 and rounds up to
        // 1 + 2^-23; unfused, s b first rounds to 2^-24 and 1 + 2^-24 ties to even, 1.
        let b = 1.0f32 + f32::EPSILON;
        let s = 2f64.powi(-24) * (1.0 - 2f64.powi(-24));
        assert_eq!(add_alpha(1.0f32, b, s, true), 1.0 + f32::EPSILON);
        assert_eq!(add_alpha(1.0f32, b, s, false), 1.0);
    }

    #[test]
    fn lerp_uses_the_near_end() {
        // w = 0.1: a + 0.1 (b - a) = 1 + 0.1 * 10 = 2; w = 0.9: b - 0.1 (b - a) = 11 - 1 = 10
        assert_eq!(lerp(1.0f64, 11.0, 0.1), 2.0);
        assert_eq!(lerp(1.0f64, 11.0, 0.9), 10.0);
        // the ends are exact: w = 0 gives a, w = 1 gives b
        assert_eq!(lerp(0.3f32, 0.7, 0.0), 0.3);
        assert_eq!(lerp(0.3f32, 0.7, 1.0), 0.7);
    }

    #[test]
    fn addcmul_addcdiv_values() {
        // 1 + 0.5 * (2 * 3) = 4;  1 + (0.5 * 3) / 2 = 1.75
        assert_eq!(addcmul(1.0f32, 2.0, 3.0, 0.5), 4.0);
        assert_eq!(addcdiv(1.0f32, 3.0, 2.0, 0.5), 1.75);
    }

    #[test]
    fn addcmul_rounds_once_after_the_scaled_factor() {
        // b = c = 1 + 2^-12: s b c = 0.5 (1 + 2^-11 + 2^-24), so with a = -0.5 the exact
        // result 2^-12 + 2^-25 is representable and one fma gives it. Rounding the
        // product first loses the 2^-24 (a tie, to even) and leaves 2^-12.
        let b = 1.0f32 + 2f32.powi(-12);
        let exact = 2f32.powi(-12) + 2f32.powi(-25);
        assert_eq!(addcmul(-0.5f32, b, b, 0.5), exact);
        assert_eq!(-0.5f32 + 0.5 * (b * b), 2f32.powi(-12));
    }
}

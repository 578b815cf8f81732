//! `tanh` and `sigmoid` from the exp kernels, as compensated quotients.
//!
//! Both are a quotient `n / d` whose parts come from `e^y = s (1 + p)`. Rounding `n`,
//! `d` and the quotient separately would cost up to ~2 ulp, so the parts are formed
//! with their exact rounding errors (Fast2Sum / TwoSum), the quotient's own error is
//! recovered with an FMA where available, and one correction step folds them in:
//! `n/d ~ q + (rho + err_n - q err_d) / d`, with `1/d` obtained from `q` without a
//! second division. What is left is the polynomial's error and the final rounding.
//!
//! tanh(|x|) = m / (m + 2) with `m = e^{2|x|} - 1` (no `1 - ...` cancellation for small
//! `x`), sign restored from `x`. sigmoid(x) = 1 / (1 + e^{-x}) for `x >= 0` and
//! e^x / (1 + e^x) below, so the exponential never overflows; beyond |x| = 87, where
//! the result may be subnormal, a scalar `f64` path takes over (as sin/cos do).

use super::exp_log::exp_parts;

/// `(a + b, error)` with `a + b = sum + error` exactly, for `|a| >= |b|` (or `a = 0`).
#[inline(always)]
fn fast_two_sum(a: f32, b: f32) -> (f32, f32) {
    let s = a + b;
    (s, b - (s - a))
}

/// `(a + b, error)` with `a + b = sum + error` exactly, any order of magnitude.
#[inline(always)]
fn two_sum(a: f32, b: f32) -> (f32, f32) {
    let s = a + b;
    let bb = s - a;
    (s, (a - (s - bb)) + (b - bb))
}

/// `(n + en) / (d + ed)` given `q = n / d` rounded and an estimate `inv_d` of `1/d`.
#[inline(always)]
fn corrected_quotient<const FMA: bool>(
    q: f32,
    n: f32,
    en: f32,
    d: f32,
    ed: f32,
    inv_d: f32,
) -> f32 {
    // With FMA, the quotient's residual n - q d is exact; without, it is left out.
    let rho = if FMA { (-q).mul_add(d, n) } else { 0.0 };
    let corr = rho + en - q * ed;
    if FMA {
        corr.mul_add(inv_d, q)
    } else {
        corr * inv_d + q
    }
}

/// Hyperbolic tangent; `±0` keeps its sign, `±inf` gives `±1`, NaN stays NaN.
#[inline(always)]
pub(super) fn tanh<const FMA: bool>(x: f32) -> f32 {
    let a = x.abs();
    // tanh(10) rounds to 1 in f32; clamping keeps e^{2a} finite. NaN passes through.
    let a = if a > 10.0 { 10.0 } else { a };
    let (s, sp) = exp_parts::<FMA>(a + a);
    // m = e^{2a} - 1 = (s - 1) + s p; s - 1 is exact (up to s = 2^24; beyond, its
    // rounding is far below tanh's ulp) and at least |s p| unless zero
    let (m, em) = fast_two_sum(s - 1.0, sp);
    let (d, ed) = two_sum(m, 2.0);
    // tanh = m / d for m < 2 (t < 1/2), else 1 - 2 / d: either way the quotient is at
    // most 1/2, so 1/d follows from it accurately: (1 - q)/2 or q/2.
    let big = m >= 2.0;
    let (n, en, ed) = if big {
        (2.0, 0.0, ed + em)
    } else {
        (m, em, ed)
    };
    let q = n / d;
    let inv_d = if big { q * 0.5 } else { (1.0 - q) * 0.5 };
    let q = corrected_quotient::<FMA>(q, n, en, d, ed, inv_d);
    let t = if big { 1.0 - q } else { q };
    f32::from_bits(t.to_bits() | (x.to_bits() & 0x8000_0000))
}

/// Logistic sigmoid `1 / (1 + e^-x)` for `|x| <= 87` (beyond, and for NaN, the
/// exact scalar path [`sigmoid_exact`] takes over).
#[inline(always)]
pub(super) fn sigmoid<const FMA: bool>(x: f32) -> f32 {
    let a = x.abs();
    let neg = x < 0.0;
    // e = e^{-|x|} = s + s p, kept as a pair; s = 2^k stays normal for |x| <= 87
    let (s, sp) = exp_parts::<FMA>(-(if a > 87.0 { 87.0 } else { a }));
    let (e, ee) = fast_two_sum(s, sp);
    let (n, en) = if neg { (e, ee) } else { (1.0, 0.0) };
    // d = 1 + e = (1 + s) + s p; 1 + s is exact for s >= 2^-23 (below, its rounding
    // is under half an ulp of the result, which is then 1 or e), and >= |s p|
    let (d, ed) = fast_two_sum(1.0 + s, sp);
    let q = n / d;
    // 1/d = q when n = 1, and 1 - e/d = 1 - q when n = e (q <= 1/2 there)
    let inv_d = if neg { 1.0 - q } else { q };
    corrected_quotient::<FMA>(q, n, en, d, ed, inv_d)
}

/// Bits of 87: larger magnitudes (whose sigmoid may be subnormal) and NaN take the
/// scalar path.
pub(crate) const SIGMOID_LIMIT_BITS: u32 = 0x42ae_0000;

/// `1 / (1 + e^-x)` through `f64`, for any `x`.
pub(crate) fn sigmoid_exact(x: f32) -> f32 {
    (1.0 / (1.0 + (-(x as f64)).exp())) as f32
}

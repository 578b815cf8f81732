//! `tanh` and `sigmoid` from the split exponential `e^y = s (1 + p)`, `s = 2^k`,
//! `p = u Q(u)` ([`exp_pieces`]).
//!
//! Both need `1 + e^y` with a single rounding: `fma(s u, Q, s + 1)`, where `s u` is
//! exact and `s + 1` is exact while `|k| <= 23`. A quotient of that by an exact
//! numerator then carries one rounding from the denominator (at most `2^-24` relative)
//! and one from the division, one division per 8 lanes.
//!
//! sigmoid(x) = 1 / (1 + e^-x) for `|x| <= 87` (no cancellation anywhere: the
//! denominator is at least 1; for `|k| > 23` the part of `s + 1` that does not fit moves
//! into `p`). tanh(|x|) = 1 - 2 / (1 + e^{2|x|}) for `|x| >= atanh(1/2)`,
//! where the result is at least 1/2 and `2/d` at most 1/2, so the quotient's errors reach
//! the result scaled down; below that an odd minimax polynomial (`x + x^3 T(x^2)`, `T` of
//! degree 4, relative error 1.1e-9, `tools/fit_math_polys.py`). Both branches are
//! computed and one selected, so the code stays branch-free.

use super::exp_log::{exp_pieces, exp_pieces_short};
use super::{fma, Fixup};

/// `T` of `tanh x = x + x^3 T(x^2)` on `|x| <= atanh(1/2)` (tools/results/math_polys.md).
const TANH_T: [f32; 5] = [
    f32::from_bits(0xbeaa_aaa5), // -0.33333316
    f32::from_bits(0x3e08_8677), // 0.13332544
    f32::from_bits(0xbd5c_8f3f), // -0.053847548
    f32::from_bits(0x3cac_728c), // 0.021050714
    f32::from_bits(0xbbcc_90d1), // -0.0062428494
];

/// `atanh(1/2)`, rounded: below it tanh takes the polynomial.
const TANH_SPLIT: f32 = 0.549_306_15;

/// Hyperbolic tangent; `±0` keeps its sign, `±inf` gives `±1`, NaN stays NaN.
#[inline(always)]
pub(super) fn tanh<const FMA: bool>(x: f32) -> f32 {
    let a = x.abs();
    // small: a + a w, w = z T(z), z = a^2 (Horner: this branch is off the critical path)
    let z = a * a;
    let t = fma::<FMA>(TANH_T[4], z, TANH_T[3]);
    let t = fma::<FMA>(t, z, TANH_T[2]);
    let t = fma::<FMA>(t, z, TANH_T[1]);
    let t = fma::<FMA>(t, z, TANH_T[0]);
    let small = fma::<FMA>(a, z * t, a);
    // large: 1 - 2 / (1 + e^{2a}), e^{2a} = s (1 + u Q) with s u exact. tanh(9.1) rounds
    // to 1, and clamping there keeps e^{2a} finite; NaN fails the comparison and flows
    // through as NaN. The short exponential's error (degree-5 polynomial, 0.23 * 2^-24;
    // one-step reduction, 2k * 1.0e-9 with k <= 27) reaches tanh scaled by 2/d <= 1/2.
    let b = if a > 9.1 { 9.1 } else { a };
    let (s, u, q) = exp_pieces_short::<FMA, 2>(b);
    let large = 1.0 - 2.0 / fma::<FMA>(s * u, q, s + 1.0);
    let y = if a < TANH_SPLIT { small } else { large };
    // (|y| with x's sign: tanh(-0) = -0)
    f32::from_bits(y.to_bits() | (x.to_bits() & 0x8000_0000))
}

/// sigmoid's fast path covers `|x| <= 87`: below, the result may be subnormal, and the
/// exact scalar path [`sigmoid_exact`] takes over (as it does above, where the result is
/// 1, and for infinities and NaN).
pub(super) const SIGMOID_FIXUP: Fixup = Fixup::magnitude(0x42ae_0000, sigmoid_exact);

/// Logistic sigmoid `1 / (1 + e^-x)` for `|x| <= 87`.
#[inline(always)]
pub(super) fn sigmoid<const FMA: bool>(x: f32) -> f32 {
    // e^-x = s (1 + u Q) with s = 2^k normal
    let (s, u, q) = exp_pieces::<FMA, -1>(x);
    // 1 + e^-x = v + s p' with v = s + 1 rounded and p' = u Q + ((s + 1) - v) / s. The
    // part of s + 1 that v misses is 0 but for s >= 2^24 (then 1: v = s) and s = 2^-24
    // (then 2^-24: v = 1), and ((s + 1) - v) / s = 1/s - (v - s) / s exactly (v - s is
    // exact, 1/s a power of two): p' is rounded once, as p = u Q alone would be (with
    // s = 2^-24 that rounding is far below the result's ulp).
    let v = s + 1.0;
    let s_inv = f32::from_bits(0x7f00_0000u32.wrapping_sub(s.to_bits()));
    let p = fma::<FMA>(u, q, fma::<FMA>(-(v - s), s_inv, s_inv));
    1.0 / fma::<FMA>(s, p, v)
}

/// `1 / (1 + e^-x)` through `f64`, for any `x`.
pub(crate) fn sigmoid_exact(x: f32) -> f32 {
    (1.0 / (1.0 + (-(x as f64)).exp())) as f32
}

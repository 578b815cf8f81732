//! `tanh` and `sigmoid` from the split exponential `e^y = s (1 + p)`, `s = 2^k`.
//!
//! tanh, for `|x| <= 40` (the exact scalar path [`tanh_exact`] takes larger magnitudes,
//! infinities and NaN), in one formula and one division: with `a = |x|` and
//! `E = e^{-2a}`, `tanh a = (1 - E) / (1 + E)`. `E = s (1 - q)` with `k = round(-2a /
//! ln2) <= 0`, `u = a + k ln2/2` (`|u| <= ln2/4`, one fused step: `ln2/2` rounded to
//! `f32` puts `u` off by `|k| * 9.5e-10`, which reaches the result damped by `E`) and
//! `q = 1 - e^{-2u} = 2u + u^2 R(u)`, `R` of degree 4 (relative error 1.4e-8 = 0.24 *
//! 2^-24, tools/fit_math_polys.py; degree 3 gives 7.6 * 2^-24, and degree 5 cost 8 % of
//! the speed for a sampled worst error of 1.87 instead of 1.89 ulp), formed as
//! `fma(u^2, R, 2u)`: `2u` is exact and `u^2 R` at most 0.19 of `q`, so `q` gets one
//! rounding plus R's errors damped (not `u (2 + u R)`, whose inner rounding would cost
//! a whole extra ulp). Then
//! `N = fma(s, q, 1 - s)` and `D = fma(-s, q, 1 + s)`, each rounded once (`s q` is
//! exact and `1 ± s` too for `k >= -23`), and `y = N / D`.
//!
//! Error budget, in ulps of the result (measured: exhaustively over `[0, 40]`, worst
//! 1.93 with FMA, 1.95 without; `tests.rs` checks every float around each seam):
//! - `k = 0` (`a <= ln2/4`): `N = q` exactly, so `q`'s rounding (0.5 ulp of `q`, plus
//!   R's damped error) reaches the result whole: up to 0.7; `D = 2 - q` rounds in
//!   `[1.5, 2]`, up to 0.7; the division 0.5. Worst 1.83 at `x = 0.12037`.
//! - `k = -1, -2`: `N = 1/2 + q/2` (or `3/4 + q/4`) halves `q`'s error but rounds
//!   again; worst 1.93 at `x = 0.51916`, the top of `k = -1`'s range (`|q|` largest,
//!   the result just below 1/2 where its ulp is relatively smallest): `N` 0.66 ulp of
//!   `N`, `D` 0.33 ulp of `D`, division 0.49.
//! - `-23 <= k <= -3`: `N` and `D` round the same exact `E` on the grids `2^-24` and
//!   `2^-23`, so their errors partly cancel in the quotient: at most 1.5.
//! - `k <= -24` (`a > 8.14`): `1 + s` rounds to 1, so `D = 1` is off by `E < 1.42 *
//!   2^-24` (1.83 at `k = -24`, 1.41 at `-25`); the result is 1 from `a = 9.01`.
//!
//! Without FMA the same steps run with each product rounded (the reduction in two steps,
//! `ln2` split as in `exp`); `s q` is still exact, so `N` and `D` are unchanged.
//!
//! sigmoid(x) = 1 / (1 + e^-x) for `|x| <= 87` (no cancellation anywhere: the
//! denominator is at least 1; for `|k| > 23` the part of `s + 1` that does not fit moves
//! into `p`): `1 + e^-x` with a single rounding, `fma(s u, Q, s + 1)` with `s u` exact,
//! then one division.

use super::exp_log::{exp_pieces, round_k, scale, LN2_HI, LN2_LO};
use super::{fma, Fixup};

/// `R` of `1 - e^{-2u} = 2u + u^2 R(u)` on `|u| <= ln2/4` (tools/results/math_polys.md).
const TANH_R: [f32; 5] = [
    f32::from_bits(0xbfff_ffff), // -1.9999999
    f32::from_bits(0x3faa_aa55), // 1.3333231
    f32::from_bits(0xbf2a_abcc), // -0.6666839
    f32::from_bits(0x3e89_15ff), // 0.26774594
    f32::from_bits(0xbdb5_6342), // -0.088568226
];

/// tanh's fast path covers `|x| <= 40`, where `2^k` above stays normal (`k >= -116`);
/// the result is 1 from `|x| = 9.01` on. Larger magnitudes, infinities and NaN take
/// [`tanh_exact`].
pub(super) const TANH_FIXUP: Fixup = Fixup::magnitude(0x4220_0000, tanh_exact).checked_in_loop();

/// Hyperbolic tangent for `|x| <= 40`; `±0` keeps its sign.
#[inline(always)]
pub(super) fn tanh<const FMA: bool>(x: f32) -> f32 {
    let a = x.abs();
    // e^{-2a} = s (1 - q): k = round(-2a / ln2), u = a + k ln2/2
    let (t, kf) = round_k::<FMA, -2>(a);
    let u = if FMA {
        fma::<FMA>(kf, std::f32::consts::LN_2 / 2.0, a)
    } else {
        // (k LN2_HI / 2 exact and cancelling a exactly, as in exp)
        let u = fma::<FMA>(kf, LN2_HI / 2.0, a);
        fma::<FMA>(kf, LN2_LO / 2.0, u)
    };
    let mut r = TANH_R[4];
    for &c in TANH_R[..4].iter().rev() {
        r = fma::<FMA>(r, u, c);
    }
    // q = 1 - e^{-2u}; at a = 0 it is +0 (u^2 R = -0 plus u + u = +0), so N = +0
    let q = fma::<FMA>(u * u, r, u + u);
    let s = scale(1.0, t);
    let n = fma::<FMA>(s, q, 1.0 - s);
    let d = fma::<FMA>(-s, q, 1.0 + s);
    let y = n / d;
    // (y >= +0 with x's sign: tanh(-0) = -0)
    f32::from_bits(y.to_bits() | (x.to_bits() & 0x8000_0000))
}

/// `tanh x` through `f64`, for any `x`: `±1` at `±inf`, NaN stays NaN.
pub(crate) fn tanh_exact(x: f32) -> f32 {
    (x as f64).tanh() as f32
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

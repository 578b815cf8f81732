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
//! sigmoid, for `|x| <= 87` (the exact scalar path [`sigmoid_exact`] takes larger
//! magnitudes, infinities and NaN): with `e^-x = 2^k (1 + W)`, `k = round(-x / ln2)` and
//! `u = x + k ln2` (`|u| <= ln2/2`, Cody-Waite in two steps as in `exp`),
//! `1 / (1 + e^-x) = 2^-k / w` with `w = 1 + 2^-k + W`; the numerator `2^-k` is a
//! power of two (normal for `|k| <= 126`), so the division's one rounding is the
//! result's. `W = e^{-u} - 1 = -u + u^2 R(u)` with `R` of degree 4: `P` of degree 5
//! fitted for sigmoid (tools/results/math_polys.md), with `e^{-u}`'s relative error
//! weighted by `e^u`, since for large `k` (`w` about `e^{-u}`) it reaches the result
//! amplified by about that. Its relative error is at most 0.092 * 2^-24 for `u > 0`
//! and 0.143 for `u < 0`, and the worst result error measured 1.75 ulp; with exp's
//! degree-5 coefficients (0.225 * 2^-24, unweighted) it was 1.92, and with exp's
//! degree 6 1.75-1.87 but 7-12 % slower. `w` is rounded once, from
//! `c + W'`: `c = 1 + 2^-k` rounded, exact for `|k| <= 23`, and `W' = lost + W` with
//! `lost = (1 + 2^-k) - c`, found exactly as `(1 - c) + 2^-k`: 0 for `|k| <= 23`,
//! `2^-k` for `k >= 24` (`x <= -16.3`, where `c = 1` and dropping it would cost up to
//! 1.4 ulp), 1 for `k = -24` and 0 instead of 1 for `k <= -25` (a relative `2^-25` of
//! `w`, at most 0.71 ulp in results that round to 1 or next to it). `W'` is formed in
//! Estrin's form, `a = (lost - u) + u^2 (q1 + q2 u)`, `b = q3 + q4 u + q5 u^2`,
//! `W' = a + u^4 b`: each lane's chain ends in the division (about 11 cycles), and the
//! shorter chain measured faster than Horner's despite one multiplication more (at 1e4:
//! 2.5e9 elements/s; Horner's form of degree 6 2.2e9, Estrin's of degree 6 2.3e9).
//!
//! Error budget, in ulps of the result (measured: exhaustively over `[-87, 87]`, worst
//! 1.746 with FMA at `x = -1.0990`, 1.751 without at `x = -1.1052`):
//! - `x >= 0` (`k <= 0`, result in `[1/2, 1)`): `w`'s rounding costs up to 1 (`w` just
//!   above a power of two, the result just below 1 where its ulp is relatively
//!   smallest), the division 0.5; `W'`'s errors reach the result damped by `E/(1+E)`,
//!   `E = e^-x`: worst 1.50 (at `x = 7.8592`), at most 1.03 from `k = -15` on (the
//!   result rounds to 1 or next to it).
//! - `x < 0` (`k >= 0`, result about `e^x`): the same 1 + 0.5, plus `W'`'s roundings
//!   (`a` and `W'`, half an ulp of `W'` each, `|W'| <= 0.41`) and `R`'s error, damped
//!   only by `E/(1+E)` (so whole for large `k`): worst 1.75 at `k = 2` and `k = 3`
//!   (`x = -1.0990`, `u = 0.287`: `w = 5/4 + W` just above 1 with `W` near `-1/4`, the
//!   result just below 1/4; `x = -1.9486`, `W` near `-1/8`), at most 1.68 elsewhere
//!   (1.59 for `k = 24, 25`, where `lost` is not 0).

use super::exp_log::{reduce, round_k, scale, scaled, LN2_HI, LN2_LO};
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

/// `P` of degree 5 for sigmoid: `e^r = 1 + r P(r)` on `|r| <= ln2/2` with the relative
/// error weighted by `e^-r` (tools/results/math_polys.md, "sigmoid"); unweighted, it is
/// 0.092 * 2^-24 for `r < 0` and 0.143 * 2^-24 for `r > 0`.
const SIGMOID_P: [f32; 6] = [
    1.0,
    f32::from_bits(0x3eff_ffeb), // 0.49999937
    f32::from_bits(0x3e2a_aa59), // 0.16666545
    f32::from_bits(0x3d2a_bc64), // 0.04168357
    f32::from_bits(0x3c09_1329), // 0.0083663845
    f32::from_bits(0x3aa9_30cd), // 0.0012908221
];

/// sigmoid's fast path covers `|x| <= 87`: below, the result may be subnormal, and the
/// exact scalar path [`sigmoid_exact`] takes over (as it does above, where the result is
/// 1, and for infinities and NaN).
pub(super) const SIGMOID_FIXUP: Fixup = Fixup::magnitude(0x42ae_0000, sigmoid_exact);

/// Logistic sigmoid `1 / (1 + e^-x)` for `|x| <= 87`.
#[inline(always)]
pub(super) fn sigmoid<const FMA: bool>(x: f32) -> f32 {
    // e^-x = 2^k e^{-u}: k = round(-x / ln2), u = x + k ln2 (the product k LN2_HI and
    // the sum exact)
    let (t, u) = reduce::<FMA, -1>(x);
    // e^{-u} - 1 = u Q(u) = -u + q1 u^2 + ... + q5 u^6
    let q = const { scaled(SIGMOID_P, -1.0) };
    // 2^-k: the exponent field of 1 less k (t's bits shifted left by 23 are k's)
    let s_inv = f32::from_bits(0x3f80_0000u32.wrapping_sub(t.to_bits() << 23));
    // c + lost = 1 + 2^-k exactly, c rounded
    let c = 1.0 + s_inv;
    let lost = (1.0 - c) + s_inv;
    let u2 = u * u;
    let u4 = u2 * u2;
    let r01 = fma::<FMA>(q[2], u, q[1]);
    let r23 = fma::<FMA>(q[4], u, q[3]);
    let a = fma::<FMA>(u2, r01, lost - u);
    let b = fma::<FMA>(q[5], u2, r23);
    // w = 2^-k (1 + e^-x), one rounding
    let w = c + fma::<FMA>(u4, b, a);
    s_inv / w
}

/// `1 / (1 + e^-x)` through `f64`, for any `x`.
pub(crate) fn sigmoid_exact(x: f32) -> f32 {
    (1.0 / (1.0 + (-(x as f64)).exp())) as f32
}

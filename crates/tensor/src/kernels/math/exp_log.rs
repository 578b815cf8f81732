//! `exp`, its reduction `x = k ln2 + u` and `2^k` step (which tanh and sigmoid use with
//! polynomials of their own) and `ln` as branch-free `f32` lane functions.
//!
//! exp, for `|x| <= 87` (the exact scalar path [`exp_exact`] takes larger magnitudes,
//! infinities and NaN, so the fast path never meets a subnormal or infinite result):
//! `x = k ln2 + r` with `|r| <= ln2/2` (Cody-Waite: `ln2` split so that `k * LN2_HI` and
//! `x - k * LN2_HI` are exact), `e^r = 1 + r P(r)` with `P` the degree-6 minimax
//! polynomial of `tools/fit_math_polys.py` (relative error 1.0e-10 with its coefficients
//! in `f32`) in Horner's form, then `2^k` applied by adding `k` to the exponent field:
//! for `|x| <= 87`, `k` is in `[-126, 126]` and the result stays normal, so the
//! addition is exact.
//!
//! ln, for positive normal `x` (zeros, subnormals, negative numbers, `+inf` and NaN take
//! [`log_exact`]): `x = 2^e m` with `m` in `[sqrt(1/2), sqrt 2)`, `f = m - 1` (exact),
//! and `ln(1 + f) = f - f^2/2 + f^3 L(f)` with `L` the degree-7 minimax polynomial
//! (relative error 6.3e-9 = 0.11 * 2^-24; no division). The terms are added smallest
//! first, so that the leading `f` is exact and rounding only touches the corrections.

use super::{fma, Fixup};

/// `log2(e)`.
const LOG2E: f32 = std::f32::consts::LOG2_E;
/// `ln 2` to 9 significant bits: `k * LN2_HI` is exact for `|k| < 2^15`.
pub(super) const LN2_HI: f32 = f32::from_bits(0x3f31_8000); // 0.693359375 = 355/512
/// `ln 2 - LN2_HI`, rounded.
pub(super) const LN2_LO: f32 = -2.121_944_4e-4;
/// `1.5 * 2^23`: adding it rounds a float of magnitude below `2^22` to an integer that
/// then sits in the low mantissa bits.
pub(super) const MAGIC: f32 = 12_582_912.0;

/// exp's fast path covers `|x| <= 87`: `e^x` is then a normal float, `e^-87 = 1.6e-38`.
pub(super) const EXP_FIXUP: Fixup = Fixup::magnitude(0x42ae_0000, exp_exact);

/// `e^r = 1 + r P(r)` on `|r| <= ln2/2`: the coefficients of `P = 1 + c1 r + ... +
/// c6 r^6` (tools/results/math_polys.md; relative error 1.0e-10 = 0.002 * 2^-24. With
/// `P` of degree 5 it was 1.3e-8: `P(0) = 1` costs that much there, and `exp(1)` came
/// out 1 ulp off.)
const EXP_P: [f32; 7] = [
    1.0,
    0.5,
    f32::from_bits(0x3e2a_aaaa), // 0.16666666
    f32::from_bits(0x3d2a_aa72), // 0.041666456
    f32::from_bits(0x3c08_896f), // 0.008333548
    f32::from_bits(0x3ab6_a907), // 0.0013935872
    f32::from_bits(0x394f_3d2d), // 0.00019763848
];

/// The coefficients `m^{i+1} c_i` of `Q(u) = m P(m u)` for `m = ±1` or another power
/// of two (exact), so that `e^{m u} - 1 = u Q(u)` (sigmoid's `e^{-u}`).
pub(super) const fn scaled<const N: usize>(p: [f32; N], m: f32) -> [f32; N] {
    let mut q = p;
    let mut f = m;
    let mut i = 0;
    while i < N {
        q[i] *= f;
        f *= m;
        i += 1;
    }
    q
}

/// The reduction `m x = k ln2 + m u` for a constant `m` in {-1, 1} and `|m x| <= 87`
/// (the caller's fast range): `(t, u)` with `t = MAGIC + k` (see [`round_k`]; `2^k` is
/// normal) and `|m u| <= ln2/2`, by Cody-Waite with `ln2 / m` in two parts (the first
/// product and difference exact, `k` at most 8 bits). Folding `m` into the constants
/// saves the negation of `x`.
#[inline(always)]
pub(super) fn reduce<const FMA: bool, const M: i32>(x: f32) -> (f32, f32) {
    let (t, kf) = round_k::<FMA, M>(x);
    let m = M as f32;
    let u = fma::<FMA>(-kf, LN2_HI / m, x);
    (t, fma::<FMA>(-kf, LN2_LO / m, u))
}

/// `t = MAGIC + k` and `k` as a float, `k = round(m x / ln2)` (for `|m x| < 2^22 ln2`).
#[inline(always)]
pub(super) fn round_k<const FMA: bool, const M: i32>(x: f32) -> (f32, f32) {
    let t = fma::<FMA>(x, LOG2E * M as f32, MAGIC);
    // (NaN gives garbage k, harmless: NaN * anything stays NaN)
    (t, t - MAGIC)
}

/// `f` with `k` added to its exponent field, given `t = MAGIC + k` from the reduction:
/// `f * 2^k`, exact when both `f` and the result are normal. (The bits of `t` are
/// `MAGIC`'s plus `k`, and `MAGIC`'s bits shifted left by 23 wrap to zero.)
#[inline(always)]
pub(super) fn scale(f: f32, t: f32) -> f32 {
    f32::from_bits(f.to_bits().wrapping_add(t.to_bits() << 23))
}

/// `e^x` for `|x| <= 87` (larger magnitudes, infinities and NaN take [`exp_exact`]):
/// `s (1 + r P(r))` with the last step an exponent-field addition, exact here since
/// `1 + r P` is in `[0.7, 1.5]` and `k` in `[-126, 126]`.
#[inline(always)]
pub(super) fn exp<const FMA: bool>(x: f32) -> f32 {
    let (t, r) = reduce::<FMA, 1>(x);
    // P in Horner's form (measured 10 % faster here than Estrin's, whose shorter chain
    // costs two more multiplications on the two FMA pipes)
    let mut p = EXP_P[6];
    for &c in EXP_P[..6].iter().rev() {
        p = fma::<FMA>(p, r, c);
    }
    // adding the exponent field of s = 2^k, less the bias
    let k_field = scale(1.0, t).to_bits().wrapping_sub(0x3f80_0000);
    f32::from_bits(fma::<FMA>(r, p, 1.0).to_bits().wrapping_add(k_field))
}

/// `e^x` through `f64` (correctly rounded but for rare double roundings), for any `x`:
/// overflow to `+inf` above 88.72, subnormal results down to -103.97, NaN stays NaN.
pub(crate) fn exp_exact(x: f32) -> f32 {
    (x as f64).exp() as f32
}

/// `L` of `ln(1 + f) = f - f^2/2 + f^3 L(f)` on `[sqrt(1/2) - 1, sqrt 2 - 1]`, degree 7
/// (tools/results/math_polys.md).
const LOG_L: [f32; 8] = [
    f32::from_bits(0x3eaa_aaaa), // 0.33333331
    f32::from_bits(0xbe80_0115), // -0.25000826
    f32::from_bits(0x3e4c_d00a), // 0.20001236
    f32::from_bits(0xbe2a_3897), // -0.1662315
    f32::from_bits(0x3e11_6c10), // 0.14201379
    f32::from_bits(0xbe06_c74b), // -0.13161962
    f32::from_bits(0x3e02_b78f), // 0.12765335
    f32::from_bits(0xbd9c_5a2c), // -0.076343864
];

/// ln's fast path covers the positive normal floats; zeros, subnormals, negative
/// numbers, `+inf` and NaN take [`log_exact`].
pub(super) const LOG_FIXUP: Fixup = Fixup::bits(0x0080_0000, 0x7f7f_ffff, log_exact);

/// Natural logarithm of a positive normal float (others take [`log_exact`]).
#[inline(always)]
pub(super) fn log<const FMA: bool>(x: f32) -> f32 {
    // Offset the bits so that the mantissa lands in [sqrt(1/2), sqrt 2).
    const SQRT_HALF_BITS: i32 = 0x3f35_04f3;
    let ix = (x.to_bits() as i32).wrapping_sub(SQRT_HALF_BITS);
    let ef = (ix >> 23) as f32;
    let m = f32::from_bits(((ix & 0x007f_ffff) + SQRT_HALF_BITS) as u32);
    // exact: m is within a factor 2 of 1
    let f = m - 1.0;
    let f2 = f * f;
    let f4 = f2 * f2;
    let l01 = fma::<FMA>(LOG_L[1], f, LOG_L[0]);
    let l23 = fma::<FMA>(LOG_L[3], f, LOG_L[2]);
    let l45 = fma::<FMA>(LOG_L[5], f, LOG_L[4]);
    let l67 = fma::<FMA>(LOG_L[7], f, LOG_L[6]);
    let l03 = fma::<FMA>(l23, f2, l01);
    let l47 = fma::<FMA>(l67, f2, l45);
    let l = fma::<FMA>(l47, f4, l03);
    // e ln2 + f - f^2/2 + f^3 L, smallest terms first; e * LN2_HI is exact (e has at
    // most 8 significant bits) and f - f^2/2 + f^3 L is at most 0.35 in magnitude, so
    // the last two roundings cost at most half an ulp of the result each.
    let small = fma::<FMA>(f2 * f, l, ef * LN2_LO);
    let small = fma::<FMA>(f2, -0.5, small);
    fma::<FMA>(ef, LN2_HI, small + f)
}

/// `ln x` through `f64`, for any `x`: `-inf` at `±0`, NaN below zero and for NaN, `+inf`
/// at `+inf`, subnormal inputs exact.
pub(crate) fn log_exact(x: f32) -> f32 {
    (x as f64).ln() as f32
}

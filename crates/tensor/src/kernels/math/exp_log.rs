//! `exp`, `expm1` (for tanh) and `ln` as branch-free `f32` lane functions.
//!
//! exp: `x = k ln2 + r` with `|r| <= ln2/2` (Cody-Waite: `ln2` split so that `k *
//! LN2_HI` and `x - k * LN2_HI` are exact), `e^r - 1` by its Taylor series to `r^8`
//! (truncation below 6e-10, 0.01 ulp), then `2^k` applied as two exact power-of-two
//! factors so that subnormal results are rounded once.
//!
//! ln: `x = 2^e m` with `m` in `[sqrt(1/2), sqrt 2)`, `f = m - 1` (exact), and
//! `ln(1 + f) = 2 atanh(s)` with `s = f / (2 + f)`, `|s| <= 0.172`, whose odd series
//! to `s^9` truncates below 3e-9 relative; written as `f - s (f - R)` so the leading
//! `f` is exact and rounding only touches the small correction.

use super::fma;

/// `log2(e)`.
const LOG2E: f32 = std::f32::consts::LOG2_E;
/// `ln 2` to 9 significant bits: `k * LN2_HI` is exact for `|k| < 2^15`.
pub(super) const LN2_HI: f32 = f32::from_bits(0x3f31_8000); // 0.693359375 = 355/512
/// `ln 2 - LN2_HI`, rounded.
pub(super) const LN2_LO: f32 = -2.121_944_4e-4;
/// `1.5 * 2^23`: adding it rounds a float of magnitude below `2^22` to an integer that
/// then sits in the low mantissa bits.
pub(super) const MAGIC: f32 = 12_582_912.0;

/// `2^k` for `-126 <= k <= 127`, built from the exponent bits.
#[inline(always)]
fn pow2i(k: i32) -> f32 {
    f32::from_bits((k.wrapping_add(127) as u32) << 23)
}

/// `x = k ln2 + r`: returns `(r, k)`, `|r|` at most a hair above `ln2 / 2`.
#[inline(always)]
fn reduce<const FMA: bool>(x: f32) -> (f32, i32) {
    let t = fma::<FMA>(x, LOG2E, MAGIC);
    let kf = t - MAGIC;
    // (NaN gives garbage k, harmless: NaN * anything stays NaN)
    let k = (t.to_bits() as i32).wrapping_sub(MAGIC.to_bits() as i32);
    // kf has at most 8 significant bits here, so kf * LN2_HI is exact and so is the
    // difference (it cancels the leading bits of x): fused or not, r1 is exact.
    let r = fma::<FMA>(-kf, LN2_HI, x);
    (fma::<FMA>(-kf, LN2_LO, r), k)
}

/// `e^r - 1` for `|r| <= 0.35`: `r + r^2 (1/2! + r/3! + ... + r^6/8!)`.
#[inline(always)]
fn expm1_poly<const FMA: bool>(r: f32) -> f32 {
    const C: [f32; 7] = [
        1.0 / 2.0,
        1.0 / 6.0,
        1.0 / 24.0,
        1.0 / 120.0,
        1.0 / 720.0,
        1.0 / 5040.0,
        1.0 / 40320.0,
    ];
    let mut p = C[6];
    for &c in C[..6].iter().rev() {
        p = fma::<FMA>(p, r, c);
    }
    fma::<FMA>(r * r, p, r)
}

/// `e^x`; overflows to `+inf` above about 88.72, underflows through the subnormals to
/// `+0` below about -103.97; NaN stays NaN.
#[inline(always)]
pub(super) fn exp<const FMA: bool>(x: f32) -> f32 {
    // Clamping keeps k in [-150, 128]; the clamped ends still over/underflow. NaN
    // fails both comparisons and flows through the arithmetic as NaN.
    let x = x.clamp(-104.0, 89.0);
    let (r, k) = reduce::<FMA>(x);
    let y = 1.0 + expm1_poly::<FMA>(r);
    // 2^k as 2^k1 * 2^k2 with both in the normal range: y * 2^k1 is exact, and the
    // second product rounds once (to a subnormal, or overflows to inf).
    let k1 = k >> 1;
    y * pow2i(k1) * pow2i(k.wrapping_sub(k1))
}

/// `e^x = s (1 + p)` unrounded, for `-87 <= x <= 88` (so that `s = 2^k` is normal):
/// returns `(s, s * p)`, both exact given `p`. Callers that go on to divide use the
/// pair to avoid the rounding of `e^x` itself.
#[inline(always)]
pub(super) fn exp_parts<const FMA: bool>(x: f32) -> (f32, f32) {
    let (r, k) = reduce::<FMA>(x);
    let s = pow2i(k);
    (s, s * expm1_poly::<FMA>(r))
}

/// Natural logarithm: `-inf` at `±0`, NaN below zero and for NaN, `+inf` at `+inf`;
/// subnormal inputs are scaled into the normal range first.
#[inline(always)]
pub(super) fn log<const FMA: bool>(x: f32) -> f32 {
    let sub = x < f32::MIN_POSITIVE;
    let xs = if sub { x * 8_388_608.0 } else { x };
    // Offset the bits so that the mantissa lands in [sqrt(1/2), sqrt 2).
    const SQRT_HALF_BITS: i32 = 0x3f35_04f3;
    let ix = (xs.to_bits() as i32).wrapping_sub(SQRT_HALF_BITS);
    let e = (ix >> 23).wrapping_sub(if sub { 23 } else { 0 });
    let m = f32::from_bits(((ix & 0x007f_ffff) + SQRT_HALF_BITS) as u32);
    let f = m - 1.0;
    let s = f / (2.0 + f);
    let z = s * s;
    let big_r = z * fma::<FMA>(
        z,
        fma::<FMA>(z, fma::<FMA>(z, 2.0 / 9.0, 2.0 / 7.0), 2.0 / 5.0),
        2.0 / 3.0,
    );
    // 2s = f - s f, so ln(1 + f) = 2s + s R = f - s (f - R)
    let r = fma::<FMA>(-s, f - big_r, f);
    let ef = e as f32;
    let y = fma::<FMA>(ef, LN2_HI, fma::<FMA>(ef, LN2_LO, r));
    let y = if x == f32::INFINITY { x } else { y };
    if x > 0.0 {
        y
    } else if x == 0.0 {
        f32::NEG_INFINITY
    } else {
        f32::NAN
    }
}

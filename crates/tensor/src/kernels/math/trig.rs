//! `sin` and `cos` as `f32` lane functions, for `|x| <= 1e4`.
//!
//! Both reduce `x = k pi/2 + r`, `|r| <= pi/4`, evaluate minimax polynomials for the
//! sine and cosine of `r` (`tools/fit_math_polys.py`: `sin r = r + r^3 S(r^2)` and
//! `cos r = 1 - r^2/2 + r^4 C(r^2)` with `S` and `C` of degree 2, relative errors 4.0e-9
//! and 1.2e-10 with their coefficients in `f32`) and pick one by the quadrant `k mod 4`.
//! With FMA the reduction runs in `f32` with `pi/2` split in three parts (`P1 + P2 + P3`,
//! each the largest `f32` below what is left, 72 bits): the first product is cancelled
//! exactly by the fused subtraction and the two later steps each round a value that is
//! already close to `r` (the closest `f32` to a multiple of `pi/2` below 1e4 is 4.2e-9
//! away from it, 252.898 near 161 pi/2, so the 3e-22 left out costs nothing). Without
//! FMA it runs in `f64` with a two-part `pi/2` (33 + 53 bits, `k * P1` exact) and a final
//! rounding to `f32`. Larger `|x|` (and inf/NaN) go to the exact scalar path
//! ([`sin_exact`], [`cos_exact`]).
//!
//! Signed zero: every part of `pi/2` is positive, so for `x = -0` (`k = +0`) each step
//! adds `-0 * P = -0` to `-0` and `r` stays `-0`; the sine is then formed as `r + r w`
//! with `w = z S + 0`, which is `+0` rather than `-0` at `z = 0`, so `r w = -0` and
//! `sin(-0) = -0` without a compare and select.

use super::exp_log::MAGIC;

/// Bits of `1e4`: inputs whose magnitude bits exceed this take the scalar path.
pub(crate) const LIMIT_BITS: u32 = 0x461c_4000;

const FRAC_2_PI: f32 = std::f32::consts::FRAC_2_PI;
/// `pi/2` as `P1 + P2 + P3` (each rounded down, so all positive) plus 3.3e-22.
const P1: f32 = f32::from_bits(0x3fc9_0fda);
const P2: f32 = f32::from_bits(0x33a2_2168);
const P3: f32 = f32::from_bits(0x27c2_34c4);

const FRAC_2_PI_D: f64 = std::f64::consts::FRAC_2_PI;
/// `1.5 * 2^52`, the f64 rounding constant.
const MAGIC_D: f64 = 6_755_399_441_055_744.0;
/// `pi/2` to 33 significant bits, and the rest.
const P1_D: f64 = 1.570_796_326_734_125_6;
const P2_D: f64 = 6.077_100_506_506_192e-11;

/// `S` of `sin r = r + r^3 S(r^2)` on `|r| <= pi/4` (tools/results/math_polys.md).
const SIN_S: [f32; 3] = [
    f32::from_bits(0xbe2a_aaa3), // -0.16666655
    f32::from_bits(0x3c08_83ba), // 0.008332187
    f32::from_bits(0xb94c_a8f5), // -0.00019517897
];
/// `C` of `cos r = 1 - r^2/2 + r^4 C(r^2)` on `|r| <= pi/4`.
const COS_C: [f32; 3] = [
    f32::from_bits(0x3d2a_aaa5), // 0.041666646
    f32::from_bits(0xbab6_0614), // -0.001388731
    f32::from_bits(0x37cc_f406), // 2.4432327e-5
];

/// Sine and cosine of the reduced argument, and the quadrant `k mod 4`.
#[inline(always)]
fn sincos_reduced<const FMA: bool>(x: f32) -> (f32, f32, u32) {
    if FMA {
        let t = x.mul_add(FRAC_2_PI, MAGIC);
        let kf = t - MAGIC;
        let r2 = (-kf).mul_add(P2, (-kf).mul_add(P1, x));
        let r = (-kf).mul_add(P3, r2);
        // z from r2, in parallel with the last step: r2 - r is at most 6366 * 5.4e-15 =
        // 3.4e-11, which moves z by at most 2 |r| 3.4e-11 and the polynomials' z terms
        // (r^3 S and -r^2/2) by less than 3e-11 absolute, under 1e-3 ulp of the result
        let z = r2 * r2;
        let sp = z.mul_add(SIN_S[2], SIN_S[1]).mul_add(z, SIN_S[0]);
        let s = r.mul_add(z.mul_add(sp, 0.0), r);
        let cp = z.mul_add(COS_C[2], COS_C[1]).mul_add(z, COS_C[0]);
        let c = z.mul_add(z.mul_add(cp, -0.5), 1.0);
        (s, c, t.to_bits() & 3)
    } else {
        let xd = x as f64;
        let t = xd * FRAC_2_PI_D + MAGIC_D;
        let kf = t - MAGIC_D;
        let r = (xd - kf * P1_D) - kf * P2_D;
        let z = r * r;
        let [s0, s1, s2] = SIN_S.map(f64::from);
        let [c0, c1, c2] = COS_C.map(f64::from);
        let s = r + r * (z * (s0 + z * (s1 + z * s2)) + 0.0);
        let c = 1.0 + z * (-0.5 + z * (c0 + z * (c1 + z * c2)));
        (s as f32, c as f32, (t.to_bits() & 3) as u32)
    }
}

/// Picks `[s, c, -s, -c][q]`.
#[inline(always)]
fn quadrant(s: f32, c: f32, q: u32) -> f32 {
    let v = if q & 1 == 1 { c } else { s };
    f32::from_bits(v.to_bits() ^ ((q & 2) << 30))
}

/// `sin(x)` for `|x| <= 1e4`; `sin(±0) = ±0`.
#[inline(always)]
pub(super) fn sin<const FMA: bool>(x: f32) -> f32 {
    let (s, c, q) = sincos_reduced::<FMA>(x);
    quadrant(s, c, q)
}

/// `cos(x)` for `|x| <= 1e4` (`cos(x) = sin(x + pi/2)`: one quadrant on).
#[inline(always)]
pub(super) fn cos<const FMA: bool>(x: f32) -> f32 {
    let (s, c, q) = sincos_reduced::<FMA>(x);
    quadrant(s, c, q.wrapping_add(1))
}

/// `sin` through `f64` (correctly rounded but for rare double roundings), for any `x`.
pub(crate) fn sin_exact(x: f32) -> f32 {
    (x as f64).sin() as f32
}

/// `cos` through `f64`, for any `x`.
pub(crate) fn cos_exact(x: f32) -> f32 {
    (x as f64).cos() as f32
}

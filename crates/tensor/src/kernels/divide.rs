//! Division of an `f32` slice by one fixed divisor, correctly rounded, without a
//! division per element.
//!
//! A divider is slow: on this machine's cores (AMD Zen 3) `vdivps` accepts 8 lanes about
//! once per 3.5 cycles, which holds `x / s` to about 65 % of the copy bandwidth for
//! arrays in cache. Multiplying by `1/s` would be faster but is a different operation:
//! its result is often 1 ulp off the quotient PyTorch computes. This kernel gets the
//! quotient's exact bits from fused multiply-adds instead (Markstein's method), with
//! the divisor's reciprocal worked out once:
//!
//! - `q0 = fma(a, y_rz, a * y_lo)`, where `y_rz` is `1/s` rounded toward zero and
//!   `y_lo = 1/s - y_rz` rounded (same sign, or a zero of `s`'s sign). The pair holds
//!   `1/s` to about `2^-46`, so `q0` is within `2^-46` of `a/s` before its one rounding:
//!   a *faithful* quotient (one of the two floats around `a/s`).
//! - `r = a - s q0`, one fused step. For a faithful `q0` the remainder is a float, so
//!   `r` is exact (the remainder lemma; it needs `|a| >= 2^-102`).
//! - `q1 = q0 + r y`, one fused step, with `y = RN(1/s)` (`|s y - 1| = |δ| <= s 2^-25`
//!   for the divisor's mantissa `s` in `[1, 2)`). Markstein's theorem makes this the
//!   correctly rounded `a/s`. The short proof: `q0 + r y = a/s + (a/s - q0) δ`. Rounding
//!   goes wrong only if a midpoint `M` between two floats lies within `|(a/s - q0) δ|`
//!   of `a/s`. With `a = A 2^-23`, `s = S 2^-23` (integers `A`, `S` below `2^24`, `a/s` in
//!   `[1, 2)`), `|a/s - M| = |A 2^24 - m S| / (2^24 S)` for an odd `m`, and the numerator
//!   is a nonzero integer (`m S` is not `A 2^24`), so the distance `d` is at least
//!   `2^-24 / S`. A faithful `q0` is at most `2^-24 + d` from `a/s` when `a/s` is within
//!   `d` of `M`. Crossing `M` would need `(2^-24 + d) S 2^-48 >= d`, which gives
//!   `S (S + 1) >= 2^48`, and that is impossible for `S < 2^24`. The binade `[1/2, 1)` is
//!   the same with every power shifted by one.
//!
//! The three steps cost four vector operations (a multiply and three FMAs) per 8 lanes,
//! where the divider takes 3.5 cycles. The argument needs no underflow or overflow
//! anywhere, so it covers the divisors with `2^-100 <= |s| <= 2^100` and, for those,
//! every input whose steps neither underflow nor overflow: zeros, and all finite
//! normal `a` with `|a|` and `|a/s|` safely inside the normal range. Rather than test
//! each input against that range (which cost about 15 % of the loop), the AVX2 loop
//! in [`flagged`] lets the CPU's floating-point status flags report the steps that
//! left it, and redoes those blocks with the divider. Other divisors, and CPUs without
//! AVX2 and FMA, take the plain division loop. Zeros keep IEEE signs: the two step
//! forms are chosen per sign of `s` so that the correction of a zero is `-0` and never
//! flips it.

use super::map::map_slice;
use std::mem::MaybeUninit;

/// `2^-100` and `2^100`: the divisors the three steps cover, in magnitude.
const SMALLEST_DIVISOR: f32 = f32::from_bits(0x0d80_0000);
const LARGEST_DIVISOR: f32 = f32::from_bits(0x7180_0000);

/// `out[i] = x[i] / s` for every `i`, with the same bits as the division, for any `s`
/// (see the module comment).
///
/// # Panics
/// If `x` and `out` have different lengths.
pub(crate) fn div_by_value(x: &[f32], s: f32, out: &mut [MaybeUninit<f32>]) {
    assert_eq!(x.len(), out.len(), "div: input and output lengths differ");
    #[cfg(target_arch = "x86_64")]
    if let (Some(_), Some(r)) = (pulp::x86::V3::try_new(), Reciprocal::new(s)) {
        // SAFETY: the CPU has AVX2 and FMA (pulp's V3 level includes both).
        return unsafe { flagged::div_by_reciprocal(r, x, out) };
    }
    map_slice(x, out, move |v| v / s)
}

/// A divisor and the constants of the three steps.
#[derive(Clone, Copy, Debug)]
struct Reciprocal {
    s: f32,
    /// `1/s` rounded toward zero.
    rz: f32,
    /// `1/s - rz`, rounded; a zero carries `s`'s sign.
    lo: f32,
    /// `1/s` rounded to nearest.
    rn: f32,
}

impl Reciprocal {
    /// The constants for `s`, or `None` outside `2^-100 <= |s| <= 2^100` (or NaN).
    fn new(s: f32) -> Option<Reciprocal> {
        if !(SMALLEST_DIVISOR..=LARGEST_DIVISOR).contains(&s.abs()) {
            return None;
        }
        let s64 = s as f64;
        let rn = 1.0 / s;
        // RN(1/s) in f64 rounded to f32 may overshoot 1/s; s rz is exact in f64 (48 bits)
        let mut rz = (1.0 / s64) as f32;
        if (rz as f64) * s64 > 1.0 {
            rz = f32::from_bits(rz.to_bits() - 1);
        }
        // 1 - s rz is exact (Sterbenz), and the rounding of lo costs 2^-24 of 2^-23
        let lo = match ((1.0 - (rz as f64) * s64) / s64) as f32 {
            0.0 => 0f32.copysign(s),
            lo => lo,
        };
        Some(Reciprocal { s, rz, lo, rn })
    }
}

#[cfg(target_arch = "x86_64")]
mod flagged;

#[cfg(test)]
mod tests;

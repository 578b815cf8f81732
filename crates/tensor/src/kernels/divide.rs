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
//! anywhere, so it covers the divisors with `2^-100 <= |s| <= 2^100` and the inputs with
//! `a = ±0` or `Lo <= |a| <= Hi`, where `Lo = 2^-100 max(1, |s|)` (so that `|a|` and
//! `|a/s|` are at least `2^-100`) and `Hi = 2^127 |s|` (so that `|a/s| <= 2^127`). The
//! loop keeps the least and largest magnitude of each block, and a block holding any
//! other input (tiny, huge, infinite or NaN) has those elements recomputed with a true
//! division. Other divisors, and CPUs without FMA, take the plain division loop. Zeros
//! stay in the fast path and keep IEEE signs: the two step forms below are chosen per
//! sign of `s` so that the correction of a zero is `-0` and never flips it.

use super::map::map_slice;
use std::mem::MaybeUninit;

/// Elements per block of the range check.
const BLOCK: usize = 1024;

/// `2^-100` and `2^100`: the divisors the three steps cover, in magnitude.
const SMALLEST_DIVISOR: f32 = f32::from_bits(0x0d80_0000);
const LARGEST_DIVISOR: f32 = f32::from_bits(0x7180_0000);

/// `|a|`'s bits, which order magnitudes as integers.
#[inline(always)]
fn magnitude(a: f32) -> u32 {
    a.to_bits() & 0x7fff_ffff
}

/// `out[i] = x[i] / s` for every `i`, with the same bits as the division, for any `s`
/// (see the module comment).
///
/// # Panics
/// If `x` and `out` have different lengths.
pub(crate) fn div_by_value(x: &[f32], s: f32, out: &mut [MaybeUninit<f32>]) {
    assert_eq!(x.len(), out.len(), "div: input and output lengths differ");
    #[cfg(target_arch = "x86_64")]
    if let (Some(simd), Some(r)) = (pulp::x86::V3::try_new(), Reciprocal::new(s)) {
        return pulp::Simd::vectorize(simd, ByReciprocal { r, x, out });
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
    /// `Lo`'s bits minus 1: inputs with `|a|`'s bits minus 1 (wrapping) below it are
    /// tiny and nonzero.
    tiny: u32,
    /// `Hi`'s bits: inputs with larger `|a|` bits are huge, infinite or NaN.
    huge: u32,
}

impl Reciprocal {
    /// The constants for `s`, or `None` outside `2^-100 <= |s| <= 2^100` (or NaN).
    fn new(s: f32) -> Option<Reciprocal> {
        let m = s.abs();
        if !(SMALLEST_DIVISOR..=LARGEST_DIVISOR).contains(&m) {
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
        // (exact: powers of two times m; 2^127 m overflows to inf for m >= 2)
        let lo_bound = SMALLEST_DIVISOR * m.max(1.0);
        let hi_bound = (f32::from_bits(0x7f00_0000) * m).min(f32::MAX);
        Some(Reciprocal {
            s,
            rz,
            lo,
            rn,
            tiny: lo_bound.to_bits() - 1,
            huge: hi_bound.to_bits(),
        })
    }

    /// `a / s` by the three steps (see the module comment), for a covered `a`. `NEG` is
    /// `s < 0`; each form keeps the sign of a zero `a / s`.
    #[inline(always)]
    fn quotient<const NEG: bool>(self, a: f32) -> f32 {
        let q0 = a.mul_add(self.rz, a * self.lo);
        if NEG {
            let r = (-self.s).mul_add(q0, a); // a - s q0
            r.mul_add(self.rn, q0)
        } else {
            let r = self.s.mul_add(q0, -a); // s q0 - a
            (-r).mul_add(self.rn, q0)
        }
    }
}

/// The kernel in a pulp AVX2+FMA context.
struct ByReciprocal<'a> {
    r: Reciprocal,
    x: &'a [f32],
    out: &'a mut [MaybeUninit<f32>],
}

impl pulp::WithSimd for ByReciprocal<'_> {
    type Output = ();

    #[inline(always)]
    fn with_simd<S: pulp::Simd>(self, _simd: S) {
        if self.r.s < 0.0 {
            blocks::<true>(self.r, self.x, self.out)
        } else {
            blocks::<false>(self.r, self.x, self.out)
        }
    }
}

/// The block loop: the fast steps with the range check, then true divisions for the
/// inputs outside the covered range.
#[inline(always)]
fn blocks<const NEG: bool>(r: Reciprocal, x: &[f32], out: &mut [MaybeUninit<f32>]) {
    // (zero's key wraps to u32::MAX, so zeros count as covered)
    let outside = |least: u32, most: u32| least < r.tiny || most > r.huge;
    for (xs, os) in x.chunks(BLOCK).zip(out.chunks_mut(BLOCK)) {
        let (mut least, mut most) = (u32::MAX, 0u32);
        for (o, &a) in os.iter_mut().zip(xs) {
            o.write(r.quotient::<NEG>(a));
            least = least.min(magnitude(a).wrapping_sub(1));
            most = most.max(magnitude(a));
        }
        if outside(least, most) {
            for (o, &a) in os.iter_mut().zip(xs) {
                if outside(magnitude(a).wrapping_sub(1), magnitude(a)) {
                    o.write(a / r.s);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs the kernel into a plain vector.
    fn run(x: &[f32], s: f32) -> Vec<f32> {
        let mut out = vec![MaybeUninit::new(f32::NAN); x.len()];
        div_by_value(x, s, &mut out);
        // SAFETY: div_by_value writes every slot (and they were initialised anyway).
        out.iter().map(|o| unsafe { o.assume_init() }).collect()
    }

    /// Same bits as `x / s` (NaN compared as NaN).
    fn assert_same(x: &[f32], s: f32) {
        let got = run(x, s);
        for (&v, &g) in x.iter().zip(&got) {
            let want = v / s;
            assert!(
                g.to_bits() == want.to_bits() || (g.is_nan() && want.is_nan()),
                "{v:e} / {s:e}: got {g:e} ({:#x}), want {want:e} ({:#x})",
                g.to_bits(),
                want.to_bits()
            );
        }
    }

    /// A deterministic stream of bit patterns (xorshift), all signs and exponents.
    fn patterns(n: usize, mut state: u32) -> Vec<f32> {
        (0..n)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                f32::from_bits(state)
            })
            .collect()
    }

    /// Every mantissa in `[1, 2)`, both signs interleaved.
    fn all_mantissas() -> Vec<f32> {
        (0..1u32 << 23)
            .map(|m| f32::from_bits(0x3f80_0000 | m | ((m & 1) << 31)))
            .collect()
    }

    #[test]
    fn the_fast_path_runs_on_this_cpu() {
        // the tests below check the three-step form only where it runs
        if pulp::x86::V3::try_new().is_some() {
            assert!(Reciprocal::new(3.0).is_some());
        }
        assert!(Reciprocal::new(2f32.powi(101)).is_none());
        assert!(Reciprocal::new(f32::NAN).is_none());
        assert!(Reciprocal::new(0.0).is_none());
    }

    #[test]
    fn reciprocal_pair_brackets_one_over_s() {
        for s in patterns(2000, 7)
            .into_iter()
            .chain([1.0, -1.0, 3.0, 0.1, 2f32.powi(100)])
        {
            let Some(r) = Reciprocal::new(s) else {
                continue;
            };
            let exact = 1.0 / s as f64;
            // rz is 1/s rounded toward zero: not larger in magnitude, less than 1 ulp off
            assert!((r.rz as f64).abs() <= exact.abs(), "{s:e}");
            assert!(
                f32::from_bits(r.rz.to_bits() + 1).abs() as f64 > exact.abs(),
                "{s:e}"
            );
            // the pair holds 1/s to 2^-46, and lo has 1/s's sign
            let pair = r.rz as f64 + r.lo as f64;
            assert!(((pair - exact) / exact).abs() < 2f64.powi(-46), "{s:e}");
            assert_eq!(r.lo.is_sign_negative(), s < 0.0, "{s:e}");
            assert_eq!(r.rn, 1.0 / s);
        }
    }

    #[test]
    fn matches_the_divider_on_random_operands() {
        // every exponent of x and of s: the tiny, huge, infinite and NaN inputs go
        // through the block fixup, divisors outside 2^-100..2^100 through plain division
        let x = patterns(20_000, 0x1234_5678);
        for &s in patterns(400, 0x9abc_def1)
            .iter()
            .chain(&[3.0, 6.0, 0.1, -7.0])
        {
            assert_same(&x, s);
        }
    }

    #[test]
    fn matches_the_divider_on_every_mantissa_for_chosen_divisors() {
        // all 2^23 mantissas of x in [1, 2) (both signs), against divisors whose
        // reciprocal is far from a float, whose mantissa is all ones or nearly 1, both
        // signs, and a power of two (lo = 0)
        let x = all_mantissas();
        for s in [
            3.0f32,
            -1.1,
            0.3,
            f32::from_bits(0x3fff_ffff),
            f32::from_bits(0xbf80_0001),
            f32::from_bits(0x3fd5_5555),
            -0.25,
        ] {
            assert_same(&x, s);
        }
        // and random divisor mantissas: for most of them a few quotients lie within
        // 2^-46 of a midpoint, where q0 alone is still wrong and the correction decides
        // (with the correction step removed, this loop fails)
        for s in patterns(48, 0x5eed) {
            assert_same(
                &x,
                f32::from_bits(0x3f80_0000 | (s.to_bits() & 0x807f_ffff)),
            );
        }
    }

    #[test]
    fn inputs_around_the_covered_range_edges() {
        for s in [3.0f32, -0.7, 2f32.powi(90), -(2f32.powi(-90)), 1.5e-3] {
            let r = Reciprocal::new(s).expect("in range");
            let edges = [r.tiny + 1, r.huge];
            let mut x: Vec<f32> = edges
                .iter()
                .flat_map(|&e| (e.saturating_sub(300)..e.saturating_add(300)).map(f32::from_bits))
                .collect();
            x.extend(x.clone().iter().map(|v| -v));
            // and subnormal inputs and quotients
            x.extend((1..600u32).map(|i| f32::from_bits(i * 12_345)));
            assert_same(&x, s);
        }
        // 3 * 2^-149 / 6 is exactly 2^-150, halfway between 0 and the smallest
        // subnormal: rounds to even, +0
        assert_eq!(run(&[f32::from_bits(3)], 6.0)[0].to_bits(), 0);
    }

    #[test]
    fn special_values_and_zero_signs() {
        let specials = [
            0.0,
            -0.0,
            1.0,
            -2.5,
            f32::INFINITY,
            f32::NEG_INFINITY,
            f32::NAN,
            f32::MAX,
            f32::MIN,
            f32::MIN_POSITIVE,
            f32::from_bits(1),
            f32::from_bits(0x8000_0001),
        ];
        for s in specials.iter().chain(&[3.0, -3.0, 0.5, -0.5]) {
            assert_same(&specials, *s);
        }
        // the fast path keeps zero signs: ±0 / 3 = ±0, ±0 / -3 = ∓0 (bits, not ==)
        let bits = |v: Vec<f32>| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(run(&[0.0, -0.0], 3.0)), vec![0, 0x8000_0000]);
        assert_eq!(bits(run(&[0.0, -0.0], -3.0)), vec![0x8000_0000, 0]);
        // overflow: MAX / 0.5 is +inf
        assert_eq!(run(&[f32::MAX], 0.5), vec![f32::INFINITY]);
    }

    /// Every mantissa of `x` against 3000 random divisor mantissas (both signs), about
    /// 2.5e10 quotients: `cargo test -p nanotorch-tensor --release --lib
    /// divide::tests::every_mantissa_many_divisors -- --ignored` (about 4 minutes).
    #[test]
    #[ignore]
    fn every_mantissa_many_divisors() {
        let x = all_mantissas();
        for s in patterns(3000, 0x5eed) {
            let s = f32::from_bits(0x3f80_0000 | (s.to_bits() & 0x807f_ffff));
            assert_same(&x, s);
        }
    }
}

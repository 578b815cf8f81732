//! Vectorised `f32` math over slices: exp, log, sin, cos, tanh, sigmoid.
//!
//! Each function is written once as a branch-free scalar "lane" function (bit
//! tricks, selects, a polynomial) that the compiler vectorises, and compiled twice:
//! inside a `#[target_feature(enable = "avx2,fma")]` context that
//! [`pulp`](https://docs.rs/pulp) provides after checking the CPU at run time (8 lanes,
//! fused multiply-add), and as plain code for the default x86-64 target (SSE2, 4
//! lanes, no FMA). The const parameter `FMA` tells a lane function which of the two it
//! is compiled for, because a non-fused `a * b + c` rounds twice and some reductions
//! need the fused form to stay exact.
//!
//! Accuracy: at most 2 ulp against an `f64` reference over the whole finite range, with
//! NaN, infinities, signed zeros, subnormal inputs and outputs, overflow and underflow
//! handled as libm does. `tests.rs` sweeps the ranges for both compiled forms (and,
//! in ignored tests, every float of tanh's and sigmoid's fast ranges).
//!
//! Each function has a fast range outside which a [`Fixup`] recomputes the element
//! with an exact scalar `f64` path: exp and sigmoid `|x| <= 87` (so the vector code
//! never produces a subnormal or infinite result), ln the positive normal floats, sin
//! and cos `|x| <= 1e4`, tanh `|x| <= 40`; infinities and NaN always take the scalar
//! path. Keeping the special cases out of the vector code is most of what makes it
//! short. What bounds the throughput on this machine (AMD Zen 3) is mostly the
//! multiplies, FMAs, blends and the division, which share two of the four vector pipes,
//! but every other vector operation counts too (tanh without its sign handling, a
//! bitwise and and an or, measured 10 % faster; with additions in place of two FMAs, no
//! faster), and partly the length of the dependency chains; so the lane functions use
//! minimax polynomials of the lowest degree that keeps the error budget
//! (`tools/fit_math_polys.py`), and Horner's or Estrin's form for each as measured
//! (Estrin's shorter chain costs extra multiplications). The chains count most where a
//! division ends them: sigmoid with two FMAs fewer per lane ran no faster, and with
//! the same count and a chain 12 cycles shorter ran 8 % faster. The 16 vector
//! registers count too: a form needing one constant more than there were registers
//! for reloaded three per lane and ran 10 % slower.

mod act;
mod exp_log;
#[cfg(test)]
mod tests;
mod trig;

use std::mem::MaybeUninit;

/// Which compiled form of the lane functions runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Path {
    /// 8 lanes with FMA, when the CPU has AVX2 and FMA.
    Avx2Fma,
    /// The default target's code (SSE2 on x86-64), no FMA.
    Portable,
}

impl Path {
    /// The fastest path this CPU supports.
    pub(crate) fn best() -> Path {
        #[cfg(target_arch = "x86_64")]
        if pulp::x86::V3::try_new().is_some() {
            return Path::Avx2Fma;
        }
        Path::Portable
    }
}

/// `a * b + c`: fused (one rounding) when `FMA`, else two roundings. Only use the
/// non-fused form where the analysis allows it.
#[inline(always)]
pub(super) fn fma<const FMA: bool>(a: f32, b: f32, c: f32) -> f32 {
    if FMA {
        a.mul_add(b, c)
    } else {
        a * b + c
    }
}

/// Elements per block: after a block is computed, inputs beyond a function's fast
/// range (if it has one) are found and recomputed by its exact scalar path.
const BLOCK: usize = 2048;

/// The inputs a lane function covers, as an interval of (masked) bit patterns, and the
/// exact scalar path that recomputes every other input. An input `v` is covered when
/// `(bits(v) & mask) - lo <= span` in wrapping `u32` arithmetic: `mask = 0x7fff_ffff`,
/// `lo = 0` covers `|v| <= f32::from_bits(span)` and NaN (whose magnitude bits exceed
/// infinity's) never is; `mask = !0` makes the interval signed.
#[derive(Clone, Copy)]
pub(super) struct Fixup {
    mask: u32,
    lo: u32,
    span: u32,
    exact: fn(f32) -> f32,
    /// Whether the inputs are checked in the same loop as the lane function rather
    /// than in a second pass over the block: the single loop measured faster for tanh
    /// (2.45 against 2.2e9 elements/s) and slower for the others (exp 3.3 against 3.6,
    /// sin 2.2 against 2.55, sigmoid 2.1 against 2.4).
    in_loop: bool,
}

impl Fixup {
    /// `|v| <= f32::from_bits(limit_bits)` is covered; larger magnitudes, infinities and
    /// NaN go to `exact`.
    pub(super) const fn magnitude(limit_bits: u32, exact: fn(f32) -> f32) -> Fixup {
        Fixup {
            mask: 0x7fff_ffff,
            lo: 0,
            span: limit_bits,
            exact,
            in_loop: false,
        }
    }

    /// Bit patterns `lo..=hi` (compared as unsigned integers, sign bit included) are
    /// covered; all others go to `exact`.
    pub(super) const fn bits(lo: u32, hi: u32, exact: fn(f32) -> f32) -> Fixup {
        Fixup {
            mask: !0,
            lo,
            span: hi - lo,
            exact,
            in_loop: false,
        }
    }

    /// The same fixup with the inputs checked inside the lane function's loop.
    pub(super) const fn checked_in_loop(self) -> Fixup {
        Fixup {
            in_loop: true,
            ..self
        }
    }

    /// The quantity compared with `span`.
    #[inline(always)]
    fn key(self, v: f32) -> u32 {
        (v.to_bits() & self.mask).wrapping_sub(self.lo)
    }
}

/// A slice map run inside a pulp SIMD context: `out[i] = f(x[i])`, then elements outside
/// the fixup's interval recomputed by its exact path.
struct MapOp<'a, F> {
    x: &'a [f32],
    out: &'a mut [MaybeUninit<f32>],
    f: F,
    fixup: Option<Fixup>,
}

impl<F: Fn(f32) -> f32> pulp::WithSimd for MapOp<'_, F> {
    type Output = ();

    #[inline(always)]
    fn with_simd<S: pulp::Simd>(self, _simd: S) {
        let f = &self.f;
        for (xs, os) in self.x.chunks(BLOCK).zip(self.out.chunks_mut(BLOCK)) {
            let worst = match self.fixup {
                Some(fix) if fix.in_loop => {
                    let mut worst = 0;
                    for (o, &v) in os.iter_mut().zip(xs) {
                        o.write(f(v));
                        worst = worst.max(fix.key(v));
                    }
                    worst
                }
                _ => {
                    for (o, &v) in os.iter_mut().zip(xs) {
                        o.write(f(v));
                    }
                    self.fixup
                        .map_or(0, |fix| xs.iter().fold(0, |m, &v| m.max(fix.key(v))))
                }
            };
            if let Some(fix) = self.fixup.filter(|fix| worst > fix.span) {
                for (o, &v) in os.iter_mut().zip(xs) {
                    if fix.key(v) > fix.span {
                        o.write((fix.exact)(v));
                    }
                }
            }
        }
    }
}

/// Runs `fast` (the FMA build) or `portable` over `x` into `out`.
#[inline(always)]
fn run(
    path: Path,
    x: &[f32],
    out: &mut [MaybeUninit<f32>],
    fast: impl Fn(f32) -> f32,
    portable: impl Fn(f32) -> f32,
    fixup: Option<Fixup>,
) {
    assert_eq!(
        x.len(),
        out.len(),
        "math kernel: input and output lengths differ"
    );
    #[cfg(target_arch = "x86_64")]
    if path == Path::Avx2Fma {
        if let Some(simd) = pulp::x86::V3::try_new() {
            return pulp::Simd::vectorize(
                simd,
                MapOp {
                    x,
                    out,
                    f: fast,
                    fixup,
                },
            );
        }
    }
    let _ = &fast;
    pulp::WithSimd::with_simd(
        MapOp {
            x,
            out,
            f: portable,
            fixup,
        },
        pulp::Scalar::new(),
    )
}

macro_rules! slice_fns {
    ($($name:ident, $with:ident, $m:ident :: $lane:ident, $fixup:expr, $doc:literal;)*) => {$(
        #[doc = concat!("`out[i] = ", $doc, "(x[i])` on the fastest path this CPU has.")]
        pub(crate) fn $name(x: &[f32], out: &mut [MaybeUninit<f32>]) {
            $with(Path::best(), x, out)
        }

        #[doc = concat!("`out[i] = ", $doc, "(x[i])` on the given path (tests run both).")]
        pub(crate) fn $with(path: Path, x: &[f32], out: &mut [MaybeUninit<f32>]) {
            run(path, x, out, $m::$lane::<true>, $m::$lane::<false>, $fixup)
        }
    )*};
}

slice_fns! {
    exp, exp_with, exp_log::exp, Some(exp_log::EXP_FIXUP), "exp";
    log, log_with, exp_log::log, Some(exp_log::LOG_FIXUP), "ln";
    sin, sin_with, trig::sin, Some(Fixup::magnitude(trig::LIMIT_BITS, trig::sin_exact)), "sin";
    cos, cos_with, trig::cos, Some(Fixup::magnitude(trig::LIMIT_BITS, trig::cos_exact)), "cos";
    tanh, tanh_with, act::tanh, Some(act::TANH_FIXUP), "tanh";
    sigmoid, sigmoid_with, act::sigmoid, Some(act::SIGMOID_FIXUP), "sigmoid";
}

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
//! Accuracy: at most 2 ulp against an `f64` reference over the whole finite range
//! (sin/cos: |x| <= 1e4, sigmoid: |x| <= 87; beyond that they take an exact scalar
//! path), with NaN,
//! infinities, signed zeros, subnormal inputs and outputs, overflow and underflow
//! handled as libm does. `tests.rs` sweeps the ranges for both compiled forms.

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

/// A fast range (bits of the largest magnitude it covers) and the exact scalar path
/// used beyond it.
type Fixup = Option<(u32, fn(f32) -> f32)>;

/// A slice map run inside a pulp SIMD context: `out[i] = f(x[i])`, then elements with
/// `|x| > limit` (compared on the bits, so NaN counts as beyond) recomputed by `exact`.
struct MapOp<'a, F> {
    x: &'a [f32],
    out: &'a mut [MaybeUninit<f32>],
    f: F,
    fixup: Fixup,
}

impl<F: Fn(f32) -> f32> pulp::WithSimd for MapOp<'_, F> {
    type Output = ();

    #[inline(always)]
    fn with_simd<S: pulp::Simd>(self, _simd: S) {
        let f = &self.f;
        for (xs, os) in self.x.chunks(BLOCK).zip(self.out.chunks_mut(BLOCK)) {
            for (o, &v) in os.iter_mut().zip(xs) {
                o.write(f(v));
            }
            if let Some((limit, exact)) = self.fixup {
                let beyond = |v: f32| v.to_bits() & 0x7fff_ffff > limit;
                if xs.iter().fold(0, |m, v| m.max(v.to_bits() & 0x7fff_ffff)) > limit {
                    for (o, &v) in os.iter_mut().zip(xs) {
                        if beyond(v) {
                            o.write(exact(v));
                        }
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
    fixup: Fixup,
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
    exp, exp_with, exp_log::exp, None, "exp";
    log, log_with, exp_log::log, None, "ln";
    sin, sin_with, trig::sin, Some((trig::LIMIT_BITS, trig::sin_exact)), "sin";
    cos, cos_with, trig::cos, Some((trig::LIMIT_BITS, trig::cos_exact)), "cos";
    tanh, tanh_with, act::tanh, None, "tanh";
    sigmoid, sigmoid_with, act::sigmoid, Some((act::SIGMOID_LIMIT_BITS, act::sigmoid_exact)), "sigmoid";
}

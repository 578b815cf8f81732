//! Accuracy sweeps for the SIMD math against `f64` references, on both compiled paths.
//!
//! The error of a result `y` is `|y - ref| / ulp(ref)`, where `ref` is the function
//! evaluated in `f64` and `ulp(ref)` the spacing of `f32` values at `ref` (subnormal
//! spacing `2^-149` at the bottom). The sweep visits every 4099th `f32` bit pattern (about
//! a million values, all signs and exponents) plus the special values and every float
//! around the seams of the fast paths, in the range each function is claimed for, and
//! checks the worst error is at most 2 ulp.

use super::*;

/// Spacing of `f32` values at `v` (`v` finite, as f64).
fn ulp(v: f64) -> f64 {
    let a = v.abs();
    if a < f32::MIN_POSITIVE as f64 {
        return 2f64.powi(-149);
    }
    2f64.powi(a.log2().floor() as i32 - 23)
}

/// Error of `y` in ulps against the reference `r`; 0 when both are the same special.
fn ulp_err(y: f32, r: f64) -> f64 {
    if r.is_nan() {
        return if y.is_nan() { 0.0 } else { f64::INFINITY };
    }
    let rf = r as f32;
    if rf.is_infinite() || y.is_infinite() {
        return if y == rf { 0.0 } else { f64::INFINITY };
    }
    if y == rf && (y != 0.0 || y.is_sign_negative() == rf.is_sign_negative()) {
        return 0.0;
    }
    if r == 0.0 && y == 0.0 {
        // a zero of the wrong sign
        return f64::INFINITY;
    }
    (y as f64 - r).abs() / ulp(r)
}

/// The inputs: a strided walk over all bit patterns plus hand-picked specials.
fn inputs() -> Vec<f32> {
    let mut v: Vec<f32> = (0..=u32::MAX / 4099)
        .map(|i| f32::from_bits(i.wrapping_mul(4099)))
        .collect();
    v.extend([
        0.0,
        -0.0,
        f32::INFINITY,
        f32::NEG_INFINITY,
        f32::NAN,
        f32::MIN_POSITIVE,
        -f32::MIN_POSITIVE,
        f32::from_bits(1),
        f32::from_bits(0x8000_0001),
        f32::from_bits(0x007f_ffff),
        f32::MAX,
        f32::MIN,
        1.0,
        -1.0,
        88.72283,
        88.72284,
        -87.33654,
        -103.97208,
        -103.97209,
        -104.0,
        89.0,
        1e4,
        -1e4,
        10_000.001,
        std::f32::consts::PI,
        std::f32::consts::FRAC_PI_2,
    ]);
    // dense near the points where cancellation would show: 1 (log), 0 (tanh, sin)
    v.extend((0..20_000).map(|i| 1.0 + (i as f32 - 10_000.0) * 1e-7));
    v.extend((0..20_000).map(|i| (i as f32 - 10_000.0) * 1e-4));
    // every float around the seams of the fast paths: exp's and sigmoid's |x| = 87 and
    // tanh's |x| = 40 (scalar path beyond), sigmoid's e^-x = 2^k with k = ±24 (where
    // 1 + 2^-k stops being exact), ln's smallest normal, and tanh's switches from k to k - 1
    // in e^{-2|x|} = 2^k e^{-2u} at |x| = (j + 1/2) ln2/2, where |u| is largest (the worst
    // errors sit next to them: 1.93 ulp at 0.51916, below 3 ln2/4)
    let tanh_seams = (0..27).map(|j| (j as f32 + 0.5) * std::f32::consts::LN_2 / 2.0);
    for c in [87.0f32, -87.0, 40.0, -16.3, 16.3, f32::MIN_POSITIVE]
        .into_iter()
        .chain(tanh_seams.clone())
        .chain(tanh_seams.map(|c| -c))
    {
        v.extend((0..4000).map(|i| f32::from_bits(c.to_bits() - 2000 + i)));
    }
    v
}

/// Runs `f` on `path` over the inputs where `keep` holds and returns the worst
/// (error, input).
fn worst(
    path: Path,
    f: fn(Path, &[f32], &mut [MaybeUninit<f32>]),
    reference: fn(f64) -> f64,
    keep: impl Fn(f32) -> bool,
) -> (f64, f32) {
    let x: Vec<f32> = inputs().into_iter().filter(|&v| keep(v)).collect();
    let mut out = vec![0.0f32; x.len()];
    f(path, &x, crate::kernels::alloc::as_uninit(&mut out));
    let mut w = (0.0, 0.0);
    for (&xi, &yi) in x.iter().zip(&out) {
        let e = ulp_err(yi, reference(xi as f64));
        if e > w.0 || e.is_nan() {
            w = (e, xi);
        }
    }
    w
}

fn paths() -> Vec<Path> {
    let mut p = vec![Path::Portable];
    if Path::best() == Path::Avx2Fma {
        p.push(Path::Avx2Fma);
    }
    p
}

fn check(
    name: &str,
    f: fn(Path, &[f32], &mut [MaybeUninit<f32>]),
    reference: fn(f64) -> f64,
    keep: impl Fn(f32) -> bool + Copy,
) {
    for path in paths() {
        let (e, at) = worst(path, f, reference, keep);
        assert!(
            e <= 2.0,
            "{name} on {path:?}: {e} ulp at x = {at:e} ({:#x})",
            at.to_bits()
        );
    }
}

#[test]
fn exp_within_2_ulp_everywhere() {
    // e^x over all floats: overflow to inf above 88.72, subnormals down to -103.97
    check("exp", exp_with, f64::exp, |_| true);
}

#[test]
fn log_within_2_ulp_everywhere() {
    // ln x: NaN below 0, -inf at ±0, subnormal inputs included
    check("log", log_with, f64::ln, |_| true);
}

#[test]
fn tanh_within_2_ulp_everywhere() {
    check("tanh", tanh_with, f64::tanh, |_| true);
}

#[test]
fn tanh_hard_cases() {
    // tanh x = x (1 - x^2/3 + ...) rounds to x while x^2/3 < 2^-25, |x| < 3e-4: the
    // tiny and subnormal inputs come back unchanged, signed zeros included; tanh(9.02) and beyond
    // round to 1 (1 - tanh x < 2^-25), on both sides of the fast path's limit at 40
    let x = [
        0.0f32,
        -0.0,
        1e-30,
        -1e-30,
        f32::from_bits(1),
        f32::from_bits(0x8000_0001),
        f32::from_bits(0x007f_ffff),
        f32::MIN_POSITIVE,
        1e-5,
        -2e-5,
        9.02,
        -12.0,
        40.0,
        -40.000_004,
        1e30,
        f32::NEG_INFINITY,
        f32::INFINITY,
        f32::NAN,
    ];
    let want = x.map(|v| if v.abs() > 9.0 { 1f32.copysign(v) } else { v });
    for path in paths() {
        let mut y = [0.0f32; 18];
        tanh_with(path, &x, crate::kernels::alloc::as_uninit(&mut y));
        for ((&xi, &yi), &wi) in x.iter().zip(&y).zip(&want) {
            if xi.is_nan() {
                assert!(yi.is_nan(), "tanh(NaN) on {path:?}: {yi}");
            } else {
                assert_eq!(yi.to_bits(), wi.to_bits(), "tanh({xi:e}) on {path:?}");
            }
        }
    }
}

#[test]
fn sigmoid_within_2_ulp_everywhere() {
    // 1/(1+e^-x) in f64 is accurate to f64 rounding, far below an f32 ulp
    check(
        "sigmoid",
        sigmoid_with,
        |x| 1.0 / (1.0 + (-x).exp()),
        |_| true,
    );
}

#[test]
fn sin_cos_within_2_ulp_everywhere() {
    // the vector path covers |x| <= 1e4; beyond (and inf/NaN) the scalar f64 path
    check("sin", sin_with, f64::sin, |_| true);
    check("cos", cos_with, f64::cos, |_| true);
}

#[test]
fn specials_as_libm() {
    for path in paths() {
        let x = [
            0.0,
            -0.0,
            f32::INFINITY,
            f32::NEG_INFINITY,
            f32::NAN,
            -1.0,
            100.0,
            -200.0,
        ];
        let mut y = [0.0f32; 8];
        let mut run = |f: fn(Path, &[f32], &mut [MaybeUninit<f32>])| {
            f(path, &x, crate::kernels::alloc::as_uninit(&mut y));
            y
        };
        let bits = |v: [f32; 8]| v.map(|e| if e.is_nan() { 0x7fc0_0000 } else { e.to_bits() });
        let e = run(exp_with);
        assert_eq!(
            bits(e),
            bits([
                1.0,
                1.0,
                f32::INFINITY,
                0.0,
                f32::NAN,
                (-1f64).exp() as f32,
                f32::INFINITY,
                0.0
            ])
        );
        let l = run(log_with);
        assert_eq!(
            bits(l),
            bits([
                f32::NEG_INFINITY,
                f32::NEG_INFINITY,
                f32::INFINITY,
                f32::NAN,
                f32::NAN,
                f32::NAN,
                100f64.ln() as f32,
                f32::NAN
            ])
        );
        let t = run(tanh_with);
        assert_eq!(
            bits(t),
            bits([0.0, -0.0, 1.0, -1.0, f32::NAN, t[5], 1.0, -1.0])
        );
        // tanh(-1) = -0.7615941559557649: within the bound, not necessarily rounded
        // correctly (it comes out 0.66 ulp off)
        assert!(ulp_err(t[5], (-1f64).tanh()) <= 2.0);
        let s = run(sigmoid_with);
        assert_eq!(
            bits(s)[..5],
            bits([0.5, 0.5, 1.0, 0.0, f32::NAN, 0.0, 0.0, 0.0])[..5]
        );
        let s = run(sin_with);
        assert_eq!(
            bits(s)[..5],
            bits([0.0, -0.0, f32::NAN, f32::NAN, f32::NAN, 0.0, 0.0, 0.0])[..5]
        );
        let c = run(cos_with);
        assert_eq!(
            bits(c)[..5],
            bits([1.0, 1.0, f32::NAN, f32::NAN, f32::NAN, 0.0, 0.0, 0.0])[..5]
        );
    }
}

/// The worst error, and where, of `kernel` on `path` over every `f32` with magnitude
/// bits `0..=top` and sign bit `sign` (past `top` at the end of the last chunk: those
/// take the exact path), against the `f64` function `reference`.
fn worst_over_range(
    path: Path,
    sign: u32,
    top: f32,
    kernel: fn(Path, &[f32], &mut [MaybeUninit<f32>]),
    reference: fn(f64) -> f64,
) -> (f64, f32) {
    const CHUNK: u32 = 1 << 16;
    let mut x = vec![0.0f32; CHUNK as usize];
    let mut y = vec![0.0f32; CHUNK as usize];
    let mut w = (0.0, 0.0f32);
    for start in (0..=top.to_bits()).step_by(CHUNK as usize) {
        for (i, v) in x.iter_mut().enumerate() {
            *v = f32::from_bits(sign | (start + i as u32));
        }
        kernel(path, &x, crate::kernels::alloc::as_uninit(&mut y));
        for (&xi, &yi) in x.iter().zip(&y) {
            let e = ulp_err(yi, reference(xi as f64));
            if e > w.0 || e.is_nan() {
                w = (e, xi);
            }
        }
    }
    w
}

/// Every `f32` in tanh's fast range `[0, 40]` (the negative half is the same computation
/// with the sign bit set at the end), on both paths: about 40 s in release.
/// `cargo test -p nanotorch-tensor --release --lib math::tests::tanh_exhaustive -- --ignored --nocapture`
#[test]
#[ignore]
fn tanh_exhaustive() {
    for path in paths() {
        let w = worst_over_range(path, 0, 40.0, tanh_with, f64::tanh);
        println!("{path:?} tanh: max {:.3} ulp at {:e}", w.0, w.1);
        assert!(w.0 <= 2.0, "tanh on {path:?}: {} ulp at {:e}", w.0, w.1);
    }
}

/// Every `f32` in sigmoid's fast range `[-87, 87]` (both halves: they take different
/// branches of the computation, `k < 0` and `k > 0`), on both paths: about 2 minutes in
/// release.
/// `cargo test -p nanotorch-tensor --release --lib math::tests::sigmoid_exhaustive -- --ignored --nocapture`
#[test]
#[ignore]
fn sigmoid_exhaustive() {
    for path in paths() {
        for sign in [0, 0x8000_0000u32] {
            let w = worst_over_range(path, sign, 87.0, sigmoid_with, |x| 1.0 / (1.0 + (-x).exp()));
            println!("{path:?} sigmoid: max {:.3} ulp at {:e}", w.0, w.1);
            assert!(w.0 <= 2.0, "sigmoid on {path:?}: {} ulp at {:e}", w.0, w.1);
        }
    }
}

/// Prints the worst error of every function on every path (for docs/performance.md):
/// `cargo test -p nanotorch-tensor --release --lib math::tests::report -- --ignored --nocapture`
#[test]
#[ignore]
fn report() {
    type F = fn(Path, &[f32], &mut [MaybeUninit<f32>]);
    type Case = (&'static str, F, fn(f64) -> f64);
    let fns: [Case; 6] = [
        ("exp", exp_with, f64::exp),
        ("log", log_with, f64::ln),
        ("sin", sin_with, f64::sin),
        ("cos", cos_with, f64::cos),
        ("tanh", tanh_with, f64::tanh),
        ("sigmoid", sigmoid_with, |x| 1.0 / (1.0 + (-x).exp())),
    ];
    for path in paths() {
        for (name, f, r) in fns {
            let (e, at) = worst(path, f, r, |_| true);
            println!("{path:?} {name}: max {e:.3} ulp at {at:e}");
        }
    }
}

//! The kernel against the divider, bit for bit.

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
            same_bits(g, want),
            "{v:e} / {s:e}: got {g:e} ({:#x}), want {want:e} ({:#x})",
            g.to_bits(),
            want.to_bits()
        );
    }
}

/// Equal bits, or both NaN (the payload may differ from the divider's).
fn same_bits(got: f32, want: f32) -> bool {
    got.to_bits() == want.to_bits() || (got.is_nan() && want.is_nan())
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
    // every exponent of x and of s: blocks with tiny, huge, infinite or NaN inputs are
    // redone by the divider, divisors outside 2^-100..2^100 take plain division
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

/// Floats with every exponent field (subnormals, infinities and NaN included): the
/// mantissas 0, 1, all ones and a few others, both signs.
fn every_exponent() -> Vec<f32> {
    let mantissas = [0, 1, 0x7f_ffff, 0x40_0000, 0x2a_aaab, 0x55_5555, 0x12_3457];
    (0..=255u32)
        .flat_map(|e| mantissas.map(move |m| f32::from_bits(e << 23 | m)))
        .flat_map(|v| [v, -v])
        .collect()
}

/// Divisors for the range edges: both signs, far from and near 1, powers of two (`lo`
/// = 0), and large ones (3e20, -7.7e25) for which normal inputs give subnormal
/// quotients.
fn edge_divisors() -> [f32; 9] {
    [
        3.0,
        -0.7,
        2f32.powi(90),
        -(2f32.powi(-90)),
        1.5e-3,
        2.0,
        -1.0,
        3e20,
        -7.7e25,
    ]
}

#[test]
fn inputs_near_underflow_and_overflow() {
    // quotients around the smallest normal, into the subnormals and to zero, and
    // around the largest float and overflow
    for s in edge_divisors() {
        let mut x: Vec<f32> = (-160..=-90)
            .chain(120..=129)
            .flat_map(|e| [1.0f32, 1.5, 1.999_999_9, 1.333_333_4].map(|m| m * 2f32.powi(e)))
            .map(|q| q * s)
            .collect();
        x.extend(every_exponent());
        assert_same(&x, s);
    }
    // 3 * 2^-149 / 6 is exactly 2^-150, halfway between 0 and the smallest
    // subnormal: rounds to even, +0
    assert_eq!(run(&[f32::from_bits(3)], 6.0)[0].to_bits(), 0);
}

/// The premise of the kernel, one input at a time: wherever the steps raise none of
/// the four flags, they gave the divider's bits. (The whole-kernel tests cannot see
/// this, since one flagged input sends its whole block to the divider.)
#[cfg(target_arch = "x86_64")]
#[test]
fn steps_without_a_flag_match_the_divider() {
    use flagged::{steps, write_mxcsr_status, LEFT_THE_MODEL, STEP};
    if pulp::x86::V3::try_new().is_none() {
        return;
    }
    let (mut clean, mut flagged) = (0, 0);
    for s in edge_divisors() {
        let r = Reciprocal::new(s).expect("in range");
        for a in every_exponent() {
            let x = [a; STEP];
            let mut out = [MaybeUninit::new(0.0f32); STEP];
            write_mxcsr_status(0);
            // SAFETY: the CPU has AVX2 and FMA (checked above); both slices hold STEP.
            let csr = unsafe { steps(&r, &x, &mut out) };
            if csr & LEFT_THE_MODEL != 0 {
                flagged += 1;
                continue;
            }
            clean += 1;
            // SAFETY: steps wrote every slot (and they were initialised anyway).
            let got = unsafe { out[STEP - 1].assume_init() };
            let want = a / s;
            assert!(
                same_bits(got, want),
                "{a:e} / {s:e}: got {got:e}, want {want:e}, no flag"
            );
        }
    }
    // both outcomes happened (zeros and normal inputs stay clean, subnormal and
    // infinite inputs are flagged)
    assert!(
        clean > 10_000 && flagged > 1_000,
        "{clean} clean, {flagged} flagged"
    );
    write_mxcsr_status(0);
}

#[cfg(target_arch = "x86_64")]
#[test]
fn flags_up_on_entry_are_cleared_not_mistaken() {
    use flagged::{read_mxcsr, write_mxcsr_status, LEFT_THE_MODEL};
    const UNDERFLOW: u32 = 0b1_0000;
    // a subnormal input: its block is redone by the divider, which raises flags
    let mut x = all_mantissas()[..10_000].to_vec();
    x[5000] = f32::from_bits(7);
    // With underflow already up, the kernel clears it first (else every block would
    // look flagged and go to the divider), and after the redone block too: the
    // flags are down on return. (They are read straight after the kernel: the
    // reference divisions below raise flags of their own.)
    for (entry, s) in [(UNDERFLOW, 3.0), (0, -3.0)] {
        write_mxcsr_status(entry);
        let got = run(&x, s);
        assert_eq!(read_mxcsr() & LEFT_THE_MODEL, 0, "entry {entry:#x}, s {s}");
        for (&v, &g) in x.iter().zip(&got) {
            assert_eq!(g.to_bits(), (v / s).to_bits(), "{v:e} / {s}");
        }
    }
    write_mxcsr_status(0);
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

//! The three steps on AVX2+FMA, with the CPU's floating-point status flags as the
//! range check.
//!
//! The proof in the parent module holds when no step underflows or overflows and no
//! input is infinite, NaN or subnormal. The SSE/AVX unit records exactly those events
//! in sticky bits of the MXCSR register: *invalid* (an `inf - inf` or `0 * inf`, which
//! an infinite input or an overflowed `q0` causes), *denormal* (a subnormal operand),
//! *overflow*, and *underflow* (a subnormal result that was rounded). A step that
//! raises none of them rounded every result exactly as the unbounded-exponent model
//! of the proof does (an exact subnormal result loses nothing), so a block of
//! quotients is right unless one of the four flags is up after it. A flagged block
//! is done again with the divider. Checking a value per element cost about 15 % of
//! the loop; reading the flags once per block costs nothing measurable. (The tests
//! catch a wrong quotient when *invalid* is left out of the check; with *denormal*,
//! *overflow* or *underflow* left out alone they find none, since an input that
//! raises one of those also raises another or still divides right. All four stay:
//! the proof's premise is stated in them, not in what the tests happen to hit.)
//!
//! Rust makes no promise about these flags across its own floating-point code (the
//! compiler may move operations), so the steps and the read of the flags are one
//! `asm!` block: the flags it reads are those its own instructions raised. NaN
//! inputs raise nothing and come out NaN, as from the divider (the payload may
//! differ). Only the status bits are ever written.

use super::Reciprocal;
use std::arch::asm;
use std::mem::MaybeUninit;

/// Elements per block: the unit that is redone with the divider if flagged.
const BLOCK: usize = 4096;

/// Elements per turn of the assembly loop (two 8-lane vectors).
pub(super) const STEP: usize = 16;

/// Bytes ahead of the loads that the loop asks the cache to fetch. The loop holds
/// more instructions per cache line than a copy, so the CPU's own look-ahead reaches
/// fewer lines; for arrays beyond L2 this prefetch gave 3-5 % (scratch loop, 1e5 and
/// 1e6 elements, distances 512, 1024, 2048 tried).
const PREFETCH_AHEAD: usize = 1024;

/// MXCSR status bits that mean a step left the proof's model: invalid, denormal,
/// overflow, underflow (not divide-by-zero, which cannot happen, nor inexact).
pub(super) const LEFT_THE_MODEL: u32 = 0b1_1011;

/// All MXCSR status bits.
const STATUS: u32 = 0b11_1111;

/// The control bits Rust requires: every exception masked, round to nearest, no
/// flush-to-zero, no denormals-are-zero.
const DEFAULT_CONTROL: u32 = 0x1f80;

/// The MXCSR register.
#[inline(always)]
pub(super) fn read_mxcsr() -> u32 {
    let mut csr = 0u32;
    // SAFETY: stmxcsr stores the 4-byte register to the pointed-to local.
    unsafe {
        asm!("stmxcsr dword ptr [{p}]", p = in(reg) &mut csr, options(nostack, preserves_flags))
    };
    csr
}

/// Sets the MXCSR status bits to `csr`'s, keeping the control bits as they are.
#[inline(always)]
pub(super) fn write_mxcsr_status(csr: u32) {
    let value = (read_mxcsr() & !STATUS) | (csr & STATUS);
    // SAFETY: only the status bits change (they record events and control nothing),
    // which Rust allows; the control bits are written back unchanged.
    unsafe {
        asm!("ldmxcsr dword ptr [{p}]", p = in(reg) &value, options(nostack, preserves_flags))
    };
}

/// `out[i] = x[i] / r.s` for every `i`, with the divider's bits.
///
/// # Safety
/// The CPU must have AVX2 and FMA.
#[target_feature(enable = "avx2,fma")]
pub(super) unsafe fn div_by_reciprocal(r: Reciprocal, x: &[f32], out: &mut [MaybeUninit<f32>]) {
    debug_assert_eq!(x.len(), out.len());
    let entry = read_mxcsr();
    // plain division (a loop, not `map_slice`: this function already runs with AVX2,
    // and `map_slice`'s dispatch cost 87 instructions a call for the short tail)
    let divide = |xs: &[f32], os: &mut [MaybeUninit<f32>]| {
        for (o, &a) in os.iter_mut().zip(xs) {
            o.write(a / r.s);
        }
    };
    if entry & !STATUS != DEFAULT_CONTROL {
        // (a caller broke Rust's rules on the control bits: stay with the divider)
        return divide(x, out);
    }
    // (status bits are caller-saved in the x86-64 calling conventions and Rust
    // promises nothing about them, so a flag already up is cleared, not restored:
    // putting it back would make every later call clear it again, two `ldmxcsr` that
    // cost about 40 ns)
    if entry & LEFT_THE_MODEL != 0 {
        write_mxcsr_status(0);
    }
    let whole = x.len() / STEP * STEP;
    let (head, tail) = x.split_at(whole);
    let (head_out, tail_out) = out.split_at_mut(whole);
    for (xs, os) in head.chunks(BLOCK).zip(head_out.chunks_mut(BLOCK)) {
        // SAFETY: the CPU has AVX2 and FMA (the caller's promise); `xs` and `os` have
        // the same length, a nonzero multiple of STEP.
        let flags = unsafe { steps(&r, xs, os) };
        if flags & LEFT_THE_MODEL != 0 {
            divide(xs, os);
            write_mxcsr_status(0);
        }
    }
    divide(tail, tail_out);
}

/// The three steps over `x` into `out`, then the MXCSR register as they left it.
///
/// # Safety
/// The CPU must have AVX2 and FMA, and `x` and `out` must have the same length, a
/// nonzero multiple of [`STEP`].
#[target_feature(enable = "avx2,fma")]
pub(super) unsafe fn steps(r: &Reciprocal, x: &[f32], out: &mut [MaybeUninit<f32>]) -> u32 {
    debug_assert!(x.len() == out.len() && x.len() % STEP == 0 && !x.is_empty());
    let constants = [r.lo, r.rz, r.s, r.rn];
    let mut csr = 0u32;
    // One loop per sign of `s`: each keeps zero quotients' IEEE signs (parent module).
    // Both compute, per 8 lanes in `a` (ymm4, ymm5), with q in ymm6, ymm7 and the
    // constants lo, rz, s, rn in ymm0..ymm3:
    //   q  = a * lo;  q = fma(a, rz, q)           (q0)
    //   s > 0: a = s * q - a;  q = q - a * rn     (r, then q1)
    //   s < 0: a = a - s * q;  q = q + a * rn
    // r11 counts bytes; clobber_abi("C") declares every vector register written.
    macro_rules! steps_loop {
        ($remainder:literal, $correction:literal) => {
            // SAFETY: the loop reads x[0..n] and writes out[0..n] (n = x.len(), a
            // nonzero multiple of 16, so the do-while loop ends exactly at n); the
            // CPU has AVX2 and FMA; only caller-saved registers are written, all
            // declared, and vzeroupper leaves the upper halves clean for SSE code. The
            // prefetch may name bytes past the end of `x`: a prefetch is a hint that
            // never faults and reads nothing into registers.
            // stmxcsr reads the status that the instructions above it raised.
            unsafe {
                asm!(
                    "vbroadcastss ymm0, dword ptr [{k}]",
                    "vbroadcastss ymm1, dword ptr [{k} + 4]",
                    "vbroadcastss ymm2, dword ptr [{k} + 8]",
                    "vbroadcastss ymm3, dword ptr [{k} + 12]",
                    "xor r11, r11",
                    "2:",
                    "prefetcht0 [{x} + r11 + {ahead}]",
                    "vmovups ymm4, ymmword ptr [{x} + r11]",
                    "vmovups ymm5, ymmword ptr [{x} + r11 + 32]",
                    "vmulps ymm6, ymm4, ymm0",
                    "vmulps ymm7, ymm5, ymm0",
                    "vfmadd231ps ymm6, ymm4, ymm1",
                    "vfmadd231ps ymm7, ymm5, ymm1",
                    concat!($remainder, " ymm4, ymm2, ymm6"),
                    concat!($remainder, " ymm5, ymm2, ymm7"),
                    concat!($correction, " ymm6, ymm4, ymm3"),
                    concat!($correction, " ymm7, ymm5, ymm3"),
                    "vmovups ymmword ptr [{o} + r11], ymm6",
                    "vmovups ymmword ptr [{o} + r11 + 32], ymm7",
                    "add r11, 64",
                    "cmp r11, {bytes}",
                    "jb 2b",
                    "stmxcsr dword ptr [{c}]",
                    "vzeroupper",
                    k = in(reg) constants.as_ptr(),
                    x = in(reg) x.as_ptr(),
                    o = in(reg) out.as_mut_ptr(),
                    bytes = in(reg) 4 * x.len(),
                    c = in(reg) &mut csr,
                    ahead = const PREFETCH_AHEAD,
                    out("r11") _,
                    clobber_abi("C"),
                    options(nostack),
                )
            }
        };
    }
    if r.s < 0.0 {
        steps_loop!("vfnmadd231ps", "vfmadd231ps");
    } else {
        steps_loop!("vfmsub231ps", "vfnmadd231ps");
    }
    csr
}

//! Elementwise kernels over any layout, writing row-major output.
//!
//! These are the only loops elementwise ops run. Each walks its operands with
//! [`for_each_row`](super::walk::for_each_row) and handles a row in one of a few
//! shapes: all unit strides (a flat zip the compiler vectorises, or a slice kernel
//! such as the SIMD math in [`math`](super::math)), one operand broadcast along the
//! row (stride 0), or a general strided gather.
//!
//! Every kernel has an `_into` form writing a caller's buffer (`&mut [MaybeUninit<U>]`,
//! see [`as_uninit`](super::alloc::as_uninit) for an initialised one), and an
//! allocating form that writes a new array (see [`Array::build`]).

use super::walk::for_each_row;
use crate::array::Array;
use crate::storage::Scalar;
use std::mem::MaybeUninit;

/// A read-only operand: the whole storage slice plus this view's strides and offset.
#[derive(Clone, Copy)]
pub(crate) struct Operand<'a, T> {
    pub data: &'a [T],
    pub strides: &'a [usize],
    pub offset: usize,
}

impl<'a, T> Operand<'a, T> {
    /// The operand's elements as one slice when it is laid out contiguously in
    /// row-major order over `shape` (sizes-1 dims may have any stride).
    #[inline]
    pub(crate) fn as_contiguous(&self, shape: &[usize]) -> Option<&'a [T]> {
        let mut expect = 1;
        for (&n, &st) in shape.iter().zip(self.strides).rev() {
            if n != 1 && st != expect {
                return None;
            }
            expect *= n;
        }
        self.data.get(self.offset..self.offset + expect)
    }
}

/// A new contiguous array of `shape` (`numel` elements) written by `fill`, which
/// reports how many leading slots it wrote; that must be all of them (see
/// [`Array::build`]).
#[inline(always)]
fn collect<U: Scalar>(
    shape: &[usize],
    numel: usize,
    fill: impl FnOnce(&mut [MaybeUninit<U>]) -> usize,
) -> Array {
    Array::build::<U>(shape, numel, fill)
}

/// Like [`collect`], into a plain vector (for `to_vec`).
#[inline]
pub(crate) fn collect_vec<U>(
    numel: usize,
    fill: impl FnOnce(&mut [MaybeUninit<U>]) -> usize,
) -> Vec<U> {
    let mut out = Vec::with_capacity(numel);
    let written = fill(&mut out.spare_capacity_mut()[..numel]);
    assert_eq!(written, numel, "kernel wrote {written} of {numel} elements");
    // SAFETY: as in `collect`: capacity >= numel and the first `numel` slots written.
    unsafe { out.set_len(numel) };
    out
}

/// `out[i] = f(a[i])` over `shape` in row-major order, where `row(src, dst)` is the
/// slice kernel for `f` (it must write all of `dst`, which has `src.len()` slots).
/// Strided rows are gathered into a small buffer first, so every element goes through
/// the same kernel whatever the layout. Returns the number of elements written
/// (`out.len()` when `out` fits `shape`).
#[inline]
pub(crate) fn unary_rows_into<T: Copy + Default, U>(
    shape: &[usize],
    a: Operand<'_, T>,
    out: &mut [MaybeUninit<U>],
    mut row: impl FnMut(&[T], &mut [MaybeUninit<U>]),
) -> usize {
    const GATHER: usize = 64;
    let mut pos = 0;
    for_each_row(shape, [a.strides], [a.offset], |[o], [s], n| {
        let dst = &mut out[pos..pos + n];
        if s == 1 {
            row(&a.data[o..o + n], dst);
        } else {
            let mut tmp = [T::default(); GATHER];
            for (c, d) in dst.chunks_mut(GATHER).enumerate() {
                let start = o + c * GATHER * s;
                for (j, t) in tmp[..d.len()].iter_mut().enumerate() {
                    *t = a.data[start + j * s];
                }
                row(&tmp[..d.len()], d);
            }
        }
        pos += n;
    });
    pos
}

/// Applies `f` to each element of `src`, writing `dst` (same length): the flat loop
/// that vectorises, compiled for AVX2 when the CPU has it (see [`simd_loop`]).
///
/// `f` is taken by value (closures here are `Copy`): whatever it captured is then a
/// local of this loop, which the compiler keeps in registers. Reached through a
/// reference instead, a captured scalar is reloaded from memory on every iteration
/// (the compiler cannot rule out that the stores to `dst` change it), and the loop
/// stays scalar.
#[inline(always)]
pub(crate) fn map_slice<T: Copy, U>(
    src: &[T],
    dst: &mut [MaybeUninit<U>],
    f: impl Fn(T) -> U + Copy,
) {
    simd_loop(move || {
        for (d, &x) in dst.iter_mut().zip(src) {
            d.write(f(x));
        }
    })
}

/// Runs `body` (a loop the compiler vectorises) inside a pulp AVX2+FMA context when
/// the CPU has one, so it gets 8-lane `f32` / 4-lane `f64` instructions instead of the
/// default target's SSE2; otherwise as is. Only used for loops whose results do not
/// depend on the instruction set (IEEE add, sub, mul, div, compares: the compiler
/// never fuses `a * b + c` on its own).
#[inline(always)]
pub(crate) fn simd_loop(body: impl FnOnce()) {
    struct Body<F>(F);
    impl<F: FnOnce()> pulp::WithSimd for Body<F> {
        type Output = ();
        #[inline(always)]
        fn with_simd<S: pulp::Simd>(self, _: S) {
            (self.0)()
        }
    }
    simd_run(Body(body))
}

/// Runs `w` in a pulp AVX2+FMA context when the CPU has one, else on the default
/// target. For kernels too large for [`simd_loop`]'s closure to be inlined into that
/// context (then it would run without AVX2): their `with_simd` is `#[inline(always)]`.
#[inline(always)]
pub(crate) fn simd_run(w: impl pulp::WithSimd<Output = ()>) {
    #[cfg(target_arch = "x86_64")]
    if let Some(simd) = pulp::x86::V3::try_new() {
        return pulp::Simd::vectorize(simd, w);
    }
    w.with_simd(pulp::Scalar::new())
}

/// `out[i] = f(a[i])` over `shape`, in row-major order, as a new array of `shape`.
#[inline]
pub(crate) fn unary<T: Copy + Default, U: Scalar>(
    shape: &[usize],
    numel: usize,
    a: Operand<'_, T>,
    f: impl Fn(T) -> U + Copy,
) -> Array {
    unary_rows(shape, numel, a, move |s, d| map_slice(s, d, f))
}

/// Like [`unary`], with the slice kernel `row` doing the work: on the whole slice when
/// `a` is contiguous ([`unary_slice`]), else row by row (see [`unary_rows_into`]).
#[inline]
pub(crate) fn unary_rows<T: Copy + Default, U: Scalar>(
    shape: &[usize],
    numel: usize,
    a: Operand<'_, T>,
    row: impl FnMut(&[T], &mut [MaybeUninit<U>]),
) -> Array {
    if let Some(x) = a.as_contiguous(shape) {
        return unary_slice(shape, x, row);
    }
    collect(shape, numel, |out| unary_rows_into(shape, a, out, row))
}

/// `out = row(src)` for a contiguous operand: the slice kernel on the whole slice, with
/// none of the layout walking (the fast path for small arrays, where that dominates).
/// The result has `shape`, which must have `src.len()` elements.
#[inline]
pub(crate) fn unary_slice<T: Copy, U: Scalar>(
    shape: &[usize],
    src: &[T],
    mut row: impl FnMut(&[T], &mut [MaybeUninit<U>]),
) -> Array {
    collect(shape, src.len(), |out| {
        row(src, out);
        out.len()
    })
}

/// An array of `shape` (`numel` elements) holding copies of `v` (AVX2 stores when
/// available).
#[inline]
pub(crate) fn filled<U: Scalar>(shape: &[usize], numel: usize, v: U) -> Array {
    collect(shape, numel, |out| {
        simd_loop(|| {
            for d in out.iter_mut() {
                d.write(v);
            }
        });
        out.len()
    })
}

/// `out[i] = f(x[i], y[i])` for two contiguous operands of the same `shape`.
#[inline]
pub(crate) fn binary_slices<T: Copy, U: Scalar>(
    shape: &[usize],
    x: &[T],
    y: &[T],
    f: impl Fn(T, T) -> U + Copy,
) -> Array {
    assert_eq!(x.len(), y.len());
    collect(shape, x.len(), |out| {
        zip_into(x, y, out, f);
        out.len()
    })
}

/// `out[i] = f(x[i], y[i])`, all three the same length (AVX2 when available, see
/// [`simd_loop`]).
#[inline(always)]
pub(crate) fn zip_into<T: Copy, U>(
    x: &[T],
    y: &[T],
    out: &mut [MaybeUninit<U>],
    f: impl Fn(T, T) -> U + Copy,
) {
    simd_loop(move || {
        for ((d, &a), &b) in out.iter_mut().zip(x).zip(y) {
            d.write(f(a, b));
        }
    })
}

/// `out[i] = f(a[i], b[i])` over `shape` (both operands already broadcast to it),
/// written into `out`. Returns the number of elements written.
#[inline]
pub(crate) fn binary_into<T: Copy, U>(
    shape: &[usize],
    a: Operand<'_, T>,
    b: Operand<'_, T>,
    out: &mut [MaybeUninit<U>],
    f: impl Fn(T, T) -> U + Copy,
) -> usize {
    let mut pos = 0;
    // a `move` closure, so that `f` is copied in (see [`map_slice`])
    let written = &mut pos;
    for_each_row(
        shape,
        [a.strides, b.strides],
        [a.offset, b.offset],
        move |[oa, ob], [sa, sb], n| {
            let dst = &mut out[*written..*written + n];
            *written += n;
            match (sa, sb) {
                (1, 1) => zip_into(&a.data[oa..oa + n], &b.data[ob..ob + n], dst, f),
                (1, 0) => {
                    let y = b.data[ob];
                    map_slice(&a.data[oa..oa + n], dst, move |x| f(x, y));
                }
                (0, 1) => {
                    let x = a.data[oa];
                    map_slice(&b.data[ob..ob + n], dst, move |y| f(x, y));
                }
                _ => {
                    for (i, d) in dst.iter_mut().enumerate() {
                        d.write(f(a.data[oa + i * sa], b.data[ob + i * sb]));
                    }
                }
            }
        },
    );
    pos
}

/// `out[i] = f(a[i], b[i])` over `shape` as a new array of `shape`.
#[inline]
pub(crate) fn binary<T: Copy, U: Scalar>(
    shape: &[usize],
    numel: usize,
    a: Operand<'_, T>,
    b: Operand<'_, T>,
    f: impl Fn(T, T) -> U + Copy,
) -> Array {
    collect(shape, numel, |out| binary_into(shape, a, b, out, f))
}

/// `out[i] = f(a[i], b[i], c[i])` over `shape` (for `where`/`clamp`-like ops), as a
/// new array of `shape`.
#[inline]
pub(crate) fn ternary<T: Copy, U: Scalar>(
    shape: &[usize],
    numel: usize,
    a: Operand<'_, T>,
    b: Operand<'_, T>,
    c: Operand<'_, T>,
    f: impl Fn(T, T, T) -> U,
) -> Array {
    collect(shape, numel, |out| {
        let mut pos = 0;
        for_each_row(
            shape,
            [a.strides, b.strides, c.strides],
            [a.offset, b.offset, c.offset],
            |[oa, ob, oc], [sa, sb, sc], n| {
                for (i, d) in out[pos..pos + n].iter_mut().enumerate() {
                    d.write(f(
                        a.data[oa + i * sa],
                        b.data[ob + i * sb],
                        c.data[oc + i * sc],
                    ));
                }
                pos += n;
            },
        );
        pos
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::alloc;

    fn op<'a>(data: &'a [f32], strides: &'a [usize], offset: usize) -> Operand<'a, f32> {
        Operand {
            data,
            strides,
            offset,
        }
    }

    #[test]
    fn contiguity_is_detected_and_size_one_dims_ignored() {
        let d = [0.0f32; 12];
        assert_eq!(
            op(&d, &[4, 1], 2).as_contiguous(&[2, 4]).map(<[f32]>::len),
            Some(8)
        );
        assert!(op(&d, &[1, 2], 0).as_contiguous(&[2, 3]).is_none());
        // a [3, 1] column with any stride on the size-1 dim is still one run
        assert_eq!(
            op(&d, &[1, 7], 0).as_contiguous(&[3, 1]).map(<[f32]>::len),
            Some(3)
        );
        // a broadcast (stride 0) dim is not contiguous
        assert!(op(&d, &[0, 1], 0).as_contiguous(&[2, 3]).is_none());
    }

    #[test]
    fn unary_transposed_gathers_in_row_major_order() {
        // a [2,3] view (strides [1,2]) of [0,1,2,3,4,5]: rows (0,2,4), (1,3,5); f = 10x
        let d = [0.0, 1.0, 2.0, 3.0, 4.0, 5.0];
        let v = unary(&[2, 3], 6, op(&d, &[1, 2], 0), |x| x * 10.0);
        assert_eq!(v.to_vec::<f32>(), vec![0.0, 20.0, 40.0, 10.0, 30.0, 50.0]);
    }

    #[test]
    fn binary_into_initialised_buffer_with_broadcast_rows() {
        // [2,1] + [1,3] -> out[i][j] = a[i] + b[j] = [[11,12,13],[21,22,23]]
        let (a, b) = ([10.0, 20.0], [1.0, 2.0, 3.0]);
        let mut out = vec![-1.0f32; 6];
        let n = binary_into(
            &[2, 3],
            op(&a, &[1, 0], 0),
            op(&b, &[0, 1], 0),
            alloc::as_uninit(&mut out),
            |x, y| x + y,
        );
        assert_eq!(n, 6);
        assert_eq!(out, vec![11.0, 12.0, 13.0, 21.0, 22.0, 23.0]);
    }

    #[test]
    fn unary_rows_gathers_strided_rows_through_the_row_kernel() {
        // row kernel x + 100; contiguous [4] and a stride-2 view starting at 1
        let d = [1.0, 2.0, 3.0, 4.0];
        let rowk = |s: &[f32], o: &mut [MaybeUninit<f32>]| map_slice(s, o, |x| x + 100.0);
        let v = unary_rows(&[4], 4, op(&d, &[1], 0), rowk);
        assert_eq!(v.to_vec::<f32>(), vec![101.0, 102.0, 103.0, 104.0]);
        let v = unary_rows(&[2], 2, op(&d, &[2], 1), rowk);
        assert_eq!(v.to_vec::<f32>(), vec![102.0, 104.0]);
        // a stride-0 row longer than the gather buffer (150 copies of d[2] = 3)
        let v = unary_rows(&[150], 150, op(&d, &[0], 2), rowk);
        assert_eq!(v.to_vec::<f32>(), vec![103.0; 150]);
    }
}

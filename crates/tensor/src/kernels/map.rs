//! Elementwise kernels over any layout, writing a fresh contiguous buffer.
//!
//! These are the only loops elementwise ops run. Each walks its operands with
//! [`for_each_row`](super::walk::for_each_row) and handles a row in one of a few
//! shapes: all unit strides (a flat zip the compiler vectorises), one operand
//! broadcast along the row (stride 0), or a general strided gather.

use super::walk::for_each_row;

/// A read-only operand: the whole storage slice plus this view's strides and offset.
#[derive(Clone, Copy)]
pub(crate) struct Operand<'a, T> {
    pub data: &'a [T],
    pub strides: &'a [usize],
    pub offset: usize,
}

/// `out[i] = f(a[i])` over `shape`, in row-major order.
#[inline]
pub(crate) fn unary<T: Copy, U>(
    shape: &[usize],
    numel: usize,
    a: Operand<'_, T>,
    f: impl Fn(T) -> U,
) -> Vec<U> {
    let mut out = Vec::with_capacity(numel);
    for_each_row(shape, [a.strides], [a.offset], |[o], [s], n| {
        if s == 1 {
            out.extend(a.data[o..o + n].iter().map(|&x| f(x)));
        } else {
            out.extend((0..n).map(|i| f(a.data[o + i * s])));
        }
    });
    out
}

/// `out[i] = f(a[i], b[i])` over `shape` (both operands already broadcast to it).
#[inline]
pub(crate) fn binary<T: Copy, U>(
    shape: &[usize],
    numel: usize,
    a: Operand<'_, T>,
    b: Operand<'_, T>,
    f: impl Fn(T, T) -> U,
) -> Vec<U> {
    let mut out = Vec::with_capacity(numel);
    for_each_row(
        shape,
        [a.strides, b.strides],
        [a.offset, b.offset],
        |[oa, ob], [sa, sb], n| match (sa, sb) {
            (1, 1) => out.extend(
                a.data[oa..oa + n]
                    .iter()
                    .zip(&b.data[ob..ob + n])
                    .map(|(&x, &y)| f(x, y)),
            ),
            (1, 0) => {
                let y = b.data[ob];
                out.extend(a.data[oa..oa + n].iter().map(|&x| f(x, y)));
            }
            (0, 1) => {
                let x = a.data[oa];
                out.extend(b.data[ob..ob + n].iter().map(|&y| f(x, y)));
            }
            _ => out.extend((0..n).map(|i| f(a.data[oa + i * sa], b.data[ob + i * sb]))),
        },
    );
    out
}

/// `out[i] = f(a[i], b[i], c[i])` over `shape` (for `where`/`clamp`-like ops).
#[inline]
pub(crate) fn ternary<T: Copy, U>(
    shape: &[usize],
    numel: usize,
    a: Operand<'_, T>,
    b: Operand<'_, T>,
    c: Operand<'_, T>,
    f: impl Fn(T, T, T) -> U,
) -> Vec<U> {
    let mut out = Vec::with_capacity(numel);
    for_each_row(
        shape,
        [a.strides, b.strides, c.strides],
        [a.offset, b.offset, c.offset],
        |[oa, ob, oc], [sa, sb, sc], n| {
            out.extend((0..n).map(|i| {
                f(
                    a.data[oa + i * sa],
                    b.data[ob + i * sb],
                    c.data[oc + i * sc],
                )
            }))
        },
    );
    out
}

//! The one strided iteration routine.
//!
//! Every kernel that reads arrays of arbitrary layout goes through [`for_each_row`]: it
//! merges dims that are laid out back to back in every operand (so a contiguous array
//! becomes a single row), then calls the kernel once per innermost row with each
//! operand's start offset and inner stride. Kernels therefore only ever see slices and
//! a stride, and the contiguous case is a flat loop the compiler vectorises.

use crate::shape::Dims;
use smallvec::SmallVec;

/// Merges adjacent dims that every operand can address as one (`stride[i] ==
/// stride[i+1] * shape[i+1]`) and drops size-1 dims. Returns the reduced shape and
/// strides; an empty shape means a single element.
pub(crate) fn coalesce<const N: usize>(
    shape: &[usize],
    strides: [&[usize]; N],
) -> (Dims, [Dims; N]) {
    let mut out_shape: Dims = SmallVec::new();
    let mut out_strides: [Dims; N] = std::array::from_fn(|_| SmallVec::new());
    for i in 0..shape.len() {
        if shape[i] == 1 {
            continue;
        }
        let merge = match out_shape.last() {
            Some(_) => (0..N).all(|k| {
                let prev = *out_strides[k].last().unwrap();
                prev == strides[k][i] * shape[i]
            }),
            None => false,
        };
        if merge {
            *out_shape.last_mut().unwrap() *= shape[i];
            for k in 0..N {
                *out_strides[k].last_mut().unwrap() = strides[k][i];
            }
        } else {
            out_shape.push(shape[i]);
            for k in 0..N {
                out_strides[k].push(strides[k][i]);
            }
        }
    }
    (out_shape, out_strides)
}

/// Calls `f(offsets, inner_strides, len)` once per innermost row of `shape`, where
/// `offsets[k]` is operand `k`'s element offset at the row start and `inner_strides[k]`
/// its stride along the row. Rows come in row-major order, so an output written
/// sequentially lines up with them. Does nothing for a zero-size shape.
pub(crate) fn for_each_row<const N: usize>(
    shape: &[usize],
    strides: [&[usize]; N],
    offsets: [usize; N],
    mut f: impl FnMut([usize; N], [usize; N], usize),
) {
    if shape.contains(&0) {
        return;
    }
    let (shape, strides) = coalesce(shape, strides);
    let nd = shape.len();
    if nd == 0 {
        f(offsets, [0; N], 1);
        return;
    }
    let len = shape[nd - 1];
    let inner: [usize; N] = std::array::from_fn(|k| strides[k][nd - 1]);
    if nd == 1 {
        f(offsets, inner, len);
        return;
    }
    let outer = &shape[..nd - 1];
    let mut index: Dims = SmallVec::from_elem(0, nd - 1);
    let mut offs = offsets;
    loop {
        f(offs, inner, len);
        // odometer increment over the outer dims
        let mut d = nd - 1;
        loop {
            if d == 0 {
                return;
            }
            d -= 1;
            index[d] += 1;
            for k in 0..N {
                offs[k] += strides[k][d];
            }
            if index[d] < outer[d] {
                break;
            }
            for k in 0..N {
                offs[k] -= strides[k][d] * outer[d];
            }
            index[d] = 0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contiguous_is_one_row() {
        let mut rows = vec![];
        for_each_row(&[2, 3, 4], [&[12, 4, 1]], [5], |o, s, n| {
            rows.push((o, s, n))
        });
        assert_eq!(rows, vec![([5], [1], 24)]);
    }

    #[test]
    fn transposed_rows_in_row_major_order() {
        // a [2,3] view of a [3,2] buffer (transpose): strides [1, 2]
        let mut seen = vec![];
        for_each_row(&[2, 3], [&[1, 2]], [0], |o, s, n| {
            for i in 0..n {
                seen.push(o[0] + i * s[0]);
            }
        });
        assert_eq!(seen, vec![0, 2, 4, 1, 3, 5]);
    }

    #[test]
    fn broadcast_operand_has_zero_stride() {
        let mut seen = vec![];
        for_each_row(&[2, 2], [&[2, 1], &[0, 1]], [0, 0], |o, s, n| {
            for i in 0..n {
                seen.push((o[0] + i * s[0], o[1] + i * s[1]));
            }
        });
        assert_eq!(seen, vec![(0, 0), (1, 1), (2, 0), (3, 1)]);
    }

    #[test]
    fn zero_size_calls_nothing() {
        let mut calls = 0;
        for_each_row(&[3, 0], [&[0, 1]], [0], |_, _, _| calls += 1);
        assert_eq!(calls, 0);
    }
}

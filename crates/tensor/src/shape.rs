//! Shapes, strides, dim normalisation and the broadcasting rule.
//!
//! A shape is a list of dim sizes; strides count elements (not bytes). Shapes and
//! strides live inline (no heap allocation) up to rank 6, which keeps small ops cheap.

use crate::error::{Error, Result};
use smallvec::SmallVec;

/// Inline storage for a shape or a list of strides.
pub type Dims = SmallVec<[usize; INLINE]>;

/// Number of elements of `shape`, or an overflow error naming `op`.
///
/// ```
/// use nanotorch_tensor::shape::checked_numel;
/// assert_eq!(checked_numel("zeros", &[2, 3, 4]).unwrap(), 24);
/// assert_eq!(checked_numel("zeros", &[]).unwrap(), 1);
/// assert!(checked_numel("zeros", &[usize::MAX, 2]).is_err());
/// ```
pub fn checked_numel(op: &'static str, shape: &[usize]) -> Result<usize> {
    shape
        .iter()
        .try_fold(1usize, |acc, &d| acc.checked_mul(d))
        .ok_or_else(|| Error::Overflow {
            op,
            shape: shape.to_vec(),
        })
}

/// Row-major (C order) strides of `shape`.
///
/// ```
/// use nanotorch_tensor::shape::contiguous_strides;
/// assert_eq!(contiguous_strides(&[2, 3, 4]).as_slice(), &[12, 4, 1]);
/// ```
#[inline(always)]
pub fn contiguous_strides(shape: &[usize]) -> Dims {
    // each stride is the product of the sizes after it; built in a plain array for
    // the usual rank <= 6, so that no `memcpy` call is made for a few words
    let mut strides = [0usize; INLINE];
    let n = shape.len();
    if n > INLINE {
        return contiguous_strides_long(shape);
    }
    let mut acc = 1usize;
    for i in (0..n).rev() {
        strides[i] = acc;
        acc = acc.saturating_mul(shape[i]);
    }
    Dims::from_buf_and_len(strides, n)
}

#[cold]
fn contiguous_strides_long(shape: &[usize]) -> Dims {
    let mut strides: Dims = SmallVec::from_elem(0, shape.len());
    let mut acc = 1usize;
    for (st, &size) in strides.iter_mut().zip(shape).rev() {
        *st = acc;
        acc = acc.saturating_mul(size);
    }
    strides
}

/// Dims (shape or strides) that fit inline, without a heap allocation.
const INLINE: usize = 6;

/// `s` as [`Dims`]: the same as `Dims::from_slice`, but with the few words of a
/// short shape copied inline instead of through a `memcpy` call (this runs for
/// every op's output and every array clone).
#[inline(always)]
pub(crate) fn dims_from(s: &[usize]) -> Dims {
    let n = s.len();
    if n > INLINE {
        return Dims::from_slice(s);
    }
    let at = |i: usize| if i < n { s[i] } else { 0 };
    Dims::from_buf_and_len([at(0), at(1), at(2), at(3), at(4), at(5)], n)
}

/// `a == b` for shapes or strides, compared inline (slice `==` on `usize` calls
/// `memcmp`, which costs more than comparing a few words).
#[inline]
pub(crate) fn same_dims(a: &[usize], b: &[usize]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

/// Turns a possibly negative dim into an index in `0..rank`, PyTorch style
/// (`-1` is the last dim).
///
/// ```
/// use nanotorch_tensor::shape::normalize_dim;
/// assert_eq!(normalize_dim("sum", -1, &[2, 3]).unwrap(), 1);
/// assert!(normalize_dim("sum", 2, &[2, 3]).is_err());
/// ```
pub fn normalize_dim(op: &'static str, dim: isize, shape: &[usize]) -> Result<usize> {
    normalize_dim_rank(op, dim, shape, shape.len())
}

/// Like [`normalize_dim`] for a rank that may differ from `shape.len()` (for ops such as
/// `unsqueeze` that accept one position past the end).
pub fn normalize_dim_rank(
    op: &'static str,
    dim: isize,
    shape: &[usize],
    rank: usize,
) -> Result<usize> {
    // PyTorch treats a 0-d tensor as having one addressable dim (0 or -1).
    let r = rank.max(1) as isize;
    let d = if dim < 0 { dim + r } else { dim };
    if d < 0 || d >= r {
        return Err(Error::DimOutOfRange {
            op,
            dim,
            shape: shape.to_vec(),
            lo: -r,
            hi: r - 1,
        });
    }
    Ok(d as usize)
}

/// The broadcast shape of `a` and `b` under NumPy/PyTorch rules: align from the right,
/// missing leading dims count as 1, and a dim of 1 stretches to match.
///
/// ```
/// use nanotorch_tensor::shape::broadcast_shapes;
/// assert_eq!(broadcast_shapes("add", &[3, 1], &[4]).unwrap().as_slice(), &[3, 4]);
/// assert!(broadcast_shapes("add", &[2, 3], &[4]).is_err());
/// ```
pub fn broadcast_shapes(op: &'static str, a: &[usize], b: &[usize]) -> Result<Dims> {
    let n = a.len().max(b.len());
    let mut out: Dims = SmallVec::from_elem(0, n);
    for i in 0..n {
        let da = if i < a.len() { a[a.len() - 1 - i] } else { 1 };
        let db = if i < b.len() { b[b.len() - 1 - i] } else { 1 };
        out[n - 1 - i] = if da == db || db == 1 {
            da
        } else if da == 1 {
            db
        } else {
            return Err(Error::Broadcast {
                op,
                lhs: a.to_vec(),
                rhs: b.to_vec(),
                dim: -(i as isize) - 1,
                left: da,
                right: db,
            });
        };
    }
    Ok(out)
}

/// Strides that view an array of `shape`/`strides` as the larger `target` shape
/// (stride 0 on stretched and new leading dims). The caller has checked that
/// `shape` broadcasts to `target`.
pub(crate) fn broadcast_strides(shape: &[usize], strides: &[usize], target: &[usize]) -> Dims {
    let lead = target.len() - shape.len();
    let mut out: Dims = SmallVec::from_elem(0, target.len());
    for i in 0..shape.len() {
        out[lead + i] = if shape[i] == 1 && target[lead + i] != 1 {
            0
        } else {
            strides[i]
        };
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dims_from_and_same_dims_match_the_slice_forms() {
        // every length from 0 to past the inline capacity: the same values as the slice
        let long: Vec<usize> = (1..=9).collect();
        for n in 0..=long.len() {
            let s = &long[..n];
            assert_eq!(dims_from(s).as_slice(), s);
            assert!(same_dims(s, &dims_from(s)));
            // strides of [1, 2, .., n]: stride i is the product (i+2)*...*n
            let expect: Vec<usize> = (0..n).map(|i| s[i + 1..].iter().product()).collect();
            assert_eq!(contiguous_strides(s).as_slice(), expect.as_slice());
        }
        assert!(!same_dims(&[2, 3], &[2, 4]));
        assert!(!same_dims(&[2, 3], &[2, 3, 1]));
    }

    #[test]
    fn broadcast_rank_promotion() {
        // [2, 1, 3] with [4, 1]: align right -> [2, 4, 3]
        assert_eq!(
            broadcast_shapes("add", &[2, 1, 3], &[4, 1])
                .unwrap()
                .as_slice(),
            &[2, 4, 3]
        );
        assert_eq!(broadcast_shapes("add", &[], &[5]).unwrap().as_slice(), &[5]);
        // a zero-size dim broadcasts against 1 but not against 2
        assert_eq!(
            broadcast_shapes("add", &[0], &[1]).unwrap().as_slice(),
            &[0]
        );
        let e = broadcast_shapes("mul", &[0], &[2]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "mul: cannot broadcast [0] with [2]: dim -1 is 0 vs 2"
        );
    }

    #[test]
    fn dims_of_zero_d() {
        assert_eq!(normalize_dim("sum", 0, &[]).unwrap(), 0);
        assert_eq!(normalize_dim("sum", -1, &[]).unwrap(), 0);
        let e = normalize_dim("sum", 1, &[]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "sum: dim 1 is out of range for shape [] (expected a dim in [-1, 0])"
        );
    }

    #[test]
    fn broadcast_strides_zero_on_stretched_dims() {
        assert_eq!(
            broadcast_strides(&[3, 1], &[1, 1], &[2, 3, 4]).as_slice(),
            &[0, 1, 0]
        );
    }
}

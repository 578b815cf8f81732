//! Value-only maximum and minimum of a contiguous slice, vectorised.
//!
//! The general extremum kernel (`reduce/extrema.rs`) tracks the first index of the
//! best value element by element, which the compiler cannot vectorise. When only the
//! value is wanted (`max()`, `min()` over all elements) this kernel keeps 16 running
//! lanes and a NaN flag per lane instead, which vectorises to packed compares and
//! blends, and reads memory at the speed of a plain sum.
//!
//! The value is the same as the general kernel's in every case it answers: NaN if any
//! element is NaN (the first NaN, as there), else the extremum. The one case where
//! "first occurrence" could tell equal values apart is `+0.0` against `-0.0`; when the
//! extremum is a zero it declines (`None`) and the caller runs the general kernel.

use crate::dtype::Element;

const LANES: usize = 16;

/// `true` if `v` should replace `best` (strictly larger for max, smaller for min).
#[inline(always)]
fn better<T: Element, const MAX: bool>(v: T, best: T) -> bool {
    if MAX {
        v > best
    } else {
        v < best
    }
}

/// The maximum (`MAX`) or minimum of a non-empty slice, NaN if it holds a NaN, or
/// `None` when the answer is a zero (sign decided by first occurrence elsewhere).
pub(crate) fn extreme<T: Element, const MAX: bool>(x: &[T]) -> Option<T> {
    let first = *x.first()?;
    let mut acc = [first; LANES];
    let mut nan = [false; LANES];
    let chunks = x.chunks_exact(LANES);
    let tail = chunks.remainder();
    for c in chunks {
        for j in 0..LANES {
            let v = c[j];
            nan[j] |= v.is_nan();
            acc[j] = if better::<T, MAX>(v, acc[j]) {
                v
            } else {
                acc[j]
            };
        }
    }
    let mut best = first;
    let mut any_nan = nan.iter().any(|&b| b);
    for &v in acc.iter().chain(tail) {
        any_nan |= v.is_nan();
        if better::<T, MAX>(v, best) {
            best = v;
        }
    }
    if any_nan || first.is_nan() {
        return x.iter().copied().find(|v| v.is_nan());
    }
    if best == T::ZERO {
        return None;
    }
    Some(best)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn max_and_min_anywhere_in_lanes_and_tail() {
        // 0.5 * (i mod 37) - 7 over 1000 elements: max 0.5*36 - 7 = 11, min -7
        let x: Vec<f32> = (0..1000).map(|i| 0.5 * (i % 37) as f32 - 7.0).collect();
        assert_eq!(extreme::<f32, true>(&x), Some(11.0));
        assert_eq!(extreme::<f32, false>(&x), Some(-7.0));
        // the extremum only in the tail (index 1001 of 1002; 1002 = 62 * 16 + 10)
        let mut y = vec![1.0f64; 1002];
        y[1001] = 3.0;
        y[1000] = -4.0;
        assert_eq!(extreme::<f64, true>(&y), Some(3.0));
        assert_eq!(extreme::<f64, false>(&y), Some(-4.0));
        assert_eq!(extreme::<f32, true>(&[]), None);
    }

    #[test]
    fn nan_wins_and_zero_declines() {
        let mut x = vec![1.0f32; 100];
        x[37] = f32::NAN;
        assert!(extreme::<f32, true>(&x).unwrap().is_nan());
        assert!(extreme::<f32, false>(&x).unwrap().is_nan());
        // a NaN as the first element too (it seeds every lane)
        x[0] = f32::NAN;
        assert!(extreme::<f32, false>(&x).unwrap().is_nan());
        // max of [-1, -0, +0] is a zero whose sign depends on order: declined
        assert_eq!(extreme::<f32, true>(&[-1.0, -0.0, 0.0]), None);
    }
}

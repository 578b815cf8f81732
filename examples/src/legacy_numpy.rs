//! The float32 `np.dot` of the numpy 1.x the notebooks' transcripts ran, emulated exactly.
//!
//! The numpy cells of three notebooks compute their gradient with `np.dot(2*x, y_pred - y)`
//! on float32 arrays. To print the transcripts' lines (not a re-run's), the port must add
//! the products in the order that numpy's float32 dot used back then
//! (../shared/golden/NOTES.md section 3): each product rounded to f32, four f32 partial
//! sums `acc[i % 4]` starting from `+0.0`, combined as `(acc0 + acc1) + (acc2 + acc3)`.
//! For 4 elements that is `(p0 + p1) + (p2 + p3)`.
//!
//! This is not how `nanotorch-tensor` sums (nor how today's numpy does: it adds f32
//! products in f64 and rounds once); it is an emulation of one library version, kept here
//! in the examples, not in the library.
//!
//! ```
//! use nanotorch_examples::legacy_numpy::dot_f32;
//! use nanotorch_tensor::Array;
//! let x = Array::from_slice(&[1.0, 2.0, 3.0, 4.0]);
//! let r = Array::from_slice(&[-2.0, -4.0, -6.0, -8.0]);
//! assert_eq!(dot_f32(&(&x * 2.0), &r), -120.0);
//! ```

use nanotorch_tensor::Array;

/// `np.dot(a, b)` of two float32 vectors as numpy 1.x computed it: f32 products summed
/// into four f32 accumulators by index mod 4, then `(acc0 + acc1) + (acc2 + acc3)`.
///
/// # Panics
/// If `a` and `b` are not 1-D of the same length.
///
/// ```
/// use nanotorch_examples::legacy_numpy::dot_f32;
/// use nanotorch_tensor::Array;
/// // All products are -0.0; the accumulators start at +0.0, so the dot is +0.0.
/// let a = Array::from_slice(&[-1.0, -2.0, -3.0, -4.0, -5.0]);
/// let zero = Array::from_slice(&[0.0; 5]);
/// assert!(dot_f32(&a, &zero).is_sign_positive());
/// ```
#[track_caller]
pub fn dot_f32(a: &Array, b: &Array) -> f32 {
    assert!(
        a.ndim() == 1 && a.shape() == b.shape(),
        "dot_f32: expected two 1-D arrays of the same length, got {:?} and {:?}",
        a.shape(),
        b.shape()
    );
    let (a, b) = (a.to_vec::<f32>(), b.to_vec::<f32>());
    // Four lanes, each starting at +0.0 (so a sum of -0.0 products is +0.0, as numpy prints).
    let mut acc = [0.0f32; 4];
    for (i, (&ai, &bi)) in a.iter().zip(&b).enumerate() {
        acc[i % 4] += ai * bi; // the product is rounded to f32, then added in f32
    }
    (acc[0] + acc[1]) + (acc[2] + acc[3])
}

#[cfg(test)]
mod tests {
    use super::*;

    // For n = 4 the order is (p0 + p1) + (p2 + p3). With p = [1, 1e8, -1e8, 1] in f32:
    // 1 + 1e8 rounds to 1e8, -1e8 + 1 rounds to -1e8, so the result is 0, whereas a left to
    // right sum gives ((1 + 1e8) - 1e8) + 1 = 1.
    #[test]
    fn four_elements_pairwise() {
        let a = Array::from_slice(&[1.0, 1e8, -1e8, 1.0]);
        let ones = Array::from_slice(&[1.0; 4]);
        assert_eq!(dot_f32(&a, &ones), 0.0);
    }

    // For n = 5 element 4 goes into lane 0: ((p0 + p4) + p1) + (p2 + p3). With
    // p = [1e8, 1, -1e8, 0, 1]: lane 0 = 1e8 + 1 = 1e8 (rounded), + lane 1 (1) = 1e8,
    // + (-1e8 + 0) = 0.
    #[test]
    fn five_elements_wrap_into_lane_zero() {
        let a = Array::from_slice(&[1e8, 1.0, -1e8, 0.0, 1.0]);
        let ones = Array::from_slice(&[1.0; 5]);
        assert_eq!(dot_f32(&a, &ones), 0.0);
        // The exact sum is 2; an f64 accumulator would give 2.
        let exact: f64 = [1e8f64, 1.0, -1e8, 0.0, 1.0].iter().sum();
        assert_eq!(exact, 2.0);
    }

    // Each product is rounded to f32 before it is added: p0 = 3 * f32(1/3) is exactly
    // 1.0000000298..., which rounds to 1.0 in f32, and p1 = -1, so the f32 dot is 0 where
    // an exact dot would be 2.98e-8.
    #[test]
    fn products_round_to_f32() {
        let third = 1.0f32 / 3.0;
        let a = Array::from_slice(&[3.0, 1.0]);
        let b = Array::from_slice(&[third, -1.0]);
        assert_eq!(dot_f32(&a, &b), 0.0);
        assert!(3.0 * third as f64 - 1.0 > 2.9e-8);
    }

    #[test]
    #[should_panic(
        expected = "dot_f32: expected two 1-D arrays of the same length, got [3] and [4]"
    )]
    fn length_mismatch_panics() {
        dot_f32(&Array::from_slice(&[1.0; 3]), &Array::from_slice(&[1.0; 4]));
    }
}

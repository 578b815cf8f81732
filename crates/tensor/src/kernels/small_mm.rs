//! Direct loops for matrix products with a tiny inner dim (`k <= SMALL_K`), where
//! the `gemm` crate's dispatch and packing cost far more than the arithmetic: the
//! `[2000, 3] x [3, 1]` forward of `Linear(3, 1)` and the `[2000, 1] x [1, 3]`
//! input gradient spent about two thirds of a training step inside gemm.
//!
//! Summation order: every output element is `((0 + a(i,0) b(0,j)) + a(i,1) b(1,j)) + ...`,
//! left to right over `p` from `+0.0`, each product rounded before the add (no FMA),
//! exactly the order of the tiny-product loop in `linalg.rs`.
//!
//! Also [`dot_strided`], the strided dot of `Array::dot` and of products with only a
//! few outputs and a long inner dim.

use crate::storage::Scalar;

/// Products whose inner dim is at most this use [`small_k`].
pub(crate) const SMALL_K: usize = 4;

/// A strided matrix: element `(i, j)` is at `off + i * rs + j * cs` in its buffer.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Strided {
    pub(crate) off: usize,
    pub(crate) rs: usize,
    pub(crate) cs: usize,
}

/// `dst[i * n + j] = sum_p a(i, p) * b(p, j)` for `k <= SMALL_K`, in the order of
/// the module docs. The caller has checked that both views lie inside their buffers
/// (an out-of-bounds index would still panic here, never read outside).
pub(crate) fn small_k<T: Scalar>(
    (m, n, k): (usize, usize, usize),
    (a, am): (&[T], Strided),
    (b, bm): (&[T], Strided),
    dst: &mut [T],
) {
    debug_assert!(k <= SMALL_K);
    let dst = &mut dst[..m * n];
    if n == 1 {
        // One column of `b`: gather it once, then one short dot per row of `a`.
        let mut col = [T::ZERO; SMALL_K];
        for (p, c) in col.iter_mut().enumerate().take(k) {
            *c = b[bm.off + p * bm.rs];
        }
        if am.cs == 1 && am.rs == k {
            // `a` is contiguous: its rows are consecutive chunks of k elements
            let a = &a[am.off..am.off + m * k];
            match k {
                1 => rows_dot::<T, 1>(a, &col, dst),
                2 => rows_dot::<T, 2>(a, &col, dst),
                3 => rows_dot::<T, 3>(a, &col, dst),
                _ => rows_dot::<T, 4>(a, &col, dst),
            }
            return;
        }
        let col = &col[..k];
        for (i, d) in dst.iter_mut().enumerate() {
            let row = am.off + i * am.rs;
            let mut acc = T::ZERO;
            for (p, &c) in col.iter().enumerate() {
                acc += a[row + p * am.cs] * c;
            }
            *d = acc;
        }
        return;
    }
    // Each row of the output accumulates `a(i, p) * b(p, :)` for p = 0, 1, ...: the
    // same left-to-right order per element, with a vectorisable inner loop.
    for (i, row) in dst.chunks_exact_mut(n).enumerate() {
        row.fill(T::ZERO);
        for p in 0..k {
            let x = a[am.off + i * am.rs + p * am.cs];
            let bo = bm.off + p * bm.rs;
            if bm.cs == 1 {
                for (d, &y) in row.iter_mut().zip(&b[bo..bo + n]) {
                    *d += x * y;
                }
            } else {
                for (j, d) in row.iter_mut().enumerate() {
                    *d += x * b[bo + j * bm.cs];
                }
            }
        }
    }
}

/// `dst[i] = sum_{p < K} a[i * K + p] * col[p]`, left to right from `+0.0`.
fn rows_dot<T: Scalar, const K: usize>(a: &[T], col: &[T; SMALL_K], dst: &mut [T]) {
    for (r, d) in a.chunks_exact(K).zip(dst) {
        let mut acc = T::ZERO;
        for p in 0..K {
            acc += r[p] * col[p];
        }
        *d = acc;
    }
}

/// Strided dot product of `k` elements. Short vectors add left to right; longer ones
/// keep eight partial sums (which vectorises and loses less precision than one
/// accumulator) and add them pairwise.
pub(crate) fn dot_strided<T: Scalar>(
    k: usize,
    a: &[T],
    ao: usize,
    as_: usize,
    b: &[T],
    bo: usize,
    bs: usize,
) -> T {
    if k == 0 {
        return T::ZERO;
    }
    // Every index read below is `p * stride` for p < k, at most the last index of these
    // two slices (the slicing itself panics if a view exceeds its buffer).
    let a = &a[ao..=ao + (k - 1) * as_];
    let b = &b[bo..=bo + (k - 1) * bs];
    // SAFETY: `p < k`, so `p * as_ <= (k - 1) * as_ = a.len() - 1` and likewise for `b`;
    // both reads are in bounds. Exercised by tests/matmul_small.rs (strided, transposed
    // and stride-0 operands) and the `dot` tests.
    let at = |p: usize| unsafe { *a.get_unchecked(p * as_) * *b.get_unchecked(p * bs) };
    if k < 16 {
        let mut acc = T::ZERO;
        for p in 0..k {
            acc += at(p);
        }
        return acc;
    }
    let mut lanes = [T::ZERO; 8];
    let full = k / 8 * 8;
    for base in (0..full).step_by(8) {
        for (l, lane) in lanes.iter_mut().enumerate() {
            *lane += at(base + l);
        }
    }
    for (l, p) in (full..k).enumerate() {
        lanes[l] += at(p);
    }
    ((lanes[0] + lanes[1]) + (lanes[2] + lanes[3]))
        + ((lanes[4] + lanes[5]) + (lanes[6] + lanes[7]))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Naive reference in f64: `sum_p a(i,p) b(p,j)` with every term exact in f64
    /// for these small integers and halves, so the f32 kernel must equal it exactly.
    fn naive(
        m: usize,
        n: usize,
        k: usize,
        a: &[f32],
        am: Strided,
        b: &[f32],
        bm: Strided,
    ) -> Vec<f64> {
        let mut out = vec![0.0f64; m * n];
        for i in 0..m {
            for j in 0..n {
                for p in 0..k {
                    out[i * n + j] += f64::from(a[am.off + i * am.rs + p * am.cs])
                        * f64::from(b[bm.off + p * bm.rs + j * bm.cs]);
                }
            }
        }
        out
    }

    fn data(len: usize) -> Vec<f32> {
        (0..len)
            .map(|v| ((v * 7 % 13) as f32 - 6.0) * 0.5)
            .collect()
    }

    #[test]
    fn matches_naive_for_column_rows_and_strided_views() {
        // (m, n, k, a view, b view) over 64-element buffers: contiguous, transposed
        // (rs = 1, cs = m), with an offset, and a stride-0 broadcast column.
        let (a, b) = (data(64), data(64));
        let cases = [
            (
                10,
                1,
                3,
                Strided {
                    off: 0,
                    rs: 3,
                    cs: 1,
                },
                Strided {
                    off: 0,
                    rs: 1,
                    cs: 1,
                },
            ),
            (
                10,
                1,
                4,
                Strided {
                    off: 2,
                    rs: 1,
                    cs: 10,
                },
                Strided {
                    off: 5,
                    rs: 3,
                    cs: 0,
                },
            ),
            (
                7,
                5,
                2,
                Strided {
                    off: 1,
                    rs: 2,
                    cs: 1,
                },
                Strided {
                    off: 0,
                    rs: 5,
                    cs: 1,
                },
            ),
            (
                7,
                5,
                1,
                Strided {
                    off: 0,
                    rs: 1,
                    cs: 7,
                },
                Strided {
                    off: 3,
                    rs: 1,
                    cs: 2,
                },
            ),
            (
                3,
                4,
                4,
                Strided {
                    off: 0,
                    rs: 0,
                    cs: 1,
                },
                Strided {
                    off: 1,
                    rs: 1,
                    cs: 4,
                },
            ),
        ];
        for (m, n, k, am, bm) in cases {
            let mut dst = vec![f32::NAN; m * n + 2];
            small_k((m, n, k), (&a, am), (&b, bm), &mut dst);
            let want = naive(m, n, k, &a, am, &b, bm);
            let got: Vec<f64> = dst[..m * n].iter().map(|&v| f64::from(v)).collect();
            assert_eq!(got, want, "m={m} n={n} k={k}");
            // the block past m * n is untouched
            assert!(dst[m * n..].iter().all(|v| v.is_nan()));
        }
    }

    #[test]
    fn rounds_each_product_then_adds_left_to_right() {
        // 1e8 * 1 + 1 * 1 - 1e8 * 1 in f32: (0 + 1e8) + 1 = 1e8 (1 is lost), then
        // 1e8 - 1e8 = 0; a different order (or f64) would give 1.
        let a = [1.0e8f32, 1.0, -1.0e8];
        let b = [1.0f32, 1.0, 1.0];
        let mut dst = [f32::NAN];
        let s = Strided {
            off: 0,
            rs: 3,
            cs: 1,
        };
        small_k(
            (1, 1, 3),
            (&a, s),
            (
                &b,
                Strided {
                    off: 0,
                    rs: 1,
                    cs: 1,
                },
            ),
            &mut dst,
        );
        assert_eq!(dst[0], 0.0);
    }
}

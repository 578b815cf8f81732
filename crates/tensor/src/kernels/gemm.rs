//! The one 2-D matrix-product kernel every `matmul`, `dot` and `outer` reduces to
//! (`linalg.rs` has the rank rules): strided operands, a plain loop for tiny products,
//! small-k loops and dots for the shapes of the notebooks' models, and the [`gemm`] crate
//! (one thread, or several above [`PARALLEL_MNK`](crate::PARALLEL_MNK)) for the rest.

use super::small_mm::{dot_strided, small_k, Strided, SMALL_K};
use crate::storage::Scalar;

/// Products with `m * n * k` at most this many multiply-adds use the plain loop.
/// Measured roughly on the 2-core x86-64 dev machine for square f32 products (release
/// build, one thread): 4^3 loop 52 ns vs gemm 354 ns, 6^3 206 vs 311 ns, 8^3 395 vs
/// 154 ns; the crossover lies between 6^3 and 8^3.
const SMALL_MNK: usize = 256;
/// Products with at most this many output elements (and a long inner dim) are computed
/// as independent dots by [`dot_strided`] instead of gemm's gemv dispatch.
const SMALL_MN: usize = 4;

/// A strided matrix inside a buffer: element `(i, j)` is at `off + i * rs + j * cs`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Mat {
    /// Offset of element `(0, 0)`.
    pub off: usize,
    /// Row stride.
    pub rs: usize,
    /// Column stride.
    pub cs: usize,
}

impl Mat {
    /// Panics unless every element of a `rows x cols` matrix lies inside a buffer of
    /// `len` elements. Arrays guarantee this already; checking it here makes the
    /// bounds of the raw-pointer call below evident and costs a few multiplications.
    fn assert_in_bounds(self, rows: usize, cols: usize, len: usize) {
        if rows > 0 && cols > 0 {
            let last = self.off + (rows - 1) * self.rs + (cols - 1) * self.cs;
            assert!(last < len, "matmul: operand view exceeds its buffer");
        }
    }
}

/// `dst[i * n + j] = sum_p a(i, p) * b(p, j)` for an `m x k` times `k x n` product,
/// writing a contiguous `m x n` block at the start of `dst`.
pub(crate) fn gemm_2d<T: Scalar>(
    m: usize,
    n: usize,
    k: usize,
    (a, am): (&[T], Mat),
    (b, bm): (&[T], Mat),
    dst: &mut [T],
) {
    assert!(dst.len() >= m * n, "matmul: output block too small");
    if m == 0 || n == 0 {
        return;
    }
    if k == 0 {
        dst[..m * n].fill(T::ZERO);
        return;
    }
    am.assert_in_bounds(m, k, a.len());
    bm.assert_in_bounds(k, n, b.len());
    let work = m.saturating_mul(n).saturating_mul(k);
    if work <= SMALL_MNK {
        for i in 0..m {
            for j in 0..n {
                let mut acc = T::ZERO;
                for p in 0..k {
                    acc += a[am.off + i * am.rs + p * am.cs] * b[bm.off + p * bm.rs + j * bm.cs];
                }
                dst[i * n + j] = acc;
            }
        }
        return;
    }
    if k <= SMALL_K {
        let s = |x: Mat| Strided {
            off: x.off,
            rs: x.rs,
            cs: x.cs,
        };
        small_k((m, n, k), (a, s(am)), (b, s(bm)), dst);
        return;
    }
    if m * n <= SMALL_MN {
        // A handful of long dots (e.g. the `[1, 2000] x [2000, 3]` weight gradient of
        // `Linear(3, 1)`): eight partial sums per dot, as `Array::dot`.
        for i in 0..m {
            for j in 0..n {
                dst[i * n + j] = dot_strided(
                    k,
                    a,
                    am.off + i * am.rs,
                    am.cs,
                    b,
                    bm.off + j * bm.cs,
                    bm.rs,
                );
            }
        }
        return;
    }
    let par = match crate::threads::for_matmul(work) {
        1 => gemm::Parallelism::None,
        t => gemm::Parallelism::Rayon(t),
    };
    // SAFETY: `T` is f32 or f64 (the only `Scalar` types), both supported by gemm.
    // All pointers are derived from live slices: the asserts above prove that every
    // element gemm reads, `off + i * rs + p * cs` for i < rows and p < cols, lies inside
    // `a` or `b`, and that the `m x n` row-major block it writes (row stride n, column
    // stride 1) lies inside `dst`. Strides are element counts of in-memory buffers, so
    // they fit in `isize`; stride 0 (broadcast views) only makes gemm read the same
    // element again, which is sound for reads. `dst` is borrowed mutably and cannot
    // alias `a` or `b`. With `read_dst = false` gemm never reads `dst`; it writes
    // `0 * dst + 1 * (a * b)` into it.
    unsafe {
        gemm::gemm(
            m,
            n,
            k,
            dst.as_mut_ptr(),
            1,
            n as isize,
            false,
            a.as_ptr().add(am.off),
            am.cs as isize,
            am.rs as isize,
            b.as_ptr().add(bm.off),
            bm.cs as isize,
            bm.rs as isize,
            T::ZERO,
            T::ONE,
            false,
            false,
            false,
            par,
        );
    }
}

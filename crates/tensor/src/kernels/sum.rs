//! Summation kernels, all in one canonical order.
//!
//! The sum of `n` values `x[0..n]` is defined as follows. Runs of up to [`BLOCK`]
//! elements form one leaf; longer runs are cut into blocks of [`BLOCK`] elements whose
//! leaf sums are combined pairwise by recursive halving, so the rounding error grows
//! like `O(log n)` rather than `O(n)` for a single accumulator. A leaf of length `L`
//! uses `K` lane accumulators, `K = 4` if `L < 8` and `K = 8` otherwise, each starting at
//! `+0.0`: element `i` of the whole `K`-chunks goes to lane `i % K`, the `L % K` trailing
//! elements are added to lane 0 in order, and the lanes are combined left to right,
//! `((a0 + a1) + a2) + ...`.
//!
//! This is the order PyTorch 2.15 uses on CPU for short float32 vectors: it reproduced
//! the bit pattern of every torch `sum()` in `tests/fixtures/tensor/sum_bits.json` for
//! n = 1..9, 16, 24 and 32. For n <= 4 it is plain left to right,
//! `(((0 + x0) + x1) + x2) + x3`; for n = 5 it is `(((x0 + x4) + x1) + x2) + x3`
//! (golden NOTES.md, section 3), which also prints every notebook line exactly.
//!
//! Because every accumulator starts at `+0.0`, a sum of negative zeros is `+0.0`, as in
//! PyTorch. The three kernels (contiguous slice, strided run, and whole rows at once) all
//! follow this order exactly, so a sum never depends on the memory layout.

use super::map::simd_run;
use crate::dtype::Element;

/// Elements per leaf block (a multiple of 8). With 8 lanes each lane adds at most 16
/// values, which keeps 1e6 equal f32 terms within 1e-7 relative error.
pub(crate) const BLOCK: usize = 128;
/// Columns per tile in [`sum_rows`]: the 8 lane rows of a tile (32 KiB of f32) stay in
/// L1/L2 while rows stream through in order. 1024 measured 1.4-1.7x faster than 256
/// for the axis-0 sum of 1000x1000 (fewer, longer sequential reads per row).
const TILE: usize = 1024;

/// Number of lanes for a leaf of `len` elements.
#[inline(always)]
fn lanes_for(len: usize) -> usize {
    if len < 8 {
        4
    } else {
        8
    }
}

/// The lane of element `rel` of a leaf of `len` elements.
#[inline(always)]
fn lane_of(rel: usize, len: usize) -> usize {
    let k = lanes_for(len);
    if rel < len - len % k {
        rel % k
    } else {
        0
    }
}

/// Lanes combined left to right.
#[inline(always)]
fn combine<T: Element>(acc: &[T]) -> T {
    acc[1..].iter().fold(acc[0], |a, &b| a + b)
}

/// Pairwise combination of `leaf(b)` over the blocks `lo..hi` (`hi > lo`).
fn pairwise<T: Element>(lo: usize, hi: usize, leaf: &impl Fn(usize) -> T) -> T {
    if hi - lo == 1 {
        return leaf(lo);
    }
    let mid = lo + (hi - lo) / 2;
    pairwise(lo, mid, leaf) + pairwise(mid, hi, leaf)
}

/// `K`-lane sum of one leaf held in a slice.
#[inline(always)]
fn lanes_slice<T: Element, const K: usize>(x: &[T]) -> T {
    let mut acc = [T::ZERO; K];
    let chunks = x.chunks_exact(K);
    let rem = chunks.remainder();
    for c in chunks {
        for j in 0..K {
            acc[j] += c[j];
        }
    }
    for &v in rem {
        acc[0] += v;
    }
    combine(&acc)
}

/// The leaf sum of a slice.
#[inline(always)]
fn leaf_slice<T: Element>(x: &[T]) -> T {
    if x.len() < 8 {
        lanes_slice::<T, 4>(x)
    } else {
        lanes_slice::<T, 8>(x)
    }
}

/// The leaf sum of `len` elements read through `get`.
#[inline]
fn leaf_by<T: Element>(len: usize, get: impl Fn(usize) -> T) -> T {
    let mut acc = [T::ZERO; 8];
    for i in 0..len {
        acc[lane_of(i, len)] += get(i);
    }
    combine(&acc[..lanes_for(len)])
}

/// Sum of a contiguous run in the canonical order.
///
/// The leaf sums do not depend on each other, so they are computed first, four full
/// leaves at a time with their lanes interleaved (32 independent accumulators instead of
/// 8: the adds are no longer waiting on each other's latency), in AVX2 when the CPU has
/// it; then combined by the same recursive halving as [`pairwise`]. Each leaf and the
/// tree are exactly the canonical ones, so the bits do not change.
pub(crate) fn sum_slice<T: Element>(x: &[T]) -> T {
    let n = x.len();
    if n <= BLOCK {
        return leaf_slice(x);
    }
    let nb = n.div_ceil(BLOCK);
    const STACK: usize = 64;
    if nb <= STACK {
        let mut leaves = [T::ZERO; STACK];
        leaf_sums(x, &mut leaves[..nb]);
        tree(&leaves[..nb])
    } else {
        let mut leaves = vec![T::ZERO; nb];
        leaf_sums(x, &mut leaves);
        tree(&leaves)
    }
}

/// `out[b]` = the leaf sum of block `b` of `x` (`out.len()` = number of blocks), in a
/// pulp AVX2 context when the CPU has one (IEEE adds: the same bits either way).
fn leaf_sums<T: Element>(x: &[T], out: &mut [T]) {
    // (a `WithSimd` type rather than `simd_loop`'s closure, which is too large to be
    // inlined into the AVX2 context)
    struct LeafSums<'a, T>(&'a [T], &'a mut [T]);
    impl<T: Element> pulp::WithSimd for LeafSums<'_, T> {
        type Output = ();
        #[inline(always)]
        fn with_simd<S: pulp::Simd>(self, _: S) {
            leaf_sums_body(self.0, self.1)
        }
    }
    simd_run(LeafSums(x, out))
}

#[inline(always)]
fn leaf_sums_body<T: Element>(x: &[T], out: &mut [T]) {
    const G: usize = 4;
    let groups = x.chunks_exact(G * BLOCK);
    let rest = groups.remainder();
    let ngroups = x.len() / (G * BLOCK);
    let (head, tail) = out.split_at_mut(ngroups * G);
    for (c, o) in groups.zip(head.chunks_exact_mut(G)) {
        o.copy_from_slice(&full_leaves::<T, G>(c));
    }
    for (c, o) in rest.chunks(BLOCK).zip(tail) {
        *o = leaf_slice(c);
    }
}

/// The leaf sums of `G` full blocks (`x.len() == G * BLOCK`). Written leaf after
/// leaf: each leaf's 8 lanes are one or two vector registers, and the `G` chains of
/// dependent adds are independent, so the CPU overlaps them.
#[inline(always)]
fn full_leaves<T: Element, const G: usize>(x: &[T]) -> [T; G] {
    // (a plain loop: `array::from_fn`'s closure is not inlined into the AVX2 context)
    // The block length is hidden from the optimiser: with a known length of 128 it
    // unrolls each leaf completely and then vectorises across the wrong dimension
    // (scalar adds and shuffles); as a run-time length each leaf is one vector
    // register (f32) or two (f64) and a short loop.
    let len = std::hint::black_box(BLOCK);
    let mut out = [T::ZERO; G];
    for (g, o) in out.iter_mut().enumerate() {
        *o = lanes_slice::<T, 8>(&x[g * len..(g + 1) * len]);
    }
    out
}

/// Recursive halving over leaf sums: the same tree as [`pairwise`] over `0..l.len()`.
/// The leaves of the recursion (up to 4 sums) are written out, which saves most calls.
fn tree<T: Element>(l: &[T]) -> T {
    match *l {
        [a] => a,
        [a, b] => a + b,
        [a, b, c] => a + (b + c),
        [a, b, c, d] => (a + b) + (c + d),
        _ => {
            let mid = l.len() / 2;
            tree(&l[..mid]) + tree(&l[mid..])
        }
    }
}

/// Sum of `data[offset + i * stride]` for `i in 0..n`, in the canonical order.
pub(crate) fn sum_strided<T: Element>(data: &[T], offset: usize, stride: usize, n: usize) -> T {
    pairwise(0, n.div_ceil(BLOCK).max(1), &|b| {
        let (start, end) = (b * BLOCK, n.min((b + 1) * BLOCK));
        leaf_by(end - start, |i| data[offset + (start + i) * stride])
    })
}

/// Column sums of `nrows` rows: `out[c] = sum over r of data[offset + r * row_stride + c]`
/// for `c in 0..out.len()`, each in the canonical order over `r`.
///
/// This is how a non-innermost dim of a contiguous array is reduced: whole rows are
/// added into lane rows, so every load is contiguous and the adds vectorise across
/// columns instead of striding through memory once per output.
pub(crate) fn sum_rows<T: Element>(
    data: &[T],
    offset: usize,
    row_stride: usize,
    nrows: usize,
    out: &mut [T],
) {
    let width = out.len();
    let mut lanes = vec![T::ZERO; 8 * TILE.min(width)];
    let nblocks = nrows.div_ceil(BLOCK).max(1);
    for t0 in (0..width).step_by(TILE) {
        let w = TILE.min(width - t0);
        let rows = Rows {
            data,
            offset: offset + t0,
            row_stride,
            nrows,
            width: w,
        };
        rows.pairwise(0, nblocks, &mut out[t0..t0 + w], &mut lanes);
    }
}

/// A tile of `width` columns of `nrows` rows, for [`sum_rows`].
struct Rows<'a, T> {
    data: &'a [T],
    offset: usize,
    row_stride: usize,
    nrows: usize,
    width: usize,
}

impl<T: Element> Rows<'_, T> {
    /// Writes the pairwise combination of blocks `lo..hi` into `out`.
    fn pairwise(&self, lo: usize, hi: usize, out: &mut [T], lanes: &mut [T]) {
        if hi - lo == 1 {
            return self.leaf(lo, out, lanes);
        }
        let mid = lo + (hi - lo) / 2;
        self.pairwise(lo, mid, out, lanes);
        let mut right = vec![T::ZERO; self.width];
        self.pairwise(mid, hi, &mut right, lanes);
        for (o, r) in out.iter_mut().zip(right) {
            *o += r;
        }
    }

    /// The leaf sum of block `b`, column by column: lane `j` is the row
    /// `lanes[j * w..(j + 1) * w]`.
    fn leaf(&self, b: usize, out: &mut [T], lanes: &mut [T]) {
        let w = self.width;
        let (start, end) = (b * BLOCK, self.nrows.min((b + 1) * BLOCK));
        let (len, k) = (end - start, lanes_for(end - start));
        let lanes = &mut lanes[..k * w];
        lanes.fill(T::ZERO);
        // the same adds in the same order on any instruction set; AVX2 when available
        super::map::simd_loop(|| {
            for r in start..end {
                let row = &self.data[self.offset + r * self.row_stride..][..w];
                let j = lane_of(r - start, len);
                for (a, &v) in lanes[j * w..(j + 1) * w].iter_mut().zip(row) {
                    *a += v;
                }
            }
        });
        out.copy_from_slice(&lanes[..w]);
        for j in 1..k {
            for (o, &a) in out.iter_mut().zip(&lanes[j * w..(j + 1) * w]) {
                *o += a;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_sums_follow_torch_order_bitwise() {
        // n = 4: (((0 + x0) + x1) + x2) + x3 in f32, plain left to right
        let x = [0.1f32, 1e8, -1e8, 0.3];
        let expected = (((0.0f32 + x[0]) + x[1]) + x[2]) + x[3];
        assert_eq!(sum_slice(&x).to_bits(), expected.to_bits());
        // 0.1 is absorbed by 1e8 (f32 spacing 8 there), so this is 0.3; pairwise
        // (0.1 + 1e8) + (-1e8 + 0.3) would give 0
        assert_eq!(expected, 0.3);
        // n = 5: 4 lanes, x4 joins lane 0, lanes left to right: (((x0 + x4) + x1) + x2) + x3.
        // With x = [1e8, 1, 1, 1, -1e8] that is exactly 3, where left to right gives 0.
        let y = [1e8f32, 1.0, 1.0, 1.0, -1e8];
        assert_eq!(sum_slice(&y), 3.0);
        let y = [1.1f32, 2.3e-3, 7.7, -3.3e4, 0.17];
        let e5 = (((y[0] + y[4]) + y[1]) + y[2]) + y[3];
        assert_eq!(sum_slice(&y).to_bits(), e5.to_bits());
        assert_eq!(sum_strided(&y, 0, 1, 5).to_bits(), e5.to_bits());
        // n = 7: lane 0 takes x0, x4, x5, x6 in order
        let z = [0.3f32, -7.1, 2e-4, 5.5e3, 1.9, -0.01, 3.3];
        let e7 = (((((z[0] + z[4]) + z[5]) + z[6]) + z[1]) + z[2]) + z[3];
        assert_eq!(sum_slice(&z).to_bits(), e7.to_bits());
        // n = 9: 8 lanes, x8 joins lane 0: ((x0 + x8) + x1) + ... + x7
        let w: Vec<f32> = (0..9)
            .map(|i| (i as f32 * 1.37).sin() * 10f32.powi(i % 4))
            .collect();
        let e9 = w[1..8].iter().fold(w[0] + w[8], |a, &b| a + b);
        assert_eq!(sum_slice(&w).to_bits(), e9.to_bits());
    }

    #[test]
    fn negative_zeros_sum_to_positive_zero() {
        // every accumulator starts at +0.0 and +0 + -0 = +0
        for n in [1, 3, 8, 9, 2000] {
            let z = vec![-0.0f32; n];
            assert_eq!(sum_slice(&z).to_bits(), 0.0f32.to_bits(), "n = {n}");
            assert_eq!(sum_strided(&z, 0, 1, n).to_bits(), 0.0f32.to_bits());
            let mut out = [-1.0f32];
            sum_rows(&z, 0, 1, n, &mut out);
            assert_eq!(out[0].to_bits(), 0.0f32.to_bits());
        }
    }

    #[test]
    fn long_sum_is_accurate() {
        // 1e6 copies of 0.1f32: the exact sum of the f32 value is 1e6 * 0.100000001490116...
        let n = 1_000_000;
        let x = vec![0.1f32; n];
        let exact = n as f64 * 0.1f32 as f64;
        let rel = ((sum_slice(&x) as f64 - exact) / exact).abs();
        assert!(rel < 1e-6, "relative error {rel}");
        // a single f32 accumulator drifts by about 1 % here, so this test can fail
        let naive = x.iter().fold(0.0f32, |a, &b| a + b) as f64;
        assert!(((naive - exact) / exact).abs() > 1e-3);
    }

    #[test]
    fn three_kernels_agree_bitwise() {
        // the same values summed as a slice, as a strided run, and as column 1 of rows
        // (sizes cover: one short leaf, one leaf, groups of 4 full leaves with partial
        // and full remainders, and more than 64 leaves, the heap-buffer path)
        for n in [7, 8, 13, 128, 129, 512, 1025, 3000, 4 * 128 * 17, 70_001] {
            let x: Vec<f32> = (0..n)
                .map(|i| ((i * 7919) % 1000) as f32 * 0.001 - 0.4)
                .collect();
            let s = sum_slice(&x);
            // interleave x with junk: element i at index 3 * i + 1
            let mut strided = vec![9.0f32; 3 * n];
            for (i, &v) in x.iter().enumerate() {
                strided[3 * i + 1] = v;
            }
            assert_eq!(
                sum_strided(&strided, 1, 3, n).to_bits(),
                s.to_bits(),
                "n = {n}"
            );
            let mut out = [0.0f32; 2];
            sum_rows(&strided, 0, 3, n, &mut out);
            assert_eq!(out[1].to_bits(), s.to_bits(), "n = {n}");
        }
    }

    #[test]
    fn rows_wider_than_a_tile() {
        // 20 rows of TILE + 300 columns: column c holds r + c at row r, so its sum is
        // sum_{r<20} (r + c) = 190 + 20 c (exact in f64)
        let (nr, w) = (20, TILE + 300);
        let data: Vec<f64> = (0..nr * w).map(|k| (k / w + k % w) as f64).collect();
        let mut out = vec![0.0; w];
        sum_rows(&data, 0, w, nr, &mut out);
        for (c, &v) in out.iter().enumerate() {
            assert_eq!(v, 190.0 + 20.0 * c as f64);
        }
    }
}

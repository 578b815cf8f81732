//! The `gemm` crate called directly, with a chosen thread count: the reference our
//! matmul is compared with, and the measurement behind the tensor crate's
//! `PARALLEL_MNK` (bench group `matmul_threads`).

/// `c = a b` for row-major `m x k` and `k x n` matrices through the `gemm` crate on
/// `threads` threads (1: no rayon at all).
///
/// ```
/// // [[1,2],[3,4]] [[5,6],[7,8]] = [[19,22],[43,50]], the same on two threads
/// let (a, b) = ([1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0]);
/// for t in [1, 2] {
///     let c = nanotorch_bench::gemm_matmul_threads(&a, &b, 2, 2, 2, t);
///     assert_eq!(c, vec![19.0, 22.0, 43.0, 50.0]);
/// }
/// ```
pub fn gemm_matmul_threads(
    a: &[f32],
    b: &[f32],
    m: usize,
    k: usize,
    n: usize,
    threads: usize,
) -> Vec<f32> {
    assert_eq!(a.len(), m * k);
    assert_eq!(b.len(), k * n);
    let mut c = vec![0.0f32; m * n];
    let par = if threads > 1 {
        gemm::Parallelism::Rayon(threads)
    } else {
        gemm::Parallelism::None
    };
    // SAFETY: the three slices hold m*k, k*n and m*n elements (asserted above and by
    // construction), and the strides describe row-major layouts inside them (column
    // stride 1, row stride = row length), so every index gemm forms is in bounds; `c`
    // is not read (read_dst = false) and does not alias `a` or `b`.
    unsafe {
        gemm::gemm(
            m,
            n,
            k,
            c.as_mut_ptr(),
            1,
            n as isize,
            false,
            a.as_ptr(),
            1,
            k as isize,
            b.as_ptr(),
            1,
            n as isize,
            0.0,
            1.0,
            false,
            false,
            false,
            par,
        )
    };
    c
}

//! Same-run baselines: the plainest loops over the same bytes an op touches, so that
//! each measured op can be reported as a fraction of what the hardware gave in the
//! very same run.

/// `dst[i] = src[i]`: read and write bandwidth (a simple loop; the compiler may turn
/// it into `memcpy`, which is the point).
///
/// ```
/// let mut d = vec![0.0f32; 3];
/// nanotorch_bench::copy(&[1.0, 2.0, 3.0], &mut d);
/// assert_eq!(d, vec![1.0, 2.0, 3.0]);
/// ```
pub fn copy<T: Copy>(src: &[T], dst: &mut [T]) {
    for (d, s) in dst.iter_mut().zip(src) {
        *d = *s;
    }
}

/// Sum of the elements with 8 independent accumulators: read bandwidth (the
/// accumulators hide the add latency, so the loop is memory bound).
///
/// ```
/// // (1 + ... + 10) = 55, exact in f32 whatever the order
/// let x: Vec<f32> = (1..=10).map(|i| i as f32).collect();
/// assert_eq!(nanotorch_bench::read_sum(&x), 55.0);
/// ```
pub fn read_sum<T: Copy + Default + std::ops::Add<Output = T>>(x: &[T]) -> T {
    let mut acc = [T::default(); 8];
    let chunks = x.chunks_exact(8);
    let tail = chunks.remainder();
    for c in chunks {
        for k in 0..8 {
            acc[k] = acc[k] + c[k];
        }
    }
    let mut s = T::default();
    for a in acc {
        s = s + a;
    }
    for &t in tail {
        s = s + t;
    }
    s
}

/// `dst[i] = v`: write-only bandwidth (what a broadcast op's output costs at best).
///
/// ```
/// let mut d = vec![0.0f32; 2];
/// nanotorch_bench::fill(&mut d, 1.5);
/// assert_eq!(d, vec![1.5, 1.5]);
/// ```
pub fn fill<T: Copy>(dst: &mut [T], v: T) {
    for d in dst {
        *d = v;
    }
}

/// A freshly allocated `Vec` of `n` copies of `v`, written element by element: the
/// cost of a new output buffer from the system allocator (page faults included).
///
/// ```
/// assert_eq!(nanotorch_bench::fresh_vec(3, 2.0f32), vec![2.0, 2.0, 2.0]);
/// ```
pub fn fresh_vec<T: Copy>(n: usize, v: T) -> Vec<T> {
    let mut out = Vec::with_capacity(n);
    out.extend((0..n).map(|_| v));
    out
}

//! How many threads the kernels may use: PyTorch's `torch.set_num_threads` and
//! `torch.get_num_threads`.
//!
//! Only matrix products run on several threads (through the `gemm` crate's rayon
//! pool), and only when they are large enough for the second thread to pay: see
//! [`PARALLEL_MNK`]. Elementwise ops and reductions are memory bound at the sizes
//! where threads would matter and stay on the calling thread.

use std::sync::atomic::{AtomicUsize, Ordering};

/// `0` means "not set": use every core the process may run on.
static NUM_THREADS: AtomicUsize = AtomicUsize::new(0);

/// Products with at least this many multiply-adds (`m * n * k`) use several threads.
///
/// Found by measurement (`cargo bench -p nanotorch-bench --bench kernels --
/// matmul_threads/`: square f32 products through gemm on 1 and 2 threads, 2-core
/// x86-64 dev machine, docs/performance.md): up to 80^3 two threads gain nothing,
/// at 96^3 0-5 %, at 128^3 1.35x, at 256^3 1.8x. The threshold sits at 128^3, where
/// the gain is clear of the noise of a shared machine.
pub const PARALLEL_MNK: usize = 128 * 128 * 128;

/// Sets how many threads kernels may use (at least 1), like `torch.set_num_threads`.
/// `set_num_threads(1)` keeps all work on the calling thread.
///
/// ```
/// use nanotorch_tensor::{get_num_threads, set_num_threads};
/// let before = get_num_threads();
/// set_num_threads(1);
/// assert_eq!(get_num_threads(), 1);
/// set_num_threads(before);
/// ```
pub fn set_num_threads(n: usize) {
    NUM_THREADS.store(n.max(1), Ordering::Relaxed);
}

/// How many threads kernels may use: the last [`set_num_threads`] value, else the
/// number of cores available to the process (`std::thread::available_parallelism`).
///
/// ```
/// assert!(nanotorch_tensor::get_num_threads() >= 1);
/// ```
pub fn get_num_threads() -> usize {
    match NUM_THREADS.load(Ordering::Relaxed) {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    }
}

/// The threads a product of `work` multiply-adds should use: 1 below
/// [`PARALLEL_MNK`], else [`get_num_threads`].
pub(crate) fn for_matmul(work: usize) -> usize {
    if work < PARALLEL_MNK {
        1
    } else {
        get_num_threads()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_products_stay_on_one_thread() {
        // the threshold itself is where threads start; just below it, one thread
        assert_eq!(for_matmul(PARALLEL_MNK - 1), 1);
        assert_eq!(for_matmul(0), 1);
        assert!(for_matmul(PARALLEL_MNK) >= 1);
    }
}

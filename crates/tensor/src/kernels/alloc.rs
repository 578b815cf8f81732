//! Output buffers, and the cache of freed large buffers behind them.
//!
//! A fresh large allocation is expensive not because of `malloc` but because every
//! page of it is faulted in (and zeroed by the kernel) on first write: on this
//! machine that caps a freshly allocated output at about 4 GB/s, several times below
//! memory bandwidth. So when the storage of an array of at least [`MIN_CACHED_BYTES`]
//! is dropped, its vector goes into a small process-wide cache instead of back to the
//! allocator, and the next op needing a buffer of about that size takes it back, pages
//! already mapped. This is the same idea as PyTorch's CUDA caching allocator, applied
//! to CPU buffers. The cache is bounded ([`MAX_CACHED`] buffers, [`MAX_CACHED_BYTES`]
//! in total per element type) and can be emptied with
//! [`release_cached_buffers`](crate::release_cached_buffers).
//!
//! Transparent huge pages would also cut the fault count, but here they are only
//! given on `madvise` (not `always`), which needs a raw syscall or the `libc` crate,
//! and they still leave one fault (and a 2 MiB zeroing) per huge page; reuse leaves
//! none.

use std::any::{Any, TypeId};
use std::mem::MaybeUninit;
use std::sync::Mutex;

/// Buffers at least this large are cached on drop and reused.
pub(crate) const MIN_CACHED_BYTES: usize = 1 << 18;
/// At most this many buffers per element type are kept.
pub(crate) const MAX_CACHED: usize = 8;
/// At most this many bytes per element type are kept.
pub(crate) const MAX_CACHED_BYTES: usize = 512 << 20;

struct Cache<T> {
    bufs: Vec<Vec<T>>,
}

impl<T> Cache<T> {
    const fn new() -> Self {
        Cache { bufs: Vec::new() }
    }

    fn bytes(&self) -> usize {
        self.bufs.iter().map(|b| b.capacity()).sum::<usize>() * std::mem::size_of::<T>()
    }

    /// The smallest cached buffer holding `n` elements, if it is at most twice that.
    fn take(&mut self, n: usize) -> Option<Vec<T>> {
        let best = (0..self.bufs.len())
            .filter(|&i| (n..=n.saturating_mul(2)).contains(&self.bufs[i].capacity()))
            .min_by_key(|&i| self.bufs[i].capacity())?;
        let mut v = self.bufs.swap_remove(best);
        v.clear();
        Some(v)
    }

    /// Keeps `v`, dropping the oldest buffers while over the limits.
    fn give(&mut self, v: Vec<T>) {
        self.bufs.push(v);
        while self.bufs.len() > MAX_CACHED || self.bytes() > MAX_CACHED_BYTES {
            self.bufs.remove(0);
        }
    }
}

static F32_CACHE: Mutex<Cache<f32>> = Mutex::new(Cache::new());
static F64_CACHE: Mutex<Cache<f64>> = Mutex::new(Cache::new());

#[inline]
fn is_cached_size<T>(n: usize) -> bool {
    n.saturating_mul(std::mem::size_of::<T>()) >= MIN_CACHED_BYTES
}

/// Takes a cached `Vec<T>` of capacity in `n..=2n` from the `T` cache, if `U` is `T`.
fn take_as<T: 'static, U: 'static>(cache: &Mutex<Cache<T>>, n: usize) -> Option<Vec<U>> {
    if TypeId::of::<U>() != TypeId::of::<T>() {
        return None;
    }
    let v = cache.lock().unwrap_or_else(|e| e.into_inner()).take(n)?;
    let boxed: Box<dyn Any> = Box::new(v);
    boxed.downcast::<Vec<U>>().ok().map(|b| *b)
}

/// An empty vector with capacity for at least `n` elements: a cached buffer when one
/// fits (large `f32`/`f64` buffers only), else a fresh allocation.
pub(crate) fn buffer<U: 'static>(n: usize) -> Vec<U> {
    if is_cached_size::<U>(n) {
        if let Some(v) = take_as(&F32_CACHE, n).or_else(|| take_as(&F64_CACHE, n)) {
            return v;
        }
    }
    Vec::with_capacity(n)
}

/// Returns a dropped array's buffer to the cache when it is large enough.
///
/// Inlined into `Storage::drop`: a small buffer costs one size comparison before it is
/// freed; the locking path is out of line (`#[cold]`).
#[inline]
pub(crate) fn recycle_f32(v: Vec<f32>) {
    if is_cached_size::<f32>(v.capacity()) {
        give_cold(&F32_CACHE, v);
    }
}

/// Like [`recycle_f32`] for `f64`.
#[inline]
pub(crate) fn recycle_f64(v: Vec<f64>) {
    if is_cached_size::<f64>(v.capacity()) {
        give_cold(&F64_CACHE, v);
    }
}

#[cold]
#[inline(never)]
fn give_cold<T>(cache: &Mutex<Cache<T>>, v: Vec<T>) {
    cache.lock().unwrap_or_else(|e| e.into_inner()).give(v);
}

/// Frees every buffer the array buffer cache holds and returns how many bytes that
/// released.
///
/// Large array buffers (256 KiB and up) are not returned to the allocator when their
/// last array is dropped but kept (at most 8 per element type, 512 MiB) for the next
/// op's output, which saves the page faults of a fresh allocation. Call this to give
/// that memory back to the system, e.g. after a phase that used big arrays.
///
/// ```
/// use nanotorch_tensor::{release_cached_buffers, Array};
/// drop(Array::zeros(&[1 << 20]));
/// release_cached_buffers();
/// assert_eq!(release_cached_buffers(), 0);
/// ```
pub fn release_cached_buffers() -> usize {
    let mut a = F32_CACHE.lock().unwrap_or_else(|e| e.into_inner());
    let mut b = F64_CACHE.lock().unwrap_or_else(|e| e.into_inner());
    let bytes = a.bytes() + b.bytes();
    a.bufs.clear();
    b.bufs.clear();
    bytes
}

/// Views an initialised slice as slots a kernel may overwrite.
pub(crate) fn as_uninit<T: Copy>(s: &mut [T]) -> &mut [MaybeUninit<T>] {
    // SAFETY: `MaybeUninit<T>` has the size, alignment and layout of `T`, so the
    // pointer and length describe the same memory. The only thing kernels do with
    // the slots is `MaybeUninit::write` of a valid `T` (never `MaybeUninit::uninit()`),
    // so every element stays initialised and readable as `T` afterwards; `T: Copy`
    // means no destructor is skipped by overwriting.
    unsafe { std::slice::from_raw_parts_mut(s.as_mut_ptr().cast::<MaybeUninit<T>>(), s.len()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cache_takes_best_fit_within_twice_the_size_and_respects_limits() {
        let mut c = Cache::<f32>::new();
        c.give(Vec::with_capacity(1000));
        c.give(Vec::with_capacity(300));
        c.give(Vec::with_capacity(500));
        // 250 fits 300 and 500 (both <= 2*250 = 500): the smaller, 300, is taken
        assert_eq!(c.take(250).unwrap().capacity(), 300);
        // 200: only capacities in 200..=400 qualify; 500 and 1000 do not
        assert!(c.take(200).is_none());
        for _ in 0..MAX_CACHED + 3 {
            c.give(Vec::with_capacity(10));
        }
        assert_eq!(c.bufs.len(), MAX_CACHED);
    }

    #[test]
    fn dropped_large_array_buffer_is_reused() {
        // large enough to be cached; a distinctive size so other tests do not take it
        let n = MIN_CACHED_BYTES / 4 + 12345;
        let v = vec![1.5f32; n];
        let ptr = v.as_ptr();
        recycle_f32(v);
        let w = buffer::<f32>(n);
        assert_eq!(w.len(), 0);
        assert!(w.capacity() >= n);
        // another test thread may have taken it first; when it is ours, it is reused
        if w.as_ptr() == ptr {
            assert_eq!(w.capacity(), n);
        }
        // small buffers are never cached: a fresh one of the exact size
        assert_eq!(buffer::<f64>(10).capacity(), 10);
    }

    #[test]
    fn as_uninit_writes_show_through() {
        let mut v = vec![0.0f64; 3];
        for (i, s) in as_uninit(&mut v).iter_mut().enumerate() {
            s.write(i as f64 * 2.0);
        }
        assert_eq!(v, vec![0.0, 2.0, 4.0]);
    }
}

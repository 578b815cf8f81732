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
//!
//! Mid-sized buffers (1 KiB to 128 KiB) have the opposite problem: no
//! page faults, but `malloc` and `free` of a few KiB take glibc's slow bins (its
//! per-thread cache stops at about 1 KiB), about 400 instructions per op, as much as
//! adding 1000 floats. They get a per-thread pool of power-of-two size classes
//! ([`SMALL_SLOTS`] buffers per class and element type): a new buffer of that size is
//! allocated with its class's capacity, and on drop goes back to the pool of the
//! thread dropping it, from which the next op of that class takes it without locking.

use std::any::{Any, TypeId};
use std::cell::RefCell;
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
    let v = cache.lock().unwrap_or_else(|e| e.into_inner()).take(n);
    same_type_vec(v)
}

/// `v` as a `Vec<U>` when `U` is `T` (a no-op move), else `None`.
#[inline]
fn same_type_vec<T: 'static, U: 'static>(mut v: Option<Vec<T>>) -> Option<Vec<U>> {
    (&mut v as &mut dyn Any)
        .downcast_mut::<Option<Vec<U>>>()
        .and_then(Option::take)
}

/// Smallest pooled buffer, in bytes (below it glibc's own per-thread cache is fast).
pub(crate) const SMALL_MIN_BYTES: usize = 1 << 10;
/// Buffers kept per size class, element type and thread.
pub(crate) const SMALL_SLOTS: usize = 4;
/// Size classes `SMALL_MIN_BYTES * 2^c` up to half of `MIN_CACHED_BYTES` (1 KiB to
/// 128 KiB; between that and the large threshold buffers are neither pooled nor cached).
const CLASSES: usize = (MIN_CACHED_BYTES / SMALL_MIN_BYTES).trailing_zeros() as usize;

/// One thread's pooled mid-sized buffers of one element type, by size class.
struct Pool<T> {
    classes: [Vec<Vec<T>>; CLASSES],
}

impl<T> Pool<T> {
    const fn new() -> Self {
        Pool {
            classes: [const { Vec::new() }; CLASSES],
        }
    }
}

thread_local! {
    static F32_POOL: RefCell<Pool<f32>> = const { RefCell::new(Pool::new()) };
    static F64_POOL: RefCell<Pool<f64>> = const { RefCell::new(Pool::new()) };
}

/// The size class of a mid-sized buffer of `bytes` bytes (rounded up to a power of
/// two), or `None` outside the pooled range.
#[inline]
fn class_of(bytes: usize) -> Option<usize> {
    if (SMALL_MIN_BYTES..=MIN_CACHED_BYTES / 2).contains(&bytes) {
        Some((bytes.next_power_of_two() / SMALL_MIN_BYTES).trailing_zeros() as usize)
    } else {
        None
    }
}

/// Takes a pooled buffer of class `c` from this thread's `T` pool, if `U` is `T`.
#[inline]
fn pool_take<T: 'static, U: 'static>(
    pool: &'static std::thread::LocalKey<RefCell<Pool<T>>>,
    c: usize,
) -> Option<Vec<U>> {
    if TypeId::of::<U>() != TypeId::of::<T>() {
        return None;
    }
    let v: Option<Vec<T>> = pool
        .try_with(|p| p.try_borrow_mut().ok()?.classes[c].pop())
        .ok()
        .flatten();
    same_type_vec(v)
}

/// Puts `v` (whose capacity is exactly its class size) into this thread's pool, or
/// frees it when the class is full or the thread is exiting.
#[inline]
fn pool_give<T>(pool: &'static std::thread::LocalKey<RefCell<Pool<T>>>, c: usize, v: Vec<T>) {
    let _ = pool.try_with(move |p| {
        if let Ok(mut p) = p.try_borrow_mut() {
            let slot = &mut p.classes[c];
            if slot.len() < SMALL_SLOTS {
                let mut v = v;
                v.clear();
                slot.push(v);
            }
        }
    });
}

/// An empty vector with capacity for at least `n` elements: a pooled or cached buffer
/// when one fits (`f32`/`f64` buffers of 1 KiB and up), else a fresh allocation (with
/// its size class's capacity for a mid-sized buffer, so it can be pooled later).
#[inline]
pub(crate) fn buffer<U: 'static>(n: usize) -> Vec<U> {
    let bytes = n.saturating_mul(std::mem::size_of::<U>());
    if let Some(c) = class_of(bytes) {
        let pooled = pool_take(&F32_POOL, c).or_else(|| pool_take(&F64_POOL, c));
        return pooled
            .unwrap_or_else(|| Vec::with_capacity((SMALL_MIN_BYTES << c) / size_of::<U>().max(1)));
    }
    if is_cached_size::<U>(n) {
        if let Some(v) = take_as(&F32_CACHE, n).or_else(|| take_as(&F64_CACHE, n)) {
            return v;
        }
    }
    Vec::with_capacity(n)
}

/// Returns a dropped array's buffer to the pool or cache when it is large enough, and
/// (for a mid-sized one) has exactly its class's capacity.
///
/// Inlined into `Storage::drop`: a small buffer costs a size comparison before it is
/// freed; the locking path is out of line (`#[cold]`).
#[inline]
pub(crate) fn recycle_f32(v: Vec<f32>) {
    recycle(&F32_POOL, &F32_CACHE, v)
}

/// Like [`recycle_f32`] for `f64`.
#[inline]
pub(crate) fn recycle_f64(v: Vec<f64>) {
    recycle(&F64_POOL, &F64_CACHE, v)
}

#[inline]
fn recycle<T>(
    pool: &'static std::thread::LocalKey<RefCell<Pool<T>>>,
    cache: &Mutex<Cache<T>>,
    v: Vec<T>,
) {
    let bytes = v.capacity() * std::mem::size_of::<T>();
    if bytes < SMALL_MIN_BYTES {
        return;
    }
    if let Some(c) = class_of(bytes) {
        if bytes == SMALL_MIN_BYTES << c {
            pool_give(pool, c, v);
        }
    } else {
        give_cold(cache, v);
    }
}

#[cold]
#[inline(never)]
fn give_cold<T>(cache: &Mutex<Cache<T>>, v: Vec<T>) {
    cache.lock().unwrap_or_else(|e| e.into_inner()).give(v);
}

/// Frees every buffer the array buffer cache holds, and the calling thread's pool of
/// mid-sized buffers, and returns how many bytes that released.
///
/// Large array buffers (256 KiB and up) are not returned to the allocator when their
/// last array is dropped but kept (at most 8 per element type, 512 MiB) for the next
/// op's output, which saves the page faults of a fresh allocation. Mid-sized ones
/// (1 KiB to 128 KiB) are kept per thread (at most 4 per power-of-two size class
/// and element type, under 1 MiB each) and freed when the thread exits. Call this to
/// give that memory back to the system, e.g. after a phase that used big arrays.
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
    let mut bytes = a.bytes() + b.bytes();
    a.bufs.clear();
    b.bufs.clear();
    bytes += drain_pool(&F32_POOL) + drain_pool(&F64_POOL);
    bytes
}

/// Empties this thread's pool of `T` buffers, returning the bytes freed.
fn drain_pool<T>(pool: &'static std::thread::LocalKey<RefCell<Pool<T>>>) -> usize {
    pool.try_with(|p| {
        let mut p = p.borrow_mut();
        let mut bytes = 0;
        for class in &mut p.classes {
            bytes += class.iter().map(|v| v.capacity()).sum::<usize>() * size_of::<T>();
            class.clear();
        }
        bytes
    })
    .unwrap_or(0)
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
    fn mid_sized_buffers_come_back_from_this_threads_pool() {
        drain_pool(&F32_POOL);
        // 1000 f32 = 4000 bytes: class 4 KiB, so the capacity is 1024 elements
        let v = buffer::<f32>(1000);
        assert_eq!(v.capacity(), 1024);
        let ptr = v.as_ptr();
        let mut v = v;
        v.extend([1.0; 10]);
        recycle_f32(v);
        // any request in the same class (2049..=4096 bytes) gets it back, emptied
        let w = buffer::<f32>(600);
        assert_eq!((w.as_ptr(), w.len(), w.capacity()), (ptr, 0, 1024));
        // an f64 request of the same bytes does not take f32 buffers
        recycle_f32(w);
        let other = buffer::<f64>(500);
        assert_ne!(other.as_ptr().cast::<f32>(), ptr);
        // a buffer whose capacity is not its class size (e.g. a user's Vec) is freed
        recycle_f32(Vec::with_capacity(1000));
        assert_eq!(drain_pool(&F32_POOL), 4096);
        // at most SMALL_SLOTS per class are kept: 4 KiB each
        for _ in 0..SMALL_SLOTS + 2 {
            recycle_f32(Vec::with_capacity(1024));
        }
        assert_eq!(drain_pool(&F32_POOL), SMALL_SLOTS * 4096);
        // below SMALL_MIN_BYTES nothing is pooled or rounded up
        assert_eq!(buffer::<f32>(100).capacity(), 100);
        assert_eq!(class_of(SMALL_MIN_BYTES - 1), None);
        assert_eq!(class_of(MIN_CACHED_BYTES / 2 + 1), None);
        assert_eq!(class_of(MIN_CACHED_BYTES / 2), Some(CLASSES - 1));
        assert_eq!(class_of(SMALL_MIN_BYTES + 1), Some(1));
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

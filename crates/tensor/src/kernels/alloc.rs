//! Storage blocks: one allocation per array buffer, 64-byte aligned, reused.
//!
//! A block is a [`HEADER`]-byte header (written by [`Storage`](crate::storage)) and
//! the elements after it, aligned to 64 bytes like PyTorch's CPU allocator: an AVX2
//! load or store that straddles two cache lines costs about twice as much, so a
//! 1000-element add over unaligned buffers takes ~75 ns against ~50 ns aligned.
//!
//! Blocks of up to 128 KiB of data come in power-of-two size classes (64 B to
//! 128 KiB) and go back, when their array is dropped, to a per-thread pool
//! ([`SLOTS`] blocks per class) from which the next op of that class takes them
//! without locking: `malloc` and `free` of a few KiB take glibc's slow bins (about
//! 400 instructions per op, as much as adding 1000 floats), and an aligned
//! allocation is slower still.
//!
//! A fresh large allocation is expensive not because of `malloc` but because every
//! page of it is faulted in (and zeroed by the kernel) on first write: on this
//! machine that caps a freshly allocated output at about 4 GB/s, several times below
//! memory bandwidth. So blocks of at least [`MIN_CACHED_BYTES`] go into a small
//! process-wide cache instead of back to the allocator, and the next op needing about
//! that size takes one back, pages already mapped. This is the same idea as PyTorch's
//! CUDA caching allocator, applied to CPU buffers. The cache is bounded
//! ([`MAX_CACHED`] blocks, [`MAX_CACHED_BYTES`] in total) and can be emptied with
//! [`release_cached_buffers`](crate::release_cached_buffers).
//!
//! Transparent huge pages would also cut the fault count, but here they are only
//! given on `madvise` (not `always`), which needs a raw syscall or the `libc` crate,
//! and they still leave one fault (and a 2 MiB zeroing) per huge page; reuse leaves
//! none.

use std::alloc::Layout;
use std::cell::Cell;
use std::mem::MaybeUninit;
use std::ptr::NonNull;
use std::sync::Mutex;

/// Bytes before a block's first element (the header, padded to the alignment).
pub(crate) const HEADER: usize = 64;
/// Alignment of every block, and so of every array's first element.
pub(crate) const ALIGN: usize = 64;
/// Blocks with at least this many data bytes are cached on drop and reused.
pub(crate) const MIN_CACHED_BYTES: usize = 1 << 18;
/// At most this many blocks are cached.
pub(crate) const MAX_CACHED: usize = 8;
/// At most this many data bytes are cached.
pub(crate) const MAX_CACHED_BYTES: usize = 1 << 30;
/// Data bytes of the smallest size class.
pub(crate) const SMALL_MIN_BYTES: usize = 64;
/// Blocks kept per size class and thread.
pub(crate) const SLOTS: usize = 4;
/// Size classes `SMALL_MIN_BYTES * 2^c` up to half of `MIN_CACHED_BYTES` (64 B to
/// 128 KiB; between that and the large threshold blocks are neither pooled nor cached).
const CLASSES: usize = (MIN_CACHED_BYTES / SMALL_MIN_BYTES).trailing_zeros() as usize;

/// One allocation of `HEADER + data_bytes` bytes, 64-byte aligned.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Block {
    /// The start of the block (where the header goes).
    pub ptr: NonNull<u8>,
    /// Room for elements after the header, in bytes.
    pub data_bytes: usize,
}

impl Block {
    fn layout(data_bytes: usize) -> Layout {
        HEADER
            .checked_add(data_bytes)
            .and_then(|size| Layout::from_size_align(size, ALIGN).ok())
            .expect("capacity overflow")
    }

    /// A newly allocated block.
    fn fresh(data_bytes: usize) -> Block {
        let layout = Block::layout(data_bytes);
        // SAFETY: the layout has a non-zero size (at least `HEADER`).
        let ptr = unsafe { std::alloc::alloc(layout) };
        match NonNull::new(ptr) {
            Some(ptr) => Block { ptr, data_bytes },
            None => std::alloc::handle_alloc_error(layout),
        }
    }

    /// Returns the block to the allocator.
    fn dealloc(self) {
        // SAFETY: `fresh` allocated `ptr` with this same layout, and the caller gives
        // up the block (no storage or pool refers to it any more).
        unsafe { std::alloc::dealloc(self.ptr.as_ptr(), Block::layout(self.data_bytes)) }
    }

    /// Where the elements start: `HEADER` bytes in, 64-byte aligned.
    #[inline]
    pub(crate) fn data_ptr(&self) -> NonNull<u8> {
        // SAFETY: the block is `HEADER + data_bytes` bytes long, so `HEADER` bytes in
        // is inside it or one past its end (when `data_bytes` is 0), and not null.
        unsafe { self.ptr.add(HEADER) }
    }
}

/// The size class of a block for `bytes` data bytes (rounded up to a power of two,
/// at least `SMALL_MIN_BYTES`), or `None` above the pooled range.
#[inline]
fn class_of(bytes: usize) -> Option<usize> {
    if bytes <= MIN_CACHED_BYTES / 2 {
        let rounded = bytes.max(SMALL_MIN_BYTES).next_power_of_two();
        Some((rounded / SMALL_MIN_BYTES).trailing_zeros() as usize)
    } else {
        None
    }
}

/// One thread's pooled blocks, by size class: a stack of up to `SLOTS` per class.
/// `Cell`s rather than a `RefCell`: each access is a plain load or store, with no
/// borrow flag to set and reset (nothing here calls out while a value is taken).
struct Pool {
    len: [Cell<usize>; CLASSES],
    slots: [[Cell<Option<NonNull<u8>>>; SLOTS]; CLASSES],
}

impl Pool {
    /// Pops a block of class `c`.
    #[inline]
    fn pop(&self, c: usize) -> Option<NonNull<u8>> {
        let n = self.len[c].get().checked_sub(1)?;
        self.len[c].set(n);
        self.slots[c][n].take()
    }

    /// Pushes a block of class `c`, or returns false when the class is full.
    #[inline]
    fn push(&self, c: usize, ptr: NonNull<u8>) -> bool {
        let n = self.len[c].get();
        if n >= SLOTS {
            return false;
        }
        self.slots[c][n].set(Some(ptr));
        self.len[c].set(n + 1);
        true
    }

    /// Frees every block held, returning their data bytes.
    fn drain(&self) -> usize {
        let mut bytes = 0;
        for c in 0..CLASSES {
            while let Some(ptr) = self.pop(c) {
                let data_bytes = SMALL_MIN_BYTES << c;
                Block { ptr, data_bytes }.dealloc();
                bytes += data_bytes;
            }
        }
        bytes
    }
}

impl Drop for Pool {
    fn drop(&mut self) {
        self.drain();
    }
}

thread_local! {
    static POOL: Pool = const {
        Pool {
            len: [const { Cell::new(0) }; CLASSES],
            slots: [const { [const { Cell::new(None) }; SLOTS] }; CLASSES],
        }
    };
}

/// A block with room for at least `bytes` data bytes: from this thread's pool or the
/// large-block cache when one fits, else freshly allocated (with its class's size
/// when pooled-sized, so it can go back to the pool).
#[inline]
pub(crate) fn take_block(bytes: usize) -> Block {
    match class_of(bytes) {
        Some(c) => {
            let data_bytes = SMALL_MIN_BYTES << c;
            let pooled = POOL.try_with(|p| p.pop(c)).ok().flatten();
            match pooled {
                Some(ptr) => Block { ptr, data_bytes },
                None => Block::fresh(data_bytes),
            }
        }
        None => take_large(bytes),
    }
}

#[inline(never)]
fn take_large(bytes: usize) -> Block {
    if bytes >= MIN_CACHED_BYTES {
        if let Some(b) = lock_cache().take(bytes) {
            return b;
        }
    }
    Block::fresh(bytes)
}

/// Takes back a block no storage uses any more: into this thread's pool when it has
/// room for the class, the cache when large, else to the allocator.
#[inline]
pub(crate) fn give_block(b: Block) {
    if b.data_bytes <= MIN_CACHED_BYTES / 2 {
        // a pooled-size block has exactly its class's size (see `take_block`)
        let c = (b.data_bytes / SMALL_MIN_BYTES).trailing_zeros() as usize;
        debug_assert_eq!(b.data_bytes, SMALL_MIN_BYTES << c);
        if POOL.try_with(|p| p.push(c, b.ptr)).unwrap_or(false) {
            return;
        }
    }
    give_cold(b);
}

/// A block the pool does not take: cached when large, else freed.
#[cold]
#[inline(never)]
fn give_cold(b: Block) {
    if b.data_bytes >= MIN_CACHED_BYTES {
        lock_cache().give(b);
    } else {
        b.dealloc();
    }
}

/// Freed large blocks, for reuse by the next large op.
struct Cache {
    blocks: Vec<Block>,
}

// SAFETY: the cache owns the blocks in it (no storage refers to them); a block is
// plain memory that any thread may use or free.
unsafe impl Send for Cache {}

impl Cache {
    fn bytes(&self) -> usize {
        self.blocks.iter().map(|b| b.data_bytes).sum()
    }

    /// The smallest cached block holding `n` bytes, if it is at most twice that.
    fn take(&mut self, n: usize) -> Option<Block> {
        let best = (0..self.blocks.len())
            .filter(|&i| (n..=n.saturating_mul(2)).contains(&self.blocks[i].data_bytes))
            .min_by_key(|&i| self.blocks[i].data_bytes)?;
        Some(self.blocks.swap_remove(best))
    }

    /// Keeps `b`, freeing the oldest blocks while over the limits.
    fn give(&mut self, b: Block) {
        self.blocks.push(b);
        while self.blocks.len() > MAX_CACHED || self.bytes() > MAX_CACHED_BYTES {
            self.blocks.remove(0).dealloc();
        }
    }
}

static CACHE: Mutex<Cache> = Mutex::new(Cache { blocks: Vec::new() });

fn lock_cache() -> std::sync::MutexGuard<'static, Cache> {
    CACHE.lock().unwrap_or_else(|e| e.into_inner())
}

/// Frees every buffer the array buffer cache holds, and the calling thread's pool of
/// smaller buffers, and returns how many bytes that released.
///
/// Large array buffers (256 KiB and up) are not returned to the allocator when their
/// last array is dropped but kept (at most 8, 1 GiB in all) for the next op's output,
/// which saves the page faults of a fresh allocation. Smaller ones (up to 128 KiB)
/// are kept per thread (at most 4 per power-of-two size class, about 1 MiB in all)
/// and freed when the thread exits. Call this to give that memory back to the system,
/// e.g. after a phase that used big arrays.
///
/// ```
/// use nanotorch_tensor::{release_cached_buffers, Array};
/// drop(Array::zeros(&[1 << 20]));
/// release_cached_buffers();
/// assert_eq!(release_cached_buffers(), 0);
/// ```
pub fn release_cached_buffers() -> usize {
    let mut bytes = 0;
    for b in lock_cache().blocks.drain(..) {
        bytes += b.data_bytes;
        b.dealloc();
    }
    bytes + drain_pool()
}

/// Empties this thread's pool, returning the data bytes freed.
fn drain_pool() -> usize {
    POOL.try_with(Pool::drain).unwrap_or(0)
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

    fn block(data_bytes: usize) -> Block {
        Block::fresh(data_bytes)
    }

    #[test]
    fn cache_takes_best_fit_within_twice_the_size_and_respects_limits() {
        let mut c = Cache { blocks: Vec::new() };
        c.give(block(1000));
        c.give(block(300));
        c.give(block(500));
        // 250 fits 300 and 500 (both <= 2*250 = 500): the smaller, 300, is taken
        let b = c.take(250).unwrap();
        assert_eq!(b.data_bytes, 300);
        b.dealloc();
        // 200: only sizes in 200..=400 qualify; 500 and 1000 do not
        assert!(c.take(200).is_none());
        for _ in 0..MAX_CACHED + 3 {
            c.give(block(10));
        }
        assert_eq!(c.blocks.len(), MAX_CACHED);
        for b in c.blocks.drain(..) {
            b.dealloc();
        }
    }

    #[test]
    fn dropped_large_block_is_reused() {
        // large enough to be cached; a distinctive size so other tests do not take it
        let n = MIN_CACHED_BYTES + 12345;
        let b = take_block(n);
        let ptr = b.ptr;
        give_block(b);
        let again = take_block(n);
        assert!(again.data_bytes >= n);
        // another test thread may have taken it first; when it is ours, it is reused
        if again.ptr == ptr {
            assert_eq!(again.data_bytes, n);
        }
        give_block(again);
        // between the pooled and the cached range: a fresh block of the exact size
        let mid = take_block(MIN_CACHED_BYTES / 2 + 8);
        assert_eq!(mid.data_bytes, MIN_CACHED_BYTES / 2 + 8);
        give_block(mid);
    }

    #[test]
    fn blocks_are_aligned_and_come_back_from_this_threads_pool() {
        drain_pool();
        // 1000 f32 = 4000 bytes: class 4 KiB
        let b = take_block(4000);
        assert_eq!(b.data_bytes, 4096);
        assert_eq!(b.ptr.as_ptr() as usize % ALIGN, 0);
        assert_eq!(b.data_ptr().as_ptr() as usize % ALIGN, 0);
        let ptr = b.ptr;
        give_block(b);
        // any request in the same class (2049..=4096 bytes) gets it back
        let again = take_block(2400);
        assert_eq!((again.ptr, again.data_bytes), (ptr, 4096));
        give_block(again);
        assert_eq!(drain_pool(), 4096);
        // at most SLOTS per class are kept: 4 KiB each
        let blocks: Vec<Block> = (0..SLOTS + 2).map(|_| take_block(4096)).collect();
        blocks.into_iter().for_each(give_block);
        assert_eq!(drain_pool(), SLOTS * 4096);
        // the smallest class holds 64 bytes, zero included
        let z = take_block(0);
        assert_eq!(z.data_bytes, SMALL_MIN_BYTES);
        give_block(z);
        assert_eq!(class_of(0), Some(0));
        assert_eq!(class_of(SMALL_MIN_BYTES + 1), Some(1));
        assert_eq!(class_of(MIN_CACHED_BYTES / 2), Some(CLASSES - 1));
        assert_eq!(class_of(MIN_CACHED_BYTES / 2 + 1), None);
        drain_pool();
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

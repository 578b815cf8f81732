//! The shared buffer behind arrays, and the typed access kernels use.
//!
//! [`Storage`] is a reference-counted handle to one block (see
//! [`kernels::alloc`](crate::kernels::alloc)): a 64-byte header (the count, dtype,
//! length, capacity) followed by the elements, 64-byte aligned, in the same
//! allocation. Compared with `Arc<Vec<T>>` it saves a second allocation per array,
//! the weak count, and (through the per-thread pool) `malloc`/`free`; and since
//! nothing but a handle can reach the count, a handle that finds the count at 1
//! knows it is the only one (no atomic read-modify-write on drop or `get_mut`).
//! Large vectors handed over by the user (`from_vec`) are kept where they are, with
//! a header block pointing at them.

use crate::dtype::{DType, Element};
use crate::kernels::alloc::{self, Block};
use std::marker::PhantomData;
use std::mem::MaybeUninit;
use std::ptr::NonNull;
use std::sync::atomic::{fence, AtomicUsize, Ordering};

/// What sits at the start of every storage block (within [`alloc::HEADER`] bytes).
#[repr(C)]
pub(crate) struct Header {
    /// Number of [`Storage`] handles.
    count: AtomicUsize,
    /// Initialised elements.
    len: usize,
    /// The first element: right after the header, or a user vector's buffer.
    data: NonNull<u8>,
    /// The block (header included) and its data capacity in bytes.
    block: Block,
    /// `Some(capacity)` when `data` is a `Vec`'s buffer this storage owns.
    vec_cap: Option<usize>,
    dtype: DType,
}

const _: () = assert!(size_of::<Header>() <= alloc::HEADER);

/// A flat buffer of one element type, shared by the arrays viewing it; views differ
/// only in shape, strides and offset. Cloning shares it (one atomic increment).
pub(crate) struct Storage {
    ptr: NonNull<Header>,
}

// SAFETY: a `Storage` is an `Arc<[T]>` in all but layout: the count is atomic
// (increments `Relaxed`, decrements `Release` + an `Acquire` fence before freeing, as
// `Arc` does), the elements (`f32`/`f64`, `Send + Sync`) are only written through
// `&mut Storage` after `unique` proved no other handle exists, or through a
// `Buffer` that has never been shared. So handles may move and be shared across
// threads.
unsafe impl Send for Storage {}
// SAFETY: see `Send` above.
unsafe impl Sync for Storage {}

impl Storage {
    #[inline(always)]
    fn header(&self) -> &Header {
        // SAFETY: `ptr` points at an initialised header for as long as a handle exists
        // (the block is freed only when the last handle is dropped).
        unsafe { self.ptr.as_ref() }
    }

    /// The element type.
    #[inline]
    pub(crate) fn dtype(&self) -> DType {
        self.header().dtype
    }

    /// The element count.
    #[inline]
    pub(crate) fn len(&self) -> usize {
        self.header().len
    }

    /// True if both handles share one buffer.
    #[inline]
    pub(crate) fn ptr_eq(a: &Storage, b: &Storage) -> bool {
        a.ptr == b.ptr
    }

    /// True when this is the only handle. An `Acquire` load suffices: another handle
    /// could only appear by cloning one that exists, and the `Release` decrements of
    /// dropped ones are seen (so their reads happen before our writes).
    #[inline]
    fn unique(&self) -> bool {
        self.header().count.load(Ordering::Acquire) == 1
    }

    /// The elements as `T`. Panics on a dtype mismatch, which callers rule out by
    /// dispatching on the dtype first.
    #[inline(always)]
    pub(crate) fn slice<T: Element>(&self) -> &[T] {
        let h = self.header();
        assert!(h.dtype == T::DTYPE, "dtype checked by the caller");
        // SAFETY: `data` holds `len` initialised elements of `h.dtype` (= `T`), aligned
        // (64 bytes in a block, `T`'s own in a vector), alive while `self` is.
        unsafe { std::slice::from_raw_parts(h.data.as_ptr().cast::<T>(), h.len) }
    }

    /// Mutable elements when this handle is the only one, else `None` (the write
    /// would show through other arrays).
    #[inline]
    pub(crate) fn unique_slice_mut<T: Element>(&mut self) -> Option<&mut [T]> {
        if !self.unique() {
            return None;
        }
        let h = self.header();
        assert!(h.dtype == T::DTYPE, "dtype checked by the caller");
        let (data, len) = (h.data, h.len);
        // SAFETY: as in `slice`; no other handle exists (`unique`) and `&mut self`
        // excludes borrows through this one, so the access is exclusive.
        Some(unsafe { std::slice::from_raw_parts_mut(data.as_ptr().cast::<T>(), len) })
    }

    /// Writes the first `n` elements of a storage made by
    /// [`Buffer::into_storage`] and not yet filled (length 0, room for `n`): `fill`
    /// gets the `n` slots and returns how many it wrote, which must be all of them.
    /// Panics if the storage is shared, filled, of another dtype or too small.
    #[inline(always)]
    pub(crate) fn fill_new<T: Element>(
        &mut self,
        n: usize,
        fill: impl FnOnce(&mut [MaybeUninit<T>]) -> usize,
    ) {
        let unique = self.unique();
        let h = self.header();
        let room = h.vec_cap.is_none() && n <= h.block.data_bytes / size_of::<T>();
        assert!(unique && h.len == 0 && h.dtype == T::DTYPE && room);
        // SAFETY: the block holds room for `n` elements of `T` after the header (just
        // checked), none initialised yet (length 0), and this is the only handle, so
        // nothing else reads or writes them.
        let slots =
            unsafe { std::slice::from_raw_parts_mut(h.data.as_ptr().cast::<MaybeUninit<T>>(), n) };
        let written = fill(slots);
        assert_eq!(written, n, "kernel wrote {written} of {n} elements");
        // SAFETY: the only handle, so no one reads the header concurrently; the first
        // `n` elements were written (checked above).
        unsafe { (*self.ptr.as_ptr()).len = n };
    }

    /// Takes `v` as storage: a vector of at least [`alloc::MIN_CACHED_BYTES`] stays
    /// where it is (no copy); a smaller one is copied into an aligned, pooled block.
    pub(crate) fn from_vec<T: Element>(v: Vec<T>) -> Storage {
        if v.len() * size_of::<T>() < alloc::MIN_CACHED_BYTES {
            return Storage::copy_of(&v);
        }
        let mut v = std::mem::ManuallyDrop::new(v);
        let block = alloc::take_block(0);
        // SAFETY: `v` is forgotten; the header takes over its buffer, and `free` below
        // rebuilds the vector from the same pointer, length and capacity.
        let data = unsafe { NonNull::new_unchecked(v.as_mut_ptr().cast::<u8>()) };
        // SAFETY: `block` is a fresh block of at least `HEADER` bytes, 64-aligned.
        unsafe { Storage::init(block, T::DTYPE, v.len(), data, Some(v.capacity())) }
    }

    /// A new storage holding a copy of `src`.
    pub(crate) fn copy_of<T: Element>(src: &[T]) -> Storage {
        let mut b = Buffer::<T>::with_capacity(src.len());
        let dst = &mut b.spare()[..src.len()];
        for (d, &x) in dst.iter_mut().zip(src) {
            d.write(x);
        }
        // SAFETY: the loop wrote the first `src.len()` slots.
        unsafe { b.set_len(src.len()) };
        b.into_storage()
    }

    /// Writes a header into `block`, making it a storage with one handle.
    ///
    /// # Safety
    /// `block` is an unused block; `data` points at `len` initialised elements of
    /// `dtype` (inside the block, or a vector of capacity `vec_cap`).
    unsafe fn init(
        block: Block,
        dtype: DType,
        len: usize,
        data: NonNull<u8>,
        vec_cap: Option<usize>,
    ) -> Storage {
        let ptr = block.ptr.cast::<Header>();
        let header = Header {
            count: AtomicUsize::new(1),
            len,
            data,
            block,
            vec_cap,
            dtype,
        };
        // SAFETY: the block is at least `HEADER` >= size_of::<Header>() bytes, 64-aligned.
        unsafe { ptr.as_ptr().write(header) };
        Storage { ptr }
    }

    /// Frees the block (and a user vector) once the last handle is gone.
    #[inline]
    fn free(&mut self) {
        let h = self.header();
        if h.vec_cap.is_some() {
            self.free_vec();
        }
        // `Header` has no drop glue; the block goes back to the pool or cache
        alloc::give_block(h.block);
    }

    /// Frees the user vector a large storage holds.
    #[cold]
    #[inline(never)]
    fn free_vec(&self) {
        let h = self.header();
        let (data, len) = (h.data.as_ptr(), h.len);
        if let Some(cap) = h.vec_cap {
            // SAFETY: `from_vec` took this buffer from a `Vec` of this dtype with this
            // length and capacity and never freed it; the last handle frees it once.
            unsafe {
                match h.dtype {
                    DType::F32 => drop(Vec::from_raw_parts(data.cast::<f32>(), len, cap)),
                    DType::F64 => drop(Vec::from_raw_parts(data.cast::<f64>(), len, cap)),
                }
            }
        }
    }
}

impl Clone for Storage {
    #[inline]
    fn clone(&self) -> Storage {
        let old = self.header().count.fetch_add(1, Ordering::Relaxed);
        if old > isize::MAX as usize {
            // as `Arc`: a count that large means handles were leaked in a loop
            std::process::abort();
        }
        Storage { ptr: self.ptr }
    }
}

impl Drop for Storage {
    /// The last handle frees the block; a handle that finds the count at 1 is the
    /// last (see [`Storage::unique`]) and skips the atomic decrement.
    #[inline]
    fn drop(&mut self) {
        if !self.unique() {
            if self.header().count.fetch_sub(1, Ordering::Release) != 1 {
                return;
            }
            fence(Ordering::Acquire);
        }
        self.free();
    }
}

/// A storage being written: one handle, never shared, `len` initialised elements
/// of `T` and room for more. Kernels fill [`Buffer::spare`] and then
/// [`Buffer::set_len`]; [`Buffer::into_storage`] hands it to an array.
pub(crate) struct Buffer<T> {
    storage: Storage,
    cap: usize,
    _t: PhantomData<T>,
}

impl<T: Element> Buffer<T> {
    /// An empty buffer with room for at least `n` elements (a pooled or cached block
    /// when one fits, see [`alloc::take_block`]).
    #[inline]
    pub(crate) fn with_capacity(n: usize) -> Buffer<T> {
        let bytes = n.checked_mul(size_of::<T>()).expect("capacity overflow");
        let block = alloc::take_block(bytes);
        let cap = block.data_bytes / size_of::<T>();
        // SAFETY: `data_ptr` is inside the fresh block (`HEADER` bytes in, 64-aligned);
        // no element is initialised yet (`len` 0).
        let storage = unsafe { Storage::init(block, T::DTYPE, 0, block.data_ptr(), None) };
        Buffer {
            storage,
            cap,
            _t: PhantomData,
        }
    }

    /// The slots after the initialised ones.
    #[inline]
    pub(crate) fn spare(&mut self) -> &mut [MaybeUninit<T>] {
        let h = self.storage.header();
        let (data, len) = (h.data, h.len);
        // SAFETY: the block has room for `cap` elements of `T` after the header, and
        // this buffer is the only handle, so the slots `len..cap` are ours to write.
        unsafe {
            std::slice::from_raw_parts_mut(
                data.as_ptr().cast::<MaybeUninit<T>>().add(len),
                self.cap - len,
            )
        }
    }

    /// Marks the first `n` elements initialised.
    ///
    /// # Safety
    /// `n <= cap`, and every element below `n` has been written.
    #[inline]
    pub(crate) unsafe fn set_len(&mut self, n: usize) {
        debug_assert!(n <= self.cap);
        // SAFETY: the only handle, so no one reads the header concurrently.
        unsafe { (*self.storage.ptr.as_ptr()).len = n };
    }

    /// The filled buffer as an array's storage.
    #[inline]
    pub(crate) fn into_storage(self) -> Storage {
        self.storage
    }
}

/// Typed access to [`Storage`]; implemented for the two element types. Kernels are
/// generic over `T: Scalar`, and [`with_dtype!`](crate::with_dtype) picks `T` at run time.
pub(crate) trait Scalar: Element {
    /// The buffer as a slice of `T`. Panics on a dtype mismatch, which callers rule out
    /// by dispatching on the array's dtype first.
    fn slice(s: &Storage) -> &[Self];
}

impl<T: Element> Scalar for T {
    #[inline(always)]
    fn slice(s: &Storage) -> &[T] {
        s.slice::<T>()
    }
}

/// Runs `$body` with the type alias `$T` bound to the Rust type of `$dtype`.
///
/// ```ignore
/// with_dtype!(a.dtype(), T => kernel::<T>(a))
/// ```
#[macro_export]
#[doc(hidden)]
macro_rules! with_dtype {
    ($dtype:expr, $T:ident => $body:expr) => {
        match $dtype {
            $crate::DType::F32 => {
                #[allow(dead_code)]
                type $T = f32;
                $body
            }
            $crate::DType::F64 => {
                #[allow(dead_code)]
                type $T = f64;
                $body
            }
        }
    };
}

#[cfg(test)]
mod tests;

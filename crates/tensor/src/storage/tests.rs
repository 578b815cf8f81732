//! Tests of the storage handle: sharing, uniqueness, counts across threads, vector
//! hand-over, filling and the dtype check.

use super::*;

fn filled(n: usize, v: f32) -> Storage {
    let mut b = Buffer::<f32>::with_capacity(n);
    for s in &mut b.spare()[..n] {
        s.write(v);
    }
    // SAFETY: the loop wrote the first n slots
    unsafe { b.set_len(n) };
    b.into_storage()
}

#[test]
fn clones_share_and_only_a_unique_handle_is_writable() {
    let mut a = filled(1000, 1.5);
    assert_eq!((a.len(), a.dtype()), (1000, DType::F32));
    // the elements start 64-byte aligned
    assert_eq!(a.slice::<f32>().as_ptr() as usize % alloc::ALIGN, 0);
    let mut b = a.clone();
    assert!(Storage::ptr_eq(&a, &b));
    // two handles: neither may write
    assert!(a.unique_slice_mut::<f32>().is_none());
    assert!(b.unique_slice_mut::<f32>().is_none());
    drop(b);
    // one handle again: writes show through its slice
    a.unique_slice_mut::<f32>().unwrap()[3] = -2.0;
    assert_eq!(a.slice::<f32>()[..5], [1.5, 1.5, 1.5, -2.0, 1.5]);
}

#[test]
fn handles_cloned_and_dropped_across_threads_free_once() {
    // 4 threads each clone and drop the shared storage 1000 times while the main
    // handle keeps it alive; afterwards the count is back at 1 (unique) and the
    // values are intact (a double free or lost count would show here or under Miri)
    let a = filled(300, 7.0);
    std::thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| {
                for _ in 0..1000 {
                    let c = a.clone();
                    assert_eq!(c.slice::<f32>()[299], 7.0);
                }
            });
        }
    });
    let mut a = a;
    assert!(a.unique_slice_mut::<f32>().is_some());
    // the last handle dropped on another thread (its block goes to that thread's pool)
    let moved = a.clone();
    drop(a);
    let last = std::thread::spawn(move || moved.slice::<f32>()[0]);
    assert_eq!(last.join().unwrap(), 7.0);
}

#[test]
fn vectors_small_are_copied_large_are_kept() {
    // below MIN_CACHED_BYTES: copied into an aligned block, same values
    let v: Vec<f64> = (0..100).map(|i| i as f64 * 0.5).collect();
    let s = Storage::from_vec(v.clone());
    assert_eq!(s.slice::<f64>(), v.as_slice());
    assert_eq!(s.slice::<f64>().as_ptr() as usize % alloc::ALIGN, 0);
    // at least MIN_CACHED_BYTES: the vector's own buffer, freed as a vector
    let n = alloc::MIN_CACHED_BYTES / 4 + 1;
    let big: Vec<f32> = (0..n).map(|i| i as f32).collect();
    let ptr = big.as_ptr();
    let s = Storage::from_vec(big);
    assert_eq!(s.slice::<f32>().as_ptr(), ptr);
    assert_eq!((s.len(), s.slice::<f32>()[n - 1]), (n, (n - 1) as f32));
    let t = s.clone();
    drop(s);
    assert_eq!(t.slice::<f32>()[12345], 12345.0);
    // an empty vector gives an empty storage
    assert_eq!(Storage::from_vec(Vec::<f32>::new()).len(), 0);
    assert_eq!(
        Storage::copy_of::<f64>(&[1.0, 2.0]).slice::<f64>(),
        [1.0, 2.0]
    );
}

#[test]
fn fill_new_writes_a_fresh_storage_once() {
    // 5 slots written with 2i: the storage then holds [0, 2, 4, 6, 8]
    let mut s = Buffer::<f64>::with_capacity(5).into_storage();
    s.fill_new::<f64>(5, |o| {
        o.iter_mut()
            .enumerate()
            .map(|(i, d)| d.write(2.0 * i as f64))
            .count()
    });
    assert_eq!(s.slice::<f64>(), [0.0, 2.0, 4.0, 6.0, 8.0]);
    // filled already (length 5): a second fill is refused
    let again = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        s.fill_new::<f64>(5, |o| o.len());
    }));
    assert!(again.is_err());
}

#[test]
#[should_panic(expected = "dtype checked by the caller")]
fn reading_with_the_wrong_type_panics() {
    let s = filled(4, 1.0);
    let _ = s.slice::<f64>();
}

//! matmul / dot / outer: every rank rule of `torch.matmul`, strided and broadcast
//! operands (which go to gemm through raw pointers), dtypes and error messages.

use nanotorch_tensor::{Array, DType};
use proptest::prelude::*;

fn f64s(a: &Array) -> Vec<f64> {
    a.to_vec::<f64>()
}

/// Naive triple loop over the broadcast batch, in f64, from `get`: the reference.
fn naive(a: &Array, b: &Array) -> (Vec<usize>, Vec<f64>) {
    let a2 = if a.ndim() == 1 {
        a.unsqueeze(0)
    } else {
        a.clone()
    };
    let b2 = if b.ndim() == 1 {
        b.unsqueeze(1)
    } else {
        b.clone()
    };
    let (ra, rb) = (a2.ndim(), b2.ndim());
    let (m, k, n) = (a2.shape()[ra - 2], a2.shape()[ra - 1], b2.shape()[rb - 1]);
    let nb = (ra - 2).max(rb - 2);
    let mut batch = vec![1usize; nb];
    for i in 0..nb {
        let da = if i < ra - 2 {
            a2.shape()[ra - 3 - i]
        } else {
            1
        };
        let db = if i < rb - 2 {
            b2.shape()[rb - 3 - i]
        } else {
            1
        };
        batch[nb - 1 - i] = da.max(db);
    }
    let mut full = batch.clone();
    full.extend([m, k]);
    let ab = a2.broadcast_to(&full);
    let mut full_b = batch.clone();
    full_b.extend([k, n]);
    let bb = b2.broadcast_to(&full_b);
    let count: usize = batch.iter().product();
    let mut out = Vec::new();
    for flat in 0..count {
        let mut idx = vec![0; nb];
        let mut r = flat;
        for d in (0..nb).rev() {
            idx[d] = r % batch[d];
            r /= batch[d];
        }
        for i in 0..m {
            for j in 0..n {
                let mut acc = 0.0;
                for p in 0..k {
                    let mut ia = idx.clone();
                    ia.extend([i, p]);
                    let mut ib = idx.clone();
                    ib.extend([p, j]);
                    acc += ab.get(&ia) * bb.get(&ib);
                }
                out.push(acc);
            }
        }
    }
    let mut shape = batch;
    if a.ndim() > 1 {
        shape.push(m);
    }
    if b.ndim() > 1 {
        shape.push(n);
    }
    (shape, out)
}

#[test]
fn vector_vector_is_a_0d_dot() {
    // [1, 2, 3] . [4, 5, 6] = 4 + 10 + 18 = 32
    let r = Array::from_slice(&[1.0, 2.0, 3.0]).matmul(&Array::from_slice(&[4.0, 5.0, 6.0]));
    assert_eq!(r.shape(), &[] as &[usize]);
    assert_eq!(r.item(), 32.0);
}

#[test]
fn long_dot_uses_lanes_and_matches_exact_sum() {
    // sum_{i<100} i * 2 = 2 * 4950 = 9900, exact in f32
    let a = Array::arange(0.0, 100.0, 1.0);
    let b = Array::full(&[100], 2.0);
    assert_eq!(a.dot(&b).item(), 9900.0);
}

#[test]
fn matrix_matrix() {
    // [[1,2,3],[4,5,6]] @ [[7,8],[9,10],[11,12]]
    //   = [[7+18+33, 8+20+36], [28+45+66, 32+50+72]] = [[58, 64], [139, 154]]
    let a = Array::from_vec(vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0], &[2, 3]);
    let b = Array::from_vec(vec![7.0, 8.0, 9.0, 10.0, 11.0, 12.0], &[3, 2]);
    let r = a.matmul(&b);
    assert_eq!(r.shape(), &[2, 2]);
    assert_eq!(f64s(&r), vec![58.0, 64.0, 139.0, 154.0]);
}

#[test]
fn matrix_vector_removes_the_appended_dim() {
    // [[1,2,3],[4,5,6]] @ [1, 0, -1] = [1-3, 4-6] = [-2, -2]
    let a = Array::from_vec(vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0], &[2, 3]);
    let r = a.matmul(&Array::from_slice(&[1.0, 0.0, -1.0]));
    assert_eq!(r.shape(), &[2]);
    assert_eq!(f64s(&r), vec![-2.0, -2.0]);
}

#[test]
fn vector_matrix_removes_the_prepended_dim() {
    // [1, -1] @ [[1,2,3],[4,5,6]] = [1-4, 2-5, 3-6] = [-3, -3, -3]
    let a = Array::from_vec(vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0], &[2, 3]);
    let r = Array::from_slice(&[1.0, -1.0]).matmul(&a);
    assert_eq!(r.shape(), &[3]);
    assert_eq!(f64s(&r), vec![-3.0, -3.0, -3.0]);
}

#[test]
fn batched_with_vector_operands() {
    // a: [2, 2, 2] = [[[1,2],[3,4]], [[5,6],[7,8]]]; v = [1, 1]
    // a @ v = row sums = [[3, 7], [11, 15]], shape [2, 2]
    // v @ a = column sums = [[4, 6], [12, 14]], shape [2, 2]
    let a = Array::arange(1.0, 9.0, 1.0).reshape([2, 2, 2]);
    let v = Array::from_slice(&[1.0, 1.0]);
    let av = a.matmul(&v);
    assert_eq!(av.shape(), &[2, 2]);
    assert_eq!(f64s(&av), vec![3.0, 7.0, 11.0, 15.0]);
    let va = v.matmul(&a);
    assert_eq!(va.shape(), &[2, 2]);
    assert_eq!(f64s(&va), vec![4.0, 6.0, 12.0, 14.0]);
}

#[test]
fn batched_broadcasts_batch_dims() {
    // a: [2, 1, 1, 2] holds rows [1, 2] and [3, 4]; b: [3, 2, 1] holds columns
    // [1, 0], [0, 1], [1, 1]. Result [2, 3, 1, 1]: a_i . b_j =
    //   [1, 2, 3] for a_0 and [3, 4, 7] for a_1.
    let a = Array::from_vec(vec![1.0, 2.0, 3.0, 4.0], &[2, 1, 1, 2]);
    let b = Array::from_vec(vec![1.0, 0.0, 0.0, 1.0, 1.0, 1.0], &[3, 2, 1]);
    let r = a.matmul(&b);
    assert_eq!(r.shape(), &[2, 3, 1, 1]);
    assert_eq!(f64s(&r), vec![1.0, 2.0, 3.0, 3.0, 4.0, 7.0]);
}

#[test]
fn batched_times_matrix_folds_into_one_gemm_and_stays_correct() {
    // x: [4, 5, 6] = arange, w: [6, 7]; each batch entry is an independent 2-D product,
    // so slicing the result equals multiplying the slice. Sizes exceed the small-loop
    // threshold, so this goes through gemm.
    let x = Array::arange(0.0, 120.0, 1.0)
        .reshape([4, 5, 6])
        .to_dtype(DType::F64);
    let w = Array::arange(-21.0, 21.0, 1.0)
        .reshape([6, 7])
        .to_dtype(DType::F64);
    let r = x.matmul(&w);
    assert_eq!(r.shape(), &[4, 5, 7]);
    let (_, want) = naive(&x, &w);
    assert_eq!(f64s(&r), want);
    for i in 0..4 {
        assert_eq!(f64s(&r.select(0, i)), f64s(&x.select(0, i).matmul(&w)));
    }
}

#[test]
fn transposed_views_need_no_copy_and_give_the_product_of_the_transposes() {
    // (A^T)(B^T) with A = arange(12).reshape(4,3), B = arange(8).reshape(2,4):
    // both operands are column-major views. Compared with the naive loop, at a size
    // that uses the loop (3x4x2) and one that uses gemm (20x30x10).
    for &(m, k, n) in &[(3usize, 4usize, 2usize), (20, 30, 10)] {
        let a = Array::arange(0.0, (k * m) as f64, 1.0)
            .reshape([k, m])
            .to_dtype(DType::F64)
            .t();
        let b = Array::arange(0.0, (n * k) as f64, 1.0)
            .reshape([n, k])
            .to_dtype(DType::F64)
            .t();
        assert!(!a.is_contiguous() && !b.is_contiguous());
        let r = a.matmul(&b);
        let (shape, want) = naive(&a, &b);
        assert_eq!(r.shape(), shape.as_slice());
        assert_eq!(f64s(&r), want);
    }
}

#[test]
fn stride_zero_and_narrowed_operands() {
    // An expanded row [1, k] -> [m, k] has row stride 0: every output row is the same,
    // row . b. A narrowed matrix starts at an offset and has a row stride wider than
    // its width. Both at gemm size (40 x 40 x 40 = 64000 > threshold).
    let row = Array::arange(0.0, 40.0, 1.0)
        .to_dtype(DType::F64)
        .reshape([1, 40]);
    let a = row.expand([40, 40]);
    let big = Array::arange(0.0, 40.0 * 50.0, 1.0)
        .to_dtype(DType::F64)
        .reshape([40, 50]);
    let b = big.narrow(1, 5, 40);
    let r = a.matmul(&b);
    let (_, want) = naive(&a, &b);
    assert_eq!(f64s(&r), want);
    let first = f64s(&r.select(0, 0));
    for i in 1..40 {
        assert_eq!(f64s(&r.select(0, i)), first);
    }
    // A broadcast column vector as the right operand: [k, 1] expanded to [k, n].
    let col = Array::arange(1.0, 41.0, 1.0)
        .to_dtype(DType::F64)
        .reshape([40, 1])
        .expand([40, 40]);
    let (_, want) = naive(&big.narrow(1, 0, 40), &col);
    assert_eq!(f64s(&big.narrow(1, 0, 40).matmul(&col)), want);
}

#[test]
fn f64_products_and_mixed_dtypes_refused() {
    // 0.1 * 0.1 in f64 is not representable in f32: the product stays in f64
    let a = Array::from_slice_f64(&[0.1, 0.2]);
    let b = Array::from_slice_f64(&[0.1, 0.3]);
    let r = a.matmul(&b);
    assert_eq!(r.dtype(), DType::F64);
    assert_eq!(r.item(), 0.1 * 0.1 + 0.2 * 0.3);
    // PyTorch: "expected m1 and m2 to have the same dtype"
    let e = Array::from_slice(&[0.5, 0.25])
        .try_matmul(&Array::from_vec_f64(vec![0.1, 0.2, 0.3, 0.4], &[2, 2]))
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "matmul: expected both operands to have the same dtype, got float32 [2] and float64 [2, 2]"
    );
}

#[test]
fn zero_size_dims() {
    // k = 0: an empty sum, so every entry is 0. m = 0: an empty result.
    let r = Array::zeros(&[2, 0]).matmul(&Array::zeros(&[0, 3]));
    assert_eq!(r.shape(), &[2, 3]);
    assert_eq!(f64s(&r), vec![0.0; 6]);
    assert_eq!(
        Array::zeros(&[0, 4]).matmul(&Array::zeros(&[4, 3])).shape(),
        &[0, 3]
    );
    assert_eq!(Array::zeros(&[0]).dot(&Array::zeros(&[0])).item(), 0.0);
}

#[test]
fn error_messages_name_op_shapes_and_dim() {
    let err = |a: &[usize], b: &[usize]| {
        Array::zeros(a)
            .try_matmul(&Array::zeros(b))
            .unwrap_err()
            .to_string()
    };
    assert_eq!(
        err(&[2, 3], &[4, 5]),
        "matmul: shape [2, 3] does not match [4, 5]: dim 1 (3) vs dim 0 (4)"
    );
    assert_eq!(
        err(&[3], &[4]),
        "matmul: shape [3] does not match [4]: dim 0 (3) vs dim 0 (4)"
    );
    assert_eq!(
        err(&[2, 3], &[4]),
        "matmul: shape [2, 3] does not match [4]: dim 1 (3) vs dim 0 (4)"
    );
    assert_eq!(
        err(&[3], &[4, 5]),
        "matmul: shape [3] does not match [4, 5]: dim 0 (3) vs dim 0 (4)"
    );
    assert_eq!(
        err(&[2, 2, 3], &[3, 3, 4]),
        "matmul: shape [2, 2, 3] does not match [3, 3, 4]: batch dims do not broadcast: dim 0 (2) vs dim 0 (3)"
    );
    assert_eq!(
        err(&[], &[3]),
        "matmul: both arguments need at least 1 dim, got shapes [] and [3]"
    );
    assert_eq!(
        Array::zeros(&[3])
            .try_dot(&Array::zeros(&[4]))
            .unwrap_err()
            .to_string(),
        "dot: shape [3] does not match [4]: dim 0 (3) vs dim 0 (4)"
    );
}

#[test]
#[should_panic(expected = "matmul: shape [2, 3] does not match [2, 3]: dim 1 (3) vs dim 0 (2)")]
fn plain_form_panics_with_the_message() {
    Array::zeros(&[2, 3]).matmul(&Array::zeros(&[2, 3]));
}

#[test]
fn outer_product() {
    // outer([1, 2], [3, 4]) = [[3, 4], [6, 8]]; f32 with f64 gives f64
    let o = Array::from_slice(&[1.0, 2.0]).outer(&Array::from_slice_f64(&[3.0, 4.0]));
    assert_eq!(o.dtype(), DType::F64);
    assert_eq!(o.shape(), &[2, 2]);
    assert_eq!(f64s(&o), vec![3.0, 4.0, 6.0, 8.0]);
}

/// A random view of a logical `shape`: contiguous, transposed (last two dims swapped
/// in memory) or expanded from size 1 along the first dim.
fn make_operand(shape: &[usize], layout: u8, seed: u64) -> Array {
    let fill = |n: usize| -> Vec<f64> {
        (0..n)
            .map(|i| ((i as u64 * 7919 + seed * 104729) % 17) as f64 - 8.0)
            .collect()
    };
    let r = shape.len();
    match layout {
        1 if r >= 2 => {
            let mut s = shape.to_vec();
            s.swap(r - 2, r - 1);
            Array::from_vec_f64(fill(s.iter().product()), &s).transpose(-1, -2)
        }
        2 if !shape.is_empty() => {
            let mut s = shape.to_vec();
            s[0] = 1;
            Array::from_vec_f64(fill(s.iter().product()), &s).expand(shape)
        }
        _ => Array::from_vec_f64(fill(shape.iter().product()), shape),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    /// For random ranks 1..=4, compatible (broadcasting) batch dims, random layouts and
    /// sizes spanning the small-loop and gemm paths, matmul equals the naive triple
    /// loop. Entries are small integers, so f64 sums are exact and must match exactly.
    #[test]
    fn matmul_equals_naive_loop(
        ra in 1usize..=4, rb in 1usize..=4,
        m in 1usize..=12, k in 0usize..=12, n in 1usize..=12,
        batch in proptest::collection::vec((1usize..=3, 0u8..3), 2),
        la in 0u8..3, lb in 0u8..3, seed in 0u64..1000,
    ) {
        let bdims = |r: usize, pick: u8| -> Vec<usize> {
            let nb = r.saturating_sub(2);
            (0..nb).map(|i| {
                let (size, mode) = batch[2 - nb + i];
                if mode == pick { 1 } else { size }
            }).collect()
        };
        let mut sa = bdims(ra, 1);
        if ra >= 2 { sa.push(m); }
        sa.push(k);
        let mut sb = bdims(rb, 2);
        sb.push(k);
        if rb >= 2 { sb.push(n); }
        let a = make_operand(&sa, la, seed);
        let b = make_operand(&sb, lb, seed + 1);
        let r = a.matmul(&b);
        let (shape, want) = naive(&a, &b);
        prop_assert_eq!(r.shape(), shape.as_slice());
        prop_assert_eq!(f64s(&r), want);
        // f32 agrees too: the same small integers are exact in f32 below 2^24.
        let r32 = a.to_dtype(DType::F32).matmul(&b.to_dtype(DType::F32));
        prop_assert_eq!(r32.dtype(), DType::F32);
        prop_assert_eq!(f64s(&r32), f64s(&r));
    }
}

#[test]
fn large_products_use_threads_and_agree_with_split_sums() {
    // 130^3 > 2^21 multiply-adds, so gemm may use several threads. Splitting k gives
    // A @ B = A[:, :65] @ B[:65, :] + A[:, 65:] @ B[65:, :], each half small enough to
    // run single-threaded; small integer entries keep every f64 sum exact.
    let fill = |n: usize, s: u64| -> Vec<f64> {
        (0..n as u64)
            .map(|i| ((i * 31 + s) % 13) as f64 - 6.0)
            .collect()
    };
    let a = Array::from_vec_f64(fill(130 * 130, 1), &[130, 130]);
    let b = Array::from_vec_f64(fill(130 * 130, 2), &[130, 130]).t();
    let whole = a.matmul(&b);
    let halves = a.narrow(1, 0, 65).matmul(&b.narrow(0, 0, 65))
        + a.narrow(1, 65, 65).matmul(&b.narrow(0, 65, 65));
    assert_eq!(f64s(&whole), f64s(&halves));
}

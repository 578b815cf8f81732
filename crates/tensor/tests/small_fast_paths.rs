//! The small-array fast paths of binary ops (a single-valued operand, scalar or stride-0
//! expand, against a contiguous one; in-place ops on equal shapes) give the same values
//! as the general strided path, which runs when the operand is materialised first.

use nanotorch_tensor::Array;

#[test]
fn expanded_operand_matches_materialised() {
    // g = 0.25 expanded to [4] (stride 0), as mean's gradient is; g * x = 0.25 x
    let g = Array::scalar(0.25).expand([4]);
    let x = Array::from_slice(&[1.0, -2.0, 3.5, 0.1]);
    let dense = g.contiguous();
    assert_eq!(g.strides(), &[0]);
    for (fast, slow) in [
        (g.mul(&x), dense.mul(&x)),
        (x.mul(&g), x.mul(&dense)),
        (x.sub(&g), x.sub(&dense)),
        (g.sub(&x), dense.sub(&x)),
        (x.div(&g), x.div(&dense)),
        (g.pow(&x), dense.pow(&x)),
    ] {
        assert_eq!(fast.shape(), &[4]);
        assert_eq!(fast.to_vec::<f32>(), slow.to_vec::<f32>());
    }
    assert_eq!(g.mul(&x).to_vec::<f32>(), vec![0.25, -0.5, 0.875, 0.025]);
}

#[test]
fn one_element_operand_takes_the_broadcast_shape() {
    // [1, 1] with [3]: shape [1, 3]; values 2 - x
    let s = Array::from_vec(vec![2.0], &[1, 1]);
    let x = Array::from_slice(&[1.0, 2.0, 4.0]);
    let y = s.sub(&x);
    assert_eq!(y.shape(), &[1, 3]);
    assert_eq!(y.to_vec::<f32>(), vec![1.0, 0.0, -2.0]);
    // a non-contiguous other operand still goes the general way: x^T (strides [1, 2])
    let m = Array::from_vec(vec![1.0, 2.0, 3.0, 4.0], &[2, 2]).t();
    assert_eq!(m.add(&s).to_vec::<f32>(), vec![3.0, 5.0, 4.0, 6.0]);
    // an empty other operand gives an empty result
    assert_eq!(s.add(&Array::zeros(&[0])).shape(), &[1, 0]);
}

#[test]
fn mixed_dtypes_still_promote() {
    // f32 scalar with f64 vector: f64 result, the scalar's f32 value widened
    let s = Array::scalar(0.1);
    let x = Array::from_slice_f64(&[1.0, 2.0]);
    let y = s.mul(&x);
    assert_eq!(y.dtype(), nanotorch_tensor::DType::F64);
    assert_eq!(
        y.to_vec::<f64>(),
        vec![0.1f32 as f64, 2.0 * (0.1f32 as f64)]
    );
}

#[test]
fn in_place_same_shape_and_broadcast() {
    // p -= 0.5 g with equal shapes, then += a broadcast scalar
    let mut p = Array::from_slice(&[1.0, 2.0, 3.0]);
    p.sub_(&Array::from_slice(&[0.5, 0.5, 1.0]));
    assert_eq!(p.to_vec::<f32>(), vec![0.5, 1.5, 2.0]);
    p.add_(&Array::scalar(1.0));
    assert_eq!(p.to_vec::<f32>(), vec![1.5, 2.5, 3.0]);
    // shared buffer: the other array does not see the write
    let q = p.clone();
    p.mul_(&Array::from_slice(&[2.0, 2.0, 2.0]));
    assert_eq!(
        (p.to_vec::<f32>(), q.to_vec::<f32>()),
        (vec![3.0, 5.0, 6.0], vec![1.5, 2.5, 3.0])
    );
    assert!(p.try_add_(&Array::zeros(&[2])).is_err());
}

#[test]
fn in_place_with_one_value_reads_the_value_in_every_dtype() {
    // x /= 3 (a 0-d operand) and x -= [[0.25]] (a [1, 1] operand, broadcast) give the
    // bits of dividing / subtracting element by element, in f32 and f64
    let v: Vec<f64> = (0..37).map(|i| 0.1 + i as f64 * 1.37).collect();
    let mut x = Array::from_vec(v.iter().map(|&e| e as f32).collect(), &[37]);
    x /= 3.0;
    let want: Vec<f32> = v.iter().map(|&e| e as f32 / 3.0).collect();
    assert_eq!(x.to_vec::<f32>(), want);
    let mut y = Array::from_vec_f64(v.clone(), &[37]).reshape([1, 37]);
    y.sub_(&Array::from_vec_f64(vec![0.25], &[1, 1]));
    let want: Vec<f64> = v.iter().map(|&e| e - 0.25).collect();
    assert_eq!(y.to_vec::<f64>(), want);
}

#[test]
fn whole_sum_and_mean_of_contiguous_arrays_match_the_reduction_plan_bitwise() {
    // `sum()`/`mean()` of a contiguous array read its slice directly; `sum_dims(&[])`
    // (all dims) goes through the reduction plan. Both must use the canonical order,
    // so the f32 results are identical bit for bit, including the 8-lane blocks
    // (n >= 8) and pairwise block sums (n > 128), for values whose sum rounds.
    for n in [0usize, 1, 3, 7, 8, 9, 100, 128, 129, 1000, 2000] {
        let v: Vec<f32> = (0..n).map(|i| 1.0 / (i as f32 + 3.0) - 0.1).collect();
        for shape in [vec![n], vec![1, n, 1]] {
            let x = Array::from_vec(v.clone(), &shape);
            let plan_sum = x.sum_dims(&[], false).to_vec::<f32>()[0];
            let plan_mean = x.mean_dims(&[], false).to_vec::<f32>()[0];
            assert_eq!(
                x.sum().to_vec::<f32>()[0].to_bits(),
                plan_sum.to_bits(),
                "n={n}"
            );
            assert_eq!(
                x.mean().to_vec::<f32>()[0].to_bits(),
                plan_mean.to_bits(),
                "n={n}"
            );
        }
    }
}

//! Tests of sum, mean, prod and sum_to_shape.

use crate::{Array, DType};
use proptest::prelude::*;

fn bits(a: &Array) -> u32 {
    (a.item() as f32).to_bits()
}

#[test]
fn small_hand_worked_sums() {
    // x = [[1, 2, 3], [4, 5, 6]]: total 21, column sums [5, 7, 9], row sums [6, 15],
    // means 21/6 = 3.5, columns [2.5, 3.5, 4.5], rows [2, 5]
    let x = Array::from_vec(vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0], &[2, 3]);
    assert_eq!(x.sum().shape(), &[] as &[usize]);
    assert_eq!(x.sum().item(), 21.0);
    assert_eq!(x.sum().dtype(), DType::F32);
    assert_eq!(x.sum_dims(&[0], false).to_vec::<f32>(), vec![5.0, 7.0, 9.0]);
    assert_eq!(x.sum_dims(&[1], true).shape(), &[2, 1]);
    assert_eq!(x.sum_dims(&[1], true).to_vec::<f32>(), vec![6.0, 15.0]);
    assert_eq!(x.sum_dims(&[], false).item(), 21.0);
    assert_eq!(x.sum_dims(&[0, 1], true).shape(), &[1, 1]);
    assert_eq!(x.mean().item(), 3.5);
    assert_eq!(
        x.mean_dims(&[0], false).to_vec::<f32>(),
        vec![2.5, 3.5, 4.5]
    );
    assert_eq!(x.mean_dims(&[-1], false).to_vec::<f32>(), vec![2.0, 5.0]);
    // products: 720 in all, columns [4, 10, 18]
    assert_eq!(x.prod().item(), 720.0);
    assert_eq!(
        x.prod_dims(&[0], false).to_vec::<f32>(),
        vec![4.0, 10.0, 18.0]
    );
    // the transposed view reduces to the same numbers
    assert_eq!(
        x.t().sum_dims(&[1], false).to_vec::<f32>(),
        vec![5.0, 7.0, 9.0]
    );
    let d = Array::from_vec_f64(vec![0.5, 0.25], &[2]);
    assert_eq!(d.sum().dtype(), DType::F64);
    assert_eq!(d.mean().item(), 0.375);
}

#[test]
fn reduce_over_dims_that_do_not_merge() {
    // x[i, j, k] = 12 i + 4 j + k over [2, 3, 4]; summing i and k gives
    // sum_i sum_k (12 i + 4 j + k) = 48 + 32 j + 12 = 60 + 32 j
    let x = Array::arange(0.0, 24.0, 1.0).reshape([2, 3, 4]);
    assert_eq!(
        x.sum_dims(&[0, 2], false).to_vec::<f32>(),
        vec![60.0, 92.0, 124.0]
    );
    assert_eq!(x.sum_dims(&[2, 0], true).shape(), &[1, 3, 1]);
    // mean over 8 elements each: 7.5 + 4 j
    assert_eq!(
        x.mean_dims(&[0, -1], false).to_vec::<f32>(),
        vec![7.5, 11.5, 15.5]
    );
    // an expanded (stride 0) view: every run holds 5 copies of the same row
    let e = Array::from_slice(&[1.0, 2.0]).expand([5, 2]);
    assert_eq!(e.sum_dims(&[0], false).to_vec::<f32>(), vec![5.0, 10.0]);
    assert_eq!(e.sum().item(), 15.0);
}

#[test]
fn short_f32_sums_follow_torch_bitwise() {
    // 4 elements: (((0 + x0) + x1) + x2) + x3; 5 elements: (((x0 + x4) + x1) + x2) + x3
    // (torch's 4 lanes, golden NOTES.md section 3); mean = sum / n by f32 division
    let x4 = [0.3f32, 1.7e-2, 4.1e3, 0.9];
    let s4 = (((0.0f32 + x4[0]) + x4[1]) + x4[2]) + x4[3];
    let a4 = Array::from_slice(&x4);
    assert_eq!(bits(&a4.sum()), s4.to_bits());
    assert_eq!(bits(&a4.mean()), (s4 / 4.0).to_bits());
    let x5 = [0.1f32, 0.7, 1e-3, 3.3, 12.9];
    let s5 = (((x5[0] + x5[4]) + x5[1]) + x5[2]) + x5[3];
    let a5 = Array::from_slice(&x5);
    assert_eq!(bits(&a5.sum()), s5.to_bits());
    assert_eq!(bits(&a5.mean()), (s5 / 5.0).to_bits());
    // the same rule along a dim, for a strided run (column of a [5, 2] array)
    let m = Array::from_vec(x5.iter().flat_map(|&v| [v, 1.0]).collect(), &[5, 2]);
    assert_eq!(m.sum_dims(&[0], false).get(&[0]) as f32, s5);
    assert_eq!(m.mean_dims(&[0], false).get(&[0]) as f32, s5 / 5.0);
}

#[test]
fn negative_zero_sums_are_positive_zero() {
    // all accumulators start at +0.0: sum([-0.0; n]) = +0.0, as numpy/torch print it
    for n in [1usize, 3, 7, 8, 100] {
        let z = Array::full(&[n], -0.0);
        assert_eq!(bits(&z.sum()), 0, "n = {n}");
        assert_eq!(bits(&z.mean()), 0);
        let zm = Array::full(&[n, 3], -0.0);
        assert!(zm.sum_dims(&[0], false).iter().all(|v| v.to_bits() == 0));
    }
}

#[test]
fn long_f32_sum_is_accurate() {
    // 1e6 copies of 0.1f32 sum to 1e6 * 0.1f32 (computed in f64) within 1e-6 relative;
    // a single f32 accumulator is off by about 1 % here
    let n = 1_000_000;
    let x = Array::full(&[n], 0.1);
    let exact = n as f64 * 0.1f32 as f64;
    assert!(((x.sum().item() - exact) / exact).abs() < 1e-6);
    assert!(((x.mean().item() - 0.1f32 as f64) / 0.1).abs() < 1e-6);
    // the same along dim 0 of a [n/10, 10] matrix (whole-row accumulation)
    let m = x.reshape([n / 10, 10]);
    for v in m.sum_dims(&[0], false).iter() {
        assert!((v - exact / 10.0).abs() / (exact / 10.0) < 1e-6);
    }
}

#[test]
fn layout_does_not_change_the_sum() {
    // a [300, 50] matrix summed over dim 0 (row accumulation) and its transposed copy
    // summed over dim 1 (contiguous runs) give bitwise the same 50 numbers
    let x = Array::arange(0.0, 15000.0, 1.0).sin().reshape([300, 50]);
    let a = x.sum_dims(&[0], false).to_vec::<f32>();
    let b = x.t().contiguous().sum_dims(&[1], false).to_vec::<f32>();
    let c = x.t().sum_dims(&[1], false).to_vec::<f32>();
    assert_eq!(a, b);
    assert_eq!(a, c);
}

#[test]
fn empty_and_zero_d() {
    // empty: sum = 0, prod = 1, mean = 0/0 = NaN; reducing a zero-size dim gives these per output
    let e = Array::zeros(&[0, 3]);
    assert_eq!(e.sum().item(), 0.0);
    assert_eq!(e.prod().item(), 1.0);
    assert!(e.mean().item().is_nan());
    assert_eq!(e.sum_dims(&[0], false).to_vec::<f32>(), vec![0.0; 3]);
    assert_eq!(e.prod_dims(&[0], true).to_vec::<f32>(), vec![1.0; 3]);
    assert!(e.mean_dims(&[0], false).iter().all(f64::is_nan));
    assert_eq!(e.sum_dims(&[1], false).shape(), &[0]);
    // 0-d: dim 0 and -1 address the single element
    let s = Array::scalar(2.5);
    assert_eq!(s.sum_dims(&[0], false).shape(), &[] as &[usize]);
    assert_eq!(s.mean_dims(&[-1], true).item(), 2.5);
    assert!(s.try_sum_dims(&[1], false).is_err());
}

#[test]
fn dim_errors_name_the_op() {
    let x = Array::zeros(&[2, 3]);
    let e = x.try_sum_dims(&[2], false).unwrap_err();
    assert_eq!(
        e.to_string(),
        "sum: dim 2 is out of range for shape [2, 3] (expected a dim in [-2, 1])"
    );
    let e = x.try_mean_dims(&[0, -2], false).unwrap_err();
    assert_eq!(
        e.to_string(),
        "mean: dim -2 appears more than once in dims [0, -2] for shape [2, 3]"
    );
    assert!(x.try_prod_dims(&[-3], false).is_err());
}

#[test]
fn sum_to_shape_hand_cases() {
    // g = [[1, 2, 3], [4, 5, 6]]: to [3] sums rows -> [5, 7, 9]; to [2, 1] sums columns
    // -> [[6], [15]]; to [1, 3] keeps the dim; to [] sums all -> 21; to [2, 3] is g
    let g = Array::from_vec(vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0], &[2, 3]);
    assert_eq!(g.sum_to_shape(&[3]).to_vec::<f32>(), vec![5.0, 7.0, 9.0]);
    assert_eq!(g.sum_to_shape(&[3]).shape(), &[3]);
    let c = g.sum_to_shape(&[2, 1]);
    assert_eq!(
        (c.shape(), c.to_vec::<f32>()),
        (&[2usize, 1][..], vec![6.0, 15.0])
    );
    assert_eq!(g.sum_to_shape(&[1, 3]).shape(), &[1, 3]);
    assert_eq!(g.sum_to_shape(&[]).item(), 21.0);
    assert_eq!(g.sum_to_shape(&[1, 1]).to_vec::<f32>(), vec![21.0]);
    assert!(g.sum_to_shape(&[2, 3]).shares_storage(&g));
    let e = g.try_sum_to_shape(&[1, 2, 3]).unwrap_err();
    assert_eq!(
        e.to_string(),
        "sum_to_shape: shape [1, 2, 3] does not match [2, 3]: the target has 3 dims but the array only 2"
    );
    assert!(g.try_sum_to_shape(&[2]).is_err());
    assert!(g.try_sum_to_shape(&[4, 3]).is_err());
}

/// A shape of rank 0..=4 with dims 0..=4.
fn shape_strategy() -> impl Strategy<Value = Vec<usize>> {
    prop::collection::vec(0usize..5, 0..5)
}

/// Small integers (exact in f32 sums), laid out in a shape.
fn array_strategy() -> impl Strategy<Value = Array> {
    shape_strategy().prop_flat_map(|shape| {
        let n = shape.iter().product::<usize>();
        prop::collection::vec(-20i32..20, n).prop_map(move |v| {
            Array::from_vec(v.into_iter().map(|x| x as f32 * 0.25).collect(), &shape)
        })
    })
}

proptest! {
    #[test]
    fn total_equals_dim_by_dim(x in array_strategy()) {
        // sum over all dims == summing dim 0 away repeatedly
        let mut y = x.clone();
        while y.ndim() > 0 {
            y = y.sum_dims(&[0], false);
        }
        let total = x.sum().item();
        prop_assert!((y.item() - total).abs() <= 1e-5 * (1.0 + total.abs()));
    }

    #[test]
    fn keepdim_shapes(x in array_strategy(), pick in prop::collection::vec(any::<bool>(), 4)) {
        let dims: Vec<isize> = (0..x.ndim()).filter(|&i| pick[i]).map(|i| i as isize).collect();
        let kept = x.sum_dims(&dims, true);
        let dropped = x.sum_dims(&dims, false);
        let all = dims.is_empty();
        for (i, (&k, &d)) in kept.shape().iter().zip(x.shape()).enumerate() {
            prop_assert_eq!(k, if all || pick[i] { 1 } else { d });
        }
        let expect: Vec<usize> = (0..x.ndim()).filter(|&i| !(all || pick[i])).map(|i| x.shape()[i]).collect();
        prop_assert_eq!(dropped.shape(), &expect[..]);
        prop_assert_eq!(kept.to_vec::<f32>(), dropped.to_vec::<f32>());
    }

    #[test]
    fn sum_to_shape_inverts_expand(
        big in prop::collection::vec(1usize..4, 0..4),
        ones in prop::collection::vec(any::<bool>(), 4),
        drop in 0usize..4,
    ) {
        // x of a shape that broadcasts to `big`; expand copies each element
        // numel(big) / numel(x) times, so summing back gives x times that factor
        let drop = drop.min(big.len());
        let small: Vec<usize> = big[drop..].iter().zip(&ones).map(|(&d, &o)| if o { 1 } else { d }).collect();
        let n: usize = small.iter().product();
        let x = Array::from_vec((0..n).map(|i| i as f32 - 3.0).collect(), &small);
        let factor = (big.iter().product::<usize>() / n) as f32;
        let back = x.expand(&big[..]).sum_to_shape(&small);
        prop_assert_eq!(back.shape(), &small[..]);
        let want: Vec<f32> = x.to_vec::<f32>().iter().map(|v| v * factor).collect();
        prop_assert_eq!(back.to_vec::<f32>(), want);
    }
}

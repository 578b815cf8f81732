//! Views: shape changes share the buffer and read the same elements as copies.

use nanotorch_tensor::Array;
use proptest::prelude::*;

#[test]
fn views_share_storage() {
    let a = Array::arange(0.0, 24.0, 1.0).reshape([2, 3, 4]);
    for v in [
        a.transpose(0, 2),
        a.permute(&[1, 2, 0]),
        a.unsqueeze(1),
        a.narrow(2, 1, 2),
        a.select(1, 0),
        a.flatten(0, 1),
        a.view([6, 4]),
    ] {
        assert!(v.shares_storage(&a));
    }
}

#[test]
fn narrow_and_select_values() {
    let a = Array::arange(0.0, 12.0, 1.0).reshape([3, 4]);
    // rows 1..3, cols 1..3
    let n = a.narrow(0, 1, 2).narrow(1, 1, 2);
    assert_eq!(n.to_vec::<f32>(), vec![5.0, 6.0, 9.0, 10.0]);
    assert_eq!(a.select(0, 2).to_vec::<f32>(), vec![8.0, 9.0, 10.0, 11.0]);
}

#[test]
fn reshape_of_non_viewable_layout_copies() {
    let a = Array::arange(0.0, 6.0, 1.0).reshape([2, 3]);
    let t = a.t();
    assert!(t.try_view([6]).is_err());
    let r = t.reshape([6]);
    assert!(!r.shares_storage(&a));
    assert_eq!(r.to_vec::<f32>(), vec![0.0, 3.0, 1.0, 4.0, 2.0, 5.0]);
}

#[test]
fn view_of_transposed_split_dim_needs_no_copy() {
    // a [4,6] transposed to [6,4]; splitting the leading dim 6 = 2*3 is viewable
    let a = Array::arange(0.0, 24.0, 1.0).reshape([4, 6]);
    let v = a.t().view([2, 3, 4]);
    assert!(v.shares_storage(&a));
    assert_eq!(
        v.to_vec::<f32>(),
        a.t().contiguous().reshape([2, 3, 4]).to_vec::<f32>()
    );
}

#[test]
fn reshape_errors() {
    let a = Array::zeros(&[2, 3]);
    assert_eq!(
        a.try_reshape([-1, -1]).unwrap_err().to_string(),
        "reshape: only one dim can be -1, got [-1, -1]"
    );
    assert_eq!(
        a.try_reshape([4, -1]).unwrap_err().to_string(),
        "reshape: shape [4, -1] is invalid for input of shape [2, 3] (6 elements)"
    );
    assert_eq!(
        a.try_permute(&[0]).unwrap_err().to_string(),
        "permute: 1 dims given for shape [2, 3] with 2 dims"
    );
    assert_eq!(
        a.try_transpose(0, -3).unwrap_err().to_string(),
        "transpose: dim -3 is out of range for shape [2, 3] (expected a dim in [-2, 1])"
    );
}

#[test]
fn expand_keeps_and_adds_dims() {
    let a = Array::from_vec(vec![1.0, 2.0], &[2, 1]);
    let e = a.expand([3, 2, 2]);
    assert_eq!(e.shape(), &[3, 2, 2]);
    assert_eq!(e.strides(), &[0, 1, 0]);
    assert_eq!(e.to_vec::<f32>(), [1.0, 1.0, 2.0, 2.0].repeat(3));
}

#[test]
fn element_count_overflow_is_an_error() {
    assert!(Array::try_from_vec(vec![], &[usize::MAX, 2]).is_err());
    let e =
        Array::try_full_dtype(&[1 << 40, 1 << 40], 0.0, nanotorch_tensor::DType::F32).unwrap_err();
    assert_eq!(
        e.to_string(),
        "full: the element count of shape [1099511627776, 1099511627776] overflows usize"
    );
}

fn shape_strategy() -> impl Strategy<Value = Vec<usize>> {
    prop::collection::vec(1usize..5, 1..5)
}

fn arange_of(shape: &[usize]) -> Array {
    let n: usize = shape.iter().product();
    Array::arange(0.0, n as f64, 1.0).reshape(shape)
}

proptest! {
    #[test]
    fn permute_round_trip(shape in shape_strategy(), seed in any::<u64>()) {
        // a random permutation and its inverse give back the original elements
        let nd = shape.len();
        let mut perm: Vec<isize> = (0..nd as isize).collect();
        let mut s = seed;
        for i in (1..nd).rev() {
            s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            perm.swap(i, (s >> 33) as usize % (i + 1));
        }
        let mut inv = vec![0isize; nd];
        for (i, &p) in perm.iter().enumerate() {
            inv[p as usize] = i as isize;
        }
        let a = arange_of(&shape);
        let back = a.permute(&perm).contiguous().permute(&inv);
        prop_assert_eq!(back.to_vec::<f32>(), a.to_vec::<f32>());
    }

    #[test]
    fn reshape_round_trip(shape in shape_strategy()) {
        let a = arange_of(&shape);
        let flat = a.reshape([-1]);
        prop_assert_eq!(flat.shape(), &[a.numel()][..]);
        prop_assert_eq!(flat.reshape(&shape[..]).to_vec::<f32>(), a.to_vec::<f32>());
    }

    #[test]
    fn transposed_view_equals_copy(shape in prop::collection::vec(1usize..5, 2..5), d0 in 0usize..4, d1 in 0usize..4) {
        let nd = shape.len();
        let (d0, d1) = ((d0 % nd) as isize, (d1 % nd) as isize);
        let a = arange_of(&shape);
        let v = a.transpose(d0, d1);
        // element-by-element equality with the definition out[..i..j..] = a[..j..i..]
        let c = v.contiguous();
        prop_assert_eq!(c.to_vec::<f32>(), v.to_vec::<f32>());
        let mut idx = vec![0usize; nd];
        for flat in 0..a.numel() {
            let mut r = flat;
            for k in (0..nd).rev() {
                idx[k] = r % v.shape()[k];
                r /= v.shape()[k];
            }
            let mut src = idx.clone();
            src.swap(d0 as usize, d1 as usize);
            prop_assert_eq!(v.get(&idx), a.get(&src));
        }
    }

    #[test]
    fn broadcast_shape_rule(a in prop::collection::vec(1usize..4, 0..4), b in prop::collection::vec(1usize..4, 0..4)) {
        // NumPy rule: aligned from the right, each pair equal or one of them 1
        let n = a.len().max(b.len());
        let get = |s: &Vec<usize>, i: usize| if i < n - s.len() { 1 } else { s[i - (n - s.len())] };
        let ok = (0..n).all(|i| get(&a, i) == get(&b, i) || get(&a, i) == 1 || get(&b, i) == 1);
        let x = Array::zeros(&a);
        let y = Array::zeros(&b);
        match x.try_add(&y) {
            Ok(z) => {
                prop_assert!(ok);
                let want: Vec<usize> = (0..n).map(|i| get(&a, i).max(get(&b, i))).collect();
                prop_assert_eq!(z.shape(), &want[..]);
            }
            Err(_) => prop_assert!(!ok),
        }
    }

    #[test]
    fn f64_and_f32_agree(v in prop::collection::vec(-10.0f32..10.0, 1..20)) {
        let a32 = Array::from_slice(&v);
        let a64 = a32.to_dtype(nanotorch_tensor::DType::F64);
        let r32 = (&a32.tanh() * 3.0 + 1.0).to_vec::<f64>();
        let r64 = (&a64.tanh() * 3.0 + 1.0).to_vec::<f64>();
        for (x, y) in r32.iter().zip(&r64) {
            prop_assert!((x - y).abs() <= 1e-5 * (1.0 + y.abs()));
        }
    }
}

#[test]
fn arrays_are_send_and_sync_and_views_cross_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Array>();
    // a view moved to another thread reads the shared buffer
    let a = Array::arange(0.0, 6.0, 1.0).reshape([2, 3]);
    let t = a.t();
    let sum = std::thread::spawn(move || t.to_vec::<f32>().iter().sum::<f32>())
        .join()
        .unwrap();
    assert_eq!(sum, 15.0);
}

//! Elementwise ops: values, broadcasting, promotion, scalar rounding, in-place
//! writes and error messages.

use nanotorch_tensor::{Array, DType};

#[test]
fn broadcast_column_plus_row() {
    // [3,1] + [4] -> [3,4], out[i][j] = a[i] + b[j]
    let a = Array::from_vec(vec![0.0, 10.0, 20.0], &[3, 1]);
    let b = Array::from_slice(&[1.0, 2.0, 3.0, 4.0]);
    let c = &a + &b;
    assert_eq!(c.shape(), &[3, 4]);
    let expected: Vec<f32> = (0..3)
        .flat_map(|i| (0..4).map(move |j| (10 * i) as f32 + (j + 1) as f32))
        .collect();
    assert_eq!(c.to_vec::<f32>(), expected);
}

#[test]
fn rank_promotion_three_dims() {
    // [2,1,3] * [4,1] -> [2,4,3], out[i][j][k] = a[i][0][k] * b[j][0]
    let a = Array::arange(1.0, 7.0, 1.0).reshape([2, 1, 3]);
    let b = Array::arange(1.0, 5.0, 1.0).reshape([4, 1]);
    let c = a.mul(&b);
    assert_eq!(c.shape(), &[2, 4, 3]);
    for i in 0..2 {
        for j in 0..4 {
            for k in 0..3 {
                let want = a.get(&[i, 0, k]) * b.get(&[j, 0]);
                assert_eq!(c.get(&[i, j, k]), want);
            }
        }
    }
}

#[test]
fn ops_on_transposed_views_match_copies() {
    let a = Array::arange(0.0, 12.0, 1.0).reshape([3, 4]);
    let t = a.t();
    let tc = t.contiguous();
    let ones = Array::ones(&[4, 3]);
    assert_eq!((&t + &ones).to_vec::<f32>(), (&tc + &ones).to_vec::<f32>());
    assert_eq!(t.exp().to_vec::<f32>(), tc.exp().to_vec::<f32>());
}

#[test]
fn broadcast_error_names_op_shapes_and_dim() {
    let a = Array::zeros(&[2, 3]);
    let b = Array::zeros(&[4]);
    assert_eq!(
        a.try_add(&b).unwrap_err().to_string(),
        "add: cannot broadcast [2, 3] with [4]: dim -1 is 3 vs 4"
    );
    let c = Array::zeros(&[5, 3]);
    assert_eq!(
        a.try_div(&c).unwrap_err().to_string(),
        "div: cannot broadcast [2, 3] with [5, 3]: dim -2 is 2 vs 5"
    );
}

#[test]
#[should_panic(expected = "sub: cannot broadcast [2] with [3]: dim -1 is 2 vs 3")]
fn operator_panics_with_message() {
    let _ = &Array::zeros(&[2]) - &Array::zeros(&[3]);
}

#[test]
fn panic_location_is_callers_line() {
    // #[track_caller] makes the panic point at this file, not at the library.
    let r = std::panic::catch_unwind(|| {
        let _ = Array::zeros(&[2]).add(&Array::zeros(&[3]));
    });
    assert!(r.is_err());
    let hook_file = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let hf = hook_file.clone();
    let prev = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        *hf.lock().unwrap() = info
            .location()
            .map(|l| l.file().to_string())
            .unwrap_or_default();
    }));
    let _ = std::panic::catch_unwind(|| {
        let _ = &Array::zeros(&[2]) * &Array::zeros(&[3]);
    });
    std::panic::set_hook(prev);
    assert!(
        hook_file.lock().unwrap().ends_with("elementwise.rs"),
        "{}",
        hook_file.lock().unwrap()
    );
}

#[test]
fn python_scalar_rounds_to_f32_first() {
    // lr * grad with lr = 0.01: PyTorch rounds 0.01 to f32, then multiplies in f32.
    let g = Array::from_slice(&[-30.0, 1.2345678]);
    let got = (0.01 * &g).to_vec::<f32>();
    let want: Vec<f32> = [-30.0f32, 1.2345678].iter().map(|&x| 0.01f32 * x).collect();
    assert_eq!(got, want);
    // and the result stays f32
    assert_eq!((&g * 0.1).dtype(), DType::F32);
}

#[test]
fn f32_with_f64_promotes_to_f64() {
    let a = Array::from_slice(&[0.1]);
    let b = Array::from_slice_f64(&[0.2]);
    let c = &a + &b;
    assert_eq!(c.dtype(), DType::F64);
    assert_eq!(c.item(), 0.1f32 as f64 + 0.2);
}

#[test]
fn scalar_on_left_for_non_commutative_ops() {
    let x = Array::from_slice(&[2.0, 4.0]);
    assert_eq!((1.0 - &x).to_vec::<f32>(), vec![-1.0, -3.0]);
    assert_eq!((8.0 / &x).to_vec::<f32>(), vec![4.0, 2.0]);
    assert_eq!((&x / 8.0).to_vec::<f32>(), vec![0.25, 0.5]);
}

#[test]
fn pow_scalar_special_cases_are_exact_products() {
    let x = Array::from_slice(&[1.1, -0.7, 3.3]);
    let v = x.to_vec::<f32>();
    assert_eq!(
        x.pow_scalar(2.0).to_vec::<f32>(),
        v.iter().map(|a| a * a).collect::<Vec<_>>()
    );
    assert_eq!(
        x.pow_scalar(3.0).to_vec::<f32>(),
        v.iter().map(|a| a * a * a).collect::<Vec<_>>()
    );
    // a general exponent goes through powf
    assert_eq!(
        x.abs().pow_scalar(1.5).to_vec::<f32>(),
        v.iter().map(|a| a.abs().powf(1.5)).collect::<Vec<_>>()
    );
}

#[test]
fn pow_with_broadcast_exponent_builds_polynomial_features() {
    // polynomial_sin_fit: xx = x.unsqueeze(-1).pow(p), p = [1, 2, 3]
    let x = Array::linspace(-1.0, 1.0, 5);
    let p = Array::from_slice(&[1.0, 2.0, 3.0]);
    let xx = x.unsqueeze(-1).pow(&p);
    assert_eq!(xx.shape(), &[5, 3]);
    for i in 0..5 {
        let xi = x.get(&[i]) as f32;
        assert_eq!(xx.get(&[i, 0]) as f32, xi.powf(1.0));
        assert_eq!(xx.get(&[i, 1]) as f32, xi.powf(2.0));
        assert_eq!(xx.get(&[i, 2]) as f32, xi.powf(3.0));
    }
}

#[test]
fn unary_ops_match_std() {
    let xs = [-2.5f64, -0.3, 0.0, 0.7, 3.0];
    let a = Array::from_slice_f64(&xs);
    let check = |got: Array, f: fn(f64) -> f64| {
        assert_eq!(
            got.to_vec::<f64>(),
            xs.iter().map(|&x| f(x)).collect::<Vec<_>>()
        );
    };
    check(a.exp(), f64::exp);
    check(a.sin(), f64::sin);
    check(a.cos(), f64::cos);
    check(a.tanh(), f64::tanh);
    check(a.abs(), f64::abs);
    check(a.neg(), |x| -x);
    check(a.relu(), |x| x.max(0.0));
    check(a.sigmoid(), |x| 1.0 / (1.0 + (-x).exp()));
    check(a.abs().sqrt(), |x| x.abs().sqrt());
    check(a.abs().add_scalar(1.0).log(), |x| (x.abs() + 1.0).ln());
}

#[test]
fn maximum_minimum_propagate_nan() {
    let a = Array::from_slice(&[1.0, f32::NAN, 3.0]);
    let b = Array::from_slice(&[2.0, 0.0, f32::NAN]);
    let mx = a.maximum(&b).to_vec::<f32>();
    assert_eq!(mx[0], 2.0);
    assert!(mx[1].is_nan() && mx[2].is_nan());
    let mn = a.minimum(&b).to_vec::<f32>();
    assert_eq!(mn[0], 1.0);
    assert!(mn[1].is_nan() && mn[2].is_nan());
}

#[test]
fn in_place_writes_do_not_leak_into_shared_views() {
    let a = Array::from_slice(&[1.0, 2.0, 3.0]);
    let mut b = a.clone(); // shares storage
    b.sub_(&Array::scalar(1.0));
    assert_eq!(b.to_vec::<f32>(), vec![0.0, 1.0, 2.0]);
    assert_eq!(a.to_vec::<f32>(), vec![1.0, 2.0, 3.0]);
    // unshared: written in place, same buffer
    let mut c = Array::from_slice(&[1.0, 2.0]);
    c *= 3.0;
    assert_eq!(c.to_vec::<f32>(), vec![3.0, 6.0]);
    // in-place broadcast must fit self's shape
    let mut d = Array::zeros(&[2]);
    assert_eq!(
        d.try_add_(&Array::zeros(&[3, 2])).unwrap_err().to_string(),
        "add: cannot broadcast shape [3, 2] to [2], which has fewer dims"
    );
}

#[test]
fn comparisons_and_where() {
    let x = Array::from_slice(&[-1.0, 0.0, 2.0]);
    assert_eq!(x.ge_scalar(0.0).to_vec::<f32>(), vec![0.0, 1.0, 1.0]);
    let r = Array::where_cond(&x.lt_scalar(0.0), &x.neg(), &x);
    assert_eq!(r.to_vec::<f32>(), x.abs().to_vec::<f32>());
    let cond = Array::from_vec(vec![1.0, 0.0], &[2, 1]);
    let w = Array::where_cond(&cond, &Array::ones(&[3]), &Array::zeros(&[1]));
    assert_eq!(w.to_vec::<f32>(), vec![1.0, 1.0, 1.0, 0.0, 0.0, 0.0]);
}

#[test]
fn zero_size_arrays_flow_through() {
    let a = Array::zeros(&[0, 3]);
    let b = Array::ones(&[3]);
    let c = &a + &b;
    assert_eq!(c.shape(), &[0, 3]);
    assert_eq!(c.to_vec::<f32>(), Vec::<f32>::new());
}

#[test]
fn clamp_bounds() {
    let a = Array::from_slice(&[-5.0, 0.25, 5.0, f32::NAN]);
    let c = a.clamp(Some(-1.0), Some(1.0)).to_vec::<f32>();
    assert_eq!(&c[..3], &[-1.0, 0.25, 1.0]);
    assert!(c[3].is_nan());
}

#[test]
fn relu_and_sign_of_negative_zero_follow_torch() {
    // torch 2.15: relu(-0.0) = -0.0 (clamp_min keeps it), sign(-0.0) = +0.0
    let z = Array::from_slice(&[-0.0]);
    assert!(z.relu().to_vec::<f32>()[0].is_sign_negative());
    assert!(z.sign().to_vec::<f32>()[0].is_sign_positive());
    assert!(Array::from_slice(&[f32::NAN]).relu().item().is_nan());
}

//! `matmul_into`: the same bits as `matmul` for every layout and rank, the out rules
//! of the `_into` ops, and the error messages.

use nanotorch_tensor::{manual_seed, Array, DType};

fn bits(a: &Array) -> Vec<u64> {
    a.iter().map(f64::to_bits).collect()
}

/// `a.matmul_into(b, out)` with `out` first filled with 7s equals `a.matmul(b)`.
fn check(a: &Array, b: &Array) {
    let want = a.matmul(b);
    let mut out = Array::full_dtype(want.shape(), 7.0, want.dtype());
    a.matmul_into(b, &mut out);
    assert_eq!(out.shape(), want.shape());
    assert_eq!(bits(&out), bits(&want), "{:?} @ {:?}", a.shape(), b.shape());
}

#[test]
fn equals_matmul_bit_for_bit() {
    manual_seed(11);
    // tiny (plain loop), k = 0 (zeros), m = 1 (row vector), and gemm-sized products
    for (m, k, n) in [
        (2, 3, 4),
        (5, 0, 3),
        (1, 9, 6),
        (7, 9, 1),
        (64, 64, 64),
        (3, 130, 70),
    ] {
        for dtype in [DType::F32, DType::F64] {
            let a = Array::randn_dtype(&[m, k], dtype);
            let b = Array::randn_dtype(&[k, n], dtype);
            check(&a, &b);
            // transposed operands: column-major strides go to the kernel as they are
            let (a_cm, b_cm) = (a.t().contiguous().t(), b.t().contiguous().t());
            check(&a_cm, &b_cm);
            check(&a_cm, &b);
            check(&a, &b_cm);
        }
    }
    // batched and vector ranks take the allocating path and move the result into out
    let a = Array::randn(&[2, 3, 4]);
    check(&a, &Array::randn(&[4, 5]));
    check(&a, &Array::randn(&[4]));
    check(&Array::randn(&[4]), &Array::randn(&[4]));
}

#[test]
fn hand_worked_product_and_shared_out() {
    // [[1, 2], [3, 4]] @ [[1, 0], [1, 1]] = [[1 + 2, 2], [3 + 4, 4]]
    let a = Array::from_vec(vec![1.0, 2.0, 3.0, 4.0], &[2, 2]);
    let b = Array::from_vec(vec![1.0, 0.0, 1.0, 1.0], &[2, 2]);
    let mut out = Array::zeros(&[2, 2]);
    a.matmul_into(&b, &mut out);
    assert_eq!(out.to_vec::<f32>(), vec![3.0, 2.0, 7.0, 4.0]);
    // an out sharing its buffer gets a new one: the other array keeps its values
    let other = out.clone();
    b.matmul_into(&a, &mut out);
    // [[1, 0], [1, 1]] @ [[1, 2], [3, 4]] = [[1, 2], [4, 6]]
    assert_eq!(out.to_vec::<f32>(), vec![1.0, 2.0, 4.0, 6.0]);
    assert_eq!(other.to_vec::<f32>(), vec![3.0, 2.0, 7.0, 4.0]);
}

#[test]
fn errors() {
    let a = Array::zeros(&[2, 3]);
    let mut out = Array::zeros(&[2, 5]);
    let e = a
        .try_matmul_into(&Array::zeros(&[4, 5]), &mut out)
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "matmul: shape [2, 3] does not match [4, 5]: dim 1 (3) vs dim 0 (4)"
    );
    let e = a
        .try_matmul_into(&Array::zeros(&[3, 4]), &mut out)
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "matmul: out has shape [2, 5] but the result has shape [2, 4]"
    );
    let mut out64 = Array::zeros_dtype(&[2, 5], DType::F64);
    let e = a
        .try_matmul_into(&Array::zeros(&[3, 5]), &mut out64)
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "matmul: out has dtype float64 but the result has dtype float32"
    );
    // mixed operand dtypes are refused as by matmul
    let b64 = Array::zeros_dtype(&[3, 5], DType::F64);
    assert!(a.try_matmul_into(&b64, &mut out).is_err());
    // nothing was written on error
    assert_eq!(out.to_vec::<f32>(), vec![0.0; 10]);
}

#[test]
#[should_panic(expected = "matmul: out has shape [3] but the result has shape [2, 2]")]
fn plain_form_panics_with_the_message() {
    Array::eye(2).matmul_into(&Array::eye(2), &mut Array::zeros(&[3]));
}

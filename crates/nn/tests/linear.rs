//! `Linear`: forward values worked by hand, shapes, errors, gradients.

use nanotorch_autograd::{gradcheck, gradgradcheck, Tensor};
use nanotorch_nn::{Linear, Module};
use nanotorch_tensor::{Array, DType};

fn layer(w: &[f32], out: usize, inp: usize, b: Option<&[f32]>) -> Linear {
    Linear::from_arrays(
        Array::from_vec(w.to_vec(), &[out, inp]),
        b.map(Array::from_slice),
    )
}

// nn.Linear(1, 1) computes f32(x * w) + b with two roundings (NOTES.md section 3).
// With w = 0.1f32, b = 0.7f32 and x = 3: f32(3 * w) then + b, checked against the
// two-step f32 computation and shown to differ from the fused one for this x.
#[test]
fn linear_1_1_is_unfused_multiply_then_add() {
    let (w, b) = (0.1f32, 0.7f32);
    let xs = [3.0f32, -1.5, 0.3, 7.0, 1e-3];
    let lin = layer(&[w], 1, 1, Some(&[b]));
    let y = lin.forward(&Tensor::from_vec(xs.to_vec(), &[5, 1]));
    assert_eq!(y.shape().as_slice(), &[5, 1]);
    let expected: Vec<f32> = xs.iter().map(|&x| (x * w) + b).collect();
    assert_eq!(y.to_vec::<f32>(), expected);
    // At least one of these inputs rounds differently when fused, so the test can tell.
    assert!(xs
        .iter()
        .zip(&expected)
        .any(|(&x, &e)| x.mul_add(w, b) != e));
}

// y[r][o] = sum_i x[r][i] W[o][i] + b[o], small integers so every value is exact:
// x = [[1, 2, 3], [4, 5, 6]], W = [[1, 0, -1], [2, 1, 0]], b = [10, 20]
// row 0: 1 - 3 + 10 = 8,   2 + 2 + 20 = 24;  row 1: 4 - 6 + 10 = 8,  8 + 5 + 20 = 33.
#[test]
fn forward_by_hand_2d() {
    let lin = layer(&[1.0, 0.0, -1.0, 2.0, 1.0, 0.0], 2, 3, Some(&[10.0, 20.0]));
    let x = Tensor::from_vec(vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0], &[2, 3]);
    let y = lin.forward(&x);
    assert_eq!(y.shape().as_slice(), &[2, 2]);
    assert_eq!(y.to_vec::<f32>(), vec![8.0, 24.0, 8.0, 33.0]);
}

// Leading dims are kept: [2, 2, 3] -> [2, 2, 2], each row as in forward_by_hand_2d
// (second batch = first batch negated: W(-x) + b = b - Wx, so 10 - (-2) = 12, 20 - 4 = 16,
// 10 - (-2) = 12, 20 - 13 = 7); a single [3] vector gives [2]; bias=false drops b.
#[test]
fn leading_dims_vector_and_no_bias() {
    let lin = layer(&[1.0, 0.0, -1.0, 2.0, 1.0, 0.0], 2, 3, Some(&[10.0, 20.0]));
    let mut v = vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
    v.extend([-1.0, -2.0, -3.0, -4.0, -5.0, -6.0]);
    let y = lin.forward(&Tensor::from_vec(v, &[2, 2, 3]));
    assert_eq!(y.shape().as_slice(), &[2, 2, 2]);
    assert_eq!(
        y.to_vec::<f32>(),
        vec![8.0, 24.0, 8.0, 33.0, 12.0, 16.0, 12.0, 7.0]
    );

    let y1 = lin.forward(&Tensor::from_slice(&[1.0, 2.0, 3.0]));
    assert_eq!(y1.shape().as_slice(), &[2]);
    assert_eq!(y1.to_vec::<f32>(), vec![8.0, 24.0]);

    let nob = layer(&[1.0, 0.0, -1.0, 2.0, 1.0, 0.0], 2, 3, None);
    assert_eq!(
        nob.forward(&Tensor::from_slice(&[1.0, 2.0, 3.0]))
            .to_vec::<f32>(),
        vec![-2.0, 4.0]
    );
    assert_eq!(nob.parameters().len(), 1);
}

// Zero-size dims: an empty batch gives an empty [0, out]; in_features = 0 gives the bias.
#[test]
fn zero_sized_inputs() {
    let lin = layer(&[1.0, 2.0], 2, 1, Some(&[0.5, -0.5]));
    assert_eq!(
        lin.forward(&Tensor::zeros(&[0, 1])).shape().as_slice(),
        &[0, 2]
    );
    let empty_in =
        Linear::from_arrays(Array::zeros(&[2, 0]), Some(Array::from_slice(&[0.5, -0.5])));
    assert_eq!(
        empty_in.forward(&Tensor::zeros(&[3, 0])).to_vec::<f32>(),
        vec![0.5, -0.5, 0.5, -0.5, 0.5, -0.5]
    );
}

#[test]
fn forward_errors_name_shapes_and_dims() {
    let lin = Linear::new(3, 2, true);
    let e = lin.try_forward(&Tensor::scalar(1.0)).unwrap_err();
    assert_eq!(
        e.to_string(),
        "linear: the input must have at least 1 dim, got shape []"
    );
    let e = lin.try_forward(&Tensor::zeros(&[5, 4])).unwrap_err();
    assert_eq!(e.to_string(), "linear: shape [5, 4] does not match [2, 3]: input dim -1 (4) vs weight dim 1 (in_features = 3)");
    let x64 = Tensor::from_array(Array::zeros_dtype(&[5, 3], DType::F64));
    let e = lin.try_forward(&x64).unwrap_err();
    assert_eq!(
        e.to_string(),
        "linear: the input and the weight must have the same dtype, got F64 and F32"
    );
}

#[test]
#[should_panic(
    expected = "linear: shape [4] does not match [2, 3]: input dim -1 (4) vs weight dim 1 (in_features = 3)"
)]
fn forward_panics_with_the_same_message() {
    Linear::new(3, 2, true).forward(&Tensor::zeros(&[4]));
}

#[test]
fn from_arrays_errors() {
    let e = Linear::try_from_arrays(Array::zeros(&[3]), None).unwrap_err();
    assert_eq!(
        e.to_string(),
        "Linear: the weight must be 2-D [out_features, in_features], got shape [3]"
    );
    let e =
        Linear::try_from_arrays(Array::zeros(&[2, 3]), Some(Array::zeros(&[2, 1]))).unwrap_err();
    assert_eq!(
        e.to_string(),
        "Linear: shape [2, 1] does not match [2, 3]: the bias must be [out_features] = [2]"
    );
    let e = Linear::try_from_arrays(
        Array::zeros(&[2, 3]),
        Some(Array::zeros_dtype(&[2], DType::F64)),
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "Linear: weight and bias must have the same dtype, got F32 and F64"
    );
    let mut g = nanotorch_tensor::Generator::new(0);
    let e = Linear::try_with_generator(&mut g, usize::MAX, 2, true).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("uniform: the element count of shape [2, 18446744073709551615] overflows"),
        "{e}"
    );
}

// d/dW sum(x W^T + b) = sum over rows of x (per output row), d/db = number of rows,
// d/dx = sum over outputs of W: x = [[1, 2, 3], [4, 5, 6]], W as in forward_by_hand_2d.
#[test]
fn backward_by_hand() {
    let lin = layer(&[1.0, 0.0, -1.0, 2.0, 1.0, 0.0], 2, 3, Some(&[10.0, 20.0]));
    let x = Tensor::from_vec(vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0], &[2, 3]).requires_grad_(true);
    lin.forward(&x).sum().backward();
    assert_eq!(
        lin.weight().grad().unwrap().to_vec::<f32>(),
        vec![5.0, 7.0, 9.0, 5.0, 7.0, 9.0]
    );
    assert_eq!(
        lin.bias().unwrap().grad().unwrap().to_vec::<f32>(),
        vec![2.0, 2.0]
    );
    assert_eq!(
        x.grad().unwrap().to_vec::<f32>(),
        vec![3.0, 1.0, -1.0, 3.0, 1.0, -1.0]
    );
}

// Gradients of a loss through Linear (input, weight and bias all varying) against
// central differences in f64, for 3-D inputs, and second derivatives.
#[test]
fn gradcheck_through_linear() {
    let x = Tensor::from_array(Array::from_vec_f64(
        (0..12).map(|i| (i as f64 * 0.37).sin()).collect(),
        &[2, 2, 3],
    ));
    let w = Tensor::from_array(Array::from_vec_f64(
        vec![0.3, -0.2, 0.5, 0.1, 0.4, -0.6],
        &[2, 3],
    ));
    let b = Tensor::from_slice_f64(&[0.05, -0.15]);
    // The layer's parameters are the checked tensors themselves.
    let f = |v: &[Tensor]| {
        let lin = Linear::from_tensors(v[1].clone(), Some(v[2].clone()));
        lin.forward(&v[0]).tanh().pow(2.0)
    };
    gradcheck(f, &[x.clone(), w.clone(), b.clone()], 1e-6, 1e-7, 1e-6).unwrap();
    gradgradcheck(f, &[x, w, b], 1e-6, 1e-6, 1e-5).unwrap();
}

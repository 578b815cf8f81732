//! Every differentiable op against central differences in f64 (gradcheck), over
//! random shapes, including broadcast and rank-promotion cases.

use nanotorch_autograd::{gradcheck, Tensor};
use nanotorch_tensor::Array;
use proptest::prelude::*;

const EPS: f64 = 1e-6;
const ATOL: f64 = 1e-6;
const RTOL: f64 = 1e-4;

fn check(f: impl Fn(&[Tensor]) -> Tensor, inputs: &[Tensor]) {
    if let Err(e) = gradcheck(f, inputs, EPS, ATOL, RTOL) {
        let shapes: Vec<_> = inputs.iter().map(|t| t.shape().to_vec()).collect();
        panic!("{e} (input shapes {shapes:?})");
    }
}

fn tensor(values: Vec<f64>, shape: &[usize]) -> Tensor {
    Tensor::from_array(Array::from_vec_f64(values, shape))
}

/// A shape of rank 0 to 3 with dims 1 to 3.
fn shape() -> impl Strategy<Value = Vec<usize>> {
    prop::collection::vec(1usize..4, 0..4)
}

/// A shape that broadcasts with `s`: some dims set to 1, some leading dims dropped.
fn broadcastable(s: Vec<usize>) -> impl Strategy<Value = (Vec<usize>, Vec<usize>)> {
    let n = s.len();
    (prop::collection::vec(any::<bool>(), n), 0..=n).prop_map(move |(ones, drop)| {
        let b: Vec<usize> = s
            .iter()
            .zip(&ones)
            .map(|(&d, &one)| if one { 1 } else { d })
            .skip(drop)
            .collect();
        (s.clone(), b)
    })
}

/// Values in `[lo, hi]` with magnitude at least `min_abs` (away from kinks and poles).
fn values(n: usize, lo: f64, hi: f64, min_abs: f64) -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec(lo..hi, n).prop_map(move |v| {
        v.into_iter()
            .map(|x| {
                if x.abs() < min_abs {
                    if x < 0.0 {
                        -min_abs
                    } else {
                        min_abs
                    }
                } else {
                    x
                }
            })
            .collect()
    })
}

fn one_tensor(lo: f64, hi: f64, min_abs: f64) -> impl Strategy<Value = Tensor> {
    shape().prop_flat_map(move |s| {
        let n = s.iter().product();
        values(n, lo, hi, min_abs).prop_map(move |v| tensor(v, &s))
    })
}

/// Two tensors whose shapes broadcast (either order), with the given value ranges.
fn two_tensors(a: (f64, f64, f64), b: (f64, f64, f64)) -> impl Strategy<Value = (Tensor, Tensor)> {
    (shape().prop_flat_map(broadcastable), any::<bool>()).prop_flat_map(move |((sa, sb), swap)| {
        let (sa, sb) = if swap { (sb, sa) } else { (sa, sb) };
        let (na, nb) = (sa.iter().product(), sb.iter().product());
        (values(na, a.0, a.1, a.2), values(nb, b.0, b.1, b.2))
            .prop_map(move |(va, vb)| (tensor(va, &sa), tensor(vb, &sb)))
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn binary_arith((a, b) in two_tensors((-2.0, 2.0, 0.0), (-2.0, 2.0, 0.0))) {
        let ins = [a, b];
        check(|v| &v[0] + &v[1], &ins);
        check(|v| &v[0] - &v[1], &ins);
        check(|v| &v[0] * &v[1], &ins);
        check(|v| v[0].mul(&v[0]).mul(&v[1]), &ins);
    }

    #[test]
    fn division((a, b) in two_tensors((-2.0, 2.0, 0.0), (-2.0, 2.0, 0.5))) {
        check(|v| &v[0] / &v[1], &[a, b]);
    }

    #[test]
    fn tensor_power((a, b) in two_tensors((0.5, 2.0, 0.0), (-2.0, 2.0, 0.0))) {
        check(|v| v[0].pow_tensor(&v[1]), &[a, b]);
    }

    #[test]
    fn extrema_and_where((a, b) in two_tensors((-2.0, 2.0, 0.0), (-2.0, 2.0, 0.0))) {
        // ties have a kink; nudge b away from a
        let b = &b + 0.01;
        let ins = [a, b];
        check(|v| v[0].maximum(&v[1]), &ins);
        check(|v| v[0].minimum(&v[1]), &ins);
        check(|v| Tensor::where_cond(&v[0].gt_scalar(0.0), &v[0], &v[1]), &ins);
    }

    #[test]
    fn scalar_ops(x in one_tensor(-2.0, 2.0, 0.3)) {
        let ins = [x];
        check(|v| &v[0] + 1.5, &ins);
        check(|v| 1.5 - &v[0], &ins);
        check(|v| &v[0] - 1.5, &ins);
        check(|v| &v[0] * 2.5, &ins);
        check(|v| &v[0] / 2.5, &ins);
        check(|v| 2.5 / &v[0], &ins);
        check(|v| v[0].pow(3.0), &ins);
        check(|v| v[0].pow(2.0), &ins);
        check(|v| v[0].pow(0.0), &ins);
        check(|v| v[0].abs().pow(2.5), &ins);
        check(|v| v[0].abs().pow(-1.5), &ins);
        check(|v| v[0].rpow_scalar(1.7), &ins);
        check(|v| -&v[0], &ins);
    }

    #[test]
    fn unary(x in one_tensor(-2.0, 2.0, 0.3)) {
        let ins = [x];
        check(|v| v[0].exp(), &ins);
        check(|v| v[0].abs().log(), &ins);
        check(|v| v[0].abs().sqrt(), &ins);
        check(|v| v[0].abs(), &ins);
        check(|v| v[0].sin(), &ins);
        check(|v| v[0].cos(), &ins);
        check(|v| v[0].tanh(), &ins);
        check(|v| v[0].sigmoid(), &ins);
        check(|v| v[0].relu(), &ins);
        check(|v| v[0].sign(), &ins);
        check(|v| v[0].square(), &ins);
        check(|v| v[0].clamp(Some(-1.05), Some(0.95)), &ins);
    }

    #[test]
    fn reductions(x in one_tensor(-2.0, 2.0, 0.0)) {
        let ins = [x.clone()];
        check(|v| v[0].sum(), &ins);
        check(|v| v[0].mean(), &ins);
        let nd = x.ndim() as isize;
        if nd > 0 {
            check(|v| v[0].sum_dims(&[-1], false), &ins);
            check(|v| v[0].mean_dims(&[0], true), &ins);
            check(|v| v[0].sum_dims(&[], true), &ins);
        }
        let mut target = x.shape().to_vec();
        if let Some(first) = target.first_mut() {
            *first = 1;
        }
        check(|v| v[0].sum_to_shape(&target), &ins);
        let mut bigger = vec![2];
        bigger.extend(x.shape().iter());
        check(|v| v[0].expand(bigger.as_slice()), &ins);
    }

    #[test]
    fn statistics(x in one_tensor(-2.0, 2.0, 0.2)) {
        // distinct values, so that max/min have no ties (a kink)
        let n = x.numel();
        let x = &x + &Tensor::from_array(Array::arange(0.0, n as f64, 1.0).to_dtype(nanotorch_tensor::DType::F64).reshape(x.shape().as_slice())).mul_scalar(0.013);
        let ins = [x.clone()];
        check(|v| v[0].prod(), &ins);
        check(|v| v[0].max(), &ins);
        check(|v| v[0].min(), &ins);
        if n > 1 {
            check(|v| v[0].var(1.0), &ins);
            check(|v| v[0].std(0.0), &ins);
        }
        if x.ndim() > 0 {
            check(|v| v[0].max_dim(-1, false).0, &ins);
            check(|v| v[0].min_dim(0, true).0, &ins);
            if x.shape()[0] > 1 {
                check(|v| v[0].var_dims(&[0], 1.0, true), &ins);
                check(|v| v[0].std_dims(&[0], 1.0, false), &ins);
            }
        }
    }

    #[test]
    fn shape_ops(x in one_tensor(-2.0, 2.0, 0.0)) {
        let ins = [x.clone()];
        check(|v| v[0].reshape([-1]), &ins);
        check(|v| v[0].unsqueeze(0).squeeze(), &ins);
        check(|v| v[0].unsqueeze(-1), &ins);
        check(|v| v[0].flatten(0, -1), &ins);
        if x.ndim() >= 2 {
            check(|v| v[0].transpose(0, -1), &ins);
        }
        if x.ndim() == 2 {
            // weights 0, 1, 2, ... over the transposed order make the check see the layout
            check(|v| &v[0].t().reshape([-1]) * &Tensor::arange(0.0, x.numel() as f64, 1.0), &ins);
        }
        if x.ndim() == 3 {
            check(|v| v[0].permute(&[2, 0, 1]) * 2.0, &ins);
        }
        if x.ndim() >= 1 {
            let n = x.shape()[x.ndim() - 1];
            check(|v| v[0].narrow(-1, n / 2, n - n / 2).square(), &ins);
            check(|v| v[0].select(0, x.shape()[0] - 1).square(), &ins);
        }
    }

    #[test]
    fn matmul_ranks(
        (b, n, k, m) in (1usize..3, 1usize..4, 1usize..4, 1usize..4),
        case in 0usize..6,
        seed in prop::collection::vec(-2.0f64..2.0, 64),
    ) {
        let take = |shape: &[usize], off: usize| {
            let len: usize = shape.iter().product();
            tensor((0..len).map(|i| seed[(off + i) % seed.len()]).collect(), shape)
        };
        let (sa, sb): (Vec<usize>, Vec<usize>) = match case {
            0 => (vec![k], vec![k]),
            1 => (vec![n, k], vec![k]),
            2 => (vec![k], vec![k, m]),
            3 => (vec![n, k], vec![k, m]),
            4 => (vec![b, n, k], vec![k, m]),
            _ => (vec![b, 1, n, k], vec![2, k, m]),
        };
        check(|v| v[0].matmul(&v[1]), &[take(&sa, 0), take(&sb, 17)]);
    }
}

#[test]
fn mixed_dtypes_get_gradients_in_their_own_dtype() {
    // y = a * b with a f32 and b f64: y is f64, and a.grad is cast back to f32.
    let a = Tensor::from_slice(&[1.5, 2.0]).requires_grad_(true);
    let b = Tensor::from_slice_f64(&[3.0, 4.0]).requires_grad_(true);
    let y = &a * &b;
    assert_eq!(y.dtype(), nanotorch_tensor::DType::F64);
    y.sum().backward();
    let ga = a.grad().unwrap();
    assert_eq!(ga.dtype(), nanotorch_tensor::DType::F32);
    assert_eq!(ga.to_vec::<f64>(), vec![3.0, 4.0]);
    assert_eq!(b.grad().unwrap().to_vec::<f64>(), vec![1.5, 2.0]);
}

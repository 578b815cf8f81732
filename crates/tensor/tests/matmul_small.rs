//! The direct matmul paths that bypass gemm (`kernels/small_mm.rs` for an inner dim
//! `k <= 4`, and independent dots for at most 4 output elements), on the shapes of
//! `Linear(3, 1)` training and on transposed, offset and broadcast views.

use nanotorch_tensor::Array;

/// Naive f64 reference: `out[i, j] = sum_p a[i, p] * b[p, j]` read through `get`.
fn naive(a: &Array, b: &Array) -> Vec<f64> {
    let (m, k, n) = (a.shape()[0], a.shape()[1], b.shape()[1]);
    let mut out = vec![0.0; m * n];
    for i in 0..m {
        for j in 0..n {
            for p in 0..k {
                out[i * n + j] += a.get(&[i, p]) * b.get(&[p, j]);
            }
        }
    }
    out
}

/// Small integers and halves: every product and partial sum is exact in f32 (well
/// below 2^24), so the f32 result must equal the f64 reference bit for bit whatever
/// the summation order.
fn grid(rows: usize, cols: usize, seed: usize) -> Array {
    let v: Vec<f32> = (0..rows * cols)
        .map(|i| (((i + seed) * 7 % 17) as f32 - 8.0) * 0.5)
        .collect();
    Array::from_vec(v, &[rows, cols])
}

#[test]
fn small_k_forward_and_input_gradient_shapes() {
    // [2000, 3] x [3, 1] (Linear(3,1) forward) and [2000, 1] x [1, 3] (its input
    // gradient), contiguous and with the right operand transposed.
    let x = grid(2000, 3, 1);
    let w = grid(1, 3, 5);
    let y = x.matmul(&w.t());
    assert_eq!(y.shape(), &[2000, 1]);
    assert_eq!(y.to_vec::<f64>(), naive(&x, &w.t()));
    let g = grid(2000, 1, 2);
    let gx = g.matmul(&w);
    assert_eq!(gx.to_vec::<f64>(), naive(&g, &w));
    // [300, 4] x [4, 70]: many columns, k = 4
    let (a, b) = (grid(300, 4, 3), grid(4, 70, 4));
    assert_eq!(a.matmul(&b).to_vec::<f64>(), naive(&a, &b));
}

#[test]
fn small_k_transposed_offset_and_broadcast_views() {
    // a = transpose of a [3, 500] matrix (row stride 1), b = a narrowed column block
    // (offset, column stride 1, row stride 9), and a stride-0 expanded b.
    let a = grid(3, 500, 6).t();
    let b = grid(3, 9, 7).narrow(1, 2, 5);
    assert_eq!(a.matmul(&b).to_vec::<f64>(), naive(&a, &b));
    let bc = grid(3, 1, 8).expand([3, 60]);
    assert_eq!(a.matmul(&bc).to_vec::<f64>(), naive(&a, &bc));
}

#[test]
fn few_outputs_long_k_weight_gradient_shapes() {
    // [1, 2000] x [2000, 3] (Linear(3,1) weight gradient, through a transposed grad)
    // and [2, 700] x [700, 2] with a transposed left operand.
    let g = grid(2000, 1, 9).t();
    let x = grid(2000, 3, 10);
    let gw = g.matmul(&x);
    assert_eq!(gw.shape(), &[1, 3]);
    assert_eq!(gw.to_vec::<f64>(), naive(&g, &x));
    let a = grid(700, 2, 11).t();
    let b = grid(700, 2, 12);
    assert_eq!(a.matmul(&b).to_vec::<f64>(), naive(&a, &b));
}

#[test]
fn few_outputs_use_eight_partial_sums() {
    // [1, 300] x [300, 1] of ones (k > 256 so the tiny-product loop does not apply):
    // a = [1e8, 1 (15 times), -1e8, 0 ...]. Eight partial sums, lane l taking p = l mod 8.
    let mut v = vec![0.0f32; 300];
    v[0] = 1.0e8;
    for x in v.iter_mut().take(16).skip(1) {
        *x = 1.0;
    }
    v[16] = -1.0e8;
    let a = Array::from_vec(v, &[1, 300]);
    let b = Array::ones(&[300, 1]);
    // lanes: lane 0 gets p = 0, 8, 16: (1e8 + 1) - 1e8 = 0 (1 is lost next to 1e8);
    // lanes 1..7 get p = 1..7 and 9..15: 2 each, 14 in all. Left to right would give
    // 1e8 + 15 (rounded to 1e8 + 16) - 1e8 = 16; the 8-lane order gives 14.
    assert_eq!(a.matmul(&b).item(), 14.0);
}

//! PyTorch's autograd semantics: accumulation, no_grad, requires_grad propagation,
//! in-place rules, version counters, retain_graph, and the error messages.

use nanotorch_autograd::{grad, no_grad, try_grad, NoGradGuard, Tensor};

fn err(r: nanotorch_tensor::Result<impl std::fmt::Debug>) -> String {
    r.unwrap_err().to_string()
}

#[test]
fn gradients_accumulate_until_zeroed() {
    // d(3w)/dw = 3, accumulated over two backward calls = 6.
    let w = Tensor::scalar(1.0).requires_grad_(true);
    (&w * 3.0).backward();
    let g = w.grad().unwrap();
    (&w * 3.0).backward();
    assert_eq!(w.grad().unwrap().item(), 6.0);
    // accumulated in place: the handle taken earlier sees it, as in PyTorch
    assert_eq!(g.item(), 6.0);
    w.zero_grad();
    assert_eq!(g.item(), 0.0);
    (&w * &w).backward(); // 2w = 2
    assert_eq!(w.grad().unwrap().item(), 2.0);
    w.set_grad(None);
    assert!(w.grad().is_none());
}

#[test]
fn paths_meeting_sum() {
    // y = x*x + x: dy/dx = 2x + 1 = 7 at x = 3.
    let x = Tensor::scalar(3.0).requires_grad_(true);
    let y = &(&x * &x) + &x;
    y.backward();
    assert_eq!(x.grad().unwrap().item(), 7.0);
}

#[test]
fn requires_grad_propagation() {
    let w = Tensor::scalar(1.0).requires_grad_(true);
    let c = Tensor::scalar(2.0);
    assert!(!(&c * 2.0).requires_grad());
    let y = &w * &c;
    assert!(y.requires_grad() && !y.is_leaf());
    assert!(c.is_leaf() && w.is_leaf());
    let d = y.detach();
    assert!(!d.requires_grad() && d.is_leaf());
    assert!(!no_grad(|| &w * &c).requires_grad());
    {
        let _g = NoGradGuard::new();
        assert!((&w * &c).grad_fn().is_none());
    }
    assert_eq!((&w * &c).grad_fn(), Some("MulBackward0"));
    // a one-element non-leaf may be the root; a non-requiring tensor may not
    assert_eq!(
        err(c.try_backward()),
        "backward: element 0 of tensors does not require grad and does not have a grad_fn"
    );
}

#[test]
fn non_scalar_backward_needs_a_gradient() {
    let x = Tensor::from_slice(&[1.0, 2.0]).requires_grad_(true);
    let y = &x * 2.0;
    assert_eq!(
        err(y.try_backward()),
        "backward: grad can be implicitly created only for scalar outputs, but output 0 has shape [2]; pass a gradient (backward_with)"
    );
    assert_eq!(
        err(y.try_backward_with(Some(&Tensor::ones(&[3])), None, false)),
        "backward: shape [3] does not match [2]: the gradient for output 0 must have the output's shape"
    );
    y.backward_with(&Tensor::from_slice(&[1.0, -1.0]));
    assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![2.0, -2.0]);
}

#[test]
fn second_backward_needs_retain_graph() {
    let x = Tensor::scalar(2.0).requires_grad_(true);
    let y = &x * &x;
    y.try_backward_with(None, Some(true), false).unwrap();
    y.backward(); // the graph was retained once, so this works, and frees it
    assert_eq!(x.grad().unwrap().item(), 8.0);
    assert_eq!(
        err(y.try_backward()),
        "backward: trying to backward through the graph a second time (or to access saved tensors after they have already been freed): the saved values of MulBackward0 were freed by an earlier backward; pass retain_graph=true to the first backward if you need to backward twice"
    );
    // ops that save nothing can run twice, as in PyTorch
    let z = &x + 1.0;
    z.backward();
    z.backward();
}

#[test]
fn in_place_on_a_saved_tensor_is_detected() {
    let x = Tensor::from_slice(&[1.0, 2.0]).requires_grad_(true);
    let h = &x * 2.0;
    let y = (&h * &h).sum();
    no_grad(|| h.add_(&Tensor::scalar(1.0)));
    assert_eq!(h.version(), 1);
    assert_eq!(
        err(y.try_backward()),
        "backward: one of the variables needed for gradient computation has been modified by an inplace operation: a tensor of shape [2] saved by MulBackward0 is at version 1; expected version 0 instead"
    );
}

#[test]
fn in_place_on_a_leaf_requiring_grad() {
    let w = Tensor::scalar(1.0).requires_grad_(true);
    let msg = "a leaf Variable that requires grad is being used in an in-place operation; wrap the update in no_grad";
    assert_eq!(
        err(w.try_sub_(&Tensor::scalar(0.5))),
        format!("sub_: {msg}")
    );
    assert_eq!(
        err(w.try_add_(&Tensor::scalar(0.5))),
        format!("add_: {msg}")
    );
    assert_eq!(
        err(w.try_mul_(&Tensor::scalar(0.5))),
        format!("mul_: {msg}")
    );
    assert_eq!(
        err(w.try_copy_(&Tensor::scalar(0.5))),
        format!("copy_: {msg}")
    );
    assert_eq!(err(w.try_fill_(0.5)), format!("fill_: {msg}"));
    assert_eq!(w.item(), 1.0);
    no_grad(|| {
        w.sub_(&Tensor::scalar(0.5));
        w.mul_(&Tensor::scalar(4.0));
    });
    assert_eq!((w.item(), w.version()), (2.0, 2));
    assert!(w.is_leaf() && w.requires_grad());
}

#[test]
fn in_place_on_a_non_leaf_is_recorded() {
    // y = 2x; y += x (in place); y *= 3x: y = 9x^2, dy/dx = 18x = 18 at x = 1.
    let x = Tensor::scalar(1.0).requires_grad_(true);
    let mut y = &x * 2.0;
    y += &x;
    assert_eq!(y.grad_fn(), Some("AddBackward0"));
    let handle = y.clone();
    y.mul_(&(&x * 3.0));
    assert_eq!((handle.item(), handle.version()), (9.0, 2));
    handle.backward();
    assert_eq!(x.grad().unwrap().item(), 18.0);
    // y *= y saves y itself as the other factor, then modifies it: an error, as in PyTorch
    let y = &x * 2.0;
    y.mul_(&y.clone());
    assert!(
        err(y.try_backward()).contains("saved by MulBackward0 is at version 1; expected version 0")
    );
}

#[test]
fn copy_fill_and_zero() {
    let s = Tensor::scalar(4.0).requires_grad_(true);
    let t = Tensor::zeros(&[3]);
    t.copy_(&s); // broadcast, recorded: t now depends on s
    assert_eq!(t.grad_fn(), Some("CopyBackwards"));
    t.sum().backward();
    assert_eq!(s.grad().unwrap().item(), 3.0);
    let u = &s * 1.0;
    u.fill_(2.0);
    assert_eq!((u.item(), u.grad_fn()), (2.0, Some("FillBackward0")));
    let g = s.grad().unwrap();
    g.zero_();
    assert_eq!(s.grad().unwrap().item(), 0.0);
}

#[test]
fn grad_returns_without_touching_dot_grad() {
    let x = Tensor::scalar(2.0).requires_grad_(true);
    let h = &x * 3.0;
    let y = &h * &h; // dy/dh = 2h = 12, dy/dx = 36
    let gs = grad(&[&y], &[&h, &x], None, Some(true), false);
    assert_eq!((gs[0].item(), gs[1].item()), (12.0, 36.0));
    assert!(x.grad().is_none());
    let z = Tensor::scalar(1.0).requires_grad_(true);
    assert_eq!(
        err(try_grad(&[&y], &[&z], None, None, false)),
        "grad: input 0 does not appear in the graph of the outputs; use try_grad_allow_unused"
    );
    assert_eq!(
        err(try_grad(&[&y], &[&Tensor::scalar(1.0)], None, None, false)),
        "grad: input 0 does not require grad; every differentiated tensor must require grad"
    );
}

#[test]
fn metadata_errors() {
    let w = Tensor::from_slice(&[1.0, 2.0]).requires_grad_(true);
    assert_eq!(
        err(w.try_set_grad(Some(Tensor::zeros(&[3])))),
        "set_grad: shape [3] does not match [2]: the gradient must have the shape of the tensor"
    );
    assert_eq!(
        err((&w * 2.0).try_requires_grad_(false)),
        "requires_grad_: you can only change requires_grad flags of leaf variables; use detach() to get a tensor that does not require grad"
    );
    assert_eq!(
        err(w.try_add(&Tensor::zeros(&[3]))),
        "add: cannot broadcast [2] with [3]: dim -1 is 2 vs 3"
    );
}

#[test]
fn a_leaf_as_its_own_gradient() {
    // x.backward(x): the seed is x itself; .grad must be a separate tensor holding its values.
    let x = Tensor::from_slice(&[1.0, 2.0]).requires_grad_(true);
    x.backward_with(&x.detach());
    x.backward_with(&x);
    assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![2.0, 4.0]);
    assert!(!x.grad().unwrap().is_same(&x));
}

#[test]
fn send_sync_and_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Tensor>();
    // a graph built on one thread, backward on another
    let w = Tensor::scalar(2.0).requires_grad_(true);
    let y = &w * &w;
    std::thread::spawn(move || y.backward()).join().unwrap();
    assert_eq!(w.grad().unwrap().item(), 4.0);
}

#[test]
fn deep_graphs_backward_and_drop_without_recursion() {
    // 100 000 chained adds: backward and drop both iterate instead of recursing.
    let x = Tensor::scalar(0.0).requires_grad_(true);
    let mut y = x.clone();
    for _ in 0..100_000 {
        y = &y + 1.0;
    }
    y.backward();
    assert_eq!(x.grad().unwrap().item(), 1.0);
    drop(y);
}

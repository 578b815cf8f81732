//! Every bad input is an error whose message names the loss, the shapes and the
//! failing dim or value; the plain `forward` panics with the same message.

use nanotorch_autograd::Tensor;
use nanotorch_losses::{
    BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, HuberLoss, L1Loss, Loss, MSELoss,
};
use nanotorch_tensor::Array;

fn err(r: nanotorch_tensor::Result<Tensor>) -> String {
    r.unwrap_err().to_string()
}

#[test]
fn shape_mismatch_is_refused_by_every_elementwise_loss() {
    // [3, 1] against [3] would broadcast to [3, 3] in PyTorch (with a warning).
    let (a, b) = (Tensor::zeros(&[3, 1]), Tensor::zeros(&[3]));
    let losses: [(&str, Box<dyn Loss>); 5] = [
        ("MSELoss", Box::new(MSELoss::new())),
        ("L1Loss", Box::new(L1Loss::new())),
        ("HuberLoss", Box::new(HuberLoss::default())),
        ("BCELoss", Box::new(BCELoss::new())),
        ("BCEWithLogitsLoss", Box::new(BCEWithLogitsLoss::new())),
    ];
    for (name, loss) in &losses {
        assert_eq!(
            err(loss.try_forward(&a, &b)),
            format!(
                "{name}: shape [3, 1] does not match [3]: input and target must have the same \
                 shape, but input has 2 dims and target 1 (nanotorch does not broadcast them)"
            )
        );
        assert_eq!(
            err(loss.try_forward(&Tensor::zeros(&[2, 3]), &Tensor::zeros(&[2, 5]))),
            format!(
                "{name}: shape [2, 3] does not match [2, 5]: input and target must have the \
                 same shape, but dim 1 is 3 in input and 5 in target"
            )
        );
    }
}

#[test]
#[should_panic(
    expected = "MSELoss: shape [4] does not match [1]: input and target must have \
                           the same shape, but dim 0 is 4 in input and 1 in target"
)]
fn forward_panics_with_the_message() {
    MSELoss::new().forward(&Tensor::zeros(&[4]), &Tensor::zeros(&[1]));
}

#[test]
fn huber_delta_must_be_positive() {
    let x = Tensor::zeros(&[2, 2]);
    for (delta, shown) in [(-1.0, "-1"), (0.0, "0"), (f64::NAN, "NaN")] {
        assert_eq!(
            err(HuberLoss::new(delta).try_forward(&x, &x)),
            format!(
                "HuberLoss: delta must be positive, got {shown} (input shape [2, 2], target shape [2, 2])"
            )
        );
    }
}

#[test]
fn bce_values_must_be_probabilities() {
    let ok = Tensor::from_vec(vec![0.0, 0.5, 1.0, 0.25], &[2, 2]);
    let bad_input = Tensor::from_vec(vec![0.0, 0.5, -0.1, 0.25], &[2, 2]);
    assert_eq!(
        err(BCELoss::new().try_forward(&bad_input, &ok)),
        "BCELoss: all elements of input should be between 0 and 1, but input[1, 0] = -0.1 \
         (input shape [2, 2], target shape [2, 2])"
    );
    let bad_target = Tensor::from_vec(vec![0.0, 1.5, 1.0, 0.25], &[2, 2]);
    assert_eq!(
        err(BCELoss::new().try_forward(&ok, &bad_target)),
        "BCELoss: all elements of target should be between 0 and 1, but target[0, 1] = 1.5 \
         (input shape [2, 2], target shape [2, 2])"
    );
    let nan = Tensor::from_slice_f64(&[0.5, f64::NAN]);
    assert_eq!(
        err(BCELoss::new().try_forward(&nan, &Tensor::from_slice_f64(&[0.0, 1.0]))),
        "BCELoss: all elements of input should be between 0 and 1, but input[1] = NaN \
         (input shape [2], target shape [2])"
    );
}

#[test]
fn bce_with_logits_pos_weight_must_broadcast() {
    let x = Tensor::zeros(&[2, 3]);
    let loss = BCEWithLogitsLoss::new().with_pos_weight(Tensor::ones(&[2]));
    assert_eq!(
        err(loss.try_forward(&x, &x)),
        "BCEWithLogitsLoss: pos_weight of shape [2] does not broadcast to input shape [2, 3] \
         (target shape [2, 3]): dim -1 is 2 vs 3"
    );
    // A per-class weight [3] and a per-row weight [2, 1] both broadcast.
    for pw in [Tensor::ones(&[3]), Tensor::ones(&[2, 1])] {
        let loss = BCEWithLogitsLoss::new().with_pos_weight(pw);
        assert!(loss.try_forward(&x, &x).is_ok());
    }
}

#[test]
fn cross_entropy_target_shape() {
    let ce = CrossEntropyLoss::new();
    let x = Tensor::zeros(&[4, 5]);
    assert_eq!(
        err(ce.try_forward(&x, &[0, 1, 2])),
        "CrossEntropyLoss: shape [4, 5] does not match [3]: expected a target of shape [4] \
         (the input's without class dim 1), but target dim 0 is 3 instead of 4"
    );
    assert_eq!(
        err(ce.try_forward(&x, &Tensor::zeros(&[4, 1]))),
        "CrossEntropyLoss: shape [4, 5] does not match [4, 1]: expected a target of shape [4] \
         (the input's without class dim 1), but the target has 2 dims"
    );
    assert_eq!(
        err(ce.try_forward(&x, &Tensor::zeros(&[4, 5]))),
        "CrossEntropyLoss: shape [4, 5] does not match [4, 5]: class-probability targets \
         (the input's shape) are not supported; give class indices"
    );
    // Unbatched input [5] takes a 0-d target.
    assert_eq!(
        err(ce.try_forward(&Tensor::zeros(&[5]), &[1])),
        "CrossEntropyLoss: shape [5] does not match [1]: expected a target of shape [] \
         (the input's without class dim 0), but the target has 1 dims"
    );
    assert_eq!(
        err(ce.try_forward(&Tensor::scalar(1.0), &0)),
        "CrossEntropyLoss: input must have a class dim, but it has shape [] (expected [C], \
         [N, C] or [N, C, d1, ...])"
    );
}

#[test]
fn cross_entropy_target_values() {
    let ce = CrossEntropyLoss::new();
    let x = Tensor::zeros(&[3, 4]);
    assert_eq!(
        err(ce.try_forward(&x, &[0, 4, 1])),
        "CrossEntropyLoss: target[1] = 4 is out of range for 4 classes (expected 0 to 3; \
         input shape [3, 4], target shape [3])"
    );
    // PyTorch's ignore_index -100 is not supported: it is out of range too.
    assert_eq!(
        err(ce.try_forward(&x, &Tensor::from_slice(&[0.0, 1.0, -100.0]))),
        "CrossEntropyLoss: target[2] = -100 is out of range for 4 classes (expected 0 to 3; \
         input shape [3, 4], target shape [3])"
    );
    assert_eq!(
        err(ce.try_forward(&x, &Array::from_slice(&[2.5, 1.0, 0.0]))),
        "CrossEntropyLoss: target[0] = 2.5 is not a class index (an integer) (input shape \
         [3, 4], target shape [3])"
    );
    assert_eq!(
        err(ce.try_forward(&x, &Tensor::from_slice_f64(&[0.0, f64::NAN, 0.0]))),
        "CrossEntropyLoss: target[1] = NaN is not a class index (an integer) (input shape \
         [3, 4], target shape [3])"
    );
    // Spatial input [N, C, d]: the index names every dim of the target.
    let x = Tensor::zeros(&[2, 3, 2]);
    let t = Array::from_vec(vec![0.0, 1.0, 2.0, 3.0], &[2, 2]);
    assert_eq!(
        err(ce.try_forward(&x, &t)),
        "CrossEntropyLoss: target[1, 1] = 3 is out of range for 3 classes (expected 0 to 2; \
         input shape [2, 3, 2], target shape [2, 2])"
    );
}

#[test]
fn cross_entropy_weight_shape() {
    let ce = CrossEntropyLoss::new().with_weight(Tensor::ones(&[3]));
    assert_eq!(
        err(ce.try_forward(&Tensor::zeros(&[2, 4]), &[0, 1])),
        "CrossEntropyLoss: weight of shape [3] does not give one weight per class: expected \
         shape [4] for input shape [2, 4] (class dim 1)"
    );
}

#[test]
fn log_softmax_dim_out_of_range() {
    let e = nanotorch_losses::try_log_softmax(&Tensor::zeros(&[2, 3]), 2).unwrap_err();
    assert_eq!(
        e.to_string(),
        "log_softmax: dim 2 is out of range for shape [2, 3] (expected a dim in [-2, 1])"
    );
}

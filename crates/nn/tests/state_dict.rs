//! state_dict / load_state_dict and safetensors files, including a file written by
//! PyTorch (tests/fixtures/nn/linear_state.*).

mod common;

use nanotorch_autograd::Tensor;
use nanotorch_nn::{sequential, Flatten, Linear, Module, Sequential, StateDict};
use nanotorch_tensor::{Array, DType};

fn sine_model() -> Sequential {
    sequential![Linear::new(3, 1, true), Flatten::new(0, 1)]
}

// A model's state_dict written to a file and read into a fresh model gives the same
// values bit for bit, and the same forward pass.
#[test]
fn round_trip_through_a_file() {
    let (a, b) = (sine_model(), sine_model());
    assert_ne!(
        a.state_dict().get("0.weight").unwrap().to_vec::<f32>(),
        b.state_dict().get("0.weight").unwrap().to_vec::<f32>()
    );
    let path = common::temp_path("round_trip");
    a.save_safetensors(&path).unwrap();
    b.load_safetensors(&path).unwrap();
    std::fs::remove_file(&path).unwrap();
    for ((na, va), (nb, vb)) in a.state_dict().iter().zip(b.state_dict().iter()) {
        assert_eq!(na, nb);
        assert_eq!(va.shape(), vb.shape());
        let bits = |v: &Array| {
            v.to_vec::<f32>()
                .iter()
                .map(|x| x.to_bits())
                .collect::<Vec<_>>()
        };
        assert_eq!(bits(va), bits(vb), "{na}");
    }
    let x = Tensor::from_vec((0..12).map(|i| i as f32 * 0.25).collect(), &[4, 3]);
    assert_eq!(a.forward(&x).to_vec::<f32>(), b.forward(&x).to_vec::<f32>());
    // Loading replaces values in place: the parameter handles stay the same tensors.
    let w = b.get_as::<Linear>(0).unwrap().weight().clone();
    assert!(w.is_same(&b.parameters()[0]) && w.requires_grad() && w.is_leaf());
}

// f64 parameters are stored as F64 and come back as f64.
#[test]
fn f64_round_trip() {
    let mut sd = StateDict::new();
    sd.insert("w", Array::from_vec_f64(vec![0.1, -2.5, 1e-300], &[3]));
    let back = StateDict::from_safetensors_bytes(&sd.to_safetensors_bytes().unwrap()).unwrap();
    let w = back.get("w").unwrap();
    assert_eq!(w.dtype(), DType::F64);
    assert_eq!(w.to_vec::<f64>(), vec![0.1, -2.5, 1e-300]);
}

/// The fixture's tensors as a StateDict of f32 arrays.
fn fixture_state() -> StateDict {
    let fx = common::fixture("linear_state.json");
    ["0.weight", "0.bias"]
        .iter()
        .map(|n| {
            let (shape, data) = common::f32_tensor(&fx["tensors"][n]);
            (n.to_string(), Array::from_vec(data, &shape))
        })
        .collect()
}

// The file PyTorch wrote for Sequential(Linear(3, 1), Flatten(0, 1)) loads into the
// same nanotorch model: names, shapes and bits as in linear_state.json.
#[test]
fn loads_the_file_pytorch_wrote() {
    let model = sine_model();
    model
        .load_safetensors(common::fixture_path("linear_state.safetensors"))
        .unwrap();
    let expected = fixture_state();
    let lin = model.get_as::<Linear>(0).unwrap();
    assert_eq!(lin.weight().shape().as_slice(), &[1, 3]);
    assert_eq!(
        lin.weight().to_vec::<f32>(),
        expected.get("0.weight").unwrap().to_vec::<f32>()
    );
    assert_eq!(
        lin.bias().unwrap().to_vec::<f32>(),
        expected.get("0.bias").unwrap().to_vec::<f32>()
    );
    // File order is data order, as the header's data_offsets give it: 0.bias first.
    let file =
        StateDict::load_safetensors(common::fixture_path("linear_state.safetensors")).unwrap();
    assert_eq!(file.keys().collect::<Vec<_>>(), ["0.bias", "0.weight"]);
}

// model(input) with the loaded weights equals PyTorch's output bit for bit: each row
// is ((x0 w0 + x1 w1) + x2 w2) + b in f32 (the product rounded, then the bias added);
// the last row (x = 0) is exactly the bias.
#[test]
fn forward_matches_pytorch_after_loading() {
    let fx = common::fixture("linear_state.json");
    let model = sine_model();
    model
        .load_safetensors(common::fixture_path("linear_state.safetensors"))
        .unwrap();
    let (in_shape, input) = common::f32_tensor(&fx["forward"]["input"]);
    let (out_shape, output) = common::f32_tensor(&fx["forward"]["output"]);
    let y = model.forward(&Tensor::from_vec(input, &in_shape));
    assert_eq!(y.shape().as_slice(), out_shape.as_slice());
    let got = y.to_vec::<f32>();
    for (g, e) in got.iter().zip(&output) {
        assert_eq!(g.to_bits(), e.to_bits(), "{g} vs {e}");
    }
    assert_eq!(got[3], fixture_state().get("0.bias").unwrap().item() as f32);
}

// Writing the fixture's tensors gives PyTorch's file byte for byte (same header, same
// tensor order, no __metadata__), so files move both ways unchanged.
#[test]
fn writes_the_same_bytes_as_pytorch() {
    let ours = fixture_state().to_safetensors_bytes().unwrap();
    let theirs = std::fs::read(common::fixture_path("linear_state.safetensors")).unwrap();
    assert_eq!(theirs.len(), 152);
    assert_eq!(ours, theirs);
}

#[test]
fn missing_and_unexpected_keys_are_named() {
    let model = sine_model();
    let mut sd = model.state_dict();
    sd.remove("0.bias");
    sd.insert("0.b", Array::zeros(&[1]));
    sd.insert("1.weight", Array::zeros(&[1]));
    let e = model.try_load_state_dict(&sd).unwrap_err();
    assert_eq!(
        e.to_string(),
        r#"load_state_dict: missing key(s) in state_dict: "0.bias"; unexpected key(s) in state_dict: "0.b", "1.weight""#
    );
    let mut only_extra = model.state_dict();
    only_extra.insert("extra", Array::scalar(1.0));
    assert_eq!(
        model
            .try_load_state_dict(&only_extra)
            .unwrap_err()
            .to_string(),
        r#"load_state_dict: unexpected key(s) in state_dict: "extra""#
    );
}

// A shape mismatch names the tensor and both shapes, and nothing is modified, even
// the parameters that come before the bad one.
#[test]
fn shape_mismatch_is_named_and_nothing_changes() {
    let model = sine_model();
    let before = model.state_dict();
    let mut sd = StateDict::new();
    sd.insert("0.weight", Array::ones(&[1, 3]));
    sd.insert("0.bias", Array::ones(&[2]));
    let e = model.try_load_state_dict(&sd).unwrap_err();
    assert_eq!(
        e.to_string(),
        "load_state_dict: size mismatch for 0.bias: copying a param with shape [2] from checkpoint, the shape in current model is [1]"
    );
    let after = model.state_dict();
    for ((_, a), (_, b)) in before.iter().zip(after.iter()) {
        assert_eq!(a.to_vec::<f32>(), b.to_vec::<f32>());
    }
}

#[test]
#[should_panic(expected = "load_state_dict: missing key(s) in state_dict: \"weight\"")]
fn load_state_dict_panics_with_the_same_message() {
    let mut sd = StateDict::new();
    sd.insert("bias", Array::zeros(&[1]));
    Linear::new(1, 1, true).load_state_dict(&sd);
}

// Values are cast to the parameter's dtype, as PyTorch's copy_ does: f64 0.1 becomes f32 0.1.
#[test]
fn load_casts_to_the_parameter_dtype() {
    let lin = Linear::new(1, 1, false);
    let mut sd = StateDict::new();
    sd.insert("weight", Array::from_vec_f64(vec![0.1], &[1, 1]));
    lin.load_state_dict(&sd);
    assert_eq!(lin.weight().dtype(), DType::F32);
    assert_eq!(lin.weight().to_vec::<f32>(), vec![0.1f32]);
}

#[test]
fn bad_files_are_errors() {
    let e = sine_model()
        .load_safetensors("/nonexistent/nn/model.safetensors")
        .unwrap_err();
    assert!(
        e.to_string()
            .starts_with("load_safetensors: cannot read /nonexistent/nn/model.safetensors: "),
        "{e}"
    );

    // Truncated: the header promises more bytes than the file has.
    let bytes = std::fs::read(common::fixture_path("linear_state.safetensors")).unwrap();
    let e = StateDict::from_safetensors_bytes(&bytes[..bytes.len() - 4]).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("load_safetensors: invalid safetensors data: "),
        "{e}"
    );

    // A dtype nanotorch does not have is named with its tensor.
    let half =
        safetensors::tensor::TensorView::new(safetensors::Dtype::F16, vec![2], &[0, 60, 0, 60])
            .unwrap();
    let file = safetensors::serialize([("h", half)], None).unwrap();
    let e = StateDict::from_safetensors_bytes(&file).unwrap_err();
    assert_eq!(
        e.to_string(),
        r#"load_safetensors: tensor "h" has dtype F16; only F32 and F64 are supported"#
    );
}

// state_dict() is a snapshot: later in-place updates do not show in it.
#[test]
fn state_dict_is_a_snapshot() {
    let lin = Linear::from_arrays(Array::from_vec(vec![1.0], &[1, 1]), None);
    let sd = lin.state_dict();
    nanotorch_autograd::no_grad(|| lin.weight().fill_(5.0));
    assert_eq!(sd.get("weight").unwrap().item(), 1.0);
    assert_eq!(lin.weight().item(), 5.0);
}

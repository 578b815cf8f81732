//! The last cell: what `unsqueeze` does to a shape.

use nanotorch_examples::nbprint;
use nanotorch_examples::notebook::Notebook;
use nanotorch_tensor::Array;

/// `x.shape`, `torch.unsqueeze(x, 0).shape`, `torch.unsqueeze(x, -1).shape` for a vector of 3.
/// (`torch.tensor([1, 2, 3])` holds int64 in PyTorch; nanotorch has f32 and f64 only, and the
/// shapes are the same.) The shapes print as Rust slices: `[3]` where PyTorch prints
/// `torch.Size([3])`.
pub fn unsqueeze(nb: &mut Notebook) {
    let x = Array::from_slice(&[1.0, 2.0, 3.0]);
    nbprint!(nb, "{:?}", x.shape());
    nbprint!(nb, "{:?}", x.unsqueeze(0).shape());
    nbprint!(nb, "{:?}", x.unsqueeze(-1).shape());
}

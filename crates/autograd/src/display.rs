//! PyTorch-style printing: `tensor([0.3000], requires_grad=True)`,
//! `tensor(9.6120, grad_fn=<MulBackward0>)`.

use crate::tensor::Tensor;
use nanotorch_tensor::DType;
use std::fmt;

impl fmt::Display for Tensor {
    /// The values as PyTorch prints them, then `dtype=` for `f64`, then
    /// `grad_fn=<...>` for an op's output or `requires_grad=True` for a leaf that
    /// requires grad.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let st = self.read();
        write!(f, "tensor({}", st.data.format_body(7))?;
        if st.data.dtype() == DType::F64 {
            write!(f, ", dtype=torch.float64")?;
        }
        match &st.grad_fn {
            Some(node) => write!(f, ", grad_fn=<{}>", node.name())?,
            None if st.requires_grad => write!(f, ", requires_grad=True")?,
            None => {}
        }
        write!(f, ")")
    }
}

impl fmt::Debug for Tensor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

#[cfg(test)]
mod tests {
    use crate::Tensor;

    #[test]
    fn like_pytorch() {
        let w = Tensor::from_slice(&[0.3]).requires_grad_(true);
        assert_eq!(w.to_string(), "tensor([0.3000], requires_grad=True)");
        let y = Tensor::scalar(9.612).requires_grad_(true) * 1.0;
        assert_eq!(format!("{y:?}"), "tensor(9.6120, grad_fn=<MulBackward0>)");
        assert_eq!(
            Tensor::from_slice_f64(&[1.0]).to_string(),
            "tensor([1.], dtype=torch.float64)"
        );
        let m = Tensor::from_vec(vec![1.0, 2.0, 3.0, 4.0], &[2, 2]).requires_grad_(true);
        assert_eq!(
            m.to_string(),
            "tensor([[1., 2.],\n        [3., 4.]], requires_grad=True)"
        );
    }
}

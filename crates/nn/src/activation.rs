//! Elementwise activations with no parameters: [`ReLU`], [`Tanh`], [`Sigmoid`] and
//! [`Identity`] (`torch.nn.ReLU()` etc.). Each is a unit struct, so `ReLU` is both the
//! type and the module value.

use crate::module::Module;
use nanotorch_autograd::Tensor;
use nanotorch_tensor::Result;

macro_rules! activation {
    ($($(#[$doc:meta])* $name:ident => |$x:ident| $body:expr;)*) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
        pub struct $name;

        impl Module for $name {
            fn try_forward(&self, $x: &Tensor) -> Result<Tensor> {
                Ok($body)
            }
        }
    )*};
}

activation! {
    /// `max(x, 0)` elementwise (`nn.ReLU()`); its gradient at 0 is 0, as in PyTorch.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// use nanotorch_nn::{Module, ReLU};
    /// assert_eq!(ReLU.forward(&Tensor::from_slice(&[-2.0, 0.0, 3.0])).to_vec::<f32>(), vec![0.0, 0.0, 3.0]);
    /// ```
    ReLU => |x| x.relu();
    /// `tanh(x)` elementwise (`nn.Tanh()`).
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// use nanotorch_nn::{Module, Tanh};
    /// assert_eq!(Tanh.forward(&Tensor::from_slice(&[0.0])).item(), 0.0);
    /// ```
    Tanh => |x| x.tanh();
    /// `1 / (1 + exp(-x))` elementwise (`nn.Sigmoid()`).
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// use nanotorch_nn::{Module, Sigmoid};
    /// assert_eq!(Sigmoid.forward(&Tensor::from_slice(&[0.0])).item(), 0.5);
    /// ```
    Sigmoid => |x| x.sigmoid();
    /// The input itself, unchanged and the same tensor (`nn.Identity()`).
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// use nanotorch_nn::{Identity, Module};
    /// let x = Tensor::from_slice(&[1.0]);
    /// assert!(Identity.forward(&x).is_same(&x));
    /// ```
    Identity => |x| x.clone();
}

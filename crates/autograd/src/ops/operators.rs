//! Operators: `+ - * /` between tensors (owned or borrowed) and with `f64` scalars
//! (Python floats) on either side, unary `-`, and the in-place `+= -= *= /=` (which, as in
//! PyTorch, modify the tensor seen by every handle). Only `f64` scalars get operator
//! impls, so that a literal such as `2.0` needs no annotation; an `f32` value `v` is
//! written `v as f64` (it is rounded back to `f32` exactly when the tensor is `f32`).
//!
//! ```
//! use nanotorch_autograd::Tensor;
//! let w = Tensor::scalar(2.0).requires_grad_(true);
//! let x = Tensor::from_slice(&[1.0, 2.0]);
//! let y = 2.0 * &w * &x - &x / 2.0 + 1.0;
//! assert_eq!(y.to_vec::<f32>(), vec![4.5, 8.0]);
//! assert_eq!((-&w).item(), -2.0);
//! ```

use crate::tensor::Tensor;

macro_rules! operator {
    ($Trait:ident, $method:ident, $name:ident, $scalar:ident, $rscalar:ident) => {
        impl std::ops::$Trait<&Tensor> for &Tensor {
            type Output = Tensor;
            #[track_caller]
            fn $method(self, rhs: &Tensor) -> Tensor {
                Tensor::$name(self, rhs)
            }
        }
        impl std::ops::$Trait<Tensor> for Tensor {
            type Output = Tensor;
            #[track_caller]
            fn $method(self, rhs: Tensor) -> Tensor {
                Tensor::$name(&self, &rhs)
            }
        }
        impl std::ops::$Trait<&Tensor> for Tensor {
            type Output = Tensor;
            #[track_caller]
            fn $method(self, rhs: &Tensor) -> Tensor {
                Tensor::$name(&self, rhs)
            }
        }
        impl std::ops::$Trait<Tensor> for &Tensor {
            type Output = Tensor;
            #[track_caller]
            fn $method(self, rhs: Tensor) -> Tensor {
                Tensor::$name(self, &rhs)
            }
        }
        operator!(@scalar $Trait, $method, $scalar, $rscalar, f64);
    };
    (@scalar $Trait:ident, $method:ident, $scalar:ident, $rscalar:ident, $s:ty) => {
        impl std::ops::$Trait<$s> for &Tensor {
            type Output = Tensor;
            fn $method(self, rhs: $s) -> Tensor {
                self.$scalar(rhs)
            }
        }
        impl std::ops::$Trait<$s> for Tensor {
            type Output = Tensor;
            fn $method(self, rhs: $s) -> Tensor {
                self.$scalar(rhs)
            }
        }
        impl std::ops::$Trait<&Tensor> for $s {
            type Output = Tensor;
            fn $method(self, rhs: &Tensor) -> Tensor {
                rhs.$rscalar(self)
            }
        }
        impl std::ops::$Trait<Tensor> for $s {
            type Output = Tensor;
            fn $method(self, rhs: Tensor) -> Tensor {
                rhs.$rscalar(self)
            }
        }
    };
}

operator!(Add, add, add, add_scalar, add_scalar);
operator!(Sub, sub, sub, sub_scalar, rsub_scalar);
operator!(Mul, mul, mul, mul_scalar, mul_scalar);
operator!(Div, div, div, div_scalar, rdiv_scalar);

impl std::ops::Neg for &Tensor {
    type Output = Tensor;
    fn neg(self) -> Tensor {
        Tensor::neg(self)
    }
}

impl std::ops::Neg for Tensor {
    type Output = Tensor;
    fn neg(self) -> Tensor {
        Tensor::neg(&self)
    }
}

macro_rules! assign {
    ($Trait:ident, $method:ident, $inplace:ident) => {
        impl std::ops::$Trait<&Tensor> for Tensor {
            #[track_caller]
            fn $method(&mut self, rhs: &Tensor) {
                self.$inplace(rhs);
            }
        }
        impl std::ops::$Trait<Tensor> for Tensor {
            #[track_caller]
            fn $method(&mut self, rhs: Tensor) {
                self.$inplace(&rhs);
            }
        }
    };
}

assign!(AddAssign, add_assign, add_);
assign!(SubAssign, sub_assign, sub_);
assign!(MulAssign, mul_assign, mul_);
assign!(DivAssign, div_assign, div_);

//! The `+ - * /` operators on arrays, references and `f64` scalars, and `+= -= *= /=`:
//! each calls the named method (`add`, `add_scalar`, `add_`, ...) of
//! [`ops::binary`](crate::ops::binary).

use crate::array::Array;

macro_rules! operator {
    ($Trait:ident, $method:ident, $name:ident, $scalar:ident, $rscalar:ident) => {
        impl std::ops::$Trait<&Array> for &Array {
            type Output = Array;
            #[track_caller]
            fn $method(self, rhs: &Array) -> Array {
                self.$name(rhs)
            }
        }
        impl std::ops::$Trait<Array> for Array {
            type Output = Array;
            #[track_caller]
            fn $method(self, rhs: Array) -> Array {
                (&self).$name(&rhs)
            }
        }
        impl std::ops::$Trait<&Array> for Array {
            type Output = Array;
            #[track_caller]
            fn $method(self, rhs: &Array) -> Array {
                (&self).$name(rhs)
            }
        }
        impl std::ops::$Trait<Array> for &Array {
            type Output = Array;
            #[track_caller]
            fn $method(self, rhs: Array) -> Array {
                self.$name(&rhs)
            }
        }
        // Scalars are f64 only: with a second impl for f32, a bare literal such as
        // `2.0 * &x` would be ambiguous. The value is rounded to the array's dtype.
        operator!(@scalar $Trait, $method, $scalar, $rscalar, f64);
    };
    (@scalar $Trait:ident, $method:ident, $scalar:ident, $rscalar:ident, $s:ty) => {
        impl std::ops::$Trait<$s> for &Array {
            type Output = Array;
            fn $method(self, rhs: $s) -> Array {
                self.$scalar(rhs as f64)
            }
        }
        impl std::ops::$Trait<$s> for Array {
            type Output = Array;
            fn $method(self, rhs: $s) -> Array {
                self.$scalar(rhs as f64)
            }
        }
        impl std::ops::$Trait<&Array> for $s {
            type Output = Array;
            fn $method(self, rhs: &Array) -> Array {
                rhs.$rscalar(self as f64)
            }
        }
        impl std::ops::$Trait<Array> for $s {
            type Output = Array;
            fn $method(self, rhs: Array) -> Array {
                rhs.$rscalar(self as f64)
            }
        }
    };
}

operator!(Add, add, add, add_scalar, radd_scalar);
operator!(Sub, sub, sub, sub_scalar, rsub_scalar);
operator!(Mul, mul, mul, mul_scalar, rmul_scalar);
operator!(Div, div, div, div_scalar, rdiv_scalar);

macro_rules! assign_operator {
    ($Trait:ident, $method:ident, $assign:ident) => {
        impl std::ops::$Trait<&Array> for Array {
            #[track_caller]
            fn $method(&mut self, rhs: &Array) {
                self.$assign(rhs)
            }
        }
        impl std::ops::$Trait<f64> for Array {
            fn $method(&mut self, rhs: f64) {
                let s = Array::full_dtype(&[], rhs, self.dtype());
                self.$assign(&s)
            }
        }
    };
}
assign_operator!(AddAssign, add_assign, add_);
assign_operator!(SubAssign, sub_assign, sub_);
assign_operator!(MulAssign, mul_assign, mul_);
assign_operator!(DivAssign, div_assign, div_);

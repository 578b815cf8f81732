//! The shared buffer behind arrays, and the typed access kernels use.

use crate::dtype::{DType, Element};

/// A flat buffer of one element type. Arrays share it through an `Arc`; views differ
/// only in shape, strides and offset.
#[derive(Debug, Clone)]
pub(crate) enum Storage {
    F32(Vec<f32>),
    F64(Vec<f64>),
}

impl Storage {
    pub(crate) fn dtype(&self) -> DType {
        match self {
            Storage::F32(_) => DType::F32,
            Storage::F64(_) => DType::F64,
        }
    }

    pub(crate) fn len(&self) -> usize {
        match self {
            Storage::F32(v) => v.len(),
            Storage::F64(v) => v.len(),
        }
    }
}

impl Drop for Storage {
    /// Hands large buffers to the reuse cache (see `kernels::alloc`).
    fn drop(&mut self) {
        match self {
            Storage::F32(v) => crate::kernels::alloc::recycle_f32(std::mem::take(v)),
            Storage::F64(v) => crate::kernels::alloc::recycle_f64(std::mem::take(v)),
        }
    }
}

/// Typed access to [`Storage`]; implemented for the two element types. Kernels are
/// generic over `T: Scalar`, and [`with_dtype!`](crate::with_dtype) picks `T` at run time.
pub(crate) trait Scalar: Element {
    /// The buffer as a slice of `T`. Panics on a dtype mismatch, which callers rule out
    /// by dispatching on the array's dtype first.
    fn slice(s: &Storage) -> &[Self];
    /// Mutable access, same contract as [`Scalar::slice`].
    fn slice_mut(s: &mut Storage) -> &mut [Self];
    /// Wraps a vector as storage.
    fn wrap(v: Vec<Self>) -> Storage;
}

macro_rules! impl_scalar {
    ($t:ty, $var:ident) => {
        impl Scalar for $t {
            #[inline(always)]
            fn slice(s: &Storage) -> &[Self] {
                match s {
                    Storage::$var(v) => v,
                    _ => unreachable!("dtype checked by the caller"),
                }
            }
            #[inline(always)]
            fn slice_mut(s: &mut Storage) -> &mut [Self] {
                match s {
                    Storage::$var(v) => v,
                    _ => unreachable!("dtype checked by the caller"),
                }
            }
            #[inline(always)]
            fn wrap(v: Vec<Self>) -> Storage {
                Storage::$var(v)
            }
        }
    };
}
impl_scalar!(f32, F32);
impl_scalar!(f64, F64);

/// Runs `$body` with the type alias `$T` bound to the Rust type of `$dtype`.
///
/// ```ignore
/// with_dtype!(a.dtype(), T => kernel::<T>(a))
/// ```
#[macro_export]
#[doc(hidden)]
macro_rules! with_dtype {
    ($dtype:expr, $T:ident => $body:expr) => {
        match $dtype {
            $crate::DType::F32 => {
                #[allow(dead_code)]
                type $T = f32;
                $body
            }
            $crate::DType::F64 => {
                #[allow(dead_code)]
                type $T = f64;
                $body
            }
        }
    };
}

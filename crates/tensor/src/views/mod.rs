//! Shape changes that share the buffer: reshape/view, unsqueeze, squeeze, flatten,
//! transpose, permute, expand, narrow, select. Only `reshape` of a layout that cannot be
//! viewed copies.

use crate::array::Array;
use crate::shape::Dims;
use smallvec::SmallVec;

mod dims;
mod expand;
mod reshape;
mod slice;

/// A shape argument: `[2, 3]`, `[2, -1]` (one dim inferred, as in PyTorch), or an
/// existing `&[usize]` shape.
pub trait ShapeArg {
    /// The dims as signed values, `-1` meaning "infer" (or "keep" for `expand`).
    fn dims(&self) -> SmallVec<[isize; 6]>;
}

macro_rules! shape_arg {
    ($($t:ty),*) => {$(
        impl ShapeArg for [$t] {
            fn dims(&self) -> SmallVec<[isize; 6]> { self.iter().map(|&d| d as isize).collect() }
        }
        impl<const N: usize> ShapeArg for [$t; N] {
            fn dims(&self) -> SmallVec<[isize; 6]> { self.iter().map(|&d| d as isize).collect() }
        }
        impl ShapeArg for Vec<$t> {
            fn dims(&self) -> SmallVec<[isize; 6]> { self.iter().map(|&d| d as isize).collect() }
        }
    )*};
}
shape_arg!(usize, isize, i32, i64);

impl<S: ShapeArg + ?Sized> ShapeArg for &S {
    fn dims(&self) -> SmallVec<[isize; 6]> {
        (**self).dims()
    }
}

impl Array {
    pub(crate) fn with_layout(&self, shape: Dims, strides: Dims, offset: usize) -> Array {
        Array {
            storage: self.storage.clone(),
            shape,
            strides,
            offset,
        }
    }
}

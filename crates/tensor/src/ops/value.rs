//! Ops where one operand holds a single value (`x / 2.0`, a 0-d or expanded array):
//! the scalar forms, and the fast path the array and `_into` forms take for such an
//! operand. Each element type runs the loop its own way ([`ValueMap`]): `f32` with the
//! value on the right through the kernel's [`BinaryKernel::map_right_value_f32`], where
//! division by a value has an exact form with no divider
//! ([`div_by_value`](crate::kernels::divide)).

use super::binary::BinaryKernel;
use crate::array::Array;
use crate::dtype::Element;
use crate::kernels::map;
use crate::storage::Scalar;
use crate::with_dtype;
use std::mem::MaybeUninit;

/// When one of `a`, `b` has a single distinct value (see [`Array::uniform_value`]) and
/// the other is contiguous with `numel` elements (the output's count, so its elements
/// are the output's in order): that operand's elements, the value, and whether the value
/// is the left operand. `None` when the operands are not laid out that way. The fast
/// path of both [`try_binary`] and the `_into` forms.
pub(crate) fn uniform_and_contiguous<'a, T: Scalar>(
    a: &'a Array,
    b: &'a Array,
    numel: usize,
) -> Option<(&'a [T], T, bool)> {
    if let Some(s) = b.uniform_value::<T>() {
        let x = a.contiguous_slice::<T>().filter(|x| x.len() == numel)?;
        return Some((x, s, false));
    }
    let s = a.uniform_value::<T>()?;
    let y = b.contiguous_slice::<T>().filter(|y| y.len() == numel)?;
    Some((y, s, true))
}

/// `out[i] = K(s, x[i])` if `left`, else `K(x[i], s)`: the loop of every op with a
/// single-valued operand (scalar ops, and the fast paths of the array and `_into` forms).
#[inline]
pub(crate) fn map_with_value<T: ValueMap, K: BinaryKernel>(
    x: &[T],
    s: T,
    left: bool,
    out: &mut [MaybeUninit<T>],
) {
    T::map_value::<K>(x, s, left, out)
}

/// How each element type runs [`map_with_value`]: `f32` with the value on the right
/// through the kernel's [`BinaryKernel::map_right_value_f32`] (where division has its
/// exact multiply form), everything else element by element.
pub(crate) trait ValueMap: Scalar {
    /// See [`map_with_value`].
    fn map_value<K: BinaryKernel>(x: &[Self], s: Self, left: bool, out: &mut [MaybeUninit<Self>]);
}

impl ValueMap for f32 {
    #[inline(always)]
    fn map_value<K: BinaryKernel>(x: &[f32], s: f32, left: bool, out: &mut [MaybeUninit<f32>]) {
        if left {
            map_each::<f32, K>(x, s, left, out)
        } else {
            K::map_right_value_f32(x, s, out)
        }
    }
}

impl ValueMap for f64 {
    #[inline(always)]
    fn map_value<K: BinaryKernel>(x: &[f64], s: f64, left: bool, out: &mut [MaybeUninit<f64>]) {
        map_each::<f64, K>(x, s, left, out)
    }
}

/// [`map_with_value`] as `K::f` on each element.
#[inline(always)]
pub(crate) fn map_each<T: Element, K: BinaryKernel + ?Sized>(
    x: &[T],
    s: T,
    left: bool,
    out: &mut [MaybeUninit<T>],
) {
    if left {
        map::map_slice(x, out, move |v| K::f(s, v))
    } else {
        map::map_slice(x, out, move |v| K::f(v, s))
    }
}

/// Applies `K` with a scalar on the right (`x op s`) or left (`s op x`). The scalar is
/// rounded to the array's dtype first, then the op runs in that dtype (PyTorch's rule
/// for a Python number with a tensor).
pub fn scalar_op<K: BinaryKernel>(a: &Array, s: f64, scalar_on_left: bool) -> Array {
    with_dtype!(a.dtype(), T => {
        let s = T::from_f64(s);
        let row = move |x: &[T], out: &mut [MaybeUninit<T>]| {
            map_with_value::<T, K>(x, s, scalar_on_left, out)
        };
        map::unary_rows(a.shape(), a.numel(), a.operand::<T>(), row)
    })
}

//! Shape changes: `reshape`/`view`, `unsqueeze`, `squeeze`, `flatten` (all undone by
//! reshaping the gradient back), `transpose`/`t` and `permute` (undone by the inverse
//! permutation).
//!
//! ```
//! use nanotorch_autograd::Tensor;
//! let x = Tensor::from_slice(&[1.0, 2.0, 3.0]).requires_grad_(true);
//! let y = x.unsqueeze(-1); // [3, 1]
//! (&y * &y).sum().backward(); // d sum(x^2) / dx = 2x
//! assert_eq!(x.grad().unwrap().to_vec::<f32>(), vec![2.0, 4.0, 6.0]);
//! ```

use crate::node::{inputs, record, Grads, Rule};
use crate::tensor::Tensor;
use nanotorch_tensor::error::unwrap;
use nanotorch_tensor::shape::Dims;
use nanotorch_tensor::{Array, Result, ShapeArg};
use smallvec::SmallVec;

/// Any op that only changes the shape: the gradient is reshaped back.
struct Reshape(Dims);
impl Rule for Reshape {
    fn backward(&self, g: &Tensor, _: &[Tensor], _: &[bool]) -> Result<Grads> {
        Ok(Grads::from_iter([Some(g.try_reshape(self.0.as_slice())?)]))
    }
}

/// A permutation of the dims: the gradient gets the inverse permutation.
struct Permute(SmallVec<[isize; 6]>);
impl Rule for Permute {
    fn backward(&self, g: &Tensor, _: &[Tensor], _: &[bool]) -> Result<Grads> {
        Ok(Grads::from_iter([Some(g.try_permute(&self.0)?)]))
    }
}

fn reshape_like(
    x: &Tensor,
    grad_fn: &'static str,
    f: impl FnOnce(&Array) -> Result<Array>,
) -> Result<Tensor> {
    let [a] = inputs([x]);
    let out = f(&a.data)?;
    Ok(record(out, grad_fn, [a], [false], |i, _| {
        Reshape(Dims::from_slice(i[0].data.shape()))
    }))
}

macro_rules! shape_op {
    ($($try_name:ident, $name:ident, ($($arg:ident: $ty:ty),*), $grad_fn:literal, $doc:literal, $ex:literal, $shape:literal;)*) => {
        impl Tensor {$(
            #[doc = concat!($doc, ", recorded as `", $grad_fn, "`, or an error naming the shape and the failing dim.")]
            ///
            /// ```
            /// use nanotorch_autograd::Tensor;
            #[doc = concat!("let y = Tensor::zeros(&[2, 3]).", stringify!($try_name), $ex, ".unwrap();")]
            #[doc = concat!("assert_eq!(y.shape().as_slice(), &", $shape, ");")]
            /// ```
            pub fn $try_name(&self, $($arg: $ty),*) -> Result<Tensor> {
                reshape_like(self, $grad_fn, |a| a.$try_name($($arg),*))
            }

            #[doc = concat!($doc, ".")]
            ///
            /// # Panics
            /// If the arguments do not fit this tensor's shape.
            ///
            /// ```
            /// use nanotorch_autograd::Tensor;
            #[doc = concat!("let y = Tensor::zeros(&[2, 3]).", stringify!($name), $ex, ";")]
            #[doc = concat!("assert_eq!(y.shape().as_slice(), &", $shape, ");")]
            /// ```
            #[track_caller]
            pub fn $name(&self, $($arg: $ty),*) -> Tensor {
                unwrap(self.$try_name($($arg),*))
            }
        )*}
    };
}

shape_op! {
    try_reshape, reshape, (shape: impl ShapeArg), "ViewBackward0", "This tensor with a new shape (one dim may be -1), copying only if needed", "([3, -1])", "[3, 2]";
    try_view, view, (shape: impl ShapeArg), "ViewBackward0", "A view with a new shape (one dim may be -1)", "([6])", "[6]";
    try_unsqueeze, unsqueeze, (dim: isize), "UnsqueezeBackward0", "A size-1 dim inserted at `dim`", "(0)", "[1, 2, 3]";
    try_squeeze_dim, squeeze_dim, (dim: isize), "SqueezeBackward1", "Dim `dim` removed if it has size 1", "(0)", "[2, 3]";
    try_flatten, flatten, (start_dim: isize, end_dim: isize), "ViewBackward0", "Dims `start_dim..=end_dim` merged into one", "(0, -1)", "[6]";
}

impl Tensor {
    /// All size-1 dims removed, recorded as `SqueezeBackward0`.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// assert_eq!(Tensor::zeros(&[1, 2, 1]).squeeze().shape().as_slice(), &[2]);
    /// ```
    pub fn squeeze(&self) -> Tensor {
        unwrap(reshape_like(self, "SqueezeBackward0", |a| Ok(a.squeeze())))
    }

    /// The dims reordered (`x.permute(dims)`), recorded as `PermuteBackward0`, or an
    /// error if `dims` is not a permutation of this tensor's dims.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// assert_eq!(Tensor::zeros(&[2, 3, 4]).try_permute(&[2, 0, 1]).unwrap().shape().as_slice(), &[4, 2, 3]);
    /// assert!(Tensor::zeros(&[2, 3]).try_permute(&[0, 0]).is_err());
    /// ```
    pub fn try_permute(&self, dims: &[isize]) -> Result<Tensor> {
        let [a] = inputs([self]);
        let out = a.data.try_permute(dims)?;
        let n = dims.len() as isize;
        Ok(record(out, "PermuteBackward0", [a], [false], |_, _| {
            let mut inv: SmallVec<[isize; 6]> = SmallVec::from_elem(0, dims.len());
            for (i, &d) in dims.iter().enumerate() {
                inv[(d.rem_euclid(n)) as usize] = i as isize;
            }
            Permute(inv)
        }))
    }

    /// The dims reordered.
    ///
    /// # Panics
    /// If `dims` is not a permutation.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// assert_eq!(Tensor::zeros(&[2, 3]).permute(&[1, 0]).shape().as_slice(), &[3, 2]);
    /// ```
    #[track_caller]
    pub fn permute(&self, dims: &[isize]) -> Tensor {
        unwrap(self.try_permute(dims))
    }

    /// Dims `dim0` and `dim1` swapped, recorded as `TransposeBackward0`, or an error if
    /// either is out of range.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// assert!(Tensor::zeros(&[2, 3]).try_transpose(0, 2).is_err());
    /// ```
    pub fn try_transpose(&self, dim0: isize, dim1: isize) -> Result<Tensor> {
        let [a] = inputs([self]);
        let out = a.data.try_transpose(dim0, dim1)?;
        let n = a.data.ndim();
        Ok(record(out, "TransposeBackward0", [a], [false], |_, _| {
            let mut p: SmallVec<[isize; 6]> = (0..n as isize).collect();
            p.swap(
                dim0.rem_euclid(n as isize) as usize,
                dim1.rem_euclid(n as isize) as usize,
            );
            Permute(p)
        }))
    }

    /// Dims `dim0` and `dim1` swapped.
    ///
    /// # Panics
    /// If either dim is out of range.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// assert_eq!(Tensor::zeros(&[2, 3]).transpose(0, 1).shape().as_slice(), &[3, 2]);
    /// ```
    #[track_caller]
    pub fn transpose(&self, dim0: isize, dim1: isize) -> Tensor {
        unwrap(self.try_transpose(dim0, dim1))
    }

    /// The transpose of a tensor of at most 2 dims (`x.t()`; 0-d and 1-d tensors are
    /// returned as they are), or an error for more dims.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// let e = Tensor::zeros(&[1, 2, 3]).try_t().unwrap_err();
    /// assert_eq!(e.to_string(), "t: expects a tensor with <= 2 dims, but got 3 dims");
    /// ```
    pub fn try_t(&self) -> Result<Tensor> {
        match self.ndim() {
            0 | 1 => Ok(self.clone()),
            2 => self.try_transpose(0, 1),
            n => Err(nanotorch_tensor::Error::invalid(
                "t",
                format!("expects a tensor with <= 2 dims, but got {n} dims"),
            )),
        }
    }

    /// The transpose of a tensor of at most 2 dims (`x.t()`).
    ///
    /// # Panics
    /// If the tensor has more than 2 dims.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// assert_eq!(Tensor::zeros(&[2, 3]).t().shape().as_slice(), &[3, 2]);
    /// ```
    #[track_caller]
    pub fn t(&self) -> Tensor {
        unwrap(self.try_t())
    }
}

//! [`ClassTarget`]: the forms class indices can be given in.

use nanotorch_autograd::Tensor;
use nanotorch_tensor::Array;

/// Class indices for [`CrossEntropyLoss`](crate::CrossEntropyLoss): a tensor or array
/// of integer-valued floats (PyTorch's `int64` target), a slice, array or `Vec` of
/// `usize` (a 1-D target), or one `usize` (the 0-d target of an unbatched input).
/// Values are checked when the loss is computed (integer, in `[0, C)`).
///
/// ```
/// use nanotorch_autograd::Tensor;
/// use nanotorch_losses::ClassTarget;
/// assert_eq!(vec![2usize, 0].class_indices(), (vec![2.0, 0.0], vec![2]));
/// assert_eq!(3usize.class_indices(), (vec![3.0], vec![]));
/// assert_eq!(Tensor::from_slice(&[1.0]).class_indices(), (vec![1.0], vec![1]));
/// ```
pub trait ClassTarget {
    /// The indices in row-major order (as `f64`, not yet checked) and their shape.
    ///
    /// ```
    /// use nanotorch_losses::ClassTarget;
    /// assert_eq!([1usize, 4, 2].class_indices().1, vec![3]);
    /// ```
    fn class_indices(&self) -> (Vec<f64>, Vec<usize>);
}

impl ClassTarget for Tensor {
    fn class_indices(&self) -> (Vec<f64>, Vec<usize>) {
        (self.to_vec::<f64>(), self.shape().to_vec())
    }
}

impl ClassTarget for Array {
    fn class_indices(&self) -> (Vec<f64>, Vec<usize>) {
        (self.to_vec::<f64>(), self.shape().to_vec())
    }
}

impl ClassTarget for [usize] {
    fn class_indices(&self) -> (Vec<f64>, Vec<usize>) {
        (self.iter().map(|&c| c as f64).collect(), vec![self.len()])
    }
}

impl<const N: usize> ClassTarget for [usize; N] {
    fn class_indices(&self) -> (Vec<f64>, Vec<usize>) {
        self.as_slice().class_indices()
    }
}

impl ClassTarget for Vec<usize> {
    fn class_indices(&self) -> (Vec<f64>, Vec<usize>) {
        self.as_slice().class_indices()
    }
}

impl ClassTarget for usize {
    fn class_indices(&self) -> (Vec<f64>, Vec<usize>) {
        (vec![*self as f64], vec![])
    }
}

//! Matrix products: [`Array::matmul`] with PyTorch's rank rules, [`Array::dot`] and
//! [`Array::outer`].
//!
//! Every product reduces to one 2-D kernel over strided operands: a matrix is an
//! offset plus a row stride and a column stride into its buffer, so transposed and
//! broadcast (stride-0) views are multiplied in place, without a copy. Large products
//! go to the [`gemm`] crate, which accepts arbitrary non-negative strides; tiny ones
//! (the 4-element tensors of the notebooks) use a plain loop, which beats gemm's
//! dispatch there. That kernel is `kernels/gemm.rs`; this file has the rank rules.

use crate::array::Array;
use crate::error::{unwrap, Error, Result};
use crate::kernels::gemm::{gemm_2d, Mat};
use crate::kernels::small_mm::dot_strided;
use crate::ops::into::{check_out, write_out_init};
use crate::shape::{broadcast_shapes, broadcast_strides, checked_numel, Dims};
use crate::storage::Scalar;
use crate::with_dtype;

/// If the dims `(size, stride)` can be walked as one dim, the stride of that dim
/// (any stride when all sizes are 1).
fn merged_stride(dims: &[(usize, usize)]) -> Option<usize> {
    let mut inner: Option<(usize, usize)> = None; // (stride, elements so far)
    for &(size, stride) in dims.iter().rev().filter(|d| d.0 != 1) {
        inner = match inner {
            None => Some((stride, size)),
            Some((s, count)) if stride == s * count => Some((s, count * size)),
            Some(_) => return None,
        };
    }
    Some(inner.map_or(0, |(s, _)| s))
}

/// The `k` mismatch error, naming the failing dim of each original shape.
fn inner_dim_error(op: &'static str, a: &[usize], b: &[usize]) -> Error {
    let da = a.len() - 1;
    let db = if b.len() == 1 { 0 } else { b.len() - 2 };
    Error::ShapeMismatch {
        op,
        lhs: a.to_vec(),
        rhs: b.to_vec(),
        why: format!("dim {da} ({}) vs dim {db} ({})", a[da], b[db]),
    }
}

/// 2-D times 2-D without the batch bookkeeping below (no operand clones, no
/// broadcast of empty batch shapes).
fn matmul_2d<T: Scalar>(a: &Array, b: &Array) -> Result<Array> {
    let [m, n] = shape_2d(a, b)?;
    let numel = checked_numel("matmul", &[m, n])?;
    Ok(Array::build_init::<T>(&[m, n], numel, |dst| {
        fill_2d(a, b, dst)
    }))
}

/// The result shape `[m, n]` of the 2-D product `a @ b`, or the inner-dim error.
fn shape_2d(a: &Array, b: &Array) -> Result<[usize; 2]> {
    if a.shape[1] != b.shape[0] {
        return Err(inner_dim_error("matmul", a.shape(), b.shape()));
    }
    Ok([a.shape[0], b.shape[1]])
}

/// Writes the 2-D product `a @ b` (shapes checked by [`shape_2d`]) into `out`, row
/// major. Calls `gemm_2d` with exactly the matrices the batched path would pass: for
/// `m == 1` that path merges `a`'s rows into a stride-0 dim, so the row stride is 0
/// here too.
fn fill_2d<T: Scalar>(a: &Array, b: &Array, out: &mut [T]) {
    let (m, k, n) = (a.shape[0], a.shape[1], b.shape[1]);
    if m == 0 || n == 0 {
        return;
    }
    let am = Mat {
        off: a.offset,
        rs: if m == 1 { 0 } else { a.strides[0] },
        cs: a.strides[1],
    };
    let bm = Mat {
        off: b.offset,
        rs: b.strides[0],
        cs: b.strides[1],
    };
    let (ad, bd) = (T::slice(&a.storage), T::slice(&b.storage));
    gemm_2d(m, n, k, (ad, am), (bd, bm), out);
}

/// Batched product of already promoted operands of rank >= 1, not both 1-D.
fn matmul_nd<T: Scalar>(a: &Array, b: &Array) -> Result<Array> {
    const OP: &str = "matmul";
    if a.ndim() == 2 && b.ndim() == 2 {
        return matmul_2d::<T>(a, b);
    }
    // View 1-D operands as [1, k] and [k, 1]; their dim is removed from the result.
    let a2 = if a.ndim() == 1 {
        a.unsqueeze(0)
    } else {
        a.clone()
    };
    let b2 = if b.ndim() == 1 {
        b.unsqueeze(1)
    } else {
        b.clone()
    };
    let (ra, rb) = (a2.ndim(), b2.ndim());
    let (m, k) = (a2.shape[ra - 2], a2.shape[ra - 1]);
    let (kb, n) = (b2.shape[rb - 2], b2.shape[rb - 1]);
    if k != kb {
        return Err(inner_dim_error(OP, a.shape(), b.shape()));
    }
    let batch =
        broadcast_shapes(OP, &a2.shape[..ra - 2], &b2.shape[..rb - 2]).map_err(|e| match e {
            Error::Broadcast {
                dim, left, right, ..
            } => Error::ShapeMismatch {
                op: OP,
                lhs: a.shape().to_vec(),
                rhs: b.shape().to_vec(),
                why: format!(
                    "batch dims do not broadcast: dim {} ({left}) vs dim {} ({right})",
                    ra as isize - 2 + dim,
                    rb as isize - 2 + dim
                ),
            },
            other => other,
        })?;
    let mut out_shape: Dims = batch.clone();
    if a.ndim() > 1 {
        out_shape.push(m);
    }
    if b.ndim() > 1 {
        out_shape.push(n);
    }
    let total = checked_numel(OP, &out_shape)?;
    let mut out = vec![T::ZERO; total];
    let a_bs = broadcast_strides(&a2.shape[..ra - 2], &a2.strides[..ra - 2], &batch);
    let b_bs = broadcast_strides(&b2.shape[..rb - 2], &b2.strides[..rb - 2], &batch);
    let (ad, bd) = (T::slice(&a2.storage), T::slice(&b2.storage));
    let mut am = Mat {
        off: a2.offset,
        rs: a2.strides[ra - 2],
        cs: a2.strides[ra - 1],
    };
    let bm = Mat {
        off: b2.offset,
        rs: b2.strides[rb - 2],
        cs: b2.strides[rb - 1],
    };
    if total == 0 {
        return Ok(Array::from_typed(out, &out_shape));
    }
    // When `b` is the same matrix for every batch entry and `a`'s batch dims line up
    // with its rows, the whole product is one (batch * m) x k times k x n gemm.
    if b_bs.iter().all(|&s| s == 0) {
        let mut dims: Vec<(usize, usize)> =
            batch.iter().copied().zip(a_bs.iter().copied()).collect();
        dims.push((m, am.rs));
        if let Some(rs) = merged_stride(&dims) {
            am.rs = rs;
            gemm_2d(total / n, n, k, (ad, am), (bd, bm), &mut out);
            return Ok(Array::from_typed(out, &out_shape));
        }
    }
    // Otherwise walk the batch index like an odometer, one 2-D product per entry.
    let mut idx: Dims = Dims::from_elem(0, batch.len());
    let (mut ao, mut bo) = (a2.offset, b2.offset);
    for block in out.chunks_mut(m * n) {
        let (at, bt) = (Mat { off: ao, ..am }, Mat { off: bo, ..bm });
        gemm_2d(m, n, k, (ad, at), (bd, bt), block);
        for d in (0..batch.len()).rev() {
            idx[d] += 1;
            ao += a_bs[d];
            bo += b_bs[d];
            if idx[d] < batch[d] {
                break;
            }
            ao -= a_bs[d] * batch[d];
            bo -= b_bs[d] * batch[d];
            idx[d] = 0;
        }
    }
    Ok(Array::from_typed(out, &out_shape))
}

impl Array {
    /// Matrix product with PyTorch's `torch.matmul` rules, or an error naming the
    /// shapes and the failing dim.
    ///
    /// - 1-D · 1-D: dot product, a 0-d array.
    /// - 2-D · 2-D: matrix product.
    /// - 1-D · N-D: the vector is treated as a `[1, k]` matrix, and that 1 is removed.
    /// - N-D · 1-D: the vector is treated as a `[k, 1]` matrix, and that 1 is removed.
    /// - N-D · N-D: batched over the leading dims, which broadcast.
    ///
    /// Mixed f32/f64 operands and 0-d operands are errors, as in PyTorch.
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// let a = Array::zeros(&[2, 3]);
    /// let e = a.try_matmul(&Array::zeros(&[4, 5])).unwrap_err();
    /// assert_eq!(e.to_string(), "matmul: shape [2, 3] does not match [4, 5]: dim 1 (3) vs dim 0 (4)");
    /// assert_eq!(a.try_matmul(&Array::zeros(&[7, 3, 5])).unwrap().shape(), &[7, 2, 5]);
    /// ```
    pub fn try_matmul(&self, other: &Array) -> Result<Array> {
        const OP: &str = "matmul";
        if self.ndim() == 0 || other.ndim() == 0 {
            return Err(Error::invalid(
                OP,
                format!(
                    "both arguments need at least 1 dim, got shapes {:?} and {:?}",
                    self.shape(),
                    other.shape()
                ),
            ));
        }
        if self.dtype() != other.dtype() {
            // PyTorch refuses mixed dtypes here rather than promoting
            return Err(Error::invalid(
                OP,
                format!(
                    "expected both operands to have the same dtype, got {} {:?} and {} {:?}",
                    self.dtype(),
                    self.shape(),
                    other.dtype(),
                    other.shape()
                ),
            ));
        }
        let dtype = self.dtype();
        let (a, b) = (self, other);
        if a.ndim() == 1 && b.ndim() == 1 {
            if a.shape[0] != b.shape[0] {
                return Err(inner_dim_error(OP, a.shape(), b.shape()));
            }
            return Ok(with_dtype!(dtype, T => {
                let v = dot_strided::<T>(
                    a.shape[0],
                    T::slice(&a.storage), a.offset, a.strides[0],
                    T::slice(&b.storage), b.offset, b.strides[0],
                );
                Array::scalar_typed(v)
            }));
        }
        with_dtype!(dtype, T => matmul_nd::<T>(a, b))
    }

    /// Matrix product with PyTorch's `torch.matmul` rules (see [`Array::try_matmul`]).
    ///
    /// # Panics
    /// If an operand is 0-d, the inner dims differ or the batch dims do not broadcast.
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// // [[1, 2], [3, 4]] @ [5, 6] = [1*5 + 2*6, 3*5 + 4*6]
    /// let a = Array::from_vec(vec![1.0, 2.0, 3.0, 4.0], &[2, 2]);
    /// let v = Array::from_slice(&[5.0, 6.0]);
    /// assert_eq!(a.matmul(&v).to_vec::<f32>(), vec![17.0, 39.0]);
    /// ```
    #[track_caller]
    pub fn matmul(&self, other: &Array) -> Array {
        unwrap(self.try_matmul(other))
    }

    /// `out = self @ other` (`torch.matmul(a, b, out=c)`), or the errors of
    /// [`Array::try_matmul`], or an error if `out` does not have the result's shape and
    /// dtype. A 2-D product is written straight into `out`'s buffer when `out` is its
    /// only user (else `out` gets a new one, as for the elementwise `_into` ops); other
    /// ranks compute the product and move it into `out`.
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// // [[1, 2], [3, 4]] @ [[5], [6]] = [[17], [39]]
    /// let a = Array::from_vec(vec![1.0, 2.0, 3.0, 4.0], &[2, 2]);
    /// let b = Array::from_vec(vec![5.0, 6.0], &[2, 1]);
    /// let mut out = Array::zeros(&[2, 1]);
    /// a.try_matmul_into(&b, &mut out).unwrap();
    /// assert_eq!(out.to_vec::<f32>(), vec![17.0, 39.0]);
    /// let e = a.try_matmul_into(&b, &mut Array::zeros(&[2])).unwrap_err();
    /// assert_eq!(e.to_string(), "matmul: out has shape [2] but the result has shape [2, 1]");
    /// ```
    pub fn try_matmul_into(&self, other: &Array, out: &mut Array) -> Result<()> {
        if self.ndim() == 2 && other.ndim() == 2 && self.dtype() == other.dtype() {
            let shape = shape_2d(self, other)?;
            check_out("matmul", out, &shape, self.dtype())?;
            with_dtype!(self.dtype(), T => write_out_init::<T>(out, |o| fill_2d::<T>(self, other, o)));
            return Ok(());
        }
        let product = self.try_matmul(other)?;
        check_out("matmul", out, product.shape(), product.dtype())?;
        *out = product;
        Ok(())
    }

    /// `out = self @ other`.
    ///
    /// # Panics
    /// See [`Array::try_matmul_into`].
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// let a = Array::eye(2);
    /// let b = Array::from_vec(vec![1.0, 2.0, 3.0, 4.0], &[2, 2]);
    /// let mut out = Array::zeros(&[2, 2]);
    /// a.matmul_into(&b, &mut out);
    /// assert_eq!(out.to_vec::<f32>(), vec![1.0, 2.0, 3.0, 4.0]);
    /// ```
    #[track_caller]
    pub fn matmul_into(&self, other: &Array, out: &mut Array) {
        unwrap(self.try_matmul_into(other, out))
    }

    /// Dot product of two 1-D arrays of equal length (`torch.dot`), a 0-d array, or an
    /// error if either is not 1-D or the lengths differ.
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// let e = Array::zeros(&[3]).try_dot(&Array::zeros(&[2, 3])).unwrap_err();
    /// assert_eq!(e.to_string(), "dot: expected two 1-D arrays, got shapes [3] and [2, 3]");
    /// ```
    pub fn try_dot(&self, other: &Array) -> Result<Array> {
        if self.ndim() != 1 || other.ndim() != 1 {
            return Err(Error::invalid(
                "dot",
                format!(
                    "expected two 1-D arrays, got shapes {:?} and {:?}",
                    self.shape(),
                    other.shape()
                ),
            ));
        }
        if self.shape[0] != other.shape[0] {
            return Err(inner_dim_error("dot", self.shape(), other.shape()));
        }
        self.try_matmul(other)
    }

    /// Dot product of two 1-D arrays of equal length.
    ///
    /// # Panics
    /// If either array is not 1-D or the lengths differ (see [`Array::try_dot`]).
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// // 1*4 + 2*5 + 3*6 = 32
    /// let d = Array::from_slice(&[1.0, 2.0, 3.0]).dot(&Array::from_slice(&[4.0, 5.0, 6.0]));
    /// assert_eq!(d.item(), 32.0);
    /// ```
    #[track_caller]
    pub fn dot(&self, other: &Array) -> Array {
        unwrap(self.try_dot(other))
    }

    /// Outer product of two 1-D arrays (`torch.outer`): `out[i, j] = self[i] * other[j]`,
    /// or an error if either is not 1-D.
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// let e = Array::zeros(&[2, 2]).try_outer(&Array::zeros(&[3])).unwrap_err();
    /// assert_eq!(e.to_string(), "outer: expected two 1-D arrays, got shapes [2, 2] and [3]");
    /// ```
    pub fn try_outer(&self, other: &Array) -> Result<Array> {
        if self.ndim() != 1 || other.ndim() != 1 {
            return Err(Error::invalid(
                "outer",
                format!(
                    "expected two 1-D arrays, got shapes {:?} and {:?}",
                    self.shape(),
                    other.shape()
                ),
            ));
        }
        self.unsqueeze(1).try_mul(&other.unsqueeze(0))
    }

    /// Outer product of two 1-D arrays.
    ///
    /// # Panics
    /// If either array is not 1-D (see [`Array::try_outer`]).
    ///
    /// ```
    /// use nanotorch_tensor::Array;
    /// let o = Array::from_slice(&[1.0, 2.0]).outer(&Array::from_slice(&[3.0, 4.0, 5.0]));
    /// assert_eq!(o.shape(), &[2, 3]);
    /// assert_eq!(o.to_vec::<f32>(), vec![3.0, 4.0, 5.0, 6.0, 8.0, 10.0]);
    /// ```
    #[track_caller]
    pub fn outer(&self, other: &Array) -> Array {
        unwrap(self.try_outer(other))
    }
}

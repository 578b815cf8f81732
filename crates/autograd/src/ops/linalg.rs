//! `matmul` with PyTorch's rank rules (dot, matrix-vector, matrix, batched with
//! broadcast batch dims), and its gradient.
//!
//! ```
//! use nanotorch_autograd::Tensor;
//! let a = Tensor::from_vec(vec![1.0, 2.0, 3.0, 4.0], &[2, 2]).requires_grad_(true);
//! let v = Tensor::from_slice(&[5.0, 6.0]);
//! let y = a.matmul(&v).sum(); // y = sum_i sum_j a_ij v_j, so dy/da_ij = v_j
//! y.backward();
//! assert_eq!(a.grad().unwrap().to_vec::<f32>(), vec![5.0, 6.0, 5.0, 6.0]);
//! ```

use super::{grads, unbroadcast, Meta};
use crate::node::{inputs, record, Grads, Rule};
use crate::tensor::Tensor;
use nanotorch_tensor::error::unwrap;
use nanotorch_tensor::shape::Dims;
use nanotorch_tensor::{Error, Result};

/// `a @ b`: with 1-D operands promoted to matrices (`[k]` → `[1, k]` on the left,
/// `[k, 1]` on the right), `grad_a = g @ b^T` and `grad_b = a^T @ g`, each summed
/// over broadcast batch dims and reshaped back. Saves `a` and `b`.
struct Matmul(Dims, Dims);

impl Rule for Matmul {
    fn backward(&self, g: &Tensor, s: &[Tensor], needs: &[bool]) -> Result<Grads> {
        let (a_vec, b_vec) = (self.0.len() == 1, self.1.len() == 1);
        let a = if a_vec {
            s[0].try_unsqueeze(0)?
        } else {
            s[0].clone()
        };
        let b = if b_vec {
            s[1].try_unsqueeze(-1)?
        } else {
            s[1].clone()
        };
        let mut g = g.clone();
        if a_vec && b_vec {
            g = g.try_reshape([1, 1])?;
        } else if a_vec {
            g = g.try_unsqueeze(-2)?;
        } else if b_vec {
            g = g.try_unsqueeze(-1)?;
        }
        let back = |d: Tensor, like: &Tensor, m: &Dims| -> Result<Tensor> {
            d.try_sum_to_shape(&like.shape())?.try_reshape(m.as_slice())
        };
        grads(
            needs,
            [
                &|| back(g.try_matmul(&b.try_transpose(-2, -1)?)?, &a, &self.0),
                &|| back(a.try_transpose(-2, -1)?.try_matmul(&g)?, &b, &self.1),
            ],
        )
    }
}

impl Tensor {
    /// Matrix product with `torch.matmul`'s rules, recorded as `DotBackward0`,
    /// `MvBackward0`, `MmBackward0` or `BmmBackward0` by rank; an error if an operand
    /// is 0-d, the dtypes differ, the inner dims differ or batch dims do not broadcast.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// let e = Tensor::zeros(&[2, 3]).try_matmul(&Tensor::zeros(&[4, 5])).unwrap_err();
    /// assert_eq!(e.to_string(), "matmul: shape [2, 3] does not match [4, 5]: dim 1 (3) vs dim 0 (4)");
    /// ```
    pub fn try_matmul(&self, other: &Tensor) -> Result<Tensor> {
        let [a, b] = inputs([self, other]);
        let out = a.data.try_matmul(&b.data)?;
        let name = match (a.data.ndim(), b.data.ndim()) {
            (1, 1) => "DotBackward0",
            (2, 1) => "MvBackward0",
            (2, 2) => "MmBackward0",
            _ => "BmmBackward0",
        };
        Ok(record(out, name, [a, b], [true, true], |i, _| {
            Matmul(
                Dims::from_slice(i[0].data.shape()),
                Dims::from_slice(i[1].data.shape()),
            )
        }))
    }

    /// Matrix product (`a @ b`).
    ///
    /// # Panics
    /// On the errors of [`try_matmul`](Tensor::try_matmul).
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// let a = Tensor::from_vec(vec![1.0, 2.0, 3.0, 4.0], &[2, 2]);
    /// assert_eq!(a.matmul(&a).to_vec::<f32>(), vec![7.0, 10.0, 15.0, 22.0]);
    /// ```
    #[track_caller]
    pub fn matmul(&self, other: &Tensor) -> Tensor {
        unwrap(self.try_matmul(other))
    }
}

/// `x @ w^T + b` for a matrix `x` `[rows, in]`, a weight `w` `[out, in]` and a bias
/// broadcasting to `[rows, out]` (`nn.Linear`'s product, PyTorch's `addmm`), as one node:
/// `grad_x = g @ w`, `grad_w = (x^T @ g)^T`, `grad_b = g` summed down to the bias's
/// shape. The same products and sums, in the same layouts, as the unfused
/// `x.matmul(&w.t()) + b` records in three nodes. Saves `x` and `w`.
struct Addmm(Meta);

impl Rule for Addmm {
    fn backward(&self, g: &Tensor, s: &[Tensor], needs: &[bool]) -> Result<Grads> {
        let (x, w) = (&s[0], &s[1]);
        grads(
            needs,
            [
                &|| g.try_matmul(w),
                &|| x.try_transpose(-2, -1)?.try_matmul(g)?.try_transpose(0, 1),
                &|| unbroadcast(g, &self.0),
            ],
        )
    }
}

impl Tensor {
    /// `self @ weight^T + bias` for a matrix `self` `[rows, in]`, `weight` `[out, in]`
    /// and a `bias` that broadcasts to `[rows, out]`, recorded as one `AddmmBackward0` node
    /// (what `nn.Linear` computes; the product is rounded to the dtype before the bias
    /// is added, as in `x.matmul(&weight.t()) + bias`). An error unless `self` and
    /// `weight` are matrices with the same dtype and inner dim, or if the bias does not
    /// broadcast to `[rows, out]`.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// let x = Tensor::from_vec(vec![1.0, 2.0], &[2, 1]);
    /// let w = Tensor::from_vec(vec![3.0], &[1, 1]).requires_grad_(true);
    /// let b = Tensor::from_slice(&[0.5]).requires_grad_(true);
    /// let y = x.try_addmm_t(&w, &b).unwrap();
    /// assert_eq!(y.to_vec::<f32>(), vec![3.5, 6.5]);
    /// assert_eq!(y.grad_fn(), Some("AddmmBackward0"));
    /// y.sum().backward(); // d/dw sum(x w + b) = sum(x) = 3, d/db = rows = 2
    /// assert_eq!((w.grad().unwrap().item(), b.grad().unwrap().item()), (3.0, 2.0));
    /// assert!(Tensor::zeros(&[3]).try_addmm_t(&w, &b).is_err());
    /// ```
    pub fn try_addmm_t(&self, weight: &Tensor, bias: &Tensor) -> Result<Tensor> {
        let [x, w, b] = inputs([self, weight, bias]);
        if x.data.ndim() != 2 || w.data.ndim() != 2 {
            return Err(Error::invalid(
                "addmm",
                format!(
                    "the input and the weight must be matrices, got shapes {:?} and {:?}",
                    x.data.shape(),
                    w.data.shape()
                ),
            ));
        }
        let prod = x.data.try_matmul(&w.data.t())?;
        let out = prod.try_add(&b.data)?;
        if out.shape() != prod.shape() {
            return Err(Error::ShapeMismatch {
                op: "addmm",
                lhs: b.data.shape().to_vec(),
                rhs: prod.shape().to_vec(),
                why: "the bias must broadcast to the product's shape [rows, out]".into(),
            });
        }
        Ok(record(
            out,
            "AddmmBackward0",
            [x, w, b],
            [true, true, false],
            |i, o| Addmm(Meta::of(&i[2].data, o)),
        ))
    }

    /// `self @ weight^T + bias`, as one `AddmmBackward0` node.
    ///
    /// # Panics
    /// On the errors of [`try_addmm_t`](Tensor::try_addmm_t).
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// let y = Tensor::ones(&[2, 3]).addmm_t(&Tensor::ones(&[1, 3]), &Tensor::zeros(&[1]));
    /// assert_eq!(y.to_vec::<f32>(), vec![3.0, 3.0]);
    /// ```
    #[track_caller]
    pub fn addmm_t(&self, weight: &Tensor, bias: &Tensor) -> Tensor {
        unwrap(self.try_addmm_t(weight, bias))
    }
}

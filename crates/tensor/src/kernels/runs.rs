//! How a reduction walks memory: one output per position of the kept dims, each
//! reducing a run over the reduced dims.
//!
//! A [`Plan`] splits an array's dims into kept and reduced ones and coalesces the
//! reduced ones, so a run is usually a single slice (reducing the innermost dims) or a
//! single strided line. Only runs over reduced dims that cannot be merged (e.g. dims 0
//! and 2 of a contiguous 3-d array) are gathered into a buffer first. Runs are always
//! visited in row-major order of the reduced dims, outputs in row-major order of the
//! kept dims.

use super::sum::{sum_rows, sum_slice, sum_strided};
use super::walk::{coalesce, for_each_row};
use crate::dtype::Element;
use crate::shape::Dims;

/// The elements of one run, in order.
pub(crate) enum Run<'a, T> {
    /// Laid out back to back.
    Slice(&'a [T]),
    /// `data[offset + i * stride]` for `i in 0..n`.
    Strided {
        data: &'a [T],
        offset: usize,
        stride: usize,
        n: usize,
    },
}

impl<T: Element> Run<'_, T> {
    /// Folds `f(acc, index, value)` over the run in order.
    #[inline]
    pub(crate) fn fold<A>(&self, init: A, mut f: impl FnMut(A, usize, T) -> A) -> A {
        match *self {
            Run::Slice(s) => s.iter().enumerate().fold(init, |a, (i, &x)| f(a, i, x)),
            Run::Strided {
                data,
                offset,
                stride,
                n,
            } => (0..n).fold(init, |a, i| f(a, i, data[offset + i * stride])),
        }
    }

    /// The canonical sum (see [`super::sum`]).
    #[inline]
    pub(crate) fn sum(&self) -> T {
        match *self {
            Run::Slice(s) => sum_slice(s),
            Run::Strided {
                data,
                offset,
                stride,
                n,
            } => sum_strided(data, offset, stride, n),
        }
    }
}

/// Kept and reduced dims of one reduction.
pub(crate) struct Plan {
    kept_shape: Dims,
    kept_strides: Dims,
    red_shape: Dims,
    red_strides: Dims,
    /// Elements per run.
    pub(crate) run_len: usize,
}

impl Plan {
    /// Splits `shape`/`strides` by `reduce` (one flag per dim).
    pub(crate) fn new(shape: &[usize], strides: &[usize], reduce: &[bool]) -> Plan {
        let (mut kept_shape, mut kept_strides) = (Dims::new(), Dims::new());
        let (mut rs, mut rst) = (Dims::new(), Dims::new());
        for ((&n, &s), &r) in shape.iter().zip(strides).zip(reduce) {
            let (sh, st) = if r {
                (&mut rs, &mut rst)
            } else {
                (&mut kept_shape, &mut kept_strides)
            };
            sh.push(n);
            st.push(s);
        }
        let run_len = rs.iter().product();
        let (red_shape, [red_strides]) = coalesce(&rs, [&rst]);
        Plan {
            kept_shape,
            kept_strides,
            red_shape,
            red_strides,
            run_len,
        }
    }

    /// Calls `f(run)` for each output in order and collects the results.
    pub(crate) fn map<T: Element, U>(
        &self,
        data: &[T],
        offset: usize,
        mut f: impl FnMut(Run<'_, T>) -> U,
    ) -> Vec<U> {
        let mut out = Vec::new();
        let mut buf = Vec::new();
        for_each_row(
            &self.kept_shape,
            [&self.kept_strides],
            [offset],
            |[o], [ks], w| {
                for k in 0..w {
                    out.push(f(self.run_at(data, o + k * ks, &mut buf)));
                }
            },
        );
        out
    }

    /// How many outputs (runs) there are: the product of the kept dims.
    pub(crate) fn outputs(&self) -> usize {
        self.kept_shape.iter().product()
    }

    /// Writes the canonical sum of every run into `out` (one slot per output, in order).
    /// When the runs go along a non-innermost dim and neighbouring outputs are neighbours
    /// in memory, whole rows are summed at once.
    ///
    /// Panics if `out.len()` is not [`Plan::outputs`].
    pub(crate) fn sum_into<T: Element>(&self, data: &[T], offset: usize, out: &mut [T]) {
        assert_eq!(out.len(), self.outputs(), "sum: output length");
        let mut pos = 0;
        let mut buf = Vec::new();
        let single_strided = self.red_shape.len() == 1 && self.red_strides[0] != 1;
        for_each_row(
            &self.kept_shape,
            [&self.kept_strides],
            [offset],
            |[o], [ks], w| {
                let dst = &mut out[pos..pos + w];
                pos += w;
                if single_strided && ks == 1 && w > 1 {
                    sum_rows(data, o, self.red_strides[0], self.run_len, dst);
                } else {
                    for (k, d) in dst.iter_mut().enumerate() {
                        *d = self.run_at(data, o + k * ks, &mut buf).sum();
                    }
                }
            },
        );
    }

    /// The run whose first element is at `base`, gathering into `buf` if its dims
    /// cannot be addressed with one stride.
    fn run_at<'a, T: Element>(
        &self,
        data: &'a [T],
        base: usize,
        buf: &'a mut Vec<T>,
    ) -> Run<'a, T> {
        if self.run_len == 0 {
            return Run::Slice(&[]);
        }
        match self.red_shape.len() {
            0 => Run::Slice(&data[base..base + 1]),
            1 if self.red_strides[0] == 1 => Run::Slice(&data[base..base + self.run_len]),
            1 => Run::Strided {
                data,
                offset: base,
                stride: self.red_strides[0],
                n: self.run_len,
            },
            _ => {
                buf.clear();
                for_each_row(
                    &self.red_shape,
                    [&self.red_strides],
                    [base],
                    |[o], [s], n| buf.extend((0..n).map(|i| data[o + i * s])),
                );
                Run::Slice(buf)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The run sums of `plan` over `data`, through [`Plan::sum_into`].
    fn sums<T: Element>(plan: &Plan, data: &[T]) -> Vec<T> {
        let mut out = vec![T::ZERO; plan.outputs()];
        plan.sum_into(data, 0, &mut out);
        out
    }

    #[test]
    fn runs_follow_row_major_order() {
        // a contiguous [2, 3, 2] buffer holding 0..12; reducing dims 0 and 2 leaves 3
        // outputs, output j collecting elements {6i + 2j + k}: j = 0 -> [0, 1, 6, 7]
        let data: Vec<f64> = (0..12).map(|i| i as f64).collect();
        let plan = Plan::new(&[2, 3, 2], &[6, 2, 1], &[true, false, true]);
        assert_eq!(plan.run_len, 4);
        let runs = plan.map(&data, 0, |r| {
            r.fold(vec![], |mut v, _, x| {
                v.push(x);
                v
            })
        });
        assert_eq!(
            runs,
            vec![
                vec![0.0, 1.0, 6.0, 7.0],
                vec![2.0, 3.0, 8.0, 9.0],
                vec![4.0, 5.0, 10.0, 11.0]
            ]
        );
        // the sums: 14, 22, 30
        assert_eq!(sums(&plan, &data), vec![14.0, 22.0, 30.0]);
    }

    #[test]
    fn column_sums_use_rows_and_match_strided() {
        // [3, 4] holding 0..12, reduce dim 0: column c sums c + (4 + c) + (8 + c) = 12 + 3c
        let data: Vec<f32> = (0..12).map(|i| i as f32).collect();
        let plan = Plan::new(&[3, 4], &[4, 1], &[true, false]);
        assert_eq!(sums(&plan, &data), vec![12.0, 15.0, 18.0, 21.0]);
        // the transposed view [4, 3] with strides [1, 4], reducing dim 1: same runs
        let plan_t = Plan::new(&[4, 3], &[1, 4], &[false, true]);
        assert_eq!(sums(&plan_t, &data), vec![12.0, 15.0, 18.0, 21.0]);
    }

    #[test]
    fn empty_runs_and_empty_outputs() {
        // reducing a zero-size dim gives empty runs (sum 0); a zero-size kept dim gives no outputs
        let plan = Plan::new(&[2, 0], &[0, 1], &[false, true]);
        assert_eq!(sums::<f32>(&plan, &[]), vec![0.0, 0.0]);
        let plan = Plan::new(&[0, 3], &[3, 1], &[false, true]);
        assert!(sums::<f32>(&plan, &[]).is_empty());
    }
}

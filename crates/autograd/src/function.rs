//! Custom differentiable functions (`torch.autograd.Function`): the user writes
//! `forward` and `backward`; [`Function::apply`] records a node of the same kind the
//! built-in ops use.
//!
//! ```
//! use nanotorch_autograd::{Context, Function, Tensor};
//!
//! /// P3(x) = (5x^3 - 3x) / 2, the Legendre polynomial of degree 3.
//! #[derive(Clone, Copy)]
//! struct LegendrePolynomial3;
//!
//! impl Function for LegendrePolynomial3 {
//!     const NAME: &'static str = "LegendrePolynomial3Backward";
//!     fn forward(&self, ctx: &mut Context, inputs: &[&Tensor]) -> Tensor {
//!         let input = inputs[0];
//!         ctx.save_for_backward(&[input]);
//!         0.5 * (5.0 * input.pow(3.0) - 3.0 * input)
//!     }
//!     fn backward(&self, ctx: &Context, grad_output: &Tensor) -> Vec<Option<Tensor>> {
//!         let input = &ctx.saved_tensors()[0];
//!         vec![Some(grad_output * 1.5 * (5.0 * input.pow(2.0) - 1.0))]
//!     }
//! }
//!
//! let x = Tensor::scalar(2.0).requires_grad_(true);
//! let y = LegendrePolynomial3.apply(&[&x]);
//! assert_eq!(y.item(), 17.0); // (40 - 6) / 2
//! assert_eq!(y.grad_fn(), Some("LegendrePolynomial3Backward"));
//! y.backward();
//! assert_eq!(x.grad().unwrap().item(), 28.5); // 1.5 (5 x^2 - 1)
//! ```

use crate::grad_mode::is_grad_enabled;
use crate::grad_mode::no_grad;
use crate::node::{new_node, Edge, Grads, Input, Rule, SavedTensor};
use crate::ops::{unbroadcast, Meta};
use crate::tensor::Tensor;
use nanotorch_tensor::{Error, Result};
use smallvec::SmallVec;

/// What `forward` passes to `backward`: the saved tensors, and which inputs need a
/// gradient (`ctx` in PyTorch).
pub struct Context {
    to_save: SmallVec<[SavedTensor; 2]>,
    saved: SmallVec<[Tensor; 2]>,
    needs: SmallVec<[bool; 2]>,
}

impl Context {
    /// Saves tensors for `backward` (`ctx.save_for_backward(...)`). Modifying one of
    /// them in place before `backward` makes `backward` fail.
    ///
    /// ```
    /// # use nanotorch_autograd::{Context, Function, Tensor};
    /// # #[derive(Clone, Copy)] struct Square;
    /// # impl Function for Square {
    /// fn forward(&self, ctx: &mut Context, inputs: &[&Tensor]) -> Tensor {
    ///     ctx.save_for_backward(inputs);
    ///     inputs[0] * inputs[0]
    /// }
    /// # fn backward(&self, ctx: &Context, g: &Tensor) -> Vec<Option<Tensor>> {
    /// #     vec![Some(g * &ctx.saved_tensors()[0] * 2.0)]
    /// # }
    /// # }
    /// # let x = Tensor::scalar(3.0).requires_grad_(true);
    /// # Square.apply(&[&x]).backward();
    /// # assert_eq!(x.grad().unwrap().item(), 6.0);
    /// ```
    pub fn save_for_backward(&mut self, tensors: &[&Tensor]) {
        for t in tensors {
            self.to_save.push(SavedTensor {
                tensor: (*t).clone(),
                version: t.version(),
            });
        }
    }

    /// The tensors saved in `forward`, in order (`ctx.saved_tensors`); empty in
    /// `forward` itself.
    ///
    /// ```
    /// # use nanotorch_autograd::{Context, Function, Tensor};
    /// # #[derive(Clone, Copy)] struct Double;
    /// # impl Function for Double {
    /// # fn forward(&self, ctx: &mut Context, inputs: &[&Tensor]) -> Tensor { inputs[0] * 2.0 }
    /// fn backward(&self, ctx: &Context, g: &Tensor) -> Vec<Option<Tensor>> {
    ///     assert!(ctx.saved_tensors().is_empty());
    ///     vec![Some(g * 2.0)]
    /// }
    /// # }
    /// # let x = Tensor::scalar(3.0).requires_grad_(true);
    /// # Double.apply(&[&x]).backward();
    /// ```
    pub fn saved_tensors(&self) -> &[Tensor] {
        &self.saved
    }

    /// Whether input `i` needs a gradient (`ctx.needs_input_grad[i]`); a backward may
    /// return `None` for inputs that don't.
    ///
    /// ```
    /// # use nanotorch_autograd::{Context, Function, Tensor};
    /// # #[derive(Clone, Copy)] struct Mul;
    /// # impl Function for Mul {
    /// # fn forward(&self, ctx: &mut Context, i: &[&Tensor]) -> Tensor { ctx.save_for_backward(i); i[0] * i[1] }
    /// fn backward(&self, ctx: &Context, g: &Tensor) -> Vec<Option<Tensor>> {
    ///     let s = ctx.saved_tensors();
    ///     vec![
    ///         ctx.needs_input_grad(0).then(|| g * &s[1]),
    ///         ctx.needs_input_grad(1).then(|| g * &s[0]),
    ///     ]
    /// }
    /// # }
    /// # let a = Tensor::scalar(3.0).requires_grad_(true);
    /// # Mul.apply(&[&a, &Tensor::scalar(4.0)]).backward();
    /// # assert_eq!(a.grad().unwrap().item(), 4.0);
    /// ```
    pub fn needs_input_grad(&self, i: usize) -> bool {
        self.needs.get(i).copied().unwrap_or(false)
    }
}

/// A differentiable function with a hand-written gradient
/// (`torch.autograd.Function`). See the [module docs](self) for a full example.
pub trait Function: Send + Sync + Sized + 'static {
    /// The `grad_fn` name of outputs (PyTorch prints the class name + `Backward`).
    const NAME: &'static str = "FunctionBackward";

    /// Computes the output from `inputs`. Runs with recording off; call
    /// [`Context::save_for_backward`] for what `backward` needs.
    fn forward(&self, ctx: &mut Context, inputs: &[&Tensor]) -> Tensor;

    /// Given the gradient of the output, returns one gradient per input (`None` for
    /// an input that needs none). Written with tensor ops, so it is itself
    /// differentiable when backward runs with `create_graph`.
    fn backward(&self, ctx: &Context, grad_output: &Tensor) -> Vec<Option<Tensor>>;

    /// Runs `forward` and records a node whose rule is `backward`
    /// (`Function.apply(...)`).
    ///
    /// ```
    /// # use nanotorch_autograd::{Context, Function, Tensor};
    /// # #[derive(Clone, Copy)] struct Double;
    /// # impl Function for Double {
    /// # fn forward(&self, _: &mut Context, inputs: &[&Tensor]) -> Tensor { inputs[0] * 2.0 }
    /// # fn backward(&self, _: &Context, g: &Tensor) -> Vec<Option<Tensor>> { vec![Some(g * 2.0)] }
    /// # }
    /// let x = Tensor::scalar(3.0).requires_grad_(true);
    /// let y = Double.apply(&[&x]);
    /// assert_eq!(y.grad_fn(), Some("FunctionBackward"));
    /// ```
    fn apply(self, inputs: &[&Tensor]) -> Tensor {
        let track = is_grad_enabled();
        // Edges and shapes are read under short locks, released before `forward` runs
        // (which may read or even modify its inputs).
        let (edges, metas): (SmallVec<[Edge; 3]>, Vec<Meta>) = inputs
            .iter()
            .map(|t| {
                let i = Input::read(t, track);
                (i.edge, Meta::full(&i.data))
            })
            .unzip();
        let mut ctx = Context {
            to_save: SmallVec::new(),
            saved: SmallVec::new(),
            needs: edges.iter().map(Edge::is_some).collect(),
        };
        let out = no_grad(|| self.forward(&mut ctx, inputs));
        if !ctx.needs.iter().any(|&n| n) {
            return out;
        }
        let rule = FunctionRule { f: self, metas };
        Tensor::from_node(out.array(), new_node(Self::NAME, edges, ctx.to_save, rule))
    }
}

/// The rule of a custom function's node: calls the user's `backward` and checks the
/// gradients it returns (count, shape; broadcastable ones are summed down as PyTorch does).
struct FunctionRule<F> {
    f: F,
    metas: Vec<Meta>,
}

impl<F: Function> Rule for FunctionRule<F> {
    fn backward(&self, grad: &Tensor, saved: &[Tensor], needs: &[bool]) -> Result<Grads> {
        let ctx = Context {
            to_save: SmallVec::new(),
            saved: saved.iter().cloned().collect(),
            needs: needs.iter().copied().collect(),
        };
        let out = self.f.backward(&ctx, grad);
        if out.len() != self.metas.len() {
            return Err(Error::invalid(
                "backward",
                format!(
                    "function {} returned an incorrect number of gradients (expected {}, got {})",
                    F::NAME,
                    self.metas.len(),
                    out.len()
                ),
            ));
        }
        let mut grads = Grads::new();
        for (i, (g, m)) in out.into_iter().zip(&self.metas).enumerate() {
            grads.push(match g {
                Some(g) if needs[i] => Some(unbroadcast(&g, m).map_err(|_| {
                    Error::invalid(
                        "backward",
                        format!(
                            "function {} returned a gradient of shape {:?} for input {i} of shape {:?}",
                            F::NAME,
                            g.shape().as_slice(),
                            m.shape(&[])
                        ),
                    )
                })?),
                _ => None,
            });
        }
        Ok(grads)
    }
}

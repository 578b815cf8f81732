//! The [`Module`] trait (`torch.nn.Module`): a forward pass plus the parameters it
//! owns, found by walking named children.
//!
//! A module tells nanotorch two things about what it holds:
//! - [`Module::own_parameters`]: the tensors it holds directly (a [`Linear`](crate::Linear)'s
//!   `weight` and `bias`), with their local names;
//! - [`Module::named_children`]: the modules it holds, with their field names. The
//!   [`children!`](crate::children) macro writes this method from a list of fields.
//!
//! Everything else ([`named_parameters`](Module::named_parameters) with PyTorch's dotted
//! names, [`parameters`](Module::parameters), [`zero_grad`](Module::zero_grad),
//! [`train`](Module::train)/[`eval`](Module::eval), [`state_dict`](Module::state_dict),
//! [`load_state_dict`](Module::load_state_dict)) is provided.
//!
//! ```
//! use nanotorch_autograd::Tensor;
//! use nanotorch_nn::{children, Linear, Module};
//! use nanotorch_tensor::Result;
//!
//! struct LinearRegression {
//!     lin: Linear,
//! }
//!
//! impl Module for LinearRegression {
//!     fn try_forward(&self, x: &Tensor) -> Result<Tensor> {
//!         self.lin.try_forward(x)
//!     }
//!     children!(lin);
//! }
//!
//! let model = LinearRegression { lin: Linear::new(1, 1, true) };
//! let names: Vec<String> = model.named_parameters().into_iter().map(|(n, _)| n).collect();
//! assert_eq!(names, ["lin.weight", "lin.bias"]);
//! ```

use crate::mode::Mode;
use crate::state_dict::{self, StateDict};
use nanotorch_autograd::Tensor;
use nanotorch_tensor::error::unwrap;
use nanotorch_tensor::Result;
use std::any::Any;

/// A layer or a whole model: a forward pass over tensors, plus the parameters it owns.
///
/// Implement [`try_forward`](Module::try_forward), and tell nanotorch what the module
/// holds:
/// - [`own_parameters`](Module::own_parameters): the tensors it holds directly (a
///   [`Linear`](crate::Linear)'s `weight` and `bias`), with their local names;
/// - [`named_children`](Module::named_children): the modules it holds, with their field
///   names, most easily written with [`children!`](crate::children) (see the
///   [crate docs](crate) for the notebooks' `LinearRegression`).
///
/// Everything else is provided: [`named_parameters`](Module::named_parameters) with
/// PyTorch's dotted names, [`parameters`](Module::parameters),
/// [`zero_grad`](Module::zero_grad), [`train`](Module::train)/[`eval`](Module::eval),
/// [`state_dict`](Module::state_dict), [`load_state_dict`](Module::load_state_dict) and
/// safetensors files.
///
/// ```
/// use nanotorch_autograd::Tensor;
/// use nanotorch_nn::{Linear, Module};
/// let lin = Linear::new(3, 2, true);
/// assert_eq!(lin.forward(&Tensor::zeros(&[4, 3])).shape().as_slice(), &[4, 2]);
/// assert_eq!(lin.parameters().len(), 2);
/// ```
pub trait Module: AsAny + Send + Sync {
    /// The forward pass, or an error naming the shapes when `input` does not fit.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// use nanotorch_nn::{Linear, Module};
    /// let e = Linear::new(3, 2, true).try_forward(&Tensor::zeros(&[4, 5])).unwrap_err();
    /// assert!(e.to_string().starts_with("linear:"));
    /// ```
    fn try_forward(&self, input: &Tensor) -> Result<Tensor>;

    /// The forward pass (`model(x)` in PyTorch).
    ///
    /// # Panics
    /// With the message of [`try_forward`](Module::try_forward) when `input` does not fit.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// use nanotorch_nn::{Module, ReLU};
    /// assert_eq!(ReLU.forward(&Tensor::from_slice(&[-1.0, 2.0])).to_vec::<f32>(), vec![0.0, 2.0]);
    /// ```
    #[track_caller]
    fn forward(&self, input: &Tensor) -> Tensor {
        unwrap(self.try_forward(input))
    }

    /// The tensors this module holds directly, with their local names (PyTorch's
    /// `_parameters`); children's parameters are not included. Default: none.
    ///
    /// ```
    /// use nanotorch_nn::{Linear, Module};
    /// let names: Vec<String> = Linear::new(2, 1, false).own_parameters().into_iter().map(|p| p.0).collect();
    /// assert_eq!(names, ["weight"]);
    /// ```
    fn own_parameters(&self) -> Vec<(String, Tensor)> {
        Vec::new()
    }

    /// The modules this module holds, with their names, in order (PyTorch's
    /// `named_children()`). Default: none. Write it with [`children!`](crate::children).
    ///
    /// ```
    /// use nanotorch_nn::{Linear, Module, ReLU, Sequential};
    /// let model = Sequential::new(vec![Box::new(Linear::new(2, 2, true)), Box::new(ReLU)]);
    /// let names: Vec<String> = model.named_children().into_iter().map(|c| c.0).collect();
    /// assert_eq!(names, ["0", "1"]);
    /// ```
    fn named_children(&self) -> Vec<(String, &dyn Module)> {
        Vec::new()
    }

    /// The train/eval flag this module holds itself, if any. Built-in modules hold one;
    /// a module made of children may leave the default `None`, and its mode is then
    /// its children's (see [`is_training`](Module::is_training)).
    ///
    /// ```
    /// use nanotorch_nn::{Module, Tanh};
    /// assert!(Tanh.mode().is_none());
    /// ```
    fn mode(&self) -> Option<&Mode> {
        None
    }

    /// Every parameter of this module and its descendants, with PyTorch's dotted names
    /// (`0.weight`, `lin.bias`): own parameters first, then each child's, depth first.
    /// A tensor reachable twice is listed once, under its first name, as in PyTorch.
    ///
    /// ```
    /// use nanotorch_nn::{Flatten, Linear, Module, Sequential};
    /// let model = Sequential::new(vec![Box::new(Linear::new(3, 1, true)), Box::new(Flatten::new(0, 1))]);
    /// let names: Vec<String> = model.named_parameters().into_iter().map(|p| p.0).collect();
    /// assert_eq!(names, ["0.weight", "0.bias"]);
    /// ```
    fn named_parameters(&self) -> Vec<(String, Tensor)> {
        let mut out: Vec<(String, Tensor)> = Vec::new();
        collect_parameters(self.as_dyn_module(), "", &mut out);
        out
    }

    /// Every parameter, in the order of [`named_parameters`](Module::named_parameters)
    /// (`model.parameters()`); the handles share their tensors with the module.
    ///
    /// ```
    /// use nanotorch_nn::{Linear, Module};
    /// let lin = Linear::new(1, 1, true);
    /// let params = lin.parameters();
    /// assert!(params[0].is_same(lin.weight()) && params[1].is_same(lin.bias().unwrap()));
    /// ```
    fn parameters(&self) -> Vec<Tensor> {
        self.named_parameters()
            .into_iter()
            .map(|(_, t)| t)
            .collect()
    }

    /// Drops every parameter's gradient (`model.zero_grad()`, whose default in
    /// PyTorch 2.x is `set_to_none=True`): `.grad()` is `None` until the next backward.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// use nanotorch_nn::{Linear, Module};
    /// let lin = Linear::new(2, 1, true);
    /// lin.forward(&Tensor::ones(&[2])).sum().backward();
    /// assert!(lin.weight().grad().is_some());
    /// lin.zero_grad();
    /// assert!(lin.weight().grad().is_none());
    /// ```
    fn zero_grad(&self) {
        for p in self.parameters() {
            p.set_grad(None);
        }
    }

    /// Sets training mode on this module and all its descendants
    /// (`model.train(mode)`).
    ///
    /// ```
    /// use nanotorch_nn::{Linear, Module};
    /// let lin = Linear::new(1, 1, true);
    /// lin.set_training(false);
    /// assert!(!lin.is_training());
    /// ```
    fn set_training(&self, training: bool) {
        if let Some(m) = self.mode() {
            m.set(training);
        }
        for (_, c) in self.named_children() {
            c.set_training(training);
        }
    }

    /// Puts this module and its descendants in training mode (`model.train()`).
    ///
    /// ```
    /// use nanotorch_nn::{Linear, Module};
    /// let lin = Linear::new(1, 1, true);
    /// lin.eval();
    /// lin.train();
    /// assert!(lin.is_training());
    /// ```
    fn train(&self) {
        self.set_training(true);
    }

    /// Puts this module and its descendants in evaluation mode (`model.eval()`).
    ///
    /// ```
    /// use nanotorch_nn::{Linear, Module};
    /// let lin = Linear::new(1, 1, true);
    /// lin.eval();
    /// assert!(!lin.is_training());
    /// ```
    fn eval(&self) {
        self.set_training(false);
    }

    /// True in training mode (`model.training`), the state modules start in. A module
    /// without its own [`mode`](Module::mode) reports training unless it has children
    /// and all of them are in evaluation mode.
    ///
    /// ```
    /// use nanotorch_nn::{Linear, Module};
    /// assert!(Linear::new(1, 1, true).is_training());
    /// ```
    fn is_training(&self) -> bool {
        match self.mode() {
            Some(m) => m.get(),
            None => {
                let children = self.named_children();
                children.is_empty() || children.iter().any(|(_, c)| c.is_training())
            }
        }
    }

    /// The parameters' values by dotted name, in [`named_parameters`](Module::named_parameters)
    /// order (`model.state_dict()`); the arrays are snapshots that later updates of the
    /// parameters do not change.
    ///
    /// ```
    /// use nanotorch_nn::{Linear, Module};
    /// let sd = Linear::new(3, 2, true).state_dict();
    /// assert_eq!(sd.keys().collect::<Vec<_>>(), ["weight", "bias"]);
    /// assert_eq!(sd.get("weight").unwrap().shape(), &[2, 3]);
    /// ```
    fn state_dict(&self) -> StateDict {
        self.named_parameters()
            .into_iter()
            .map(|(n, t)| (n, t.array()))
            .collect()
    }

    /// Copies `state` into the parameters (`model.load_state_dict(state)`, strict), or
    /// an error naming every missing and unexpected key, or the first tensor whose
    /// shape differs; nothing is modified on error. Values are cast to each
    /// parameter's dtype, as PyTorch's `copy_` does.
    ///
    /// ```
    /// use nanotorch_nn::{Linear, Module, StateDict};
    /// let lin = Linear::new(3, 1, true);
    /// let e = lin.try_load_state_dict(&StateDict::new()).unwrap_err();
    /// assert_eq!(e.to_string(), r#"load_state_dict: missing key(s) in state_dict: "weight", "bias""#);
    /// ```
    fn try_load_state_dict(&self, state: &StateDict) -> Result<()> {
        state_dict::load_into(&self.named_parameters(), state)
    }

    /// Copies `state` into the parameters (strict, as PyTorch's default).
    ///
    /// # Panics
    /// On the errors of [`try_load_state_dict`](Module::try_load_state_dict).
    ///
    /// ```
    /// use nanotorch_nn::{Linear, Module};
    /// let (a, b) = (Linear::new(2, 1, true), Linear::new(2, 1, true));
    /// b.load_state_dict(&a.state_dict());
    /// assert_eq!(b.weight().to_vec::<f32>(), a.weight().to_vec::<f32>());
    /// ```
    #[track_caller]
    fn load_state_dict(&self, state: &StateDict) {
        unwrap(self.try_load_state_dict(state))
    }

    /// Writes [`state_dict`](Module::state_dict) to a safetensors file, with the names
    /// PyTorch's `safetensors.torch.save_file(model.state_dict(), path)` uses.
    ///
    /// ```
    /// use nanotorch_nn::{Linear, Module};
    /// let path = std::env::temp_dir().join(format!("nanotorch_doc_save_{}.safetensors", std::process::id()));
    /// Linear::new(2, 1, true).save_safetensors(&path).unwrap();
    /// assert!(std::fs::metadata(&path).unwrap().len() > 8);
    /// std::fs::remove_file(&path).unwrap();
    /// ```
    fn save_safetensors(&self, path: impl AsRef<std::path::Path>) -> Result<()>
    where
        Self: Sized,
    {
        self.state_dict().save_safetensors(path)
    }

    /// Reads a safetensors file and loads it as [`try_load_state_dict`](Module::try_load_state_dict)
    /// does. There is no panicking form: a file can always be missing or bad.
    ///
    /// ```
    /// use nanotorch_nn::{Linear, Module};
    /// let e = Linear::new(2, 1, true).load_safetensors("/nonexistent/x.safetensors").unwrap_err();
    /// assert!(e.to_string().starts_with("load_safetensors: cannot read /nonexistent/x.safetensors"));
    /// ```
    fn load_safetensors(&self, path: impl AsRef<std::path::Path>) -> Result<()>
    where
        Self: Sized,
    {
        self.try_load_state_dict(&StateDict::load_safetensors(path)?)
    }
}

fn collect_parameters(m: &dyn Module, prefix: &str, out: &mut Vec<(String, Tensor)>) {
    for (name, t) in m.own_parameters() {
        if !out.iter().any(|(_, seen)| seen.is_same(&t)) {
            out.push((format!("{prefix}{name}"), t));
        }
    }
    for (name, child) in m.named_children() {
        collect_parameters(child, &format!("{prefix}{name}."), out);
    }
}

/// Views any `'static` module as `&dyn Any` (for downcasting) or `&dyn Module`;
/// implemented for every type, so a module never writes it.
///
/// ```
/// use nanotorch_nn::{AsAny, Linear};
/// let lin = Linear::new(1, 1, true);
/// assert!(lin.as_any().downcast_ref::<Linear>().is_some());
/// ```
pub trait AsAny {
    /// `self` as `&dyn Any`.
    ///
    /// ```
    /// use nanotorch_nn::{AsAny, ReLU};
    /// assert!(ReLU.as_any().is::<ReLU>());
    /// ```
    fn as_any(&self) -> &dyn Any;

    /// `self` as `&dyn Module`.
    ///
    /// ```
    /// use nanotorch_nn::{AsAny, Module, ReLU};
    /// assert!(ReLU.as_dyn_module().named_children().is_empty());
    /// ```
    fn as_dyn_module(&self) -> &dyn Module;
}

impl<T: Module + 'static> AsAny for T {
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn as_dyn_module(&self) -> &dyn Module {
        self
    }
}

impl dyn Module {
    /// This module as a `T`, if it is one (how `model[0]` of a
    /// [`Sequential`](crate::Sequential) becomes a [`Linear`](crate::Linear) again).
    ///
    /// ```
    /// use nanotorch_nn::{Linear, Module, ReLU, Sequential};
    /// let model = Sequential::new(vec![Box::new(Linear::new(3, 1, true)), Box::new(ReLU)]);
    /// assert_eq!(model[0].downcast_ref::<Linear>().unwrap().in_features(), 3);
    /// assert!(model[1].downcast_ref::<Linear>().is_none());
    /// ```
    pub fn downcast_ref<T: Module + 'static>(&self) -> Option<&T> {
        self.as_any().downcast_ref::<T>()
    }
}

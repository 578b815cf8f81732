//! [`Sequential`]: modules applied one after another (`torch.nn.Sequential`), and the
//! [`sequential!`](crate::sequential) macro that builds one from a list.

use crate::mode::Mode;
use crate::module::Module;
use nanotorch_autograd::Tensor;
use nanotorch_tensor::Result;
use std::ops::Index;

/// Modules applied in order, the output of each the input of the next
/// (`nn.Sequential(...)`). Children are named `"0"`, `"1"`, ..., so parameters are
/// `0.weight`, `0.bias`, ...; `model[i]` is the `i`-th module as `&dyn Module`, and
/// [`get_as`](Sequential::get_as) gives it back with its own type.
///
/// ```
/// use nanotorch_autograd::Tensor;
/// use nanotorch_nn::{sequential, Flatten, Linear, Module};
/// // torch.nn.Sequential(torch.nn.Linear(3, 1), torch.nn.Flatten(0, 1))
/// let model = sequential![Linear::new(3, 1, true), Flatten::new(0, 1)];
/// let y = model.forward(&Tensor::zeros(&[2000, 3]));
/// assert_eq!(y.shape().as_slice(), &[2000]);
/// let linear_layer = model.get_as::<Linear>(0).unwrap(); // model[0]
/// assert_eq!(linear_layer.weight().shape().as_slice(), &[1, 3]);
/// ```
#[derive(Default)]
pub struct Sequential {
    modules: Vec<Box<dyn Module>>,
    mode: Mode,
}

impl Sequential {
    /// A `Sequential` of `modules`, in order.
    ///
    /// ```
    /// use nanotorch_nn::{Linear, Module, ReLU, Sequential};
    /// let model = Sequential::new(vec![Box::new(Linear::new(4, 8, true)), Box::new(ReLU)]);
    /// assert_eq!(model.len(), 2);
    /// ```
    pub fn new(modules: Vec<Box<dyn Module>>) -> Sequential {
        Sequential {
            modules,
            mode: Mode::default(),
        }
    }

    /// Appends a module and returns the `Sequential`, for building step by step
    /// (`model.append(m)`).
    ///
    /// ```
    /// use nanotorch_nn::{Linear, Sequential, Tanh};
    /// let model = Sequential::default().push(Linear::new(2, 2, true)).push(Tanh);
    /// assert_eq!(model.len(), 2);
    /// ```
    pub fn push(mut self, module: impl Module + 'static) -> Sequential {
        self.modules.push(Box::new(module));
        self
    }

    /// Number of modules.
    ///
    /// ```
    /// use nanotorch_nn::{sequential, ReLU, Tanh};
    /// assert_eq!(sequential![ReLU, Tanh].len(), 2);
    /// ```
    pub fn len(&self) -> usize {
        self.modules.len()
    }

    /// True if there are no modules (the forward pass then returns its input).
    ///
    /// ```
    /// use nanotorch_nn::Sequential;
    /// assert!(Sequential::default().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.modules.is_empty()
    }

    /// The `i`-th module, or `None` past the end.
    ///
    /// ```
    /// use nanotorch_nn::{sequential, ReLU};
    /// let model = sequential![ReLU];
    /// assert!(model.get(0).is_some() && model.get(1).is_none());
    /// ```
    pub fn get(&self, i: usize) -> Option<&(dyn Module + 'static)> {
        self.modules.get(i).map(|m| m.as_ref())
    }

    /// The `i`-th module as a `T`, or `None` past the end or if it is not a `T`
    /// (`linear_layer = model[0]` in the sine-fit notebook).
    ///
    /// ```
    /// use nanotorch_nn::{sequential, Flatten, Linear};
    /// let model = sequential![Linear::new(3, 1, true), Flatten::new(0, 1)];
    /// assert_eq!(model.get_as::<Linear>(0).unwrap().in_features(), 3);
    /// assert!(model.get_as::<Linear>(1).is_none());
    /// ```
    pub fn get_as<T: Module + 'static>(&self, i: usize) -> Option<&T> {
        self.get(i)?.downcast_ref::<T>()
    }

    /// The modules, in order.
    ///
    /// ```
    /// use nanotorch_nn::{sequential, Module, ReLU, Tanh};
    /// assert_eq!(sequential![ReLU, Tanh].iter().filter(|m| m.parameters().is_empty()).count(), 2);
    /// ```
    pub fn iter(&self) -> impl Iterator<Item = &(dyn Module + 'static)> {
        self.modules.iter().map(|m| m.as_ref())
    }
}

impl Index<usize> for Sequential {
    type Output = dyn Module;

    /// `model[i]`.
    ///
    /// # Panics
    /// If `i` is past the end, with a message naming `i` and the length.
    #[track_caller]
    fn index(&self, i: usize) -> &(dyn Module + 'static) {
        match self.get(i) {
            Some(m) => m,
            None => panic!(
                "Sequential: index {i} is out of range for {} module(s)",
                self.len()
            ),
        }
    }
}

impl Module for Sequential {
    /// Each module's forward pass in turn; an error from any of them is returned as is.
    ///
    /// ```
    /// use nanotorch_autograd::Tensor;
    /// use nanotorch_nn::{sequential, Linear, Module, ReLU};
    /// let model = sequential![Linear::new(4, 8, true), ReLU, Linear::new(8, 2, false)];
    /// assert_eq!(model.forward(&Tensor::zeros(&[5, 4])).shape().as_slice(), &[5, 2]);
    /// assert!(model.try_forward(&Tensor::zeros(&[5, 3])).is_err());
    /// ```
    fn try_forward(&self, x: &Tensor) -> Result<Tensor> {
        let mut y = x.clone();
        for m in &self.modules {
            y = m.try_forward(&y)?;
        }
        Ok(y)
    }

    fn named_children(&self) -> Vec<(String, &dyn Module)> {
        self.modules
            .iter()
            .enumerate()
            .map(|(i, m)| (i.to_string(), m.as_ref()))
            .collect()
    }

    fn mode(&self) -> Option<&Mode> {
        Some(&self.mode)
    }
}

/// Builds a [`Sequential`] from modules of any types, boxing each:
/// `sequential![Linear::new(3, 1, true), Flatten::new(0, 1)]` is
/// `torch.nn.Sequential(torch.nn.Linear(3, 1), torch.nn.Flatten(0, 1))`.
///
/// ```
/// use nanotorch_nn::{sequential, Linear, Module, ReLU, Tanh};
/// let model = sequential![Linear::new(4, 8, true), ReLU, Linear::new(8, 2, false), Tanh];
/// let names: Vec<String> = model.named_parameters().into_iter().map(|p| p.0).collect();
/// assert_eq!(names, ["0.weight", "0.bias", "2.weight"]);
/// ```
#[macro_export]
macro_rules! sequential {
    ($($module:expr),* $(,)?) => {
        $crate::Sequential::new(::std::vec![
            $(::std::boxed::Box::new($module) as ::std::boxed::Box<dyn $crate::Module>),*
        ])
    };
}

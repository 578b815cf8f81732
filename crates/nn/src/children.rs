//! The [`children!`](crate::children) macro: a module made of modules names its fields once.

/// Writes [`Module::named_children`](crate::Module::named_children) from a list of fields, each a module:
/// `children!(lin);` inside `impl Module for LinearRegression` names the field `lin`
/// once, and `named_parameters()` then finds `lin.weight` and `lin.bias`. It expands to
///
/// ```text
/// fn named_children(&self) -> Vec<(String, &dyn Module)> {
///     vec![("lin".to_string(), &self.lin as &dyn Module)]
/// }
/// ```
///
/// which can be written by hand instead (e.g. for a `Vec` of layers).
///
/// ```
/// use nanotorch_autograd::Tensor;
/// use nanotorch_nn::{children, Linear, Module, Tanh};
/// use nanotorch_tensor::Result;
///
/// struct TwoLayer { hidden: Linear, act: Tanh, out: Linear }
/// impl Module for TwoLayer {
///     fn try_forward(&self, x: &Tensor) -> Result<Tensor> {
///         self.out.try_forward(&self.act.try_forward(&self.hidden.try_forward(x)?)?)
///     }
///     children!(hidden, act, out);
/// }
///
/// let m = TwoLayer { hidden: Linear::new(2, 4, true), act: Tanh, out: Linear::new(4, 1, false) };
/// let names: Vec<String> = m.named_parameters().into_iter().map(|p| p.0).collect();
/// assert_eq!(names, ["hidden.weight", "hidden.bias", "out.weight"]);
/// ```
#[macro_export]
macro_rules! children {
    ($($field:ident),* $(,)?) => {
        fn named_children(&self) -> ::std::vec::Vec<(::std::string::String, &dyn $crate::Module)> {
            ::std::vec![$((::std::string::String::from(::std::stringify!($field)), &self.$field as &dyn $crate::Module)),*]
        }
    };
}

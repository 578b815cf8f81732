//! The constructors and group accessors every optimizer has, written once.

/// Defines `try_new`/`new`, `try_with_options`/`with_options`,
/// `try_add_param_group`/`add_param_group`, `param_groups` and `defaults` for an
/// optimizer struct `$ty { core: Core<$opts> }`. `$default` builds the default
/// options from a learning rate; `$fix` adjusts options given by the caller (AdamW
/// forces decoupled weight decay).
macro_rules! constructors {
    ($ty:ident, $opts:ident, $name:literal, $default:expr, $fix:expr) => {
        impl $ty {
            #[doc = concat!("`", $name, "` over `params` with learning rate `lr` and PyTorch's other defaults, or an error if `lr` is negative (or NaN), or `params` is empty, holds a non-leaf tensor or repeats one.")]
            ///
            /// ```
            /// use nanotorch_autograd::Tensor;
            #[doc = concat!("let e = nanotorch_optim::", stringify!($ty), "::try_new(vec![Tensor::zeros(&[1])], -0.1).err().unwrap();")]
            #[doc = concat!("assert_eq!(e.to_string(), \"", $name, ": invalid learning rate: -0.1\");")]
            /// ```
            pub fn try_new(params: Vec<nanotorch_autograd::Tensor>, lr: f64) -> nanotorch_tensor::Result<Self> {
                let make: fn(f64) -> $opts = $default;
                Self::try_with_options(params, make(lr))
            }

            #[doc = concat!("`", $name, "` over `params` with learning rate `lr` and PyTorch's other defaults (`torch.optim.", $name, "(params, lr=lr)`).")]
            ///
            /// # Panics
            #[doc = concat!("On the errors of [`try_new`](", stringify!($ty), "::try_new).")]
            ///
            /// ```
            /// use nanotorch_autograd::Tensor;
            /// use nanotorch_optim::Optimizer;
            #[doc = concat!("let opt = nanotorch_optim::", stringify!($ty), "::new(vec![Tensor::zeros(&[1])], 0.1);")]
            /// assert_eq!(opt.lr(), 0.1);
            /// ```
            #[track_caller]
            pub fn new(params: Vec<nanotorch_autograd::Tensor>, lr: f64) -> Self {
                nanotorch_tensor::error::unwrap(Self::try_new(params, lr))
            }

            #[doc = concat!("`", $name, "` over `params` with the given hyper-parameters, or an error naming the invalid value.")]
            ///
            /// ```
            /// use nanotorch_autograd::Tensor;
            #[doc = concat!("use nanotorch_optim::{", stringify!($ty), ", ", stringify!($opts), "};")]
            #[doc = concat!("let bad = ", stringify!($opts), "::new(0.1).weight_decay(-1.0);")]
            #[doc = concat!("let e = ", stringify!($ty), "::try_with_options(vec![Tensor::zeros(&[1])], bad).err().unwrap();")]
            #[doc = concat!("assert_eq!(e.to_string(), \"", $name, ": invalid weight_decay value: -1\");")]
            /// ```
            pub fn try_with_options(params: Vec<nanotorch_autograd::Tensor>, options: $opts) -> nanotorch_tensor::Result<Self> {
                let fix: fn($opts) -> $opts = $fix;
                Ok($ty {
                    core: $crate::core::Core::new(params, fix(options))?,
                })
            }

            #[doc = concat!("`", $name, "` over `params` with the given hyper-parameters.")]
            ///
            /// # Panics
            #[doc = concat!("On the errors of [`try_with_options`](", stringify!($ty), "::try_with_options).")]
            ///
            /// ```
            /// use nanotorch_autograd::Tensor;
            #[doc = concat!("use nanotorch_optim::{", stringify!($ty), ", ", stringify!($opts), "};")]
            #[doc = concat!("let opt = ", stringify!($ty), "::with_options(vec![Tensor::zeros(&[1])], ", stringify!($opts), "::new(0.5));")]
            /// assert_eq!(opt.defaults().lr, 0.5);
            /// ```
            #[track_caller]
            pub fn with_options(params: Vec<nanotorch_autograd::Tensor>, options: $opts) -> Self {
                nanotorch_tensor::error::unwrap(Self::try_with_options(params, options))
            }

            /// Adds a parameter group with its own hyper-parameters, or an error if they
            /// are invalid or a tensor is already optimised.
            ///
            /// ```
            /// use nanotorch_autograd::Tensor;
            #[doc = concat!("use nanotorch_optim::{", stringify!($ty), ", ", stringify!($opts), "};")]
            /// let w = Tensor::zeros(&[1]);
            #[doc = concat!("let mut opt = ", stringify!($ty), "::new(vec![w.clone()], 0.1);")]
            #[doc = concat!("assert!(opt.try_add_param_group(vec![w], ", stringify!($opts), "::new(0.1)).is_err());")]
            /// ```
            pub fn try_add_param_group(
                &mut self,
                params: Vec<nanotorch_autograd::Tensor>,
                options: $opts,
            ) -> nanotorch_tensor::Result<()> {
                let fix: fn($opts) -> $opts = $fix;
                self.core.add_param_group(params, fix(options))
            }

            /// Adds a parameter group with its own hyper-parameters (`add_param_group`).
            ///
            /// # Panics
            #[doc = concat!("On the errors of [`try_add_param_group`](", stringify!($ty), "::try_add_param_group).")]
            ///
            /// ```
            /// use nanotorch_autograd::Tensor;
            /// use nanotorch_optim::Optimizer;
            #[doc = concat!("let mut opt = nanotorch_optim::", stringify!($ty), "::new(vec![Tensor::zeros(&[1])], 0.1);")]
            /// let slow = opt.defaults().lr(0.01);
            /// opt.add_param_group(vec![Tensor::zeros(&[2])], slow);
            /// assert_eq!((opt.group_lr(0), opt.group_lr(1)), (0.1, 0.01));
            /// ```
            #[track_caller]
            pub fn add_param_group(&mut self, params: Vec<nanotorch_autograd::Tensor>, options: $opts) {
                nanotorch_tensor::error::unwrap(self.try_add_param_group(params, options))
            }

            /// The parameter groups, in the order they were added.
            ///
            /// ```
            /// use nanotorch_autograd::Tensor;
            #[doc = concat!("let opt = nanotorch_optim::", stringify!($ty), "::new(vec![Tensor::zeros(&[1])], 0.1);")]
            /// assert_eq!(opt.param_groups()[0].params.len(), 1);
            /// ```
            pub fn param_groups(&self) -> &[$crate::ParamGroup<$opts>] {
                &self.core.groups
            }

            /// The hyper-parameters given at construction (PyTorch's `defaults`), to
            /// derive other groups' options from.
            ///
            /// ```
            /// use nanotorch_autograd::Tensor;
            #[doc = concat!("let opt = nanotorch_optim::", stringify!($ty), "::new(vec![Tensor::zeros(&[1])], 0.1);")]
            /// assert_eq!(opt.defaults().lr, 0.1);
            /// ```
            pub fn defaults(&self) -> $opts {
                self.core.defaults
            }
        }

        $crate::optimizer::impl_optimizer!($ty);
    };
}
pub(crate) use constructors;

//! Seedable random arrays: [`Array::rand`](crate::Array::rand),
//! [`Array::randn`](crate::Array::randn), [`Array::uniform`](crate::Array::uniform)
//! and [`Array::normal`](crate::Array::normal), drawn from a [`Generator`].
//!
//! # The generator
//! A [`Generator`] wraps [`rand::rngs::StdRng`], which in rand 0.8 (the version the
//! workspace pins) is the ChaCha block cipher with 12 rounds; [`Generator::new`] seeds it
//! with `StdRng::seed_from_u64`. The same seed gives the same values on every platform
//! for as long as the lockfile keeps rand 0.8. The streams differ from PyTorch's
//! (Mersenne Twister / Philox): seeds reproduce runs of nanotorch, not of PyTorch.
//!
//! Each thread has its own global generator, used by the forms without a generator
//! argument. It starts from [`DEFAULT_SEED`] (PyTorch's default seed), so a program that
//! never seeds is still reproducible; [`manual_seed`] reseeds it like `torch.manual_seed`
//! (for the calling thread only).
//!
//! # The API
//! Each distribution `D` comes in the same forms:
//! - `Array::D(shape, ..)`: f32, from the thread's global generator;
//! - `Array::D_dtype(shape, .., dtype)`: any dtype, global generator;
//! - `Array::D_with(&mut generator, shape, .., dtype)`: an explicit generator;
//! - `Array::try_D_with(..)`: the fallible form the others call, returning an error for
//!   invalid parameters or a shape whose element count overflows.
//!   [`Array::try_uniform`](crate::Array::try_uniform) and
//!   [`Array::try_normal`](crate::Array::try_normal) are the fallible f32 global forms.
//!
//! Samples are drawn in the target dtype, in row-major order: U[0, 1) with 24 random
//! bits for f32 and 53 for f64 (rand's `Standard`), N(0, 1) by rand_distr's ziggurat
//! `StandardNormal`.
//!
//! ```
//! use nanotorch_tensor::{manual_seed, Array};
//! manual_seed(0);
//! let a = Array::randn(&[2, 3]);
//! manual_seed(0);
//! assert_eq!(Array::randn(&[2, 3]).to_vec::<f32>(), a.to_vec::<f32>());
//! ```

use rand::rngs::StdRng;
use rand::SeedableRng;
use std::cell::RefCell;

mod arrays;

/// The seed every thread's global generator starts from: PyTorch's default seed
/// (`default_rng_seed_val`, 67280421310721).
pub const DEFAULT_SEED: u64 = 67_280_421_310_721;

/// A seedable source of random numbers (ChaCha12 via rand's `StdRng`; see the
/// [module docs](self)).
///
/// ```
/// use nanotorch_tensor::{Array, DType, Generator};
/// let mut g = Generator::new(42);
/// let a = Array::rand_with(&mut g, &[3], DType::F64);
/// assert_eq!(Array::rand_with(&mut Generator::new(42), &[3], DType::F64).to_vec::<f64>(), a.to_vec::<f64>());
/// ```
#[derive(Debug, Clone)]
pub struct Generator {
    pub(crate) rng: StdRng,
    seed: u64,
}

impl Generator {
    /// A generator seeded with `seed`.
    ///
    /// ```
    /// use nanotorch_tensor::Generator;
    /// assert_eq!(Generator::new(7).initial_seed(), 7);
    /// ```
    pub fn new(seed: u64) -> Generator {
        Generator {
            rng: StdRng::seed_from_u64(seed),
            seed,
        }
    }

    /// Restarts the stream from `seed` (`torch.Generator.manual_seed`).
    ///
    /// ```
    /// use nanotorch_tensor::{Array, DType, Generator};
    /// let mut g = Generator::new(1);
    /// let first = Array::rand_with(&mut g, &[2], DType::F32).to_vec::<f32>();
    /// g.manual_seed(1);
    /// assert_eq!(Array::rand_with(&mut g, &[2], DType::F32).to_vec::<f32>(), first);
    /// ```
    pub fn manual_seed(&mut self, seed: u64) {
        *self = Generator::new(seed);
    }

    /// The seed this generator was last seeded with.
    ///
    /// ```
    /// use nanotorch_tensor::Generator;
    /// let mut g = Generator::new(3);
    /// g.manual_seed(9);
    /// assert_eq!(g.initial_seed(), 9);
    /// ```
    pub fn initial_seed(&self) -> u64 {
        self.seed
    }
}

thread_local! {
    static GLOBAL: RefCell<Generator> = RefCell::new(Generator::new(DEFAULT_SEED));
}

/// Reseeds the calling thread's global generator (`torch.manual_seed`).
///
/// ```
/// use nanotorch_tensor::{manual_seed, Array};
/// manual_seed(5);
/// let a = Array::rand(&[4]).to_vec::<f32>();
/// manual_seed(5);
/// assert_eq!(Array::rand(&[4]).to_vec::<f32>(), a);
/// ```
pub fn manual_seed(seed: u64) {
    with_global_generator(|g| g.manual_seed(seed));
}

/// Runs `f` with the calling thread's global generator, e.g. to pass it to a `*_with`
/// function or to read its seed.
///
/// # Panics
/// If `f` itself uses the global generator (through a form without a generator
/// argument, or a nested call of this function).
///
/// ```
/// use nanotorch_tensor::random::{with_global_generator, DEFAULT_SEED};
/// std::thread::spawn(|| {
///     assert_eq!(with_global_generator(|g| g.initial_seed()), DEFAULT_SEED);
/// }).join().unwrap();
/// ```
pub fn with_global_generator<R>(f: impl FnOnce(&mut Generator) -> R) -> R {
    GLOBAL.with(|g| f(&mut g.borrow_mut()))
}

//! [`StateDict`]: parameter values by dotted name, in insertion order (PyTorch's
//! `OrderedDict` returned by `model.state_dict()`), and the strict load into a module.

use nanotorch_autograd::{no_grad, Tensor};
use nanotorch_tensor::{Array, Error, Result};

/// Arrays by name, in insertion order (`model.state_dict()`).
///
/// Saved to and loaded from safetensors files through the format's reference
/// implementation (the `safetensors` crate), so files move between nanotorch and
/// PyTorch's `safetensors.torch.save_file` / `load_file` under the same names. Only
/// `F32` and `F64` tensors are read and written; another dtype in a file is an error
/// naming the tensor. Files are written with no `__metadata__`, tensors ordered as the
/// reference writer orders them (by dtype alignment, then name), so the bytes equal
/// PyTorch's for the same tensors.
///
/// ```
/// use nanotorch_nn::StateDict;
/// use nanotorch_tensor::Array;
/// let mut sd = StateDict::new();
/// sd.insert("weight", Array::zeros(&[1, 3]));
/// sd.insert("bias", Array::zeros(&[1]));
/// assert_eq!(sd.keys().collect::<Vec<_>>(), ["weight", "bias"]);
/// ```
#[derive(Debug, Clone, Default)]
pub struct StateDict {
    entries: Vec<(String, Array)>,
}

impl StateDict {
    /// An empty state dict.
    ///
    /// ```
    /// use nanotorch_nn::StateDict;
    /// assert!(StateDict::new().is_empty());
    /// ```
    pub fn new() -> StateDict {
        StateDict::default()
    }

    /// Sets `name` to `value`: replaces the value in place if the name is present
    /// (keeping its position), appends otherwise. Returns the old value.
    ///
    /// ```
    /// use nanotorch_nn::StateDict;
    /// use nanotorch_tensor::Array;
    /// let mut sd = StateDict::new();
    /// assert!(sd.insert("w", Array::scalar(1.0)).is_none());
    /// assert_eq!(sd.insert("w", Array::scalar(2.0)).unwrap().item(), 1.0);
    /// assert_eq!((sd.len(), sd.get("w").unwrap().item()), (1, 2.0));
    /// ```
    pub fn insert(&mut self, name: impl Into<String>, value: Array) -> Option<Array> {
        let name = name.into();
        match self.entries.iter_mut().find(|(n, _)| *n == name) {
            Some((_, v)) => Some(std::mem::replace(v, value)),
            None => {
                self.entries.push((name, value));
                None
            }
        }
    }

    /// The value stored under `name`.
    ///
    /// ```
    /// use nanotorch_nn::StateDict;
    /// use nanotorch_tensor::Array;
    /// let sd: StateDict = [("bias".to_string(), Array::zeros(&[2]))].into_iter().collect();
    /// assert_eq!(sd.get("bias").unwrap().shape(), &[2]);
    /// assert!(sd.get("weight").is_none());
    /// ```
    pub fn get(&self, name: &str) -> Option<&Array> {
        self.entries.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }

    /// Removes `name` and returns its value.
    ///
    /// ```
    /// use nanotorch_nn::StateDict;
    /// use nanotorch_tensor::Array;
    /// let mut sd: StateDict = [("a".to_string(), Array::scalar(1.0))].into_iter().collect();
    /// assert_eq!(sd.remove("a").unwrap().item(), 1.0);
    /// assert!(sd.is_empty());
    /// ```
    pub fn remove(&mut self, name: &str) -> Option<Array> {
        let i = self.entries.iter().position(|(n, _)| n == name)?;
        Some(self.entries.remove(i).1)
    }

    /// The names, in order.
    ///
    /// ```
    /// use nanotorch_nn::{Linear, Module};
    /// assert_eq!(Linear::new(1, 1, false).state_dict().keys().collect::<Vec<_>>(), ["weight"]);
    /// ```
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|(n, _)| n.as_str())
    }

    /// `(name, value)` pairs, in order.
    ///
    /// ```
    /// use nanotorch_nn::{Linear, Module};
    /// let sd = Linear::new(3, 2, true).state_dict();
    /// let shapes: Vec<Vec<usize>> = sd.iter().map(|(_, a)| a.shape().to_vec()).collect();
    /// assert_eq!(shapes, [vec![2, 3], vec![2]]);
    /// ```
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Array)> {
        self.entries.iter().map(|(n, v)| (n.as_str(), v))
    }

    /// Number of entries.
    ///
    /// ```
    /// use nanotorch_nn::{Linear, Module};
    /// assert_eq!(Linear::new(3, 2, true).state_dict().len(), 2);
    /// ```
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True if there are no entries.
    ///
    /// ```
    /// use nanotorch_nn::StateDict;
    /// assert!(StateDict::new().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl FromIterator<(String, Array)> for StateDict {
    fn from_iter<I: IntoIterator<Item = (String, Array)>>(iter: I) -> Self {
        let mut sd = StateDict::new();
        for (n, v) in iter {
            sd.insert(n, v);
        }
        sd
    }
}

impl IntoIterator for StateDict {
    type Item = (String, Array);
    type IntoIter = std::vec::IntoIter<(String, Array)>;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

fn quoted<'a>(names: impl Iterator<Item = &'a str>) -> String {
    names
        .map(|n| format!("\"{n}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The strict load behind [`Module::try_load_state_dict`](crate::Module::try_load_state_dict):
/// checks every name and shape first, then copies.
pub(crate) fn load_into(params: &[(String, Tensor)], state: &StateDict) -> Result<()> {
    const OP: &str = "load_state_dict";
    let missing: Vec<&str> = params
        .iter()
        .map(|(n, _)| n.as_str())
        .filter(|n| state.get(n).is_none())
        .collect();
    let unexpected: Vec<&str> = state
        .keys()
        .filter(|k| !params.iter().any(|(n, _)| n == k))
        .collect();
    let mut why = Vec::new();
    if !missing.is_empty() {
        why.push(format!(
            "missing key(s) in state_dict: {}",
            quoted(missing.into_iter())
        ));
    }
    if !unexpected.is_empty() {
        why.push(format!(
            "unexpected key(s) in state_dict: {}",
            quoted(unexpected.into_iter())
        ));
    }
    if !why.is_empty() {
        return Err(Error::invalid(OP, why.join("; ")));
    }
    for (name, p) in params {
        let (src, dst) = (
            state.get(name).map(Array::shape).unwrap_or_default(),
            p.shape(),
        );
        if src != dst.as_slice() {
            return Err(Error::invalid(
                OP,
                format!(
                    "size mismatch for {name}: copying a param with shape {src:?} from checkpoint, \
                     the shape in current model is {:?}",
                    dst.as_slice()
                ),
            ));
        }
    }
    no_grad(|| -> Result<()> {
        for (name, p) in params {
            if let Some(src) = state.get(name) {
                p.try_copy_(&Tensor::from_array(src.clone()))?;
            }
        }
        Ok(())
    })
}

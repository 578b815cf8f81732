//! [`StateDict`] to and from the safetensors format, through the format's reference
//! implementation (the `safetensors` crate), so files move between nanotorch and
//! PyTorch's `safetensors.torch.save_file` / `load_file` with the same tensor names.
//!
//! Only `F32` and `F64` tensors are read and written (nanotorch's dtypes); any other
//! dtype in a file is an error naming the tensor. Files are written with no
//! `__metadata__`, tensors ordered as the reference writer orders them (by dtype
//! alignment, then name), so the bytes equal PyTorch's for the same tensors.

use crate::state_dict::StateDict;
use nanotorch_tensor::{Array, DType, Error, Result};
use safetensors::tensor::{Dtype, SafeTensors, View};
use std::borrow::Cow;
use std::path::Path;

/// One tensor's little-endian bytes, as the writer needs them.
struct Bytes {
    dtype: Dtype,
    shape: Vec<usize>,
    data: Vec<u8>,
}

impl View for &Bytes {
    fn dtype(&self) -> Dtype {
        self.dtype
    }
    fn shape(&self) -> &[usize] {
        &self.shape
    }
    fn data(&self) -> Cow<'_, [u8]> {
        Cow::Borrowed(&self.data)
    }
    fn data_len(&self) -> usize {
        self.data.len()
    }
}

fn to_bytes(a: &Array) -> Bytes {
    let (dtype, data) = match a.dtype() {
        DType::F32 => (
            Dtype::F32,
            a.to_vec::<f32>()
                .iter()
                .flat_map(|v| v.to_le_bytes())
                .collect(),
        ),
        DType::F64 => (
            Dtype::F64,
            a.to_vec::<f64>()
                .iter()
                .flat_map(|v| v.to_le_bytes())
                .collect(),
        ),
    };
    Bytes {
        dtype,
        shape: a.shape().to_vec(),
        data,
    }
}

fn from_bytes(
    op: &'static str,
    name: &str,
    dtype: Dtype,
    shape: &[usize],
    data: &[u8],
) -> Result<Array> {
    match dtype {
        Dtype::F32 => Array::try_from_vec(
            data.chunks_exact(4)
                .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                .collect(),
            shape,
        ),
        Dtype::F64 => Ok(Array::from_vec_f64(
            data.chunks_exact(8)
                .map(|c| f64::from_le_bytes(c.try_into().expect("chunks of 8 bytes")))
                .collect(),
            shape,
        )),
        other => Err(Error::invalid(
            op,
            format!("tensor \"{name}\" has dtype {other:?}; only F32 and F64 are supported"),
        )),
    }
}

impl StateDict {
    /// The safetensors encoding of this state dict (what
    /// [`save_safetensors`](StateDict::save_safetensors) writes), or an error from the
    /// encoder.
    ///
    /// ```
    /// use nanotorch_nn::StateDict;
    /// use nanotorch_tensor::Array;
    /// let sd: StateDict = [("w".to_string(), Array::from_slice(&[1.0, 2.0]))].into_iter().collect();
    /// let bytes = sd.to_safetensors_bytes().unwrap();
    /// let back = StateDict::from_safetensors_bytes(&bytes).unwrap();
    /// assert_eq!(back.get("w").unwrap().to_vec::<f32>(), vec![1.0, 2.0]);
    /// ```
    pub fn to_safetensors_bytes(&self) -> Result<Vec<u8>> {
        let encoded: Vec<(&str, Bytes)> = self.iter().map(|(n, a)| (n, to_bytes(a))).collect();
        safetensors::serialize(encoded.iter().map(|(n, b)| (*n, b)), None)
            .map_err(|e| Error::invalid("save_safetensors", e.to_string()))
    }

    /// Decodes a safetensors buffer, tensors in file order (by data offset), or an
    /// error if the buffer is not valid safetensors or holds a dtype other than F32/F64.
    ///
    /// ```
    /// use nanotorch_nn::StateDict;
    /// let e = StateDict::from_safetensors_bytes(b"nope").unwrap_err();
    /// assert!(e.to_string().starts_with("load_safetensors: invalid safetensors data:"));
    /// ```
    pub fn from_safetensors_bytes(bytes: &[u8]) -> Result<StateDict> {
        const OP: &str = "load_safetensors";
        let bad = |e: safetensors::SafeTensorError| {
            Error::invalid(OP, format!("invalid safetensors data: {e}"))
        };
        let st = SafeTensors::deserialize(bytes).map_err(bad)?;
        let (_, meta) = SafeTensors::read_metadata(bytes).map_err(bad)?;
        let mut sd = StateDict::new();
        for name in meta.offset_keys() {
            let view = st.tensor(&name).map_err(bad)?;
            let a = from_bytes(OP, &name, view.dtype(), view.shape(), view.data())?;
            sd.insert(name, a);
        }
        Ok(sd)
    }

    /// Writes this state dict to a safetensors file at `path` (as
    /// `safetensors.torch.save_file(state_dict, path)`), or an error naming the path.
    ///
    /// ```
    /// use nanotorch_nn::StateDict;
    /// use nanotorch_tensor::Array;
    /// let sd: StateDict = [("b".to_string(), Array::zeros(&[1]))].into_iter().collect();
    /// let e = sd.save_safetensors("/nonexistent/dir/x.safetensors").unwrap_err();
    /// assert!(e.to_string().starts_with("save_safetensors: cannot write /nonexistent/dir/x.safetensors:"));
    /// ```
    pub fn save_safetensors(&self, path: impl AsRef<Path>) -> Result<()> {
        let path = path.as_ref();
        let bytes = self.to_safetensors_bytes()?;
        std::fs::write(path, bytes).map_err(|e| {
            Error::invalid(
                "save_safetensors",
                format!("cannot write {}: {e}", path.display()),
            )
        })
    }

    /// Reads a safetensors file (as `safetensors.torch.load_file(path)`), or an error
    /// naming the path when it cannot be read, or the problem in its contents.
    ///
    /// ```
    /// use nanotorch_nn::StateDict;
    /// let e = StateDict::load_safetensors("/nonexistent/x.safetensors").unwrap_err();
    /// assert!(e.to_string().starts_with("load_safetensors: cannot read /nonexistent/x.safetensors:"));
    /// ```
    pub fn load_safetensors(path: impl AsRef<Path>) -> Result<StateDict> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).map_err(|e| {
            Error::invalid(
                "load_safetensors",
                format!("cannot read {}: {e}", path.display()),
            )
        })?;
        StateDict::from_safetensors_bytes(&bytes)
    }
}

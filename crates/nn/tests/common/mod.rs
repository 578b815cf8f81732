//! Fixture reading shared by the integration tests (tools/README.md describes the schema).

#![allow(dead_code)]

use serde_json::Value;
use std::path::PathBuf;

/// `tests/fixtures/nn/<name>` at the workspace root.
pub fn fixture_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/nn")
        .join(name)
}

/// The parsed JSON fixture `tests/fixtures/nn/<name>`.
pub fn fixture(name: &str) -> Value {
    let text = std::fs::read_to_string(fixture_path(name)).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// An f32 fixture tensor's shape and exact values (from its `bits`).
pub fn f32_tensor(v: &Value) -> (Vec<usize>, Vec<f32>) {
    assert_eq!(v["dtype"], "f32");
    let shape = v["shape"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_u64().unwrap() as usize)
        .collect();
    let data = v["bits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| f32::from_bits(u32::from_str_radix(b.as_str().unwrap(), 16).unwrap()))
        .collect();
    (shape, data)
}

/// A fresh path in the system temp dir, unique to this process and `tag`.
pub fn temp_path(tag: &str) -> PathBuf {
    std::env::temp_dir().join(format!(
        "nanotorch_nn_{}_{tag}.safetensors",
        std::process::id()
    ))
}

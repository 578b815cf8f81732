//! Prints the ratio table of the last `cargo bench -p nanotorch-bench` run from
//! criterion's `target/criterion/*/*/*/new/sample.json`, each op divided by its
//! same-run baseline at the same size. The time of a benchmark is its fastest sample
//! (per iteration): on a machine shared with other busy processes the median mostly
//! measures how often we were descheduled, while the fastest sample of 20 is close to
//! what the code does when it has a core. Pass `--median` to use criterion's median
//! instead.
//!
//! - binary ops against `baseline/copy` scaled to the bytes the op moves (achieved
//!   bandwidth as a fraction of the copy loop's), and `_into` likewise;
//! - reductions against `baseline/read` (same bytes);
//! - broadcast against `broadcast/fill` of its output;
//! - unary ops in elements per second;
//! - `alloc/full` against `alloc/fresh_vec` (speed-up);
//! - matmul against `gemm` on one thread, and gemm on 2 threads against 1.
//!
//! Usage: `cargo run -p nanotorch-bench --release --bin report [--median] [criterion dir]`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Time in ns of every benchmark (fastest sample, or the median), keyed by
/// `group/function/parameter`.
fn load(root: &Path, median: bool) -> BTreeMap<String, f64> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.ends_with("new/sample.json") {
                let est = p.with_file_name("estimates.json");
                let value = if median {
                    std::fs::read_to_string(&est)
                        .ok()
                        .and_then(|t| median_ns(&t))
                } else {
                    std::fs::read_to_string(&p)
                        .ok()
                        .and_then(|t| fastest_ns(&t))
                };
                let Some(value) = value else {
                    continue;
                };
                let id = p
                    .parent()
                    .and_then(Path::parent)
                    .and_then(|d| d.strip_prefix(root).ok())
                    .map(|d| d.to_string_lossy().replace('\\', "/"));
                if let Some(id) = id {
                    out.insert(id, value);
                }
            }
        }
    }
    out
}

/// The numbers of the JSON array after `"key":`.
fn array(json: &str, key: &str) -> Option<Vec<f64>> {
    let at = json.find(&format!("\"{key}\":["))? + key.len() + 4;
    let end = json[at..].find(']')? + at;
    json[at..end]
        .split(',')
        .map(|v| v.trim().parse().ok())
        .collect()
}

/// The fastest per-iteration time of criterion's sample.json (`iters`, `times`).
fn fastest_ns(json: &str) -> Option<f64> {
    let (iters, times) = (array(json, "iters")?, array(json, "times")?);
    iters
        .iter()
        .zip(&times)
        .map(|(i, t)| t / i)
        .min_by(|a, b| a.total_cmp(b))
}

/// The median's point estimate from criterion's estimates.json.
fn median_ns(json: &str) -> Option<f64> {
    let at = json.find("\"median\"")?;
    let rest = &json[at..];
    let p = rest.find("\"point_estimate\":")? + "\"point_estimate\":".len();
    let num: String = rest[p..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '-' | '+'))
        .collect();
    num.parse().ok()
}

fn fmt_ns(ns: f64) -> String {
    if ns < 1e3 {
        format!("{ns:.0} ns")
    } else if ns < 1e6 {
        format!("{:.1} µs", ns / 1e3)
    } else {
        format!("{:.2} ms", ns / 1e6)
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let median = args.iter().any(|a| a == "--median");
    let root = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("target/criterion"));
    let t = load(&root, median);
    if t.is_empty() {
        eprintln!("no criterion results under {}", root.display());
        std::process::exit(1);
    }
    let sizes: Vec<String> = {
        let mut s: Vec<(f64, String)> = t
            .keys()
            .filter_map(|k| k.strip_prefix("baseline/copy/"))
            .map(|s| (s.parse::<f64>().unwrap_or(0.0), s.to_string()))
            .collect();
        s.sort_by(|a, b| a.0.total_cmp(&b.0));
        s.into_iter().map(|x| x.1).collect()
    };
    println!("| op | size | time | baseline | ratio |");
    println!("|---|---|---|---|---|");
    let row = |op: &str, size: &str, time: f64, base: &str, ratio: String| {
        println!("| {op} | {size} | {} | {base} | {ratio} |", fmt_ns(time));
    };
    for size in &sizes {
        let get = |id: &str| t.get(&format!("{id}/{size}")).copied();
        let Some(copy) = get("baseline/copy") else {
            continue;
        };
        let n: f64 = size.parse().unwrap_or(0.0);
        for (base, bytes) in [
            ("baseline/copy", 8.0),
            ("baseline/read", 4.0),
            ("baseline/fill", 4.0),
        ] {
            if let Some(v) = get(base) {
                let ratio = format!("{:.1} GB/s ({:.2e} elem/s)", n * bytes / v, n / v * 1e9);
                row(base, size, v, "-", ratio);
            }
        }
        // copy moves 8 bytes per element; an op moving b bytes per element at copy
        // speed would take copy * b / 8
        for (op, bytes, base) in [
            ("binary/add", 12.0, copy),
            ("binary/mul", 12.0, copy),
            ("binary/div", 12.0, copy),
            ("binary/add_into", 12.0, copy),
            ("binary/mul_into", 12.0, copy),
            ("binary/div_into", 12.0, copy),
            ("binary/add_scalar", 8.0, copy),
            ("binary/mul_scalar", 8.0, copy),
            ("binary/div_scalar", 8.0, copy),
            ("binary/add_scalar_into", 8.0, copy),
            ("binary/mul_scalar_into", 8.0, copy),
            ("binary/div_scalar_into", 8.0, copy),
            ("peer/ndarray_add", 12.0, copy),
            ("peer/ndarray_add_into", 12.0, copy),
        ] {
            if let Some(v) = get(op) {
                let ideal = base * bytes / 8.0;
                row(
                    op,
                    size,
                    v,
                    "copy",
                    format!("{:.0}% of copy bandwidth", 100.0 * ideal / v),
                );
            }
        }
        if let (Some(c64), Some(v)) = (get("baseline/copy_f64"), get("binary/add_f64")) {
            row(
                "binary/add_f64",
                size,
                v,
                "copy_f64",
                format!("{:.0}% of copy bandwidth", 100.0 * c64 * 1.5 / v),
            );
        }
        if let (Some(c64), Some(v)) = (get("baseline/copy_f64"), get("binary/add_f64_into")) {
            row(
                "binary/add_f64_into",
                size,
                v,
                "copy_f64",
                format!("{:.0}% of copy bandwidth", 100.0 * c64 * 1.5 / v),
            );
        }
        if let Some(read) = get("baseline/read") {
            for op in [
                "reduce/sum",
                "reduce/sum_into",
                "reduce/mean",
                "reduce/mean_into",
                "reduce/max",
                "reduce/max_into",
                "peer/ndarray_sum",
            ] {
                if let Some(v) = get(op) {
                    row(
                        op,
                        size,
                        v,
                        "read",
                        format!("{:.0}% of read bandwidth", 100.0 * read / v),
                    );
                }
            }
        }
        for op in ["reduce/sum_f64", "reduce/sum_f64_into"] {
            if let (Some(r64), Some(v)) = (get("baseline/read_f64"), get(op)) {
                row(
                    op,
                    size,
                    v,
                    "read_f64",
                    format!("{:.0}% of read bandwidth", 100.0 * r64 / v),
                );
            }
        }
        for op in [
            "exp",
            "exp_into",
            "log",
            "log_into",
            "sin",
            "sin_into",
            "cos",
            "cos_into",
            "tanh",
            "tanh_into",
            "sigmoid",
            "sigmoid_into",
            "relu",
            "relu_into",
        ] {
            if let Some(v) = get(&format!("unary/{op}")) {
                row(
                    &format!("unary/{op}"),
                    size,
                    v,
                    "-",
                    format!("{:.2e} elem/s", n / v * 1e9),
                );
            }
        }
        for op in ["ndarray_exp", "ndarray_sin", "ndarray_tanh"] {
            if let Some(v) = get(&format!("peer/{op}")) {
                row(
                    &format!("peer/{op}"),
                    size,
                    v,
                    "-",
                    format!("{:.2e} elem/s", n / v * 1e9),
                );
            }
        }
        if let (Some(fresh), Some(v)) = (get("alloc/fresh_vec"), get("alloc/full")) {
            row(
                "alloc/full",
                size,
                v,
                "fresh_vec",
                format!("{:.2}x faster than a fresh Vec", fresh / v),
            );
        }
    }
    for shape in ["100x100", "1000x1000", "1000x10000"] {
        let Some(fill) = t.get(&format!("broadcast/fill/{shape}")).copied() else {
            continue;
        };
        for op in ["broadcast/add", "broadcast/add_into"] {
            if let Some(&v) = t.get(&format!("{op}/{shape}")) {
                row(
                    op,
                    shape,
                    v,
                    "fill",
                    format!("{:.2}x the fill time", v / fill),
                );
            }
        }
    }
    if let Some(&read) = t.get("axis/read/1000x1000") {
        for op in [
            "axis/sum0",
            "axis/sum0_into",
            "axis/sum1",
            "axis/sum1_into",
            "axis/mean0",
            "axis/mean0_into",
            "axis/mean1",
            "axis/mean1_into",
            "peer/ndarray_sum0",
            "peer/ndarray_sum1",
        ] {
            if let Some(&v) = t.get(&format!("{op}/1000x1000")) {
                row(
                    op,
                    "1000x1000",
                    v,
                    "read",
                    format!("{:.2}x the read time", v / read),
                );
            }
        }
    }
    for n in ["64", "256", "1024"] {
        // the same-run gemm on one thread (group matmul), else the peer group's
        let gemm = t
            .get(&format!("matmul/gemm/{n}"))
            .or_else(|| t.get(&format!("peer/gemm_matmul/{n}")))
            .copied();
        for op in ["matmul/ours", "matmul/ours_into", "matmul/ours_2t"] {
            if let Some(&v) = t.get(&format!("{op}/{n}")) {
                let ratio = gemm.map_or("-".to_string(), |p| {
                    format!("{:.0}% of 1-thread gemm's speed", 100.0 * p / v)
                });
                row(op, n, v, "gemm", ratio);
            }
        }
    }
    for n in ["32", "48", "64", "80", "96", "128", "192", "256"] {
        let one = t.get(&format!("matmul_threads/gemm_1t/{n}"));
        let two = t.get(&format!("matmul_threads/gemm_2t/{n}"));
        if let (Some(&one), Some(&two)) = (one, two) {
            row(
                "matmul_threads/gemm_2t",
                n,
                two,
                "gemm_1t",
                format!("{:.2}x the 1-thread speed", one / two),
            );
        }
    }
}

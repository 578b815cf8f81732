//! Shared by the golden tests: run a binary, split its output into `## ` sections, and
//! compare lines with the golden files exactly or within stated tolerances.

#![allow(dead_code)] // each test binary uses a different part of this module

use std::process::Command;

/// Runs an example binary with `args`; panics with its stderr unless it succeeds.
pub fn run(exe: &str, args: &[&str]) -> String {
    let out = Command::new(exe)
        .args(args)
        .output()
        .expect("spawn example binary");
    assert!(
        out.status.success(),
        "{exe} {args:?} failed ({}):\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

/// Runs an example binary expecting failure; returns (exit code, stderr).
pub fn run_err(exe: &str, args: &[&str]) -> (i32, String) {
    let out = Command::new(exe)
        .args(args)
        .output()
        .expect("spawn example binary");
    assert!(!out.status.success(), "{exe} {args:?} should have failed");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A golden file from tests/golden/.
pub fn golden(file: &str) -> String {
    let path = format!("{}/tests/golden/{file}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// One `## header` and the lines under it (blank separator lines dropped).
#[derive(Debug, Clone)]
pub struct Section {
    pub header: String,
    pub lines: Vec<String>,
}

/// Splits output into sections at `## ` lines. Blank lines only separate sections.
pub fn sections(text: &str) -> Vec<Section> {
    let mut out: Vec<Section> = vec![];
    for line in text.lines() {
        if let Some(h) = line.strip_prefix("## ") {
            out.push(Section {
                header: h.to_string(),
                lines: vec![],
            });
        } else if !line.is_empty() {
            out.last_mut()
                .unwrap_or_else(|| panic!("line before any `## ` header: {line:?}"))
                .lines
                .push(line.to_string());
        }
    }
    out
}

/// The section whose header is `header`.
pub fn section<'a>(all: &'a [Section], header: &str) -> &'a Section {
    all.iter().find(|s| s.header == header).unwrap_or_else(|| {
        let have: Vec<_> = all.iter().map(|s| &s.header).collect();
        panic!("no section `## {header}` in output; have {have:?}")
    })
}

/// A line split into its numbers and the text around them (each number replaced by `#`).
#[derive(Debug, Clone, PartialEq)]
pub struct Split {
    pub template: String,
    pub numbers: Vec<f64>,
    pub texts: Vec<String>,
}

/// Splits `line` into a template and its decimal numbers (`-12.5`, `1e-06`, `3`).
/// Digits glued to letters (`P3`, `x^2`'s `2` after `^`) are numbers too; the template
/// keeps the structure, so comparing templates compares everything but the values.
pub fn split_numbers(line: &str) -> Split {
    let b = line.as_bytes();
    let (mut template, mut numbers, mut texts) = (String::new(), vec![], vec![]);
    let mut i = 0;
    while i < b.len() {
        let starts_number =
            b[i].is_ascii_digit() || (b[i] == b'-' && i + 1 < b.len() && b[i + 1].is_ascii_digit());
        let glued = i > 0 && (b[i - 1].is_ascii_alphabetic() || b[i - 1] == b'_');
        if starts_number && !glued {
            let start = i;
            i += 1;
            while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'.') {
                i += 1;
            }
            if i + 1 < b.len() && b[i] == b'e' && (b[i + 1] == b'-' || b[i + 1] == b'+') {
                i += 2;
                while i < b.len() && b[i].is_ascii_digit() {
                    i += 1;
                }
            }
            let text = &line[start..i];
            numbers.push(
                text.parse()
                    .unwrap_or_else(|_| panic!("bad number {text:?} in {line:?}")),
            );
            texts.push(text.to_string());
            template.push('#');
        } else {
            let ch = line[i..].chars().next().unwrap();
            template.push(ch);
            i += ch.len_utf8();
        }
    }
    Split {
        template,
        numbers,
        texts,
    }
}

/// Asserts `actual` has exactly `expected`'s lines.
pub fn assert_lines_exact(what: &str, expected: &[String], actual: &[String]) {
    for (i, (e, a)) in expected.iter().zip(actual).enumerate() {
        assert_eq!(a, e, "{what}: line {} differs", i + 1);
    }
    assert_eq!(actual.len(), expected.len(), "{what}: line count");
}

/// Asserts two lines have the same template, and that number `k` is equal as text unless
/// `tolerant(k, expected, actual)` accepts it.
pub fn assert_line_close(
    what: &str,
    expected: &str,
    actual: &str,
    tolerant: impl Fn(usize, f64, f64) -> Option<bool>,
) {
    let (e, a) = (split_numbers(expected), split_numbers(actual));
    assert_eq!(
        a.template, e.template,
        "{what}: line shape differs:\n  expected {expected}\n  actual   {actual}"
    );
    for k in 0..e.numbers.len() {
        match tolerant(k, e.numbers[k], a.numbers[k]) {
            Some(ok) => assert!(
                ok,
                "{what}: number {k} out of tolerance:\n  expected {expected}\n  actual   {actual}"
            ),
            None => assert_eq!(
                a.texts[k], e.texts[k],
                "{what}: number {k} differs:\n  expected {expected}\n  actual   {actual}"
            ),
        }
    }
}

/// `|a - e| <= rel * |e|`.
pub fn rel_close(e: f64, a: f64, rel: f64) -> bool {
    (a - e).abs() <= rel * e.abs()
}

/// The golden section `header` of `file`, as lines.
pub fn golden_section(file: &str, header: &str) -> Vec<String> {
    section(&sections(&golden(file)), header).lines.clone()
}

/// Runs `exe --section name [extra args]` and returns the single section it prints,
/// checking that its header is `## header`.
pub fn run_section(exe: &str, name: &str, header: &str, extra: &[&str]) -> Vec<String> {
    let mut args = vec!["--section", name];
    args.extend_from_slice(extra);
    let out = sections(&run(exe, &args));
    assert_eq!(
        out.len(),
        1,
        "--section {name} printed {} sections",
        out.len()
    );
    assert_eq!(out[0].header, header, "--section {name} header");
    out[0].lines.clone()
}

/// Asserts `exe --section name` prints golden section `header` of `file` exactly.
pub fn assert_section_exact(exe: &str, file: &str, name: &str, header: &str) {
    let expected = golden_section(file, header);
    let actual = run_section(exe, name, header, &[]);
    assert_lines_exact(&format!("{file} `{header}`"), &expected, &actual);
}

/// Runs `exe` with no arguments and asserts it prints exactly the sections `headers`, in
/// order, and that every one of them found in the golden `file` matches it exactly.
pub fn assert_full_run(exe: &str, file: &str, headers: &[&str]) {
    let out = sections(&run(exe, &[]));
    let got: Vec<_> = out.iter().map(|s| s.header.as_str()).collect();
    assert_eq!(got, headers, "sections of a full run");
    for g in sections(&golden(file)) {
        if headers.contains(&g.header.as_str()) {
            assert_lines_exact(&g.header, &g.lines, &section(&out, &g.header).lines);
        }
    }
}

/// Asserts `exe --replay` prints exactly the sections of replay.expected.txt whose header
/// names `binary`, headers included. The transcripts of linear_regression_4_steps stop
/// partway through a line, so an expected section may be a prefix of the printed one.
/// The `tensor([[54.5764]], grad_fn=<AddmmBackward>)` lines come from an old torch whose
/// grad_fn names differ from today's; REPLAY.md asks only for their value, so on those
/// lines the numbers are compared exactly and the grad_fn name is not.
pub fn assert_replay(exe: &str, binary: &str) {
    let expected: Vec<Section> = sections(&golden("replay.expected.txt"))
        .into_iter()
        .filter(|s| s.header.starts_with(&format!("{binary} ")))
        .collect();
    assert!(!expected.is_empty(), "no replay sections for {binary}");
    let actual = sections(&run(exe, &["--replay"]));
    let headers = |v: &[Section]| v.iter().map(|s| s.header.clone()).collect::<Vec<_>>();
    assert_eq!(headers(&actual), headers(&expected));
    for (e, a) in expected.iter().zip(&actual) {
        assert!(
            a.lines.len() >= e.lines.len(),
            "{}: too few lines",
            e.header
        );
        for (i, (el, al)) in e.lines.iter().zip(&a.lines).enumerate() {
            let what = format!("{} line {}", e.header, i + 1);
            if el.starts_with("tensor(") {
                let (es, as_) = (split_numbers(el), split_numbers(al));
                assert!(al.starts_with("tensor([["), "{what}: {al}");
                assert_eq!(as_.texts, es.texts, "{what}: {al}");
            } else {
                assert_eq!(al, el, "{what}");
            }
        }
    }
}

/// The printed lines of one section of `exe --seed seed`.
pub fn seeded_section(exe: &str, name: &str, header: &str, seed: u64) -> Vec<String> {
    run_section(exe, name, header, &["--seed", &seed.to_string()])
}

/// Asserts `lo <= x <= hi` with a message naming the quantity.
pub fn assert_within(what: &str, x: f64, lo: f64, hi: f64) {
    assert!(
        x.is_finite() && lo <= x && x <= hi,
        "{what} = {x} not in [{lo}, {hi}]"
    );
}

//! Running a notebook's cells in order, one `## title` header per cell, with the shared
//! command line ([`crate::cli`]).
//!
//! A binary lists its cells as [`Section`]s and asks [`Notebook::cell`] before each one
//! whether to run it; output goes through [`Notebook::print`] (or the [`nbprint!`](crate::nbprint) macro),
//! which is muted while a cell runs only to set up the state a later selected cell needs.
//!
//! ```
//! use nanotorch_examples::notebook::{Notebook, Section};
//! use nanotorch_examples::{cli::Args, nbprint};
//!
//! static SECTIONS: &[Section] = &[
//!     Section::new("a", "first cell"),
//!     Section::new("b", "second cell").needs("a"),
//! ];
//! let args = Args::parse(["--section", "b"]).unwrap();
//! let mut nb = Notebook::new("demo", SECTIONS, args).unwrap().capture();
//! let mut w = 0;
//! if nb.cell("a") {
//!     w = 1;
//!     nbprint!(nb, "w = {w}"); // muted: only cell "b" was asked for
//! }
//! if nb.cell("b") {
//!     nbprint!(nb, "w + 1 = {}", w + 1);
//! }
//! assert_eq!(nb.captured(), "## second cell\nw + 1 = 2\n");
//! ```

use crate::cli::{list, usage, Args, CliError};
use crate::pyfmt::repr;
pub use crate::section::{Replay, Section};
use std::fmt;
use std::io::Write;

/// The running notebook: which cells run, and where their lines go.
#[derive(Debug)]
pub struct Notebook {
    binary: &'static str,
    sections: &'static [Section],
    args: Args,
    /// Whether the running cell's lines are printed.
    printing: bool,
    /// Whether any header was printed yet (sections are separated by a blank line).
    printed_any: bool,
    /// `Some` when the output is captured instead of written to stdout.
    capture: Option<String>,
}

impl Notebook {
    /// Checks `args` against the cells: `--section` must name one, and `--replay` needs a
    /// replayable cell (the selected one, if any).
    ///
    /// ```
    /// use nanotorch_examples::{cli::Args, notebook::{Notebook, Section}};
    /// static S: &[Section] = &[Section::new("a", "a")];
    /// let err = Notebook::new("demo", S, Args::parse(["--section", "z"]).unwrap()).unwrap_err();
    /// assert_eq!(err.to_string(), "--section: no cell named `z` (cells: a)");
    /// ```
    pub fn new(
        binary: &'static str,
        sections: &'static [Section],
        args: Args,
    ) -> Result<Notebook, CliError> {
        let names = || {
            sections
                .iter()
                .map(|s| s.name)
                .collect::<Vec<_>>()
                .join(", ")
        };
        if let Some(sel) = &args.section {
            let Some(s) = sections.iter().find(|s| s.name == sel) else {
                return Err(CliError(format!(
                    "--section: no cell named `{sel}` (cells: {})",
                    names()
                )));
            };
            if args.replay && s.replay.is_none() {
                return Err(CliError(format!(
                    "--replay: cell `{sel}` starts from constants; nothing to replay"
                )));
            }
        }
        if args.replay && sections.iter().all(|s| s.replay.is_none()) {
            return Err(CliError(format!(
                "--replay: {binary} has no randomly initialised nn.Linear cell"
            )));
        }
        Ok(Notebook {
            binary,
            sections,
            args,
            printing: false,
            printed_any: false,
            capture: None,
        })
    }

    /// Parses the process's arguments; prints the usage and exits for `--help`, the cells
    /// for `--list`, and an error with the usage (exit status 2) for a bad command line.
    pub fn from_env(
        binary: &'static str,
        about: &'static str,
        sections: &'static [Section],
    ) -> Notebook {
        let parsed = Args::parse(std::env::args().skip(1))
            .and_then(|args| Notebook::new(binary, sections, args));
        match parsed {
            Ok(nb) if nb.args.help => {
                print!("{}", usage(binary, about, sections));
                std::process::exit(0);
            }
            Ok(nb) if nb.args.list => {
                print!("{}", list(sections));
                std::process::exit(0);
            }
            Ok(nb) => nb,
            Err(e) => {
                eprint!("error: {e}\n\n{}", usage(binary, about, sections));
                std::process::exit(2);
            }
        }
    }

    /// Collects the output in memory instead of writing it to stdout (see [`Notebook::captured`]).
    ///
    /// ```
    /// use nanotorch_examples::{cli::Args, notebook::{Notebook, Section}};
    /// static S: &[Section] = &[Section::new("a", "cell a")];
    /// let mut nb = Notebook::new("demo", S, Args::default()).unwrap().capture();
    /// assert!(nb.cell("a"));
    /// nb.print(1.5);
    /// assert_eq!(nb.captured(), "## cell a\n1.5\n");
    /// ```
    pub fn capture(mut self) -> Notebook {
        self.capture = Some(String::new());
        self
    }

    /// The output collected since [`Notebook::capture`] (empty when writing to stdout).
    ///
    /// ```
    /// use nanotorch_examples::{cli::Args, notebook::{Notebook, Section}};
    /// static S: &[Section] = &[Section::new("a", "a")];
    /// let nb = Notebook::new("demo", S, Args::default()).unwrap().capture();
    /// assert_eq!(nb.captured(), "");
    /// ```
    pub fn captured(&self) -> &str {
        self.capture.as_deref().unwrap_or("")
    }

    /// The `--seed` value, for seeding the random cells (each random cell seeds itself, so
    /// `--section` prints the same numbers as a full run).
    ///
    /// ```
    /// use nanotorch_examples::{cli::Args, notebook::{Notebook, Section}};
    /// static S: &[Section] = &[Section::new("a", "a")];
    /// let nb = Notebook::new("demo", S, Args::parse(["--seed", "4"]).unwrap()).unwrap();
    /// assert_eq!(nb.seed(), 4);
    /// ```
    pub fn seed(&self) -> u64 {
        self.args.seed
    }

    /// The recovered weights when running with `--replay` and cell `name` has them.
    ///
    /// ```
    /// use nanotorch_examples::{cli::Args, notebook::{Notebook, Replay, Section}};
    /// const R: Replay = Replay { label: "r", w0_bits: 0x3f80_0000, b0_bits: 0 };
    /// static S: &[Section] = &[Section::new("a", "a").replay(R)];
    /// let nb = Notebook::new("demo", S, Args::parse(["--replay"]).unwrap()).unwrap();
    /// assert_eq!(nb.replay("a").unwrap().w0(), 1.0);
    /// ```
    pub fn replay(&self, name: &str) -> Option<Replay> {
        if !self.args.replay {
            return None;
        }
        self.find(name).replay
    }

    fn find(&self, name: &str) -> &'static Section {
        self.sections
            .iter()
            .find(|s| s.name == name)
            .unwrap_or_else(|| panic!("{}: no section named `{name}` in its table", self.binary))
    }

    /// Whether cell `name` runs, given `--section` and `--replay`. When it runs for its own
    /// sake, its header is printed (with the recovered weights under `--replay`) and its
    /// lines are shown; when it runs only because a selected later cell continues its
    /// state, it runs muted.
    ///
    /// # Panics
    /// If `name` is not in the binary's section table (a bug in the binary).
    ///
    /// ```
    /// use nanotorch_examples::{cli::Args, notebook::{Notebook, Section}};
    /// static S: &[Section] = &[Section::new("a", "a"), Section::new("b", "b")];
    /// let mut nb = Notebook::new("demo", S, Args::parse(["--section", "b"]).unwrap()).unwrap();
    /// assert!(!nb.cell("a"));
    /// ```
    #[track_caller]
    pub fn cell(&mut self, name: &str) -> bool {
        let section = self.find(name);
        let selected = match &self.args.section {
            None => true,
            Some(sel) => sel == name,
        };
        let shown = selected && (!self.args.replay || section.replay.is_some());
        let needed = !shown && !self.args.replay && self.is_needed_by_selection(name);
        self.printing = shown;
        if shown {
            let header = match (self.args.replay, section.replay) {
                (true, Some(r)) => format!(
                    "## {} {}: w0={} ({:#010x}) b0={} ({:#010x})",
                    self.binary,
                    r.label,
                    repr(r.w0() as f64),
                    r.w0_bits,
                    repr(r.b0() as f64),
                    r.b0_bits
                ),
                _ => format!("## {}", section.title),
            };
            if self.printed_any {
                self.write("");
            }
            self.printed_any = true;
            self.write(&header);
        }
        shown || needed
    }

    /// Whether the selected cell continues, directly or through others, the state of `name`.
    fn is_needed_by_selection(&self, name: &str) -> bool {
        let Some(sel) = &self.args.section else {
            return false;
        };
        let mut cur = self.find(sel).needs;
        while let Some(n) = cur {
            if n == name {
                return true;
            }
            cur = self.find(n).needs;
        }
        false
    }

    /// Prints one line of the running cell (nothing when the cell runs muted).
    ///
    /// ```
    /// use nanotorch_examples::{cli::Args, notebook::{Notebook, Section}};
    /// static S: &[Section] = &[Section::new("a", "a")];
    /// let mut nb = Notebook::new("demo", S, Args::default()).unwrap().capture();
    /// nb.cell("a");
    /// nb.print(format_args!("epoch {}", 1));
    /// assert_eq!(nb.captured(), "## a\nepoch 1\n");
    /// ```
    pub fn print(&mut self, line: impl fmt::Display) {
        if self.printing {
            self.write(&line.to_string());
        }
    }

    fn write(&mut self, line: &str) {
        if let Some(buf) = &mut self.capture {
            buf.push_str(line);
            buf.push('\n');
            return;
        }
        let mut out = std::io::stdout().lock();
        if let Err(e) = writeln!(out, "{line}") {
            // A closed pipe (`| head`) ends the program quietly, like Python's print would not.
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                std::process::exit(0);
            }
            panic!("writing to stdout: {e}");
        }
    }
}

/// `nbprint!(nb, "fmt", args...)`: prints one formatted line of the running cell, the
/// notebook's `print(f'...')`.
///
/// ```
/// use nanotorch_examples::{cli::Args, nbprint, notebook::{Notebook, Section}};
/// static S: &[Section] = &[Section::new("a", "a")];
/// let mut nb = Notebook::new("demo", S, Args::default()).unwrap().capture();
/// nb.cell("a");
/// nbprint!(nb, "w = {:.3}", 1.5f64);
/// assert_eq!(nb.captured(), "## a\nw = 1.500\n");
/// ```
#[macro_export]
macro_rules! nbprint {
    ($nb:expr, $($fmt:tt)*) => {
        $nb.print(::std::format_args!($($fmt)*))
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    const R: Replay = Replay {
        label: "step 4 (nn.Linear)",
        w0_bits: 0xbf604dfe,
        b0_bits: 0x3f60d780,
    };
    static S: &[Section] = &[
        Section::new("s1", "step 1"),
        Section::new("s2", "step 2").needs("s1"),
        Section::new("s3", "step 3").needs("s2"),
        Section::new("s4", "step 4").replay(R),
    ];

    fn nb(args: &[&str]) -> Notebook {
        Notebook::new("bin", S, Args::parse(args.iter().copied()).unwrap())
            .unwrap()
            .capture()
    }

    // Runs each cell the way a binary does, printing its name; returns which cells ran.
    fn run(nb: &mut Notebook) -> Vec<&'static str> {
        let mut ran = vec![];
        for s in S {
            if nb.cell(s.name) {
                nb.print(s.name);
                ran.push(s.name);
            }
        }
        ran
    }

    // A full run prints every header, separated by blank lines, like the golden files.
    #[test]
    fn full_run_prints_all_sections() {
        let mut n = nb(&[]);
        assert_eq!(run(&mut n), ["s1", "s2", "s3", "s4"]);
        assert_eq!(
            n.captured(),
            "## step 1\ns1\n\n## step 2\ns2\n\n## step 3\ns3\n\n## step 4\ns4\n"
        );
    }

    // Selecting s3 runs s1 and s2 muted (s3 continues their state) and prints only s3.
    #[test]
    fn section_runs_its_prerequisites_muted() {
        let mut n = nb(&["--section", "s3"]);
        assert_eq!(run(&mut n), ["s1", "s2", "s3"]);
        assert_eq!(n.captured(), "## step 3\ns3\n");
        let mut n = nb(&["--section", "s4"]);
        assert_eq!(run(&mut n), ["s4"]);
    }

    // --replay runs only replayable cells and puts the recovered weights in the header,
    // exactly as replay.expected.txt writes them.
    #[test]
    fn replay_header_matches_golden_format() {
        let mut n = nb(&["--replay"]);
        assert_eq!(run(&mut n), ["s4"]);
        assert_eq!(
            n.captured(),
            "## bin step 4 (nn.Linear): w0=-0.8761900663375854 (0xbf604dfe) \
             b0=0.8782882690429688 (0x3f60d780)\ns4\n"
        );
        assert_eq!(n.replay("s4"), Some(R));
        assert_eq!(nb(&[]).replay("s4"), None);
    }

    #[test]
    fn bad_selections_are_errors() {
        let err = |a: &[&str]| {
            Notebook::new("bin", S, Args::parse(a.iter().copied()).unwrap())
                .unwrap_err()
                .0
        };
        assert_eq!(
            err(&["--section", "s9"]),
            "--section: no cell named `s9` (cells: s1, s2, s3, s4)"
        );
        assert_eq!(
            err(&["--replay", "--section", "s1"]),
            "--replay: cell `s1` starts from constants; nothing to replay"
        );
        static NONE: &[Section] = &[Section::new("a", "a")];
        let e = Notebook::new("bin", NONE, Args::parse(["--replay"]).unwrap()).unwrap_err();
        assert_eq!(
            e.0,
            "--replay: bin has no randomly initialised nn.Linear cell"
        );
    }
}

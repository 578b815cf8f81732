//! The command line every example binary shares, parsed by hand:
//! `--seed N` (default 0), `--replay`, `--section NAME`, `--list`, `--help`.
//!
//! ```
//! use nanotorch_examples::cli::Args;
//! let args = Args::parse(["--seed", "3", "--section", "step4"]).unwrap();
//! assert_eq!(args.seed, 3);
//! assert_eq!(args.section.as_deref(), Some("step4"));
//! assert!(Args::parse(["--fast"]).is_err());
//! ```

use crate::notebook::Section;
use std::fmt;

/// The parsed command line.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Args {
    /// Seed for every random draw (`--seed N`, default 0).
    pub seed: u64,
    /// Start the `nn.Linear` cells from the transcripts' recovered weights (`--replay`).
    pub replay: bool,
    /// Run only this cell (`--section NAME`).
    pub section: Option<String>,
    /// List the cells and exit (`--list`).
    pub list: bool,
    /// Print the usage and exit (`--help` or `-h`).
    pub help: bool,
}

/// A command line that could not be parsed; its message says which argument and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CliError(pub String);

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CliError {}

impl Args {
    /// Parses the arguments after the program name. `--seed` and `--section` take their
    /// value as the next argument or after `=` (`--seed=3`).
    ///
    /// ```
    /// use nanotorch_examples::cli::Args;
    /// let args = Args::parse(["--replay", "--seed=7"]).unwrap();
    /// assert!(args.replay);
    /// assert_eq!(args.seed, 7);
    /// let err = Args::parse(["--seed", "x"]).unwrap_err();
    /// assert_eq!(err.to_string(), "--seed: expected a non-negative integer, got `x`");
    /// ```
    pub fn parse<I, S>(args: I) -> Result<Args, CliError>
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let mut out = Args::default();
        let mut it = args.into_iter().map(Into::into);
        while let Some(arg) = it.next() {
            let (flag, inline) = match arg.split_once('=') {
                Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
                _ => (arg.clone(), None),
            };
            let mut value = |name: &str| -> Result<String, CliError> {
                inline
                    .clone()
                    .or_else(|| it.next())
                    .ok_or_else(|| CliError(format!("{name}: missing value")))
            };
            match flag.as_str() {
                "--seed" => {
                    let v = value("--seed")?;
                    out.seed = v.parse().map_err(|_| {
                        CliError(format!(
                            "--seed: expected a non-negative integer, got `{v}`"
                        ))
                    })?;
                }
                "--section" => out.section = Some(value("--section")?),
                "--replay" | "--list" | "--help" | "-h" if inline.is_some() => {
                    return Err(CliError(format!("{flag}: takes no value")));
                }
                "--replay" => out.replay = true,
                "--list" => out.list = true,
                "--help" | "-h" => out.help = true,
                _ => return Err(CliError(format!("unknown argument `{arg}`"))),
            }
        }
        Ok(out)
    }
}

/// The `--help` text: what the binary is, the flags, and its cells.
///
/// ```
/// use nanotorch_examples::{cli::usage, notebook::Section};
/// let text = usage("demo", "a demo", &[Section::new("a", "cell a")]);
/// assert!(text.starts_with("demo: a demo\n"));
/// assert!(text.contains("  a  cell a\n"));
/// ```
pub fn usage(binary: &str, about: &str, sections: &[Section]) -> String {
    format!(
        "{binary}: {about}\n\n\
         Usage: {binary} [--seed N] [--replay] [--section NAME] [--list] [--help]\n\n\
         \x20 --seed N        seed for the randomly initialised cells (default 0)\n\
         \x20 --replay        run only the nn.Linear cells, from the transcript's recovered initial weights\n\
         \x20 --section NAME  run one cell (cells it continues run silently first)\n\
         \x20 --list          list the cells\n\
         \x20 --help, -h      print this help\n\n\
         Cells:\n{}",
        list(sections)
    )
}

/// The `--list` text: one line per cell, its name, title, and `(replay)` where `--replay` runs it.
///
/// ```
/// use nanotorch_examples::{cli::list, notebook::Section};
/// assert_eq!(list(&[Section::new("ab", "x"), Section::new("c", "y")]), "  ab  x\n  c   y\n");
/// ```
pub fn list(sections: &[Section]) -> String {
    let width = sections.iter().map(|s| s.name.len()).max().unwrap_or(0);
    sections
        .iter()
        .map(|s| {
            let tag = if s.replay.is_some() { "  (replay)" } else { "" };
            format!("  {:<width$}  {}{tag}\n", s.name, s.title)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Args, CliError> {
        Args::parse(args.iter().copied())
    }

    // No arguments: seed 0, run everything from random init.
    #[test]
    fn defaults() {
        assert_eq!(parse(&[]).unwrap(), Args::default());
        assert_eq!(parse(&[]).unwrap().seed, 0);
    }

    #[test]
    fn every_flag() {
        let a = parse(&[
            "--seed",
            "9",
            "--replay",
            "--section",
            "step2",
            "--list",
            "--help",
        ]);
        let a = a.unwrap();
        assert_eq!(
            a,
            Args {
                seed: 9,
                replay: true,
                section: Some("step2".into()),
                list: true,
                help: true
            }
        );
        assert!(parse(&["-h"]).unwrap().help);
        assert_eq!(
            parse(&["--section=legendre"]).unwrap().section.unwrap(),
            "legendre"
        );
    }

    // Errors name the argument: unknown flags, missing or bad values, values on switches.
    #[test]
    fn errors() {
        assert_eq!(
            parse(&["--sed", "1"]).unwrap_err().0,
            "unknown argument `--sed`"
        );
        assert_eq!(parse(&["step1"]).unwrap_err().0, "unknown argument `step1`");
        assert_eq!(parse(&["--seed"]).unwrap_err().0, "--seed: missing value");
        assert_eq!(
            parse(&["--section"]).unwrap_err().0,
            "--section: missing value"
        );
        assert_eq!(
            parse(&["--seed", "-1"]).unwrap_err().0,
            "--seed: expected a non-negative integer, got `-1`"
        );
        assert_eq!(
            parse(&["--replay=yes"]).unwrap_err().0,
            "--replay: takes no value"
        );
    }
}

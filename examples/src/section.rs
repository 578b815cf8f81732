//! A notebook cell as a binary declares it: its `--section` name, its `## title`, the
//! earlier cell whose state it continues, and the recovered weights `--replay` starts it
//! from.
//!
//! ```
//! use nanotorch_examples::section::Section;
//! let s = Section::new("training", "training loop").needs("setup");
//! assert_eq!((s.name, s.needs), ("training", Some("setup")));
//! ```

/// The transcript's recovered initial `nn.Linear(1,1)` weights for a replayed cell
/// (../shared/golden/REPLAY.md), as f32 bit patterns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Replay {
    /// The header's label after the binary's name, e.g. `step 4 (nn.Linear)`.
    pub label: &'static str,
    /// Bits of the weight `w0`.
    pub w0_bits: u32,
    /// Bits of the bias `b0`.
    pub b0_bits: u32,
}

impl Replay {
    /// The initial weight.
    ///
    /// ```
    /// use nanotorch_examples::section::Replay;
    /// let r = Replay { label: "x", w0_bits: 0x3f80_0000, b0_bits: 0 };
    /// assert_eq!(r.w0(), 1.0);
    /// ```
    pub fn w0(&self) -> f32 {
        f32::from_bits(self.w0_bits)
    }

    /// The initial bias.
    ///
    /// ```
    /// use nanotorch_examples::section::Replay;
    /// let r = Replay { label: "x", w0_bits: 0, b0_bits: 0xbf80_0000 };
    /// assert_eq!(r.b0(), -1.0);
    /// ```
    pub fn b0(&self) -> f32 {
        f32::from_bits(self.b0_bits)
    }
}

/// One notebook cell (or a few cells that print together) as the binary runs it.
#[derive(Debug, Clone, Copy)]
pub struct Section {
    /// The `--section` name.
    pub name: &'static str,
    /// The header printed as `## title`.
    pub title: &'static str,
    /// Recovered initial weights, for the cells `--replay` runs.
    pub replay: Option<Replay>,
    /// An earlier cell whose state this one continues (run muted when only this one is selected).
    pub needs: Option<&'static str>,
}

impl Section {
    /// A cell that starts from fresh state.
    ///
    /// ```
    /// use nanotorch_examples::section::Section;
    /// assert_eq!(Section::new("step1", "step 1: numpy manual").title, "step 1: numpy manual");
    /// ```
    pub const fn new(name: &'static str, title: &'static str) -> Section {
        Section {
            name,
            title,
            replay: None,
            needs: None,
        }
    }

    /// The same cell, continuing the state left by cell `name`.
    ///
    /// ```
    /// use nanotorch_examples::section::Section;
    /// assert_eq!(Section::new("b", "b").needs("a").needs, Some("a"));
    /// ```
    pub const fn needs(self, name: &'static str) -> Section {
        Section {
            needs: Some(name),
            ..self
        }
    }

    /// The same cell, replayable from recovered weights.
    ///
    /// ```
    /// use nanotorch_examples::section::{Replay, Section};
    /// let r = Replay { label: "step 4", w0_bits: 0, b0_bits: 0 };
    /// assert!(Section::new("step4", "step 4").replay(r).replay.is_some());
    /// ```
    pub const fn replay(self, replay: Replay) -> Section {
        Section {
            replay: Some(replay),
            ..self
        }
    }
}

//! Versions in words, for the text reports and the TUI: the mark of each state, one line for
//! what became of the whole series, one for what a patch was before.

use super::compare::{Comparison, Dropped, Previous};
use super::range_diff::State;
use crate::sanitize::escape;

impl State {
    /// The mark the reports and the TUI's list show: `≡` unchanged, `~` changed, `+` new.
    pub fn glyph(self) -> char {
        match self {
            State::Unchanged => '≡',
            State::Changed { .. } => '~',
            State::New => '+',
        }
    }
}

impl State {
    /// What changed, in words: `code changed`, `message changed, same code`, `code and message
    /// changed`; `None` unless the patch changed.
    pub fn what_changed(self) -> Option<&'static str> {
        match self {
            State::Changed {
                code: true,
                message: true,
            } => Some("code and message changed"),
            State::Changed { code: true, .. } => Some("code changed"),
            State::Changed { .. } => Some("message changed, same code"),
            _ => None,
        }
    }
}

impl Comparison {
    /// `since base..v1: 4 unchanged, 2 changed (1 code, 1 message only), 1 new, 1 dropped`.
    pub fn describe(&self) -> String {
        let t = self.tally();
        let (mut code, mut message_only) = (0, 0);
        for i in 0..self.len() {
            if let Some(State::Changed { code: c, .. }) = self.state(i) {
                if c {
                    code += 1;
                } else {
                    message_only += 1;
                }
            }
        }
        let mut s = format!(
            "since {}: {} unchanged, {} changed",
            escape(&self.old.name),
            t.unchanged,
            t.changed
        );
        if t.changed > 0 {
            let mut parts = Vec::new();
            if code > 0 {
                parts.push(format!("{code} code"));
            }
            if message_only > 0 {
                parts.push(format!("{message_only} message only"));
            }
            s.push_str(&format!(" ({})", parts.join(", ")));
        }
        s.push_str(&format!(", {} new, {} dropped", t.new, t.dropped));
        s
    }
}

impl Previous<'_> {
    /// What a changed patch was: `was 3 22f2f06: code and message changed`; `None` for an
    /// unchanged or new patch, whose mark says it all.
    pub fn describe(&self) -> Option<String> {
        let what = self.state.what_changed()?;
        Some(format!("{}: {what}", self.was()?))
    }

    /// Where the partner was: `was 3 22f2f06` (its number and commit), `was 3 in v1` (mail);
    /// `None` for a new patch.
    pub fn was(&self) -> Option<String> {
        let (index, patch) = (self.index?, self.patch?);
        Some(if self.is_mail() {
            format!("was {index} in {}", escape(&patch.label))
        } else {
            format!("was {index} {}", escape(&patch.label))
        })
    }
}

impl Dropped<'_> {
    /// `3 a951351 docs: explain usage` (mail: `3 docs: explain usage`, the version is known).
    pub fn describe(&self) -> String {
        let subject = escape(&String::from_utf8_lossy(&self.patch.subject)).into_owned();
        if self.is_mail() {
            format!("{} {subject}", self.index)
        } else {
            format!("{} {} {subject}", self.index, escape(&self.patch.label))
        }
    }
}

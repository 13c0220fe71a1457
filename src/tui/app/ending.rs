//! A signal's exit: the writes in flight land first, and what could not be kept is said after
//! the terminal is restored, one line each, naming its patch — a failed write and why, a
//! comment being typed that is thrown away.

use git_triage::notes::NotesError;
use git_triage::sanitize::escape;

use super::{App, Mode};

/// How much of a discarded comment is shown: enough to recognise it.
const SHOWN: usize = 40;

impl App {
    /// A signal ends the UI: the writes in flight land first (the event loop waits).
    pub fn ending(&mut self) {
        self.signalled = true;
        self.leaving = true;
    }

    /// The lines to print once the terminal is restored after a signal: the writes that failed,
    /// then the comment text that is lost with the process.
    pub fn signal_report(&mut self) -> Vec<String> {
        let mut out = std::mem::take(&mut self.lost);
        if let (Mode::Comment(editor, _), Some(i)) = (&self.mode, self.current()) {
            out.extend(self.discarded(i, &editor.text()));
        }
        if let Some((editor, _, i)) = &self.unsaved {
            out.extend(self.discarded(*i, &editor.text()));
        }
        out
    }

    /// `needs-work on 7/9 (hw/net/e1000: comment the reset path) not saved: stale lock, …`
    pub(super) fn lost_write(&self, i: usize, what: &str, e: &NotesError) -> String {
        format!(
            "{what} on {} not saved: {}",
            self.named(i),
            self.write_reason(e)
        )
    }

    /// The line for comment text that is thrown away, if there is any.
    fn discarded(&self, i: usize, text: &str) -> Option<String> {
        let text = text.trim();
        let first = text.lines().next()?;
        let mut shown: String = first.chars().take(SHOWN).collect();
        if shown.len() < text.len() {
            shown.push('…');
        }
        Some(format!(
            "unsaved comment on {} discarded: \"{}\"",
            self.named(i),
            escape(&shown)
        ))
    }

    /// A patch as a signal's line names it: `7/9 (hw/net/e1000: comment the reset path)`.
    fn named(&self, i: usize) -> String {
        let n = self.series.patches.len();
        let index = self.series.patches[i].index;
        match self.patch(i) {
            Some(p) => format!("{index}/{n} ({})", escape(&p.subject)),
            None => format!("{index}/{n}"),
        }
    }
}

//! A signal's exit: the writes in flight land first, and what could not be kept is said after
//! the terminal is restored, one line each, naming its patch and what was not saved.

use git_triage::notes::NotesError;
use git_triage::sanitize::escape;

use super::App;

impl App {
    /// A signal ends the UI: the writes in flight land first (the event loop waits).
    pub fn ending(&mut self) {
        self.signalled = true;
        self.leaving = true;
    }

    /// The lines to print once the terminal is restored after a signal: the writes that failed.
    pub fn signal_report(&mut self) -> Vec<String> {
        std::mem::take(&mut self.lost)
    }

    /// `needs-work on 7/9 (hw/net/e1000: comment the reset path) not saved: stale lock, …`
    pub(super) fn lost_write(&self, i: usize, what: &str, e: &NotesError) -> String {
        format!(
            "{what} on {} not saved: {}",
            self.named(i),
            self.write_reason(e)
        )
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

//! The notes as the writer thread brings them: after our own writes, when the ref moved (another
//! terminal, a sync), and on `R`. Nothing here reads the repository.

use git_triage::notes::Notes;

use super::{App, Filter};
use crate::tui::writer::{Refreshed, Update};

impl App {
    /// `R`: reads the notes again now (after the writes already given).
    pub(super) fn reload_notes(&mut self) {
        self.reload_asked = Some(self.refresh_notes(true));
    }

    /// Notes read again by the writer: asked for (`R`, or a key that decides from them), or
    /// because the ref moved.
    pub(super) fn refreshed(&mut self, r: Refreshed) {
        if let Some(id) = r.id {
            self.refreshing.retain(|&x| x != id);
        }
        let reload = r.id.is_some() && r.id == self.reload_asked;
        let notes_ref = self.config.notes_ref.clone();
        match r.notes {
            Ok(Some(fresh)) => {
                let moved = fresh.tip() != self.notes.tip();
                self.notes = *fresh;
                self.notes_changed();
                if reload && moved {
                    self.info(format!("verdicts reloaded from {notes_ref}"));
                } else if reload {
                    self.info(format!("verdicts are up to date with {notes_ref}"));
                } else if r.id.is_none() && !self.message.as_ref().is_some_and(|m| m.error) {
                    // Say why marks changed without a key, unless an error is being shown.
                    self.info(format!("{notes_ref} moved: verdicts updated"));
                }
            }
            Ok(None) if reload => self.info(format!("verdicts are up to date with {notes_ref}")),
            Ok(None) => {}
            Err(e) if reload => self.set_error(format!("reading {notes_ref}: {e}")),
            Err(_) => {}
        }
    }

    pub(super) fn take_update(&mut self, update: Option<Update>) {
        match update {
            None => return,
            Some(Update::Read(fresh)) => self.notes = *fresh,
            Some(Update::Appended(list)) => {
                for (parent, tip, commit, lines) in list {
                    if !self.notes.extend(parent, tip, commit, &lines) {
                        // Only the writer changes these notes, so this does not happen; if it
                        // did, reading them whole again puts it right.
                        self.refresh_notes(true);
                        break;
                    }
                }
            }
        }
        self.notes_changed();
    }

    /// Brings the filter and the page in line with new notes.
    pub(super) fn notes_changed(&mut self) {
        if self.filter == Filter::Undecided {
            self.refilter();
        }
        self.refresh_rows();
    }

    /// The status line for note lines that were skipped when the notes were read.
    pub(super) fn skipped_message(notes: &Notes, notes_ref: &str) -> Option<String> {
        let first = notes.skipped().first()?;
        let n = notes.skipped().len();
        Some(match n {
            1 => format!("warning: {notes_ref}: {first}"),
            n => format!("warning: {notes_ref}: {n} lines skipped; first: {first}"),
        })
    }
}

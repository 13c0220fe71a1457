//! Notes writes in flight: handed to the writer thread in the order they were given, shown as
//! "saving…" until the writer confirms them, and what the UI does when each lands. A decision
//! shows as recorded only once it is; a write that fails says why, and a comment's text stays
//! for `c`.

use git2::Oid;

use git_triage::notes::{Change, CommentChange, NotesError, State};

use super::external::ExternalEdit;
use super::{App, Target};
use crate::tui::editor::Editor;
use crate::tui::writer::{Job, Report, Write, Written};

/// What the UI does when a write lands.
#[derive(Debug)]
pub(super) enum Then {
    /// `a`, `r`, `w`, `u`: say so, and move on if the reviewer is still on the patch.
    Decide,
    /// The patch comment (`empty`: removed); the editor comes back for `c` if it fails.
    PatchComment {
        empty: bool,
        kept: Option<(Editor, Target)>,
    },
    /// Comments on the page; `said` is what a single change says when written.
    Comments {
        said: Option<String>,
        kept: Option<(Editor, Target)>,
    },
    /// `=`: my carried verdict from `from`.
    Confirm { from: Oid, code_changed: bool },
    /// `A`'s accepts, each unless decided meanwhile.
    Accept,
    /// `v` on file `file`.
    FileMark { file: usize, reviewed: bool },
    /// What came back from `E`: the file is removed once everything is written.
    Edited { job: ExternalEdit, summary: String },
}

/// A write the writer has not confirmed yet.
#[derive(Debug)]
pub struct Saving {
    id: u64,
    /// The patches it writes on, marked "saving…" in the list.
    pub patches: Vec<usize>,
    /// What it writes, for the line a signal exit prints when it fails: `needs-work`.
    what: &'static str,
    then: Then,
}

/// What a write is, in a few words.
fn what(write: &Write) -> &'static str {
    match write {
        Write::Verdict(Change::Decide { state, .. }) => state.as_str(),
        Write::Verdict(Change::Comment(_)) => "comment",
        Write::Verdict(Change::AcceptIfUndecided) => "accept",
        Write::Verdict(_) => "verdict",
        Write::Comments(_) => "comment",
        Write::FileMarks(_) => "file mark",
    }
}

impl App {
    /// Hands `writes` (each on a patch) to the writer, to be written in order, stopping at the
    /// first that fails; `then` runs when they land. False when nothing could be asked (no
    /// identity, a patch not read): the status bar says why.
    pub(super) fn submit(&mut self, writes: Vec<(usize, Write)>, then: Then) -> bool {
        let reviewer = match self.identity() {
            Ok(r) => r,
            Err(e) => {
                self.set_error(e);
                return false;
            }
        };
        let what = writes.first().map_or("write", |(_, w)| what(w));
        let mut jobs = Vec::with_capacity(writes.len());
        let mut patches = Vec::new();
        for (i, write) in writes {
            let Some(patch) = self.patch(i).cloned() else {
                self.set_error(format!(
                    "patch {} could not be read: nothing written",
                    i + 1
                ));
                return false;
            };
            jobs.push(Job {
                patch,
                patch_id: self.patch_id(i),
                at: (self.clock)(),
                write,
            });
            if !patches.contains(&i) {
                patches.push(i);
            }
        }
        let id = self.writer.write(reviewer, jobs);
        self.saving.push(Saving {
            id,
            patches,
            what,
            then,
        });
        true
    }

    /// Whether a write on patch `i` waits for its confirmation.
    pub fn is_saving(&self, i: usize) -> bool {
        self.saving.iter().any(|s| s.patches.contains(&i))
    }

    /// Writes and reads of the notes not answered yet.
    pub fn notes_busy(&self) -> bool {
        !self.saving.is_empty() || !self.refreshing.is_empty()
    }

    /// Asks the writer to read the notes again once it has written what it was given (only if
    /// the ref moved, unless `force`); keys that decide from the notes wait for the answer.
    pub(super) fn refresh_notes(&mut self, force: bool) -> u64 {
        let id = self.writer.refresh(force);
        self.refreshing.push(id);
        id
    }

    /// Quits once every write is confirmed; until then the status bar counts them.
    pub(super) fn leave(&mut self) {
        if self.saving.is_empty() {
            self.quit = true;
        } else {
            self.leaving = true;
        }
    }

    /// A report from the writer: the notes brought up to date, then what the write was for.
    pub(super) fn landed(&mut self, report: Report) {
        self.take_update(report.notes);
        let Some(k) = self.saving.iter().position(|s| s.id == report.id) else {
            return;
        };
        let saving = self.saving.remove(k);
        let failed = report.results.iter().position(Result::is_err);
        // Said after the terminal is restored, naming what was lost: the status bar that
        // named it is gone by then.
        let lost = failed.filter(|_| self.signalled).and_then(|k| {
            let e = report.results[k].as_ref().err()?;
            // `A` writes one accept per patch; other writes are all on one patch.
            let one_each = saving.patches.len() == report.results.len();
            let i = *saving.patches.get(if one_each { k } else { 0 })?;
            Some(self.lost_write(i, saving.what, e))
        });
        let failed = failed.is_some();
        self.then(saving, report.results);
        if let Some(line) = lost {
            self.lost.push(line);
        } else if self.leaving && failed {
            // A write that failed at quit is the reviewer's to see, not to lose.
            self.leaving = false;
            if let Some(m) = self.message.as_mut() {
                m.text.push_str(" · not quit: q quits");
            }
        } else if self.leaving && self.saving.is_empty() {
            self.quit = true;
        }
    }

    /// Whether a write on patch `i` waits for its confirmation.
    pub(super) fn saving_on(&self, i: usize) -> bool {
        self.saving.iter().any(|s| s.patches.contains(&i))
    }

    /// How many requests the writer has not answered; the signal handler waits for them.
    pub fn writes_in_flight(&self) -> std::sync::Arc<std::sync::atomic::AtomicUsize> {
        self.writer.in_flight()
    }

    /// What a landed write was for.
    fn then(&mut self, saving: Saving, results: Vec<Result<Written, NotesError>>) {
        let i = saving.patches.first().copied().unwrap_or(0);
        match saving.then {
            Then::Accept => self.accepted(results),
            Then::Edited { job, summary } => match results.into_iter().find_map(Result::err) {
                Some(e) => {
                    let why = self.write_error(&e, "not written");
                    self.keep_edit(&job, why);
                }
                None => self.edit_written(&job, &summary),
            },
            then => match results.into_iter().next() {
                Some(Ok(written)) => self.written(i, then, written),
                Some(Err(e)) => self.failed(i, then, &e),
                None => {}
            },
        }
    }

    /// A write that failed: the status bar says why; a comment's text stays for `c`.
    fn failed(&mut self, i: usize, then: Then, e: &NotesError) {
        let what = match &then {
            Then::Decide | Then::Confirm { .. } => "verdict not written",
            Then::PatchComment { .. } | Then::Comments { .. } => "comment not written",
            _ => "not written",
        };
        let why = self.write_error(e, what);
        self.set_error(why);
        if let Then::PatchComment { kept, .. } | Then::Comments { kept, .. } = then {
            if let Some((editor, target)) = kept {
                self.unsaved = Some((editor, target, i));
            }
        }
    }

    fn written(&mut self, i: usize, then: Then, written: Written) {
        match (then, written) {
            (Then::Decide, Written::Verdict(Ok(v))) => self.decided(i, &v),
            (Then::PatchComment { empty, .. }, Written::Verdict(Ok(v))) => {
                let what = if empty {
                    "comment removed"
                } else {
                    "comment saved"
                };
                let text = match self.carried_under_remark(i, &v) {
                    Some(carried) => format!("{what} · {carried}"),
                    None => format!("{what} · your verdict: {}", v.state.as_str()),
                };
                self.info(text);
            }
            (Then::Confirm { from, code_changed }, Written::Verdict(result)) => {
                self.confirmed(from, code_changed, result.map(|v| v.state).ok())
            }
            (Then::Comments { said, .. }, Written::Comments(results)) => {
                self.comments_written(said, &results)
            }
            (Then::FileMark { file, reviewed }, Written::FileMarks(_)) => {
                self.file_marked(i, file, reviewed)
            }
            // Unchanged: someone wrote meanwhile; the notes read again show it.
            _ => {}
        }
    }

    /// `A`'s report: accepts written, those decided meanwhile, and the error that stopped it.
    pub(super) fn accepted(&mut self, results: Vec<Result<Written, NotesError>>) {
        let (mut done, mut meanwhile) = (0, 0);
        for r in results {
            match r {
                Ok(Written::Verdict(Ok(_))) => done += 1,
                Ok(_) => meanwhile += 1,
                Err(e) => {
                    let why = self.write_error(&e, "verdict not written");
                    return self.set_error(why);
                }
            }
        }
        let mut msg = format!("accepted {done} patch{}", if done == 1 { "" } else { "es" });
        if meanwhile > 0 {
            msg.push_str(&format!(
                "; {meanwhile} decided meanwhile, left as {}",
                if meanwhile == 1 {
                    "it was"
                } else {
                    "they were"
                }
            ));
        }
        self.info(msg);
    }

    /// The status bar's line for a write that failed. It is one line: of a stale lock, the
    /// lock file's path is what matters.
    fn write_error(&self, e: &NotesError, what: &str) -> String {
        match e {
            NotesError::Locked { .. } => format!("unsaved: {}", self.write_reason(e)),
            e => format!("{what}: {e}"),
        }
    }

    /// Why a write failed, in one line.
    pub(super) fn write_reason(&self, e: &NotesError) -> String {
        match e {
            NotesError::Locked { lock } => {
                let top = self
                    .repo
                    .workdir()
                    .and_then(|w| std::fs::canonicalize(w).ok());
                let short = top
                    .and_then(|top| lock.strip_prefix(top).ok().map(|p| p.to_path_buf()))
                    .unwrap_or_else(|| lock.clone());
                format!("stale lock, rm {} if no git runs", short.display())
            }
            e => e.to_string(),
        }
    }

    /// What the status bar says while writes wait for their confirmation.
    pub(super) fn saving_status(&self) -> Option<String> {
        let first = self.saving.first()?;
        let n = self.saving.len();
        let what = match first.patches.as_slice() {
            [i] if n == 1 => format!(
                "saving {}/{}…",
                self.series.patches[*i].index,
                self.series.patches.len()
            ),
            _ => format!("saving {n}…"),
        };
        Some(if self.leaving {
            format!("{what} then quitting")
        } else {
            what
        })
    }
}

impl App {
    /// A decision landed: say it, and move on if the reviewer stayed on the patch.
    fn decided(&mut self, i: usize, v: &git_triage::notes::Verdict) {
        let p = &self.series.patches[i];
        let mut msg = format!(
            "{} {} {}/{} to {}",
            git_triage::export::glyph(v.state),
            v.state.as_str(),
            p.index,
            self.series.patches.len(),
            self.config.notes_ref
        );
        // A verdict that waited (for its diff, or to be written) advances only if the reviewer
        // has not moved on meanwhile.
        if v.state != State::Pending && self.config.tui.advance && self.current() == Some(i) {
            msg.push_str(&self.advance());
        }
        self.info(msg);
    }

    fn comments_written(
        &mut self,
        said: Option<String>,
        results: &[Result<git_triage::notes::Comment, git_triage::notes::Unchanged>],
    ) {
        let gone = results.iter().any(|r| r.is_err());
        let written = results.iter().filter(|r| r.is_ok()).count();
        let msg = match said {
            _ if gone => "not written: the comment was deleted meanwhile".into(),
            Some(said) => said,
            None => format!("{written} comment changes saved"),
        };
        self.info(msg);
    }

    /// What a single comment change says once written.
    pub(super) fn comment_said(change: &CommentChange) -> String {
        match change {
            CommentChange::Add { anchor, .. } => format!(
                "comment saved on {}",
                git_triage::sanitize::escape(&anchor.describe())
            ),
            CommentChange::Edit { .. } => "comment edited".into(),
            CommentChange::Delete { .. } => "comment deleted".into(),
        }
    }
}

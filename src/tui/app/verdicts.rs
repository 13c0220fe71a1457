//! Verdicts from the keyboard, written to git notes through the library's one code path, and
//! the notes followed as other processes write them.

use git_triage::notes::{self, Change, Marks, Notes, State, Unchanged, Verdict};
use git_triage::policy::Severity;

use super::{App, Filter, Mode};

/// What `A` will accept, and what it leaves for a closer look.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AcceptPlan {
    /// The patches to accept, as indices into the series.
    pub accept: Vec<usize>,
    /// Undecided patches without errors left out: critical areas deserve a look of their own,
    /// a merge is not a patch, your comment is a question not yet answered, and your carried
    /// verdict is confirmed with `=`.
    pub critical: usize,
    pub merges: usize,
    pub commented: usize,
    pub carried: usize,
}

/// `=` asked on a patch whose code changed since my carried verdict was given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfirmChanged {
    pub i: usize,
    /// Where the verdict was given.
    pub from: git2::Oid,
    pub state: State,
}

impl ConfirmChanged {
    /// The prompt: what the second `=` would confirm, and why it asks.
    pub fn prompt(&self) -> String {
        format!(
            " The code changed since your {} on {}: = confirms it anyway, any other key does not",
            self.state.as_str(),
            &self.from.to_string()[..7]
        )
    }
}

impl AcceptPlan {
    /// The confirmation prompt: what will be accepted first, then what is left out.
    pub fn prompt(&self) -> String {
        let n = self.accept.len();
        let mut s = format!(
            " Accept {n} patch{} (0 critical)? y/N",
            if n == 1 { "" } else { "es" }
        );
        if let Some(left) = self.left_out() {
            s.push_str(&format!("  left out: {left} "));
        }
        s
    }

    /// `1 critical, 2 merges, 1 commented`, or `None` when nothing was left out.
    pub fn left_out(&self) -> Option<String> {
        let merges = if self.merges == 1 { "merge" } else { "merges" };
        let left: Vec<String> = [
            (self.critical, "critical"),
            (self.merges, merges),
            (self.commented, "commented"),
            (self.carried, "carried (= confirms)"),
        ]
        .iter()
        .filter(|(k, _)| *k > 0)
        .map(|(k, what)| format!("{k} {what}"))
        .collect();
        (!left.is_empty()).then(|| left.join(", "))
    }
}

impl App {
    /// Writes `change` on patch `i` now, decided against the notes as they are in the
    /// repository at this moment. Returns the line written, or why nothing was (`None` when
    /// writing failed; the status bar says why).
    pub(super) fn record(
        &mut self,
        i: usize,
        change: Change,
    ) -> Option<Result<Verdict, Unchanged>> {
        let reviewer = match &self.reviewer {
            Ok(r) => r.clone(),
            Err(e) => {
                self.set_error(e.clone());
                return None;
            }
        };
        let target = self.patch(i).map(|p| p.verdict_target(&self.repo));
        let commit = match target {
            Some(Ok(target)) => target,
            Some(Err(e)) => {
                self.set_error(format!("verdict not written: {}", e.message()));
                return None;
            }
            None => {
                self.set_error(format!("patch {} could not be read: no verdict", i + 1));
                return None;
            }
        };
        let notes_ref = self.config.notes_ref.clone();
        let outcome = notes::write(
            &self.repo,
            &notes_ref,
            &reviewer,
            commit,
            self.patch_id(i),
            (self.clock)(),
            &change,
        );
        match outcome {
            Ok(Ok(written)) => {
                if self
                    .notes
                    .recorded(&self.repo, &notes_ref, commit, &written)
                    .is_err()
                {
                    self.notes.add(commit, &written.to_line());
                }
                self.notes_changed();
                Some(Ok(written))
            }
            Ok(Err(unchanged)) => {
                // Something changed under us: show it.
                self.follow_notes();
                Some(Err(unchanged))
            }
            // The status bar is one line: the lock file's path is what matters.
            Err(notes::NotesError::Locked { lock }) => {
                let top = self
                    .repo
                    .workdir()
                    .and_then(|w| std::fs::canonicalize(w).ok());
                let short = top
                    .and_then(|top| lock.strip_prefix(top).ok().map(|p| p.to_path_buf()))
                    .unwrap_or(lock);
                self.set_error(format!(
                    "unsaved: stale lock, rm {} if no git runs",
                    short.display()
                ));
                None
            }
            Err(e) => {
                self.set_error(format!("verdict not written: {e}"));
                None
            }
        }
    }

    /// A decision from `a`, `r`, `w`, `u` on patch `i`.
    pub(super) fn decide(&mut self, i: usize, state: State) {
        let change = Change::Decide {
            state,
            comment: None,
        };
        if let Some(Ok(v)) = self.record(i, change) {
            let p = &self.series.patches[i];
            let mut msg = format!(
                "{} {} {}/{} to {}",
                git_triage::export::glyph(v.state),
                v.state.as_str(),
                p.index,
                self.series.patches.len(),
                self.config.notes_ref
            );
            // A verdict that waited for its diff advances only if the reviewer has not moved
            // on meanwhile.
            if v.state != State::Pending && self.config.tui.advance && self.current() == Some(i) {
                msg.push_str(&self.advance());
            }
            self.info(msg);
        }
    }

    /// The patch comment; whether it was written (or there was nothing to write).
    pub(super) fn save_comment(&mut self, i: usize, text: String) -> bool {
        let text = text.trim_end().to_string();
        let empty = text.is_empty();
        match self.record(i, Change::Comment(text)) {
            Some(Ok(v)) => {
                let what = if empty {
                    "comment removed"
                } else {
                    "comment saved"
                };
                self.info(format!("{what} · your verdict: {}", v.state.as_str()));
                true
            }
            Some(Err(_)) => true,
            None => false,
        }
    }

    /// `=`: confirms my own verdict carried from an earlier version, never someone else's.
    pub(super) fn confirm_carried(&mut self, i: usize) {
        self.follow_notes();
        let commit = self.series.patches[i].key;
        let pid = self.patch_id(i);
        let Ok(me) = self.reviewer.as_ref().map(|r| r.email.clone()) else {
            self.set_error("no reviewer identity: nothing of yours to confirm".into());
            return;
        };
        let partner = self.partner(i);
        let carried = self.notes.carried(commit, pid, partner);
        let (from, state, code_changed) = match self.notes.my_carried(commit, pid, partner, &me) {
            Some(c) => (c.from, c.verdict.state, c.code_changed(pid)),
            None if carried.is_empty() => {
                return self.info("no carried verdict on this patch".into());
            }
            None => {
                let theirs: String = carried
                    .iter()
                    .map(|c| git_triage::export::glyph(c.verdict.state))
                    .collect();
                return self.info(format!(
                    "nothing of yours to confirm: the carried verdicts ({theirs}) are others'; \
                     give your own with a, r or w"
                ));
            }
        };
        if code_changed {
            self.mode = Mode::ConfirmChanged(ConfirmChanged { i, from, state });
            return;
        }
        self.write_confirmation(i, from, false);
    }

    /// The answer to the prompt of `=` on a changed patch: `again` is a second `=`.
    pub(super) fn confirm_changed(&mut self, asked: ConfirmChanged, again: bool) {
        if !again {
            return self.info(format!(
                "not confirmed: your {} stays carried, marked as given on other code",
                asked.state.as_str()
            ));
        }
        if self.current() == Some(asked.i) {
            self.write_confirmation(asked.i, asked.from, true);
        }
    }

    fn write_confirmation(&mut self, i: usize, from: git2::Oid, code_changed: bool) {
        match self.record(i, Change::Confirm { from, code_changed }) {
            Some(Ok(v)) => self.info(format!(
                "confirmed your {} from {}{}",
                v.state.as_str(),
                &from.to_string()[..7],
                if code_changed {
                    " on the changed patch"
                } else {
                    ""
                }
            )),
            Some(Err(_)) => {
                self.info("nothing to confirm: your verdict on this patch changed meanwhile".into())
            }
            None => {}
        }
    }

    /// `A`, once every finding is known: works out what accept-all would do and asks.
    pub(super) fn plan_accept(&mut self) {
        self.follow_notes();
        let mut plan = AcceptPlan::default();
        for i in 0..self.series.patches.len() {
            let errors = self
                .findings(i)
                .iter()
                .any(|f| f.severity == Severity::Error);
            if errors || !self.undecided(i) {
                continue;
            }
            // An unreadable commit is never accepted blindly.
            let Some(merge) = self.patch(i).map(|p| p.is_merge()) else {
                continue;
            };
            let marks = self.marks(i);
            if merge {
                plan.merges += 1;
            } else if marks.mine == Some(State::Pending) || self.commented_by_me(i) {
                plan.commented += 1;
            } else if marks.carried && marks.mine.is_some() {
                plan.carried += 1;
            } else if self.level(i) == Some(git_triage::areas::Level::Critical) {
                plan.critical += 1;
            } else {
                plan.accept.push(i);
            }
        }
        if plan.accept.is_empty() {
            self.info(match plan.left_out() {
                Some(left) => format!("nothing to accept without a closer look; left out: {left}"),
                None => "nothing to accept: no undecided patch without error findings".into(),
            });
        } else {
            self.mode = Mode::ConfirmAcceptClean(plan);
        }
    }

    /// The `y` to the accept-all prompt: each accept is written unless that patch was decided
    /// or commented on meanwhile (in another terminal, say).
    pub(super) fn accept_planned(&mut self, plan: AcceptPlan) {
        let (mut done, mut meanwhile) = (0, 0);
        for i in plan.accept {
            match self.record(i, Change::AcceptIfUndecided) {
                Some(Ok(_)) => done += 1,
                Some(Err(_)) => meanwhile += 1,
                None => return,
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

    /// Whether I left a comment on a line, hunk, file or the message of patch `i`.
    fn commented_by_me(&self, i: usize) -> bool {
        let Ok(me) = &self.reviewer else { return false };
        self.notes
            .comments(
                self.series.patches[i].key,
                self.patch_id(i),
                self.partner(i),
            )
            .iter()
            .any(|c| c.comment.same_reviewer(&me.email))
    }

    /// The list's summary of patch `i`: mine apart from the others'.
    pub fn marks(&self, i: usize) -> Marks {
        let me = self.reviewer.as_ref().ok().map(|r| r.email.as_str());
        self.notes.marks(
            self.series.patches[i].key,
            self.patch_id(i),
            self.partner(i),
            me,
        )
    }

    /// Reads the notes again if the ref moved since they were read (one small file read when it
    /// did not), so that what a key decides from the screen is what the notes say.
    pub(super) fn follow_notes(&mut self) {
        let tip = notes::tip(&self.repo, &self.config.notes_ref).ok();
        if tip.is_some_and(|t| t != self.notes.tip()) {
            if let Ok(fresh) = Notes::load(&self.repo, &self.config.notes_ref) {
                self.notes = fresh;
                self.notes_changed();
            }
        }
    }

    /// `R`: reads the notes again now.
    pub(super) fn reload_notes(&mut self) {
        let before = self.notes.tip();
        match Notes::load(&self.repo, &self.config.notes_ref) {
            Ok(fresh) => {
                let moved = fresh.tip() != before;
                self.notes = fresh;
                self.notes_changed();
                self.info(if moved {
                    format!("verdicts reloaded from {}", self.config.notes_ref)
                } else {
                    format!("verdicts are up to date with {}", self.config.notes_ref)
                });
            }
            Err(e) => self.set_error(format!("reading {}: {e}", self.config.notes_ref)),
        }
    }

    /// Notes read by the watcher thread arrive. They are taken only if they are what the ref
    /// holds now: a read that began before one of our own writes would put it back.
    pub fn notes_arrived(&mut self, fresh: Notes) {
        if fresh.tip() == self.notes.tip() {
            return;
        }
        let now = notes::tip(&self.repo, &self.config.notes_ref).ok();
        if now != Some(fresh.tip()) {
            return;
        }
        self.notes = fresh;
        self.notes_changed();
        // Say why marks changed without a key, unless an error is still being shown.
        if !self.message.as_ref().is_some_and(|m| m.error) {
            self.info(format!("{} moved: verdicts updated", self.config.notes_ref));
        }
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

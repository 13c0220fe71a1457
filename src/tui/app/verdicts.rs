//! Verdicts from the keyboard: `a`, `r`, `w`, `u`, the patch comment, `=` and `A`. Each is
//! handed to the writer thread, which decides it against the notes as they are at the moment
//! of writing (see [`super::saving`]).

use git_triage::notes::{Change, Marks, State};
use git_triage::policy::Severity;

use super::saving::Then;
use super::{App, Mode, Target};
use crate::tui::editor::Editor;
use crate::tui::writer::Write;

/// What `A` will accept, and what it leaves for a closer look.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AcceptPlan {
    /// The patches to accept, as indices into the series.
    pub accept: Vec<usize>,
    /// The series' length: what is accepted and every group left out add up to it.
    pub total: usize,
    /// Patches left out, each counted once, in this order: already decided, with an error
    /// finding, not readable; then the undecided ones without errors: critical areas deserve a
    /// look of their own, a merge is not a patch, your comment is a question not yet answered,
    /// and your carried verdict is confirmed with `=`.
    pub decided: usize,
    pub errors: usize,
    pub unread: usize,
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
            " Accept {n} of {} patch{} (0 critical)? y/N",
            self.total,
            if self.total == 1 { "" } else { "es" }
        );
        if let Some(left) = self.left_out() {
            s.push_str(&format!("  left out: {left} "));
        }
        s
    }

    /// `3 decided, 1 with errors, 1 critical, 2 merges, 1 commented`, or `None` when nothing
    /// was left out.
    pub fn left_out(&self) -> Option<String> {
        let merges = if self.merges == 1 { "merge" } else { "merges" };
        let left: Vec<String> = [
            (self.decided, "decided"),
            (self.errors, "with errors"),
            (self.unread, "unreadable"),
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
    /// A decision from `a`, `r`, `w`, `u` on patch `i`.
    pub(super) fn decide(&mut self, i: usize, state: State) {
        let change = Change::Decide {
            state,
            comment: None,
        };
        self.submit(vec![(i, Write::Verdict(change))], Then::Decide);
    }

    /// The patch comment from the editor; whether it was handed to the writer (or there was
    /// nothing to write). If it fails there, the editor comes back for `c`.
    pub(super) fn save_comment(&mut self, i: usize, editor: &Editor, target: &Target) -> bool {
        let text = editor.text().trim_end().to_string();
        let then = Then::PatchComment {
            empty: text.is_empty(),
            kept: Some((editor.clone(), target.clone())),
        };
        self.submit(vec![(i, Write::Verdict(Change::Comment(text)))], then)
    }

    /// `=`: confirms my own verdict carried from an earlier version, never someone else's.
    pub(super) fn confirm_carried(&mut self, i: usize) {
        let commit = self.series.patches[i].key;
        let pid = self.patch_id(i);
        let me = match self.identity() {
            Ok(r) => r.email,
            Err(e) => return self.set_error(format!("{e}: nothing of yours to confirm")),
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
        let change = Change::Confirm { from, code_changed };
        let then = Then::Confirm { from, code_changed };
        self.submit(vec![(i, Write::Verdict(change))], then);
    }

    /// `your accept from 1a2b3c4 still needs = here`, when `written` is a remark of mine (a
    /// comment without a decision) on patch `i` over my carried verdict, which it leaves as
    /// it was: carried, not confirmed.
    pub(super) fn carried_under_remark(
        &self,
        i: usize,
        written: &git_triage::notes::Verdict,
    ) -> Option<String> {
        if !written.is_remark() {
            return None;
        }
        let commit = self.series.patches[i].key;
        let (pid, partner) = (self.patch_id(i), self.partner(i));
        let c = self
            .notes
            .my_carried(commit, pid, partner, &written.email)?;
        // The version's name when it was given there: on the patch this one replaces, or
        // carried to it.
        let there = c.previous || partner.is_some_and(|p| p.key == c.from);
        let from = match self.compared() {
            Some(v) if there => v.comparison.old.name.clone(),
            _ => c.from.to_string()[..7].to_string(),
        };
        Some(format!(
            "your {} from {} still needs {} here",
            c.verdict.state.as_str(),
            git_triage::sanitize::escape(&from),
            if c.code_changed(pid) { "= =" } else { "=" }
        ))
    }

    /// `=` landed: the state confirmed, or `None` when my verdict changed meanwhile.
    pub(super) fn confirmed(&mut self, from: git2::Oid, code_changed: bool, state: Option<State>) {
        let Some(state) = state else {
            return self
                .info("nothing to confirm: your verdict on this patch changed meanwhile".into());
        };
        self.info(format!(
            "confirmed your {} from {}{}",
            state.as_str(),
            &from.to_string()[..7],
            if code_changed {
                " on the changed patch"
            } else {
                ""
            }
        ));
    }

    /// `A`, once every finding is known: works out what accept-all would do and asks.
    pub(super) fn plan_accept(&mut self) {
        let mut plan = AcceptPlan {
            total: self.series.patches.len(),
            ..AcceptPlan::default()
        };
        for i in 0..self.series.patches.len() {
            let errors = self
                .findings(i)
                .iter()
                .any(|f| f.severity == Severity::Error);
            // An unreadable commit is never accepted blindly.
            let merge = self.patch(i).map(|p| p.is_merge());
            let marks = self.marks(i);
            if !self.undecided(i) {
                plan.decided += 1;
            } else if errors {
                plan.errors += 1;
            } else if merge.is_none() {
                plan.unread += 1;
            } else if merge == Some(true) {
                plan.merges += 1;
            } else if marks.remark || self.commented_by_me(i) {
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
    /// or commented on meanwhile (in another terminal, say), in order, stopping at an error.
    pub(super) fn accept_planned(&mut self, plan: AcceptPlan) {
        let writes = plan
            .accept
            .into_iter()
            .map(|i| (i, Write::Verdict(Change::AcceptIfUndecided)))
            .collect();
        self.submit(writes, Then::Accept);
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
}

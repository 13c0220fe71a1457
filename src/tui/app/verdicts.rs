//! Verdicts from the keyboard, written to git notes through the library's one code path.

use git2::Oid;

use git_triage::notes::{self, State, Verdict};

use super::{App, Filter};

impl App {
    /// Writes a verdict for patch `i` to the notes ref now. Returns whether it was written.
    pub(super) fn record(
        &mut self,
        i: usize,
        state: State,
        comment: Option<String>,
        from: Option<Oid>,
    ) -> bool {
        let reviewer = match &self.reviewer {
            Ok(r) => r.clone(),
            Err(e) => {
                self.set_error(e.clone());
                return false;
            }
        };
        self.ensure(i);
        let commit = self.series.patches[i].id;
        let mut verdict = Verdict::new(state, &reviewer, self.patch_id(i), comment);
        verdict.at = (self.clock)();
        verdict.from = from;
        match notes::record(&self.repo, &self.config.notes_ref, commit, &verdict) {
            Ok(written) => {
                let notes_ref = &self.config.notes_ref;
                if self
                    .notes
                    .recorded(&self.repo, notes_ref, commit, &written)
                    .is_err()
                {
                    self.notes.add(commit, &written.to_line());
                }
                let p = &self.series.patches[i];
                self.info(format!(
                    "{} {} {}/{} to {}",
                    git_triage::export::glyph(state),
                    state.as_str(),
                    p.index,
                    self.series.patches.len(),
                    self.config.notes_ref
                ));
                if self.filter == Filter::Undecided {
                    self.refilter();
                }
                if self.current() == Some(i) {
                    self.refresh_rows();
                }
                true
            }
            Err(e) => {
                self.set_error(format!("verdict not written: {e}"));
                false
            }
        }
    }

    pub(super) fn save_comment(&mut self, text: String) {
        let Some(i) = self.current() else { return };
        let state = self.my_verdict(i).map_or(State::Pending, |v| v.state);
        let text = text.trim_end().to_string();
        let empty = text.is_empty();
        if self.record(i, state, Some(text).filter(|_| !empty), None) {
            let what = if empty {
                "comment removed"
            } else {
                "comment saved"
            };
            self.info(format!("{what} · your verdict: {}", state.as_str()));
        }
    }

    pub(super) fn confirm_carried(&mut self) {
        let Some(i) = self.current() else { return };
        self.ensure(i);
        let commit = self.series.patches[i].id;
        let carried = self.notes.carried(commit, self.patch_id(i));
        let mine = self.reviewer.as_ref().ok().map(|r| r.email.clone());
        let pick = carried
            .iter()
            .find(|c| {
                mine.as_deref()
                    .is_some_and(|m| c.verdict.email.eq_ignore_ascii_case(m))
            })
            .or(carried.first())
            .map(|c| (c.verdict.state, c.verdict.comment.clone(), c.from));
        match pick {
            Some((state, comment, from)) => {
                self.record(i, state, comment, Some(from));
            }
            None => self.info("no carried verdict to confirm on this patch".into()),
        }
    }
}

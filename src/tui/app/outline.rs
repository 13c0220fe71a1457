//! The series as the TUI holds it, and what is known of each patch so far.

use std::sync::Arc;

use git2::Oid;

use git_triage::areas::Level;
use git_triage::diff::PatchDiff;
use git_triage::mail::{Application, MailSource, Unapplied};
use git_triage::policy::Finding;
use git_triage::provenance::Provenance;
use git_triage::{Patch, Series};

use super::App;
use crate::tui::worker::{Checked, Header};

/// The series as the TUI holds it: every patch's place and key from the start (a commit
/// range's walk, or mail read whole), its headers and diff as they arrive.
pub struct Outline {
    /// What the user asked for, or the default range that was chosen; for mail, where it was
    /// read from.
    pub range: String,
    /// The commit the series applies to, and its last one (`None` for mail not applied): the
    /// new version when it is compared with a previous one, and the title's range when the
    /// one given names no commit (`@{upstream}..HEAD` says nothing once the upstream moves).
    pub base: Option<Oid>,
    pub head: Option<Oid>,
    pub patches: Vec<Entry>,
    /// For a series from mail: its cover letter, version, and how it was applied.
    pub mail: Option<Box<MailSource>>,
}

/// One patch of the series.
pub struct Entry {
    /// 1-based position in the series.
    pub index: usize,
    /// What verdicts attach to: the commit; for mail, the key of its message.
    pub key: Oid,
    /// The commit, for its short id before the headers are read; `None` for mail not applied.
    pub commit: Option<Oid>,
    /// Headers and provenance, once read.
    pub header: Option<Arc<Header>>,
    /// Diff and findings, once computed.
    pub checked: Option<Arc<Checked>>,
}

impl App {
    /// Patch `i`'s headers, once read.
    pub fn patch(&self, i: usize) -> Option<&Patch> {
        self.series.patches[i].header.as_ref().map(|h| &h.patch)
    }

    /// Patch `i`'s provenance, once read.
    pub fn provenance(&self, i: usize) -> Option<&Provenance> {
        self.series.patches[i]
            .header
            .as_ref()
            .map(|h| &h.provenance)
    }

    /// Patch `i`'s diff, once computed.
    pub fn diff(&self, i: usize) -> Option<&PatchDiff> {
        self.series.patches[i].checked.as_ref().map(|c| &c.diff)
    }

    /// Patch `i`'s findings; none until its diff is computed.
    pub fn findings(&self, i: usize) -> &[Finding] {
        self.series.patches[i]
            .checked
            .as_ref()
            .map_or(&[], |c| &c.findings)
    }

    /// How many diffs are known.
    pub fn loaded(&self) -> usize {
        self.diffs_done
    }

    pub fn level(&self, i: usize) -> Option<Level> {
        self.diff(i).map(PatchDiff::level)
    }

    pub fn patch_id(&self, i: usize) -> Option<Oid> {
        self.diff(i).and_then(|d| d.patch_id)
    }

    /// Whether the series is mail still being applied.
    pub fn pending(&self) -> bool {
        self.series
            .mail
            .as_ref()
            .is_some_and(|m| matches!(m.applied, Application::Pending { .. }))
    }

    /// The mail is applied (by the worker): its commits replace the text, and every diff and
    /// finding comes again, from the commits.
    pub fn applied(&mut self, result: Result<Series, String>) {
        match result {
            Ok(series) => {
                let left_out = series.patches.iter().filter(|p| p.commit.is_none()).count();
                for (entry, patch) in self.series.patches.iter_mut().zip(series.patches) {
                    entry.commit = patch.commit;
                    entry.header = entry.header.take().map(|h| {
                        Arc::new(Header {
                            patch,
                            provenance: h.provenance.clone(),
                        })
                    });
                    if entry.checked.take().is_some() {
                        self.diffs_done -= 1;
                    }
                }
                self.series.mail = series.mail;
                self.refresh_rows();
                if left_out > 0 {
                    self.set_error(format!(
                        "applied; {left_out} patch(es) do not apply (see their findings)"
                    ));
                } else {
                    self.info("applied onto its base (objects kept outside the repository)".into());
                }
            }
            Err(why) => {
                if let Some(m) = self.series.mail.as_mut() {
                    m.applied = Application::NotApplied(Unapplied::Failed(why.clone()));
                }
                self.set_error(format!("not applied: {why}"));
            }
        }
    }
}

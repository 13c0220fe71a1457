//! Reviewer verdicts in git notes.
//!
//! A verdict is one self-contained line appended to the note of the commit it judges, under the
//! configured notes ref (`refs/notes/triage`):
//!
//! ```text
//! Triage-Verdict: v1 2026-11-26T09:14:03.120Z accept patch-id=4f1c…e2 Jane Doe <jane@example.org> "LGTM.\nOne nit below."
//! ```
//!
//! Version, UTC time (milliseconds), state, the patch's stable patch-id (`-` for merges), an
//! optional `from=<commit>` when a verdict was carried over from an earlier version of the
//! patch, the reviewer, and an optional comment as a JSON string. Lines are only ever appended,
//! so a note is the history of every decision; because each line stands alone and begins with
//! its time, git's own `git notes merge -s cat_sort_uniq` merges two reviewers' notes without
//! conflicts into a chronological history, and a reviewer's latest line (by time) wins.
//!
//! Writes are compare-and-swap: the new notes commit is built on the ref's current value and
//! the ref moves only if nobody moved it meanwhile; otherwise the append is redone on top.

mod line;
mod shown;
mod store;

use std::collections::HashMap;

use git2::Oid;

pub use line::{format_time, Reviewer, State, Verdict, KEY, VERSION};
pub use shown::{Carried, Shown};
pub use store::record;

/// What went wrong while reading or writing verdicts.
#[derive(Debug, thiserror::Error)]
pub enum NotesError {
    #[error(
        "reviewer identity unknown: *** Please tell me who you are. Run git config --global \
         user.email \"you@example.com\" and git config --global user.name \"Your Name\""
    )]
    IdentityUnknown,
    #[error("{ref_name} is being updated by another process; gave up after {tries} attempts")]
    Contended { ref_name: String, tries: usize },
    #[error("{0}")]
    Sync(String),
    #[error("git: {}", .0.message())]
    Git(#[from] git2::Error),
}

/// Every verdict under a notes ref.
#[derive(Debug, Default, Clone)]
pub struct Notes {
    /// Per commit, its verdict lines in note order.
    by_commit: HashMap<Oid, Vec<Verdict>>,
    /// Per patch-id, the commits that carry verdicts for it.
    by_patch_id: HashMap<Oid, Vec<Oid>>,
    /// The notes commit these were read from (`None`: the ref did not exist).
    tip: Option<Oid>,
}

impl Notes {
    /// Adds the verdict lines of one note's text.
    pub fn add(&mut self, commit: Oid, text: &str) {
        let verdicts: Vec<Verdict> = text.lines().filter_map(Verdict::parse).collect();
        for pid in verdicts.iter().filter_map(|v| v.patch_id) {
            let commits = self.by_patch_id.entry(pid).or_default();
            if !commits.contains(&commit) {
                commits.push(commit);
            }
        }
        self.by_commit.entry(commit).or_default().extend(verdicts);
    }

    /// Every verdict line of `commit`, oldest first (note order).
    pub fn history(&self, commit: Oid) -> &[Verdict] {
        self.by_commit.get(&commit).map_or(&[], Vec::as_slice)
    }
}

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
//! Comments anchored to a line, a hunk, a file or the message are lines of a second kind in
//! the same notes ([`comment`]), appended the same way: an edit or a deletion is a later line.
//! A reviewer's marks on the files they have reviewed are a third ([`file_mark`]).
//!
//! The parts: [`line`] is the format (parsing untrusted lines, times), [`store`] the ref and
//! its compare-and-swap appends, [`write`] what a write appends, [`carried`] what other
//! versions of a patch carry to it, [`shown`] what reports show (latest per reviewer, carried,
//! mine apart from others'), [`standing`] the comments as they stand after edits and
//! deletions, and [`change`] what a reviewer's action turns into against the notes as they are
//! at the moment of writing.

mod carried;
mod change;
mod comment;
mod file_mark;
mod line;
mod shown;
mod standing;
mod store;
mod verdict;
mod write;

use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

use git2::Oid;

pub use carried::{Carried, Partner};
pub use change::Change;
pub use change::{CommentChange, Outcome, Unchanged};
pub use comment::{context_line, Anchor, Comment, Side, COMMENT_KEY, CONTEXT_CHARS};
pub use file_mark::{file_id, FileMark, FILE_KEY};
pub use line::{format_time, parse_line, Line, LineError, KEY, MAX_LINE, VERSION};
pub use shown::{Marks, Shown};
pub use standing::Standing;
pub use store::{check_direct, tip};
pub use verdict::{Reviewer, State, Verdict};
pub use write::{record, write, write_comments, write_file_marks};

/// What went wrong while reading or writing verdicts.
#[derive(Debug, thiserror::Error)]
pub enum NotesError {
    #[error(
        "reviewer identity unknown: *** Please tell me who you are. Run git config --global \
         user.email \"you@example.com\" and git config --global user.name \"Your Name\""
    )]
    IdentityUnknown,
    #[error(
        "Unable to create '{}': File exists. Another git process seems to be running in this \
         repository; if not, a process that wrote verdicts may have crashed: make sure no other \
         git or git-triage is running, then remove the file manually to continue (rm '{}')",
        .lock.display(), .lock.display()
    )]
    Locked { lock: std::path::PathBuf },
    #[error(
        "{ref_name} is a symbolic ref to {target}; git-triage writes verdicts only to a real \
         ref: set notes_ref = \"{target}\" in the configuration, or remove the link with \
         `git symbolic-ref --delete {ref_name}`"
    )]
    SymbolicRef { ref_name: String, target: String },
    #[error("{ref_name} kept moving under other writers; gave up after {tries} attempts")]
    Contended { ref_name: String, tries: usize },
    #[error(
        "the note on {commit} has a verdict of {email} dated {at}; no later time can be written"
    )]
    NoLaterTime {
        commit: String,
        email: String,
        at: String,
    },
    #[error("a note line would be longer than {MAX_LINE} bytes; shorten the comment")]
    TooLong,
    #[error("{0}")]
    Sync(String),
    #[error("git: {}", .0.message())]
    Git(#[from] git2::Error),
}

/// A note line that was not read, and why: lines are untrusted, and one bad line must not hide
/// the others or stop the program.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("note on {}, line {line}: {error}; skipped", &.commit.to_string()[..12])]
pub struct Skipped {
    pub commit: Oid,
    /// 1-based, as `git notes show` prints the note.
    pub line: usize,
    pub error: LineError,
}

/// Every verdict under a notes ref.
#[derive(Debug, Default, Clone)]
pub struct Notes {
    by_commit: HashMap<Oid, CommitNotes>,
    /// Per patch-id, the commits that carry verdicts for it.
    by_patch_id: HashMap<Oid, Vec<Oid>>,
    /// File marks by file id, from every commit's note: a mark is about a file's change,
    /// wherever it was given.
    file_marks: HashMap<Oid, Vec<FileMark>>,
    /// The notes commit these were read from (`None`: the ref did not exist).
    tip: Option<Oid>,
    skipped: Vec<Skipped>,
}

/// One commit's verdict lines, and each reviewer's latest, kept up to date line by line so
/// that reading a note of any size is linear.
#[derive(Debug, Default, Clone)]
struct CommitNotes {
    /// In note order.
    lines: Vec<Verdict>,
    /// Comment lines, in note order.
    comments: Vec<Comment>,
    /// Per reviewer in order of first appearance, the index of their latest line.
    latest: Vec<usize>,
    /// Lower-cased email to position in `latest`.
    slot: HashMap<String, usize>,
}

impl CommitNotes {
    fn push(&mut self, v: Verdict) {
        let i = self.lines.len();
        // A lower-case email, the usual case, is looked up without a copy.
        let key = if v.email.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(v.email.to_ascii_lowercase())
        } else {
            Cow::Borrowed(v.email.as_str())
        };
        match self.slot.get(key.as_ref()) {
            Some(&s) => {
                if v.recency_cmp(&self.lines[self.latest[s]]) != Ordering::Less {
                    self.latest[s] = i;
                }
            }
            None => {
                self.slot.insert(key.into_owned(), self.latest.len());
                self.latest.push(i);
            }
        }
        self.lines.push(v);
    }

    /// `email`'s latest line, whatever it says.
    fn of(&self, email: &str) -> Option<&Verdict> {
        let s = *self.slot.get(&email.to_ascii_lowercase())?;
        Some(&self.lines[self.latest[s]])
    }
}

impl Notes {
    /// Adds the verdict lines of one note's text.
    pub fn add(&mut self, commit: Oid, text: &str) {
        self.add_bytes(commit, text.as_bytes());
    }

    /// Adds the verdict lines of one note as stored (any bytes); lines that do not parse are
    /// kept in [`Notes::skipped`].
    pub fn add_bytes(&mut self, commit: Oid, bytes: &[u8]) {
        let known = self.by_commit.contains_key(&commit);
        let entry = self.by_commit.entry(commit).or_default();
        // One allocation for a note of any size, rather than a doubling for every few lines.
        entry
            .lines
            .reserve(bytes.iter().filter(|&&b| b == b'\n').count() + 1);
        let mut pids: Vec<Oid> = Vec::new();
        let mut seen: HashSet<Oid> = HashSet::new();
        for (n, line) in bytes.split(|&b| b == b'\n').enumerate() {
            match line::parse_line(line) {
                Ok(Line::Verdict(v)) => {
                    if let Some(pid) = v.patch_id.filter(|&p| seen.insert(p)) {
                        pids.push(pid);
                    }
                    entry.push(v);
                }
                Ok(Line::Comment(c)) => {
                    if let Some(pid) = c.patch_id.filter(|&p| seen.insert(p)) {
                        pids.push(pid);
                    }
                    entry.comments.push(c);
                }
                Ok(Line::File(m)) => self.file_marks.entry(m.file_id).or_default().push(m),
                Ok(Line::Other) => {}
                Err(error) => self.skipped.push(Skipped {
                    commit,
                    line: n + 1,
                    error,
                }),
            }
        }
        for pid in pids {
            let commits = self.by_patch_id.entry(pid).or_default();
            if !known || !commits.contains(&commit) {
                commits.push(commit);
            }
        }
    }

    /// Every verdict line of `commit`, oldest first (note order).
    pub fn history(&self, commit: Oid) -> &[Verdict] {
        self.by_commit
            .get(&commit)
            .map_or(&[], |c| c.lines.as_slice())
    }

    /// Every comment line of `commit`, oldest first (note order): comments, edits and
    /// deletions as written.
    pub fn comment_lines(&self, commit: Oid) -> &[Comment] {
        self.by_commit
            .get(&commit)
            .map_or(&[], |c| c.comments.as_slice())
    }

    /// Whether `email`'s latest mark on the file with this id says reviewed.
    pub fn file_reviewed(&self, file_id: Oid, email: &str) -> bool {
        self.file_marks.get(&file_id).is_some_and(|marks| {
            marks
                .iter()
                .filter(|m| m.same_reviewer(email))
                .max_by(|a, b| a.recency_cmp(b))
                .is_some_and(|m| m.reviewed)
        })
    }

    /// Whether any file marks were read.
    pub fn has_file_marks(&self) -> bool {
        !self.file_marks.is_empty()
    }

    /// The notes commit these were read from; `None` when the ref did not exist.
    pub fn tip(&self) -> Option<Oid> {
        self.tip
    }

    /// The lines that were not read, with the reason.
    pub fn skipped(&self) -> &[Skipped] {
        &self.skipped
    }
}

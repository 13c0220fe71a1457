//! Comments in a patch: where each standing comment lands in this version of the patch, or
//! that its place no longer reads as it did (outdated, shown with the lines it was written
//! under); the anchor and context a new comment at a place of the diff is stored with; and the
//! places a reviewer names on the command line (`hw/net/e1000.c:42`, `path:-17`, `msg`).
//!
//! The notes know comments as lines ([`crate::notes::Comment`]); this module puts them on a
//! [`PatchDiff`] and a commit message, which the notes know nothing of.

pub mod document;
pub mod edit;
mod place;
mod target;

use std::time::SystemTime;

use git2::Oid;
use serde::{Serialize, Serializer};

use crate::diff::{LineKind, PatchDiff};
use crate::notes::{self, Anchor, Notes, Partner, Side, Standing};

pub use place::{anchor_at, place};
pub use target::{parse_target, resolve, Target, TargetError};

/// A place in a patch, by position in its [`PatchDiff`] and message: what a page row or a
/// quoted line stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Spot {
    /// Line `line` of hunk `hunk` of file `file`.
    Line {
        file: usize,
        hunk: usize,
        line: usize,
    },
    Hunk {
        file: usize,
        hunk: usize,
    },
    File {
        file: usize,
    },
    /// A line of the commit message (1-based; the subject is line 1), or all of it.
    Message {
        line: Option<u32>,
    },
}

/// Where a standing comment is in this version of the patch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// At this spot, reading as it did when the comment was written.
    At(Spot),
    /// Its place changed or is gone in this version; `file` is its file when that is still
    /// in the patch (the comment is shown there, with the lines it was written under).
    Outdated { file: Option<usize> },
}

impl Place {
    /// Whether the comment's place reads differently in this version.
    pub fn is_outdated(self) -> bool {
        matches!(self, Place::Outdated { .. })
    }
}

/// A standing comment and its place in this version of the patch.
#[derive(Debug, Clone)]
pub struct Placed<'a> {
    pub standing: Standing<'a>,
    pub place: Place,
}

impl<'a> Placed<'a> {
    /// The comment's anchor in this version: where it now stands, or, when outdated, where
    /// it was written.
    pub fn anchor(&self, diff: &PatchDiff) -> Anchor {
        match self.place {
            Place::At(spot) => anchor_at(spot, diff, "").0,
            Place::Outdated { .. } => self.standing.comment.anchor.clone(),
        }
    }
}

/// The comments standing on a patch (its commit, every commit with its patch-id and what
/// stands on `previous`, the patch it replaces in the previous version the reviewer named: see
/// [`Notes::comments`]), each with its place in `diff` and `message`, in the order they were
/// first written. A comment from the previous version is placed by the same rules as one
/// from a rebase: at the line whose context still reads the same, else outdated.
pub fn placed<'a>(
    notes: &'a Notes,
    commit: Oid,
    previous: Option<Partner>,
    diff: &PatchDiff,
    message: &str,
) -> Vec<Placed<'a>> {
    notes
        .comments(commit, diff.patch_id, previous)
        .into_iter()
        .map(|standing| {
            let place = place(standing.comment, diff, message);
            Placed { standing, place }
        })
        .collect()
}

/// A comment as `check --format json` and `export --format json` show it.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub reviewer: String,
    pub email: String,
    #[serde(serialize_with = "time")]
    pub at: SystemTime,
    pub anchor: Option<AnchorReport>,
    pub kind: &'static str,
    pub text: String,
    pub outdated: bool,
    /// The comment's id (`null` for the patch comment, which is the verdict's).
    pub id: Option<String>,
    /// The commit it was written on, when that is another version of the patch.
    #[serde(serialize_with = "oid")]
    pub carried_from: Option<Oid>,
    /// Whether it came through the previous version the reviewer named (`--previous`):
    /// `carried_from` is the patch this one replaces there, or a commit with that patch's
    /// patch-id (an earlier version of it), whose code may differ; rather than a commit with
    /// this patch's patch-id.
    pub from_previous: bool,
}

/// Where a comment is: a file and a line on one side; `side` and `line` are `null` for a file
/// comment, `path` and `side` for a line of the message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AnchorReport {
    pub path: Option<String>,
    pub side: Option<Side>,
    pub line: Option<u32>,
}

fn time<S: Serializer>(t: &SystemTime, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&notes::format_time(*t))
}

fn oid<S: Serializer>(o: &Option<Oid>, s: S) -> Result<S::Ok, S::Error> {
    match o {
        Some(o) => s.serialize_str(&o.to_string()),
        None => s.serialize_none(),
    }
}

impl AnchorReport {
    fn of(anchor: &Anchor) -> Option<AnchorReport> {
        match anchor {
            Anchor::Line { path, side, line } | Anchor::Hunk { path, side, line } => {
                Some(AnchorReport {
                    path: Some(path.clone()),
                    side: Some(*side),
                    line: Some(*line),
                })
            }
            Anchor::File { path } => Some(AnchorReport {
                path: Some(path.clone()),
                side: None,
                line: None,
            }),
            Anchor::Message { line: Some(l) } => Some(AnchorReport {
                path: None,
                side: None,
                line: Some(*l),
            }),
            Anchor::Message { line: None } => None,
        }
    }
}

/// Every comment on a patch for reports: the patch comments (the comment of each reviewer's
/// verdict, carried ones included, kind `patch`; `previous` is the patch it replaces in the
/// previous version, see [`Notes::carried`]), then the anchored comments. `only`: just this
/// reviewer's.
pub fn report(
    notes: &Notes,
    commit: Oid,
    previous: Option<Partner>,
    diff: &PatchDiff,
    message: &str,
    only: Option<&str>,
) -> Vec<Report> {
    let mine = |email: &str| only.is_none_or(|me| email.eq_ignore_ascii_case(me));
    let mut out: Vec<Report> = notes
        .shown(commit, diff.patch_id, previous)
        .into_iter()
        .filter(|s| mine(&s.verdict.email))
        .filter_map(|s| {
            // A remark here over a carried verdict is a comment written here.
            let (said, carried_from, from_previous) = match s.remark {
                Some(r) => (r, None, false),
                None => (s.verdict, s.carried_from, s.from_previous),
            };
            Some(Report {
                reviewer: said.reviewer.clone(),
                email: said.email.clone(),
                at: said.at,
                anchor: None,
                kind: "patch",
                text: said.said()?.to_string(),
                outdated: false,
                id: None,
                from_previous,
                carried_from,
            })
        })
        .collect();
    for p in placed(notes, commit, previous, diff, message) {
        let c = p.standing.comment;
        if !mine(&c.email) {
            continue;
        }
        out.push(Report {
            reviewer: c.reviewer.clone(),
            email: c.email.clone(),
            at: c.at,
            anchor: AnchorReport::of(&p.anchor(diff)),
            kind: c.anchor.kind(),
            text: p.standing.text().to_string(),
            outdated: p.place.is_outdated(),
            id: Some(c.id.clone()),
            carried_from: p.standing.carried_from(commit),
            from_previous: p.standing.previous,
        });
    }
    out
}

/// The sign a diff line is shown with.
pub fn sign(kind: LineKind) -> char {
    match kind {
        LineKind::Added => '+',
        LineKind::Removed => '-',
        LineKind::Context => ' ',
    }
}

/// The 1-based line of the commit message where the body (what follows the subject
/// paragraph, as [`crate::series::Patch::body`] gives it) starts.
pub fn body_start(message: &str) -> u32 {
    let Some(p) = message.find("\n\n") else {
        return 1;
    };
    let skip = message[p..].len() - message[p..].trim_start_matches('\n').len();
    message[..p + skip].matches('\n').count() as u32 + 1
}

/// The 1-based line of the commit message the subject starts on (blank lines before it
/// aside).
pub fn subject_line(message: &str) -> u32 {
    let skip = message.len() - message.trim_start_matches('\n').len();
    skip as u32 + 1
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod message_tests {
    use super::*;

    #[test]
    fn message_lines_count_from_the_subject() {
        let m = "subject\n\nbody one\nbody two\n\nSigned-off-by: A <a@x>\n";
        assert_eq!(subject_line(m), 1);
        assert_eq!(body_start(m), 3);
        assert_eq!(m.lines().nth(body_start(m) as usize - 1), Some("body one"));
        let m = "subject\nmore subject\n\n\nbody\n";
        assert_eq!(m.lines().nth(body_start(m) as usize - 1), Some("body"));
        assert_eq!(subject_line("\n\nsubject"), 3);
        assert_eq!(body_start("only a subject"), 1);
    }
}

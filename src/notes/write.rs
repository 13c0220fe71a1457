//! Writes: a verdict or comment changes turned into lines against the note as it is at the
//! moment of writing, inside the store's compare-and-swap append.

use std::time::SystemTime;

use git2::{Oid, Repository};

use super::change::{Change, CommentChange, Outcome, Unchanged};
use super::comment::Comment;
use super::file_mark::FileMark;
use super::line::{self, Line};
use super::store::append;
use super::verdict::{clean_name, Reviewer, Verdict};
use super::NotesError;

/// Appends `verdict` as it is (its time nudged past the reviewer's previous line on this
/// commit): [`write`] with [`Change::Exact`].
pub fn record(
    repo: &Repository,
    notes_ref: &str,
    commit: Oid,
    verdict: &Verdict,
) -> Result<Verdict, NotesError> {
    let by = Reviewer {
        name: verdict.reviewer.clone(),
        email: verdict.email.clone(),
    };
    let change = Change::Exact(verdict.clone());
    let outcome = write(
        repo,
        notes_ref,
        &by,
        commit,
        verdict.patch_id,
        verdict.at,
        &change,
    )?;
    Ok(outcome.expect("an exact line is always written"))
}

/// Writes `change` by `reviewer` on `commit` as a new notes commit, deciding the line against
/// the note as it is at that moment, and moves the ref by compare-and-swap, redoing all of it
/// on top of concurrent writers. The line's time is `at`, or 1 ms after the reviewer's latest
/// line on this commit if that is later, so a reviewer's lines are strictly ordered even across
/// processes and clocks. Returns the line written, or why nothing was.
pub fn write(
    repo: &Repository,
    notes_ref: &str,
    reviewer: &Reviewer,
    commit: Oid,
    patch_id: Option<Oid>,
    at: SystemTime,
    change: &Change,
) -> Result<Outcome, NotesError> {
    let email = match change {
        Change::Exact(v) => v.email.clone(),
        _ => reviewer.email.clone(),
    };
    append(repo, notes_ref, commit, &email, at, |snap, clock| {
        let mine = latest_verdict(&snap.note, &email, None);
        let carried = match change {
            Change::Confirm { from, code_changed } => {
                let same_code = if *code_changed { None } else { patch_id };
                latest_verdict(&snap.note_of(*from)?, &email, same_code)
            }
            _ => None,
        };
        let at = clock.take(None)?;
        Ok(
            match change.apply(reviewer, patch_id, at, mine.as_ref(), carried.as_ref()) {
                Ok(v) => {
                    let summary = format!("{} {}", v.state.as_str(), &commit.to_string()[..12]);
                    let by = (clean_name(&v.reviewer), v.email.clone());
                    Ok((vec![v.to_line()], by, summary, v))
                }
                Err(unchanged) => Err(unchanged),
            },
        )
    })
}

/// Writes `changes` to `reviewer`'s comments on `commit` as one notes commit (all of them or,
/// when writing fails, none), each decided against the note as it is at that moment, by
/// compare-and-swap like [`write`]. Returns, per change, the line written or why none was.
pub fn write_comments(
    repo: &Repository,
    notes_ref: &str,
    reviewer: &Reviewer,
    commit: Oid,
    patch_id: Option<Oid>,
    at: SystemTime,
    changes: &[CommentChange],
) -> Result<Vec<Result<Comment, Unchanged>>, NotesError> {
    let outcome = append(
        repo,
        notes_ref,
        commit,
        &reviewer.email,
        at,
        |snap, clock| {
            let note = comment_lines(&snap.note);
            let mut lines = Vec::new();
            let mut results = Vec::with_capacity(changes.len());
            for change in changes {
                let at = clock.take(change.after())?;
                let result = change.apply(reviewer, patch_id, at, &note);
                if let Ok(c) = &result {
                    lines.push(c.to_line());
                }
                results.push(result);
            }
            if lines.is_empty() {
                return Ok(Err(Unchanged::NoSuchComment));
            }
            let summary = format!(
                "{} comment line{} on {}",
                lines.len(),
                if lines.len() == 1 { "" } else { "s" },
                &commit.to_string()[..12]
            );
            let by = (clean_name(&reviewer.name), reviewer.email.clone());
            Ok(Ok((lines, by, summary, results)))
        },
    )?;
    Ok(outcome.unwrap_or_else(|_| {
        changes
            .iter()
            .map(|_| Err(Unchanged::NoSuchComment))
            .collect()
    }))
}

/// Appends `reviewer`'s marks on files of `commit`'s patch as one notes commit: each
/// `(file id, path, reviewed)` a line, in order, by compare-and-swap like [`write`]. Returns
/// the lines written.
pub fn write_file_marks(
    repo: &Repository,
    notes_ref: &str,
    reviewer: &Reviewer,
    commit: Oid,
    patch_id: Option<Oid>,
    at: SystemTime,
    marks: &[(Oid, String, bool)],
) -> Result<Vec<FileMark>, NotesError> {
    let outcome = append(repo, notes_ref, commit, &reviewer.email, at, |_, clock| {
        let mut written = Vec::with_capacity(marks.len());
        for (file_id, path, reviewed) in marks {
            written.push(FileMark {
                at: clock.take(None)?,
                reviewed: *reviewed,
                file_id: *file_id,
                patch_id,
                reviewer: reviewer.name.clone(),
                email: reviewer.email.clone(),
                path: path.clone(),
            });
        }
        let lines = written.iter().map(FileMark::to_line).collect();
        let summary = format!(
            "{} file mark{} on {}",
            marks.len(),
            if marks.len() == 1 { "" } else { "s" },
            &commit.to_string()[..12]
        );
        let by = (clean_name(&reviewer.name), reviewer.email.clone());
        Ok(Ok((lines, by, summary, written)))
    })?;
    Ok(outcome.unwrap_or_default())
}

/// `email`'s latest verdict in a note (optionally only those about `patch_id`).
fn latest_verdict(text: &[u8], email: &str, patch_id: Option<Oid>) -> Option<Verdict> {
    let mut best: Option<Verdict> = None;
    for raw in text.split(|&b| b == b'\n') {
        let Ok(Line::Verdict(v)) = line::parse_line(raw) else {
            continue;
        };
        if !v.same_reviewer(email) || (patch_id.is_some() && v.patch_id != patch_id) {
            continue;
        }
        if best.as_ref().is_none_or(|b| v.recency_cmp(b).is_ge()) {
            best = Some(v);
        }
    }
    best
}

/// Every comment line of a note.
fn comment_lines(text: &[u8]) -> Vec<Comment> {
    text.split(|&b| b == b'\n')
        .filter_map(|raw| match line::parse_line(raw) {
            Ok(Line::Comment(c)) => Some(c),
            _ => None,
        })
        .collect()
}

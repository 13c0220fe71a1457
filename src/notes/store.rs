//! The store: the notes ref, the notes tree with git's fan-out, and compare-and-swap appends.

use std::time::Duration;

use git2::{ErrorCode, Oid, Repository};

use super::line::{clean_name, Verdict};
use super::{Notes, NotesError};

impl Notes {
    /// Reads every note under `notes_ref`; a ref that does not exist yet reads as no verdicts.
    pub fn load(repo: &Repository, notes_ref: &str) -> Result<Notes, NotesError> {
        let mut notes = Notes::default();
        notes.tip = match repo.refname_to_id(notes_ref) {
            Ok(id) => Some(id),
            Err(e) if e.code() == ErrorCode::NotFound => return Ok(notes),
            Err(e) => return Err(e.into()),
        };
        let iter = repo.notes(Some(notes_ref))?;
        for item in iter {
            let (blob, commit) = item?;
            let blob = repo.find_blob(blob)?;
            notes.add(commit, &String::from_utf8_lossy(blob.content()));
        }
        Ok(notes)
    }

    /// Brings these notes up to date after [`record`] wrote `written` on `commit`: when the
    /// notes commit it made sits directly on the one these were read from, only the new line is
    /// added; when someone else wrote meanwhile (another terminal, a script, a sync), the whole
    /// ref is read again so their verdicts show too.
    pub fn recorded(
        &mut self,
        repo: &Repository,
        notes_ref: &str,
        commit: Oid,
        written: &Verdict,
    ) -> Result<(), NotesError> {
        let tip = repo.refname_to_id(notes_ref)?;
        let parent = repo.find_commit(tip)?.parent_id(0).ok();
        if parent == self.tip {
            self.add(commit, &written.to_line());
            self.tip = Some(tip);
        } else {
            *self = Notes::load(repo, notes_ref)?;
        }
        Ok(())
    }
}

/// How many times [`record`] redoes its append when another writer moved the ref.
const MAX_TRIES: usize = 200;

/// Appends `verdict` to the note of `commit` under `notes_ref` as a new notes commit, and moves
/// the ref with compare-and-swap, retrying on top of concurrent writers. Returns the verdict as
/// written: its time is nudged forward when the reviewer already has a later line on this
/// commit, so that "latest wins" always means the line written last.
pub fn record(
    repo: &Repository,
    notes_ref: &str,
    commit: Oid,
    verdict: &Verdict,
) -> Result<Verdict, NotesError> {
    let mut verdict = verdict.clone();
    for attempt in 0..MAX_TRIES {
        let old = match repo.refname_to_id(notes_ref) {
            Ok(id) => Some(id),
            Err(e) if e.code() == ErrorCode::NotFound => None,
            Err(e) => return Err(e.into()),
        };
        let old_tree = old.map(|o| repo.find_commit(o)?.tree()).transpose()?;
        let name = commit.to_string();
        let mut text = match old_tree
            .as_ref()
            .map(|t| find_note(repo, t, &name))
            .transpose()?
        {
            Some(Some(blob)) => {
                String::from_utf8_lossy(repo.find_blob(blob)?.content()).into_owned()
            }
            _ => String::new(),
        };
        let previous = text
            .lines()
            .filter_map(Verdict::parse)
            .filter(|v| v.same_reviewer(&verdict.email))
            .map(|v| v.at)
            .max();
        if let Some(prev) = previous.filter(|&p| p >= verdict.at) {
            verdict.at = prev + Duration::from_millis(1);
        }
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(&verdict.to_line());
        text.push('\n');
        let blob = repo.blob(text.as_bytes())?;
        let tree = put_note(repo, old_tree.as_ref(), &name, blob)?;
        let tree = repo.find_tree(tree)?;
        let sig = git2::Signature::now(&clean_name(&verdict.reviewer), &verdict.email)?;
        let parents: Vec<git2::Commit> = old
            .map(|o| repo.find_commit(o))
            .transpose()?
            .into_iter()
            .collect();
        let parent_refs: Vec<&git2::Commit> = parents.iter().collect();
        let message = format!(
            "Notes added by 'git triage': {} {}\n",
            verdict.state.as_str(),
            &name[..12]
        );
        let new = repo.commit(None, &sig, &sig, &message, &tree, &parent_refs)?;
        let moved = match old {
            Some(old) => repo.reference_matching(notes_ref, new, true, old, message.trim_end()),
            None => repo.reference(notes_ref, new, false, message.trim_end()),
        };
        match moved {
            Ok(_) => return Ok(verdict),
            Err(e)
                if matches!(
                    e.code(),
                    ErrorCode::Modified | ErrorCode::Locked | ErrorCode::Exists
                ) =>
            {
                // Another writer won the race: back off a little (jittered) and redo the append.
                let jitter = (u64::from(std::process::id()) * 7 + attempt as u64 * 13) % 5;
                std::thread::sleep(Duration::from_millis(1 + jitter));
            }
            Err(e) => return Err(e.into()),
        }
    }
    Err(NotesError::Contended {
        ref_name: notes_ref.to_string(),
        tries: MAX_TRIES,
    })
}

/// The blob of the note named `hex` in a notes tree, whatever its fan-out (`ab/cdef…`).
fn find_note(
    repo: &Repository,
    tree: &git2::Tree<'_>,
    hex: &str,
) -> Result<Option<Oid>, git2::Error> {
    if let Some(e) = tree.get_name(hex) {
        return Ok(Some(e.id()));
    }
    if hex.len() > 2 {
        if let Some(e) = tree
            .get_name(&hex[..2])
            .filter(|e| e.kind() == Some(git2::ObjectType::Tree))
        {
            return find_note(repo, &repo.find_tree(e.id())?, &hex[2..]);
        }
    }
    Ok(None)
}

/// Writes `blob` as the note `hex` into a copy of `tree`: in place when it exists, else inside
/// the fan-out directories git already made, so git and libgit2 both find exactly one note.
fn put_note(
    repo: &Repository,
    tree: Option<&git2::Tree<'_>>,
    hex: &str,
    blob: Oid,
) -> Result<Oid, git2::Error> {
    let mut builder = repo.treebuilder(tree)?;
    let sub = tree.and_then(|t| {
        (hex.len() > 2 && t.get_name(hex).is_none())
            .then(|| t.get_name(&hex[..2]))
            .flatten()
            .filter(|e| e.kind() == Some(git2::ObjectType::Tree))
            .map(|e| e.id())
    });
    match sub {
        Some(sub) => {
            let sub = repo.find_tree(sub)?;
            let id = put_note(repo, Some(&sub), &hex[2..], blob)?;
            builder.insert(&hex[..2], id, 0o040000)?;
        }
        None => {
            builder.insert(hex, blob, 0o100644)?;
        }
    }
    builder.write()
}

//! The store: the notes ref, the notes tree with git's fan-out, and compare-and-swap appends.
//! What a write appends is decided in [`super::write`].
//!
//! A write builds a new notes commit on the ref's current value and moves the ref only if it
//! still points there (libgit2 takes `<ref>.lock` as git does); when another writer won, the
//! append is redone on top of what they wrote, so every line is decided against the current
//! notes. A lock file older than a live writer could hold it was left by a crashed writer: that
//! is reported with the file's name, as git reports it, rather than waited on.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use git2::{ErrorCode, Oid, Repository};

use super::change::Unchanged;
use super::line::{self, Line};
use super::verdict::Verdict;
use super::{Notes, NotesError, MAX_LINE};

impl Notes {
    /// Reads every note under `notes_ref`; a ref that does not exist yet reads as no verdicts.
    /// Lines that do not parse are skipped and listed in [`Notes::skipped`].
    pub fn load(repo: &Repository, notes_ref: &str) -> Result<Notes, NotesError> {
        let mut notes = Notes {
            tip: tip(repo, notes_ref)?,
            ..Notes::default()
        };
        if notes.tip.is_none() {
            return Ok(notes);
        }
        for item in repo.notes(Some(notes_ref))? {
            let (blob, commit) = item?;
            notes.add_bytes(commit, repo.find_blob(blob)?.content());
        }
        Ok(notes)
    }

    /// Brings these notes up to date after [`write`] wrote `written` on `commit`: when the
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
        self.appended(repo, notes_ref, commit, &[written.to_line()])
    }

    /// [`Notes::recorded`] for any lines one write appended to `commit`'s note.
    pub fn appended(
        &mut self,
        repo: &Repository,
        notes_ref: &str,
        commit: Oid,
        lines: &[String],
    ) -> Result<(), NotesError> {
        let tip = repo.refname_to_id(notes_ref)?;
        let parent = repo.find_commit(tip)?.parent_id(0).ok();
        if !self.extend(parent, tip, commit, lines) {
            *self = Notes::load(repo, notes_ref)?;
        }
        Ok(())
    }

    /// Adds the lines the notes commit `tip` (whose parent is `parent`) appended to `commit`'s
    /// note, without reading the repository: a process that follows the ref elsewhere sends
    /// what it wrote this way. Whether they were added: only when these notes were read at
    /// `parent`; otherwise they must be read again.
    pub fn extend(&mut self, parent: Option<Oid>, tip: Oid, commit: Oid, lines: &[String]) -> bool {
        if parent != self.tip {
            return false;
        }
        self.add(commit, &lines.join("\n"));
        self.tip = Some(tip);
        true
    }
}

/// The commit `notes_ref` points at now; `None` when it does not exist. One small file read,
/// cheap enough to poll.
pub fn tip(repo: &Repository, notes_ref: &str) -> Result<Option<Oid>, NotesError> {
    match repo.refname_to_id(notes_ref) {
        Ok(id) => Ok(Some(id)),
        Err(e) if e.code() == ErrorCode::NotFound => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// Refuses a symbolic notes ref: moving it by compare-and-swap would replace the link.
pub fn check_direct(repo: &Repository, notes_ref: &str) -> Result<(), NotesError> {
    match repo.find_reference(notes_ref) {
        Ok(r) if r.kind() == Some(git2::ReferenceType::Symbolic) => Err(NotesError::SymbolicRef {
            ref_name: notes_ref.to_string(),
            target: r.symbolic_target().unwrap_or("?").to_string(),
        }),
        Err(e) if e.code() != ErrorCode::NotFound => Err(e.into()),
        _ => Ok(()),
    }
}

/// Where git and libgit2 lock `notes_ref`.
fn lock_path(repo: &Repository, notes_ref: &str) -> PathBuf {
    let dir = repo.commondir();
    std::fs::canonicalize(dir)
        .unwrap_or_else(|_| dir.to_path_buf())
        .join(format!("{notes_ref}.lock"))
}

/// How long ago the lock file was last written, or `None` when it is gone (its writer is done).
fn lock_age(lock: &Path) -> Option<Duration> {
    let modified = std::fs::metadata(lock).ok()?.modified().ok()?;
    Some(
        SystemTime::now()
            .duration_since(modified)
            .unwrap_or_default(),
    )
}

/// How old a lock file must be before it is taken for stale. A writer holds the lock for a few
/// milliseconds, but on a loaded machine a live writer can be descheduled while holding it for
/// well over a second; a lock left by a killed process is usually minutes old and is reported
/// at once.
const STALE_LOCK: Duration = Duration::from_secs(5);
/// How long a write keeps redoing its append while other writers keep moving the ref.
const GIVE_UP: Duration = Duration::from_secs(60);

/// What an append sees: the notes as they are at the moment of writing.
pub(super) struct Snapshot<'r> {
    repo: &'r Repository,
    tree: Option<git2::Tree<'r>>,
    /// The note of the commit written to.
    pub(super) note: Vec<u8>,
}

impl Snapshot<'_> {
    /// Another commit's note in the same notes tree.
    pub(super) fn note_of(&self, commit: Oid) -> Result<Vec<u8>, NotesError> {
        note(self.repo, self.tree.as_ref(), &commit.to_string())
    }
}

/// The times the lines of one append carry: none before the time asked for, each after the
/// reviewer's latest line on the commit and after the one before it.
pub(super) struct Clock {
    next: SystemTime,
    commit: Oid,
    email: String,
}

impl Clock {
    /// The next line's time, also after `after` (the line it supersedes) when given.
    pub(super) fn take(&mut self, after: Option<SystemTime>) -> Result<SystemTime, NotesError> {
        let mut t = self.next;
        if let Some(a) = after.filter(|&a| a >= t) {
            t = a + Duration::from_millis(1);
        }
        if !line::in_range(t) {
            return Err(NotesError::NoLaterTime {
                commit: self.commit.to_string(),
                email: self.email.clone(),
                at: line::format_time(t - Duration::from_millis(1)),
            });
        }
        self.next = t + Duration::from_millis(1);
        Ok(t)
    }
}

/// What a build of an append returns: the lines, the identity that signs the notes commit, a
/// summary for its message, and what the caller gets back.
pub(super) type Built<T> = Result<(Vec<String>, (String, String), String, T), Unchanged>;

/// Appends the lines `build` decides, by `email`, to `commit`'s note as a new notes commit, and
/// moves the ref by compare-and-swap; when another writer moved it meanwhile, everything is
/// decided again on top of what they wrote.
pub(super) fn append<T>(
    repo: &Repository,
    notes_ref: &str,
    commit: Oid,
    email: &str,
    at: SystemTime,
    mut build: impl FnMut(&Snapshot<'_>, &mut Clock) -> Result<Built<T>, NotesError>,
) -> Result<Result<T, Unchanged>, NotesError> {
    check_direct(repo, notes_ref)?;
    let at = line::to_millis(at);
    let name = commit.to_string();
    let start = Instant::now();
    for attempt in 0u64.. {
        let old = tip(repo, notes_ref)?;
        let parent = old.map(|o| repo.find_commit(o)).transpose()?;
        let old_tree = parent.as_ref().map(git2::Commit::tree).transpose()?;
        let text = note(repo, old_tree.as_ref(), &name)?;
        let next = match last_time(&text, email) {
            Some(last) if last >= at => last + Duration::from_millis(1),
            _ => at,
        };
        let mut clock = Clock {
            next,
            commit,
            email: email.to_string(),
        };
        let snapshot = Snapshot {
            repo,
            tree: old_tree,
            note: text,
        };
        let (lines, (signer, signer_email), summary, result) = match build(&snapshot, &mut clock)? {
            Ok(built) => built,
            Err(unchanged) => return Ok(Err(unchanged)),
        };
        let Snapshot {
            tree: old_tree,
            note: mut text,
            ..
        } = snapshot;
        if !text.is_empty() && !text.ends_with(b"\n") {
            text.push(b'\n');
        }
        for new_line in &lines {
            if new_line.len() > MAX_LINE {
                return Err(NotesError::TooLong);
            }
            text.extend_from_slice(new_line.as_bytes());
            text.push(b'\n');
        }
        let blob = repo.blob(&text)?;
        let tree = repo.find_tree(put_note(repo, old_tree.as_ref(), &name, blob)?)?;
        let sig = git2::Signature::now(&signer, &signer_email)?;
        let message = format!("Notes added by 'git triage': {summary}\n");
        let parents: Vec<&git2::Commit> = parent.iter().collect();
        let new = repo.commit(None, &sig, &sig, &message, &tree, &parents)?;
        let moved = match old {
            Some(old) => repo.reference_matching(notes_ref, new, true, old, message.trim_end()),
            // "Must not exist yet", checked under the ref's lock: libgit2's plain create checks
            // before locking, so two first writers could both succeed and one line be lost.
            None => repo.reference_matching(notes_ref, new, true, Oid::zero(), message.trim_end()),
        };
        let e = match moved {
            Ok(_) => return Ok(Ok(result)),
            Err(e) => e,
        };
        match e.code() {
            ErrorCode::Locked => {
                let lock = lock_path(repo, notes_ref);
                if lock_age(&lock).is_some_and(|age| age > STALE_LOCK) {
                    return Err(NotesError::Locked { lock });
                }
            }
            ErrorCode::Modified | ErrorCode::Exists => {}
            _ => return Err(e.into()),
        }
        if start.elapsed() > GIVE_UP {
            return Err(NotesError::Contended {
                ref_name: notes_ref.to_string(),
                tries: attempt as usize + 1,
            });
        }
        // Another writer won the race: back off a little, jittered so that the same processes
        // do not collide again in step, and redo the append on top of theirs.
        let jitter = (u64::from(std::process::id()).wrapping_mul(7) + attempt * 13) % 5;
        std::thread::sleep(Duration::from_millis(1 + jitter + (attempt / 8).min(20)));
    }
    unreachable!("the loop only ends by returning")
}

/// The bytes of the note `hex` in a notes tree, empty when there is none. Bytes, not text: a
/// write keeps other people's lines exactly as they are, valid UTF-8 or not.
fn note(
    repo: &Repository,
    tree: Option<&git2::Tree<'_>>,
    hex: &str,
) -> Result<Vec<u8>, NotesError> {
    let Some(tree) = tree else {
        return Ok(Vec::new());
    };
    Ok(match find_note(repo, tree, hex)? {
        Some(blob) => repo.find_blob(blob)?.content().to_vec(),
        None => Vec::new(),
    })
}

/// The time of `email`'s last line of any kind in a note, which a new line must come after.
fn last_time(text: &[u8], email: &str) -> Option<SystemTime> {
    text.split(|&b| b == b'\n')
        .filter_map(|raw| match line::parse_line(raw) {
            Ok(Line::Verdict(v)) if v.same_reviewer(email) => Some(v.at),
            Ok(Line::Comment(c)) if c.same_reviewer(email) => Some(c.at),
            Ok(Line::File(m)) if m.same_reviewer(email) => Some(m.at),
            _ => None,
        })
        .max()
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

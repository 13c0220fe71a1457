//! Sharing verdicts through a remote: fetch its notes ref into a tracking ref, merge with git's
//! `cat_sort_uniq` strategy, push the result.
//!
//! Network work goes through the user's `git` binary so that their credentials, ssh config and
//! URL rewrites apply. The local ref only ever moves by compare-and-swap, so a verdict recorded
//! in another terminal while a sync runs is never lost: the merge is redone on top of it. A push
//! that loses a race with another sync (the remote moved, or its ref was locked) fetches,
//! merges and pushes again after a short, growing, jittered pause.
//!
//! git runs with `LC_ALL=C` (and no `LANGUAGE`): what it prints is matched below, and a German
//! or Japanese git says the same things in other words.

use std::path::Path;
use std::process::Command;

use git2::{ErrorCode, Oid, Repository};

use crate::notes::NotesError;

/// What a sync did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Synced {
    pub remote: String,
    /// The tracking ref the remote's notes were fetched into.
    pub tracking: String,
    /// Whether the remote had the notes ref at all.
    pub remote_had_notes: bool,
    /// How the local ref changed: "up to date", "fast-forward", "merged", "created".
    pub local: &'static str,
    /// Whether anything was pushed.
    pub pushed: bool,
    /// How many times a lost race (with another sync, or a local writer) made it fetch and
    /// merge again.
    pub retries: usize,
}

/// The remote `sync` uses when none is named: the current branch's upstream remote, else
/// `origin`.
pub fn default_remote(repo: &Repository) -> String {
    let branch = repo
        .head()
        .ok()
        .filter(|h| h.is_branch())
        .and_then(|h| h.shorthand().map(str::to_string));
    branch
        .and_then(|b| {
            repo.config()
                .ok()?
                .get_string(&format!("branch.{b}.remote"))
                .ok()
        })
        .filter(|r| r != ".")
        .unwrap_or_else(|| "origin".to_string())
}

/// Where the remote's notes are kept locally: `refs/notes/remotes/<remote>/<name>`. It has to
/// live under `refs/notes/` for `git notes merge` to accept it.
pub fn tracking_ref(notes_ref: &str, remote: &str) -> String {
    let tail = notes_ref.strip_prefix("refs/notes/").unwrap_or(notes_ref);
    format!("refs/notes/remotes/{remote}/{tail}")
}

struct Git<'a> {
    git_dir: &'a Path,
}

impl Git<'_> {
    /// Runs git; on failure returns its stderr.
    fn run(&self, args: &[&str]) -> Result<String, String> {
        let out = Command::new("git")
            .arg("--git-dir")
            .arg(self.git_dir)
            .args(args)
            .env("LC_ALL", "C")
            .env_remove("LANGUAGE")
            .stdin(std::process::Stdio::null())
            .output()
            .map_err(|e| format!("cannot run git: {e}"))?;
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).into_owned())
        } else {
            Err(String::from_utf8_lossy(&out.stderr).into_owned())
        }
    }
}

/// git's stderr squeezed to one line for an `error:` message.
fn one_line(stderr: &str) -> String {
    let lines: Vec<&str> = stderr
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("hint:"))
        .collect();
    crate::sanitize::escape(&lines.join("; ")).into_owned()
}

fn ref_id(repo: &Repository, name: &str) -> Result<Option<Oid>, NotesError> {
    match repo.refname_to_id(name) {
        Ok(id) => Ok(Some(id)),
        Err(e) if e.code() == ErrorCode::NotFound => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// Moves `name` from `old` to `new` only if it still points at `old`.
fn swap(repo: &Repository, name: &str, old: Option<Oid>, new: Oid) -> Result<bool, NotesError> {
    let r = match old {
        Some(old) => repo.reference_matching(name, new, true, old, "git triage sync"),
        None => repo.reference(name, new, false, "git triage sync"),
    };
    match r {
        Ok(_) => Ok(true),
        Err(e)
            if matches!(
                e.code(),
                ErrorCode::Modified | ErrorCode::Locked | ErrorCode::Exists
            ) =>
        {
            Ok(false)
        }
        Err(e) => Err(e.into()),
    }
}

/// Rounds of fetch, merge and push before giving up: with the backoff below, up to about 12 s
/// of waiting, enough for a few syncs of a busy team colliding on a slow remote.
const ROUNDS: usize = 12;

/// What git says when a push or fetch lost a race for a ref (not when a remote refuses it).
fn lost_race(stderr: &str) -> bool {
    [
        "fetch first",
        "non-fast-forward",
        "cannot lock ref",
        "failed to update ref",
        "incorrect old value",
        "stale info",
    ]
    .iter()
    .any(|s| stderr.contains(s))
}

/// A pause before round `round` (from 1): 50 ms doubling to 1.6 s, jittered so that two syncs
/// that collided do not collide again in step.
fn backoff(round: usize) {
    let jitter = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| u64::from(d.subsec_nanos()))
        .wrapping_add(u64::from(std::process::id()) * 7919);
    let base = 50u64 << (round - 1).min(5);
    std::thread::sleep(std::time::Duration::from_millis(base + jitter % base));
}

/// Fetches, merges and pushes `notes_ref` with `remote`.
pub fn sync(repo: &Repository, notes_ref: &str, remote: &str) -> Result<Synced, NotesError> {
    crate::notes::check_direct(repo, notes_ref)?;
    let git = Git {
        git_dir: repo.path(),
    };
    let tracking = tracking_ref(notes_ref, remote);
    for round in 0..ROUNDS {
        if round > 0 {
            backoff(round);
        }
        let fetched = git.run(&[
            "fetch",
            "--quiet",
            "--no-tags",
            "--no-write-fetch-head",
            remote,
            &format!("+{notes_ref}:{tracking}"),
        ]);
        let remote_had_notes = match fetched {
            Ok(_) => true,
            Err(e) if e.contains("couldn't find remote ref") => false,
            // Another sync in this repository updated the tracking ref at the same moment.
            Err(e) if lost_race(&e) => continue,
            Err(e) => {
                return Err(NotesError::Sync(format!(
                    "fetching {notes_ref} from {remote} failed: {}",
                    one_line(&e)
                )))
            }
        };
        let theirs = if remote_had_notes {
            ref_id(repo, &tracking)?
        } else {
            None
        };
        let Some(local) = merge(repo, &git, notes_ref, theirs)? else {
            continue; // a local writer moved the ref during the merge: redo it on top
        };
        let ours = ref_id(repo, notes_ref)?;
        let synced = |pushed| Synced {
            remote: remote.to_string(),
            tracking: tracking.clone(),
            remote_had_notes,
            local,
            pushed,
            retries: round,
        };
        if ours.is_none() || ours == theirs {
            return Ok(synced(false));
        }
        match git.run(&[
            "push",
            "--quiet",
            remote,
            &format!("{notes_ref}:{notes_ref}"),
        ]) {
            Ok(_) => {
                // Record what the remote now has, as a fetch would.
                if let Some(ours) = ours {
                    let _ = repo.reference(&tracking, ours, true, "git triage sync: pushed");
                }
                return Ok(synced(true));
            }
            // Somebody pushed between our fetch and push: fetch and merge again.
            Err(e) if lost_race(&e) => continue,
            Err(e) => {
                return Err(NotesError::Sync(format!(
                    "{remote} refused {notes_ref}: {}",
                    one_line(&e)
                )))
            }
        }
    }
    Err(NotesError::Sync(format!(
        "{notes_ref} kept changing on {remote} or locally; gave up after {ROUNDS} rounds"
    )))
}

/// Brings the remote's notes into `notes_ref`. `None` when the local ref moved meanwhile.
fn merge(
    repo: &Repository,
    git: &Git<'_>,
    notes_ref: &str,
    theirs: Option<Oid>,
) -> Result<Option<&'static str>, NotesError> {
    let ours = ref_id(repo, notes_ref)?;
    let Some(theirs) = theirs else {
        return Ok(Some("up to date"));
    };
    let Some(ours) = ours else {
        return Ok(swap(repo, notes_ref, None, theirs)?.then_some("created"));
    };
    if ours == theirs || repo.graph_descendant_of(ours, theirs)? {
        return Ok(Some("up to date"));
    }
    if repo.graph_descendant_of(theirs, ours)? {
        return Ok(swap(repo, notes_ref, Some(ours), theirs)?.then_some("fast-forward"));
    }
    // Merge on a scratch ref so the real one moves only by compare-and-swap.
    let scratch = format!("{notes_ref}-sync-{}", std::process::id());
    repo.reference(&scratch, ours, true, "git triage sync: merge")?;
    let tracking_tmp = format!("{scratch}-theirs");
    repo.reference(&tracking_tmp, theirs, true, "git triage sync: merge")?;
    let merged = git.run(&[
        "notes",
        "--ref",
        &scratch,
        "merge",
        "--quiet",
        "--strategy=cat_sort_uniq",
        &tracking_tmp,
    ]);
    let result = ref_id(repo, &scratch)?;
    for name in [&scratch, &tracking_tmp] {
        if let Ok(mut r) = repo.find_reference(name) {
            let _ = r.delete();
        }
    }
    if let Err(e) = merged {
        return Err(NotesError::Sync(format!(
            "git notes merge failed: {}",
            one_line(&e)
        )));
    }
    let result = result.ok_or_else(|| NotesError::Sync("git notes merge left no result".into()))?;
    Ok(swap(repo, notes_ref, Some(ours), result)?.then_some("merged"))
}

//! A mailed series applied onto a base commit, patch by patch as `git am` applies it, into
//! real commits that only an [`Overlay`] holds: the repository gains nothing.
//!
//! libgit2 reads each patch. Its hunks are placed by `git apply`'s rule here (exact context,
//! the nearest offset when the file has moved on, anchored at the top or end of a file where
//! git anchors them), which also gives the new content of every text file; the tree is then
//! updated at the changed paths only. Binary patches, submodules and what that shortcut refuses
//! go through libgit2's own apply, told where git placed the hunks (libgit2 alone only looks
//! where the header says, and takes some hunks git refuses).
//!
//! A patch that does not apply is left out, as `git am --skip` leaves it: the patches after it
//! apply onto what did apply, so the rest of the series stays reviewable.

mod place;
mod text;
mod tree;

use std::path::Path;

use git2::{Diff, Oid, Repository, Signature, Time, Tree};
use serde::Serialize;

use super::Message;
use crate::overlay::{Overlay, Scratch};
use crate::Error;

/// The commits a mailed series became.
#[derive(Debug, Clone)]
pub struct Applied {
    pub base: Oid,
    /// One per patch given, in order.
    pub outcomes: Vec<Outcome>,
    /// Every object the commits need that the repository does not have.
    pub overlay: Overlay,
}

/// What became of one patch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The commit made from it.
    Applied(Oid),
    /// Why it was left out.
    Rejected(Rejection),
}

impl Outcome {
    /// The commit, when the patch applied.
    pub fn commit(&self) -> Option<Oid> {
        match self {
            Outcome::Applied(c) => Some(*c),
            Outcome::Rejected(_) => None,
        }
    }
}

/// Why a patch does not apply, as far as it can be pinned down.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rejection {
    /// The file at fault.
    pub path: Option<String>,
    /// The hunk that found no place (0-based within the file).
    pub hunk: Option<usize>,
    /// Where that hunk says it starts in the file before the patch (`git apply`'s
    /// "patch failed: PATH:LINE").
    pub line: Option<u32>,
    pub reason: String,
}

impl Rejection {
    fn file(path: &[u8], reason: &str) -> Rejection {
        Rejection {
            path: Some(String::from_utf8_lossy(path).into_owned()),
            ..Rejection::whole(reason)
        }
    }

    fn whole(reason: impl Into<String>) -> Rejection {
        Rejection {
            path: None,
            hunk: None,
            line: None,
            reason: reason.into(),
        }
    }
}

/// Applies `patches` in order onto `base`, into a temporary object store: the repository at
/// `git_dir` gains nothing. Authors and dates come from the mail; the committer is the author, so the same
/// mail on the same base always gives the same commits.
pub fn apply(git_dir: &Path, base: Oid, patches: &[&Message]) -> Result<Applied, Error> {
    let scratch = Scratch::new(git_dir)?;
    let outcomes = apply_all(&scratch.repo, base, patches)?;
    Ok(Applied {
        base,
        outcomes,
        overlay: scratch.finish(),
    })
}

fn apply_all(
    repo: &Repository,
    base: Oid,
    patches: &[&Message],
) -> Result<Vec<Outcome>, git2::Error> {
    let mut parent = repo.find_commit(base)?;
    let mut outcomes = Vec::with_capacity(patches.len());
    for m in patches {
        let tree = parent.tree()?;
        let outcome = match apply_patch(repo, &tree, &m.patch) {
            Ok(new_tree) if new_tree == tree.id() => {
                Outcome::Rejected(Rejection::whole("no changes: the patch is already applied"))
            }
            Ok(new_tree) => match signature(m) {
                Ok(sig) => {
                    let new_tree = repo.find_tree(new_tree)?;
                    let id =
                        repo.commit(None, &sig, &sig, &m.commit_message, &new_tree, &[&parent])?;
                    parent = repo.find_commit(id)?;
                    Outcome::Applied(id)
                }
                Err(r) => Outcome::Rejected(r),
            },
            Err(r) => Outcome::Rejected(r),
        };
        outcomes.push(outcome);
    }
    Ok(outcomes)
}

/// The author as `git am` records it.
fn signature(m: &Message) -> Result<Signature<'static>, Rejection> {
    let (seconds, offset) = m.author.time.unwrap_or((0, 0));
    Signature::new(&m.author.name, &m.author.email, &Time::new(seconds, offset)).map_err(|e| {
        Rejection::whole(format!(
            "the mail names no usable author ({:?} <{}>): {}",
            m.author.name,
            m.author.email,
            e.message()
        ))
    })
}

/// Applies one patch's text to `tree`; returns the new tree.
fn apply_patch(repo: &Repository, tree: &Tree<'_>, text: &[u8]) -> Result<Oid, Rejection> {
    let unreadable =
        |e: git2::Error| Rejection::whole(format!("the patch cannot be read: {}", e.message()));
    let text = text::for_libgit2(text);
    let mut diff = Diff::from_buffer(&text).map_err(unreadable)?;
    // libgit2 would also take a hunk where git refuses it (at the stated line but not at the
    // end of the file, say), so git's placement decides.
    let (placed, files) = place::place(repo, tree, &diff)?;
    // A text patch: write the changed paths only. libgit2's apply reads the whole tree into an
    // index for every patch (5 ms a patch on a 5,000-file tree); it stays for binary patches,
    // submodules and what the shortcut refuses, told where git placed the hunks.
    if let Some(Ok(new)) = tree::build(repo, tree, &diff, &files) {
        return Ok(new);
    }
    let moved = placed.iter().any(|h| h.at != h.stated.saturating_sub(1));
    if moved {
        let text = text::rewrite(&text, &placed)
            .ok_or_else(|| Rejection::whole("the hunk headers of the patch cannot be read"))?;
        diff = Diff::from_buffer(&text).map_err(unreadable)?;
    }
    to_tree(repo, tree, &diff, None).map_err(|e| diagnose(repo, tree, &diff, &e))
}

/// libgit2's apply of `diff` (or of its delta `only`) to `tree`, the result written as trees.
fn to_tree(
    repo: &Repository,
    tree: &Tree<'_>,
    diff: &Diff<'_>,
    only: Option<usize>,
) -> Result<Oid, git2::Error> {
    let mut opts = git2::ApplyOptions::new();
    let mut seen = 0;
    if let Some(only) = only {
        opts.delta_callback(move |_| {
            seen += 1;
            seen - 1 == only
        });
    }
    let mut index = repo.apply_to_tree(tree, diff, Some(&mut opts))?;
    index.write_tree_to(repo)
}

/// Which file of a refused patch is at fault: each file is tried alone.
fn diagnose(repo: &Repository, tree: &Tree<'_>, diff: &Diff<'_>, first: &git2::Error) -> Rejection {
    for i in 0..diff.deltas().len() {
        if let Err(e) = to_tree(repo, tree, diff, Some(i)) {
            let delta = diff.get_delta(i).expect("delta index in range");
            let path = delta
                .old_file()
                .path_bytes()
                .or(delta.new_file().path_bytes())
                .map(|p| String::from_utf8_lossy(p).into_owned());
            return Rejection {
                path,
                hunk: None,
                line: None,
                reason: e.message().to_string(),
            };
        }
    }
    Rejection::whole(first.message().to_string())
}

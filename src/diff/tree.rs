//! Which files a commit changes, as `git diff-tree -r -M` lists them: libgit2 compares the
//! trees (only where git would look), and renames are found among the additions and deletions
//! with git's own method ([`crate::renames`]).

use std::cmp::Ordering;

use git2::{Delta, DiffOptions, Oid, Repository};

use crate::renames::{self, Side};
use crate::series::Patch;

/// A commit's changes: libgit2's deltas and the order in which git shows them.
pub(super) struct Changes<'r> {
    pub diff: git2::Diff<'r>,
    pub entries: Vec<Entry>,
}

/// One file of the patch as git shows it.
#[derive(Debug, Clone, Copy)]
pub(super) enum Entry {
    /// A delta of the diff as it is.
    Delta(usize),
    /// A deletion and an addition (delta indexes) that git shows as one rename.
    Rename { src: usize, dst: usize, score: u32 },
}

/// The changes of a patch's commit against its first parent, or `None` for merges, commits
/// that change nothing, and mail that was not applied (see [`super::diff`]).
pub(super) fn changes<'r>(
    repo: &'r Repository,
    patch: &Patch,
) -> Result<Option<Changes<'r>>, git2::Error> {
    let Some(commit) = patch.commit.filter(|_| !patch.is_merge()) else {
        return Ok(None);
    };
    let commit = repo.find_commit(commit)?;
    let new_tree = commit.tree()?;
    let old_tree = match patch.parents.first() {
        Some(p) => Some(repo.find_commit(*p)?.tree()?),
        None => None,
    };
    // Type changes come as a deletion and an addition of the same path, as `git diff -p` prints
    // them; [`super::merge_typechanges`] folds each pair into one change.
    let mut opts = DiffOptions::new();
    opts.context_lines(3).indent_heuristic(true);
    if let Some(old) = &old_tree {
        // libgit2 walks every file of both trees; git skips identical subtrees. Find the changed
        // paths the way git does and let libgit2 look at those alone.
        let mut changed = Vec::new();
        changed_paths(repo, old, &new_tree, &mut Vec::new(), &mut changed)?;
        if changed.is_empty() {
            return Ok(None);
        }
        opts.disable_pathspec_match(true);
        for path in changed {
            opts.pathspec(path);
        }
    }
    let diff = repo.diff_tree_to_tree(old_tree.as_ref(), Some(&new_tree), Some(&mut opts))?;
    let entries = entries(repo, &diff);
    Ok(Some(Changes { diff, entries }))
}

/// The deltas in git's order, with the renames git finds: each at its new path's place, its
/// deletion gone.
fn entries(repo: &Repository, diff: &git2::Diff<'_>) -> Vec<Entry> {
    let deltas: Vec<git2::DiffDelta<'_>> = diff.deltas().collect();
    let path = |f: git2::DiffFile<'_>| f.path_bytes().unwrap_or_default().to_vec();
    // A deletion and an addition of one path are a type change: neither is a rename candidate.
    let typechange = |i: usize| {
        let p = path(deltas[i].new_file());
        let neighbour = |j: usize| {
            deltas.get(j).is_some_and(|d| {
                d.status() != deltas[i].status()
                    && matches!(d.status(), Delta::Added | Delta::Deleted)
                    && path(d.new_file()) == p
            })
        };
        neighbour(i + 1) || (i > 0 && neighbour(i - 1))
    };
    let (mut srcs, mut dsts) = (Vec::new(), Vec::new());
    let (mut src_of, mut dst_of) = (Vec::new(), Vec::new());
    for (i, d) in deltas.iter().enumerate() {
        match d.status() {
            Delta::Deleted if !typechange(i) => {
                srcs.push(side(d.old_file()));
                src_of.push(i);
            }
            Delta::Added if !typechange(i) => {
                dsts.push(side(d.new_file()));
                dst_of.push(i);
            }
            _ => {}
        }
    }
    let found = renames::detect(&srcs, &dsts, &mut RepoBlobs::new(repo));
    let mut renamed_from = vec![false; deltas.len()];
    let mut rename_at = vec![None; deltas.len()];
    for (d, r) in found.iter().enumerate() {
        if let Some(r) = r {
            renamed_from[src_of[r.src]] = true;
            rename_at[dst_of[d]] = Some(Entry::Rename {
                src: src_of[r.src],
                dst: dst_of[d],
                score: r.score,
            });
        }
    }
    let mut out = Vec::with_capacity(deltas.len());
    for (i, d) in deltas.iter().enumerate() {
        if renamed_from[i] || unchanged(d) {
            continue;
        }
        out.push(rename_at[i].unwrap_or(Entry::Delta(i)));
    }
    out
}

/// Whether git would not list a delta at all: same object and same canonical mode.
fn unchanged(d: &git2::DiffDelta<'_>) -> bool {
    let (o, n) = (d.old_file(), d.new_file());
    d.status() == Delta::Modified && o.id() == n.id() && mode(o.mode()) == mode(n.mode())
}

/// A file as a rename candidate.
pub(super) fn side(f: git2::DiffFile<'_>) -> Side {
    Side {
        path: f.path_bytes().unwrap_or_default().to_vec(),
        id: f.id(),
        mode: mode(f.mode()),
    }
}

/// git's canonical mode for a file mode: what `git diff` prints.
pub(super) fn mode(m: git2::FileMode) -> u32 {
    match m {
        git2::FileMode::Blob | git2::FileMode::BlobGroupWritable => 0o100644,
        git2::FileMode::BlobExecutable => 0o100755,
        git2::FileMode::Link => 0o120000,
        git2::FileMode::Commit => 0o160000,
        git2::FileMode::Tree => 0o040000,
        git2::FileMode::Unreadable => 0,
    }
}

/// Blob sizes and contents for rename detection, read from the repository.
struct RepoBlobs<'r> {
    repo: &'r Repository,
    odb: Option<git2::Odb<'r>>,
}

impl<'r> RepoBlobs<'r> {
    fn new(repo: &'r Repository) -> RepoBlobs<'r> {
        RepoBlobs {
            repo,
            odb: repo.odb().ok(),
        }
    }
}

impl renames::Blobs for RepoBlobs<'_> {
    fn size(&mut self, side: &Side) -> Option<u64> {
        let (size, _) = self.odb.as_ref()?.read_header(side.id).ok()?;
        Some(size as u64)
    }

    fn content(&mut self, side: &Side) -> Option<(Vec<u8>, bool)> {
        let blob = self.repo.find_blob(side.id).ok()?;
        let data = blob.content().to_vec();
        // Whether git sees it as binary matters only for the CR of CRLF line ends.
        let binary = data.contains(&b'\r') && is_binary(self.repo, &side.path, &data);
        Some((data, binary))
    }
}

/// Whether git treats a file's content as binary: the `diff` attribute decides (`-diff` or
/// `binary` yes, `diff` no, `diff=DRIVER` by `diff.DRIVER.binary`), else a NUL byte in the
/// first 8000 bytes.
pub(super) fn is_binary(repo: &Repository, path: &[u8], data: &[u8]) -> bool {
    let by_content = || data[..data.len().min(8000)].contains(&0);
    let path = bytes_path(path);
    let value = repo
        .get_attr_bytes(&path, "diff", git2::AttrCheckFlags::default())
        .ok()
        .flatten();
    match git2::AttrValue::from_bytes(value) {
        git2::AttrValue::True => false,
        git2::AttrValue::False => true,
        git2::AttrValue::String(driver) => repo
            .config()
            .and_then(|c| c.get_bool(&format!("diff.{driver}.binary")))
            .unwrap_or_else(|_| by_content()),
        _ => by_content(),
    }
}

/// A repository path as a file system path for libgit2.
pub(super) fn bytes_path(path: &[u8]) -> std::path::PathBuf {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        std::path::PathBuf::from(std::ffi::OsStr::from_bytes(path))
    }
    #[cfg(not(unix))]
    {
        std::path::PathBuf::from(String::from_utf8_lossy(path).into_owned())
    }
}

/// The blob `id`'s content, empty for the zero id (a side that does not exist).
pub(super) fn blob_content(repo: &Repository, id: Oid) -> Result<Vec<u8>, git2::Error> {
    if id.is_zero() {
        return Ok(Vec::new());
    }
    Ok(repo.find_blob(id)?.content().to_vec())
}

/// Collects the paths that differ between two trees, descending only into subtrees whose ids
/// differ. A subtree that exists on one side only is named by its directory path.
fn changed_paths(
    repo: &Repository,
    old: &git2::Tree<'_>,
    new: &git2::Tree<'_>,
    prefix: &mut Vec<u8>,
    out: &mut Vec<Vec<u8>>,
) -> Result<(), git2::Error> {
    let is_tree = |e: &git2::TreeEntry<'_>| e.kind() == Some(git2::ObjectType::Tree);
    // An entry on one side only: a file, or every file of a directory (libgit2 matches a
    // path list exactly, so a directory path would not select what is below it).
    let push = |out: &mut Vec<Vec<u8>>, prefix: &[u8], e: &git2::TreeEntry<'_>| {
        let path = [prefix, e.name_bytes()].concat();
        if is_tree(e) {
            if let Ok(tree) = repo.find_tree(e.id()) {
                let _ = tree.walk(git2::TreeWalkMode::PreOrder, |dir, entry| {
                    if entry.kind() != Some(git2::ObjectType::Tree) {
                        out.push([&path[..], b"/", dir.as_bytes(), entry.name_bytes()].concat());
                    }
                    git2::TreeWalkResult::Ok
                });
            }
        }
        out.push(path);
    };
    let (mut olds, mut news) = (old.iter().peekable(), new.iter().peekable());
    loop {
        let order = match (olds.peek(), news.peek()) {
            (None, None) => break,
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (Some(o), Some(n)) => tree_order(o, n),
        };
        match order {
            Ordering::Less => push(out, prefix, &olds.next().expect("peeked")),
            Ordering::Greater => push(out, prefix, &news.next().expect("peeked")),
            Ordering::Equal => {
                let (o, n) = (olds.next().expect("peeked"), news.next().expect("peeked"));
                if o.id() == n.id() && o.filemode() == n.filemode() {
                    continue;
                }
                if is_tree(&o) && is_tree(&n) {
                    let (ot, nt) = (repo.find_tree(o.id())?, repo.find_tree(n.id())?);
                    let len = prefix.len();
                    prefix.extend_from_slice(n.name_bytes());
                    prefix.push(b'/');
                    changed_paths(repo, &ot, &nt, prefix, out)?;
                    prefix.truncate(len);
                } else {
                    push(out, prefix, &o);
                    push(out, prefix, &n);
                }
            }
        }
    }
    Ok(())
}

/// git's order of tree entries: by name, a directory sorting as if its name ended in `/`.
fn tree_order(a: &git2::TreeEntry<'_>, b: &git2::TreeEntry<'_>) -> Ordering {
    let key = |e: &git2::TreeEntry<'_>| -> u8 {
        if e.kind() == Some(git2::ObjectType::Tree) {
            b'/'
        } else {
            0
        }
    };
    let (an, bn) = (a.name_bytes(), b.name_bytes());
    let common = an.len().min(bn.len());
    an[..common].cmp(&bn[..common]).then_with(|| {
        let ac = an.get(common).copied().unwrap_or_else(|| key(a));
        let bc = bn.get(common).copied().unwrap_or_else(|| key(b));
        ac.cmp(&bc)
    })
}

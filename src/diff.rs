//! A patch's changes against its first parent: files, hunks and lines, with rename detection as
//! `git diff-tree -r -M` does it, and git's stable patch-id.
//!
//! Two depths: [`changes`] lists the files (cheap: tree comparison plus rename detection) and
//! [`diff`] adds the hunks and lines. Merge commits have no changes, as `git log -p` shows none.

use std::cmp::Ordering;

use git2::{Delta, DiffFindOptions, DiffOptions, Oid, Repository};
use serde::Serialize;

use crate::areas::{place, Level, Placement};
use crate::config::Config;
use crate::series::Patch;

/// How a file changed, in `git diff-tree` terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Added,
    Modified,
    Deleted,
    Renamed,
    Copied,
    #[serde(rename = "typechange")]
    TypeChange,
}

impl Status {
    /// The one-letter status of `git diff-tree --name-status`.
    pub fn letter(self) -> char {
        match self {
            Status::Added => 'A',
            Status::Modified => 'M',
            Status::Deleted => 'D',
            Status::Renamed => 'R',
            Status::Copied => 'C',
            Status::TypeChange => 'T',
        }
    }
}

/// One changed file.
#[derive(Debug, Clone)]
pub struct FileChange {
    /// The path after the change (for deletions, the deleted path), as git stores it.
    pub path: Vec<u8>,
    /// The path before a rename or copy.
    pub old_path: Option<Vec<u8>>,
    pub status: Status,
    /// Whether git treats the content as binary; known only once hunks were computed.
    pub binary: bool,
    /// The areas the file lands in (by new or old path) and its level.
    pub placement: Placement,
    /// Empty until computed by [`diff`], and always for binary files.
    pub hunks: Vec<Hunk>,
}

impl FileChange {
    /// The path for display (invalid UTF-8 replaced).
    pub fn display_path(&self) -> String {
        String::from_utf8_lossy(&self.path).into_owned()
    }

    /// The old path for display, for renames and copies.
    pub fn display_old_path(&self) -> Option<String> {
        self.old_path
            .as_ref()
            .map(|p| String::from_utf8_lossy(p).into_owned())
    }

    pub fn level(&self) -> Level {
        self.placement.level()
    }
}

/// One hunk of a file's diff.
#[derive(Debug, Clone)]
pub struct Hunk {
    pub old_start: u32,
    pub old_lines: u32,
    pub new_start: u32,
    pub new_lines: u32,
    /// The section heading git prints after `@@ ... @@` (often the enclosing function).
    pub header: String,
    pub lines: Vec<Line>,
}

impl Hunk {
    /// Number of added lines.
    pub fn added(&self) -> usize {
        self.lines
            .iter()
            .filter(|l| l.kind == LineKind::Added)
            .count()
    }

    /// Number of removed lines.
    pub fn removed(&self) -> usize {
        self.lines
            .iter()
            .filter(|l| l.kind == LineKind::Removed)
            .count()
    }
}

/// What a diff line does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    Context,
    Added,
    Removed,
}

/// One line of a hunk, without its newline.
#[derive(Debug, Clone)]
pub struct Line {
    pub kind: LineKind,
    pub content: String,
    pub old_lineno: Option<u32>,
    pub new_lineno: Option<u32>,
}

/// All of a patch's changes.
#[derive(Debug, Clone, Default)]
pub struct PatchDiff {
    pub files: Vec<FileChange>,
    /// `git patch-id --stable` of the patch; `None` for merges.
    pub patch_id: Option<Oid>,
}

impl PatchDiff {
    /// The most severe level among the files.
    pub fn level(&self) -> Level {
        self.files
            .iter()
            .map(FileChange::level)
            .max()
            .unwrap_or(Level::Normal)
    }
}

pub(crate) fn tree_diff<'r>(
    repo: &'r Repository,
    patch: &Patch,
) -> Result<Option<git2::Diff<'r>>, git2::Error> {
    if patch.is_merge() {
        return Ok(None);
    }
    let commit = repo.find_commit(patch.id)?;
    let new_tree = commit.tree()?;
    let old_tree = match patch.parents.first() {
        Some(p) => Some(repo.find_commit(*p)?.tree()?),
        None => None,
    };
    // Type changes come as a deletion and an addition of the same path, as `git diff -p` prints
    // them; [`merge_typechanges`] folds each pair into one change.
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
    let mut diff = repo.diff_tree_to_tree(old_tree.as_ref(), Some(&new_tree), Some(&mut opts))?;
    let mut find = DiffFindOptions::new();
    find.renames(true).rename_limit(1000);
    diff.find_similar(Some(&mut find))?;
    Ok(Some(diff))
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

fn file_change(delta: &git2::DiffDelta<'_>, config: &Config) -> FileChange {
    let bytes = |f: git2::DiffFile<'_>| f.path_bytes().map(<[u8]>::to_vec).unwrap_or_default();
    let new = bytes(delta.new_file());
    let old = bytes(delta.old_file());
    let status = match delta.status() {
        Delta::Added => Status::Added,
        Delta::Deleted => Status::Deleted,
        Delta::Renamed => Status::Renamed,
        Delta::Copied => Status::Copied,
        Delta::Typechange => Status::TypeChange,
        _ => Status::Modified,
    };
    let (path, old_path) = match status {
        Status::Deleted => (old, None),
        Status::Renamed | Status::Copied => (new, Some(old)),
        _ => (new, None),
    };
    let placement = match &old_path {
        Some(o) => place(&config.areas, &[&path, o]),
        None => place(&config.areas, &[&path]),
    };
    FileChange {
        path,
        old_path,
        status,
        binary: delta.flags().is_binary(),
        placement,
        hunks: Vec::new(),
    }
}

/// The files a patch changes, without hunks.
pub fn changes(
    repo: &Repository,
    patch: &Patch,
    config: &Config,
) -> Result<Vec<FileChange>, git2::Error> {
    let Some(diff) = tree_diff(repo, patch)? else {
        return Ok(Vec::new());
    };
    Ok(merge_typechanges(
        diff.deltas().map(|d| file_change(&d, config)).collect(),
    ))
}

/// Folds each deletion directly followed by an addition of the same path (a file that became a
/// symlink, say) into one `typechange`, with the hunks of both.
pub(crate) fn merge_typechanges(files: Vec<FileChange>) -> Vec<FileChange> {
    let mut out: Vec<FileChange> = Vec::with_capacity(files.len());
    for file in files {
        if let Some(prev) = out.last_mut() {
            if prev.status == Status::Deleted
                && file.status == Status::Added
                && prev.path == file.path
            {
                prev.status = Status::TypeChange;
                prev.binary |= file.binary;
                prev.hunks.extend(file.hunks);
                continue;
            }
        }
        out.push(file);
    }
    out
}

/// The files a patch changes with their hunks, and the patch-id.
pub fn diff(repo: &Repository, patch: &Patch, config: &Config) -> Result<PatchDiff, git2::Error> {
    let Some(diff) = tree_diff(repo, patch)? else {
        return Ok(PatchDiff::default());
    };
    let mut files = Vec::with_capacity(diff.deltas().len());
    let mut patch_id = crate::patch_id::Hasher::new(repo);
    for idx in 0..diff.deltas().len() {
        let gp = git2::Patch::from_diff(&diff, idx)?;
        let delta = diff.get_delta(idx).expect("delta index in range");
        let mut file = file_change(&delta, config);
        if let Some(mut gp) = gp {
            file.binary = gp.delta().flags().is_binary();
            file.hunks = hunks(&gp)?;
            patch_id.add(&mut gp)?;
        }
        files.push(file);
    }
    Ok(PatchDiff {
        files: merge_typechanges(files),
        patch_id: patch_id.finish(),
    })
}

fn hunks(gp: &git2::Patch<'_>) -> Result<Vec<Hunk>, git2::Error> {
    let mut out = Vec::with_capacity(gp.num_hunks());
    for h in 0..gp.num_hunks() {
        let (hunk, n) = gp.hunk(h)?;
        let mut lines = Vec::with_capacity(n);
        for l in 0..n {
            let line = gp.line_in_hunk(h, l)?;
            let kind = match line.origin() {
                '+' => LineKind::Added,
                '-' => LineKind::Removed,
                ' ' => LineKind::Context,
                _ => continue, // end-of-file newline markers
            };
            let content = line.content();
            let content = content.strip_suffix(b"\n").unwrap_or(content);
            lines.push(Line {
                kind,
                content: String::from_utf8_lossy(content).into_owned(),
                old_lineno: line.old_lineno(),
                new_lineno: line.new_lineno(),
            });
        }
        out.push(Hunk {
            old_start: hunk.old_start(),
            old_lines: hunk.old_lines(),
            new_start: hunk.new_start(),
            new_lines: hunk.new_lines(),
            header: section_heading(hunk.header()),
            lines,
        });
    }
    Ok(out)
}

/// The text after the closing `@@` of a hunk header.
fn section_heading(header: &[u8]) -> String {
    let text = String::from_utf8_lossy(header);
    let rest = text.strip_prefix("@@").unwrap_or(&text);
    match rest.find("@@") {
        Some(p) => rest[p + 2..].trim().to_string(),
        None => String::new(),
    }
}

/// Computes [`diff`] for many patches on `threads` worker threads, each with its own handle on
/// the repository at `git_dir`. Results come back in the order of `patches`.
pub fn diff_all(
    git_dir: &std::path::Path,
    patches: &[Patch],
    config: &Config,
    threads: usize,
) -> Result<Vec<PatchDiff>, git2::Error> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Mutex;

    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Result<PatchDiff, git2::Error>>>> =
        Mutex::new((0..patches.len()).map(|_| None).collect());
    let threads = threads.clamp(1, patches.len().max(1));
    let repos = (0..threads)
        .map(|_| Repository::open(git_dir))
        .collect::<Result<Vec<_>, _>>()?;
    std::thread::scope(|scope| {
        for repo in repos {
            let (next, results) = (&next, &results);
            scope.spawn(move || loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(patch) = patches.get(i) else { break };
                let d = diff(&repo, patch, config);
                results.lock().expect("results lock")[i] = Some(d);
            });
        }
    });
    results
        .into_inner()
        .expect("results lock")
        .into_iter()
        .map(|r| r.unwrap_or_else(|| Err(git2::Error::from_str("diff worker did not run"))))
        .collect()
}

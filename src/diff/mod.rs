//! A patch's changes against its first parent: files, hunks and lines, with rename detection as
//! `git diff-tree -r -M` does it, and git's stable patch-id.
//!
//! Two depths: [`changes`] lists the files (cheap: tree comparison plus rename detection) and
//! [`diff`] adds the hunks and lines. Merge commits have no changes, as `git log -p` shows none.

mod content;
mod many;
mod tree;

use git2::{Delta, Oid, Repository};
use serde::Serialize;

use crate::areas::{place, Area, Level, Placement};
use crate::patch_id::{self, FileHeader};
use crate::renames;
use crate::series::Patch;
use content::{is_empty, shown, text_patch, Shown};
use tree::Entry;

pub use many::each_in_order;

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
    /// For a rename, git's similarity index in percent (`R094` in `git diff --name-status`).
    pub similarity: Option<u8>,
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

/// One hunk of a file's diff. Its lines are kept compactly (one text buffer, a few bytes of
/// bookkeeping per line): a long series holds hundreds of thousands of them.
#[derive(Debug, Clone, Default)]
pub struct Hunk {
    pub old_start: u32,
    pub old_lines: u32,
    pub new_start: u32,
    pub new_lines: u32,
    /// The section heading git prints after `@@ ... @@` (often the enclosing function).
    pub header: String,
    /// Every line's text, one after another, without newlines.
    text: String,
    lines: Vec<Slot>,
}

/// Where a line's text ends in its hunk's buffer, and its line numbers (0: none).
#[derive(Debug, Clone, Copy)]
struct Slot {
    end: u32,
    old: u32,
    new: u32,
    kind: LineKind,
}

impl Hunk {
    /// An empty hunk with these ranges and heading; [`Hunk::push`] adds its lines.
    pub fn new(old: (u32, u32), new: (u32, u32), header: String) -> Hunk {
        Hunk {
            old_start: old.0,
            old_lines: old.1,
            new_start: new.0,
            new_lines: new.1,
            header,
            ..Hunk::default()
        }
    }

    /// Appends a line.
    pub fn push(&mut self, kind: LineKind, content: &str, old: Option<u32>, new: Option<u32>) {
        self.text.push_str(content);
        self.lines.push(Slot {
            end: u32::try_from(self.text.len()).expect("a hunk under 4 GiB"),
            old: old.unwrap_or(0),
            new: new.unwrap_or(0),
            kind,
        });
    }

    /// Number of lines.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// Line `l` (0-based).
    pub fn line(&self, l: usize) -> Line<'_> {
        let slot = self.lines[l];
        let start = if l == 0 { 0 } else { self.lines[l - 1].end };
        Line {
            kind: slot.kind,
            content: &self.text[start as usize..slot.end as usize],
            old_lineno: (slot.old > 0).then_some(slot.old),
            new_lineno: (slot.new > 0).then_some(slot.new),
        }
    }

    /// The lines in order.
    pub fn lines(&self) -> impl ExactSizeIterator<Item = Line<'_>> + '_ {
        let mut start = 0;
        self.lines.iter().map(move |slot| {
            let from = std::mem::replace(&mut start, slot.end);
            Line {
                kind: slot.kind,
                content: &self.text[from as usize..slot.end as usize],
                old_lineno: (slot.old > 0).then_some(slot.old),
                new_lineno: (slot.new > 0).then_some(slot.new),
            }
        })
    }

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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line<'a> {
    pub kind: LineKind,
    pub content: &'a str,
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

/// A file as [`changes`] lists it: paths, status, areas; no hunks yet.
fn listed(diff: &git2::Diff<'_>, entry: Entry, areas: &[Area]) -> FileChange {
    let delta = |i: usize| diff.get_delta(i).expect("delta index in range");
    let (old, new, status, similarity) = match entry {
        Entry::Rename { src, dst, score } => (
            delta(src).old_file(),
            delta(dst).new_file(),
            Status::Renamed,
            Some(renames::percent(score) as u8),
        ),
        Entry::Delta(i) => {
            let d = delta(i);
            let status = match d.status() {
                Delta::Added => Status::Added,
                Delta::Deleted => Status::Deleted,
                Delta::Typechange => Status::TypeChange,
                _ => Status::Modified,
            };
            (d.old_file(), d.new_file(), status, None)
        }
    };
    let binary = diff
        .get_delta(match entry {
            Entry::Delta(i) | Entry::Rename { dst: i, .. } => i,
        })
        .is_some_and(|d| d.flags().is_binary());
    file_change(
        &FileView {
            status,
            old: &old,
            new: &new,
            similarity,
            binary,
            patch: None,
        },
        areas,
    )
}

/// The file change for one file of the patch: paths, status, areas.
fn file_change(f: &FileView<'_, '_>, areas: &[Area]) -> FileChange {
    let bytes = |f: &git2::DiffFile<'_>| f.path_bytes().map(<[u8]>::to_vec).unwrap_or_default();
    let (path, old_path) = match f.status {
        Status::Deleted => (bytes(f.old), None),
        Status::Renamed | Status::Copied => (bytes(f.new), Some(bytes(f.old))),
        _ => (bytes(f.new), None),
    };
    let placement = match &old_path {
        Some(o) => place(areas, &[&path, o]),
        None => place(areas, &[&path]),
    };
    FileChange {
        path,
        old_path,
        status: f.status,
        similarity: f.similarity,
        binary: f.binary,
        placement,
        hunks: Vec::new(),
    }
}

/// The files a patch changes, without hunks.
pub fn changes(
    repo: &Repository,
    patch: &Patch,
    areas: &[Area],
) -> Result<Vec<FileChange>, git2::Error> {
    if let (None, Some(m)) = (patch.commit, &patch.mail) {
        return Ok(crate::mail::patch::parse(&m.message.patch, areas).files);
    }
    let Some(c) = tree::changes(repo, patch)? else {
        return Ok(Vec::new());
    };
    Ok(merge_typechanges(
        c.entries
            .iter()
            .map(|&e| listed(&c.diff, e, areas))
            .collect(),
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

/// One changed file as git shows it, for those who print patches: its two sides (the old one
/// empty for an addition, the new one for a deletion) and its text diff.
pub(crate) struct FileView<'a, 'p> {
    pub status: Status,
    pub old: &'a git2::DiffFile<'a>,
    pub new: &'a git2::DiffFile<'a>,
    /// git's similarity index, for a rename.
    pub similarity: Option<u8>,
    /// "Binary files ... differ" (when the contents differ).
    pub binary: bool,
    /// The hunks; `None` when the content did not change or is binary.
    pub patch: Option<&'a git2::Patch<'p>>,
}

/// Calls `each` for every file of the patch, in git's order, as `git show` shows them (a type
/// change as a deletion and an addition).
pub(crate) fn each_file<F>(repo: &Repository, patch: &Patch, mut each: F) -> Result<(), git2::Error>
where
    F: FnMut(FileView<'_, '_>) -> Result<(), git2::Error>,
{
    let Some(c) = tree::changes(repo, patch)? else {
        return Ok(());
    };
    for &entry in &c.entries {
        let (old, new) = match entry {
            Entry::Delta(i) => {
                let d = c.diff.get_delta(i).expect("delta index in range");
                (d.old_file(), d.new_file())
            }
            Entry::Rename { src, dst, .. } => (
                c.diff.get_delta(src).expect("delta").old_file(),
                c.diff.get_delta(dst).expect("delta").new_file(),
            ),
        };
        let (status, similarity) = match entry {
            Entry::Rename { score, .. } => (Status::Renamed, Some(renames::percent(score) as u8)),
            Entry::Delta(i) => match c.diff.get_delta(i).expect("delta").status() {
                Delta::Added => (Status::Added, None),
                Delta::Deleted => (Status::Deleted, None),
                Delta::Typechange => (Status::TypeChange, None),
                _ => (Status::Modified, None),
            },
        };
        let own;
        let (binary, gp) = match shown(repo, &c.diff, entry, &old, &new)? {
            Shown::Nothing => (false, None),
            Shown::Binary => (true, None),
            Shown::Patch(gp) => (gp.delta().flags().is_binary(), Some(gp)),
            Shown::Text(a, b) => {
                own = (a, b);
                (false, Some(text_patch(&old, &own.0, &new, &own.1)?))
            }
        };
        each(FileView {
            status,
            old: &old,
            new: &new,
            similarity,
            binary,
            patch: gp.as_ref().filter(|_| !binary),
        })?;
    }
    Ok(())
}

/// The files a patch changes with their hunks, and the patch-id. A mailed patch that was not
/// applied is read from its text; one that was is diffed as a commit (through the series'
/// [`crate::overlay::Overlay`]), and its patch-id is always that of the mailed text, as
/// `git patch-id --stable` computes it on the patch `git mailinfo` extracts.
pub fn diff(repo: &Repository, patch: &Patch, areas: &[Area]) -> Result<PatchDiff, git2::Error> {
    let mut out = match (patch.commit, &patch.mail) {
        (None, Some(m)) => return Ok(crate::mail::patch::parse(&m.message.patch, areas)),
        _ => commit_diff(repo, patch, areas)?,
    };
    if let Some(m) = &patch.mail {
        out.patch_id = m.patch_id;
    }
    Ok(out)
}

/// Feeds one file of a commit, as [`each_file`] gives it, to its patch-id.
pub(crate) fn hash_file(
    hasher: &mut patch_id::Hasher<'_>,
    f: &FileView<'_, '_>,
) -> Result<(), git2::Error> {
    let header = FileHeader {
        old_path: f.old.path_bytes().unwrap_or_default(),
        new_path: f.new.path_bytes().unwrap_or_default(),
        old: (f.status != Status::Added).then(|| (f.old.id(), tree::mode(f.old.mode()))),
        new: (f.status != Status::Deleted).then(|| (f.new.id(), tree::mode(f.new.mode()))),
        similarity: f.similarity.map(u32::from),
    };
    let body = match f.patch {
        // git says "Binary files differ" only when the contents do: not for an empty file.
        _ if f.binary && is_empty(f.old.id()) && is_empty(f.new.id()) => patch_id::Body::None,
        _ if f.binary => patch_id::Body::Binary,
        Some(gp) => patch_id::Body::Text(gp),
        None => patch_id::Body::None,
    };
    hasher.add(&header, body)
}

fn commit_diff(repo: &Repository, patch: &Patch, areas: &[Area]) -> Result<PatchDiff, git2::Error> {
    let mut files = Vec::new();
    let mut patch_id = patch_id::Hasher::new(repo);
    each_file(repo, patch, |f| {
        hash_file(&mut patch_id, &f)?;
        let mut file = file_change(&f, areas);
        if let Some(gp) = f.patch {
            file.hunks = hunks(gp)?;
        }
        files.push(file);
        Ok(())
    })?;
    Ok(PatchDiff {
        files: merge_typechanges(files),
        patch_id: patch_id.finish(),
    })
}

fn hunks(gp: &git2::Patch<'_>) -> Result<Vec<Hunk>, git2::Error> {
    let mut out = Vec::with_capacity(gp.num_hunks());
    for h in 0..gp.num_hunks() {
        let (hunk, n) = gp.hunk(h)?;
        let mut lines = Hunk::new(
            (hunk.old_start(), hunk.old_lines()),
            (hunk.new_start(), hunk.new_lines()),
            section_heading(hunk.header()),
        );
        lines.lines.reserve(n);
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
            lines.push(
                kind,
                &String::from_utf8_lossy(content),
                line.old_lineno(),
                line.new_lineno(),
            );
        }
        lines.text.shrink_to_fit();
        out.push(lines);
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

//! What git shows for a file's content: libgit2's patch, a text diff made here, or "Binary
//! files differ", decided by git's rules.

use git2::{Oid, Repository};

use super::tree::{self, Entry};

/// How git shows the content of one changed file.
pub(super) enum Shown<'d> {
    /// No content change (a pure rename, a mode change).
    Nothing,
    /// "Binary files ... differ".
    Binary,
    /// libgit2's patch of a delta: its binary test (a NUL in the first 8000 bytes, or the
    /// `diff` attribute) is git's, but for symlinks.
    Patch(git2::Patch<'d>),
    /// A text diff of these two contents, made here: the sides of a rename (libgit2 did not
    /// pair them), or a symlink libgit2 called binary.
    Text(Vec<u8>, Vec<u8>),
}

/// What git shows for an entry.
pub(super) fn shown<'d>(
    repo: &Repository,
    diff: &git2::Diff<'d>,
    entry: Entry,
    old: &git2::DiffFile<'_>,
    new: &git2::DiffFile<'_>,
) -> Result<Shown<'d>, git2::Error> {
    match entry {
        Entry::Delta(i) => match git2::Patch::from_diff(diff, i)? {
            None => Ok(Shown::Nothing),
            // libgit2 applies a `-diff` attribute to a symlink's target too; git to regular
            // files only.
            Some(gp)
                if gp.delta().flags().is_binary()
                    && [old, new].iter().any(|f| f.mode() == git2::FileMode::Link) =>
            {
                by_git_rule(repo, old, new)
            }
            Some(gp) => Ok(Shown::Patch(gp)),
        },
        Entry::Rename { .. } if old.id() == new.id() => Ok(Shown::Nothing),
        Entry::Rename { .. } => by_git_rule(repo, old, new),
    }
}

/// Binary when either side is binary for git: by the `diff` attribute for a regular file, else
/// by a NUL in its first 8000 bytes.
fn by_git_rule<'d>(
    repo: &Repository,
    old: &git2::DiffFile<'_>,
    new: &git2::DiffFile<'_>,
) -> Result<Shown<'d>, git2::Error> {
    let (a, b) = (
        tree::blob_content(repo, old.id())?,
        tree::blob_content(repo, new.id())?,
    );
    let binary = |f: &git2::DiffFile<'_>, data: &[u8]| match tree::mode(f.mode()) {
        0o100644 | 0o100755 => tree::is_binary(repo, f.path_bytes().unwrap_or_default(), data),
        _ => data[..data.len().min(8000)].contains(&0),
    };
    if binary(old, &a) || binary(new, &b) {
        Ok(Shown::Binary)
    } else {
        Ok(Shown::Text(a, b))
    }
}

/// Whether a blob id is the empty blob, or zero (no file).
pub(super) fn is_empty(id: Oid) -> bool {
    static EMPTY: std::sync::OnceLock<Option<Oid>> = std::sync::OnceLock::new();
    id.is_zero()
        || Some(id) == *EMPTY.get_or_init(|| Oid::hash_object(git2::ObjectType::Blob, b"").ok())
}

/// A text diff of two contents, with the options of [`tree::changes`].
pub(super) fn text_patch<'b>(
    old: &git2::DiffFile<'_>,
    a: &'b [u8],
    new: &git2::DiffFile<'_>,
    b: &'b [u8],
) -> Result<git2::Patch<'b>, git2::Error> {
    let mut opts = git2::DiffOptions::new();
    opts.context_lines(3)
        .indent_heuristic(true)
        .force_text(true);
    let (pa, pb) = (
        tree::bytes_path(old.path_bytes().unwrap_or_default()),
        tree::bytes_path(new.path_bytes().unwrap_or_default()),
    );
    git2::Patch::from_buffers(a, Some(&pa), b, Some(&pb), Some(&mut opts))
}

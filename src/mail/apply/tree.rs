//! The tree a text patch leaves, built from the contents [`super::place`] computed: only the
//! changed paths are written, with the modes `git apply` gives them.

use std::collections::BTreeMap;

use git2::{Diff, FileMode, Oid, Repository, Tree};

use super::place::{entry_at, Files};

/// The new tree, or `None` when the patch holds what only libgit2's apply handles here (binary
/// files, submodules, paths with a NUL byte).
pub(super) fn build(
    repo: &Repository,
    tree: &Tree<'_>,
    diff: &Diff<'_>,
    files: &Files<'_, '_>,
) -> Option<Result<Oid, git2::Error>> {
    use git2::Delta;
    // Per path, what it ends as: removed, or written with this mode.
    let mut ends: BTreeMap<Vec<u8>, Option<i32>> = BTreeMap::new();
    for delta in diff.deltas() {
        let (old, new) = (delta.old_file(), delta.new_file());
        let gitlink = |m: FileMode| m == FileMode::Commit;
        if delta.flags().is_binary() || gitlink(old.mode()) || gitlink(new.mode()) {
            return None;
        }
        let old_path = old.path_bytes().unwrap_or_default().to_vec();
        let new_path = new.path_bytes().unwrap_or_default().to_vec();
        if old_path.contains(&0) || new_path.contains(&0) {
            return None;
        }
        let tree_mode = entry_at(repo, tree, &old_path).map(|e| e.1);
        // git keeps the file's mode unless the patch changes it (`new mode`, `new file mode`);
        // an `index` line's mode only says what the author had.
        let stated = i32::from(new.mode());
        let mode = match delta.status() {
            Delta::Added if stated != 0 => stated,
            Delta::Added => i32::from(FileMode::Blob),
            _ if stated != 0 && new.mode() != old.mode() => stated,
            _ => tree_mode.unwrap_or(i32::from(FileMode::Blob)),
        };
        match delta.status() {
            Delta::Deleted => {
                ends.insert(old_path, None);
            }
            Delta::Renamed => {
                ends.insert(old_path, None);
                ends.insert(new_path, Some(mode));
            }
            _ => {
                ends.insert(new_path, Some(mode));
            }
        }
    }
    let mut update = git2::build::TreeUpdateBuilder::new();
    for (path, end) in ends {
        match end {
            None => {
                update.remove(path);
            }
            Some(mode) => {
                let image = files.images.get(&path)?;
                let id = match repo.blob(&image.concat()) {
                    Ok(id) => id,
                    Err(e) => return Some(Err(e)),
                };
                let mode = match mode {
                    0o100755 => FileMode::BlobExecutable,
                    0o120000 => FileMode::Link,
                    _ => FileMode::Blob,
                };
                update.upsert(path, id, mode);
            }
        }
    }
    Some(update.create_updated(repo, tree))
}

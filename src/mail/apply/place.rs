//! Where `git apply` puts each hunk of a patch, following each file through the patch.

use std::collections::{HashMap, HashSet};

use git2::{Diff, Oid, Repository, Tree};

use super::Rejection;

/// Where one hunk goes: `at` (0-based line of the file as the earlier hunks left it), and the
/// new-side start its header states.
#[derive(Debug, Clone, Copy)]
pub(super) struct Placed {
    pub at: usize,
    pub stated: usize,
}

/// The lines a hunk expects and leaves, and how it is anchored.
struct HunkLines {
    before: Vec<Vec<u8>>,
    after: Vec<Vec<u8>>,
    old_start: u32,
    new_start: u32,
    trailing: usize,
}

fn hunk_lines(gp: &git2::Patch<'_>, h: usize) -> Result<HunkLines, git2::Error> {
    let (hunk, n) = gp.hunk(h)?;
    let (old_start, new_start) = (hunk.old_start(), hunk.new_start());
    let mut lines: Vec<(char, Vec<u8>)> = Vec::with_capacity(n);
    for l in 0..n {
        let line = gp.line_in_hunk(h, l)?;
        match line.origin() {
            // `\ No newline at end of file` takes the newline off the line before it.
            '=' | '>' | '<' => {
                if let Some(last) = lines.last_mut().filter(|l| l.1.ends_with(b"\n")) {
                    last.1.pop();
                }
            }
            o => lines.push((o, line.content().to_vec())),
        }
    }
    let trailing = lines.iter().rev().take_while(|l| l.0 == ' ').count();
    let side = |keep: char| -> Vec<Vec<u8>> {
        lines
            .iter()
            .filter(|l| l.0 == ' ' || l.0 == keep)
            .map(|l| l.1.clone())
            .collect()
    };
    Ok(HunkLines {
        before: side('-'),
        after: side('+'),
        old_start,
        new_start,
        trailing,
    })
}

/// Places every hunk of `diff` as `git apply` does (see [`find`]), following each file's
/// content through the patch; a hunk that finds no place, a file to change that is not there
/// or a file to create that is, is the rejection.
pub(super) fn place<'a, 'r>(
    repo: &'r Repository,
    tree: &'a Tree<'r>,
    diff: &Diff<'_>,
) -> Result<(Vec<Placed>, Files<'a, 'r>), Rejection> {
    use git2::Delta;
    let fail = |e: git2::Error| Rejection::whole(e.message().to_string());
    let mut files = Files {
        repo,
        tree,
        images: HashMap::new(),
        gone: HashSet::new(),
    };
    let mut placed = Vec::new();
    for i in 0..diff.deltas().len() {
        let delta = diff.get_delta(i).expect("delta index in range");
        let status = delta.status();
        let old = delta.old_file().path_bytes().unwrap_or_default().to_vec();
        let new = delta.new_file().path_bytes().unwrap_or_default().to_vec();
        let creates = matches!(status, Delta::Added | Delta::Renamed | Delta::Copied);
        if creates && files.exists(&new) {
            return Err(Rejection::file(
                &new,
                "already exists in the tree the patch applies to",
            ));
        }
        let mut image = match status {
            Delta::Added => Some(Vec::new()),
            _ => Some(files.image(&old).ok_or_else(|| {
                Rejection::file(&old, "no such file in the tree the patch applies to")
            })?),
        };
        let gp = git2::Patch::from_diff(diff, i).map_err(fail)?;
        if let Some(gp) = gp.filter(|gp| !delta.flags().is_binary() && gp.num_hunks() > 0) {
            let lines = image.as_mut().expect("an image for a text file");
            for h in 0..gp.num_hunks() {
                let hunk = hunk_lines(&gp, h).map_err(fail)?;
                let Some(at) = find(lines, &hunk) else {
                    return Err(Rejection {
                        hunk: Some(h),
                        line: Some(hunk.old_start),
                        ..Rejection::file(
                            &old,
                            &format!(
                                "hunk {} (line {}) does not match the file",
                                h + 1,
                                hunk.old_start
                            ),
                        )
                    });
                };
                placed.push(Placed {
                    at,
                    stated: hunk.new_start as usize,
                });
                lines.splice(at..at + hunk.before.len(), hunk.after);
            }
        } else if delta.flags().is_binary() {
            image = None;
        }
        if matches!(status, Delta::Deleted | Delta::Renamed) {
            files.images.remove(&old);
            files.gone.insert(old);
        }
        if status != Delta::Deleted {
            files.gone.remove(&new);
            match image {
                Some(image) => files.images.insert(new, image),
                None => files.images.remove(&new),
            };
        }
    }
    Ok((placed, files))
}

/// The files as a patch leaves them, section by section.
pub(super) struct Files<'a, 'r> {
    repo: &'r Repository,
    tree: &'a Tree<'r>,
    /// Contents changed (or created) by earlier sections, as lines; a binary file has none.
    pub images: HashMap<Vec<u8>, Vec<Vec<u8>>>,
    /// Paths deleted or renamed away by earlier sections.
    gone: HashSet<Vec<u8>>,
}

impl Files<'_, '_> {
    fn exists(&self, path: &[u8]) -> bool {
        self.images.contains_key(path)
            || (!self.gone.contains(path) && entry_at(self.repo, self.tree, path).is_some())
    }

    /// The lines of `path`; a binary file an earlier section changed reads as empty.
    fn image(&self, path: &[u8]) -> Option<Vec<Vec<u8>>> {
        if let Some(image) = self.images.get(path) {
            return Some(image.clone());
        }
        if self.gone.contains(path) {
            return None;
        }
        let (id, _) = entry_at(self.repo, self.tree, path)?;
        let content = match self.repo.find_blob(id) {
            Ok(blob) => blob.content().to_vec(),
            Err(_) => Vec::new(), // a submodule: nothing for text hunks to match
        };
        Some(
            content
                .split_inclusive(|&c| c == b'\n')
                .map(<[u8]>::to_vec)
                .collect(),
        )
    }
}

/// Where `git apply` (without options, as `git am` runs it) puts a hunk in `image`: the lines
/// it expects must be there exactly; the search starts where the header says and goes one
/// line down, one up, two down, and so on. A hunk starting at line 0 or 1 must match at the
/// top of the file, one without trailing context at its end.
fn find(image: &[Vec<u8>], hunk: &HunkLines) -> Option<usize> {
    let n = hunk.before.len();
    let at_top = hunk.old_start <= 1;
    let at_end = hunk.trailing == 0;
    let start = if at_top {
        0
    } else if at_end {
        image.len().saturating_sub(n)
    } else {
        (hunk.new_start as usize).saturating_sub(1)
    }
    .min(image.len());
    let fits = |at: usize| {
        at + n <= image.len()
            && (!at_top || at == 0)
            && (!at_end || at + n == image.len())
            && image[at..at + n] == hunk.before[..]
    };
    if fits(start) {
        return Some(start);
    }
    let (mut down, mut up) = (start, start);
    loop {
        let mut moved = false;
        if down < image.len() {
            down += 1;
            moved = true;
            if fits(down) {
                return Some(down);
            }
        }
        if up > 0 {
            up -= 1;
            moved = true;
            if fits(up) {
                return Some(up);
            }
        }
        if !moved {
            return None;
        }
    }
}

/// The id and mode of the entry at `path` in `tree`.
pub(super) fn entry_at(repo: &Repository, tree: &Tree<'_>, path: &[u8]) -> Option<(Oid, i32)> {
    let mut tree = tree.clone();
    let mut parts = path.split(|&c| c == b'/').peekable();
    while let Some(name) = parts.next() {
        let (id, mode) = {
            let entry = tree.get_name_bytes(name)?;
            (entry.id(), entry.filemode())
        };
        if parts.peek().is_none() {
            return Some((id, mode));
        }
        tree = repo.find_tree(id).ok()?;
    }
    None
}

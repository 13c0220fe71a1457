//! A mailed series applied in memory onto a base commit, patch by patch as `git am` applies
//! it, into real commits that only an [`Overlay`] holds.
//!
//! libgit2 applies each patch to the tree (binary patches, renames, modes and all). It places a
//! hunk only where the header says; `git apply` also looks above and below for the hunk's
//! lines when the file has moved on, nearest first. When libgit2 refuses, the hunks are placed
//! by git's rule here and the patch is applied again with its headers pointing there.
//!
//! A patch that does not apply is left out, as `git am --skip` leaves it: the patches after it
//! apply onto what did apply, so the rest of the series stays reviewable.

use std::collections::HashMap;
use std::path::Path;

use git2::{Diff, Oid, Repository, Signature, Time, Tree};
use serde::Serialize;

use super::Message;
use crate::overlay::{Collector, Overlay};

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
    fn whole(reason: impl Into<String>) -> Rejection {
        Rejection {
            path: None,
            hunk: None,
            line: None,
            reason: reason.into(),
        }
    }
}

/// Applies `patches` in order onto `base`, in memory: the repository at `git_dir` gains
/// nothing. Authors and dates come from the mail; the committer is the author, so the same
/// mail on the same base always gives the same commits.
pub fn apply(git_dir: &Path, base: Oid, patches: &[&Message]) -> Result<Applied, git2::Error> {
    let repo = Repository::open(git_dir)?;
    Overlay::default().install(&repo)?;
    let mut collector = Collector::new(git_dir)?;
    let mut parent = repo.find_commit(base)?;
    let mut outcomes = Vec::with_capacity(patches.len());
    for m in patches {
        let tree = parent.tree()?;
        let outcome = match apply_patch(&repo, &tree, &m.patch) {
            Ok(new_tree) if new_tree == tree.id() => {
                Outcome::Rejected(Rejection::whole("no changes: the patch is already applied"))
            }
            Ok(new_tree) => match signature(m) {
                Ok(sig) => {
                    let new_tree = repo.find_tree(new_tree)?;
                    let id =
                        repo.commit(None, &sig, &sig, &m.commit_message, &new_tree, &[&parent])?;
                    collector.keep_commit(&repo, id, Some(tree.id()))?;
                    parent = repo.find_commit(id)?;
                    Outcome::Applied(id)
                }
                Err(r) => Outcome::Rejected(r),
            },
            Err(r) => Outcome::Rejected(r),
        };
        outcomes.push(outcome);
    }
    Ok(Applied {
        base,
        outcomes,
        overlay: collector.finish(),
    })
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
    let text = for_libgit2(text);
    let mut diff = Diff::from_buffer(&text).map_err(unreadable)?;
    // libgit2 would also take a hunk where git refuses it (at the stated line but not at the
    // end of the file, say), so git's placement decides, and libgit2 is told it.
    let placed = place(repo, tree, &diff)?;
    let moved = placed.iter().any(|h| h.at != h.stated.saturating_sub(1));
    if moved {
        let text = rewrite(&text, &placed)
            .ok_or_else(|| Rejection::whole("the hunk headers of the patch cannot be read"))?;
        diff = Diff::from_buffer(&text).map_err(unreadable)?;
    }
    to_tree(repo, tree, &diff, None).map_err(|e| diagnose(repo, tree, &diff, &e))
}

/// The patch as libgit2 can read it. git's header of a file without hunks (an empty new file)
/// ends with its `index` line; libgit2 only takes that when a `-- ` line follows (the mail
/// signature `git format-patch` writes), so one is put before every further file and at the
/// end. Lines of hunks are left alone: a removed `- ` line reads `-- ` too.
fn for_libgit2(text: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() + 64);
    let (mut old_left, mut new_left) = (0u32, 0u32);
    let mut files = 0;
    for line in text.split_inclusive(|&c| c == b'\n') {
        if old_left > 0 || new_left > 0 {
            match line.first() {
                Some(b'-') => old_left -= old_left.min(1),
                Some(b'+') => new_left -= new_left.min(1),
                Some(b'\\') => {}
                _ => {
                    old_left -= old_left.min(1);
                    new_left -= new_left.min(1);
                }
            }
        } else if let Some(header) = line.strip_prefix(b"@@ -") {
            (old_left, new_left) = hunk_counts(header);
        } else if line.starts_with(b"diff --git ") {
            if files > 0 {
                out.extend_from_slice(b"-- \n");
            }
            files += 1;
        }
        out.extend_from_slice(line);
    }
    if old_left == 0 && new_left == 0 {
        if !out.ends_with(b"\n") {
            out.push(b'\n');
        }
        out.extend_from_slice(b"-- \n");
    }
    out
}

/// The line counts of a hunk header after its `@@ -`: `a,b +c,d @@` (a missing count is 1).
fn hunk_counts(header: &[u8]) -> (u32, u32) {
    let text = String::from_utf8_lossy(header);
    let mut parts = text.split_whitespace();
    let count = |p: Option<&str>| -> u32 {
        match p.map(|p| p.split_once(',')) {
            Some(Some((_, n))) => n.parse().unwrap_or(0),
            Some(None) => 1,
            None => 0,
        }
    };
    let old = count(parts.next());
    (old, count(parts.next()))
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

/// Where one hunk goes: `at` (0-based line of the file as the earlier hunks left it), and the
/// new-side start its header states.
#[derive(Debug, Clone, Copy)]
struct Placed {
    at: usize,
    stated: usize,
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
/// content through the patch; a hunk that finds no place is the rejection.
fn place(repo: &Repository, tree: &Tree<'_>, diff: &Diff<'_>) -> Result<Vec<Placed>, Rejection> {
    let fail = |e: git2::Error| Rejection::whole(e.message().to_string());
    let mut images: HashMap<Vec<u8>, Vec<Vec<u8>>> = HashMap::new();
    let mut placed = Vec::new();
    for i in 0..diff.deltas().len() {
        let delta = diff.get_delta(i).expect("delta index in range");
        let Some(gp) = git2::Patch::from_diff(diff, i).map_err(fail)? else {
            continue;
        };
        if delta.flags().is_binary() || gp.num_hunks() == 0 {
            continue;
        }
        let old = delta.old_file().path_bytes().unwrap_or_default().to_vec();
        let new = delta.new_file().path_bytes().unwrap_or_default().to_vec();
        let display = String::from_utf8_lossy(&old).into_owned();
        let mut image = match images.get(&old) {
            Some(image) => image.clone(),
            None if delta.status() == git2::Delta::Added => Vec::new(),
            None => match blob_at(repo, tree, &old) {
                Some(content) => content
                    .split_inclusive(|&c| c == b'\n')
                    .map(<[u8]>::to_vec)
                    .collect(),
                None => {
                    return Err(Rejection {
                        path: Some(display),
                        hunk: None,
                        line: None,
                        reason: "no such file in the tree the patch applies to".into(),
                    })
                }
            },
        };
        for h in 0..gp.num_hunks() {
            let lines = hunk_lines(&gp, h).map_err(fail)?;
            let stated = lines.new_start as usize;
            let Some(at) = find(&image, &lines) else {
                return Err(Rejection {
                    path: Some(display),
                    hunk: Some(h),
                    line: Some(lines.old_start),
                    reason: format!(
                        "hunk {} (line {}) does not match the file",
                        h + 1,
                        lines.old_start
                    ),
                });
            };
            image.splice(at..at + lines.before.len(), lines.after);
            placed.push(Placed { at, stated });
        }
        if delta.status() == git2::Delta::Renamed {
            images.remove(&old);
        }
        images.insert(new, image);
    }
    Ok(placed)
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

/// The patch text with each hunk header's new-side start pointing where [`place`] put it.
/// `None` when the headers in the text cannot be paired with the hunks libgit2 read.
fn rewrite(text: &[u8], placed: &[Placed]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() + placed.len() * 4);
    let mut hunks = placed.iter();
    for line in text.split_inclusive(|&c| c == b'\n') {
        if !line.starts_with(b"@@ -") {
            out.extend_from_slice(line);
            continue;
        }
        let h = hunks.next()?;
        let plus = line.windows(2).position(|w| w == b" +")? + 2;
        let digits = line[plus..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        if digits == 0 {
            return None;
        }
        out.extend_from_slice(&line[..plus]);
        out.extend_from_slice((h.at + 1).to_string().as_bytes());
        out.extend_from_slice(&line[plus + digits..]);
    }
    hunks.next().is_none().then_some(out)
}

/// The content of the blob at `path` in `tree`.
fn blob_at(repo: &Repository, tree: &Tree<'_>, path: &[u8]) -> Option<Vec<u8>> {
    let mut tree = tree.clone();
    let mut parts = path.split(|&c| c == b'/').peekable();
    while let Some(name) = parts.next() {
        let id = tree.get_name_bytes(name)?.id();
        if parts.peek().is_none() {
            return Some(repo.find_blob(id).ok()?.content().to_vec());
        }
        tree = repo.find_tree(id).ok()?;
    }
    None
}

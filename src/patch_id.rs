//! git's stable patch-id (`git show C | git patch-id --stable`), computed from a diff.
//!
//! libgit2 has a patch-id of its own, but it hashes binary files differently from git: git's
//! `patch-id` reads the abbreviated object names on the `index` line of a binary diff, and those
//! are as long as `git show` makes them (`core.abbrev=auto`: longer in bigger repositories, and
//! long enough to be unique). So the patch text is produced by libgit2 and fed through git's own
//! state machine (`builtin/patch-id.c`), with the `index` line written as git would write it.

use git2::{Oid, Repository};
use sha1_smol::Sha1;

/// Computes the stable patch-id of a diff, one file patch at a time, in diff order.
pub struct Hasher<'r> {
    repo: &'r Repository,
    state: State,
    abbrev: Option<usize>,
}

impl<'r> Hasher<'r> {
    pub fn new(repo: &'r Repository) -> Hasher<'r> {
        Hasher {
            repo,
            state: State::new(),
            abbrev: None,
        }
    }

    /// Feeds one file's patch text, as `git show` would print it.
    pub fn add(&mut self, patch: &mut git2::Patch<'_>) -> Result<(), git2::Error> {
        let text = patch.to_buf()?;
        // libgit2 prints `---`/`+++` lines for an empty file too; git prints none without hunks.
        let no_hunks = patch.num_hunks() == 0;
        for line in text.split_inclusive(|&c| c == b'\n') {
            if no_hunks && (line.starts_with(b"--- ") || line.starts_with(b"+++ ")) {
                continue;
            }
            if line.starts_with(b"index ") && self.state.before == -1 {
                let repo = self.repo;
                let len = *self.abbrev.get_or_insert_with(|| auto_abbrev(repo));
                let delta = patch.delta();
                let old = unique_abbrev(repo, delta.old_file().id(), len)?;
                let new = unique_abbrev(repo, delta.new_file().id(), len)?;
                self.state.line(format!("index {old}..{new}\n").as_bytes());
            } else {
                self.state.line(line);
            }
        }
        Ok(())
    }

    /// The patch-id, or `None` when git would print none (nothing to hash).
    pub fn finish(self) -> Option<Oid> {
        self.state.finish()
    }
}

/// The stable patch-id of a patch's text (`git patch-id --stable < text`), for a patch that is
/// not a commit: its `index` lines are hashed as written.
pub(crate) fn of_text(text: &[u8]) -> Option<Oid> {
    let mut state = State::new();
    for line in text.split_inclusive(|&c| c == b'\n') {
        state.line(line);
    }
    state.finish()
}

/// git's `core.abbrev=auto` length: from the number of packed objects, at least 7.
pub(crate) fn auto_abbrev(repo: &Repository) -> usize {
    let count = packed_object_count(repo);
    let bits = (u64::BITS - count.leading_zeros()) as usize; // msb(count) + 1
    bits.div_ceil(2).max(7)
}

/// Objects in the pack indexes of the repository and its alternates (git's "approximate
/// object count").
fn packed_object_count(repo: &Repository) -> u64 {
    let mut dirs = vec![repo.commondir().join("objects")];
    alternates(&dirs[0].clone(), &mut dirs, 0);
    dirs.iter()
        .map(|d| pack_object_count(&d.join("pack")))
        .sum()
}

/// The object directories `objects/info/alternates` names, recursively as git follows them.
fn alternates(objects: &std::path::Path, out: &mut Vec<std::path::PathBuf>, depth: usize) {
    let Ok(text) = std::fs::read_to_string(objects.join("info/alternates")) else {
        return;
    };
    if depth > 5 {
        return;
    }
    for line in text
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        let dir = objects.join(line);
        if dir.is_dir() && !out.contains(&dir) {
            out.push(dir.clone());
            alternates(&dir, out, depth + 1);
        }
    }
}

fn pack_object_count(pack_dir: &std::path::Path) -> u64 {
    let Ok(dir) = std::fs::read_dir(pack_dir) else {
        return 0;
    };
    dir.filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "idx"))
        .filter_map(|e| {
            use std::io::{Read, Seek, SeekFrom};
            let mut f = std::fs::File::open(e.path()).ok()?;
            let mut magic = [0u8; 4];
            f.read_exact(&mut magic).ok()?;
            // Version 2 indexes start with "\377tOc" and a version; version 1 has no header.
            let fanout_at = if magic == [0xff, b't', b'O', b'c'] {
                8
            } else {
                0
            };
            f.seek(SeekFrom::Start(fanout_at + 255 * 4)).ok()?;
            let mut n = [0u8; 4];
            f.read_exact(&mut n).ok()?;
            Some(u64::from(u32::from_be_bytes(n)))
        })
        .sum()
}

/// `oid` abbreviated to at least `len` hex digits, longer where that is ambiguous.
pub(crate) fn unique_abbrev(
    repo: &Repository,
    oid: Oid,
    len: usize,
) -> Result<String, git2::Error> {
    let hex = oid.to_string();
    if oid.is_zero() {
        return Ok(hex[..len].to_string());
    }
    let odb = repo.odb()?;
    for l in len..hex.len() {
        match odb.exists_prefix(Oid::from_str(&hex[..l])?, l) {
            Err(e) if e.code() == git2::ErrorCode::Ambiguous => continue,
            _ => return Ok(hex[..l].to_string()),
        }
    }
    Ok(hex)
}

/// The line-by-line state machine of `git patch-id --stable`.
struct State {
    ctx: Sha1,
    result: [u8; 20],
    patchlen: usize,
    before: i64,
    after: i64,
    binary: bool,
    pre: Vec<u8>,
    post: Vec<u8>,
    done: bool,
}

impl State {
    fn new() -> State {
        State {
            ctx: Sha1::new(),
            result: [0; 20],
            patchlen: 0,
            before: -1,
            after: -1,
            binary: false,
            pre: Vec::new(),
            post: Vec::new(),
            done: false,
        }
    }

    /// Adds the digest of what was hashed since the last flush to the result, so that the sum
    /// does not depend on the order of files.
    fn flush(&mut self) {
        let digest = std::mem::replace(&mut self.ctx, Sha1::new())
            .digest()
            .bytes();
        let mut carry: u16 = 0;
        for (r, d) in self.result.iter_mut().zip(digest) {
            carry += u16::from(*r) + u16::from(d);
            *r = carry as u8;
            carry >>= 8;
        }
    }

    fn line(&mut self, line: &[u8]) {
        // "\ No newline at end of file" is not part of the patch.
        if self.done || (line.starts_with(b"\\ ") && line.len() > 12) {
            return;
        }
        if self.patchlen == 0 && !line.starts_with(b"diff ") {
            return;
        }
        if self.before == -1 {
            if line.starts_with(b"GIT binary patch") || line.starts_with(b"Binary files") {
                self.binary = true;
                self.before = 0;
                self.ctx.update(&self.pre);
                self.ctx.update(&self.post);
                self.flush();
                return;
            } else if let Some(rest) = line.strip_prefix(b"index ") {
                if let Some(dots) = find(rest, b"..") {
                    let after_dots = &rest[dots + 2..];
                    let end = find(after_dots, b" ").unwrap_or(after_dots.len().saturating_sub(1));
                    self.pre = rest[..dots].to_vec();
                    self.post = after_dots[..end].to_vec();
                }
                return;
            } else if line.starts_with(b"--- ") {
                self.before = 1;
                self.after = 1;
            } else if !line.first().is_some_and(u8::is_ascii_alphabetic) {
                self.done = true;
                return;
            }
        }
        if self.binary {
            if line.starts_with(b"diff ") {
                self.binary = false;
                self.before = -1;
            }
            return;
        }
        if self.before == 0 && self.after == 0 {
            if line.starts_with(b"@@ -") {
                (self.before, self.after) = hunk_counts(line);
                return;
            }
            if !line.starts_with(b"diff ") {
                self.done = true;
                return;
            }
            self.flush();
            self.before = -1;
            self.after = -1;
        }
        match line.first() {
            Some(b'-') => self.before -= 1,
            Some(b'+') => self.after -= 1,
            Some(b' ') => {
                self.before -= 1;
                self.after -= 1;
            }
            _ => {}
        }
        let kept: Vec<u8> = line
            .iter()
            .copied()
            .filter(|c| !matches!(c, b' ' | b'\t' | b'\n' | b'\r'))
            .collect();
        self.patchlen += kept.len();
        self.ctx.update(&kept);
    }

    fn finish(mut self) -> Option<Oid> {
        self.flush();
        if self.patchlen == 0 {
            return None;
        }
        Oid::from_bytes(&self.result).ok()
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// The old and new line counts of a `@@ -a,b +c,d @@` header (a missing count is 1).
fn hunk_counts(line: &[u8]) -> (i64, i64) {
    let text = String::from_utf8_lossy(line);
    let count = |part: Option<&str>| -> i64 {
        match part.and_then(|p| p.split_once(',')) {
            Some((_, n)) => n.parse().unwrap_or(0),
            None => 1,
        }
    };
    let mut words = text.split_whitespace().skip(1);
    let old = words.next().and_then(|w| w.strip_prefix('-'));
    let new = words.next().and_then(|w| w.strip_prefix('+'));
    (count(old), count(new))
}

//! git's stable patch-id (`git show C | git patch-id --stable`), computed from a diff.
//!
//! `git patch-id` hashes the text of `git show`: the file headers (`diff --git`, modes,
//! `similarity index`, `rename from`/`to`, `---`/`+++`) as well as the changed lines, without
//! whitespace. So each file's header is written here exactly as git writes it (its quoting of
//! paths, its similarity score from [`crate::renames`]), the hunk lines come from libgit2, and
//! the whole goes through git's own state machine (`builtin/patch-id.c`). For binary files git
//! hashes the abbreviated object names of the `index` line, as long as `git show` makes them
//! (`core.abbrev=auto`: longer in bigger repositories, and long enough to be unique).
//! git's default diff settings apply (no `diff.noprefix`, `core.quotePath` on), so that a
//! patch-id is the same on every machine.

use git2::{Oid, Repository};
use sha1_smol::Sha1;

/// One file of a patch as git's header describes it.
pub struct FileHeader<'a> {
    /// The path before the change (the same as `new_path` unless renamed).
    pub old_path: &'a [u8],
    pub new_path: &'a [u8],
    /// Object and canonical mode before the change; `None` for an added file.
    pub old: Option<(Oid, u32)>,
    /// Object and canonical mode after the change; `None` for a deleted file.
    pub new: Option<(Oid, u32)>,
    /// git's similarity index in percent, for a rename.
    pub similarity: Option<u32>,
}

/// What follows a file's header.
pub enum Body<'p, 'r> {
    /// Nothing: the content did not change (a pure rename or mode change).
    None,
    /// "Binary files ... differ".
    Binary,
    /// The hunks of a text diff.
    Text(&'p git2::Patch<'r>),
}

/// Computes the stable patch-id of a diff, one file at a time, in diff order.
pub struct Hasher<'r> {
    repo: &'r Repository,
    state: State,
    abbrev: Option<usize>,
    line: Vec<u8>,
}

impl<'r> Hasher<'r> {
    pub fn new(repo: &'r Repository) -> Hasher<'r> {
        Hasher {
            repo,
            state: State::new(),
            abbrev: None,
            line: Vec::new(),
        }
    }

    /// Feeds one file, as `git show` would print it.
    pub fn add(&mut self, file: &FileHeader<'_>, body: Body<'_, '_>) -> Result<(), git2::Error> {
        let old_label = quote_two(b"a/", file.old_path);
        let new_label = quote_two(b"b/", file.new_path);
        self.emit(&[b"diff --git ", &old_label, b" ", &new_label]);
        match (file.old, file.new) {
            (None, Some((_, mode))) => self.emit(&[format!("new file mode {mode:06o}").as_bytes()]),
            (Some((_, mode)), None) => {
                self.emit(&[format!("deleted file mode {mode:06o}").as_bytes()])
            }
            (Some((_, a)), Some((_, b))) if a != b => {
                self.emit(&[format!("old mode {a:06o}").as_bytes()]);
                self.emit(&[format!("new mode {b:06o}").as_bytes()]);
            }
            _ => {}
        }
        if let Some(percent) = file.similarity {
            self.emit(&[format!("similarity index {percent}%").as_bytes()]);
            self.emit(&[b"rename from ", &quote(file.old_path)]);
            self.emit(&[b"rename to ", &quote(file.new_path)]);
        }
        let zero = Oid::zero();
        let (old_id, old_mode) = file.old.unwrap_or((zero, 0));
        let (new_id, new_mode) = file.new.unwrap_or((zero, 0));
        let binary = matches!(body, Body::Binary);
        if old_id != new_id {
            // Only a binary file's `index` line is hashed; the others may keep full names.
            let (a, b) = if binary {
                let len = self.abbrev_len();
                (
                    unique_abbrev(self.repo, old_id, len)?,
                    unique_abbrev(self.repo, new_id, len)?,
                )
            } else {
                (old_id.to_string(), new_id.to_string())
            };
            let mode = if old_mode == new_mode {
                format!(" {old_mode:06o}")
            } else {
                String::new()
            };
            self.emit(&[format!("index {a}..{b}{mode}").as_bytes()]);
        }
        let old_label: &[u8] = if file.old.is_some() {
            &old_label
        } else {
            b"/dev/null"
        };
        let new_label: &[u8] = if file.new.is_some() {
            &new_label
        } else {
            b"/dev/null"
        };
        match body {
            Body::Binary if old_id != new_id => {
                self.emit(&[b"Binary files ", old_label, b" and ", new_label, b" differ"])
            }
            Body::Text(patch) if patch.num_hunks() > 0 => {
                self.emit(&[b"--- ", old_label]);
                self.emit(&[b"+++ ", new_label]);
                self.hunks(patch)?;
            }
            _ => {}
        }
        Ok(())
    }

    fn hunks(&mut self, patch: &git2::Patch<'_>) -> Result<(), git2::Error> {
        for h in 0..patch.num_hunks() {
            let (hunk, n) = patch.hunk(h)?;
            let header = format!(
                "@@ -{},{} +{},{} @@",
                hunk.old_start(),
                hunk.old_lines(),
                hunk.new_start(),
                hunk.new_lines()
            );
            self.emit(&[header.as_bytes()]);
            for l in 0..n {
                let line = patch.line_in_hunk(h, l)?;
                // The end-of-file markers are git's "\ No newline at end of file", which
                // patch-id skips.
                if matches!(line.origin(), '+' | '-' | ' ') {
                    let content = line.content();
                    let content = content.strip_suffix(b"\n").unwrap_or(content);
                    self.emit(&[&[line.origin() as u8], content]);
                }
            }
        }
        Ok(())
    }

    /// Feeds one line made of `parts`, adding the newline.
    fn emit(&mut self, parts: &[&[u8]]) {
        self.line.clear();
        for p in parts {
            self.line.extend_from_slice(p);
        }
        self.line.push(b'\n');
        self.state.line(&self.line);
    }

    fn abbrev_len(&mut self) -> usize {
        let repo = self.repo;
        *self.abbrev.get_or_insert_with(|| auto_abbrev(repo))
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

/// A path as git writes it in a patch (`core.quotePath` on): in double quotes, with C escapes
/// and octal bytes, when it has a control character, a quote, a backslash or a non-ASCII byte.
fn quote(path: &[u8]) -> Vec<u8> {
    quote_two(b"", path)
}

/// `prefix` and `path` as one name, quoted as a whole when either needs it.
fn quote_two(prefix: &[u8], path: &[u8]) -> Vec<u8> {
    let needs = |c: u8| c < 0x20 || c == b'"' || c == b'\\' || c >= 0x7f;
    if !prefix.iter().chain(path).any(|&c| needs(c)) {
        return [prefix, path].concat();
    }
    let mut out = vec![b'"'];
    for &c in prefix.iter().chain(path) {
        let escape = match c {
            0x07 => Some(b'a'),
            0x08 => Some(b'b'),
            b'\t' => Some(b't'),
            b'\n' => Some(b'n'),
            0x0b => Some(b'v'),
            0x0c => Some(b'f'),
            b'\r' => Some(b'r'),
            b'"' => Some(b'"'),
            b'\\' => Some(b'\\'),
            _ => None,
        };
        match escape {
            Some(e) => out.extend_from_slice(&[b'\\', e]),
            None if needs(c) => out.extend_from_slice(format!("\\{c:03o}").as_bytes()),
            None => out.push(c),
        }
    }
    out.push(b'"');
    out
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
        // git reads each line as a C string: nothing after a NUL byte counts.
        let line = match line.iter().position(|&c| c == 0) {
            Some(nul) => &line[..nul],
            None => line,
        };
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_quoted_as_git_quotes_them() {
        assert_eq!(quote_two(b"a/", b"plain name.c"), b"a/plain name.c");
        assert_eq!(quote_two(b"a/", b"tab\there"), b"\"a/tab\\there\"");
        assert_eq!(quote_two(b"b/", b"q\"uote"), b"\"b/q\\\"uote\"");
        assert_eq!(quote(b"back\\slash"), b"\"back\\\\slash\"");
        assert_eq!(quote("café".as_bytes()), b"\"caf\\303\\251\"");
        assert_eq!(quote(b"\x01\x7f"), b"\"\\001\\177\"");
    }

    #[test]
    fn a_nul_byte_ends_a_line_for_git() {
        let mut with_nul = State::new();
        with_nul.line(b"diff --git a/x b/x\n");
        with_nul.line(b"--- a/x\n");
        with_nul.line(b"+++ b/x\n");
        with_nul.line(b"@@ -0,0 +1 @@\n");
        with_nul.line(b"+abc\0def\n");
        let mut cut = State::new();
        cut.line(b"diff --git a/x b/x\n");
        cut.line(b"--- a/x\n");
        cut.line(b"+++ b/x\n");
        cut.line(b"@@ -0,0 +1 @@\n");
        cut.line(b"+abc\n");
        assert_eq!(with_nul.finish(), cut.finish());
    }
}

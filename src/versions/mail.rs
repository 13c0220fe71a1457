//! Mailed patches in `range-diff`'s form, read from the mail itself (applied or not): the
//! author and message `git am` would commit, then each file of the patch text as `range-diff`
//! rewrites `git log -p` (` ## path ##`, `@@ path: heading`, line numbers left out). So two
//! versions of a series on a list pair as `git range-diff` pairs the commits `git am` makes of
//! them.

use super::compare::{Origin, Version};
use super::text::{oneline, FileHeader, FileKind, PatchText, TextBuilder};
use crate::mail::patch::{git_header_names, path_of, unquote};
use crate::mail::Message;

/// The version made of `patches` (in series order), named `v<version>`.
pub fn version<'a>(
    version: u32,
    patches: impl IntoIterator<Item = (&'a Message, Origin)>,
) -> Version {
    let name = format!("v{version}");
    let (patches, origins) = patches
        .into_iter()
        .map(|(m, origin)| (patch_text(m, name.clone()), origin))
        .unzip();
    Version {
        name,
        mail: true,
        patches,
        origins,
    }
}

/// One mailed patch in `range-diff`'s form, labelled `label`.
pub fn patch_text(message: &Message, label: String) -> PatchText {
    let author = format!("{} <{}>", message.author.name, message.author.email);
    let msg = message.commit_message.as_bytes();
    let mut text = TextBuilder::new(author.as_bytes(), msg);
    let lines: Vec<&[u8]> = message.patch.split_inclusive(|&c| c == b'\n').collect();
    let mut i = 0;
    while i < lines.len() {
        let plain = lines[i].starts_with(b"--- ")
            && lines.get(i + 1).is_some_and(|l| l.starts_with(b"+++ "));
        i = if lines[i].starts_with(b"diff --git ") || plain {
            file(&mut text, &lines, i)
        } else {
            i + 1
        };
    }
    text.finish(label, oneline(msg))
}

fn trim_newline(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// What a file section's headers say.
#[derive(Default)]
struct Section {
    header: (Vec<u8>, Vec<u8>),
    old: Option<Vec<u8>>,
    new: Option<Vec<u8>>,
    from: Option<Vec<u8>>,
    to: Option<Vec<u8>>,
    rename: bool,
    added: bool,
    deleted: bool,
    old_mode: u32,
    new_mode: u32,
    binary: bool,
}

fn mode(v: &[u8]) -> u32 {
    let digits: &[u8] = v.split(|&c| c == b' ').next().unwrap_or_default();
    std::str::from_utf8(digits)
        .ok()
        .and_then(|d| u32::from_str_radix(d.trim(), 8).ok())
        .unwrap_or(0)
}

impl Section {
    /// Reads one extended header line; `false` when the line is not one.
    fn header_line(&mut self, line: &[u8]) -> bool {
        let after = |p: &[u8]| line.strip_prefix(p);
        if let Some(v) = after(b"old mode ") {
            self.old_mode = mode(v);
        } else if let Some(v) = after(b"new mode ") {
            self.new_mode = mode(v);
        } else if let Some(v) = after(b"deleted file mode ") {
            (self.deleted, self.old_mode) = (true, mode(v));
        } else if let Some(v) = after(b"new file mode ") {
            (self.added, self.new_mode) = (true, mode(v));
        } else if let Some(v) = after(b"rename from ") {
            (self.rename, self.from) = (true, Some(unquote(v)));
        } else if let Some(v) = after(b"rename to ") {
            (self.rename, self.to) = (true, Some(unquote(v)));
        } else if let Some(v) = after(b"copy from ") {
            self.from = Some(unquote(v));
        } else if let Some(v) = after(b"copy to ") {
            self.to = Some(unquote(v));
        } else if let Some(v) = after(b"index ") {
            // `index a..b 100644`: the same mode on both sides.
            if let Some(sp) = v.iter().position(|&c| c == b' ') {
                let m = mode(&v[sp + 1..]);
                self.old_mode = if self.old_mode == 0 { m } else { self.old_mode };
                self.new_mode = if self.new_mode == 0 { m } else { self.new_mode };
            }
        } else {
            return after(b"similarity index ").is_some()
                || after(b"dissimilarity index ").is_some();
        }
        true
    }

    fn emit(&self, text: &mut TextBuilder) {
        let old = self
            .from
            .clone()
            .or(self.old.clone().filter(|o| !o.is_empty()));
        let old = old.unwrap_or_else(|| self.header.0.clone());
        let new = self
            .to
            .clone()
            .or(self.new.clone().filter(|n| !n.is_empty()));
        let new = new.unwrap_or_else(|| self.header.1.clone());
        let added = self.added || self.old.as_ref().is_some_and(Vec::is_empty);
        let deleted = self.deleted || self.new.as_ref().is_some_and(Vec::is_empty);
        let kind = if added {
            FileKind::Added
        } else if deleted {
            FileKind::Deleted
        } else if self.rename {
            FileKind::Renamed
        } else {
            FileKind::Modified
        };
        text.file(&FileHeader {
            kind,
            old_path: &old,
            new_path: &new,
            old_mode: if added { 0 } else { self.old_mode },
            new_mode: if deleted { 0 } else { self.new_mode },
        });
        if self.binary {
            let side = |p: &[u8], exists: bool| {
                if exists {
                    p.to_vec()
                } else {
                    b"/dev/null".to_vec()
                }
            };
            let line = [
                &b"Binary files "[..],
                &side(&old, !added),
                b" and ",
                &side(&new, !deleted),
                b" differ",
            ]
            .concat();
            text.other(&line);
        }
    }
}

/// One file's section starting at `lines[start]`; returns the index after it.
fn file(text: &mut TextBuilder, lines: &[&[u8]], start: usize) -> usize {
    let mut s = Section::default();
    let mut i = start;
    if let Some(rest) = lines[i].strip_prefix(b"diff --git ") {
        s.header = git_header_names(trim_newline(rest)).unwrap_or_default();
        i += 1;
    }
    while i < lines.len() {
        let line = trim_newline(lines[i]);
        if let Some(v) = line.strip_prefix(b"--- ") {
            s.old = path_of(v, b"a/");
        } else if let Some(v) = line.strip_prefix(b"+++ ") {
            s.new = path_of(v, b"b/");
            i += 1;
            break;
        } else if line.starts_with(b"GIT binary patch") || line.starts_with(b"Binary files ") {
            s.binary = true;
            i += 1;
            break;
        } else if line.starts_with(b"diff --git ") || !s.header_line(line) {
            break;
        }
        i += 1;
    }
    s.emit(text);
    if s.binary {
        while i < lines.len() && !lines[i].starts_with(b"diff --git ") {
            i += 1;
        }
        return i;
    }
    while let Some(header) = lines.get(i).filter(|l| l.starts_with(b"@@ -")) {
        let header = trim_newline(header);
        text.hunk(super::commits::after_closing_atat(header));
        i = hunk(text, lines, i + 1, counts(header));
    }
    i
}

/// The old and new line counts of a hunk header `@@ -a,b +c,d @@`.
fn counts(header: &[u8]) -> (u32, u32) {
    let text = String::from_utf8_lossy(header);
    let mut parts = text.split_whitespace().skip(1);
    let count = |p: Option<&str>| {
        p.map_or(0, |p| match p[1..].split_once(',') {
            Some((_, n)) => n.parse().unwrap_or(0),
            None => 1,
        })
    };
    (count(parts.next()), count(parts.next()))
}

/// The lines of a hunk from `lines[i]`, as many as its header counts; returns the index after.
fn hunk(text: &mut TextBuilder, lines: &[&[u8]], mut i: usize, (old, new): (u32, u32)) -> usize {
    let (mut old, mut new) = (old, new);
    while i < lines.len() && (old > 0 || new > 0) {
        let line = lines[i].strip_suffix(b"\n").unwrap_or(lines[i]);
        match line.first() {
            Some(b' ') | None => {
                text.line(b' ', line.get(1..).unwrap_or_default());
                old = old.saturating_sub(1);
                new = new.saturating_sub(1);
            }
            Some(b'-') => {
                text.line(b'-', &line[1..]);
                old = old.saturating_sub(1);
            }
            Some(b'+') => {
                text.line(b'+', &line[1..]);
                new = new.saturating_sub(1);
            }
            Some(b'\\') => text.other(line),
            _ => break,
        }
        i += 1;
    }
    if let Some(marker) = lines.get(i).filter(|l| l.starts_with(b"\\ ")) {
        text.other(trim_newline(marker));
        i += 1;
    }
    i
}

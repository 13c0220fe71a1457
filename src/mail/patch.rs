//! A patch read from its text, without applying it: files, hunks and lines as the unified diff
//! states them (what `git apply --numstat` counts), and `git patch-id --stable` of the text.
//!
//! Only what the text says is known: lines come from the hunks, line numbers from the hunk
//! headers, and a binary file has no lines at all.

use crate::areas::{place, Area};
use crate::diff::{FileChange, Hunk, LineKind, PatchDiff, Status};

/// Reads the files and hunks of `text` (a patch as `git mailinfo` extracts it: a diffstat, then
/// `diff --git` sections; plain `---`/`+++` diffs are read too) and computes its patch-id.
pub fn parse(text: &[u8], areas: &[Area]) -> PatchDiff {
    let mut files = Vec::new();
    let lines: Vec<&[u8]> = text.split_inclusive(|&c| c == b'\n').collect();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let starts_plain =
            line.starts_with(b"--- ") && lines.get(i + 1).is_some_and(|l| l.starts_with(b"+++ "));
        if line.starts_with(b"diff --git ") || starts_plain {
            let (file, next) = read_file(&lines, i);
            files.push(file);
            i = next;
        } else {
            i += 1;
        }
    }
    for f in &mut files {
        f.placement = match &f.old_path {
            Some(old) => place(areas, &[&f.path, old]),
            None => place(areas, &[&f.path]),
        };
    }
    PatchDiff {
        files: crate::diff::merge_typechanges(files),
        patch_id: crate::patch_id::of_text(text),
    }
}

/// Whether `text` holds a diff the way b4 decides it: a `diff --git` line, a binary patch, or a
/// `---` line directly followed by a `+++` line.
pub fn has_diff(text: &[u8]) -> bool {
    let mut prev_dashes = false;
    for line in text.split(|&c| c == b'\n') {
        if line.starts_with(b"diff --git ")
            || line.starts_with(b"GIT binary patch")
            || (prev_dashes && line.starts_with(b"+++"))
        {
            return true;
        }
        prev_dashes = line.starts_with(b"---");
    }
    false
}

/// One file's section starting at `lines[start]`; returns it and the index after it.
fn read_file(lines: &[&[u8]], start: usize) -> (FileChange, usize) {
    let mut names = Names::default();
    if let Some(rest) = lines[start].strip_prefix(b"diff --git ") {
        names.header = git_header_names(trim_newline(rest));
    }
    let mut i = if lines[start].starts_with(b"diff --git ") {
        start + 1
    } else {
        start
    };
    let mut binary = false;
    // Extended header lines, then `---`/`+++`.
    while i < lines.len() {
        let line = trim_newline(lines[i]);
        if let Some(v) = line.strip_prefix(b"--- ") {
            names.old = path_of(v, b"a/");
        } else if let Some(v) = line.strip_prefix(b"+++ ") {
            names.new = path_of(v, b"b/");
            i += 1;
            break;
        } else if line.starts_with(b"new file mode ") {
            names.added = true;
        } else if line.starts_with(b"deleted file mode ") {
            names.deleted = true;
        } else if let Some(v) = line.strip_prefix(b"rename from ") {
            names.from = Some((unquote(v), Status::Renamed));
        } else if let Some(v) = line.strip_prefix(b"copy from ") {
            names.from = Some((unquote(v), Status::Copied));
        } else if let Some(v) = line
            .strip_prefix(b"rename to ")
            .or_else(|| line.strip_prefix(b"copy to "))
        {
            names.to = Some(unquote(v));
        } else if line.starts_with(b"GIT binary patch") || line.starts_with(b"Binary files ") {
            binary = true;
            i += 1;
            break;
        } else if !is_extended_header(line) {
            break;
        }
        i += 1;
    }
    let mut hunks = Vec::new();
    if binary {
        while i < lines.len() && !lines[i].starts_with(b"diff --git ") {
            i += 1;
        }
    } else {
        while let Some(header) = lines.get(i).and_then(|l| l.strip_prefix(b"@@ -")) {
            let (hunk, next) = read_hunk(lines, i + 1, header);
            hunks.push(hunk);
            i = next;
        }
    }
    let mut file = names.into_change();
    file.binary = binary;
    file.hunks = hunks;
    (file, i)
}

fn is_extended_header(line: &[u8]) -> bool {
    [
        &b"old mode "[..],
        b"new mode ",
        b"similarity index ",
        b"dissimilarity index ",
        b"index ",
    ]
    .iter()
    .any(|p| line.starts_with(p))
}

/// The names a file section gives, from the most to the least reliable.
#[derive(Default)]
struct Names {
    header: Option<(Vec<u8>, Vec<u8>)>,
    old: Option<Vec<u8>>,
    new: Option<Vec<u8>>,
    from: Option<(Vec<u8>, Status)>,
    to: Option<Vec<u8>>,
    added: bool,
    deleted: bool,
}

impl Names {
    fn into_change(self) -> FileChange {
        let (header_old, header_new) = self.header.unwrap_or_default();
        let old = self.old.unwrap_or(header_old);
        let new = self.new.unwrap_or(header_new);
        let (status, path, old_path) = match (self.from, self.to) {
            (Some((from, status)), Some(to)) => (status, to, Some(from)),
            _ if self.added || (old.is_empty() && !new.is_empty()) => (Status::Added, new, None),
            _ if self.deleted || (new.is_empty() && !old.is_empty()) => {
                (Status::Deleted, old, None)
            }
            _ => (Status::Modified, new, None),
        };
        FileChange {
            path,
            old_path,
            status,
            similarity: None,
            binary: false,
            placement: crate::areas::Placement::default(),
            hunks: Vec::new(),
        }
    }
}

/// A `---`/`+++` path: `/dev/null` is none; the `a/` or `b/` prefix and anything after a tab
/// (git adds one after names holding spaces) are dropped.
pub(crate) fn path_of(value: &[u8], prefix: &[u8]) -> Option<Vec<u8>> {
    let value = if value.starts_with(b"\"") {
        unquote(value)
    } else {
        let end = value
            .iter()
            .position(|&c| c == b'\t')
            .unwrap_or(value.len());
        value[..end].to_vec()
    };
    if value == b"/dev/null" {
        return Some(Vec::new());
    }
    Some(
        value
            .strip_prefix(prefix)
            .map_or(value.clone(), <[u8]>::to_vec),
    )
}

/// The two names of a `diff --git a/X b/Y` line. Unquoted names may hold spaces, so (as
/// `git apply` does) the split is where both sides name the same file.
pub(crate) fn git_header_names(rest: &[u8]) -> Option<(Vec<u8>, Vec<u8>)> {
    let strip =
        |p: Vec<u8>, prefix: &[u8]| p.strip_prefix(prefix).map_or(p.clone(), <[u8]>::to_vec);
    if rest.starts_with(b"\"") {
        let (a, used) = unquote_prefix(rest);
        let b = rest[used..].strip_prefix(b" ")?;
        return Some((strip(a, b"a/"), strip(unquote(b), b"b/")));
    }
    if let Some(q) = rest.windows(2).position(|w| w == b" \"") {
        return Some((
            strip(rest[..q].to_vec(), b"a/"),
            strip(unquote(&rest[q + 1..]), b"b/"),
        ));
    }
    let spaces: Vec<usize> = (0..rest.len()).filter(|&i| rest[i] == b' ').collect();
    for &s in &spaces {
        let (a, b) = (
            strip(rest[..s].to_vec(), b"a/"),
            strip(rest[s + 1..].to_vec(), b"b/"),
        );
        if a == b {
            return Some((a, b));
        }
    }
    let s = *spaces.get(spaces.len() / 2)?;
    Some((
        strip(rest[..s].to_vec(), b"a/"),
        strip(rest[s + 1..].to_vec(), b"b/"),
    ))
}

pub(crate) fn unquote(value: &[u8]) -> Vec<u8> {
    if value.starts_with(b"\"") {
        unquote_prefix(value).0
    } else {
        value.to_vec()
    }
}

/// A C-quoted name (`"caf\303\251"`) at the start of `value`: the bytes and the length used.
fn unquote_prefix(value: &[u8]) -> (Vec<u8>, usize) {
    let mut out = Vec::new();
    let mut i = 1;
    while i < value.len() {
        let c = value[i];
        i += 1;
        match c {
            b'"' => return (out, i),
            b'\\' if i < value.len() => {
                let e = value[i];
                i += 1;
                let byte = match e {
                    b'a' => 7,
                    b'b' => 8,
                    b't' => b'\t',
                    b'n' => b'\n',
                    b'v' => 11,
                    b'f' => 12,
                    b'r' => b'\r',
                    b'0'..=b'7' => {
                        let mut n = u32::from(e - b'0');
                        for _ in 0..2 {
                            if let Some(d @ b'0'..=b'7') = value.get(i) {
                                n = n * 8 + u32::from(d - b'0');
                                i += 1;
                            }
                        }
                        n as u8
                    }
                    other => other,
                };
                out.push(byte);
            }
            _ => out.push(c),
        }
    }
    (out, i)
}

fn trim_newline(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// `a,b +c,d @@ heading` after the `@@ -` of a hunk header.
fn hunk_header(header: &[u8]) -> (u32, u32, u32, u32, String) {
    let text = String::from_utf8_lossy(trim_newline(header));
    let (ranges, heading) = match text.split_once(" @@") {
        Some((r, h)) => (r.to_string(), h.trim().to_string()),
        None => (text.to_string(), String::new()),
    };
    let mut parts = ranges.split_whitespace();
    let range = |p: Option<&str>| -> (u32, u32) {
        let p = p.unwrap_or("0");
        match p.split_once(',') {
            Some((s, n)) => (s.parse().unwrap_or(0), n.parse().unwrap_or(0)),
            None => (p.parse().unwrap_or(0), 1),
        }
    };
    let (old_start, old_lines) = range(parts.next());
    let (new_start, new_lines) = range(parts.next().map(|p| p.trim_start_matches('+')));
    (old_start, old_lines, new_start, new_lines, heading)
}

/// The lines of one hunk, as many as its header counts (an empty line is an empty context line,
/// as `git apply` reads it); `\ No newline at end of file` markers are skipped.
fn read_hunk(lines: &[&[u8]], mut i: usize, header: &[u8]) -> (Hunk, usize) {
    let (old_start, old_lines, new_start, new_lines, heading) = hunk_header(header);
    let (mut old_left, mut new_left) = (old_lines, new_lines);
    let (mut old_no, mut new_no) = (old_start, new_start);
    let mut out = Hunk::new((old_start, old_lines), (new_start, new_lines), heading);
    while i < lines.len() && (old_left > 0 || new_left > 0) {
        let line = lines[i];
        let content = line.strip_suffix(b"\n").unwrap_or(line);
        let (kind, text) = match content.first() {
            Some(b' ') => (LineKind::Context, &content[1..]),
            None => (LineKind::Context, content),
            Some(b'-') => (LineKind::Removed, &content[1..]),
            Some(b'+') => (LineKind::Added, &content[1..]),
            Some(b'\\') => {
                i += 1;
                continue;
            }
            _ => break,
        };
        let (old_lineno, new_lineno) = match kind {
            LineKind::Context => (Some(old_no), Some(new_no)),
            LineKind::Removed => (Some(old_no), None),
            LineKind::Added => (None, Some(new_no)),
        };
        if old_lineno.is_some() {
            old_no += 1;
            old_left = old_left.saturating_sub(1);
        }
        if new_lineno.is_some() {
            new_no += 1;
            new_left = new_left.saturating_sub(1);
        }
        out.push(kind, &String::from_utf8_lossy(text), old_lineno, new_lineno);
        i += 1;
    }
    if lines.get(i).is_some_and(|l| l.starts_with(b"\\ ")) {
        i += 1;
    }
    (out, i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_and_spaced_names() {
        assert_eq!(
            git_header_names(b"a/dir/with space b/dir/with space"),
            Some((b"dir/with space".to_vec(), b"dir/with space".to_vec()))
        );
        assert_eq!(unquote(b"\"caf\\303\\251\\t\""), "café\t".as_bytes());
    }

    #[test]
    fn hunk_counts_and_line_numbers() {
        let text = b"diff --git a/f b/f\nindex 1..2 100644\n--- a/f\n+++ b/f\n@@ -3,2 +3,2 @@ fn x()\n a\n-b\n+c\n\\ No newline at end of file\n-- \n2.47\n";
        let d = parse(text, &[]);
        let h = &d.files[0].hunks[0];
        assert_eq!(
            (h.added(), h.removed(), h.header.as_str()),
            (1, 1, "fn x()")
        );
        assert_eq!(h.line(2).new_lineno, Some(4));
        assert_eq!(d.files[0].status, Status::Modified);
    }
}

//! A patch as `range-diff` compares it: one text with its metadata, message and notes, then
//! its diff with headers rewritten so that line numbers and blob ids do not count.
//!
//! git builds it from `git log -p` output (`range-diff.c`, `read_patches`): the message as
//! `--pretty=medium` prints it (indented, tabs expanded, trailing blanks trimmed), a
//! ` ## path ##` line for each file, `@@ path: heading` for each hunk. [`TextBuilder`] builds
//! the same text from parts, whether they come from a commit or, later, from a mail.

use super::xdiff::is_space;

/// One patch in `range-diff`'s form, with what is shown for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatchText {
    /// A short name for the patch: an abbreviated commit id.
    pub label: String,
    /// The one-line subject git shows for it (`--format=oneline`).
    pub subject: Vec<u8>,
    /// Metadata, message and notes, then the diff.
    pub text: Vec<u8>,
    /// Where the diff starts in `text`; `None` for a patch without changes.
    pub diff_start: Option<usize>,
    /// Lines of the diff, as `range-diff` counts them to price a patch's creation.
    pub diff_lines: usize,
}

impl PatchText {
    /// Metadata, message and notes.
    pub fn header(&self) -> &[u8] {
        &self.text[..self.diff_start.unwrap_or(self.text.len())]
    }

    /// The diff; empty for a patch without changes.
    pub fn diff(&self) -> &[u8] {
        self.diff_start.map_or(&[], |s| &self.text[s..])
    }

    /// What exact matching and pairing costs compare: the diff, or the whole text of a patch
    /// without changes (as git does, having no diff to point at).
    pub fn comparable(&self) -> &[u8] {
        &self.text[self.diff_start.unwrap_or(0)..]
    }
}

/// How a file changed, for its ` ## ... ##` line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Added,
    Deleted,
    Renamed,
    /// Modified, copied, or only its mode changed.
    Modified,
}

/// A file of the diff.
#[derive(Debug, Clone, Copy)]
pub struct FileHeader<'a> {
    pub kind: FileKind,
    pub old_path: &'a [u8],
    pub new_path: &'a [u8],
    /// 0 when the file does not exist on that side.
    pub old_mode: u32,
    pub new_mode: u32,
}

/// Builds a [`PatchText`] part by part, in order: author, message, notes, files.
pub struct TextBuilder {
    text: Vec<u8>,
    diff_start: Option<usize>,
    diff_lines: usize,
    file: Vec<u8>,
}

impl TextBuilder {
    /// Starts with the metadata: `author` is `Name <email>` as `git log` shows it (after the
    /// mailmap).
    pub fn new(author: &[u8], message: &[u8]) -> TextBuilder {
        let mut text = b" ## Metadata ##\nAuthor: ".to_vec();
        text.extend_from_slice(author);
        text.extend_from_slice(b"\n\n ## Commit message ##\n");
        for line in medium_message(message) {
            push_indented(&mut text, &line);
        }
        TextBuilder {
            text,
            diff_start: None,
            diff_lines: 0,
            file: Vec::new(),
        }
    }

    /// Adds a note: `heading` is `Notes` for the default notes ref, else `Notes (name)`.
    pub fn note(&mut self, heading: &str, note: &[u8]) {
        self.text.extend_from_slice(b"\n\n ## ");
        self.text.extend_from_slice(heading.as_bytes());
        self.text.extend_from_slice(b" ##\n");
        let note = note.strip_suffix(b"\n").unwrap_or(note);
        let note = &note[..note.iter().position(|&c| c == 0).unwrap_or(note.len())];
        if note.is_empty() {
            return;
        }
        for line in note.split(|&c| c == b'\n') {
            push_indented(&mut self.text, line);
        }
    }

    /// Starts a file of the diff.
    pub fn file(&mut self, f: &FileHeader<'_>) {
        self.text.push(b'\n');
        self.diff_start.get_or_insert(self.text.len());
        self.text.extend_from_slice(b" ## ");
        match f.kind {
            FileKind::Added => {
                self.text.extend_from_slice(f.new_path);
                self.text.extend_from_slice(b" (new)");
            }
            FileKind::Deleted => {
                self.text.extend_from_slice(f.old_path);
                self.text.extend_from_slice(b" (deleted)");
            }
            FileKind::Renamed => {
                self.text.extend_from_slice(f.old_path);
                self.text.extend_from_slice(b" => ");
                self.text.extend_from_slice(f.new_path);
            }
            FileKind::Modified => self.text.extend_from_slice(f.new_path),
        }
        if f.old_mode != 0 && f.new_mode != 0 && f.old_mode != f.new_mode {
            let modes = format!(" (mode change {:06o} => {:06o})", f.old_mode, f.new_mode);
            self.text.extend_from_slice(modes.as_bytes());
        }
        self.text.extend_from_slice(b" ##\n");
        self.diff_lines += 1;
        self.file = match f.kind {
            FileKind::Deleted => f.old_path.to_vec(),
            _ => f.new_path.to_vec(),
        };
    }

    /// Starts a hunk; `after` is what follows the closing `@@` of its header (the section
    /// heading with its leading space, or nothing).
    pub fn hunk(&mut self, after: &[u8]) {
        self.text.extend_from_slice(b"@@");
        if !after.is_empty() {
            self.text.push(b' ');
            self.text.extend_from_slice(&self.file);
            self.text.push(b':');
            self.text.extend_from_slice(after);
        }
        self.text.push(b'\n');
        self.diff_lines += 1;
    }

    /// A line of a hunk: `origin` is `b' '`, `b'+'` or `b'-'`; `content` has no newline.
    pub fn line(&mut self, origin: u8, content: &[u8]) {
        self.text.push(origin);
        self.text.extend_from_slice(content);
        self.text.push(b'\n');
        self.diff_lines += 1;
    }

    /// Any other line of a file's diff (`Binary files ... differ`, `\ No newline at end of
    /// file`): kept as a context line, as `range-diff` keeps them.
    pub fn other(&mut self, line: &[u8]) {
        self.line(b' ', line);
    }

    pub fn finish(self, label: String, subject: Vec<u8>) -> PatchText {
        PatchText {
            label,
            subject,
            text: self.text,
            diff_start: self.diff_start,
            diff_lines: self.diff_lines,
        }
    }
}

/// `    line` with trailing whitespace trimmed: an empty line for a blank one.
fn push_indented(text: &mut Vec<u8>, line: &[u8]) {
    let line = rtrim(line);
    if !line.is_empty() {
        text.extend_from_slice(b"    ");
        text.extend_from_slice(line);
    }
    text.push(b'\n');
}

fn rtrim(s: &[u8]) -> &[u8] {
    let end = s.iter().rposition(|&c| !is_space(c)).map_or(0, |p| p + 1);
    &s[..end]
}

fn is_blank(s: &[u8]) -> bool {
    rtrim(s).is_empty()
}

/// The message's lines as `git log --pretty=medium` prints them, without the indent: leading
/// and trailing blank lines gone, trailing whitespace trimmed, tabs expanded to 8 columns.
pub fn medium_message(message: &[u8]) -> Vec<Vec<u8>> {
    let mut lines: Vec<Vec<u8>> = message
        .split(|&c| c == b'\n')
        .skip_while(|l| is_blank(l))
        .map(|l| expand_tabs(rtrim(l)))
        .collect();
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines
}

/// git's tab expansion in log messages: to the next multiple of 8 display columns, giving up
/// (keeping the rest as it is) at text that is not valid UTF-8 or has control characters.
fn expand_tabs(line: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(line.len());
    let mut rest = line;
    while let Some(tab) = rest.iter().position(|&c| c == b'\t') {
        let Some(width) = display_width(&rest[..tab]) else {
            break;
        };
        out.extend_from_slice(&rest[..tab]);
        out.resize(out.len() + 8 - width % 8, b' ');
        rest = &rest[tab + 1..];
    }
    out.extend_from_slice(rest);
    out
}

fn display_width(s: &[u8]) -> Option<usize> {
    use unicode_width::UnicodeWidthChar;
    let s = std::str::from_utf8(s).ok()?;
    s.chars().try_fold(0, |w, c| match c {
        '\0' => Some(w),
        c if (c as u32) < 0x20 || ('\u{7f}'..'\u{a0}').contains(&c) => None,
        c => Some(w + c.width().unwrap_or(0)),
    })
}

/// The subject as `git log --format=oneline` shows it: the first paragraph, its lines trimmed
/// at the end and joined by spaces.
pub fn oneline(message: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    for line in message
        .split(|&c| c == b'\n')
        .skip_while(|l| is_blank(l))
        .take_while(|l| !is_blank(l))
    {
        if !out.is_empty() {
            out.push(b' ');
        }
        out.extend_from_slice(rtrim(line));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_read_as_git_log_prints_them() {
        let lines =
            medium_message(b"\n  Subject\twith tab  \nsecond\n\nBody\ttab\tx\n\tin   \n\n \n");
        let want: Vec<&[u8]> = vec![
            b"  Subject       with tab",
            b"second",
            b"",
            b"Body    tab     x",
            b"        in",
        ];
        assert_eq!(lines, want);
        assert_eq!(expand_tabs("é\tx".as_bytes()), "é       x".as_bytes());
        assert_eq!(expand_tabs(b"\x01\tx"), b"\x01\tx");
        assert_eq!(oneline(b"\n\n  a  \nb\n \nc"), b"  a b");
    }
}

//! Where a message's trailer block is: the end of the message proper (before a `---` divider,
//! trailing comments and a scissors line) and the start of its last paragraph of trailers, by
//! git's rules (`trailer.c`, `commit.c`, `wt-status.c`).

use super::{Options, CUT_LINE, GIT_GENERATED_PREFIXES};

/// git's `isspace`: space, tab, newline and carriage return only.
pub(super) fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r')
}

pub(super) fn trim(s: &[u8]) -> &[u8] {
    let start = s.iter().position(|&c| !is_space(c)).unwrap_or(s.len());
    let end = s
        .iter()
        .rposition(|&c| !is_space(c))
        .map_or(start, |p| p + 1);
    &s[start..end]
}

/// Lines including their terminating newline (the last one may lack it).
pub(super) fn split_inclusive(s: &[u8]) -> impl Iterator<Item = &[u8]> {
    s.split_inclusive(|&c| c == b'\n')
}

/// Offset of the line after the one starting at `pos` (or the end of `s`).
fn next_line(s: &[u8], pos: usize) -> usize {
    match s[pos..].iter().position(|&c| c == b'\n') {
        Some(nl) => pos + nl + 1,
        None => s.len(),
    }
}

/// Start of the last line in `s[..len]`, where a final newline belongs to that line.
fn last_line(s: &[u8], len: usize) -> Option<usize> {
    match len {
        0 => None,
        1 => Some(0),
        _ => Some(
            s[..len - 1]
                .iter()
                .rposition(|&c| c == b'\n')
                .map_or(0, |p| p + 1),
        ),
    }
}

fn is_blank_line(line: &[u8]) -> bool {
    line.iter()
        .take_while(|&&c| c != b'\n')
        .all(|&c| is_space(c))
}

/// Position of the separator in a `Key: value` line, or `None` when the line is no trailer.
/// The key is made of ASCII alphanumerics and dashes, optionally followed by white space.
pub(super) fn find_separator(line: &[u8], separators: &[u8]) -> Option<usize> {
    let mut whitespace_found = false;
    for (i, &c) in line.iter().enumerate() {
        if separators.contains(&c) {
            return Some(i);
        }
        if !whitespace_found && (c.is_ascii_alphanumeric() || c == b'-') {
            continue;
        }
        if i != 0 && (c == b' ' || c == b'\t') {
            whitespace_found = true;
            continue;
        }
        break;
    }
    None
}

/// Where the message proper ends: before a `---` divider line, then before trailing blank and
/// comment lines (and a scissors line with everything below it).
pub(super) fn end_of_log_message(s: &[u8], comment: &[u8]) -> usize {
    let mut end = s.len();
    let mut pos = 0;
    while pos < s.len() {
        let line = &s[pos..];
        if line.starts_with(b"---") && line.get(3).is_some_and(|&c| is_space(c)) {
            end = pos;
            break;
        }
        pos = next_line(s, pos);
    }
    end - ignored_bytes(&s[..end], comment)
}

/// Offset of a scissors line (`# ------------------------ >8 ---...`), or the length.
fn scissors(s: &[u8], comment: &[u8]) -> usize {
    let mut pos = 0;
    while pos < s.len() {
        let line = &s[pos..];
        if line.starts_with(comment) && line[comment.len()..].starts_with(CUT_LINE) {
            return pos;
        }
        pos = next_line(s, pos);
    }
    s.len()
}

/// Bytes at the end of the message that git ignores: trailing comments, blank lines and an old
/// style `Conflicts:` block.
fn ignored_bytes(s: &[u8], comment: &[u8]) -> usize {
    let cutoff = scissors(s, comment);
    let mut boc = 0;
    let mut bol = 0;
    let mut in_conflicts = false;
    while bol < cutoff {
        let line = &s[bol..cutoff];
        if line.starts_with(comment) || s[bol] == b'\n' {
            if boc == 0 {
                boc = bol;
            }
        } else if s[bol..].starts_with(b"Conflicts:\n") {
            in_conflicts = true;
            if boc == 0 {
                boc = bol;
            }
        } else if in_conflicts && s[bol] == b'\t' {
            // a path in the conflicts block
        } else if boc != 0 {
            boc = 0;
            in_conflicts = false;
        }
        bol = next_line(s, bol);
    }
    if boc != 0 {
        s.len() - boc
    } else {
        s.len() - cutoff
    }
}

/// Start of the trailer block in `s[..len]`, or `len` when there is none.
pub(super) fn trailer_block_start(s: &[u8], len: usize, options: &Options) -> usize {
    let comment = &options.comment[..];
    // The first paragraph is the title and never holds trailers.
    let mut pos = 0;
    while pos < len {
        if s[pos..len].starts_with(comment) {
            pos = next_line(s, pos);
            continue;
        }
        if is_blank_line(&s[pos..]) {
            break;
        }
        pos = next_line(s, pos);
    }
    let end_of_title = pos;

    let mut only_spaces = true;
    let mut recognized_prefix = false;
    let mut trailer_lines = 0usize;
    let mut non_trailer_lines = 0usize;
    let mut possible_continuation_lines = 0usize;

    let mut cursor = last_line(s, len);
    while let Some(bol) = cursor.filter(|&l| l >= end_of_title) {
        cursor = last_line(s, bol);
        let line = &s[bol..];
        if s[bol..len].starts_with(comment) {
            non_trailer_lines += possible_continuation_lines;
            possible_continuation_lines = 0;
            continue;
        }
        if is_blank_line(line) {
            if only_spaces {
                continue;
            }
            non_trailer_lines += possible_continuation_lines;
            if (recognized_prefix && trailer_lines * 3 >= non_trailer_lines)
                || (trailer_lines > 0 && non_trailer_lines == 0)
            {
                return next_line(s, bol);
            }
            return len;
        }
        only_spaces = false;

        if GIT_GENERATED_PREFIXES.iter().any(|p| line.starts_with(p)) {
            trailer_lines += 1;
            possible_continuation_lines = 0;
            recognized_prefix = true;
            continue;
        }
        let sep = find_separator(line, &options.separators).filter(|&p| p >= 1);
        if let Some(sep) = sep.filter(|_| !is_space(line[0])) {
            trailer_lines += 1;
            possible_continuation_lines = 0;
            // A configured trailer counts as git-generated; here the key is compared with
            // everything before the separator, white space included.
            recognized_prefix |= options.configured.iter().any(|c| c.matches(line, sep));
        } else if is_space(line[0]) {
            possible_continuation_lines += 1;
        } else {
            non_trailer_lines += 1 + possible_continuation_lines;
            possible_continuation_lines = 0;
        }
    }
    len
}

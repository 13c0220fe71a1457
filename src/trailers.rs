//! Commit-message trailers, parsed exactly as `git interpret-trailers --parse` parses them.
//!
//! Reviewers and CI bots compare what this tool says with what git says, so the parser follows
//! git's `trailer.c` decision by decision rather than approximating it: the trailer block is the
//! last paragraph after the title, it must consist entirely of trailers, *or* contain a
//! git-generated trailer (`Signed-off-by: `, `(cherry picked from commit `) and be at least 25%
//! trailers; continuation lines are folded into the trailer before them; a `---` line ends the
//! message; `#` comment lines and a scissors line are ignored.
//!
//! It works on bytes, because messages need not be UTF-8, and with git's ASCII-only notion of
//! white space and alphanumerics. The configuration git would consult (`trailer.separators`,
//! `trailer.<key>.key`, `core.commentChar`) is assumed to be at its default.

/// One `key: value` pair of a trailer block, with continuation lines unfolded.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Trailer {
    /// The key as written (`Signed-off-by`, `Co-authored-by`); compare with [`Trailer::is`].
    pub key: String,
    /// The value with surrounding white space trimmed and continuation lines joined by a space.
    pub value: String,
}

impl Trailer {
    /// Whether this trailer's key is `key`, compared case-insensitively as git does.
    pub fn is(&self, key: &str) -> bool {
        self.key.eq_ignore_ascii_case(key)
    }
}

const SEPARATORS: &[u8] = b":";
const COMMENT: &[u8] = b"#";
const GIT_GENERATED_PREFIXES: [&[u8]; 2] = [b"Signed-off-by: ", b"(cherry picked from commit "];
const CUT_LINE: &[u8] = b" ------------------------ >8 ------------------------\n";

/// Parses the trailers of a commit message the way `git interpret-trailers --parse` does.
pub fn parse(message: &[u8]) -> Vec<Trailer> {
    // interpret-trailers completes an unterminated last line before parsing.
    let completed;
    let message = if message.last().is_some_and(|&c| c != b'\n') {
        completed = [message, b"\n"].concat();
        &completed[..]
    } else {
        message
    };
    let end = end_of_log_message(message);
    let start = trailer_block_start(message, end);
    let mut raw: Vec<Vec<u8>> = Vec::new();
    let mut last_is_trailer = false;
    for line in split_inclusive(&message[start..end]) {
        if last_is_trailer && is_space(line[0]) {
            raw.last_mut()
                .expect("a previous trailer")
                .extend_from_slice(line);
            continue;
        }
        last_is_trailer = matches!(find_separator(line), Some(p) if p >= 1);
        raw.push(line.to_vec());
    }
    raw.iter()
        .filter(|t| !t.starts_with(COMMENT))
        .filter_map(|t| {
            let sep = find_separator(t).filter(|&p| p >= 1)?;
            let key = trim(&t[..sep]);
            let value = unfold(trim(&t[sep + 1..]));
            Some(Trailer {
                key: String::from_utf8_lossy(key).into_owned(),
                value: String::from_utf8_lossy(&value).into_owned(),
            })
        })
        .collect()
}

/// git's `isspace`: space, tab, newline and carriage return only.
fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r')
}

fn trim(s: &[u8]) -> &[u8] {
    let start = s.iter().position(|&c| !is_space(c)).unwrap_or(s.len());
    let end = s
        .iter()
        .rposition(|&c| !is_space(c))
        .map_or(start, |p| p + 1);
    &s[start..end]
}

/// Lines including their terminating newline (the last one may lack it).
fn split_inclusive(s: &[u8]) -> impl Iterator<Item = &[u8]> {
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
fn find_separator(line: &[u8]) -> Option<usize> {
    let mut whitespace_found = false;
    for (i, &c) in line.iter().enumerate() {
        if SEPARATORS.contains(&c) {
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
fn end_of_log_message(s: &[u8]) -> usize {
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
    end - ignored_bytes(&s[..end])
}

/// Offset of a scissors line (`# ------------------------ >8 ---...`), or the length.
fn scissors(s: &[u8]) -> usize {
    let mut pos = 0;
    while pos < s.len() {
        let line = &s[pos..];
        if line.starts_with(COMMENT) && line[COMMENT.len()..].starts_with(CUT_LINE) {
            return pos;
        }
        pos = next_line(s, pos);
    }
    s.len()
}

/// Bytes at the end of the message that git ignores: trailing comments, blank lines and an old
/// style `Conflicts:` block.
fn ignored_bytes(s: &[u8]) -> usize {
    let cutoff = scissors(s);
    let mut boc = 0;
    let mut bol = 0;
    let mut in_conflicts = false;
    while bol < cutoff {
        let line = &s[bol..cutoff];
        if line.starts_with(COMMENT) || s[bol] == b'\n' {
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
fn trailer_block_start(s: &[u8], len: usize) -> usize {
    // The first paragraph is the title and never holds trailers.
    let mut pos = 0;
    while pos < len {
        if s[pos..len].starts_with(COMMENT) {
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
        if s[bol..len].starts_with(COMMENT) {
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
        if matches!(find_separator(line), Some(p) if p >= 1) && !is_space(line[0]) {
            trailer_lines += 1;
            possible_continuation_lines = 0;
        } else if is_space(line[0]) {
            possible_continuation_lines += 1;
        } else {
            non_trailer_lines += 1 + possible_continuation_lines;
            possible_continuation_lines = 0;
        }
    }
    len
}

/// Folds a multi-line value onto one line: each newline and the white space after it become a
/// single space.
fn unfold(value: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(value.len());
    let mut i = 0;
    while i < value.len() {
        let c = value[i];
        i += 1;
        if c == b'\n' {
            while i < value.len() && is_space(value[i]) {
                i += 1;
            }
            out.push(b' ');
        } else {
            out.push(c);
        }
    }
    trim(&out).to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(msg: &str) -> Vec<(String, String)> {
        parse(msg.as_bytes())
            .into_iter()
            .map(|t| (t.key, t.value))
            .collect()
    }

    fn kv(k: &str, v: &str) -> (String, String) {
        (k.to_string(), v.to_string())
    }

    #[test]
    fn last_paragraph_of_trailers() {
        let msg = "subject\n\nbody\n\nSigned-off-by: A <a@x>\nAcked-by: B <b@x>\n";
        assert_eq!(
            pairs(msg),
            vec![kv("Signed-off-by", "A <a@x>"), kv("Acked-by", "B <b@x>")]
        );
    }

    #[test]
    fn title_is_never_a_trailer() {
        assert!(pairs("Fixes: the thing\n").is_empty());
        assert!(pairs("Fixes: the thing\nSigned-off-by: A <a@x>\n").is_empty());
    }

    #[test]
    fn non_trailer_line_needs_git_generated_key_and_25_percent() {
        let mixed = "s\n\nHelped-by: A <a@x>\nthis line is prose\n";
        assert!(pairs(mixed).is_empty());
        let signed = "s\n\nHelped-by: A <a@x>\n[jc: fixed typo]\nSigned-off-by: J <j@x>\n";
        assert_eq!(
            pairs(signed),
            vec![kv("Helped-by", "A <a@x>"), kv("Signed-off-by", "J <j@x>")]
        );
        let too_much_prose =
            "s\n\nprose one\nprose two\nprose three\nprose four\nSigned-off-by: J <j@x>\n";
        assert!(pairs(too_much_prose).is_empty());
    }

    #[test]
    fn continuation_lines_are_unfolded() {
        let msg = "s\n\nReported-by: A very long\n  name <a@x>\nSigned-off-by: J <j@x>\n";
        assert_eq!(
            pairs(msg),
            vec![
                kv("Reported-by", "A very long name <a@x>"),
                kv("Signed-off-by", "J <j@x>")
            ]
        );
    }

    #[test]
    fn divider_and_comments_end_the_message() {
        let msg = "s\n\nSigned-off-by: J <j@x>\n---\n Notes: not a trailer\n";
        assert_eq!(pairs(msg), vec![kv("Signed-off-by", "J <j@x>")]);
        let commented = "s\n\nAcked-by: J <j@x>\n# Please enter the commit message\n\n";
        assert_eq!(pairs(commented), vec![kv("Acked-by", "J <j@x>")]);
    }

    #[test]
    fn cherry_pick_line_is_git_generated() {
        let msg = "s\n\nbody line\nmore body\n(cherry picked from commit 0123abc)\n";
        assert_eq!(pairs(msg), vec![]);
        let msg = "s\n\nnot trailer\n(cherry picked from commit 0123abc)\nAcked-by: A <a@x>\n";
        assert_eq!(pairs(msg), vec![kv("Acked-by", "A <a@x>")]);
    }

    #[test]
    fn key_with_space_before_colon() {
        let msg = "s\n\nAcked-by : A <a@x>\n";
        assert_eq!(pairs(msg), vec![kv("Acked-by", "A <a@x>")]);
    }

    #[test]
    fn non_utf8_message_does_not_panic() {
        let msg = b"s\n\nSigned-off-by: J\xe9r\xf4me <j@x>\n";
        assert_eq!(parse(msg)[0].value, "J\u{fffd}r\u{fffd}me <j@x>");
    }
}

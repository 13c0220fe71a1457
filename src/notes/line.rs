//! The line format. Every line of a note stands alone: a key, a version, the UTC time to the
//! millisecond, then the fields of its kind:
//!
//! ```text
//! Triage-Verdict: v1 2026-11-26T09:14:03.120Z accept patch-id=4f1c…e2 [from=<commit>] Jane Doe <jane@example.org> ["comment"]
//! ```
//!
//! Lines are untrusted: anyone who can push the notes ref can write them. A line of a kind and
//! version this build reads is parsed strictly, and one that does not parse is an error the
//! caller reports and skips; other text (foreign notes, future versions, kinds this build does
//! not know) is [`Line::Other`], kept in the note and ignored. Comments
//! (`Triage-Comment:`, see [`super::comment`]) are a second kind, read with the same
//! [`Fields`] reader for the time, the identity and the quoted text; a build that does not
//! know them keeps them as other text, so adding them needed no new version of either kind.
//! File marks (`Triage-File:`, see [`super::file_mark`]) are a third kind, added the same way.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use git2::Oid;

use super::comment::{parse_comment, Comment, COMMENT_KEY};
use super::file_mark::{parse_file_mark, FileMark, FILE_KEY};
use super::verdict::{clean_email, clean_name, is_clean_email, is_clean_name, State, Verdict};

/// The key that starts every verdict line.
pub const KEY: &str = "Triage-Verdict";
/// The version of the line format written by this build.
pub const VERSION: &str = "v1";
/// The longest line read or written, in bytes: room for a long review comment, not for a line
/// meant to exhaust the reader.
pub const MAX_LINE: usize = 64 * 1024;

/// Why a line of a kind this build reads was skipped.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LineError {
    #[error("longer than {MAX_LINE} bytes ({len})")]
    TooLong { len: usize },
    #[error("not valid UTF-8")]
    NotUtf8,
    #[error("bad {field} {value:?}")]
    Field { field: &'static str, value: String },
    #[error("time {0} is out of range (years 1970 to 9998)")]
    TimeOutOfRange(String),
}

/// What one line of a note says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    Verdict(Verdict),
    Comment(Comment),
    /// A reviewer's "I have reviewed this file" (or its taking back).
    File(FileMark),
    /// Text this build does not interpret: someone else's note, a future version, another kind.
    Other,
}

/// Parses one line of a note (without its newline).
pub fn parse_line(bytes: &[u8]) -> Result<Line, LineError> {
    let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
    let (body, kind) = if let Some(body) = ours(bytes, KEY) {
        (body, KEY)
    } else if let Some(body) = ours(bytes, COMMENT_KEY) {
        (body, COMMENT_KEY)
    } else if let Some(body) = ours(bytes, FILE_KEY) {
        (body, FILE_KEY)
    } else {
        return Ok(Line::Other);
    };
    if bytes.len() > MAX_LINE {
        return Err(LineError::TooLong { len: bytes.len() });
    }
    let body = std::str::from_utf8(body).map_err(|_| LineError::NotUtf8)?;
    match kind {
        KEY => parse_verdict(body).map(Line::Verdict),
        COMMENT_KEY => parse_comment(body).map(Line::Comment),
        _ => parse_file_mark(body).map(Line::File),
    }
}

/// The rest of the line after `KEY: v1 `, when it is a line of that kind and this version.
fn ours<'a>(bytes: &'a [u8], key: &str) -> Option<&'a [u8]> {
    let rest = bytes.strip_prefix(key.as_bytes())?.strip_prefix(b":")?;
    let start = rest.iter().position(|b| !b.is_ascii_whitespace())?;
    rest[start..]
        .strip_prefix(VERSION.as_bytes())?
        .strip_prefix(b" ")
}

fn parse_verdict(body: &str) -> Result<Verdict, LineError> {
    let mut f = Fields::new(body);
    let at = f.time()?;
    let word = f.word("state")?;
    let state = word.parse::<State>().map_err(|_| bad("state", word))?;
    let word = f.word("patch-id")?;
    let pid = word
        .strip_prefix("patch-id=")
        .ok_or_else(|| bad("patch-id", word))?;
    let patch_id = match pid {
        "-" => None,
        _ => Some(oid(pid).ok_or_else(|| bad("patch-id", pid))?),
    };
    let from = match f.optional("from=") {
        Some(c) => Some(oid(c).ok_or_else(|| bad("from", c))?),
        None => None,
    };
    let (reviewer, email) = f.identity()?;
    let comment = f.quoted()?;
    Ok(Verdict {
        state,
        reviewer,
        email,
        at,
        patch_id,
        comment,
        from,
    })
}

/// A full object name: exactly 40 hex digits (libgit2 alone would take a prefix and pad it).
pub(super) fn oid(hex: &str) -> Option<Oid> {
    (hex.len() == 40 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
        .then(|| Oid::from_str(hex).ok())
        .flatten()
}

pub(super) fn bad(field: &'static str, value: &str) -> LineError {
    let mut short: String = value.chars().take(40).collect();
    if short.len() < value.len() {
        short.push('…');
    }
    LineError::Field {
        field,
        value: crate::sanitize::escape(&short).into_owned(),
    }
}

/// The fields of a line after its version, read left to right.
pub(super) struct Fields<'a> {
    rest: &'a str,
}

impl<'a> Fields<'a> {
    pub(super) fn new(rest: &'a str) -> Fields<'a> {
        Fields { rest }
    }

    /// What is left to read.
    pub(super) fn rest(&self) -> &'a str {
        self.rest
    }

    /// The next space-separated word.
    pub(super) fn word(&mut self, field: &'static str) -> Result<&'a str, LineError> {
        let (word, rest) = self
            .rest
            .split_once(' ')
            .ok_or_else(|| bad(field, self.rest))?;
        self.rest = rest;
        Ok(word)
    }

    /// The value of an optional `prefix=value` word (the last word may end the line).
    pub(super) fn optional(&mut self, prefix: &str) -> Option<&'a str> {
        let after = self.rest.strip_prefix(prefix)?;
        let (value, rest) = after.split_once(' ').unwrap_or((after, ""));
        self.rest = rest;
        Some(value)
    }

    /// The time that starts every line.
    pub(super) fn time(&mut self) -> Result<SystemTime, LineError> {
        parse_time(self.word("time")?)
    }

    /// `Name <email>`: the name may be empty, the email may not, and neither may carry what
    /// [`Verdict::to_line`] would have cleaned away.
    pub(super) fn identity(&mut self) -> Result<(String, String), LineError> {
        let open = self
            .rest
            .find('<')
            .ok_or_else(|| bad("reviewer", self.rest))?;
        let close = open
            + self.rest[open..]
                .find('>')
                .ok_or_else(|| bad("reviewer", self.rest))?;
        let name = self.rest[..open].trim();
        let email = &self.rest[open + 1..close];
        // Only what a writer writes: no control, bidi or zero-width characters hiding in it.
        if email.is_empty() || !is_clean_email(email) || !is_clean_name(name) {
            return Err(bad("reviewer", &self.rest[..=close]));
        }
        self.rest = &self.rest[close + 1..];
        Ok((name.to_string(), email.to_string()))
    }

    /// A JSON string at the start of what is left, exactly: a quote, anything but an
    /// unescaped quote, a quote.
    pub(super) fn string(&mut self, field: &'static str) -> Result<String, LineError> {
        let b = self.rest.as_bytes();
        if b.first() != Some(&b'"') {
            return Err(bad(field, self.rest));
        }
        let mut i = 1;
        let end = loop {
            match b.get(i) {
                None => return Err(bad(field, self.rest)),
                Some(b'\\') => i += 2,
                Some(b'"') => break i + 1,
                Some(_) => i += 1,
            }
        };
        let s = serde_json::from_str::<String>(&self.rest[..end])
            .map_err(|_| bad(field, &self.rest[..end]))?;
        self.rest = &self.rest[end..];
        Ok(s)
    }

    /// One space, as between the words of a line.
    pub(super) fn space(&mut self, field: &'static str) -> Result<(), LineError> {
        self.rest = self
            .rest
            .strip_prefix(' ')
            .ok_or_else(|| bad(field, self.rest))?;
        Ok(())
    }

    /// The optional quoted text that ends a line.
    fn quoted(&mut self) -> Result<Option<String>, LineError> {
        let tail = self.rest.trim();
        self.rest = "";
        if tail.is_empty() {
            return Ok(None);
        }
        // Most comments have nothing escaped: take them as they are, as JSON would.
        if let Some(inner) = tail.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
            if inner.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\') {
                return Ok(Some(inner.to_string()));
            }
        }
        serde_json::from_str::<String>(tail)
            .map(Some)
            .map_err(|_| bad("comment", tail))
    }
}

impl Verdict {
    /// The note line, without its newline.
    pub fn to_line(&self) -> String {
        let mut line = format!(
            "{KEY}: {VERSION} {} {} patch-id={}",
            format_time(self.at),
            self.state.as_str(),
            self.patch_id
                .map_or_else(|| "-".to_string(), |o| o.to_string()),
        );
        if let Some(from) = self.from {
            line.push_str(&format!(" from={from}"));
        }
        line.push_str(&format!(
            " {} <{}>",
            clean_name(&self.reviewer),
            clean_email(&self.email)
        ));
        if let Some(c) = &self.comment {
            line.push(' ');
            line.push_str(&quote(c));
        }
        line
    }

    /// Parses one note line; `None` for anything that is not a well-formed `v1` verdict.
    /// [`parse_line`] says why.
    pub fn parse(line: &str) -> Option<Verdict> {
        match parse_line(line.as_bytes()) {
            Ok(Line::Verdict(v)) => Some(v),
            _ => None,
        }
    }
}

/// The first instant a line may not carry, 9999-01-01T00:00:00Z: the format has four digits
/// for the year, and a writer must always find a later millisecond to write at.
const END: Duration = Duration::from_secs(253_370_764_800);

/// Whether a line can carry `t`.
pub(super) fn in_range(t: SystemTime) -> bool {
    t >= UNIX_EPOCH && t < UNIX_EPOCH + END
}

/// `t` without its sub-millisecond part: what a line keeps of a time.
pub(super) fn to_millis(t: SystemTime) -> SystemTime {
    match t.duration_since(UNIX_EPOCH) {
        Ok(d) => UNIX_EPOCH + Duration::from_millis(d.as_millis().min(u64::MAX.into()) as u64),
        Err(_) => UNIX_EPOCH,
    }
}

/// `2026-11-26T09:14:03.120Z`. Never fails: a time outside what a line can carry (only a
/// broken clock gives one) is shown clamped to the nearest end.
pub fn format_time(t: SystemTime) -> String {
    let t = t.clamp(UNIX_EPOCH, UNIX_EPOCH + END - Duration::from_millis(1));
    humantime::format_rfc3339_millis(t).to_string()
}

/// Exactly the shape [`format_time`] writes, a real calendar date, years 1970 to 9998.
fn parse_time(s: &str) -> Result<SystemTime, LineError> {
    let b = s.as_bytes();
    let shape = b.len() == 24
        && b.iter().enumerate().all(|(i, &c)| match i {
            4 | 7 => c == b'-',
            10 => c == b'T',
            13 | 16 => c == b':',
            19 => c == b'.',
            23 => c == b'Z',
            _ => c.is_ascii_digit(),
        });
    if !shape {
        return Err(bad("time", s));
    }
    let t = humantime::parse_rfc3339(s).map_err(|_| bad("time", s))?;
    if in_range(t) {
        Ok(t)
    } else {
        Err(LineError::TimeOutOfRange(s.to_string()))
    }
}

/// A JSON string literal that also escapes what a terminal would interpret or hide, so the note
/// stays one honest line in `git log --notes`.
pub(super) fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control()
                || crate::sanitize::is_hidden(c)
                || matches!(c, '\u{2028}' | '\u{2029}') =>
            {
                // JSON spells a character beyond U+FFFF (a tag character) as a surrogate pair.
                for unit in c.encode_utf16(&mut [0; 2]) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests;

//! Comments anchored to a place in a patch: a line of its diff (path, side, line number), a
//! hunk, a file, a line of the commit message or the message as a whole. Each is one
//! self-contained line in the same note as the verdicts:
//!
//! ```text
//! Triage-Comment: v1 2026-11-26T09:14:03.120Z 5f1c2a9b7e3d line new:42 "hw/net/e1000.c" patch-id=f67a…5fc Jane Doe <jane@example.org> "Reset the ring first?" on=" ring_init();\n+    e1000_reset();"
//! ```
//!
//! Version, UTC time, the comment's id, its anchor, the patch-id of the patch it was given on,
//! the reviewer, and then either the text (a JSON string) with `on=`, the lines it was written
//! under as they read then (so a later version of the patch can tell whether the place still
//! reads the same), or the word `deleted`. An edit is a later line with the same id and
//! reviewer; a deletion is one that says `deleted`; a reviewer's latest line of an id wins, as
//! for verdicts. So edits and deletions are appended like everything else, and two reviewers'
//! notes still merge with `cat_sort_uniq`.

use std::cmp::Ordering;
use std::time::SystemTime;

use git2::Oid;
use serde::Serialize;

use super::line::{bad, format_time, oid, quote, Fields, LineError, VERSION};
use super::verdict::{clean_email, clean_name, Reviewer};

/// The key that starts every comment line.
pub const COMMENT_KEY: &str = "Triage-Comment";

/// The side of a diff a line number counts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// The file before the patch (removed lines).
    Old,
    /// The file after the patch (added and context lines).
    New,
}

impl Side {
    /// `old` or `new`, as lines and reports write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Old => "old",
            Side::New => "new",
        }
    }
}

/// Where a comment is.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Anchor {
    /// A line of the diff: `path` on `side`, 1-based `line` there.
    Line { path: String, side: Side, line: u32 },
    /// A hunk, named by the first line it covers on `side`.
    Hunk { path: String, side: Side, line: u32 },
    /// A file as a whole.
    File { path: String },
    /// The commit message: one of its lines (1-based, the subject is line 1), or all of it.
    Message { line: Option<u32> },
}

impl Anchor {
    /// `line`, `hunk`, `file` or `message`: the `kind` of reports.
    pub fn kind(&self) -> &'static str {
        match self {
            Anchor::Line { .. } => "line",
            Anchor::Hunk { .. } => "hunk",
            Anchor::File { .. } => "file",
            Anchor::Message { .. } => "message",
        }
    }

    /// The file it is on, if any.
    pub fn path(&self) -> Option<&str> {
        match self {
            Anchor::Line { path, .. } | Anchor::Hunk { path, .. } | Anchor::File { path } => {
                Some(path)
            }
            Anchor::Message { .. } => None,
        }
    }

    /// `hw/net/e1000.c:42`, `hw/net/e1000.c:-17` (old side), `hunk at hw/net/e1000.c:40`,
    /// `hw/net/e1000.c`, `message line 3`, `message`: for people, not for parsing.
    pub fn describe(&self) -> String {
        let at = |side: Side, line: u32| match side {
            Side::New => format!("{line}"),
            Side::Old => format!("-{line}"),
        };
        match self {
            Anchor::Line { path, side, line } => format!("{path}:{}", at(*side, *line)),
            Anchor::Hunk { path, side, line } => format!("hunk at {path}:{}", at(*side, *line)),
            Anchor::File { path } => path.clone(),
            Anchor::Message { line: Some(l) } => format!("message line {l}"),
            Anchor::Message { line: None } => "message".into(),
        }
    }
}

/// One comment line: a comment as written, edited, or deleted (`text` is `None`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    /// Twelve hex digits, unique among one reviewer's comments.
    pub id: String,
    pub at: SystemTime,
    pub reviewer: String,
    pub email: String,
    /// The patch-id of the patch it was given on (`None` for merges and empty commits).
    pub patch_id: Option<Oid>,
    pub anchor: Anchor,
    /// The text; `None` when this line deletes the comment.
    pub text: Option<String>,
    /// The lines the comment was written under, as they read then: up to three diff lines
    /// with their `+`/`-`/` ` signs ending with the anchored one, the first changed line of a
    /// hunk, or the message line. What tells a later version whether the place still reads
    /// the same.
    pub context: Option<String>,
}

/// The longest context line kept, in characters: enough to recognise a line, not a way to
/// make every comment line as long as the longest line of the file.
pub const CONTEXT_CHARS: usize = 200;

/// `line` shortened to what a comment keeps of its context.
pub fn context_line(line: &str) -> String {
    match line.char_indices().nth(CONTEXT_CHARS) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None => line.to_string(),
    }
}

impl Comment {
    /// A new comment by `reviewer`, with a fresh id, at `at`.
    pub fn new(
        reviewer: &Reviewer,
        at: SystemTime,
        patch_id: Option<Oid>,
        anchor: Anchor,
        context: Option<String>,
        text: String,
    ) -> Comment {
        let mut c = Comment {
            id: String::new(),
            at: super::line::to_millis(at),
            reviewer: reviewer.name.clone(),
            email: reviewer.email.clone(),
            patch_id,
            anchor,
            text: Some(text),
            context,
        };
        c.id = fresh_id(&c);
        c
    }

    /// Whether `email` wrote it (ASCII case aside, as for verdicts).
    pub fn same_reviewer(&self, email: &str) -> bool {
        self.email.eq_ignore_ascii_case(email)
    }

    /// Which of two lines of one comment supersedes the other: by time, then by the bytes of
    /// the line, so every clone picks the same one whatever the order of lines in its note.
    pub fn recency_cmp(&self, other: &Comment) -> Ordering {
        self.at
            .cmp(&other.at)
            .then_with(|| self.to_line().cmp(&other.to_line()))
    }

    /// The note line, without its newline.
    pub fn to_line(&self) -> String {
        let mut line = format!(
            "{COMMENT_KEY}: {VERSION} {} {} {}",
            format_time(self.at),
            self.id,
            anchor_words(&self.anchor)
        );
        line.push_str(&format!(
            " patch-id={} {} <{}> ",
            self.patch_id
                .map_or_else(|| "-".to_string(), |o| o.to_string()),
            clean_name(&self.reviewer),
            clean_email(&self.email)
        ));
        match &self.text {
            None => line.push_str("deleted"),
            Some(text) => {
                line.push_str(&quote(text));
                if let Some(c) = &self.context {
                    line.push_str(" on=");
                    line.push_str(&quote(c));
                }
            }
        }
        line
    }
}

/// A comment id from what makes this comment unique: who, when (to the nanosecond), where,
/// what, and which process.
fn fresh_id(c: &Comment) -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let mut h = sha1_smol::Sha1::new();
    h.update(
        format!(
            "{nanos} {} {} {} {:?} {}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed),
            c.email,
            c.anchor,
            c.text.as_deref().unwrap_or("")
        )
        .as_bytes(),
    );
    h.digest().to_string()[..12].to_string()
}

fn anchor_words(a: &Anchor) -> String {
    match a {
        Anchor::Line { path, side, line } => {
            format!("line {}:{line} {}", side.as_str(), quote(path))
        }
        Anchor::Hunk { path, side, line } => {
            format!("hunk {}:{line} {}", side.as_str(), quote(path))
        }
        Anchor::File { path } => format!("file {}", quote(path)),
        Anchor::Message { line: Some(l) } => format!("message line:{l}"),
        Anchor::Message { line: None } => "message".into(),
    }
}

/// Parses what follows `Triage-Comment: v1 `.
pub(super) fn parse_comment(body: &str) -> Result<Comment, LineError> {
    let mut f = Fields::new(body);
    let at = f.time()?;
    let id = f.word("id")?;
    if id.len() != 12 || !id.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
        return Err(bad("id", id));
    }
    let anchor = parse_anchor(&mut f)?;
    let word = f.word("patch-id")?;
    let pid = word
        .strip_prefix("patch-id=")
        .ok_or_else(|| bad("patch-id", word))?;
    let patch_id = match pid {
        "-" => None,
        _ => Some(oid(pid).ok_or_else(|| bad("patch-id", pid))?),
    };
    let (reviewer, email) = f.identity()?;
    let rest = f.rest().trim();
    let (text, context) = if rest == "deleted" {
        (None, None)
    } else {
        let mut tail = Fields::new(rest);
        let text = tail.string("comment")?;
        let rest = tail.rest().trim_start();
        let context = match rest.strip_prefix("on=") {
            Some(c) => {
                let mut c = Fields::new(c);
                let s = c.string("on")?;
                if !c.rest().trim().is_empty() {
                    return Err(bad("on", c.rest()));
                }
                Some(s)
            }
            None if rest.is_empty() => None,
            None => return Err(bad("comment", rest)),
        };
        (Some(text), context)
    };
    Ok(Comment {
        id: id.to_string(),
        at,
        reviewer,
        email,
        patch_id,
        anchor,
        text,
        context,
    })
}

fn parse_anchor(f: &mut Fields<'_>) -> Result<Anchor, LineError> {
    let kind = f.word("anchor")?;
    let position = |f: &mut Fields<'_>| -> Result<(Side, u32), LineError> {
        let word = f.word("position")?;
        let (side, n) = word.split_once(':').ok_or_else(|| bad("position", word))?;
        let side = match side {
            "new" => Side::New,
            "old" => Side::Old,
            _ => return Err(bad("position", word)),
        };
        Ok((side, number(n).ok_or_else(|| bad("position", word))?))
    };
    let path = |f: &mut Fields<'_>| -> Result<String, LineError> {
        let p = f.string("path")?;
        f.space("path")?;
        if p.is_empty() || p.contains('\0') {
            return Err(bad("path", &p));
        }
        Ok(p)
    };
    Ok(match kind {
        "line" | "hunk" => {
            let (side, line) = position(f)?;
            let path = path(f)?;
            if kind == "line" {
                Anchor::Line { path, side, line }
            } else {
                Anchor::Hunk { path, side, line }
            }
        }
        "file" => Anchor::File { path: path(f)? },
        "message" => match f.optional("line:") {
            Some(n) => Anchor::Message {
                line: Some(number(n).ok_or_else(|| bad("position", n))?),
            },
            None => Anchor::Message { line: None },
        },
        _ => return Err(bad("anchor", kind)),
    })
}

/// A line number as a line writes it: 1 or more, no sign, no leading zero.
fn number(s: &str) -> Option<u32> {
    (!s.starts_with('0') && !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
        .filter(|&n| n > 0)
}

#[cfg(test)]
mod tests;

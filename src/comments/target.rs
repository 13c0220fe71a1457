//! The places a reviewer names on the command line, and checking that the patch has them:
//! a comment on a line the diff does not show is refused with what it does show.

use crate::diff::{LineKind, PatchDiff};
use crate::notes::Side;

use super::Spot;

/// What `git triage comment REV [WHERE]` names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// The patch as a whole (nothing named, or `patch`): the comment of the verdict.
    Patch,
    /// `msg` (all of it) or `msg:N`.
    Message { line: Option<u32> },
    /// `PATH`, its bytes as git stores them.
    File { path: Vec<u8> },
    /// `PATH:LINE` (new side) or `PATH:-LINE` (old side).
    Line {
        path: Vec<u8>,
        side: Side,
        line: u32,
    },
}

/// Why a named place is not in the patch.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TargetError {
    #[error("{path} is not changed by this patch; it changes {}", list(.files))]
    NotInPatch { path: String, files: Vec<String> },
    #[error(
        "{path}:{}{line} is not a line of this patch's diff; it shows {shown} of {path}",
        if *.side == Side::Old { "-" } else { "" }
    )]
    NoSuchLine {
        path: String,
        side: Side,
        line: u32,
        /// What it shows on that side: `new lines 32-39, 50-58`, `new line 7`, `no old lines`.
        shown: String,
    },
    #[error("{path} has no lines in this diff (binary, or only its mode changed); comment on the file as a whole: `{path}`")]
    NoLines { path: String },
    #[error("the commit message has {lines} lines; there is no line {line}")]
    NoMessageLine { line: u32, lines: usize },
    #[error("a merge has no diff to comment on; comment on the message or the patch")]
    NoDiff,
}

fn list(files: &[String]) -> String {
    if files.is_empty() {
        "no file".into()
    } else {
        files.join(", ")
    }
}

/// Reads what was typed: `patch`, `msg`, `msg:N`, `PATH`, `PATH:LINE`, `PATH:-LINE`. The path
/// is bytes, as git stores it (it need not be UTF-8), or quoted as `git diff` prints an unusual
/// one (`"bad\375name.c":5`). A path that contains colons is still a path when what follows
/// its last colon is not a line number; a file called `msg` is `./msg`.
pub fn parse_target(s: impl AsRef<[u8]>) -> Target {
    let s = s.as_ref();
    match s {
        b"" | b"patch" => return Target::Patch,
        b"msg" | b"message" => return Target::Message { line: None },
        _ => {}
    }
    if let Some(n) = s
        .strip_prefix(b"msg:")
        .or_else(|| s.strip_prefix(b"message:"))
        .and_then(number)
    {
        return Target::Message { line: Some(n) };
    }
    if let Some(target) = quoted(s) {
        return target;
    }
    let path = |p: &[u8]| p.strip_prefix(b"./").unwrap_or(p).to_vec();
    if let Some(colon) = s.iter().rposition(|&b| b == b':') {
        let (p, n) = (&s[..colon], &s[colon + 1..]);
        if let (false, Some((side, line))) = (p.is_empty(), line_number(n)) {
            return Target::Line {
                path: path(p),
                side,
                line,
            };
        }
    }
    Target::File { path: path(s) }
}

/// `"PATH"`, `"PATH":LINE` or `"PATH":-LINE` with the path in git's C-style quotes; `None`
/// when `s` is not that (a file may be named `"x`).
fn quoted(s: &[u8]) -> Option<Target> {
    if !s.starts_with(b"\"") {
        return None;
    }
    let (path, used) = gix_quote::ansi_c::undo(s.into()).ok()?;
    let path = path.to_vec();
    match &s[used..] {
        b"" => Some(Target::File { path }),
        rest => {
            let (side, line) = line_number(rest.strip_prefix(b":")?)?;
            Some(Target::Line { path, side, line })
        }
    }
}

/// `N` (a new line) or `-N` (an old one).
fn line_number(s: &[u8]) -> Option<(Side, u32)> {
    match s.strip_prefix(b"-") {
        Some(d) => Some((Side::Old, number(d)?)),
        None => Some((Side::New, number(s)?)),
    }
}

/// Decimal digits only (no sign, no space).
fn number(s: &[u8]) -> Option<u32> {
    if s.is_empty() || !s.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(s).ok()?.parse().ok()
}

/// The lines of a file's diff on one side, in words: `new lines 32-39, 50`, `old line 7`,
/// `no new lines` (a file the patch deletes).
fn shown_lines(f: &crate::diff::FileChange, side: Side) -> String {
    let spans: Vec<(u32, u32)> = f
        .hunks
        .iter()
        .map(|h| match side {
            Side::New => (h.new_start, h.new_lines),
            Side::Old => (h.old_start, h.old_lines),
        })
        .filter(|&(_, len)| len > 0)
        .collect();
    let side = side.as_str();
    let ranges: Vec<String> = spans
        .iter()
        .map(|&(start, len)| match len {
            1 => start.to_string(),
            _ => format!("{start}-{}", start + len - 1),
        })
        .collect();
    match spans.iter().map(|&(_, len)| len).sum::<u32>() {
        0 => format!("no {side} lines"),
        1 => format!("{side} line {}", ranges.join(", ")),
        _ => format!("{side} lines {}", ranges.join(", ")),
    }
}

/// A path as errors name it: as it is when it is printable UTF-8, else quoted as `git diff`
/// quotes it, which `git triage comment` reads back.
fn show(path: &[u8]) -> String {
    match std::str::from_utf8(path) {
        Ok(s) if !s.chars().any(char::is_control) => s.to_string(),
        _ => gix_quote::ansi_c::quote(path.into()).to_string(),
    }
}

/// The spot `target` names in this patch; `hunk` asks for the hunk holding the named line.
/// [`Target::Patch`] has no spot: the caller comments the verdict.
pub fn resolve(
    target: &Target,
    hunk: bool,
    diff: &PatchDiff,
    message: &str,
) -> Result<Option<Spot>, TargetError> {
    let find_file = |path: &[u8], side: Side| {
        diff.files.iter().position(|f| match (side, &f.old_path) {
            (Side::Old, Some(old)) => old == path,
            _ => f.path == path,
        })
    };
    let not_in = |path: &[u8]| {
        if diff.files.is_empty() {
            return TargetError::NoDiff;
        }
        TargetError::NotInPatch {
            path: show(path),
            files: diff.files.iter().map(|f| show(&f.path)).collect(),
        }
    };
    match target {
        Target::Patch => Ok(None),
        Target::Message { line: None } => Ok(Some(Spot::Message { line: None })),
        Target::Message { line: Some(n) } => {
            let lines = message.lines().count();
            if *n == 0 || *n as usize > lines {
                return Err(TargetError::NoMessageLine { line: *n, lines });
            }
            Ok(Some(Spot::Message { line: Some(*n) }))
        }
        Target::File { path } => match find_file(path, Side::New) {
            Some(file) => Ok(Some(Spot::File { file })),
            None => Err(not_in(path)),
        },
        Target::Line { path, side, line } => {
            let file = find_file(path, *side).ok_or_else(|| not_in(path))?;
            let f = &diff.files[file];
            if f.hunks.is_empty() {
                return Err(TargetError::NoLines { path: show(path) });
            }
            for (h, hk) in f.hunks.iter().enumerate() {
                for (l, ln) in hk.lines().enumerate() {
                    let n = match side {
                        Side::New if ln.kind != LineKind::Removed => ln.new_lineno,
                        Side::Old if ln.kind != LineKind::Added => ln.old_lineno,
                        _ => None,
                    };
                    if n == Some(*line) {
                        return Ok(Some(if hunk {
                            Spot::Hunk { file, hunk: h }
                        } else {
                            Spot::Line {
                                file,
                                hunk: h,
                                line: l,
                            }
                        }));
                    }
                }
            }
            Err(TargetError::NoSuchLine {
                path: show(path),
                side: *side,
                line: *line,
                shown: shown_lines(f, *side),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_typed_names_a_place() {
        let line = |p: &str, side, line| Target::Line {
            path: p.into(),
            side,
            line,
        };
        assert_eq!(parse_target(""), Target::Patch);
        assert_eq!(parse_target("msg"), Target::Message { line: None });
        assert_eq!(parse_target("msg:3"), Target::Message { line: Some(3) });
        assert_eq!(
            parse_target("hw/net/e1000.c:42"),
            line("hw/net/e1000.c", Side::New, 42)
        );
        assert_eq!(parse_target("a.c:-7"), line("a.c", Side::Old, 7));
        assert_eq!(parse_target("a:b.c:7"), line("a:b.c", Side::New, 7));
        assert_eq!(
            parse_target("a:b.c"),
            Target::File {
                path: "a:b.c".into()
            }
        );
        assert_eq!(parse_target("./msg"), Target::File { path: "msg".into() });
        assert_eq!(
            parse_target("a.c:x"),
            Target::File {
                path: "a.c:x".into()
            }
        );
        // Quoted as git quotes a path, and not: the bytes.
        let odd = b"bad\xfdname.c".to_vec();
        assert_eq!(
            parse_target(r#""bad\375name.c":-5"#),
            Target::Line {
                path: odd.clone(),
                side: Side::Old,
                line: 5
            }
        );
        assert_eq!(
            parse_target(b"bad\xfdname.c:5"),
            line_bytes(&odd, Side::New, 5)
        );
        assert_eq!(
            parse_target(r#""a\"b""#),
            Target::File {
                path: b"a\"b".to_vec()
            }
        );
        // Not a quoted path: a file named so.
        assert_eq!(parse_target(r#""x:3"#), line_bytes(b"\"x", Side::New, 3));
        assert_eq!(show(b"bad\xfdname.c"), r#""bad\375name.c""#);
        assert_eq!(show("café.c".as_bytes()), "café.c");
        assert_eq!(show(b"a\x1b[2J.c"), r#""a\033[2J.c""#);
    }

    fn line_bytes(path: &[u8], side: Side, line: u32) -> Target {
        Target::Line {
            path: path.to_vec(),
            side,
            line,
        }
    }
}

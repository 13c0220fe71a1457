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
    /// `PATH`.
    File { path: String },
    /// `PATH:LINE` (new side) or `PATH:-LINE` (old side).
    Line { path: String, side: Side, line: u32 },
}

/// Why a named place is not in the patch.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TargetError {
    #[error("{path} is not changed by this patch; it changes {}", list(.files))]
    NotInPatch { path: String, files: Vec<String> },
    #[error(
        "{path}:{}{line} is not a line of this patch's diff; it shows {} lines {} of {path}",
        if *.side == Side::Old { "-" } else { "" }, .side.as_str(), .shown
    )]
    NoSuchLine {
        path: String,
        side: Side,
        line: u32,
        /// The ranges it shows on that side, `32-39, 50-58`.
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

/// Reads what was typed: `patch`, `msg`, `msg:N`, `PATH`, `PATH:LINE`, `PATH:-LINE`. A path
/// that contains colons is still a path when what follows its last colon is not a line
/// number; a file called `msg` is `./msg`.
pub fn parse_target(s: &str) -> Target {
    match s {
        "" | "patch" => return Target::Patch,
        "msg" | "message" => return Target::Message { line: None },
        _ => {}
    }
    if let Some(n) = s
        .strip_prefix("msg:")
        .or_else(|| s.strip_prefix("message:"))
        .and_then(|n| n.parse::<u32>().ok())
    {
        return Target::Message { line: Some(n) };
    }
    let path = |p: &str| p.strip_prefix("./").unwrap_or(p).to_string();
    if let Some((p, n)) = s.rsplit_once(':') {
        let (side, digits) = match n.strip_prefix('-') {
            Some(d) => (Side::Old, d),
            None => (Side::New, n),
        };
        if !p.is_empty() && !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
            if let Ok(line) = digits.parse::<u32>() {
                return Target::Line {
                    path: path(p),
                    side,
                    line,
                };
            }
        }
    }
    Target::File { path: path(s) }
}

/// The spot `target` names in this patch; `hunk` asks for the hunk holding the named line.
/// [`Target::Patch`] has no spot: the caller comments the verdict.
pub fn resolve(
    target: &Target,
    hunk: bool,
    diff: &PatchDiff,
    message: &str,
) -> Result<Option<Spot>, TargetError> {
    let find_file = |path: &str, side: Side| {
        diff.files.iter().position(|f| match (side, &f.old_path) {
            (Side::Old, Some(old)) => String::from_utf8_lossy(old) == path,
            _ => f.display_path() == path,
        })
    };
    let not_in = |path: &str| {
        if diff.files.is_empty() {
            return TargetError::NoDiff;
        }
        TargetError::NotInPatch {
            path: path.to_string(),
            files: diff.files.iter().map(|f| f.display_path()).collect(),
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
                return Err(TargetError::NoLines { path: path.clone() });
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
            let shown: Vec<String> = f
                .hunks
                .iter()
                .map(|h| {
                    let (start, len) = match side {
                        Side::New => (h.new_start, h.new_lines),
                        Side::Old => (h.old_start, h.old_lines),
                    };
                    match len {
                        0 => "none".to_string(),
                        1 => start.to_string(),
                        _ => format!("{start}-{}", start + len - 1),
                    }
                })
                .collect();
            Err(TargetError::NoSuchLine {
                path: path.clone(),
                side: *side,
                line: *line,
                shown: shown.join(", "),
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
    }
}

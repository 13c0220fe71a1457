//! "I have reviewed this file": a reviewer's mark on one file of a patch, a third kind of line
//! in the same notes as verdicts and comments:
//!
//! ```text
//! Triage-File: v1 2026-11-26T09:14:03.120Z reviewed file-id=9c1e…4b patch-id=f67a…5fc Jane Doe <jane@example.org> "hw/net/e1000.c"
//! ```
//!
//! Version, UTC time, `reviewed` or `unreviewed` (which takes a mark back), the file's id (see
//! [`file_id`]), the patch-id of the patch it was given on, the reviewer, and the path as a
//! JSON string. A reviewer's latest line for a file id wins, by time as for verdicts, so marks
//! are appended like everything else and `cat_sort_uniq` merges two reviewers' notes.
//!
//! The mark is about the file's change, not the commit: the file id is a hash of the path and
//! the diff's lines, so a mark given on one version of a series holds on the next for every
//! file whose diff did not change (a rebase that moved only other files), and not for one
//! whose diff did.

use std::cmp::Ordering;
use std::time::SystemTime;

use git2::Oid;

use super::line::{bad, format_time, oid, quote, Fields, LineError, VERSION};
use super::verdict::{clean_email, clean_name};
use crate::diff::{FileChange, LineKind};

/// The key that starts every file mark line.
pub const FILE_KEY: &str = "Triage-File";

/// One file mark line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileMark {
    pub at: SystemTime,
    /// `false` takes an earlier mark back.
    pub reviewed: bool,
    /// [`file_id`] of the file marked.
    pub file_id: Oid,
    /// The patch-id of the patch it was given on.
    pub patch_id: Option<Oid>,
    pub reviewer: String,
    pub email: String,
    /// The file's path, for people reading the note.
    pub path: String,
}

impl FileMark {
    /// Whether `email` wrote it (ASCII case aside, as for verdicts).
    pub fn same_reviewer(&self, email: &str) -> bool {
        self.email.eq_ignore_ascii_case(email)
    }

    /// Which of two marks supersedes the other: by time, then by the bytes of the line.
    pub fn recency_cmp(&self, other: &FileMark) -> Ordering {
        self.at
            .cmp(&other.at)
            .then_with(|| self.to_line().cmp(&other.to_line()))
    }

    /// The note line, without its newline.
    pub fn to_line(&self) -> String {
        format!(
            "{FILE_KEY}: {VERSION} {} {} file-id={} patch-id={} {} <{}> {}",
            format_time(self.at),
            if self.reviewed {
                "reviewed"
            } else {
                "unreviewed"
            },
            self.file_id,
            self.patch_id
                .map_or_else(|| "-".to_string(), |o| o.to_string()),
            clean_name(&self.reviewer),
            clean_email(&self.email),
            quote(&self.path)
        )
    }
}

/// The id of a file's change: its paths, status and every line of its hunks with its sign
/// (not the line numbers, which a rebase moves). A file without hunks (binary, a mode change)
/// also hashes the patch-id, so its mark holds only on the same patch.
pub fn file_id(file: &FileChange, patch_id: Option<Oid>) -> Oid {
    let mut h = sha1_smol::Sha1::new();
    h.update(b"triage-file\0");
    h.update(&file.path);
    h.update(b"\0");
    if let Some(old) = &file.old_path {
        h.update(old);
    }
    h.update(&[b'\0', file.status.letter() as u8, b'\n']);
    if file.hunks.is_empty() {
        h.update(
            patch_id
                .map_or_else(String::new, |p| p.to_string())
                .as_bytes(),
        );
    }
    for hunk in &file.hunks {
        h.update(b"@@\n");
        for line in hunk.lines() {
            h.update(match line.kind {
                LineKind::Added => b"+",
                LineKind::Removed => b"-",
                LineKind::Context => b" ",
            });
            h.update(line.content.as_bytes());
            h.update(b"\n");
        }
    }
    Oid::from_bytes(&h.digest().bytes()).expect("a SHA-1 is an object id")
}

/// Parses what follows `Triage-File: v1 `.
pub(super) fn parse_file_mark(body: &str) -> Result<FileMark, LineError> {
    let mut f = Fields::new(body);
    let at = f.time()?;
    let reviewed = match f.word("state")? {
        "reviewed" => true,
        "unreviewed" => false,
        other => return Err(bad("state", other)),
    };
    let word = f.word("file-id")?;
    let file_id = word
        .strip_prefix("file-id=")
        .and_then(oid)
        .ok_or_else(|| bad("file-id", word))?;
    let word = f.word("patch-id")?;
    let pid = word
        .strip_prefix("patch-id=")
        .ok_or_else(|| bad("patch-id", word))?;
    let patch_id = match pid {
        "-" => None,
        _ => Some(oid(pid).ok_or_else(|| bad("patch-id", pid))?),
    };
    let (reviewer, email) = f.identity()?;
    f.space("path")?;
    let path = f.string("path")?;
    if !f.rest().trim().is_empty() {
        return Err(bad("end of line", f.rest()));
    }
    Ok(FileMark {
        at,
        reviewed,
        file_id,
        patch_id,
        reviewer,
        email,
        path,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notes::line::{parse_line, Line};

    #[test]
    fn round_trip_and_refusals() {
        let line = "Triage-File: v1 2026-11-26T09:14:03.120Z reviewed \
                    file-id=9c1e0a5b2d3f4e5a6b7c8d9e0f1a2b3c4d5e6f7a \
                    patch-id=f67a155cb84952e386b0ce8d7a85ea64eddcdfc5 \
                    Jane Doe <jane@example.org> \"hw/net/e1000.c\"";
        let Ok(Line::File(m)) = parse_line(line.as_bytes()) else {
            panic!("{:?}", parse_line(line.as_bytes()))
        };
        assert!(m.reviewed && m.path == "hw/net/e1000.c" && m.email == "jane@example.org");
        assert_eq!(m.to_line(), line);
        for bad in [
            line.replace(" reviewed ", " seen "),
            line.replace("file-id=9c1e", "file-id=9c1"),
            line.replace(" \"hw/net/e1000.c\"", " hw/net/e1000.c"),
            line.replace("\"hw/net/e1000.c\"", "\"a\" trailing"),
            line.replace("Jane Doe", "Jane\u{202e}Doe"),
        ] {
            assert!(parse_line(bad.as_bytes()).is_err(), "{bad}");
        }
        let hostile = FileMark {
            path: "a\u{1b}[2J\nb".into(),
            ..m
        };
        let written = hostile.to_line();
        assert!(!written.contains('\u{1b}') && !written.contains('\n'));
        assert_eq!(parse_line(written.as_bytes()), Ok(Line::File(hostile)));
    }
}

//! A patch as text, the way `git format-patch` mails it: the message, a `---` line, then each
//! file's `diff --git`, `---`/`+++` lines, hunk headers and lines. Each line knows the spot a
//! comment written under it is about, so the same text serves the quoted reply and the
//! `$EDITOR` round trip, and a comment's place in the text follows from its spot.

use crate::diff::{PatchDiff, Status};

use super::{body_start, sign, subject_line, Place, Spot};

/// One line of the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocLine {
    pub text: String,
    /// What a comment right under this line is about.
    pub spot: Spot,
    pub part: Part,
}

/// What a line of the document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The subject paragraph.
    Subject,
    /// A line of the message after the subject.
    Body,
    /// The `---` between message and diff: comments under it are about the message as a whole.
    Separator,
    /// `diff --git`, `---`, `+++`, `Binary files ... differ` of file `0`.
    FileHeader(usize),
    /// `@@ -a,b +c,d @@`.
    HunkHeader,
    /// A line of a hunk.
    Diff,
}

/// The patch as lines.
#[derive(Debug, Clone, Default)]
pub struct Document {
    pub lines: Vec<DocLine>,
}

impl Document {
    /// The document of a patch with this message and diff.
    pub fn of(message: &str, diff: &PatchDiff) -> Document {
        let mut lines = Vec::new();
        let message_lines: Vec<&str> = message.lines().collect();
        let last = message_lines
            .iter()
            .rposition(|l| !l.trim().is_empty())
            .map_or(0, |i| i + 1);
        let (first, body) = (subject_line(message) as usize, body_start(message) as usize);
        for (i, text) in message_lines.iter().enumerate().take(last) {
            let n = i + 1;
            if n < first {
                continue;
            }
            lines.push(DocLine {
                text: text.to_string(),
                spot: Spot::Message {
                    line: Some(n as u32),
                },
                part: if n < body { Part::Subject } else { Part::Body },
            });
        }
        lines.push(DocLine {
            text: "---".into(),
            spot: Spot::Message { line: None },
            part: Part::Separator,
        });
        for (f, file) in diff.files.iter().enumerate() {
            let spot = Spot::File { file: f };
            let new = file.display_path();
            let old = file.display_old_path().unwrap_or_else(|| new.clone());
            let header = |text: String| DocLine {
                text,
                spot,
                part: Part::FileHeader(f),
            };
            lines.push(header(format!("diff --git a/{old} b/{new}")));
            let (minus, plus) = match file.status {
                Status::Added => ("/dev/null".to_string(), format!("b/{new}")),
                Status::Deleted => (format!("a/{old}"), "/dev/null".to_string()),
                _ => (format!("a/{old}"), format!("b/{new}")),
            };
            if file.binary {
                lines.push(header(format!("Binary files {minus} and {plus} differ")));
            } else if !file.hunks.is_empty() {
                lines.push(header(format!("--- {minus}")));
                lines.push(header(format!("+++ {plus}")));
            }
            for (h, hunk) in file.hunks.iter().enumerate() {
                let mut text = format!(
                    "@@ -{} +{} @@",
                    range(hunk.old_start, hunk.old_lines),
                    range(hunk.new_start, hunk.new_lines)
                );
                if !hunk.header.is_empty() {
                    text.push(' ');
                    text.push_str(&hunk.header);
                }
                lines.push(DocLine {
                    text,
                    spot: Spot::Hunk { file: f, hunk: h },
                    part: Part::HunkHeader,
                });
                for (l, line) in hunk.lines().enumerate() {
                    lines.push(DocLine {
                        text: format!("{}{}", sign(line.kind), line.content),
                        spot: Spot::Line {
                            file: f,
                            hunk: h,
                            line: l,
                        },
                        part: Part::Diff,
                    });
                }
            }
        }
        Document { lines }
    }

    /// The line a comment at `place` goes under: its spot's line (the last header line for a
    /// file); an outdated comment under its file's header, or under `---` when its file is
    /// gone too.
    pub fn position(&self, place: Place) -> usize {
        let spot = match place {
            Place::At(spot) => spot,
            Place::Outdated { file: Some(file) } => Spot::File { file },
            Place::Outdated { file: None } => Spot::Message { line: None },
        };
        self.lines
            .iter()
            .rposition(|l| l.spot == spot)
            .or_else(|| self.separator())
            .unwrap_or(0)
    }

    /// The `---` line.
    pub fn separator(&self) -> Option<usize> {
        self.lines.iter().position(|l| l.part == Part::Separator)
    }
}

/// `start,count` as a hunk header writes it (`count` left out when it is 1).
fn range(start: u32, count: u32) -> String {
    if count == 1 {
        start.to_string()
    } else {
        format!("{start},{count}")
    }
}

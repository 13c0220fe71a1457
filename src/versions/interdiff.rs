//! The diff between two versions of a patch (a "diff of diffs"), as `git range-diff` shows it
//! under each changed pair: Myers with the indent heuristic, three lines of context, and hunk
//! headings taken from the nearest ` ## section ##` or `@@ file: function` line above.

use super::text::PatchText;
use super::xdiff::{self, Interner, Origin, Scratch};

/// One line of an interdiff: its origin and its text, newline included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub origin: Origin,
    pub text: Vec<u8>,
}

/// One hunk of an interdiff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hunk {
    /// The section the hunk is in (`Commit message`, `src/main.c: int main(void)`), or empty.
    pub heading: Vec<u8>,
    pub lines: Vec<Line>,
}

/// What changed between two versions of a patch, part by part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Interdiff {
    /// Between the metadata, messages and notes.
    pub message: Vec<Hunk>,
    /// Between the diffs.
    pub code: Vec<Hunk>,
}

impl Interdiff {
    pub fn between(old: &PatchText, new: &PatchText) -> Interdiff {
        Interdiff {
            message: diff(old.header(), new.header()),
            code: diff(old.diff(), new.diff()),
        }
    }
}

/// The hunks turning text `a` into text `b`, as `range-diff` computes them.
pub fn diff(a: &[u8], b: &[u8]) -> Vec<Hunk> {
    let mut interner = Interner::default();
    let (la, lb) = (interner.lines(a), interner.lines(b));
    let changes = xdiff::changes(&la, &lb, true, &mut Scratch::default());
    let hunks = xdiff::hunks(&changes, la.lines.len(), lb.lines.len(), 3);
    let headings = xdiff::headings(&la, &hunks, &section_heading);
    hunks
        .iter()
        .zip(headings)
        .map(|(h, heading)| Hunk {
            heading,
            lines: xdiff::hunk_lines(&changes, h)
                .into_iter()
                .map(|(origin, i)| Line {
                    origin,
                    text: match origin {
                        Origin::Removed => la.lines[i].to_vec(),
                        _ => lb.lines[i].to_vec(),
                    },
                })
                .collect(),
        })
        .collect()
}

/// `range-diff`'s heading rule: the text of ` ## (.*) ##` section lines and of `.?@@ (.*)`
/// hunk lines, cut to 80 bytes and trimmed at the end.
pub fn section_heading(line: &[u8]) -> Option<Vec<u8>> {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let text = if line.len() >= 7 && line.starts_with(b" ## ") && line.ends_with(b" ##") {
        &line[4..line.len() - 3]
    } else if line.starts_with(b"@@ ") {
        &line[3..]
    } else if line.len() >= 4 && &line[1..4] == b"@@ " {
        &line[4..]
    } else {
        return None;
    };
    let mut len = text.len().min(80);
    while len > 0 && xdiff::is_space(text[len - 1]) {
        len -= 1;
    }
    Some(text[..len].to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_follow_range_diffs_patterns() {
        let h = |s: &str| section_heading(s.as_bytes()).map(|v| String::from_utf8(v).unwrap());
        assert_eq!(
            h(" ## Commit message ##\n").as_deref(),
            Some("Commit message")
        );
        assert_eq!(h(" ## a ## b ##").as_deref(), Some("a ## b"));
        assert_eq!(
            h("@@ src/x.c: int f(void)\n").as_deref(),
            Some("src/x.c: int f(void)")
        );
        assert_eq!(h(" @@ y").as_deref(), Some("y"));
        assert_eq!(h("@@@ y").as_deref(), Some("y"));
        assert_eq!(h("@@ ").as_deref(), Some(""));
        assert_eq!(h("@@\n"), None);
        assert_eq!(h(" ## ##"), None);
        assert_eq!(h("+int main()"), None);
    }
}

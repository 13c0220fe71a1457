//! Placing a comment on a version of its patch, and the anchor a new comment gets.
//!
//! A comment keeps the lines it was written under (its context). On the commit it was written
//! on, they read the same at its line. On another version with the same patch-id (a rebase, a
//! re-send), the change is the same but its lines may have moved: the comment goes to the
//! line on the same side of the same file that ends the same lines, the nearest one to where
//! it was when several do. The same holds on the patch that replaces it in the next version,
//! whose code changed: where the lines a comment was written under still read the same, it
//! stands there, wherever the change moved them. When no line does (whitespace changed, which
//! the patch-id does not see; the commented line itself was changed; or a file is gone), the
//! comment is outdated: shown apart with its old context, never on a line that merely has its
//! old number.

use crate::diff::{FileChange, Hunk, LineKind, PatchDiff};
use crate::notes::{context_line, Anchor, Comment, Side};

use super::{sign, Place, Spot};

/// How many diff lines, ending with the commented one, a line comment keeps as its context.
const CONTEXT_LINES: usize = 3;

/// The anchor and the context a comment at `spot` is stored with.
pub fn anchor_at(spot: Spot, diff: &PatchDiff, message: &str) -> (Anchor, Option<String>) {
    match spot {
        Spot::Line { file, hunk, line } => {
            let f = &diff.files[file];
            let h = &f.hunks[hunk];
            let l = h.line(line);
            let (side, n) = match (l.kind, l.new_lineno, l.old_lineno) {
                (LineKind::Removed, _, Some(o)) => (Side::Old, o),
                (_, Some(n), _) => (Side::New, n),
                (_, None, Some(o)) => (Side::Old, o),
                (_, None, None) => (Side::New, 0),
            };
            let anchor = Anchor::Line {
                path: side_path(f, side),
                side,
                line: n,
            };
            (anchor, Some(excerpt(h, line)))
        }
        Spot::Hunk { file, hunk } => {
            let f = &diff.files[file];
            let h = &f.hunks[hunk];
            // A hunk that only removes lines starts nowhere on the new side.
            let (side, n) = if h.new_lines == 0 {
                (Side::Old, h.old_start)
            } else {
                (Side::New, h.new_start)
            };
            let anchor = Anchor::Hunk {
                path: side_path(f, side),
                side,
                line: n,
            };
            (anchor, Some(hunk_mark(h)))
        }
        Spot::File { file } => (
            Anchor::File {
                path: diff.files[file].display_path(),
            },
            None,
        ),
        Spot::Message { line } => {
            let context = line
                .and_then(|n| message.lines().nth(n as usize - 1))
                .map(context_line);
            (Anchor::Message { line }, context)
        }
    }
}

/// Where `comment` is in this version of the patch (`diff`, `message`).
pub fn place(comment: &Comment, diff: &PatchDiff, message: &str) -> Place {
    let outdated = |path: Option<&str>| Place::Outdated {
        file: path
            .and_then(|p| file_of(diff, p, Side::New).or_else(|| file_of(diff, p, Side::Old))),
    };
    match &comment.anchor {
        Anchor::Line { path, side, line } => {
            let Some(f) = file_of(diff, path, *side) else {
                return outdated(Some(path));
            };
            // The commented line ends the context: compare it first, and build the excerpt
            // only where it matches (a file may have a hundred thousand lines).
            let last = comment
                .context
                .as_deref()
                .and_then(|c| c.rsplit('\n').next());
            let reads_the_same = |h: &Hunk, l: usize| match (&comment.context, last) {
                (Some(c), Some(last)) => {
                    let line = h.line(l);
                    same_line(sign(line.kind), line.content, last) && excerpt(h, l) == *c
                }
                (Some(_), None) => false,
                (None, _) => true,
            };
            // Where it was, first: on the commit it was written on, that is where it is.
            let file = &diff.files[f];
            let found = at_number(file, *side, *line)
                .filter(|&(h, l)| reads_the_same(&file.hunks[h], l))
                .or_else(|| {
                    let found = candidates(file, *side, reads_the_same);
                    nearest(found, *line, comment.context.is_none())
                });
            match found {
                Some((hunk, l)) => Place::At(Spot::Line {
                    file: f,
                    hunk,
                    line: l,
                }),
                None => outdated(Some(path)),
            }
        }
        Anchor::Hunk { path, side, line } => {
            let Some(f) = file_of(diff, path, *side) else {
                return outdated(Some(path));
            };
            let file = &diff.files[f];
            let start = |h: &Hunk| match side {
                Side::New => h.new_start,
                Side::Old => h.old_start,
            };
            let best = file
                .hunks
                .iter()
                .enumerate()
                .filter(|(_, h)| {
                    comment.context.as_ref().is_none_or(|c| hunk_mark(h) == *c)
                        && (comment.context.is_some() || start(h) == *line)
                })
                .min_by_key(|(_, h)| start(h).abs_diff(*line));
            match best {
                Some((hunk, _)) => Place::At(Spot::Hunk { file: f, hunk }),
                None => outdated(Some(path)),
            }
        }
        Anchor::File { path } => match file_of(diff, path, Side::New) {
            Some(file) => Place::At(Spot::File { file }),
            None => outdated(Some(path)),
        },
        Anchor::Message { line: None } => Place::At(Spot::Message { line: None }),
        Anchor::Message { line: Some(n) } => {
            let lines: Vec<&str> = message.lines().collect();
            let found = (0..lines.len())
                .filter(|&i| match &comment.context {
                    Some(c) => context_line(lines[i]) == *c,
                    None => i + 1 == *n as usize,
                })
                .min_by_key(|&i| (i + 1).abs_diff(*n as usize));
            match found {
                Some(i) => Place::At(Spot::Message {
                    line: Some(i as u32 + 1),
                }),
                None => Place::Outdated { file: None },
            }
        }
    }
}

/// The path a side of a file has: the old path of a rename on the old side.
fn side_path(f: &FileChange, side: Side) -> String {
    match (side, f.display_old_path()) {
        (Side::Old, Some(old)) => old,
        _ => f.display_path(),
    }
}

/// The file whose `side` has `path`.
fn file_of(diff: &PatchDiff, path: &str, side: Side) -> Option<usize> {
    diff.files.iter().position(|f| side_path(f, side) == path)
}

/// The lines of a file that are on `side` and pass `keep`, with their line numbers there.
fn candidates(
    file: &FileChange,
    side: Side,
    keep: impl Fn(&Hunk, usize) -> bool,
) -> Vec<(usize, usize, u32)> {
    let mut out = Vec::new();
    for (h, hunk) in file.hunks.iter().enumerate() {
        for (l, line) in hunk.lines().enumerate() {
            let n = match side {
                Side::New if line.kind != LineKind::Removed => line.new_lineno,
                Side::Old if line.kind != LineKind::Added => line.old_lineno,
                _ => None,
            };
            if let Some(n) = n.filter(|_| keep(hunk, l)) {
                out.push((h, l, n));
            }
        }
    }
    out
}

/// The line numbered `n` on `side`, if the diff shows it.
fn at_number(file: &FileChange, side: Side, n: u32) -> Option<(usize, usize)> {
    file.hunks.iter().enumerate().find_map(|(h, hunk)| {
        let (start, len) = match side {
            Side::New => (hunk.new_start, hunk.new_lines),
            Side::Old => (hunk.old_start, hunk.old_lines),
        };
        if n < start || n >= start + len {
            return None;
        }
        hunk.lines()
            .position(|line| match side {
                Side::New => line.kind != LineKind::Removed && line.new_lineno == Some(n),
                Side::Old => line.kind != LineKind::Added && line.old_lineno == Some(n),
            })
            .map(|l| (h, l))
    })
}

/// The candidate nearest to line `n`; with `exact`, only one at `n` itself.
fn nearest(found: Vec<(usize, usize, u32)>, n: u32, exact: bool) -> Option<(usize, usize)> {
    found
        .into_iter()
        .filter(|&(_, _, at)| !exact || at == n)
        .min_by_key(|&(_, _, at)| at.abs_diff(n))
        .map(|(h, l, _)| (h, l))
}

/// Whether a diff line (`sign`, `content`) reads as `kept`, a line of a comment's context
/// (cut at [`crate::notes::CONTEXT_CHARS`]), without building the line.
fn same_line(sign: char, content: &str, kept: &str) -> bool {
    let Some(rest) = kept.strip_prefix(sign) else {
        return false;
    };
    rest == content || (rest.ends_with('…') && context_line(&format!("{sign}{content}")) == kept)
}

/// Up to [`CONTEXT_LINES`] lines of a hunk ending with line `l`, each with its sign.
fn excerpt(h: &Hunk, l: usize) -> String {
    let from = (l + 1).saturating_sub(CONTEXT_LINES);
    (from..=l)
        .map(|k| h.line(k))
        .map(|line| context_line(&format!("{}{}", sign(line.kind), line.content)))
        .collect::<Vec<_>>()
        .join("\n")
}

/// What a hunk is recognised by: its first changed line, with its sign.
fn hunk_mark(h: &Hunk) -> String {
    let line = h
        .lines()
        .find(|l| l.kind != LineKind::Context)
        .or_else(|| h.lines().next());
    line.map(|l| context_line(&format!("{}{}", sign(l.kind), l.content)))
        .unwrap_or_default()
}

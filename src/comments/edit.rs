//! The `$EDITOR` round trip: the patch written out as a quoted reply (`> ` before every line
//! of the message and the diff) with your comments unquoted under their lines, and the edited
//! file read back into changes: comments whose text is unchanged are kept, changed ones are
//! edits, new ones are added where they were written, and removed ones are deleted.
//!
//! Lines starting with `>>` are for reading only (the instructions, other reviewers'
//! comments) and separate two comments under one line. Quoted lines may be removed, to trim
//! the quote as in a mail reply; quoted text that is not the patch's is refused, since it
//! would put the comments under it in the wrong place.

use crate::diff::PatchDiff;
use crate::notes::{format_time, CommentChange};

use super::document::Document;
use super::{anchor_at, Place, Placed};

/// What reading an edited file back found wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("line {line} quotes what is not in the patch (or out of order): {text:?}")]
    NotInPatch { line: usize, text: String },
    #[error("the quoted patch is gone from the file: nothing changed (to delete all your comments, remove only your text)")]
    NoQuote,
}

/// What an edited file asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EditPlan {
    /// The new comment on the patch as a whole, when it changed (empty: removed).
    pub patch_comment: Option<String>,
    pub changes: Vec<CommentChange>,
    /// Comments left as they were.
    pub unchanged: usize,
}

impl EditPlan {
    /// `2 added, 1 edited, 1 deleted, 3 unchanged`.
    pub fn summary(&self) -> String {
        let count = |f: fn(&CommentChange) -> bool| self.changes.iter().filter(|c| f(c)).count();
        let mut parts = Vec::new();
        for (n, what) in [
            (count(|c| matches!(c, CommentChange::Add { .. })), "added"),
            (count(|c| matches!(c, CommentChange::Edit { .. })), "edited"),
            (
                count(|c| matches!(c, CommentChange::Delete { .. })),
                "deleted",
            ),
            (self.unchanged, "unchanged"),
        ] {
            if n > 0 {
                parts.push(format!("{n} {what}"));
            }
        }
        if self.patch_comment.is_some() {
            parts.push("patch comment changed".into());
        }
        if parts.is_empty() {
            "no comments".into()
        } else {
            parts.join(", ")
        }
    }
}

/// The file to edit: instructions, the patch comment, then the quoted patch with `mine`
/// unquoted under their lines and `others` as `>>` lines.
pub fn render(
    title: &str,
    doc: &Document,
    mine: &[Placed<'_>],
    others: &[Placed<'_>],
    patch_comment: Option<&str>,
) -> String {
    let mut out = String::new();
    for l in [
        format!(">> git-triage: your comments on {title}"),
        ">>".into(),
        ">> Write under the quoted (\"> \") line you mean, as in a reply on the list; text".into(),
        ">> above the first quoted line is your comment on the patch as a whole. Change or".into(),
        ">> delete your comments below. Lines starting with \">>\" are only for reading and".into(),
        ">> separate two comments under one line. Quoted lines may go; quoted text may not".into(),
        ">> change. Save and quit to apply; quit without saving to change nothing.".into(),
    ] {
        out.push_str(&l);
        out.push('\n');
    }
    out.push('\n');
    if let Some(c) = patch_comment.filter(|c| !c.trim().is_empty()) {
        out.push_str(c.trim_end());
        out.push_str("\n\n");
    }
    let at = |p: &Placed<'_>| doc.position(p.place);
    for (i, line) in doc.lines.iter().enumerate() {
        out.push('>');
        if !line.text.is_empty() {
            out.push(' ');
            out.push_str(&line.text);
        }
        out.push('\n');
        for p in others.iter().filter(|p| at(p) == i) {
            let c = p.standing.comment;
            out.push_str(&format!(
                ">> {} <{}> ({}){}:\n",
                c.reviewer,
                c.email,
                &format_time(c.at)[..10],
                outdated(p)
            ));
            for l in p.standing.text().lines() {
                out.push_str(&format!(">>   {l}\n"));
            }
        }
        let here: Vec<_> = mine.iter().filter(|p| at(p) == i).collect();
        for (n, p) in here.iter().enumerate() {
            if n > 0 {
                out.push_str(">> (another comment of yours)\n");
            }
            if let Place::Outdated { .. } = p.place {
                out.push_str(&format!(
                    ">> (yours, outdated: written at {}, which read:)\n",
                    p.standing.comment.anchor.describe()
                ));
                for l in p.standing.comment.context.as_deref().unwrap_or("").lines() {
                    out.push_str(&format!(">>   {l}\n"));
                }
            }
            out.push('\n');
            out.push_str(p.standing.text().trim_end());
            out.push_str("\n\n");
        }
    }
    out
}

fn outdated(p: &Placed<'_>) -> String {
    match p.place {
        Place::Outdated { .. } => format!(
            ", outdated: written at {}",
            p.standing.comment.anchor.describe()
        ),
        Place::At(_) => String::new(),
    }
}

/// Reads an edited file back into what changed against `mine` (my comments as they stand) and
/// `patch_comment` (mine, as it stands).
pub fn parse(
    edited: &str,
    doc: &Document,
    diff: &PatchDiff,
    message: &str,
    mine: &[Placed<'_>],
    patch_comment: Option<&str>,
) -> Result<EditPlan, EditError> {
    let blocks = blocks(edited, doc)?;
    let mut plan = EditPlan::default();
    let before = blocks
        .iter()
        .filter(|(pos, _)| pos.is_none())
        .map(|(_, t)| t.as_str())
        .collect::<Vec<_>>()
        .join("\n\n");
    if before.trim() != patch_comment.unwrap_or("").trim() {
        plan.patch_comment = Some(before);
    }
    for (i, line) in doc.lines.iter().enumerate() {
        let mut old: Vec<&Placed<'_>> =
            mine.iter().filter(|p| doc.position(p.place) == i).collect();
        let mut new: Vec<&str> = blocks
            .iter()
            .filter(|(pos, _)| *pos == Some(i))
            .map(|(_, t)| t.as_str())
            .collect();
        // The same text under the same line: kept as it is.
        new.retain(|t| {
            match old
                .iter()
                .position(|p| p.standing.text().trim() == t.trim())
            {
                Some(k) => {
                    old.remove(k);
                    plan.unchanged += 1;
                    false
                }
                None => true,
            }
        });
        let mut new = new.into_iter();
        for p in old {
            let previous = p.standing.comment.clone();
            match new.next() {
                Some(text) => {
                    let (anchor, context) = match p.place {
                        Place::At(spot) => anchor_at(spot, diff, message),
                        Place::Outdated { .. } => {
                            (previous.anchor.clone(), previous.context.clone())
                        }
                    };
                    plan.changes.push(CommentChange::Edit {
                        previous,
                        anchor,
                        context,
                        text: text.to_string(),
                    });
                }
                None => plan.changes.push(CommentChange::Delete { previous }),
            }
        }
        for text in new {
            let (anchor, context) = anchor_at(line.spot, diff, message);
            plan.changes.push(CommentChange::Add {
                anchor,
                context,
                text: text.to_string(),
            });
        }
    }
    Ok(plan)
}

/// The unquoted blocks of an edited file, each with the document line it is under (`None`:
/// above the quote), trimmed of blank lines around them; empty blocks left out.
fn blocks(edited: &str, doc: &Document) -> Result<Vec<(Option<usize>, String)>, EditError> {
    let mut out: Vec<(Option<usize>, String)> = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    let mut at: Option<usize> = None;
    let mut next = 0;
    let mut quoted = false;
    let flush =
        |at: Option<usize>, current: &mut Vec<&str>, out: &mut Vec<(Option<usize>, String)>| {
            let text = current.join("\n");
            let text = text.trim_matches('\n').trim_end();
            if !text.trim().is_empty() {
                out.push((at, text.to_string()));
            }
            current.clear();
        };
    for (n, line) in edited.lines().enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.starts_with(">>") {
            flush(at, &mut current, &mut out);
            continue;
        }
        let Some(q) = line.strip_prefix('>') else {
            current.push(line);
            continue;
        };
        flush(at, &mut current, &mut out);
        let q = q.strip_prefix(' ').unwrap_or(q).trim_end();
        let found = (next..doc.lines.len()).find(|&j| doc.lines[j].text.trim_end() == q);
        match found {
            Some(j) => {
                at = Some(j);
                next = j + 1;
                quoted = true;
            }
            None => {
                return Err(EditError::NotInPatch {
                    line: n + 1,
                    text: line.chars().take(80).collect(),
                })
            }
        }
    }
    flush(at, &mut current, &mut out);
    if !quoted {
        return Err(EditError::NoQuote);
    }
    Ok(out)
}

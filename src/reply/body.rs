//! The body of a reply to a patch: only the parts of the patch that carry comments are quoted
//! with `> `, each with a few lines of context above it, the file and hunk it is in, and
//! `> [...]` where quoted text was cut; each comment follows, unquoted, right under its line.

use crate::comments::document::{Document, Part};
use crate::comments::Spot;

/// A comment placed in the document.
#[derive(Debug, Clone)]
pub struct Remark<'a> {
    /// The document line it goes under.
    pub position: usize,
    pub text: &'a str,
    /// For a comment whose place reads differently in this version: what it was written on
    /// (`hw/net/e1000.c:42`) and the lines it was written under, as they read then.
    pub outdated: Option<(String, Option<String>)>,
}

/// The quoted parts and the comments, in document order; empty when there is no remark.
pub fn quoted(doc: &Document, remarks: &[Remark<'_>], context: usize) -> String {
    let n = doc.lines.len();
    let mut keep = vec![false; n];
    for r in remarks {
        let k = r.position.min(n.saturating_sub(1));
        // The subject is the Subject header, not part of the mail's body: quoted only when the
        // comment is on it.
        let on_subject = doc.lines.get(k).is_some_and(|l| l.part == Part::Subject);
        for (i, slot) in keep
            .iter_mut()
            .enumerate()
            .take(k + 1)
            .skip(k.saturating_sub(context))
        {
            *slot |= i == k || on_subject || doc.lines[i].part != Part::Subject;
        }
        // Where in the diff it is: the file's header and the hunk's.
        let (file, hunk) = match doc.lines.get(k).map(|l| l.spot) {
            Some(Spot::Line { file, hunk, .. }) | Some(Spot::Hunk { file, hunk }) => {
                (Some(file), Some(hunk))
            }
            Some(Spot::File { file }) => (Some(file), None),
            _ => (None, None),
        };
        for (i, line) in doc.lines.iter().enumerate().take(k) {
            let header = matches!(line.part, Part::FileHeader(f) if Some(f) == file);
            let hunk_header = line.part == Part::HunkHeader
                && matches!(line.spot, Spot::Hunk { file: f, hunk: h } if Some(f) == file && Some(h) == hunk);
            if header || hunk_header {
                keep[i] = true;
            }
        }
    }
    let mut out = String::new();
    let mut last: Option<usize> = None;
    for i in (0..n).filter(|&i| keep[i]) {
        let cut = match last {
            Some(l) => i > l + 1,
            // Before the first quoted line: a cut when part of the mail's body was left out
            // (the subject is in the Subject header, not the body).
            None => doc.lines[..i].iter().any(|l| l.part != Part::Subject),
        };
        if cut {
            out.push_str("> [...]\n");
        }
        let text = &doc.lines[i].text;
        if text.is_empty() {
            out.push_str(">\n");
        } else {
            out.push_str("> ");
            out.push_str(text);
            out.push('\n');
        }
        for r in remarks.iter().filter(|r| r.position.min(n - 1) == i) {
            out.push('\n');
            if let Some((was, context)) = &r.outdated {
                out.push_str(&format!(
                    "[On an earlier version of this patch, at {was}, which read:\n"
                ));
                for line in context.as_deref().unwrap_or("").lines() {
                    out.push_str(&format!("  {line}\n"));
                }
                out.push_str("]\n");
            }
            out.push_str(r.text.trim_end());
            out.push_str("\n\n");
        }
        last = Some(i);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::comments::document::DocLine;

    fn doc() -> Document {
        let mut lines = vec![
            DocLine {
                text: "subject".into(),
                spot: Spot::Message { line: Some(1) },
                part: Part::Subject,
            },
            DocLine {
                text: "---".into(),
                spot: Spot::Message { line: None },
                part: Part::Separator,
            },
            DocLine {
                text: "diff --git a/a.c b/a.c".into(),
                spot: Spot::File { file: 0 },
                part: Part::FileHeader(0),
            },
            DocLine {
                text: "@@ -1,20 +1,20 @@".into(),
                spot: Spot::Hunk { file: 0, hunk: 0 },
                part: Part::HunkHeader,
            },
        ];
        for l in 0..20 {
            lines.push(DocLine {
                text: format!(" line {l}"),
                spot: Spot::Line {
                    file: 0,
                    hunk: 0,
                    line: l,
                },
                part: Part::Diff,
            });
        }
        Document { lines }
    }

    #[test]
    fn only_commented_parts_are_quoted_with_their_context() {
        let d = doc();
        let remarks = [
            Remark {
                position: 4 + 10,
                text: "ten",
                outdated: None,
            },
            Remark {
                position: 4 + 17,
                text: "seventeen",
                outdated: None,
            },
        ];
        assert_eq!(
            quoted(&d, &remarks, 2),
            "> [...]\n> diff --git a/a.c b/a.c\n> @@ -1,20 +1,20 @@\n> [...]\n\
             >  line 8\n>  line 9\n>  line 10\n\nten\n\n> [...]\n\
             >  line 15\n>  line 16\n>  line 17\n\nseventeen\n\n"
        );
    }
}

//! `git triage export`: the verdicts of a series as text, JSON, or the trailers to paste into a
//! mailing-list reply.

use std::fmt::Write as _;

use serde::Serialize;

use crate::notes::{Shown, State};
use crate::sanitize::escape;
use crate::Review;

/// Which reviewers' verdicts to export.
#[derive(Debug, Clone, Copy)]
pub enum Who<'a> {
    /// Only this email's (the current reviewer).
    Reviewer(&'a str),
    /// Everyone's.
    All,
}

impl<'a> Who<'a> {
    /// The one reviewer, or `None` for everyone.
    fn email(&self) -> Option<&'a str> {
        match self {
            Who::Reviewer(email) => Some(email),
            Who::All => None,
        }
    }

    fn includes(&self, shown: &Shown<'_>) -> bool {
        match self {
            Who::Reviewer(email) => shown.verdict.email.eq_ignore_ascii_case(email),
            Who::All => true,
        }
    }
}

/// The one-character mark of a state, shared by every rendering.
pub fn glyph(state: State) -> char {
    match state {
        State::Accept => '✓',
        State::Reject => '✗',
        State::NeedsWork => '✎',
        State::Pending => '·',
    }
}

/// `[PATCH 3/8]` as `git format-patch` numbers it, so lines match the mails.
pub fn patch_label(index: usize, total: usize) -> String {
    if total == 1 {
        "[PATCH]".to_string()
    } else {
        format!("[PATCH {index}/{total}]")
    }
}

/// One line per verdict: `✓ accept  Jane Doe <jane@…>  2026-11-26T…  "comment"`.
pub fn describe(shown: &Shown<'_>) -> String {
    let v = shown.verdict;
    let mut s = format!(
        "{} {} by {} <{}> at {}",
        glyph(v.state),
        v.state.as_str(),
        escape(&v.reviewer),
        escape(&v.email),
        crate::notes::format_time(v.at),
    );
    if let Some(from) = shown.carried_from {
        let changed = if shown.code_changed == Some(true) {
            ", code changed since"
        } else {
            ""
        };
        let _ = write!(s, " (carried from {}{changed})", &from.to_string()[..12]);
    }
    if let Some(c) = shown.comment() {
        let first = c.lines().next().unwrap_or("");
        let more = if c.lines().count() > 1 { " …" } else { "" };
        let _ = write!(s, ": {}{more}", escape(first));
    }
    s
}

/// Text: each patch with its verdicts, comments in full.
pub fn text(review: &Review, who: Who<'_>) -> String {
    let mut out = String::new();
    let total = review.series.total();
    for (i, p) in review.series.patches.iter().enumerate() {
        let shown: Vec<_> = review
            .verdicts(i)
            .into_iter()
            .filter(|s| who.includes(s))
            .collect();
        let state = review
            .previous
            .as_ref()
            .and_then(|c| c.state(i))
            .map_or(String::new(), |s| format!("{} ", s.glyph()));
        let _ = writeln!(
            out,
            "{} {state}{} {}",
            patch_label(p.index, total),
            p.short_id(12),
            escape(&p.subject)
        );
        if shown.is_empty() {
            let _ = writeln!(out, "    (no verdict)");
        }
        for s in &shown {
            let _ = writeln!(out, "    {}", describe(s));
            if let Some(c) = s.comment() {
                for line in c.lines().skip(1) {
                    let _ = writeln!(out, "        {}", escape(line));
                }
            }
        }
        let diff = &review.diffs[i];
        let partner = review.previous.as_ref().and_then(|c| c.carries_from(i));
        let version = review.previous.as_ref().map(|c| c.old.name.as_str());
        for c in crate::comments::placed(&review.notes, p.key, partner, diff, &p.message)
            .iter()
            .filter(|c| {
                who.email()
                    .is_none_or(|e| c.standing.comment.same_reviewer(e))
            })
        {
            let _ = writeln!(out, "    {}", describe_comment(c, p.key, diff, version));
            for line in c.standing.text().lines() {
                let _ = writeln!(out, "        {}", escape(line));
            }
        }
    }
    out
}

/// `» hw/net/e1000.c:42 by Jane Doe <jane@…> at 2026-…`, and whether it is outdated or
/// carried from another version (`version`: the previous version's name, for a comment
/// carried from the patch this one replaces there): the heading of a comment in the text
/// export.
pub fn describe_comment(
    c: &crate::comments::Placed<'_>,
    commit: git2::Oid,
    diff: &crate::PatchDiff,
    version: Option<&str>,
) -> String {
    let comment = c.standing.comment;
    let mut s = format!(
        "» {} by {} <{}> at {}",
        escape(&c.anchor(diff).describe()),
        escape(&comment.reviewer),
        escape(&comment.email),
        crate::notes::format_time(comment.at),
    );
    if let Some(from) = c.standing.carried_from(commit) {
        let from = &from.to_string()[..12];
        match version.filter(|_| c.standing.previous) {
            Some(v) => {
                let _ = write!(s, " (carried from {} {from})", escape(v));
            }
            None => {
                let _ = write!(s, " (carried from {from})");
            }
        }
    }
    if c.place.is_outdated() {
        s.push_str(" (outdated: its place reads differently in this version)");
    }
    s
}

#[derive(Serialize)]
struct ExportDoc<'a> {
    version: u32,
    range: &'a str,
    notes_ref: &'a str,
    patches: Vec<ExportPatch<'a>>,
    /// With `--previous`: the old patches without a partner.
    #[serde(skip_serializing_if = "Option::is_none")]
    dropped: Option<Vec<crate::versions::Dropped<'a>>>,
}

#[derive(Serialize)]
struct ExportPatch<'a> {
    index: usize,
    commit: Option<String>,
    patch_id: Option<String>,
    subject: &'a str,
    verdicts: Vec<Shown<'a>>,
    comments: Vec<crate::comments::Report>,
    /// With `--previous`: what the patch was in the previous version.
    #[serde(skip_serializing_if = "Option::is_none")]
    previous: Option<Option<crate::versions::Previous<'a>>>,
}

/// JSON: the same verdict objects as `check --format json`.
pub fn json(review: &Review, who: Who<'_>) -> String {
    let doc = ExportDoc {
        version: crate::report::JSON_VERSION,
        range: &review.series.range,
        notes_ref: &review.config.notes_ref,
        patches: review
            .series
            .patches
            .iter()
            .enumerate()
            .map(|(i, p)| ExportPatch {
                index: p.index,
                commit: p.commit.map(|c| c.to_string()),
                patch_id: review.diffs[i].patch_id.map(|o| o.to_string()),
                subject: &p.subject,
                verdicts: review
                    .verdicts(i)
                    .into_iter()
                    .filter(|s| who.includes(s))
                    .collect(),
                comments: crate::comments::report(
                    &review.notes,
                    p.key,
                    review.previous.as_ref().and_then(|c| c.carries_from(i)),
                    &review.diffs[i],
                    &p.message,
                    who.email(),
                ),
                previous: review.previous.as_ref().map(|c| c.previous(i)),
            })
            .collect(),
        dropped: review.previous.as_ref().map(|c| c.dropped()),
    };
    serde_json::to_string_pretty(&doc).expect("export serializes") + "\n"
}

/// Trailers: per accepted patch, its `[PATCH i/n] subject` line and one trailer per configured
/// key (`Reviewed-by`, `Acked-by`) per accepting reviewer, then a blank line.
///
/// A trailer vouches for this very patch, so only an accept given on this commit counts (or a
/// carried one its reviewer confirmed here with `=`, which is then given on this commit), and
/// only for the patch it was given for (same patch-id). A carried verdict nobody confirmed says
/// nothing about this version; a merge is not a patch anyone replies to.
pub fn trailers(review: &Review, who: Who<'_>) -> String {
    let mut out = String::new();
    let total = review.series.total();
    let keys: &[String] = &review.config.export_trailers;
    for (i, p) in review.series.patches.iter().enumerate() {
        if p.is_merge() {
            continue;
        }
        let patch_id = review.diffs[i].patch_id;
        let accepted: Vec<_> = review
            .verdicts(i)
            .into_iter()
            .filter(|s| {
                who.includes(s)
                    && s.verdict.state == State::Accept
                    && s.carried_from.is_none()
                    && s.verdict.patch_id == patch_id
            })
            .collect();
        if accepted.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "{} {}",
            patch_label(p.index, total),
            escape(&p.subject)
        );
        for s in &accepted {
            for key in keys {
                let _ = writeln!(
                    out,
                    "{key}: {} <{}>",
                    escape(&s.verdict.reviewer),
                    escape(&s.verdict.email)
                );
            }
        }
        out.push('\n');
    }
    out
}

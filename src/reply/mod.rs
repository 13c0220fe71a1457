//! `git triage reply`: what a reviewer decided, written as mail for the list, in the form
//! reviewers send by hand: one reply per patch that has your comments or your verdict, and one
//! to the cover letter summing up the series. Each is an RFC 2822 message that quotes only
//! what you commented on, with your comments unquoted under their lines, and `Reviewed-by:`
//! when you accepted. Nothing is sent: the messages are for `git send-email` or a mail client.

mod body;
mod draft;
mod headers;
pub mod mime;

use std::time::SystemTime;

use serde::Deserialize;

use crate::diff::PatchDiff;
use crate::notes::{Notes, Partner};
use crate::notes::{Reviewer, State};
use crate::series::Patch;
use crate::Review;

pub use body::{quoted, Remark};

/// `[reply]`: how replies are written.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Options {
    /// The trailer an accept gives (`Reviewed-by`, or `Acked-by`).
    pub trailer: String,
    /// Quoted lines above each comment.
    pub context: usize,
    /// The line above the quote; see [`TEMPLATE_KEYS`].
    pub greeting: String,
    /// What ends every reply (empty: nothing).
    pub signoff: String,
    /// Said for a rejected patch without a comment of yours (empty: nothing).
    pub reject: String,
    /// Said for a patch that needs work, without a comment of yours.
    pub needs_work: String,
}

/// What `{...}` in `greeting` and `signoff` may name.
pub const TEMPLATE_KEYS: &[(&str, &str)] = &[
    ("author", "the patch author's name"),
    ("author_email", "the patch author's address"),
    ("date", "the date of the patch"),
    ("subject", "the patch's subject"),
    ("reviewer", "your name"),
    ("reviewer_email", "your address"),
];

/// The placeholders of `template` that are not in [`TEMPLATE_KEYS`].
pub fn unknown_keys(template: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        let key = &rest[open + 1..open + close];
        if !TEMPLATE_KEYS.iter().any(|(k, _)| *k == key) {
            out.push(key.to_string());
        }
        rest = &rest[open + close + 1..];
    }
    out
}

/// The message a reply answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Original {
    /// Its subject with its `[PATCH ...]` prefix.
    pub subject: String,
    pub message_id: Option<String>,
    /// Its `References`, oldest first.
    pub references: Vec<String>,
    pub author_name: String,
    pub author_email: String,
    /// Its other recipients, `Name <address>`.
    pub to: Vec<String>,
    pub cc: Vec<String>,
    /// Its date, RFC 2822.
    pub date: String,
}

impl Original {
    /// A patch of a range, as `git format-patch` would have mailed it: `[PATCH i/n] subject`,
    /// no Message-ID to answer.
    pub fn of_commit(patch: &Patch, total: usize) -> Original {
        Original {
            subject: format!(
                "{} {}",
                crate::export::patch_label(patch.index, total),
                patch.subject
            ),
            message_id: None,
            references: Vec::new(),
            author_name: patch.author.name.clone(),
            author_email: patch.author.email.clone(),
            to: Vec::new(),
            cc: Vec::new(),
            date: mime::date_at(patch.author.time, patch.author.offset_minutes),
        }
    }
}

impl Original {
    /// A message of a series read from mail: what a reply to it answers and quotes, and who
    /// was on it.
    pub fn of_mail(message: &crate::mail::Message) -> Original {
        Original {
            subject: message.subject.clone(),
            message_id: message.message_id.clone(),
            references: message.references.clone(),
            author_name: message.author.name.clone(),
            author_email: message.author.email.clone(),
            to: message.to.clone(),
            cc: message.cc.clone(),
            date: message.date.clone(),
        }
    }
}

/// What each patch of `series` answers, and the cover letter when the series came from mail
/// with one: the messages themselves for mail, `git format-patch`'s subjects for a range.
pub fn originals(series: &crate::Series) -> (Vec<Original>, Option<Original>) {
    originals_of(&series.patches, series.mail.as_deref())
}

/// [`originals`] of a series' patches and, for mail, what it was read from.
pub fn originals_of(
    patches: &[Patch],
    mail: Option<&crate::mail::MailSource>,
) -> (Vec<Original>, Option<Original>) {
    let total = patches.len();
    let originals = patches
        .iter()
        .map(|p| match &p.mail {
            Some(m) => Original::of_mail(&m.message),
            None => Original::of_commit(p, total),
        })
        .collect();
    let cover = mail.and_then(|m| m.cover.as_ref()).map(Original::of_mail);
    (originals, cover)
}

/// What replies are written from: the patches, each one's diff, and the notes.
pub struct Reviewed<'a> {
    pub patches: &'a [Patch],
    /// One per patch, in series order.
    pub diffs: Vec<&'a PatchDiff>,
    pub notes: &'a Notes,
    /// Per patch, the patch it replaces in the previous version the reviewer named (empty
    /// without one): comments written there are answered again only where their lines still
    /// read the same.
    pub partners: Vec<Option<Partner>>,
}

impl<'a> Reviewed<'a> {
    /// The parts of a review with every diff computed (what `check` and `reply` load).
    pub fn of(review: &'a Review) -> Reviewed<'a> {
        let partners = match &review.previous {
            Some(c) => (0..review.series.patches.len())
                .map(|i| c.carries_from(i))
                .collect(),
            None => Vec::new(),
        };
        Reviewed {
            patches: &review.series.patches,
            diffs: review.diffs.iter().collect(),
            notes: &review.notes,
            partners,
        }
    }

    /// The patch that patch `i` replaces in the previous version, if one was named.
    pub fn partner(&self, i: usize) -> Option<Partner> {
        self.partners.get(i).copied().flatten()
    }
}

/// One message, ready to be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    /// Header fields in order, values encoded and folded.
    pub headers: Vec<(&'static str, String)>,
    /// The body as sent (after its transfer encoding).
    pub body: String,
    /// A file name for `-o DIR`: `0003-re-hw-misc-led-fix-the-blink-period.eml`.
    pub file_name: String,
}

impl Mail {
    /// The message as a file: header fields, a blank line, the body.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for (name, value) in &self.headers {
            out.push_str(name);
            out.push_str(": ");
            out.push_str(value);
            out.push('\n');
        }
        out.push('\n');
        out.push_str(&self.body);
        if !out.ends_with('\n') {
            out.push('\n');
        }
        out
    }
}

/// The messages as one mbox, each after a `From ` line as `git format-patch --stdout` writes
/// it; no body line starts with `From ` (see [`mime::Encoding::choose`]).
pub fn mbox(mails: &[Mail]) -> String {
    mails
        .iter()
        .map(|m| format!("From git-triage Mon Sep 17 00:00:00 2001\n{}", m.to_text()))
        .collect::<Vec<_>>()
        .join("\n")
}

/// What one reply says before it becomes mail.
struct Draft {
    original: Original,
    text: String,
    file_name: String,
}

/// The replies of `me` on a reviewed series, the summary to the cover letter first; empty
/// when `me` has neither comments nor verdicts on it. `originals` gives, per patch, the
/// message it answers (see [`Original::of_commit`]); `cover` the cover letter's, when the
/// series came with one.
pub fn series(
    review: &Reviewed<'_>,
    originals: &[Original],
    cover: Option<&Original>,
    me: &Reviewer,
    options: &Options,
    now: SystemTime,
) -> Vec<Mail> {
    let total = review.patches.len();
    let mut drafts = Vec::new();
    let mut lines = Vec::new();
    let mut commented = Vec::new();
    let mut all_accepted = true;
    for (i, p) in review.patches.iter().enumerate() {
        if p.is_merge() {
            lines.push(format!(
                "{:>10}  {} {}",
                "merge",
                crate::export::patch_label(p.index, total),
                p.subject
            ));
            continue;
        }
        let draft = draft::patch_reply(review, i, &originals[i], me, options);
        let verdict = draft::mine_here(review, i, me).map(|(s, _)| s);
        all_accepted &= verdict == Some(State::Accept);
        let word = match verdict {
            Some(State::Accept) => "accepted",
            Some(State::Reject) => "rejected",
            Some(State::NeedsWork) => "needs work",
            _ => "-",
        };
        lines.push(format!(
            "{word:>10}  {} {}",
            crate::export::patch_label(p.index, total),
            p.subject
        ));
        if let Some((d, has_comments)) = draft {
            if has_comments {
                commented.push(p.index.to_string());
            }
            drafts.push(d);
        }
    }
    if drafts.is_empty() {
        return Vec::new();
    }
    let summary_to = cover.cloned().or_else(|| {
        review
            .patches
            .iter()
            .position(|p| !p.is_merge())
            .map(|i| originals[i].clone())
    });
    let mut mails = Vec::new();
    if let Some(original) = summary_to {
        let text = draft::summary(&lines, &commented, all_accepted, &original, me, options);
        drafts.insert(
            0,
            Draft {
                original,
                text,
                file_name: "0000-re-cover-letter.eml".into(),
            },
        );
    }
    for (n, d) in drafts.into_iter().enumerate() {
        mails.push(headers::mail(d, me, now, n));
    }
    mails
}

//! What reports say about mail: the JSON fields `patches[].mail` and the top-level `mail`, and
//! the lines the text report and `explain` add for a mailed patch.

use std::fmt::Write as _;

use serde::Serialize;

use super::{Application, Followup, MailSource, Mailed};
use crate::sanitize::escape;
use crate::series::{Patch, Series};

/// `patches[].mail`.
#[derive(Serialize)]
pub struct PatchMail<'a> {
    pub message_id: Option<&'a str>,
    pub in_reply_to: Option<&'a str>,
    /// The `Subject:` header, decoded, with its `[PATCH ...]` prefix.
    pub subject: &'a str,
    /// The `From:` header, decoded.
    pub from: &'a str,
    /// The `Date:` header as sent.
    pub date: &'a str,
    pub version: u32,
    pub index: u32,
    pub total: u32,
    pub followups: Vec<FollowupReport<'a>>,
}

/// A trailer a reviewer sent in a reply.
#[derive(Serialize)]
pub struct FollowupReport<'a> {
    pub key: &'a str,
    pub value: &'a str,
    /// Who sent the reply, `Name <email>`.
    pub from: &'a str,
    pub message_id: Option<&'a str>,
}

/// The top-level `mail`.
#[derive(Serialize)]
pub struct SeriesMail<'a> {
    pub cover: Option<Cover<'a>>,
    pub version: u32,
    /// Patch numbers `m` of `[PATCH m/n]` that are not in the mail.
    pub missing: &'a [u32],
    /// Versions of the series the mail also holds, newest first.
    pub previous_versions: Vec<u32>,
}

/// The cover letter.
#[derive(Serialize)]
pub struct Cover<'a> {
    pub message_id: Option<&'a str>,
    pub subject: &'a str,
    pub body: &'a str,
}

fn followup(f: &Followup) -> FollowupReport<'_> {
    FollowupReport {
        key: &f.key,
        value: &f.value,
        from: &f.from,
        message_id: f.message_id.as_deref(),
    }
}

/// `patches[].mail` of a patch; `None` for a commit of a range.
pub fn patch_json(patch: &Patch) -> Option<PatchMail<'_>> {
    let m: &Mailed = patch.mail.as_deref()?;
    let msg = &m.message;
    Some(PatchMail {
        message_id: msg.message_id.as_deref(),
        in_reply_to: msg.in_reply_to.as_deref(),
        subject: &msg.subject,
        from: &msg.from,
        date: &msg.date,
        version: msg.prefix.version,
        index: m.index,
        total: msg.prefix.total,
        followups: m.followups.iter().map(followup).collect(),
    })
}

/// The top-level `mail` of a series; `None` for a range.
pub fn series_json(series: &Series) -> Option<SeriesMail<'_>> {
    let s: &MailSource = series.mail.as_deref()?;
    Some(SeriesMail {
        cover: s.cover.as_ref().map(|c| Cover {
            message_id: c.message_id.as_deref(),
            subject: &c.subject,
            body: without_signature(&c.body),
        }),
        version: s.version,
        missing: &s.missing,
        previous_versions: s.previous.iter().map(|p| p.version).collect(),
    })
}

/// How the text report names a mailed series: version, title, cover letter, where from, and
/// whether it was applied.
pub fn describe(series: &Series) -> Option<String> {
    let s = series.mail.as_deref()?;
    let cover = s
        .cover
        .as_ref()
        .and_then(|c| c.message_id.as_deref())
        .map(|id| format!(", cover <{}>", escape(id)))
        .unwrap_or_default();
    Some(format!(
        "v{}{} \"{}\" from {}{cover}, {}",
        s.version,
        if s.rfc { " RFC" } else { "" },
        escape(&s.title),
        escape(&series.range),
        s.applied.describe()
    ))
}

/// The lines under a mailed patch's row in the text report: its Message-ID and the trailers
/// reviewers sent, each with its sender.
pub fn text_lines(patch: &Patch) -> Vec<String> {
    let Some(m) = patch.mail.as_deref() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if let Some(id) = &m.message.message_id {
        out.push(format!("<{}>", escape(id)));
    }
    for f in &m.followups {
        out.push(format!(
            "{}: {}  (sent by {})",
            escape(&f.key),
            escape(&f.value),
            escape(&f.from)
        ));
    }
    out
}

/// The mail part of `explain`: the message's headers, version and place in the series, whether
/// it was applied, and the follow-up trailers with who sent them and in which message.
pub fn explain(patch: &Patch, series: &Series) -> String {
    let mut out = String::new();
    let Some(m) = patch.mail.as_deref() else {
        return out;
    };
    let msg = &m.message;
    let id = msg
        .message_id
        .as_deref()
        .map_or_else(|| "(none)".to_string(), |i| format!("<{}>", escape(i)));
    let _ = writeln!(out, "mail {id}");
    let _ = writeln!(out, "  subject: {}", escape(&msg.subject));
    let _ = writeln!(out, "  from: {}", escape(&msg.from));
    let _ = writeln!(out, "  date: {}", escape(&msg.date));
    if let Some(irt) = &msg.in_reply_to {
        let _ = writeln!(out, "  in-reply-to: <{}>", escape(irt));
    }
    let _ = writeln!(
        out,
        "  version {}, patch {} of {}",
        msg.prefix.version, m.index, msg.prefix.total
    );
    if let Some(s) = series.mail.as_deref() {
        let state = match (&s.applied, patch.commit, &m.rejected) {
            (Application::Applied { .. }, Some(c), _) => {
                format!("{}, as commit {c}", s.applied.describe())
            }
            (Application::Applied { .. }, None, Some(r)) => {
                format!("does not apply: {}", escape(&r.reason))
            }
            _ => s.applied.describe(),
        };
        let _ = writeln!(out, "  {state}");
    }
    let _ = writeln!(out, "\nfollow-up trailers (from replies):");
    if m.followups.is_empty() {
        let _ = writeln!(out, "  (none)");
    }
    for f in &m.followups {
        let _ = writeln!(
            out,
            "  {}: {}  (sent by {}{})",
            escape(&f.key),
            escape(&f.value),
            escape(&f.from),
            f.message_id
                .as_deref()
                .map(|i| format!(" in <{}>", escape(i)))
                .unwrap_or_default()
        );
    }
    out.push('\n');
    out
}

/// A body without its `-- ` signature and the blank lines around.
fn without_signature(body: &str) -> &str {
    let end = if body.starts_with("-- \n") {
        0
    } else {
        body.find("\n-- \n").map_or(body.len(), |p| p + 1)
    };
    body[..end].trim_matches('\n')
}

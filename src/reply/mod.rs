//! `git triage reply`: what a reviewer decided, written as mail for the list, in the form
//! reviewers send by hand: one reply per patch that has your comments or your verdict, and one
//! to the cover letter summing up the series. Each is an RFC 2822 message that quotes only
//! what you commented on, with your comments unquoted under their lines, and `Reviewed-by:`
//! when you accepted. Nothing is sent: the messages are for `git send-email` or a mail client.

mod body;
pub mod mime;

use std::time::SystemTime;

use serde::Deserialize;

use crate::comments::document::Document;
use crate::comments::{self, Place};
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
    review: &Review,
    originals: &[Original],
    cover: Option<&Original>,
    me: &Reviewer,
    options: &Options,
    now: SystemTime,
) -> Vec<Mail> {
    let total = review.series.patches.len();
    let mut drafts = Vec::new();
    let mut lines = Vec::new();
    let mut commented = Vec::new();
    let mut all_accepted = true;
    for (i, p) in review.series.patches.iter().enumerate() {
        if p.is_merge() {
            lines.push(format!(
                "{:>10}  {} {}",
                "merge",
                label(p.index, total),
                p.subject
            ));
            continue;
        }
        let draft = patch_reply(review, i, &originals[i], me, options);
        let verdict = mine_here(review, i, me).map(|(s, _)| s);
        all_accepted &= verdict == Some(State::Accept);
        let word = match verdict {
            Some(State::Accept) => "accepted",
            Some(State::Reject) => "rejected",
            Some(State::NeedsWork) => "needs work",
            _ => "-",
        };
        lines.push(format!(
            "{word:>10}  {} {}",
            label(p.index, total),
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
            .series
            .patches
            .iter()
            .position(|p| !p.is_merge())
            .map(|i| originals[i].clone())
    });
    let mut mails = Vec::new();
    if let Some(original) = summary_to {
        let mut text = String::from("My verdicts on this series:\n\n");
        for l in &lines {
            text.push_str(l.trim_end());
            text.push('\n');
        }
        if !commented.is_empty() {
            text.push_str(&format!(
                "\nMy comments are in my replies to patch{} {}.\n",
                if commented.len() == 1 { "" } else { "es" },
                join_and(&commented)
            ));
        }
        // A trailer in a reply to the cover letter counts for every patch (b4 applies it so):
        // only when every patch was accepted.
        if all_accepted {
            text.push_str(&format!(
                "\nFor the series:\n{}: {}\n",
                options.trailer,
                trailer_identity(me)
            ));
        }
        let vars = Vars::new(&original, me);
        push_signoff(&mut text, options, &vars);
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
        mails.push(mail(d, me, now, n));
    }
    mails
}

/// My verdict given on this very commit, and whether it makes a trailer (an accept of this
/// patch-id).
fn mine_here(review: &Review, i: usize, me: &Reviewer) -> Option<(State, bool)> {
    let p = &review.series.patches[i];
    let v = review.notes.mine(p.key, &me.email)?;
    let trailer = v.state == State::Accept && v.patch_id == review.diffs[i].patch_id;
    Some((v.state, trailer))
}

/// The reply to patch `i`, and whether it has comments; `None` when I said nothing on it.
fn patch_reply(
    review: &Review,
    i: usize,
    original: &Original,
    me: &Reviewer,
    options: &Options,
) -> Option<(Draft, bool)> {
    let p = &review.series.patches[i];
    let diff = &review.diffs[i];
    let placed: Vec<_> = comments::placed(&review.notes, p.key, diff, &p.message)
        .into_iter()
        .filter(|c| c.standing.comment.same_reviewer(&me.email))
        .collect();
    let verdict = review.notes.mine(p.key, &me.email);
    if placed.is_empty() && verdict.is_none() {
        return None;
    }
    let doc = Document::of(&p.message, diff);
    let remarks: Vec<Remark<'_>> = placed
        .iter()
        .map(|c| Remark {
            position: doc.position(c.place),
            text: c.standing.text(),
            outdated: matches!(c.place, Place::Outdated { .. }).then(|| {
                (
                    c.standing.comment.anchor.describe(),
                    c.standing.comment.context.clone(),
                )
            }),
        })
        .collect();
    let vars = Vars::new(original, me);
    let mut text = String::new();
    let quote = quoted(&doc, &remarks, options.context);
    if !quote.is_empty() {
        let greeting = vars.render(&options.greeting);
        if !greeting.trim().is_empty() {
            text.push_str(greeting.trim_end());
            text.push('\n');
        }
        text.push_str(&quote);
    }
    let said = verdict.and_then(|v| v.comment.as_deref());
    match (said, verdict.map(|v| v.state)) {
        (Some(c), _) => push_para(&mut text, c),
        (None, Some(State::Reject)) => push_para(&mut text, &options.reject),
        (None, Some(State::NeedsWork)) => push_para(&mut text, &options.needs_work),
        _ => {}
    }
    if mine_here(review, i, me).is_some_and(|(_, t)| t) {
        push_para(
            &mut text,
            &format!("{}: {}", options.trailer, trailer_identity(me)),
        );
    }
    push_signoff(&mut text, options, &vars);
    let file_name = format!("{:04}-re-{}.eml", p.index, slug(&p.subject));
    Some((
        Draft {
            original: original.clone(),
            text,
            file_name,
        },
        !placed.is_empty(),
    ))
}

/// `Name <email>` as a trailer names a person (never quoted, as git writes trailers).
fn trailer_identity(me: &Reviewer) -> String {
    format!("{} <{}>", me.name, me.email)
}

fn push_para(text: &mut String, para: &str) {
    let para = para.trim();
    if para.is_empty() {
        return;
    }
    if !text.is_empty() && !text.ends_with("\n\n") {
        text.push('\n');
    }
    text.push_str(para);
    text.push('\n');
}

fn push_signoff(text: &mut String, options: &Options, vars: &Vars) {
    let s = vars.render(&options.signoff);
    push_para(text, &s);
}

/// The values templates fill in.
struct Vars {
    pairs: Vec<(&'static str, String)>,
}

impl Vars {
    fn new(original: &Original, me: &Reviewer) -> Vars {
        Vars {
            pairs: vec![
                ("author", original.author_name.clone()),
                ("author_email", original.author_email.clone()),
                ("date", original.date.clone()),
                ("subject", original.subject.clone()),
                ("reviewer", me.name.clone()),
                ("reviewer_email", me.email.clone()),
            ],
        }
    }

    /// `template` with each `{key}` replaced; `\n` in the configuration is a line break.
    fn render(&self, template: &str) -> String {
        let mut s = template.replace("\\n", "\n");
        for (k, v) in &self.pairs {
            s = s.replace(&format!("{{{k}}}"), v);
        }
        s
    }
}

/// `[PATCH 3/8]`, or `[PATCH]` for a series of one.
fn label(index: usize, total: usize) -> String {
    crate::export::patch_label(index, total)
}

/// `2, 3 and 7`.
fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// A file-name form of a subject, as `git format-patch` makes one.
fn slug(subject: &str) -> String {
    let mut out = String::new();
    for c in subject.chars() {
        if c.is_ascii_alphanumeric() || c == '.' || c == '_' {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
        if out.len() >= 52 {
            break;
        }
    }
    out.trim_matches(['-', '.']).to_string()
}

/// The draft as a message: headers for the list, the body encoded as it needs.
fn mail(d: Draft, me: &Reviewer, now: SystemTime, n: usize) -> Mail {
    let o = &d.original;
    let subject = if o
        .subject
        .get(..3)
        .is_some_and(|p| p.eq_ignore_ascii_case("re:"))
    {
        o.subject.clone()
    } else {
        format!("Re: {}", o.subject)
    };
    let from = mime::address(&me.name, &me.email);
    let to = mime::address(&o.author_name, &o.author_email);
    let mut cc: Vec<String> = Vec::new();
    for a in o.to.iter().chain(&o.cc) {
        let (name, email) = split_address(a);
        let taken = [&o.author_email, &me.email]
            .iter()
            .any(|e| e.eq_ignore_ascii_case(&email));
        if !taken
            && !cc
                .iter()
                .any(|c| split_address(c).1.eq_ignore_ascii_case(&email))
        {
            cc.push(mime::address(&name, &email));
        }
    }
    let id = mime::message_id(now, &me.email, &format!("{n} {}", o.subject));
    let encoding = mime::Encoding::choose(&d.text);
    let mut headers: Vec<(&'static str, String)> = vec![("From", from), ("To", to)];
    if !cc.is_empty() {
        headers.push(("Cc", mime::address_list(&cc)));
    }
    headers.push(("Subject", mime::text("Subject", &subject)));
    headers.push(("Date", mime::date(now)));
    headers.push(("Message-ID", format!("<{id}>")));
    if let Some(parent) = &o.message_id {
        let mut refs = o.references.clone();
        refs.retain(|r| r != parent);
        refs.push(parent.clone());
        headers.push(("In-Reply-To", mime::ids(std::slice::from_ref(parent))));
        headers.push(("References", mime::ids(&refs)));
    }
    headers.push(("MIME-Version", "1.0".into()));
    headers.push(("Content-Type", "text/plain; charset=UTF-8".into()));
    headers.push(("Content-Transfer-Encoding", encoding.as_str().into()));
    Mail {
        headers,
        body: encoding.encode(&d.text),
        file_name: d.file_name,
    }
}

/// The name and address of `Name <address>` (or of a bare address).
fn split_address(a: &str) -> (String, String) {
    match mailparse::addrparse(a)
        .ok()
        .and_then(|l| l.extract_single_info())
    {
        Some(info) => (info.display_name.unwrap_or_default(), info.addr),
        None => (String::new(), a.trim().to_string()),
    }
}

//! What each reply says: the quoted parts with your comments, your patch comment or a word
//! for your verdict, the trailer of an accept, the sign-off; and the summary of the series.

use crate::comments::document::Document;
use crate::comments::{self, Place};
use crate::notes::{Reviewer, State};

use super::{quoted, Draft, Options, Original, Remark, Reviewed};

/// My verdict given on this very commit, and whether it makes a trailer (an accept of this
/// patch-id).
pub(super) fn mine_here(review: &Reviewed<'_>, i: usize, me: &Reviewer) -> Option<(State, bool)> {
    let p = &review.patches[i];
    let v = review.notes.mine(p.key, &me.email)?;
    let trailer = v.state == State::Accept && v.patch_id == review.diffs[i].patch_id;
    Some((v.state, trailer))
}

/// The reply to patch `i`, and whether it says a comment of mine (on a line, a hunk, a file,
/// the message or the patch); `None` when I said nothing on it.
pub(super) fn patch_reply(
    review: &Reviewed<'_>,
    i: usize,
    original: &Original,
    me: &Reviewer,
    options: &Options,
) -> Option<(Draft, bool)> {
    let p = &review.patches[i];
    let diff = review.diffs[i];
    // A reply is about this version: a comment written on the previous one is said again
    // only where its lines still read the same; where they changed it was answered by the
    // change, or is for the reviewer to say anew (the TUI still lists it, outdated).
    let placed: Vec<_> = comments::placed(review.notes, p.key, review.partner(i), diff, &p.message)
        .into_iter()
        .filter(|c| c.standing.comment.same_reviewer(&me.email))
        .filter(|c| !(c.standing.previous && c.place.is_outdated()))
        .collect();
    let verdict = review.notes.mine(p.key, &me.email);
    let carried = carried_comment(review, i, me).filter(|_| verdict.is_none());
    if placed.is_empty() && verdict.is_none() && carried.is_none() {
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
    let said = verdict.and_then(|v| v.said()).or(carried);
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
        !placed.is_empty() || said.is_some(),
    ))
}

/// My patch comment given on the same code elsewhere: on another commit with this patch's
/// patch-id (the range this mail was reviewed as, a rebase) or on its partner in the previous
/// version when the code did not change. It is said again, as line comments carried by
/// patch-id are; the decision it came with is not (a carried verdict is no decision until
/// confirmed: no trailer, no word in the summary).
fn carried_comment<'a>(review: &Reviewed<'a>, i: usize, me: &Reviewer) -> Option<&'a str> {
    let (key, patch_id) = (review.patches[i].key, review.diffs[i].patch_id);
    let c = review
        .notes
        .my_carried(key, patch_id, review.partner(i), &me.email)?;
    (!c.code_changed(patch_id))
        .then_some(c.verdict.said())
        .flatten()
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

/// The summary of my verdicts on the series, for the reply to the cover letter.
pub(super) fn summary(
    lines: &[String],
    commented: &[String],
    all_accepted: bool,
    original: &Original,
    me: &Reviewer,
    options: &Options,
) -> String {
    let mut text = String::from("My verdicts on this series:\n\n");
    for l in lines {
        text.push_str(l.trim_end());
        text.push('\n');
    }
    if !commented.is_empty() {
        text.push_str(&format!(
            "\nMy comments are in my replies to patch{} {}.\n",
            if commented.len() == 1 { "" } else { "es" },
            join_and(commented)
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
    let vars = Vars::new(original, me);
    push_signoff(&mut text, options, &vars);
    text
}

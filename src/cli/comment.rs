//! `git triage comment REV [WHERE] -m TEXT`: comment on a line, a hunk, a file, the message or
//! the patch, as the TUI's `c` does; `--edit ID`, `--delete ID` and `--list` for scripts.

use std::time::SystemTime;

use anyhow::{anyhow, bail};
use git_triage::base::Choice;
use git_triage::comments::{self, Place, Placed, Target};
use git_triage::notes::{self, Change, CommentChange, Reviewer, Unchanged};
use git_triage::{sanitize, Review};

use super::mail::MailArgs;
use super::{warn_skipped, write_stdout, Global};

#[derive(clap::Args)]
pub struct Args {
    /// The commit.
    rev: String,
    /// Where: PATH:LINE (a line as the patch leaves it), PATH:-LINE (a line it removes or
    /// leaves, numbered as before it), PATH (the file), msg or msg:N (the commit message or
    /// its line N), patch or nothing (the patch as a whole: the comment of your verdict).
    /// A path is taken byte for byte (it need not be UTF-8), or quoted as `git diff` prints an
    /// unusual one: '"bad\375name.c":5'.
    #[arg(value_name = "WHERE")]
    place: Option<std::ffi::OsString>,
    /// The text; several -m make several paragraphs, as with git commit.
    #[arg(short, long = "message", value_name = "TEXT")]
    message: Vec<String>,
    /// Comment on the hunk that holds PATH:LINE rather than on the line.
    #[arg(long)]
    hunk: bool,
    /// Replace the text of your comment ID (from --list) with -m.
    #[arg(long, value_name = "ID", conflicts_with_all = ["delete", "list", "place", "hunk"])]
    edit: Option<String>,
    /// Delete your comment ID (from --list).
    #[arg(long, value_name = "ID", conflicts_with_all = ["list", "place", "hunk", "message"])]
    delete: Option<String>,
    /// List the comments on the commit, with their ids.
    #[arg(long, conflicts_with_all = ["place", "hunk", "message"])]
    list: bool,
    /// The commit this patch replaces in the previous version: its comments stand here too
    /// (placed where their lines still read the same, else outdated), for --list, --edit and
    /// --delete, as they do in check --previous.
    #[arg(long, value_name = "REV")]
    previous: Option<String>,
    /// For mail (`--mbox PATH`): REV is the patch number (m of [PATCH m/n]) or its
    /// Message-ID.
    #[command(flatten)]
    mail: MailArgs,
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<u8> {
    let repo = global.repository()?;
    // As for verdicts: the notes ref comes from the policy at the base check uses; mail is
    // named with --mbox (a second positional word is WHERE).
    let source = args.mail.source(&repo, None)?;
    let (series, _) = source.single(&repo, &args.rev, Choice::Default)?;
    let review = Review::of(&repo, series, &global.sources())?;
    let notes_ref = review.config.notes_ref.clone();
    warn_skipped(&review.notes, &notes_ref);
    let patch = &review.series.patches[0];
    let diff = &review.diffs[0];
    let previous = match args.previous.as_deref() {
        Some(rev) => {
            let commit = repo
                .revparse_single(rev)
                .and_then(|o| o.peel_to_commit())
                .map_err(|e| {
                    let (rev, why) = (sanitize::escape(rev), sanitize::escape(e.message()));
                    anyhow!("--previous {rev}: {why}")
                })?
                .id();
            Some(git_triage::versions::commits::partner(&repo, commit)?)
        }
        None => None,
    };
    if args.list {
        return list(&review, previous);
    }
    let reviewer = Reviewer::from_git(&repo)?;
    let text = args.message.join("\n\n");
    let placed = comments::placed(&review.notes, patch.key, previous, diff, &patch.message);
    let change = if let Some(id) = args.delete.as_deref().or(args.edit.as_deref()) {
        let p = mine(&placed, &reviewer, id)?;
        let previous = p.standing.comment.clone();
        if args.delete.is_some() {
            CommentChange::Delete { previous }
        } else {
            if text.trim().is_empty() {
                bail!("the new text is empty; to delete the comment, use --delete {id}");
            }
            let (anchor, context) = match p.place {
                Place::At(spot) => comments::anchor_at(spot, diff, &patch.message),
                Place::Outdated { .. } => (previous.anchor.clone(), previous.context.clone()),
            };
            CommentChange::Edit {
                previous,
                anchor,
                context,
                text,
            }
        }
    } else {
        let target = comments::parse_target(args.place.as_deref().map(bytes).unwrap_or_default());
        if args.message.is_empty() {
            bail!("no comment given: add -m TEXT");
        }
        if target == Target::Patch {
            if args.hunk {
                bail!("--hunk needs a line: PATH:LINE");
            }
            return patch_comment(&repo, &review, &reviewer, text);
        }
        if text.trim().is_empty() {
            bail!("the comment is empty (to delete one, use --delete ID)");
        }
        if args.hunk && !matches!(target, Target::Line { .. }) {
            bail!("--hunk needs a line: PATH:LINE");
        }
        let spot = comments::resolve(&target, args.hunk, diff, &patch.message)?
            .expect("only the patch has no spot");
        let (anchor, context) = comments::anchor_at(spot, diff, &patch.message);
        CommentChange::Add {
            anchor,
            context,
            text,
        }
    };
    let written = notes::write_comments(
        &repo,
        &notes_ref,
        &reviewer,
        patch.verdict_target(&repo)?,
        diff.patch_id,
        SystemTime::now(),
        std::slice::from_ref(&change),
    )?;
    let c = match written.into_iter().next() {
        Some(Ok(c)) => c,
        Some(Err(Unchanged::NoSuchComment)) | None => {
            bail!("nothing written: the comment was deleted meanwhile")
        }
        Some(Err(why)) => bail!("nothing written: {why:?}"),
    };
    let verb = match &change {
        CommentChange::Add { .. } => "comment",
        CommentChange::Edit { .. } => "edited",
        CommentChange::Delete { .. } => "deleted",
    };
    write_stdout(&format!(
        "{verb} {} on {} of {} {} ({notes_ref})\n",
        c.id,
        sanitize::escape(&c.anchor.describe()),
        &patch.key.to_string()[..12],
        sanitize::escape(&patch.subject),
    ))?;
    Ok(0)
}

/// An argument's bytes as typed: on Unix exactly (a path need not be UTF-8), elsewhere as
/// Unicode.
fn bytes(arg: &std::ffi::OsStr) -> Vec<u8> {
    #[cfg(unix)]
    {
        std::os::unix::ffi::OsStrExt::as_bytes(arg).to_vec()
    }
    #[cfg(not(unix))]
    {
        arg.to_string_lossy().as_bytes().to_vec()
    }
}

/// The patch comment is the comment of the verdict: the same as the list's `c` in the TUI.
fn patch_comment(
    repo: &git2::Repository,
    review: &Review,
    reviewer: &Reviewer,
    text: String,
) -> anyhow::Result<u8> {
    let patch = &review.series.patches[0];
    let notes_ref = &review.config.notes_ref;
    let written = notes::write(
        repo,
        notes_ref,
        reviewer,
        patch.verdict_target(repo)?,
        review.diffs[0].patch_id,
        SystemTime::now(),
        &Change::Comment(text),
    )?
    .map_err(|why| anyhow!("nothing written: {why:?}"))?;
    let what = if written.said().is_some() {
        "patch comment saved"
    } else {
        "patch comment removed"
    };
    // A remark is no decision: a verdict of mine carried from an earlier version still stands.
    let carried = written
        .is_remark()
        .then(|| {
            let partner = review.previous.as_ref().and_then(|c| c.carries_from(0));
            let pid = review.diffs[0].patch_id;
            review
                .notes
                .my_carried(patch.key, pid, partner, &reviewer.email)
        })
        .flatten();
    let verdict = match carried {
        Some(c) => format!(
            "your {} from {} stands, carried, not confirmed here",
            c.verdict.state.as_str(),
            &c.from.to_string()[..12]
        ),
        None => format!("your verdict: {}", written.state.as_str()),
    };
    write_stdout(&format!(
        "{what} on {} {}; {verdict} ({notes_ref})\n",
        &patch.key.to_string()[..12],
        sanitize::escape(&patch.subject),
    ))?;
    Ok(0)
}

/// The reviewer's own standing comment `id`.
fn mine<'p, 'a>(
    placed: &'p [Placed<'a>],
    reviewer: &Reviewer,
    id: &str,
) -> anyhow::Result<&'p Placed<'a>> {
    let found = placed.iter().find(|p| p.standing.comment.id == id);
    match found {
        Some(p) if p.standing.comment.same_reviewer(&reviewer.email) => Ok(p),
        Some(p) => bail!(
            "comment {id} is {}'s, not yours; only its author can change it",
            sanitize::escape(&p.standing.comment.reviewer)
        ),
        None => bail!(
            "no comment {} on this patch (see --list)",
            sanitize::escape(id)
        ),
    }
}

/// `--list`: every comment standing on the commit, with ids, places and text.
fn list(review: &Review, previous: Option<notes::Partner>) -> anyhow::Result<u8> {
    let patch = &review.series.patches[0];
    let diff = &review.diffs[0];
    let mut out = String::new();
    for r in comments::report(
        &review.notes,
        patch.key,
        previous,
        diff,
        &patch.message,
        None,
    ) {
        let place = match &r.anchor {
            _ if r.kind == "patch" => "patch".to_string(),
            None => "message".to_string(),
            Some(a) => match (&a.path, a.side, a.line) {
                (Some(p), Some(notes::Side::Old), Some(l)) => format!("{p}:-{l}"),
                (Some(p), _, Some(l)) => format!("{p}:{l}"),
                (Some(p), _, None) => p.clone(),
                (None, _, Some(l)) => format!("msg:{l}"),
                (None, _, None) => "message".to_string(),
            },
        };
        let kind = if r.kind == "hunk" { " (hunk)" } else { "" };
        let outdated = if r.outdated { " (outdated)" } else { "" };
        let from = match r.carried_from {
            Some(c) if r.from_previous => {
                format!(" (from the previous version {})", &c.to_string()[..12])
            }
            _ => String::new(),
        };
        out.push_str(&format!(
            "{} {} <{}> {}{kind}{outdated}{from}\n",
            r.id.as_deref().unwrap_or("-           "),
            sanitize::escape(&r.reviewer),
            sanitize::escape(&r.email),
            sanitize::escape(&place),
        ));
        for line in r.text.lines() {
            out.push_str(&format!("    {}\n", sanitize::escape(line)));
        }
    }
    write_stdout(&out)?;
    Ok(0)
}

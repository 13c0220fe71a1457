//! `git triage verdict REV STATE [-m MSG]`: record a decision, as the TUI's keys do.

use std::time::SystemTime;

use clap::ValueEnum;
use git_triage::base::Choice;
use git_triage::notes::{self, Change, Reviewer};
use git_triage::{export, sanitize, Review};

use super::mail::MailArgs;
use super::{warn_skipped, write_stdout, Global};

#[derive(clap::Args)]
pub struct Args {
    /// The commit; for mail, the patch number (m of [PATCH m/n]) or its Message-ID, after
    /// the mail's path unless --mbox names it.
    #[arg(value_name = "[MAIL] REV", num_args = 1..=2, required = true)]
    target: Vec<String>,
    /// The decision; pending clears an earlier one (and its comment).
    #[arg(value_enum)]
    state: StateArg,
    /// A comment; several -m make several paragraphs, as with git commit. Without -m, the
    /// comment you gave before stays with the new decision.
    #[arg(short, long = "message", value_name = "MSG")]
    message: Vec<String>,
    #[command(flatten)]
    mail: MailArgs,
}

#[derive(Clone, Copy, ValueEnum)]
enum StateArg {
    Accept,
    Reject,
    NeedsWork,
    Pending,
}

impl From<StateArg> for notes::State {
    fn from(s: StateArg) -> notes::State {
        match s {
            StateArg::Accept => notes::State::Accept,
            StateArg::Reject => notes::State::Reject,
            StateArg::NeedsWork => notes::State::NeedsWork,
            StateArg::Pending => notes::State::Pending,
        }
    }
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<u8> {
    let repo = global.repository()?;
    let (path, rev) = super::mail::split_target(&args.target);
    let source = args.mail.source(&repo, path)?;
    if path.is_some() && matches!(source, git_triage::Source::Range(_)) {
        anyhow::bail!(
            "{:?} is not a mail file or directory",
            path.unwrap_or_default()
        );
    }
    // The notes ref comes from the policy at the base check uses, so check sees the verdict.
    let (series, _) = source.single(&repo, rev, Choice::Default)?;
    let review = Review::of(&repo, series, &global.sources())?;
    let notes_ref = &review.config.notes_ref;
    warn_skipped(&review.notes, notes_ref);
    let reviewer = Reviewer::from_git(&repo)?;
    let change = Change::Decide {
        state: args.state.into(),
        comment: (!args.message.is_empty()).then(|| args.message.join("\n\n")),
    };
    let patch = &review.series.patches[0];
    let written = notes::write(
        &repo,
        notes_ref,
        &reviewer,
        patch.verdict_target(&repo)?,
        review.diffs[0].patch_id,
        SystemTime::now(),
        &change,
    )?
    .map_err(|why| anyhow::anyhow!("nothing written: {why:?}"))?;
    write_stdout(&format!(
        "{} {} {} {} ({notes_ref})\n",
        export::glyph(written.state),
        written.state.as_str(),
        patch.short_id(12),
        sanitize::escape(&patch.subject),
    ))?;
    Ok(0)
}

//! `git triage export [RANGE]`: verdicts as text, JSON, or trailers for a reply.

use clap::ValueEnum;
use git_triage::export;
use git_triage::notes::Reviewer;

use super::mail::MailArgs;
use super::{warn_skipped, write_stdout, Global, PreviousArgs};

#[derive(clap::Args)]
pub struct Args {
    /// The series, as for check: a range or mail.
    range: Option<String>,
    #[command(flatten)]
    mail: MailArgs,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    #[command(flatten)]
    previous: PreviousArgs,
    /// Everyone's verdicts, not only yours.
    #[arg(long)]
    all: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
    Trailers,
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<u8> {
    let repo = global.repository()?;
    let source = args.mail.source(&repo, args.range.as_deref())?;
    let review = args.previous.review(&repo, &source, global)?;
    warn_skipped(&review.notes, &review.config.notes_ref);
    let me = if args.all {
        None
    } else {
        Some(Reviewer::from_git(&repo)?)
    };
    let who = match &me {
        Some(r) => export::Who::Reviewer(&r.email),
        None => export::Who::All,
    };
    let out = match args.format {
        Format::Text => export::text(&review, who),
        Format::Json => export::json(&review, who),
        Format::Trailers => export::trailers(&review, who),
    };
    write_stdout(&out)?;
    Ok(0)
}

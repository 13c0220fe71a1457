//! `git triage check [RANGE]`: the series, its findings and verdicts, for scripts and CI.

use clap::ValueEnum;
use git_triage::{report, Review};

use super::mail::MailArgs;
use super::{
    findings_code, stdout_style, warn_skipped, write_stdout, Global, PreviousArgs, Stdout,
};

#[derive(clap::Args)]
pub struct Args {
    /// The series: A..B, a single revision R (meaning R..HEAD), nothing for the upstream of
    /// HEAD (or its merge base with origin/HEAD, main or master), or mail (a file or
    /// directory, - for standard input).
    range: Option<String>,
    #[command(flatten)]
    mail: MailArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    #[command(flatten)]
    previous: PreviousArgs,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<u8> {
    let repo = global.repository()?;
    let source = args.mail.source(&repo, args.range.as_deref())?;
    let overview = args.previous.overview(&repo, &source, global)?;
    let review = match args.format {
        // JSON leads with the patches and ends with the summary: it is written as the diffs
        // are computed.
        Format::Json => {
            warn_skipped(&overview.notes, &overview.config.notes_ref);
            let mut out = Stdout::new();
            let review = report::write_json(&mut out, &repo, overview)?;
            out.finish()?;
            review
        }
        Format::Text => {
            let review = Review::of_overview(&repo, overview)?;
            warn_skipped(&review.notes, &review.config.notes_ref);
            write_stdout(&report::text(&review, stdout_style()))?;
            review
        }
    };
    Ok(findings_code(&review))
}

//! `git triage explain REV`: every piece of provenance evidence and the findings of one commit.

use git_triage::{report, Review, Series};

use super::{findings_code, write_stdout, Global};

#[derive(clap::Args)]
pub struct Args {
    /// The commit.
    rev: String,
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<u8> {
    let repo = global.repository()?;
    let series = Series::single(&repo, &args.rev)?;
    let review = Review::of(&repo, series, &global.sources())?;
    write_stdout(&report::explain(&review))?;
    Ok(findings_code(&review))
}

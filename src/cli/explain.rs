//! `git triage explain REV`: the sign-off, every piece of provenance evidence and the findings
//! of one commit, judged on the same base as `check` judges its series.

use git_triage::base::{self, Choice};
use git_triage::{report, sanitize, Review, Series};

use super::{findings_code, write_stdout, Global};

#[derive(clap::Args)]
pub struct Args {
    /// The commit.
    rev: String,

    /// The series the commit belongs to; its policy is read at A (default: the range `check`
    /// would use).
    #[arg(long, value_name = "A..B", conflicts_with = "base")]
    range: Option<String>,

    /// Judge the commit against the policy at this base.
    #[arg(long, value_name = "REV")]
    base: Option<String>,
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<u8> {
    let repo = global.repository()?;
    let id = git_triage::series::resolve(&repo, &args.rev)?;
    let choice = match (&args.range, &args.base) {
        (Some(range), _) => Choice::Range(range),
        (None, Some(b)) => Choice::Base(b),
        (None, None) => Choice::Default,
    };
    let chosen = base::choose(&repo, id, &args.rev, choice)?;
    let series = Series::single(&repo, id, chosen.base, args.rev.clone())?;
    let review = Review::of(&repo, series, &global.sources())?;
    let base = chosen
        .base
        .map_or_else(|| "none".to_string(), |b| b.to_string()[..12].to_string());
    let mut out = format!("base: {base} ({})\n", sanitize::escape(&chosen.why));
    out.push_str(&report::explain(&review));
    write_stdout(&out)?;
    Ok(findings_code(&review))
}

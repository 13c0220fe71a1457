//! `git triage verdict REV STATE [-m MSG]`: record a decision, as the TUI's keys do.

use clap::ValueEnum;
use git_triage::notes::{self, Reviewer, Verdict};
use git_triage::{export, sanitize, Review, Series};

use super::{write_stdout, Global};

#[derive(clap::Args)]
pub struct Args {
    /// The commit.
    rev: String,
    /// The decision; pending clears an earlier one.
    #[arg(value_enum)]
    state: StateArg,
    /// A comment; several -m make several paragraphs, as with git commit.
    #[arg(short, long = "message", value_name = "MSG")]
    message: Vec<String>,
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
    let series = Series::single(&repo, &args.rev)?;
    let review = Review::of(&repo, series, &global.sources())?;
    let reviewer = Reviewer::from_git(&repo)?;
    let comment = (!args.message.is_empty()).then(|| args.message.join("\n\n"));
    let patch = &review.series.patches[0];
    let verdict = Verdict::new(
        args.state.into(),
        &reviewer,
        review.diffs[0].patch_id,
        comment,
    );
    let written = notes::record(&repo, &review.config.notes_ref, patch.id, &verdict)?;
    write_stdout(&format!(
        "{} {} {} {} ({})\n",
        export::glyph(written.state),
        written.state.as_str(),
        &patch.id.to_string()[..12],
        sanitize::escape(&patch.subject),
        review.config.notes_ref
    ))?;
    Ok(0)
}

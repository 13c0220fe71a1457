//! `git triage range-diff OLD NEW`: the pairing of two versions of a series, printed as
//! `git range-diff --no-color` prints it.

use anyhow::Context as _;
use git_triage::versions;

use super::{write_stdout, Global};

#[derive(clap::Args)]
pub struct Args {
    /// The old version: A..B, or a single revision meaning its commits since its upstream (or
    /// merge base with origin/HEAD, main or master).
    old: String,
    /// The new version, likewise.
    new: String,
    /// How much leaving a patch unpaired costs, in percent of its size (git's default 60).
    #[arg(long, value_name = "N", default_value_t = versions::DEFAULT_CREATION_FACTOR)]
    creation_factor: i32,
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<u8> {
    let repo = global.repository()?;
    let read = |spec: &str| {
        versions::commits::load(&repo, spec).with_context(|| format!("reading {spec}"))
    };
    let (old, new) = (read(&args.old)?, read(&args.new)?);
    let pairing = versions::pair(&old, &new, args.creation_factor);
    write_stdout(&versions::render(&old, &new, &pairing))?;
    Ok(0)
}

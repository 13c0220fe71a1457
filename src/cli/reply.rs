//! `git triage reply [SERIES] [--mbox FILE | -o DIR]`: your verdicts and comments as replies
//! for the list, written to an mbox, a directory or standard output; nothing is sent.

use std::path::PathBuf;
use std::time::SystemTime;

use anyhow::Context as _;
use git_triage::notes::Reviewer;
use git_triage::reply::{self, Original};
use git_triage::Review;

use super::{warn_skipped, write_stdout, Global};

#[derive(clap::Args)]
pub struct Args {
    /// The series, as for check.
    series: Option<String>,
    /// Write the replies into this mbox file (without it: to standard output).
    #[arg(long, value_name = "FILE", conflicts_with = "output_directory")]
    mbox: Option<PathBuf>,
    /// Write each reply into its own file in this directory (created if needed).
    #[arg(short = 'o', long = "output-directory", value_name = "DIR")]
    output_directory: Option<PathBuf>,
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<u8> {
    let repo = global.repository()?;
    let review = Review::load(&repo, args.series.as_deref(), &global.sources())?;
    warn_skipped(&review.notes, &review.config.notes_ref);
    let me = Reviewer::from_git(&repo)?;
    let total = review.series.patches.len();
    let originals: Vec<Original> = review
        .series
        .patches
        .iter()
        .map(|p| Original::of_commit(p, total))
        .collect();
    let mails = reply::series(
        &reply::Reviewed::of(&review),
        &originals,
        None,
        &me,
        &review.config.reply,
        SystemTime::now(),
    );
    if mails.is_empty() {
        eprintln!(
            "nothing to reply: you ({}) have no verdict or comment on {}",
            git_triage::sanitize::escape(&me.email),
            git_triage::sanitize::escape(&review.series.range)
        );
        return Ok(0);
    }
    match (&args.mbox, &args.output_directory) {
        (Some(path), _) => {
            std::fs::write(path, reply::mbox(&mails))
                .with_context(|| format!("writing {}", path.display()))?;
            eprintln!(
                "{} repl{} written to {}; nothing was sent",
                mails.len(),
                if mails.len() == 1 { "y" } else { "ies" },
                path.display()
            );
        }
        (None, Some(dir)) => {
            std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
            let mut names = String::new();
            for m in &mails {
                let path = dir.join(&m.file_name);
                std::fs::write(&path, m.to_text())
                    .with_context(|| format!("writing {}", path.display()))?;
                names.push_str(&format!("{}\n", path.display()));
            }
            write_stdout(&names)?;
        }
        (None, None) => write_stdout(&reply::mbox(&mails))?,
    }
    Ok(0)
}

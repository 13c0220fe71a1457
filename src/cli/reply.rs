//! `git triage reply [SERIES] [--mbox FILE | -o DIR]`: your verdicts and comments as replies
//! for the list, written to an mbox, a directory or standard output; nothing is sent.

use std::path::PathBuf;
use std::time::SystemTime;

use anyhow::Context as _;
use git_triage::notes::Reviewer;
use git_triage::reply;

use super::mail::MailArgs;
use super::{warn_skipped, write_stdout, Global, PreviousArgs};

#[derive(clap::Args)]
pub struct Args {
    /// The series, as for check: a range, or mail (a file or directory, - for standard
    /// input), whose messages the replies then answer.
    series: Option<String>,
    /// Write the replies into this mbox file (without it: to standard output).
    #[arg(long, value_name = "FILE", conflicts_with = "output_directory")]
    mbox: Option<PathBuf>,
    /// Write each reply into its own file in this directory (created if needed).
    #[arg(short = 'o', long = "output-directory", value_name = "DIR")]
    output_directory: Option<PathBuf>,
    /// For mail: apply it onto this commit, as for check.
    #[arg(long, value_name = "REV")]
    base: Option<String>,
    /// For mail: review it from its patch text, without applying it.
    #[arg(long, conflicts_with = "base")]
    no_apply: bool,
    /// For mail holding several series: the one with this message.
    #[arg(long, value_name = "ID")]
    message_id: Option<String>,
    /// Your comments on the previous version are said again where their lines still read
    /// the same (not where the code under them changed).
    #[command(flatten)]
    previous: PreviousArgs,
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<u8> {
    let repo = global.repository()?;
    // `--mbox` names the output here; the mail read is the positional SERIES.
    let mail = MailArgs {
        base: args.base.clone(),
        no_apply: args.no_apply,
        message_id: args.message_id.clone(),
        ..MailArgs::default()
    };
    let source = mail.source(&repo, args.series.as_deref())?;
    let review = args.previous.review(&repo, &source, global)?;
    warn_skipped(&review.notes, &review.config.notes_ref);
    let me = Reviewer::from_git(&repo)?;
    let (originals, cover) = reply::originals(&review.series);
    let mails = reply::series(
        &reply::Reviewed::of(&review),
        &originals,
        cover.as_ref(),
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

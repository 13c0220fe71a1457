//! `git triage [RANGE]`: the TUI.

use super::mail::MailArgs;
use super::{Global, EXIT_ERROR};
use crate::tui;

#[derive(clap::Args)]
pub struct Args {
    /// The series to triage in the TUI: A..B, a single revision R (meaning R..HEAD), nothing
    /// for the upstream of HEAD, or mail (a file or directory, - for standard input).
    range: Option<String>,
    #[command(flatten)]
    mail: MailArgs,
    /// The previous version of the series, to see what changed since: A..B, or a revision
    /// meaning its commits since its upstream, e.g. topic@{1}; for mail, an older version in
    /// the same input, e.g. v2 (the newest one by default).
    #[arg(long, value_name = "OLD")]
    previous: Option<String>,
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<u8> {
    let repo = global.repository()?;
    let source = args.mail.source(&repo, args.range.as_deref())?;
    let mut session = tui::open(repo, &source, &global.sources())?;
    session.app.compare_with(args.previous.as_deref());
    ui(session)
}

/// Runs the TUI; a signal ends the process with 128 + its number, as shells expect.
pub fn ui(session: tui::Session) -> anyhow::Result<u8> {
    let color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    match tui::run(session, color)? {
        tui::Outcome::Quit(summary) => {
            // After the terminal is restored (the guard is gone), where it stays readable.
            println!("{summary}");
            Ok(0)
        }
        tui::Outcome::Signal(s, lost) => {
            for why in lost {
                eprintln!("error: {why}");
            }
            Ok(u8::try_from(128 + s).unwrap_or(EXIT_ERROR))
        }
    }
}

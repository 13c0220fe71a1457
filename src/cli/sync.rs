//! `git triage sync [REMOTE]`: share verdicts through a remote's notes ref.

use git_triage::{sync, Config};

use super::{write_stdout, Global};

#[derive(clap::Args)]
pub struct Args {
    /// The remote (default: the current branch's upstream remote, else origin).
    remote: Option<String>,
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<u8> {
    let repo = global.repository()?;
    let head = repo.head().ok().and_then(|h| h.target());
    let config = Config::load(&repo, head, &global.sources())?;
    let remote = args.remote.unwrap_or_else(|| sync::default_remote(&repo));
    let done = sync::sync(&repo, &config.notes_ref, &remote)?;
    let line = match (done.remote_had_notes, done.pushed) {
        (false, true) => format!("{} had none; pushed yours", done.remote),
        (false, false) => format!("neither you nor {} have verdicts yet", done.remote),
        (true, pushed) => format!(
            "{} with {}{}",
            done.local,
            done.remote,
            if pushed {
                ", pushed"
            } else {
                ", nothing to push"
            }
        ),
    };
    let retried = match done.retries {
        0 => String::new(),
        1 => " (retried once: another sync or writer moved the notes meanwhile)".to_string(),
        n => format!(" (retried {n} times: other syncs or writers moved the notes meanwhile)"),
    };
    write_stdout(&format!("{}: {line}{retried}\n", config.notes_ref))?;
    Ok(0)
}

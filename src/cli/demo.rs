//! `git triage demo`: an example repository, opened in the TUI (or checked without a terminal).

use std::io::IsTerminal;
use std::path::PathBuf;

use git_triage::report;

use super::{stdout_style, triage, write_stdout, Global, PreviousArgs};
use crate::{demo, tui};

#[derive(clap::Args)]
pub struct Args {
    /// Where to create it (default: a new directory under the system's temp dir).
    #[arg(long, value_name = "DIR")]
    path: Option<PathBuf>,
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<u8> {
    let dir = args.path.unwrap_or_else(demo::default_dir);
    let range = demo::create(&dir)?;
    let mbox = demo::mail(&dir)?;
    let repo = git_triage::open_repository(Some(&dir))?;
    let sources = global.sources();
    // Opened next to the version first sent, so that a newcomer sees what changed since.
    let source = git_triage::Source::Range(Some(range.clone()));
    let code = if std::io::stdout().is_terminal() {
        let mut session = tui::open(repo, &source, &sources)?;
        session.app.compare_with(Some(demo::PREVIOUS));
        triage::ui(session)?
    } else {
        let previous = PreviousArgs {
            previous: Some(demo::PREVIOUS.into()),
        };
        let review = previous.review(&repo, &source, global)?;
        write_stdout(&report::text(&review, stdout_style()))?;
        0
    };
    write_stdout(&format!(
        "The demo repository is at {dir}\n\
         Try there: git triage check, git triage explain HEAD^2, git log --notes=triage\n\
         What changed since the version you reviewed: git triage --previous {previous}\n\
         The same series as mail (with a reply): git triage {mbox}\n\
         (applied onto the base-commit it names, outside the repository; --no-apply: the text alone)\n\
         (`git triage` needs git-triage on your PATH: cargo install --path . ; or run\n\
         {exe} --git-dir {dir} check)\n",
        dir = dir.display(),
        mbox = mbox.display(),
        previous = demo::PREVIOUS,
        exe = std::env::current_exe()
            .map_or_else(|_| "git-triage".into(), |p| p.display().to_string()),
    ))?;
    Ok(code)
}

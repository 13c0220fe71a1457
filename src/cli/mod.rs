//! The command line: one module per command, each with its arguments and one `run` function.
//! Everything here is a thin layer over the library; errors become one `error:` line.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Parser, Subcommand};

use git_triage::{report, Review, Sources};

mod check;
mod comment;
mod demo;
mod explain;
mod export;
mod mail;
mod range_diff;
mod reply;
mod sync;
mod triage;
mod verdict;

/// Triage a patch series: critical areas, provenance and policy findings.
#[derive(Parser)]
#[command(name = "git-triage", version, about, propagate_version = true)]
struct Cli {
    #[command(flatten)]
    triage: triage::Args,

    #[command(flatten)]
    global: Global,

    #[command(subcommand)]
    command: Option<Command>,
}

/// Options every command takes.
#[derive(clap::Args)]
pub struct Global {
    /// Use this repository instead of discovering one from the current directory.
    #[arg(long, global = true, value_name = "DIR")]
    pub git_dir: Option<PathBuf>,

    /// Apply this configuration file last, over all other layers.
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Start from a compiled-in project policy (qemu, linux).
    #[arg(long, global = true, value_name = "NAME")]
    pub policy: Option<String>,

    /// Ignore the user's config.toml.
    #[arg(long, global = true)]
    pub no_user_config: bool,
}

impl Global {
    /// The configuration layers these options name.
    pub fn sources(&self) -> Sources {
        Sources {
            policy: self.policy.clone(),
            user: None,
            no_user: self.no_user_config,
            extra: self.config.clone(),
        }
    }

    /// The repository: `--git-dir`, else discovered as git does.
    pub fn repository(&self) -> Result<git2::Repository, git_triage::Error> {
        git_triage::open_repository(self.git_dir.as_deref())
    }
}

#[derive(Subcommand)]
enum Command {
    /// Check a series non-interactively; exit 1 when a finding is an error.
    Check(check::Args),
    /// Create an example QEMU-like repository with a series to triage, and triage it.
    Demo(demo::Args),
    /// Show every piece of provenance evidence, kept and ignored, and the findings for one commit.
    Explain(explain::Args),
    /// Record a verdict on a commit in git notes, as the TUI's a/r/w/u keys do.
    Verdict(verdict::Args),
    /// Comment on a line, a hunk, a file, the message or the patch, in git notes.
    Comment(comment::Args),
    /// Share verdicts: fetch the remote's notes, merge them (cat_sort_uniq), push the result.
    Sync(sync::Args),
    /// Print the verdicts of a series: as text, JSON, or trailers to paste into a reply.
    Export(export::Args),
    /// Write your verdicts and comments as mail replies for the list (nothing is sent).
    Reply(reply::Args),
    /// Pair the patches of two versions of a series as `git range-diff` does and show what
    /// changed: `=` same, `!` changed (with the diff between the two versions), `<` dropped,
    /// `>` new.
    RangeDiff(range_diff::Args),
}

/// Exit codes: 0 clean, 1 error findings, 2 usage or runtime error.
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_ERROR: u8 = 2;

/// Parses the command line, runs the command and turns its outcome into an exit status.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_ERROR } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let global = cli.global;
    let result = match cli.command {
        None => triage::run(cli.triage, &global),
        Some(Command::Check(args)) => check::run(args, &global),
        Some(Command::Demo(args)) => demo::run(args, &global),
        Some(Command::Explain(args)) => explain::run(args, &global),
        Some(Command::Verdict(args)) => verdict::run(args, &global),
        Some(Command::Comment(args)) => comment::run(args, &global),
        Some(Command::Sync(args)) => sync::run(args, &global),
        Some(Command::Export(args)) => export::run(args, &global),
        Some(Command::Reply(args)) => reply::run(args, &global),
        Some(Command::RangeDiff(args)) => range_diff::run(args, &global),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "error: {e:#}");
            ExitCode::from(EXIT_ERROR)
        }
    }
}

/// `--previous OLD`, for the commands that review a series.
#[derive(clap::Args)]
pub struct PreviousArgs {
    /// The previous version of the series, to say what changed since: A..B, or a single
    /// revision meaning its commits since its upstream (or merge base with origin/HEAD, main or
    /// master), e.g. topic@{1}; for mail, an older version in the same input, e.g. v2 (the
    /// newest one by default).
    #[arg(long, value_name = "OLD")]
    pub previous: Option<String>,
}

impl PreviousArgs {
    /// Reviews the series `source` names, next to the previous version when one was named.
    pub fn review(
        &self,
        repo: &git2::Repository,
        source: &git_triage::Source,
        global: &Global,
    ) -> anyhow::Result<Review> {
        Ok(Review::of_overview(
            repo,
            self.overview(repo, source, global)?,
        )?)
    }

    /// What needs no diff of the series `source` names, next to the previous version when one
    /// was named.
    pub fn overview(
        &self,
        repo: &git2::Repository,
        source: &git_triage::Source,
        global: &Global,
    ) -> anyhow::Result<git_triage::Overview> {
        let series = source.series(repo)?;
        let mut overview = git_triage::Overview::of(repo, series, &global.sources())?;
        let request = git_triage::versions::Request::new(
            repo,
            &overview.series,
            self.previous.as_deref(),
            git_triage::versions::DEFAULT_CREATION_FACTOR,
        );
        let context = || {
            let name = self.previous.as_deref().unwrap_or("the previous version");
            format!("reading the previous version {name}")
        };
        if let Some(request) = request.with_context(context)? {
            overview.previous = Some(request.run().with_context(context)?);
        }
        Ok(overview)
    }
}

/// 1 when a finding is an error, else 0.
pub fn findings_code(review: &Review) -> u8 {
    if review.has_errors() {
        EXIT_FINDINGS
    } else {
        0
    }
}

/// Says on stderr which note lines were not read (the first ten, then how many more), so a bad
/// line someone pushed is seen without hiding the report.
pub fn warn_skipped(notes: &git_triage::Notes, notes_ref: &str) {
    let skipped = notes.skipped();
    let mut err = std::io::stderr().lock();
    for s in skipped.iter().take(10) {
        let _ = writeln!(err, "warning: {notes_ref}: {s}");
    }
    if skipped.len() > 10 {
        let _ = writeln!(
            err,
            "warning: {notes_ref}: {} more note lines skipped",
            skipped.len() - 10
        );
    }
}

/// Colour only for a terminal, and never with `NO_COLOR` set (to anything but "").
pub fn stdout_style() -> report::Style {
    let color = std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    report::Style { color }
}

/// Writes to stdout; a closed pipe (`| head`) is not an error.
pub fn write_stdout(text: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => r.context("writing to stdout"),
    }
}

/// Buffered stdout for reports written as they are computed. A closed pipe (`| head`) is not
/// an error: the rest of the output is dropped and the command still ends with the status its
/// findings call for.
pub struct Stdout {
    out: std::io::BufWriter<std::io::Stdout>,
    closed: bool,
}

impl Stdout {
    pub fn new() -> Stdout {
        Stdout {
            out: std::io::BufWriter::with_capacity(1 << 16, std::io::stdout()),
            closed: false,
        }
    }

    /// Flushes what is left.
    pub fn finish(mut self) -> anyhow::Result<()> {
        self.flush().context("writing to stdout")
    }
}

impl Write for Stdout {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.closed {
            return Ok(buf.len());
        }
        match self.out.write(buf) {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(buf.len())
            }
            r => r,
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.closed {
            return Ok(());
        }
        match self.out.flush() {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(())
            }
            r => r,
        }
    }
}

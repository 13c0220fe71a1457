//! The `git-triage` command: a thin CLI over the library.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Parser, Subcommand, ValueEnum};

use git_triage::{report, Review, Sources};

mod demo;

/// Triage a patch series: critical areas, provenance and policy findings.
#[derive(Parser)]
#[command(name = "git-triage", version, about, propagate_version = true)]
struct Cli {
    /// Use this repository instead of discovering one from the current directory.
    #[arg(long, global = true, value_name = "DIR")]
    git_dir: Option<PathBuf>,

    /// Apply this configuration file last, over all other layers.
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,

    /// Start from a compiled-in project policy (qemu).
    #[arg(long, global = true, value_name = "NAME")]
    policy: Option<String>,

    /// Ignore the user's config.toml.
    #[arg(long, global = true)]
    no_user_config: bool,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check a series non-interactively; exit 1 when a finding is an error.
    Check {
        /// The series: A..B, a single revision R (meaning R..HEAD), or nothing for the
        /// upstream of HEAD (or its merge base with origin/HEAD, main or master).
        range: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Create an example QEMU-like repository with a series to triage, and triage it.
    Demo {
        /// Where to create it (default: a new directory under the system's temp dir).
        #[arg(long, value_name = "DIR")]
        path: Option<PathBuf>,
    },
    /// Show every piece of provenance evidence, kept and ignored, and the findings for one commit.
    Explain {
        /// The commit.
        rev: String,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

/// Exit codes: 0 clean, 1 error findings, 2 usage or runtime error.
const EXIT_FINDINGS: u8 = 1;
const EXIT_ERROR: u8 = 2;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_ERROR } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "error: {e:#}");
            ExitCode::from(EXIT_ERROR)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<u8> {
    let sources = Sources {
        policy: cli.policy.clone(),
        user: None,
        no_user: cli.no_user_config,
        extra: cli.config.clone(),
    };
    match cli.command {
        Command::Check { range, format } => {
            let repo = git_triage::open_repository(cli.git_dir.as_deref())?;
            let review = Review::load(&repo, range.as_deref(), &sources)?;
            let out = match format {
                Format::Json => report::json(&review),
                Format::Text => report::text(&review, stdout_style()),
            };
            write_stdout(&out)?;
            Ok(if review.has_errors() {
                EXIT_FINDINGS
            } else {
                0
            })
        }
        Command::Demo { path } => {
            let dir = path.unwrap_or_else(demo::default_dir);
            let range = demo::create(&dir)?;
            let repo = git_triage::open_repository(Some(&dir))?;
            let review = Review::load(&repo, Some(&range), &sources)?;
            let mut out = report::text(&review, stdout_style());
            out.push_str(&format!(
                "\nThe demo repository is at {}\nTry: cd {} && git triage check && git triage explain HEAD~1\n",
                dir.display(),
                dir.display()
            ));
            write_stdout(&out)?;
            Ok(0)
        }
        Command::Explain { rev } => {
            let repo = git_triage::open_repository(cli.git_dir.as_deref())?;
            let series = git_triage::Series::single(&repo, &rev)?;
            let review = Review::of(&repo, series, &sources)?;
            write_stdout(&report::explain(&review))?;
            Ok(if review.has_errors() {
                EXIT_FINDINGS
            } else {
                0
            })
        }
    }
}

/// Colour only for a terminal, and never with `NO_COLOR` set (to anything but "").
fn stdout_style() -> report::Style {
    let color = std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    report::Style { color }
}

/// Writes to stdout; a closed pipe (`| head`) is not an error.
fn write_stdout(text: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => r.context("writing to stdout"),
    }
}

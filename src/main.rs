//! The `git-triage` command: a thin CLI over the library.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Parser, Subcommand, ValueEnum};

use git_triage::notes::{self, Reviewer, Verdict};
use git_triage::{export, report, Review, Sources};

mod demo;
mod tui;

/// Triage a patch series: critical areas, provenance and policy findings.
#[derive(Parser)]
#[command(name = "git-triage", version, about, propagate_version = true)]
struct Cli {
    /// The series to triage in the TUI: A..B, a single revision R (meaning R..HEAD), or nothing
    /// for the upstream of HEAD.
    range: Option<String>,

    /// Use this repository instead of discovering one from the current directory.
    #[arg(long, global = true, value_name = "DIR")]
    git_dir: Option<PathBuf>,

    /// Apply this configuration file last, over all other layers.
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,

    /// Start from a compiled-in project policy (qemu, linux).
    #[arg(long, global = true, value_name = "NAME")]
    policy: Option<String>,

    /// Ignore the user's config.toml.
    #[arg(long, global = true)]
    no_user_config: bool,

    #[command(subcommand)]
    command: Option<Command>,
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
    /// Record a verdict on a commit in git notes, as the TUI's a/r/w/u keys do.
    Verdict {
        /// The commit.
        rev: String,
        /// The decision; pending clears an earlier one.
        #[arg(value_enum)]
        state: StateArg,
        /// A comment; several -m make several paragraphs, as with git commit.
        #[arg(short, long = "message", value_name = "MSG")]
        message: Vec<String>,
    },
    /// Share verdicts: fetch the remote's notes, merge them (cat_sort_uniq), push the result.
    Sync {
        /// The remote (default: the current branch's upstream remote, else origin).
        remote: Option<String>,
    },
    /// Print the verdicts of a series: as text, JSON, or trailers to paste into a reply.
    Export {
        /// The series, as for check.
        range: Option<String>,
        #[arg(long, value_enum, default_value_t = ExportFormat::Text)]
        format: ExportFormat,
        /// Everyone's verdicts, not only yours.
        #[arg(long)]
        all: bool,
    },
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

#[derive(Clone, Copy, ValueEnum)]
enum ExportFormat {
    Text,
    Json,
    Trailers,
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
    let command = match cli.command {
        Some(c) => c,
        None => {
            let repo = git_triage::open_repository(cli.git_dir.as_deref())?;
            let app = tui::open(repo, cli.range.as_deref(), &sources)?;
            return ui(app);
        }
    };
    match command {
        Command::Check { range, format } => {
            let repo = git_triage::open_repository(cli.git_dir.as_deref())?;
            let review = Review::load(&repo, range.as_deref(), &sources)?;
            let out = match format {
                Format::Json => report::json(&review),
                Format::Text => report::text(&review, stdout_style()),
            };
            write_stdout(&out)?;
            Ok(findings_code(&review))
        }
        Command::Demo { path } => {
            let dir = path.unwrap_or_else(demo::default_dir);
            let range = demo::create(&dir)?;
            let repo = git_triage::open_repository(Some(&dir))?;
            let code = if std::io::stdout().is_terminal() {
                let app = tui::open(repo, Some(&range), &sources)?;
                ui(app)?
            } else {
                let review = Review::load(&repo, Some(&range), &sources)?;
                write_stdout(&report::text(&review, stdout_style()))?;
                0
            };
            write_stdout(&format!(
                "The demo repository is at {dir}\n\
                 Try there: git triage check, git triage explain HEAD^2, git log --notes=triage\n\
                 (`git triage` needs git-triage on your PATH: cargo install --path . ; or run\n\
                 {exe} --git-dir {dir} check)\n",
                dir = dir.display(),
                exe = std::env::current_exe()
                    .map_or_else(|_| "git-triage".into(), |p| p.display().to_string()),
            ))?;
            Ok(code)
        }
        Command::Explain { rev } => {
            let repo = git_triage::open_repository(cli.git_dir.as_deref())?;
            let series = git_triage::Series::single(&repo, &rev)?;
            let review = Review::of(&repo, series, &sources)?;
            write_stdout(&report::explain(&review))?;
            Ok(findings_code(&review))
        }
        Command::Verdict {
            rev,
            state,
            message,
        } => {
            let repo = git_triage::open_repository(cli.git_dir.as_deref())?;
            let series = git_triage::Series::single(&repo, &rev)?;
            let review = Review::of(&repo, series, &sources)?;
            let reviewer = Reviewer::from_git(&repo)?;
            let comment = (!message.is_empty()).then(|| message.join("\n\n"));
            let patch = &review.series.patches[0];
            let verdict = Verdict::new(state.into(), &reviewer, review.diffs[0].patch_id, comment);
            let written = notes::record(&repo, &review.config.notes_ref, patch.id, &verdict)?;
            write_stdout(&format!(
                "{} {} {} {} ({})\n",
                export::glyph(written.state),
                written.state.as_str(),
                &patch.id.to_string()[..12],
                git_triage::sanitize::escape(&patch.subject),
                review.config.notes_ref
            ))?;
            Ok(0)
        }
        Command::Sync { remote } => {
            let repo = git_triage::open_repository(cli.git_dir.as_deref())?;
            let head = repo.head().ok().and_then(|h| h.target());
            let config = git_triage::Config::load(&repo, head, &sources)?;
            let remote = remote.unwrap_or_else(|| git_triage::sync::default_remote(&repo));
            let done = git_triage::sync::sync(&repo, &config.notes_ref, &remote)?;
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
            write_stdout(&format!("{}: {line}\n", config.notes_ref))?;
            Ok(0)
        }
        Command::Export { range, format, all } => {
            let repo = git_triage::open_repository(cli.git_dir.as_deref())?;
            let review = Review::load(&repo, range.as_deref(), &sources)?;
            let me = if all {
                None
            } else {
                Some(Reviewer::from_git(&repo)?)
            };
            let who = match &me {
                Some(r) => export::Who::Reviewer(&r.email),
                None => export::Who::All,
            };
            let out = match format {
                ExportFormat::Text => export::text(&review, who),
                ExportFormat::Json => export::json(&review, who),
                ExportFormat::Trailers => export::trailers(&review, who),
            };
            write_stdout(&out)?;
            Ok(0)
        }
    }
}

fn findings_code(review: &Review) -> u8 {
    if review.has_errors() {
        EXIT_FINDINGS
    } else {
        0
    }
}

/// Runs the TUI; a signal ends the process with 128 + its number, as shells expect.
fn ui(app: tui::app::App) -> anyhow::Result<u8> {
    let color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    match tui::run(app, color)? {
        tui::Outcome::Quit => Ok(0),
        tui::Outcome::Signal(s) => Ok(u8::try_from(128 + s).unwrap_or(EXIT_ERROR)),
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

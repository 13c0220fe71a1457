//! The `git-triage` command: a thin CLI ([`cli`]) and TUI ([`tui`]) over the library.

mod cli;
mod demo;
mod tui;

fn main() -> std::process::ExitCode {
    cli::main()
}

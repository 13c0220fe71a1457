//! `cargo bench --bench check`: how `git triage check` compares with git's own C code doing the
//! same diffs (`git log -p -M --no-color`) over a 1,000-commit range of a large synthetic
//! repository, and how quickly a series can be listed without its hunks.
//!
//! The repository is generated once with `git fast-import` under `target/bench-repo` (5,000
//! files in a QEMU-like tree, a base commit and 1,000 patches of 1-8 files each, with renames and
//! additions, repacked as a clone would be) and reused by later runs. Pass `--repo DIR --range A..B` to measure a real
//! repository instead.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{bench_repo, median, PATCHES, RUNS};

fn time_command(dir: &Path, program: &str, args: &[&str]) -> Duration {
    median(
        (0..RUNS)
            .map(|_| {
                let start = Instant::now();
                let status = Command::new(program)
                    .args(args)
                    .current_dir(dir)
                    .stdout(Stdio::null())
                    .status()
                    .unwrap();
                assert!(
                    status.code().is_some_and(|c| c <= 1),
                    "{program} {args:?} failed"
                );
                start.elapsed()
            })
            .collect(),
    )
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let opt = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let (dir, range) = match (opt("--repo"), opt("--range")) {
        (Some(d), Some(r)) => (PathBuf::from(d), r),
        _ => (bench_repo(), format!("HEAD~{PATCHES}..HEAD")),
    };
    let triage = env!("CARGO_BIN_EXE_git-triage");
    let git_log = time_command(&dir, "git", &["log", "-p", "-M", "--no-color", &range]);
    let check = time_command(
        &dir,
        triage,
        &["--no-user-config", "check", "--format", "json", &range],
    );

    let repo = git_triage::open_repository(
        Some(&dir.join(".git"))
            .filter(|p| p.exists())
            .map(|p| p.as_path())
            .or(Some(&dir)),
    )
    .unwrap();
    let list = median(
        (0..RUNS)
            .map(|_| {
                let start = Instant::now();
                let series = git_triage::Series::load(&repo, Some(&range)).unwrap();
                std::hint::black_box(series.patches.len());
                start.elapsed()
            })
            .collect(),
    );
    let patches = git_triage::Series::load(&repo, Some(&range))
        .unwrap()
        .patches
        .len();
    println!("repository: {}", dir.display());
    println!("range: {range} ({patches} commits), median of {RUNS} runs");
    println!(
        "git log -p -M --no-color       {:>8.1} ms",
        git_log.as_secs_f64() * 1e3
    );
    println!(
        "git triage check --format json {:>8.1} ms",
        check.as_secs_f64() * 1e3
    );
    println!(
        "ratio check / git log          {:>8.2}",
        check.as_secs_f64() / git_log.as_secs_f64()
    );
    println!(
        "list series (no diffs)         {:>8.1} ms",
        list.as_secs_f64() * 1e3
    );
}

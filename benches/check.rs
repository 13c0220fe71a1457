//! `cargo bench --bench check`: how `git triage check` compares with git's own C code doing the
//! same diffs (`git log -p -M --no-color`) over a 1,000-commit range of a large synthetic
//! repository, in wall time (median and minimum) and peak memory, and how quickly a series can
//! be listed without its hunks.
//!
//! The repository is generated once with `git fast-import` under `target/bench-repo` (5,000
//! files in a QEMU-like tree, a base commit and 1,000 patches of 1-8 files each, with renames and
//! additions, repacked as a clone would be) and reused by later runs. Pass `--repo DIR --range
//! A..B` to measure a real repository instead, and `--runs N` for more or fewer runs.

mod common;

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{bench_repo, median, median_min, ms, time_and_peak, PATCHES, RUNS};

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
    let runs = opt("--runs").and_then(|r| r.parse().ok()).unwrap_or(RUNS);
    let triage = env!("CARGO_BIN_EXE_git-triage");
    let commands: [(&str, &str, Vec<&str>); 3] = [
        (
            "git log -p -M --no-color",
            "git",
            vec!["log", "-p", "-M", "--no-color", &range],
        ),
        (
            "git triage check --format json",
            triage,
            vec!["--no-user-config", "check", "--format", "json", &range],
        ),
        (
            "git triage check (text)",
            triage,
            vec!["--no-user-config", "check", &range],
        ),
    ];
    // Interleaved, so that a busy moment of the machine falls on every command alike.
    let mut results: Vec<(Vec<Duration>, u64)> = vec![(Vec::new(), 0); commands.len()];
    for _ in 0..runs {
        for (k, (_, program, args)) in commands.iter().enumerate() {
            let mut cmd = Command::new(program);
            cmd.args(args).current_dir(&dir).stdout(Stdio::null());
            let (t, peak) = time_and_peak(&mut cmd);
            results[k].0.push(t);
            results[k].1 = results[k].1.max(peak);
        }
    }

    let repo = git_triage::open_repository(
        Some(&dir.join(".git"))
            .filter(|p| p.exists())
            .map(|p| p.as_path())
            .or(Some(&dir)),
    )
    .unwrap();
    let list = median(
        (0..runs)
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
    println!("range: {range} ({patches} commits), {runs} runs each, interleaved");
    let git_median = median_min(&results[0].0).0;
    for ((name, _, _), (times, peak)) in commands.iter().zip(&results) {
        let (med, min) = median_min(times);
        println!(
            "{name:<32} median {:>8.1} ms  min {:>8.1} ms  ratio {:>5.2}  peak RSS {:>6.1} MiB",
            ms(med),
            ms(min),
            med.as_secs_f64() / git_median.as_secs_f64(),
            *peak as f64 / 1024.0
        );
    }
    println!("list the series (headers, no diffs)   {:>8.1} ms", ms(list));
}

//! `cargo bench --bench range_diff`: pairing two 100-patch versions of a series, side by side
//! with `git range-diff` on the same input, in the synthetic repository of the other benches.
//!
//! Two inputs: a re-roll (v1 = the last 100 patches; v2 = the same rebuilt with cherry-picks,
//! some amended with an extra file, some reworded, a few dropped, a few new ones added), and
//! the worst case of two unrelated 100-patch ranges, where every pair's diff-of-diffs must be
//! sized. The re-roll is built once in `target/bench-rangediff` (a shared clone). Pass
//! `--repo DIR --old A..B --new C..D` to measure a real repository instead.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{bench_repo, median, RUNS};

fn git(dir: &Path, args: &[&str]) -> bool {
    Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_COMMITTER_NAME", "Bench")
        .env("GIT_COMMITTER_EMAIL", "bench@example.org")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap()
        .success()
}

/// A clone of the bench repository with branch `v2`: a re-roll of its last 100 patches.
fn reroll_repo() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-rangediff");
    if dir.join(".bench-ready").exists() {
        return dir;
    }
    let source = bench_repo();
    let _ = std::fs::remove_dir_all(&dir);
    eprintln!("building a re-roll in {} ...", dir.display());
    let ok = Command::new("git")
        .args(["clone", "-q", "--shared"])
        .arg(&source)
        .arg(&dir)
        .status()
        .unwrap()
        .success();
    assert!(ok, "clone");
    let list = Command::new("git")
        .args(["rev-list", "--reverse", "HEAD~100..HEAD"])
        .current_dir(&dir)
        .output()
        .unwrap();
    let commits: Vec<String> = String::from_utf8(list.stdout)
        .unwrap()
        .lines()
        .map(String::from)
        .collect();
    assert!(git(&dir, &["checkout", "-q", "-b", "v2", "HEAD~100"]));
    for (k, c) in commits.iter().enumerate() {
        if k % 33 == 5 {
            continue; // dropped
        }
        if !git(&dir, &["cherry-pick", "-X", "theirs", c]) {
            assert!(git(&dir, &["cherry-pick", "--skip"]));
            continue;
        }
        if k % 4 == 1 {
            std::fs::write(dir.join(format!("v2-note-{k}.txt")), format!("note {k}\n")).unwrap();
            assert!(git(&dir, &["add", "-A"]));
            assert!(git(&dir, &["commit", "-q", "--amend", "--no-edit"]));
        } else if k % 9 == 2 {
            let msg = format!("area: patch {k}, reworded\n\nBetter words.\n");
            assert!(git(&dir, &["commit", "-q", "--amend", "-m", &msg]));
        }
        if k % 33 == 20 {
            std::fs::write(dir.join(format!("v2-new-{k}.txt")), format!("new {k}\n")).unwrap();
            assert!(git(&dir, &["add", "-A"]));
            assert!(git(
                &dir,
                &["commit", "-q", "-m", &format!("new patch {k}")]
            ));
        }
    }
    std::fs::write(dir.join(".bench-ready"), "").unwrap();
    dir
}

fn time_command(dir: &Path, program: &str, args: &[&str]) -> Duration {
    median(
        (0..RUNS)
            .map(|_| {
                let start = Instant::now();
                let ok = Command::new(program)
                    .args(args)
                    .current_dir(dir)
                    .stdout(Stdio::null())
                    .status()
                    .unwrap()
                    .success();
                assert!(ok, "{program} {args:?}");
                start.elapsed()
            })
            .collect(),
    )
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn measure(label: &str, dir: &Path, old: &str, new: &str) {
    let repo = git_triage::open_repository(
        Some(&dir.join(".git"))
            .filter(|p| p.exists())
            .map(|p| p.as_path())
            .or(Some(dir)),
    )
    .unwrap();
    let load = || {
        (
            git_triage::versions::commits::load(&repo, old).unwrap(),
            git_triage::versions::commits::load(&repo, new).unwrap(),
        )
    };
    let (a, b) = load();
    let load_time = median(
        (0..RUNS)
            .map(|_| {
                let start = Instant::now();
                std::hint::black_box(load());
                start.elapsed()
            })
            .collect(),
    );
    let pair_time = median(
        (0..RUNS)
            .map(|_| {
                let start = Instant::now();
                std::hint::black_box(git_triage::versions::pair(&a, &b, 60));
                start.elapsed()
            })
            .collect(),
    );
    let pairing = git_triage::versions::pair(&a, &b, 60);
    let states = (0..b.len())
        .map(|j| pairing.state(&a, &b, j).mark())
        .collect::<String>();
    let git = time_command(dir, "git", &["range-diff", "--no-color", old, new]);
    let triage = time_command(
        dir,
        env!("CARGO_BIN_EXE_git-triage"),
        &["range-diff", old, new],
    );
    println!(
        "{label}: {old} ({} patches) vs {new} ({} patches), median of {RUNS} runs",
        a.len(),
        b.len()
    );
    println!(
        "  states: {} unchanged, {} changed, {} new, {} dropped",
        states.matches('=').count(),
        states.matches('!').count(),
        states.matches('>').count(),
        pairing.dropped().len()
    );
    println!("  git range-diff --no-color     {:>8.1} ms", ms(git));
    println!("  git triage range-diff         {:>8.1} ms", ms(triage));
    println!(
        "  ratio triage / git            {:>8.2}",
        triage.as_secs_f64() / git.as_secs_f64()
    );
    println!("  library: read both versions   {:>8.1} ms", ms(load_time));
    println!("  library: pair                 {:>8.1} ms", ms(pair_time));
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let opt = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    if let (Some(dir), Some(old), Some(new)) = (opt("--repo"), opt("--old"), opt("--new")) {
        measure("given", Path::new(&dir), &old, &new);
        return;
    }
    let dir = reroll_repo();
    measure("re-roll", &dir, "main~100..main", "main~100..v2");
    measure("unrelated", &dir, "main~200..main~100", "main~100..main");
}

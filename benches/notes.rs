//! `cargo bench --bench notes`: reading verdicts from very large notes, side by side with git
//! reading the same note (`git notes show`).
//!
//! A repository under `target/bench-notes` gets one commit whose note has 300,000 verdict lines
//! from 300,000 reviewers (the shape that made reading quadratic), and one whose note has
//! 300,000 lines from one reviewer (a long history). Measured: git printing each note, the
//! library loading every note and computing what reports show, and `git triage check --format
//! json` end to end (median of 5 runs).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const LINES: usize = 300_000;
const RUNS: usize = 5;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// This thread's time on a CPU so far (the machine may be shared: wall time alone would
/// measure the neighbours too).
fn cpu() -> Duration {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").unwrap_or_default();
    let ns = stat
        .split(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    Duration::from_nanos(ns)
}

/// Median wall time and median CPU time of this thread over `RUNS` runs.
fn time<F: FnMut()>(mut f: F) -> (Duration, Duration) {
    let (mut wall, mut on_cpu) = (Vec::new(), Vec::new());
    for _ in 0..RUNS {
        let (start, c) = (Instant::now(), cpu());
        f();
        wall.push(start.elapsed());
        on_cpu.push(cpu() - c);
    }
    (median(wall), median(on_cpu))
}

/// Median wall time of a command (its CPU time is another process's).
fn time_command<F: FnMut()>(mut f: F) -> Duration {
    median(
        (0..RUNS)
            .map(|_| {
                let start = Instant::now();
                f();
                start.elapsed()
            })
            .collect(),
    )
}

fn git(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> String {
    use std::io::Write;
    let mut child = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_COMMITTER_DATE", "1700000000 +0000")
        .env("GIT_AUTHOR_DATE", "1700000000 +0000")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    if let Some(data) = stdin {
        input.write_all(data).unwrap();
    }
    drop(input);
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "git {args:?}");
    String::from_utf8(out.stdout).unwrap()
}

/// A line per reviewer (`many`), or every line by one reviewer (`one`).
fn note(many: bool) -> String {
    let mut text = String::with_capacity(LINES * 140);
    for r in 0..LINES {
        let (name, email) = if many {
            (format!("Reviewer {r}"), format!("r{r}@example.org"))
        } else {
            ("Jane Doe".to_string(), "jane@example.org".to_string())
        };
        let state = ["accept", "reject", "needs-work"][r % 3];
        text.push_str(&format!(
            "Triage-Verdict: v1 2026-01-{:02}T{:02}:{:02}:{:02}.{:03}Z {state} patch-id=4f1c00000000000000000000000000000000e2e2 {name} <{email}> \"comment {r}\"\n",
            1 + r / 3_600_000,
            r / 60_000 % 60,
            r / 1000 % 60,
            r % 60,
            r % 1000
        ));
    }
    text
}

fn repo() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-notes");
    if dir.join(".git/refs/notes/triage").exists() {
        return dir;
    }
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    git(&dir, &["init", "-q", "-b", "main"], None);
    git(&dir, &["config", "user.name", "Bench"], None);
    git(&dir, &["config", "user.email", "bench@example.org"], None);
    git(&dir, &["commit", "-q", "--allow-empty", "-m", "base"], None);
    for n in ["many", "one"] {
        std::fs::write(dir.join(n), n).unwrap();
        git(&dir, &["add", n], None);
        let msg = format!("add {n}\n\nSigned-off-by: Bench <bench@example.org>");
        git(&dir, &["commit", "-q", "-m", &msg], None);
    }
    let many = git(&dir, &["rev-parse", "HEAD~1"], None);
    let one = git(&dir, &["rev-parse", "HEAD"], None);
    let mut script =
        b"commit refs/notes/triage\ncommitter C <c@x> 1700000000 +0000\ndata 6\nnotes\n".to_vec();
    for (commit, text) in [(many.trim(), note(true)), (one.trim(), note(false))] {
        script.extend_from_slice(format!("N inline {commit}\ndata {}\n", text.len()).as_bytes());
        script.extend_from_slice(text.as_bytes());
        script.push(b'\n');
    }
    git(&dir, &["fast-import", "--quiet"], Some(&script));
    dir
}

fn main() {
    let dir = repo();
    let many = git(&dir, &["rev-parse", "HEAD~1"], None).trim().to_string();
    let one = git(&dir, &["rev-parse", "HEAD"], None).trim().to_string();
    let repo = git2::Repository::open(&dir).unwrap();
    let show = |commit: &str| {
        time_command(|| {
            let out = Command::new("git")
                .args(["notes", "--ref=triage", "show", commit])
                .current_dir(&dir)
                .stdout(Stdio::null())
                .status()
                .unwrap();
            assert!(out.success());
        })
    };
    let (show_many, show_one) = (show(&many), show(&one));
    let load = time(|| {
        let notes = git_triage::Notes::load(&repo, "refs/notes/triage").unwrap();
        std::hint::black_box(notes.history(git2::Oid::from_str(&many).unwrap()).len());
    });
    let notes = git_triage::Notes::load(&repo, "refs/notes/triage").unwrap();
    let shown = |commit: &str| {
        let oid = git2::Oid::from_str(commit).unwrap();
        time(|| {
            std::hint::black_box(notes.shown(oid, None, None).len());
        })
    };
    let (shown_many, shown_one) = (shown(&many), shown(&one));
    let check = time_command(|| {
        let out = Command::new(env!("CARGO_BIN_EXE_git-triage"))
            .args([
                "--no-user-config",
                "check",
                "--format",
                "json",
                "main~2..main",
            ])
            .current_dir(&dir)
            .stdout(Stdio::null())
            .status()
            .unwrap();
        assert!(out.code().is_some_and(|c| c <= 1));
    });
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let both =
        |(w, c): (Duration, Duration)| format!("{:>8.1} ms  ({:.1} ms on the CPU)", ms(w), ms(c));
    println!(
        "two notes of {LINES} lines each ({}), median of {RUNS} runs",
        dir.display()
    );
    println!(
        "git notes show, one line per reviewer   {:>8.1} ms",
        ms(show_many)
    );
    println!(
        "git notes show, one reviewer's history  {:>8.1} ms",
        ms(show_one)
    );
    println!("Notes::load (both notes)                {}", both(load));
    println!(
        "shown(), one line per reviewer          {}",
        both(shown_many)
    );
    println!(
        "shown(), one reviewer's history         {}",
        both(shown_one)
    );
    println!(
        "git triage check --format json (both)   {:>8.1} ms",
        ms(check)
    );
}

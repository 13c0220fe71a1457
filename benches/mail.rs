//! `cargo bench --bench mail`: reading mail, side by side with git doing the same parsing; the
//! TUI's first frame on a 1,000-message mbox; and `check` on a 100-patch mailed series applied
//! in memory, side by side with `git am` of the same mbox into a scratch clone; and the
//! `check --mbox --base` process on 100 and 1,000 patches (and on real history when given),
//! wall time and peak memory beside `git am`'s.
//!
//! Inputs: a 1,000-message mbox made by `git format-patch --stdout` from the synthetic
//! repository of the other benchmarks (`target/bench-repo`, built once), and the 450 messages
//! of real list mail in `../shared/corpus/mail/` when present. For each: git-triage splitting
//! and reading every message (`mail::read`), assembling the series, and reading every patch's
//! files and hunks; against `git mailsplit` plus one `git mailinfo -u` per message, which is
//! what `git am` runs before it applies anything.

mod common;

#[allow(dead_code, unused_imports)]
#[path = "../src/tui/mod.rs"]
mod tui;

// The TUI's own tests (compiled here too when benches are built in test mode) use the demo.
#[allow(dead_code)]
#[path = "../src/demo.rs"]
mod demo;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{bench_repo, median, PATCHES, RUNS};
use git_triage::mail;

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn git_am_parsing(mbox: &Path, mboxrd: bool) -> Duration {
    let out = tempfile::tempdir().unwrap();
    let start = Instant::now();
    let mut split = Command::new("git");
    split.arg("mailsplit");
    if mboxrd {
        split.arg("--mboxrd");
    }
    let status = split
        .arg(format!("-o{}", out.path().display()))
        .arg(mbox)
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let mut files: Vec<_> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for f in files {
        let status = Command::new("git")
            .args(["mailinfo", "-u"])
            .arg(out.path().join("msg"))
            .arg(out.path().join("patch"))
            .stdin(std::fs::File::open(&f).unwrap())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .current_dir(out.path())
            .status()
            .unwrap();
        std::hint::black_box(status);
    }
    start.elapsed()
}

fn measure(name: &str, mbox: &Path, mboxrd: bool) {
    let count = mail::read(mbox).unwrap().1.len();
    let read = median(
        (0..RUNS)
            .map(|_| {
                let start = Instant::now();
                std::hint::black_box(mail::read(mbox).unwrap());
                start.elapsed()
            })
            .collect(),
    );
    let messages = mail::read(mbox).unwrap().1;
    let start = Instant::now();
    let series = mail::assemble(messages.clone());
    let assemble = start.elapsed();
    let start = Instant::now();
    for m in &messages {
        std::hint::black_box(mail::patch::parse(&m.patch, &[]));
    }
    let hunks = start.elapsed();
    let git = git_am_parsing(mbox, mboxrd);
    let bytes = std::fs::metadata(mbox).unwrap().len();
    println!(
        "{name}: {count} messages, {:.1} MB, {} series",
        bytes as f64 / 1e6,
        series.len()
    );
    println!(
        "  mail::read (split + every message)   {:>8.1} ms  ({:.3} ms per message)",
        ms(read),
        ms(read) / count as f64
    );
    println!(
        "  mail::assemble                       {:>8.1} ms",
        ms(assemble)
    );
    println!(
        "  mail::patch::parse (every patch)     {:>8.1} ms",
        ms(hunks)
    );
    println!(
        "  git mailsplit + git mailinfo -u each {:>8.1} ms  ({:.1}x ours)",
        ms(git),
        git.as_secs_f64() / read.as_secs_f64()
    );
}

/// `git format-patch --stdout ARGS` in `repo`, kept under `target/NAME`.
fn mbox(repo: &Path, name: &str, args: &[&str]) -> std::path::PathBuf {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target")
        .join(name);
    if !path.exists() {
        let out = Command::new("git")
            .arg("format-patch")
            .arg("--stdout")
            .args(args)
            .current_dir(repo)
            .output()
            .unwrap();
        assert!(out.status.success());
        std::fs::write(&path, out.stdout).unwrap();
    }
    path
}

fn sources() -> git_triage::Sources {
    git_triage::Sources {
        no_user: true,
        ..Default::default()
    }
}

/// Everything `git triage MAIL` does before its first draw (open, read and assemble the mail,
/// apply it when asked, config, provenance, verdicts, build the app, draw 120x40).
fn first_frame(repo: &Path, mbox: &Path, no_apply: bool) -> Duration {
    let start = Instant::now();
    let handle = git_triage::open_repository(Some(repo)).unwrap();
    let source = git_triage::Source::Mail(mail::MailInput {
        path: mbox.to_path_buf(),
        no_apply,
        ..Default::default()
    });
    let mut session = tui::open(handle, &source, &sources()).unwrap();
    session.app.size = (120, 40);
    let theme = tui::theme::Theme::new(&session.app.config, true);
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40)).unwrap();
    terminal
        .draw(|f| tui::view::render(&session.app, &theme, f))
        .unwrap();
    start.elapsed()
}

/// Reading and applying a mailed series in memory (what the TUI does after its first frame).
fn applied(repo: &Path, mbox: &Path) -> Duration {
    let start = Instant::now();
    let handle = git_triage::open_repository(Some(repo)).unwrap();
    let input = mail::MailInput {
        path: mbox.to_path_buf(),
        ..Default::default()
    };
    let series = mail::source::load(&handle, &input).unwrap();
    assert!(series.patches.iter().all(|p| p.commit.is_some()));
    start.elapsed()
}

/// `check --format json` of a mailed series applied onto its base-commit, in-process.
fn check(repo: &Path, mbox: &Path) -> Duration {
    let start = Instant::now();
    let handle = git_triage::open_repository(Some(repo)).unwrap();
    let source = git_triage::Source::Mail(mail::MailInput {
        path: mbox.to_path_buf(),
        ..Default::default()
    });
    let series = source.series(&handle).unwrap();
    assert!(series.patches.iter().all(|p| p.commit.is_some()));
    let overview = git_triage::Overview::of(&handle, series, &sources()).unwrap();
    let mut out = Vec::new();
    git_triage::report::write_json(&mut out, &handle, overview).unwrap();
    std::hint::black_box(out);
    start.elapsed()
}

/// `git am` of `mbox` on `base` in a scratch clone (cloned and checked out before the clock
/// starts).
fn git_am(repo: &Path, base: &str, mbox: &Path) -> Duration {
    let scratch = tempfile::tempdir().unwrap();
    let dst = scratch.path().join("c");
    let git = |dir: &Path, args: &[&str]| {
        let out = Command::new("git")
            .args([
                "-c",
                "user.name=Bench",
                "-c",
                "user.email=bench@example.org",
            ])
            .args(args)
            .current_dir(dir)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    git(
        repo,
        &[
            "clone",
            "-q",
            "--shared",
            "--no-checkout",
            &repo.display().to_string(),
            &dst.display().to_string(),
        ],
    );
    git(&dst, &["checkout", "-q", "--detach", base]);
    let start = Instant::now();
    git(&dst, &["am", "-q", &mbox.display().to_string()]);
    start.elapsed()
}

fn mail_series(repo: &Path) {
    let base = |n: usize| format!("--base=HEAD~{n}");
    let text = mbox(
        repo,
        "bench-1000.mbox",
        &[
            "--thread",
            "--cover-letter",
            &format!("HEAD~{PATCHES}..HEAD"),
        ],
    );
    let based = mbox(
        repo,
        "bench-1000-base.mbox",
        &[
            "--thread",
            "--cover-letter",
            &base(PATCHES),
            &format!("HEAD~{PATCHES}..HEAD"),
        ],
    );
    let hundred = mbox(
        repo,
        "bench-100-base.mbox",
        &["--thread", &base(100), "HEAD~100..HEAD"],
    );
    let frame = |mbox: &Path, no_apply: bool| {
        median(
            (0..RUNS)
                .map(|_| first_frame(repo, mbox, no_apply))
                .collect(),
        )
    };
    println!("first frame of the TUI (120x40), median of {RUNS}:");
    println!(
        "  1,000-message mbox, read from the text     {:>8.1} ms",
        ms(frame(&text, true))
    );
    println!(
        "  1,000-message mbox with its base here      {:>8.1} ms  (applied in the background after)",
        ms(frame(&based, false))
    );
    let apply = median((0..RUNS).map(|_| applied(repo, &based)).collect());
    println!(
        "  reading and applying those 1,000 patches   {:>8.1} ms  ({:.2} ms a patch)",
        ms(apply),
        ms(apply) / PATCHES as f64
    );
    let ours = median((0..RUNS).map(|_| check(repo, &hundred)).collect());
    let commit = |rev: &str| {
        let out = Command::new("git")
            .args(["rev-parse", rev])
            .current_dir(repo)
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    };
    let theirs = median(
        (0..RUNS)
            .map(|_| git_am(repo, &commit("HEAD~100"), &hundred))
            .collect(),
    );
    println!("100-patch mailed series, median of {RUNS}:");
    println!(
        "  git triage check --mbox (applied, JSON)     {:>8.1} ms",
        ms(ours)
    );
    println!(
        "  git am into a scratch clone                 {:>8.1} ms  ({:.2}x ours)",
        ms(theirs),
        theirs.as_secs_f64() / ours.as_secs_f64()
    );
}

/// Runs `program ARGS` in `dir` to its end under GNU time: its wall time and peak resident
/// memory in KiB (`None` without `/usr/bin/time`). A child forked from this process would
/// report this process's peak as its own, so the measuring is left to time.
fn timed(program: &str, args: &[std::ffi::OsString], dir: &Path) -> (Duration, Option<u64>) {
    let out = tempfile::NamedTempFile::new().unwrap();
    let time = Path::new("/usr/bin/time");
    let mut cmd = if time.exists() {
        let mut c = Command::new(time);
        c.arg("-o").arg(out.path()).args(["-f", "%M", program]);
        c
    } else {
        Command::new(program)
    };
    let start = Instant::now();
    let status = cmd
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    let elapsed = start.elapsed();
    assert!(status.code().is_some_and(|c| c <= 1), "{program}: {status}");
    let kib = std::fs::read_to_string(out.path())
        .ok()
        .and_then(|t| t.lines().last()?.trim().parse().ok());
    (elapsed, kib)
}

/// The `git-triage check --mbox MBOX --base BASE` process beside `git am MBOX` in a scratch
/// clone (`git clone --shared`) of `repo` at `base`: wall time and peak memory of each.
fn process_beside_git_am(name: &str, repo: &Path, mbox: &Path, base: &str) {
    let os = |s: &str| std::ffi::OsString::from(s);
    let ours_args = [
        os("check"),
        os("--format"),
        os("json"),
        os("--base"),
        os(base),
        os("--mbox"),
        mbox.as_os_str().to_owned(),
    ];
    let (ours, ours_kib) = timed(env!("CARGO_BIN_EXE_git-triage"), &ours_args, repo);
    let scratch = tempfile::tempdir().unwrap();
    let dst = scratch.path().join("c");
    let ok = |cmd: &mut Command| assert!(cmd.stderr(Stdio::null()).status().unwrap().success());
    ok(Command::new("git")
        .args(["clone", "-q", "--shared", "--no-checkout"])
        .arg(repo)
        .arg(&dst));
    ok(Command::new("git")
        .args(["checkout", "-q", "--detach", base])
        .current_dir(&dst));
    let am_args = [
        os("-c"),
        os("user.name=Bench"),
        os("-c"),
        os("user.email=bench@example.org"),
        os("am"),
        os("-q"),
        mbox.as_os_str().to_owned(),
    ];
    let (theirs, theirs_kib) = timed("git", &am_args, &dst);
    let kib = |k: Option<u64>| k.map_or("n/a".into(), |k| format!("{k} KiB"));
    println!("{name}, one run each:");
    println!(
        "  git triage check --mbox --base (process)   {:>8.2} s  {:>12} peak",
        ours.as_secs_f64(),
        kib(ours_kib)
    );
    println!(
        "  git am into a scratch clone                {:>8.2} s  {:>12} peak",
        theirs.as_secs_f64(),
        kib(theirs_kib)
    );
}

fn main() {
    let repo = bench_repo();
    mail_series(&repo);
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("target");
    let base = |n: usize| {
        let out = Command::new("git")
            .args(["rev-parse", &format!("HEAD~{n}")])
            .current_dir(&repo)
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    };
    process_beside_git_am(
        "100-patch mailed series",
        &repo,
        &target.join("bench-100-base.mbox"),
        &base(100),
    );
    // No cover letter: git am stops at a message without a patch.
    let thousand = mbox(
        &repo,
        "bench-1000-am.mbox",
        &[
            &format!("--base=HEAD~{PATCHES}"),
            &format!("HEAD~{PATCHES}..HEAD"),
        ],
    );
    process_beside_git_am(
        "1,000-patch mailed series",
        &repo,
        &thousand,
        &base(PATCHES),
    );
    // Real history, when given: BENCH_MAIL_REPO, BENCH_MAIL_MBOX and BENCH_MAIL_BASE, e.g. a
    // clone of git.git, `git format-patch --stdout --no-merges v2.50.0..v2.55.0` with the
    // patches that apply in order, and v2.50.0 (README, "Speed").
    if let (Ok(r), Ok(m), Ok(b)) = (
        std::env::var("BENCH_MAIL_REPO"),
        std::env::var("BENCH_MAIL_MBOX"),
        std::env::var("BENCH_MAIL_BASE"),
    ) {
        process_beside_git_am(&format!("{m} onto {b}"), Path::new(&r), Path::new(&m), &b);
    }
    let mbox = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-1000.mbox");
    if !mbox.exists() {
        let out = Command::new("git")
            .args([
                "format-patch",
                "--stdout",
                "--thread",
                "--cover-letter",
                &format!("HEAD~{PATCHES}..HEAD"),
            ])
            .current_dir(&repo)
            .output()
            .unwrap();
        assert!(out.status.success());
        std::fs::write(&mbox, out.stdout).unwrap();
    }
    println!("median of {RUNS} runs for git-triage; one run for git");
    measure("format-patch mbox", &mbox, false);
    let corpus =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/mail/linux-leds-2026.mbox");
    let corpus = if corpus.exists() {
        corpus
    } else {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/mail/linux-leds-2026.mbox")
    };
    if corpus.exists() {
        measure("linux-leds corpus", &corpus, true);
    }
}

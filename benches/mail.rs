//! `cargo bench --bench mail`: reading mail, side by side with git doing the same parsing.
//!
//! Inputs: a 1,000-message mbox made by `git format-patch --stdout` from the synthetic
//! repository of the other benchmarks (`target/bench-repo`, built once), and the 450 messages
//! of real list mail in `../shared/corpus/mail/` when present. For each: git-triage splitting
//! and reading every message (`mail::read`), assembling the series, and reading every patch's
//! files and hunks; against `git mailsplit` plus one `git mailinfo -u` per message, which is
//! what `git am` runs before it applies anything.

mod common;

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

fn main() {
    let repo = bench_repo();
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

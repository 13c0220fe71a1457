//! The synthetic repository both benchmarks use: 5,000 files in a QEMU-like tree, a base commit
//! and 1,000 patches of 1-8 files each with renames and additions, built with `git
//! fast-import` under `target/bench-repo` once and reused.

#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

pub const FILES: usize = 5_000;
pub const PATCHES: usize = 1_000;
pub const RUNS: usize = 5;

pub struct Rng(pub u64);
impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

pub const DIRS: &[&str] = &[
    "tcg",
    "accel/tcg",
    "accel/kvm",
    "migration",
    "block",
    "hw/net",
    "hw/block",
    "hw/virtio",
    "hw/arm",
    "hw/i386",
    "target/arm/tcg",
    "target/i386/tcg",
    "system",
    "util",
    "docs/devel",
    "docs/system",
    "tests/qtest",
    "tests/unit",
    "scripts",
    "include/hw",
];

pub fn path_of(i: usize) -> String {
    format!("{}/file{:04}.c", DIRS[i % DIRS.len()], i)
}

pub fn content(rng: &mut Rng, lines: usize) -> String {
    (0..lines)
        .map(|l| {
            format!(
                "    value_{} = compute({}, {}); /* line {l} */\n",
                rng.below(1000),
                rng.below(100),
                rng.below(100)
            )
        })
        .collect()
}

pub fn generate(dir: &Path) {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).unwrap();
    let git = |args: &[&str]| {
        let ok = Command::new("git")
            .args(args)
            .current_dir(dir)
            .status()
            .unwrap()
            .success();
        assert!(ok, "git {args:?}");
    };
    git(&["init", "-q", "-b", "main"]);
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let mut files: Vec<(String, Vec<String>)> = (0..FILES)
        .map(|i| {
            let n = 50 + rng.below(300);
            let text = content(&mut rng, n);
            (path_of(i), text.lines().map(|l| format!("{l}\n")).collect())
        })
        .collect();
    let mut stream = Vec::new();
    let mut mark = 0;
    let mut commit = |stream: &mut Vec<u8>, msg: &str, ops: &str, t: usize| {
        mark += 1;
        write!(
            stream,
            "commit refs/heads/main\nmark :{mark}\nauthor Bench Author <bench@example.org> {} +0000\ncommitter Bench Author <bench@example.org> {} +0000\ndata {}\n{msg}\n{ops}\n",
            1_600_000_000 + t * 60, 1_600_000_000 + t * 60, msg.len()
        )
        .unwrap();
    };
    let inline = |path: &str, lines: &[String]| {
        let body: String = lines.concat();
        format!("M 100644 inline {path}\ndata {}\n{body}\n", body.len())
    };
    let ops: String = files.iter().map(|(p, l)| inline(p, l)).collect();
    commit(
        &mut stream,
        "base\n\nSigned-off-by: Bench Author <bench@example.org>\n",
        &ops,
        0,
    );
    for n in 1..=PATCHES {
        let mut ops = String::new();
        for _ in 0..1 + rng.below(8) {
            let i = rng.below(files.len());
            match rng.below(20) {
                0 => {
                    let new = format!("{}/renamed{n}.c", DIRS[rng.below(DIRS.len())]);
                    ops.push_str(&format!("R {} {new}\n", files[i].0));
                    files[i].0 = new;
                }
                1 => {
                    let n = 20 + rng.below(100);
                    let text = content(&mut rng, n);
                    let lines: Vec<String> = text.lines().map(|l| format!("{l}\n")).collect();
                    let path = format!("{}/new{n}.c", DIRS[rng.below(DIRS.len())]);
                    ops.push_str(&inline(&path, &lines));
                    files.push((path, lines));
                }
                _ => {
                    let (path, lines) = &mut files[i];
                    for _ in 0..1 + rng.below(4) {
                        let at = rng.below(lines.len());
                        let n = 1 + rng.below(12);
                        let added = content(&mut rng, n);
                        let removed = rng.below(4).min(lines.len() - at);
                        lines.splice(at..at + removed, added.lines().map(|l| format!("{l}\n")));
                    }
                    ops.push_str(&inline(path, lines));
                }
            }
        }
        let msg = format!("area: patch {n}\n\nBody of patch {n}.\n\nSigned-off-by: Bench Author <bench@example.org>\n");
        commit(&mut stream, &msg, &ops, n);
    }
    let mut child = Command::new("git")
        .args(["fast-import", "--quiet"])
        .current_dir(dir)
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&stream).unwrap();
    assert!(child.wait().unwrap().success());
    // Pack it as a clone would receive it (newest objects as delta bases).
    git(&["repack", "-q", "-a", "-d", "-f"]);
    git(&["reset", "-q", "--hard", "main"]);
    std::fs::write(dir.join(".bench-ready"), "").unwrap();
}

pub fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// The generated repository, created on first use.
pub fn bench_repo() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-repo");
    if !dir.join(".bench-ready").exists() {
        eprintln!("generating {} ...", dir.display());
        generate(&dir);
    }
    dir
}

/// Runs `cmd` to its end; its wall time and peak resident memory (KiB), from the kernel's
/// accounting of the child (`wait4`), as `/usr/bin/time -v` reports it.
pub fn time_and_peak(cmd: &mut Command) -> (Duration, u64) {
    let start = Instant::now();
    // Reaped by wait4 below, which also returns its resource usage.
    #[allow(clippy::zombie_processes)]
    let child = cmd.spawn().unwrap();
    let mut status = 0;
    // SAFETY: an all-zero rusage is valid; wait4 fills it for the child we just spawned.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = child.id() as libc::pid_t;
    // SAFETY: waits for our own child; the pointers are to live locals.
    let rc = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let elapsed = start.elapsed();
    assert_eq!(rc, pid, "wait4: {}", std::io::Error::last_os_error());
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) <= 1,
        "{cmd:?} failed: {status}"
    );
    (elapsed, usage.ru_maxrss as u64)
}

/// Median and minimum.
pub fn median_min(v: &[Duration]) -> (Duration, Duration) {
    (median(v.to_vec()), *v.iter().min().unwrap())
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

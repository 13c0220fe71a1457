//! `cargo bench --bench check`: how `git triage check` compares with git's own C code doing the
//! same diffs (`git log -p -M --no-color`) over a 1,000-commit range of a large synthetic
//! repository, and how quickly a series can be listed without its hunks.
//!
//! The repository is generated once with `git fast-import` under `target/bench-repo` (5,000
//! files in a QEMU-like tree, a base commit and 1,000 patches of 1-8 files each, with renames and
//! additions, repacked as a clone would be) and reused by later runs. Pass `--repo DIR --range A..B` to measure a real
//! repository instead.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const FILES: usize = 5_000;
const PATCHES: usize = 1_000;
const RUNS: usize = 5;

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const DIRS: &[&str] = &[
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

fn path_of(i: usize) -> String {
    format!("{}/file{:04}.c", DIRS[i % DIRS.len()], i)
}

fn content(rng: &mut Rng, lines: usize) -> String {
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

fn generate(dir: &Path) {
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

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

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
        _ => {
            let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-repo");
            if !dir.join(".bench-ready").exists() {
                eprintln!("generating {} ...", dir.display());
                generate(&dir);
            }
            (dir, format!("HEAD~{PATCHES}..HEAD"))
        }
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

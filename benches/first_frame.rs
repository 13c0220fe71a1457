//! `cargo bench --bench first_frame -- --repo DIR --range A..B`: how long a reviewer waits for
//! the first screen, git-triage side by side with tig on the same range, in a real
//! pseudo-terminal (120x40), with and without a commit-graph.
//!
//! Each program is started on a fresh pty and timed until its output contains text that only a
//! drawn screen holds: the subject of the series' first patch for git-triage (its list starts
//! with the oldest patch), the subject of the newest commit for tig. The program is then killed.
//! Runs alternate between the two, so a busy moment of the machine falls on both alike.
//!
//! Then git-triage is left running until it has loaded everything (every diff and finding: its
//! CPU time stops growing) and its peak memory is read from `/proc`, beside `git log -p -M`
//! doing the same diffs. With no arguments the synthetic 1,000-patch repository of the other
//! benchmarks is used.

mod common;

use std::io::Read;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{bench_repo, median_min, ms, time_and_peak, PATCHES};

const RUNS: usize = 11;
const LOADED_RUNS: usize = 3;
const SIZE: (u16, u16) = (120, 40);
const TIMEOUT: Duration = Duration::from_secs(30);

/// Starts `argv` on a new pseudo-terminal in `dir`, as a terminal emulator does.
fn spawn_on_pty(dir: &Path, argv: &[&str]) -> (std::fs::File, std::process::Child) {
    let (master, slave) = open_pty();
    let slave_fd = slave.as_raw_fd();
    let mut cmd = Command::new(argv[0]);
    cmd.args(&argv[1..])
        .current_dir(dir)
        .env("TERM", "xterm-256color")
        .env_remove("NO_COLOR")
        .stdin(Stdio::from(slave.try_clone().unwrap()))
        .stdout(Stdio::from(slave.try_clone().unwrap()))
        .stderr(Stdio::from(slave));
    // SAFETY: setsid and TIOCSCTTY are async-signal-safe; they make the pty the controlling
    // terminal of the child, as a terminal emulator does.
    unsafe {
        cmd.pre_exec(move || {
            if libc::setsid() < 0 || libc::ioctl(slave_fd, libc::TIOCSCTTY as _, 0) < 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    (master, cmd.spawn().unwrap())
}

/// Starts `argv` on a new pseudo-terminal in `dir` and returns how long it took until its output
/// contained `marker`.
fn first_frame(dir: &Path, argv: &[&str], marker: &str) -> Duration {
    let start = Instant::now();
    let (mut master, mut child) = spawn_on_pty(dir, argv);
    let mut seen = Vec::new();
    let mut buf = [0u8; 65536];
    let elapsed = loop {
        let n = master.read(&mut buf).unwrap_or(0);
        assert!(n > 0, "{argv:?} ended before drawing {marker:?}");
        seen.extend_from_slice(&buf[..n]);
        if memmem(&seen, marker.as_bytes()) {
            break start.elapsed();
        }
        assert!(start.elapsed() < TIMEOUT, "{argv:?} never drew {marker:?}");
    };
    let _ = child.kill();
    let _ = child.wait();
    elapsed
}

/// CPU time (user + system) of process `pid` so far, in clock ticks.
fn cpu_ticks(pid: u32) -> Option<u64> {
    ticks(&format!("/proc/{pid}/stat"))
}

/// CPU time of the file's process or thread, in clock ticks.
fn ticks(stat: &str) -> Option<u64> {
    let stat = std::fs::read_to_string(stat).ok()?;
    // The command name may hold spaces; the fields after it are plain.
    let rest = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split(' ').collect();
    Some(f[11].parse::<u64>().ok()? + f[12].parse::<u64>().ok()?)
}

/// Peak resident memory of process `pid` in KiB (`VmHWM`).
fn peak_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}

/// What the TUI did until everything was loaded.
struct Loaded {
    /// Until its CPU time last grew.
    time: Duration,
    /// Peak resident memory, KiB.
    peak: u64,
    /// CPU time of the UI thread (drawing, handling arrivals).
    ui_cpu: Duration,
    /// Bytes written to the terminal.
    drawn: usize,
}

/// Starts the TUI on a pty and waits until it has loaded everything: its CPU time has not
/// grown for half a second.
fn fully_loaded(dir: &Path, argv: &[&str]) -> Loaded {
    let start = Instant::now();
    let (mut master, mut child) = spawn_on_pty(dir, argv);
    // Keep reading the screen, or the TUI would block writing it.
    let drawn = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = drawn.clone();
    std::thread::spawn(move || {
        let mut buf = [0u8; 65536];
        while let Ok(n @ 1..) = master.read(&mut buf) {
            counter.fetch_add(n, std::sync::atomic::Ordering::Relaxed);
        }
    });
    let pid = child.id();
    let (mut last, mut busy_until) = (0, start.elapsed());
    loop {
        std::thread::sleep(Duration::from_millis(20));
        let now = cpu_ticks(pid).expect("the TUI ended early");
        if now != last {
            (last, busy_until) = (now, start.elapsed());
        } else if start.elapsed() - busy_until > Duration::from_millis(500) {
            break;
        }
        assert!(start.elapsed() < TIMEOUT * 4, "{argv:?} never went idle");
    }
    let peak = peak_kib(pid);
    // The main thread's id is the process id.
    let ui = ticks(&format!("/proc/{pid}/task/{pid}/stat")).unwrap_or(0);
    // SAFETY: sysconf has no preconditions.
    let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) }.max(1) as u64;
    let _ = child.kill();
    let _ = child.wait();
    Loaded {
        time: busy_until,
        peak,
        ui_cpu: Duration::from_millis(ui * 1000 / hz),
        drawn: drawn.load(std::sync::atomic::Ordering::Relaxed),
    }
}

fn memmem(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// A pty pair sized like the terminal the figures are quoted for.
fn open_pty() -> (std::fs::File, OwnedFd) {
    let (mut master, mut slave) = (0, 0);
    let size = libc::winsize {
        ws_row: SIZE.1,
        ws_col: SIZE.0,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: openpty writes two fds into the given ints; the null name/termios are allowed.
    let rc = unsafe {
        libc::openpty(
            &mut master,
            &mut slave,
            std::ptr::null_mut(),
            std::ptr::null(),
            &size,
        )
    };
    assert_eq!(rc, 0, "openpty: {}", std::io::Error::last_os_error());
    // SAFETY: openpty just returned these fds to us, and nothing else owns them.
    unsafe {
        (
            std::fs::File::from(OwnedFd::from_raw_fd(master)),
            OwnedFd::from_raw_fd(slave),
        )
    }
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// A prefix of a subject short enough to fit any list column, and free of characters a
/// terminal program would escape.
fn marker(subject: &str) -> String {
    subject
        .chars()
        .take_while(|c| c.is_ascii_graphic() || *c == ' ')
        .take(12)
        .collect()
}

fn measure(dir: &Path, range: &str, label: &str) {
    let triage = env!("CARGO_BIN_EXE_git-triage");
    let oldest = git(
        dir,
        &["log", "--reverse", "--topo-order", "--format=%s", range],
    );
    let oldest = marker(oldest.lines().next().unwrap_or(""));
    let newest = marker(&git(dir, &["log", "-1", "--format=%s", range]));
    let programs = [
        (
            "git triage",
            vec![triage, "--no-user-config", range],
            oldest.as_str(),
        ),
        ("tig", vec!["tig", range], newest.as_str()),
    ];
    let mut times = vec![Vec::new(); programs.len()];
    for _ in 0..RUNS {
        for (k, (_, argv, mark)) in programs.iter().enumerate() {
            times[k].push(first_frame(dir, argv, mark));
        }
    }
    for ((name, _, _), times) in programs.iter().zip(&times) {
        let (med, min) = median_min(times);
        println!(
            "{label:<22} first frame  {name:<11} median {:>7.1} ms   min {:>7.1} ms",
            ms(med),
            ms(min)
        );
    }
}

/// The TUI with everything loaded beside `git log -p -M` computing the same diffs.
fn measure_loaded(dir: &Path, range: &str, label: &str) {
    let triage = env!("CARGO_BIN_EXE_git-triage");
    let (mut tui, mut log) = (Vec::new(), Vec::new());
    let (mut tui_peak, mut log_peak) = (0, 0);
    let (mut ui_cpu, mut drawn) = (Vec::new(), 0);
    for _ in 0..LOADED_RUNS {
        let loaded = fully_loaded(dir, &[triage, "--no-user-config", range]);
        tui.push(loaded.time);
        tui_peak = tui_peak.max(loaded.peak);
        ui_cpu.push(loaded.ui_cpu);
        drawn = drawn.max(loaded.drawn);
        let mut cmd = Command::new("git");
        cmd.args(["log", "-p", "-M", "--no-color", range])
            .current_dir(dir)
            .stdout(Stdio::null());
        let (t, peak) = time_and_peak(&mut cmd);
        log.push(t);
        log_peak = log_peak.max(peak);
    }
    for (name, times, peak) in [
        ("git triage (TUI)", tui, tui_peak),
        ("git log -p -M", log, log_peak),
    ] {
        let (med, min) = median_min(&times);
        println!(
            "{label:<22} all diffs    {name:<17} median {:>7.0} ms   min {:>7.0} ms   peak RSS {:>6.1} MiB",
            ms(med),
            ms(min),
            peak as f64 / 1024.0
        );
    }
    println!(
        "{label:<22} all diffs    TUI's UI thread: median {:.0} ms CPU, at most {} KiB drawn",
        ms(median_min(&ui_cpu).0),
        drawn / 1024
    );
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
    if Command::new("tig").arg("--version").output().is_err() {
        eprintln!("tig is not installed; install it (apt-get install tig) to compare");
        return;
    }
    let count = git(&dir, &["rev-list", "--count", &range]);
    println!("repository: {}", dir.display());
    println!(
        "range: {range} ({count} commits), {RUNS} runs each, pty {}x{}",
        SIZE.0, SIZE.1
    );
    let git_dir = PathBuf::from(git(&dir, &["rev-parse", "--absolute-git-dir"]));
    let graph = git_dir.join("objects/info/commit-graph");
    let graphs = git_dir.join("objects/info/commit-graphs");
    let had_graph = graph.exists() || graphs.exists();
    let _ = std::fs::remove_file(&graph);
    let _ = std::fs::remove_dir_all(&graphs);
    if args.iter().any(|a| a == "--loaded-only") {
        measure_loaded(&dir, &range, "without commit-graph");
        return;
    }
    measure(&dir, &range, "without commit-graph");
    measure_loaded(&dir, &range, "without commit-graph");
    git(&dir, &["commit-graph", "write", "--reachable"]);
    measure(&dir, &range, "with commit-graph");
    measure_loaded(&dir, &range, "with commit-graph");
    if !had_graph {
        let _ = std::fs::remove_file(&graph);
    }
}

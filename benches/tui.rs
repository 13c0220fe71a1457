//! `cargo bench --bench tui`: how fast the TUI shows its first frame on a 1,000-patch range, how
//! long a keypress takes to turn into a new frame while scrolling a 100,000-line diff, and how
//! long a search takes on a series just opened, whose diffs are not loaded yet.
//!
//! Frames are drawn into ratatui's TestBackend at 120x40: the same layout, views and buffer
//! diffing as in a terminal, minus the few kilobytes written to the tty. The first-frame time
//! is everything `git triage RANGE` does before its first draw (open the repository, list the
//! series, read the configuration, the verdicts and the first screenful of headers, build the
//! app, draw); the rest comes later from the worker, and is not part of it. `benches/
//! first_frame.rs` measures the same through a real terminal, side by side with tig.

mod common;

#[allow(dead_code, unused_imports)]
#[path = "../src/tui/mod.rs"]
mod tui;

// The TUI's own tests (compiled here too when benches are built in test mode) use the demo.
#[allow(dead_code)]
#[path = "../src/demo.rs"]
mod demo;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

use common::{bench_repo, median, PATCHES, RUNS};

const LINES: usize = 100_000;
const SIZE: (u16, u16) = (120, 40);

fn sources() -> git_triage::Sources {
    git_triage::Sources {
        no_user: true,
        ..Default::default()
    }
}

/// A repository whose last commit adds a 100,000-line file under tcg/ (a critical area).
fn big_diff_repo() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-bigdiff");
    if dir.join(".bench-ready").exists() {
        return dir;
    }
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let git = |args: &[&str]| {
        assert!(Command::new("git")
            .args(args)
            .current_dir(&dir)
            .status()
            .unwrap()
            .success());
    };
    git(&["init", "-q", "-b", "main"]);
    let body: String = (0..LINES)
        .map(|i| {
            format!(
                "    tcg_gen_op(ctx, OP_{i}, reg_{}, reg_{}); /* step {i} */\n",
                i % 32,
                (i * 7) % 32
            )
        })
        .collect();
    let policy = "[[area]]\nname = \"TCG\"\nlevel = \"critical\"\npaths = [\"tcg/\"]\n";
    let mut stream = Vec::new();
    write!(
        stream,
        "commit refs/heads/main\ncommitter B <b@example.org> 1600000000 +0000\ndata 5\nbase\n\
         M 100644 inline .git-triage.toml\ndata {}\n{policy}\n\
         commit refs/heads/main\ncommitter B <b@example.org> 1600000060 +0000\ndata <<END\ntcg: generate every op\n\nSigned-off-by: B <b@example.org>\nEND\n\
         M 100644 inline tcg/ops.c\ndata {}\n{body}\n",
        policy.len(),
        body.len()
    )
    .unwrap();
    let mut child = Command::new("git")
        .args(["fast-import", "--quiet"])
        .current_dir(&dir)
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&stream).unwrap();
    assert!(child.wait().unwrap().success());
    std::fs::write(dir.join(".bench-ready"), "").unwrap();
    dir
}

fn terminal() -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(SIZE.0, SIZE.1)).unwrap()
}

fn open(dir: &Path, range: &str) -> tui::Session {
    let repo = git_triage::open_repository(Some(dir)).unwrap();
    let source = git_triage::Source::Range(Some(range.to_string()));
    let mut s = tui::open(repo, &source, &sources()).unwrap();
    s.app.size = SIZE;
    s
}

fn first_frame(dir: &Path, range: &str) -> (Duration, usize) {
    let start = Instant::now();
    let s = open(dir, range);
    let theme = tui::theme::Theme::new(&s.app.config, true);
    terminal()
        .draw(|f| tui::view::render(&s.app, &theme, f))
        .unwrap();
    (start.elapsed(), s.app.series.patches.len())
}

/// Opens `range`, starts the worker, and searches for `query` at once: the time from Enter
/// to the frame that shows the first match, while the diffs are still loading (the search
/// needs the diffs of every patch up to that match). Returns it with the number of diffs that
/// had arrived before Enter.
fn search_while_loading(dir: &Path, range: &str, query: &str) -> (Duration, usize) {
    let mut s = open(dir, range);
    s.start();
    let theme = tui::theme::Theme::new(&s.app.config, true);
    let mut term = terminal();
    for c in format!("/{query}").chars() {
        s.app
            .key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
    let before = s.app.loaded();
    let start = Instant::now();
    s.app.key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    s.wait_until(|app| app.search.is_some() || app.searching.is_none());
    term.draw(|f| tui::view::render(&s.app, &theme, f)).unwrap();
    let elapsed = start.elapsed();
    assert!(s.app.search.is_some(), "{query} not found");
    (elapsed, before)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// Median, 99th percentile and maximum of keypress-to-frame times.
fn stats(mut v: Vec<Duration>) -> (f64, f64, f64) {
    v.sort();
    let p99 = v[(v.len() * 99 / 100).min(v.len() - 1)];
    (ms(v[v.len() / 2]), ms(p99), ms(*v.last().unwrap()))
}

fn main() {
    let dir = bench_repo();
    let range = format!("HEAD~{PATCHES}..HEAD");
    let runs: Vec<(Duration, usize)> = (0..RUNS).map(|_| first_frame(&dir, &range)).collect();
    let patches = runs[0].1;
    let first = median(runs.into_iter().map(|r| r.0).collect());

    // A subject near the top, one at the end.
    let (search_near, _) = search_while_loading(&dir, &range, "area: patch 10");
    let (search_subject, loaded_subject) =
        search_while_loading(&dir, &range, &format!("area: patch {PATCHES}"));

    let big = big_diff_repo();
    let mut session = open(&big, "HEAD~1..HEAD");
    let start = Instant::now();
    session.settle();
    let diff_time = start.elapsed();
    let (search_big, _) = search_while_loading(&big, "HEAD~1..HEAD", "OP_99999");
    let rows = session.app.rows.len();
    let theme = tui::theme::Theme::new(&session.app.config, true);
    let mut term = terminal();
    session.app.handle(tui::keys::Action::FocusDiff);
    // Without a key: only the frame (what arrived from the worker or writer since).
    let mut press = |app: &mut tui::app::App, key: Option<KeyEvent>| {
        let start = Instant::now();
        if let Some(key) = key {
            app.key(key);
        }
        term.draw(|f| tui::view::render(app, &theme, f)).unwrap();
        start.elapsed()
    };
    let j = KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE);
    let ctrl_d = KeyEvent::new(KeyCode::Char('d'), KeyModifiers::CONTROL);
    let ctrl_u = KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL);
    let line_steps: Vec<Duration> = (0..2_000)
        .map(|_| press(&mut session.app, Some(j)))
        .collect();
    let mut pages: Vec<Duration> = (0..1_000)
        .map(|_| press(&mut session.app, Some(ctrl_d)))
        .collect();
    pages.extend((0..1_000).map(|_| press(&mut session.app, Some(ctrl_u))));
    let ends: Vec<Duration> = (0..200)
        .map(|n| {
            let key = if n % 2 == 0 { 'G' } else { 'g' };
            press(
                &mut session.app,
                Some(KeyEvent::new(KeyCode::Char(key), KeyModifiers::NONE)),
            )
        })
        .collect();

    // The same page with 50 comments on it, by two reviewers: placing them when the notes
    // move (every comment's context looked for in the 100,000 lines), and stepping through.
    let (reload, steps) = with_comments(&big, &mut session, &mut press);

    println!(
        "first frame, {patches}-patch range (median of {RUNS}):   {:>8.1} ms",
        ms(first)
    );
    println!(
        "compute the {LINES}-line diff (worker, once):  {:>8.1} ms",
        ms(diff_time)
    );
    println!("page rows of that patch:                       {rows:>8}");
    for (name, v) in [
        ("keypress to frame, j (2,000 lines)", line_steps),
        ("keypress to frame, Ctrl-d/Ctrl-u (2,000)", pages),
        ("keypress to frame, G/g (200 jumps)", ends),
    ] {
        let (med, p99, max) = stats(v);
        println!("{name:<42} median {med:>6.3} ms  p99 {p99:>6.3} ms  max {max:>6.3} ms");
    }
    println!(
        "search the {PATCHES}-patch range just opened ({loaded_subject} diffs loaded), Enter to the match in patch 10: {:>8.1} ms, in patch {PATCHES}: {:>8.1} ms",
        ms(search_near),
        ms(search_subject)
    );
    println!(
        "search the {LINES}-line diff before it is computed, Enter to the match: {:>8.1} ms",
        ms(search_big)
    );
    println!(
        "R with 50 comments on the page, to frame:     {:>8.1} ms",
        ms(reload)
    );
    let (med, p99, max) = stats(steps);
    println!(
        "{:<42} median {med:>6.3} ms  p99 {p99:>6.3} ms  max {max:>6.3} ms",
        "keypress to frame, } (50 comments)"
    );
}

/// Writes 50 comments on the big patch (afresh: the bench repository is kept between runs),
/// then times `R` and `}` through them.
fn with_comments(
    big: &Path,
    session: &mut tui::Session,
    press: &mut impl FnMut(&mut tui::app::App, Option<KeyEvent>) -> Duration,
) -> (Duration, Vec<Duration>) {
    use git_triage::comments::{anchor_at, Spot};
    use git_triage::notes::{self, CommentChange, Reviewer};
    let _ = Command::new("git")
        .args(["update-ref", "-d", "refs/notes/triage"])
        .current_dir(big)
        .status();
    let repo = git2::Repository::open(big).unwrap();
    let app = &session.app;
    let p = app.patch(0).unwrap();
    let diff = app.diff(0).unwrap();
    for (who, email) in [("Ann", "ann@example.org"), ("Bob", "bob@example.org")] {
        let me = Reviewer {
            name: who.into(),
            email: email.into(),
        };
        let changes: Vec<CommentChange> = (0..25)
            .map(|k| {
                let spot = Spot::Line {
                    file: 0,
                    hunk: 0,
                    line: k * 3_997 + email.len(),
                };
                let (anchor, context) = anchor_at(spot, diff, &p.message);
                CommentChange::Add {
                    anchor,
                    context,
                    text: format!("comment {k} by {who}: why this op here?"),
                }
            })
            .collect();
        notes::write_comments(
            &repo,
            "refs/notes/triage",
            &me,
            p.key,
            diff.patch_id,
            std::time::SystemTime::now(),
            &changes,
        )
        .unwrap();
    }
    let key = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
    // The writer's watcher brings the new notes by itself (within its poll); then R asks it to
    // read them again now: the frame that shows them comes once its answer is applied, every
    // comment placed again.
    session.wait_until(|a| a.comments.len() == 50);
    let start = Instant::now();
    session.app.key(key('R'));
    session.wait_until(tui::app::App::is_idle);
    assert_eq!(session.app.comments.len(), 50);
    press(&mut session.app, None);
    let reload = start.elapsed();
    press(&mut session.app, Some(key('g')));
    let steps = (0..50)
        .map(|_| press(&mut session.app, Some(key('}'))))
        .collect();
    (reload, steps)
}

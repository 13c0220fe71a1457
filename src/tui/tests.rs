//! The TUI driven with key events over real repositories (the demo, and hostile ones built
//! here), rendered to ratatui's TestBackend and compared with snapshots.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, SystemTime};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Modifier;
use ratatui::Terminal;

use git_triage::notes::State;
use git_triage::Sources;

use super::app::{App, Filter, Focus, Mode};
use super::doc::Row;
use super::theme::Theme;

mod comments;
mod mail;
mod story;
mod verdicts;

/// 2026-11-26T09:00:00Z, so that verdict times in snapshots never change.
fn fixed_clock() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(1_795_683_600)
}

struct Demo {
    _dir: tempfile::TempDir,
    path: std::path::PathBuf,
    app: App,
}

fn sources() -> Sources {
    Sources {
        no_user: true,
        ..Sources::default()
    }
}

/// The demo repository with every diff computed, at 80x24.
fn demo() -> Demo {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo");
    let range = crate::demo::create(&path).unwrap();
    let mut app = open(&path, &range);
    app.ensure_all();
    Demo {
        _dir: dir,
        path,
        app,
    }
}

fn open(path: &Path, range: &str) -> App {
    let repo = git2::Repository::open(path).unwrap();
    let mut app = super::open(
        repo,
        &git_triage::Source::Range(Some(range.to_string())),
        &sources(),
    )
    .unwrap();
    app.clock = fixed_clock;
    app.size = (80, 24);
    app
}

fn draw(app: &mut App, w: u16, h: u16, color: bool) -> Buffer {
    app.set_size(w, h);
    let theme = Theme::new(&app.config, color);
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal
        .draw(|f| super::view::render(app, &theme, f))
        .unwrap();
    terminal.backend().buffer().clone()
}

/// The screen as text, one line per row, trailing spaces trimmed.
fn screen(app: &mut App, w: u16, h: u16) -> String {
    let buf = draw(app, w, h, true);
    let mut out = String::new();
    for y in 0..h {
        let mut line = String::new();
        let mut x = 0;
        while x < w {
            let symbol = buf[(x, y)].symbol();
            line.push_str(symbol);
            // A wide character covers the next cell too, as on a terminal.
            x += unicode_width::UnicodeWidthStr::width(symbol).max(1) as u16;
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn key(app: &mut App, code: KeyCode) {
    app.key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn ctrl(app: &mut App, c: char) {
    app.key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
}

/// Types `keys` as normal characters.
fn typed(app: &mut App, keys: &str) {
    for c in keys.chars() {
        key(app, KeyCode::Char(c));
    }
}

fn selected_subject(app: &App) -> &str {
    &app.series.patches[app.current().unwrap()].subject
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_DATE", "1767225600 +0000")
        .env("GIT_COMMITTER_DATE", "1767225600 +0000")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn overview_shows_the_series_with_badges() {
    let mut d = demo();
    insta::assert_snapshot!("overview_80x24", screen(&mut d.app, 80, 24));
}

#[test]
fn wide_terminal_puts_the_list_beside_the_page() {
    let mut d = demo();
    insta::assert_snapshot!("overview_140x30", screen(&mut d.app, 140, 30));
}

#[test]
fn critical_hunks_are_reached_across_patches() {
    let mut d = demo();
    let app = &mut d.app;
    let mut visited = Vec::new();
    for _ in 0..3 {
        typed(app, "]");
        assert_eq!(app.focus, Focus::Diff);
        assert!(
            matches!(app.rows[app.cursor], Row::Hunk(..)),
            "{:?}",
            app.rows[app.cursor]
        );
        visited.push(app.series.patches[app.current().unwrap()].index);
    }
    // tcg (2), migration (4), accel/kvm (8): the three patches touching critical areas.
    assert_eq!(visited, [2, 4, 8]);
    typed(app, "]");
    assert_eq!(app.message.as_ref().unwrap().text, "no later critical hunk");
    typed(app, "[");
    assert_eq!(app.series.patches[app.current().unwrap()].index, 4);
    typed(app, "[[");
    assert_eq!(app.series.patches[app.current().unwrap()].index, 2);
    insta::assert_snapshot!("critical_hunk_80x24", screen(app, 80, 24));
}

#[test]
fn critical_gutter_is_visible_without_colour() {
    let mut d = demo();
    typed(&mut d.app, "]");
    let buf = draw(&mut d.app, 80, 24, false);
    let gutter: Vec<_> = (0..24)
        .map(|y| &buf[(0, y)])
        .filter(|c| c.symbol() == "▌")
        .collect();
    assert!(gutter.len() >= 5, "critical rows carry the bar");
    assert!(gutter.iter().all(|c| c.modifier.contains(Modifier::BOLD)));
    assert!(
        gutter.iter().all(|c| c.fg == ratatui::style::Color::Reset),
        "no colour with NO_COLOR"
    );
    let text: String = (0..24)
        .flat_map(|y| (0..80).map(move |x| (x, y)))
        .map(|p| buf[p].symbol().to_string())
        .collect();
    assert!(text.contains("CRITICAL"));
}

#[test]
fn help_overlay_lists_every_binding() {
    let mut d = demo();
    typed(&mut d.app, "?");
    assert!(matches!(d.app.mode, Mode::Help { .. }));
    let s = screen(&mut d.app, 100, 48);
    for b in super::keys::BINDINGS {
        assert!(s.contains(b.help), "help lacks {:?}", b.help);
    }
    insta::assert_snapshot!("help_80x24", screen(&mut d.app, 80, 24));
    typed(&mut d.app, "x");
    assert_eq!(d.app.mode, Mode::Normal);
}

#[test]
fn navigation_moves_the_list_and_the_diff() {
    let mut d = demo();
    let app = &mut d.app;
    typed(app, "jj");
    assert_eq!(app.series.patches[app.current().unwrap()].index, 3);
    key(app, KeyCode::Up);
    assert_eq!(app.series.patches[app.current().unwrap()].index, 2);
    typed(app, "G");
    assert_eq!(app.selected, 8);
    typed(app, "g");
    assert_eq!(app.selected, 0);
    key(app, KeyCode::Enter);
    assert_eq!(app.focus, Focus::Diff);
    typed(app, "jjj");
    assert_eq!(app.cursor, 3);
    ctrl(app, 'd');
    assert!(app.cursor > 3);
    typed(app, "G");
    assert_eq!(app.cursor, app.rows.len() - 1);
    typed(app, "h");
    assert_eq!(app.focus, Focus::List);
    key(app, KeyCode::Tab);
    assert_eq!(app.focus, Focus::Diff);
    // The list can take more or less room; the diff scrolls sideways.
    let before = super::layout::layout(80, 24, app.ratio)
        .unwrap()
        .list
        .height;
    typed(app, "++");
    assert!(
        super::layout::layout(80, 24, app.ratio)
            .unwrap()
            .list
            .height
            > before
    );
    typed(app, "----");
    assert!(
        super::layout::layout(80, 24, app.ratio)
            .unwrap()
            .list
            .height
            < before
    );
    typed(app, ">>");
    assert_eq!(app.hscroll, 16);
    typed(app, "<<<");
    assert_eq!(app.hscroll, 0);
    // n walks the hunks of the patch.
    typed(app, "gn");
    assert!(matches!(app.rows[app.cursor], Row::Hunk(0, 0)));
    assert_eq!(app.hunk_position(), (1, 1));
}

#[test]
fn filters_cycle_through_critical_ai_findings_undecided() {
    let mut d = demo();
    let app = &mut d.app;
    let indices = |app: &App| -> Vec<usize> {
        app.visible
            .iter()
            .map(|&i| app.series.patches[i].index)
            .collect()
    };
    assert_eq!(indices(app).len(), 9);
    typed(app, "f");
    assert_eq!(
        (app.filter, indices(app)),
        (Filter::Critical, vec![2, 4, 8])
    );
    typed(app, "f");
    assert_eq!((app.filter, indices(app)), (Filter::Ai, vec![1, 2, 8]));
    typed(app, "f");
    assert_eq!(app.filter, Filter::Findings);
    assert_eq!(indices(app), vec![2, 3, 7, 8, 9]);
    typed(app, "f");
    assert_eq!(app.filter, Filter::Undecided);
    assert_eq!(indices(app).len(), 9);
    typed(app, "a");
    assert_eq!(
        indices(app).len(),
        8,
        "an accepted patch leaves the undecided view"
    );
    typed(app, "f");
    assert_eq!(app.filter, Filter::All);
    let s = screen(app, 80, 24);
    assert!(s.contains("✓1/9"), "{s}");
}

#[test]
fn search_finds_subjects_and_diff_lines_and_steps_with_n() {
    let mut d = demo();
    let app = &mut d.app;
    typed(app, "/kvm_check_cap");
    assert!(matches!(app.mode, Mode::SearchInput(_)));
    key(app, KeyCode::Enter);
    assert_eq!(
        selected_subject(app),
        "accel/kvm: check the capability once"
    );
    assert!(matches!(app.rows[app.cursor], Row::Line(..)));
    let s = screen(app, 80, 24);
    assert!(s.contains("match 1/1 for \"kvm_check_cap\""), "{s}");
    // Smart case: lower-case matches both; subjects count too.
    typed(app, "/tcg");
    key(app, KeyCode::Enter);
    let hits = app.search.as_ref().unwrap().hits.len();
    assert!(hits > 3);
    let first = (app.selected, app.cursor);
    for _ in 0..hits {
        typed(app, "n");
    }
    assert_eq!(
        (app.selected, app.cursor),
        first,
        "n wraps around after the last match"
    );
    typed(app, "N");
    assert_ne!((app.selected, app.cursor), first);
    key(app, KeyCode::Esc);
    assert!(
        app.search.is_none() && !app.quit,
        "Esc leaves the search first"
    );
    typed(app, "/no such text");
    key(app, KeyCode::Enter);
    assert!(app.message.as_ref().unwrap().error);
    key(app, KeyCode::Esc);
    assert!(app.quit);
}

#[test]
fn accept_writes_a_note_at_once() {
    let mut d = demo();
    let app = &mut d.app;
    typed(app, "j");
    let commit = app.series.patches[1].key.to_string();
    typed(app, "a");
    let note = git(&d.path, &["notes", "--ref=triage", "show", &commit]);
    assert!(
        note.starts_with("Triage-Verdict: v1 2026-11-26T09:00:00.000Z accept patch-id="),
        "{note}"
    );
    assert!(note.contains(" Demo Maintainer <maintainer@example.org>\n"));
    typed(app, "w");
    typed(app, "c");
    assert!(matches!(app.mode, Mode::Comment(..)));
    typed(app, "Please split");
    key(app, KeyCode::Enter);
    typed(app, "the \"bitmap\" part.");
    ctrl(app, 's');
    assert_eq!(app.mode, Mode::Normal);
    let note = git(&d.path, &["notes", "--ref=triage", "show", &commit]);
    let lines: Vec<&str> = note.lines().collect();
    assert_eq!(lines.len(), 3, "{note}");
    assert!(lines[1].contains(" needs-work "));
    assert!(
        lines[2].ends_with(r#"<maintainer@example.org> "Please split\nthe \"bitmap\" part.""#),
        "{}",
        lines[2]
    );
    // The page shows the verdict and its comment.
    let s = screen(app, 80, 40);
    assert!(s.contains("✎ needs-work by Demo Maintainer"), "{s}");
    assert!(s.contains("the \"bitmap\" part."), "{s}");
    // A comment without a verdict is a remark: shown, but the patch stays undecided.
    typed(app, "j");
    typed(app, "c");
    typed(app, "just a remark");
    ctrl(app, 's');
    assert_eq!(
        app.message.as_ref().unwrap().text,
        "comment saved · your verdict: pending"
    );
    assert!(app.undecided(2));
    assert!(screen(app, 80, 40).contains("· pending by Demo Maintainer"));
    typed(app, "k");
    // Esc (or Ctrl-c) in the editor discards.
    typed(app, "c");
    typed(app, "zzz");
    key(app, KeyCode::Esc);
    typed(app, "c");
    typed(app, "yyy");
    ctrl(app, 'c');
    assert!(!app.quit && app.mode == Mode::Normal);
    assert_eq!(
        git(&d.path, &["notes", "--ref=triage", "show", &commit]),
        note
    );
    // What another process recorded shows up with the next verdict given here.
    let other = git_triage::notes::Reviewer {
        name: "Other Reviewer".into(),
        email: "other@example.org".into(),
    };
    let first = app.series.patches[0].key;
    let v = git_triage::Verdict::new(State::Reject, &other, None, None);
    git_triage::notes::record(app.repo(), "refs/notes/triage", first, &v).unwrap();
    assert!(app.notes.latest(first).is_empty());
    typed(app, "a");
    assert_eq!(app.notes.latest(first)[0].email, "other@example.org");
    // u clears, and the history stays.
    typed(app, "u");
    assert!(app.my_verdict(1).is_none());
    assert_eq!(
        git(&d.path, &["notes", "--ref=triage", "show", &commit])
            .lines()
            .count(),
        5
    );
}

#[test]
fn accept_all_clean_asks_first() {
    let mut d = demo();
    let app = &mut d.app;
    typed(app, "A");
    let Mode::ConfirmAcceptClean(plan) = &app.mode else {
        panic!("no prompt")
    };
    assert_eq!(
        plan.accept,
        vec![0, 4, 5],
        "patches 1, 5 and 6: without error findings, not critical, not the merge"
    );
    assert!(screen(app, 80, 24)
        .contains("Accept 3 patches (0 critical)? y/N  left out: 1 critical, 1 merge"));
    typed(app, "n");
    assert_eq!(app.counts().3, 0);
    typed(app, "Ay");
    assert_eq!(app.counts().3, 3);
    let notes = git(&d.path, &["notes", "--ref=triage", "list"]);
    assert_eq!(notes.lines().count(), 3);
    // Nothing left to accept: no second prompt, and it says why.
    typed(app, "A");
    assert_eq!(app.mode, Mode::Normal);
    assert_eq!(
        app.message.as_ref().unwrap().text,
        "nothing to accept without a closer look; left out: 1 critical, 1 merge"
    );
}

#[test]
fn verdicts_carry_over_to_a_rebased_series() {
    let d = demo();
    let mut app = d.app;
    // v1: accept the docs patch and the migration patch.
    typed(&mut app, "a");
    typed(&mut app, "jjja");
    drop(app);
    // v2: the same patches rebased onto a new upstream commit.
    git(&d.path, &["checkout", "-q", "master"]);
    std::fs::write(d.path.join("NEWS"), "upstream moved on\n").unwrap();
    git(&d.path, &["add", "NEWS"]);
    git(&d.path, &["commit", "-q", "-m", "upstream: news"]);
    git(&d.path, &["checkout", "-q", "-b", "v2", "review/series-v2"]);
    git(
        &d.path,
        &[
            "rebase",
            "-q",
            "--onto",
            "master",
            "v1.0",
            "review/series-v2",
        ],
    );
    let mut app = open(&d.path, "master..review/series-v2");
    app.ensure_all();
    let s = screen(&mut app, 80, 40);
    assert!(s.contains("↻✓"), "carried glyph in the list:\n{s}");
    assert!(s.contains("accepted in"), "{s}");
    assert_eq!(app.counts().3, 0, "carried verdicts are not decisions yet");
    typed(&mut app, "=");
    assert_eq!(app.my_verdict(0).map(|v| v.state), Some(State::Accept));
    let commit = app.series.patches[0].key.to_string();
    let note = git(&d.path, &["notes", "--ref=triage", "show", &commit]);
    assert!(note.contains(" from="), "{note}");
}

#[test]
fn tiny_terminals_degrade_then_refuse() {
    let mut d = demo();
    typed(&mut d.app, "]");
    insta::assert_snapshot!("tiny_40x10", screen(&mut d.app, 40, 10));
    let s = screen(&mut d.app, 39, 10);
    assert!(
        s.starts_with("terminal too small: 39x10, need 40x10"),
        "{s}"
    );
    // Keys still work after the resize.
    typed(&mut d.app, "jk");
}

#[test]
fn the_first_frame_needs_no_diffs() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo");
    let range = crate::demo::create(&path).unwrap();
    let mut app = open(&path, &range);
    assert_eq!(app.loaded(), 0);
    let s = screen(&mut app, 80, 40);
    assert!(s.contains("loading 0/9"), "{s}");
    assert!(s.contains("computing the diff…"), "{s}");
    // The critical filter starts empty and fills as diffs arrive (from the worker, here by
    // hand, in the order the worker might deliver them).
    typed(&mut app, "f");
    assert!(app.visible.is_empty());
    assert_eq!(
        app.message.as_ref().unwrap().text,
        "no patch is critical yet"
    );
    let repo = git2::Repository::open(&path).unwrap();
    for i in [7, 0, 1, 2, 3, 4, 5, 6, 8] {
        let d = git_triage::diff::diff(&repo, &app.series.patches[i], &app.config.areas);
        app.diff_ready(i, d);
    }
    assert_eq!(app.visible, vec![1, 3, 7]);
    assert_eq!(
        app.current(),
        Some(7),
        "the first patch to arrive stays selected"
    );
    let s = screen(&mut app, 80, 24);
    assert!(!s.contains("loading") && s.contains("CRIT"), "{s}");
}

/// A repository with a base and one patch changing `a.c` to `content`, by `author`.
fn one_patch(dir: &Path, author: &str, message: &str, content: &str) -> App {
    git(dir, &["init", "-q", "-b", "main"]);
    git(dir, &["config", "user.name", "R"]);
    git(dir, &["config", "user.email", "r@example.org"]);
    std::fs::write(dir.join("a.c"), "int x;\n").unwrap();
    git(dir, &["add", "."]);
    git(dir, &["commit", "-q", "-m", "base"]);
    std::fs::write(dir.join("a.c"), content).unwrap();
    git(dir, &["add", "."]);
    let name = format!("user.name={author}");
    git(dir, &["-c", &name, "commit", "-q", "-m", message]);
    let mut app = open(dir, "main~1..main");
    app.ensure_all();
    app
}

#[test]
fn wide_and_combining_characters_keep_columns() {
    let dir = tempfile::tempdir().unwrap();
    let subject =
        "net: 修正网络驱动程序中的错误并添加更多的测试用例以确保稳定性 cafe\u{301} 🦀🦀🦀";
    let mut app = one_patch(
        dir.path(),
        "Jose\u{301} 山田",
        &format!("{subject}\n\nSigned-off-by: R <r@example.org>"),
        "int x;\nconst char *s = \"全角文字の行はとても長くて画面の幅を超えてしまうかもしれません\"; /* e\u{301} */\n",
    );
    // Side by side: the list's right border stays in its column on every row.
    let buf = draw(&mut app, 140, 20, true);
    let panes = super::layout::layout(140, 20, app.ratio).unwrap();
    let border = panes.list.width - 1;
    for y in 1..panes.list.height {
        assert_eq!(buf[(border, y)].symbol(), "│", "row {y}");
    }
    // Stacked: the page's gutter and the status bar keep their places.
    typed(&mut app, "G");
    let buf = draw(&mut app, 80, 24, true);
    let s = screen(&mut app, 80, 24);
    assert!(s.contains("山田"), "{s}");
    let status: String = (0..80).map(|x| buf[(x, 23)].symbol()).collect();
    assert!(status.starts_with(" 1/1  hunk"), "{status}");
    let wide_row = (0..23)
        .find(|&y| (0..80).any(|x| buf[(x, y)].symbol() == "全"))
        .unwrap();
    assert_eq!(buf[(0, wide_row)].symbol(), " ", "gutter column intact");
}

#[test]
fn merge_and_empty_pages_say_why_there_is_no_diff() {
    let mut d = demo();
    typed(&mut d.app, "G");
    assert_eq!(d.app.rows.last(), Some(&Row::NoChanges));
    let s = screen(&mut d.app, 80, 40);
    assert!(s.contains("Merge commit: no diff shown"), "{s}");
}

#[test]
fn hostile_text_is_shown_not_obeyed() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let mut app = one_patch(
        p,
        "Evil\x1b[2J Name",
        "\x1b[31mred\x1b[0m subject\n\nbody \x1b]0;title\x07\n\nSigned-off-by: R <r@example.org>",
        "int x;\n/* \u{202E} } \u{2066} */\x1b]52;c;aGk=\x07\n",
    );
    let buf = draw(&mut app, 100, 30, true);
    let mut text = String::new();
    for y in 0..30 {
        for x in 0..100 {
            text.push_str(buf[(x, y)].symbol());
        }
        text.push('\n');
    }
    assert!(
        !text.contains('\x1b') && !text.contains('\x07'),
        "raw escape reached the screen"
    );
    assert!(text.contains("^[[31mred^[[0m subject"), "{text}");
    assert!(
        text.contains("<U+202E>") && text.contains("<U+2066>"),
        "{text}"
    );
    assert!(text.contains("^[]52;c;aGk=^G"), "{text}");
    // The markers are drawn in the warning style.
    let marker = (0..30)
        .flat_map(|y| (0..100).map(move |x| (x, y)))
        .find(|&p| buf[p].symbol() == "<" && buf[(p.0 + 1, p.1)].symbol() == "U")
        .unwrap();
    assert!(buf[marker].modifier.contains(Modifier::REVERSED));
}

#[test]
fn screenshots_are_current() {
    let mut d = demo();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("screenshots");
    let mut shots = Vec::new();
    shots.push((
        "overview.svg",
        super::svg::render(&draw(&mut d.app, 100, 30, true)),
    ));
    // The TCG patch from the top of its page: AI trailers, findings, and the critical hunk.
    typed(&mut d.app, "--]g");
    let shot = draw(&mut d.app, 100, 42, true);
    shots.push(("critical-ai-hunk.svg", super::svg::render(&shot)));
    typed(&mut d.app, "?");
    shots.push((
        "help.svg",
        super::svg::render(&draw(&mut d.app, 100, 42, true)),
    ));
    // The TCG hunk with a comment of mine and one of another reviewer's, in their colours.
    typed(&mut d.app, "x");
    comments::cursor_on(&mut d.app, 2, "tcg/tcg-op.c", 35);
    typed(&mut d.app, "c");
    typed(
        &mut d.app,
        "A negative op is a caller's bug: assert it rather than return quietly?",
    );
    ctrl(&mut d.app, 's');
    let spot = git_triage::comments::Spot::Line {
        file: 0,
        hunk: 0,
        line: 4,
    };
    comments::comment_elsewhere_as(
        &d,
        1,
        spot,
        "And this is TCG: the policy wants no AI-written code here.",
        false,
    );
    typed(&mut d.app, "RN");
    shots.push((
        "commented-hunk.svg",
        super::svg::render(&draw(&mut d.app, 100, 30, true)),
    ));
    let update = std::env::var_os("UPDATE_SCREENSHOTS").is_some();
    for (name, svg) in shots {
        let path = dir.join(name);
        if update {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &svg).unwrap();
        } else {
            let old = std::fs::read_to_string(&path).unwrap_or_default();
            assert!(
                old == svg,
                "{} is stale; regenerate with UPDATE_SCREENSHOTS=1 cargo test screenshots",
                path.display()
            );
        }
    }
}

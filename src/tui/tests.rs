//! The TUI driven with key events over real repositories (the demo, and hostile ones built
//! here), rendered to ratatui's TestBackend and compared with snapshots.

use std::path::Path;
use std::process::Command;
use std::sync::Arc;
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
use super::Session;

mod big;
mod carried;
mod comments;
mod flow;
mod identity;
mod loading;
mod mail;
mod reading;
mod saving;
mod story;
mod tiny;
mod verdicts;
mod versions;
mod waiting;

/// 2026-11-26T09:00:00Z, so that verdict times in snapshots never change.
fn fixed_clock() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(1_795_683_600)
}

struct Demo {
    _dir: tempfile::TempDir,
    path: std::path::PathBuf,
    s: Session,
}

fn sources() -> Sources {
    Sources {
        no_user: true,
        ..Sources::default()
    }
}

/// The demo repository: its directory, path and range.
fn demo_repo() -> (tempfile::TempDir, std::path::PathBuf, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo");
    let range = crate::demo::create(&path).unwrap();
    (dir, path, range)
}

/// The demo repository with every diff computed, at 80x24.
fn demo() -> Demo {
    let (dir, path, range) = demo_repo();
    let mut s = open(&path, &range);
    s.settle();
    Demo { _dir: dir, path, s }
}

/// The series opened, the worker not yet started.
fn open(path: &Path, range: &str) -> Session {
    let repo = git2::Repository::open(path).unwrap();
    let source = git_triage::Source::Range(Some(range.to_string()));
    let mut s = super::open(repo, &source, &sources()).unwrap();
    s.app.clock = fixed_clock;
    s.app.size = (80, 24);
    // The stories decide one patch at a time and look at it afterwards; moving on after a
    // verdict has its own.
    s.app.config.tui.advance = false;
    s
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

/// Presses a key, then lets the worker answer whatever the key asked of it.
fn key(s: &mut Session, code: KeyCode) {
    s.app.key(KeyEvent::new(code, KeyModifiers::NONE));
    s.settle();
}

fn ctrl(s: &mut Session, c: char) {
    s.app
        .key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
    s.settle();
}

/// Types `keys` as normal characters.
fn typed(s: &mut Session, keys: &str) {
    for c in keys.chars() {
        key(s, KeyCode::Char(c));
    }
}

fn selected_subject(app: &App) -> &str {
    &app.patch(app.current().unwrap()).unwrap().subject
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
    insta::assert_snapshot!("overview_80x24", screen(&mut d.s.app, 80, 24));
}

#[test]
fn wide_terminal_puts_the_list_beside_the_page() {
    let mut d = demo();
    insta::assert_snapshot!("overview_200x40", screen(&mut d.s.app, 200, 40));
}

#[test]
fn critical_hunks_are_reached_across_patches() {
    let mut d = demo();
    let s = &mut d.s;
    let mut visited = Vec::new();
    for _ in 0..3 {
        typed(s, "]");
        assert_eq!(s.app.focus, Focus::Diff);
        assert!(
            matches!(s.app.rows[s.app.cursor], Row::Hunk(..)),
            "{:?}",
            s.app.rows[s.app.cursor]
        );
        visited.push(s.app.series.patches[s.app.current().unwrap()].index);
    }
    // tcg (2), migration (4), accel/kvm (8): the three patches touching critical areas.
    assert_eq!(visited, [2, 4, 8]);
    typed(s, "]");
    assert_eq!(
        s.app.message.as_ref().unwrap().text,
        "no later critical hunk"
    );
    typed(s, "[");
    assert_eq!(s.app.series.patches[s.app.current().unwrap()].index, 4);
    typed(s, "[[");
    assert_eq!(s.app.series.patches[s.app.current().unwrap()].index, 2);
    insta::assert_snapshot!("critical_hunk_80x24", screen(&mut s.app, 80, 24));
}

#[test]
fn critical_gutter_is_visible_without_colour() {
    let mut d = demo();
    typed(&mut d.s, "]");
    let buf = draw(&mut d.s.app, 80, 24, false);
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
    typed(&mut d.s, "?");
    assert!(matches!(d.s.app.mode, Mode::Help { .. }));
    let s = screen(&mut d.s.app, 100, 48);
    for b in super::keys::BINDINGS {
        assert!(s.contains(b.help), "help lacks {:?}", b.help);
    }
    insta::assert_snapshot!("help_80x24", screen(&mut d.s.app, 80, 24));
    typed(&mut d.s, "x");
    assert_eq!(d.s.app.mode, Mode::Normal);
}

#[test]
fn navigation_moves_the_list_and_the_diff() {
    let mut d = demo();
    let s = &mut d.s;
    typed(s, "jj");
    assert_eq!(s.app.series.patches[s.app.current().unwrap()].index, 3);
    key(s, KeyCode::Up);
    assert_eq!(s.app.series.patches[s.app.current().unwrap()].index, 2);
    typed(s, "G");
    assert_eq!(s.app.selected, 8);
    typed(s, "g");
    assert_eq!(s.app.selected, 0);
    key(s, KeyCode::Enter);
    assert_eq!(s.app.focus, Focus::Diff);
    typed(s, "jjj");
    assert_eq!(s.app.cursor, 3);
    ctrl(s, 'd');
    assert!(s.app.cursor > 3);
    typed(s, "G");
    // The last row with something on it, not the blank after the last file.
    assert_ne!(s.app.rows[s.app.cursor], Row::Blank);
    assert!(s.app.rows[s.app.cursor + 1..]
        .iter()
        .all(|r| *r == Row::Blank));
    typed(s, "h");
    assert_eq!(s.app.focus, Focus::List);
    key(s, KeyCode::Tab);
    assert_eq!(s.app.focus, Focus::Diff);
    // The list can take more or less room; the diff scrolls sideways.
    s.app.set_size(80, 40);
    let before = s.app.panes().unwrap().list.height;
    typed(s, "------");
    assert!(s.app.panes().unwrap().list.height < before);
    typed(s, "++++++");
    assert_eq!(s.app.panes().unwrap().list.height, before);
    s.app.set_size(80, 24);
    typed(s, ">>");
    assert_eq!(s.app.hscroll, 16);
    typed(s, "<<<");
    assert_eq!(s.app.hscroll, 0);
    // n walks the hunks of the patch.
    typed(s, "gn");
    assert!(matches!(s.app.rows[s.app.cursor], Row::Hunk(0, 0)));
    assert_eq!(s.app.hunk_position(), "hunk 1/1");
    typed(s, "g");
    assert_eq!(s.app.hunk_position(), "1 hunk");
}

#[test]
fn filters_cycle_through_critical_ai_findings_undecided() {
    let mut d = demo();
    let s = &mut d.s;
    let indices = |app: &App| -> Vec<usize> {
        app.visible
            .iter()
            .map(|&i| app.series.patches[i].index)
            .collect()
    };
    assert_eq!(indices(&s.app).len(), 9);
    typed(s, "f");
    assert_eq!(
        (s.app.filter, indices(&s.app)),
        (Filter::Critical, vec![2, 4, 8])
    );
    typed(s, "f");
    assert_eq!((s.app.filter, indices(&s.app)), (Filter::Ai, vec![1, 2, 8]));
    typed(s, "f");
    assert_eq!(s.app.filter, Filter::Findings);
    // Errors and warnings: the merge's info finding alone does not let it in.
    assert_eq!(indices(&s.app), vec![2, 3, 7, 8]);
    typed(s, "f");
    assert_eq!(s.app.filter, Filter::Undecided);
    assert_eq!(indices(&s.app).len(), 9);
    typed(s, "a");
    assert_eq!(
        indices(&s.app).len(),
        8,
        "an accepted patch leaves the undecided view"
    );
    typed(s, "f");
    assert_eq!(s.app.filter, Filter::All);
    let text = screen(&mut s.app, 80, 24);
    assert!(text.contains("✓1/9"), "{text}");
}

#[test]
fn search_finds_subjects_and_diff_lines_and_steps_with_n() {
    let mut d = demo();
    let s = &mut d.s;
    typed(s, "/kvm_check_cap");
    assert!(matches!(s.app.mode, Mode::SearchInput(_)));
    key(s, KeyCode::Enter);
    assert_eq!(
        selected_subject(&s.app),
        "accel/kvm: check the capability once"
    );
    assert!(matches!(s.app.rows[s.app.cursor], Row::Line(..)));
    let text = screen(&mut s.app, 80, 24);
    assert!(text.contains("match 1/1 for \"kvm_check_cap\""), "{text}");
    // Smart case: lower-case matches both; subjects count too.
    typed(s, "/tcg");
    key(s, KeyCode::Enter);
    let hits = s.app.search.as_ref().unwrap().hits.len();
    assert!(hits > 3);
    let first = (s.app.selected, s.app.cursor);
    for _ in 0..hits {
        typed(s, "n");
    }
    assert_eq!(
        (s.app.selected, s.app.cursor),
        first,
        "n wraps around after the last match"
    );
    typed(s, "N");
    assert_ne!((s.app.selected, s.app.cursor), first);
    key(s, KeyCode::Esc);
    assert!(
        s.app.search.is_none() && !s.app.quit,
        "Esc leaves the search first"
    );
    typed(s, "/no such text");
    key(s, KeyCode::Enter);
    s.settle();
    assert!(s.app.message.as_ref().unwrap().error);
    key(s, KeyCode::Esc);
    assert!(!s.app.quit, "Esc never quits");
    assert_eq!(
        s.app.message.as_ref().unwrap().text,
        "nothing to close · q quits"
    );
}

#[test]
fn accept_writes_a_note_at_once() {
    let mut d = demo();
    let s = &mut d.s;
    typed(s, "j");
    let commit = s.app.series.patches[1].key.to_string();
    typed(s, "a");
    let note = git(&d.path, &["notes", "--ref=triage", "show", &commit]);
    assert!(
        note.starts_with("Triage-Verdict: v1 2026-11-26T09:00:00.000Z accept patch-id="),
        "{note}"
    );
    assert!(note.contains(" Demo Maintainer <maintainer@example.org>\n"));
    typed(s, "w");
    typed(s, "c");
    assert!(matches!(s.app.mode, Mode::Comment(..)));
    typed(s, "Please split");
    key(s, KeyCode::Enter);
    typed(s, "the \"bitmap\" part.");
    ctrl(s, 's');
    assert_eq!(s.app.mode, Mode::Normal);
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
    let text = screen(&mut s.app, 80, 40);
    assert!(text.contains("✎ needs-work by Demo Maintainer"), "{text}");
    assert!(text.contains("the \"bitmap\" part."), "{text}");
    // A comment without a verdict is a remark: shown, but the patch stays undecided.
    typed(s, "j");
    typed(s, "c");
    typed(s, "just a remark");
    ctrl(s, 's');
    assert_eq!(
        s.app.message.as_ref().unwrap().text,
        "comment saved · your verdict: pending"
    );
    assert!(s.app.undecided(2));
    assert!(screen(&mut s.app, 80, 40).contains("· pending by Demo Maintainer"));
    typed(s, "k");
    // Esc (or Ctrl-c) in the editor asks before throwing typed text away; any answer but y
    // goes back to the text.
    typed(s, "c");
    typed(s, "zzz");
    key(s, KeyCode::Esc);
    assert!(matches!(s.app.mode, Mode::ConfirmDiscard(..)));
    assert!(screen(&mut s.app, 80, 24).contains("Discard what you typed (2 lines)? y/N"));
    typed(s, "n");
    let Mode::Comment(editor, _) = &s.app.mode else {
        panic!("back in the editor: {:?}", s.app.mode)
    };
    assert!(editor.text().ends_with("part.zzz"), "{}", editor.text());
    typed(s, "y");
    ctrl(s, 'c');
    assert!(matches!(s.app.mode, Mode::ConfirmDiscard(..)));
    typed(s, "y");
    assert!(!s.app.quit && s.app.mode == Mode::Normal);
    assert_eq!(s.app.message.as_ref().unwrap().text, "comment discarded");
    // Nothing typed: Esc just closes.
    typed(s, "c");
    key(s, KeyCode::Esc);
    assert_eq!(s.app.mode, Mode::Normal);
    assert_eq!(
        git(&d.path, &["notes", "--ref=triage", "show", &commit]),
        note
    );
    // What another process recorded shows up with the next verdict given here.
    let other = git_triage::notes::Reviewer {
        name: "Other Reviewer".into(),
        email: "other@example.org".into(),
    };
    let first = s.app.series.patches[0].key;
    let v = git_triage::Verdict::new(State::Reject, &other, None, None);
    git_triage::notes::record(s.app.repo(), "refs/notes/triage", first, &v).unwrap();
    assert!(s.app.notes.latest(first).is_empty());
    typed(s, "a");
    assert_eq!(s.app.notes.latest(first)[0].email, "other@example.org");
    // u clears, and the history stays.
    typed(s, "u");
    assert!(s.app.my_verdict(1).is_none());
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
    let s = &mut d.s;
    typed(s, "A");
    let Mode::ConfirmAcceptClean(plan) = &s.app.mode else {
        panic!("no prompt")
    };
    assert_eq!(
        plan.accept,
        vec![5],
        "patch 6: without error findings, not critical, not the merge, not carried from v1"
    );
    // Every patch is counted once: accepted, or in a group left out that the prompt names.
    let left = plan.decided
        + plan.errors
        + plan.unread
        + plan.critical
        + plan.merges
        + plan.commented
        + plan.carried;
    assert_eq!(plan.accept.len() + left, 9);
    let screen_text = screen(&mut s.app, 120, 24);
    assert!(
        screen_text.contains(
            "Accept 1 of 9 patches (0 critical)? y/N  left out: 4 with errors, 1 merge, 3 carried"
        ),
        "{screen_text}"
    );
    typed(s, "n");
    assert_eq!(s.app.counts().decided, 0);
    typed(s, "Ay");
    assert_eq!(s.app.counts().decided, 1);
    let notes = git(&d.path, &["notes", "--ref=triage", "list"]);
    assert_eq!(
        notes.lines().count(),
        6,
        "5 verdicts on v1 and the one accept"
    );
    // Nothing left to accept: no second prompt, and it says why.
    typed(s, "A");
    assert_eq!(s.app.mode, Mode::Normal);
    assert_eq!(
        s.app.message.as_ref().unwrap().text,
        "nothing to accept without a closer look; left out: 1 decided, 4 with errors, 1 merge, \
         3 carried (= confirms)"
    );
}

#[test]
fn verdicts_carry_over_to_a_rebased_series() {
    let d = demo();
    let mut s = d.s;
    // v1: accept the docs patch and the migration patch.
    typed(&mut s, "a");
    typed(&mut s, "jjja");
    drop(s);
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
    let mut s = open(&d.path, "master..review/series-v2");
    s.settle();
    let text = screen(&mut s.app, 80, 40);
    assert!(text.contains("↻✓"), "carried glyph in the list:\n{text}");
    assert!(text.contains("accepted in"), "{text}");
    assert_eq!(
        s.app.counts().decided,
        0,
        "carried verdicts are not decisions yet"
    );
    typed(&mut s, "=");
    assert_eq!(s.app.my_verdict(0).map(|v| v.state), Some(State::Accept));
    let commit = s.app.series.patches[0].key.to_string();
    let note = git(&d.path, &["notes", "--ref=triage", "show", &commit]);
    assert!(note.contains(" from="), "{note}");
}

#[test]
fn tiny_terminals_degrade_then_refuse() {
    let mut d = demo();
    typed(&mut d.s, "]");
    insta::assert_snapshot!("tiny_40x10", screen(&mut d.s.app, 40, 10));
    let s = screen(&mut d.s.app, 39, 10);
    assert!(
        s.starts_with("terminal too small: 39x10, need 40x10"),
        "{s}"
    );
    // Keys still work after the resize.
    typed(&mut d.s, "jk");
}

#[test]
fn the_first_frame_needs_no_diffs() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo");
    let range = crate::demo::create(&path).unwrap();
    let mut s = open(&path, &range);
    assert_eq!(s.app.loaded(), 0);
    let text = screen(&mut s.app, 80, 40);
    assert!(text.contains("loading 0/9"), "{text}");
    assert!(
        text.contains("⚑… AI3 !… ✓0/9"),
        "counts unknown yet: {text}"
    );
    assert!(text.contains("computing the diff…"), "{text}");
    // The critical filter starts empty and fills as diffs arrive (here by hand, in an order
    // the worker might deliver them).
    s.app
        .key(KeyEvent::new(KeyCode::Char('f'), KeyModifiers::NONE));
    assert!(s.app.visible.is_empty());
    assert_eq!(
        s.app.message.as_ref().unwrap().text,
        "no patch is critical yet"
    );
    let repo = git2::Repository::open(&path).unwrap();
    for i in [7, 0, 1, 2, 3, 4, 5, 6, 8] {
        let diff =
            git_triage::diff::diff(&repo, s.app.patch(i).unwrap(), &s.app.config.areas).unwrap();
        let checked = super::worker::Checked::new(diff, Vec::new());
        s.app.notify(super::worker::Notification::Checked(
            i,
            Ok(Arc::new(checked)),
        ));
    }
    assert_eq!(s.app.visible, vec![1, 3, 7]);
    assert_eq!(
        s.app.current(),
        Some(7),
        "the first patch to arrive stays selected"
    );
    let text = screen(&mut s.app, 80, 24);
    assert!(!text.contains("loading") && text.contains("CRIT"), "{text}");
}

/// A repository with a base and one patch changing `a.c` to `content`, by `author`.
fn one_patch(dir: &Path, author: &str, message: &str, content: &str) -> Session {
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
    let mut s = open(dir, "main~1..main");
    s.settle();
    s
}

#[test]
fn wide_and_combining_characters_keep_columns() {
    let dir = tempfile::tempdir().unwrap();
    let subject =
        "net: 修正网络驱动程序中的错误并添加更多的测试用例以确保稳定性 cafe\u{301} 🦀🦀🦀";
    let mut s = one_patch(
        dir.path(),
        "Jose\u{301} 山田",
        &format!("{subject}\n\nSigned-off-by: R <r@example.org>"),
        "int x;\nconst char *s = \"全角文字の行はとても長くて画面の幅を超えてしまうかもしれません\"; /* e\u{301} */\n",
    );
    // Side by side: the list's right border stays in its column on every row.
    let buf = draw(&mut s.app, 160, 20, true);
    let panes = s.app.panes_for(160, 20).unwrap();
    let border = panes.list.width - 1;
    for y in 1..panes.list.height {
        assert_eq!(buf[(border, y)].symbol(), "│", "row {y}");
    }
    // Stacked: the page's gutter and the status bar keep their places.
    typed(&mut s, "G");
    let buf = draw(&mut s.app, 80, 24, true);
    let text = screen(&mut s.app, 80, 24);
    assert!(text.contains("山田"), "{text}");
    let status: String = (0..80).map(|x| buf[(x, 23)].symbol()).collect();
    assert!(status.starts_with(" 1/1  1 hunk"), "{status}");
    let wide_row = (0..23)
        .find(|&y| (0..80).any(|x| buf[(x, y)].symbol() == "全"))
        .unwrap();
    assert_eq!(buf[(0, wide_row)].symbol(), " ", "gutter column intact");
}

#[test]
fn merge_and_empty_pages_say_why_there_is_no_diff() {
    let mut d = demo();
    typed(&mut d.s, "G");
    assert_eq!(d.s.app.rows.last(), Some(&Row::NoChanges));
    let s = screen(&mut d.s.app, 80, 40);
    assert!(s.contains("Merge commit: no diff shown"), "{s}");
}

#[test]
fn hostile_text_is_shown_not_obeyed() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let mut s = one_patch(
        p,
        "Evil\x1b[2J Name",
        "\x1b[31mred\x1b[0m subject\n\nbody \x1b]0;title\x07\n\nSigned-off-by: R <r@example.org>",
        "int x;\n/* \u{202E} } \u{2066} */\x1b]52;c;aGk=\x07\n",
    );
    let buf = draw(&mut s.app, 100, 30, true);
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
        super::svg::render(&draw(&mut d.s.app, 100, 30, true)),
    ));
    // The TCG patch from the top of its page: AI trailers, findings, and the critical hunk.
    typed(&mut d.s, "--]g");
    let shot = draw(&mut d.s.app, 100, 42, true);
    shots.push(("critical-ai-hunk.svg", super::svg::render(&shot)));
    typed(&mut d.s, "?");
    shots.push((
        "help.svg",
        super::svg::render(&draw(&mut d.s.app, 100, 42, true)),
    ));
    // The TCG hunk with a comment of mine and one of another reviewer's, in their colours.
    typed(&mut d.s, "x");
    comments::cursor_on(&mut d.s, 2, "tcg/tcg-op.c", 35);
    typed(&mut d.s, "c");
    typed(
        &mut d.s,
        "A negative op is a caller's bug: assert it rather than return quietly?",
    );
    ctrl(&mut d.s, 's');
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
    typed(&mut d.s, "RN");
    shots.push((
        "commented-hunk.svg",
        super::svg::render(&draw(&mut d.s.app, 100, 30, true)),
    ));
    // What changed in the TCG patch since the version first sent.
    let mut d = demo();
    d.s.app.compare_with(Some("review/series-v1"));
    d.s.settle();
    typed(&mut d.s, "ji");
    shots.push((
        "interdiff.svg",
        super::svg::render(&draw(&mut d.s.app, 100, 30, true)),
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

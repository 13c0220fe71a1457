//! Reading a patch: the file list, the sticky header, stepping and folding files, marks on
//! reviewed files that travel with the notes, changed words, tabs, wrapping, and findings one
//! key away.

use std::path::Path;

use crossterm::event::KeyCode;
use ratatui::style::Color;

use super::{draw, git, key, open, screen, typed, App, Focus, Row, Session};

/// A three-file patch: a C file with tabs and a long line in a critical area, a header, and
/// the policy file's neighbour; then the same series rebased with only the header changed.
fn three_files(dir: &Path) -> Session {
    git(dir, &["init", "-q", "-b", "main"]);
    git(dir, &["config", "user.name", "Rita Reviewer"]);
    git(dir, &["config", "user.email", "rita@example.org"]);
    let write = |path: &str, text: &str| {
        let full = dir.join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, text).unwrap();
    };
    write(
        ".git-triage.toml",
        "[[area]]\nname = \"Core\"\nlevel = \"critical\"\npaths = [\"core/\"]\n",
    );
    let body: String = (1..=40)
        .map(|n| format!("\tint reg_{n} = {n};\n"))
        .collect();
    write("core/ring.c", &format!("void ring(void)\n{{\n{body}}}\n"));
    write("core/ring.h", "void ring(void);\n");
    write("docs/ring.txt", "The ring.\n");
    git(dir, &["add", "."]);
    git(dir, &["commit", "-q", "-m", "base"]);
    git(dir, &["tag", "base"]);
    let long = format!("\tint reg_40 = {};\n", "ring_size() * ".repeat(12) + "1");
    let changed = body
        .replace("\tint reg_3 = 3;\n", "\tint reg_3 = 300;\n")
        .replace("\tint reg_40 = 40;\n", &long);
    write(
        "core/ring.c",
        &format!("void ring(void)\n{{\n{changed}}}\n"),
    );
    write("core/ring.h", "void ring(void);\nvoid ring_reset(void);\n");
    write("docs/ring.txt", "The ring, reset first.\n");
    git(dir, &["add", "."]);
    let msg = "core: size the ring\n\nSigned-off-by: Rita Reviewer <rita@example.org>";
    git(dir, &["commit", "-q", "-m", msg]);
    let mut s = open(dir, "base..main");
    s.settle();
    s
}

fn row_of(app: &App, row: Row) -> usize {
    app.rows.iter().position(|&r| r == row).unwrap()
}

#[test]
fn the_file_list_leads_to_each_file_and_its_header_stays_in_sight() {
    let dir = tempfile::tempdir().unwrap();
    let s = &mut three_files(dir.path());
    let text = screen(&mut s.app, 100, 40);
    assert!(text.contains("3 files  +4 −3"), "{text}");
    for path in ["core/ring.c", "core/ring.h", "docs/ring.txt"] {
        assert!(
            text.lines().any(|l| l.contains(path) && l.contains('+')),
            "{path}: {text}"
        );
    }
    assert!(text.contains("▌Core · critical"), "{text}");
    // Enter on a file of the list opens it; ) and ( step between files.
    key(s, KeyCode::Enter);
    s.app.set_cursor(row_of(&s.app, Row::FileStat(1)));
    key(s, KeyCode::Enter);
    assert_eq!(s.app.rows[s.app.cursor], Row::File(1));
    typed(s, ")");
    assert_eq!(s.app.rows[s.app.cursor], Row::File(2));
    typed(s, "((");
    assert_eq!(s.app.rows[s.app.cursor], Row::File(0));
    assert_eq!(s.app.position(), "file 1/3 · 4 hunks");
    // Deep in the first file, its header is kept on the page's first row.
    s.app.set_size(100, 14);
    typed(s, "n");
    for _ in 0..12 {
        typed(s, "j");
    }
    let text = screen(&mut s.app, 100, 14);
    let page_top = text
        .lines()
        .nth(s.app.panes().unwrap().page.y as usize + 1)
        .unwrap();
    assert!(page_top.contains("── M core/ring.c"), "{text}");
    assert!(page_top.contains("hunk 2/4"), "{text}");
    // z folds the file away, and opens it again.
    typed(s, "z");
    assert_eq!(s.app.rows[s.app.cursor], Row::File(0));
    assert!(s.app.rows.contains(&Row::Collapsed(0)));
    assert!(!s.app.rows.iter().any(|r| matches!(r, Row::Line(0, ..))));
    assert!(screen(&mut s.app, 100, 40).contains("▸ collapsed: 2 hunks, +2 −2 (z opens it)"));
    // Folded hunks still count: past the folded file the cursor is after its second hunk,
    // and the next file's hunk is the third of four.
    typed(s, ")");
    assert_eq!(s.app.hunk_position(), "hunk 2/4");
    typed(s, "n");
    assert_eq!(s.app.rows[s.app.cursor], Row::Hunk(1, 0));
    assert_eq!(s.app.hunk_position(), "hunk 3/4");
    typed(s, "((");
    typed(s, "z");
    assert!(!s.app.rows.contains(&Row::Collapsed(0)));
    // Scrolled so that the first row is the last line of a file and its header comes next:
    // no header of the file that ends there stands over it.
    s.app.set_size(100, 14);
    let next = row_of(&s.app, Row::File(1));
    s.app.set_cursor(next);
    s.app.scroll = next - 2;
    let text = screen(&mut s.app, 100, 14);
    let top = s.app.panes().unwrap().page.y as usize + 1;
    let page_top = text.lines().nth(top).unwrap();
    assert!(!page_top.contains("── M core/ring.c"), "{text}");
    assert!(page_top.contains("  }"), "{text}");
}

#[test]
fn reviewed_files_are_marked_in_the_notes_and_shown_as_progress() {
    let dir = tempfile::tempdir().unwrap();
    let s = &mut three_files(dir.path());
    let commit = s.app.series.patches[0].key.to_string();
    key(s, KeyCode::Enter);
    typed(s, ")");
    typed(s, "v");
    // Written at once, one line of its own kind; folded, and on to the next file.
    let note = git(dir.path(), &["notes", "--ref=triage", "show", &commit]);
    assert!(
        note.starts_with("Triage-File: v1 2026-11-26T09:00:00.000Z reviewed file-id="),
        "{note}"
    );
    assert!(note
        .trim_end()
        .ends_with("Rita Reviewer <rita@example.org> \"core/ring.c\""));
    assert!(s.app.rows.contains(&Row::Collapsed(0)));
    assert_eq!(s.app.rows[s.app.cursor], Row::File(1));
    assert_eq!(s.app.files_reviewed(0), Some((1, 3)));
    assert_eq!(
        s.app.message.as_ref().unwrap().text,
        "✓ core/ring.c reviewed (1/3 files)"
    );
    let text = screen(&mut s.app, 100, 40);
    assert!(text.lines().nth(1).unwrap().contains("◔"), "{text}");
    let cursor = s.app.cursor;
    s.app.set_cursor(0);
    assert!(screen(&mut s.app, 100, 40).contains("✓ 1 of 3 reviewed"));
    s.app.set_cursor(cursor);
    typed(s, "vv");
    assert_eq!(s.app.files_reviewed(0), Some((3, 3)));
    assert!(screen(&mut s.app, 100, 40)
        .lines()
        .nth(1)
        .unwrap()
        .contains("●"));
    // Taken back on one file.
    s.app.set_cursor(row_of(&s.app, Row::File(1)));
    typed(s, "v");
    assert_eq!(s.app.files_reviewed(0), Some((2, 3)));
    // The series rebased with the header changed again: the marks of the files whose change
    // is the same hold; the header's does not, nor does one on a changed file.
    let write = |p: &str, t: &str| std::fs::write(dir.path().join(p), t).unwrap();
    git(dir.path(), &["checkout", "-q", "-b", "v2", "base"]);
    git(
        dir.path(),
        &[
            "checkout",
            "-q",
            "main",
            "--",
            "core/ring.c",
            "docs/ring.txt",
        ],
    );
    write(
        "core/ring.h",
        "void ring(void);\nvoid ring_reset(int hard);\n",
    );
    git(dir.path(), &["add", "."]);
    git(
        dir.path(),
        &["commit", "-q", "-m", "core: size the ring (v2)"],
    );
    let mut v2 = open(dir.path(), "base..v2");
    v2.settle();
    assert!(v2.app.file_reviewed(0, 0) && v2.app.file_reviewed(0, 2));
    assert!(!v2.app.file_reviewed(0, 1));
    assert_eq!(v2.app.files_reviewed(0), Some((2, 3)));
}

#[test]
fn changed_words_stand_out_tabs_align_and_long_lines_wrap() {
    let dir = tempfile::tempdir().unwrap();
    let s = &mut three_files(dir.path());
    key(s, KeyCode::Enter);
    typed(s, "n");
    let buf = draw(&mut s.app, 100, 40, true);
    let find = |text: &str| {
        (0..40)
            .find(|&y| {
                let line: String = (0..100).map(|x| buf[(x, y)].symbol()).collect();
                line.contains(text)
            })
            .unwrap()
    };
    // `= 3;` became `= 300;`: only the number is emphasised, on both lines.
    let (old, new) = (find("int reg_3 = 3;"), find("int reg_3 = 300;"));
    let emphasised = |y: u16| -> String {
        (0..100)
            .filter(|&x| buf[(x, y)].bg != Color::Reset)
            .map(|x| buf[(x, y)].symbol())
            .collect()
    };
    assert_eq!(emphasised(old), "3");
    assert_eq!(emphasised(new), "300");
    // The tab is a tab stop: the code starts at column 8 of the code.
    let line: String = (0..100).map(|x| buf[(x, new)].symbol()).collect();
    let sign = line.find('+').unwrap();
    assert_eq!(&line[sign + 1..sign + 9], "        ", "{line}");
    // The long line scrolls sideways, or wraps with W.
    assert!(!s.app.rows.iter().any(|r| matches!(r, Row::LineMore(..))));
    typed(s, "W");
    assert!(s.app.wrap);
    let more: Vec<Row> = s
        .app
        .rows
        .iter()
        .copied()
        .filter(|r| matches!(r, Row::LineMore(..)))
        .collect();
    assert!(!more.is_empty());
    let text = screen(&mut s.app, 100, 40);
    assert!(text.contains("↳"), "{text}");
    assert!(
        text.contains("ring_size() * 1"),
        "the end of the long line shows: {text}"
    );
    typed(s, ">");
    assert_eq!(s.app.hscroll, 0, "no sideways scrolling while lines wrap");
    typed(s, "W");
    assert!(!s.app.wrap);
}

#[test]
fn the_readers_choices_are_saved_in_their_config() {
    let dir = tempfile::tempdir().unwrap();
    let s = &mut three_files(dir.path());
    let config = dir.path().join("cfg/git-triage/config.toml");
    std::fs::create_dir_all(config.parent().unwrap()).unwrap();
    std::fs::write(
        &config,
        "# mine\n[theme]\naccent = \"blue\"   # my colour\n",
    )
    .unwrap();
    s.app.prefs_path = Some(config.clone());
    typed(s, "+W");
    assert_eq!((s.app.ratio, s.app.wrap), (45, true));
    let text = std::fs::read_to_string(&config).unwrap();
    assert_eq!(
        text,
        "# mine\n[theme]\naccent = \"blue\"   # my colour\n\n[tui]\nlist = 45\nwrap = true\n"
    );
    assert!(s
        .app
        .message
        .as_ref()
        .unwrap()
        .text
        .starts_with("long lines wrap · saved to "));
    // The next session opens as this one was left.
    let sources = git_triage::Sources {
        user: Some(config),
        ..git_triage::Sources::default()
    };
    let repo = git2::Repository::open(dir.path()).unwrap();
    let source = git_triage::Source::Range(Some("base..main".into()));
    let next = crate::tui::open(repo, &source, &sources).unwrap();
    assert_eq!((next.app.ratio, next.app.wrap), (45, true));
}

#[test]
fn findings_are_one_key_away_and_wrap() {
    let mut d = super::demo();
    let s = &mut d.s;
    typed(s, "!");
    // The first error: the AI patch into TCG, at its critical hunk's line.
    assert_eq!(s.app.series.patches[s.app.current().unwrap()].index, 2);
    assert_eq!(s.app.focus, Focus::Diff);
    assert!(matches!(
        s.app.rows[s.app.cursor],
        Row::Line(..) | Row::Hunk(..)
    ));
    let msg = s.app.message.clone().unwrap().text;
    assert!(msg.starts_with("2/9 finding 1/"), "{msg}");
    // A finding about a hunk names the hunk's first added line, as the README shows.
    assert_eq!(
        msg,
        "2/9 finding 1/2: error ai-in-critical-area tcg/tcg-op.c:35"
    );
    assert_eq!(s.app.rows[s.app.cursor], Row::Line(0, 0, 3));
    let mut seen = vec![msg];
    for _ in 0..12 {
        typed(s, "!");
        seen.push(s.app.message.clone().unwrap().text);
    }
    // Warnings and errors only, every patch that has one, then round again.
    assert!(
        seen.iter().all(|m| !m.contains("merge-in-series")),
        "{seen:#?}"
    );
    assert!(
        seen.iter().any(|m| m.ends_with("(from the top)")),
        "{seen:#?}"
    );
    // At 80 columns a finding's message wraps under itself instead of being cut.
    let text = screen(&mut s.app, 80, 60);
    let at = text.lines().position(|l| l.contains("error   ")).unwrap();
    let next = text.lines().nth(at + 1).unwrap();
    assert!(next.starts_with("            "), "{text}");
}

#[test]
fn search_reaches_messages_trailers_and_authors_and_esc_gives_n_back_to_hunks() {
    let mut d = super::demo();
    let s = &mut d.s;
    typed(s, "/claude-opus");
    key(s, KeyCode::Enter);
    let search = s.app.search.clone().unwrap();
    assert!(
        search.hits.iter().all(|(_, r)| matches!(r, Row::Body(_))),
        "{:?}",
        search.hits
    );
    assert!(matches!(s.app.rows[s.app.cursor], Row::Body(_)));
    let msg = s.app.message.clone().unwrap().text;
    assert!(msg.contains(" in 1 message line · n/N next"), "{msg}");
    // The match is marked where it is, in the trailer.
    let buf = draw(&mut s.app, 100, 40, true);
    let found = (0..40).any(|y| {
        (0..100).any(|x| {
            buf[(x, y)].symbol() == "c"
                && buf[(x, y)]
                    .modifier
                    .contains(ratatui::style::Modifier::REVERSED)
                && buf[(x + 1, y)].symbol() == "l"
        })
    });
    assert!(found);
    typed(s, "n");
    assert!(matches!(s.app.rows[s.app.cursor], Row::Body(_)));
    // Authors and committers are searched too.
    typed(s, "/Sam Hurry");
    key(s, KeyCode::Enter);
    assert_eq!(s.app.rows[s.app.cursor], Row::Author);
    assert!(s.app.message.clone().unwrap().text.contains("in 1 author"));
    // Esc closes the search; n is the next hunk again.
    key(s, KeyCode::Esc);
    assert!(s.app.search.is_none() && !s.app.quit);
    typed(s, "n");
    assert!(matches!(s.app.rows[s.app.cursor], Row::Hunk(..)));
}

#[test]
fn the_reviewed_files_column_stands_apart_from_the_findings() {
    let mut d = super::demo();
    typed(&mut d.s, "j");
    key(&mut d.s, KeyCode::Enter);
    let file = d.s.app.rows.iter().position(|r| matches!(r, Row::File(_)));
    d.s.app.set_cursor(file.unwrap());
    typed(&mut d.s, "v");
    let s = screen(&mut d.s.app, 80, 24);
    assert!(s.contains(" 020a567 ▌AI E1 ● tcg: reject"), "{s}");
}

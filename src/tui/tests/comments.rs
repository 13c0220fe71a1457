//! Comments in the TUI: `c` on a line of the diff, blocks under their lines in each reviewer's
//! colour, editing and deleting, `}`/`{`, the `$EDITOR` round trip, and the replies.

use std::path::Path;
use std::time::{Duration, SystemTime};

use crossterm::event::KeyCode;
use ratatui::style::Color;

use git_triage::comments::{anchor_at, Spot};
use git_triage::notes::{self, CommentChange, Reviewer};

use super::{ctrl, demo, draw, git, key, screen, typed, App, Demo, Mode, Row};
use crate::tui::Session;

/// The row showing new line `n` of `path` on the selected patch's page.
pub fn line_row(app: &App, path: &str, n: u32) -> usize {
    let i = app.current().unwrap();
    let d = app.diff(i).unwrap();
    app.rows
        .iter()
        .position(|&r| match r {
            Row::Line(f, h, l) => {
                d.files[f].display_path() == path
                    && d.files[f].hunks[h].line(l).new_lineno == Some(n)
            }
            _ => false,
        })
        .unwrap()
}

/// Selects patch `index` (1-based) and puts the diff cursor on new line `n` of `path`.
pub fn cursor_on(s: &mut Session, index: usize, path: &str, n: u32) {
    typed(s, "hg");
    for _ in 1..index {
        typed(s, "j");
    }
    key(s, KeyCode::Enter);
    let r = line_row(&s.app, path, n);
    s.app.set_cursor(r);
}

fn note(path: &Path, app: &App, i: usize) -> String {
    let commit = app.series.patches[i].key.to_string();
    git(path, &["notes", "--ref=triage", "show", &commit])
}

/// Another reviewer comments on patch `i`'s `spot` from another process.
fn comment_elsewhere(d: &Demo, i: usize, spot: Spot, text: &str) {
    comment_elsewhere_as(d, i, spot, text, false);
}

/// A comment on patch `i`'s `spot` written by another process: as me, or as another reviewer.
pub fn comment_elsewhere_as(d: &Demo, i: usize, spot: Spot, text: &str, me: bool) {
    let repo = git2::Repository::open(&d.path).unwrap();
    let other = if me {
        Reviewer {
            name: "Demo Maintainer".into(),
            email: "maintainer@example.org".into(),
        }
    } else {
        Reviewer {
            name: "Other Reviewer".into(),
            email: "other@example.org".into(),
        }
    };
    let p = d.s.app.patch(i).unwrap();
    let diff = d.s.app.diff(i).unwrap();
    let (anchor, context) = anchor_at(spot, diff, &p.message);
    let add = CommentChange::Add {
        anchor,
        context,
        text: text.into(),
    };
    let at = SystemTime::UNIX_EPOCH + Duration::from_secs(1_795_690_000);
    notes::write_comments(
        &repo,
        "refs/notes/triage",
        &other,
        p.key,
        diff.patch_id,
        at,
        &[add],
    )
    .unwrap();
}

/// The first row of the screen holding `text`.
pub fn screen_row(s: &str, text: &str) -> usize {
    s.lines()
        .position(|l| l.contains(text))
        .unwrap_or_else(|| panic!("{text:?} not on\n{s}"))
}

#[test]
fn a_line_comment_shows_under_its_line_and_others_in_their_colour() {
    let mut d = demo();
    cursor_on(&mut d.s, 7, "hw/net/e1000.c", 35);
    typed(&mut d.s, "c");
    assert!(matches!(d.s.app.mode, Mode::Comment(..)));
    let s = screen(&mut d.s.app, 100, 30);
    assert!(s.contains("Comment on 7/9 · hw/net/e1000.c:35"), "{s}");
    typed(&mut d.s, "This hides a right-to-left override.");
    ctrl(&mut d.s, 's');
    assert_eq!(
        d.s.app.message.as_ref().unwrap().text,
        "comment saved on hw/net/e1000.c:35"
    );
    let n = note(&d.path, &d.s.app, 6);
    assert!(
        n.starts_with("Triage-Comment: v1 2026-11-26T09:00:00.000Z ")
            && n.contains(" line new:35 \"hw/net/e1000.c\" "),
        "{n}"
    );
    // Someone else comments on the same line; R shows it.
    let i = d.s.app.current().unwrap();
    let spot = Spot::Line {
        file: 0,
        hunk: 0,
        line: 3,
    };
    comment_elsewhere(&d, i, spot, "Agreed: NAK.");
    typed(&mut d.s, "R");
    let s = screen(&mut d.s.app, 100, 30);
    let line = screen_row(&s, "+    /* reset done <U+202E>");
    let mine = screen_row(&s, "╭─ Demo Maintainer · 2026-11-26 09:00 (you)");
    let theirs = screen_row(&s, "╭─ Other Reviewer · 2026-11-26 10:46");
    assert_eq!(
        (mine, theirs),
        (line + 1, line + 4),
        "both under the line:\n{s}"
    );
    assert!(s
        .lines()
        .nth(mine + 1)
        .unwrap()
        .contains("│ This hides a right-to-left override."));
    assert!(s
        .lines()
        .nth(theirs + 1)
        .unwrap()
        .contains("│ Agreed: NAK."));
    let buf = draw(&mut d.s.app, 100, 30, true);
    let (mine_fg, theirs_fg) = (buf[(14, mine as u16)].fg, buf[(14, theirs as u16)].fg);
    assert_eq!(mine_fg, Color::Cyan, "mine in the accent colour");
    assert!(
        theirs_fg != mine_fg && theirs_fg != Color::Reset,
        "{theirs_fg:?}"
    );
}

#[test]
fn comments_are_edited_deleted_and_stepped_through() {
    let mut d = demo();
    cursor_on(&mut d.s, 3, "hw/misc/led.c", 10);
    typed(&mut d.s, "cWhy 500?");
    ctrl(&mut d.s, 's');
    cursor_on(&mut d.s, 7, "hw/net/e1000.c", 35);
    typed(&mut d.s, "cNAK");
    ctrl(&mut d.s, 's');
    // } and { step from block to block, across patches.
    typed(&mut d.s, "hgl");
    typed(&mut d.s, "}");
    assert_eq!(d.s.app.current(), Some(2));
    assert!(matches!(d.s.app.rows[d.s.app.cursor], Row::Comment(_, 0)));
    typed(&mut d.s, "}");
    assert_eq!(d.s.app.current(), Some(6));
    typed(&mut d.s, "}");
    assert_eq!(d.s.app.message.as_ref().unwrap().text, "no later comment");
    // / finds comment text too.
    typed(&mut d.s, "/why 500");
    key(&mut d.s, KeyCode::Enter);
    assert_eq!(d.s.app.current(), Some(2));
    assert!(matches!(d.s.app.rows[d.s.app.cursor], Row::Comment(_, 0)));
    key(&mut d.s, KeyCode::Esc);
    typed(&mut d.s, "{");
    assert_eq!(d.s.app.current(), Some(2));
    // c on my block edits it: the same id, a later line.
    typed(&mut d.s, "c");
    assert!(matches!(
        d.s.app.mode,
        Mode::Comment(_, super::super::app::Target::Edit(..))
    ));
    key(&mut d.s, KeyCode::Home);
    typed(&mut d.s, "And: ");
    ctrl(&mut d.s, 's');
    assert_eq!(d.s.app.message.as_ref().unwrap().text, "comment edited");
    let n = note(&d.path, &d.s.app, 2);
    let ids: Vec<&str> = n.lines().map(|l| l.split(' ').nth(3).unwrap()).collect();
    assert_eq!((ids.len(), ids[0]), (2, ids[1]), "{n}");
    assert!(
        n.lines().nth(1).unwrap().contains("\"And: Why 500?\""),
        "{n}"
    );
    // d asks; n keeps it, y deletes it.
    typed(&mut d.s, "d");
    assert!(matches!(d.s.app.mode, Mode::ConfirmDelete(_)));
    assert!(screen(&mut d.s.app, 100, 30).contains("Delete your comment on hw/misc/led.c:10? y/N"));
    typed(&mut d.s, "n");
    assert_eq!(d.s.app.comments.len(), 1);
    typed(&mut d.s, "dy");
    assert_eq!(d.s.app.message.as_ref().unwrap().text, "comment deleted");
    assert!(d.s.app.comments.is_empty());
    assert!(note(&d.path, &d.s.app, 2)
        .lines()
        .last()
        .unwrap()
        .ends_with(" deleted"));
    // Another reviewer's block is not mine to delete.
    let i = d.s.app.current().unwrap();
    comment_elsewhere(&d, i, Spot::File { file: 0 }, "theirs");
    typed(&mut d.s, "R");
    typed(&mut d.s, "g}");
    typed(&mut d.s, "d");
    assert_eq!(
        d.s.app.message.as_ref().unwrap().text,
        "that comment is Other Reviewer's: only its author deletes it"
    );
}

#[test]
fn hostile_and_long_comments_are_shown_through_the_sanitizer() {
    let mut d = demo();
    cursor_on(&mut d.s, 2, "tcg/tcg-op.c", 35);
    typed(&mut d.s, "c");
    let hostile = format!(
        "evil \u{1b}]52;c;aGk=\u{7} \u{202e}rtl {}",
        "word ".repeat(60)
    );
    typed(&mut d.s, &hostile);
    ctrl(&mut d.s, 's');
    let n = note(&d.path, &d.s.app, 1);
    assert!(
        !n.contains('\u{1b}') && n.contains("\\u001b]52;c;aGk=\\u0007 \\u202ertl"),
        "{n}"
    );
    let s = screen(&mut d.s.app, 100, 40);
    assert!(!s.contains('\u{1b}') && !s.contains('\u{202e}'), "{s}");
    assert!(
        s.contains("│ evil ^[]52;c;aGk=^G <U+202E>rtl word word"),
        "{s}"
    );
    // Wrapped to the page, inside the block's borders.
    let rows: Vec<&str> = s
        .lines()
        .filter(|l| l.trim_start().starts_with('│'))
        .collect();
    assert!(rows.len() >= 4, "{s}");
    assert!(rows
        .iter()
        .all(|l| unicode_width::UnicodeWidthStr::width(*l) <= 100));
}

#[test]
fn a_comment_whose_line_changed_is_shown_outdated_with_what_it_was_on() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let mut session = super::one_patch(
        p,
        "R",
        "a: add y\n\nSigned-off-by: R <r@example.org>",
        "int x;\nint y = 1;\n",
    );
    typed(&mut session, "l");
    let r = line_row(&session.app, "a.c", 2);
    session.app.set_cursor(r);
    typed(&mut session, "cWhy 1?");
    ctrl(&mut session, 's');
    drop(session);
    // The same change with a space more: the patch-id does not see it, the comment's line does.
    std::fs::write(p.join("a.c"), "int x;\nint y =  1;\n").unwrap();
    git(p, &["commit", "-q", "-a", "--amend", "--no-edit"]);
    let mut session = super::open(p, "main~1..main");
    session.settle();
    let s = screen(&mut session.app, 100, 30);
    let top = screen_row(&s, "╭─ R · 2026-11-26 09:00 (you) · from ");
    assert!(
        s.lines()
            .nth(top)
            .unwrap()
            .contains(" · outdated, was at a.c:2 ─"),
        "{s}"
    );
    assert!(
        s.lines().nth(top + 2).unwrap().contains("│ > +int y = 1;"),
        "{s}"
    );
    assert!(s.lines().nth(top + 3).unwrap().contains("│ Why 1?"), "{s}");
    // Under the file, not on the line that now has its number.
    assert!(s.lines().nth(top - 1).unwrap().contains("── M a.c"), "{s}");
}

#[test]
fn accept_all_leaves_out_a_patch_i_commented_on() {
    let mut d = demo();
    // Patch 5 is a rename without a hunk: the comment goes on its file.
    typed(&mut d.s, "jjjj");
    key(&mut d.s, KeyCode::Enter);
    let r =
        d.s.app
            .rows
            .iter()
            .position(|&r| r == Row::File(0))
            .unwrap();
    d.s.app.set_cursor(r);
    typed(&mut d.s, "cIs the rename needed?");
    ctrl(&mut d.s, 's');
    typed(&mut d.s, "A");
    let Mode::ConfirmAcceptClean(plan) = &d.s.app.mode else {
        panic!("no prompt")
    };
    assert_eq!(
        plan.accept,
        vec![5],
        "patch 5 (index 4) has my question on it; patch 1 my accept carried from v1"
    );
    assert_eq!(plan.commented, 1);
}

#[test]
fn a_forged_comment_line_cannot_flood_the_page() {
    let mut d = demo();
    typed(&mut d.s, "l");
    let before = d.s.app.rows.len();
    let commit = d.s.app.series.patches[0].key.to_string();
    let path = "p/".repeat(3_000);
    let context = "+x\n".repeat(1_000);
    let line = format!(
        "Triage-Comment: v1 2026-01-01T00:00:00.000Z 0123456789ab line new:1 \"{path}\" \
         patch-id=- Mallory <m@example.org> \"hi\" on={}",
        serde_json::to_string(&context).unwrap()
    );
    git(
        &d.path,
        &["notes", "--ref=triage", "add", "-m", &line, &commit],
    );
    typed(&mut d.s, "R");
    assert_eq!(d.s.app.comments.len(), 1);
    assert!(d.s.app.comments[0].place.is_outdated());
    // Its title, three lines of what it was on, its text, its borders.
    assert_eq!(d.s.app.rows.len(), before + 6);
    let s = screen(&mut d.s.app, 100, 40);
    let title = s.lines().find(|l| l.contains("╭─ Mallory")).unwrap();
    assert!(
        title.contains("outdated, was at p/p/") && title.ends_with("… ╮"),
        "{title}"
    );
}

#[test]
fn g_ends_on_the_last_diff_line_and_c_on_a_blank_comments_on_nothing() {
    let mut d = demo();
    typed(&mut d.s, "jj");
    key(&mut d.s, KeyCode::Tab);
    typed(&mut d.s, "G");
    let last = d.s.app.rows[d.s.app.cursor];
    assert!(matches!(last, Row::Line(..)), "{last:?}");
    let s = screen(&mut d.s.app, 120, 40);
    typed(&mut d.s, "c");
    let Mode::Comment(_, target) = &d.s.app.mode else {
        panic!("{:?}", d.s.app.mode)
    };
    let label = d.s.app.target_label(target);
    assert!(label.contains("hw/misc/led.c:10"), "{label}\n{s}");
    key(&mut d.s, KeyCode::Esc);
    // The blank between the header and the diff is about nothing: c says so and opens nothing.
    let blank = d.s.app.rows.iter().rposition(|r| *r == Row::Blank).unwrap();
    d.s.app.set_cursor(blank);
    typed(&mut d.s, "c");
    assert_eq!(d.s.app.mode, Mode::Normal);
    let msg = d.s.app.message.clone().unwrap().text;
    assert!(msg.starts_with("nothing to comment on here"), "{msg}");
    // The commit's header is about the patch as a whole.
    typed(&mut d.s, "g");
    typed(&mut d.s, "c");
    let Mode::Comment(_, target) = &d.s.app.mode else {
        panic!("{:?}", d.s.app.mode)
    };
    assert!(d.s.app.target_label(target).contains("as a whole"));
}

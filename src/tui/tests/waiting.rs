//! The long-day keys while the worker is still loading: they wait for it as every key does, and
//! waiting never loses typed text, never moves a reviewer who has moved on, and never takes the
//! search off the worker.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::super::app::{Mode, Task};
use super::{demo_repo, git, open, screen};
use crate::tui::Session;

/// Presses keys without letting the worker answer (it has not even started).
fn press(s: &mut Session, keys: &str) {
    for c in keys.chars() {
        let code = match c {
            '\n' => KeyCode::Enter,
            '\x1b' => KeyCode::Esc,
            c => KeyCode::Char(c),
        };
        s.app.key(KeyEvent::new(code, KeyModifiers::NONE));
    }
}

fn ctrl_s(s: &mut Session) {
    s.app
        .key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
}

#[test]
fn a_comment_waiting_for_its_diff_is_never_lost() {
    let (_dir, path, range) = demo_repo();
    let mut s = open(&path, &range);
    press(&mut s, "cstill reading");
    ctrl_s(&mut s);
    assert!(matches!(s.app.pending[..], [Task::Comment { i: 0, .. }]));
    // q asks: the comment is not written yet.
    press(&mut s, "q");
    assert_eq!(s.app.mode, Mode::ConfirmQuit);
    let text = screen(&mut s.app, 100, 24);
    assert!(
        text.contains("Quit? A comment of yours waits for its patch's diff to be saved. y/N"),
        "{text}"
    );
    press(&mut s, "n");
    assert!(!s.app.quit);
    // Esc cancels the wait but keeps the text for c.
    press(&mut s, "\x1b");
    assert!(s.app.pending.is_empty());
    let msg = &s.app.message.as_ref().unwrap().text;
    assert!(msg.contains("your comment is kept: c reopens it"), "{msg}");
    press(&mut s, "q");
    assert_eq!(s.app.mode, Mode::ConfirmQuit, "still unsaved: q asks");
    press(&mut s, "n");
    press(&mut s, "c");
    let Mode::Comment(editor, _) = &s.app.mode else {
        panic!("{:?}", s.app.mode)
    };
    assert_eq!(editor.text(), "still reading");
    ctrl_s(&mut s);
    s.settle();
    assert!(s.app.unsaved.is_none());
    let commit = s.app.series.patches[0].key.to_string();
    let note = git(&path, &["notes", "--ref=triage", "show", &commit]);
    assert!(note.contains("still reading"), "{note}");
    press(&mut s, "q");
    assert!(s.app.quit);
}

#[test]
fn a_verdict_that_waited_advances_only_a_reviewer_who_stayed() {
    let (_dir, path, range) = demo_repo();
    let mut s = open(&path, &range);
    s.app.config.tui.advance = true;
    // Accept patch 2, then move on to patch 5 before its diff arrives.
    press(&mut s, "jajjj");
    s.settle();
    assert_eq!(s.app.current(), Some(4), "not pulled back to patch 3");
    let msg = &s.app.message.as_ref().unwrap().text;
    assert!(!msg.contains("next undecided"), "{msg}");
    // Staying put, the next verdict moves on (past 4, carried, to 6: undecided).
    press(&mut s, "a");
    s.settle();
    let msg = &s.app.message.as_ref().unwrap().text;
    assert!(msg.contains("next undecided"), "{msg}");
    assert_ne!(s.app.current(), Some(4));
}

#[test]
fn the_finding_key_waits_for_the_diffs_it_needs() {
    let (_dir, path, range) = demo_repo();
    let mut s = open(&path, &range);
    press(&mut s, "!");
    assert_eq!(s.app.pending, vec![Task::Finding { waiting: Some(0) }]);
    let text = screen(&mut s.app, 120, 24);
    assert!(text.contains("looking for an error or warning"), "{text}");
    s.settle();
    // Patch 2 has the first error; the cursor is on the line it is about.
    assert_eq!(s.app.current(), Some(1));
    let msg = &s.app.message.as_ref().unwrap().text;
    assert!(msg.starts_with("2/9 finding 1/"), "{msg}");
    // Esc cancels it like any waiting key.
    let mut s = open(&path, &range);
    press(&mut s, "!\x1b");
    assert!(s.app.pending.is_empty());
    assert_eq!(
        s.app.message.as_ref().unwrap().text,
        "cancelled: finding jump"
    );
}

#[test]
fn messages_trailers_and_authors_are_searched_on_the_worker() {
    let (_dir, path, range) = demo_repo();
    let mut s = open(&path, &range);
    press(&mut s, "/ai-used-for\n");
    // Nothing has been read by the app: the worker scans.
    assert!(s.app.searching.is_some() && s.app.search.is_none());
    s.settle();
    let search = s.app.search.as_ref().unwrap();
    assert!(!search.hits.is_empty());
    assert!(search
        .hits
        .iter()
        .all(|(_, r)| matches!(r, crate::tui::doc::Row::Body(_))));
    let msg = &s.app.message.as_ref().unwrap().text;
    assert!(msg.contains("message line"), "{msg}");
}

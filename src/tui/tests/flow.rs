//! The flow of a long session: on to the next undecided patch after a verdict, a summary at
//! quit, and keys that never lose typed text: Esc never quits, a paste is text, and quitting
//! with a comment that could not be saved asks first.

use crossterm::event::KeyCode;

use super::{ctrl, demo, key, screen, typed, Mode};

#[test]
fn a_verdict_moves_on_to_the_next_undecided_patch() {
    let mut d = demo();
    let s = &mut d.s;
    s.app.config.tui.advance = true;
    typed(s, "jja");
    // 3 accepted: on to 4.
    assert_eq!(s.app.series.patches[s.app.current().unwrap()].index, 4);
    assert!(s
        .app
        .message
        .as_ref()
        .unwrap()
        .text
        .ends_with("· next undecided: 4/9"));
    typed(s, "kr");
    // Back on 3 to change my mind: on to 4 again.
    assert_eq!(s.app.series.patches[s.app.current().unwrap()].index, 4);
    typed(s, "G");
    typed(s, "w");
    assert_eq!(s.app.series.patches[s.app.current().unwrap()].index, 1);
    assert!(s
        .app
        .message
        .as_ref()
        .unwrap()
        .text
        .ends_with("(from the top)"));
    // u clears and stays.
    typed(s, "Gu");
    assert_eq!(s.app.series.patches[s.app.current().unwrap()].index, 9);
    assert_eq!(
        s.app.summary(),
        "1 rejected, 8 undecided; notes in refs/notes/triage"
    );
    typed(s, "ggajja");
    assert_eq!(
        s.app.summary(),
        "2 accepted, 1 rejected, 6 undecided; notes in refs/notes/triage"
    );
}

#[test]
fn esc_never_quits_and_a_paste_is_text() {
    let mut d = demo();
    let s = &mut d.s;
    for _ in 0..3 {
        key(s, KeyCode::Esc);
        assert!(!s.app.quit);
    }
    // A paste in the normal mode is not a series of keys (`a` would accept, `q` quit).
    s.app.paste("aq");
    assert!(!s.app.quit);
    assert!(s.app.undecided(0));
    typed(s, "c");
    s.app.paste("Looks fine,\r\nbut see\tbelow.");
    let Mode::Comment(editor, _) = &s.app.mode else {
        panic!("{:?}", s.app.mode)
    };
    assert_eq!(editor.text(), "Looks fine,\nbut see    below.");
    typed(s, "/");
    // No second prompt while the editor is open: `/` was typed.
    assert!(matches!(s.app.mode, Mode::Comment(..)));
    ctrl(s, 's');
    typed(s, "/");
    s.app.paste("op generator\nsecond line");
    let Mode::SearchInput(q) = &s.app.mode else {
        panic!("{:?}", s.app.mode)
    };
    assert_eq!(q, "op generator");
}

#[test]
fn quitting_with_a_comment_that_was_not_saved_asks() {
    let mut d = demo();
    let s = &mut d.s;
    // A stale lock makes the save fail; the text is kept.
    let lock = d.path.join(".git/refs/notes/triage.lock");
    std::fs::create_dir_all(lock.parent().unwrap()).unwrap();
    std::fs::write(&lock, "").unwrap();
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(60);
    std::fs::File::options()
        .write(true)
        .open(&lock)
        .unwrap()
        .set_modified(old)
        .unwrap();
    typed(s, "c");
    typed(s, "a careful remark");
    ctrl(s, 's');
    assert!(s.app.message.as_ref().unwrap().error);
    assert!(s.app.unsaved.is_some());
    typed(s, "q");
    assert_eq!(s.app.mode, Mode::ConfirmQuit);
    assert!(screen(&mut s.app, 80, 24).contains("Quit? A comment of yours was not saved"));
    typed(s, "n");
    assert!(!s.app.quit);
    // c brings the text back; once the lock is gone, Ctrl-s saves it.
    std::fs::remove_file(&lock).unwrap();
    typed(s, "c");
    let Mode::Comment(editor, _) = &s.app.mode else {
        panic!("{:?}", s.app.mode)
    };
    assert_eq!(editor.text(), "a careful remark");
    ctrl(s, 's');
    assert!(s.app.unsaved.is_none() && s.app.mode == Mode::Normal);
    typed(s, "q");
    assert!(s.app.quit);
}

#[test]
fn cycling_the_filter_keeps_the_patch_i_was_on_wherever_it_shows() {
    let mut d = demo();
    let s = &mut d.s;
    typed(s, "jjjj");
    assert_eq!(s.app.current(), Some(4), "the rename: not critical, not AI");
    typed(s, "f");
    assert_eq!(s.app.filter, super::Filter::Critical);
    assert_ne!(s.app.current(), Some(4));
    // Through AI and findings, to undecided and back to all: the rename again.
    typed(s, "fff");
    assert_eq!(s.app.filter, super::Filter::Undecided);
    assert_eq!(s.app.current(), Some(4));
    typed(s, "f");
    assert_eq!(s.app.filter, super::Filter::All);
    assert_eq!(s.app.current(), Some(4));
    // Moving makes the patch I am on the one kept.
    typed(s, "jf");
    typed(s, "ffff");
    assert_eq!(s.app.current(), Some(5));
}

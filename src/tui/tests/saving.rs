//! Writes that wait: another git holds the notes ref's lock, and the keys go on while the
//! verdict waits; quitting waits for it; a write that fails says so and records nothing.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use git_triage::notes::State;

use super::{demo, git, screen, typed, Demo, Session};

/// Holds the notes ref's lock as another git process would: the file git creates.
fn hold_lock(path: &Path) -> PathBuf {
    let lock = path.join(".git/refs/notes/triage.lock");
    std::fs::create_dir_all(lock.parent().unwrap()).unwrap();
    std::fs::write(&lock, "").unwrap();
    lock
}

/// A lock left by a process killed a minute ago: taken for stale at once.
fn stale_lock(path: &Path) -> PathBuf {
    let lock = hold_lock(path);
    std::fs::File::options()
        .write(true)
        .open(&lock)
        .unwrap()
        .set_modified(SystemTime::now() - Duration::from_secs(60))
        .unwrap();
    lock
}

/// A key, and whatever the worker and writer have delivered meanwhile, without waiting.
fn press(s: &mut Session, c: char) {
    while let Ok(super::super::Event::Worker(n)) = s.events.try_recv() {
        s.app.notify(n);
    }
    s.app
        .key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
}

fn notes_of(d: &Demo, i: usize) -> String {
    let commit = d.s.app.series.patches[i].key.to_string();
    let out = std::process::Command::new("git")
        .args(["notes", "--ref=triage", "show", &commit])
        .current_dir(&d.path)
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn a_verdict_waiting_for_a_held_lock_does_not_hold_the_keys() {
    let mut d = demo();
    d.s.app.config.tui.advance = true;
    typed(&mut d.s, "jj");
    let lock = hold_lock(&d.path);
    press(&mut d.s, 'a');
    // Given, not recorded: the list says it is being saved, and nothing says accepted.
    let shot = screen(&mut d.s.app, 80, 24);
    assert!(shot.contains("saving 3/9…"), "{shot}");
    assert!(row(&shot, "led: fix").contains(" …  3 "), "{shot}");
    assert!(d.s.app.my_verdict(2).is_none());
    // The keys move and the screen redraws while the write waits for the lock.
    let mut slowest = Duration::ZERO;
    for c in "jjkj".chars() {
        let start = Instant::now();
        press(&mut d.s, c);
        screen(&mut d.s.app, 80, 24);
        slowest = slowest.max(start.elapsed());
    }
    assert_eq!(d.s.app.current(), Some(4));
    assert!(
        slowest < Duration::from_millis(500),
        "a key took {slowest:?}"
    );
    assert!(d.s.app.my_verdict(2).is_none());
    assert!(notes_of(&d, 2).is_empty(), "nothing written under the lock");
    // The other git is done: the verdict lands, and the reviewer, who moved on, stays.
    std::fs::remove_file(&lock).unwrap();
    d.s.wait_until(|app| !app.notes_busy());
    assert_eq!(d.s.app.my_verdict(2).map(|v| v.state), Some(State::Accept));
    assert!(notes_of(&d, 2).contains(" accept "));
    assert_eq!(d.s.app.current(), Some(4));
    assert_eq!(
        d.s.app.message.as_ref().unwrap().text,
        "✓ accept 3/9 to refs/notes/triage"
    );
    let shot = screen(&mut d.s.app, 80, 24);
    assert!(row(&shot, "led: fix").contains(" ✓  3 "), "{shot}");
}

fn row<'a>(shot: &'a str, subject: &str) -> &'a str {
    shot.lines().find(|l| l.contains(subject)).unwrap()
}

#[test]
fn quitting_waits_for_a_pending_write_and_the_note_is_there() {
    let mut d = demo();
    typed(&mut d.s, "jj");
    let lock = hold_lock(&d.path);
    press(&mut d.s, 'r');
    press(&mut d.s, 'q');
    assert!(!d.s.app.quit, "quit before the verdict was written");
    let shot = screen(&mut d.s.app, 80, 24);
    assert!(shot.contains("saving 3/9… then quitting"), "{shot}");
    let release = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(300));
        std::fs::remove_file(&lock).unwrap();
    });
    d.s.wait_until(|app| app.quit);
    release.join().unwrap();
    assert!(notes_of(&d, 2).contains(" reject "), "{}", notes_of(&d, 2));
    assert_eq!(
        d.s.app.summary(),
        "1 rejected, 8 undecided; notes in refs/notes/triage"
    );
}

#[test]
fn a_failing_write_shows_the_error_and_records_nothing() {
    let mut d = demo();
    typed(&mut d.s, "jj");
    let lock = stale_lock(&d.path);
    let tip = git(&d.path, &["for-each-ref", "refs/notes/"]);
    // Both keys before the writer's answer is taken: the write is still pending at `q`.
    for c in ['a', 'q'] {
        d.s.app
            .key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
    d.s.settle();
    let msg = d.s.app.message.clone().unwrap();
    assert!(msg.error, "{msg:?}");
    assert_eq!(
        msg.text,
        "unsaved: stale lock, rm .git/refs/notes/triage.lock if no git runs · not quit: q quits"
    );
    assert!(!d.s.app.quit, "a write that failed at quit stops the quit");
    assert!(d.s.app.my_verdict(2).is_none());
    assert_eq!(git(&d.path, &["for-each-ref", "refs/notes/"]), tip);
    let shot = screen(&mut d.s.app, 80, 24);
    assert!(row(&shot, "led: fix").contains(" ·  3 "), "{shot}");
    // A comment that fails comes back to `c`; a file mark says why too.
    typed(&mut d.s, "c");
    typed(&mut d.s, "kept");
    super::ctrl(&mut d.s, 's');
    assert_eq!(
        d.s.app.unsaved.as_ref().map(|u| u.0.text()),
        Some("kept".into())
    );
    super::key(&mut d.s, KeyCode::Tab);
    typed(&mut d.s, ")v");
    let msg = d.s.app.message.clone().unwrap();
    assert!(
        msg.error && msg.text.starts_with("unsaved: stale lock"),
        "{msg:?}"
    );
    assert_eq!(d.s.app.files_reviewed(2), None);
    std::fs::remove_file(&lock).unwrap();
    typed(&mut d.s, "a");
    assert_eq!(d.s.app.my_verdict(2).map(|v| v.state), Some(State::Accept));
}

#[test]
fn a_panic_in_the_ui_waits_for_the_verdict_given_before_it() {
    let Demo { _dir, path, mut s } = demo();
    let lock = hold_lock(&path);
    s.app
        .key(KeyEvent::new(KeyCode::Char('a'), KeyModifiers::NONE));
    let in_flight = s.app.writes_in_flight();
    assert_eq!(in_flight.load(std::sync::atomic::Ordering::SeqCst), 1);
    let commit = s.app.series.patches[0].key.to_string();
    let unlock = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(300));
        std::fs::remove_file(lock).unwrap();
    });
    // As in `tui::run`: the session outlives the wait, which a panic unwinding the UI's thread
    // goes through.
    let crashed = std::thread::spawn(move || {
        let _session = s;
        let _landing = crate::tui::term::WritesLanding(in_flight);
        panic!("a bug in the UI");
    })
    .join();
    assert!(crashed.is_err());
    unlock.join().unwrap();
    let note = git(&path, &["notes", "--ref=triage", "show", &commit]);
    assert!(note.contains(" accept "), "{note}");
}

#[test]
fn c_again_while_the_comment_is_saving_opens_on_what_was_saved() {
    let mut d = demo();
    let press = |s: &mut Session, code: KeyCode, m: KeyModifiers| s.app.key(KeyEvent::new(code, m));
    press(&mut d.s, KeyCode::Char('c'), KeyModifiers::NONE);
    for ch in "first thoughts".chars() {
        press(&mut d.s, KeyCode::Char(ch), KeyModifiers::NONE);
    }
    press(&mut d.s, KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert!(
        !d.s.app.saving.is_empty(),
        "handed to the writer, not confirmed yet"
    );
    // Before the writer answers: the editor must not open on the text from before the save.
    press(&mut d.s, KeyCode::Char('c'), KeyModifiers::NONE);
    assert_eq!(d.s.app.mode, super::Mode::Normal);
    let s = screen(&mut d.s.app, 120, 24);
    assert!(s.contains("saving"), "{s}");
    d.s.settle();
    let super::Mode::Comment(editor, _) = &d.s.app.mode else {
        panic!("{:?} {:?}", d.s.app.mode, d.s.app.message)
    };
    assert_eq!(editor.text(), "first thoughts");
}

#[test]
fn a_signal_says_which_write_it_could_not_save() {
    let mut d = demo();
    typed(&mut d.s, "jjjjjj");
    stale_lock(&d.path);
    press(&mut d.s, 'w');
    // The signal comes while the write waits; the write fails on the stale lock.
    d.s.app.ending();
    d.s.wait_until(|app| app.saving.is_empty());
    assert_eq!(
        d.s.app.signal_report(),
        [
            "needs-work on 7/9 (hw/net/e1000: comment the reset path) not saved: stale lock, \
          rm .git/refs/notes/triage.lock if no git runs"
        ]
    );
}

#[test]
fn a_signal_says_the_comment_being_typed_is_discarded() {
    let mut d = demo();
    typed(&mut d.s, "jjc");
    typed(&mut d.s, "the period is \x1b[31mred");
    d.s.app.ending();
    assert_eq!(
        d.s.app.signal_report(),
        [
            "unsaved comment on 3/9 (hw/misc/led: fix the blink period) discarded: \
          \"the period is ^[[31mred\""
        ]
    );
}

#[test]
fn keys_wait_while_quitting_waits_for_a_write_and_esc_stays() {
    let mut d = demo();
    typed(&mut d.s, "jj");
    let lock = hold_lock(&d.path);
    press(&mut d.s, 'r');
    press(&mut d.s, 'q');
    // Quitting was asked: a later verdict or move is not done behind it.
    press(&mut d.s, 'j');
    press(&mut d.s, 'a');
    assert_eq!(d.s.app.current(), Some(2));
    assert_eq!(d.s.app.saving.len(), 1, "only the reject is being written");
    assert_eq!(
        d.s.app.message.as_ref().unwrap().text,
        "saving 3/9… then quitting · Esc stays"
    );
    // Esc takes the quit back, and says so; keys act again.
    d.s.app.key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
    assert!(!d.s.app.leaving);
    assert_eq!(
        d.s.app.message.as_ref().unwrap().text,
        "not quitting · saving 3/9… goes on"
    );
    press(&mut d.s, 'j');
    assert_eq!(d.s.app.current(), Some(3));
    // q again, and the quit waits for the write alone.
    press(&mut d.s, 'q');
    press(&mut d.s, 'a');
    std::fs::remove_file(&lock).unwrap();
    d.s.wait_until(|app| app.quit);
    assert!(notes_of(&d, 2).contains(" reject "), "{}", notes_of(&d, 2));
    assert!(notes_of(&d, 3).is_empty(), "{}", notes_of(&d, 3));
}

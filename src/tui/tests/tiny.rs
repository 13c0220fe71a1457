//! A terminal too small to draw the panes: nothing a key does would be seen, so keys do
//! nothing there but quit.

use crossterm::event::KeyCode;

use git_triage::notes::State;

use super::{demo, key, screen, typed};

#[test]
fn keys_do_nothing_unseen_on_a_terminal_too_small() {
    let mut d = demo();
    typed(&mut d.s, "a");
    assert_eq!(d.s.app.my_verdict(0).map(|v| v.state), Some(State::Accept));
    let small = screen(&mut d.s.app, 39, 10);
    assert!(
        small.starts_with(
            "terminal too small: 39x10, need 40x10\nenlarge the terminal to go on; q quits"
        ),
        "{small}"
    );
    // The tester's `u` cleared an accept unseen; every key that acts is refused the same way.
    typed(&mut d.s, "urwcAjv=EMd/");
    key(&mut d.s, KeyCode::Tab);
    assert_eq!(d.s.app.my_verdict(0).map(|v| v.state), Some(State::Accept));
    assert_eq!(d.s.app.mode, super::Mode::Normal);
    assert_eq!(d.s.app.selected, 0);
    assert!(d.s.app.saving.is_empty() && d.s.app.external.is_none());
    // Enlarged again, keys act as before.
    let s = screen(&mut d.s.app, 80, 24);
    assert!(s.contains("✓ accept"), "{s}");
    typed(&mut d.s, "u");
    assert!(d.s.app.undecided(0));
    // And q still quits on the small screen.
    screen(&mut d.s.app, 39, 10);
    typed(&mut d.s, "q");
    assert!(d.s.app.quit);
}

//! Comments on the previous version of a patch whose code changed, in the TUI: with the
//! previous version named, they show on the new patch, on their line where it still reads the
//! same and outdated where it changed, and say which version they come from.

use super::comments::{line_row, screen_row};
use super::{ctrl, git, screen, typed};

#[test]
fn comments_on_the_previous_version_show_from_it_moved_or_outdated() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let body: String = (1..=12).map(|n| format!("int v{n} = {n};\n")).collect();
    let message = "a: add values\n\nSigned-off-by: R <r@example.org>";
    let mut session = super::one_patch(p, "R", message, &format!("int x;\n{body}"));
    typed(&mut session, "l");
    for (line, text) in [(8, "Seven?"), (12, "Eleven?")] {
        let r = line_row(&session.app, "a.c", line);
        session.app.set_cursor(r);
        typed(&mut session, &format!("c{text}"));
        ctrl(&mut session, 's');
    }
    drop(session);
    git(p, &["branch", "v1"]);
    // v2: a line more after v2 (what follows moves down one) and v11 changed.
    let v2 = format!("int x;\n{body}")
        .replace("int v2 = 2;\n", "int v2 = 2;\nint w;\n")
        .replace("int v11 = 11;", "int v11 = 110;");
    std::fs::write(p.join("a.c"), v2).unwrap();
    git(p, &["commit", "-q", "-a", "--amend", "--no-edit"]);
    let mut session = super::open(p, "main~1..main");
    session.settle();
    // Not named: the changed patch carries nothing.
    assert!(session.app.comments.is_empty());
    session.app.compare_with(Some("main~1..v1"));
    session.settle();
    typed(&mut session, "l");
    let seen: Vec<_> = session
        .app
        .comments
        .iter()
        .map(|c| {
            (
                c.text[0].as_str(),
                c.previous.as_deref(),
                c.place.is_outdated(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            ("Seven?", Some("main~1..v1"), false),
            ("Eleven?", Some("main~1..v1"), true)
        ]
    );
    let s = screen(&mut session.app, 100, 60);
    let seven = screen_row(&s, "│ Seven?");
    assert!(
        s.lines().nth(seven - 2).unwrap().contains("+int v7 = 7;"),
        "{s}"
    );
    let top = s.lines().nth(seven - 1).unwrap();
    assert!(top.contains(" (you) · from main~1..v1 "), "{s}");
    let eleven = screen_row(&s, "│ Eleven?");
    assert!(
        s.lines()
            .nth(eleven - 4)
            .unwrap()
            .contains(" · outdated, was at a.c:12"),
        "{s}"
    );
    assert!(
        s.lines()
            .nth(eleven - 1)
            .unwrap()
            .contains("│ > +int v11 = 11;"),
        "{s}"
    );
}

/// Rita accepted every patch of topic-v2; topic-v2 was then only rebased (`topic-v2r`: the
/// same patch-ids, nothing written on it), and topic-v3 edited the second patch. Opened
/// against the rebase, her v2 verdicts are hers to confirm: `=` at once where the code is the
/// same, twice on the edited patch, each confirmation naming the v2 commit it was given on.
#[test]
fn verdicts_carried_through_a_rebased_version_are_confirmed_like_any() {
    use super::versions::{rerolled, select};
    use crate::tui::app::Mode;
    use git_triage::notes::State;

    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    rerolled(p);
    let mut v2 = super::open(p, "master~1..topic-v2");
    v2.settle();
    for _ in 0..4 {
        typed(&mut v2, "aj");
    }
    drop(v2);
    git(p, &["checkout", "-q", "-b", "topic-v2r", "master"]);
    git(p, &["cherry-pick", "master~1..topic-v2"]);
    let v2_lib = git(p, &["rev-parse", "topic-v2~2"]).trim().to_string();

    let mut s = super::open(p, "master..topic-v3");
    s.settle();
    s.app.compare_with(Some("master..topic-v2r"));
    s.settle();
    // The edited patch: carried from v2 through the rebase, given on other code.
    select(&mut s, 1);
    typed(&mut s, "=");
    assert!(matches!(s.app.mode, Mode::ConfirmChanged(_)), "asks");
    typed(&mut s, "=");
    let v = s.app.my_verdict(1).expect("confirmed");
    assert_eq!(
        (v.state, v.from.map(|f| f.to_string())),
        (State::Accept, Some(v2_lib))
    );
    select(&mut s, 0);
    typed(&mut s, "=");
    assert_eq!(s.app.mode, Mode::Normal);
    assert_eq!(s.app.counts().decided, 2);
}

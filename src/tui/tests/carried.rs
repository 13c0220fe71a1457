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

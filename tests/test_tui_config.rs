//! `[tui]` is the TUI's alone: a bad value there is a clear error when the TUI opens, with the
//! file and line, and nothing to `check`, `export` or `reply`, which never read it.

use crate::common::{signed, TestRepo};

#[test]
fn a_bad_tui_setting_stops_the_tui_only() {
    let mut r = TestRepo::new();
    r.commit(&signed("base"), &[("a.c", Some(b"a\n"))]);
    let base = r.head();
    r.commit(&signed("b"), &[("b.c", Some(b"b\n"))]);
    let range = format!("{base}..");
    let dir = r.home.path().join(".config/git-triage");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("config.toml");
    for (tui, says) in [
        ("tab_width = 0", ":3:13: tui.tab_width: 0 is not 1 to 16"),
        ("list = 5", ":3:8: tui.list: 5 is not a share of the screen"),
        (
            "tab_width = \"wide\"",
            ":3:13: invalid type: string \"wide\"",
        ),
        ("colour = 1", ":3:1: unknown field `colour`"),
    ] {
        std::fs::write(
            &file,
            format!("notes_ref = \"refs/notes/triage\"\n[tui]\n{tui}\n"),
        )
        .unwrap();
        for args in [
            vec!["check", &range],
            vec!["export", &range],
            vec!["reply", &range],
        ] {
            let out = r.triage(&args);
            assert_eq!(
                out.status.code(),
                Some(0),
                "{tui} {args:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let out = r.triage(&[&range]);
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(2), "{tui}: {err}");
        assert!(
            err.starts_with(&format!("error: {}{says}", file.display()))
                && err.lines().count() == 1,
            "{tui}: {err}"
        );
    }
    // What the other commands read is still checked.
    std::fs::write(&file, "notes_ref = \"triage\"\n").unwrap();
    let out = r.triage(&["check", &range]);
    assert_eq!(out.status.code(), Some(2));
}

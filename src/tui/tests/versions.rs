//! A reviewer opens the demo's series next to the version they reviewed before
//! (`--previous review/series-v1`): sees which patches changed, reads what changed in them,
//! and confirms the verdicts that still hold.

use std::path::Path;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::Modifier;

use git_triage::notes::State;
use git_triage::versions::State as Version;

use super::super::app::{Filter, Mode, Versions, View};
use super::super::doc::Row;
use super::super::Session;
use super::{demo, draw, git, key, open, screen, typed, Demo};

/// The demo, compared with the version first sent.
pub(super) fn compared() -> Demo {
    let mut d = demo();
    d.s.app.compare_with(Some("review/series-v1"));
    d.s.settle();
    d
}

fn last_line(d: &Demo, i: usize) -> String {
    let commit = d.s.app.series.patches[i].key.to_string();
    let note = git(&d.path, &["notes", "--ref=triage", "show", &commit]);
    note.lines().last().unwrap().to_string()
}

/// Selects patch `i` (0-based) in the list.
pub(super) fn select(s: &mut Session, i: usize) {
    typed(s, "hg");
    for _ in 0..s.app.visible.iter().position(|&v| v == i).unwrap() {
        typed(s, "j");
    }
    assert_eq!(s.app.current(), Some(i));
}

#[test]
fn the_comparison_comes_after_the_first_frame_and_nothing_waits_for_it() {
    let mut d = demo();
    d.s.app.compare_with(Some("review/series-v1"));
    // Not compared yet: the screen says so, and every key still works.
    let s = screen(&mut d.s.app, 120, 20);
    assert!(s.contains("comparing with review/series-v1…"), "{s}");
    assert!(
        s.contains("Version: comparing with review/series-v1…"),
        "{s}"
    );
    for c in "jki".chars() {
        d.s.app
            .key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
    assert_eq!(d.s.app.view, View::Interdiff);
    assert!(matches!(d.s.app.versions, Versions::Comparing { .. }));
    assert!(screen(&mut d.s.app, 100, 20).contains("comparing with review/series-v1…"));
    // The worker's answer replaces the "…" on the page being shown.
    d.s.settle();
    assert!(matches!(d.s.app.versions, Versions::Ready(_)));
    let s = screen(&mut d.s.app, 100, 20);
    assert!(!s.contains("comparing with"), "{s}");
    assert!(
        s.contains("~ message changed since review/series-v1"),
        "{s}"
    );
    // The page's hunks are the interdiff's, and the count says so.
    assert!(
        d.s.app.hunk_position().contains("interdiff hunk"),
        "{}",
        d.s.app.hunk_position()
    );
    typed(&mut d.s, "i");
    assert!(!d.s.app.hunk_position().contains("interdiff"));
    // A previous version that cannot be read is one message, not a crash.
    let mut d = demo();
    d.s.app.compare_with(Some("no-such-branch"));
    d.s.settle();
    let s = screen(&mut d.s.app, 160, 20);
    assert!(
        s.contains("previous version no-such-branch: unknown revision"),
        "{s}"
    );
    assert!(
        s.contains("Version: no-such-branch could not be read"),
        "{s}"
    );
}

#[test]
fn a_reviewer_sees_what_changed_since_v1_and_confirms_what_still_holds() {
    let mut d = compared();
    let states: Vec<Option<Version>> = (0..9).map(|i| d.s.app.version_state(i)).collect();
    let code = Version::Changed {
        code: true,
        message: false,
    };
    let message = Version::Changed {
        code: false,
        message: true,
    };
    use Version::{New, Unchanged};
    assert_eq!(
        states,
        [
            Some(message),
            Some(code),
            Some(Unchanged),
            Some(Unchanged),
            Some(Unchanged),
            Some(New),
            Some(Unchanged),
            Some(Unchanged),
            None
        ]
    );
    // The list: ≡ ~ +, my carried verdicts (↻ still valid, ? given on other code), and the
    // dropped debug patch counted in the status bar.
    insta::assert_snapshot!("versions_list_100x24", screen(&mut d.s.app, 100, 24));

    // Two changed patches (and the new one) behind the filter.
    typed(&mut d.s, "fffff");
    assert_eq!(d.s.app.filter, Filter::Changed);
    assert_eq!(d.s.app.visible, [0, 1, 5]);
    typed(&mut d.s, "f");
    assert_eq!(d.s.app.filter, Filter::All);

    // What changed in the TCG patch: the diff of diffs, outer marks in reverse video.
    select(&mut d.s, 1);
    typed(&mut d.s, "i");
    assert_eq!(d.s.app.view, View::Interdiff);
    insta::assert_snapshot!("versions_interdiff_80x24", screen(&mut d.s.app, 80, 24));
    let buf = draw(&mut d.s.app, 80, 24, true);
    let outer = (0..24)
        .flat_map(|y| (0..80).map(move |x| (x, y)))
        .find(|&p| buf[p].symbol() == "-" && buf[(p.0 + 1, p.1)].symbol() == "+")
        .expect("a removed line of the old version");
    assert!(buf[outer].modifier.contains(Modifier::REVERSED));
    assert!(!buf[(outer.0 + 1, outer.1)]
        .modifier
        .contains(Modifier::REVERSED));
    // The view stays while moving through the changed patches; the docs patch changed only
    // its message.
    typed(&mut d.s, "k");
    assert_eq!(d.s.app.view, View::Interdiff);
    let s = screen(&mut d.s.app, 80, 24);
    assert!(s.contains("── message, author and notes"), "{s}");
    assert!(s.contains("+    Explain how ops are emitted."), "{s}");
    assert!(!s.contains("── code"), "{s}");
    typed(&mut d.s, "jj");
    assert!(
        screen(&mut d.s.app, 80, 24).contains("Unchanged since review/series-v1: the same diff")
    );
    // A critical hunk is on the patch page: `]` goes back to it.
    typed(&mut d.s, "]");
    assert_eq!(d.s.app.view, View::Patch);
    assert!(matches!(d.s.app.rows[d.s.app.cursor], Row::Hunk(..)));
    assert!(d.s.app.rows.contains(&Row::Version));

    // `=` on the TCG patch: my needs-work was given on other code, so it asks first.
    select(&mut d.s, 1);
    let s = screen(&mut d.s.app, 250, 50);
    assert!(
        s.contains("?✎ sent back for work in 07af326 by Demo Maintainer <maintainer@example.org>, 2026-01-01 · the code changed since · = = confirms it anyway"),
        "{s}"
    );
    assert!(s.contains("?✗ rejected in 07af326 by Rae Reviewer"), "{s}");
    typed(&mut d.s, "=");
    assert!(matches!(d.s.app.mode, Mode::ConfirmChanged(_)));
    let s = screen(&mut d.s.app, 100, 24);
    assert!(
        s.contains("The code changed since your needs-work on "),
        "{s}"
    );
    key(&mut d.s, KeyCode::Esc);
    assert!(
        d.s.app.my_verdict(1).is_none(),
        "any other key confirms nothing"
    );
    typed(&mut d.s, "==");
    let v = d.s.app.my_verdict(1).unwrap();
    assert_eq!(
        (v.state, v.patch_id, v.from.is_some()),
        (State::NeedsWork, d.s.app.patch_id(1), true)
    );
    assert!(d
        .s
        .app
        .message
        .as_ref()
        .unwrap()
        .text
        .ends_with("on the changed patch"));

    // The unchanged ones (and the docs patch, whose code is the same) confirm at once.
    for i in [0, 3, 4] {
        select(&mut d.s, i);
        typed(&mut d.s, "=");
        assert_eq!(d.s.app.mode, Mode::Normal);
        assert_eq!(d.s.app.my_verdict(i).map(|v| v.state), Some(State::Accept));
        assert!(last_line(&d, i).contains(" from="), "{}", last_line(&d, i));
    }
    // Rae's reject stays hers: carried, marked as given on the old code.
    let s = screen(&mut d.s.app, 100, 24);
    assert!(s.contains("✎✗ 2 ~"), "{s}");
    assert_eq!(d.s.app.counts().decided, 4);
}

#[test]
fn mail_with_an_older_version_in_the_thread_is_compared_with_it_by_default() {
    let d = demo();
    let mbox = crate::demo::mail(&d.path).unwrap();
    let source = git_triage::Source::Mail(git_triage::mail::MailInput {
        path: mbox,
        no_apply: true,
        ..Default::default()
    });
    let repo = git2::Repository::open(&d.path).unwrap();
    let mut s = super::super::open(repo, &source, &super::sources()).unwrap();
    s.settle();
    // No --previous: the newest older version in the mail, v1.
    s.app.compare_with(None);
    assert_eq!(s.app.versions.name(), Some("v1"));
    s.settle();
    let states: String = (0..8)
        .map(|i| s.app.version_state(i).map_or(' ', |s| s.glyph()))
        .collect();
    assert_eq!(
        states, "~~≡≡≡+≡≡",
        "the same as the commits of both versions"
    );
    // The mail opens on its cover letter, its subject in line with the patches' beside the
    // version column; then on to the first patch's page.
    assert!(s.app.on_cover);
    let text = screen(&mut s.app, 120, 30);
    let column = |needle: &str| {
        let line = text.lines().find(|l| l.contains(needle)).unwrap();
        line[..line.find(needle).unwrap()].chars().count()
    };
    assert_eq!(column("[PATCH v2 0/8]"), column("docs/devel:"), "{text}");
    s.app.select(0);
    let text = screen(&mut s.app, 160, 30);
    assert!(
        text.contains("~ 2 changed  + 1 new  − 1 dropped since v1  ? help  q quit"),
        "{text}"
    );
    // Narrower, the counts shrink rather than push the key hints off the screen.
    let text = screen(&mut s.app, 120, 30);
    assert!(text.contains("✓0/8  ~2 +1 −1  ? help  q quit"), "{text}");
    assert!(
        text.contains("Version: ~ message changed since v1, same code (was 1 in v1)"),
        "{text}"
    );
    // Named: a version the thread does not hold is said at once, and nothing is compared.
    s.app.compare_with(Some("v7"));
    assert!(matches!(s.app.versions, Versions::Failed { .. }));
    assert!(s
        .app
        .message
        .as_ref()
        .unwrap()
        .text
        .contains("holds no v7 of this series: it has earlier versions v1"));
}

/// A four-patch series as first reviewed (`topic-v2`, every patch accepted by Rita) and its
/// re-roll rebased onto a newer master (`topic-v3`): the second patch's code and the fourth's
/// message were edited, the others picked as they were.
pub(super) fn rerolled(dir: &Path) {
    git(dir, &["init", "-q", "-b", "master"]);
    git(dir, &["config", "user.name", "Rita Reviewer"]);
    git(dir, &["config", "user.email", "rita@example.org"]);
    let write = |path: &str, text: &str| std::fs::write(dir.join(path), text).unwrap();
    let lib: String = (1..=40).map(|n| format!("int f{n}(void);\n")).collect();
    write("lib.h", &lib);
    write("README", "A library.\n");
    git(dir, &["add", "."]);
    git(dir, &["commit", "-q", "-m", "Initial import"]);
    git(dir, &["checkout", "-q", "-b", "topic-v2"]);
    let commit = |msg: &str| {
        git(dir, &["commit", "-q", "-a", "-m", msg]);
    };
    write("README", "A small library.\n");
    commit("README: say it is small");
    write("lib.h", &lib.replace("int f5(void);", "int f5(int x);"));
    commit("lib: f5 takes its argument");
    let v2_lib = lib
        .replace("int f5(void);", "int f5(int x);")
        .replace("int f30(void);", "long f30(void);");
    write("lib.h", &v2_lib);
    commit("lib: f30 returns a long");
    write("README", "A small library.\n\nBuild with make.\n");
    commit("README: how to build");
    // The re-roll: master moved on, the series was picked onto it and two patches edited.
    git(dir, &["checkout", "-q", "master"]);
    std::fs::write(dir.join("NEWS"), "Nothing yet.\n").unwrap();
    git(dir, &["add", "NEWS"]);
    commit("NEWS: start one");
    git(dir, &["checkout", "-q", "-b", "topic-v3"]);
    git(dir, &["cherry-pick", "topic-v2~3"]);
    git(dir, &["cherry-pick", "topic-v2~2"]);
    write(
        "lib.h",
        &lib.replace("int f5(void);", "int f5(unsigned x);"),
    );
    git(dir, &["commit", "-q", "-a", "--amend", "--no-edit"]);
    git(dir, &["cherry-pick", "topic-v2~1"]);
    git(dir, &["cherry-pick", "topic-v2"]);
    git(
        dir,
        &[
            "commit",
            "-q",
            "--amend",
            "-m",
            "README: how to build\n\nWith make, as before.",
        ],
    );
}

#[test]
fn open_v3_with_previous_v2_see_two_changed_open_the_interdiff_confirm_the_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    rerolled(dir.path());
    // v2 reviewed: every patch accepted, in the TUI.
    let mut v2 = open(dir.path(), "master~1..topic-v2");
    v2.settle();
    for _ in 0..4 {
        typed(&mut v2, "aj");
    }
    assert_eq!(v2.app.counts().decided, 4);
    drop(v2);

    let mut s = open(dir.path(), "master..topic-v3");
    s.settle();
    s.app.compare_with(Some("master~1..topic-v2"));
    s.settle();
    let glyphs: String = (0..4)
        .map(|i| s.app.version_state(i).map_or(' ', |v| v.glyph()))
        .collect();
    assert_eq!(glyphs, "≡~≡~");
    let git_marks: String = git(
        dir.path(),
        &[
            "range-diff",
            "--no-color",
            "master~1..topic-v2",
            "master..topic-v3",
        ],
    )
    .lines()
    .filter_map(|l| l.split_whitespace().nth(2))
    .filter(|m| m.len() == 1)
    .collect();
    assert_eq!(git_marks, "=!=!", "as git range-diff pairs them");
    insta::assert_snapshot!("reroll_list_100x24", screen(&mut s.app, 100, 24));

    // The two changed patches, behind the filter.
    typed(&mut s, "fffff");
    assert_eq!(s.app.filter, Filter::Changed);
    assert_eq!(s.app.visible, [1, 3]);
    // The interdiff of the one whose code changed.
    typed(&mut s, "gi");
    assert_eq!((s.app.current(), s.app.view), (Some(1), View::Interdiff));
    insta::assert_snapshot!("reroll_interdiff_100x24", screen(&mut s.app, 100, 24));
    typed(&mut s, "if");
    assert_eq!(s.app.filter, Filter::All);

    // `=` confirms the unchanged ones and the one whose message alone changed at once; the
    // edited one asks, and a single `=` leaves it carried.
    for i in [0, 2, 3] {
        select(&mut s, i);
        typed(&mut s, "=");
        assert_eq!(s.app.mode, Mode::Normal, "patch {i}");
        let v = s.app.my_verdict(i).unwrap();
        assert_eq!((v.state, v.from.is_some()), (State::Accept, true));
    }
    select(&mut s, 1);
    typed(&mut s, "=");
    assert!(matches!(s.app.mode, Mode::ConfirmChanged(_)));
    typed(&mut s, "x");
    assert!(s.app.my_verdict(1).is_none());
    assert_eq!(s.app.counts().decided, 3);
    let text = screen(&mut s.app, 100, 24);
    assert!(text.contains("?✓  2 ~"), "{text}");
}

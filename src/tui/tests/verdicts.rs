//! Whose verdict the screen shows and what the verdict keys write, when other reviewers and
//! other processes write to the same notes ref.

use std::time::{Duration, SystemTime};

use ratatui::style::Modifier;

use git_triage::notes::{self, Reviewer, State, Verdict};

use crossterm::event::KeyCode;

use super::{ctrl, demo, draw, git, key, open, screen, typed, Demo};

fn other() -> Reviewer {
    Reviewer {
        name: "Other Reviewer".into(),
        email: "other@example.org".into(),
    }
}

fn me() -> Reviewer {
    Reviewer {
        name: "Demo Maintainer".into(),
        email: "maintainer@example.org".into(),
    }
}

/// Writes a verdict on patch `i` as another process would: its own repository handle, its own
/// clock, straight to the ref.
fn write_elsewhere(d: &Demo, i: usize, who: &Reviewer, state: State, comment: Option<&str>) {
    let repo = git2::Repository::open(&d.path).unwrap();
    let commit = d.s.app.series.patches[i].key;
    let mut v = Verdict::new(state, who, d.s.app.patch_id(i), comment.map(str::to_string));
    v.at = SystemTime::UNIX_EPOCH + Duration::from_secs(1_795_690_000);
    notes::record(&repo, "refs/notes/triage", commit, &v).unwrap();
}

fn last_line(d: &Demo, i: usize) -> String {
    let commit = d.s.app.series.patches[i].key.to_string();
    let note = git(&d.path, &["notes", "--ref=triage", "show", &commit]);
    note.lines().last().unwrap().to_string()
}

/// The demo's series rebased onto a new upstream commit: v2, with new commit ids.
fn rebase_demo(d: &Demo) -> super::Session {
    git(&d.path, &["checkout", "-q", "master"]);
    std::fs::write(d.path.join("NEWS"), "upstream moved on\n").unwrap();
    git(&d.path, &["add", "NEWS"]);
    git(&d.path, &["commit", "-q", "-m", "upstream: news"]);
    git(
        &d.path,
        &[
            "rebase",
            "-q",
            "--onto",
            "master",
            "v1.0",
            "review/series-v2",
        ],
    );
    let mut s = open(&d.path, "master..review/series-v2");
    s.settle();
    s
}

#[test]
fn confirm_takes_only_my_carried_verdict_never_anothers() {
    let d = demo();
    // v1: someone else rejected the KVM patch with a comment; I said nothing on it. On the
    // migration patch we both spoke.
    write_elsewhere(&d, 7, &other(), State::Reject, Some("AI in KVM"));
    write_elsewhere(&d, 3, &other(), State::Reject, Some("not like this"));
    write_elsewhere(&d, 3, &me(), State::Accept, None);
    let mut s = rebase_demo(&d);
    typed(&mut s, "jjjjjjj");
    assert_eq!(s.app.current(), Some(7));
    let before = git(&d.path, &["notes", "--ref=triage", "list"]);
    typed(&mut s, "=");
    assert_eq!(
        git(&d.path, &["notes", "--ref=triage", "list"]),
        before,
        "nothing written"
    );
    let msg = s.app.message.clone().unwrap();
    assert!(
        msg.text.starts_with("nothing of yours to confirm"),
        "{msg:?}"
    );
    assert!(s.app.my_verdict(7).is_none());
    // On the migration patch, = writes my accept, without the other reviewer's words.
    typed(&mut s, "gjjj");
    typed(&mut s, "=");
    let commit = s.app.series.patches[3].key.to_string();
    let note = git(&d.path, &["notes", "--ref=triage", "show", &commit]);
    assert_eq!(note.lines().count(), 1, "{note}");
    assert!(
        note.contains(" accept ") && note.contains(" from="),
        "{note}"
    );
    assert!(
        note.trim_end()
            .ends_with("Demo Maintainer <maintainer@example.org>"),
        "{note}"
    );
}

/// A comment without a decision on the new version is a remark, not a decision: my carried
/// accept still shows and `=` confirms it, with the remark as its comment.
#[test]
fn a_remark_keeps_my_carried_verdict_and_confirm_takes_its_words() {
    let d = demo();
    write_elsewhere(&d, 3, &me(), State::Accept, Some("fine on v1"));
    let v1 = d.s.app.series.patches[3].key;
    let mut s = rebase_demo(&d);
    typed(&mut s, "jjj");
    assert_eq!(s.app.current(), Some(3));
    let row = |s: &mut super::Session| {
        let screen = screen(&mut s.app, 80, 40);
        let row = screen
            .lines()
            .find(|l| l.contains("migration: save"))
            .unwrap();
        row.to_string()
    };
    assert!(row(&mut s).contains("↻✓"), "{}", row(&mut s));
    typed(&mut s, "c");
    typed(&mut s, "just a note");
    ctrl(&mut s, 's');
    assert!(row(&mut s).contains("↻✓"), "{}", row(&mut s));
    let msg = s.app.message.clone().unwrap().text;
    assert_eq!(
        msg,
        format!(
            "comment saved · your accept from {} still needs = here",
            &v1.to_string()[..7]
        )
    );
    typed(&mut s, "=");
    let v = s.app.my_verdict(3).expect("confirmed");
    assert_eq!(
        (v.state, v.comment.as_deref(), v.from),
        (State::Accept, Some("just a note"), Some(v1))
    );
    let row = row(&mut s);
    assert!(row.contains(" ✓") && !row.contains('↻'), "{row}");
}

/// Emptying my remark with `c` takes the remark back, not my carried accept: still `↻✓`, no
/// remark on the page, still to confirm with `=`; `u` still clears.
#[test]
fn emptying_my_remark_keeps_my_carried_verdict() {
    let d = demo();
    write_elsewhere(&d, 3, &me(), State::Accept, Some("fine on v1"));
    let v1 = d.s.app.series.patches[3].key;
    let mut s = rebase_demo(&d);
    typed(&mut s, "jjj");
    let row = |s: &mut super::Session| {
        let screen = screen(&mut s.app, 80, 40);
        let row = screen
            .lines()
            .find(|l| l.contains("migration: save"))
            .unwrap();
        row.to_string()
    };
    typed(&mut s, "c");
    typed(&mut s, "just a note");
    ctrl(&mut s, 's');
    typed(&mut s, "c");
    for _ in 0.."just a note".len() {
        key(&mut s, KeyCode::Backspace);
    }
    ctrl(&mut s, 's');
    assert!(row(&mut s).contains("↻✓"), "{}", row(&mut s));
    assert_eq!(
        s.app.message.clone().unwrap().text,
        format!(
            "comment removed · your accept from {} still needs = here",
            &v1.to_string()[..7]
        )
    );
    assert!(s.app.my_verdict(3).is_none(), "no remark of mine");
    let page = screen(&mut s.app, 100, 60);
    assert!(
        !page.contains("just a note") && page.contains("fine on v1"),
        "{page}"
    );
    typed(&mut s, "u");
    assert!(!row(&mut s).contains('↻'), "{}", row(&mut s));
}

#[test]
fn the_list_shows_my_verdict_and_others_apart() {
    let mut d = demo();
    write_elsewhere(&d, 7, &other(), State::Reject, None);
    typed(&mut d.s, "R");
    let s = screen(&mut d.s.app, 80, 40);
    // Patch 8 is undecided by me: my mark is `·`, and the other reviewer's `✗` stands apart.
    let row = s.lines().find(|l| l.contains("accel/kvm")).unwrap();
    assert!(row.contains(" ·✗ 8 "), "{row}");
    assert!(d.s.app.undecided(7));
    // The others' mark is dim; mine is bold.
    let buf = draw(&mut d.s.app, 80, 40, true);
    let y = (0..40)
        .find(|&y| (0..80).any(|x| buf[(x, y)].symbol() == "✗"))
        .unwrap();
    let x = (0..80).find(|&x| buf[(x, y)].symbol() == "✗").unwrap();
    assert!(
        buf[(x, y)].modifier.contains(Modifier::DIM),
        "{:?}",
        buf[(x, y)]
    );
    typed(&mut d.s, "jjjjjjja");
    let buf = draw(&mut d.s.app, 80, 40, true);
    assert_eq!(buf[(x - 1, y)].symbol(), "✓");
    assert!(buf[(x - 1, y)].modifier.contains(Modifier::BOLD));
}

#[test]
fn the_screen_follows_writes_by_other_processes() {
    let mut d = demo();
    typed(&mut d.s, "a");
    assert_eq!(d.s.app.my_verdict(0).map(|v| v.state), Some(State::Accept));
    // `git triage verdict` in another terminal: I changed my mind.
    write_elsewhere(&d, 0, &me(), State::Reject, None);
    // A comment typed now keeps the decision the notes have, not the stale one on screen.
    typed(&mut d.s, "c");
    typed(&mut d.s, "tui comment");
    ctrl(&mut d.s, 's');
    let last = last_line(&d, 0);
    assert!(
        last.contains(" reject ") && last.ends_with("\"tui comment\""),
        "{last}"
    );
    // Another reviewer writes; the reload key shows it at once.
    write_elsewhere(&d, 1, &other(), State::NeedsWork, None);
    typed(&mut d.s, "R");
    assert_eq!(d.s.app.notes.latest(d.s.app.series.patches[1].key).len(), 1);
    let s = screen(&mut d.s.app, 80, 40);
    assert!(s.contains(" ·✎ 2 "), "{s}");
}

#[test]
fn accept_all_says_what_it_accepts_and_leaves_out_what_needs_a_look() {
    let mut d = demo();
    // A question of mine on the rename: not undecided in the sense of "nothing to say".
    typed(&mut d.s, "jjjj");
    typed(&mut d.s, "c");
    typed(&mut d.s, "why the rename?");
    ctrl(&mut d.s, 's');
    typed(&mut d.s, "A");
    let super::Mode::ConfirmAcceptClean(plan) = &d.s.app.mode else {
        panic!("no prompt: {:?}", d.s.app.message)
    };
    // Without error findings: 1 docs and 4 migration (my verdicts carried from v1), 5 rename
    // (my comment), 6 tests, 9 merge. Only 6 is plain.
    assert_eq!(plan.accept, vec![5]);
    // 1 + 4 + 1 + 1 + 2 = 9: every patch left out is named with its group.
    let s = screen(&mut d.s.app, 120, 24);
    let status = s.lines().last().unwrap();
    assert!(
        status.contains("Accept 1 of 9 patches (0 critical)? y/N"),
        "{status}"
    );
    assert!(
        status.contains("left out: 4 with errors, 1 merge, 1 commented, 2 carried"),
        "{status}"
    );
    typed(&mut d.s, "y");
    assert_eq!(d.s.app.message.as_ref().unwrap().text, "accepted 1 patch");
    assert!(d.s.app.my_verdict(3).is_none(), "critical left for a look");
    assert!(d.s.app.my_verdict(8).is_none(), "merge left alone");
    let v = d.s.app.my_verdict(4).unwrap();
    assert_eq!(
        (v.state, v.comment.as_deref()),
        (State::Pending, Some("why the rename?"))
    );
    // Decided elsewhere between the prompt and the `y`: left as it was.
    let mut d = demo();
    typed(&mut d.s, "A");
    write_elsewhere(&d, 5, &me(), State::Reject, None);
    typed(&mut d.s, "y");
    assert_eq!(
        d.s.app.my_verdict(5).map(|v| v.state),
        Some(State::Reject),
        "{:?}",
        d.s.app.message
    );
    assert!(
        d.s.app
            .message
            .as_ref()
            .unwrap()
            .text
            .contains("1 decided meanwhile"),
        "{:?}",
        d.s.app.message
    );
}

#[test]
fn the_writer_brings_another_processs_verdict_unasked_within_a_few_polls() {
    let mut d = demo();
    d.s.app.watch_notes();
    let start = std::time::Instant::now();
    write_elsewhere(&d, 2, &me(), State::Reject, Some("from the shell"));
    d.s.wait_until(|app| app.my_verdict(2).is_some());
    // One poll (250 ms) brings it; a loaded two-core CI machine may run the writer late, so
    // the bound is 20 polls: what this tells apart is a verdict that comes by itself from one
    // that only a key (or nothing) would bring.
    let took = start.elapsed();
    assert!(took < crate::tui::writer::POLL * 20, "{took:?}");
    assert_eq!(d.s.app.my_verdict(2).map(|v| v.state), Some(State::Reject));
    assert_eq!(
        d.s.app.message.as_ref().unwrap().text,
        "refs/notes/triage moved: verdicts updated"
    );
    let s = screen(&mut d.s.app, 80, 40);
    assert!(s.contains(" ✗  3 "), "{s}");
    // Our own write comes back with its confirmation; the writer, which also follows the ref,
    // knows it for ours and reads nothing older over it.
    typed(&mut d.s, "jja");
    assert_eq!(d.s.app.my_verdict(2).map(|v| v.state), Some(State::Accept));
    let until = std::time::Instant::now() + crate::tui::writer::POLL * 3;
    while let Ok(event) = d.s.events.recv_timeout(until - std::time::Instant::now()) {
        if let crate::tui::Event::Worker(n) = event {
            d.s.app.notify(n);
        }
        if std::time::Instant::now() >= until {
            break;
        }
    }
    assert_eq!(d.s.app.my_verdict(2).map(|v| v.state), Some(State::Accept));
    assert!(d
        .s
        .app
        .message
        .as_ref()
        .unwrap()
        .text
        .starts_with("✓ accept 3/9"));
}

#[test]
fn a_hostile_note_line_is_a_warning_not_a_crash() {
    let d = demo();
    let commit = d.s.app.series.patches[0].key.to_string();
    // Someone pushed a line in my name dated at the end of time, and one with bad bytes.
    let text = "Triage-Verdict: v1 9999-12-31T23:59:59.999Z accept patch-id=- Demo Maintainer <maintainer@example.org>\n\
                Triage-Verdict: v1 2026-01-01T00:00:00.000Z reject patch-id=- Demo Maintainer <maintainer@example.org> \"ok\"\n";
    git(
        &d.path,
        &[
            "notes",
            "--ref=triage",
            "add",
            "-m",
            text.trim_end(),
            &commit,
        ],
    );
    let mut session = open(&d.path, "master..review/series-v2");
    session.settle();
    let msg = session.app.message.clone().expect("a warning on open");
    assert!(msg.error && msg.text.contains("out of range"), "{msg:?}");
    assert!(msg.text.contains(&commit[..12]), "{msg:?}");
    assert_eq!(
        session.app.my_verdict(0).map(|v| v.state),
        Some(State::Reject)
    );
    typed(&mut session, "a");
    assert_eq!(
        session.app.my_verdict(0).map(|v| v.state),
        Some(State::Accept)
    );
    let s = screen(&mut session.app, 80, 40);
    assert!(s.contains("✓ accept by Demo Maintainer"), "{s}");
}

/// The tester's story: the demo compared with v1, a note on the migration patch my v1 accept
/// is carried to. The accept still shows, and the status bar names the version it needs `=`
/// from.
#[test]
fn a_note_on_the_demo_names_the_version_my_carried_accept_is_from() {
    use super::versions::{compared, select};
    let mut d = compared();
    select(&mut d.s, 3);
    typed(&mut d.s, "c");
    typed(&mut d.s, "just a note");
    ctrl(&mut d.s, 's');
    let msg = d.s.app.message.clone().unwrap().text;
    assert_eq!(
        msg,
        "comment saved · your accept from review/series-v1 still needs = here"
    );
    let s = screen(&mut d.s.app, 100, 40);
    let row = s.lines().find(|l| l.contains("migration: save")).unwrap();
    assert!(row.contains("↻✓"), "{row}");
}

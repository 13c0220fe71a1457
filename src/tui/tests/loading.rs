//! The TUI while the worker is still loading: what the first frame shows of a long series, and
//! keys that need what has not arrived yet (they wait, say so, and Esc cancels them).

use std::io::Write;
use std::process::{Command, Stdio};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::super::app::{Mode, Task};
use super::{demo_repo, git, open, screen};
use crate::tui::Session;

/// Presses keys without letting the worker answer.
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

/// A base and `n` one-line patches, patch `k` adding `line k` to its own file.
fn long_series(dir: &std::path::Path, n: usize) {
    git(dir, &["init", "-q", "-b", "main"]);
    let mut stream = String::new();
    for k in 0..=n {
        let msg = if k == 0 {
            "base\n".to_string()
        } else {
            format!("area: patch {k}\n\nSigned-off-by: A U Thor <a@example.org>\n")
        };
        let content = format!("line {k}\n");
        stream.push_str(&format!(
            "commit refs/heads/main\ncommitter A U Thor <a@example.org> {} +0000\ndata {}\n{msg}\
             M 100644 inline f{k}.c\ndata {}\n{content}\n",
            1_700_000_000 + k * 60,
            msg.len(),
            content.len()
        ));
    }
    let mut child = Command::new("git")
        .args(["fast-import", "--quiet"])
        .current_dir(dir)
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stream.as_bytes())
        .unwrap();
    assert!(child.wait().unwrap().success());
}

#[test]
fn a_long_series_draws_before_its_headers_are_read() {
    let dir = tempfile::tempdir().unwrap();
    long_series(dir.path(), 150);
    let mut s = open(dir.path(), "main~150..main");
    // The first screenful is read; the rest is not, and the counts say so.
    assert!(s.app.patch(0).is_some() && s.app.patch(149).is_none());
    let text = screen(&mut s.app, 80, 24);
    assert!(text.contains("area: patch 1\n"), "{text}");
    assert!(text.contains("⚑… AI… !… ✓0/150"), "{text}");
    // The last patch, before its header arrives: its id, and what is being done.
    press(&mut s, "G");
    let text = screen(&mut s.app, 80, 24);
    let id = s.app.series.patches[149].key.to_string();
    assert!(text.contains(&format!("commit {id}")), "{text}");
    assert!(text.contains("reading the commit…"), "{text}");
    assert!(text.contains(&format!(" 150 {} …", &id[..7])), "{text}");
    s.settle();
    let text = screen(&mut s.app, 80, 24);
    assert!(text.contains("area: patch 150"), "{text}");
    assert!(text.contains("⚑0 AI0 !0 ✓0/150"), "{text}");
    assert!(text.contains("+line 150"), "{text}");
}

#[test]
fn search_on_a_series_still_loading_shows_progress_and_esc_stops_it() {
    let (_dir, path, range) = demo_repo();
    let mut s = open(&path, &range);
    press(&mut s, "/kvm_check_cap\n");
    assert!(s.app.searching.is_some());
    let text = screen(&mut s.app, 80, 24);
    assert!(text.contains("searching 0/9 patches · Esc stops"), "{text}");
    press(&mut s, "\x1b");
    assert!(s.app.searching.is_none() && !s.app.quit);
    assert_eq!(s.app.message.as_ref().unwrap().text, "cancelled: search");
    s.settle();
    assert!(s.app.search.is_none(), "a cancelled search finds nothing");
    // Again, to the end: the worker loads the diffs it needs and the match shows.
    let mut s = open(&path, &range);
    press(&mut s, "/kvm_check_cap\n");
    s.settle();
    assert_eq!(
        super::selected_subject(&s.app),
        "accel/kvm: check the capability once"
    );
    let text = screen(&mut s.app, 80, 24);
    assert!(text.contains("match 1/1 for \"kvm_check_cap\""), "{text}");
}

#[test]
fn keys_that_need_a_diff_wait_for_it_and_say_so() {
    let (_dir, path, range) = demo_repo();
    let mut s = open(&path, &range);
    // A verdict needs the patch-id: recorded when the diff arrives, not before.
    press(&mut s, "a");
    assert_eq!(
        s.app.pending,
        vec![Task::Verdict {
            i: 0,
            state: git_triage::State::Accept
        }]
    );
    let text = screen(&mut s.app, 100, 24);
    assert!(
        text.contains("waiting for patch 1's diff to record · Esc cancels"),
        "{text}"
    );
    let commit = s.app.series.patches[0].key.to_string();
    let notes = |path| git(path, &["notes", "--ref=triage", "list"]);
    // Only the demo's verdicts on its first version so far.
    let before = notes(&path);
    assert_eq!(before.lines().count(), 5);
    // A: every finding first. ]: the diffs up to the next critical hunk.
    press(&mut s, "A]");
    assert_eq!(s.app.pending.len(), 3);
    s.settle();
    let note = git(&path, &["notes", "--ref=triage", "show", &commit]);
    assert!(note.contains(" accept patch-id="), "{note}");
    let Mode::ConfirmAcceptClean(list) = &s.app.mode else {
        panic!("A did not ask: {:?}", s.app.mode)
    };
    assert_eq!(
        list.accept.len(),
        1,
        "patch 1 is decided already; 4 and 5 carry my verdicts from v1"
    );
    press(&mut s, "n");
    assert_eq!(s.app.current(), Some(1), "] went on to the TCG patch");
    // Esc drops what waits, and says what it dropped.
    let mut s = open(&path, &range);
    press(&mut s, "jrA\x1b");
    assert!(s.app.pending.is_empty() && !s.app.quit);
    assert_eq!(
        s.app.message.as_ref().unwrap().text,
        "cancelled: accept-all, 1 verdict"
    );
    s.settle();
    assert_eq!(
        notes(&path).lines().count(),
        before.lines().count() + 1,
        "only the first verdict"
    );
}

#[test]
fn a_search_shows_its_first_match_without_waiting_for_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    long_series(dir.path(), 150);
    let mut s = open(dir.path(), "main~150..main");
    press(&mut s, "/line 3\n");
    s.wait_until(|app| app.search.is_some());
    assert_eq!(s.app.current(), Some(2), "patch 3 adds line 3");
    let row = s.app.rows[s.app.cursor];
    assert!(
        matches!(row, crate::tui::doc::Row::Line(0, 0, 0)),
        "{row:?}"
    );
    s.settle();
    // Patches 3 and 30 to 39, in page order.
    assert_eq!(s.app.search.as_ref().unwrap().hits.len(), 11);
    assert_eq!(
        s.app.message.as_ref().unwrap().text,
        "match 1/11 for \"line 3\" in 11 diff lines · n/N next · Esc ends"
    );
    press(&mut s, "n");
    assert_eq!(s.app.current(), Some(29));
}

#[test]
fn a_waiting_key_does_not_run_under_the_comment_editor() {
    let (_dir, path, range) = demo_repo();
    let mut s = open(&path, &range);
    press(&mut s, "Ac");
    s.settle_loading();
    assert!(matches!(s.app.mode, Mode::Comment(..)), "{:?}", s.app.mode);
    assert_eq!(s.app.pending, vec![Task::AcceptClean]);
    press(&mut s, "\x1b");
    // `A` decides from the notes as they are: it also waits for the writer to read them.
    s.settle();
    assert!(
        matches!(s.app.mode, Mode::ConfirmAcceptClean(_)),
        "{:?}",
        s.app.mode
    );
}

#[test]
fn an_empty_filter_says_yet_only_while_patches_load() {
    let dir = tempfile::tempdir().unwrap();
    long_series(dir.path(), 3);
    let mut s = open(dir.path(), "main~3..main");
    let message = |s: &Session| s.app.message.as_ref().unwrap().text.clone();
    press(&mut s, "f");
    assert_eq!(message(&s), "no patch is critical yet");
    s.settle();
    // All loaded: nothing is coming that could match.
    press(&mut s, "ff");
    assert_eq!(message(&s), "no patch has errors or warnings");
    press(&mut s, "fff");
    assert_eq!(message(&s), "no patch is critical");
    press(&mut s, "f");
    assert_eq!(message(&s), "no patch is AI-assisted");
}

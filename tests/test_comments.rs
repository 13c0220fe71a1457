//! Comments anchored to lines, hunks, files and the message: written by `git triage comment`,
//! readable with plain `git notes show`, reported by `check --format json`, shared through a
//! remote, and carried to a rebased series, where a line that changed is marked outdated.

use serde_json::Value;

use crate::common::{signed, TestRepo};
use crate::test_notes::{note, ok, remote_and_clones};

/// A 60-line `hw/net/e1000.c` at the base, and one patch changing lines 40 to 44 of it.
fn e1000() -> (TestRepo, String) {
    let mut repo = TestRepo::new();
    let base: String = (1..=60)
        .map(|n| format!("    reg_{n} = read({n});\n"))
        .collect();
    repo.commit("base", &[("hw/net/e1000.c", Some(base.as_bytes()))]);
    repo.git(&["checkout", "-q", "-b", "topic"]);
    repo.git(&["branch", "-q", "--set-upstream-to=main"]);
    let id = repo.commit(
        &signed("hw/net/e1000: reset the ring first\n\nThe ring must be reset before the MAC."),
        &[("hw/net/e1000.c", Some(patched(&base).as_bytes()))],
    );
    (repo, id)
}

/// The patch: line 41 replaced by two lines, so that new line 42 is an added one.
fn patched(base: &str) -> String {
    let mut lines: Vec<String> = base.lines().map(str::to_string).collect();
    lines.splice(
        40..41,
        [
            "    e1000_ring_reset(s);".to_string(),
            "    e1000_mac_reset(s);".to_string(),
        ],
    );
    lines.join("\n") + "\n"
}

fn comments(repo: &TestRepo, patch: usize) -> Vec<Value> {
    let (_, json) = repo.check_json(&[]);
    json["patches"][patch]["comments"]
        .as_array()
        .unwrap()
        .clone()
}

fn fails(out: &std::process::Output) -> String {
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(err.lines().count(), 1, "one error line: {err}");
    err
}

#[test]
fn comment_a_line_a_hunk_a_file_and_the_message() {
    let (repo, id) = e1000();
    let out = ok(&repo.triage(&[
        "comment",
        &id,
        "hw/net/e1000.c:42",
        "-m",
        "Why the MAC after the ring?",
    ]));
    assert!(
        out.starts_with("comment ") && out.contains(" on hw/net/e1000.c:42 "),
        "{out}"
    );
    ok(&repo.triage(&[
        "comment",
        &id,
        "hw/net/e1000.c:-41",
        "-m",
        "This read mattered.",
    ]));
    ok(&repo.triage(&[
        "comment",
        &id,
        "hw/net/e1000.c:42",
        "--hunk",
        "-m",
        "Whole hunk: ok.",
    ]));
    ok(&repo.triage(&[
        "comment",
        &id,
        "hw/net/e1000.c",
        "-m",
        "File-wide: rename s.",
    ]));
    ok(&repo.triage(&["comment", &id, "msg:3", "-m", "Say why it must."]));
    ok(&repo.triage(&["comment", &id, "msg", "-m", "Message: fine otherwise."]));
    ok(&repo.triage(&["comment", &id, "-m", "Overall: nice."]));

    // Plain git shows one self-contained line per comment.
    let text = note(&repo, &id);
    let line = text.lines().next().unwrap();
    assert!(
        line.starts_with("Triage-Comment: v1 ")
            && line.contains(" line new:42 \"hw/net/e1000.c\" patch-id=")
            && line
                .contains(" A U Thor <author@example.org> \"Why the MAC after the ring?\" on=\"")
            && line.ends_with("+    e1000_mac_reset(s);\""),
        "{line}"
    );
    assert_eq!(text.lines().count(), 7, "{text}");

    let got: Vec<(String, Value, String)> = comments(&repo, 0)
        .iter()
        .map(|c| {
            (
                c["kind"].as_str().unwrap().to_string(),
                c["anchor"].clone(),
                c["text"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let at = |path: Option<&str>, side: Option<&str>, line: Option<u32>| serde_json::json!({"path": path, "side": side, "line": line});
    let e = Some("hw/net/e1000.c");
    assert_eq!(
        got,
        vec![
            ("patch".into(), Value::Null, "Overall: nice.".into()),
            (
                "line".into(),
                at(e, Some("new"), Some(42)),
                "Why the MAC after the ring?".into()
            ),
            (
                "line".into(),
                at(e, Some("old"), Some(41)),
                "This read mattered.".into()
            ),
            (
                "hunk".into(),
                at(e, Some("new"), Some(38)),
                "Whole hunk: ok.".into()
            ),
            (
                "file".into(),
                at(e, None, None),
                "File-wide: rename s.".into()
            ),
            (
                "message".into(),
                at(None, None, Some(3)),
                "Say why it must.".into()
            ),
            (
                "message".into(),
                Value::Null,
                "Message: fine otherwise.".into()
            ),
        ]
    );
    let first = &comments(&repo, 0)[1];
    assert_eq!(first["reviewer"], "A U Thor");
    assert_eq!(first["email"], "author@example.org");
    assert_eq!(first["outdated"], false);
    assert!(first["at"].as_str().unwrap().ends_with('Z'));
}

#[test]
fn a_place_the_patch_does_not_have_is_refused_clearly() {
    let (repo, id) = e1000();
    let err = fails(&repo.triage(&["comment", &id, "hw/net/e1000.c:20", "-m", "x"]));
    assert_eq!(
        err,
        "error: hw/net/e1000.c:20 is not a line of this patch's diff; it shows new lines 38-45 of hw/net/e1000.c\n"
    );
    let err = fails(&repo.triage(&["comment", &id, "hw/net/e1000.c:-46", "-m", "x"]));
    assert!(err.contains("old lines 38-44"), "{err}");
    let err = fails(&repo.triage(&["comment", &id, "hw/net/e100.c:42", "-m", "x"]));
    assert_eq!(
        err,
        "error: hw/net/e100.c is not changed by this patch; it changes hw/net/e1000.c\n"
    );
    let err = fails(&repo.triage(&["comment", &id, "msg:9", "-m", "x"]));
    assert!(
        err.contains("the commit message has 5 lines; there is no line 9"),
        "{err}"
    );
    let err = fails(&repo.triage(&["comment", &id, "hw/net/e1000.c:42"]));
    assert!(err.contains("add -m TEXT"), "{err}");
    let err = fails(&repo.triage(&["comment", &id, "--delete", "0123456789ab"]));
    assert!(err.contains("no comment 0123456789ab"), "{err}");
    assert!(repo
        .git_output(&["notes", "--ref=triage", "list"], None)
        .stdout
        .is_empty());
}

#[test]
fn edits_and_deletions_append_and_only_the_author_may() {
    let (repo, id) = e1000();
    let out = ok(&repo.triage(&["comment", &id, "hw/net/e1000.c:42", "-m", "first"]));
    let cid = out.split_whitespace().nth(1).unwrap().to_string();
    ok(&repo.triage(&["comment", &id, "--edit", &cid, "-m", "second"]));
    let c = comments(&repo, 0);
    assert_eq!((c.len(), c[0]["text"].as_str()), (1, Some("second")));
    assert_eq!(c[0]["id"], cid.as_str());
    // Someone else cannot touch it.
    let other = repo
        .command(env!("CARGO_BIN_EXE_git-triage"))
        .args(["comment", &id, "--delete", &cid])
        .env("GIT_COMMITTER_NAME", "Mallory")
        .env("GIT_COMMITTER_EMAIL", "mallory@example.org")
        .output()
        .unwrap();
    assert!(fails(&other).contains("is A U Thor's, not yours"));
    ok(&repo.triage(&["comment", &id, "--delete", &cid]));
    assert!(comments(&repo, 0).is_empty());
    // Three lines: the history stays in the note.
    let text = note(&repo, &id);
    assert_eq!(text.lines().count(), 3, "{text}");
    assert!(text.lines().last().unwrap().ends_with(" deleted"), "{text}");
    let list = ok(&repo.triage(&["comment", &id, "--list"]));
    assert_eq!(list, "");
}

#[test]
fn comments_survive_sync_between_two_clones() {
    let (_origin, _bare, a, b, ids) = remote_and_clones();
    let ann = ok(&a.triage(&["comment", &ids[0], "f1.c:1", "-m", "Ann: why int?"]));
    let ann_id = ann.split_whitespace().nth(1).unwrap().to_string();
    ok(&a.triage(&["sync"]));
    ok(&b.triage(&["comment", &ids[0], "f1.c:1", "-m", "Bob: agreed with Ann"]));
    ok(&b.triage(&["comment", &ids[1], "msg", "-m", "Bob on the message"]));
    ok(&b.triage(&["sync"]));
    // Ann edits hers before she has Bob's: the notes diverge, and merge again.
    ok(&a.triage(&[
        "comment",
        &ids[0],
        "--edit",
        &ann_id,
        "-m",
        "Ann: why not long?",
    ]));
    ok(&a.triage(&["sync"]));
    ok(&b.triage(&["sync"]));
    for r in [&a, &b] {
        let texts = |p: usize| -> Vec<String> {
            let (_, json) = r.check_json(&["origin/main..topic"]);
            json["patches"][p]["comments"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| {
                    format!(
                        "{} {}",
                        c["email"].as_str().unwrap(),
                        c["text"].as_str().unwrap()
                    )
                })
                .collect()
        };
        assert_eq!(
            texts(0),
            [
                "ann@example.org Ann: why not long?",
                "bob@example.org Bob: agreed with Ann"
            ]
        );
        assert_eq!(texts(1), ["bob@example.org Bob on the message"]);
        // cat_sort_uniq: sorted, every line kept.
        let text = note(r, &ids[0]);
        let mut sorted: Vec<&str> = text.lines().collect();
        sorted.sort();
        assert_eq!(text.lines().collect::<Vec<_>>(), sorted);
        assert_eq!(text.lines().count(), 3);
    }
}

#[test]
fn comments_follow_a_rebase_and_an_outdated_line_keeps_its_old_context() {
    let (mut repo, v1) = e1000();
    ok(&repo.triage(&[
        "comment",
        &v1,
        "hw/net/e1000.c:42",
        "-m",
        "on the MAC reset",
    ]));
    ok(&repo.triage(&[
        "comment",
        &v1,
        "hw/net/e1000.c:41",
        "-m",
        "on the ring reset",
    ]));
    ok(&repo.triage(&[
        "comment",
        &v1,
        "hw/net/e1000.c:42",
        "--hunk",
        "-m",
        "on the hunk",
    ]));
    // Upstream adds ten lines at the top: the rebased patch is the same change, ten lines
    // further down.
    repo.git(&["checkout", "-q", "main"]);
    let top: String = (1..=10).map(|n| format!("/* header {n} */\n")).collect();
    let base = std::fs::read_to_string(repo.path().join("hw/net/e1000.c")).unwrap();
    repo.commit(
        "upstream: a header",
        &[("hw/net/e1000.c", Some(format!("{top}{base}").as_bytes()))],
    );
    repo.git(&["checkout", "-q", "topic"]);
    repo.git(&["rebase", "-q", "main"]);
    let v2 = repo.head();
    let c = comments(&repo, 0);
    let lines: Vec<(u64, bool, &str)> = c
        .iter()
        .map(|c| {
            (
                c["anchor"]["line"].as_u64().unwrap(),
                c["outdated"].as_bool().unwrap(),
                c["carried_from"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        lines,
        [
            (52, false, v1.as_str()),
            (51, false, v1.as_str()),
            (48, false, v1.as_str())
        ]
    );
    // v3: the MAC line gains a space. The patch-id ignores whitespace, so the comments come
    // along; the line they were on reads differently now, so that one is outdated, shown
    // where it was given, with the line as it read.
    let text = std::fs::read_to_string(repo.path().join("hw/net/e1000.c")).unwrap();
    let v3_text = text.replace("e1000_mac_reset(s);", "e1000_mac_reset( s);");
    repo.write(&[("hw/net/e1000.c", Some(v3_text.as_bytes()))]);
    repo.git(&["commit", "-q", "-a", "--amend", "--no-edit"]);
    assert_ne!(repo.head(), v2);
    let c = comments(&repo, 0);
    let mac = c.iter().find(|c| c["text"] == "on the MAC reset").unwrap();
    assert_eq!(mac["outdated"], true);
    assert_eq!(mac["anchor"]["line"], 42, "where it was given, not a guess");
    let ring = c.iter().find(|c| c["text"] == "on the ring reset").unwrap();
    assert_eq!(
        (ring["outdated"].as_bool(), ring["anchor"]["line"].as_u64()),
        (Some(false), Some(51))
    );
    let text = ok(&repo.triage(&["export", "--format", "text"]));
    assert!(
        text.contains("» hw/net/e1000.c:42 by A U Thor <author@example.org>")
            && text.contains("(outdated: its place reads differently in this version)"),
        "{text}"
    );
}

#[test]
fn concurrent_commenters_lose_nothing() {
    let (repo, id) = e1000();
    let run = |tag: &'static str| {
        let (repo, id) = (&repo, &id);
        move || {
            for n in 0..25 {
                let text = format!("{tag}-{n}");
                ok(&repo.triage(&["comment", id, "hw/net/e1000.c:42", "-m", &text]));
            }
        }
    };
    std::thread::scope(|s| {
        s.spawn(run("a"));
        s.spawn(run("b"));
    });
    let texts: Vec<String> = comments(&repo, 0)
        .iter()
        .map(|c| c["text"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(texts.len(), 50);
    for tag in ["a", "b"] {
        for n in 0..25 {
            assert!(texts.contains(&format!("{tag}-{n}")), "{tag}-{n} lost");
        }
    }
    // One reviewer's lines are strictly ordered in time, even from two processes at once.
    let text = note(&repo, &id);
    let mut times: Vec<&str> = text.lines().map(|l| l.split(' ').nth(2).unwrap()).collect();
    times.sort();
    times.dedup();
    assert_eq!(times.len(), 50);
}

#[test]
fn hostile_and_oversized_comments_are_refused_or_kept_harmless() {
    let (repo, id) = e1000();
    let long = "x".repeat(70_000);
    let err = fails(&repo.triage(&["comment", &id, "hw/net/e1000.c:42", "-m", &long]));
    assert!(
        err.contains("longer than 65536 bytes; shorten the comment"),
        "{err}"
    );
    // A malformed comment line someone pushed is skipped with a warning, the rest read.
    ok(&repo.triage(&["comment", &id, "msg", "-m", "fine"]));
    let bad = "Triage-Comment: v1 2026-01-01T00:00:00.000Z 0123456789ab line new:0 \"a\" patch-id=- M <m@x> \"x\"";
    repo.git(&["notes", "--ref=triage", "append", "-m", bad, &id]);
    let out = repo.triage(&["check", "--format", "json"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("line 3: bad position \"new:0\"; skipped"),
        "{err}"
    );
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["patches"][0]["comments"][0]["text"], "fine");
    // Control characters come back as they were written, escaped on the way to the terminal.
    ok(&repo.triage(&[
        "comment",
        &id,
        "msg:1",
        "-m",
        "bell\u{7} esc\u{1b}[2J rtl\u{202e}",
    ]));
    let list = ok(&repo.triage(&["comment", &id, "--list"]));
    assert!(list.contains("    bell^G esc^[[2J rtl<U+202E>\n"), "{list}");
    assert!(!list.contains('\u{1b}') && !list.contains('\u{202e}'));
}

#[test]
fn a_comment_on_a_crlf_file_stays_on_its_line() {
    let mut repo = TestRepo::new();
    repo.commit("base", &[("w.bat", Some(b"@echo off\r\nset A=1\r\n"))]);
    let id = repo.commit(
        &signed("w.bat: set B"),
        &[("w.bat", Some(b"@echo off\r\nset A=1\r\nset B=2\r\n"))],
    );
    ok(&repo.triage(&["comment", &id, "w.bat:3", "-m", "why B?"]));
    let (_, json) = repo.check_json(&["HEAD~1..HEAD"]);
    let c = &json["patches"][0]["comments"][0];
    assert_eq!(
        (c["outdated"].as_bool(), c["anchor"]["line"].as_u64()),
        (Some(false), Some(3))
    );
}

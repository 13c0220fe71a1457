//! Verdicts on mailed patches: where they go, that they come back with the same mail (applied
//! or not) and on the commit `git am` makes of it, and that looking writes nothing.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::apply::snapshot;
use super::cli::{check_json, triage_with};
use crate::common::TestRepo;

/// A reviewer's repository holding the base, and a three-patch series mailed from an author's
/// clone of it (threaded, with its base-commit), saved next to it.
fn mailed_to_reviewer() -> (TestRepo, String, PathBuf, tempfile::TempDir) {
    let mut r = TestRepo::new();
    let body: String = (1..=12).map(|i| format!("line {i}\n")).collect();
    r.commit("base", &[("hw/a.c", Some(body.as_bytes()))]);
    let base = r.head();
    let author = tempfile::tempdir().unwrap();
    let dir = author.path().join("clone");
    r.git(&[
        "clone",
        "-q",
        &r.path().display().to_string(),
        &dir.display().to_string(),
    ]);
    let git = |args: &[&str]| {
        let out = r
            .command("git")
            .current_dir(&dir)
            .args([
                "-c",
                "user.name=A U Thor",
                "-c",
                "user.email=author@example.org",
            ])
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    };
    for (i, (path, text)) in [
        ("hw/a.c", "line two\n"),
        ("hw/b.c", "new\n"),
        ("docs/c.rst", "doc\n"),
    ]
    .iter()
    .enumerate()
    {
        let full = dir.join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        let content = if *path == "hw/a.c" {
            body.replace("line 2\n", text)
        } else {
            text.to_string()
        };
        std::fs::write(&full, content).unwrap();
        git(&["add", "-A"]);
        git(&[
            "commit",
            "-q",
            "-m",
            &format!(
                "part {}\n\nSigned-off-by: A U Thor <author@example.org>",
                i + 1
            ),
        ]);
    }
    let mbox = git(&[
        "format-patch",
        "--stdout",
        "--thread",
        &format!("--base={base}"),
        &format!("{base}..HEAD"),
    ]);
    let file = author.path().join("series.mbx");
    std::fs::write(&file, mbox).unwrap();
    (r, base, file, author)
}

fn message_ids(file: &Path) -> Vec<String> {
    let (_, messages) = git_triage::mail::read(file).unwrap();
    messages
        .iter()
        .map(|m| m.message_id.clone().unwrap())
        .collect()
}

fn run(r: &TestRepo, args: &[&str]) -> String {
    let out = triage_with(r, args, b"");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn verdicts(json: &Value, i: usize) -> &Vec<Value> {
    json["patches"][i]["verdicts"].as_array().unwrap()
}

#[test]
fn looking_at_mail_writes_nothing_and_a_verdict_writes_its_key_and_the_note() {
    let (r, _base, file, _keep) = mailed_to_reviewer();
    let mail = file.display().to_string();
    let before = snapshot(r.path());
    for args in [
        &["check", &mail][..],
        &["check", "--mbox", &mail, "--no-apply", "--format", "json"],
        &["explain", &mail, "2"],
        &["explain", "--mbox", &mail, "--no-apply", "3"],
        &["export", &mail, "--all"],
    ] {
        run(&r, args);
    }
    assert_eq!(
        snapshot(r.path()),
        before,
        "reading, applying and reporting write nothing to the repository"
    );
    let objects = |r: &TestRepo| {
        r.git(&[
            "cat-file",
            "--batch-all-objects",
            "--batch-check=%(objectname)",
        ])
    };
    let old = objects(&r);

    let line = run(&r, &["verdict", &mail, "2", "accept", "-m", "Looks right."]);
    assert!(line.starts_with("✓ accept "), "{line}");
    let new: Vec<String> = objects(&r)
        .lines()
        .filter(|o| !old.contains(*o))
        .map(str::to_string)
        .collect();
    assert_eq!(
        new.len(),
        4,
        "the key blob, the note, its tree and the notes commit: {new:?}"
    );
    let ids = message_ids(&file);
    let key = r.git(&["notes", "--ref=triage", "list"]);
    let key = key.split_whitespace().nth(1).unwrap();
    assert_eq!(
        r.git(&["cat-file", "-p", key]),
        format!("git-triage mailed patch\nMessage-ID: <{}>\n", ids[1]),
        "the note hangs on a blob naming the message"
    );
    assert!(r
        .git(&["notes", "--ref=triage", "show", key])
        .contains(" accept patch-id="));
    assert_eq!(
        r.git(&["for-each-ref", "--format=%(refname)"]).trim(),
        "refs/heads/main\nrefs/notes/triage"
    );
}

#[test]
fn a_verdict_on_mail_comes_back_with_the_mail_and_on_the_commit_git_am_makes() {
    let (r, base, file, _keep) = mailed_to_reviewer();
    let mail = file.display().to_string();
    let ids = message_ids(&file);
    // Given on the text alone, by number; then by Message-ID on the applied series.
    run(
        &r,
        &["verdict", "--mbox", &mail, "--no-apply", "2", "accept"],
    );
    run(
        &r,
        &[
            "verdict",
            &mail,
            &format!("<{}>", ids[2]),
            "needs-work",
            "-m",
            "Split it.",
        ],
    );
    for args in [
        &["--mbox", mail.as_str()][..],
        &["--mbox", &mail, "--no-apply"],
    ] {
        let (_, json) = check_json(&r, args, b"");
        let two = verdicts(&json, 1);
        assert_eq!(
            (two.len(), &two[0]["state"], &two[0]["carried_from"]),
            (1, &Value::from("accept"), &Value::Null),
            "{args:?}"
        );
        assert_eq!(verdicts(&json, 2)[0]["state"], "needs-work");
        assert!(verdicts(&json, 0).is_empty());
    }
    let trailers = run(&r, &["export", &mail, "--format", "trailers"]);
    assert_eq!(
        trailers,
        "[PATCH 2/3] part 2\nReviewed-by: A U Thor <author@example.org>\n\n"
    );

    // The maintainer applies the mail for real: the commits carry the verdicts over.
    r.git(&["checkout", "-q", "-b", "applied", &base]);
    r.git(&["am", "-q", &mail]);
    let (_, json) = check_json(&r, &[&format!("{base}..applied")], b"");
    let key = r.git(&["notes", "--ref=triage", "list"]);
    let carried = verdicts(&json, 1);
    assert_eq!(carried[0]["state"], "accept");
    assert!(
        key.contains(carried[0]["carried_from"].as_str().unwrap()),
        "carried from the mail's key: {key}"
    );
    assert_eq!(verdicts(&json, 2)[0]["state"], "needs-work");
}

//! Versions of a series on a mailing list: v1 and its re-roll v2 sent with `git format-patch` in
//! one thread, read back from the mbox, pair as `git range-diff` pairs the commits they were
//! made from, and each mailed patch reads into the very text `range-diff` compares.

use std::path::{Path, PathBuf};

use git_triage::mail;
use git_triage::versions::{self, Origin};

use serde_json::{json, Value};

use crate::common::TestRepo;
use crate::test_range_diff::{edit, parse_pairs, Topic};

/// `git format-patch` of `range` into `dir`, `extra` options added; returns the files in order.
pub(crate) fn format_patch(r: &TestRepo, range: &str, dir: &Path, extra: &[&str]) -> Vec<PathBuf> {
    let mut args = vec![
        "format-patch",
        "--cover-letter",
        "--thread=shallow",
        "-o",
        dir.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    args.push(range);
    r.git(&args).lines().map(PathBuf::from).collect()
}

pub(crate) fn message_id(file: &Path) -> String {
    let text = std::fs::read_to_string(file).unwrap();
    let line = text
        .lines()
        .find(|l| l.starts_with("Message-ID: <") || l.starts_with("Message-Id: <"))
        .unwrap();
    line[13..line.len() - 1].to_string()
}

/// A re-roll with every kind of change, then v1 and v2 mailed into one thread: the mbox.
fn thread(t: &Topic) -> PathBuf {
    // v2: patch 1 reworded, 2 and 3 swapped, 4 edited, 5 dropped, 6 kept, and a new patch that
    // renames a file, makes a script executable and adds a binary.
    t.pick(0);
    t.amend("alpha: double in alpha_2\n\nWhy: it was too small.\n\nSigned-off-by: A U Thor <author@example.org>\n");
    t.pick(2);
    t.pick(1);
    t.pick(3);
    edit(&t.r, "src/alpha.c", "\t\ty = 9;", "\t\ty = 8;");
    t.r.git(&["commit", "-qa", "--amend", "--no-edit"]);
    t.pick(5);
    t.r.git(&["mv", "docs/guide.txt", "docs/guide.md"]);
    edit(&t.r, "docs/guide.md", "Usage:", "Usage, in short:");
    t.r.write(&[
        ("tools/run.sh", Some(b"#!/bin/sh\necho run\n")),
        ("logo.bin", Some(b"\x00\x01\x02binary\xff\n")),
        ("docs/with space.txt", Some(b"no newline at the end")),
        ("docs/caf\u{e9}.txt", Some("caf\u{e9}\n".as_bytes())),
    ]);
    t.r.git(&["add", "-A"]);
    t.r.git(&["update-index", "--chmod=+x", "tools/run.sh"]);
    t.r.git(&["commit", "-qm", "docs: markdown guide, run script, logo"]);
    let dir = tempfile::tempdir_in(t.r.path()).unwrap().keep();
    let v1 = format_patch(&t.r, &t.v1, &dir.join("v1"), &[]);
    // format-patch names cover letters by the second it runs in: keep v1's apart from v2's.
    for f in &v1 {
        let text = std::fs::read_to_string(f).unwrap();
        std::fs::write(f, text.replace("<cover.", "<cover-v1.")).unwrap();
    }
    let cover = message_id(&v1[0]);
    let v2 = format_patch(
        &t.r,
        "main..v2",
        &dir.join("v2"),
        &["-v2", &format!("--in-reply-to={cover}")],
    );
    let mbox = |files: &[PathBuf], name: &str| {
        let text: Vec<u8> = files
            .iter()
            .flat_map(|f| std::fs::read(f).unwrap())
            .collect();
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path
    };
    mbox(&v1, "v1.mbox");
    mbox(&[v1, v2].concat(), "thread.mbox")
}

/// The v1-only mbox beside the thread: what the reviewer had before v2 was sent.
fn v1_mbox(thread: &Path) -> PathBuf {
    thread.with_file_name("v1.mbox")
}

fn mailed(series: &mail::MailSeries) -> versions::Version {
    versions::mail::version(
        series.version,
        series.patches.iter().map(|p| {
            let id = p.message.message_id.clone().unwrap_or_default();
            let origin = Origin {
                key: git2::Oid::hash_object(git2::ObjectType::Blob, id.as_bytes()).unwrap(),
                commit: None,
                message_id: p.message.message_id.clone(),
                patch_id: None,
            };
            (&p.message, origin)
        }),
    )
}

#[test]
fn a_mailed_reroll_pairs_with_its_first_version_as_git_range_diff_pairs_the_commits() {
    let t = Topic::new();
    let mbox = thread(&t);
    let (_, messages) = mail::read(&mbox).unwrap();
    let all = mail::assemble(messages);
    assert_eq!(all.len(), 1, "one series, v1 kept as its previous version");
    let v2 = &all[0];
    assert_eq!((v2.version, v2.previous_versions()), (2, vec![1]));
    let (old, new) = (mailed(&v2.previous[0]), mailed(v2));

    // Each mailed patch reads into the text range-diff compares for its commit.
    let repo = git2::Repository::open(t.r.path()).unwrap();
    for (mail, range) in [(&old, t.v1.as_str()), (&new, "main..v2")] {
        let commits = versions::commits::load(&repo, range).unwrap();
        assert_eq!(mail.patches.len(), commits.len());
        for (m, c) in mail.patches.iter().zip(&commits) {
            assert_eq!(
                String::from_utf8_lossy(&m.text),
                String::from_utf8_lossy(&c.text)
            );
            assert_eq!((&m.subject, m.diff_lines), (&c.subject, c.diff_lines));
        }
    }

    // So they pair as git pairs the commits, with the same states.
    let git = t.r.git(&["range-diff", "--no-color", &t.v1, "main..v2"]);
    let pairing = versions::pair(&old.patches, &new.patches, 60);
    let ours = versions::render(&old.patches, &new.patches, &pairing);
    assert_eq!(
        parse_pairs(&ours),
        parse_pairs(&git),
        "--- git\n{git}--- mail\n{ours}"
    );
    let marks: String = parse_pairs(&git).iter().map(|l| l.mark).collect();
    assert_eq!(marks, "!==!<=>", "{git}");

    // The comparison names old patches by Message-ID.
    let keys: Vec<git2::Oid> = new.origins.iter().map(|o| o.key).collect();
    let c = versions::Comparison::new(old.clone(), new.clone(), &keys[..1], 60);
    let prev = serde_json::to_value(c.previous(0).unwrap()).unwrap();
    assert_eq!(
        prev,
        serde_json::json!({"message_id": v2.previous[0].patches[0].message.message_id,
                           "index": 1, "state": "changed", "changed": ["message"]})
    );
    assert_eq!(
        serde_json::to_value(c.dropped()[0]).unwrap()["message_id"],
        v2.previous[0].patches[4]
            .message
            .message_id
            .as_deref()
            .unwrap()
    );
}

/// `git-triage ARGS` in the topic's repository as the reviewer Me: stdout, or the failure.
pub(crate) fn run(t: &Topic, args: &[&str]) -> std::process::Output {
    t.r.command(env!("CARGO_BIN_EXE_git-triage"))
        .env("GIT_COMMITTER_NAME", "Me")
        .env("GIT_COMMITTER_EMAIL", "me@example.org")
        .args(args)
        .output()
        .unwrap()
}

pub(crate) fn check(t: &Topic, args: &[&str]) -> Value {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let out = run(t, &all);
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn checking_a_mailed_v2_compares_it_with_v1_from_the_same_thread() {
    let t = Topic::new();
    let mbox = thread(&t);
    let path = mbox.display().to_string();
    let (_, messages) = mail::read(&mbox).unwrap();
    let all = mail::assemble(messages);
    let v1_ids: Vec<Value> = all[0].previous[0]
        .patches
        .iter()
        .map(|p| json!(p.message.message_id))
        .collect();
    let git = t.r.git(&["range-diff", "--no-color", &t.v1, "main..v2"]);
    let pairs = parse_pairs(&git);
    // By default the newest older version in the input; named as v1 or 1; applied or not.
    for args in [
        vec![path.as_str()],
        vec![path.as_str(), "--previous", "v1"],
        vec!["--mbox", path.as_str(), "--previous", "1"],
        vec!["--mbox", path.as_str(), "--base", "main"],
    ] {
        let json = check(&t, &args);
        for l in &pairs {
            let Some(j) = l.new else { continue };
            let prev = &json["patches"][j - 1]["previous"];
            let state = match l.mark {
                '=' => "unchanged",
                '!' => "changed",
                _ => "new",
            };
            assert_eq!(prev["state"], state, "{args:?} patch {j}: {git}");
            assert_eq!(prev["index"], json!(l.old), "{args:?} patch {j}");
            assert_eq!(
                prev["message_id"],
                l.old.map_or(Value::Null, |i| v1_ids[i - 1].clone())
            );
            assert!(prev.get("commit").is_none());
        }
        let dropped: Vec<Value> = pairs
            .iter()
            .filter(|l| l.new.is_none())
            .map(|l| v1_ids[l.old.unwrap() - 1].clone())
            .collect();
        let listed: Vec<Value> = json["dropped"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["message_id"].clone())
            .collect();
        assert_eq!(listed, dropped, "{args:?}");
    }
    // The commits of v1 can be named instead: the same states, partners named by commit.
    let json = check(&t, &[path.as_str(), "--previous", &t.v1]);
    assert_eq!(
        json["patches"][3]["previous"]["commit"],
        t.commits[3].as_str()
    );
    assert_eq!(json["patches"][3]["previous"]["changed"], json!(["code"]));
    // v1 alone has nothing to compare with; a version the thread does not hold is an error.
    let v1 = v1_mbox(&mbox).display().to_string();
    assert!(check(&t, &[v1.as_str()]).get("dropped").is_none());
    for (input, want) in [
        (
            &path,
            "holds no v3 of this series: it has earlier versions v1",
        ),
        (&v1, "holds no v2 of this series: it has no earlier version"),
    ] {
        let version = if input == &v1 { "v2" } else { "v3" };
        let out = run(&t, &["check", input.as_str(), "--previous", version]);
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.starts_with(&format!("error: reading the previous version {version}: "))
                && err.contains(want)
                && err.lines().count() == 1,
            "{err}"
        );
    }
}

#[test]
fn a_verdict_on_the_mailed_v1_carries_onto_v2_saying_whether_the_code_changed() {
    let t = Topic::new();
    let mbox = thread(&t);
    let v1 = v1_mbox(&mbox).display().to_string();
    // The reviewer read v1 when it was sent: patch 1 (reworded in v2) and 4 (edited).
    for (i, m) in [("1", "fine"), ("4", "clamp it")] {
        let out = run(&t, &["verdict", &v1, i, "accept", "-m", m]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let json = check(&t, &[mbox.to_str().unwrap()]);
    let carried = |j: usize| {
        let v = &json["patches"][j - 1]["verdicts"][0];
        (
            v["comment"].clone(),
            v["code_changed"].clone(),
            v["carried_from"].is_string(),
        )
    };
    assert_eq!(carried(1), (json!("fine"), json!(false), true));
    assert_eq!(carried(4), (json!("clamp it"), json!(true), true));
    // Without the previous version (v2 alone, as if sent separately) nothing tells which
    // mailed patch patch 4 was, and its code differs: nothing is carried.
    let v2_only = mbox.with_file_name("v2.mbox");
    let text = std::fs::read_to_string(&mbox).unwrap();
    let start = text.find("Subject: [PATCH v2 0/").unwrap();
    let start = text[..start].rfind("\nFrom ").unwrap() + 1;
    std::fs::write(&v2_only, &text[start..]).unwrap();
    let json = check(&t, &[v2_only.to_str().unwrap()]);
    assert_eq!(json["patches"][0]["verdicts"][0]["comment"], "fine");
    assert_eq!(json["patches"][3]["verdicts"], json!([]));
}

#[test]
fn a_comment_on_the_mailed_v1_follows_its_line_onto_v2_and_only_what_stands_is_replied() {
    let t = Topic::new();
    let mbox = thread(&t);
    let v1 = v1_mbox(&mbox).display().to_string();
    // Patch 4 of v1 adds `if (y > 9)` and `y = 9;` as lines 78 and 79 of src/alpha.c; v2,
    // rebased onto three more lines of upstream header, makes the second `y = 8;`.
    for (at, text) in [
        ("src/alpha.c:78", "Why 9?"),
        ("src/alpha.c:79", "Clamp to 9?"),
    ] {
        let out = run(&t, &["comment", "--mbox", &v1, "4", at, "-m", text]);
        assert!(out.status.success(), "{out:?}");
    }
    let json = check(&t, &[mbox.to_str().unwrap()]);
    let seen: Vec<_> = json["patches"][3]["comments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["text"].clone(),
                c["anchor"]["line"].clone(),
                c["outdated"].clone(),
                c["from_previous"].clone(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            (json!("Why 9?"), json!(81), json!(false), json!(true)),
            (json!("Clamp to 9?"), json!(79), json!(true), json!(true))
        ]
    );
    let out = run(&t, &["reply", mbox.to_str().unwrap()]);
    let replies = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success()
            && replies.contains("Subject: Re: [PATCH v2 4/")
            && replies.contains("> +\tif (y > 9)\n\nWhy 9?")
            && !replies.contains("Clamp to 9?"),
        "{replies}"
    );
}

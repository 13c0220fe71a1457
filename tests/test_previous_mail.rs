//! Versions of a series on a mailing list: v1 and its re-roll v2 sent with `git format-patch` in
//! one thread, read back from the mbox, pair as `git range-diff` pairs the commits they were
//! made from, and each mailed patch reads into the very text `range-diff` compares.

use std::path::{Path, PathBuf};

use git_triage::mail;
use git_triage::versions::{self, Origin};

use crate::common::TestRepo;
use crate::test_range_diff::{edit, parse_pairs, Topic};

/// `git format-patch` of `range` into `dir`, `extra` options added; returns the files in order.
fn format_patch(r: &TestRepo, range: &str, dir: &Path, extra: &[&str]) -> Vec<PathBuf> {
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

fn message_id(file: &Path) -> String {
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
    let cover = message_id(&v1[0]);
    let v2 = format_patch(
        &t.r,
        "main..v2",
        &dir.join("v2"),
        &["-v2", &format!("--in-reply-to={cover}")],
    );
    let mut mbox = Vec::new();
    for f in v1.iter().chain(&v2) {
        mbox.extend(std::fs::read(f).unwrap());
    }
    let path = dir.join("thread.mbox");
    std::fs::write(&path, mbox).unwrap();
    path
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

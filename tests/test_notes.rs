//! Verdicts in git notes: recorded by `git triage verdict`, read back by `check` and plain
//! `git notes`, written safely by concurrent processes, carried to rebased series, shared
//! through a bare remote, and exported.

use std::process::Output;

use crate::common::{signed, TestRepo};

pub fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "failed ({:?}): {}{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A base and three signed-off patches on `topic`, upstream `main`.
pub fn series() -> (TestRepo, Vec<String>) {
    let mut repo = TestRepo::new();
    repo.commit("base", &[("lib.c", Some(b"int a;\n"))]);
    repo.git(&["checkout", "-q", "-b", "topic"]);
    repo.git(&["branch", "-q", "--set-upstream-to=main"]);
    let ids = (1..=3)
        .map(|n| {
            let path = format!("f{n}.c");
            repo.commit(&signed(&format!("add f{n}")), &[(&path, Some(b"int x;\n"))])
        })
        .collect();
    (repo, ids)
}

pub fn note(repo: &TestRepo, commit: &str) -> String {
    repo.git(&["notes", "--ref=triage", "show", commit])
}

#[test]
fn a_verdict_round_trips_through_notes_and_check() {
    let (repo, ids) = series();
    let before = (repo.head(), repo.git(&["status", "--porcelain"]));
    repo.git(&["notes", "add", "-m", "an unrelated note", &ids[0]]);
    let other = repo.git(&["rev-parse", "refs/notes/commits"]);
    let out = ok(&repo.triage(&[
        "verdict", &ids[1], "accept", "-m", "LGTM.", "-m", "One nit.",
    ]));
    assert!(out.starts_with("✓ accept "), "{out}");
    // Plain git reads it: one line, with state, reviewer, time, patch-id and the comment.
    let text = note(&repo, &ids[1]);
    let line = text.lines().next().unwrap();
    assert!(line.starts_with("Triage-Verdict: v1 "), "{line}");
    assert!(line.contains(" accept patch-id="), "{line}");
    assert!(
        line.ends_with(r#"A U Thor <author@example.org> "LGTM.\n\nOne nit.""#),
        "{line}"
    );
    let patch_id = repo.git_output(&["show", &ids[1]], None).stdout;
    let patch_id = repo
        .git_output(&["patch-id", "--stable"], Some(&patch_id))
        .stdout;
    let patch_id = String::from_utf8_lossy(&patch_id);
    assert!(
        line.contains(patch_id.split(' ').next().unwrap()),
        "{line} vs {patch_id}"
    );
    let log = repo.git(&["log", "--notes=triage", "-1", &ids[1]]);
    assert!(
        log.contains("Notes (triage):") && log.contains("Triage-Verdict: v1"),
        "{log}"
    );
    // check reports it, in JSON and text.
    let (_, json) = repo.check_json(&[]);
    let v = &json["patches"][1]["verdicts"][0];
    assert_eq!(v["state"], "accept");
    assert_eq!(v["reviewer"], "A U Thor");
    assert_eq!(v["email"], "author@example.org");
    assert_eq!(v["comment"], "LGTM.\n\nOne nit.");
    assert!(v["carried_from"].is_null());
    assert!(v["at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(json["patches"][0]["verdicts"], serde_json::json!([]));
    let text = ok(&repo.triage(&["check"]));
    assert!(
        text.contains("✓ accept by A U Thor <author@example.org> at "),
        "{text}"
    );
    // Never the work tree, index, HEAD, or another notes ref.
    assert_eq!((repo.head(), repo.git(&["status", "--porcelain"])), before);
    assert_eq!(repo.git(&["rev-parse", "refs/notes/commits"]), other);
    // The latest word wins; pending clears; history stays.
    ok(&repo.triage(&["verdict", &ids[1], "needs-work"]));
    let (_, json) = repo.check_json(&[]);
    assert_eq!(json["patches"][1]["verdicts"][0]["state"], "needs-work");
    ok(&repo.triage(&["verdict", &ids[1], "pending"]));
    let (_, json) = repo.check_json(&[]);
    assert_eq!(json["patches"][1]["verdicts"], serde_json::json!([]));
    assert_eq!(note(&repo, &ids[1]).lines().count(), 3);
}

#[test]
fn verdict_needs_an_identity_and_a_known_state() {
    let (repo, ids) = series();
    repo.git(&["config", "--unset", "user.name"]);
    let out = repo.triage(&["verdict", &ids[0], "accept"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("Please tell me who you are"), "{err}");
    let out = repo.triage(&["verdict", &ids[0], "maybe"]);
    assert_eq!(out.status.code(), Some(2));
    let out = repo.triage(&["verdict", "no-such-rev", "accept"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("error: unknown revision"));
}

#[test]
fn concurrent_writers_lose_nothing() {
    let (repo, ids) = series();
    let run = |commit: String, tag: &'static str| {
        let repo = &repo;
        move || {
            for n in 0..50 {
                let msg = format!("{tag}-{n}");
                let out = repo.triage(&["verdict", &commit, "accept", "-m", &msg]);
                assert!(
                    out.status.success(),
                    "{}",
                    String::from_utf8_lossy(&out.stderr)
                );
            }
        }
    };
    // Different commits, then the same commit, two processes at a time.
    std::thread::scope(|s| {
        s.spawn(run(ids[0].clone(), "a"));
        s.spawn(run(ids[1].clone(), "b"));
    });
    std::thread::scope(|s| {
        s.spawn(run(ids[2].clone(), "c"));
        s.spawn(run(ids[2].clone(), "d"));
    });
    for (commit, tags) in [
        (&ids[0], &["a"][..]),
        (&ids[1], &["b"]),
        (&ids[2], &["c", "d"]),
    ] {
        let text = note(&repo, commit);
        assert_eq!(text.lines().count(), 50 * tags.len(), "{commit}");
        for tag in tags {
            for n in 0..50 {
                assert!(text.contains(&format!("\"{tag}-{n}\"")), "{tag}-{n} lost");
            }
        }
    }
    // Each notes commit has one parent: a linear history of 200 appends.
    let count = repo.git(&["rev-list", "--count", "refs/notes/triage"]);
    assert_eq!(count.trim(), "200");
}

#[test]
fn verdicts_carry_over_to_a_rebased_series() {
    let (mut repo, ids) = series();
    ok(&repo.triage(&["verdict", &ids[0], "accept"]));
    ok(&repo.triage(&["verdict", &ids[2], "reject", "-m", "no"]));
    // v2: upstream moved; the series is rebased onto it, and patch 2 is reworded only.
    repo.git(&["checkout", "-q", "main"]);
    repo.commit("upstream", &[("up.c", Some(b"int u;\n"))]);
    repo.git(&["checkout", "-q", "topic"]);
    repo.git(&["rebase", "-q", "main"]);
    let (_, json) = repo.check_json(&[]);
    let patches = json["patches"].as_array().unwrap();
    assert_ne!(patches[0]["commit"], ids[0].as_str());
    let carried = &patches[0]["verdicts"][0];
    assert_eq!(carried["state"], "accept");
    assert_eq!(carried["carried_from"], ids[0].as_str());
    assert_eq!(patches[1]["verdicts"], serde_json::json!([]));
    assert_eq!(patches[2]["verdicts"][0]["state"], "reject");
    assert_eq!(patches[2]["verdicts"][0]["carried_from"], ids[2].as_str());
    let text = ok(&repo.triage(&["check"]));
    assert!(
        text.contains(&format!("(carried from {})", &ids[0][..12])),
        "{text}"
    );
    // Once the reviewer speaks on the new commit, nothing is carried any more.
    let new = patches[0]["commit"].as_str().unwrap();
    ok(&repo.triage(&["verdict", new, "needs-work"]));
    let (_, json) = repo.check_json(&[]);
    assert_eq!(json["patches"][0]["verdicts"][0]["state"], "needs-work");
    assert!(json["patches"][0]["verdicts"][0]["carried_from"].is_null());
}

#[test]
fn appends_keep_git_fanned_out_notes_trees_intact() {
    let (repo, ids) = series();
    // 300 notes make git fan the notes tree out into ab/cdef... directories.
    let mut script = String::new();
    for n in 0..300 {
        script.push_str(&format!(
            "commit refs/heads/many\ncommitter C <c@x> 1700000000 +0000\ndata <<END\nc{n}\nEND\nM 644 inline f\ndata <<END\n{n}\nEND\n\n"
        ));
    }
    let out = repo.git_output(&["fast-import", "--quiet"], Some(script.as_bytes()));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let commits = repo.git(&["rev-list", "many"]);
    let mut notes = String::from(
        "commit refs/notes/triage\ncommitter C <c@x> 1700000000 +0000\ndata <<END\nnotes\nEND\n",
    );
    for (n, c) in commits
        .lines()
        .chain(std::iter::once(ids[1].as_str()))
        .enumerate()
    {
        notes.push_str(&format!("N inline {c}\ndata <<END\nold {n:03}\nEND\n"));
    }
    let out = repo.git_output(&["fast-import", "--quiet"], Some(notes.as_bytes()));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let top = repo.git(&["ls-tree", "refs/notes/triage"]);
    assert!(
        top.lines().all(|l| l.contains(" tree ")),
        "fanned out:\n{top}"
    );
    ok(&repo.triage(&["verdict", &ids[1], "accept"]));
    let text = note(&repo, &ids[1]);
    assert!(text.starts_with("old 300\nTriage-Verdict: v1 "), "{text}");
    let all = repo.git(&["ls-tree", "-r", "--name-only", "refs/notes/triage"]);
    let mine: Vec<&str> = all
        .lines()
        .filter(|p| p.replace('/', "") == ids[1])
        .collect();
    assert_eq!(mine.len(), 1, "one note for the commit: {mine:?}");
    assert_eq!(all.lines().count(), 301);
}

/// A bare remote and two clones with different reviewers.
pub fn remote_and_clones() -> (TestRepo, tempfile::TempDir, TestRepo, TestRepo, Vec<String>) {
    let (origin, ids) = series();
    let bare = tempfile::tempdir().unwrap();
    origin.git(&["clone", "-q", "--bare", ".", bare.path().to_str().unwrap()]);
    let clone = |name: &str, email: &str| {
        let r = TestRepo::new();
        r.git(&["remote", "add", "origin", bare.path().to_str().unwrap()]);
        r.git(&["fetch", "-q", "origin"]);
        r.git(&["checkout", "-q", "-b", "topic", "origin/topic"]);
        r.git(&["config", "user.name", name]);
        r.git(&["config", "user.email", email]);
        r
    };
    let a = clone("Ann Reviewer", "ann@example.org");
    let b = clone("Bob Maintainer", "bob@example.org");
    (origin, bare, a, b, ids)
}

#[test]
fn sync_shares_both_reviewers_verdicts_through_a_bare_remote() {
    let (_origin, bare, a, b, ids) = remote_and_clones();
    // Nothing anywhere yet.
    let out = ok(&a.triage(&["sync"]));
    assert_eq!(
        out,
        "refs/notes/triage: neither you nor origin have verdicts yet\n"
    );
    ok(&a.triage(&["verdict", &ids[0], "accept"]));
    ok(&a.triage(&["verdict", &ids[1], "needs-work", "-m", "split it"]));
    let out = ok(&a.triage(&["sync", "origin"]));
    assert_eq!(out, "refs/notes/triage: origin had none; pushed yours\n");
    // Bob decided on the same and on other patches before syncing: the notes diverge.
    ok(&b.triage(&["verdict", &ids[0], "reject"]));
    ok(&b.triage(&["verdict", &ids[2], "accept"]));
    let out = ok(&b.triage(&["sync"]));
    assert!(out.contains("merged") && out.contains("pushed"), "{out}");
    let out = ok(&a.triage(&["sync"]));
    assert_eq!(
        out,
        "refs/notes/triage: fast-forward with origin, nothing to push\n"
    );
    for r in [&a, &b] {
        let text = note(r, &ids[0]);
        assert!(
            text.contains("Ann Reviewer <ann@example.org>")
                && text.contains("Bob Maintainer <bob@example.org>"),
            "{text}"
        );
        let (_, json) = r.check_json(&["origin/main..topic"]);
        let v = json["patches"][0]["verdicts"].as_array().unwrap();
        let states: Vec<_> = v
            .iter()
            .map(|v| (v["email"].as_str().unwrap(), v["state"].as_str().unwrap()))
            .collect();
        assert!(
            states.contains(&("ann@example.org", "accept"))
                && states.contains(&("bob@example.org", "reject")),
            "{states:?}"
        );
        assert_eq!(json["patches"][1]["verdicts"][0]["comment"], "split it");
        assert_eq!(json["patches"][2]["verdicts"][0]["state"], "accept");
    }
    // The merged note is cat_sort_uniq's: sorted lines, no duplicates, no scratch refs left.
    let text = note(&a, &ids[0]);
    let mut sorted: Vec<&str> = text.lines().collect();
    sorted.sort();
    assert_eq!(text.lines().collect::<Vec<_>>(), sorted);
    let refs = a.git(&["for-each-ref", "--format=%(refname)", "refs/notes/"]);
    assert_eq!(
        refs,
        "refs/notes/remotes/origin/triage\nrefs/notes/triage\n"
    );
    let bare_ref = std::process::Command::new("git")
        .args([
            "--git-dir",
            bare.path().to_str().unwrap(),
            "rev-parse",
            "refs/notes/triage",
        ])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&bare_ref.stdout),
        a.git(&["rev-parse", "refs/notes/triage"])
    );
}

#[test]
fn sync_reports_a_refusing_remote_in_one_line() {
    let (_origin, bare, a, _b, ids) = remote_and_clones();
    let hook = bare.path().join("hooks/pre-receive");
    std::fs::write(
        &hook,
        "#!/bin/sh\necho 'notes are read-only here' >&2\nexit 1\n",
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).unwrap();
    ok(&a.triage(&["verdict", &ids[0], "accept"]));
    let out = a.triage(&["sync"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("error: origin refused refs/notes/triage: "),
        "{err}"
    );
    assert!(err.contains("notes are read-only here"), "{err}");
    let out = a.triage(&["sync", "nowhere"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr)
        .starts_with("error: fetching refs/notes/triage from nowhere failed"));
}

#[test]
fn export_prints_text_json_and_trailers() {
    let (repo, ids) = series();
    ok(&repo.triage(&["verdict", &ids[0], "accept", "-m", "fine\nreally"]));
    ok(&repo.triage(&["verdict", &ids[1], "reject"]));
    repo.git(&["config", "user.name", "Other Person"]);
    repo.git(&["config", "user.email", "other@example.org"]);
    ok(&repo.triage(&["verdict", &ids[2], "accept"]));
    // Yours only, by default.
    let out = ok(&repo.triage(&["export", "--format", "trailers"]));
    assert_eq!(
        out,
        "[PATCH 3/3] add f3\nReviewed-by: Other Person <other@example.org>\n\n"
    );
    let cfg = repo.path().join("acks.toml");
    std::fs::write(
        &cfg,
        "[export]\ntrailers = [\"Reviewed-by\", \"Acked-by\"]\n",
    )
    .unwrap();
    let out = ok(&repo.triage(&[
        "--config",
        cfg.to_str().unwrap(),
        "export",
        "--all",
        "--format",
        "trailers",
    ]));
    assert_eq!(
        out,
        "[PATCH 1/3] add f1\nReviewed-by: A U Thor <author@example.org>\nAcked-by: A U Thor <author@example.org>\n\n\
         [PATCH 3/3] add f3\nReviewed-by: Other Person <other@example.org>\nAcked-by: Other Person <other@example.org>\n\n"
    );
    let out = ok(&repo.triage(&["export", "--all"]));
    assert!(out.contains("[PATCH 1/3] "), "{out}");
    assert!(
        out.contains("    ✓ accept by A U Thor <author@example.org> at "),
        "{out}"
    );
    assert!(out.contains(": fine …\n        really\n"), "{out}");
    assert!(out.contains("    ✗ reject by A U Thor"), "{out}");
    let json: serde_json::Value =
        serde_json::from_str(&ok(&repo.triage(&["export", "--all", "--format", "json"]))).unwrap();
    assert_eq!(json["notes_ref"], "refs/notes/triage");
    assert_eq!(json["patches"][0]["verdicts"][0]["comment"], "fine\nreally");
    assert_eq!(
        json["patches"][2]["verdicts"][0]["email"],
        "other@example.org"
    );
    let mine: serde_json::Value =
        serde_json::from_str(&ok(&repo.triage(&["export", "--format", "json"]))).unwrap();
    assert_eq!(mine["patches"][0]["verdicts"], serde_json::json!([]));
}

#[test]
fn notes_in_memory_follow_own_and_foreign_writes() {
    use git_triage::notes::{self, Notes, Reviewer, State, Verdict};
    let (repo, ids) = series();
    let git = git2::Repository::open(repo.path()).unwrap();
    let oid = |s: &str| git2::Oid::from_str(s).unwrap();
    let refname = "refs/notes/triage";
    let me = Reviewer {
        name: "Me".into(),
        email: "me@example.org".into(),
    };
    let mut mem = Notes::load(&git, refname).unwrap();
    // Our own write on an empty ref, then on top of it: the new lines are added in place.
    for id in [&ids[0], &ids[0]] {
        let v = notes::record(
            &git,
            refname,
            oid(id),
            &Verdict::new(State::Accept, &me, None, None),
        )
        .unwrap();
        mem.recorded(&git, refname, oid(id), &v).unwrap();
    }
    assert_eq!(mem.history(oid(&ids[0])).len(), 2);
    // Another process writes; our next write brings its verdict in as well.
    ok(&repo.triage(&["verdict", &ids[1], "reject"]));
    let v = notes::record(
        &git,
        refname,
        oid(&ids[2]),
        &Verdict::new(State::Accept, &me, None, None),
    )
    .unwrap();
    mem.recorded(&git, refname, oid(&ids[2]), &v).unwrap();
    let fresh = Notes::load(&git, refname).unwrap();
    for id in &ids {
        assert_eq!(mem.history(oid(id)), fresh.history(oid(id)), "{id}");
    }
    assert_eq!(mem.latest(oid(&ids[1]))[0].state, State::Reject);
}

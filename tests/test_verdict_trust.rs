//! A recorded decision is the reviewer's own and stays as they left it: the comment survives a
//! new decision from the command line as in the TUI, and only one's own accept on this very
//! patch becomes a `Reviewed-by`.

use crate::common::{signed, TestRepo};
use crate::test_notes::{note, ok, series};

#[test]
fn a_new_decision_from_the_command_line_keeps_the_comment() {
    let (repo, ids) = series();
    ok(&repo.triage(&[
        "verdict",
        &ids[0],
        "needs-work",
        "-m",
        "split the error path",
    ]));
    ok(&repo.triage(&["verdict", &ids[0], "accept"]));
    let text = note(&repo, &ids[0]);
    let last = text.lines().last().unwrap();
    assert!(
        last.contains(" accept ")
            && last.ends_with(r#"<author@example.org> "split the error path""#),
        "{text}"
    );
    let (_, json) = repo.check_json(&[]);
    assert_eq!(
        json["patches"][0]["verdicts"][0]["comment"],
        "split the error path"
    );
    // A new -m replaces it; pending clears both, as `u` does.
    ok(&repo.triage(&["verdict", &ids[0], "reject", "-m", "no"]));
    let (_, json) = repo.check_json(&[]);
    assert_eq!(json["patches"][0]["verdicts"][0]["comment"], "no");
    ok(&repo.triage(&["verdict", &ids[0], "pending"]));
    ok(&repo.triage(&["verdict", &ids[0], "accept"]));
    let last = note(&repo, &ids[0]).lines().last().unwrap().to_string();
    assert!(last.ends_with("<author@example.org>"), "{last}");
}

/// The series of `series()` plus a merge of a side branch with one patch.
fn series_with_merge() -> (TestRepo, Vec<String>, String) {
    let (mut repo, ids) = series();
    repo.git(&["checkout", "-q", "-b", "side", &ids[0]]);
    let side = repo.commit(&signed("side: add s"), &[("s.c", Some(b"int s;\n"))]);
    repo.git(&["checkout", "-q", "topic"]);
    repo.git(&[
        "merge",
        "-q",
        "--no-ff",
        "-m",
        "Merge branch 'side'",
        "side",
    ]);
    let merge = repo.head();
    (
        repo,
        vec![ids[0].clone(), ids[1].clone(), ids[2].clone(), side],
        merge,
    )
}

#[test]
fn trailers_come_only_from_my_own_accept_on_this_very_patch() {
    let (mut repo, ids, merge) = series_with_merge();
    ok(&repo.triage(&["verdict", &ids[0], "accept"]));
    ok(&repo.triage(&["verdict", &ids[1], "accept"]));
    ok(&repo.triage(&["verdict", &merge, "accept"]));
    let out = ok(&repo.triage(&["export", "--format", "trailers"]));
    assert!(
        !out.contains("Merge branch"),
        "a merge gets no Reviewed-by:\n{out}"
    );
    assert_eq!(
        out.matches("Reviewed-by: A U Thor <author@example.org>")
            .count(),
        2,
        "{out}"
    );
    // v2: the series is rebased; its verdicts are carried, not given on these commits.
    repo.git(&["checkout", "-q", "main"]);
    repo.commit("upstream", &[("up.c", Some(b"int u;\n"))]);
    repo.git(&["checkout", "-q", "topic"]);
    repo.git(&["rebase", "-q", "--rebase-merges", "main"]);
    let (_, json) = repo.check_json(&[]);
    let first = json["patches"][0]["commit"].as_str().unwrap().to_string();
    assert_eq!(
        json["patches"][0]["verdicts"][0]["carried_from"],
        ids[0].as_str()
    );
    for who in [
        &["export", "--format", "trailers"][..],
        &["export", "--all", "--format", "trailers"],
    ] {
        let out = ok(&repo.triage(who));
        assert_eq!(
            out, "",
            "carried verdicts nobody confirmed make no trailer: {who:?}"
        );
    }
    // Confirming (what `=` writes: the verdict on the new commit, from= the old one) does.
    let git = git2::Repository::open(repo.path()).unwrap();
    let pid = json["patches"][0]["patch_id"].as_str().unwrap();
    let me = git_triage::notes::Reviewer::from_git(&git).unwrap();
    let mut v = git_triage::Verdict::new(
        git_triage::State::Accept,
        &me,
        Some(git2::Oid::from_str(pid).unwrap()),
        None,
    );
    v.from = Some(git2::Oid::from_str(&ids[0]).unwrap());
    git_triage::notes::record(
        &git,
        "refs/notes/triage",
        git2::Oid::from_str(&first).unwrap(),
        &v,
    )
    .unwrap();
    let out = ok(&repo.triage(&["export", "--format", "trailers"]));
    assert_eq!(out.matches("Reviewed-by:").count(), 1, "{out}");
    assert!(out.starts_with("[PATCH 1/"), "{out}");
    // Someone else's accept is theirs: not in mine, in --all.
    repo.git(&["config", "user.name", "Other Person"]);
    repo.git(&["config", "user.email", "other@example.org"]);
    ok(&repo.triage(&["verdict", &first, "accept"]));
    repo.git(&["config", "user.name", "A U Thor"]);
    repo.git(&["config", "user.email", "author@example.org"]);
    let mine = ok(&repo.triage(&["export", "--format", "trailers"]));
    assert!(!mine.contains("Other Person"), "{mine}");
    let all = ok(&repo.triage(&["export", "--all", "--format", "trailers"]));
    assert!(
        all.contains("Reviewed-by: Other Person <other@example.org>"),
        "{all}"
    );
}

//! A remark (a patch comment without a decision) is not a decision: written on a new version of
//! a patch, it leaves the verdict carried there from the earlier version standing, and reports
//! show that verdict with the remark as its comment; a clear (`pending`) still hides it. A
//! reply that carries only such a comment is named in the summary like any other.

use serde_json::Value;

use git_triage::mail;

use crate::common::TestRepo;
use crate::test_notes::ok;
use crate::test_reply::{juergen, series};

/// The series, then the same patches rebased onto a moved `main` (`v2`: new commits, same
/// patch-ids); the new commits' ids.
fn rebased(repo: &TestRepo) -> Vec<String> {
    repo.git(&["checkout", "-q", "-b", "moved", "main"]);
    std::fs::write(repo.path().join("NEWS"), "upstream moved on\n").unwrap();
    repo.git(&["add", "NEWS"]);
    repo.git(&["commit", "-q", "-m", "upstream: news"]);
    repo.git(&["checkout", "-q", "-b", "v2"]);
    repo.git(&["cherry-pick", "main..topic"]);
    let v2 = repo.git(&["rev-list", "--reverse", "moved..v2"]);
    v2.lines().map(str::to_string).collect()
}

#[test]
fn a_remark_on_the_new_version_keeps_my_carried_accept() {
    let (repo, ids) = series();
    ok(&juergen(
        &repo,
        &["verdict", &ids[0], "accept", "-m", "fine on v1"],
    ));
    let new = rebased(&repo);
    let said = ok(&juergen(&repo, &["comment", &new[0], "-m", "just a note"]));
    let stands = format!("your accept from {} stands, carried", &ids[0][..12]);
    assert!(said.contains(&stands), "{said}");
    let (_, json) = repo.check_json(&["moved..v2"]);
    let patch = &json["patches"][0];
    let shown = patch["verdicts"].as_array().unwrap();
    assert_eq!(shown.len(), 1, "{shown:?}");
    assert_eq!(shown[0]["state"], "accept");
    assert_eq!(shown[0]["carried_from"], ids[0].as_str());
    assert_eq!(shown[0]["comment"], "just a note");
    let comments = patch["comments"].as_array().unwrap();
    assert_eq!(comments.len(), 1, "{comments:?}");
    assert_eq!(
        (&comments[0]["kind"], &comments[0]["text"]),
        (&Value::from("patch"), &Value::from("just a note"))
    );
    assert_eq!(comments[0]["carried_from"], Value::Null, "written here");
    let text = ok(&juergen(&repo, &["export", "moved..v2"]));
    let carried = format!("(carried from {}): just a note", &ids[0][..12]);
    assert!(
        text.lines()
            .any(|l| l.contains("✓ accept by Jürgen Groß") && l.ends_with(&carried)),
        "{text}"
    );
    // Not confirmed here: no trailer, as for any carried accept.
    let trailers = ok(&juergen(
        &repo,
        &["export", "--format", "trailers", "moved..v2"],
    ));
    assert!(!trailers.contains("Reviewed-by"), "{trailers}");
    // A clear says "not decided on this version": the carried accept goes.
    ok(&juergen(&repo, &["verdict", &new[0], "pending"]));
    let (_, json) = repo.check_json(&["moved..v2"]);
    assert_eq!(json["patches"][0]["verdicts"], serde_json::json!([]));
}

/// Emptying the patch comment takes the remark back, not the carried verdict under it: the
/// note says so with an explicitly empty comment (`pending … ""`), which is no clear.
#[test]
fn emptying_my_remark_keeps_my_carried_accept() {
    let (repo, ids) = series();
    ok(&juergen(
        &repo,
        &["verdict", &ids[0], "accept", "-m", "fine on v1"],
    ));
    let new = rebased(&repo);
    ok(&juergen(&repo, &["comment", &new[0], "-m", "just a note"]));
    let said = ok(&juergen(&repo, &["comment", &new[0], "-m", ""]));
    assert!(said.starts_with("patch comment removed"), "{said}");
    let stands = format!("your accept from {} stands, carried", &ids[0][..12]);
    assert!(said.contains(&stands), "{said}");
    let note = repo.git(&["notes", "--ref=triage", "show", &new[0]]);
    let last = note.lines().last().unwrap();
    assert!(
        last.contains(" pending ") && last.ends_with(" \"\""),
        "{note}"
    );
    let (_, json) = repo.check_json(&["moved..v2"]);
    let patch = &json["patches"][0];
    let shown = patch["verdicts"].as_array().unwrap();
    assert_eq!(shown.len(), 1, "{shown:?}");
    assert_eq!(
        (&shown[0]["state"], &shown[0]["carried_from"]),
        (&Value::from("accept"), &Value::from(ids[0].as_str()))
    );
    assert_eq!(shown[0]["comment"], "fine on v1", "the verdict's own again");
    let comments = patch["comments"].as_array().unwrap();
    assert!(
        comments
            .iter()
            .all(|c| c["text"] != "" && c["carried_from"] != Value::Null),
        "{comments:?}"
    );
    let text = ok(&juergen(&repo, &["export", "moved..v2"]));
    let carried = format!("(carried from {}): fine on v1", &ids[0][..12]);
    assert!(text.lines().any(|l| l.ends_with(&carried)), "{text}");
    // u still clears.
    ok(&juergen(&repo, &["verdict", &new[0], "pending"]));
    let (_, json) = repo.check_json(&["moved..v2"]);
    assert_eq!(json["patches"][0]["verdicts"], serde_json::json!([]));
}

#[test]
fn the_summary_names_a_reply_that_carries_only_my_patch_comment() {
    let (repo, ids) = series();
    ok(&juergen(&repo, &["comment", &ids[0], "-m", "Say why."]));
    ok(&juergen(
        &repo,
        &["comment", &ids[1], "hw/net/e1000.c:60", "-m", "Sixty?"],
    ));
    let out = repo.path().join("replies.mbox");
    ok(&juergen(&repo, &["reply", "--mbox", out.to_str().unwrap()]));
    let (_, back) = mail::read(&out).unwrap();
    assert!(
        back[0]
            .body
            .contains("My comments are in my replies to patches 1 and 2."),
        "{}",
        back[0].body
    );
}

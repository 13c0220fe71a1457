//! A recorded decision is the reviewer's own and stays as they left it: the comment survives a
//! new decision from the command line as in the TUI, and only one's own accept on this very
//! patch becomes a `Reviewed-by`.

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

//! Comments follow a patch to its next version even when its code changed, once the reviewer
//! names the previous version (`--previous`): "I commented line 42 in v2; did they address it
//! in v3?". A comment whose lines still read the same stands on their new place; one whose
//! line was changed is outdated, with what it was written under; without `--previous` a
//! changed patch carries nothing, as before.

use serde_json::Value;

use crate::common::{signed, TestRepo};
use crate::test_notes::ok;

const V2: &str = "main..v2";

/// v2 on branch `v2`: line 41 of a 60-line `hw/net/e1000.c` becomes the ring and MAC resets
/// (new lines 41 and 42) and lines 50 to 58 are renamed, with a comment on each reset; and v3
/// on branch `v3`: the same patch, plus a line inserted near the top of the file (what
/// follows moves one line down) and the MAC reset given an argument. Returns the repository,
/// v2, v3 and the comments' ids (ring, MAC).
fn reroll() -> (TestRepo, String, String, [String; 2]) {
    let mut repo = TestRepo::new();
    let base: String = (1..=60)
        .map(|n| format!("    reg_{n} = read({n});\n"))
        .collect();
    repo.commit("base", &[("hw/net/e1000.c", Some(base.as_bytes()))]);
    let mut text = base.replace(
        "    reg_41 = read(41);\n",
        "    e1000_ring_reset(s);\n    e1000_mac_reset(s);\n",
    );
    for n in 50..=58 {
        text = text.replace(&format!("reg_{n} ="), &format!("ring_{n} ="));
    }
    let message =
        signed("hw/net/e1000: reset the ring first\n\nThe ring must be reset before the MAC.");
    repo.git(&["checkout", "-q", "-b", "v2"]);
    let v2 = repo.commit(&message, &[("hw/net/e1000.c", Some(text.as_bytes()))]);
    let id = |out: String| out.split_whitespace().nth(1).unwrap().to_string();
    let ring = id(ok(&repo.triage(&[
        "comment",
        &v2,
        "hw/net/e1000.c:41",
        "-m",
        "Does the ring survive this?",
    ])));
    let mac = id(ok(&repo.triage(&[
        "comment",
        &v2,
        "hw/net/e1000.c:42",
        "-m",
        "Reset the MAC with its defaults.",
    ])));
    repo.git(&["checkout", "-q", "-b", "v3", "main"]);
    let text = text
        .replace(
            "    reg_5 = read(5);\n",
            "    reg_5 = read(5);\n    reg_5b = read(5);\n",
        )
        .replace("e1000_mac_reset(s);", "e1000_mac_reset(s, MAC_DEFAULTS);");
    let v3 = repo.commit(&message, &[("hw/net/e1000.c", Some(text.as_bytes()))]);
    (repo, v2, v3, [ring, mac])
}

fn comments(repo: &TestRepo, args: &[&str]) -> Vec<Value> {
    let (_, json) = repo.check_json(args);
    json["patches"][0]["comments"].as_array().unwrap().clone()
}

fn by_text<'a>(c: &'a [Value], text: &str) -> &'a Value {
    c.iter()
        .find(|c| c["text"] == text)
        .unwrap_or_else(|| panic!("no comment {text:?} in {c:?}"))
}

#[test]
fn a_comment_on_v2_moves_with_its_line_in_v3_or_is_outdated_where_the_line_changed() {
    let (repo, v2, _v3, _) = reroll();
    // Without the previous version, the changed patch has nothing of v2's.
    assert_eq!(comments(&repo, &["main..v3"]), Vec::<Value>::new());

    let (_, json) = repo.check_json(&["main..v3", "--previous", V2]);
    let previous = &json["patches"][0]["previous"];
    assert_eq!(
        (
            &previous["state"],
            &previous["changed"],
            &previous["commit"]
        ),
        (
            &Value::from("changed"),
            &serde_json::json!(["code"]),
            &Value::from(v2.as_str())
        ),
        "git range-diff pairs them"
    );
    let c = comments(&repo, &["main..v3", "--previous", V2]);
    assert_eq!(c.len(), 2, "{c:?}");
    // The ring reset reads as it did, one line further down.
    let ring = by_text(&c, "Does the ring survive this?");
    assert_eq!(ring["outdated"], false);
    assert_eq!(ring["anchor"]["line"], 42);
    assert_eq!(ring["carried_from"], v2.as_str());
    assert_eq!(ring["from_previous"], true);
    // The MAC reset was changed: outdated, at the line it was given on.
    let mac = by_text(&c, "Reset the MAC with its defaults.");
    assert_eq!(mac["outdated"], true);
    assert_eq!(
        mac["anchor"],
        serde_json::json!({"path": "hw/net/e1000.c", "side": "new", "line": 42})
    );
    assert_eq!(mac["from_previous"], true);
    // On v2 itself nothing is carried.
    let on_v2 = comments(&repo, &[V2]);
    assert!(on_v2
        .iter()
        .all(|c| c["carried_from"].is_null() && c["from_previous"] == false));

    let text = ok(&repo.triage(&["export", "--format", "text", "main..v3", "--previous", V2]));
    let carried = format!("(carried from {V2} {})", &v2[..12]);
    let headings: Vec<&str> = text.lines().filter(|l| l.contains(&carried)).collect();
    assert_eq!(headings.len(), 2, "{text}");
    let outdated = "(outdated: its place reads differently in this version)";
    assert!(
        headings.iter().all(|l| l
            .trim_start()
            .starts_with("» hw/net/e1000.c:42 by A U Thor <author@example.org> at "))
            && headings.iter().filter(|l| l.ends_with(outdated)).count() == 1,
        "{text}"
    );
    // The old context of the outdated one is what `comment --list` and the note keep.
    let list = ok(&repo.triage(&["comment", "v3", "--list", "--previous", "v2"]));
    assert!(
        list.contains("hw/net/e1000.c:42 (outdated) (from the previous version")
            && list.contains("hw/net/e1000.c:42 (from the previous version"),
        "{list}"
    );
}

#[test]
fn edits_and_deletions_of_a_carried_comment_are_written_on_v3_only() {
    let (repo, v2, v3, [ring, mac]) = reroll();
    // Without --previous the comment is not found on v3.
    let out = repo.triage(&["comment", &v3, "--edit", &ring, "-m", "x"]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    ok(&repo.triage(&[
        "comment",
        &v3,
        "--previous",
        &v2,
        "--edit",
        &ring,
        "-m",
        "Ring: fine now.",
    ]));
    ok(&repo.triage(&["comment", &v3, "--previous", &v2, "--delete", &mac]));
    let c = comments(&repo, &["main..v3", "--previous", V2]);
    assert_eq!(c.len(), 1, "{c:?}");
    assert_eq!(c[0]["text"], "Ring: fine now.");
    assert_eq!(c[0]["id"], ring.as_str());
    assert_eq!(
        (&c[0]["carried_from"], &c[0]["from_previous"]),
        (&Value::Null, &Value::Bool(false))
    );
    assert_eq!(
        c[0]["anchor"]["line"], 42,
        "re-anchored where it now stands"
    );
    // v2 keeps what was said on it.
    let texts: Vec<Value> = comments(&repo, &[V2])
        .iter()
        .map(|c| c["text"].clone())
        .collect();
    assert_eq!(
        texts,
        [
            "Does the ring survive this?",
            "Reset the MAC with its defaults."
        ]
    );
}

#[test]
fn a_reply_to_v3_says_again_only_what_still_stands() {
    let (repo, _, _, _) = reroll();
    // Nothing said on v3 and no previous version: nothing to reply.
    let out = repo.triage(&["reply", "main..v3"]);
    assert!(out.status.success() && out.stdout.is_empty(), "{out:?}");
    let mbox = ok(&repo.triage(&["reply", "main..v3", "--previous", V2]));
    // The ring comment still stands under its line; the MAC one was answered by the change.
    assert!(
        mbox.contains("> @@ -38,7 +39,8 @@\n")
            && mbox.contains("> +    e1000_ring_reset(s);\n\nDoes the ring survive this?"),
        "{mbox}"
    );
    assert!(!mbox.contains("Reset the MAC"), "{mbox}");
    assert!(!mbox.contains("Reviewed-by"), "{mbox}");
}

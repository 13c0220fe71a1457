//! `--previous OLD` on `check` and `export`: each patch's state against the previous version
//! agrees with `git range-diff`, and verdicts carried from the previous version say whether
//! the code changed since they were given.

use serde_json::{json, Value};

use crate::common::TestRepo;
use crate::test_range_diff::{edit, parse_pairs, Topic};

/// `check --previous base..v1 main..v2` as JSON, checked line by line against
/// `git range-diff base..v1 main..v2`: each new patch's state and partner, each dropped patch.
fn states_agree_with_git(t: &Topic) -> Value {
    let git = t.r.git(&["range-diff", "--no-color", &t.v1, "main..v2"]);
    let (_, json) = t.r.check_json(&["main..v2", "--previous", &t.v1]);
    let patches = json["patches"].as_array().unwrap();
    let mut dropped = Vec::new();
    for line in parse_pairs(&git) {
        match (line.old, line.new) {
            (Some(i), None) => dropped.push(json!(i)),
            (old, Some(j)) => {
                let prev = &patches[j - 1]["previous"];
                let state = match line.mark {
                    '=' => "unchanged",
                    '!' => "changed",
                    '>' => "new",
                    m => panic!("mark {m}"),
                };
                assert_eq!(prev["state"], state, "patch {j}: {git}");
                assert_eq!(prev["index"], json!(old), "patch {j}: {git}");
                let commit = old.map(|i| t.commits[i - 1].as_str());
                assert_eq!(prev["commit"], json!(commit), "patch {j}");
                if state != "changed" {
                    assert_eq!(prev["changed"], json!([]));
                }
            }
            (None, None) => unreachable!(),
        }
    }
    let listed: Vec<Value> = json["dropped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let i = d["index"].as_u64().unwrap() as usize;
            assert_eq!(d["commit"], t.commits[i - 1].as_str());
            d["index"].clone()
        })
        .collect();
    assert_eq!(listed, dropped, "{git}");
    json
}

fn changed(json: &Value, j: usize) -> Value {
    json["patches"][j - 1]["previous"]["changed"].clone()
}

#[test]
fn reordered_and_rebased_patches_are_unchanged() {
    let t = Topic::new();
    for i in [2, 0, 1, 3, 5, 4] {
        t.pick(i);
    }
    let json = states_agree_with_git(&t);
    assert_eq!(json["dropped"], json!([]));
    assert_eq!(json["patches"][0]["previous"]["index"], 3);
}

#[test]
fn a_dropped_patch_is_listed_and_an_added_one_is_new() {
    let t = Topic::new();
    for i in [0, 1, 3, 4, 5] {
        t.pick(i);
    }
    edit(&t.r, "docs/guide.txt", "Intro.", "Intro, longer.");
    t.r.git(&["commit", "-qam", "docs: longer intro"]);
    let json = states_agree_with_git(&t);
    assert_eq!(json["dropped"][0]["subject"], "docs: explain usage");
    assert_eq!(json["patches"][5]["previous"]["state"], "new");
    assert_eq!(json["patches"][5]["previous"]["commit"], Value::Null);
}

#[test]
fn an_edited_line_changes_the_code_and_a_reworded_message_only_the_message() {
    let t = Topic::new();
    t.pick(0);
    t.amend("alpha: double in alpha_2\n\nWhy: too small.\n\nSigned-off-by: A U Thor <author@example.org>\n");
    (1..4).for_each(|i| t.pick(i));
    edit(&t.r, "src/alpha.c", "\t\ty = 9;", "\t\ty = 8;");
    t.r.git(&["commit", "-qa", "--amend", "--no-edit"]);
    (4..6).for_each(|i| t.pick(i));
    let json = states_agree_with_git(&t);
    assert_eq!(changed(&json, 1), json!(["message"]));
    assert_eq!(changed(&json, 4), json!(["code"]));
    let text = String::from_utf8(
        t.r.triage(&["check", "main..v2", "--previous", &t.v1])
            .stdout,
    )
    .unwrap();
    assert!(
        text.contains(
            "since base..v1: 4 unchanged, 2 changed (1 code, 1 message only), 0 new, 0 dropped"
        ),
        "{text}"
    );
    let short = &t.commits[3][..7];
    assert!(
        text.contains("4 ~ ") && text.contains(&format!("was 4 {short}: code changed")),
        "{text}"
    );
    assert!(
        text.contains("1 ~ ") && text.contains("message changed, same code"),
        "{text}"
    );
    assert!(text.contains("2 ≡ "), "{text}");
}

#[test]
fn a_split_patch_is_changed_plus_new_and_a_squash_drops_one() {
    let t = Topic::new();
    (0..5).for_each(|i| t.pick(i));
    edit(
        &t.r,
        "src/alpha.c",
        "int alpha_11(int x)",
        "int alpha_extra(void)\n{\n}\n\nint alpha_11(int x)",
    );
    t.r.git(&["commit", "-qam", "alpha: new function, empty"]);
    edit(
        &t.r,
        "src/alpha.c",
        "int alpha_extra(void)\n{\n}",
        "int alpha_extra(void)\n{\n\treturn 42;\n}",
    );
    t.r.git(&["commit", "-qam", "alpha: new function returns 42"]);
    let json = states_agree_with_git(&t);
    let states: Vec<&str> = json["patches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["previous"]["state"].as_str().unwrap())
        .collect();
    assert_eq!(states.iter().filter(|&&s| s == "new").count(), 1);
    assert_eq!(states.iter().filter(|&&s| s == "changed").count(), 1);

    let t = Topic::new();
    t.pick_no_commit(0);
    t.pick_no_commit(3);
    t.r.git(&["commit", "-qm", "alpha: double and clamp"]);
    for i in [1, 2, 4, 5] {
        t.pick(i);
    }
    let json = states_agree_with_git(&t);
    assert_eq!(json["dropped"].as_array().unwrap().len(), 1);
}

#[test]
fn a_single_revision_names_its_own_range_and_bad_ones_are_errors() {
    let t = Topic::new();
    (0..6).for_each(|i| t.pick(i));
    let (_, by_range) = t.r.check_json(&["main..v2", "--previous", "base..v1"]);
    let (_, by_rev) = t.r.check_json(&["main..v2", "--previous", "v1"]);
    assert_eq!(by_range, by_rev);
    assert_eq!(by_rev["patches"][5]["previous"]["state"], "unchanged");
    // Without --previous the report has neither field.
    let (_, plain) = t.r.check_json(&["main..v2"]);
    assert!(plain.get("dropped").is_none());
    assert!(plain["patches"][0].get("previous").is_none());
    for args in [
        vec!["check", "main..v2", "--previous", "nope"],
        vec!["check", "main..v2", "--previous", "base...v1"],
        vec!["export", "main..v2", "--previous", "nope..v1"],
    ] {
        let out = t.r.triage(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.starts_with("error: reading the previous version ") && err.lines().count() == 1,
            "{args:?}: {err}"
        );
    }
}

/// Runs git-triage as another reviewer.
fn as_reviewer(r: &TestRepo, name: &str, email: &str, args: &[&str]) {
    let out = r
        .command(env!("CARGO_BIN_EXE_git-triage"))
        .env("GIT_COMMITTER_NAME", name)
        .env("GIT_COMMITTER_EMAIL", email)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn verdicts(json: &Value, j: usize) -> Vec<(String, String, Value)> {
    json["patches"][j - 1]["verdicts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["email"].as_str().unwrap().to_string(),
                v["state"].as_str().unwrap().to_string(),
                v["code_changed"].clone(),
            )
        })
        .collect()
}

#[test]
fn verdicts_carried_from_the_previous_version_say_whether_the_code_changed() {
    let t = Topic::new();
    for i in [0, 3] {
        as_reviewer(
            &t.r,
            "Me",
            "me@example.org",
            &["verdict", &t.commits[i], "accept", "-m", "fine"],
        );
    }
    // v2: patch 1 reworded only, patch 4 edited.
    t.pick(0);
    t.amend("alpha: double in alpha_2\n\nReworded.\n");
    (1..4).for_each(|i| t.pick(i));
    edit(&t.r, "src/alpha.c", "\t\ty = 9;", "\t\ty = 8;");
    t.r.git(&["commit", "-qa", "--amend", "--no-edit"]);
    (4..6).for_each(|i| t.pick(i));
    let mine = |state: &str, changed: bool| {
        vec![(
            "me@example.org".to_string(),
            state.to_string(),
            json!(changed),
        )]
    };
    // Without the previous version, only the same code carries (by patch-id).
    let (_, json) = t.r.check_json(&["main..v2"]);
    assert_eq!(verdicts(&json, 1), mine("accept", false));
    assert_eq!(verdicts(&json, 4), vec![]);
    // With it, the edited patch carries its old verdict, marked as given on other code.
    let (_, json) = t.r.check_json(&["main..v2", "--previous", &t.v1]);
    assert_eq!(verdicts(&json, 1), mine("accept", false));
    assert_eq!(verdicts(&json, 4), mine("accept", true));
    assert_eq!(
        json["patches"][3]["verdicts"][0]["carried_from"],
        t.commits[3].as_str()
    );
    let text = String::from_utf8(
        t.r.triage(&["check", "main..v2", "--previous", &t.v1])
            .stdout,
    )
    .unwrap();
    assert!(
        text.contains(&format!(
            "(carried from {}, code changed since): fine",
            &t.commits[3][..12]
        )),
        "{text}"
    );
    let (_, export) = {
        let out = t.r.triage(&[
            "export",
            "main..v2",
            "--previous",
            &t.v1,
            "--format",
            "json",
            "--all",
        ]);
        (0, serde_json::from_slice::<Value>(&out.stdout).unwrap())
    };
    assert_eq!(export["patches"][3]["previous"]["changed"], json!(["code"]));
    assert_eq!(export["patches"][3]["verdicts"][0]["code_changed"], true);
    assert_eq!(export["dropped"], json!([]));
}

#[test]
fn a_colleague_writing_on_the_new_version_first_does_not_hide_my_carried_verdict() {
    let t = Topic::new();
    as_reviewer(
        &t.r,
        "Me",
        "me@example.org",
        &["verdict", &t.commits[1], "reject", "-m", "no"],
    );
    (0..6).for_each(|i| t.pick(i));
    let v2 = t.r.git(&["rev-list", "--reverse", "main..v2"]);
    let new: Vec<&str> = v2.lines().collect();
    as_reviewer(&t.r, "Bo", "bo@example.org", &["verdict", new[1], "accept"]);
    for previous in [None, Some(t.v1.as_str())] {
        let mut args = vec!["main..v2"];
        if let Some(p) = previous {
            args.extend(["--previous", p]);
        }
        let (_, json) = t.r.check_json(&args);
        let shown = &json["patches"][1]["verdicts"];
        assert_eq!(shown[0]["email"], "bo@example.org");
        assert_eq!(shown[0]["carried_from"], Value::Null);
        assert_eq!(shown[0]["code_changed"], Value::Null);
        assert_eq!(shown[1]["email"], "me@example.org");
        assert_eq!(shown[1]["state"], "reject");
        assert_eq!(shown[1]["carried_from"], t.commits[1].as_str());
    }
    // My own line on the new commit wins over my carried one.
    as_reviewer(&t.r, "Me", "me@example.org", &["verdict", new[1], "accept"]);
    let (_, json) = t.r.check_json(&["main..v2"]);
    let shown = &json["patches"][1]["verdicts"];
    assert_eq!(shown.as_array().unwrap().len(), 2);
    assert!(shown
        .as_array()
        .unwrap()
        .iter()
        .all(|v| v["carried_from"].is_null()));
}

#[test]
fn a_merge_is_not_compared_and_its_topic_pairs_like_any_patch() {
    let t = Topic::new();
    (0..5).for_each(|i| t.pick(i));
    // Patch 6 arrives through a merged side branch.
    t.r.git(&["checkout", "-q", "-b", "side", "main"]);
    t.pick(5);
    t.r.git(&["checkout", "-q", "v2"]);
    t.r.git(&[
        "merge",
        "-q",
        "--no-ff",
        "-m",
        "Merge branch 'side'",
        "side",
    ]);
    let git = t.r.git(&["range-diff", "--no-color", &t.v1, "main..v2"]);
    assert!(parse_pairs(&git).iter().all(|l| l.mark == '='), "{git}");
    let (_, json) = t.r.check_json(&["main..v2", "--previous", &t.v1]);
    let patches = json["patches"].as_array().unwrap();
    let merge = patches.iter().find(|p| p["merge"] == true).unwrap();
    assert_eq!(merge["previous"], Value::Null);
    assert!(merge.as_object().unwrap().contains_key("previous"));
    let states: Vec<&str> = patches
        .iter()
        .filter(|p| p["merge"] == false)
        .map(|p| p["previous"]["state"].as_str().unwrap())
        .collect();
    assert_eq!(states, ["unchanged"; 6]);
}

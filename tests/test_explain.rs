//! `explain REV` judges a commit on the base `check` judges its series on, and says which.

use crate::common::{signed, TestRepo};

const POLICY: &str = r#"
[[area]]
name = "TCG"
level = "critical"
paths = ["tcg/"]
"#;

/// `main` holds the policy; the branch `topic` relaxes it in its first patch and then has an
/// AI-assisted patch change TCG. Returns the repository (on `topic`) and the base.
fn relaxing_series() -> (TestRepo, String) {
    let mut r = TestRepo::new();
    r.commit(
        &signed("base"),
        &[
            (".git-triage.toml", Some(POLICY.as_bytes())),
            ("tcg/op.c", Some(b"int op;\n")),
        ],
    );
    let base = r.head();
    r.git(&["checkout", "-q", "-b", "topic"]);
    let relaxed = POLICY.replace("\"critical\"", "\"normal\"");
    r.commit(
        &signed("relax the policy"),
        &[(".git-triage.toml", Some(relaxed.as_bytes()))],
    );
    r.commit(
        "tcg: change op\n\nAssisted-by: Claude:claude-opus-4-6\n\
         Signed-off-by: A U Thor <author@example.org>\n",
        &[("tcg/op.c", Some(b"int op = 1;\n"))],
    );
    (r, base)
}

fn explain(r: &TestRepo, args: &[&str]) -> (i32, String) {
    let mut all = vec!["explain"];
    all.extend_from_slice(args);
    let out = r.triage(&all);
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.code().unwrap(), text)
}

#[test]
fn explain_uses_the_series_base_as_check_does() {
    let (r, base) = relaxing_series();
    let short = &base[..12];
    // check refuses the AI change to TCG under the policy of the base.
    let (code, json) = r.check_json(&[]);
    assert_eq!(code, 1);
    assert!(json["patches"][1]["findings"]
        .to_string()
        .contains("ai-in-critical-area"));

    // So does explain, by default, and says why that base.
    let (code, text) = explain(&r, &["HEAD"]);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("error   ai-in-critical-area"), "{text}");
    assert!(
        text.starts_with(&format!(
            "base: {short} (the base of the default range {short}..HEAD, as check uses)\n"
        )),
        "{text}"
    );
    // And with the range named.
    let (code, text) = explain(&r, &["HEAD", "--range", &format!("{base}..topic")]);
    assert_eq!(code, 1, "{text}");
    assert!(text.starts_with(&format!("base: {short} (the base of {base}..topic)")));

    // A base given on purpose is the reviewer's choice, and is said to be.
    let (code, text) = explain(&r, &["HEAD", "--base", "HEAD~1"]);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("(given with --base HEAD~1)"), "{text}");
}

#[test]
fn explain_outside_the_default_range_says_which_base_it_took() {
    let (mut r, base) = relaxing_series();
    let short = &base[..12];
    // A commit already in main: no series holds it, so its first parent.
    r.git(&["checkout", "-q", "main"]);
    r.commit(&signed("main moves on"), &[("x", Some(b"x\n"))]);
    let main_tip = r.head();
    r.git(&["checkout", "-q", "topic"]);
    let (code, text) = explain(&r, &[&main_tip]);
    assert_eq!(code, 0, "{text}");
    assert!(
        text.starts_with(&format!(
            "base: {short} ({main_tip} is already in main, so no series holds it: its first \
             parent, the policy it was committed under)"
        )),
        "{text}"
    );
    // A commit of another branch: the base its own series would have.
    r.git(&["checkout", "-q", "-b", "other", &base]);
    r.commit(&signed("other work"), &[("y", Some(b"y\n"))]);
    r.git(&["checkout", "-q", "main"]);
    let (_, text) = explain(&r, &["topic"]);
    assert!(
        text.starts_with(&format!(
            "base: {short} (topic is not in the default range; its merge base with main, as \
             `check main..topic` uses)"
        )),
        "{text}"
    );
    assert!(text.contains("ai-in-critical-area"), "{text}");
    // A range that does not hold the commit is an error.
    let (code, text) = explain(&r, &["topic", "--range", "main..other"]);
    assert_eq!(code, 2);
    assert!(
        text.contains("error: topic is not one of the commits of main..other"),
        "{text}"
    );
    let (code, text) = explain(&r, &["topic", "--range", "a..b", "--base", "main"]);
    assert_eq!(code, 2, "{text}");
}

//! `git triage check` end to end: the JSON report, the text table, exit codes and bad input.

use crate::common::{signed, TestRepo};

const QEMU_LIKE: &str = r#"
[[area]]
name = "TCG"
level = "critical"
paths = ["tcg/"]
exclude = ["tcg/README"]
note = "Translation core"

[[area]]
name = "Devices"
level = "sensitive"
paths = ["hw/"]
"#;

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A base commit carrying the policy, then a small series.
fn series() -> (TestRepo, String) {
    let mut r = TestRepo::new();
    r.commit(
        &signed("base"),
        &[
            (".git-triage.toml", Some(QEMU_LIKE.as_bytes())),
            ("tcg/op.c", Some(b"int op;\n")),
            ("tcg/README", Some(b"readme\n")),
            ("hw/dev.c", Some(b"int dev;\n")),
        ],
    );
    let base = r.head();
    r.commit(
        &signed("tcg: change op"),
        &[("tcg/op.c", Some(b"int op = 1;\n"))],
    );
    r.commit(
        &signed("tcg: readme only"),
        &[("tcg/README", Some(b"more\n"))],
    );
    r.commit(
        "hw: no sign-off\n",
        &[("hw/dev.c", Some(b"int dev = 2;\n"))],
    );
    (r, base)
}

#[test]
fn json_report_has_levels_areas_and_findings() {
    let (r, base) = series();
    let (code, json) = r.check_json(&[&format!("{base}..HEAD")]);
    assert_eq!(code, 1, "missing sign-off is an error");
    assert_eq!(json["version"], 1);
    assert_eq!(json["base"], base);
    assert_eq!(json["head"], r.head());
    let patches = json["patches"].as_array().unwrap();
    assert_eq!(patches.len(), 3);

    let p1 = &patches[0];
    assert_eq!(p1["index"], 1);
    assert_eq!(p1["subject"], "tcg: change op");
    assert_eq!(p1["merge"], false);
    assert_eq!(p1["author"]["email"], "author@example.org");
    assert_eq!(p1["trailers"][0]["key"], "Signed-off-by");
    let f = &p1["files"][0];
    assert_eq!(f["path"], "tcg/op.c");
    assert_eq!(f["status"], "modified");
    assert_eq!(f["areas"], serde_json::json!(["TCG"]));
    assert_eq!(f["level"], "critical");
    assert_eq!(f["hunks"][0]["level"], "critical");
    assert_eq!(f["hunks"][0]["old_start"], 1);
    assert_eq!(f["hunks"][0]["new_lines"], 1);
    assert_eq!(p1["findings"], serde_json::json!([]));
    assert_eq!(p1["patch_id"].as_str().unwrap().len(), 40);

    // Excluded path: normal.
    assert_eq!(patches[1]["files"][0]["level"], "normal");
    assert_eq!(patches[1]["files"][0]["areas"], serde_json::json!([]));

    let p3 = &patches[2];
    assert_eq!(p3["files"][0]["level"], "sensitive");
    assert_eq!(p3["findings"][0]["rule"], "missing-signoff");
    assert_eq!(p3["findings"][0]["severity"], "error");

    assert_eq!(
        json["summary"],
        serde_json::json!({"patches": 3, "critical": 1, "ai_assisted": 0, "errors": 1, "warnings": 0})
    );
}

#[test]
fn text_report_lists_patches_and_findings_without_colour_in_a_pipe() {
    let (r, base) = series();
    let out = r.triage(&["check", &format!("{base}..")]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("3 patches in "), "{text}");
    assert!(text.contains("CRIT") && text.contains("SENS"), "{text}");
    assert!(
        text.contains("missing-signoff: no Signed-off-by from the author"),
        "{text}"
    );
    assert!(
        !text.contains('\x1b'),
        "no colour when not a terminal: {text}"
    );
}

#[test]
fn clean_series_exits_zero_and_rule_severity_is_configurable() {
    let (r, base) = series();
    let range = format!("{base}..HEAD~1");
    assert_eq!(r.triage(&["check", &range]).status.code(), Some(0));
    let cfg = r.home.path().join("relaxed.toml");
    std::fs::write(&cfg, "[rules]\nmissing-signoff = \"warning\"\n").unwrap();
    let (code, json) = r.check_json(&["--config", cfg.to_str().unwrap(), &format!("{base}..")]);
    assert_eq!(code, 0);
    assert_eq!(json["summary"]["warnings"], 1);
    std::fs::write(&cfg, "[rules]\nmissing-signoff = \"off\"\n").unwrap();
    let (_, json) = r.check_json(&["--config", cfg.to_str().unwrap(), &format!("{base}..")]);
    assert_eq!(json["patches"][2]["findings"], serde_json::json!([]));
}

#[test]
fn a_series_cannot_relax_its_own_policy() {
    let (mut r, base) = series();
    let relaxed = QEMU_LIKE.replace("\"critical\"", "\"normal\"");
    r.commit(
        &signed("relax the policy"),
        &[
            (".git-triage.toml", Some(relaxed.as_bytes())),
            ("tcg/op.c", Some(b"int op = 3;\n")),
        ],
    );
    // The work tree also says normal; neither counts.
    let (_, json) = r.check_json(&[&format!("{base}..")]);
    let last = json["patches"].as_array().unwrap().last().unwrap().clone();
    let levels: Vec<_> = last["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["level"].clone())
        .collect();
    assert_eq!(levels, vec!["critical", "critical"], "{last}");
    let rules: Vec<_> = last["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].clone())
        .collect();
    assert!(rules.contains(&"policy-file-changed".into()), "{rules:?}");
}

#[test]
fn user_config_layers_under_the_repository() {
    let (r, base) = series();
    let dir = r.home.path().join(".config/git-triage");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("config.toml"),
        "[[area]]\nname = \"Devices\"\nlevel = \"critical\"\npaths = [\"hw/\"]\n[[area]]\nname = \"Readme\"\nlevel = \"sensitive\"\npaths = [\"tcg/README\"]\n",
    )
    .unwrap();
    let (_, json) = r.check_json(&[&format!("{base}..")]);
    // The repository's Devices area (sensitive) replaces the user's of the same name.
    assert_eq!(json["patches"][2]["files"][0]["level"], "sensitive");
    // The user's own area still applies.
    assert_eq!(json["patches"][1]["files"][0]["level"], "sensitive");
}

#[test]
fn findings_for_co_developed_hidden_unicode_and_merges() {
    let mut r = TestRepo::new();
    r.commit(&signed("base"), &[("a.c", Some(b"a\n"))]);
    let base = r.head();
    r.commit(
        "co-dev\n\nCo-developed-by: Helper <h@example.org>\nSigned-off-by: A U Thor <author@example.org>\n",
        &[("b.c", Some(b"b\n"))],
    );
    r.commit(
        "co-dev ok\n\nCo-developed-by: Helper <h@example.org>\nSigned-off-by: Helper <h@example.org>\nSigned-off-by: A U Thor <author@example.org>\n",
        &[("c.c", Some(b"c\n"))],
    );
    r.commit(
        &signed("trojan source"),
        &[(
            "d.c",
            Some("ok\nif (x) /*\u{202E} } \u{2066}*/ {\n".as_bytes()),
        )],
    );
    r.git(&["checkout", "-q", "-b", "side", &base]);
    r.commit(&signed("side"), &[("s.c", Some(b"s\n"))]);
    r.git(&["checkout", "-q", "main"]);
    r.git(&["merge", "-q", "--no-ff", "-m", "Merge side", "side"]);
    let (code, json) = r.check_json(&[&format!("{base}..")]);
    assert_eq!(code, 1);
    let rules = |i: usize| -> Vec<String> {
        json["patches"][i]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["rule"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(rules(0), vec!["co-developed-without-signoff"]);
    assert!(rules(1).is_empty());
    assert_eq!(rules(2), vec!["hidden-unicode"]);
    let hidden = &json["patches"][2]["findings"][0];
    assert_eq!(hidden["path"], "d.c");
    assert_eq!(hidden["line"], 2);
    assert!(hidden["message"]
        .as_str()
        .unwrap()
        .contains("U+202E RIGHT-TO-LEFT OVERRIDE"));
    let merge = json["patches"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["merge"] == true)
        .unwrap();
    assert_eq!(merge["files"], serde_json::json!([]));
    assert_eq!(merge["findings"][0]["rule"], "merge-in-series");
    assert_eq!(merge["findings"][0]["severity"], "info");
}

#[test]
fn hostile_text_never_reaches_the_terminal_raw() {
    let mut r = TestRepo::new();
    r.commit(&signed("base"), &[("a", Some(b"a\n"))]);
    r.git(&["config", "user.name", "Evil\x1b]0;pwned\x07 Name"]);
    r.commit(
        "subject \x1b[2J\x1b[31mred\u{9b}1m\n\nSigned-off-by: Evil\x1b]0;pwned\x07 Name <author@example.org>\n",
        &[("evil\x1b[1m.c", Some(b"x\n"))],
    );
    let out = r.triage(&["check", "HEAD~1.."]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        !text.contains('\x1b') && !text.contains('\x07') && !text.contains('\u{9b}'),
        "{text:?}"
    );
    assert!(text.contains("subject ^[[2J^[[31mred<U+009B>1m"), "{text}");
}

#[test]
fn non_utf8_and_legacy_encoded_messages_are_decoded() {
    let mut r = TestRepo::new();
    r.commit(&signed("base"), &[("a", Some(b"a\n"))]);
    r.git(&["config", "i18n.commitEncoding", "ISO-8859-1"]);
    r.write(&[("b", Some(b"b\n"))]);
    r.git(&["add", "-A"]);
    r.commit_staged_bytes(
        b"caf\xe9 au lait\n\nSigned-off-by: A U Thor <author@example.org>\n",
        &[],
    );
    // git itself re-encodes invalid UTF-8 as Latin-1, so write the raw object by hand.
    let tree = r.git(&["rev-parse", "HEAD^{tree}"]);
    let mut object = format!(
        "tree {}\nparent {}\nauthor A U Thor <author@example.org> 1700000000 +0000\ncommitter A U Thor <author@example.org> 1700000000 +0000\n\n",
        tree.trim(),
        r.head()
    )
    .into_bytes();
    object.extend_from_slice(
        b"broken \xff\xfe bytes\n\nSigned-off-by: A U Thor <author@example.org>\n",
    );
    let out = r.git_output(
        &["hash-object", "-t", "commit", "-w", "--stdin"],
        Some(&object),
    );
    let id = String::from_utf8(out.stdout).unwrap();
    r.git(&["update-ref", "HEAD", id.trim()]);
    let (code, json) = r.check_json(&["HEAD~2.."]);
    assert_eq!(code, 0);
    assert_eq!(json["patches"][0]["subject"], "café au lait");
    assert_eq!(
        json["patches"][1]["subject"],
        "broken \u{fffd}\u{fffd} bytes"
    );
}

#[test]
fn default_range_uses_upstream_or_main() {
    let mut r = TestRepo::new();
    r.commit(&signed("base"), &[("a", Some(b"a\n"))]);
    r.git(&["checkout", "-q", "-b", "topic"]);
    r.commit(&signed("one"), &[("b", Some(b"b\n"))]);
    r.commit(&signed("two"), &[("c", Some(b"c\n"))]);
    let (_, json) = r.check_json(&[]);
    assert_eq!(
        json["patches"].as_array().unwrap().len(),
        2,
        "merge base with main"
    );
    r.git(&["branch", "-q", "--set-upstream-to=main"]);
    r.git(&["branch", "-q", "-f", "main", "HEAD~1"]);
    let (_, json) = r.check_json(&[]);
    assert_eq!(
        json["patches"].as_array().unwrap().len(),
        1,
        "upstream..HEAD"
    );
    let (_, json) = r.check_json(&["@{u}.."]);
    assert_eq!(json["patches"][0]["subject"], "two");
}

#[test]
fn works_from_a_subdirectory_a_worktree_and_a_bare_repository() {
    let (r, base) = series();
    let range = format!("{base}..");
    let sub = r.path().join("tcg");
    let out = r
        .command(env!("CARGO_BIN_EXE_git-triage"))
        .current_dir(&sub)
        .args(["check", &range])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));

    let wt = r.home.path().join("wt");
    r.git(&["worktree", "add", "-q", "--detach", wt.to_str().unwrap()]);
    let out = r
        .command(env!("CARGO_BIN_EXE_git-triage"))
        .current_dir(&wt)
        .args(["check", &range])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));

    let bare = r.home.path().join("bare.git");
    r.git(&["clone", "-q", "--bare", ".", bare.to_str().unwrap()]);
    let out = r.triage(&[
        "--git-dir",
        bare.to_str().unwrap(),
        "check",
        &format!("{base}..main"),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let out = r
        .command(env!("CARGO_BIN_EXE_git-triage"))
        .current_dir(r.home.path())
        .env("GIT_DIR", &bare)
        .args(["check", &format!("{base}..main")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
}

/// Each bad input: exit 2 and one `error:` line that says what is wrong.
fn assert_error(out: std::process::Output, needle: &str) {
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "stderr: {err}");
    assert!(err.starts_with("error: "), "{err}");
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    assert!(err.contains(needle), "expected {needle:?} in {err}");
    assert!(out.stdout.is_empty());
}

#[test]
fn bad_input_gets_one_error_line_and_exit_2() {
    let (r, base) = series();
    let elsewhere = tempfile::tempdir().unwrap();
    let out = r
        .command(env!("CARGO_BIN_EXE_git-triage"))
        .current_dir(elsewhere.path())
        .env(
            "GIT_CEILING_DIRECTORIES",
            elsewhere.path().parent().unwrap(),
        )
        .args(["check"])
        .output()
        .unwrap();
    assert_error(out, "not a git repository");
    assert_error(
        r.triage(&["check", "nosuchrev..HEAD"]),
        "unknown revision \"nosuchrev\"",
    );
    assert_error(r.triage(&["check", "HEAD...main"]), "symmetric");

    let cfg = r.home.path().join("bad.toml");
    let range = format!("{base}..");
    let bad_config = |text: &str, needle: &str| {
        std::fs::write(&cfg, text).unwrap();
        assert_error(
            r.triage(&["--config", cfg.to_str().unwrap(), "check", &range]),
            needle,
        );
    };
    bad_config("[rules]\nmissing-signoff = \"loud\"\n", "bad.toml:2:19");
    bad_config("[rules]\nno-such-rule = \"error\"\n", "bad.toml:2:1");
    bad_config(
        "[[area]]\nname = \"X\"\nlevel = \"critical\"\npaths = [\"a/{b\"]\n",
        "invalid glob \"a/{b\"",
    );
    bad_config("this is = not toml =\n", "bad.toml:1:");
    bad_config(
        "[theme]\ncritical = \"blood\"\n",
        "bad.toml:2:12: theme.critical: \"blood\" is not a colour",
    );
    bad_config("[theme]\nloud = \"red\"\n", "unknown theme key \"loud\"");
    assert_error(
        r.triage(&[
            "--config",
            "/nonexistent/x.toml",
            "check",
            &format!("{base}.."),
        ]),
        "/nonexistent/x.toml: cannot read",
    );
    assert_error(
        r.triage(&["--policy", "nope", "check", &format!("{base}..")]),
        "unknown policy \"nope\"",
    );
    let out = r.triage(&["check", "--format", "yaml"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_tui_reports_bad_input_before_touching_the_terminal() {
    let (r, base) = series();
    // The same one-line errors as check, before any terminal set-up.
    assert_error(
        r.triage(&["nosuchrev..HEAD"]),
        "unknown revision \"nosuchrev\"",
    );
    assert_error(r.triage(&["HEAD...main"]), "symmetric");
    let cfg = r.home.path().join("bad.toml");
    std::fs::write(&cfg, "[theme]\nai = \"#12345\"\n").unwrap();
    assert_error(
        r.triage(&["--config", cfg.to_str().unwrap(), &format!("{base}..")]),
        "bad.toml:2:6",
    );
    assert_error(
        r.triage(&["HEAD..HEAD"]),
        "has no commits: nothing to triage",
    );
    // A valid series, but stdout is a pipe here.
    assert_error(
        r.triage(&[&format!("{base}..")]),
        "the TUI needs a terminal",
    );
}

#[test]
fn bad_committed_policy_names_the_file_at_the_base() {
    let mut r = TestRepo::new();
    r.commit(
        &signed("base"),
        &[(".git-triage.toml", Some(b"[rules]\n\nfoo = 1\n"))],
    );
    r.commit(&signed("x"), &[("a", Some(b"a\n"))]);
    let out = r.triage(&["check", "HEAD~1.."]);
    assert_error(out, ".git-triage.toml@");
}

#[test]
fn empty_range_is_an_empty_report() {
    let (r, _) = series();
    let (code, json) = r.check_json(&["HEAD..HEAD"]);
    assert_eq!(code, 0);
    assert_eq!(json["patches"], serde_json::json!([]));
    let out = r.triage(&["check", "HEAD"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("0 patches in HEAD"));
}

#[test]
fn shallow_clone_past_its_boundary_is_refused() {
    let (r, base) = series();
    let clone = r.home.path().join("shallow");
    let url = format!("file://{}", r.path().display());
    r.git(&["clone", "-q", "--depth", "2", &url, clone.to_str().unwrap()]);
    let run = |range: &str| {
        r.command(env!("CARGO_BIN_EXE_git-triage"))
            .current_dir(&clone)
            .args(["check", range])
            .output()
            .unwrap()
    };
    // Within the boundary: fine.
    assert_eq!(run("HEAD~1..HEAD").status.code(), Some(1));
    // The base itself is not in the clone.
    assert_error(run(&format!("{base}..HEAD")), "unknown revision");
    // A range whose left side is unrelated history walks down to the boundary commit.
    let out = r
        .command("git")
        .current_dir(&clone)
        .args(["checkout", "-q", "--orphan", "other"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let out = r
        .command("git")
        .current_dir(&clone)
        .args([
            "-c",
            "user.name=A",
            "-c",
            "user.email=a@x",
            "commit",
            "-q",
            "--allow-empty",
            "-m",
            "other root",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_error(run("other..main"), "shallow");
}

#[test]
fn demo_builds_a_repository_whose_series_shows_every_kind_of_finding() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("demo");
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_git-triage"));
    crate::common::isolate(&mut cmd, home.path());
    let out = cmd
        .args(["demo", "--path", dir.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    for needle in [
        "9 patches",
        "ai-in-critical-area",
        "missing-signoff",
        "hidden-unicode",
        "MERGE",
        // Next to the version first sent.
        "since review/series-v1: 5 unchanged, 2 changed",
        "dropped since review/series-v1:",
        "The demo repository is at",
    ] {
        assert!(text.contains(needle), "{needle} missing from:\n{text}");
    }
    // The repository is an ordinary one: check's default range finds the series there.
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_git-triage"));
    crate::common::isolate(&mut cmd, home.path());
    let out = cmd
        .current_dir(&dir)
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["summary"]["patches"], 9);
    // A second demo into the same place is refused rather than mixed in.
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_git-triage"));
    crate::common::isolate(&mut cmd, home.path());
    assert_error(
        cmd.args(["demo", "--path", dir.to_str().unwrap()])
            .output()
            .unwrap(),
        "not empty",
    );
}

#[test]
fn explain_shows_kept_and_ignored_evidence() {
    let mut r = TestRepo::new();
    r.commit(&signed("base"), &[("a", Some(b"a\n"))]);
    r.commit(
        "x\n\nAssisted-by: Jay Satiro\nAssisted-by: Claude:claude-opus-4-6 sparse\nSigned-off-by: A U Thor <author@example.org>\n",
        &[("b", Some(b"b\n"))],
    );
    let out = r.triage(&["explain", "HEAD"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("kind: assisted"), "{text}");
    assert!(text.contains("agents: Claude (claude-opus-4-6)"), "{text}");
    assert!(
        text.contains("strong  trailer   Assisted-by: Claude:claude-opus-4-6 sparse"),
        "{text}"
    );
    assert!(
        text.contains("Assisted-by: Jay Satiro  (names a person)"),
        "{text}"
    );
    assert_error(r.triage(&["explain", "nope"]), "unknown revision");
}

/// The series is listed by the user's git; without one on PATH, one line says so.
#[test]
fn without_git_on_path_one_error_line() {
    let (r, base) = series();
    let out = r
        .command(env!("CARGO_BIN_EXE_git-triage"))
        .env("PATH", r.home.path())
        .args(["check", &format!("{base}..HEAD")])
        .output()
        .unwrap();
    assert_error(out, "cannot run git");
}

//! Bad mail through the command line: one `error:` line and exit 2, or a finding, never a
//! panic; and the repository is left exactly as it was.

use super::apply::snapshot;
use super::cli::triage_with;
use crate::common::TestRepo;

const ONE: &str = "From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001\nFrom: Ann Author <ann@example.org>\nDate: Tue, 14 Nov 2023 22:13:20 +0000\nSubject: [PATCH 1/2] f: change line 3\nMessage-ID: <p1@example.org>\n\nBody.\n\nSigned-off-by: Ann Author <ann@example.org>\n---\n f.c | 2 +-\n\ndiff --git a/f.c b/f.c\n--- a/f.c\n+++ b/f.c\n@@ -2,3 +2,3 @@\n line 2\n-line 3\n+line three\n line 4\n";

fn two() -> String {
    ONE.replace("1/2] f: change line 3", "2/2] f: change line 6")
        .replace("<p1@", "<p2@")
        .replace(
            "@@ -2,3 +2,3 @@\n line 2\n-line 3\n+line three\n line 4",
            "@@ -5,3 +5,3 @@\n line 5\n-line 6\n+line six\n line 7",
        )
}

fn repo() -> TestRepo {
    let mut r = TestRepo::new();
    let body: String = (1..=9).map(|i| format!("line {i}\n")).collect();
    r.commit("base", &[("f.c", Some(body.as_bytes()))]);
    r.git(&["branch", "topic"]);
    r
}

/// Runs git-triage with `args` and `stdin`: exit code, stdout, stderr.
fn run(r: &TestRepo, args: &[&str], stdin: &[u8]) -> (i32, String, String) {
    let out = triage_with(r, args, stdin);
    let text = |b: Vec<u8>| String::from_utf8(b).unwrap();
    (
        out.status.code().unwrap(),
        text(out.stdout),
        text(out.stderr),
    )
}

/// `args` on `stdin` fails with one `error:` line saying `says`.
fn refused(r: &TestRepo, args: &[&str], stdin: &[u8], says: &str) {
    let (code, out, err) = run(r, args, stdin);
    assert_eq!(code, 2, "{args:?}: {out}{err}");
    assert!(
        err.starts_with("error: ") && err.ends_with('\n') && err.lines().count() == 1,
        "{args:?}: one line: {err:?}"
    );
    assert!(err.contains(says), "{args:?}: {err}");
    assert!(out.is_empty(), "{out}");
}

#[test]
fn what_is_not_a_series_is_one_error_line() {
    let r = repo();
    let before = snapshot(r.path());
    let dir = tempfile::tempdir().unwrap();
    let garbage: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    refused(&r, &["check", "-"], &garbage, "is not mail");
    refused(
        &r,
        &["check", "-"],
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n",
        "PDF",
    );
    refused(&r, &["check", "-"], b"", "is empty");
    refused(
        &r,
        &["check", "-"],
        b"From: a@example.org\nSubject: hello\n\nJust talk.\n",
        "holds no patch",
    );
    refused(
        &r,
        &[
            "check",
            "--mbox",
            &dir.path().join("absent.mbox").display().to_string(),
        ],
        b"",
        "cannot read",
    );
    refused(&r, &["explain", "-", "7"], ONE.as_bytes(), "no patch \"7\"");
    refused(
        &r,
        &["check", "series-v3.mbx"],
        b"",
        "cannot read series-v3.mbx: no such file",
    );
    refused(
        &r,
        &["check", "--base", "nosuch", "-"],
        ONE.as_bytes(),
        "unknown revision \"nosuch\"",
    );
    refused(&r, &["check", "--base", "HEAD"], b"", "are for mail");
    // Two series in one file: say which.
    let other = ONE
        .replace("Ann Author <ann@", "Zed <zed@")
        .replace("[PATCH 1/2] f: change line 3", "[PATCH] other")
        .replace("<p1@", "<o1@");
    let mixed = format!("{ONE}\n{other}");
    refused(&r, &["check", "-"], mixed.as_bytes(), "holds 2 series");
    let (code, out, _) = run(
        &r,
        &["check", "--message-id", "o1@example.org", "-"],
        mixed.as_bytes(),
    );
    assert!(
        code == 0 && out.starts_with("1 patch of v1 \"other\""),
        "{out}"
    );
    // A file named like a branch.
    std::fs::write(r.path().join("topic"), ONE).unwrap();
    refused(
        &r,
        &["check", "topic"],
        b"",
        "is ambiguous: both a revision and a file",
    );
    std::fs::remove_file(r.path().join("topic")).unwrap();
    assert_eq!(snapshot(r.path()), before);
}

#[test]
fn a_patch_that_does_not_apply_is_a_finding_and_the_rest_is_reviewed() {
    let r = repo();
    let before = snapshot(r.path());
    // Patch 1 expects a line 3 the base does not have; patch 2 applies.
    let series = format!(
        "{}\n{}",
        ONE.replace("-line 3\n+line three", "-line 3 (changed)\n+line three"),
        two()
    );
    let (code, out, err) = run(
        &r,
        &["check", "--base", "HEAD", "--format", "json", "-"],
        series.as_bytes(),
    );
    assert_eq!(code, 1, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let p = &json["patches"];
    assert!(p[0]["commit"].is_null() && p[1]["commit"].is_string());
    let f = &p[0]["findings"][0];
    assert_eq!(
        (
            f["rule"].as_str(),
            f["severity"].as_str(),
            f["path"].as_str(),
            f["hunk"].as_u64()
        ),
        (Some("does-not-apply"), Some("error"), Some("f.c"), Some(0))
    );
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .contains("hunk 1 (line 2) does not match"),
        "{f}"
    );
    assert_eq!(p[0]["files"][0]["path"], "f.c", "shown from the mail");
    assert_eq!(json["head"], p[1]["commit"]);

    // A cut-off message: the hunk is short of lines.
    let cut = &ONE[..ONE.len() - 8];
    let (code, out, _) = run(&r, &["check", "--base", "HEAD", "-"], cut.as_bytes());
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("does-not-apply"), "{out}");
    // The same message twice: a warning, the first is read.
    let (code, out, _) = run(
        &r,
        &["check", "--base", "HEAD", "-"],
        format!("{ONE}\n{ONE}\n{}", two()).as_bytes(),
    );
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("duplicate-message-id: Message-ID <p1@example.org> is on 2 messages"),
        "{out}"
    );
    // Only patch 2: patch 1 is missing.
    let (code, out, _) = run(&r, &["check", "--base", "HEAD", "-"], two().as_bytes());
    assert_eq!(code, 1);
    assert!(
        out.contains("series-incomplete: v1 of the series lacks patch 1"),
        "{out}"
    );
    assert_eq!(snapshot(r.path()), before);
}

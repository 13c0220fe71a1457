//! Mail through the command line, as a reviewer feeds it: `check` on an mbox, a directory or
//! standard input, applied onto its base or read from its text, with the JSON the README
//! promises.

use std::path::Path;
use std::process::Output;

use git_triage::mail;
use serde_json::Value;

use super::oracle;
use crate::common::TestRepo;
use crate::test_mail::generated::mailed_history;

/// Runs git-triage in `r` with `stdin`.
pub fn triage_with(r: &TestRepo, args: &[&str], stdin: &[u8]) -> Output {
    use std::io::Write;
    let mut child = r
        .command(env!("CARGO_BIN_EXE_git-triage"))
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let _ = input.write_all(stdin);
    drop(input);
    child.wait_with_output().unwrap()
}

/// `check --format json ARGS` with `stdin`: the exit code and the document.
pub fn check_json(r: &TestRepo, args: &[&str], stdin: &[u8]) -> (i32, Value) {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let out = triage_with(r, &all, stdin);
    let code = out.status.code().unwrap();
    assert!(
        code == 0 || code == 1,
        "check failed with {code}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (code, serde_json::from_slice(&out.stdout).unwrap())
}

/// The id of the commit git-triage should have made from a commit `git am` made: the same
/// object with our parent and the author as committer. Equal ids mean equal trees.
fn expected_commit(r: &TestRepo, am_commit: &str, parent: &str) -> String {
    let raw = r.git(&["cat-file", "commit", am_commit]);
    let (headers, message) = raw.split_once("\n\n").unwrap();
    let author = headers
        .lines()
        .find_map(|l| l.strip_prefix("author "))
        .unwrap();
    let mut text = String::new();
    for line in headers.lines() {
        if line.starts_with("parent ") {
            text.push_str(&format!("parent {parent}\n"));
        } else if line.starts_with("committer ") {
            text.push_str(&format!("committer {author}\n"));
        } else {
            text.push_str(line);
            text.push('\n');
        }
    }
    text.push('\n');
    text.push_str(message);
    let out = r.git_output(
        &["hash-object", "-t", "commit", "--stdin"],
        Some(text.as_bytes()),
    );
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

/// `git am` of `mbox` on `base` in a scratch clone (into the same object format): the commits.
fn git_am(r: &TestRepo, base: &str, mbox: &[u8]) -> Vec<String> {
    let scratch = tempfile::tempdir().unwrap();
    let dst = scratch.path().join("c");
    let file = scratch.path().join("series.mbox");
    std::fs::write(&file, mbox).unwrap();
    r.git(&[
        "clone",
        "-q",
        "--no-checkout",
        &r.path().display().to_string(),
        &dst.display().to_string(),
    ]);
    let git = |args: &[&str]| {
        let out = r
            .command("git")
            .current_dir(&dst)
            .args([
                "-c",
                "user.name=Committer",
                "-c",
                "user.email=c@example.org",
            ])
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    git(&["checkout", "-q", "--detach", base]);
    // The cover letter is an empty patch to git am: skipped, as a reviewer skips it.
    let am = |args: &[&str]| {
        r.command("git")
            .current_dir(&dst)
            .args([
                "-c",
                "user.name=Committer",
                "-c",
                "user.email=c@example.org",
                "am",
                "-q",
            ])
            .args(args)
            .output()
            .unwrap()
            .status
            .success()
    };
    let mut done = am(&[&file.display().to_string()]);
    for _ in 0..3 {
        if done {
            break;
        }
        done = am(&["--skip"]);
    }
    assert!(
        done,
        "git am applies the series once the cover letter is skipped"
    );
    // Bring the commits back so that `git cat-file` sees them here.
    git(&[
        "push",
        "-q",
        &r.path().display().to_string(),
        "HEAD:refs/am/result",
    ]);
    let list = git(&["rev-list", "--reverse", &format!("{base}..HEAD")]);
    r.git(&["update-ref", "-d", "refs/am/result"]);
    list.lines().map(str::to_string).collect()
}

#[test]
fn a_mailed_series_is_checked_as_git_am_would_commit_it() {
    let (r, base) = mailed_history();
    let out = r.git_output(
        &[
            "format-patch",
            "--stdout",
            "--cover-letter",
            "--thread",
            "-v3",
            &format!("--base={base}"),
            &format!("{base}..HEAD"),
        ],
        None,
    );
    let mbox = out.stdout;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("v3.mbx");
    std::fs::write(&file, &mbox).unwrap();
    let (code, json) = check_json(&r, &["--mbox", &file.display().to_string()], b"");
    let (range_code, range) = check_json(&r, &[&format!("{base}..HEAD")], b"");
    assert_eq!(code, range_code, "the same findings as the range: {json:#}");
    assert_eq!(json["summary"], range["summary"]);
    assert_eq!(json["version"], 1);
    assert_eq!(
        json["base"],
        base.as_str(),
        "applied onto the base-commit the mail names"
    );
    let mail_doc = &json["mail"];
    assert_eq!(mail_doc["version"], 3);
    assert_eq!(mail_doc["missing"], serde_json::json!([]));
    assert_eq!(mail_doc["previous_versions"], serde_json::json!([]));
    let cover_id = mail_doc["cover"]["message_id"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(mail_doc["cover"]["subject"]
        .as_str()
        .unwrap()
        .starts_with("[PATCH v3 00/15] "));
    assert!(mail_doc["cover"]["body"]
        .as_str()
        .unwrap()
        .contains("*** BLURB HERE ***"));

    let (_, messages) = mail::read(&file).unwrap();
    let patches = json["patches"].as_array().unwrap();
    assert_eq!(patches.len(), 15);
    let am = git_am(&r, &base, &mbox);
    let mut parent = base.clone();
    for (i, (p, m)) in patches.iter().zip(&messages[1..]).enumerate() {
        let commit = p["commit"].as_str().unwrap();
        assert_eq!(
            commit,
            expected_commit(&r, &am[i], &parent),
            "patch {}: the tree git am makes",
            i + 1
        );
        parent = commit.to_string();
        assert_eq!(p["message"], m.commit_message.as_str());
        assert_eq!(
            p["patch_id"].as_str(),
            oracle::patch_id(dir.path(), &m.patch).as_deref()
        );
        let pm = &p["mail"];
        assert_eq!(pm["index"], i + 1);
        assert_eq!(
            (pm["version"].as_u64(), pm["total"].as_u64()),
            (Some(3), Some(15))
        );
        assert_eq!(pm["in_reply_to"], cover_id.as_str());
        assert_eq!(pm["message_id"].as_str(), m.message_id.as_deref());
        assert_eq!(pm["subject"], m.subject.as_str());
        assert_eq!(pm["from"], m.from.as_str());
        assert!(pm["subject"]
            .as_str()
            .unwrap()
            .starts_with(&format!("[PATCH v3 {:02}/15] ", i + 1)));
        assert_eq!(pm["followups"], serde_json::json!([]));
    }
    assert_eq!(json["head"].as_str(), Some(parent.as_str()));

    // The same from standard input and from a directory of patch files, and a range's patches
    // carry their message and no mail.
    let (_, stdin) = check_json(&r, &["-"], &mbox);
    assert_eq!(stdin["patches"], json["patches"]);
    let patches_dir = dir.path().join("patches");
    r.git(&[
        "format-patch",
        "-q",
        "-o",
        &patches_dir.display().to_string(),
        &format!("--base={base}"),
        &format!("{base}..HEAD"),
    ]);
    let (_, from_dir) = check_json(&r, &[&patches_dir.display().to_string()], b"");
    let commits = |doc: &Value| -> Vec<Value> {
        doc["patches"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["commit"].clone())
            .collect()
    };
    assert_eq!(
        commits(&from_dir),
        commits(&json),
        "the same commits from a directory of patches"
    );
    // Patches as attachments or inline parts, and a plain numbered series: the same commits.
    for variant in [&["--attach"][..], &["--inline"], &["--numbered", "--rfc"]] {
        let mut args = vec!["format-patch", "--stdout"];
        args.extend_from_slice(variant);
        let range_arg = format!("{base}..HEAD");
        args.push(&range_arg);
        let out = r.git_output(&args, None);
        assert!(out.status.success());
        let (_, doc) = check_json(&r, &["--base", &base, "-"], &out.stdout);
        assert_eq!(commits(&doc), commits(&json), "{variant:?}");
    }
    assert!(range["mail"].is_null() && range["patches"][0]["mail"].is_null());
    assert!(range["patches"][0]["message"]
        .as_str()
        .unwrap()
        .starts_with("tcg: two hunks\n"));
}

#[test]
fn mail_without_its_base_is_read_from_the_text() {
    let r = TestRepo::new();
    let thread =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/review-thread.mbox"))
            .unwrap();
    let (code, json) = check_json(&r, &["-"], &thread);
    assert_eq!(code, 1, "a missing patch is an error finding");
    assert!(json["base"].is_null() && json["head"].is_null());
    let mail_doc = &json["mail"];
    assert_eq!(mail_doc["version"], 2);
    assert_eq!(mail_doc["missing"], serde_json::json!([2]));
    assert_eq!(mail_doc["previous_versions"], serde_json::json!([1]));
    assert_eq!(mail_doc["cover"]["message_id"], "v2-0@example.org");
    let patches = json["patches"].as_array().unwrap();
    assert_eq!(patches.len(), 2);
    assert_eq!(
        (patches[0]["index"].as_u64(), patches[1]["index"].as_u64()),
        (Some(1), Some(3))
    );
    assert!(patches.iter().all(|p| p["commit"].is_null()));
    assert!(
        patches[0]["files"]
            .as_array()
            .is_some_and(|f| !f.is_empty()),
        "files from the text"
    );
    let rules: Vec<&str> = patches[0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(rules.contains(&"series-incomplete"), "{rules:?}");
    let followups = patches[0]["mail"]["followups"].as_array().unwrap();
    let find = |key: &str, from: &str| {
        followups
            .iter()
            .find(|f| f["key"] == key && f["from"].as_str().unwrap().contains(from))
            .unwrap_or_else(|| panic!("{key} from {from} in {followups:#?}"))
    };
    assert_eq!(
        find("Acked-by", "bob@")["message_id"],
        "bob-0@example.org",
        "the cover letter's reply counts for every patch"
    );
    assert_eq!(
        find("Reviewed-by", "carol@")["value"],
        "Carol Checker <carol@example.org>"
    );
    assert!(followups
        .iter()
        .all(|f| f["value"] != "Quoted Person <quoted@example.org>"));
    // Patch 3 was written with AI help, which the mail says in a trailer.
    assert_eq!(patches[1]["ai"]["kind"], "assisted");
    assert!(patches[1]["mail"]["followups"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["from"].as_str().unwrap().contains("gina@")));

    let text = triage_with(&r, &["check", "-"], &thread);
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.starts_with("2 patches of v2 \"widget: rework\" from mail from standard input, cover <v2-0@example.org>, not applied: its base-commit 0123456789abcdef0123456789abcdef01234567 is not in this repository"), "{text}");
    assert!(
        text.contains(
            "Acked-by: Bob Builder <bob@example.org>  (sent by Bob Builder <bob@example.org>)"
        ),
        "{text}"
    );
    assert!(text.contains("<v2-3@example.org>"), "{text}");
    assert!(
        text.contains("series-incomplete: v2 of the series lacks patch 2"),
        "{text}"
    );
}

#[test]
fn every_commit_of_a_history_round_trips_through_format_patch_and_check() {
    let (r, base) = mailed_history();
    let commits = r.git(&["rev-list", "--reverse", &format!("{base}..HEAD")]);
    for c in commits.lines() {
        let patch = r
            .git_output(&["format-patch", "-1", "--stdout", c], None)
            .stdout;
        let parent = format!("{c}^");
        let (_, json) = check_json(&r, &["--mbox", "-", "--base", &parent], &patch);
        let ours = json["patches"][0]["commit"]
            .as_str()
            .unwrap_or_else(|| panic!("{c}: {json:#}"));
        let parent = r.git(&["rev-parse", &parent]).trim().to_string();
        // The commit git-triage made has C's tree: its id is that of C's tree with our
        // author-as-committer and the message git am would commit.
        let raw = r.git(&["cat-file", "commit", c]);
        let (headers, _) = raw.split_once("\n\n").unwrap();
        let author = headers
            .lines()
            .find_map(|l| l.strip_prefix("author "))
            .unwrap();
        let tree = headers
            .lines()
            .find_map(|l| l.strip_prefix("tree "))
            .unwrap();
        let text = format!(
            "tree {tree}\nparent {parent}\nauthor {author}\ncommitter {author}\n\n{}",
            json["patches"][0]["message"].as_str().unwrap()
        );
        let out = r.git_output(
            &["hash-object", "-t", "commit", "--stdin"],
            Some(text.as_bytes()),
        );
        assert_eq!(
            ours,
            String::from_utf8(out.stdout).unwrap().trim(),
            "{c}: tree differs from the commit's"
        );
    }
}

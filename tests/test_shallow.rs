//! Shallow clones: a commit at the boundary (its parents were not fetched) cannot be diffed and
//! is refused; a commit that really is a root can, even when git lists it as shallow.

use std::path::{Path, PathBuf};

use crate::common::{signed, TestRepo};

/// Three commits on `main`, and an unrelated one-commit branch `docs` to serve as the left
/// side of a range that walks down to the root.
fn source() -> TestRepo {
    let mut r = TestRepo::new();
    r.commit(&signed("root: add a"), &[("a", Some(b"1\n"))]);
    r.commit(&signed("second"), &[("a", Some(b"2\n"))]);
    r.commit(&signed("third"), &[("a", Some(b"3\n"))]);
    r.git(&["checkout", "-q", "--orphan", "docs"]);
    r.git(&["rm", "-q", "-r", "--cached", "."]);
    r.commit(&signed("docs root"), &[("README", Some(b"docs\n"))]);
    r.git(&["checkout", "-q", "-f", "main"]);
    r
}

fn clone(r: &TestRepo, depth: &str) -> PathBuf {
    let dir = r.home.path().join(format!("depth{depth}"));
    let url = format!("file://{}", r.path().display());
    r.git(&[
        "clone",
        "-q",
        "--no-single-branch",
        "--depth",
        depth,
        &url,
        dir.to_str().unwrap(),
    ]);
    dir
}

fn run(r: &TestRepo, dir: &Path, args: &[&str]) -> std::process::Output {
    r.command(env!("CARGO_BIN_EXE_git-triage"))
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn a_real_root_listed_as_shallow_is_reviewed() {
    let r = source();
    let dir = clone(&r, "3");
    // git marks the deepest commit it fetched shallow, though it has no parent.
    let root = r.git(&["rev-list", "--max-parents=0", "main"]);
    let shallow = std::fs::read_to_string(dir.join(".git/shallow")).unwrap();
    assert!(shallow.contains(root.trim()), "{shallow}");

    let out = run(
        &r,
        &dir,
        &["check", "--format", "json", "origin/docs..main"],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let root_patch = &json["patches"][0];
    assert_eq!(root_patch["commit"], root.trim());
    assert_eq!(root_patch["files"][0]["status"], "added");
    let show = r.git_output(&["show", root.trim()], None).stdout;
    let pid = r.git_output(&["patch-id", "--stable"], Some(&show)).stdout;
    assert!(String::from_utf8_lossy(&pid).starts_with(root_patch["patch_id"].as_str().unwrap()));

    let out = run(&r, &dir, &["explain", root.trim()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_boundary_commit_whose_parents_are_missing_is_refused() {
    let r = source();
    let dir = clone(&r, "2");
    let out = run(&r, &dir, &["check", "origin/docs..main"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    let boundary = r.git(&["rev-parse", "main~1"]);
    assert!(
        err.contains("shallow clone's boundary") && err.contains(boundary.trim()),
        "{err}"
    );
    let out = run(&r, &dir, &["explain", "main~1"]);
    assert_eq!(out.status.code(), Some(2));
}

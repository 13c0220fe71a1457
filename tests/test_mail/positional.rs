//! A positional argument naming an existing file or directory is mail, wherever it is (`..`
//! in a path is not a range); a name that is both a file and a revision is ambiguous until
//! `--` says which, as in git.

use std::path::Path;
use std::process::Output;

use crate::common::TestRepo;

/// A repository with `main` and one commit on `topic`, that commit mailed into `one.mbx` at
/// the top of the work tree, and an empty directory `sub` to run from.
fn repo() -> TestRepo {
    let mut r = TestRepo::new();
    r.commit("base", &[("f.c", Some(b"one\ntwo\n"))]);
    r.git(&["checkout", "-q", "-b", "topic"]);
    r.commit(
        &crate::common::signed("f: two is 2"),
        &[("f.c", Some(b"one\n2\n"))],
    );
    let mail = r.git(&["format-patch", "-1", "--stdout", "topic"]);
    r.git(&["checkout", "-q", "main"]);
    std::fs::write(r.path().join("one.mbx"), mail).unwrap();
    std::fs::create_dir(r.path().join("sub")).unwrap();
    r
}

/// git-triage run in `dir` of `r`.
fn run_in(r: &TestRepo, dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out: Output = r
        .command(env!("CARGO_BIN_EXE_git-triage"))
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    let text = |b: Vec<u8>| String::from_utf8(b).unwrap();
    (
        out.status.code().unwrap(),
        text(out.stdout),
        text(out.stderr),
    )
}

#[test]
fn a_path_with_dot_dot_is_mail_not_a_range() {
    let r = repo();
    let sub = r.path().join("sub");
    for path in ["../one.mbx", "./../one.mbx"] {
        for extra in [&[][..], &["--no-apply"], &["--base", "main"]] {
            let mut args = vec!["check", path];
            args.extend_from_slice(extra);
            let (code, out, err) = run_in(&r, &sub, &args);
            assert_eq!(code, 0, "{args:?}: {out}{err}");
            assert!(
                out.starts_with(&format!("1 patch of v1 \"f: two is 2\" from {path}")),
                "{args:?}: {out}"
            );
        }
        let (code, out, err) = run_in(&r, &sub, &["export", path]);
        assert_eq!(code, 0, "{err}");
        assert!(out.contains("[PATCH] -            f: two is 2"), "{out}");
        let (code, out, err) = run_in(&r, &sub, &["explain", path, "1"]);
        assert_eq!(code, 0, "{err}");
        assert!(out.contains("subject: [PATCH] f: two is 2"), "{out}");
    }
    // Two words: the first is mail, or nothing.
    let (code, _, err) = run_in(&r, &sub, &["explain", "../nosuch", "1"]);
    assert_eq!(
        (code, err.as_str()),
        (2, "error: \"../nosuch\" is not a mail file or directory\n")
    );
    // A range still is one, from anywhere.
    let (code, out, err) = run_in(&r, &sub, &["check", "main..topic"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("1 patch in main..topic"), "{out}");
}

#[test]
fn a_name_both_file_and_revision_is_ambiguous_until_dash_dash_says() {
    let r = repo();
    let mail = std::fs::read(r.path().join("one.mbx")).unwrap();
    // A file named like a range, and one named like a branch.
    for name in ["main..topic", "topic"] {
        std::fs::write(r.path().join(name), &mail).unwrap();
        let (code, out, err) = run_in(&r, r.path(), &["check", name]);
        assert_eq!(code, 2, "{out}");
        assert_eq!(
            err,
            format!(
                "error: {name:?} is ambiguous: both a revision and a file; say -- {name} \
                 (or --mbox {name}) for the mail, {name} -- for the revision\n"
            )
        );
        let (code, out, err) = run_in(&r, r.path(), &["check", "--", name]);
        assert_eq!(code, 0, "{err}");
        assert!(
            out.starts_with(&format!("1 patch of v1 \"f: two is 2\" from {name}")),
            "{out}"
        );
        let (code, out, err) = run_in(&r, r.path(), &["check", name, "--"]);
        assert_eq!(code, 0, "{err}");
        assert!(out.contains(&format!(" in {name} (base ")), "{out}");
        std::fs::remove_file(r.path().join(name)).unwrap();
    }
}

//! `git triage comment REV PATH:LINE` names a file by its bytes, as git stores them: a path
//! that is not UTF-8 is given as it is, or quoted as `git diff` prints it, and two such paths
//! are never taken for each other.

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::process::Output;

use crate::common::{signed, TestRepo};

fn comment(r: &TestRepo, rev: &str, place: &[u8]) -> Output {
    r.command(env!("CARGO_BIN_EXE_git-triage"))
        .args([
            OsStr::new("comment"),
            OsStr::new(rev),
            OsStr::from_bytes(place),
        ])
        .args(["-m", "here"])
        .output()
        .unwrap()
}

#[test]
fn a_path_that_is_not_utf8_is_matched_byte_for_byte() {
    let mut r = TestRepo::new();
    // Both read `bad\u{FFFD}name.c` when made UTF-8 lossily.
    let (a, b) = (&b"bad\xfdname.c"[..], &b"bad\xfename.c"[..]);
    let lines = |changed: usize| -> String {
        (1..=9)
            .map(|n| {
                if n == changed {
                    "changed\n".to_string()
                } else {
                    format!("line {n}\n")
                }
            })
            .collect()
    };
    for name in [a, b] {
        std::fs::write(r.path().join(OsStr::from_bytes(name)), lines(0)).unwrap();
    }
    r.git(&["add", "-A"]);
    r.commit_staged(&signed("base"));
    std::fs::write(r.path().join(OsStr::from_bytes(a)), lines(1)).unwrap();
    std::fs::write(r.path().join(OsStr::from_bytes(b)), lines(9)).unwrap();
    r.git(&["add", "-A"]);
    let rev = r.commit_staged(&signed("two odd names"));
    let diff = r.git(&["diff", "--name-only", "HEAD~"]);
    assert_eq!(
        diff, "\"bad\\375name.c\"\n\"bad\\376name.c\"\n",
        "as git prints them"
    );

    let said = |place: &[u8]| {
        let out = comment(&r, &rev, place);
        let err = String::from_utf8(out.stderr).unwrap();
        (out.status.code(), err)
    };
    for ok in [
        &b"bad\xfdname.c:1"[..],
        b"bad\xfename.c:9",
        b"\"bad\\375name.c\":1",
        b"\"bad\\376name.c\":-9",
        b"\"bad\\376name.c\"",
    ] {
        assert_eq!(said(ok), (Some(0), String::new()), "{ok:?}");
    }
    let (code, err) = said(b"bad\xfename.c:1");
    assert_eq!(code, Some(2));
    assert!(
        err.starts_with("error: \"bad\\376name.c\":1 is not a line of this patch's diff;")
            && err.ends_with(" of \"bad\\376name.c\"\n"),
        "{err}"
    );
    let (code, err) = said("bad\u{fffd}name.c:1".as_bytes());
    assert_eq!(code, Some(2));
    assert_eq!(
        err,
        "error: bad\u{fffd}name.c is not changed by this patch; it changes \
         \"bad\\375name.c\", \"bad\\376name.c\"\n"
    );
}

#[test]
fn what_the_diff_shows_is_said_in_words() {
    let mut r = TestRepo::new();
    let long: String = (1..=30).map(|n| format!("line {n}\n")).collect();
    r.commit(&signed("base"), &[("a.c", Some(long.as_bytes()))]);
    let changed = long
        .replace("line 1\n", "one\n")
        .replace("line 30\n", "thirty\n");
    let rev = r.commit(
        &signed("two hunks and a new file"),
        &[("a.c", Some(changed.as_bytes())), ("b.c", Some(b"only\n"))],
    );
    let err = |place: &str| {
        let out = comment(&r, &rev, place.as_bytes());
        assert_eq!(out.status.code(), Some(2));
        String::from_utf8(out.stderr).unwrap()
    };
    let says = |place: &str, shown: &str, path: &str| {
        assert_eq!(
            err(place),
            format!(
                "error: {place} is not a line of this patch's diff; it shows {shown} of {path}\n"
            )
        );
    };
    says("b.c:5", "new line 1", "b.c");
    says("b.c:-1", "no old lines", "b.c");
    says("a.c:10", "new lines 1-4, 27-30", "a.c");
    says("a.c:-10", "old lines 1-4, 27-30", "a.c");
}

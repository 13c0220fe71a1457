//! A mailed series applied onto its base, outside the repository: the trees are the trees `git am` makes in a scratch
//! clone, hunks that moved are found where `git apply` finds them, a patch that does not apply
//! is left out as `git am --skip` leaves it, and the repository gains nothing.

use std::path::Path;

use git2::Oid;
use git_triage::mail::apply::{self, Outcome};
use git_triage::mail::{self, Message};

use crate::common::TestRepo;
use crate::test_mail::generated::mailed_history;

fn messages(bytes: Vec<u8>) -> Vec<Message> {
    let (_, raws) = mail::split(Path::new("-"), bytes).unwrap();
    raws.iter().map(Message::parse).collect()
}

fn format_patch(r: &TestRepo, range: &str) -> Vec<u8> {
    let out = r.git_output(&["format-patch", "--stdout", range], None);
    assert!(out.status.success());
    out.stdout
}

/// The tree of each commit `git am` makes of `mbox` on `base` in a scratch clone; `None` for
/// a patch that does not apply, which is skipped (`git am --skip`) as git-triage skips it.
pub fn git_am_trees(r: &TestRepo, base: &str, mbox: &[u8]) -> Vec<Option<String>> {
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
        r.command("git")
            .current_dir(&dst)
            .args([
                "-c",
                "user.name=Committer",
                "-c",
                "user.email=c@example.org",
            ])
            .args(args)
            .output()
            .unwrap()
    };
    assert!(git(&["checkout", "-q", "--detach", base]).status.success());
    let count = messages(mbox.to_vec()).len();
    let mut skipped = Vec::new();
    let mut out = git(&["am", "-q", &file.display().to_string()]);
    while !out.status.success() {
        let next = std::fs::read_to_string(dst.join(".git/rebase-apply/next")).unwrap();
        skipped.push(next.trim().parse::<usize>().unwrap());
        out = git(&["am", "-q", "--skip"]);
    }
    let log = git(&["log", "--reverse", "--format=%T", &format!("{base}..HEAD")]);
    let mut trees = String::from_utf8(log.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect::<Vec<_>>()
        .into_iter();
    (1..=count)
        .map(|i| {
            if skipped.contains(&i) {
                None
            } else {
                trees.next()
            }
        })
        .collect()
}

fn our_trees(r: &TestRepo, base: &str, mbox: &[u8]) -> (Vec<Option<String>>, apply::Applied) {
    let repo = git2::Repository::open(r.path()).unwrap();
    let msgs = messages(mbox.to_vec());
    let refs: Vec<&Message> = msgs.iter().collect();
    let applied = apply::apply(repo.path(), Oid::from_str(base).unwrap(), &refs).unwrap();
    let view = applied.overlay.open(repo.path()).unwrap();
    let trees = applied
        .outcomes
        .iter()
        .map(|o| {
            o.commit()
                .map(|c| view.find_commit(c).unwrap().tree_id().to_string())
        })
        .collect();
    (trees, applied)
}

/// Everything under `.git` but the files git rewrites on its own when merely read, with
/// sizes: a repository that gained an object, a ref or an index entry looks different.
pub fn snapshot(dir: &Path) -> Vec<(String, u64)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.join(".git")];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let e = e.unwrap();
            let meta = e.metadata().unwrap();
            if meta.is_dir() {
                stack.push(e.path());
            } else {
                out.push((e.path().display().to_string(), meta.len()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn a_mailed_series_applies_to_the_trees_git_am_makes() {
    let (r, base) = mailed_history();
    let mbox = format_patch(&r, &format!("{base}..HEAD"));
    let before = snapshot(r.path());
    let (ours, applied) = our_trees(&r, &base, &mbox);
    assert_eq!(snapshot(r.path()), before, "the repository gained nothing");
    assert_eq!(ours.len(), 15);
    assert!(ours.iter().all(Option::is_some), "{:?}", applied.outcomes);
    assert_eq!(ours, git_am_trees(&r, &base, &mbox));
    let originals = r.git(&["log", "--reverse", "--format=%T", &format!("{base}..HEAD")]);
    let originals: Vec<Option<String>> = originals.lines().map(|l| Some(l.to_string())).collect();
    assert_eq!(
        ours, originals,
        "the trees of the commits the mail was made from"
    );
    // The same mail on the same base makes the same commits.
    let (_, again) = our_trees(&r, &base, &mbox);
    assert_eq!(again.outcomes, applied.outcomes);
}

#[test]
fn hunks_that_moved_are_found_where_git_apply_finds_them() {
    let mut r = TestRepo::new();
    let body: String = (1..=60).map(|i| format!("line {i}\n")).collect();
    r.commit(
        "base",
        &[("f.c", Some(body.as_bytes())), ("g.c", Some(b"g\n"))],
    );
    let base = r.head();
    // The series: changes near the top, the middle and the end of f.c.
    let mut changed = body.replace("line 5\n", "line five\n");
    changed = changed.replace("line 30\n", "line thirty\n");
    changed.push_str("line 61\n");
    r.commit("change f", &[("f.c", Some(changed.as_bytes()))]);
    r.commit("change g", &[("g.c", Some(b"g\ng2\n"))]);
    let mbox = format_patch(&r, &format!("{base}..HEAD"));
    // The reviewer's base moved on: lines above and inside f.c, so every hunk is off.
    r.git(&["checkout", "-q", "--detach", &base]);
    let mut moved = format!("extra 1\nextra 2\n{body}");
    moved = moved.replace("line 20\n", "line 20\ninserted\ninserted\ninserted\n");
    r.commit("upstream moved", &[("f.c", Some(moved.as_bytes()))]);
    let moved_base = r.head();
    let (ours, applied) = our_trees(&r, &moved_base, &mbox);
    assert!(ours.iter().all(Option::is_some), "{:?}", applied.outcomes);
    assert_eq!(ours, git_am_trees(&r, &moved_base, &mbox));
}

#[test]
fn a_patch_that_does_not_apply_is_left_out_and_the_rest_applies() {
    let mut r = TestRepo::new();
    let body: String = (1..=20).map(|i| format!("line {i}\n")).collect();
    r.commit(
        "base",
        &[
            ("a.c", Some(body.as_bytes())),
            ("b.c", Some(body.as_bytes())),
        ],
    );
    let base = r.head();
    r.commit(
        "one",
        &[(
            "a.c",
            Some(body.replace("line 3\n", "line three\n").as_bytes()),
        )],
    );
    r.commit(
        "two",
        &[(
            "b.c",
            Some(body.replace("line 12\n", "line twelve\n").as_bytes()),
        )],
    );
    r.commit("three", &[("new.c", Some(b"new\n"))]);
    let mbox = format_patch(&r, &format!("{base}..HEAD"));
    r.git(&["checkout", "-q", "--detach", &base]);
    r.commit(
        "conflict",
        &[(
            "b.c",
            Some(body.replace("line 11\n", "eleven\n").as_bytes()),
        )],
    );
    let other = r.head();
    let (ours, applied) = our_trees(&r, &other, &mbox);
    assert_eq!(ours, git_am_trees(&r, &other, &mbox));
    assert!(ours[0].is_some() && ours[1].is_none() && ours[2].is_some());
    let Outcome::Rejected(why) = &applied.outcomes[1] else {
        panic!("{:?}", applied.outcomes)
    };
    assert_eq!(
        (why.path.as_deref(), why.hunk, why.line),
        (Some("b.c"), Some(0), Some(9)),
        "{why:?}"
    );
    // The third patch sits on the first.
    let view = applied.overlay.open(r.path()).unwrap();
    let third = view
        .find_commit(applied.outcomes[2].commit().unwrap())
        .unwrap();
    assert_eq!(
        third.parent_id(0).unwrap(),
        applied.outcomes[0].commit().unwrap()
    );
}

#[test]
fn an_already_applied_patch_is_no_change() {
    let mut r = TestRepo::new();
    r.commit("base", &[("a", Some(b"a\n"))]);
    r.commit("two", &[("a", Some(b"a\nb\n"))]);
    let head = r.head();
    let mbox = format_patch(&r, "-1");
    let (ours, applied) = our_trees(&r, &head, &mbox);
    assert_eq!(ours, vec![None]);
    let Outcome::Rejected(why) = &applied.outcomes[0] else {
        panic!()
    };
    assert!(
        why.reason.contains("does not match") || why.reason.contains("already"),
        "{why:?}"
    );
}

/// One hand-written patch mail.
fn mail(subject: &str, patch: &str) -> String {
    format!(
        "From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001\n\
         From: Sam Sender <sam@example.org>\n\
         Date: Tue, 14 Nov 2023 22:13:20 +0000\n\
         Subject: [PATCH] {subject}\n\n\
         Body.\n\n\
         Signed-off-by: Sam Sender <sam@example.org>\n\
         ---\n{patch}\n"
    )
}

#[test]
fn odd_and_broken_patches_apply_or_not_as_git_am_decides() {
    let mut r = TestRepo::new();
    let body: String = (1..=10).map(|i| format!("line {i}\n")).collect();
    r.commit(
        "base",
        &[("f.c", Some(body.as_bytes())), ("dir/g.c", Some(b"g\n"))],
    );
    let base = r.head();
    let cases = [
        // A traditional diff, as `diff -u` writes it.
        mail(
            "traditional diff",
            "--- a/f.c\t2023-11-14 22:13:20\n+++ b/f.c\t2023-11-14 22:13:21\n@@ -1,4 +1,4 @@\n line 1\n-line 2\n+line two\n line 3\n line 4\n",
        ),
        mail(
            "traditional new file",
            "--- /dev/null\n+++ b/new.c\n@@ -0,0 +1,2 @@\n+a\n+b\n",
        ),
        // A hunk cut short.
        mail(
            "truncated",
            "diff --git a/f.c b/f.c\n--- a/f.c\n+++ b/f.c\n@@ -5,4 +5,5 @@\n line 5\n line 6\n+new\n",
        ),
        mail(
            "creates what exists",
            "diff --git a/dir/g.c b/dir/g.c\nnew file mode 100644\nindex 0000000..01e79c3\n--- /dev/null\n+++ b/dir/g.c\n@@ -0,0 +1 @@\n+x\n",
        ),
        mail(
            "deletes what is not there",
            "diff --git a/nothere.c b/nothere.c\ndeleted file mode 100644\nindex 01e79c3..0000000\n--- a/nothere.c\n+++ /dev/null\n@@ -1 +0,0 @@\n-x\n",
        ),
        mail("garbage hunk", "diff --git a/f.c b/f.c\n--- a/f.c\n+++ b/f.c\n@@ -1,2 +1,2 @@\n?line 1\n"),
        mail(
            "removes a line that reads like a signature",
            "diff --git a/dir/g.c b/dir/g.c\n--- a/dir/g.c\n+++ b/dir/g.c\n@@ -1 +1,2 @@\n g\n+- \n",
        ),
    ];
    for case in &cases {
        let (ours, applied) = our_trees(&r, &base, case.as_bytes());
        let subject = case.lines().find(|l| l.starts_with("Subject")).unwrap();
        assert_eq!(
            ours,
            git_am_trees(&r, &base, case.as_bytes()),
            "{subject}: {:?}",
            applied.outcomes
        );
    }
}

#[test]
fn a_file_keeps_its_mode_unless_the_patch_changes_it_as_git_am_keeps_it() {
    let mut r = TestRepo::new();
    let body: String = (1..=8).map(|i| format!("line {i}\n")).collect();
    r.commit(
        "base",
        &[
            ("run.sh", Some(body.as_bytes())),
            ("lib.sh", Some(body.as_bytes())),
        ],
    );
    let base = r.head();
    r.commit(
        "change run",
        &[(
            "run.sh",
            Some(body.replace("line 3\n", "line three\n").as_bytes()),
        )],
    );
    r.write(&[(
        "lib.sh",
        Some(body.replace("line 7\n", "line seven\n").as_bytes()),
    )]);
    r.git(&["add", "-A"]);
    r.git(&["update-index", "--chmod=+x", "lib.sh"]);
    r.commit_staged("lib is a program");
    let mut mbox = format_patch(&r, &format!("{base}..HEAD"));
    mbox.extend_from_slice(
        mail(
            "traditional",
            "--- a/run.sh\n+++ b/run.sh\n@@ -4,3 +4,3 @@\n line 4\n-line 5\n+line five\n line 6\n",
        )
        .as_bytes(),
    );
    // The reviewer's base made run.sh executable; the mail's index lines still say 100644.
    r.git(&["checkout", "-q", "-f", "--detach", &base]);
    r.git(&["update-index", "--chmod=+x", "run.sh"]);
    r.commit_staged("run.sh is a program");
    let exec_base = r.head();
    let (ours, applied) = our_trees(&r, &exec_base, &mbox);
    assert!(ours.iter().all(Option::is_some), "{:?}", applied.outcomes);
    assert_eq!(ours, git_am_trees(&r, &exec_base, &mbox));
    let view = applied.overlay.open(r.path()).unwrap();
    let last = view
        .find_tree(Oid::from_str(ours[2].as_deref().unwrap()).unwrap())
        .unwrap();
    let modes: Vec<i32> = last.iter().map(|e| e.filemode()).collect();
    assert_eq!(
        modes,
        [0o100755, 0o100755],
        "one made executable, one staying so"
    );
}

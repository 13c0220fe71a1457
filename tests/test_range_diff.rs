//! `git triage range-diff` and the versions engine against `git range-diff` itself: re-rolls of
//! a topic made by rebasing real history in temporary repositories, compared for pairing,
//! states and output byte for byte.

use git_triage::versions::{self, State};

use crate::common::{Rng, TestRepo};

/// A C file of `n` small functions, each line naming its function so that hunks differ.
pub(crate) fn c_file(name: &str, n: usize) -> String {
    (0..n)
        .map(|f| {
            format!(
                "int {name}_{f}(int x)\n{{\n\tint y = x * {f};\n\n\ty += {name}_helper(y);\n\treturn y + {f};\n}}\n\n"
            )
        })
        .collect()
}

/// Replaces the `nth` occurrence of `from` in `path` by `to`, in the work tree.
pub(crate) fn edit(r: &TestRepo, path: &str, from: &str, to: &str) {
    let full = r.path().join(path);
    let text = std::fs::read_to_string(&full).unwrap();
    assert!(text.contains(from), "{path} has no {from:?}");
    std::fs::write(&full, text.replacen(from, to, 1)).unwrap();
}

/// History: a base on main, a six-patch topic (v1) on it, then main moves on (shifting the
/// lines the topic touches). Re-rolls start from the new main, as a rebase would.
pub(crate) struct Topic {
    pub(crate) r: TestRepo,
    pub(crate) v1: String,
    /// The commits of v1, oldest first.
    pub(crate) commits: Vec<String>,
}

impl Topic {
    pub(crate) fn new() -> Topic {
        let mut r = TestRepo::new();
        r.commit(
            "base\n",
            &[
                ("src/alpha.c", Some(c_file("alpha", 12).as_bytes())),
                ("src/beta.c", Some(c_file("beta", 12).as_bytes())),
                (
                    "docs/guide.txt",
                    Some(b"Guide\n=====\n\nIntro.\n\nUsage:\n\trun it\n"),
                ),
            ],
        );
        r.git(&["tag", "base"]);
        r.git(&["checkout", "-q", "-b", "topic"]);
        let steps: [(&str, &str, &str, &str); 6] = [
            (
                "alpha: double in alpha_2",
                "src/alpha.c",
                "x * 2;",
                "x * 2 * 2;",
            ),
            (
                "beta: log in beta_5",
                "src/beta.c",
                "\ty += beta_helper(y);\n\treturn y + 5;",
                "\ty += beta_helper(y);\n\tlog(y);\n\treturn y + 5;",
            ),
            (
                "docs: explain usage",
                "docs/guide.txt",
                "\trun it\n",
                "\trun it\n\trun it again\n",
            ),
            (
                "alpha: clamp in alpha_9",
                "src/alpha.c",
                "\treturn y + 9;",
                "\tif (y > 9)\n\t\ty = 9;\n\treturn y + 9;",
            ),
            (
                "beta: rename helper use in beta_10",
                "src/beta.c",
                "y += beta_helper(y);\n\treturn y + 10;",
                "y += beta_assist(y);\n\treturn y + 10;",
            ),
            (
                "alpha: new function",
                "src/alpha.c",
                "int alpha_11(int x)",
                "int alpha_extra(void)\n{\n\treturn 42;\n}\n\nint alpha_11(int x)",
            ),
        ];
        let mut commits = Vec::new();
        for (subject, path, from, to) in steps {
            edit(&r, path, from, to);
            r.git(&["add", "-A"]);
            commits.push(r.commit_staged(&format!(
                "{subject}\n\nWhy: {subject}.\n\nSigned-off-by: A U Thor <author@example.org>\n"
            )));
        }
        r.git(&["tag", "v1"]);
        r.git(&["checkout", "-q", "main"]);
        let header = "/* Copyright notice */\n#include <stdio.h>\n\n";
        let alpha = format!("{header}{}", c_file("alpha", 12));
        r.commit(
            "upstream: headers\n",
            &[
                ("src/alpha.c", Some(alpha.as_bytes())),
                ("README", Some(b"readme\n")),
            ],
        );
        r.git(&["checkout", "-q", "-b", "v2"]);
        Topic {
            r,
            v1: "base..v1".into(),
            commits,
        }
    }

    /// Applies v1's commit `i` (0-based) on the current branch.
    pub(crate) fn pick(&self, i: usize) {
        self.r
            .git(&["cherry-pick", "--allow-empty", &self.commits[i]]);
    }

    pub(crate) fn pick_no_commit(&self, i: usize) {
        self.r.git(&["cherry-pick", "-n", &self.commits[i]]);
    }

    pub(crate) fn amend(&self, message: &str) {
        self.r.git(&["commit", "-q", "--amend", "-m", message]);
    }
}

/// A line of `git range-diff`'s output that pairs patches: (old number, mark, new number).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PairLine {
    pub(crate) old: Option<usize>,
    pub(crate) mark: char,
    pub(crate) new: Option<usize>,
}

pub(crate) fn parse_pairs(output: &str) -> Vec<PairLine> {
    let number = |s: &str| s.trim().trim_end_matches(':').parse::<usize>().ok();
    output
        .lines()
        .filter(|l| !l.starts_with("    "))
        .map(|l| {
            // "  1:  abc1234 ! 12:  def5678 subject"
            let (left, rest) = l.split_once(':').expect("pair line");
            let rest = rest.trim_start();
            let (_, rest) = rest.split_once(' ').expect("abbrev");
            let mark = rest.chars().next().expect("mark");
            let (right, _) = rest[1..].split_once(':').expect("right side");
            PairLine {
                old: number(left),
                mark,
                new: number(right),
            }
        })
        .collect()
}

/// Our pairing and states, as the lines `git range-diff` prints (in git's order).
fn our_pairs(r: &TestRepo, old: &str, new: &str, factor: i32) -> Vec<PairLine> {
    let repo = git2::Repository::open(r.path()).unwrap();
    let a = versions::commits::load(&repo, old).unwrap();
    let b = versions::commits::load(&repo, new).unwrap();
    let pairing = versions::pair(&a, &b, factor);
    parse_pairs(&versions::render(&a, &b, &pairing))
        .into_iter()
        .map(|line| {
            // The states come from the engine, not from the rendering.
            let mark = match (line.old, line.new) {
                (Some(_), None) => {
                    assert!(pairing.dropped().contains(&(line.old.unwrap() - 1)));
                    '<'
                }
                (_, Some(j)) => pairing.state(&a, &b, j - 1).mark(),
                (None, None) => unreachable!(),
            };
            PairLine { mark, ..line }
        })
        .collect()
}

/// Compares with git: the printed output byte for byte, and the engine's pairing and states.
/// Returns git's pair lines.
fn same_as_git(r: &TestRepo, old: &str, new: &str, factor: Option<i32>) -> Vec<PairLine> {
    let mut args = vec!["range-diff".to_string(), "--no-color".into()];
    let mut ours_args = vec!["range-diff".to_string()];
    if let Some(f) = factor {
        args.push(format!("--creation-factor={f}"));
        ours_args.push(format!("--creation-factor={f}"));
    }
    for a in [&mut args, &mut ours_args] {
        a.push(old.into());
        a.push(new.into());
    }
    let git = r.git(&args.iter().map(String::as_str).collect::<Vec<_>>());
    let out = r.triage(&ours_args.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ours = String::from_utf8(out.stdout).unwrap();
    assert!(
        ours == git,
        "output differs from git range-diff\n--- git\n{git}\n--- ours\n{ours}"
    );
    let theirs = parse_pairs(&git);
    assert_eq!(our_pairs(r, old, new, factor.unwrap_or(60)), theirs);
    theirs
}

fn marks(lines: &[PairLine]) -> String {
    lines.iter().map(|l| l.mark).collect()
}

fn state_of(r: &TestRepo, old: &str, new: &str, j: usize) -> State {
    let repo = git2::Repository::open(r.path()).unwrap();
    let a = versions::commits::load(&repo, old).unwrap();
    let b = versions::commits::load(&repo, new).unwrap();
    versions::pair(&a, &b, 60).state(&a, &b, j)
}

#[test]
fn a_rebase_onto_a_moved_upstream_is_all_unchanged() {
    let t = Topic::new();
    (0..6).for_each(|i| t.pick(i));
    let lines = same_as_git(&t.r, &t.v1, "main..v2", None);
    assert_eq!(marks(&lines), "======");
}

#[test]
fn reordered_patches_pair_with_their_old_selves() {
    let t = Topic::new();
    for i in [2, 0, 1, 3, 5, 4] {
        t.pick(i);
    }
    let lines = same_as_git(&t.r, &t.v1, "main..v2", None);
    assert_eq!(marks(&lines), "======");
    let olds: Vec<_> = lines.iter().map(|l| l.old.unwrap()).collect();
    assert_eq!(olds, [3, 1, 2, 4, 6, 5]);
}

#[test]
fn a_dropped_patch_is_listed_after_its_predecessor() {
    let t = Topic::new();
    for i in [0, 1, 3, 4, 5] {
        t.pick(i);
    }
    let lines = same_as_git(&t.r, &t.v1, "main..v2", None);
    assert_eq!(marks(&lines), "==<===");
    assert_eq!(
        lines[2],
        PairLine {
            old: Some(3),
            mark: '<',
            new: None
        }
    );
}

#[test]
fn an_added_patch_is_new() {
    let t = Topic::new();
    (0..3).for_each(|i| t.pick(i));
    edit(&t.r, "docs/guide.txt", "Intro.", "Intro, longer.");
    t.r.git(&["commit", "-qam", "docs: longer intro"]);
    (3..6).for_each(|i| t.pick(i));
    let lines = same_as_git(&t.r, &t.v1, "main..v2", None);
    assert_eq!(marks(&lines), "===>===");
    assert_eq!(state_of(&t.r, &t.v1, "main..v2", 3), State::New);
}

#[test]
fn an_edited_line_changes_the_code_only() {
    let t = Topic::new();
    (0..4).for_each(|i| t.pick(i));
    edit(&t.r, "src/alpha.c", "\t\ty = 9;", "\t\ty = 8;");
    t.r.git(&["commit", "-qa", "--amend", "--no-edit"]);
    (4..6).for_each(|i| t.pick(i));
    let lines = same_as_git(&t.r, &t.v1, "main..v2", None);
    assert_eq!(marks(&lines), "===!==");
    assert_eq!(
        state_of(&t.r, &t.v1, "main..v2", 3),
        State::Changed {
            code: true,
            message: false
        }
    );
}

#[test]
fn an_edited_message_changes_the_message_only() {
    let t = Topic::new();
    t.pick(0);
    t.amend("alpha: double in alpha_2\n\nWhy: it was too small.\n\nSigned-off-by: A U Thor <author@example.org>\nReviewed-by: R <r@example.org>\n");
    (1..6).for_each(|i| t.pick(i));
    let lines = same_as_git(&t.r, &t.v1, "main..v2", None);
    assert_eq!(marks(&lines), "!=====");
    assert_eq!(
        state_of(&t.r, &t.v1, "main..v2", 0),
        State::Changed {
            code: false,
            message: true
        }
    );
}

#[test]
fn a_split_patch_pairs_one_half_and_adds_the_other() {
    let t = Topic::new();
    // Patch 6 adds a function; v2 adds it in two steps.
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
    let lines = same_as_git(&t.r, &t.v1, "main..v2", None);
    assert_eq!(
        lines.iter().filter(|l| l.mark == '>').count(),
        1,
        "{lines:?}"
    );
    assert_eq!(
        lines.iter().filter(|l| l.mark == '!').count(),
        1,
        "{lines:?}"
    );
}

#[test]
fn squashed_patches_pair_one_and_drop_the_other() {
    let t = Topic::new();
    t.pick_no_commit(0);
    t.pick_no_commit(3);
    t.r.git(&["commit", "-qm", "alpha: double and clamp"]);
    for i in [1, 2, 4, 5] {
        t.pick(i);
    }
    let lines = same_as_git(&t.r, &t.v1, "main..v2", None);
    assert_eq!(
        lines.iter().filter(|l| l.mark == '<').count(),
        1,
        "{lines:?}"
    );
    assert_eq!(
        lines.iter().filter(|l| l.mark == '!').count(),
        1,
        "{lines:?}"
    );
}

#[test]
fn the_creation_factor_decides_between_changed_and_new() {
    let t = Topic::new();
    (0..5).for_each(|i| t.pick(i));
    // A heavy rework of patch 6: pairs at git's default, not at a low factor.
    edit(&t.r, "src/alpha.c", "int alpha_11(int x)", "int alpha_extra(void)\n{\n\tint v = 40;\n\n\tv += 2;\n\treturn v;\n}\n\nint alpha_11(int x)");
    t.r.git(&["commit", "-qam", "alpha: new function"]);
    for factor in [None, Some(5), Some(200), Some(0)] {
        same_as_git(&t.r, &t.v1, "main..v2", factor);
    }
}

#[test]
fn identical_patches_tie_as_git_breaks_ties() {
    // The same change three times (reverted in between): exact matches and assignment ties.
    let mut r = TestRepo::new();
    r.commit("base\n", &[("f", Some(b"a\nb\nc\n"))]);
    r.git(&["tag", "base"]);
    for round in 0..3 {
        r.commit(
            &format!("add d, round {round}\n"),
            &[("f", Some(b"a\nb\nc\nd\n"))],
        );
        r.commit(
            &format!("drop d, round {round}\n"),
            &[("f", Some(b"a\nb\nc\n"))],
        );
    }
    r.git(&["tag", "v1"]);
    r.git(&["checkout", "-q", "-b", "v2", "base"]);
    for round in 0..2 {
        r.commit(
            &format!("add d again {round}\n"),
            &[("f", Some(b"a\nb\nc\nd\n"))],
        );
        r.commit(
            &format!("drop d again {round}\n"),
            &[("f", Some(b"a\nb\nc\n"))],
        );
    }
    r.commit("empty\n", &[]);
    same_as_git(&r, "base..v1", "base..v2", None);
    same_as_git(&r, "base..v2", "base..v1", None);
}

#[test]
fn randomized_rerolls_agree_with_git() {
    let mut rng = Rng(0xfeed_f00d_1234_5678);
    let mut compared = 0;
    for round in 0..4 {
        let t = Topic::new();
        let mut order: Vec<usize> = (0..6).collect();
        for i in (1..6).rev() {
            order.swap(i, rng.below(i + 1));
        }
        for (k, &i) in order.iter().enumerate() {
            match rng.below(6) {
                0 => continue, // dropped
                1 => {
                    t.pick(i);
                    t.amend(&format!("reworded {round} {k}\n\nNew words.\n"));
                }
                2 => {
                    t.pick(i);
                    t.r.write(&[(
                        &format!("extra{k}.txt"),
                        Some(format!("extra {k}\n").as_bytes()),
                    )]);
                    t.r.git(&["add", "-A"]);
                    t.r.git(&["commit", "-q", "--amend", "--no-edit"]);
                }
                _ => t.pick(i),
            }
            if rng.below(5) == 0 {
                t.r.write(&[(
                    &format!("new{k}.txt"),
                    Some(format!("new {k}\n").as_bytes()),
                )]);
                t.r.git(&["add", "-A"]);
                t.r.git(&["commit", "-qm", &format!("new patch {k}")]);
            }
        }
        for factor in [None, Some(30), Some(100)] {
            same_as_git(&t.r, &t.v1, "main..v2", factor);
            same_as_git(&t.r, "main..v2", &t.v1, factor);
            compared += 2;
        }
    }
    assert_eq!(compared, 24);
}

#[test]
fn a_single_revision_means_its_commits_since_upstream() {
    let t = Topic::new();
    (0..6).for_each(|i| t.pick(i));
    // v1 is a tag off main's past: its range is base..v1; v2 is the current branch.
    let out = t.r.triage(&["range-diff", "v1", "v2"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        t.r.git(&["range-diff", "--no-color", "base..v1", "main..v2"])
    );
}

#[test]
fn bad_versions_are_one_line_errors() {
    let t = Topic::new();
    for args in [
        vec!["range-diff", "nope..v1", "main..v2"],
        vec!["range-diff", "base...v1", "main..v2"],
        vec![
            "range-diff",
            "base..v1",
            "main..v2",
            "--creation-factor",
            "x",
        ],
    ] {
        let out = t.r.triage(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.starts_with("error"), "{args:?}: {err}");
        assert!(out.stdout.is_empty());
    }
}

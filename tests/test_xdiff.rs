//! The line diff behind `range-diff` finds the same changes as git's xdiff: its unified output
//! equals `git diff --no-index` on texts built to hit xdiff's preprocessing, heuristics and
//! compaction.

use git_triage::versions::xdiff::{self, Interner, Origin};

use crate::common::{isolate, Rng};

/// Our unified diff, with git's hunk headers and default section headings.
fn unified(a: &[u8], b: &[u8], indent_heuristic: bool) -> Vec<u8> {
    let mut interner = Interner::default();
    let (la, lb) = (interner.lines(a), interner.lines(b));
    let mut scratch = xdiff::Scratch::default();
    let changes = xdiff::changes(&la, &lb, indent_heuristic, &mut scratch);
    let hunks = xdiff::hunks(&changes, la.lines.len(), lb.lines.len(), 3);
    let headings = xdiff::headings(&la, &hunks, &xdiff::default_heading);
    let mut out = Vec::new();
    let range = |s: usize, c: usize| match c {
        0 => format!("{s},0"),
        1 => format!("{}", s + 1),
        _ => format!("{},{c}", s + 1),
    };
    for (h, heading) in hunks.iter().zip(&headings) {
        out.extend_from_slice(
            format!(
                "@@ -{} +{} @@",
                range(h.s1, h.e1 - h.s1),
                range(h.s2, h.e2 - h.s2)
            )
            .as_bytes(),
        );
        if !heading.is_empty() {
            out.push(b' ');
            out.extend_from_slice(heading);
        }
        out.push(b'\n');
        for (origin, i) in xdiff::hunk_lines(&changes, h) {
            let (c, line) = match origin {
                Origin::Context => (b' ', lb.lines[i]),
                Origin::Removed => (b'-', la.lines[i]),
                Origin::Added => (b'+', lb.lines[i]),
            };
            out.push(c);
            out.extend_from_slice(line);
            if !line.ends_with(b"\n") {
                out.extend_from_slice(b"\n\\ No newline at end of file\n");
            }
        }
    }
    out
}

fn git_unified(dir: &std::path::Path, a: &[u8], b: &[u8], indent_heuristic: bool) -> Vec<u8> {
    std::fs::write(dir.join("a"), a).unwrap();
    std::fs::write(dir.join("b"), b).unwrap();
    let mut cmd = std::process::Command::new("git");
    cmd.current_dir(dir)
        .args(["diff", "--no-index", "--no-color", "-U3"]);
    if !indent_heuristic {
        cmd.arg("--no-indent-heuristic");
    }
    isolate(&mut cmd, dir);
    let out = cmd.args(["a", "b"]).output().unwrap();
    let text = out.stdout;
    match text.windows(3).position(|w| w == b"\n@@") {
        Some(p) => text[p + 1..].to_vec(),
        None => Vec::new(),
    }
}

/// A text from a small vocabulary of lines, so that lines repeat as braces and blank lines do.
fn text(rng: &mut Rng, len: usize, vocabulary: usize) -> Vec<String> {
    (0..len)
        .map(|_| match rng.below(vocabulary) {
            0 => String::new(),
            1 => "}".into(),
            2 => "\t\treturn 0;".into(),
            3 => "int f(void)".into(),
            n => format!("{}line {n}", " ".repeat(rng.below(3) * 4)),
        })
        .collect()
}

fn mutate(rng: &mut Rng, lines: &[String], edits: usize, vocabulary: usize) -> Vec<String> {
    let mut out = lines.to_vec();
    for _ in 0..edits {
        let at = rng.below(out.len() + 1);
        match rng.below(3) {
            0 if at < out.len() => {
                let n = (1 + rng.below(5)).min(out.len() - at);
                out.drain(at..at + n);
            }
            1 => {
                let n = 1 + rng.below(6);
                let new = text(rng, n, vocabulary);
                out.splice(at..at, new);
            }
            _ if at < out.len() => out[at] = format!("changed {}", rng.below(1000)),
            _ => {}
        }
    }
    out
}

fn join(lines: &[String], final_newline: bool) -> Vec<u8> {
    let mut s = lines.join("\n");
    if final_newline && !lines.is_empty() {
        s.push('\n');
    }
    s.into_bytes()
}

#[test]
fn random_edits_diff_as_git_diffs_them() {
    let dir = tempfile::tempdir().unwrap();
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    let mut compared = 0;
    for case in 0..300 {
        let vocabulary = [6, 12, 40, 400][case % 4];
        let len = [0, 5, 30, 200][rng.below(4)];
        let a = text(&mut rng, len, vocabulary);
        let edits = rng.below(12);
        let b = mutate(&mut rng, &a, edits, vocabulary);
        let (a, b) = (join(&a, rng.below(8) != 0), join(&b, rng.below(8) != 0));
        for heuristic in [true, false] {
            let ours = unified(&a, &b, heuristic);
            let theirs = git_unified(dir.path(), &a, &b, heuristic);
            assert_eq!(
                String::from_utf8_lossy(&ours),
                String::from_utf8_lossy(&theirs),
                "case {case}, indent heuristic {heuristic}\n--- a\n{}\n--- b\n{}",
                String::from_utf8_lossy(&a),
                String::from_utf8_lossy(&b)
            );
            compared += 1;
        }
    }
    assert_eq!(compared, 600);
}

#[test]
fn large_rewrites_take_the_heuristic_shortcuts_git_takes() {
    // Thousands of lines from a vocabulary small enough that few lines are set aside, with
    // blocks of more than 20 common lines moved around: the edit cost passes xdiff's
    // heuristic threshold (256) and its cost limit, so it cuts its search short, as git does.
    let dir = tempfile::tempdir().unwrap();
    let mut rng = Rng(0x0bad_cafe_f00d_0002);
    for case in 0..8 {
        let len = 2000 + rng.below(3000);
        let vocabulary = [300, 1000, 5000][case % 3];
        let a = text(&mut rng, len, vocabulary);
        let mut blocks: Vec<&[String]> = a.chunks(20 + rng.below(40)).collect();
        for i in (1..blocks.len()).rev() {
            if rng.below(3) == 0 {
                blocks.swap(i, rng.below(i + 1));
            }
        }
        let mut b = Vec::new();
        for block in blocks {
            b.extend_from_slice(block);
            let n = rng.below(8);
            b.extend(text(&mut rng, n, vocabulary));
        }
        let (a, b) = (join(&a, true), join(&b, true));
        for heuristic in [true, false] {
            let ours = unified(&a, &b, heuristic);
            let theirs = git_unified(dir.path(), &a, &b, heuristic);
            assert!(
                ours == theirs,
                "large case {case} differs from git (heuristic {heuristic})"
            );
        }
    }
}

#[test]
fn huge_files_with_scattered_edits_take_the_good_snake_shortcut() {
    // Beyond 65,536 diagonals xdiff's cost limit rises above its heuristic threshold, and a
    // forward path running down long snakes far ahead of the edit cost is taken as the split.
    let dir = tempfile::tempdir().unwrap();
    let mut rng = Rng(0x1234_5678_9abc_def1);
    let a = text(&mut rng, 40_000, 10_000);
    let mut b = a.clone();
    let mut at = 0;
    while at < b.len() {
        b[at] = a[rng.below(a.len())].clone();
        at += 20 + rng.below(15);
    }
    let (a, b) = (join(&a, true), join(&b, true));
    assert!(unified(&a, &b, false) == git_unified(dir.path(), &a, &b, false));
}

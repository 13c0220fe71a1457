//! Patches in `range-diff`'s text form, read from commits with libgit2, against what
//! `range-diff.c` reads from `git log` (its `read_patches`, transcribed here and run on git's
//! own output): messages, notes, mailmap, renames, modes, binaries, type changes, headings.

use git_triage::versions::{self, PatchText};

use crate::common::TestRepo;
use crate::test_range_diff::{c_file, Topic};

/// What `range-diff` reads from `git log` for each commit of `range`, transcribed from
/// `range-diff.c` (`read_patches`) and run on git's own output: the oracle for our texts.
fn git_texts(r: &TestRepo, range: &str) -> Vec<(Vec<u8>, usize)> {
    let out = r.git_output(
        &[
            "log",
            "--no-color",
            "-p",
            "--no-merges",
            "--reverse",
            "--date-order",
            "--decorate=no",
            "--no-prefix",
            "--submodule=short",
            "--output-indicator-new=>",
            "--output-indicator-old=<",
            "--output-indicator-context=#",
            "--no-abbrev-commit",
            "--pretty=medium",
            "--show-notes-by-default",
            range,
        ],
        None,
    );
    assert!(out.status.success());
    let lines: Vec<&[u8]> = out.stdout.split(|&c| c == b'\n').collect();
    let mut texts: Vec<(Vec<u8>, usize)> = Vec::new();
    let mut in_header = true;
    let mut current_file: Vec<u8> = Vec::new();
    let mut k = 0;
    while k < lines.len() {
        let line = lines[k];
        k += 1;
        if line.starts_with(b"commit ") {
            texts.push((Vec::new(), 0));
            in_header = true;
            continue;
        }
        let Some((buf, size)) = texts.last_mut() else {
            continue;
        };
        if line.starts_with(b"diff --git ") {
            in_header = false;
            let mut header = Vec::new();
            while k < lines.len() && is_header_line(lines[k]) {
                header.push(lines[k]);
                k += 1;
            }
            let (desc, file) = describe_file(&line[11..], &header);
            buf.push(b'\n');
            buf.extend_from_slice(b" ## ");
            buf.extend_from_slice(&desc);
            buf.extend_from_slice(b" ##");
            current_file = file;
        } else if in_header {
            if line.starts_with(b"Author: ") {
                buf.extend_from_slice(b" ## Metadata ##\n");
                buf.extend_from_slice(line);
                buf.extend_from_slice(b"\n\n ## Commit message ##\n");
            } else if line.starts_with(b"Notes") && line.ends_with(b":") {
                buf.extend_from_slice(b"\n\n ## ");
                buf.extend_from_slice(&line[..line.len() - 1]);
                buf.extend_from_slice(b" ##\n");
            } else if line.starts_with(b"    ") {
                let end = line
                    .iter()
                    .rposition(|c| !b" \t\r\n".contains(c))
                    .map_or(0, |p| p + 1);
                buf.extend_from_slice(&line[..end]);
                buf.push(b'\n');
            }
            continue;
        } else if let Some(rest) = line.strip_prefix(b"@@ ") {
            let close = rest.windows(2).position(|w| w == b"@@").unwrap();
            let after = &rest[close + 2..];
            buf.extend_from_slice(b"@@");
            if !after.is_empty() {
                buf.push(b' ');
                buf.extend_from_slice(&current_file);
                buf.push(b':');
            }
            buf.extend_from_slice(after);
        } else if line.is_empty() {
            continue;
        } else {
            let (c, rest) = match line[0] {
                b'>' => (b'+', &line[1..]),
                b'<' => (b'-', &line[1..]),
                b'#' => (b' ', &line[1..]),
                _ => (b' ', line),
            };
            buf.push(c);
            buf.extend_from_slice(rest);
        }
        buf.push(b'\n');
        *size += 1;
    }
    texts
}

fn is_header_line(line: &[u8]) -> bool {
    [
        "old mode ",
        "new mode ",
        "deleted file mode ",
        "new file mode ",
        "copy from ",
        "copy to ",
        "rename old ",
        "rename new ",
        "rename from ",
        "rename to ",
        "similarity index ",
        "dissimilarity index ",
        "index ",
        "--- ",
        "+++ ",
    ]
    .iter()
    .any(|p| line.starts_with(p.as_bytes()))
}

/// A C-quoted path as git writes it, unquoted; other paths as they are.
fn unquote(s: &[u8]) -> Vec<u8> {
    let Some(inner) = s.strip_prefix(b"\"").and_then(|s| s.strip_suffix(b"\"")) else {
        return s.to_vec();
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < inner.len() {
        if inner[i] == b'\\' {
            let c = inner[i + 1];
            if c.is_ascii_digit() {
                out.push(
                    u8::from_str_radix(std::str::from_utf8(&inner[i + 1..i + 4]).unwrap(), 8)
                        .unwrap(),
                );
                i += 4;
                continue;
            }
            out.push(match c {
                b'n' => b'\n',
                b't' => b'\t',
                other => other,
            });
            i += 2;
        } else {
            out.push(inner[i]);
            i += 1;
        }
    }
    out
}

/// The ` ## ... ##` description of a file and the name its hunks are labelled with.
fn describe_file(names: &[u8], header: &[&[u8]]) -> (Vec<u8>, Vec<u8>) {
    // git ends `---`/`+++` names that hold a space with a tab; apply stops a name there.
    let field = |p: &str| {
        header
            .iter()
            .find_map(|l| l.strip_prefix(p.as_bytes()))
            .map(|v| {
                let v = if p.ends_with("- ") || p.ends_with("+ ") {
                    v.split(|&c| c == b'\t').next().unwrap()
                } else {
                    v
                };
                unquote(v)
            })
    };
    let is_new = field("new file mode ").is_some();
    let is_delete = field("deleted file mode ").is_some();
    let half = if names.starts_with(b"\"") {
        let end = names[1..].iter().position(|&c| c == b'"').unwrap() + 2;
        unquote(&names[..end])
    } else {
        names[..names.len() / 2].to_vec()
    };
    let old = field("rename from ")
        .or(field("--- ").filter(|n| n != b"/dev/null"))
        .unwrap_or(half.clone());
    let new = field("rename to ")
        .or(field("+++ ").filter(|n| n != b"/dev/null"))
        .unwrap_or(half);
    let mut desc = if is_new {
        [&new[..], b" (new)"].concat()
    } else if is_delete {
        [&old[..], b" (deleted)"].concat()
    } else if field("rename from ").is_some() {
        [&old[..], b" => ", &new[..]].concat()
    } else {
        new.clone()
    };
    if let (Some(o), Some(n)) = (field("old mode "), field("new mode ")) {
        desc.extend_from_slice(
            format!(
                " (mode change {} => {})",
                String::from_utf8_lossy(&o),
                String::from_utf8_lossy(&n)
            )
            .as_bytes(),
        );
    }
    (desc, if is_delete { old } else { new })
}

fn assert_texts_like_git(r: &TestRepo, range: &str) -> usize {
    let repo = git2::Repository::open(r.path()).unwrap();
    let ours: Vec<PatchText> = versions::commits::load(&repo, range).unwrap();
    let theirs = git_texts(r, range);
    assert_eq!(ours.len(), theirs.len());
    for (o, (t, size)) in ours.iter().zip(&theirs) {
        assert!(
            o.text == *t,
            "text of {} differs\n--- git\n{}\n--- ours\n{}",
            o.label,
            String::from_utf8_lossy(t),
            String::from_utf8_lossy(&o.text)
        );
        assert_eq!(o.diff_lines, *size, "{}", o.label);
    }
    ours.len()
}

#[test]
fn patch_texts_are_what_range_diff_reads_from_git_log() {
    let mut r = TestRepo::new();
    r.write(&[(
        ".mailmap",
        Some(b"Proper Name <proper@example.org> <author@example.org>\n"),
    )]);
    r.commit(
        "base\n",
        &[
            ("a.c", Some(c_file("a", 6).as_bytes())),
            ("bin", Some(b"\x00\x01")),
        ],
    );
    r.git(&["tag", "base"]);
    r.commit(
        "\n  Subject\twith tab  \nand a second line\n\nBody\twith\ttabs\n\tindented   \n\n \nTrailer: x\n\n",
        &[("a.c", Some(c_file("a", 6).replace("x * 3", "x * 33").as_bytes())), ("bin", Some(b"\x00\x02"))],
    );
    r.git(&["notes", "add", "-m", "a note\n\n\tsecond  line", "HEAD"]);
    r.git(&["notes", "--ref=review", "add", "-m", "reviewed", "HEAD"]);
    r.git(&["config", "notes.displayRef", "refs/notes/review"]);
    r.commit(
        "rename and mode\n",
        &[
            ("a.c", None),
            (
                "b.c",
                Some(c_file("a", 6).replace("x * 3", "x * 33").as_bytes()),
            ),
        ],
    );
    std::fs::set_permissions(
        r.path().join("b.c"),
        std::os::unix::fs::PermissionsExt::from_mode(0o755),
    )
    .unwrap();
    r.git(&["add", "-A"]);
    r.git(&["commit", "-q", "--amend", "--no-edit"]);
    r.commit(
        "no newline, space and unicode in names\n",
        &[("no eol", Some(b"last")), ("caf\u{e9}.txt", Some(b"x\n"))],
    );
    std::os::unix::fs::symlink("b.c", r.path().join("link")).unwrap();
    r.commit("symlink, then empty file\n", &[("empty", Some(b""))]);
    r.write(&[("link", None)]);
    r.commit(
        "symlink becomes a file; binary goes\n",
        &[("link", Some(b"file\n")), ("bin", None)],
    );
    // A heading cut at 80 bytes right after a space: git trims it, libgit2 does not.
    let long = format!(
        "int f(int {}, int b)\n{{\n\t1;\n\t2;\n\t3;\n\t4;\n}}\n",
        "a".repeat(68)
    );
    assert_eq!(&long.as_bytes()[79..80], b" ");
    r.commit("long heading\n", &[("long.c", Some(long.as_bytes()))]);
    r.commit(
        "under a long heading\n",
        &[("long.c", Some(long.replace("4;", "5;").as_bytes()))],
    );
    r.commit("empty commit\n", &[]);
    r.commit("mode only\n", &[]);
    std::fs::set_permissions(
        r.path().join("b.c"),
        std::os::unix::fs::PermissionsExt::from_mode(0o644),
    )
    .unwrap();
    r.git(&["add", "-A"]);
    r.git(&["commit", "-q", "--amend", "--no-edit"]);
    assert_eq!(assert_texts_like_git(&r, "base..HEAD"), 9);
}

#[test]
fn topic_texts_are_what_range_diff_reads_from_git_log() {
    let t = Topic::new();
    (0..6).for_each(|i| t.pick(i));
    assert_eq!(assert_texts_like_git(&t.r, "base..v1"), 6);
    assert_eq!(assert_texts_like_git(&t.r, "main..v2"), 6);
}

//! The diff model agrees with git: file statuses with `git diff-tree -r -M`, hunk counts with
//! `git diff-tree -p -M`, patch-ids with `git show | git patch-id --stable`, and the series order
//! with `git log --reverse --topo-order`.

use git_triage::{diff, Config, Series};

use crate::common::{signed, TestRepo};

/// A repository whose history exercises every kind of change.
pub fn varied_history() -> (TestRepo, String) {
    let mut r = TestRepo::new();
    let lines = |n: usize, tag: &str| -> Vec<u8> {
        (0..n)
            .map(|i| format!("{tag} line {i} of a file long enough to be renamed\n"))
            .collect::<String>()
            .into_bytes()
    };
    let big = lines(40, "tcg");
    r.commit(
        &signed("base"),
        &[
            ("tcg/op.c", Some(&big)),
            ("hw/dev.c", Some(&lines(30, "hw"))),
            ("docs/a.rst", Some(b"doc\n")),
            ("gone.c", Some(&lines(10, "gone"))),
        ],
    );
    let base = r.head();
    let mut modified = big.clone();
    modified.splice(0..0, b"new first line\n".iter().copied());
    modified.extend_from_slice(b"new last line\n");
    r.commit(&signed("tcg: two hunks"), &[("tcg/op.c", Some(&modified))]);
    r.git(&["mv", "hw/dev.c", "hw/device.c"]);
    r.commit_staged(&signed("hw: pure rename"));
    let mut renamed = lines(30, "hw");
    renamed[0] = b'H';
    std::fs::create_dir_all(r.path().join("hw/net")).unwrap();
    r.git(&["mv", "hw/device.c", "hw/net/device.c"]);
    r.commit(
        &signed("hw: rename with changes"),
        &[("hw/net/device.c", Some(&renamed))],
    );
    r.commit(
        &signed("add binary, delete a file"),
        &[
            ("blob.bin", Some(b"\x00\x01\x02binary\x00")),
            ("gone.c", None),
        ],
    );
    r.commit(
        &signed("change binary"),
        &[("blob.bin", Some(b"\x00\x01\x03binary changed\x00"))],
    );
    std::fs::remove_file(r.path().join("docs/a.rst")).unwrap();
    std::os::unix::fs::symlink("../tcg/op.c", r.path().join("docs/a.rst")).unwrap();
    r.git(&["add", "-A"]);
    r.commit_staged(&signed("docs: typechange to symlink"));
    r.commit(
        &signed("non-UTF-8 path"),
        &[("docs/caf\u{e9}-\u{1F600}.txt", Some(b"x\n"))],
    );
    {
        use std::os::unix::ffi::OsStrExt;
        let name = std::ffi::OsStr::from_bytes(b"docs/latin1-\xe9.txt");
        std::fs::write(r.path().join(name), b"latin\n").unwrap();
    }
    r.git(&["add", "-A"]);
    r.commit_staged(&signed("raw byte path"));
    r.git(&["update-index", "--chmod=+x", "tcg/op.c"]);
    r.commit_staged(&signed("mode change"));
    r.commit(&signed("empty file"), &[("empty", Some(b""))]);
    r.commit(
        &signed("no newline at end"),
        &[("docs/noeol", Some(b"one\ntwo"))],
    );
    r.commit(
        &signed("still no newline"),
        &[("docs/noeol", Some(b"one\nthree"))],
    );
    (r, base)
}

fn git_name_status(r: &TestRepo, commit: &str) -> Vec<String> {
    r.git(&[
        "-c",
        "core.quotePath=false",
        "diff-tree",
        "-r",
        "-M",
        "--no-commit-id",
        "--name-status",
        "-z",
        commit,
    ])
    .split('\0')
    .filter(|s| !s.is_empty())
    .map(str::to_string)
    .collect()
}

#[test]
fn file_lists_hunks_and_patch_ids_agree_with_git() {
    let (r, base) = varied_history();
    let repo = git2::Repository::open(r.path()).unwrap();
    let series = Series::load(&repo, Some(&format!("{base}..HEAD"))).unwrap();
    assert_eq!(series.patches.len(), 12);
    let config = Config::builtin();
    for patch in &series.patches {
        let commit = patch.key.to_string();
        let d = diff::diff(&repo, patch, &config.areas).unwrap();
        // The cheap file list agrees with the full diff.
        let listed = diff::changes(&repo, patch, &config.areas).unwrap();
        let paths = |v: &[diff::FileChange]| -> Vec<(Vec<u8>, diff::Status)> {
            v.iter().map(|f| (f.path.clone(), f.status)).collect()
        };
        assert_eq!(
            paths(&listed),
            paths(&d.files),
            "listing of {}",
            patch.subject
        );

        // Name and status, in git's -z layout: status, [old path,] path.
        let mut ours = Vec::new();
        for f in &d.files {
            let mut letter = f.status.letter().to_string();
            if let Some(old) = &f.old_path {
                letter = format!("{letter}100");
                ours.push(letter);
                ours.push(String::from_utf8_lossy(old).into_owned());
            } else {
                ours.push(letter);
            }
            ours.push(String::from_utf8_lossy(&f.path).into_owned());
        }
        let theirs = git_name_status(&r, &commit);
        let strip_score = |v: &[String]| -> Vec<String> {
            v.iter()
                .map(|s| {
                    if s.starts_with('R') || s.starts_with('C') {
                        s[..1].to_string()
                    } else {
                        s.clone()
                    }
                })
                .collect()
        };
        assert_eq!(
            strip_score(&ours),
            strip_score(&theirs),
            "files of {}",
            patch.subject
        );

        // Hunks per file, counted from git's patch.
        let p = r.git(&["diff-tree", "-p", "-M", "--no-commit-id", &commit]);
        // A type change is printed as two diffs of one path; count them as one file.
        let mut git_hunks: Vec<(String, usize)> = Vec::new();
        for section in p.split("\ndiff --git ") {
            let header = section
                .lines()
                .next()
                .unwrap_or("")
                .trim_start_matches("diff --git ")
                .to_string();
            let n = section.lines().filter(|l| l.starts_with("@@ ")).count();
            match git_hunks.last_mut() {
                Some((h, count)) if *h == header => *count += n,
                _ => git_hunks.push((header, n)),
            }
        }
        let git_hunks: Vec<usize> = git_hunks.into_iter().map(|(_, n)| n).collect();
        let our_hunks: Vec<usize> = d.files.iter().map(|f| f.hunks.len()).collect();
        assert_eq!(our_hunks, git_hunks, "hunks of {}", patch.subject);

        // Binary flags match git's "Binary files ... differ".
        let binaries = p.matches("Binary files").count();
        assert_eq!(
            d.files.iter().filter(|f| f.binary).count(),
            binaries,
            "{}",
            patch.subject
        );

        // Stable patch-id.
        let show = r.git_output(&["show", &commit], None).stdout;
        let pid = r.git_output(&["patch-id", "--stable"], Some(&show)).stdout;
        let pid = String::from_utf8_lossy(&pid);
        let expected = pid.split_whitespace().next().map(str::to_string);
        assert_eq!(
            d.patch_id.map(|o| o.to_string()),
            expected,
            "patch-id of {}",
            patch.subject
        );
    }
}

#[test]
fn order_matches_git_log_topo_order_with_merges() {
    let mut r = TestRepo::new();
    r.commit(&signed("base"), &[("a", Some(b"a\n"))]);
    let base = r.head();
    r.git(&["checkout", "-q", "-b", "side"]);
    r.commit(&signed("side 1"), &[("s", Some(b"1\n"))]);
    r.commit(&signed("side 2"), &[("s", Some(b"2\n"))]);
    r.git(&["checkout", "-q", "main"]);
    r.commit(&signed("main 1"), &[("m", Some(b"1\n"))]);
    r.git(&[
        "merge",
        "-q",
        "--no-ff",
        "-m",
        "Merge branch 'side'",
        "side",
    ]);
    r.commit(&signed("after merge"), &[("m", Some(b"2\n"))]);
    let repo = git2::Repository::open(r.path()).unwrap();
    let series = Series::load(&repo, Some(&format!("{base}.."))).unwrap();
    let ours: Vec<String> = series.patches.iter().map(|p| p.key.to_string()).collect();
    let theirs: Vec<String> = r
        .git(&[
            "log",
            "--reverse",
            "--topo-order",
            "--format=%H",
            &format!("{base}..HEAD"),
        ])
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(ours, theirs);
    let merge = series.patches.iter().find(|p| p.is_merge()).unwrap();
    let d = diff::diff(&repo, merge, &Config::builtin().areas).unwrap();
    assert!(d.files.is_empty() && d.patch_id.is_none());
}

#[test]
fn root_commit_diffs_against_the_empty_tree() {
    let mut r = TestRepo::new();
    r.commit(&signed("root"), &[("a.c", Some(b"one\ntwo\n"))]);
    let repo = git2::Repository::open(r.path()).unwrap();
    let series = Series::load(&repo, Some("HEAD")).unwrap();
    assert!(series.patches.is_empty(), "HEAD alone means HEAD..HEAD");
    let head = repo.head().unwrap().peel_to_commit().unwrap();
    let patch = git_triage::series::read_patch(&head, 1, &Default::default());
    let d = diff::diff(&repo, &patch, &Config::builtin().areas).unwrap();
    assert_eq!(d.files.len(), 1);
    assert_eq!(d.files[0].status, diff::Status::Added);
    assert_eq!(d.files[0].hunks[0].added(), 2);
    let show = r.git_output(&["show", "HEAD"], None).stdout;
    let pid = r.git_output(&["patch-id", "--stable"], Some(&show)).stdout;
    assert!(String::from_utf8_lossy(&pid).starts_with(&d.patch_id.unwrap().to_string()));
}

/// A history of branches, criss-cross and octopus merges whose commits all have the same date,
/// so that no order falls out of timestamps: the series must be listed exactly as `git log
/// --reverse --topo-order` lists it, with and without a commit-graph.
#[test]
fn order_matches_git_log_with_equal_dates_and_criss_cross_merges() {
    let r = TestRepo::new();
    let mut stream = String::new();
    let mut mark = 0;
    let mut commit = |stream: &mut String, branch: &str, from: &[usize], file: &str| -> usize {
        mark += 1;
        let msg = format!("{branch} {mark}\n");
        stream.push_str(&format!(
            "commit refs/heads/{branch}\nmark :{mark}\n\
             committer C <c@example.org> 1700000000 +0000\ndata {}\n{msg}",
            msg.len()
        ));
        for (k, f) in from.iter().enumerate() {
            let verb = if k == 0 { "from" } else { "merge" };
            stream.push_str(&format!("{verb} :{f}\n"));
        }
        stream.push_str(&format!("M 100644 inline {file}\ndata 3\n{mark}\n\n"));
        mark
    };
    let base = commit(&mut stream, "main", &[], "base");
    let a1 = commit(&mut stream, "a", &[base], "a");
    let b1 = commit(&mut stream, "b", &[base], "b");
    let c1 = commit(&mut stream, "c", &[base], "c");
    let a2 = commit(&mut stream, "a", &[a1, b1], "a");
    let b2 = commit(&mut stream, "b", &[b1, a1], "b");
    let m1 = commit(&mut stream, "main", &[base], "m");
    let a3 = commit(&mut stream, "a", &[a2], "a");
    let oct = commit(&mut stream, "main", &[m1, a3, b2, c1], "m");
    let c2 = commit(&mut stream, "c", &[c1], "c");
    let m2 = commit(&mut stream, "main", &[oct], "m");
    commit(&mut stream, "main", &[m2, c2], "m");
    let mut fast_import = r.command("git");
    fast_import
        .args(["fast-import", "--quiet"])
        .stdin(std::process::Stdio::piped());
    let mut child = fast_import.spawn().unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stream.as_bytes())
        .unwrap();
    assert!(child.wait().unwrap().success());
    let base_id = r.git(&["rev-parse", "main~3"]);
    let base_id = base_id.trim();
    let repo = git2::Repository::open(r.path()).unwrap();
    for range in [
        format!("{base_id}..main"),
        "main".to_string(),
        "b..main".into(),
    ] {
        for graph in [false, true] {
            if graph {
                r.git(&["commit-graph", "write", "--reachable"]);
            } else {
                let _ = std::fs::remove_file(r.path().join(".git/objects/info/commit-graph"));
            }
            let (theirs_range, ours_range) = if range == "main" {
                // One revision means R..HEAD to git-triage; ask git for the whole history.
                ("main".to_string(), None)
            } else {
                (range.clone(), Some(range.as_str()))
            };
            let theirs: Vec<String> = r
                .git(&[
                    "log",
                    "--reverse",
                    "--topo-order",
                    "--format=%H",
                    &theirs_range,
                ])
                .lines()
                .map(str::to_string)
                .collect();
            let ours: Vec<String> = match ours_range {
                Some(spec) => Series::load(&repo, Some(spec))
                    .unwrap()
                    .patches
                    .iter()
                    .map(|p| p.key.to_string())
                    .collect(),
                None => {
                    let head = repo.revparse_single("main").unwrap().id();
                    git_triage::walk::topo_order(&repo, None, head)
                        .unwrap()
                        .iter()
                        .map(|o| o.to_string())
                        .collect()
                }
            };
            assert!(theirs.len() > 3, "{range}: {theirs:?}");
            assert_eq!(ours, theirs, "{range}, commit-graph: {graph}");
        }
    }
}

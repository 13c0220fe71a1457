//! Patch-ids and rename detection agree with git: every commit of a randomized history with
//! renames, copies, mode changes, binary files, symlinks, type changes and awkward paths gets
//! the patch-id of `git log -p | git patch-id --stable` and the file list (with similarity
//! scores) of `git diff-tree -r -M --name-status`.

use std::collections::HashMap;

use git_triage::{diff, Config};

use crate::common::{signed, TestRepo};

/// Our patch-id and `R<score>`-style file list for one commit.
fn ours(repo: &git2::Repository, commit: &str) -> (Option<String>, Vec<String>) {
    let c = repo
        .find_commit(git2::Oid::from_str(commit).unwrap())
        .unwrap();
    let patch = git_triage::series::read_patch(&c, 1, &Default::default());
    let d = diff::diff(repo, &patch, &Config::builtin().areas).unwrap();
    let mut files = Vec::new();
    for f in &d.files {
        let mut letter = f.status.letter().to_string();
        if let Some(score) = f.similarity {
            letter.push_str(&format!("{score:03}"));
        }
        files.push(letter);
        if let Some(old) = &f.old_path {
            files.push(String::from_utf8_lossy(old).into_owned());
        }
        files.push(String::from_utf8_lossy(&f.path).into_owned());
    }
    // The cheap listing agrees with the full diff.
    let listed = diff::changes(repo, &patch, &Config::builtin().areas).unwrap();
    let names = |v: &[diff::FileChange]| -> Vec<(Vec<u8>, Option<Vec<u8>>, diff::Status)> {
        v.iter()
            .map(|f| (f.path.clone(), f.old_path.clone(), f.status))
            .collect()
    };
    assert_eq!(names(&listed), names(&d.files), "listing of {commit}");
    (d.patch_id.map(|p| p.to_string()), files)
}

/// git's patch-id of every commit of HEAD, by commit id.
fn git_patch_ids(r: &TestRepo) -> HashMap<String, String> {
    let log = r
        .git_output(&["log", "-p", "--format=commit %H", "main"], None)
        .stdout;
    let ids = r.git_output(&["patch-id", "--stable"], Some(&log)).stdout;
    String::from_utf8_lossy(&ids)
        .lines()
        .map(|l| {
            let (pid, commit) = l.split_once(' ').unwrap();
            (commit.to_string(), pid.to_string())
        })
        .collect()
}

/// `git diff-tree -r -M --name-status -z` of one commit.
fn git_files(r: &TestRepo, commit: &str) -> Vec<String> {
    let out = r.git(&[
        "-c",
        "core.quotePath=false",
        "diff-tree",
        "-r",
        "-M",
        "--root",
        "--no-commit-id",
        "--name-status",
        "-z",
        commit,
    ]);
    out.split('\0')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// What a comparison covered: commits, and files by git's status (`R100`, `R`, `T`, ...).
#[derive(Default, Debug)]
struct Covered {
    commits: usize,
    statuses: std::collections::BTreeMap<String, usize>,
}

/// Compares every commit of the repository with git.
fn assert_agrees_with_git(r: &TestRepo, context: &str) -> Covered {
    let repo = git2::Repository::open(r.path()).unwrap();
    let pids = git_patch_ids(r);
    let commits = r.git(&["rev-list", "--reverse", "main"]);
    let mut covered = Covered::default();
    for commit in commits.lines() {
        let (pid, files) = ours(&repo, commit);
        for f in &files {
            if f.len() <= 4 && f.starts_with(|c: char| c.is_ascii_uppercase()) {
                let key = if f.len() > 1 && f != "R100" {
                    &f[..1]
                } else {
                    f
                };
                *covered.statuses.entry(key.to_string()).or_default() += 1;
            }
        }
        let show = || r.git(&["show", "--stat", "-p", "--format=%s", commit]);
        assert_eq!(
            files,
            git_files(r, commit),
            "{context}: files of {commit}\n{}",
            show()
        );
        assert_eq!(
            pid.as_ref(),
            pids.get(commit),
            "{context}: patch-id of {commit}\n{}",
            show()
        );
        covered.commits += 1;
    }
    covered
}

/// The example of the report: `git mv f.txt g.txt`, edit one line, commit.
#[test]
fn rename_with_edits_has_gits_patch_id_and_similarity() {
    let mut r = TestRepo::new();
    let text: String = (1..=20)
        .map(|i| format!("line {i} of the file\n"))
        .collect();
    r.commit(&signed("base"), &[("f.txt", Some(text.as_bytes()))]);
    for (i, edits) in [1usize, 3, 6, 9].into_iter().enumerate() {
        let from = if i == 0 {
            "f.txt".to_string()
        } else {
            format!("dir{}/g{}.txt", i - 1, i - 1)
        };
        let to = format!("dir{i}/g{i}.txt");
        let old = std::fs::read_to_string(r.path().join(&from)).unwrap();
        let mut lines: Vec<String> = old.lines().map(str::to_string).collect();
        for l in lines.iter_mut().take(edits) {
            l.push_str(" edited");
        }
        let new = lines.join("\n") + "\n";
        std::fs::create_dir_all(r.path().join(format!("dir{i}"))).unwrap();
        r.git(&["mv", &from, &to]);
        r.commit(
            &signed(&format!("rename with {edits} edits")),
            &[(&to, Some(new.as_bytes()))],
        );
    }
    let covered = assert_agrees_with_git(&r, "renames");
    assert_eq!(covered.commits, 5);
    // The last one has drifted under 50% from its source: a deletion and an addition for git.
    assert_eq!(covered.statuses["R"], 3, "{covered:?}");
    assert_eq!(covered.statuses["D"], 1, "{covered:?}");
}

/// A binary file's patch-id hashes its abbreviated object names, which grow with the number of
/// packed objects: 7 hex digits up to 16,383 objects, 8 from 16,384 (git's `msb(count) + 1`
/// bits, halved and rounded up).
#[test]
fn binary_patch_id_follows_gits_abbreviation_in_a_packed_repository() {
    let r = TestRepo::new();
    for (blobs, digits) in [(9_000, 7), (8_000, 8)] {
        // Many small blobs in one commit, then a binary file, through fast-import; one pack.
        let mut stream = String::new();
        let mut parent = r
            .git_output(&["rev-parse", "-q", "--verify", "main"], None)
            .status
            .success()
            .then_some("from refs/heads/main^0\n");
        let mut commit = |message: &str, files: &[(String, String)]| {
            stream.push_str(&format!(
                "commit refs/heads/main\ncommitter C <c@example.org> 1700000000 +0000\n\
                 data {}\n{message}\n{}",
                message.len(),
                parent.take().unwrap_or_default()
            ));
            for (path, data) in files {
                stream.push_str(&format!(
                    "M 100644 inline {path}\ndata {}\n{data}\n",
                    data.len()
                ));
            }
        };
        let bulk: Vec<(String, String)> = (0..blobs)
            .map(|i| (format!("bulk/{digits}/{i}"), format!("{digits} blob {i}\n")))
            .collect();
        commit("bulk", &bulk);
        let binary = (format!("blob{digits}.bin"), format!("\0binary {digits}\n"));
        commit(&signed("binary"), &[binary]);
        let out = r.git_output(&["fast-import", "--quiet"], Some(stream.as_bytes()));
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        r.git(&["repack", "-a", "-d", "-q"]);
        let show = r.git(&["show", "--format=", "main"]);
        let index = show.lines().find(|l| l.starts_with("index ")).unwrap();
        assert_eq!(index.len(), "index ..".len() + 2 * digits, "{index}");
        let c = r.git(&["rev-parse", "main"]).trim().to_string();
        let repo = git2::Repository::open(r.path()).unwrap();
        let theirs = git_patch_ids(&r);
        assert_eq!(ours(&repo, &c).0.as_ref(), theirs.get(&c), "{index}");
    }
}

/// git pairs files with the same name first, but only when at least 75% similar; otherwise
/// the most similar file wins.
#[test]
fn same_basename_wins_only_above_75_percent() {
    let mut r = TestRepo::new();
    let lines = |tag: &str, changed: usize| -> String {
        (0..20)
            .map(|i| {
                if i < changed {
                    format!("{tag} replaced line {i}\n")
                } else {
                    format!("original line {i} of the source\n")
                }
            })
            .collect()
    };
    r.commit(&signed("base"), &[("a/x.c", Some(lines("", 0).as_bytes()))]);
    // b/x.c is 60% like a/x.c, c/y.c 95%: the better one wins.
    r.commit(
        &signed("similar names lose under 75%"),
        &[
            ("a/x.c", None),
            ("b/x.c", Some(lines("b", 8).as_bytes())),
            ("c/y.c", Some(lines("c", 1).as_bytes())),
        ],
    );
    let files = git_files(&r, "HEAD");
    assert_eq!(files, ["A", "b/x.c", "R095", "a/x.c", "c/y.c"]);
    // Back to one file; now b2/x.c is 80% alike, and wins over the 95% c2/y.c.
    r.commit(
        &signed("back"),
        &[
            ("b/x.c", None),
            ("c/y.c", None),
            ("a/x.c", Some(lines("", 0).as_bytes())),
        ],
    );
    r.commit(
        &signed("similar names win over 75%"),
        &[
            ("a/x.c", None),
            ("b2/x.c", Some(lines("b", 4).as_bytes())),
            ("c2/y.c", Some(lines("c", 1).as_bytes())),
        ],
    );
    let files = git_files(&r, "HEAD");
    assert!(
        files.starts_with(&["R080".into(), "a/x.c".into(), "b2/x.c".into()]),
        "{files:?}"
    );
    assert_agrees_with_git(&r, "basenames");
}

/// A small deterministic generator (xorshift64*), so that a failure names a seed to replay.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[self.below(v.len())]
    }
}

const DIRS: &[&str] = &[
    "",
    "src/",
    "src/net/",
    "docs/",
    "a/b/c/",
    "dir with space/",
    "caf\u{e9}/",
    "q\"uote/",
    "tab\there/",
];
const NAMES: &[&str] = &[
    "main.c",
    "util.c",
    "README",
    "Makefile",
    "x",
    "data.bin",
    "notes.txt",
    "\u{1F600}.md",
];

/// A file body: lines from a small vocabulary (so that files resemble each other, around git's
/// 50% and 75% thresholds), long lines; some files with CRLF, no final newline, NUL bytes
/// (binary for git and libgit2), many control characters or a UTF-16 byte order mark without a
/// NUL (binary for libgit2 only).
fn body(rng: &mut Rng) -> Vec<u8> {
    const WORDS: &[&str] = &[
        "int x = 0;",
        "return y;",
        "}",
        "{",
        "",
        "static void f(void)",
        "/* a comment that is long enough to cross the sixty-four byte span limit of git */",
        "\tif (a && b) { c(); }",
        "#include <stdio.h>",
    ];
    let kind = rng.below(100);
    let (crlf, nul, control, bom) = (
        kind < 10,
        (10..18).contains(&kind),
        (18..24).contains(&kind),
        (24..27).contains(&kind),
    );
    let mut out = Vec::new();
    if bom {
        out.extend_from_slice(b"\xff\xfe");
    }
    let n = rng.below(40);
    for i in 0..n {
        if rng.chance(60) {
            out.extend_from_slice(rng.pick(WORDS).as_bytes());
        } else {
            out.extend_from_slice(format!("line {} {}", i, rng.below(1000)).as_bytes());
        }
        if control || rng.chance(2) {
            out.push(1 + rng.below(8) as u8);
        }
        if nul && rng.chance(30) {
            out.push(0);
        }
        out.extend_from_slice(if crlf { b"\r\n" } else { b"\n" });
    }
    if rng.chance(10) && out.ends_with(b"\n") {
        out.pop();
    }
    out
}

/// Edits some lines of a body: a share of them, so that similarity spans the thresholds.
fn edit(rng: &mut Rng, old: &[u8]) -> Vec<u8> {
    let mut lines: Vec<Vec<u8>> = old
        .split_inclusive(|&c| c == b'\n')
        .map(<[u8]>::to_vec)
        .collect();
    let share = rng.below(80);
    for l in &mut lines {
        if rng.below(100) < share {
            l.splice(0..0, b"changed ".iter().copied());
        }
    }
    if rng.chance(30) {
        lines.push(format!("appended {}\n", rng.below(100)).into_bytes());
    }
    if rng.chance(20) && !lines.is_empty() {
        let i = rng.below(lines.len());
        lines.remove(i);
    }
    lines.concat()
}

/// The files and symlinks of the work tree (what the next commit will hold), but for
/// `.gitattributes`.
fn tracked(r: &TestRepo) -> Vec<String> {
    fn walk(root: &std::path::Path, dir: &std::path::Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let e = e.unwrap();
            let path = e.path();
            if path == root.join(".git") || path == root.join(".gitattributes") {
                continue;
            }
            if e.file_type().unwrap().is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path.strip_prefix(root).unwrap();
                out.push(rel.to_str().unwrap().to_string());
            }
        }
    }
    let mut out = Vec::new();
    walk(r.path(), r.path(), &mut out);
    out.sort();
    out
}

fn new_path(rng: &mut Rng, existing: &[String]) -> String {
    loop {
        let p = format!("{}{}", rng.pick(DIRS), rng.pick(NAMES));
        let p = if rng.chance(50) {
            format!("{p}{}", rng.below(5))
        } else {
            p
        };
        // Neither the path nor a directory on the way may be a tracked file, nor may it be a
        // directory of tracked files.
        let clash = existing
            .iter()
            .any(|e| e == &p || p.starts_with(&format!("{e}/")) || e.starts_with(&format!("{p}/")));
        if !clash {
            return p;
        }
    }
}

/// One random change to the work tree.
fn random_change(r: &TestRepo, rng: &mut Rng) {
    use std::os::unix::fs::PermissionsExt;
    let files = tracked(r);
    let full = |p: &str| r.path().join(p);
    let read = |p: &str| {
        std::fs::symlink_metadata(full(p)).map_or(Vec::new(), |m| {
            if m.file_type().is_symlink() {
                Vec::new()
            } else {
                std::fs::read(full(p)).unwrap_or_default()
            }
        })
    };
    let write = |p: &str, data: &[u8]| {
        let f = full(p);
        std::fs::create_dir_all(f.parent().unwrap()).unwrap();
        let _ = std::fs::remove_file(&f);
        std::fs::write(f, data).unwrap();
    };
    let remove = |p: &str| {
        let _ = std::fs::remove_file(full(p));
    };
    let op = if files.len() < 3 { 0 } else { rng.below(12) };
    match op {
        0 | 1 => {
            let p = new_path(rng, &files);
            let data = if rng.chance(5) { Vec::new() } else { body(rng) };
            write(&p, &data);
        }
        2 => remove(rng.pick(&files).as_str()),
        3..=5 => {
            // A rename, with edits more often than not, sometimes keeping the basename.
            let from = rng.pick(&files).clone();
            let data = read(&from);
            let mut rest = files.clone();
            rest.retain(|f| f != &from);
            let to = if rng.chance(40) {
                let base = from.rsplit('/').next().unwrap().to_string();
                let candidate = format!("{}{base}", rng.pick(DIRS));
                if rest.iter().any(|e| {
                    e == &candidate
                        || candidate.starts_with(&format!("{e}/"))
                        || e.starts_with(&format!("{candidate}/"))
                }) {
                    new_path(rng, &rest)
                } else {
                    candidate
                }
            } else {
                new_path(rng, &rest)
            };
            let meta = std::fs::symlink_metadata(full(&from)).unwrap();
            let data = if rng.chance(30) || meta.file_type().is_symlink() {
                data
            } else {
                edit(rng, &data)
            };
            if meta.file_type().is_symlink() {
                let target = std::fs::read_link(full(&from)).unwrap();
                remove(&from);
                std::fs::create_dir_all(full(&to).parent().unwrap()).unwrap();
                std::os::unix::fs::symlink(target, full(&to)).unwrap();
            } else {
                let mode = meta.permissions().mode();
                remove(&from);
                write(&to, &data);
                std::fs::set_permissions(full(&to), std::fs::Permissions::from_mode(mode)).unwrap();
            }
        }
        6 => {
            // A copy: git show does not look for copies, so this is an addition.
            let from = rng.pick(&files).clone();
            let data = read(&from);
            let to = new_path(rng, &files);
            write(&to, &data);
        }
        7 => {
            let p = rng.pick(&files).clone();
            if let Ok(meta) = std::fs::symlink_metadata(full(&p)) {
                if !meta.file_type().is_symlink() {
                    let mode = meta.permissions().mode() ^ 0o111;
                    std::fs::set_permissions(full(&p), std::fs::Permissions::from_mode(mode))
                        .unwrap();
                }
            }
        }
        8 => {
            // A type change: a file becomes a symlink or back.
            let p = rng.pick(&files).clone();
            let is_link = std::fs::symlink_metadata(full(&p))
                .map(|m| m.file_type().is_symlink())
                .unwrap_or(false);
            remove(&p);
            if is_link {
                write(&p, &body(rng));
            } else {
                // A target inside the repository that never exists: libgit2 looks attributes up
                // by the work tree's file type, so a link to a directory (`../x` in /tmp) would
                // change its answer for the file once at this path.
                let target = format!("missing-{}", rng.pick(NAMES));
                std::os::unix::fs::symlink(target, full(&p)).unwrap();
            }
        }
        9 => {
            // Two files swap their contents (renames in both directions for git to find).
            let a = rng.pick(&files).clone();
            let b = rng.pick(&files).clone();
            let (da, db) = (read(&a), read(&b));
            if !da.is_empty() && !db.is_empty() {
                write(&a, &db);
                write(&b, &da);
            }
        }
        _ => {
            let p = rng.pick(&files).clone();
            let is_link = std::fs::symlink_metadata(full(&p))
                .map(|m| m.file_type().is_symlink())
                .unwrap_or(true);
            if !is_link {
                let data = edit(rng, &read(&p));
                write(&p, &data);
            }
        }
    }
}

/// Builds `commits` random commits from `seed` and compares each with git.
fn randomized(seed: u64, commits: usize) -> Covered {
    let mut r = TestRepo::new();
    // Attributes decide binary-ness before content does: `data.bin*` are binary even as text,
    // `notes.txt*` text even with NUL bytes.
    r.write(&[(
        ".gitattributes",
        Some(b"data.bin* -diff\nnotes.txt* diff\n"),
    )]);
    let mut rng = Rng(seed);
    for i in 0..commits {
        for _ in 0..1 + rng.below(5) {
            random_change(&r, &mut rng);
        }
        r.git(&["add", "-A"]);
        r.commit_staged(&signed(&format!("change {i}")));
    }
    assert_agrees_with_git(&r, &format!("seed {seed}"))
}

/// `GIT_TRIAGE_PATCH_ID_SEEDS=1-200` and `GIT_TRIAGE_PATCH_ID_COMMITS=300` run a longer
/// comparison locally.
#[test]
fn randomized_history_agrees_with_git() {
    let seeds = std::env::var("GIT_TRIAGE_PATCH_ID_SEEDS").unwrap_or_else(|_| "1-3".into());
    let commits = std::env::var("GIT_TRIAGE_PATCH_ID_COMMITS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(40);
    let (a, b) = seeds.split_once('-').unwrap_or((&seeds, &seeds));
    let (a, b): (u64, u64) = (a.parse().unwrap(), b.parse().unwrap());
    let mut all = Covered::default();
    for seed in a..=b {
        let covered = randomized(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1, commits);
        all.commits += covered.commits;
        for (k, v) in covered.statuses {
            *all.statuses.entry(k).or_default() += v;
        }
    }
    eprintln!("agree with git: {all:?}");
    // The history exercises what it is meant to: inexact and exact renames, type changes.
    for status in ["R", "R100", "T", "A", "D", "M"] {
        assert!(all.statuses.contains_key(status), "no {status} in {all:?}");
    }
}

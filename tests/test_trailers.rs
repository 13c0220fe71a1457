//! The trailer parser agrees with `git interpret-trailers --parse` on real, generated and
//! hand-written messages, with git's default configuration and with the configuration that
//! changes trailers (`trailer.separators`, `trailer.<name>.key`, `core.commentChar`).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use git_triage::trailers::{self, Options};

use crate::common::{signed, TestRepo};

/// Where git runs: an empty HOME, and a repository whose configuration applies (or none).
struct Setup {
    home: tempfile::TempDir,
    repo: Option<PathBuf>,
    options: Options,
}

impl Setup {
    fn default_config() -> Setup {
        Setup {
            home: tempfile::tempdir().unwrap(),
            repo: None,
            options: Options::default(),
        }
    }

    /// A repository with `config` (name, value pairs, in order) in its local configuration,
    /// and our options read from that file as git-triage reads them.
    fn with_config(dir: &Path, config: &[(&str, &str)]) -> Setup {
        let home = tempfile::tempdir().unwrap();
        let run = |args: &[&str]| {
            let mut cmd = Command::new("git");
            crate::common::isolate(&mut cmd, home.path());
            let out = cmd.current_dir(dir).args(args).output().unwrap();
            assert!(out.status.success(), "git {args:?}");
        };
        run(&["init", "-q"]);
        for (name, value) in config {
            run(&["config", "--add", name, value]);
        }
        let file = git2::Config::open(&dir.join(".git/config")).unwrap();
        Setup {
            options: git_triage::trailer_config::from_config(&file),
            home,
            repo: Some(dir.to_path_buf()),
        }
    }
}

fn git_parse(message: &[u8], setup: &Setup) -> String {
    let mut cmd = Command::new("git");
    crate::common::isolate(&mut cmd, setup.home.path());
    if let Some(repo) = &setup.repo {
        cmd.current_dir(repo);
    }
    let mut child = cmd
        .args(["interpret-trailers", "--parse"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null()) // "more than one trailer.S.key", on purpose
        .spawn()
        .expect("git runs");
    child.stdin.take().unwrap().write_all(message).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn ours(message: &[u8], options: &Options) -> String {
    trailers::parse(message, options)
        .iter()
        .map(|t| format!("{}\n", t.line))
        .collect()
}

/// Compares on every message using both cores; returns the messages that disagree.
fn disagreements(messages: &[Vec<u8>], setup: &Setup) -> Vec<(usize, String, String)> {
    let chunks: Vec<_> = messages.chunks(messages.len().div_ceil(2).max(1)).collect();
    let offsets: Vec<usize> = chunks
        .iter()
        .scan(0, |acc, c| {
            let start = *acc;
            *acc += c.len();
            Some(start)
        })
        .collect();
    std::thread::scope(|s| {
        let handles: Vec<_> = chunks
            .iter()
            .zip(offsets)
            .map(|(chunk, offset)| {
                s.spawn(move || {
                    let mut bad = Vec::new();
                    for (i, m) in chunk.iter().enumerate() {
                        let (g, o) = (git_parse(m, setup), ours(m, &setup.options));
                        if g != o {
                            bad.push((offset + i, g, o));
                        }
                    }
                    bad
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    })
}

fn assert_agree(messages: &[Vec<u8>]) {
    assert_agree_with(messages, &Setup::default_config());
}

fn assert_agree_with(messages: &[Vec<u8>], setup: &Setup) {
    let bad = disagreements(messages, setup);
    if let Some((i, g, o)) = bad.first() {
        panic!(
            "{} of {} messages disagree with {:?}; first, #{i}:\n{}\n--- git:\n{g}--- ours:\n{o}",
            bad.len(),
            messages.len(),
            setup.options,
            String::from_utf8_lossy(&messages[*i])
        );
    }
}

/// The 4,257 git.git commit messages of the shared corpus, if present.
fn corpus() -> Option<Vec<Vec<u8>>> {
    let path = crate::common::shared_dir().join("corpus/git-commit-messages.jsonl");
    let Ok(text) = std::fs::read_to_string(&path) else {
        // CI lays shared/ beside the checkout; say loudly when it is not there.
        eprintln!(
            "SKIPPED: corpus {} is absent; the differential test ran on generated messages only",
            path.display()
        );
        return None;
    };
    Some(
        text.lines()
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).unwrap();
                v["message"].as_str().unwrap().as_bytes().to_vec()
            })
            .collect(),
    )
}

#[test]
fn agrees_with_git_on_the_git_corpus() {
    let Some(messages) = corpus() else { return };
    assert_eq!(messages.len(), 4257, "the corpus changed size");
    let with_trailers = messages
        .iter()
        .filter(|m| !ours(m, &Options::default()).is_empty())
        .count();
    assert!(
        with_trailers > 3000,
        "only {with_trailers} messages had trailers"
    );
    assert_agree(&messages);
}

/// A small deterministic generator (xorshift), so failures reproduce.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

/// Lines that messages are made of: trailers, continuations, prose, comments, dividers.
const LINES: &[&str] = &[
    "Signed-off-by: A U Thor <a@example.org>",
    "Acked-by: B <b@example.org>",
    "Co-developed-by: C <c@example.org>",
    "Reported-by: a very long name that",
    "  continues here <x@example.org>",
    "\tcontinued with a tab",
    "(cherry picked from commit 0123456789abcdef)",
    "[maintainer: fixed a typo]",
    "Just some prose in the body.",
    "Fixes: 0123456789ab (\"subject\")",
    "Key : spaced key",
    "Key\t: tab before colon",
    "not-a key: two words",
    "-dash: start",
    "Link: https://lore.kernel.org/r/1@x",
    "# a comment line",
    "---",
    "--- ",
    "    ",
    "",
    "",
    "Assisted-by: Claude:claude-opus-4-6 coccinelle",
    "AI-used-for: code (refactoring)",
    "Conflicts:",
    "\tpath/to/file.c",
    "Empty:",
    ":no key",
    "Signed-off-by:no space",
    "Ünïcode-Key: value",
    "Cc: <stable@vger.kernel.org> # 6.1",
];

/// Lines that only some configurations make trailers, comments or configured keys.
const CONFIG_LINES: &[&str] = &[
    "sob: A U Thor <a@example.org>",
    "S: an abbreviated key",
    "sob : spaced",
    "Bug #42",
    "Bug#43 no space",
    "Ref= foo",
    "Ref = spaced",
    "; a semicolon comment",
    ";x: y",
    "// a slash comment",
    "ack: me",
    "Acked: partly",
    "-: dash only",
    "cc: lower",
    "Cc = equals",
    "Reviewed: r",
    "% percent",
    "s% percent key",
];

/// `n` messages: a subject, then up to eleven lines, each from one of the `sets` of lines (a
/// few messages without the final newline).
fn generated(n: usize, seed: u64, sets: &[&[&str]]) -> Vec<Vec<u8>> {
    let mut rng = Rng(seed);
    let mut messages = Vec::new();
    for _ in 0..n {
        let mut m = String::from(rng.pick(&["subject", "area: subject", "Fixes: subject"]));
        m.push('\n');
        let k = rng.next() % 12;
        for _ in 0..k {
            let lines = sets[(rng.next() % sets.len() as u64) as usize];
            m.push_str(rng.pick(lines));
            m.push('\n');
        }
        if rng.next().is_multiple_of(4) {
            m.pop();
        }
        messages.push(m.into_bytes());
    }
    messages
}

#[test]
fn agrees_with_git_on_generated_messages() {
    assert_agree(&generated(1500, 0x9E37_79B9_7F4A_7C15, &[LINES]));
}

/// Configurations that change what git prints, each with a local configuration file.
const CONFIGS: &[&[(&str, &str)]] = &[
    // More separators; configured keys, one ending in its separator, one by name only.
    &[
        ("trailer.separators", ":#"),
        ("trailer.bug.key", "Bug #"),
        ("trailer.sob.key", "Signed-off-by"),
        ("trailer.ack.ifexists", "replace"),
    ],
    // No colon at all, and `;` comments.
    &[("trailer.separators", "="), ("core.commentChar", ";")],
    // A comment string of two characters, a key with its separator and a space.
    &[
        ("core.commentString", "//"),
        ("trailer.cc.key", "Cc: "),
        ("trailer.Reviewed.where", "end"),
    ],
    // `auto` keeps the comment character set before it; an odd first separator; a later
    // section of the same name (any case) updates the first.
    &[
        ("core.commentChar", ";"),
        ("core.commentString", "auto"),
        ("trailer.separators", "%:"),
        ("trailer.s.key", "Signed-off-by"),
        ("trailer.S.key", "Acked-by"),
    ],
];

/// With each configuration, git-triage prints what `git interpret-trailers --parse` prints:
/// on generated messages and a share of the corpus (all of it with
/// `GIT_TRIAGE_TRAILER_CORPUS=all`).
#[test]
fn configured_trailers_agree_with_git() {
    let every = match std::env::var("GIT_TRIAGE_TRAILER_CORPUS").as_deref() {
        Ok("all") => 1,
        _ => 8,
    };
    let corpus: Vec<Vec<u8>> = corpus()
        .unwrap_or_default()
        .into_iter()
        .step_by(every)
        .collect();
    for (i, config) in CONFIGS.iter().enumerate() {
        let dir = tempfile::tempdir().unwrap();
        let setup = Setup::with_config(dir.path(), config);
        let mut messages = generated(400, 0x5EED + i as u64, &[LINES, CONFIG_LINES]);
        messages.extend(corpus.iter().cloned());
        // The configuration matters for these messages: ignoring it would disagree with git.
        let changed = messages
            .iter()
            .filter(|m| ours(m, &setup.options) != ours(m, &Options::default()))
            .count();
        eprintln!(
            "config {i} changes {changed} of {} messages",
            messages.len()
        );
        assert!(changed >= 10, "config {i} changes only {changed} messages");
        assert_agree_with(&messages, &setup);
    }
}

/// `sob:` is `Signed-off-by:` where the repository says so, and the patch is signed off;
/// `Bug #42` is a trailer where `#` separates.
#[test]
fn repository_trailer_config_reaches_check() {
    let mut r = TestRepo::new();
    r.commit(&signed("base"), &[("a", Some(b"a\n"))]);
    let base = r.head();
    r.commit(
        "fix the thing\n\nsob: A U Thor <author@example.org>\nBug #42\n",
        &[("a", Some(b"b\n"))],
    );
    r.git(&["config", "trailer.sob.key", "Signed-off-by"]);
    r.git(&["config", "trailer.separators", ":#"]);
    let (code, json) = r.check_json(&[&format!("{base}..HEAD")]);
    let patch = &json["patches"][0];
    assert_eq!(
        patch["trailers"],
        serde_json::json!([
            {"key": "Signed-off-by", "value": "A U Thor <author@example.org>"},
            {"key": "Bug", "value": "42"},
        ])
    );
    assert_eq!(code, 0, "signed off: {}", patch["findings"]);
    let git = r.git_output(
        &["interpret-trailers", "--parse"],
        Some(r.git(&["log", "-1", "--format=%B"]).as_bytes()),
    );
    assert_eq!(
        String::from_utf8_lossy(&git.stdout),
        "Signed-off-by: A U Thor <author@example.org>\nBug: 42\n"
    );
}

/// git reads the global file before the repository's, and `auto` keeps what came before it:
/// `;` from the global file stays the comment character.
#[test]
fn global_and_repository_config_combine_as_git_combines_them() {
    let mut r = TestRepo::new();
    r.commit(&signed("base"), &[("a", Some(b"a\n"))]);
    let base = r.head();
    let message = "fix\n\nSigned-off-by: A U Thor <author@example.org>\n; reviewed on the list\n";
    r.commit(message, &[("a", Some(b"b\n"))]);
    std::fs::write(
        r.home.path().join(".gitconfig"),
        "[core]\n\tcommentChar = \";\"\n",
    )
    .unwrap();
    r.git(&["config", "core.commentChar", "auto"]);
    let git = r.git_output(&["interpret-trailers", "--parse"], Some(message.as_bytes()));
    assert_eq!(
        String::from_utf8_lossy(&git.stdout),
        "Signed-off-by: A U Thor <author@example.org>\n"
    );
    let (code, json) = r.check_json(&[&format!("{base}..HEAD")]);
    assert_eq!(code, 0);
    assert_eq!(
        json["patches"][0]["trailers"],
        serde_json::json!([{"key": "Signed-off-by", "value": "A U Thor <author@example.org>"}])
    );
}

/// Hard cases, each named for what it pins down, checked against git as well as by value.
#[test]
fn hand_picked_cases_agree_with_git() {
    let cases: &[(&str, &[(&str, &str)])] = &[
        // A bracketed maintainer note inside a block with a git-generated trailer.
        (
            "s\n\nbody\n\nReviewed-by: R <r@x>\n[jc: tweaked]\nSigned-off-by: J <j@x>\n",
            &[("Reviewed-by", "R <r@x>"), ("Signed-off-by", "J <j@x>")],
        ),
        // Fewer than 25% trailers: no block, even with Signed-off-by.
        ("s\n\na\nb\nc\nd\nSigned-off-by: J <j@x>\n", &[]),
        // Exactly 25%: a block.
        (
            "s\n\na\nb\nc\nSigned-off-by: J <j@x>\n",
            &[("Signed-off-by", "J <j@x>")],
        ),
        // Without a git-generated key, a single prose line disqualifies the block.
        ("s\n\nAcked-by: A <a@x>\nprose\n", &[]),
        // Continuation lines are unfolded into one value.
        (
            "s\n\nLink: https://example.org/a\n  /b\nSigned-off-by: J <j@x>\n",
            &[
                ("Link", "https://example.org/a /b"),
                ("Signed-off-by", "J <j@x>"),
            ],
        ),
        // The `---` divider ends the message; what follows is ignored.
        (
            "s\n\nSigned-off-by: J <j@x>\n---\nv2: changed things\n",
            &[("Signed-off-by", "J <j@x>")],
        ),
        // Keys keep their spelling; comparison elsewhere is case-insensitive.
        (
            "s\n\nsigned-off-by: J <j@x>\n",
            &[("signed-off-by", "J <j@x>")],
        ),
        // A subject-only message has no trailers even if it looks like one.
        ("Signed-off-by: J <j@x>\n", &[]),
        // Trailing comments and blank lines are skipped.
        (
            "s\n\nAcked-by: A <a@x>\n\n# comment\n\n",
            &[("Acked-by", "A <a@x>")],
        ),
        // A space before the colon is allowed; the key is trimmed.
        ("s\n\nAcked-by : A <a@x>\n", &[("Acked-by", "A <a@x>")]),
    ];
    for (msg, expected) in cases {
        let got: Vec<(String, String)> = trailers::parse(msg.as_bytes(), &Default::default())
            .into_iter()
            .map(|t| (t.key, t.value))
            .collect();
        let want: Vec<(String, String)> = expected
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        assert_eq!(got, want, "for message {msg:?}");
    }
    let messages: Vec<Vec<u8>> = cases.iter().map(|c| c.0.as_bytes().to_vec()).collect();
    assert_agree(&messages);
}

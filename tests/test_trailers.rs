//! The trailer parser agrees with `git interpret-trailers --parse` on real, generated and
//! hand-written messages.

use std::io::Write;
use std::process::{Command, Stdio};

use git_triage::trailers;

fn git_parse(message: &[u8], home: &std::path::Path) -> String {
    let mut cmd = Command::new("git");
    crate::common::isolate(&mut cmd, home);
    let mut child = cmd
        .args(["interpret-trailers", "--parse"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("git runs");
    child.stdin.take().unwrap().write_all(message).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn ours(message: &[u8]) -> String {
    trailers::parse(message)
        .iter()
        .map(|t| format!("{}: {}\n", t.key, t.value))
        .collect()
}

/// Compares on every message using both cores; returns the messages that disagree.
fn disagreements(messages: &[Vec<u8>]) -> Vec<(usize, String, String)> {
    let home = tempfile::tempdir().unwrap();
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
                let home = home.path();
                s.spawn(move || {
                    let mut bad = Vec::new();
                    for (i, m) in chunk.iter().enumerate() {
                        let (g, o) = (git_parse(m, home), ours(m));
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
    let bad = disagreements(messages);
    if let Some((i, g, o)) = bad.first() {
        panic!(
            "{} of {} messages disagree; first, #{i}:\n{}\n--- git:\n{g}--- ours:\n{o}",
            bad.len(),
            messages.len(),
            String::from_utf8_lossy(&messages[*i])
        );
    }
}

#[test]
fn agrees_with_git_on_the_git_corpus() {
    let path = crate::common::shared_dir().join("corpus/git-commit-messages.jsonl");
    let Ok(text) = std::fs::read_to_string(&path) else {
        // CI lays shared/ beside the checkout; say loudly when it is not there.
        eprintln!(
            "SKIPPED: corpus {} is absent; the differential test ran on generated messages only",
            path.display()
        );
        return;
    };
    let messages: Vec<Vec<u8>> = text
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["message"].as_str().unwrap().as_bytes().to_vec()
        })
        .collect();
    assert_eq!(messages.len(), 4257, "the corpus changed size");
    let with_trailers = messages.iter().filter(|m| !ours(m).is_empty()).count();
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

#[test]
fn agrees_with_git_on_generated_messages() {
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
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut messages = Vec::new();
    for _ in 0..1500 {
        let mut m = String::from(rng.pick(&["subject", "area: subject", "Fixes: subject"]));
        m.push('\n');
        let n = rng.next() % 12;
        for _ in 0..n {
            m.push_str(rng.pick(LINES));
            m.push('\n');
        }
        if rng.next().is_multiple_of(4) {
            m.pop();
        }
        messages.push(m.into_bytes());
    }
    assert_agree(&messages);
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
        let got: Vec<(String, String)> = trailers::parse(msg.as_bytes())
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

//! git as the oracle: `git mailsplit` and `git mailinfo -u` run on the same bytes.

use std::path::Path;
use std::process::{Command, Stdio};

use git_triage::mail::Message;

/// What `git mailinfo -u` reports for one message.
#[derive(Debug)]
pub struct GitInfo {
    pub ok: bool,
    pub author: String,
    pub email: String,
    pub subject: String,
    pub date: String,
    pub msg: Vec<u8>,
    pub patch: Vec<u8>,
}

fn git(dir: &Path) -> Command {
    let mut cmd = Command::new("git");
    cmd.current_dir(dir)
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("LC_ALL", "C")
        .env_remove("GIT_DIR");
    cmd
}

/// Runs `git mailinfo -u` on one message (as `git am` does, without `-k` or scissors).
pub fn mailinfo(dir: &Path, message: &[u8]) -> GitInfo {
    mailinfo_with(dir, message, &[])
}

/// Runs `git mailinfo -u ARGS` on one message.
pub fn mailinfo_with(dir: &Path, message: &[u8], args: &[&str]) -> GitInfo {
    use std::io::Write;
    let (msg, patch) = (dir.join("msg"), dir.join("patch"));
    let mut child = git(dir)
        .args(["mailinfo", "-u"])
        .args(args)
        .arg(&msg)
        .arg(&patch)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("git mailinfo runs");
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(message).unwrap();
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    let info = String::from_utf8_lossy(&out.stdout).into_owned();
    let field = |name: &str| {
        info.lines()
            .find_map(|l| l.strip_prefix(&format!("{name}: ")[..]).map(str::to_string))
            .unwrap_or_default()
    };
    GitInfo {
        ok: out.status.success(),
        author: field("Author"),
        email: field("Email"),
        subject: field("Subject"),
        date: field("Date"),
        msg: std::fs::read(&msg).unwrap_or_default(),
        patch: std::fs::read(&patch).unwrap_or_default(),
    }
}

/// `git mailsplit [--mboxrd]` of a file: each message's bytes, in order.
pub fn mailsplit(mbox: &Path, mboxrd: bool) -> Vec<Vec<u8>> {
    let out = tempfile::tempdir().unwrap();
    let mut cmd = git(out.path());
    cmd.arg("mailsplit").arg("-b");
    if mboxrd {
        cmd.arg("--mboxrd");
    }
    let status = cmd
        .arg(format!("-o{}", out.path().display()))
        .arg(mbox)
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(
        status.success(),
        "git mailsplit failed on {}",
        mbox.display()
    );
    let mut names: Vec<_> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with('0'))
        .collect();
    names.sort();
    names.iter().map(|p| std::fs::read(p).unwrap()).collect()
}

/// The fields where `ours` differs from git's answer, named; empty when they agree.
pub fn differences(ours: &Message, git: &GitInfo) -> Vec<String> {
    let mut out = Vec::new();
    let mut check = |name: &str, a: &str, b: &str| {
        if a != b {
            out.push(format!("{name}: ours {a:?} != git {b:?}"));
        }
    };
    check("author", &ours.author.name, &git.author);
    check("email", &ours.author.email, &git.email);
    check("subject", &ours.commit_subject, &git.subject);
    check("date", &ours.author.date, &git.date);
    check("message", &ours.body, &String::from_utf8_lossy(&git.msg));
    if ours.patch != git.patch {
        out.push(format!(
            "patch: {} bytes != git {} bytes",
            ours.patch.len(),
            git.patch.len()
        ));
    }
    out
}

/// Reads `path` with git-triage and with git (`git mailsplit`, `git mailinfo -u`), asserts that
/// both split it alike and read every message alike, and returns git-triage's messages.
pub fn assert_reads_as_git(path: &Path, mboxrd: bool) -> Vec<Message> {
    let (_, raws) = git_triage::mail::read_raw(path).unwrap();
    let split = mailsplit(path, mboxrd);
    assert_eq!(
        raws.len(),
        split.len(),
        "message count of {}",
        path.display()
    );
    let dir = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    let messages: Vec<Message> = raws.iter().map(Message::parse).collect();
    for (i, ((raw, ours), theirs)) in raws.iter().zip(&messages).zip(&split).enumerate() {
        if &raw.bytes != theirs {
            failures.push(format!(
                "message {}: split differs from git mailsplit",
                i + 1
            ));
        }
        let git = mailinfo(dir.path(), theirs);
        assert!(
            git.ok,
            "git mailinfo refused message {} of {}",
            i + 1,
            path.display()
        );
        let diffs = differences(ours, &git);
        if !diffs.is_empty() {
            failures.push(format!(
                "message {} ({:?}): {}",
                i + 1,
                ours.subject,
                diffs.join("; ")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{}:\n{}",
        path.display(),
        failures.join("\n")
    );
    messages
}

fn run_stdin(dir: &Path, args: &[&str], input: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut child = git(dir)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(input).unwrap();
    drop(stdin);
    child.wait_with_output().unwrap().stdout
}

/// `git patch-id --stable` of a patch's text, or `None` when git prints none.
pub fn patch_id(dir: &Path, text: &[u8]) -> Option<String> {
    let out = run_stdin(dir, &["patch-id", "--stable"], text);
    let out = String::from_utf8(out).unwrap();
    out.split_whitespace().next().map(str::to_string)
}

/// `git apply --numstat -z` of a patch's text: added, removed ("-" for binary) and path per
/// file section; consecutive sections of one path (a type change) are summed.
pub fn numstat(dir: &Path, text: &[u8]) -> Vec<(String, String, Vec<u8>)> {
    let out = run_stdin(dir, &["apply", "--numstat", "-z"], text);
    let mut fields = out.split(|&c| c == 0);
    let mut stats: Vec<(String, String, Vec<u8>)> = Vec::new();
    while let Some(record) = fields.next() {
        if record.is_empty() {
            continue;
        }
        let mut parts = record.splitn(3, |&c| c == b'\t');
        let mut text = || String::from_utf8_lossy(parts.next().unwrap()).into_owned();
        let (added, removed) = (text(), text());
        let path = match parts.next().unwrap_or_default() {
            b"" => {
                let _old = fields.next();
                fields.next().unwrap_or_default().to_vec()
            }
            p => p.to_vec(),
        };
        match stats.last_mut() {
            Some(last) if last.2 == path && added != "-" && last.0 != "-" => {
                last.0 =
                    (last.0.parse::<u64>().unwrap() + added.parse::<u64>().unwrap()).to_string();
                last.1 =
                    (last.1.parse::<u64>().unwrap() + removed.parse::<u64>().unwrap()).to_string();
            }
            _ => stats.push((added, removed, path)),
        }
    }
    stats
}

/// The same as [`numstat`], from git-triage's reading of the text.
pub fn our_numstat(diff: &git_triage::PatchDiff) -> Vec<(String, String, Vec<u8>)> {
    diff.files
        .iter()
        .map(|f| {
            if f.binary {
                ("-".into(), "-".into(), f.path.clone())
            } else {
                let added: usize = f.hunks.iter().map(|h| h.added()).sum();
                let removed: usize = f.hunks.iter().map(|h| h.removed()).sum();
                (added.to_string(), removed.to_string(), f.path.clone())
            }
        })
        .collect()
}

//! Real git repositories in temporary directories, with fixed identities and dates, built by
//! the `git` binary so that they are exactly what users have.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub struct TestRepo {
    pub dir: tempfile::TempDir,
    /// An empty directory used as HOME and XDG_CONFIG_HOME, so no user config leaks in.
    pub home: tempfile::TempDir,
    tick: u64,
}

/// Environment that isolates git and git-triage from the machine's configuration.
pub fn isolate(cmd: &mut Command, home: &Path) {
    cmd.env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("NO_COLOR")
        .env("LC_ALL", "C");
}

impl TestRepo {
    pub fn new() -> TestRepo {
        let repo = TestRepo {
            dir: tempfile::tempdir().unwrap(),
            home: tempfile::tempdir().unwrap(),
            tick: 0,
        };
        repo.git(&["init", "-q", "-b", "main"]);
        repo.git(&["config", "user.name", "A U Thor"]);
        repo.git(&["config", "user.email", "author@example.org"]);
        repo
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn command(&self, program: &str) -> Command {
        let mut cmd = Command::new(program);
        cmd.current_dir(self.path());
        isolate(&mut cmd, self.home.path());
        cmd
    }

    /// Runs git and returns its stdout; panics when it fails.
    pub fn git(&self, args: &[&str]) -> String {
        let out = self.git_output(args, None);
        assert!(
            out.status.success(),
            "git {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    pub fn git_output(&self, args: &[&str], stdin: Option<&[u8]>) -> Output {
        use std::io::Write;
        let mut cmd = self.command("git");
        cmd.args(args)
            .env(
                "GIT_AUTHOR_DATE",
                format!("{} +0000", 1_700_000_000 + self.tick),
            )
            .env(
                "GIT_COMMITTER_DATE",
                format!("{} +0000", 1_700_000_000 + self.tick),
            )
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        let mut child = cmd.spawn().expect("git runs");
        let mut input = child.stdin.take().unwrap();
        if let Some(data) = stdin {
            input.write_all(data).unwrap();
        }
        drop(input);
        child.wait_with_output().unwrap()
    }

    /// Writes (Some) or deletes (None) files relative to the work tree.
    pub fn write(&self, files: &[(&str, Option<&[u8]>)]) {
        for (path, content) in files {
            let full = self.path().join(path);
            match content {
                Some(c) => {
                    std::fs::create_dir_all(full.parent().unwrap()).unwrap();
                    std::fs::write(&full, c).unwrap();
                }
                None => std::fs::remove_file(&full).unwrap(),
            }
        }
    }

    /// Writes files, stages everything and commits with `message`; returns the commit id.
    pub fn commit(&mut self, message: &str, files: &[(&str, Option<&[u8]>)]) -> String {
        self.write(files);
        self.git(&["add", "-A"]);
        self.commit_staged(message)
    }

    /// Commits what is staged with the raw message bytes (which may be non-UTF-8).
    pub fn commit_staged_bytes(&mut self, message: &[u8], extra: &[&str]) -> String {
        self.tick += 60;
        let mut args = vec![
            "commit",
            "-q",
            "--allow-empty",
            "--cleanup=verbatim",
            "-F",
            "-",
        ];
        args.extend_from_slice(extra);
        let out = self.git_output(&args, Some(message));
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        self.head()
    }

    pub fn commit_staged(&mut self, message: &str) -> String {
        self.commit_staged_bytes(message.as_bytes(), &[])
    }

    pub fn head(&self) -> String {
        self.git(&["rev-parse", "HEAD"]).trim().to_string()
    }

    /// Runs the git-triage binary in this repository.
    pub fn triage(&self, args: &[&str]) -> Output {
        let mut cmd = self.command(env!("CARGO_BIN_EXE_git-triage"));
        cmd.args(args).output().unwrap()
    }

    /// Runs `git-triage check --format json RANGE` and parses the report.
    pub fn check_json(&self, args: &[&str]) -> (i32, serde_json::Value) {
        let mut all = vec!["check", "--format", "json"];
        all.extend_from_slice(args);
        let out = self.triage(&all);
        let code = out.status.code().unwrap();
        assert!(
            code == 0 || code == 1,
            "check failed with {code}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        (code, serde_json::from_slice(&out.stdout).unwrap())
    }
}

/// A signed-off message by the default test author.
pub fn signed(subject: &str) -> String {
    format!("{subject}\n\nSigned-off-by: A U Thor <author@example.org>\n")
}

/// The shared data beside the checkout (CI's layout), or two levels up (a worktree's).
pub fn shared_dir() -> PathBuf {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let beside = root.join("../shared");
    if beside.exists() {
        beside
    } else {
        root.join("../../shared")
    }
}

/// A small deterministic generator (xorshift64) for randomized tests.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

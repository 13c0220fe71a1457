//! The commits of a range in `git log --reverse --topo-order` order, listed by the user's git.
//!
//! git's own walk reads the commit-graph (libgit2 1.9 does not read its current format), which
//! makes listing a few thousand commits ten times faster on a repository that has one, and its
//! order is git's by construction. The walk runs as a child process, so a caller can start it
//! and do other work (configuration, notes, the terminal) while git walks.

use std::process::{Child, Command, Stdio};

use git2::{Oid, Repository};

use crate::Error;

/// A running `git rev-list`. Dropped before [`Walk::finish`] (an error elsewhere), it stops
/// git.
pub struct Walk {
    child: Option<Child>,
}

/// Starts listing the commits reachable from `head` and not from `base`, oldest first, in the
/// order of `git log --reverse --topo-order`.
pub fn start(repo: &Repository, base: Option<Oid>, head: Oid) -> Result<Walk, Error> {
    let mut cmd = Command::new("git");
    // libgit2 reads the commits afterwards and knows nothing of replacement refs: walk the
    // same history it will read.
    cmd.arg("--no-replace-objects")
        .arg("--git-dir")
        .arg(repo.path())
        .args(["rev-list", "--topo-order", "--reverse"])
        .arg(head.to_string());
    if let Some(base) = base {
        cmd.arg(format!("^{base}"));
    }
    let child = cmd
        .env("LC_ALL", "C")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| Error::Walk(format!("cannot run git: {e}")))?;
    Ok(Walk { child: Some(child) })
}

impl Walk {
    /// Waits for git and returns the commits.
    pub fn finish(mut self) -> Result<Vec<Oid>, Error> {
        let out = self
            .child
            .take()
            .expect("finished once")
            .wait_with_output()
            .map_err(|e| Error::Walk(format!("reading git rev-list: {e}")))?;
        if !out.status.success() {
            let stderr = String::from_utf8_lossy(&out.stderr);
            let line = stderr
                .lines()
                .find(|l| !l.trim().is_empty())
                .unwrap_or("failed");
            let line = line.strip_prefix("fatal: ").unwrap_or(line);
            return Err(Error::Walk(format!("git rev-list: {}", line.trim())));
        }
        out.stdout
            .split(|&b| b == b'\n')
            .filter(|l| !l.is_empty())
            .map(|l| {
                std::str::from_utf8(l)
                    .ok()
                    .and_then(|s| Oid::from_str(s).ok())
                    .ok_or_else(|| {
                        Error::Walk(format!(
                            "git rev-list printed {:?}, not a commit id",
                            String::from_utf8_lossy(l)
                        ))
                    })
            })
            .collect()
    }
}

impl Drop for Walk {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Lists the commits of `base..head` in `git log --reverse --topo-order` order.
pub fn topo_order(repo: &Repository, base: Option<Oid>, head: Oid) -> Result<Vec<Oid>, Error> {
    start(repo, base, head)?.finish()
}

//! `E`: the patch in your editor as a quoted reply, and the edited file read back into your
//! comments. The app writes the file and asks the event loop to run the editor (which needs
//! the terminal); the loop hands the outcome back to [`App::external_done`].

use std::path::PathBuf;
use std::process::ExitStatus;

use git_triage::comments::{self, document::Document, edit};
use git_triage::notes::Change;
use git_triage::reply;

use super::saving::Then;
use super::{App, Task};
use crate::tui::writer::Write;

/// An editor session the event loop is to run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalEdit {
    /// The file to edit (in the git directory, as git keeps `COMMIT_EDITMSG`).
    pub path: PathBuf,
    /// The patch, by index into the series.
    pub patch: usize,
    /// The file as written, to tell an unchanged file from an edited one.
    pub written: String,
}

impl App {
    /// `E` on patch `i`, once its diff is known: writes the patch as a quoted reply with my
    /// comments and asks for the editor.
    pub(super) fn open_in_editor(&mut self, i: usize) {
        let me = match self.identity() {
            Ok(r) => r.email,
            Err(e) => return self.set_error(e),
        };
        let (Some(p), Some(diff)) = (self.patch(i), self.diff(i)) else {
            return self.set_error(format!("patch {} could not be read", i + 1));
        };
        let doc = Document::of(&p.message, diff);
        let (mine, others): (Vec<_>, Vec<_>) =
            comments::placed(&self.notes, p.key, self.partner(i), diff, &p.message)
                .into_iter()
                .partition(|c| c.standing.comment.same_reviewer(&me));
        let title = format!(
            "{} {}",
            git_triage::export::patch_label(p.index, self.series.patches.len()),
            p.subject
        );
        let patch_comment = self.my_verdict(i).and_then(|v| v.said());
        let text = edit::render(&title, &doc, &mine, &others, patch_comment);
        let path = self.repo.path().join(format!(
            "TRIAGE_COMMENTS-{}-{}.eml",
            &p.key.to_string()[..12],
            std::process::id()
        ));
        // Text kept from an edit that could not be applied is opened again, not overwritten.
        if !path.exists() {
            if let Err(e) = std::fs::write(&path, &text) {
                return self.set_error(format!("cannot write {}: {e}", path.display()));
            }
        }
        self.external = Some(ExternalEdit {
            path,
            patch: i,
            written: text,
        });
    }

    /// `path` from the top of the work tree, as the status bar shows files.
    fn short_path(&self, path: &std::path::Path) -> String {
        self.repo
            .workdir()
            .and_then(|w| path.strip_prefix(w).ok())
            .unwrap_or(path)
            .display()
            .to_string()
    }

    /// The editor session the event loop should run now, if one was asked for.
    pub fn take_external(&mut self) -> Option<ExternalEdit> {
        self.external.take()
    }

    /// The editor ended (`status`): reads the file back; what changed is written once the
    /// notes are as they are now (see [`App::apply_edit`]).
    pub fn external_done(&mut self, job: ExternalEdit, status: std::io::Result<ExitStatus>) {
        match status {
            Ok(s) if s.success() => {}
            Ok(s) => {
                let _ = std::fs::remove_file(&job.path);
                return self.info(match s.code() {
                    Some(code) => format!("the editor exited with {code}: nothing changed"),
                    None => "the editor was killed: nothing changed".into(),
                });
            }
            Err(e) => return self.keep_edit(&job, format!("cannot run the editor: {e}")),
        }
        let edited = match std::fs::read(&job.path) {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(e) => return self.keep_edit(&job, format!("cannot read the edited file: {e}")),
        };
        if edited == job.written {
            let _ = std::fs::remove_file(&job.path);
            return self.info("nothing changed in the editor".into());
        }
        self.when_ready(Task::Edited { job, edited });
    }

    /// The edited file, read against my comments as the notes hold them now, handed to the
    /// writer. Edits and deletions carry the line they supersede, so one made meanwhile
    /// elsewhere is not silently overwritten (the write refuses a comment deleted meanwhile).
    pub(super) fn apply_edit(&mut self, job: ExternalEdit, edited: &str) {
        let i = job.patch;
        let Ok(me) = self.reviewer.as_ref().map(|r| r.email.clone()) else {
            return;
        };
        let (Some(p), Some(diff)) = (self.patch(i), self.diff(i)) else {
            return self.keep_edit(&job, format!("patch {} could not be read", i + 1));
        };
        let doc = Document::of(&p.message, diff);
        let mine: Vec<_> = comments::placed(&self.notes, p.key, self.partner(i), diff, &p.message)
            .into_iter()
            .filter(|c| c.standing.comment.same_reviewer(&me))
            .collect();
        let patch_comment = self.my_verdict(i).and_then(|v| v.said());
        let plan = match edit::parse(edited, &doc, diff, &p.message, &mine, patch_comment) {
            Ok(plan) => plan,
            Err(e) => return self.keep_edit(&job, e.to_string()),
        };
        drop(mine);
        let summary = plan.summary();
        let mut writes = Vec::new();
        if let Some(text) = plan.patch_comment {
            writes.push((i, Write::Verdict(Change::Comment(text))));
        }
        if !plan.changes.is_empty() {
            writes.push((i, Write::Comments(plan.changes)));
        }
        if writes.is_empty() {
            return self.edit_written(&job, &summary);
        }
        let then = Then::Edited {
            job: job.clone(),
            summary,
        };
        if !self.submit(writes, then) {
            let why = self.message.take().map(|m| m.text).unwrap_or_default();
            self.keep_edit(&job, why);
        }
    }

    /// The edit could not be applied: its file stays, and `E` opens it again.
    pub(super) fn keep_edit(&mut self, job: &ExternalEdit, why: String) {
        let path = self.short_path(&job.path);
        self.set_error(format!("kept in {path} (E reopens it): {why}"));
    }

    /// Everything from the editor is written: its file goes.
    pub(super) fn edit_written(&mut self, job: &ExternalEdit, summary: &str) {
        let _ = std::fs::remove_file(&job.path);
        self.info(format!("from the editor: {summary}"));
    }
}

impl App {
    /// `M`, once every diff is known: writes my replies for the list (see `git triage
    /// reply`) into the git directory and says where; nothing is sent.
    pub(super) fn write_replies(&mut self) {
        let me = match self.identity() {
            Ok(r) => r,
            Err(e) => return self.set_error(e),
        };
        // A patch that could not be read has nothing to answer.
        let read: Vec<usize> = (0..self.series.patches.len())
            .filter(|&i| self.patch(i).is_some() && self.diff(i).is_some())
            .collect();
        let patches: Vec<git_triage::Patch> = read
            .iter()
            .filter_map(|&i| self.patch(i).cloned())
            .collect();
        let (originals, cover) = reply::originals_of(&patches, self.series.mail.as_deref());
        let reviewed = reply::Reviewed {
            patches: &patches,
            diffs: read.iter().filter_map(|&i| self.diff(i)).collect(),
            notes: &self.notes,
            partners: read.iter().map(|&i| self.partner(i)).collect(),
        };
        let mails = reply::series(
            &reviewed,
            &originals,
            cover.as_ref(),
            &me,
            &self.config.reply,
            (self.clock)(),
        );
        if mails.is_empty() {
            return self
                .info("nothing to reply: no verdict or comment of yours on this series".into());
        }
        let path = self.repo.path().join("triage-replies.mbox");
        if let Err(e) = std::fs::write(&path, reply::mbox(&mails)) {
            return self.set_error(format!("cannot write {}: {e}", path.display()));
        }
        let shown = self.short_path(&path);
        self.info(format!(
            "{} repl{} written to {shown}; nothing was sent",
            mails.len(),
            if mails.len() == 1 { "y" } else { "ies" }
        ));
    }
}

/// The editor git would start: `git var GIT_EDITOR` (`GIT_EDITOR`, `core.editor`, `VISUAL`,
/// `EDITOR`, then `vi`).
pub fn editor(git_dir: &std::path::Path) -> std::io::Result<String> {
    let out = std::process::Command::new("git")
        .args(["var", "GIT_EDITOR"])
        .env("GIT_DIR", git_dir)
        .output()?;
    if !out.status.success() {
        return Err(std::io::Error::other(
            String::from_utf8_lossy(&out.stderr).trim().to_string(),
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// Set when the program must end while an editor runs (SIGTERM, SIGHUP): the editor is
/// stopped rather than left behind on a terminal nobody restores.
pub static STOP_EDITOR: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Runs `editor` on `path` through the shell, as git runs its editor, until it ends or
/// [`STOP_EDITOR`] is set (then it is killed and this is an error).
pub fn run(editor: &str, path: &std::path::Path) -> std::io::Result<ExitStatus> {
    use std::sync::atomic::Ordering;
    // A plain command replaces the shell (`exec`), so that stopping the child stops the
    // editor itself; anything the shell must interpret runs as git runs it.
    let plain = !editor.contains(|c: char| ";&|<>()$`\\\"'*?[]#~=%\n".contains(c));
    let exec = if plain { "exec " } else { "" };
    let mut child = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{exec}{editor} \"$@\""))
        .arg(editor)
        .arg(path)
        .spawn()?;
    loop {
        if let Some(status) = child.try_wait()? {
            return Ok(status);
        }
        if STOP_EDITOR.load(Ordering::SeqCst) {
            stop(&mut child);
            return Err(std::io::Error::other(
                "the editor was stopped: git-triage is ending",
            ));
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// Asks the editor to end (SIGTERM, so that it puts the terminal back as it found it), and
/// kills it when it does not within two seconds.
fn stop(child: &mut std::process::Child) {
    let _ = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    for _ in 0..100 {
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// [`run`] with the editor git would start.
pub fn run_editor(
    git_dir: &std::path::Path,
    path: &std::path::Path,
) -> std::io::Result<ExitStatus> {
    run(&editor(git_dir)?, path)
}

//! The options that name mail as the series, shared by the commands that review one.

use std::path::{Path, PathBuf};

use anyhow::bail;
use git_triage::mail::{MailInput, ParseOptions};
use git_triage::Source;

/// Mail as the series: `--mbox PATH` (or a positional path), how to apply it, which series.
#[derive(clap::Args, Default)]
pub struct MailArgs {
    /// Read the series from mail: an mbox, a maildir, a .eml or .patch file, a directory of
    /// patches, or - for standard input.
    #[arg(long, value_name = "PATH")]
    pub mbox: Option<PathBuf>,
    /// Apply the mail onto this commit, outside the repository (default: the base-commit the
    /// mail names, when this repository has it); `explain` of a commit judges it against the
    /// policy here.
    #[arg(long, value_name = "REV")]
    pub base: Option<String>,
    /// Review the mail from its patch text, without applying it.
    #[arg(long, conflicts_with = "base")]
    pub no_apply: bool,
    /// When the mail holds several series: the one with this message.
    #[arg(long, value_name = "ID")]
    pub message_id: Option<String>,
    /// Drop what is above a scissors line (-- >8 --), as git am --scissors does.
    #[arg(long)]
    pub scissors: bool,
}

impl MailArgs {
    /// The series named by `--mbox`, or by `positional`: mail when it is `-` or names an
    /// existing file or directory, else a range.
    pub fn source(
        &self,
        repo: &git2::Repository,
        positional: Option<&str>,
    ) -> anyhow::Result<Source> {
        self.resolve(repo, positional, false)
    }

    /// As [`MailArgs::source`], for a command where `--base` also means something for a commit
    /// (the base `explain` judges it on).
    pub fn source_or_commit(
        &self,
        repo: &git2::Repository,
        positional: Option<&str>,
    ) -> anyhow::Result<Source> {
        self.resolve(repo, positional, true)
    }

    fn resolve(
        &self,
        repo: &git2::Repository,
        positional: Option<&str>,
        base_for_commits: bool,
    ) -> anyhow::Result<Source> {
        let path = match (&self.mbox, positional) {
            (Some(_), Some(p)) => bail!("give either a range or --mbox, not both (got {p:?})"),
            (Some(path), None) => Some(path.clone()),
            (None, Some(p)) if is_mail_path(repo, p)? => Some(PathBuf::from(p)),
            _ => None,
        };
        let Some(path) = path else {
            let base = self.base.is_some() && !base_for_commits;
            if base || self.no_apply || self.message_id.is_some() || self.scissors {
                bail!("--base, --no-apply, --message-id and --scissors are for mail: name it with --mbox PATH");
            }
            return Ok(Source::Range(positional.map(str::to_string)));
        };
        Ok(Source::Mail(MailInput {
            path,
            message_id: self.message_id.clone(),
            base: self.base.clone(),
            no_apply: self.no_apply,
            options: ParseOptions {
                scissors: self.scissors,
            },
        }))
    }
}

/// Whether a positional argument names mail: `-`, or an existing file or directory that is not
/// also a revision. When it is both, git's `--` says which, as for `git log`: after `--` a
/// path (here: mail), before it a revision; without it the argument is ambiguous.
fn is_mail_path(repo: &git2::Repository, arg: &str) -> anyhow::Result<bool> {
    if arg == "-" {
        return Ok(true);
    }
    let path = Path::new(arg);
    let exists = path.exists();
    let revision = git_triage::series::names_revision(repo, arg);
    match dashdash_side(arg) {
        Some(Side::Path) => return Ok(true),
        Some(Side::Revision) => return Ok(false),
        None => {}
    }
    if exists && revision {
        bail!("{arg:?} is ambiguous: both a revision and a file; say -- {arg} (or --mbox {arg}) for the mail, {arg} -- for the revision");
    }
    let mail_name = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| ["mbox", "mbx", "eml", "patch", "mail"].contains(&e));
    if !exists && !revision && mail_name {
        bail!("cannot read {arg}: no such file");
    }
    Ok(exists)
}

/// Where an argument was typed around `--`.
enum Side {
    Path,
    Revision,
}

/// Which side of the command line's `--` the word `arg` was typed on, when there is one.
/// clap keeps no trace of where `--` was, so the words are read again here.
fn dashdash_side(arg: &str) -> Option<Side> {
    let words: Vec<_> = std::env::args_os().skip(1).collect();
    let at = words.iter().position(|w| w == "--")?;
    if words[at + 1..].iter().any(|w| w.as_os_str() == arg) {
        Some(Side::Path)
    } else {
        Some(Side::Revision)
    }
}

/// `[MAIL] REV` as typed: the mail's path when two words were given, and the revision.
pub fn split_target(target: &[String]) -> (Option<&str>, &str) {
    match target {
        [path, rev] => (Some(path.as_str()), rev.as_str()),
        [rev] => (None, rev.as_str()),
        _ => (None, ""),
    }
}

//! Who the reviewer is: read again from git's configuration whenever something is written,
//! so that `git config user.name …` in another terminal takes effect without a restart.

use std::path::Path;

use git2::Repository;

use git_triage::notes::{NotesError, Reviewer};

use super::App;

/// Reads the identity git would use in the repository at `git_dir`. The repository is opened
/// anew: a handle caches the list of configuration files it found, and a global file created
/// since (the usual `git config --global user.email`) would not be seen.
pub fn from_git(git_dir: &Path) -> Result<Reviewer, NotesError> {
    Reviewer::from_git(&Repository::open(git_dir)?)
}

/// The status bar's one line for a missing or unreadable identity.
pub fn describe(e: &NotesError) -> String {
    match e {
        NotesError::IdentityUnknown => {
            "no reviewer identity: set git config user.name and user.email".into()
        }
        e => format!(
            "reviewer identity: {}",
            e.to_string().lines().next().unwrap_or("")
        ),
    }
}

impl App {
    /// The reviewer as git's configuration names them now, for a write about to be given;
    /// the screen follows when it changed.
    pub(super) fn identity(&mut self) -> Result<Reviewer, String> {
        let now = (self.read_identity)(self.repo.path()).map_err(|e| describe(&e));
        if now != self.reviewer {
            self.reviewer = now.clone();
            self.refresh_rows();
        }
        now
    }
}

//! Follows the notes ref while the UI is open: another terminal's `git triage verdict`, a
//! `git triage sync` or a plain `git notes` moves it, and the screen should say so within a
//! second, without a key press and without the UI thread ever waiting for a read.

use std::path::PathBuf;
use std::sync::mpsc::Sender;
use std::time::Duration;

use git2::Oid;
use git_triage::notes::{self, Notes};

use super::Event;

/// How often the ref is looked at: one small file read (the loose ref, or `packed-refs`).
pub const POLL: Duration = Duration::from_millis(250);

/// Starts a thread that reads the notes again whenever `notes_ref` moves from `seen`, and sends
/// them to the UI. It ends when the UI stops listening.
pub fn spawn(git_dir: PathBuf, notes_ref: String, mut seen: Option<Oid>, tx: Sender<Event>) {
    std::thread::spawn(move || {
        let Ok(repo) = git2::Repository::open(&git_dir) else {
            return;
        };
        loop {
            std::thread::sleep(POLL);
            let Ok(tip) = notes::tip(&repo, &notes_ref) else {
                continue;
            };
            if tip == seen {
                continue;
            }
            let Ok(fresh) = Notes::load(&repo, &notes_ref) else {
                continue;
            };
            seen = fresh.tip();
            if tx.send(Event::Notes(Box::new(fresh))).is_err() {
                return;
            }
        }
    });
}

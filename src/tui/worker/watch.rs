//! Follows the notes ref while the UI is open: another terminal's `git triage verdict`, a
//! `git triage sync` or a plain `git notes` moves it, and the screen should say so within a
//! second, without a key press and without the UI thread ever waiting for a read. Part of the
//! worker: it stops with it.

use std::path::PathBuf;
use std::sync::mpsc::Sender;
use std::sync::Weak;
use std::time::Duration;

use git2::Oid;
use git_triage::notes::{self, Notes};

use super::{Notification, Shared};
use crate::tui::Event;

/// How often the ref is looked at: one small file read (the loose ref, or `packed-refs`).
pub const POLL: Duration = Duration::from_millis(250);

/// Starts a thread that reads the notes again whenever `notes_ref` moves from `seen`, and sends
/// them to the UI. It ends when the UI stops listening, or when `owner` (the worker) stops.
pub(super) fn spawn(
    git_dir: PathBuf,
    notes_ref: String,
    mut seen: Option<Oid>,
    tx: Sender<Event>,
    owner: Weak<Shared>,
) {
    std::thread::spawn(move || {
        let Ok(repo) = git2::Repository::open(&git_dir) else {
            return;
        };
        loop {
            std::thread::sleep(POLL);
            if owner
                .upgrade()
                .is_some_and(|s| s.queue.lock().expect("worker queue").closed)
            {
                return;
            }
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
            let note = Notification::Notes(Box::new(fresh));
            if tx.send(Event::Worker(note)).is_err() {
                return;
            }
        }
    });
}

/// A watcher that answers to no worker (tests).
#[cfg(test)]
pub fn spawn_alone(git_dir: PathBuf, notes_ref: String, seen: Option<Oid>, tx: Sender<Event>) {
    spawn(git_dir, notes_ref, seen, tx, Weak::new());
}

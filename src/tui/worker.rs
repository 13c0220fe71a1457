//! Diffs computed off the UI thread, the selected patch first, sent back over a channel.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::Sender;
use std::sync::Arc;

use git_triage::diff::PatchDiff;
use git_triage::overlay::Overlay;
use git_triage::{Config, Patch};

use super::Event;

/// Lets the UI say which patch it wants next.
#[derive(Clone)]
pub struct Priority(Arc<AtomicUsize>);

impl Priority {
    pub fn want(&self, i: usize) {
        self.0.store(i, Ordering::Relaxed);
    }
}

/// Starts `threads` workers that compute every patch's diff once.
pub fn spawn(
    git_dir: PathBuf,
    overlay: Overlay,
    patches: Arc<Vec<Patch>>,
    config: Arc<Config>,
    threads: usize,
    tx: Sender<Event>,
) -> Priority {
    let priority = Priority(Arc::new(AtomicUsize::new(0)));
    let claimed: Arc<Vec<AtomicBool>> =
        Arc::new((0..patches.len()).map(|_| AtomicBool::new(false)).collect());
    let next = Arc::new(AtomicUsize::new(0));
    for _ in 0..threads.clamp(1, patches.len().max(1)) {
        let (git_dir, patches, config) = (git_dir.clone(), patches.clone(), config.clone());
        let overlay = overlay.clone();
        let (claimed, next, priority, tx) =
            (claimed.clone(), next.clone(), priority.clone(), tx.clone());
        std::thread::spawn(move || {
            let Ok(repo) = overlay.open(&git_dir) else {
                return;
            };
            let claim = |i: usize| i < claimed.len() && !claimed[i].swap(true, Ordering::AcqRel);
            loop {
                let wanted = priority.0.load(Ordering::Relaxed);
                let i = if claim(wanted) {
                    wanted
                } else {
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        if i >= patches.len() || claim(i) {
                            break i;
                        }
                    }
                };
                if i >= patches.len() {
                    return;
                }
                let d: Result<PatchDiff, git2::Error> =
                    git_triage::diff::diff(&repo, &patches[i], &config.areas);
                if tx.send(Event::Diff(i, d)).is_err() {
                    return;
                }
            }
        });
    }
    priority
}

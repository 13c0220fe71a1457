//! Many diffs at once: on every core, in series order, a bounded number at a time.

use super::{diff, PatchDiff};
use crate::areas::Area;
use crate::overlay::Overlay;
use crate::series::Patch;

/// How far ahead of the consumer the workers of [`each_in_order`] may run: enough to keep
/// every core busy behind one slow patch, few enough that finished diffs do not pile up.
const AHEAD: usize = 32;

/// Computes [`diff`] for every patch on `threads` worker threads, each with its own handle on
/// the repository at `git_dir` (with `overlay` installed), and hands each result to `each` in the order of `patches`, on
/// the calling thread. At most a few dozen diffs exist at once. Stops early, returning its
/// error, when `each` fails.
pub fn each_in_order<E>(
    git_dir: &std::path::Path,
    overlay: &Overlay,
    patches: &[Patch],
    areas: &[Area],
    threads: usize,
    mut each: impl FnMut(usize, Result<PatchDiff, git2::Error>) -> Result<(), E>,
) -> Result<(), E>
where
    E: From<git2::Error>,
{
    use std::collections::BTreeMap;
    use std::sync::{mpsc, Condvar, Mutex};

    // (next index to claim, index the consumer waits for, stop)
    let gate = (Mutex::new((0usize, 0usize, false)), Condvar::new());
    let threads = threads.clamp(1, patches.len().max(1));
    let repos = (0..threads)
        .map(|_| overlay.open(git_dir))
        .collect::<Result<Vec<_>, _>>()?;
    let (tx, rx) = mpsc::channel();
    std::thread::scope(|scope| {
        for repo in repos {
            let (gate, tx) = (&gate, tx.clone());
            scope.spawn(move || loop {
                let i = {
                    let (lock, wake) = gate;
                    let mut g = lock.lock().expect("gate lock");
                    while !g.2 && g.0 < patches.len() && g.0 >= g.1 + AHEAD {
                        g = wake.wait(g).expect("gate lock");
                    }
                    if g.2 || g.0 >= patches.len() {
                        return;
                    }
                    g.0 += 1;
                    g.0 - 1
                };
                if tx.send((i, diff(&repo, &patches[i], areas))).is_err() {
                    return;
                }
            });
        }
        drop(tx);
        let mut waiting = BTreeMap::new();
        let mut next = 0;
        let result = (|| {
            for (i, d) in &rx {
                waiting.insert(i, d);
                while let Some(d) = waiting.remove(&next) {
                    each(next, d)?;
                    next += 1;
                    let (lock, wake) = &gate;
                    lock.lock().expect("gate lock").1 = next;
                    wake.notify_all();
                }
            }
            Ok(())
        })();
        let (lock, wake) = &gate;
        lock.lock().expect("gate lock").2 = true;
        wake.notify_all();
        result
    })
}

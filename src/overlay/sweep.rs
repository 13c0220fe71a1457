//! Making a store in the temporary directory, and removing those whose owner died.

use std::fs::{File, TryLockError};
use std::path::Path;
use std::time::{Duration, SystemTime};

use super::Store;
use crate::Error;

const PREFIX: &str = "git-triage-objects-";
const LOCK: &str = "lock";

/// A store younger than this is never removed by another run: its owner may be between making
/// the directory and taking its lock.
const GRACE: Duration = Duration::from_secs(60);

/// A new store in the temporary directory, locked for as long as it lives; leftovers of killed
/// runs are removed first.
pub(super) fn create() -> Result<Store, Error> {
    let tmp = std::env::temp_dir();
    remove_abandoned(&tmp);
    let failed = |source| Error::ObjectStore {
        dir: tmp.clone(),
        source,
    };
    let dir = tempfile::Builder::new()
        .prefix(PREFIX)
        .tempdir_in(&tmp)
        .map_err(failed)?;
    let lock = File::create(dir.path().join(LOCK)).map_err(failed)?;
    lock.lock().map_err(failed)?;
    Ok(Store { dir, _lock: lock })
}

/// Removes the stores in `tmp` that no live process holds. Best effort: whatever cannot be
/// read or locked is left.
fn remove_abandoned(tmp: &Path) {
    let Ok(entries) = std::fs::read_dir(tmp) else {
        return;
    };
    for entry in entries.flatten() {
        if !entry.file_name().to_string_lossy().starts_with(PREFIX) {
            continue;
        }
        let dir = entry.path();
        let young = entry
            .metadata()
            .and_then(|m| m.modified())
            .map_or(true, |t| {
                SystemTime::now().duration_since(t).unwrap_or_default() < GRACE
            });
        if young {
            continue;
        }
        let Ok(lock) = File::open(dir.join(LOCK)) else {
            continue;
        };
        match lock.try_lock() {
            Ok(()) => {
                let _ = std::fs::remove_dir_all(&dir);
            }
            Err(TryLockError::WouldBlock) | Err(TryLockError::Error(_)) => {}
        }
    }
}

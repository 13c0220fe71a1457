//! Objects that exist only for this run, in a temporary object store read beside the
//! repository's.
//!
//! Applying a mailed series makes real blobs, trees and commits, but a reviewer who only looks
//! must not find them in the repository afterwards, and a read-only repository must work too.
//! They are written as loose objects to a scratch repository in the system's temporary
//! directory, which reads the real repository through an alternate; every handle that needs
//! them (each diff worker opens its own) adds the scratch object directory as an alternate in
//! memory. So there is one copy of them, on disk, whatever the number of threads; libgit2's
//! object caches (bounded, see `lib.rs`) hold what is being read. The repository's object
//! store, refs, index and work tree never see them.
//!
//! The store is removed when the last [`Overlay`] sharing it is dropped. A process killed
//! before that leaves it in the temporary directory (never in `.git`); the next store made
//! removes such leftovers, recognised by the lock their owner no longer holds.

mod sweep;

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use git2::Repository;

use crate::Error;

/// The new objects of an applied series, or none; cheap to clone and to share between threads.
#[derive(Debug, Clone, Default)]
pub struct Overlay {
    store: Option<Arc<Store>>,
}

/// A scratch repository in the temporary directory; removed on drop.
#[derive(Debug)]
struct Store {
    dir: tempfile::TempDir,
    /// Held for the store's life: a store whose lock can be taken has no owner left.
    _lock: File,
}

impl Store {
    fn objects(&self) -> PathBuf {
        self.dir.path().join("objects")
    }
}

impl Overlay {
    /// Whether there are no objects.
    pub fn is_empty(&self) -> bool {
        self.store.is_none()
    }

    /// Where the objects are kept: a directory laid out as `.git/objects`, outside the
    /// repository.
    pub fn objects_dir(&self) -> Option<PathBuf> {
        self.store.as_ref().map(|s| s.objects())
    }

    /// Makes these objects readable through `repo`, as an alternate added in memory (nothing
    /// is written to the repository's `objects/info/alternates`). Writes through `repo` still
    /// go to the repository.
    pub fn install(&self, repo: &Repository) -> Result<(), git2::Error> {
        if let Some(objects) = self.objects_dir() {
            repo.odb()?.add_disk_alternate(&objects.to_string_lossy())?;
        }
        Ok(())
    }

    /// Opens the repository at `git_dir` with these objects readable (see [`Overlay::install`]).
    pub fn open(&self, git_dir: &Path) -> Result<Repository, git2::Error> {
        let repo = Repository::open(git_dir)?;
        self.install(&repo)?;
        Ok(repo)
    }
}

/// A handle to write new objects through, without writing them into the repository: a scratch
/// repository whose objects live in a fresh [`Overlay`] and which reads the repository's own
/// objects through an alternate.
pub(crate) struct Scratch {
    pub(crate) repo: Repository,
    overlay: Overlay,
}

impl Scratch {
    /// A scratch repository over the one at `git_dir`.
    pub(crate) fn new(git_dir: &Path) -> Result<Scratch, Error> {
        let real = Repository::open(git_dir)?;
        let store = sweep::create()?;
        let mut opts = git2::RepositoryInitOptions::new();
        // No hooks or description copied from git's templates: only objects are wanted.
        opts.bare(true).external_template(false);
        let repo = Repository::init_opts(store.dir.path(), &opts)?;
        // The alternate is added in memory: the scratch objects directory stays free of a
        // pointer back, so that readers who add it to the real repository see nothing twice.
        repo.odb()?
            .add_disk_alternate(&real.commondir().join("objects").to_string_lossy())?;
        Ok(Scratch {
            repo,
            overlay: Overlay {
                store: Some(Arc::new(store)),
            },
        })
    }

    /// The objects written so far, to be read beside the repository.
    pub(crate) fn finish(self) -> Overlay {
        self.overlay
    }
}

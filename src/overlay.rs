//! Objects that exist only in memory, layered over a repository's object store.
//!
//! Applying a mailed series makes real blobs, trees and commits, but a reviewer who only looks
//! must not find them in the repository afterwards. They are written to libgit2's in-memory
//! backend ("mempack") of a private handle, collected here, and installed into every other
//! handle that needs to read them (each diff worker opens its own). The repository's object
//! store, refs, index and work tree never see them.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use git2::{ObjectType, Oid, Repository};

/// Priority of the in-memory backend: above the loose and packed stores (1 and 2), so that
/// every write lands in memory.
const PRIORITY: i32 = 1000;

/// Objects kept in memory; cheap to clone and to share between threads.
#[derive(Debug, Clone, Default)]
pub struct Overlay {
    objects: Arc<HashMap<Oid, (ObjectType, Vec<u8>)>>,
}

impl Overlay {
    /// Whether there are no objects.
    pub fn is_empty(&self) -> bool {
        self.objects.is_empty()
    }

    /// How many objects there are.
    pub fn len(&self) -> usize {
        self.objects.len()
    }

    /// Whether `id` is one of these objects.
    pub fn contains(&self, id: Oid) -> bool {
        self.objects.contains_key(&id)
    }

    /// Makes these objects readable through `repo`: an in-memory backend is put in front of its
    /// object store and the objects are written there. Later writes through `repo` land in
    /// memory too, so such a handle must never be used to record anything.
    pub fn install(&self, repo: &Repository) -> Result<(), git2::Error> {
        let odb = repo.odb()?;
        odb.add_new_mempack_backend(PRIORITY)?;
        for (kind, data) in self.objects.values() {
            odb.write(*kind, data)?;
        }
        Ok(())
    }

    /// Opens the repository at `git_dir` with these objects installed (see [`Overlay::install`]).
    pub fn open(&self, git_dir: &Path) -> Result<Repository, git2::Error> {
        let repo = Repository::open(git_dir)?;
        if !self.is_empty() {
            self.install(&repo)?;
        }
        Ok(repo)
    }
}

/// Collects the objects a private handle wrote to memory into an [`Overlay`].
pub(crate) struct Collector {
    /// A handle without the in-memory backend: what the repository itself holds.
    plain: Repository,
    objects: HashMap<Oid, (ObjectType, Vec<u8>)>,
}

impl Collector {
    pub(crate) fn new(git_dir: &Path) -> Result<Collector, git2::Error> {
        Ok(Collector {
            plain: Repository::open(git_dir)?,
            objects: HashMap::new(),
        })
    }

    /// Keeps object `id` of `from` unless the repository already has it.
    pub(crate) fn keep(&mut self, from: &Repository, id: Oid) -> Result<bool, git2::Error> {
        if self.objects.contains_key(&id) || self.plain.odb()?.exists(id) {
            return Ok(false);
        }
        let odb = from.odb()?;
        let object = odb.read(id)?;
        self.objects
            .insert(id, (object.kind(), object.data().to_vec()));
        Ok(true)
    }

    /// Keeps the commit `id`, its tree, and every tree and blob of that tree that `parent_tree`
    /// does not share, descending only into subtrees that differ.
    pub(crate) fn keep_commit(
        &mut self,
        from: &Repository,
        id: Oid,
        parent_tree: Option<Oid>,
    ) -> Result<(), git2::Error> {
        self.keep(from, id)?;
        let tree = from.find_commit(id)?.tree_id();
        self.keep_tree(from, tree, parent_tree)
    }

    fn keep_tree(
        &mut self,
        from: &Repository,
        tree: Oid,
        old: Option<Oid>,
    ) -> Result<(), git2::Error> {
        if Some(tree) == old || !self.keep(from, tree)? {
            return Ok(());
        }
        let old = old.map(|o| from.find_tree(o)).transpose()?;
        let tree = from.find_tree(tree)?;
        for entry in tree.iter() {
            let before = old
                .as_ref()
                .and_then(|o| o.get_name_bytes(entry.name_bytes()))
                .filter(|e| e.kind() == entry.kind())
                .map(|e| e.id());
            if before == Some(entry.id()) {
                continue;
            }
            match entry.kind() {
                Some(ObjectType::Tree) => self.keep_tree(from, entry.id(), before)?,
                Some(ObjectType::Blob) => {
                    self.keep(from, entry.id())?;
                }
                _ => {} // a submodule's commit lives in the submodule
            }
        }
        Ok(())
    }

    pub(crate) fn finish(self) -> Overlay {
        Overlay {
            objects: Arc::new(self.objects),
        }
    }
}

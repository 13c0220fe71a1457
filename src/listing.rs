//! A series listed before it is read: which commits, in order, without their messages.
//!
//! Listing is git's walk alone ([`crate::walk`]); reading a commit's headers, message and
//! trailers is a separate step, so a user interface can draw the first screenful of a
//! thousand-patch series without reading the rest. A series that does not come from commits
//! (mail, say) has its headers up front and never needs a listing.

use git2::{Oid, Repository};

use crate::overlay::Overlay;
use crate::series::{self, read_patch, Patch, Reader, Series};
use crate::walk::{self, Walk};
use crate::Error;

/// The commits of a range, oldest first, not yet read.
#[derive(Debug, Clone)]
pub struct Listing {
    /// What the user asked for, or the default range that was chosen.
    pub range: String,
    /// The commit the series applies to (the left side of `A..B`).
    pub base: Option<Oid>,
    pub head: Oid,
    /// In `git log --reverse --topo-order` order.
    pub commits: Vec<Oid>,
}

/// A listing whose walk is still running.
pub struct Walking {
    pub range: String,
    pub base: Option<Oid>,
    pub head: Oid,
    walk: Walk,
}

impl Listing {
    /// Resolves `range` (or the default range) and starts git's walk; the ends are known at
    /// once, the commits when [`Walking::finish`] returns.
    pub fn start(repo: &Repository, range: Option<&str>) -> Result<Walking, Error> {
        let (range, base, head) = match range {
            Some(spec) => {
                let (base, head) = series::resolve_range(repo, spec)?;
                (spec.to_string(), base, head)
            }
            None => series::default_range(repo)?,
        };
        let walk = walk::start(repo, base, head)?;
        Ok(Walking {
            range,
            base,
            head,
            walk,
        })
    }

    /// Lists the commits of `range` (or the default range).
    pub fn load(repo: &Repository, range: Option<&str>) -> Result<Listing, Error> {
        Listing::start(repo, range)?.finish(repo)
    }

    /// What reading the commits needs (git's trailer configuration, the mailmap at the base).
    pub fn reader(&self, repo: &Repository) -> Reader {
        Reader::new(repo, self.base)
    }

    /// Reads the headers of patch `i` (0-based).
    pub fn read_one(&self, repo: &Repository, reader: &Reader, i: usize) -> Result<Patch, Error> {
        Ok(read_patch(
            &repo.find_commit(self.commits[i])?,
            i + 1,
            reader,
        ))
    }

    /// Reads every commit's headers.
    pub fn read(self, repo: &Repository) -> Result<Series, Error> {
        let reader = self.reader(repo);
        let patches = (0..self.commits.len())
            .map(|i| self.read_one(repo, &reader, i))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Series {
            range: self.range,
            base: self.base,
            head: Some(self.head),
            patches,
            mail: None,
            overlay: Overlay::default(),
        })
    }
}

impl Walking {
    /// Waits for the walk; refuses a range that reaches past a shallow clone's boundary.
    pub fn finish(self, repo: &Repository) -> Result<Listing, Error> {
        let commits = self.walk.finish()?;
        series::check_shallow(repo, &commits)?;
        Ok(Listing {
            range: self.range,
            base: self.base,
            head: self.head,
            commits,
        })
    }
}

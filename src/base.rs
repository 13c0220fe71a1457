//! The base one commit is judged against (`explain`): the base `check` uses for the series the
//! commit belongs to, so that a series cannot relax its own policy (committed in one of its
//! patches) by having its commits explained one at a time.

use git2::{Oid, Repository};

use crate::series::{default_range, default_target, resolve, resolve_range};
use crate::Error;

/// How the reviewer named the series, if they did.
#[derive(Debug, Clone, Copy)]
pub enum Choice<'a> {
    /// `--range A..B`: the commit must be one of the series.
    Range(&'a str),
    /// `--base REV`: this base, whatever the commit.
    Base(&'a str),
    /// Nothing: the default range, as `check` without a range.
    Default,
}

/// The chosen base and, in a reviewer's words, why it is the one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chosen {
    /// `None` for a root commit judged on its own.
    pub base: Option<Oid>,
    pub why: String,
}

/// The base for commit `id` (named `rev` by the reviewer).
pub fn choose(repo: &Repository, id: Oid, rev: &str, choice: Choice<'_>) -> Result<Chosen, Error> {
    match choice {
        Choice::Base(spec) => Ok(Chosen {
            base: Some(resolve(repo, spec)?),
            why: format!("given with --base {spec}"),
        }),
        Choice::Range(spec) => {
            let (base, head) = resolve_range(repo, spec)?;
            if !in_range(repo, id, base, head)? {
                return Err(Error::NotInRange {
                    rev: rev.to_string(),
                    range: spec.to_string(),
                });
            }
            Ok(Chosen {
                base,
                why: format!("the base of {spec}"),
            })
        }
        Choice::Default => by_default(repo, id, rev),
    }
}

/// The default range's base when the commit is in it; else the base a series ending at the
/// commit would have; its first parent only when no series holds it.
fn by_default(repo: &Repository, id: Oid, rev: &str) -> Result<Chosen, Error> {
    if let Ok((label, base, head)) = default_range(repo) {
        if in_range(repo, id, base, head)? {
            return Ok(Chosen {
                base,
                why: format!("the base of the default range {label}, as check uses"),
            });
        }
    }
    // The only base left is the commit's own first parent: say why, and what it means.
    let parent = |why: String| -> Chosen {
        match repo.find_commit(id).ok().and_then(|c| c.parent_id(0).ok()) {
            Some(p) => Chosen {
                base: Some(p),
                why: format!("{why}: its first parent, the policy it was committed under"),
            },
            None => Chosen {
                base: None,
                why: format!(
                    "{why}, and it is a root commit: no base, only the built-in and your own \
                     configuration apply"
                ),
            },
        }
    };
    let Some((name, target)) = default_target(repo) else {
        return Ok(parent(
            "no default range (no upstream, origin/HEAD, main or master)".to_string(),
        ));
    };
    Ok(match repo.merge_base(target, id) {
        Ok(base) if base != id => Chosen {
            base: Some(base),
            why: format!(
                "{rev} is not in the default range; its merge base with {name}, as \
                 `check {name}..{rev}` uses"
            ),
        },
        Ok(_) => parent(format!("{rev} is already in {name}, so no series holds it")),
        Err(_) => parent(format!("{rev} shares no history with {name}")),
    })
}

/// Whether `id` is one of the commits of `base..head`.
fn in_range(repo: &Repository, id: Oid, base: Option<Oid>, head: Oid) -> Result<bool, Error> {
    let reached = |from: Oid| -> Result<bool, Error> {
        Ok(from == id || repo.graph_descendant_of(from, id)?)
    };
    Ok(reached(head)? && !base.map(reached).transpose()?.unwrap_or(false))
}

//! Pairing the patches of two versions as `git range-diff` does (`range-diff.c`): identical
//! diffs first, then the cheapest assignment where pairing two patches costs the size of the
//! diff between their diffs and leaving a patch alone costs its own size scaled by the
//! creation factor.

use std::collections::HashMap;

use super::assignment::{assign, Costs};
use super::text::PatchText;
use super::xdiff::{self, Interner, Lines, Scratch};

/// git's default creation factor, in percent.
pub const DEFAULT_CREATION_FACTOR: i32 = 60;

/// What "impossible" costs in git's matrix.
const COST_MAX: i64 = 1 << 16;

/// Which old patch goes with which new one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pairing {
    /// For each old patch, its partner in the new version.
    pub old_match: Vec<Option<usize>>,
    /// For each new patch, its partner in the old version.
    pub new_match: Vec<Option<usize>>,
}

/// What a patch of the new version is, compared with the old version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Paired with an identical patch: same diff, same message, author and notes (`=`).
    Unchanged,
    /// Paired with a patch that differs (`!`): in its diff (`code`), in what comes before the
    /// diff (`message`: the message, author and notes), or both.
    Changed { code: bool, message: bool },
    /// No partner in the old version (`>`).
    New,
}

impl State {
    /// The mark `git range-diff` prints for it.
    pub fn mark(self) -> char {
        match self {
            State::Unchanged => '=',
            State::Changed { .. } => '!',
            State::New => '>',
        }
    }
}

impl Pairing {
    /// The state of new patch `j`.
    pub fn state(&self, old: &[PatchText], new: &[PatchText], j: usize) -> State {
        let Some(i) = self.new_match[j] else {
            return State::New;
        };
        let (a, b) = (&old[i], &new[j]);
        if a.text == b.text {
            State::Unchanged
        } else {
            State::Changed {
                code: a.diff() != b.diff(),
                message: a.header() != b.header(),
            }
        }
    }

    /// The old patches without a partner (`<`), in order.
    pub fn dropped(&self) -> Vec<usize> {
        (0..self.old_match.len())
            .filter(|&i| self.old_match[i].is_none())
            .collect()
    }
}

/// Pairs `old` with `new`; `creation_factor` in percent (git's default: 60).
pub fn pair(old: &[PatchText], new: &[PatchText], creation_factor: i32) -> Pairing {
    let mut p = exact_matches(old, new);
    correspondences(old, new, creation_factor, &mut p);
    p
}

/// Patches whose diffs are byte for byte the same are partners at once. Among several equal
/// old patches the last one goes first, as git's hash map hands them out.
fn exact_matches(old: &[PatchText], new: &[PatchText]) -> Pairing {
    let mut by_diff: HashMap<&[u8], Vec<usize>> = HashMap::new();
    for (i, p) in old.iter().enumerate() {
        by_diff.entry(p.comparable()).or_default().push(i);
    }
    let mut p = Pairing {
        old_match: vec![None; old.len()],
        new_match: vec![None; new.len()],
    };
    for (j, b) in new.iter().enumerate() {
        if let Some(i) = by_diff.get_mut(b.comparable()).and_then(Vec::pop) {
            p.old_match[i] = Some(j);
            p.new_match[j] = Some(i);
        }
    }
    p
}

fn correspondences(old: &[PatchText], new: &[PatchText], factor: i32, p: &mut Pairing) {
    let (na, nb) = (old.len(), new.len());
    let n = na + nb;
    let sizes = pair_sizes(old, new, p);
    let creation = |t: &PatchText| t.diff_lines as i64 * i64::from(factor) / 100;
    let mut cost = vec![0i64; n * n];
    for i in 0..na {
        for j in 0..nb {
            cost[i + n * j] = if p.old_match[i] == Some(j) {
                0
            } else if p.old_match[i].is_none() && p.new_match[j].is_none() {
                sizes[i * nb + j]
            } else {
                COST_MAX
            };
        }
        let c = if p.old_match[i].is_none() {
            creation(&old[i])
        } else {
            COST_MAX
        };
        for j in nb..n {
            cost[i + n * j] = c;
        }
    }
    for j in 0..nb {
        let c = if p.new_match[j].is_none() {
            creation(&new[j])
        } else {
            COST_MAX
        };
        for i in na..n {
            cost[i + n * j] = c;
        }
    }
    let (a2b, _) = assign(&Costs {
        columns: n,
        rows: n,
        cost: &cost,
    });
    for (i, &j) in a2b.iter().enumerate().take(na) {
        if j >= 0 && (j as usize) < nb {
            p.old_match[i] = Some(j as usize);
            p.new_match[j as usize] = Some(i);
        }
    }
}

/// The size of the diff between the diffs of every unpaired old and new patch, `old × new`
/// row by row (0 where not needed), computed on all cores.
fn pair_sizes(old: &[PatchText], new: &[PatchText], p: &Pairing) -> Vec<i64> {
    let mut interner = Interner::default();
    let old_lines: Vec<Lines<'_>> = old.iter().map(|t| interner.lines(t.comparable())).collect();
    let new_lines: Vec<Lines<'_>> = new.iter().map(|t| interner.lines(t.comparable())).collect();
    let todo: Vec<(usize, usize)> = (0..old.len())
        .filter(|&i| p.old_match[i].is_none())
        .flat_map(|i| {
            (0..new.len())
                .filter(|&j| p.new_match[j].is_none())
                .map(move |j| (i, j))
        })
        .collect();
    let mut sizes = vec![0i64; old.len() * new.len()];
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = todo.len().div_ceil(threads).max(1);
    let results: Vec<Vec<i64>> = std::thread::scope(|scope| {
        let handles: Vec<_> = todo
            .chunks(chunk)
            .map(|part| {
                let (old_lines, new_lines) = (&old_lines, &new_lines);
                scope.spawn(move || {
                    let mut scratch = Scratch::default();
                    part.iter()
                        .map(|&(i, j)| diff_size(&old_lines[i], &new_lines[j], &mut scratch))
                        .collect()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("diff size worker"))
            .collect()
    });
    for (&(i, j), size) in todo.iter().zip(results.into_iter().flatten()) {
        sizes[i * new.len() + j] = size;
    }
    sizes
}

/// Lines of the unified diff (three lines of context, no indent heuristic) between two texts,
/// hunk headers included: git's `diffsize`.
pub fn diff_size(a: &Lines<'_>, b: &Lines<'_>, scratch: &mut Scratch) -> i64 {
    let changes = xdiff::changes(a, b, false, scratch);
    let hunks = xdiff::hunks(&changes, a.lines.len(), b.lines.len(), 3);
    xdiff::size(&changes, &hunks) as i64
}

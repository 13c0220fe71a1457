//! Rename detection as `git diff -M` does it (git's `diffcore-rename.c` and `diffcore-delta.c`),
//! so that a patch shows the renames git shows, with git's similarity score.
//!
//! libgit2 has rename detection of its own, but it measures similarity differently: it pairs
//! other files near the threshold, and the `similarity index` it prints differs from git's by a
//! point or two, which changes the patch-id of nearly every rename with edits. The steps here
//! follow git's: exact renames (same blob) first, then files with the same unique basename that
//! are at least 75% similar, then the best of the rest at 50% or more, each source used once.

use std::collections::HashMap;

use git2::Oid;

/// git's similarity scale: a score is `MAX_SCORE` for identical content.
pub const MAX_SCORE: u32 = 60_000;
/// `-M` without a number: 50%.
const MIN_SCORE: u32 = MAX_SCORE / 2;
/// Files with the same basename are paired first, when at least this similar (git's default
/// `GIT_BASENAME_FACTOR` of 50% between the minimum and identical: 75%).
const MIN_BASENAME_SCORE: u32 = MIN_SCORE + (MAX_SCORE - MIN_SCORE) / 2;
/// `diff.renameLimit`'s default: no inexact detection beyond 1000 x 1000 candidates.
const RENAME_LIMIT: usize = 1000;
/// Candidates kept per destination in the similarity matrix.
const CANDIDATES: usize = 4;

/// One side of a possible rename: a deleted file (source) or an added one (destination).
#[derive(Debug, Clone)]
pub struct Side {
    pub path: Vec<u8>,
    pub id: Oid,
    /// The canonical git mode (`0o100644`, `0o100755`, `0o120000`, `0o160000`).
    pub mode: u32,
}

impl Side {
    fn is_regular(&self) -> bool {
        self.mode & 0o170000 == 0o100000
    }
}

/// Where the contents of the files come from.
pub trait Blobs {
    /// The size of a blob in bytes, or `None` when it cannot be read.
    fn size(&mut self, side: &Side) -> Option<u64>;
    /// The content of a blob and whether git treats it as binary (`diff` attribute, else a NUL
    /// in its first 8000 bytes), or `None` when it cannot be read.
    fn content(&mut self, side: &Side) -> Option<(Vec<u8>, bool)>;
}

/// A destination paired with its source (an index into the sources) and the score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rename {
    pub src: usize,
    pub score: u32,
}

/// git's `similarity index`: the score as a whole percentage, rounded down.
pub fn percent(score: u32) -> u32 {
    score * 100 / MAX_SCORE
}

/// Pairs destinations with sources as `git diff -M` does. Both lists are in git's path order;
/// the result has one entry per destination.
pub fn detect(srcs: &[Side], dsts: &[Side], blobs: &mut dyn Blobs) -> Vec<Option<Rename>> {
    let mut found: Vec<Option<Rename>> = vec![None; dsts.len()];
    if srcs.is_empty() || dsts.is_empty() {
        return found;
    }
    let mut used = vec![false; srcs.len()];
    exact(srcs, dsts, &mut used, &mut found);

    let mut sim = Similarity::new(srcs, dsts, blobs);
    let remaining =
        |used: &[bool]| -> Vec<usize> { (0..srcs.len()).filter(|&i| !used[i]).collect() };
    let left = remaining(&used);
    by_basename(&left, srcs, dsts, &mut sim, &mut used, &mut found);

    let left = remaining(&used);
    let open: Vec<usize> = (0..dsts.len()).filter(|&d| found[d].is_none()).collect();
    if left.is_empty() || open.is_empty() || left.len() * open.len() > RENAME_LIMIT * RENAME_LIMIT {
        return found;
    }
    inexact(&left, &open, srcs, dsts, &mut sim, &mut used, &mut found);
    found
}

/// Same blob, same kind of file: a rename with score 100%. Among several identical sources the
/// first unused one with the same basename wins, else the first unused one.
fn exact(srcs: &[Side], dsts: &[Side], used: &mut [bool], found: &mut [Option<Rename>]) {
    let mut by_id: HashMap<Oid, Vec<usize>> = HashMap::new();
    for (i, s) in srcs.iter().enumerate() {
        by_id.entry(s.id).or_default().push(i);
    }
    for (d, dst) in dsts.iter().enumerate() {
        let Some(candidates) = by_id.get(&dst.id) else {
            continue;
        };
        let (mut best, mut best_score, mut budget) = (None, 0, 100);
        for &s in candidates {
            let src = &srcs[s];
            if used[s] || ((!src.is_regular() || !dst.is_regular()) && src.mode != dst.mode) {
                continue;
            }
            let score = 1 + u32::from(basename_same(&src.path, &dst.path));
            if best.is_none() || score > best_score {
                (best, best_score) = (Some(s), score);
                if score == 2 {
                    break;
                }
            }
            budget -= 1;
            if budget == 0 {
                break;
            }
        }
        if let Some(s) = best {
            used[s] = true;
            found[d] = Some(Rename {
                src: s,
                score: MAX_SCORE,
            });
        }
    }
}

/// A source and a destination whose basenames are unique among the remaining ones, and equal,
/// are a rename when they are at least 75% similar.
fn by_basename(
    left: &[usize],
    srcs: &[Side],
    dsts: &[Side],
    sim: &mut Similarity<'_>,
    used: &mut [bool],
    found: &mut [Option<Rename>],
) {
    fn unique<'a>(
        names: impl Iterator<Item = (usize, &'a [u8])>,
    ) -> HashMap<&'a [u8], Option<usize>> {
        let mut map: HashMap<&[u8], Option<usize>> = HashMap::new();
        for (i, path) in names {
            map.entry(basename(path))
                .and_modify(|v| *v = None)
                .or_insert(Some(i));
        }
        map
    }
    let sources = unique(left.iter().map(|&s| (s, &srcs[s].path[..])));
    let dests = unique(
        (0..dsts.len())
            .filter(|&d| found[d].is_none())
            .map(|d| (d, &dsts[d].path[..])),
    );
    for &s in left {
        let base = basename(&srcs[s].path);
        let (Some(Some(_)), Some(&Some(d))) = (sources.get(base), dests.get(base)) else {
            continue;
        };
        if found[d].is_some() {
            continue;
        }
        let score = sim.estimate(s, d);
        if score >= MIN_BASENAME_SCORE {
            used[s] = true;
            found[d] = Some(Rename { src: s, score });
        }
    }
}

/// One candidate of the similarity matrix.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    src: usize,
    dst: usize,
    score: u32,
    same_basename: bool,
}

/// git's order of candidates: higher score first, then same basename first.
fn better(a: &Candidate, b: &Candidate) -> std::cmp::Ordering {
    b.score
        .cmp(&a.score)
        .then(b.same_basename.cmp(&a.same_basename))
}

/// The matrix: each open destination keeps its best four sources; then, best pairs first, each
/// destination takes the best source nobody took yet, when at least 50% similar.
#[allow(clippy::too_many_arguments)]
fn inexact(
    left: &[usize],
    open: &[usize],
    srcs: &[Side],
    dsts: &[Side],
    sim: &mut Similarity<'_>,
    used: &mut [bool],
    found: &mut [Option<Rename>],
) {
    let mut matrix: Vec<Candidate> = Vec::with_capacity(open.len() * CANDIDATES);
    for &d in open {
        let mut best: Vec<Candidate> = Vec::with_capacity(CANDIDATES);
        for &s in left {
            let c = Candidate {
                src: s,
                dst: d,
                score: sim.estimate(s, d),
                same_basename: basename_same(&srcs[s].path, &dsts[d].path),
            };
            if best.len() < CANDIDATES {
                best.push(c);
                continue;
            }
            // Replace the first of the worst, if the newcomer is strictly better (git's
            // `record_if_better`); ties keep the earlier source.
            let mut worst = 0;
            for i in 1..CANDIDATES {
                if better(&best[i], &best[worst]).is_gt() {
                    worst = i;
                }
            }
            if better(&best[worst], &c).is_gt() {
                best[worst] = c;
            }
        }
        matrix.extend(best);
    }
    matrix.sort_by(better); // stable, as git's STABLE_QSORT
    for c in matrix {
        if c.score < MIN_SCORE {
            break;
        }
        if found[c.dst].is_some() || used[c.src] {
            continue;
        }
        used[c.src] = true;
        found[c.dst] = Some(Rename {
            src: c.src,
            score: c.score,
        });
    }
}

/// The part of a path after its last `/`.
fn basename(path: &[u8]) -> &[u8] {
    match path.iter().rposition(|&c| c == b'/') {
        Some(p) => &path[p + 1..],
        None => path,
    }
}

/// Whether two paths end in the same file name (git's `basename_same`).
fn basename_same(a: &[u8], b: &[u8]) -> bool {
    basename(a) == basename(b)
}

/// Similarity scores between sources and destinations, with each file's sizes and span counts
/// computed once.
struct Similarity<'a> {
    srcs: &'a [Side],
    dsts: &'a [Side],
    blobs: &'a mut dyn Blobs,
    sizes: HashMap<(bool, usize), Option<u64>>,
    spans: HashMap<(bool, usize), Option<Spans>>,
}

impl<'a> Similarity<'a> {
    fn new(srcs: &'a [Side], dsts: &'a [Side], blobs: &'a mut dyn Blobs) -> Similarity<'a> {
        Similarity {
            srcs,
            dsts,
            blobs,
            sizes: HashMap::new(),
            spans: HashMap::new(),
        }
    }

    fn side(&self, key: (bool, usize)) -> &'a Side {
        if key.0 {
            &self.srcs[key.1]
        } else {
            &self.dsts[key.1]
        }
    }

    fn size(&mut self, key: (bool, usize)) -> Option<u64> {
        let side = self.side(key);
        *self
            .sizes
            .entry(key)
            .or_insert_with(|| self.blobs.size(side))
    }

    /// Computes a file's spans once; `false` when its content cannot be read.
    fn load_spans(&mut self, key: (bool, usize)) -> bool {
        let side = self.side(key);
        let blobs = &mut self.blobs;
        self.spans
            .entry(key)
            .or_insert_with(|| {
                blobs
                    .content(side)
                    .map(|(data, binary)| Spans::of(&data, !binary))
            })
            .is_some()
    }

    /// git's `estimate_similarity`: how much of the larger file the destination copied from
    /// the source, on git's scale; 0 for files that are not both regular, or whose sizes
    /// differ too much to reach 50%.
    fn estimate(&mut self, s: usize, d: usize) -> u32 {
        if !self.srcs[s].is_regular() || !self.dsts[d].is_regular() {
            return 0;
        }
        let (Some(src_size), Some(dst_size)) = (self.size((true, s)), self.size((false, d))) else {
            return 0;
        };
        let max = src_size.max(dst_size);
        let delta = max - src_size.min(dst_size);
        if max * u64::from(MAX_SCORE - MIN_SCORE) < delta * u64::from(MAX_SCORE) || dst_size == 0 {
            return 0;
        }
        if !self.load_spans((true, s)) || !self.load_spans((false, d)) {
            return 0;
        }
        let (Some(Some(src)), Some(Some(dst))) =
            (self.spans.get(&(true, s)), self.spans.get(&(false, d)))
        else {
            return 0;
        };
        (src.copied_into(dst) * u64::from(MAX_SCORE) / max) as u32
    }
}

/// A file cut into spans (up to and including a newline, at most 64 bytes), each hashed, with
/// the number of bytes per hash (git's `hash_chars`); sorted by hash.
#[derive(Debug)]
struct Spans(Vec<(u32, u64)>);

impl Spans {
    /// A prime between 2^16 and 2^17, git's `HASHBASE`.
    const HASHBASE: u32 = 107_927;

    fn of(data: &[u8], text: bool) -> Spans {
        let mut counts: HashMap<u32, u64> = HashMap::new();
        let (mut a1, mut a2, mut n) = (0u32, 0u32, 0u64);
        let mut add = |a1: u32, a2: u32, n: u64| {
            let hash = a1.wrapping_add(a2.wrapping_mul(0x61)) % Self::HASHBASE;
            *counts.entry(hash).or_default() += n;
        };
        for (i, &c) in data.iter().enumerate() {
            // A CR before LF does not count in text, so CRLF and LF files compare equal.
            if text && c == b'\r' && data.get(i + 1) == Some(&b'\n') {
                continue;
            }
            let old1 = a1;
            a1 = (a1 << 7) ^ (a2 >> 25);
            a2 = (a2 << 7) ^ (old1 >> 25);
            a1 = a1.wrapping_add(u32::from(c));
            n += 1;
            if n < 64 && c != b'\n' {
                continue;
            }
            add(a1, a2, n);
            (a1, a2, n) = (0, 0, 0);
        }
        if n > 0 {
            add(a1, a2, n);
        }
        let mut spans: Vec<(u32, u64)> = counts.into_iter().collect();
        spans.sort_unstable();
        Spans(spans)
    }

    /// Bytes of `self` found in `dst`: per hash, the smaller of the two counts.
    fn copied_into(&self, dst: &Spans) -> u64 {
        let (mut i, mut j, mut copied) = (0, 0, 0);
        while i < self.0.len() && j < dst.0.len() {
            let ((hs, cs), (hd, cd)) = (self.0[i], dst.0[j]);
            match hs.cmp(&hd) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    copied += cs.min(cd);
                    i += 1;
                    j += 1;
                }
            }
        }
        copied
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_split_at_newlines_and_64_bytes_and_ignore_cr_in_text() {
        let lf = Spans::of(b"one\ntwo\n", true);
        assert_eq!(lf.0.iter().map(|s| s.1).sum::<u64>(), 8);
        assert_eq!(lf.0.len(), 2);
        let crlf = Spans::of(b"one\r\ntwo\r\n", true);
        assert_eq!(crlf.0, lf.0);
        let binary = Spans::of(b"one\r\ntwo\r\n", false);
        assert_ne!(binary.0, lf.0);
        let long = Spans::of(&[b'x'; 130], true);
        assert_eq!(long.0.iter().map(|s| s.1).sum::<u64>(), 130);
        assert_eq!(lf.copied_into(&crlf), 8);
    }

    #[test]
    fn basenames() {
        assert!(basename_same(b"a/b/c.txt", b"c.txt"));
        assert!(!basename_same(b"a/xc.txt", b"b/c.txt"));
        assert_eq!(percent(MAX_SCORE), 100);
        assert_eq!(percent(MAX_SCORE - 1), 99);
    }
}

//! A line diff that finds exactly the changes git's xdiff finds (Myers with xdiff's
//! preprocessing, heuristics and compaction), so that `range-diff` costs and interdiffs agree
//! with git's to the line. Lines are compared by id: equal lines must have equal ids, which
//! [`Interner`] hands out once per text instead of once per comparison.
//!
//! Crates like `imara-diff` and `similar` find minimal or near-minimal diffs too, but not
//! always the same ones as xdiff (imara-diff's Myers differs in its odd/even snake check and in
//! its pruning window), and a different but equally small diff changes the context lines and
//! hunk counts that `range-diff` adds up.

mod compact;
mod myers;
mod prepare;

use std::collections::HashMap;

pub use prepare::Scratch;

/// git's `isspace`: space, tab, newline and carriage return only.
pub(crate) fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r')
}

/// Which lines of a file changed, with a false sentinel after the last line.
pub(crate) struct Marks(Vec<bool>);

impl Marks {
    fn new(n: usize) -> Marks {
        Marks(vec![false; n + 1])
    }
    fn get(&self, i: usize) -> bool {
        self.0[i]
    }
    fn set(&mut self, i: usize, v: bool) {
        self.0[i] = v;
    }
}

/// Hands out line ids: equal lines get equal ids.
#[derive(Default)]
pub struct Interner<'a> {
    ids: HashMap<&'a [u8], u32>,
}

impl<'a> Interner<'a> {
    /// Splits `text` into lines (each with its newline, if any) and their ids.
    pub fn lines(&mut self, text: &'a [u8]) -> Lines<'a> {
        let lines: Vec<&[u8]> = text.split_inclusive(|&c| c == b'\n').collect();
        let ids = lines
            .iter()
            .map(|l| {
                let next = self.ids.len() as u32;
                *self.ids.entry(l).or_insert(next)
            })
            .collect();
        Lines { lines, ids }
    }
}

/// A text as the diff sees it.
#[derive(Debug, Clone, Default)]
pub struct Lines<'a> {
    pub lines: Vec<&'a [u8]>,
    pub ids: Vec<u32>,
}

/// One edit: `chg1` lines of the old side at `i1` became `chg2` lines of the new side at `i2`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Change {
    pub i1: usize,
    pub i2: usize,
    pub chg1: usize,
    pub chg2: usize,
}

/// The edits that turn `a` into `b`, in order, as xdiff finds them; `indent_heuristic` as
/// `diff.indentHeuristic` (git's default for printed diffs; `range-diff` counts without it).
pub fn changes(
    a: &Lines<'_>,
    b: &Lines<'_>,
    indent_heuristic: bool,
    scratch: &mut Scratch,
) -> Vec<Change> {
    let mut marks_a = Marks::new(a.ids.len());
    let mut marks_b = Marks::new(b.ids.len());
    let (ra, rb) = prepare::prepare(&a.ids, &b.ids, &mut marks_a, &mut marks_b, scratch);
    myers::compare(&ra, &rb, &mut marks_a, &mut marks_b, &mut scratch.kv);
    for flip in [false, true] {
        let (mine, theirs, marks_mine, marks_theirs) = if flip {
            (b, a, &mut marks_b, &mut marks_a)
        } else {
            (a, b, &mut marks_a, &mut marks_b)
        };
        let mut side = compact::Side {
            ids: &mine.ids,
            lines: &mine.lines,
            marks: marks_mine,
        };
        let other = compact::Side {
            ids: &theirs.ids,
            lines: &theirs.lines,
            marks: marks_theirs,
        };
        compact::compact(&mut side, &other, indent_heuristic);
    }
    script(&marks_a, &marks_b, a.ids.len(), b.ids.len())
}

/// Collects the runs of changed lines into edits (`xdl_build_script`).
fn script(ma: &Marks, mb: &Marks, n1: usize, n2: usize) -> Vec<Change> {
    let mut out = Vec::new();
    let (mut i1, mut i2) = (n1 as i64, n2 as i64);
    let changed = |m: &Marks, i: i64| i > 0 && m.get(i as usize - 1);
    while i1 >= 0 || i2 >= 0 {
        if changed(ma, i1) || changed(mb, i2) {
            let (l1, l2) = (i1, i2);
            while changed(ma, i1) {
                i1 -= 1;
            }
            while changed(mb, i2) {
                i2 -= 1;
            }
            out.push(Change {
                i1: i1 as usize,
                i2: i2 as usize,
                chg1: (l1 - i1) as usize,
                chg2: (l2 - i2) as usize,
            });
        }
        i1 -= 1;
        i2 -= 1;
    }
    out.reverse();
    out
}

/// A hunk: lines `[s1, e1)` of the old side against `[s2, e2)` of the new, covering
/// `changes[first..=last]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hunk {
    pub s1: usize,
    pub e1: usize,
    pub s2: usize,
    pub e2: usize,
    pub first: usize,
    pub last: usize,
}

/// Groups edits into hunks with `context` lines around them; edits closer than twice the
/// context share a hunk (`xdl_get_hunk` with no inter-hunk context and nothing ignored).
pub fn hunks(changes: &[Change], n1: usize, n2: usize, context: usize) -> Vec<Hunk> {
    let mut out = Vec::new();
    let mut first = 0;
    while first < changes.len() {
        let mut last = first;
        while let Some(next) = changes.get(last + 1) {
            let prev = &changes[last];
            if next.i1 - (prev.i1 + prev.chg1) > 2 * context {
                break;
            }
            last += 1;
        }
        let (f, l) = (&changes[first], &changes[last]);
        let lctx = context.min(n1 - (l.i1 + l.chg1)).min(n2 - (l.i2 + l.chg2));
        out.push(Hunk {
            s1: f.i1.saturating_sub(context),
            e1: l.i1 + l.chg1 + lctx,
            s2: f.i2.saturating_sub(context),
            e2: l.i2 + l.chg2 + lctx,
            first,
            last,
        });
        first = last + 1;
    }
    out
}

/// How many lines xdiff emits for these hunks, headers included: what `range-diff` calls the
/// size of a diff.
pub fn size(changes: &[Change], hunks: &[Hunk]) -> usize {
    hunks
        .iter()
        .map(|h| {
            let removed: usize = changes[h.first..=h.last].iter().map(|c| c.chg1).sum();
            1 + (h.e2 - h.s2) + removed
        })
        .sum()
}

/// What a line of a hunk is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Context,
    Removed,
    Added,
}

/// The lines of a hunk in xdiff's order: `(origin, side is new, index in that side)`.
pub fn hunk_lines(changes: &[Change], h: &Hunk) -> Vec<(Origin, usize)> {
    let mut out = Vec::new();
    let first = &changes[h.first];
    out.extend((h.s2..first.i2).map(|i| (Origin::Context, i)));
    let (mut s1, mut s2) = (first.i1, first.i2);
    for c in &changes[h.first..=h.last] {
        while s1 < c.i1 && s2 < c.i2 {
            out.push((Origin::Context, s2));
            s1 += 1;
            s2 += 1;
        }
        out.extend((c.i1..c.i1 + c.chg1).map(|i| (Origin::Removed, i)));
        out.extend((c.i2..c.i2 + c.chg2).map(|i| (Origin::Added, i)));
        s1 = c.i1 + c.chg1;
        s2 = c.i2 + c.chg2;
    }
    let last = &changes[h.last];
    out.extend((last.i2 + last.chg2..h.e2).map(|i| (Origin::Context, i)));
    out
}

/// The section heading xdiff prints after each hunk header: the nearest line above the hunk's
/// context that `find` accepts, searched no further up than the previous hunk's start; a hunk
/// that finds none repeats the previous heading, as xdiff does.
pub fn headings(
    old: &Lines<'_>,
    hunks: &[Hunk],
    find: &dyn Fn(&[u8]) -> Option<Vec<u8>>,
) -> Vec<Vec<u8>> {
    let mut out = Vec::with_capacity(hunks.len());
    let mut current = Vec::new();
    let mut prev: i64 = -1;
    for h in hunks {
        let start = h.s1 as i64 - 1;
        let mut l = start;
        while l > prev && l >= 0 {
            if let Some(f) = find(old.lines[l as usize]) {
                current = f;
                break;
            }
            l -= 1;
        }
        prev = start;
        out.push(current.clone());
    }
    out
}

/// xdiff's default heading: a line starting with a letter, `_` or `$`, without trailing space,
/// cut to 80 bytes.
pub fn default_heading(line: &[u8]) -> Option<Vec<u8>> {
    let c = *line.first()?;
    if !(c.is_ascii_alphabetic() || c == b'_' || c == b'$') {
        return None;
    }
    let mut len = line.len().min(80);
    while len > 0 && is_space(line[len - 1]) {
        len -= 1;
    }
    Some(line[..len].to_vec())
}

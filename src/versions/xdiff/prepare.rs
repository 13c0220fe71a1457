//! xdiff's preparation: trim the common ends, then set aside the lines that cannot be part of
//! a match (`xprepare.c`). What is set aside is marked changed at once; Myers runs on the rest.

use super::Marks;

/// Lines that occur this often in the other file count as "many matches" at most.
const MAX_EQLIMIT: usize = 1024;
/// How far a run of unmatched lines is scanned around a many-matches line.
const SIMSCAN_WINDOW: usize = 100;
/// A many-matches line is dropped when its run is at least this many times unmatched.
const KPDIS_RUN: usize = 4;

/// xdiff's integer square root approximation, which decides its thresholds.
pub(crate) fn bogosqrt(mut n: usize) -> usize {
    let mut i = 1;
    while n > 0 {
        i <<= 1;
        n >>= 2;
    }
    i
}

/// The lines of one side that take part in the Myers search.
pub(super) struct Reduced {
    /// Line ids, in order.
    pub ids: Vec<u32>,
    /// Where each of them is in the whole file.
    pub index: Vec<usize>,
}

/// Per-id counters, reused between comparisons; all zero between uses.
#[derive(Default)]
pub struct Scratch {
    in_a: Vec<u32>,
    in_b: Vec<u32>,
    /// The Myers search's diagonal vectors, grown as needed.
    pub(super) kv: Vec<i64>,
}

impl Scratch {
    fn count(&mut self, a: &[u32], b: &[u32]) {
        let top = a
            .iter()
            .chain(b)
            .copied()
            .max()
            .map_or(0, |m| m as usize + 1);
        if self.in_a.len() < top {
            self.in_a.resize(top, 0);
            self.in_b.resize(top, 0);
        }
        for &t in a {
            self.in_a[t as usize] += 1;
        }
        for &t in b {
            self.in_b[t as usize] += 1;
        }
    }

    fn clear(&mut self, a: &[u32], b: &[u32]) {
        for &t in a.iter().chain(b) {
            self.in_a[t as usize] = 0;
            self.in_b[t as usize] = 0;
        }
    }
}

/// How a line of one file stands in the other: no match, some, or very many.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Matches {
    None,
    Some,
    Many,
}

/// Trims the common ends and reduces both sides, marking the lines set aside as changed.
pub(super) fn prepare(
    a: &[u32],
    b: &[u32],
    marks_a: &mut Marks,
    marks_b: &mut Marks,
    scratch: &mut Scratch,
) -> (Reduced, Reduced) {
    let lim = a.len().min(b.len());
    let start = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let end = a[start..]
        .iter()
        .rev()
        .zip(b[start..].iter().rev())
        .take(lim - start)
        .take_while(|(x, y)| x == y)
        .count();
    let (range_a, range_b) = (start..a.len() - end, start..b.len() - end);

    scratch.count(a, b);
    let limit = |n: usize| bogosqrt(n).min(MAX_EQLIMIT);
    let classify = |ids: &[u32], other: &[u32], lim: usize| -> Vec<Matches> {
        ids.iter()
            .map(|&t| match other[t as usize] as usize {
                0 => Matches::None,
                n if n >= lim => Matches::Many,
                _ => Matches::Some,
            })
            .collect()
    };
    let dis_a = classify(&a[range_a.clone()], &scratch.in_b, limit(a.len()));
    let dis_b = classify(&b[range_b.clone()], &scratch.in_a, limit(b.len()));
    scratch.clear(a, b);
    (
        reduce(a, range_a.start, &dis_a, marks_a),
        reduce(b, range_b.start, &dis_b, marks_b),
    )
}

fn reduce(ids: &[u32], offset: usize, dis: &[Matches], marks: &mut Marks) -> Reduced {
    let mut out = Reduced {
        ids: Vec::with_capacity(dis.len()),
        index: Vec::with_capacity(dis.len()),
    };
    for (i, &d) in dis.iter().enumerate() {
        let keep = match d {
            Matches::Some => true,
            Matches::Many => !in_unmatched_run(dis, i),
            Matches::None => false,
        };
        if keep {
            out.ids.push(ids[offset + i]);
            out.index.push(offset + i);
        } else {
            marks.set(offset + i, true);
        }
    }
    out
}

/// Whether a many-matches line sits inside a run of lines without a single-match partner that
/// is mostly made of unmatched lines (xdiff's `xdl_clean_mmatch`).
fn in_unmatched_run(dis: &[Matches], i: usize) -> bool {
    let s = i.saturating_sub(SIMSCAN_WINDOW);
    let e = (i + SIMSCAN_WINDOW).min(dis.len() - 1);
    let scan = |it: &mut dyn Iterator<Item = &Matches>| -> (usize, usize) {
        let (mut none, mut many) = (0, 1);
        for d in it {
            match d {
                Matches::None => none += 1,
                Matches::Many => many += 1,
                Matches::Some => break,
            }
        }
        (none, many)
    };
    let (none_before, many_before) = scan(&mut dis[s..i].iter().rev());
    if none_before == 0 {
        return false;
    }
    let (none_after, many_after) = scan(&mut dis[i + 1..=e].iter());
    if none_after == 0 {
        return false;
    }
    let many = many_before + many_after;
    let none = none_before + none_after;
    many * KPDIS_RUN < many + none
}

//! The Myers search of xdiff (`xdiffi.c`): divide and conquer on middle snakes, with xdiff's
//! heuristics for expensive cases, so that the changes found are the ones git finds.

use super::prepare::{bogosqrt, Reduced};
use super::Marks;

const MAX_COST_MIN: i64 = 256;
const HEUR_MIN_COST: i64 = 256;
const SNAKE_CNT: i64 = 20;
const K_HEUR: i64 = 4;

/// Where a box is split, and whether each half must be searched for a minimal result.
struct Split {
    i1: i64,
    i2: i64,
    min_lo: bool,
    min_hi: bool,
}

/// The forward and backward furthest-reaching vectors, indexed by diagonal.
struct Search<'a> {
    ha1: &'a [u32],
    ha2: &'a [u32],
    /// Only the diagonals a search has set are ever read, so stale values do no harm.
    kv: &'a mut [i64],
    /// Where diagonal 0 sits in `kv` for the forward and the backward vector.
    fwd: i64,
    bwd: i64,
    max_cost: i64,
}

impl Search<'_> {
    fn f(&self, d: i64) -> i64 {
        self.kv[(self.fwd + d) as usize]
    }
    fn set_f(&mut self, d: i64, v: i64) {
        self.kv[(self.fwd + d) as usize] = v;
    }
    fn b(&self, d: i64) -> i64 {
        self.kv[(self.bwd + d) as usize]
    }
    fn set_b(&mut self, d: i64, v: i64) {
        self.kv[(self.bwd + d) as usize] = v;
    }
    fn eq(&self, i1: i64, i2: i64) -> bool {
        self.ha1[i1 as usize] == self.ha2[i2 as usize]
    }
}

/// Marks the changed lines of the reduced sides in `marks1` and `marks2`.
pub(super) fn compare(
    r1: &Reduced,
    r2: &Reduced,
    marks1: &mut Marks,
    marks2: &mut Marks,
    kv: &mut Vec<i64>,
) {
    let (n1, n2) = (r1.ids.len() as i64, r2.ids.len() as i64);
    let ndiags = n1 + n2 + 3;
    if kv.len() < 2 * ndiags as usize + 2 {
        kv.resize(2 * ndiags as usize + 2, 0);
    }
    let mut s = Search {
        ha1: &r1.ids,
        ha2: &r2.ids,
        kv: &mut kv[..],
        fwd: n2 + 1,
        bwd: ndiags + n2 + 1,
        max_cost: (bogosqrt(ndiags as usize) as i64).max(MAX_COST_MIN),
    };
    let mut stack = vec![(0, n1, 0, n2, false)];
    while let Some((mut off1, mut lim1, mut off2, mut lim2, need_min)) = stack.pop() {
        while off1 < lim1 && off2 < lim2 && s.eq(off1, off2) {
            off1 += 1;
            off2 += 1;
        }
        while off1 < lim1 && off2 < lim2 && s.eq(lim1 - 1, lim2 - 1) {
            lim1 -= 1;
            lim2 -= 1;
        }
        if off1 == lim1 {
            (off2..lim2).for_each(|i| marks2.set(r2.index[i as usize], true));
        } else if off2 == lim2 {
            (off1..lim1).for_each(|i| marks1.set(r1.index[i as usize], true));
        } else {
            let spl = split(&mut s, off1, lim1, off2, lim2, need_min);
            // Only marks are produced, so the order of the halves does not matter.
            stack.push((spl.i1, lim1, spl.i2, lim2, spl.min_hi));
            stack.push((off1, spl.i1, off2, spl.i2, spl.min_lo));
        }
    }
}

/// The box being split and the diagonals each search has reached.
struct Frame {
    off1: i64,
    lim1: i64,
    off2: i64,
    lim2: i64,
    /// The lowest and highest diagonals of the box.
    dmin: i64,
    dmax: i64,
    /// The diagonals the forward and backward searches start on.
    fmid: i64,
    bmid: i64,
    odd: bool,
    fmin: i64,
    fmax: i64,
    bmin: i64,
    bmax: i64,
}

fn split(s: &mut Search<'_>, off1: i64, lim1: i64, off2: i64, lim2: i64, need_min: bool) -> Split {
    let (fmid, bmid) = (off1 - off2, lim1 - lim2);
    let mut f = Frame {
        off1,
        lim1,
        off2,
        lim2,
        dmin: off1 - lim2,
        dmax: lim1 - off2,
        fmid,
        bmid,
        odd: (fmid - bmid) & 1 != 0,
        fmin: fmid,
        fmax: fmid,
        bmin: bmid,
        bmax: bmid,
    };
    s.set_f(fmid, off1);
    s.set_b(bmid, lim1);
    let mut ec = 1;
    loop {
        let forward = match f.forward(s) {
            Ok(got_snake) => got_snake,
            Err(met) => return met,
        };
        let backward = match f.backward(s) {
            Ok(got_snake) => got_snake,
            Err(met) => return met,
        };
        if !need_min {
            if (forward || backward) && ec > HEUR_MIN_COST {
                if let Some(spl) = f.good_snake(s, ec) {
                    return spl;
                }
            }
            if ec >= s.max_cost {
                return f.furthest(s);
            }
        }
        ec += 1;
    }
}

impl Frame {
    /// One more step of the forward search: `Err` with the split when it meets the backward
    /// search, else whether it ran down a long snake.
    fn forward(&mut self, s: &mut Search<'_>) -> Result<bool, Split> {
        // Extend the diagonal range by one, or shrink it at the box's edge; the values just
        // outside it read as "not reached".
        if self.fmin > self.dmin {
            self.fmin -= 1;
            s.set_f(self.fmin - 1, -1);
        } else {
            self.fmin += 1;
        }
        if self.fmax < self.dmax {
            self.fmax += 1;
            s.set_f(self.fmax + 1, -1);
        } else {
            self.fmax -= 1;
        }
        let mut got_snake = false;
        for d in (self.fmin..=self.fmax).rev().step_by(2) {
            let mut i1 = if s.f(d - 1) >= s.f(d + 1) {
                s.f(d - 1) + 1
            } else {
                s.f(d + 1)
            };
            let prev1 = i1;
            let mut i2 = i1 - d;
            while i1 < self.lim1 && i2 < self.lim2 && s.eq(i1, i2) {
                i1 += 1;
                i2 += 1;
            }
            got_snake |= i1 - prev1 > SNAKE_CNT;
            s.set_f(d, i1);
            if self.odd && self.bmin <= d && d <= self.bmax && s.b(d) <= i1 {
                return Err(Split {
                    i1,
                    i2,
                    min_lo: true,
                    min_hi: true,
                });
            }
        }
        Ok(got_snake)
    }

    /// One more step of the backward search, likewise.
    fn backward(&mut self, s: &mut Search<'_>) -> Result<bool, Split> {
        if self.bmin > self.dmin {
            self.bmin -= 1;
            s.set_b(self.bmin - 1, i64::MAX);
        } else {
            self.bmin += 1;
        }
        if self.bmax < self.dmax {
            self.bmax += 1;
            s.set_b(self.bmax + 1, i64::MAX);
        } else {
            self.bmax -= 1;
        }
        let mut got_snake = false;
        for d in (self.bmin..=self.bmax).rev().step_by(2) {
            let mut i1 = if s.b(d - 1) < s.b(d + 1) {
                s.b(d - 1)
            } else {
                s.b(d + 1) - 1
            };
            let prev1 = i1;
            let mut i2 = i1 - d;
            while i1 > self.off1 && i2 > self.off2 && s.eq(i1 - 1, i2 - 1) {
                i1 -= 1;
                i2 -= 1;
            }
            got_snake |= prev1 - i1 > SNAKE_CNT;
            s.set_b(d, i1);
            if !self.odd && self.fmin <= d && d <= self.fmax && i1 <= s.f(d) {
                return Err(Split {
                    i1,
                    i2,
                    min_lo: true,
                    min_hi: true,
                });
            }
        }
        Ok(got_snake)
    }

    /// A diagonal that went far along a long snake, forward then backward: split there.
    fn good_snake(&self, s: &Search<'_>, ec: i64) -> Option<Split> {
        let (off1, lim1, off2, lim2) = (self.off1, self.lim1, self.off2, self.lim2);
        let mut best = 0;
        let mut at = (0, 0);
        for d in (self.fmin..=self.fmax).rev().step_by(2) {
            let i1 = s.f(d);
            let i2 = i1 - d;
            let v = (i1 - off1) + (i2 - off2) - (d - self.fmid).abs();
            if v > K_HEUR * ec
                && v > best
                && off1 + SNAKE_CNT <= i1
                && i1 < lim1
                && off2 + SNAKE_CNT <= i2
                && i2 < lim2
                && (1..=SNAKE_CNT).all(|k| s.eq(i1 - k, i2 - k))
            {
                best = v;
                at = (i1, i2);
            }
        }
        if best > 0 {
            return Some(Split {
                i1: at.0,
                i2: at.1,
                min_lo: true,
                min_hi: false,
            });
        }
        for d in (self.bmin..=self.bmax).rev().step_by(2) {
            let i1 = s.b(d);
            let i2 = i1 - d;
            let v = (lim1 - i1) + (lim2 - i2) - (d - self.bmid).abs();
            if v > K_HEUR * ec
                && v > best
                && off1 < i1
                && i1 <= lim1 - SNAKE_CNT
                && off2 < i2
                && i2 <= lim2 - SNAKE_CNT
                && (0..SNAKE_CNT).all(|k| s.eq(i1 + k, i2 + k))
            {
                best = v;
                at = (i1, i2);
            }
        }
        (best > 0).then_some(Split {
            i1: at.0,
            i2: at.1,
            min_lo: false,
            min_hi: true,
        })
    }

    /// The search is too expensive: split at the furthest-reaching point, forward or backward.
    fn furthest(&self, s: &Search<'_>) -> Split {
        let (off1, lim1, off2, lim2) = (self.off1, self.lim1, self.off2, self.lim2);
        let (mut fbest, mut fbest1) = (-1, -1);
        for d in (self.fmin..=self.fmax).rev().step_by(2) {
            let mut i1 = s.f(d).min(lim1);
            let mut i2 = i1 - d;
            if lim2 < i2 {
                i1 = lim2 + d;
                i2 = lim2;
            }
            if fbest < i1 + i2 {
                fbest = i1 + i2;
                fbest1 = i1;
            }
        }
        let (mut bbest, mut bbest1) = (i64::MAX, i64::MAX);
        for d in (self.bmin..=self.bmax).rev().step_by(2) {
            let mut i1 = off1.max(s.b(d));
            let mut i2 = i1 - d;
            if i2 < off2 {
                i1 = off2 + d;
                i2 = off2;
            }
            if i1 + i2 < bbest {
                bbest = i1 + i2;
                bbest1 = i1;
            }
        }
        if (lim1 + lim2) - bbest < fbest - (off1 + off2) {
            Split {
                i1: fbest1,
                i2: fbest - fbest1,
                min_lo: true,
                min_hi: false,
            }
        } else {
            Split {
                i1: bbest1,
                i2: bbest - bbest1,
                min_lo: false,
                min_hi: true,
            }
        }
    }
}

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
    kv: Vec<i64>,
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
pub(super) fn compare(r1: &Reduced, r2: &Reduced, marks1: &mut Marks, marks2: &mut Marks) {
    let (n1, n2) = (r1.ids.len() as i64, r2.ids.len() as i64);
    let ndiags = n1 + n2 + 3;
    let mut s = Search {
        ha1: &r1.ids,
        ha2: &r2.ids,
        kv: vec![0; 2 * ndiags as usize + 2],
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

fn split(s: &mut Search<'_>, off1: i64, lim1: i64, off2: i64, lim2: i64, need_min: bool) -> Split {
    let (dmin, dmax) = (off1 - lim2, lim1 - off2);
    let (fmid, bmid) = (off1 - off2, lim1 - lim2);
    let odd = (fmid - bmid) & 1 != 0;
    let (mut fmin, mut fmax, mut bmin, mut bmax) = (fmid, fmid, bmid, bmid);
    s.set_f(fmid, off1);
    s.set_b(bmid, lim1);
    let mut ec = 1;
    loop {
        let mut got_snake = false;
        if fmin > dmin {
            fmin -= 1;
            s.set_f(fmin - 1, -1);
        } else {
            fmin += 1;
        }
        if fmax < dmax {
            fmax += 1;
            s.set_f(fmax + 1, -1);
        } else {
            fmax -= 1;
        }
        let mut d = fmax;
        while d >= fmin {
            let mut i1 = if s.f(d - 1) >= s.f(d + 1) {
                s.f(d - 1) + 1
            } else {
                s.f(d + 1)
            };
            let prev1 = i1;
            let mut i2 = i1 - d;
            while i1 < lim1 && i2 < lim2 && s.eq(i1, i2) {
                i1 += 1;
                i2 += 1;
            }
            if i1 - prev1 > SNAKE_CNT {
                got_snake = true;
            }
            s.set_f(d, i1);
            if odd && bmin <= d && d <= bmax && s.b(d) <= i1 {
                return Split {
                    i1,
                    i2,
                    min_lo: true,
                    min_hi: true,
                };
            }
            d -= 2;
        }

        if bmin > dmin {
            bmin -= 1;
            s.set_b(bmin - 1, i64::MAX);
        } else {
            bmin += 1;
        }
        if bmax < dmax {
            bmax += 1;
            s.set_b(bmax + 1, i64::MAX);
        } else {
            bmax -= 1;
        }
        let mut d = bmax;
        while d >= bmin {
            let mut i1 = if s.b(d - 1) < s.b(d + 1) {
                s.b(d - 1)
            } else {
                s.b(d + 1) - 1
            };
            let prev1 = i1;
            let mut i2 = i1 - d;
            while i1 > off1 && i2 > off2 && s.eq(i1 - 1, i2 - 1) {
                i1 -= 1;
                i2 -= 1;
            }
            if prev1 - i1 > SNAKE_CNT {
                got_snake = true;
            }
            s.set_b(d, i1);
            if !odd && fmin <= d && d <= fmax && i1 <= s.f(d) {
                return Split {
                    i1,
                    i2,
                    min_lo: true,
                    min_hi: true,
                };
            }
            d -= 2;
        }

        if !need_min {
            if got_snake && ec > HEUR_MIN_COST {
                if let Some(spl) = good_snake(
                    s,
                    off1,
                    lim1,
                    off2,
                    lim2,
                    ec,
                    (fmin, fmax, fmid),
                    (bmin, bmax, bmid),
                ) {
                    return spl;
                }
            }
            if ec >= s.max_cost {
                return furthest(s, off1, lim1, off2, lim2, (fmin, fmax), (bmin, bmax));
            }
        }
        ec += 1;
    }
}

/// A diagonal that went far along a long snake, forward then backward: split there.
#[allow(clippy::too_many_arguments)]
fn good_snake(
    s: &Search<'_>,
    off1: i64,
    lim1: i64,
    off2: i64,
    lim2: i64,
    ec: i64,
    (fmin, fmax, fmid): (i64, i64, i64),
    (bmin, bmax, bmid): (i64, i64, i64),
) -> Option<Split> {
    let mut best = 0;
    let mut at = (0, 0);
    let mut d = fmax;
    while d >= fmin {
        let dd = (d - fmid).abs();
        let i1 = s.f(d);
        let i2 = i1 - d;
        let v = (i1 - off1) + (i2 - off2) - dd;
        if v > K_HEUR * ec
            && v > best
            && off1 + SNAKE_CNT <= i1
            && i1 < lim1
            && off2 + SNAKE_CNT <= i2
            && i2 < lim2
            && (1..=SNAKE_CNT)
                .take_while(|&k| s.eq(i1 - k, i2 - k))
                .count() as i64
                == SNAKE_CNT
        {
            best = v;
            at = (i1, i2);
        }
        d -= 2;
    }
    if best > 0 {
        return Some(Split {
            i1: at.0,
            i2: at.1,
            min_lo: true,
            min_hi: false,
        });
    }
    let mut d = bmax;
    while d >= bmin {
        let dd = (d - bmid).abs();
        let i1 = s.b(d);
        let i2 = i1 - d;
        let v = (lim1 - i1) + (lim2 - i2) - dd;
        if v > K_HEUR * ec
            && v > best
            && off1 < i1
            && i1 <= lim1 - SNAKE_CNT
            && off2 < i2
            && i2 <= lim2 - SNAKE_CNT
            && (0..SNAKE_CNT).take_while(|&k| s.eq(i1 + k, i2 + k)).count() as i64 == SNAKE_CNT
        {
            best = v;
            at = (i1, i2);
        }
        d -= 2;
    }
    (best > 0).then_some(Split {
        i1: at.0,
        i2: at.1,
        min_lo: false,
        min_hi: true,
    })
}

/// The search is too expensive: split at the furthest-reaching point, forward or backward.
fn furthest(
    s: &Search<'_>,
    off1: i64,
    lim1: i64,
    off2: i64,
    lim2: i64,
    (fmin, fmax): (i64, i64),
    (bmin, bmax): (i64, i64),
) -> Split {
    let (mut fbest, mut fbest1) = (-1, -1);
    let mut d = fmax;
    while d >= fmin {
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
        d -= 2;
    }
    let (mut bbest, mut bbest1) = (i64::MAX, i64::MAX);
    let mut d = bmax;
    while d >= bmin {
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
        d -= 2;
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

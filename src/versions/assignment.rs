//! The cheapest one-to-one assignment of columns to rows: Jonker and Volgenant's shortest
//! augmenting path algorithm (Computing 38, 1987), in the form git's `linear-assignment.c` runs
//! it, step for step, so that among equally cheap assignments the same one is chosen.
//!
//! The four phases of the paper: column reduction, reduction transfer, two rounds of
//! augmenting row reduction, then augmentation of the rows still free along shortest paths
//! (Dijkstra-like, with the reduced costs kept non-negative by the column prices `v`).

// The loops index columns and rows as the algorithm is written; in the augmentation the scan
// range is fixed when a loop starts while `up` moves on, which is what the algorithm means.
#![allow(clippy::needless_range_loop, clippy::mut_range_bound)]

/// A square or rectangular cost matrix: `cost(column, row)`.
pub struct Costs<'a> {
    pub columns: usize,
    pub rows: usize,
    /// Row-major by column: the cost of `(column, row)` is at `column + columns * row`.
    pub cost: &'a [i64],
}

impl Costs<'_> {
    fn at(&self, column: usize, row: usize) -> i64 {
        self.cost[column + self.columns * row]
    }
}

/// For each column its row and for each row its column (`-1`: none), as git computes them.
///
/// git's augmentation can, when the first scan already finds a free column among the
/// cheapest, augment along the last column it looked at instead; the result is then not a
/// consistent matching. That is kept: `range-diff` reads only the column side, and agreeing
/// with it is the point.
pub fn assign(costs: &Costs<'_>) -> (Vec<i64>, Vec<i64>) {
    let (nc, nr) = (costs.columns, costs.rows);
    if nc < 2 {
        return (vec![0; nc], vec![0; nr]);
    }
    let mut column2row = vec![-1i64; nc];
    let mut row2column = vec![-1i64; nr];
    let mut v = vec![0i64; nc];

    // Column reduction: each column (last first) takes its cheapest row if that row is free.
    for j in (0..nc).rev() {
        let mut i1 = 0;
        for i in 1..nr {
            if costs.at(j, i1) > costs.at(j, i) {
                i1 = i;
            }
        }
        v[j] = costs.at(j, i1);
        if row2column[i1] == -1 {
            row2column[i1] = j as i64;
            column2row[j] = i1 as i64;
        } else {
            // A row wanted by several columns is marked (as -2 - column) to be told apart.
            if row2column[i1] >= 0 {
                row2column[i1] = -2 - row2column[i1];
            }
            column2row[j] = -1;
        }
    }

    // Reduction transfer: rows assigned once pass their slack on to their column's price.
    let mut free_rows = Vec::with_capacity(nr);
    for i in 0..nr {
        let j1 = row2column[i];
        if j1 == -1 {
            free_rows.push(i);
        } else if j1 < -1 {
            row2column[i] = -2 - j1;
        } else {
            let j1 = j1 as usize;
            let first = usize::from(j1 == 0);
            let mut min = costs.at(first, i) - v[first];
            for j in 1..nc {
                if j != j1 && min > costs.at(j, i) - v[j] {
                    min = costs.at(j, i) - v[j];
                }
            }
            v[j1] -= min;
        }
    }
    if free_rows.len() == nr.saturating_sub(nc) {
        return (column2row, row2column);
    }

    for _ in 0..2 {
        free_rows =
            augmenting_row_reduction(costs, &mut v, &mut column2row, &mut row2column, free_rows);
    }
    augment(costs, &mut v, &mut column2row, &mut row2column, &free_rows);
    (column2row, row2column)
}

/// One round of augmenting row reduction; returns the rows left free.
fn augmenting_row_reduction(
    costs: &Costs<'_>,
    v: &mut [i64],
    column2row: &mut [i64],
    row2column: &mut [i64],
    mut free_rows: Vec<usize>,
) -> Vec<usize> {
    let nc = costs.columns;
    let saved = free_rows.len();
    let mut still_free = 0;
    let mut k = 0;
    while k < saved {
        let i = free_rows[k];
        k += 1;
        // The cheapest (u1 at j1) and second cheapest (u2 at j2) reduced costs of row i.
        let mut j1 = 0;
        let mut u1 = costs.at(j1, i) - v[j1];
        let mut j2: Option<usize> = None;
        let mut u2 = i64::MAX;
        for j in 1..nc {
            let c = costs.at(j, i) - v[j];
            if u2 > c {
                if u1 < c {
                    u2 = c;
                    j2 = Some(j);
                } else {
                    u2 = u1;
                    u1 = c;
                    j2 = Some(j1);
                    j1 = j;
                }
            }
        }
        let j2 = j2.unwrap_or_else(|| {
            u2 = u1;
            j1
        });
        let mut i0 = column2row[j1];
        if u1 < u2 {
            v[j1] -= u2 - u1;
        } else if i0 >= 0 {
            j1 = j2;
            i0 = column2row[j1];
        }
        if i0 >= 0 {
            // The row pushed out is tried again at once when the price went down, else later.
            if u1 < u2 {
                k -= 1;
                free_rows[k] = i0 as usize;
            } else {
                free_rows[still_free] = i0 as usize;
                still_free += 1;
            }
        }
        row2column[i] = j1 as i64;
        column2row[j1] = i as i64;
    }
    free_rows.truncate(still_free);
    free_rows
}

/// Augmentation: each free row gets a column along a shortest alternating path.
fn augment(
    costs: &Costs<'_>,
    v: &mut [i64],
    column2row: &mut [i64],
    row2column: &mut [i64],
    free_rows: &[usize],
) {
    let nc = costs.columns;
    let mut path = Path {
        d: vec![0; nc],
        pred: vec![0; nc],
        col: (0..nc).collect(),
    };
    for &i1 in free_rows {
        let (end, last, min) = path.search(costs, v, column2row, i1);
        // Columns settled on the way get their prices raised so reduced costs stay >= 0.
        for &j1 in &path.col[..last] {
            v[j1] += path.d[j1] - min;
        }
        let Some(mut j) = end else {
            return;
        };
        loop {
            let i = path.pred[j];
            column2row[j] = i as i64;
            let previous = row2column[i];
            row2column[i] = j as i64;
            if i == i1 {
                break;
            }
            j = previous as usize;
        }
    }
}

/// The Dijkstra-like search of the augmentation phase.
struct Path {
    /// Reduced distance to each column.
    d: Vec<i64>,
    /// The row each column is reached from.
    pred: Vec<usize>,
    /// Columns: `[..low]` settled, `[low..up]` at the current minimum, `[up..]` to scan.
    col: Vec<usize>,
}

impl Path {
    /// Searches from free row `i1`; returns the column to augment from (see [`assign`] on
    /// git's choice of it), how many columns were settled, and the final minimum distance.
    fn search(
        &mut self,
        costs: &Costs<'_>,
        v: &[i64],
        column2row: &[i64],
        i1: usize,
    ) -> (Option<usize>, usize, i64) {
        let nc = costs.columns;
        let (d, pred, col) = (&mut self.d, &mut self.pred, &mut self.col);
        for j in 0..nc {
            d[j] = costs.at(j, i1) - v[j];
            pred[j] = i1;
            col[j] = j;
        }
        let (mut low, mut up) = (0usize, 0usize);
        let mut j: Option<usize> = None;
        loop {
            let last = low;
            let mut min = d[col[up]];
            up += 1;
            for k in up..nc {
                let jk = col[k];
                j = Some(jk);
                let c = d[jk];
                if c <= min {
                    if c < min {
                        up = low;
                        min = c;
                    }
                    col[k] = col[up];
                    col[up] = jk;
                    up += 1;
                }
            }
            // git jumps to the update here with `j` still the last column it looked at, not
            // necessarily the free one it found.
            if (low..up).any(|k| column2row[col[k]] == -1) {
                return (j, last, min);
            }
            // Scan the rows of the cheapest columns.
            loop {
                let j1 = col[low];
                low += 1;
                let i = column2row[j1] as usize;
                let u1 = costs.at(j1, i) - v[j1] - min;
                for k in up..nc {
                    let jk = col[k];
                    j = Some(jk);
                    let c = costs.at(jk, i) - v[jk] - u1;
                    if c < d[jk] {
                        d[jk] = c;
                        pred[jk] = i;
                        if c == min {
                            if column2row[jk] == -1 {
                                return (j, last, min);
                            }
                            col[k] = col[up];
                            col[up] = jk;
                            up += 1;
                        }
                    }
                }
                if low == up {
                    break;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(line: &str) -> (Vec<i64>, Vec<i64>, Vec<i64>, Vec<i64>) {
        let parts: Vec<Vec<i64>> = line
            .split(" | ")
            .map(|p| p.split(' ').map(|x| x.parse().unwrap()).collect())
            .collect();
        let n = parts[0][0] as usize;
        let (c2r, r2c) = assign(&Costs {
            columns: n,
            rows: n,
            cost: &parts[0][1..],
        });
        (c2r, r2c, parts[1].clone(), parts[2].clone())
    }

    /// Matrices shaped as `range-diff` builds them (pair costs, creation costs, a zero block),
    /// with the assignment git's `compute_assignment` returned for them: ties and the
    /// inconsistent results of its augmentation included.
    #[test]
    fn agrees_with_git_on_recorded_cases() {
        for line in [
            "3 1 1 1 1 1 1 1 1 1 | 2 1 0 | 2 1 0",
            "5 65536 0 0 0 0 2 0 2 2 2 2 0 0 0 0 2 0 0 0 0 2 0 0 0 0 | 1 2 3 -1 4 | 4 0 1 2 4",
            "6 0 2 2 2 2 2 3 3 65536 65536 65536 65536 4 65536 2 2 2 2 4 3 4 4 4 4 3 3 0 0 0 0 3 3 0 0 0 0 | 0 1 3 2 -1 5 | 0 1 3 2 5 5",
            "7 65536 1 4 2 2 2 2 65536 3 65536 3 3 3 3 3 3 2 3 3 3 3 4 0 65536 3 3 3 3 4 65536 4 0 0 0 0 4 65536 4 0 0 0 0 4 65536 4 0 0 0 0 | 3 0 2 5 1 -1 6 | 1 4 2 0 6 3 6",
            "3 3 3 3 1 1 1 5 5 5 | 2 0 1 | 1 2 0",
            "6 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 65536 0 0 0 0 0 65536 0 0 0 0 0 65536 0 0 0 0 0 | 1 4 3 -1 -1 5 | 5 0 5 2 1 5",
            "6 1 0 2 2 2 2 2 2 0 0 0 0 0 0 65536 65536 65536 65536 3 1 3 3 3 3 0 1 0 0 0 0 0 1 0 0 0 0 | 2 0 5 4 -1 3 | 1 5 0 5 3 2",
            "3 2 1 0 2 65536 0 2 65536 0 | 1 0 2 | 1 0 2",
            "1 1 | 0 | 0",
        ] {
            let (c2r, r2c, want_c2r, want_r2c) = run(line);
            assert_eq!((c2r, r2c), (want_c2r, want_r2c), "{line}");
        }
    }

    fn permutations(n: usize) -> Vec<Vec<usize>> {
        if n == 0 {
            return vec![vec![]];
        }
        let mut out = Vec::new();
        for p in permutations(n - 1) {
            for at in 0..n {
                let mut q = p.clone();
                q.insert(at, n - 1);
                out.push(q);
            }
        }
        out
    }

    #[test]
    fn consistent_results_are_optimal() {
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n) as i64
        };
        for _ in 0..300 {
            let n = 2 + next(5) as usize;
            let range = 1 + next(20) as u64;
            let cost: Vec<i64> = (0..n * n).map(|_| next(range)).collect();
            let (c2r, r2c) = assign(&Costs {
                columns: n,
                rows: n,
                cost: &cost,
            });
            let consistent = (0..n).all(|j| c2r[j] >= 0 && r2c[c2r[j] as usize] == j as i64);
            if !consistent {
                continue;
            }
            let total: i64 = (0..n).map(|j| cost[j + n * c2r[j] as usize]).sum();
            let best = permutations(n)
                .iter()
                .map(|p| (0..n).map(|j| cost[j + n * p[j]]).sum::<i64>())
                .min()
                .unwrap();
            assert_eq!(total, best, "{cost:?}");
        }
    }
}

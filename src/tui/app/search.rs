//! `/` search over the whole page of every patch: subject, message and trailers, author and
//! committer, file paths and diff lines (scanned by the worker), and comments (which the app
//! holds); `n`/`N` through the matches.

use std::collections::HashMap;

use super::{App, Search};
use crate::tui::doc::Row;
use crate::tui::find::Query;

impl App {
    /// Enter in the search prompt: the worker scans the visible patches, loading the diffs it
    /// needs, and [`App::found`] takes the hits.
    pub(super) fn run_search(&mut self, text: String) {
        if text.is_empty() {
            self.search = None;
            return;
        }
        self.start_search(Query::new(text));
    }

    /// More of a running search's hits arrive, in scan order. The first one after where the
    /// search began is shown at once; when the search is complete, the hits are put in page
    /// order.
    pub(super) fn searched(&mut self, done: usize, total: usize, hits: Vec<(usize, Row)>) {
        let Some(s) = self.searching.as_mut() else {
            return;
        };
        (s.done, s.total) = (done, total);
        let new = s.hits.len();
        s.hits.extend(hits);
        let (query, all, from) = (s.query.clone(), s.hits.clone(), s.from);
        if !s.shown {
            // Hits of the starting patch at or above the cursor come last, after wrapping.
            let after = |&(i, row): &(usize, Row)| {
                i != from.0
                    || self.current() == Some(from.0)
                        && self.rows.iter().position(|&r| r == row) > Some(from.1)
            };
            if let Some(&(i, row)) = all[new..].iter().find(|h| after(h)) {
                self.searching.as_mut().expect("searching").shown = true;
                self.search = Some(Search {
                    query: query.clone(),
                    hits: all.clone(),
                });
                self.show_hit(i, row);
            }
        } else if let Some(search) = self.search.as_mut() {
            search.hits = all.clone();
        }
        if done < total {
            return;
        }
        let shown = self.searching.take().is_some_and(|s| s.shown);
        let q = git_triage::sanitize::escape(&query.text).into_owned();
        // Comments are the app's, not the worker's: theirs join once every diff is known.
        let all = self.with_comment_hits(&query, all);
        if all.is_empty() {
            self.set_error(format!("pattern not found: {q}"));
            self.search = None;
            return;
        }
        let pos_of: HashMap<usize, usize> = self
            .visible
            .iter()
            .enumerate()
            .map(|(p, &i)| (i, p))
            .collect();
        let mut hits = all;
        hits.sort_by_key(|(i, _)| pos_of.get(i).copied().unwrap_or(usize::MAX));
        let n = hits.len();
        let here = self
            .current()
            .zip(self.rows.get(self.cursor).copied())
            .and_then(|h| hits.iter().position(|&x| x == h));
        let search = Search { query, hits };
        let scope = search.scope();
        self.search = Some(search);
        match (shown, here) {
            (true, Some(k)) => self.info(format!(
                "match {}/{n} for {q:?} in {scope} · n/N next · Esc ends",
                k + 1
            )),
            _ => self.step_search(true),
        }
    }

    /// `hits` with the comments that match added, each patch's after its other hits, in the
    /// order of the visible patches.
    fn with_comment_hits(&self, query: &Query, hits: Vec<(usize, Row)>) -> Vec<(usize, Row)> {
        let mut by_patch: HashMap<usize, Vec<Row>> = HashMap::new();
        for (i, row) in hits {
            by_patch.entry(i).or_default().push(row);
        }
        let mut out = Vec::new();
        for &i in &self.visible {
            let mut rows = by_patch.remove(&i).unwrap_or_default();
            // Comments, by their block (indexed as the page indexes them: first written first).
            let key = self.series.patches[i].key;
            for (c, standing) in self
                .notes
                .comments(key, self.patch_id(i), self.partner(i))
                .iter()
                .enumerate()
            {
                if query.matches(standing.text()) {
                    rows.push(Row::Comment(c, 0));
                }
            }
            out.extend(rows.into_iter().map(|r| (i, r)));
        }
        out
    }

    /// Selects patch `i` and puts the cursor on `row`.
    fn show_hit(&mut self, i: usize, row: Row) {
        if let Some(pos) = self.visible.iter().position(|&v| v == i) {
            self.select(pos);
            if let Some(r) = self.rows.iter().position(|&x| x == row) {
                self.jump_to(r);
            }
        }
    }

    /// Moves to the next (or previous) hit after the cursor, wrapping around.
    pub(super) fn step_search(&mut self, forward: bool) {
        let Some(search) = &self.search else { return };
        let here = (self.selected, self.cursor);
        let row_of: HashMap<Row, usize> =
            self.rows.iter().enumerate().map(|(r, &x)| (x, r)).collect();
        let pos_of: HashMap<usize, usize> = self
            .visible
            .iter()
            .enumerate()
            .map(|(p, &i)| (i, p))
            .collect();
        let order = |&(i, row): &(usize, Row)| -> Option<(usize, usize)> {
            let pos = *pos_of.get(&i)?;
            let r = if pos == self.selected {
                *row_of.get(&row)?
            } else {
                // Rows of other patches are not built; order hits by their own index.
                0
            };
            Some((pos, r))
        };
        let keyed: Vec<((usize, usize), usize, Row)> = search
            .hits
            .iter()
            .enumerate()
            .filter_map(|(k, h)| order(h).map(|o| (o, k, h.1)))
            .collect();
        let pick = if forward {
            keyed
                .iter()
                .filter(|(o, _, _)| *o > here)
                .min_by_key(|(o, k, _)| (*o, *k))
                .or_else(|| keyed.iter().min_by_key(|(o, k, _)| (*o, *k)))
        } else {
            keyed
                .iter()
                .filter(|(o, _, _)| *o < here)
                .max_by_key(|(o, k, _)| (*o, *k))
                .or_else(|| keyed.iter().max_by_key(|(o, k, _)| (*o, *k)))
        };
        let Some(&((pos, _), k, row)) = pick else {
            return;
        };
        let total = search.hits.len();
        let q = git_triage::sanitize::escape(&search.query.text).into_owned();
        let scope = search.scope();
        self.select(pos);
        if let Some(r) = self.rows.iter().position(|&x| x == row) {
            self.jump_to(r);
        }
        self.info(format!(
            "match {}/{total} for {q:?} in {scope} · n/N next · Esc ends",
            k + 1
        ));
    }
}

impl Search {
    /// Where the matches are: `3 subjects, 20 message lines, 2 diff lines`.
    pub fn scope(&self) -> String {
        let mut counts = [0usize; 6];
        for (_, row) in &self.hits {
            let slot = match row {
                Row::Subject => 0,
                Row::Body(_) => 1,
                Row::Author | Row::Committer => 2,
                Row::File(_) => 4,
                Row::Comment(..) => 5,
                _ => 3,
            };
            counts[slot] += 1;
        }
        let names = [
            ("subject", "subjects"),
            ("message line", "message lines"),
            ("author", "authors"),
            ("diff line", "diff lines"),
            ("path", "paths"),
            ("comment", "comments"),
        ];
        let parts: Vec<String> = counts
            .iter()
            .zip(names)
            .filter(|(&k, _)| k > 0)
            .map(|(&k, (one, many))| format!("{k} {}", if k == 1 { one } else { many }))
            .collect();
        parts.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scope_names_what_matched() {
        let scope = |hits: Vec<Row>| {
            Search {
                query: Query::new("x".into()),
                hits: hits.into_iter().map(|r| (0, r)).collect(),
            }
            .scope()
        };
        assert_eq!(
            scope(vec![Row::Line(0, 0, 1), Row::Line(0, 0, 2)]),
            "2 diff lines"
        );
        assert_eq!(
            scope(vec![Row::File(0), Row::Line(0, 0, 1), Row::Subject]),
            "1 subject, 1 diff line, 1 path"
        );
    }
}

//! `/` search over subjects, paths and diff lines (scanned by the worker) and comments (which
//! the app holds), and `n`/`N` through the matches.

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

    /// The worker's hits for `query` arrive: go to the first one after the cursor.
    pub(super) fn found(&mut self, query: Query, hits: Vec<(usize, Row)>) {
        let hits = self.with_comment_hits(&query, hits);
        if hits.is_empty() {
            self.set_error(format!(
                "pattern not found: {}",
                git_triage::sanitize::escape(&query.text)
            ));
            self.search = None;
        } else {
            self.search = Some(Search { query, hits });
            self.step_search(true);
        }
    }

    /// `hits` in page order with the comments that match added: each patch's after its other
    /// hits, in the order of the visible patches.
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
                .comments(key, self.patch_id(i))
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
        self.select(pos);
        if let Some(r) = self.rows.iter().position(|&x| x == row) {
            self.jump_to(r);
        }
        self.info(format!(
            "match {}/{total} for {q:?} · n/N next · Esc ends",
            k + 1
        ));
    }
}

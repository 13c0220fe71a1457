//! `/` search over subjects, paths, diff lines and comments, and `n`/`N` through the matches.

use std::collections::HashMap;

use super::{App, Search};
use crate::tui::doc::Row;

impl App {
    pub(super) fn run_search(&mut self, query: String) {
        if query.is_empty() {
            self.search = None;
            return;
        }
        self.ensure_all();
        let mut search = Search {
            case_sensitive: query.chars().any(char::is_uppercase),
            query,
            hits: Vec::new(),
        };
        for &i in &self.visible {
            let p = &self.series.patches[i];
            if search.matches(&p.subject) {
                search.hits.push((i, Row::Subject));
            }
            let Some(d) = &self.computed[i].diff else {
                continue;
            };
            // Comments, by their block (indexed as the page indexes them: first written first).
            for (c, standing) in self.notes.comments(p.key, d.patch_id).iter().enumerate() {
                if search.matches(standing.text()) {
                    search.hits.push((i, Row::Comment(c, 0)));
                }
            }
            for (f, file) in d.files.iter().enumerate() {
                if search.matches(&file.display_path()) {
                    search.hits.push((i, Row::File(f)));
                }
                for (h, hunk) in file.hunks.iter().enumerate() {
                    for (l, line) in hunk.lines.iter().enumerate() {
                        if search.matches(&line.content) {
                            search.hits.push((i, Row::Line(f, h, l)));
                        }
                    }
                }
            }
        }
        let q = search.query.clone();
        if search.hits.is_empty() {
            self.set_error(format!(
                "pattern not found: {}",
                git_triage::sanitize::escape(&q)
            ));
            self.search = None;
        } else {
            self.search = Some(search);
            self.step_search(true);
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
        let q = git_triage::sanitize::escape(&search.query).into_owned();
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

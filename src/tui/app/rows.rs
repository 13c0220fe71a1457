//! The selected patch's page as rows: built when the selection changes, rebuilt in place when
//! its headers or diff arrive.

use super::{App, Versions, View};
use crate::tui::doc::{self, HeaderCounts, Row};

impl App {
    /// Rebuilds the page of the selected patch and puts the cursor at its top.
    pub fn rebuild_rows(&mut self) {
        self.cursor = 0;
        self.scroll = 0;
        self.hscroll = 0;
        self.comments.clear();
        self.rows = match self.current() {
            None => Vec::new(),
            Some(i) if self.view == View::Interdiff => self.interdiff_rows(i),
            Some(i) => {
                let Some(header) = self.series.patches[i].header.clone() else {
                    self.rows = vec![Row::Commit, Row::Blank, Row::Reading];
                    return;
                };
                let p = &header.patch;
                let shown = self.notes.shown(p.key, self.patch_id(i), self.partner(i));
                let counts = HeaderCounts {
                    committer_differs: p.committer.name != p.author.name
                        || p.committer.email != p.author.email,
                    body_lines: p.body().lines().count(),
                    evidence: header.provenance.evidence.len(),
                    findings: self.findings(i).len(),
                    followups: p.mail.as_ref().map_or(0, |m| m.followups.len()),
                    verdict_comments: shown
                        .iter()
                        .map(|s| {
                            s.verdict
                                .comment
                                .as_ref()
                                .map_or(0, |c| c.lines().count().max(1))
                        })
                        .collect(),
                    version: !matches!(self.versions, Versions::None),
                };
                self.comments = self.page_comments(i, self.comment_width());
                let after: Vec<(Row, usize)> = self
                    .comments
                    .iter()
                    .map(|c| (self.anchor_row(i, c.place), c.height()))
                    .collect();
                doc::build(&counts, self.diff(i), &after)
            }
        };
    }

    /// Rebuilds the selected patch's page after its content changed, keeping the cursor on the
    /// same row and the view where it was.
    pub(super) fn refresh_rows(&mut self) {
        let (old, scroll, hscroll) = (
            self.rows.get(self.cursor).copied(),
            self.scroll,
            self.hscroll,
        );
        let offset = self.cursor.saturating_sub(scroll);
        self.rebuild_rows();
        self.hscroll = hscroll;
        if let Some(r) = old.and_then(|old| self.rows.iter().position(|&x| x == old)) {
            self.cursor = r;
            self.scroll = r.saturating_sub(offset);
        }
    }

    /// Where the cursor is among the hunks of this patch: `hunk 2/5`, or `5 hunks` above the
    /// first.
    pub fn hunk_position(&self) -> String {
        let stops: Vec<usize> = (0..self.rows.len())
            .filter(|&r| doc::is_hunk_stop(self.rows[r]))
            .collect();
        let m = stops.len();
        match stops.iter().filter(|&&r| r <= self.cursor).count() {
            0 if m == 1 => "1 hunk".to_string(),
            0 => format!("{m} hunks"),
            j => format!("hunk {j}/{m}"),
        }
    }
}

//! The selected patch's page as rows: built when the selection changes, rebuilt in place when
//! its headers, diff, notes, width or collapsed files change.

use std::collections::HashSet;

use super::{App, Versions, View};
use crate::tui::columns;
use crate::tui::doc::{self, HeaderCounts, Row, Shape};

/// Where a finding's text starts after its severity: its continuation lines hang there.
pub const FINDING_INDENT: usize = 10;

impl App {
    /// Rebuilds the page of the selected patch and puts the cursor at its top.
    pub fn rebuild_rows(&mut self) {
        self.cursor = 0;
        self.scroll = 0;
        self.hscroll = 0;
        self.comments.clear();
        if self.on_cover {
            self.rows = self.cover_page();
            return;
        }
        let Some(i) = self.current() else {
            self.rows = Vec::new();
            return;
        };
        if self.view == View::Interdiff {
            self.rows = self.interdiff_rows(i);
            return;
        }
        let Some(header) = self.series.patches[i].header.clone() else {
            self.rows = vec![Row::Commit, Row::Blank, Row::Reading];
            return;
        };
        let p = &header.patch;
        let shown = self.notes.shown(p.key, self.patch_id(i), self.partner(i));
        let width = self.text_width();
        let counts = HeaderCounts {
            committer_differs: p.committer.name != p.author.name
                || p.committer.email != p.author.email,
            body_lines: p.body().lines().count(),
            evidence: header.provenance.evidence.len(),
            findings: (0..self.findings(i).len())
                .map(|n| self.finding_lines(i, n, width).len())
                .collect(),
            followups: p.mail.as_ref().map_or(0, |m| m.followups.len()),
            verdict_comments: shown
                .iter()
                .map(|s| s.comment().map_or(0, |c| c.lines().count().max(1)))
                .collect(),
            version: !matches!(self.versions, Versions::None),
        };
        self.comments = self.page_comments(i, self.comment_width());
        let after: Vec<(Row, usize)> = self
            .comments
            .iter()
            .map(|c| (self.anchor_row(i, c.place), c.height()))
            .collect();
        let collapsed: HashSet<usize> = self
            .collapsed
            .iter()
            .filter(|(p, _)| *p == i)
            .map(|&(_, f)| f)
            .collect();
        self.rows = doc::build(&Shape {
            header: &counts,
            diff: self.diff(i),
            comments: &after,
            collapsed: &collapsed,
            wrap: self.wrap.then(|| self.code_width()),
            tab: usize::from(self.config.tui.tab_width),
        });
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
        let found = old.and_then(|old| {
            self.rows
                .iter()
                .position(|&x| x == old)
                .or_else(|| self.rows.iter().position(|&x| x == old.head()))
        });
        if let Some(r) = found {
            self.cursor = r;
            self.scroll = r.saturating_sub(offset);
        }
    }

    /// The columns of the page's text, right of its gutter.
    pub fn text_width(&self) -> usize {
        self.panes()
            .map_or(78, |l| usize::from(l.page.width).saturating_sub(2))
    }

    /// The columns a diff line's code gets, right of its line numbers and sign.
    pub fn code_width(&self) -> usize {
        let text = self.text_width();
        let numbers = if text + 2 >= 60 { 12 } else { 0 };
        text.saturating_sub(numbers + 1).max(10)
    }

    /// Finding `n` of patch `i` as the page shows it: its rule, place and message, wrapped to
    /// `width` with the severity before the first line.
    pub fn finding_lines(&self, i: usize, n: usize, width: usize) -> Vec<String> {
        let f = &self.findings(i)[n];
        let place = match (&f.path, f.line) {
            (Some(path), Some(l)) => format!("{path}:{l}: "),
            (Some(path), None) => format!("{path}: "),
            _ => String::new(),
        };
        let text = format!("{} {place}{}", f.rule.as_str(), f.message);
        columns::wrap(&text, width.saturating_sub(FINDING_INDENT).max(20))
    }

    /// Where the cursor is in the patch, for the page's title: `file 2/3 · hunk 4/9`, or
    /// `3 files · 9 hunks` above the diff.
    pub fn position(&self) -> String {
        let files = self
            .current()
            .and_then(|i| self.diff(i))
            .map_or(0, |d| d.files.len());
        let hunks = self.hunk_position();
        match self.rows.get(self.cursor).and_then(|r| r.file()) {
            Some(f) if files > 1 => format!("file {}/{files} · {hunks}", f + 1),
            None if files > 1 => format!("{files} files · {hunks}"),
            _ => hunks,
        }
    }

    /// Where the cursor is among the hunks of this patch: `hunk 2/5`, or `5 hunks` above the
    /// first. Counted in the diff, so that a folded file still counts its hunks; a file
    /// without hunks (binary) is one stop. The interdiff page counts its own hunks, and says
    /// so.
    pub fn hunk_position(&self) -> String {
        let stops = || self.rows.iter().filter(|&&r| doc::is_hunk_stop(r));
        let upto = self.cursor.saturating_add(1).min(self.rows.len());
        let here = self.rows[..upto]
            .iter()
            .rev()
            .find(|&&r| doc::is_hunk_stop(r))
            .copied();
        if self.view == View::Interdiff {
            let m = stops().count();
            let j = stops().take_while(|&&r| Some(r) != here).count() + 1;
            return match here {
                None if m == 1 => "1 interdiff hunk".into(),
                None => format!("{m} interdiff hunks"),
                Some(_) => format!("interdiff hunk {j}/{m}"),
            };
        }
        let sizes: Vec<usize> = match self.current().and_then(|i| self.diff(i)) {
            Some(d) => d.files.iter().map(|f| f.hunks.len().max(1)).collect(),
            None => Vec::new(),
        };
        let m: usize = sizes.iter().sum();
        let before = |f: usize| sizes.iter().take(f).sum::<usize>();
        let on_stop = self.rows.get(self.cursor) == here.as_ref();
        let j = match here {
            Some(Row::Hunk(f, h)) => Some(before(f) + h + 1),
            // Past a folded file the cursor is past all of its hunks, as `n` would have been.
            Some(Row::Collapsed(f)) if !on_stop => Some(before(f + 1)),
            Some(Row::Collapsed(f) | Row::NoHunks(f)) => Some(before(f) + 1),
            _ => None,
        };
        match j {
            None if m == 1 => "1 hunk".to_string(),
            None => format!("{m} hunks"),
            Some(j) => format!("hunk {j}/{m}"),
        }
    }
}

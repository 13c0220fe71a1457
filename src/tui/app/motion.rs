//! Moving around: the focused pane, hunks, and critical hunks across patches.

use git_triage::areas::Level;

use super::{App, Focus};
use crate::tui::doc;
use crate::tui::keys::Action;

impl App {
    pub(super) fn pane_page(&self) -> usize {
        match self.focus {
            Focus::List => self.list_page(),
            Focus::Diff => self.page(),
        }
    }

    /// Moves the focused pane by `delta` (patches or rows), clamped.
    pub(super) fn step(&mut self, delta: isize) {
        match self.focus {
            Focus::List => {
                let cover = self.cover_rows();
                let n = self.visible.len() + cover;
                if n == 0 {
                    return;
                }
                let new = (self.list_position() as isize)
                    .saturating_add(delta)
                    .clamp(0, n as isize - 1) as usize;
                if new < cover {
                    self.select_cover();
                } else {
                    self.select(new - cover);
                }
            }
            Focus::Diff => {
                // The page ends at its last row with something on it, not on the blank
                // that separates a file from the next.
                let n = self
                    .rows
                    .iter()
                    .rposition(|r| *r != doc::Row::Blank)
                    .map_or(0, |r| r + 1);
                let new = (self.cursor as isize)
                    .saturating_add(delta)
                    .clamp(0, n.saturating_sub(1) as isize);
                self.set_cursor(new as usize);
            }
        }
    }

    /// Selects the patch at position `pos` of the visible list.
    pub fn select(&mut self, pos: usize) {
        if pos != self.selected || self.rows.is_empty() || self.on_cover {
            self.on_cover = false;
            self.selected = pos;
            self.rebuild_rows();
        }
        self.list_scroll = self.list_offset(self.list_page());
    }

    /// Puts the cursor on `row` and scrolls so that it shows with some context.
    pub fn set_cursor(&mut self, row: usize) {
        self.cursor = row;
        let page = self.page();
        let margin = (page / 4).min(3);
        if row < self.scroll + margin {
            self.scroll = row.saturating_sub(margin);
        } else if row + margin >= self.scroll + page {
            self.scroll = (row + margin + 1).saturating_sub(page);
        }
        let max = self.rows.len().saturating_sub(page);
        self.scroll = self.scroll.min(max.max(row.saturating_sub(page - 1)));
    }

    /// Puts the cursor on `row` near the top of the page, as a jump target with context.
    pub(super) fn jump_to(&mut self, row: usize) {
        self.focus = Focus::Diff;
        self.cursor = row;
        self.scroll = row.saturating_sub(2);
    }

    /// `n`/`N`: the next search match, or the next hunk in this patch.
    pub(super) fn next(&mut self, forward: bool) {
        if self.search.is_some() {
            self.step_search(forward);
            return;
        }
        let found = if forward {
            (self.cursor + 1..self.rows.len()).find(|&r| doc::is_hunk_stop(self.rows[r]))
        } else {
            (0..self.cursor)
                .rev()
                .find(|&r| doc::is_hunk_stop(self.rows[r]))
        };
        match found {
            Some(r) => self.jump_to(r),
            None => self.info(format!(
                "no {} hunk in this patch",
                if forward { "next" } else { "previous" }
            )),
        }
    }

    /// `]`/`[`: the next critical hunk, moving on to the following patches. Returns the patch
    /// whose diff it must look at and has not arrived: the key then waits for the worker.
    pub(super) fn critical(&mut self, forward: bool) -> Option<usize> {
        let start = self.current()?;
        if self.series.patches[start].checked.is_none() {
            return Some(start);
        }
        let is_critical = |app: &App, r: usize| {
            doc::is_hunk_stop(app.rows[r])
                && doc::level(app.diff(app.visible[app.selected]), app.rows[r]) == Level::Critical
        };
        let critical_patch = |app: &App, i: usize| app.level(i) == Some(Level::Critical);
        self.step_across(forward, is_critical, critical_patch, "critical hunk")
    }

    /// Moves to the next (previous) row where `stop` holds: past the cursor in this patch,
    /// else at the first (last) such row of the following (preceding) visible patches that
    /// `worth` lets through, or says there is no `what`. Returns the patch whose diff it must
    /// look at and has not arrived: the key then waits for it.
    pub(super) fn step_across(
        &mut self,
        forward: bool,
        stop: impl Fn(&App, usize) -> bool,
        worth: impl Fn(&App, usize) -> bool,
        what: &str,
    ) -> Option<usize> {
        let here = if forward {
            (self.cursor + 1..self.rows.len()).find(|&r| stop(self, r))
        } else {
            (0..self.cursor).rev().find(|&r| stop(self, r))
        };
        if let Some(r) = here {
            self.jump_to(r);
            return None;
        }
        let positions: Vec<usize> = if forward {
            (self.selected + 1..self.visible.len()).collect()
        } else {
            (0..self.selected).rev().collect()
        };
        for pos in positions {
            let i = self.visible[pos];
            if self.series.patches[i].checked.is_none() {
                return Some(i);
            }
            if !worth(self, i) {
                continue;
            }
            self.select(pos);
            let rows = 0..self.rows.len();
            let r = if forward {
                rows.into_iter().find(|&r| stop(self, r))
            } else {
                rows.rev().find(|&r| stop(self, r))
            };
            if let Some(r) = r {
                self.jump_to(r);
                return None;
            }
        }
        self.info(format!(
            "no {} {what}",
            if forward { "later" } else { "earlier" }
        ));
        None
    }
}

impl App {
    /// The keys that move, scroll, fold or resize within what is loaded: nothing they do is
    /// written or waits for the worker. Whether `action` was one of them.
    pub(super) fn motion(&mut self, action: Action) -> bool {
        match action {
            Action::Down => self.step(1),
            Action::Up => self.step(-1),
            Action::HalfDown => self.step(self.pane_page() as isize / 2),
            Action::HalfUp => self.step(-(self.pane_page() as isize / 2)),
            Action::PageDown => self.step(self.pane_page() as isize),
            Action::PageUp => self.step(-(self.pane_page() as isize)),
            Action::Top => self.step(isize::MIN / 2),
            Action::Bottom => self.step(isize::MAX / 2),
            Action::ToggleFocus => {
                self.focus = match self.focus {
                    Focus::List => Focus::Diff,
                    Focus::Diff => Focus::List,
                }
            }
            Action::FocusDiff => {
                if self.focus == Focus::List || !self.open_file() {
                    self.focus = Focus::Diff;
                }
            }
            Action::NextFile => self.step_file(true),
            Action::PrevFile => self.step_file(false),
            Action::Collapse => self.toggle_collapse(),
            Action::FocusList => self.focus = Focus::List,
            Action::Wider => self.resize_list(5),
            Action::Narrower => self.resize_list(-5),
            Action::ScrollRight if self.wrap => self.info("lines wrap: W scrolls sideways".into()),
            Action::ScrollRight => self.hscroll += 8,
            Action::ToggleWrap => self.toggle_wrap(),
            Action::ScrollLeft => self.hscroll = self.hscroll.saturating_sub(8),
            _ => return false,
        }
        true
    }
}

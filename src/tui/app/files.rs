//! Files of the selected patch: stepping from file to file, folding one away, and marking it
//! reviewed (kept per reviewer in the notes, so the mark travels with them).

use git2::Oid;

use super::saving::Then;
use super::{App, Focus};
use crate::tui::doc::Row;
use crate::tui::writer::Write;

impl App {
    /// The ids of patch `i`'s files (the worker computes them with the diff), once known.
    fn file_ids(&self, i: usize) -> Option<&[Oid]> {
        self.series.patches[i]
            .checked
            .as_ref()
            .map(|c| c.file_ids.as_slice())
    }

    /// Whether I marked file `f` of patch `i` reviewed.
    pub fn file_reviewed(&self, i: usize, f: usize) -> bool {
        let Ok(me) = &self.reviewer else { return false };
        if !self.notes.has_file_marks() {
            return false;
        }
        self.file_ids(i)
            .and_then(|ids| ids.get(f).copied())
            .is_some_and(|id| self.notes.file_reviewed(id, &me.email))
    }

    /// How many of patch `i`'s files I marked reviewed, of how many.
    pub fn files_reviewed(&self, i: usize) -> Option<(usize, usize)> {
        let Ok(me) = &self.reviewer else { return None };
        if !self.notes.has_file_marks() {
            return None;
        }
        let ids = self.file_ids(i)?;
        let done = ids
            .iter()
            .filter(|&&id| self.notes.file_reviewed(id, &me.email))
            .count();
        Some((done, ids.len()))
    }

    /// The file the cursor is in, on, or on the list row of.
    fn file_here(&self) -> Option<usize> {
        match self.rows.get(self.cursor)? {
            Row::FileStat(f) => Some(*f),
            r => r.file(),
        }
    }

    /// `)`/`(`: the next (previous) file's header.
    pub(super) fn step_file(&mut self, forward: bool) {
        let is_file = |r: &Row| matches!(r, Row::File(_));
        let found = if forward {
            (self.cursor + 1..self.rows.len()).find(|&r| is_file(&self.rows[r]))
        } else {
            let here = self
                .file_here()
                .and_then(|f| self.rows.iter().position(|&r| r == Row::File(f)))
                .filter(|&r| r < self.cursor && self.focus == Focus::Diff);
            match here {
                // Inside a file: back to its own header first, as [[ in vim.
                Some(r) => Some(r),
                None => (0..self.cursor).rev().find(|&r| is_file(&self.rows[r])),
            }
        };
        match found {
            Some(r) => self.jump_to(r),
            None => self.info(format!(
                "no {} file in this patch",
                if forward { "next" } else { "previous" }
            )),
        }
    }

    /// Enter on a row of the file list: that file.
    pub(super) fn open_file(&mut self) -> bool {
        let Some(&Row::FileStat(f)) = self.rows.get(self.cursor) else {
            return false;
        };
        if let Some(r) = self.rows.iter().position(|&r| r == Row::File(f)) {
            self.jump_to(r);
        }
        true
    }

    /// `z`: folds the file under the cursor away, or opens it again.
    pub(super) fn toggle_collapse(&mut self) {
        let (Some(i), Some(f)) = (self.current(), self.file_here()) else {
            return self.info("no file under the cursor: z folds the file you are in".into());
        };
        if !self.collapsed.remove(&(i, f)) {
            self.collapsed.insert((i, f));
        }
        self.rebuild_rows();
        if let Some(r) = self.rows.iter().position(|&r| r == Row::File(f)) {
            self.jump_to(r);
        }
    }

    /// `v`: marks the file under the cursor reviewed (handed to the writer at once), and once
    /// written folds it and moves on to the next file; on a reviewed file, takes the mark back.
    pub(super) fn toggle_reviewed(&mut self) {
        let (Some(i), Some(f)) = (self.current(), self.file_here()) else {
            return self.info("no file under the cursor: v marks the file you are in".into());
        };
        let Some(id) = self.file_ids(i).and_then(|ids| ids.get(f).copied()) else {
            return;
        };
        let reviewed = !self.file_reviewed(i, f);
        let path = self.diff(i).expect("ids need the diff").files[f].display_path();
        let marks = vec![(id, path, reviewed)];
        self.submit(
            vec![(i, Write::FileMarks(marks))],
            Then::FileMark { file: f, reviewed },
        );
    }

    /// `v` landed on file `f` of patch `i`: folded (or opened), and the cursor moves on if the
    /// reviewer is still on that patch.
    pub(super) fn file_marked(&mut self, i: usize, f: usize, reviewed: bool) {
        if reviewed {
            self.collapsed.insert((i, f));
        } else {
            self.collapsed.remove(&(i, f));
        }
        if self.current() != Some(i) {
            return;
        }
        self.rebuild_rows();
        let (done, all) = self.files_reviewed(i).unwrap_or((0, 0));
        let path = self.diff(i).map_or(String::new(), |d| {
            git_triage::sanitize::escape(&d.files[f].display_path()).into_owned()
        });
        let header = |app: &App, g: usize| app.rows.iter().position(|&r| r == Row::File(g));
        if reviewed {
            // On to the next file still to read, as GitHub's "Viewed" does.
            let next = (f + 1..all).find(|&g| !self.file_reviewed(i, g));
            if let Some(r) = next
                .and_then(|g| header(self, g))
                .or_else(|| header(self, f))
            {
                self.jump_to(r);
            }
            self.info(format!("✓ {path} reviewed ({done}/{all} files)"));
        } else {
            if let Some(r) = header(self, f) {
                self.jump_to(r);
            }
            self.info(format!(
                "{path} no longer marked reviewed ({done}/{all} files)"
            ));
        }
    }
}

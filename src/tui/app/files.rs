//! Files of the selected patch: stepping from file to file, folding one away, and marking it
//! reviewed (kept per reviewer in the notes, so the mark travels with them).

use git2::Oid;

use git_triage::notes;

use super::{App, Focus};
use crate::tui::doc::Row;

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

    /// `v`: marks the file under the cursor reviewed (written to the notes at once), folds it
    /// and moves on to the next file; on a reviewed file, takes the mark back.
    pub(super) fn toggle_reviewed(&mut self) {
        let (Some(i), Some(f)) = (self.current(), self.file_here()) else {
            return self.info("no file under the cursor: v marks the file you are in".into());
        };
        let reviewer = match &self.reviewer {
            Ok(r) => r.clone(),
            Err(e) => return self.set_error(e.clone()),
        };
        let Some(id) = self.file_ids(i).and_then(|ids| ids.get(f).copied()) else {
            return;
        };
        let reviewed = !self.file_reviewed(i, f);
        let d = self.diff(i).expect("ids need the diff");
        let path = d.files[f].display_path();
        let patch_id = d.patch_id;
        let commit = match self.patch(i).map(|p| p.verdict_target(&self.repo)) {
            Some(Ok(c)) => c,
            Some(Err(e)) => return self.set_error(format!("not written: {}", e.message())),
            None => return,
        };
        let notes_ref = self.config.notes_ref.clone();
        let marks = [(id, path.clone(), reviewed)];
        let written = notes::write_file_marks(
            &self.repo,
            &notes_ref,
            &reviewer,
            commit,
            patch_id,
            (self.clock)(),
            &marks,
        );
        let lines: Vec<String> = match written {
            Ok(w) => w.iter().map(|m| m.to_line()).collect(),
            Err(e) => return self.set_error(format!("not written: {e}")),
        };
        if self
            .notes
            .appended(&self.repo, &notes_ref, commit, &lines)
            .is_err()
        {
            self.follow_notes();
        }
        if reviewed {
            self.collapsed.insert((i, f));
        } else {
            self.collapsed.remove(&(i, f));
        }
        self.rebuild_rows();
        let (done, all) = self.files_reviewed(i).unwrap_or((0, 0));
        let path = git_triage::sanitize::escape(&path).into_owned();
        if reviewed {
            // On to the next file still to read, as GitHub's "Viewed" does.
            let next = (f + 1..all).find(|&g| !self.file_reviewed(i, g));
            match next.and_then(|g| self.rows.iter().position(|&r| r == Row::File(g))) {
                Some(r) => self.jump_to(r),
                None => {
                    if let Some(r) = self.rows.iter().position(|&r| r == Row::File(f)) {
                        self.jump_to(r);
                    }
                }
            }
            self.info(format!("✓ {path} reviewed ({done}/{all} files)"));
        } else {
            if let Some(r) = self.rows.iter().position(|&r| r == Row::File(f)) {
                self.jump_to(r);
            }
            self.info(format!(
                "{path} no longer marked reviewed ({done}/{all} files)"
            ));
        }
    }
}

//! What waits for the worker, as the reviewer sees it: the status bar's word on it, and `Esc`
//! that cancels it.

use super::{App, Task};

impl App {
    /// Esc: stops a running search and drops waiting keys. Whether there was any.
    pub(super) fn cancel_waiting(&mut self) -> bool {
        let search = self.searching.take();
        if let Some(s) = &search {
            self.worker.cancel_search(s.id);
        }
        let tasks = std::mem::take(&mut self.pending);
        // A comment waiting for its diff is text typed: kept for `c`, not thrown away.
        for t in &tasks {
            if let Task::Comment { i, editor, target } = t {
                self.unsaved = Some((editor.clone(), target.clone(), *i));
            }
        }
        if search.is_none() && tasks.is_empty() {
            return false;
        }
        let mut what: Vec<&str> = Vec::new();
        if search.is_some() {
            what.push("search");
        }
        if tasks.iter().any(|t| matches!(t, Task::AcceptClean)) {
            what.push("accept-all");
        }
        if tasks.iter().any(|t| matches!(t, Task::Critical { .. })) {
            what.push("critical-hunk jump");
        }
        if tasks.iter().any(|t| matches!(t, Task::StepComment { .. })) {
            what.push("comment jump");
        }
        if tasks.iter().any(|t| matches!(t, Task::Finding { .. })) {
            what.push("finding jump");
        }
        if tasks.iter().any(|t| matches!(t, Task::Replies)) {
            what.push("replies");
        }
        if tasks.iter().any(|t| matches!(t, Task::Editor { .. })) {
            what.push("editor");
        }
        if tasks.iter().any(|t| matches!(t, Task::OpenComment { .. })) {
            what.push("comment editor");
        }
        let verdicts = tasks
            .iter()
            .filter(|t| t.patch().is_some() && !matches!(t, Task::OpenComment { .. }))
            .count();
        let v = format!("{verdicts} verdict{}", if verdicts == 1 { "" } else { "s" });
        if verdicts > 0 {
            what.push(&v);
        }
        if tasks.iter().any(|t| matches!(t, Task::Edited { .. })) {
            what.push("your edit is kept: E reopens it");
        }
        if tasks.iter().any(|t| matches!(t, Task::Comment { .. })) {
            what.push("your comment is kept: c reopens it");
        }
        self.info(format!("cancelled: {}", what.join(", ")));
        true
    }

    /// What the status bar says about work in progress: a running search or a waiting key.
    pub fn waiting(&self) -> Option<String> {
        if let Some(saving) = self.saving_status() {
            return Some(saving);
        }
        if let Some(s) = &self.searching {
            return Some(format!(
                "searching {}/{} patches · Esc stops",
                s.done, s.total
            ));
        }
        if self.pending() {
            return Some("applying the mail onto its base…".into());
        }
        let n = self.series.patches.len();
        let task = self.pending.first()?;
        Some(match task {
            Task::AcceptClean => format!(
                "A: checking every patch, {}/{n} · Esc cancels",
                self.diffs_done
            ),
            Task::Critical { .. } => format!(
                "looking for a critical hunk, {}/{n} diffs · Esc cancels",
                self.diffs_done
            ),
            Task::StepComment { .. } => format!(
                "looking for a comment, {}/{n} diffs · Esc cancels",
                self.diffs_done
            ),
            Task::Finding { .. } => format!(
                "looking for an error or warning, {}/{n} diffs · Esc cancels",
                self.diffs_done
            ),
            Task::Replies => format!(
                "M: every patch's diff first, {}/{n} · Esc cancels",
                self.diffs_done
            ),
            Task::Editor { i } => format!(
                "waiting for patch {}'s diff to open the editor · Esc cancels",
                i + 1
            ),
            Task::Edited { .. } => "reading the notes to apply your edit…".into(),
            Task::OpenComment { i } => format!(
                "c: waiting for what patch {} is saving · Esc cancels",
                i + 1
            ),
            Task::ConfirmCarried { .. } if !self.refreshing.is_empty() => {
                "reading the notes to confirm · Esc cancels".into()
            }
            t => format!(
                "waiting for patch {}'s diff to record · Esc cancels",
                t.patch().map_or(0, |i| i + 1)
            ),
        })
    }
}

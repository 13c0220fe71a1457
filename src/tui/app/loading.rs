//! What arrives from the worker, what the app asks it for, and the keys that wait for it: a
//! verdict needs its patch's patch-id, `A` every finding, `]` the diffs up to the next critical
//! hunk. Such a key becomes a [`Task`] that runs as soon as what it needs has arrived; Esc
//! cancels it.

use std::sync::Arc;

use git_triage::notes::State;

use super::{App, Filter, Mode, Searching, Target};
use crate::tui::editor::Editor;
use crate::tui::find::Query;
use crate::tui::worker::{Checked, Notification};

/// A key waiting for the worker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Task {
    /// A verdict on patch `i`, waiting for its patch-id.
    Verdict { i: usize, state: State },
    /// A comment saved on patch `i` (the patch, or a spot on its page), waiting for its
    /// patch-id.
    Comment {
        i: usize,
        editor: Editor,
        target: Target,
    },
    /// `E` on patch `i`, waiting for its diff.
    Editor { i: usize },
    /// `c` on patch `i` while a write on it is being saved: the editor opens on what it wrote.
    OpenComment { i: usize },
    /// `M`, waiting for every diff.
    Replies,
    /// `=` on patch `i`, waiting for its patch-id to find carried verdicts.
    ConfirmCarried { i: usize },
    /// `A`, waiting for every finding.
    AcceptClean,
    /// `]` or `[`, waiting for the diffs up to the next critical hunk: the next one it needs
    /// is `waiting`'s.
    Critical {
        forward: bool,
        waiting: Option<usize>,
    },
    /// `}` or `{`, waiting for the diffs up to the next comment.
    StepComment {
        forward: bool,
        waiting: Option<usize>,
    },
    /// `!`, waiting for the diffs up to the next error or warning.
    Finding { waiting: Option<usize> },
    /// What came back from the editor, waiting for the notes as they are now.
    Edited {
        job: super::external::ExternalEdit,
        edited: String,
    },
}

/// Patches around the visible ones whose headers are read ahead, for scrolling.
const AHEAD: usize = 40;

impl App {
    /// Lets the worker begin (after the first frame: it should not compete with it).
    pub fn start_worker(&self) {
        self.worker.start();
    }

    /// Whether every header and diff has arrived.
    pub fn is_loaded(&self) -> bool {
        let n = self.series.patches.len();
        self.headers_read == n && self.diffs_done == n
    }

    /// Whether everything has arrived and nothing waits for the worker.
    #[cfg_attr(not(test), allow(dead_code))]
    pub fn is_idle(&self) -> bool {
        self.is_loaded()
            && self.searching.is_none()
            && self.pending.is_empty()
            && !self.notes_busy()
            && !matches!(self.versions, super::Versions::Comparing { .. })
    }

    /// Follows the notes ref from now on (the writer reads them again when it moves).
    pub fn watch_notes(&self) {
        self.writer.watch();
    }

    /// Takes in what the worker delivered.
    pub fn notify(&mut self, note: Notification) {
        match note {
            Notification::Headers(list) => {
                for (i, header) in list {
                    match header {
                        Ok(h) => {
                            if self.series.patches[i].header.replace(h).is_none() {
                                self.headers_read += 1;
                            }
                        }
                        Err(e) => {
                            // Unreadable: no header, and no diff will come either.
                            self.headers_read += 1;
                            self.arrived(i, Arc::new(Checked::default()));
                            self.set_error(e);
                        }
                    }
                    if self.filter == Filter::Ai {
                        self.admit(i);
                    }
                    if self.current() == Some(i) {
                        self.refresh_rows();
                    }
                }
            }
            Notification::Written(report) => self.landed(*report),
            Notification::Refreshed(r) => self.refreshed(*r),
            Notification::Versions(result) => self.versions_ready(*result),
            Notification::Applied(result) => self.applied(*result),
            Notification::Checked(i, result) => {
                let checked = result.unwrap_or_else(|e| {
                    self.set_error(e);
                    Arc::new(Checked::default())
                });
                self.arrived(i, checked);
            }
            Notification::Searching {
                id,
                done,
                total,
                hits,
            } => {
                if self.searching.as_ref().is_some_and(|s| s.id == id) {
                    self.searched(done, total, hits);
                }
            }
        }
        self.resume();
    }

    fn arrived(&mut self, i: usize, checked: Arc<Checked>) {
        if self.series.patches[i].checked.is_some() {
            return;
        }
        self.series.patches[i].checked = Some(checked);
        self.diffs_done += 1;
        if matches!(self.filter, Filter::Critical | Filter::Findings) {
            self.admit(i);
        }
        if self.current() == Some(i) {
            self.refresh_rows();
        }
    }

    /// Lets patch `i` into the list when it now matches the filter: inserted where it belongs,
    /// rather than re-filtering the whole series for every arrival.
    fn admit(&mut self, i: usize) {
        if !self.matches_filter(i) {
            return;
        }
        if let Err(at) = self.visible.binary_search(&i) {
            self.visible.insert(at, i);
            if at <= self.selected && self.visible.len() > 1 {
                self.selected += 1;
            }
            if self.visible.len() == 1 {
                self.selected = 0;
                self.rebuild_rows();
            }
        }
    }

    /// Starts a search of the visible patches on the worker, from the selected one on.
    pub(super) fn start_search(&mut self, query: Query) {
        self.search = None;
        self.search_id += 1;
        let (sel, total) = (self.selected.min(self.visible.len()), self.visible.len());
        let order = [&self.visible[sel..], &self.visible[..sel]].concat();
        self.worker.search(self.search_id, query.clone(), order);
        self.searching = Some(Searching {
            id: self.search_id,
            query,
            done: 0,
            total,
            hits: Vec::new(),
            from: (self.current().unwrap_or(0), self.cursor),
            shown: false,
        });
        if total == 0 {
            self.searched(0, 0, Vec::new());
        }
    }

    /// Runs `task` now if it can, else once the worker has delivered what it needs.
    pub(super) fn when_ready(&mut self, task: Task) {
        // One `A`, `M`, `]`/`[` and `}`/`{` at a time: the newer replaces the older.
        if matches!(
            task,
            Task::AcceptClean
                | Task::Replies
                | Task::Critical { .. }
                | Task::StepComment { .. }
                | Task::Finding { .. }
        ) {
            self.pending
                .retain(|t| std::mem::discriminant(t) != std::mem::discriminant(&task));
        }
        // A key that decides from the notes sees them as they are now, after the writes
        // given before it.
        if task.reads_notes() {
            self.refresh_notes(false);
        }
        self.pending.push(task);
        self.resume();
    }

    /// Runs the waiting tasks that can run, oldest first; tasks on one patch keep their order.
    /// Only in the normal mode: a task must not move the selection under the comment editor,
    /// nor replace a prompt with its own.
    pub(super) fn resume(&mut self) {
        if self.mode != Mode::Normal {
            return;
        }
        let mut blocked = Vec::new();
        let mut k = 0;
        while k < self.pending.len() {
            let patch = self.pending[k].patch();
            let checked = |i: usize| self.series.patches[i].checked.is_some();
            let fresh = self.refreshing.is_empty() || !self.pending[k].reads_notes();
            let ready = fresh
                && match (&self.pending[k], patch) {
                    (Task::OpenComment { .. }, Some(i)) => {
                        !blocked.contains(&i) && !self.saving_on(i)
                    }
                    (_, Some(i)) => !blocked.contains(&i) && checked(i),
                    (Task::AcceptClean | Task::Replies, _) => {
                        self.diffs_done == self.series.patches.len()
                    }
                    (
                        Task::Critical { waiting, .. }
                        | Task::StepComment { waiting, .. }
                        | Task::Finding { waiting },
                        _,
                    ) => waiting.is_none_or(checked),
                    _ => true,
                };
            if !ready {
                blocked.extend(patch);
                k += 1;
                continue;
            }
            let task = self.pending.remove(k);
            if let Some(again) = self.run(task) {
                self.pending.insert(k, again);
                k += 1;
            }
        }
    }

    /// Runs a task whose needs are met; returns it when it still waits (`]` across patches).
    fn run(&mut self, task: Task) -> Option<Task> {
        match task {
            Task::Verdict { i, state } => self.decide(i, state),
            Task::Comment { i, editor, target } => {
                if !self.save(i, &editor, &target) {
                    // Kept for `c` on that patch, and quitting asks first.
                    self.unsaved = Some((editor, target, i));
                }
            }
            Task::Editor { i } => self.open_in_editor(i),
            // Moved to another patch meanwhile: the `c` was about this one.
            Task::OpenComment { i } if self.current() != Some(i) => {}
            Task::OpenComment { .. } => self.start_comment(),
            Task::Replies => self.write_replies(),
            Task::ConfirmCarried { i } => self.confirm_carried(i),
            Task::AcceptClean => self.plan_accept(),
            Task::Critical { forward, .. } => {
                let waiting = Some(self.critical(forward)?);
                return Some(Task::Critical { forward, waiting });
            }
            Task::StepComment { forward, .. } => {
                let waiting = Some(self.step_comment(forward)?);
                return Some(Task::StepComment { forward, waiting });
            }
            Task::Finding { .. } => {
                let waiting = Some(self.next_finding()?);
                return Some(Task::Finding { waiting });
            }
            Task::Edited { job, edited } => self.apply_edit(job, &edited),
        }
        None
    }

    /// What the worker should do first: the headers of the rows in view (and a page around
    /// them), then the diffs of the selected patch, of what waiting keys need, and of the rows
    /// in view. Asked again only when it changes.
    pub fn sync_worker(&mut self) {
        let page = self.list_page();
        let from = self.list_scroll.min(self.selected).saturating_sub(AHEAD);
        let to = (self.list_scroll.max(self.selected) + page + AHEAD).min(self.visible.len());
        let view: Vec<usize> = self.visible[from..to].to_vec();
        let missing = |app: &App, i: &usize| app.series.patches[*i].header.is_none();
        let mut headers: Vec<usize> = self.current().into_iter().collect();
        headers.extend(view.iter().filter(|i| missing(self, i)));
        headers.retain(|i| missing(self, i));
        let unchecked = |app: &App, i: &usize| app.series.patches[*i].checked.is_none();
        let mut diffs: Vec<usize> = self.current().into_iter().collect();
        for task in &self.pending {
            match task {
                Task::Critical { forward, .. } | Task::StepComment { forward, .. } => {
                    let after: Box<dyn Iterator<Item = usize>> = if *forward {
                        Box::new(self.selected + 1..self.visible.len())
                    } else {
                        Box::new((0..self.selected).rev())
                    };
                    diffs.extend(after.map(|p| self.visible[p]));
                }
                // `!` goes round: the rest of the list, then its start.
                Task::Finding { .. } => {
                    let round = (self.selected + 1..self.visible.len()).chain(0..self.selected);
                    diffs.extend(round.map(|p| self.visible[p]));
                }
                t => diffs.extend(t.patch()),
            }
        }
        diffs.extend(view);
        diffs.retain(|i| unchecked(self, i));
        if self.asked != (headers.clone(), diffs.clone()) {
            self.worker.prefer(headers.clone(), diffs.clone());
            self.asked = (headers, diffs);
        }
    }
}

impl Task {
    /// The patch a verdict-like task is about.
    pub(super) fn patch(&self) -> Option<usize> {
        match self {
            Task::Verdict { i, .. }
            | Task::Comment { i, .. }
            | Task::ConfirmCarried { i }
            | Task::OpenComment { i }
            | Task::Editor { i } => Some(*i),
            _ => None,
        }
    }

    /// Whether the task decides from the notes: it waits until they are read as they are now.
    fn reads_notes(&self) -> bool {
        matches!(
            self,
            Task::ConfirmCarried { .. }
                | Task::AcceptClean
                | Task::Replies
                | Task::Editor { .. }
                | Task::Edited { .. }
        )
    }
}

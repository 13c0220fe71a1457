//! What the worker has done and what it should do next. One lock guards it; threads take jobs
//! from it in order of what the UI needs most.

use std::sync::Arc;

use git_triage::overlay::Overlay;
use git_triage::versions::Request;
use git_triage::{Patch, Series};

use super::{Checked, Header, Notification};
use crate::tui::doc::Row;
use crate::tui::find::Query;

/// Headers read per job: enough to amortize the notes lookups, few enough to arrive in time.
const HEADER_BATCH: usize = 64;
/// Patches scanned per search job.
const SCAN_BATCH: usize = 64;

/// A search position with what it scans: the header (none if it could not be read) and the
/// diff (none if it failed).
pub type ScanItem = (usize, Option<Arc<Header>>, Option<Arc<Checked>>);

pub enum Job {
    /// Apply the mail; diffs wait for it.
    Apply(Box<Series>),
    Headers(Vec<usize>),
    Diff(usize, Arc<Header>),
    Scan(u64, Vec<ScanItem>),
    /// Read the previous version and pair it with this one.
    Compare(Box<Request>),
}

enum Slot<T> {
    Todo,
    Claimed,
    Done(T),
    Failed,
}

impl<T> Slot<T> {
    fn is_todo(&self) -> bool {
        matches!(self, Slot::Todo)
    }

    fn is_settled(&self) -> bool {
        matches!(self, Slot::Done(_) | Slot::Failed)
    }
}

/// A running search.
pub struct SearchJob {
    pub id: u64,
    pub query: Query,
    /// The patches to scan, in the order hits are reported.
    patches: Vec<usize>,
    /// Per position: its matching rows once scanned.
    rows: Vec<Option<Vec<Row>>>,
    claimed: Vec<bool>,
    /// Positions before this one are all claimed.
    first_open: usize,
    /// Positions before this one are all scanned and reported.
    reported: usize,
    scanned: usize,
}

pub struct Queue {
    pub started: bool,
    pub closed: bool,
    /// What every handle on the repository opens through, and how often it changed.
    pub overlay: Overlay,
    pub generation: u64,
    /// Mail to apply before any diff; `applying` while that runs.
    pending: Option<Series>,
    applying: bool,
    headers: Vec<Slot<Arc<Header>>>,
    diffs: Vec<Slot<Arc<Checked>>>,
    pub want_headers: Vec<usize>,
    pub want_diffs: Vec<usize>,
    sweep_headers: usize,
    sweep_diffs: usize,
    pub search: Option<SearchJob>,
    /// The previous version to compare with, until a thread takes it.
    pub compare: Option<Request>,
}

impl Queue {
    pub fn new(n: usize, overlay: Overlay, pending: Option<Series>) -> Queue {
        Queue {
            started: false,
            closed: false,
            overlay,
            generation: 0,
            applying: pending.is_some(),
            pending,
            headers: (0..n).map(|_| Slot::Todo).collect(),
            diffs: (0..n).map(|_| Slot::Todo).collect(),
            want_headers: Vec::new(),
            want_diffs: Vec::new(),
            sweep_headers: 0,
            sweep_diffs: 0,
            search: None,
            compare: None,
        }
    }

    pub fn header_done(&mut self, i: usize, h: Arc<Header>) {
        self.headers[i] = Slot::Done(h);
    }

    /// A commit that cannot be read has no diff either.
    pub fn header_failed(&mut self, i: usize) {
        self.headers[i] = Slot::Failed;
        self.diffs[i] = Slot::Failed;
    }

    pub fn diff_done(&mut self, i: usize, checked: Option<Arc<Checked>>) {
        self.diffs[i] = checked.map_or(Slot::Failed, Slot::Done);
    }

    /// The mail was applied (its overlay and patches) or could not be (`None`): diffs may
    /// begin, from the applied commits or from the text.
    pub fn applied(&mut self, applied: Option<(Overlay, Vec<Patch>)>) {
        self.applying = false;
        let Some((overlay, patches)) = applied else {
            return;
        };
        self.overlay = overlay;
        self.generation += 1;
        for (slot, patch) in self.headers.iter_mut().zip(patches) {
            if let Slot::Done(h) = slot {
                *h = Arc::new(Header {
                    patch,
                    provenance: h.provenance.clone(),
                });
            }
        }
    }

    /// The most wanted job, claimed; `None` when there is nothing to do now.
    pub fn next_job(&mut self) -> Option<Job> {
        if !self.started {
            return None;
        }
        if let Some(series) = self.pending.take() {
            return Some(Job::Apply(Box::new(series)));
        }
        let wanted: Vec<usize> = self
            .want_headers
            .iter()
            .copied()
            .filter(|&i| self.headers.get(i).is_some_and(Slot::is_todo))
            .take(HEADER_BATCH)
            .collect();
        if !wanted.is_empty() {
            return Some(self.claim_headers(wanted));
        }
        // After the rows in view, before the selected diff: the marks and the counts wait
        // for it, and it reads commits of its own (never the applied mail).
        if let Some(request) = self.compare.take() {
            return Some(Job::Compare(Box::new(request)));
        }
        for k in 0..self.want_diffs.len() {
            if let Some(job) = self.diff_job(self.want_diffs[k]) {
                return Some(job);
            }
        }
        if let Some(job) = self.search_job() {
            return Some(job);
        }
        let n = self.headers.len();
        while self.sweep_headers < n && !self.headers[self.sweep_headers].is_todo() {
            self.sweep_headers += 1;
        }
        let batch: Vec<usize> = (self.sweep_headers..n)
            .filter(|&i| self.headers[i].is_todo())
            .take(HEADER_BATCH)
            .collect();
        if !batch.is_empty() {
            return Some(self.claim_headers(batch));
        }
        while self.sweep_diffs < n && !self.diffs[self.sweep_diffs].is_todo() {
            self.sweep_diffs += 1;
        }
        (self.sweep_diffs..n).find_map(|i| self.diff_job(i))
    }

    fn claim_headers(&mut self, list: Vec<usize>) -> Job {
        for &i in &list {
            self.headers[i] = Slot::Claimed;
        }
        Job::Headers(list)
    }

    /// The job that brings patch `i`'s diff closer: the diff, or first its header.
    fn diff_job(&mut self, i: usize) -> Option<Job> {
        if self.applying || !self.diffs.get(i)?.is_todo() {
            return None;
        }
        match &self.headers[i] {
            Slot::Done(h) => {
                let h = h.clone();
                self.diffs[i] = Slot::Claimed;
                Some(Job::Diff(i, h))
            }
            // Headers are cheap and diffs are wanted in runs: read the next ones too.
            Slot::Todo => {
                let run: Vec<usize> = (i..self.headers.len())
                    .take_while(|&k| self.headers[k].is_todo())
                    .take(HEADER_BATCH)
                    .collect();
                Some(self.claim_headers(run))
            }
            Slot::Claimed | Slot::Failed => None,
        }
    }

    pub fn search_start(&mut self, id: u64, query: Query, patches: Vec<usize>) {
        let n = patches.len();
        self.search = Some(SearchJob {
            id,
            query,
            patches,
            rows: vec![None; n],
            claimed: vec![false; n],
            first_open: 0,
            reported: 0,
            scanned: 0,
        });
    }

    /// Scans of patches that are ready, else the diffs the search still needs.
    fn search_job(&mut self) -> Option<Job> {
        let s = self.search.as_mut()?;
        while s.first_open < s.patches.len() && s.claimed[s.first_open] {
            s.first_open += 1;
        }
        let mut items = Vec::new();
        let mut needs = Vec::new();
        for pos in s.first_open..s.patches.len() {
            if s.claimed[pos] {
                continue;
            }
            let i = s.patches[pos];
            let header = match &self.headers[i] {
                Slot::Done(h) => Some(h.clone()),
                Slot::Failed => None,
                _ => {
                    needs.push(i);
                    continue;
                }
            };
            if !self.diffs[i].is_settled() {
                needs.push(i);
                continue;
            }
            let diff = match &self.diffs[i] {
                Slot::Done(c) => Some(c.clone()),
                _ => None,
            };
            s.claimed[pos] = true;
            items.push((pos, header, diff));
            if items.len() == SCAN_BATCH {
                break;
            }
        }
        if !items.is_empty() {
            return Some(Job::Scan(s.id, items));
        }
        needs.into_iter().find_map(|i| self.diff_job(i))
    }

    /// Records scanned positions of search `id`, and reports the hits of the positions that
    /// now follow, in order, everything reported before: the first match after the cursor
    /// can be shown before the last patch is scanned.
    pub fn search_scanned(
        &mut self,
        id: u64,
        found: Vec<(usize, Vec<Row>)>,
    ) -> Option<Notification> {
        let s = self.search.as_mut().filter(|s| s.id == id)?;
        for (pos, rows) in found {
            s.rows[pos] = Some(rows);
            s.scanned += 1;
        }
        let mut hits = Vec::new();
        while let Some(Some(rows)) = s.rows.get_mut(s.reported) {
            let i = s.patches[s.reported];
            hits.extend(std::mem::take(rows).into_iter().map(|r| (i, r)));
            s.reported += 1;
        }
        let (done, total) = (s.scanned, s.patches.len());
        if done == total {
            self.search = None;
        }
        Some(Notification::Searching {
            id,
            done,
            total,
            hits,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hits(n: Option<Notification>) -> (usize, Vec<(usize, Row)>) {
        match n {
            Some(Notification::Searching { done, hits, .. }) => (done, hits),
            _ => panic!("no search report"),
        }
    }

    /// Hits are reported in the order the patches were given, each once, as soon as every
    /// patch before them is scanned; scans finish in any order.
    #[test]
    fn search_hits_follow_the_order_given() {
        let mut q = Queue::new(8, Overlay::default(), None);
        q.search_start(7, Query::new("x".into()), vec![5, 6, 7, 0]);
        assert_eq!(
            hits(q.search_scanned(7, vec![(1, vec![Row::Subject])])),
            (1, vec![])
        );
        assert!(
            q.search_scanned(6, vec![(0, vec![])]).is_none(),
            "another search"
        );
        assert_eq!(
            hits(q.search_scanned(7, vec![(0, vec![Row::File(0)]), (3, vec![Row::Subject])])),
            (3, vec![(5, Row::File(0)), (6, Row::Subject)])
        );
        assert!(q.search.is_some());
        assert_eq!(
            hits(q.search_scanned(7, vec![(2, vec![])])),
            (4, vec![(0, Row::Subject)])
        );
        assert!(q.search.is_none(), "complete");
    }
}

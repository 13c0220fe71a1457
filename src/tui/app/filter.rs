//! The `f` filter over the series, and what the status bar counts.

use git_triage::areas::Level;
use git_triage::policy::Severity;

use super::App;

/// The `f` cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Filter {
    All,
    Critical,
    Ai,
    Findings,
    Undecided,
    /// Changed or new since the previous version (only with one).
    Changed,
}

impl Filter {
    pub fn label(self) -> &'static str {
        match self {
            Filter::All => "all",
            Filter::Critical => "critical",
            Filter::Ai => "AI-assisted",
            Filter::Findings => "with errors or warnings",
            Filter::Undecided => "undecided",
            Filter::Changed => "changed since previous",
        }
    }

    /// What an empty list under this filter says, without the `yet` of a series still loading.
    fn empty(self) -> &'static str {
        match self {
            Filter::All => "no patch",
            Filter::Critical => "no patch is critical",
            Filter::Ai => "no patch is AI-assisted",
            Filter::Findings => "no patch has errors or warnings",
            Filter::Undecided => "no patch is undecided",
            Filter::Changed => "no patch changed since the previous version",
        }
    }

    pub(super) fn next(self) -> Filter {
        match self {
            Filter::All => Filter::Critical,
            Filter::Critical => Filter::Ai,
            Filter::Ai => Filter::Findings,
            Filter::Findings => Filter::Undecided,
            Filter::Undecided => Filter::Changed,
            Filter::Changed => Filter::All,
        }
    }
}

/// The status bar's counts; `None` while not every patch is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub critical: Option<usize>,
    pub ai: Option<usize>,
    /// Error and warning findings.
    pub findings: Option<usize>,
    /// Info findings, counted apart: a merge in a series is worth knowing, not a problem.
    pub infos: Option<usize>,
    pub decided: usize,
}

impl App {
    pub(super) fn matches_filter(&self, i: usize) -> bool {
        match self.filter {
            Filter::All => true,
            Filter::Critical => self.level(i) == Some(Level::Critical),
            Filter::Ai => self.provenance(i).is_some_and(|p| p.assisted),
            // Infos (a merge in the series) are not what this filter is for.
            Filter::Findings => self
                .findings(i)
                .iter()
                .any(|f| matches!(f.severity, Severity::Error | Severity::Warning)),
            Filter::Undecided => self.undecided(i),
            Filter::Changed => self.changed_since(i),
        }
    }

    /// Recomputes the visible patches, keeping the selected patch selected when it stays.
    pub(super) fn refilter(&mut self) {
        self.refilter_keeping(self.current());
    }

    /// `f`: the next filter. The patch selected when cycling began stays selected in each
    /// filter that shows it, rather than drifting to the next one a narrower filter left.
    pub(super) fn cycle_filter(&mut self) {
        let anchor = self.filter_anchor.or(self.current());
        self.filter = self.filter.next();
        if self.filter == Filter::Changed && matches!(self.versions, super::Versions::None) {
            self.filter = self.filter.next();
        }
        self.refilter_keeping(anchor);
        self.filter_anchor = anchor;
        if self.visible.is_empty() {
            // A verdict is not something the worker brings: undecided is known at once.
            let yet = !self.is_loaded() && self.filter != Filter::Undecided;
            let yet = if yet { " yet" } else { "" };
            self.info(format!("{}{yet}", self.filter.empty()));
        }
    }

    /// Recomputes the visible patches, selecting `keep` if it stays, else the next one.
    fn refilter_keeping(&mut self, keep: Option<usize>) {
        self.visible = (0..self.series.patches.len())
            .filter(|&i| self.matches_filter(i))
            .collect();
        let pos = keep.and_then(|k| self.visible.iter().position(|&v| v >= k));
        let new = pos.unwrap_or(self.visible.len().saturating_sub(1));
        if self.visible.get(new).copied() != keep {
            self.selected = new;
            self.rebuild_rows();
        } else {
            self.selected = new;
        }
    }

    /// Counts for the status bar.
    pub fn counts(&self) -> Counts {
        let n = self.series.patches.len();
        let all_checked = self.diffs_done == n;
        let critical = (0..n)
            .filter(|&i| self.level(i) == Some(Level::Critical))
            .count();
        let (mut findings, mut infos) = (0, 0);
        for f in (0..n).flat_map(|i| self.findings(i)) {
            match f.severity {
                Severity::Error | Severity::Warning => findings += 1,
                _ => infos += 1,
            }
        }
        let ai = (0..n)
            .filter(|&i| self.provenance(i).is_some_and(|p| p.assisted))
            .count();
        Counts {
            critical: all_checked.then_some(critical),
            ai: (self.headers_read == n).then_some(ai),
            findings: all_checked.then_some(findings),
            infos: all_checked.then_some(infos),
            decided: (0..n).filter(|&i| !self.undecided(i)).count(),
        }
    }
}

//! The previous version the reviewer named (`--previous OLD`): compared off the UI thread, then
//! read by the list's marks, the page's version row, the interdiff page, the "changed since
//! previous" filter and the verdicts carried from it.

use git_triage::notes::Partner;

use git_triage::versions::{
    Comparison, Interdiff, Origin, Request, State, Subject, DEFAULT_CREATION_FACTOR,
};

use super::{App, Filter};
use crate::tui::doc::{self, Row};

/// The previous version, as far as it is known.
#[derive(Debug, Default)]
pub enum Versions {
    /// No previous version was named.
    #[default]
    None,
    /// Being read and paired by the worker.
    Comparing {
        name: String,
    },
    Ready(Box<Compared>),
    /// It could not be read (an unknown revision, say); the status bar said why.
    Failed {
        name: String,
    },
}

/// The series paired with its previous version, and what changed in each changed patch.
#[derive(Debug)]
pub struct Compared {
    pub comparison: Comparison,
    /// One per patch: `None` unless it changed.
    pub interdiffs: Vec<Option<Interdiff>>,
}

impl Compared {
    /// Pairs and diffs everything the screens need; the worker's job.
    pub fn new(comparison: Comparison) -> Compared {
        let interdiffs = comparison.interdiffs();
        Compared {
            comparison,
            interdiffs,
        }
    }
}

/// Which page the selected patch shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum View {
    #[default]
    Patch,
    /// What changed since the previous version.
    Interdiff,
}

/// Reads both versions and pairs them: the worker's job.
pub fn compare(request: &Request) -> Result<Compared, String> {
    let comparison = request.run().map_err(|e| e.to_string())?;
    Ok(Compared::new(comparison))
}

impl Versions {
    /// The previous version's name, as the reviewer gave it.
    pub fn name(&self) -> Option<&str> {
        match self {
            Versions::None => None,
            Versions::Comparing { name, .. } | Versions::Failed { name } => Some(name),
            Versions::Ready(c) => Some(&c.comparison.old.name),
        }
    }
}

impl App {
    /// The comparison, once it has arrived.
    pub fn compared(&self) -> Option<&Compared> {
        match &self.versions {
            Versions::Ready(c) => Some(c),
            _ => None,
        }
    }

    /// Patch `i`'s state against the previous version; `None` without one (or for a merge).
    pub fn version_state(&self, i: usize) -> Option<State> {
        self.compared()?.comparison.state(i)
    }

    /// What patch `i` replaces in the previous version: where verdicts may be carried from.
    pub fn partner(&self, i: usize) -> Option<Partner> {
        self.compared()?.comparison.carries_from(i)
    }

    /// Names the previous version (`None`: for mail, the newest older version in the input;
    /// for a range, none). The worker reads and pairs the versions ([`compare`]) once the first
    /// frame is drawn, and they arrive through [`App::versions_ready`]; a version the mail does
    /// not hold is said at once.
    pub fn compare_with(&mut self, old: Option<&str>) {
        match Request::of(&self.repo, &self.subject(), old, DEFAULT_CREATION_FACTOR) {
            Ok(None) => return,
            Ok(Some(request)) => {
                self.versions = Versions::Comparing {
                    name: request.name(),
                };
                self.worker.compare(request);
            }
            Err(e) => {
                let name = old.unwrap_or("the previous version").to_string();
                self.set_error(format!("previous version {name}: {e}"));
                self.versions = Versions::Failed { name };
            }
        }
        self.refresh_rows();
    }

    /// The series as a comparison needs it: its ends and keys, and for mail its messages
    /// (all known from the start).
    fn subject(&self) -> Subject<'_> {
        let outline = &self.series;
        let mail = outline.mail.as_deref().map(|source| {
            let patches = outline
                .patches
                .iter()
                .filter_map(|e| {
                    let m = e.header.as_ref()?.patch.mail.as_ref()?;
                    Some((&m.message, Origin::of_mail(e.key, e.commit, m)))
                })
                .collect();
            (source, patches)
        });
        Subject {
            range: &outline.range,
            base: outline.base,
            head: outline.head,
            keys: outline.patches.iter().map(|e| e.key).collect(),
            mail,
        }
    }

    /// The comparison arrives from the worker (or could not be made).
    pub fn versions_ready(&mut self, result: Result<Compared, String>) {
        let name = self.versions.name().unwrap_or_default().to_string();
        match result {
            Ok(c) => self.versions = Versions::Ready(Box::new(c)),
            Err(e) => {
                self.versions = Versions::Failed { name: name.clone() };
                self.set_error(format!("previous version {name}: {e}"));
            }
        }
        if self.filter == Filter::Changed {
            self.refilter();
        }
        // Carried verdicts and the version row change with it.
        self.refresh_rows();
    }

    /// Whether patch `i` changed since the previous version (or is new in this one).
    pub(super) fn changed_since(&self, i: usize) -> bool {
        matches!(
            self.version_state(i),
            Some(State::Changed { .. } | State::New)
        )
    }

    /// `i`: the patch page, or what changed since the previous version.
    pub(super) fn toggle_interdiff(&mut self) {
        if matches!(self.versions, Versions::None) {
            return self.info(
                "no previous version to compare with: open the series with --previous OLD".into(),
            );
        }
        self.view = match self.view {
            View::Patch => View::Interdiff,
            View::Interdiff => View::Patch,
        };
        self.rebuild_rows();
    }

    /// Back to the patch page, for what finds its way in the patches' own rows (a search, a
    /// critical hunk, a comment).
    pub(super) fn show_patch(&mut self) {
        if self.view == View::Interdiff {
            self.view = View::Patch;
            self.rebuild_rows();
        }
    }

    /// The rows of the interdiff page of patch `i`.
    pub(super) fn interdiff_rows(&self, i: usize) -> Vec<Row> {
        doc::build_interdiff(
            self.compared()
                .and_then(|c| c.interdiffs.get(i))
                .and_then(Option::as_ref),
        )
    }
}

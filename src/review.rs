//! A series reviewed: first what needs no diff ([`Overview`]), then every diff and finding
//! ([`Review`]), computed on all cores and shown to the caller one patch at a time, so that a
//! report can be written while the diffs are computed and no more than a few are held at once.

use git2::Oid;

use crate::diff::{self, PatchDiff};
use crate::notes::{self, Notes};
use crate::policy::{self, Finding, Severity};
use crate::provenance::{self, Detector, Provenance};
use crate::{Config, ConfigError, Error, Series, Source, Sources};

/// A series with everything that needs no diff: its configuration, provenance and verdicts.
pub struct Overview {
    pub series: Series,
    pub config: Config,
    pub detector: Detector,
    /// One per patch, in series order.
    pub provenance: Vec<Provenance>,
    /// Every verdict under the configured notes ref.
    pub notes: Notes,
    /// The series next to the previous version the reviewer named, if any.
    pub previous: Option<crate::versions::Comparison>,
}

impl Overview {
    /// Loads the configuration at the series' base, the provenance records and the verdicts.
    pub fn of(
        repo: &git2::Repository,
        series: Series,
        sources: &Sources,
    ) -> Result<Overview, Error> {
        let config = Config::load(repo, series.policy_commit(repo), sources)?;
        let detector = Detector::new(&config.provenance).map_err(ConfigError::from)?;
        let ids: Vec<Oid> = series.patches.iter().filter_map(|p| p.commit).collect();
        let records = provenance::Records::load(repo, &config.provenance, &ids);
        let provenance = series
            .patches
            .iter()
            .map(|p| detector.detect(p, &records))
            .collect();
        let notes = Notes::load(repo, &config.notes_ref)?;
        Ok(Overview {
            series,
            config,
            detector,
            provenance,
            notes,
            previous: None,
        })
    }
}

/// A series with its configuration, diffs and findings: what `check`, `export` and `reply`
/// report.
pub struct Review {
    pub series: Series,
    pub config: Config,
    /// One per patch, in series order. Without hunks when the review was streamed
    /// ([`Review::stream`]): files, levels and patch-ids only.
    pub diffs: Vec<PatchDiff>,
    /// One per patch, in series order.
    pub provenance: Vec<Provenance>,
    /// One list per patch, in series order.
    pub findings: Vec<Vec<Finding>>,
    /// Every verdict under the configured notes ref.
    pub notes: Notes,
    /// The series next to the previous version the reviewer named, if any.
    pub previous: Option<crate::versions::Comparison>,
}

impl Review {
    /// Loads `range` (or the default range), its configuration, every diff and every finding.
    pub fn load(
        repo: &git2::Repository,
        range: Option<&str>,
        sources: &Sources,
    ) -> Result<Review, Error> {
        Review::of(repo, Series::load(repo, range)?, sources)
    }

    /// Loads the series `source` names and reviews it.
    pub fn open(
        repo: &git2::Repository,
        source: &Source,
        sources: &Sources,
    ) -> Result<Review, Error> {
        Review::of(repo, source.series(repo)?, sources)
    }

    /// Reviews an already loaded series, keeping every diff with its hunks.
    pub fn of(repo: &git2::Repository, series: Series, sources: &Sources) -> Result<Review, Error> {
        Review::of_overview(repo, Overview::of(repo, series, sources)?)
    }

    /// Computes every diff and finding of an overview, keeping every diff with its hunks.
    pub fn of_overview(repo: &git2::Repository, overview: Overview) -> Result<Review, Error> {
        Review::compute(repo, overview, true, |_, _, _, _| Ok(()))
    }

    /// Computes every diff and its findings on all cores and shows them to `each` (the
    /// overview, the patch's index, its diff, its findings) in series order; the hunks are
    /// dropped after `each` returns, so that a long series is never held whole. Stops at the
    /// first error, `each`'s included.
    pub fn stream(
        repo: &git2::Repository,
        overview: Overview,
        each: impl FnMut(&Overview, usize, &PatchDiff, &[Finding]) -> Result<(), Error>,
    ) -> Result<Review, Error> {
        Review::compute(repo, overview, false, each)
    }

    fn compute(
        repo: &git2::Repository,
        overview: Overview,
        hunks: bool,
        mut each: impl FnMut(&Overview, usize, &PatchDiff, &[Finding]) -> Result<(), Error>,
    ) -> Result<Review, Error> {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let n = overview.series.patches.len();
        let (mut diffs, mut findings) = (Vec::with_capacity(n), Vec::with_capacity(n));
        let rules = overview.config.rules();
        diff::each_in_order(
            repo.path(),
            &overview.series.overlay,
            &overview.series.patches,
            &overview.config.areas,
            threads,
            |i, d| {
                let d = d?;
                let o = &overview;
                let f = policy::findings(
                    &o.series.patches[i],
                    &d,
                    &o.provenance[i],
                    &o.detector,
                    &rules,
                );
                each(o, i, &d, &f)?;
                let mut d = d;
                if !hunks {
                    d.files.iter_mut().for_each(|f| f.hunks = Vec::new());
                }
                diffs.push(d);
                findings.push(f);
                Ok::<(), Error>(())
            },
        )?;
        let Overview {
            series,
            config,
            provenance,
            notes,
            previous,
            ..
        } = overview;
        Ok(Review {
            series,
            config,
            diffs,
            provenance,
            findings,
            notes,
            previous,
        })
    }

    /// The verdicts to show for patch `i` (0-based): latest per reviewer, and carried over
    /// from earlier versions for the reviewers who said nothing on it.
    pub fn verdicts(&self, i: usize) -> Vec<notes::Shown<'_>> {
        let partner = self.previous.as_ref().and_then(|c| c.carries_from(i));
        self.notes
            .shown(self.series.patches[i].key, self.diffs[i].patch_id, partner)
    }

    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.findings
            .iter()
            .flatten()
            .any(|f| f.severity == Severity::Error)
    }
}

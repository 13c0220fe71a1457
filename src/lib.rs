//! git-triage: triage a patch series by critical areas, provenance and policy.
//!
//! This crate is the domain: it turns a commit range into a [`Series`], computes each patch's
//! files and hunks ([`diff`]), places them in the configured [`areas`], parses trailers exactly
//! as git does ([`trailers`]) and applies the [`policy`] rules. It knows nothing about
//! terminals; the binary's CLI and TUI are thin layers over it.

pub mod areas;
pub mod base;
pub mod comments;
pub mod config;
pub mod diff;
pub mod export;
pub mod listing;
pub mod mail;
pub mod notes;
pub mod overlay;
mod patch_id;
pub mod policy;
pub mod provenance;
mod renames;
pub mod reply;
pub mod report;
pub mod sanitize;
pub mod series;
pub mod signoff;
pub mod source;
pub mod sync;
pub mod tables;
pub mod trailer_config;
pub mod trailers;
pub mod versions;
pub mod walk;

use std::path::Path;

pub use config::{Config, ConfigError, Sources};
pub use diff::PatchDiff;
pub use notes::{Notes, NotesError, State, Verdict};
pub use policy::Finding;
pub use series::{Patch, Series};
pub use source::Source;

/// Everything that can go wrong while reviewing a series.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("not a git repository: {0}")]
    NotARepository(String),
    #[error("unknown revision {0:?}")]
    UnknownRevision(String),
    #[error("symmetric ranges are not supported: {0:?}; use A..B")]
    SymmetricRange(String),
    #[error(
        "no range given and none could be guessed: HEAD has no upstream and none of origin/HEAD, \
         main, master exist; name the series, for example `git triage check origin/master..HEAD`"
    )]
    NoDefaultRange,
    #[error("{rev} is not one of the commits of {range}")]
    NotInRange { rev: String, range: String },
    #[error(
        "the range reaches past the shallow clone's boundary at {commit}; \
         deepen the clone (`git fetch --deepen=N` or `--unshallow`) or choose a shorter range"
    )]
    ShallowBoundary { commit: String },
    #[error(
        "no base for {0:?}: it has no upstream and none of @{{upstream}}, origin/HEAD, main, \
         master exist; name the version as a range, for example `v2-base..topic-v2`"
    )]
    NoVersionBase(String),
    /// Listing the series with the user's git failed.
    #[error("{0}")]
    Walk(String),
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Notes(#[from] NotesError),
    #[error(
        "no patch {rev:?} in {series}; it has patches {have} (name one by number or Message-ID)"
    )]
    NoSuchPatch {
        rev: String,
        series: String,
        have: String,
    },
    #[error(transparent)]
    Mail(#[from] mail::MailError),
    #[error(transparent)]
    MailSeries(#[from] mail::SeriesError),
    #[error("git: {}", .0.message())]
    Git(#[from] git2::Error),
}

/// Opens the repository the way git does: `GIT_DIR` and friends, else the current directory or
/// one above it; or `git_dir` when given (`--git-dir`).
pub fn open_repository(git_dir: Option<&Path>) -> Result<git2::Repository, Error> {
    // git does not re-hash every object it reads (that is fsck's job); libgit2 does by default,
    // and on a large series that doubles the cost of reading blobs for diffs.
    git2::opts::strict_hash_verification(false);
    // libgit2 caches no tree over 4 KiB and no blob by default, so every diff re-inflates the
    // big directory trees of a real project through their delta chains. Let it keep them.
    // SAFETY: these only set libgit2's global cache limits; nothing else is running yet.
    unsafe {
        let _ = git2::opts::set_cache_object_limit(git2::ObjectType::Tree, 1 << 20);
        let _ = git2::opts::set_cache_object_limit(git2::ObjectType::Blob, 1 << 20);
    }
    let result = match git_dir {
        Some(dir) => git2::Repository::open(dir),
        None => git2::Repository::open_from_env(),
    };
    result.map_err(|e| match e.code() {
        git2::ErrorCode::NotFound => {
            let at = git_dir.map_or_else(
                || {
                    std::env::current_dir()
                        .map(|d| d.display().to_string())
                        .unwrap_or_default()
                },
                |d| d.display().to_string(),
            );
            Error::NotARepository(at)
        }
        _ => Error::Git(e),
    })
}

/// A series with everything that needs no diff: its configuration, provenance and verdicts.
/// The TUI draws this at once and computes diffs and findings as they are needed; [`Review`]
/// adds them all.
pub struct Overview {
    pub series: Series,
    pub config: Config,
    pub detector: provenance::Detector,
    /// One per patch, in series order.
    pub provenance: Vec<provenance::Provenance>,
    /// Every verdict under the configured notes ref.
    pub notes: Notes,
}

impl Overview {
    /// Loads the configuration at the series' base, the provenance records and the verdicts.
    pub fn of(
        repo: &git2::Repository,
        series: Series,
        sources: &Sources,
    ) -> Result<Overview, Error> {
        let config = Config::load(repo, series.policy_commit(repo), sources)?;
        let detector = provenance::Detector::new(&config.provenance).map_err(ConfigError::from)?;
        let ids: Vec<git2::Oid> = series.patches.iter().filter_map(|p| p.commit).collect();
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
        })
    }
}

/// A series with its configuration, diffs and findings: what `check` reports.
pub struct Review {
    pub series: Series,
    pub config: Config,
    /// One per patch, in series order.
    pub diffs: Vec<PatchDiff>,
    /// One per patch, in series order.
    pub provenance: Vec<provenance::Provenance>,
    /// One list per patch, in series order.
    pub findings: Vec<Vec<Finding>>,
    /// Every verdict under the configured notes ref.
    pub notes: Notes,
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

    /// Reviews an already loaded series.
    pub fn of(repo: &git2::Repository, series: Series, sources: &Sources) -> Result<Review, Error> {
        let Overview {
            series,
            config,
            detector,
            provenance,
            notes,
        } = Overview::of(repo, series, sources)?;
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let diffs = diff::diff_all(
            repo.path(),
            &series.overlay,
            &series.patches,
            &config.areas,
            threads,
        )?;
        let findings = series
            .patches
            .iter()
            .zip(&diffs)
            .zip(&provenance)
            .map(|((p, d), prov)| policy::findings(p, d, prov, &detector, &config.rules()))
            .collect();
        Ok(Review {
            series,
            config,
            diffs,
            provenance,
            findings,
            notes,
        })
    }

    /// The verdicts to show for patch `i` (0-based): latest per reviewer, or carried over.
    pub fn verdicts(&self, i: usize) -> Vec<notes::Shown<'_>> {
        self.notes
            .shown(self.series.patches[i].key, self.diffs[i].patch_id)
    }

    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.findings
            .iter()
            .flatten()
            .any(|f| f.severity == policy::Severity::Error)
    }
}

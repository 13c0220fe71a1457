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
mod review;
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
pub use review::{Overview, Review};
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
    /// The temporary object store of a series applied from mail could not be made.
    #[error("cannot make a temporary object store in {}: {source}", dir.display())]
    ObjectStore {
        dir: std::path::PathBuf,
        source: std::io::Error,
    },
    /// Writing a report failed (not a closed pipe: the CLI ignores those).
    #[error("writing the report: {0}")]
    Write(std::io::Error),
    #[error("{series} holds no {version} of this series: it has {have}")]
    NoSuchVersion {
        version: String,
        series: String,
        have: String,
    },
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

/// The total size of libgit2's object caches, across every open repository.
const OBJECT_CACHE_BYTES: isize = 8 << 20;

/// Opens the repository the way git does: `GIT_DIR` and friends, else the current directory or
/// one above it; or `git_dir` when given (`--git-dir`).
pub fn open_repository(git_dir: Option<&Path>) -> Result<git2::Repository, Error> {
    // git does not re-hash every object it reads (that is fsck's job); libgit2 does by default,
    // and on a large series that doubles the cost of reading blobs for diffs.
    git2::opts::strict_hash_verification(false);
    // libgit2 caches no tree over 4 KiB and no blob by default, so every diff re-inflates the
    // big directory trees of a real project through their delta chains. Let it keep them, but
    // within a total budget: its default of 256 MiB filled up with every blob a long series
    // touches and doubled the peak memory of `check`, for no speed (the trees that matter are
    // the recently used ones, and eviction keeps those). Measured on git.git's last 681
    // commits: 8 to 64 MiB take the same CPU time; every 8 MiB more adds about 12 MiB of peak
    // memory (eviction is lazy); no cache at all costs a quarter more time.
    // SAFETY: these only set libgit2's global cache limits, which it reads atomically.
    unsafe {
        let _ = git2::opts::set_cache_object_limit(git2::ObjectType::Tree, 1 << 20);
        let _ = git2::opts::set_cache_object_limit(git2::ObjectType::Blob, 1 << 20);
        libgit2_sys::git_libgit2_opts(
            libgit2_sys::GIT_OPT_SET_CACHE_MAX_SIZE as std::ffi::c_int,
            OBJECT_CACHE_BYTES,
        );
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

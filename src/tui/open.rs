//! Opening a series for the TUI: what the first frame needs, and the worker for the rest.
//!
//! A commit range needs git's walk, the configuration, the verdicts and the headers of the
//! first screenful; the other headers and their provenance, every diff and finding come from
//! the worker. Mail is read whole first (it is text), and applied by the worker after
//! the first frame.

use std::sync::mpsc;
use std::sync::Arc;

use git_triage::listing::Listing;
use git_triage::notes::Notes;
use git_triage::provenance::{Detector, RecordSources};
use git_triage::{Config, ConfigError, Series, Source, Sources};

use super::app::{App, Entry, Outline};
use super::worker::{self, Header};
use super::writer;
use super::{OpenError, Session};

/// Rows read before the first frame: a screenful of the tallest terminals.
const FIRST_SCREEN: usize = 100;

/// Opens the series `source` names, without computing a diff.
pub fn open(
    repo: git2::Repository,
    source: &Source,
    sources: &Sources,
) -> Result<Session, OpenError> {
    match source {
        Source::Range(range) => open_range(repo, range.as_deref(), sources),
        Source::Mail(_) => {
            let series = source.prepared(&repo)?;
            open_series(repo, series, sources)
        }
    }
}

/// The configuration, its provenance tables compiled, where side records live, and the
/// verdicts.
fn context(
    repo: &git2::Repository,
    policy_commit: Option<git2::Oid>,
    sources: &Sources,
) -> Result<(Config, Detector, RecordSources, Notes), git_triage::Error> {
    let config = Config::load(repo, policy_commit, sources)?;
    config.check_tui()?;
    let detector = Detector::new(&config.provenance).map_err(ConfigError::from)?;
    let records = RecordSources::find(repo, &config.provenance);
    let notes = Notes::load(repo, &config.notes_ref)?;
    Ok((config, detector, records, notes))
}

fn open_range(
    repo: git2::Repository,
    range: Option<&str>,
    sources: &Sources,
) -> Result<Session, OpenError> {
    // git walks while the configuration and the notes are read.
    let walking = Listing::start(&repo, range)?;
    let (config, detector, records, notes) = context(&repo, walking.base, sources)?;
    let listing = walking.finish(&repo)?;
    if listing.commits.is_empty() {
        return Err(OpenError::Empty(listing.range));
    }
    let first = &listing.commits[..listing.commits.len().min(FIRST_SCREEN)];
    let first_records = records.load(&repo, first);
    let reader = listing.reader(&repo);
    let mut read = Vec::with_capacity(first.len());
    for i in 0..first.len() {
        let patch = listing.read_one(&repo, &reader, i)?;
        let provenance = detector.detect(&patch, &first_records);
        read.push((i, Arc::new(Header { patch, provenance })));
    }
    let patches = entries(&listing.commits, &read);
    let source = worker::Source {
        git_dir: repo.path().to_path_buf(),
        base: listing.base,
        commits: listing.commits,
        config: config.clone(),
        detector,
        records,
        read,
        overlay: Default::default(),
        pending: None,
    };
    let series = Outline {
        range: listing.range,
        base: listing.base,
        head: Some(listing.head),
        patches,
        mail: None,
    };
    Ok(session(repo, series, config, notes, source, sources))
}

/// A series whose headers are all known (mail): read whole, provenance and all.
fn open_series(
    repo: git2::Repository,
    series: Series,
    sources: &Sources,
) -> Result<Session, OpenError> {
    if series.patches.is_empty() {
        return Err(OpenError::Empty(series.range));
    }
    let (config, detector, records, notes) = context(&repo, series.policy_commit(&repo), sources)?;
    let ids: Vec<git2::Oid> = series.patches.iter().filter_map(|p| p.commit).collect();
    let found = records.load(&repo, &ids);
    let read: Vec<(usize, Arc<Header>)> = series
        .patches
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let provenance = detector.detect(p, &found);
            let patch = p.clone();
            (i, Arc::new(Header { patch, provenance }))
        })
        .collect();
    let keys: Vec<git2::Oid> = series.patches.iter().map(|p| p.key).collect();
    let patches = entries(&keys, &read);
    let pending = series
        .mail
        .as_ref()
        .is_some_and(|m| matches!(m.applied, git_triage::mail::Application::Pending { .. }))
        .then(|| series.clone());
    let source = worker::Source {
        git_dir: repo.path().to_path_buf(),
        base: series.base,
        commits: keys,
        config: config.clone(),
        detector,
        records,
        read,
        overlay: series.overlay.clone(),
        pending,
    };
    let outline = Outline {
        range: series.range,
        base: series.base,
        head: series.head,
        patches,
        mail: series.mail,
    };
    Ok(session(repo, outline, config, notes, source, sources))
}

/// One entry per patch, with the headers already read.
fn entries(keys: &[git2::Oid], read: &[(usize, Arc<Header>)]) -> Vec<Entry> {
    let mut patches: Vec<Entry> = keys
        .iter()
        .enumerate()
        .map(|(i, &key)| Entry {
            index: i + 1,
            key,
            commit: Some(key),
            header: None,
            checked: None,
        })
        .collect();
    for (i, h) in read {
        patches[*i].commit = h.patch.commit;
        patches[*i].header = Some(h.clone());
    }
    patches
}

fn session(
    repo: git2::Repository,
    series: Outline,
    config: Config,
    notes: Notes,
    source: worker::Source,
    sources: &Sources,
) -> Session {
    let (sender, events) = mpsc::channel();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let worker = worker::spawn(source, threads, sender.clone());
    let writer = writer::spawn(
        repo.path().to_path_buf(),
        config.notes_ref.clone(),
        notes.tip(),
        sender.clone(),
    );
    let mut app = App::new(repo, series, config, notes, worker, writer);
    // `+`, `-` and `W` are saved where the user's config is read from, and not at all when it
    // is not read.
    if !sources.no_user {
        app.prefs_path = sources
            .user
            .clone()
            .or_else(git_triage::config::user_config_path);
    }
    Session {
        app,
        events,
        sender,
    }
}

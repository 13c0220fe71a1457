//! The one owner of git work for the TUI, as gitui's asyncgit is: the UI asks ([`Handle`]) and
//! the worker answers with [`Notification`]s on the event channel. It reads headers and
//! provenance, computes diffs and findings, and scans for searches, on a few threads that each
//! hold their own repository handle. What the screen shows comes first (the rows in view, the
//! selected patch, what a waiting key needs), then everything else in series order, so that
//! the status counts complete in the background.

mod queue;

use std::path::PathBuf;
use std::sync::mpsc::Sender;
use std::sync::{Arc, Condvar, Mutex};

use git2::{Oid, Repository};

use git_triage::diff::PatchDiff;
use git_triage::overlay::Overlay;
use git_triage::policy::{self, Finding};
use git_triage::provenance::{Detector, Provenance, RecordSources};
use git_triage::series::{read_patch, Reader};
use git_triage::versions::Request;
use git_triage::{Config, Patch, Series};

use super::app::Compared;
use super::doc::Row;
use super::find::{self, Query};
use super::Event;
use queue::{Job, Queue};

/// A patch's headers and provenance: what the list and the top of the page need.
#[derive(Debug)]
pub struct Header {
    pub patch: Patch,
    pub provenance: Provenance,
}

/// A patch's diff and its findings.
#[derive(Debug, Default)]
pub struct Checked {
    pub diff: PatchDiff,
    pub findings: Vec<Finding>,
    /// Each file's id for reviewed marks (see [`git_triage::notes::file_id`]): a hash of
    /// every line, computed here rather than on the UI thread.
    pub file_ids: Vec<git2::Oid>,
}

impl Checked {
    pub fn new(diff: PatchDiff, findings: Vec<Finding>) -> Checked {
        let file_ids = diff
            .files
            .iter()
            .map(|f| git_triage::notes::file_id(f, diff.patch_id))
            .collect();
        Checked {
            diff,
            findings,
            file_ids,
        }
    }
}

/// What the worker tells the UI.
pub enum Notification {
    /// Headers read, by patch index.
    Headers(Vec<(usize, Result<Arc<Header>, String>)>),
    /// A diff and its findings, or why there are none.
    Checked(usize, Result<Arc<Checked>, String>),
    /// Notes written by the writer, and the notes brought up to date.
    Written(Box<super::writer::Report>),
    /// The notes read again by the writer: asked for, or because the ref moved.
    Refreshed(Box<super::writer::Refreshed>),
    /// Mail opened before it was applied has been applied (or could not be).
    Applied(Box<Result<Series, String>>),
    /// Search `id` has scanned `done` of its `total` patches; `hits` are the matches in the
    /// patches scanned since the last report that follow, in the order the patches were given,
    /// everything before them. It is complete when `done == total`.
    Searching {
        id: u64,
        done: usize,
        total: usize,
        hits: Vec<(usize, Row)>,
    },
    /// The series read and paired with its previous version, or why it could not be.
    Versions(Box<Result<Compared, String>>),
}

/// Everything the threads share and never change.
struct Context {
    git_dir: PathBuf,
    /// The series' base: reading its commits needs the mailmap as committed there.
    base: Option<Oid>,
    commits: Vec<Oid>,
    config: Config,
    detector: Detector,
    records: RecordSources,
}

struct Shared {
    queue: Mutex<Queue>,
    wake: Condvar,
    context: Context,
    events: Sender<Event>,
}

/// The UI's side of the worker. Dropping it stops the threads.
pub struct Handle {
    shared: Arc<Shared>,
}

/// What the worker needs to read a series: a commit range's commits, read as they are needed,
/// or a series whose headers are all known (mail).
pub struct Source {
    pub git_dir: PathBuf,
    pub base: Option<Oid>,
    /// Every patch's commit, in series order, for those not read yet.
    pub commits: Vec<Oid>,
    pub config: Config,
    pub detector: Detector,
    pub records: RecordSources,
    /// Headers already read (the first screenful, or every mailed patch), by index.
    pub read: Vec<(usize, Arc<Header>)>,
    /// Objects kept outside the repository (mail applied): every handle opens through it.
    pub overlay: Overlay,
    /// Mail read but not applied yet: the worker applies it first, and diffs wait for it.
    pub pending: Option<Series>,
}

/// Starts `threads` threads, paused until [`Handle::start`]: the first frame should not share
/// the processor with them.
pub fn spawn(source: Source, threads: usize, events: Sender<Event>) -> Handle {
    let mut queue = Queue::new(source.commits.len(), source.overlay, source.pending);
    for (i, h) in source.read {
        queue.header_done(i, h);
    }
    let shared = Arc::new(Shared {
        queue: Mutex::new(queue),
        wake: Condvar::new(),
        context: Context {
            git_dir: source.git_dir,
            base: source.base,
            commits: source.commits,
            config: source.config,
            detector: source.detector,
            records: source.records,
        },
        events,
    });
    for _ in 0..threads.max(1) {
        let shared = shared.clone();
        std::thread::spawn(move || work(&shared));
    }
    Handle { shared }
}

impl Handle {
    fn with(&self, f: impl FnOnce(&mut Queue)) {
        f(&mut self.shared.queue.lock().expect("worker queue"));
        self.shared.wake.notify_all();
    }

    /// Lets the threads begin.
    pub fn start(&self) {
        self.with(|q| q.started = true);
    }

    /// What the UI needs first: headers of these patches, then diffs of those, in order.
    /// Replaces the previous wish.
    pub fn prefer(&self, headers: Vec<usize>, diffs: Vec<usize>) {
        self.with(|q| {
            q.want_headers = headers;
            q.want_diffs = diffs;
        });
    }

    /// Searches `patches` (in this order) for `query`; a new search replaces a running one.
    pub fn search(&self, id: u64, query: Query, patches: Vec<usize>) {
        self.with(|q| q.search_start(id, query, patches));
    }

    /// Reads the previous version and pairs it with the series; the answer arrives as
    /// [`Notification::Versions`].
    pub fn compare(&self, request: Request) {
        self.with(|q| q.compare = Some(request));
    }

    /// Stops search `id` if it is still running.
    pub fn cancel_search(&self, id: u64) {
        self.with(|q| {
            if q.search.as_ref().is_some_and(|s| s.id == id) {
                q.search = None;
            }
        });
    }
}

impl Drop for Handle {
    fn drop(&mut self) {
        self.with(|q| q.closed = true);
    }
}

/// One thread's handle on the repository, opened again when the overlay changes (mail applied
/// into the temporary object store).
struct Handles {
    generation: u64,
    repo: Repository,
    reader: Reader,
}

/// One thread: take the most wanted job, do it, tell the UI, repeat.
fn work(shared: &Shared) {
    let mut handles: Option<Handles> = None;
    loop {
        let (job, generation, overlay) = {
            let mut q = shared.queue.lock().expect("worker queue");
            loop {
                if q.closed {
                    return;
                }
                if let Some(job) = q.next_job() {
                    break (job, q.generation, q.overlay.clone());
                }
                q = shared.wake.wait(q).expect("worker queue");
            }
        };
        if handles.as_ref().is_none_or(|h| h.generation != generation) {
            let Ok(repo) = overlay.open(&shared.context.git_dir) else {
                return;
            };
            let reader = Reader::new(&repo, shared.context.base);
            handles = Some(Handles {
                generation,
                repo,
                reader,
            });
        }
        let h = handles.as_ref().expect("opened");
        let sent = match job {
            Job::Apply(series) => apply(shared, *series),
            Job::Headers(list) => headers(shared, h, list),
            Job::Diff(i, header) => check(shared, &h.repo, i, &header),
            Job::Scan(id, items) => scan(shared, id, items),
            Job::Compare(request) => {
                let compared = super::app::versions::compare(&request);
                let note = Notification::Versions(Box::new(compared));
                shared.events.send(Event::Worker(note)).is_ok()
            }
        };
        shared.wake.notify_all();
        if !sent {
            return;
        }
    }
}

/// Applies mail onto its base, on a handle of its own; its commits then replace the
/// patches' text for diffs.
fn apply(shared: &Shared, mut series: Series) -> bool {
    let result = Repository::open(&shared.context.git_dir)
        .map_err(|e| e.message().to_string())
        .and_then(|repo| {
            git_triage::mail::source::apply_pending(&repo, &mut series).map_err(|e| e.to_string())
        })
        .map(|()| series);
    let applied = result
        .as_ref()
        .ok()
        .map(|s| (s.overlay.clone(), s.patches.clone()));
    // The UI hears of it before any diff of the applied commits is computed.
    let sent = shared
        .events
        .send(Event::Worker(Notification::Applied(Box::new(result))))
        .is_ok();
    shared.queue.lock().expect("worker queue").applied(applied);
    sent
}

fn headers(shared: &Shared, handles: &Handles, list: Vec<usize>) -> bool {
    let (c, repo) = (&shared.context, &handles.repo);
    let ids: Vec<Oid> = list.iter().map(|&i| c.commits[i]).collect();
    let records = c.records.load(repo, &ids);
    let read: Vec<(usize, Result<Arc<Header>, String>)> = list
        .iter()
        .map(|&i| {
            let header = repo
                .find_commit(c.commits[i])
                .map(|commit| {
                    let patch = read_patch(&commit, i + 1, &handles.reader);
                    let provenance = c.detector.detect(&patch, &records);
                    Arc::new(Header { patch, provenance })
                })
                .map_err(|e| format!("patch {}: {}", i + 1, e.message()));
            (i, header)
        })
        .collect();
    let done: Vec<(usize, Option<Arc<Header>>)> = read
        .iter()
        .map(|(i, h)| (*i, h.as_ref().ok().cloned()))
        .collect();
    // Tell the UI before a diff job can start: a patch's header always reaches it before
    // its diff.
    let sent = shared
        .events
        .send(Event::Worker(Notification::Headers(read)))
        .is_ok();
    let mut q = shared.queue.lock().expect("worker queue");
    for (i, h) in done {
        match h {
            Some(h) => q.header_done(i, h),
            None => q.header_failed(i),
        }
    }
    sent
}

fn check(shared: &Shared, repo: &Repository, i: usize, header: &Header) -> bool {
    let c = &shared.context;
    let result = git_triage::diff::diff(repo, &header.patch, &c.config.areas)
        .map(|diff| {
            let findings = policy::findings(
                &header.patch,
                &diff,
                &header.provenance,
                &c.detector,
                &c.config.rules(),
            );
            Arc::new(Checked::new(diff, findings))
        })
        .map_err(|e| format!("patch {}: {}", i + 1, e.message()));
    shared
        .queue
        .lock()
        .expect("worker queue")
        .diff_done(i, result.as_ref().ok().cloned());
    shared
        .events
        .send(Event::Worker(Notification::Checked(i, result)))
        .is_ok()
}

/// Scans patches for search `id`; items are (position in the search, header, diff).
fn scan(shared: &Shared, id: u64, items: Vec<queue::ScanItem>) -> bool {
    let Some(query) = shared
        .queue
        .lock()
        .expect("worker queue")
        .search
        .as_ref()
        .filter(|s| s.id == id)
        .map(|s| s.query.clone())
    else {
        return true;
    };
    let found: Vec<(usize, Vec<Row>)> = items
        .into_iter()
        .map(|(pos, header, checked)| {
            let diff = checked.as_ref().map(|c| &c.diff);
            let rows = header.map_or_else(Vec::new, |h| find::scan(&query, &h.patch, diff));
            (pos, rows)
        })
        .collect();
    let note = shared
        .queue
        .lock()
        .expect("worker queue")
        .search_scanned(id, found);
    match note {
        Some(n) => shared.events.send(Event::Worker(n)).is_ok(),
        None => true,
    }
}

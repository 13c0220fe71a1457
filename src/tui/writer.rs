//! The one writer of notes for the TUI. Verdicts, comments and file marks are written here, in
//! the order they were given, and the notes are read again here when the ref moves (another
//! terminal's `git triage verdict`, a sync) or when `R` asks. A write can wait seconds for the
//! ref's lock; the UI thread never does, and no diff job stands in front of a write.
//!
//! Every answer carries the notes brought up to date, so the UI's notes change only from here,
//! in the order this thread saw the ref: a read that began before one of our writes can never
//! put it back.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use git2::{Oid, Repository};

use git_triage::notes::{
    self, Change, Comment, CommentChange, FileMark, Notes, NotesError, Reviewer, Unchanged, Verdict,
};
use git_triage::Patch;

use super::worker::Notification;
use super::Event;

/// How often the ref is looked at while nothing is asked: one small file read (the loose ref,
/// or `packed-refs`).
pub const POLL: Duration = Duration::from_millis(250);

/// What one write changes on a patch.
#[derive(Debug, Clone)]
pub enum Write {
    /// A verdict, a patch comment, a confirmation.
    Verdict(Change),
    /// Comments on lines, hunks, files or the message, as one notes commit.
    Comments(Vec<CommentChange>),
    /// `(file id, path, reviewed)` marks, as one notes commit.
    FileMarks(Vec<(Oid, String, bool)>),
}

/// One write on one patch.
#[derive(Debug, Clone)]
pub struct Job {
    /// The patch (a mailed patch's key blob is stored before its note is written).
    pub patch: Patch,
    pub patch_id: Option<Oid>,
    pub at: SystemTime,
    pub write: Write,
}

/// What a write wrote, or why it wrote nothing.
#[derive(Debug)]
pub enum Written {
    Verdict(Result<Verdict, Unchanged>),
    Comments(Vec<Result<Comment, Unchanged>>),
    FileMarks(Vec<FileMark>),
}

impl Written {
    /// The lines this write appended.
    fn lines(&self) -> Vec<String> {
        match self {
            Written::Verdict(Ok(v)) => vec![v.to_line()],
            Written::Verdict(Err(_)) => Vec::new(),
            Written::Comments(results) => results
                .iter()
                .filter_map(|r| r.as_ref().ok().map(Comment::to_line))
                .collect(),
            Written::FileMarks(marks) => marks.iter().map(FileMark::to_line).collect(),
        }
    }
}

/// How the UI's notes catch up with the ref.
#[derive(Debug)]
pub enum Update {
    /// Only our own notes commits came on top of what the UI has: their lines, oldest first,
    /// each as `(parent, tip, commit, lines)`.
    Appended(Vec<(Option<Oid>, Oid, Oid, Vec<String>)>),
    /// Read again whole: someone else wrote too.
    Read(Box<Notes>),
}

/// The answer to a batch of writes.
#[derive(Debug)]
pub struct Report {
    pub id: u64,
    /// One per job, in order, up to the first that failed: the rest were not tried.
    pub results: Vec<Result<Written, NotesError>>,
    pub notes: Option<Update>,
}

/// The answer to a read, or notes read because the ref moved.
#[derive(Debug)]
pub struct Refreshed {
    /// The request answered; `None` when the ref moved by itself.
    pub id: Option<u64>,
    /// The notes read again (`None`: the ref had not moved), or why they could not be.
    pub notes: Result<Option<Box<Notes>>, NotesError>,
}

enum Request {
    Write {
        id: u64,
        reviewer: Reviewer,
        jobs: Vec<Job>,
    },
    Refresh {
        id: u64,
        force: bool,
    },
    Watch,
}

/// The UI's side of the writer. Dropping it lets the thread end once it has written what it
/// was given.
pub struct Handle {
    tx: Sender<Request>,
    next: u64,
    in_flight: Arc<AtomicUsize>,
}

/// Starts the writer for `notes_ref`, whose notes the UI holds as read at `seen`.
pub fn spawn(
    git_dir: PathBuf,
    notes_ref: String,
    seen: Option<Oid>,
    events: Sender<Event>,
) -> Handle {
    let (tx, rx) = mpsc::channel();
    let in_flight = Arc::new(AtomicUsize::new(0));
    let thread = Thread {
        notes_ref,
        seen,
        events,
        in_flight: in_flight.clone(),
        watching: false,
    };
    std::thread::spawn(move || {
        let Ok(repo) = Repository::open(&git_dir) else {
            return;
        };
        thread.run(&repo, &rx);
    });
    Handle {
        tx,
        next: 0,
        in_flight,
    }
}

impl Handle {
    fn send(&mut self, request: impl FnOnce(u64) -> Request) -> u64 {
        self.next += 1;
        self.in_flight.fetch_add(1, Ordering::SeqCst);
        if self.tx.send(request(self.next)).is_err() {
            self.in_flight.fetch_sub(1, Ordering::SeqCst);
        }
        self.next
    }

    /// Writes `jobs` by `reviewer` in order, stopping at the first that fails; the answer
    /// arrives as [`Notification::Written`] with the returned id.
    pub fn write(&mut self, reviewer: Reviewer, jobs: Vec<Job>) -> u64 {
        self.send(|id| Request::Write { id, reviewer, jobs })
    }

    /// Reads the notes again, after every write asked before; only if the ref moved unless
    /// `force`. The answer arrives as [`Notification::Refreshed`].
    pub fn refresh(&mut self, force: bool) -> u64 {
        self.send(|id| Request::Refresh { id, force })
    }

    /// Follows the ref from now on: when it moves, the notes read again arrive unasked.
    pub fn watch(&self) {
        let _ = self.tx.send(Request::Watch);
    }

    /// How many requests are not answered yet; the signal handler waits for them.
    pub fn in_flight(&self) -> Arc<AtomicUsize> {
        self.in_flight.clone()
    }
}

struct Thread {
    notes_ref: String,
    /// The notes commit the UI's notes will be at once it has taken everything sent.
    seen: Option<Oid>,
    events: Sender<Event>,
    in_flight: Arc<AtomicUsize>,
    watching: bool,
}

impl Thread {
    fn run(mut self, repo: &Repository, rx: &Receiver<Request>) {
        loop {
            let request = if self.watching {
                match rx.recv_timeout(POLL) {
                    Ok(r) => r,
                    Err(RecvTimeoutError::Timeout) => {
                        if self.poll(repo).is_err() {
                            return;
                        }
                        continue;
                    }
                    Err(RecvTimeoutError::Disconnected) => return,
                }
            } else {
                match rx.recv() {
                    Ok(r) => r,
                    Err(_) => return,
                }
            };
            let note = match request {
                Request::Watch => {
                    self.watching = true;
                    continue;
                }
                Request::Write { id, reviewer, jobs } => {
                    Notification::Written(Box::new(self.write(repo, id, &reviewer, jobs)))
                }
                Request::Refresh { id, force } => {
                    let notes = self.read(repo, force);
                    Notification::Refreshed(Box::new(Refreshed {
                        id: Some(id),
                        notes,
                    }))
                }
            };
            let sent = self.events.send(Event::Worker(note)).is_ok();
            self.in_flight.fetch_sub(1, Ordering::SeqCst);
            if !sent {
                return;
            }
        }
    }

    /// Unasked: the notes read again when the ref moved. Err when the UI stopped listening.
    fn poll(&mut self, repo: &Repository) -> Result<(), ()> {
        match self.read(repo, false) {
            Ok(Some(fresh)) => {
                let note = Notification::Refreshed(Box::new(Refreshed {
                    id: None,
                    notes: Ok(Some(fresh)),
                }));
                self.events.send(Event::Worker(note)).map_err(|_| ())
            }
            // Read again at the next look; a ref being rewritten can fail to read for a moment.
            _ => Ok(()),
        }
    }

    /// The notes read again if the ref moved from what the UI has (or always, if `force`).
    fn read(&mut self, repo: &Repository, force: bool) -> Result<Option<Box<Notes>>, NotesError> {
        let tip = notes::tip(repo, &self.notes_ref)?;
        if tip == self.seen && !force {
            return Ok(None);
        }
        let fresh = Notes::load(repo, &self.notes_ref)?;
        self.seen = fresh.tip();
        Ok(Some(Box::new(fresh)))
    }

    fn write(&mut self, repo: &Repository, id: u64, by: &Reviewer, jobs: Vec<Job>) -> Report {
        let mut results = Vec::with_capacity(jobs.len());
        let mut appended = Vec::new();
        let mut stale = false;
        for job in jobs {
            let result = write_one(repo, &self.notes_ref, by, &job);
            let failed = result.is_err();
            if let Ok(written) = &result {
                let lines = written.lines();
                if !lines.is_empty() && !stale {
                    match self.on_top(repo) {
                        Some((parent, tip)) => {
                            appended.push((parent, tip, job.patch.key, lines));
                            self.seen = Some(tip);
                        }
                        None => stale = true,
                    }
                }
            }
            results.push(result);
            if failed {
                break;
            }
        }
        // Nothing written (or an error) can still find the ref moved by someone else.
        let notes = match (stale, self.read(repo, false)) {
            (false, Ok(None)) => (!appended.is_empty()).then_some(Update::Appended(appended)),
            (_, Ok(Some(fresh))) => Some(Update::Read(fresh)),
            (true, _) | (false, Err(_)) => match self.read(repo, true) {
                Ok(fresh) => fresh.map(Update::Read),
                // The lines are written; the poll brings them once the ref reads again.
                Err(_) => (!appended.is_empty()).then_some(Update::Appended(appended)),
            },
        };
        Report { id, results, notes }
    }

    /// The ref's tip and its parent, when the notes commit there sits directly on what the UI
    /// has: nobody else wrote between.
    fn on_top(&self, repo: &Repository) -> Option<(Option<Oid>, Oid)> {
        let tip = repo.refname_to_id(&self.notes_ref).ok()?;
        let parent = repo.find_commit(tip).ok()?.parent_id(0).ok();
        (parent == self.seen).then_some((parent, tip))
    }
}

/// One write, through the library's one code path for each kind.
fn write_one(
    repo: &Repository,
    notes_ref: &str,
    by: &Reviewer,
    job: &Job,
) -> Result<Written, NotesError> {
    let commit = job.patch.verdict_target(repo)?;
    let (pid, at) = (job.patch_id, job.at);
    Ok(match &job.write {
        Write::Verdict(change) => {
            Written::Verdict(notes::write(repo, notes_ref, by, commit, pid, at, change)?)
        }
        Write::Comments(changes) => Written::Comments(notes::write_comments(
            repo, notes_ref, by, commit, pid, at, changes,
        )?),
        Write::FileMarks(marks) => Written::FileMarks(notes::write_file_marks(
            repo, notes_ref, by, commit, pid, at, marks,
        )?),
    })
}

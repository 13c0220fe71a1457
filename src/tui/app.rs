//! The application state and the only function that changes it, [`App::handle`]. Nothing here
//! draws; the views in `view/` read an `&App`.

use std::time::SystemTime;

use git2::Repository;

use git_triage::notes::{Notes, Reviewer, State, Verdict};
use git_triage::Config;

use super::doc::Row;
use super::editor::Editor;
use super::find::Query;
use super::keys::Action;
use super::{worker, writer};

mod blocks;
mod comments;
mod cover;
mod ending;
pub mod external;
mod files;
mod filter;
mod findings;
mod flow;
mod following;
mod identity;
mod loading;
mod modes;
mod motion;
mod outline;
mod panes;
mod rows;
mod saving;
mod search;
mod verdicts;
pub mod versions;
mod waiting;

pub use blocks::{PageComment, COMMENT_INDENT};
pub use comments::Target;
pub use cover::Tone;
pub use filter::Filter;
pub use loading::Task;
pub use outline::{Entry, Outline};
pub use rows::FINDING_INDENT;
pub use verdicts::{AcceptPlan, ConfirmChanged};
pub use versions::{Compared, Versions, View};

/// Which pane the movement keys move.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    List,
    Diff,
}

/// What the keyboard is talking to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    Normal,
    Help {
        scroll: usize,
    },
    SearchInput(String),
    /// The comment editor, and what it comments on.
    Comment(Editor, Target),
    ConfirmAcceptClean(AcceptPlan),
    /// Asks before deleting this comment of mine.
    ConfirmDelete(Box<git_triage::notes::Comment>),
    /// `=` on a patch whose code changed since my carried verdict: a second `=` confirms it.
    ConfirmChanged(ConfirmChanged),
    /// Asks before throwing away what was typed in the comment editor (`Esc` there); any
    /// answer but `y` goes back to the editor.
    ConfirmDiscard(Editor, Target),
    /// Asks before quitting with a comment that could not be saved.
    ConfirmQuit,
}

/// A search and where it matched: (patch, row) pairs in page order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Search {
    pub query: Query,
    pub hits: Vec<(usize, Row)>,
}

/// A search the worker is running.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Searching {
    pub id: u64,
    pub query: Query,
    pub done: usize,
    pub total: usize,
    /// Matches so far, in the order scanned: from the selected patch on, wrapping around.
    pub hits: Vec<(usize, Row)>,
    /// The selected patch and cursor row when the search began.
    pub from: (usize, usize),
    /// Whether the first match after `from` has been shown.
    pub shown: bool,
}

/// A one-line message in the status bar until the next key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub error: bool,
}

pub struct App {
    repo: Repository,
    pub series: Outline,
    pub config: Config,
    pub notes: Notes,
    /// The previous version the reviewer named (`--previous`).
    pub versions: Versions,
    /// The patch page, or what changed since the previous version.
    pub view: View,
    worker: worker::Handle,
    /// The thread that writes the notes and reads them again.
    writer: writer::Handle,
    /// Writes handed to the writer and not confirmed yet, oldest first.
    pub saving: Vec<saving::Saving>,
    /// Reads of the notes asked of the writer and not answered yet.
    refreshing: Vec<u64>,
    /// The read `R` asked for, whose answer says whether the notes moved.
    reload_asked: Option<u64>,
    /// `q` was pressed while writes wait for their confirmation: quits when they land.
    pub leaving: bool,
    /// A signal is ending the UI.
    signalled: bool,
    /// Why writes failed while a signal ended the UI, to say once the terminal is restored.
    pub lost: Vec<String>,
    /// Patches whose headers (and diffs) have arrived; equal to the series length when done.
    pub headers_read: usize,
    pub diffs_done: usize,
    /// Keys waiting for what the worker has not delivered yet, oldest first.
    pub pending: Vec<Task>,
    pub searching: Option<Searching>,
    /// The last search id handed out.
    search_id: u64,
    /// What the worker was last asked to prefer.
    asked: (Vec<usize>, Vec<usize>),
    /// Who writes, as read at the last write (see [`App::identity`]).
    pub reviewer: Result<Reviewer, String>,
    /// How the reviewer is read from the git directory (a fixed configuration in tests).
    pub read_identity: fn(&std::path::Path) -> Result<Reviewer, git_triage::notes::NotesError>,
    /// Patches shown by the current filter, as indices into the series.
    pub visible: Vec<usize>,
    /// Position of the selected patch in `visible`.
    pub selected: usize,
    /// The cover letter's page is shown instead (mail with a cover letter).
    pub on_cover: bool,
    /// Rows of the selected patch's page.
    pub rows: Vec<Row>,
    /// The comments on the selected patch's page (`Row::Comment` indexes these).
    pub comments: Vec<PageComment>,
    pub cursor: usize,
    pub scroll: usize,
    pub hscroll: usize,
    pub list_scroll: usize,
    pub focus: Focus,
    pub filter: Filter,
    /// The patch selected when `f` began cycling: selected again in each filter that shows it.
    filter_anchor: Option<usize>,
    pub mode: Mode,
    pub search: Option<Search>,
    pub message: Option<Message>,
    /// The list's share of the screen, in percent.
    pub ratio: u16,
    /// The terminal size the last frame had.
    pub size: (u16, u16),
    pub quit: bool,
    /// Where verdict times come from (fixed in tests and screenshots).
    pub clock: fn() -> SystemTime,
    /// An editor session asked for with `E`, for the event loop to run.
    pub external: Option<external::ExternalEdit>,
    /// A comment whose save failed (a stale lock, say), and its patch: `c` there opens it
    /// again, and quitting asks first.
    pub unsaved: Option<(Editor, Target, usize)>,
    /// The reviewer's config file, where `+`, `-` and `W` save their choice; `None` when the
    /// user's file is not read (`--no-user-config`), and then not written either.
    pub prefs_path: Option<std::path::PathBuf>,
    /// Long diff lines wrap instead of scrolling sideways.
    pub wrap: bool,
    /// The finding `!` showed last: (patch, finding).
    pub finding_at: Option<(usize, usize)>,
    /// Each patch's file ids, once computed.
    /// Collapsed files: (patch, file).
    pub collapsed: std::collections::HashSet<(usize, usize)>,
}

impl App {
    /// An app over `series`, whose headers have arrived as far as they have; the worker brings
    /// the rest.
    pub fn new(
        repo: Repository,
        series: Outline,
        config: Config,
        notes: Notes,
        worker: worker::Handle,
        writer: writer::Handle,
    ) -> App {
        let reviewer = Reviewer::from_git(&repo).map_err(|e| identity::describe(&e));
        let n = series.patches.len();
        let headers_read = series.patches.iter().filter(|e| e.header.is_some()).count();
        let message = App::skipped_message(&notes, &config.notes_ref)
            .map(|text| Message { text, error: true });
        let prefs = config.tui;
        let mut app = App {
            repo,
            series,
            config,
            notes,
            versions: Versions::None,
            view: View::Patch,
            worker,
            writer,
            saving: Vec::new(),
            refreshing: Vec::new(),
            reload_asked: None,
            leaving: false,
            signalled: false,
            lost: Vec::new(),
            headers_read,
            diffs_done: 0,
            pending: Vec::new(),
            searching: None,
            search_id: 0,
            asked: (Vec::new(), Vec::new()),
            reviewer,
            read_identity: identity::from_git,
            visible: (0..n).collect(),
            selected: 0,
            on_cover: false,
            rows: Vec::new(),
            comments: Vec::new(),
            cursor: 0,
            scroll: 0,
            hscroll: 0,
            list_scroll: 0,
            focus: Focus::List,
            filter: Filter::All,
            filter_anchor: None,
            mode: Mode::Normal,
            search: None,
            message,
            ratio: prefs.list,
            wrap: prefs.wrap,
            prefs_path: None,
            unsaved: None,
            collapsed: Default::default(),
            finding_at: None,
            size: (80, 24),
            quit: false,
            clock: SystemTime::now,
            external: None,
        };
        // A mailed series opens on its cover letter, as a mail client shows the thread.
        app.on_cover = app.has_cover();
        app.rebuild_rows();
        app
    }

    /// The selected patch's index in the series; `None` on the cover letter.
    pub fn current(&self) -> Option<usize> {
        if self.on_cover {
            return None;
        }
        self.visible.get(self.selected).copied()
    }

    #[cfg_attr(not(test), allow(dead_code))]
    pub fn repo(&self) -> &Repository {
        &self.repo
    }

    /// My latest verdict on patch `i`.
    pub fn my_verdict(&self, i: usize) -> Option<&Verdict> {
        let me = self.reviewer.as_ref().ok()?;
        self.notes.mine(self.series.patches[i].key, &me.email)
    }

    /// Whether patch `i` still needs my decision (anyone's, without an identity).
    pub fn undecided(&self, i: usize) -> bool {
        match &self.reviewer {
            Ok(_) => self.my_verdict(i).is_none_or(|v| v.state == State::Pending),
            Err(_) => self
                .notes
                .latest(self.series.patches[i].key)
                .iter()
                .all(|v| v.state == State::Pending),
        }
    }

    fn info(&mut self, text: String) {
        self.message = Some(Message { text, error: false });
    }

    fn set_error(&mut self, text: String) {
        self.message = Some(Message { text, error: true });
    }

    /// A jump to what the worker may still have to find: from the patch's page.
    fn jump(&mut self, task: Task) {
        self.show_patch();
        self.when_ready(task);
    }

    /// Every state change goes through here.
    pub fn handle(&mut self, action: Action) {
        if action != Action::CycleFilter {
            self.filter_anchor = None;
        }
        if matches!(
            action,
            Action::NextCritical
                | Action::PrevCritical
                | Action::NextComment
                | Action::PrevComment
                | Action::NextFinding
        ) {
            self.leave_cover();
        }
        if self.motion(action) {
            return;
        }
        match action {
            Action::Reviewed => self.toggle_reviewed(),
            Action::NextFinding => self.when_ready(Task::Finding { waiting: None }),
            Action::Next => self.next(true),
            Action::Prev => self.next(false),
            Action::NextCritical => self.jump(Task::Critical {
                forward: true,
                waiting: None,
            }),
            Action::PrevCritical => self.jump(Task::Critical {
                forward: false,
                waiting: None,
            }),
            Action::CycleFilter => self.cycle_filter(),
            Action::Search => self.mode = Mode::SearchInput(String::new()),
            Action::Help => self.mode = Mode::Help { scroll: 0 },
            Action::Quit => self.ask_quit(),
            Action::Back => {
                if self.cancel_waiting() {
                    return;
                }
                if self.search.take().is_some() {
                    self.info("search closed · n/N step through hunks again".into());
                } else {
                    self.info("nothing to close · q quits".into());
                }
            }
            Action::Verdict(_) if self.on_cover => self.info(
                "the cover letter takes no verdict: give it on each patch; M writes your summary reply to it"
                    .into(),
            ),
            Action::Verdict(state) => {
                if let Some(i) = self.current() {
                    self.when_ready(Task::Verdict { i, state });
                }
            }
            Action::Comment => self.start_comment(),
            Action::DeleteComment => self.ask_delete(),
            Action::NextComment => self.jump(Task::StepComment {
                forward: true,
                waiting: None,
            }),
            Action::PrevComment => self.jump(Task::StepComment {
                forward: false,
                waiting: None,
            }),
            Action::EditExternal => {
                if let Some(i) = self.current() {
                    self.when_ready(Task::Editor { i });
                }
            }
            Action::WriteReplies => self.when_ready(Task::Replies),
            Action::ConfirmCarried => {
                if let Some(i) = self.current() {
                    self.when_ready(Task::ConfirmCarried { i });
                }
            }
            Action::ToggleInterdiff => self.toggle_interdiff(),
            Action::AcceptClean => self.when_ready(Task::AcceptClean),
            Action::Reload => self.reload_notes(),
            _ => {}
        }
    }
}

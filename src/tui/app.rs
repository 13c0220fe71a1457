//! The application state and the only function that changes it, [`App::handle`]. Nothing here
//! draws; the views in `view/` read an `&App`.

use std::time::SystemTime;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use git2::{Oid, Repository};

use git_triage::areas::Level;
use git_triage::diff::PatchDiff;
use git_triage::notes::{Notes, Reviewer, State, Verdict};
use git_triage::policy::{self, Finding};
use git_triage::provenance::{Detector, Provenance};
use git_triage::{Config, Overview, Series};

use super::doc::{self, HeaderCounts, Row};
use super::editor::Editor;
use super::keys::{self, Action};

mod comments;
pub mod external;
mod motion;
mod search;
mod verdicts;

pub use comments::{PageComment, Target, COMMENT_INDENT};
pub use verdicts::AcceptPlan;

/// Which pane the movement keys move.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    List,
    Diff,
}

/// The `f` cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Filter {
    All,
    Critical,
    Ai,
    Findings,
    Undecided,
}

impl Filter {
    pub fn label(self) -> &'static str {
        match self {
            Filter::All => "all",
            Filter::Critical => "critical",
            Filter::Ai => "AI-assisted",
            Filter::Findings => "with findings",
            Filter::Undecided => "undecided",
        }
    }

    fn next(self) -> Filter {
        match self {
            Filter::All => Filter::Critical,
            Filter::Critical => Filter::Ai,
            Filter::Ai => Filter::Findings,
            Filter::Findings => Filter::Undecided,
            Filter::Undecided => Filter::All,
        }
    }
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
}

/// A search and where it matched: (patch, row) pairs in page order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Search {
    pub query: String,
    pub case_sensitive: bool,
    pub hits: Vec<(usize, Row)>,
}

impl Search {
    pub fn matches(&self, text: &str) -> bool {
        if self.case_sensitive {
            text.contains(&self.query)
        } else {
            text.to_lowercase().contains(&self.query.to_lowercase())
        }
    }
}

/// A one-line message in the status bar until the next key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub error: bool,
}

/// One patch's computed state.
#[derive(Debug, Default)]
pub struct Computed {
    pub diff: Option<PatchDiff>,
    pub findings: Vec<Finding>,
}

pub struct App {
    /// For verdicts, notes and configuration: never sees in-memory objects.
    repo: Repository,
    /// For diffs of mail applied in memory: the repository with the series' overlay.
    objects: Option<Repository>,
    pub series: Series,
    pub config: Config,
    detector: Detector,
    pub provenance: Vec<Provenance>,
    pub computed: Vec<Computed>,
    pub notes: Notes,
    pub reviewer: Result<Reviewer, String>,
    /// Patches shown by the current filter, as indices into the series.
    pub visible: Vec<usize>,
    /// Position of the selected patch in `visible`.
    pub selected: usize,
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
}

impl App {
    pub fn new(repo: Repository, overview: Overview) -> App {
        let Overview {
            series,
            config,
            detector,
            provenance,
            notes,
        } = overview;
        let reviewer = Reviewer::from_git(&repo).map_err(|e| e.to_string());
        let objects = (!series.overlay.is_empty())
            .then(|| series.overlay.open(repo.path()).ok())
            .flatten();
        let n = series.patches.len();
        let message = App::skipped_message(&notes, &config.notes_ref)
            .map(|text| Message { text, error: true });
        let mut app = App {
            repo,
            objects,
            series,
            config,
            detector,
            provenance,
            computed: (0..n).map(|_| Computed::default()).collect(),
            notes,
            reviewer,
            visible: (0..n).collect(),
            selected: 0,
            rows: Vec::new(),
            comments: Vec::new(),
            cursor: 0,
            scroll: 0,
            hscroll: 0,
            list_scroll: 0,
            focus: Focus::List,
            filter: Filter::All,
            mode: Mode::Normal,
            search: None,
            message,
            ratio: 35,
            size: (80, 24),
            quit: false,
            clock: SystemTime::now,
            external: None,
        };
        app.rebuild_rows();
        app
    }

    /// The selected patch's index in the series.
    pub fn current(&self) -> Option<usize> {
        self.visible.get(self.selected).copied()
    }

    pub fn repo(&self) -> &Repository {
        &self.repo
    }

    /// A diff computed elsewhere (the background worker) arrives.
    pub fn diff_ready(&mut self, i: usize, diff: Result<PatchDiff, git2::Error>) {
        if self.computed[i].diff.is_some() {
            return;
        }
        match diff {
            Ok(d) => {
                let findings = policy::findings(
                    &self.series.patches[i],
                    &d,
                    &self.provenance[i],
                    &self.detector,
                    &self.config.rules(),
                );
                self.computed[i] = Computed {
                    diff: Some(d),
                    findings,
                };
            }
            Err(e) => {
                self.computed[i].diff = Some(PatchDiff::default());
                self.set_error(format!("patch {}: {}", i + 1, e.message()));
            }
        }
        // Only the diff-based filters can change, and only by letting patch `i` in: insert it
        // where it belongs rather than re-filtering the whole series for every diff.
        if matches!(self.filter, Filter::Critical | Filter::Findings) && self.matches_filter(i) {
            if let Err(at) = self.visible.binary_search(&i) {
                self.visible.insert(at, i);
                if at <= self.selected && self.visible.len() > 1 {
                    self.selected += 1;
                }
                if self.visible.len() == 1 {
                    self.selected = 0;
                    self.rebuild_rows();
                }
            }
        }
        if self.current() == Some(i) {
            self.refresh_rows();
        }
    }

    /// Rebuilds the selected patch's page after its content changed, keeping the cursor on the
    /// same row and the view where it was.
    fn refresh_rows(&mut self) {
        let (old, scroll, hscroll) = (
            self.rows.get(self.cursor).copied(),
            self.scroll,
            self.hscroll,
        );
        let offset = self.cursor.saturating_sub(scroll);
        self.rebuild_rows();
        self.hscroll = hscroll;
        if let Some(r) = old.and_then(|old| self.rows.iter().position(|&x| x == old)) {
            self.cursor = r;
            self.scroll = r.saturating_sub(offset);
        }
    }

    /// Whether the series is mail still being applied in memory.
    pub fn pending(&self) -> bool {
        self.series
            .mail
            .as_ref()
            .is_some_and(|m| matches!(m.applied, git_triage::mail::Application::Pending { .. }))
    }

    /// The mail is applied (see [`crate::tui::applied`]): its commits replace the text, so
    /// every diff and finding is computed again, from the commits.
    pub fn applied(&mut self, result: Result<Series, String>) {
        use git_triage::mail::{Application, Unapplied};
        match result {
            Ok(series) => {
                self.objects = series.overlay.open(self.repo.path()).ok();
                let left_out = series.patches.iter().filter(|p| p.commit.is_none()).count();
                self.series = series;
                self.computed = (0..self.series.patches.len())
                    .map(|_| Computed::default())
                    .collect();
                self.refresh_rows();
                if left_out > 0 {
                    self.set_error(format!(
                        "applied in memory; {left_out} patch(es) do not apply (see their findings)"
                    ));
                } else {
                    self.info("applied in memory".into());
                }
            }
            Err(why) => {
                if let Some(m) = self.series.mail.as_mut() {
                    m.applied = Application::NotApplied(Unapplied::Failed(why.clone()));
                }
                self.set_error(format!("not applied: {why}"));
            }
        }
    }

    /// Computes patch `i`'s diff now if the worker has not delivered it yet.
    pub fn ensure(&mut self, i: usize) {
        if self.computed[i].diff.is_none() {
            let repo = self.objects.as_ref().unwrap_or(&self.repo);
            let d = git_triage::diff::diff(repo, &self.series.patches[i], &self.config.areas);
            self.diff_ready(i, d);
        }
    }

    pub fn ensure_all(&mut self) {
        for i in 0..self.series.patches.len() {
            self.ensure(i);
        }
    }

    /// Whether every diff is known.
    pub fn loaded(&self) -> usize {
        self.computed.iter().filter(|c| c.diff.is_some()).count()
    }

    pub fn level(&self, i: usize) -> Option<Level> {
        self.computed[i].diff.as_ref().map(PatchDiff::level)
    }

    pub fn patch_id(&self, i: usize) -> Option<Oid> {
        self.computed[i].diff.as_ref().and_then(|d| d.patch_id)
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

    fn matches_filter(&self, i: usize) -> bool {
        match self.filter {
            Filter::All => true,
            Filter::Critical => self.level(i) == Some(Level::Critical),
            Filter::Ai => self.provenance[i].assisted,
            Filter::Findings => {
                self.computed[i].diff.is_some() && !self.computed[i].findings.is_empty()
            }
            Filter::Undecided => self.undecided(i),
        }
    }

    /// Recomputes the visible patches, keeping the selected patch selected when it stays.
    fn refilter(&mut self) {
        let keep = self.current();
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

    /// Rebuilds the page of the selected patch and puts the cursor at its top.
    pub fn rebuild_rows(&mut self) {
        self.cursor = 0;
        self.scroll = 0;
        self.hscroll = 0;
        self.comments.clear();
        self.rows = match self.current() {
            None => Vec::new(),
            Some(i) => {
                let p = &self.series.patches[i];
                let shown = self.notes.shown(p.key, self.patch_id(i));
                let counts = HeaderCounts {
                    committer_differs: p.committer.name != p.author.name
                        || p.committer.email != p.author.email,
                    body_lines: p.body().lines().count(),
                    evidence: self.provenance[i].evidence.len(),
                    findings: self.computed[i].findings.len(),
                    followups: p.mail.as_ref().map_or(0, |m| m.followups.len()),
                    verdict_comments: shown
                        .iter()
                        .map(|s| {
                            s.verdict
                                .comment
                                .as_ref()
                                .map_or(0, |c| c.lines().count().max(1))
                        })
                        .collect(),
                };
                self.comments = self.page_comments(i, self.comment_width());
                let after: Vec<(Row, usize)> = self
                    .comments
                    .iter()
                    .map(|c| (self.anchor_row(i, c.place), c.height()))
                    .collect();
                doc::build(&counts, self.computed[i].diff.as_ref(), &after)
            }
        };
    }

    /// Turns a key into actions according to the mode.
    pub fn key(&mut self, key: KeyEvent) {
        if key.kind == crossterm::event::KeyEventKind::Release {
            return;
        }
        self.message = None;
        // Ctrl-c leaves any prompt as Esc does (and quits from the normal mode).
        let key = if key.code == KeyCode::Char('c')
            && key.modifiers.contains(KeyModifiers::CONTROL)
            && self.mode != Mode::Normal
        {
            KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)
        } else {
            key
        };
        match &mut self.mode {
            Mode::Normal => {
                if let Some(action) = keys::lookup(key) {
                    self.handle(action);
                }
            }
            Mode::Help { scroll } => match key.code {
                KeyCode::Char('j') | KeyCode::Down => *scroll = (*scroll + 1).min(100),
                KeyCode::Char('k') | KeyCode::Up => *scroll = scroll.saturating_sub(1),
                _ => self.mode = Mode::Normal,
            },
            Mode::SearchInput(text) => match key.code {
                KeyCode::Esc => self.mode = Mode::Normal,
                KeyCode::Enter => {
                    let query = std::mem::take(text);
                    self.mode = Mode::Normal;
                    self.run_search(query);
                }
                KeyCode::Backspace => {
                    text.pop();
                }
                KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => text.push(c),
                _ => {}
            },
            Mode::Comment(editor, target) => {
                let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
                match key.code {
                    KeyCode::Esc => {
                        self.mode = Mode::Normal;
                        self.message = Some(Message {
                            text: "comment discarded".into(),
                            error: false,
                        });
                    }
                    KeyCode::Char('s') if ctrl => {
                        let (text, target) = (editor.text(), target.clone());
                        self.mode = Mode::Normal;
                        self.save(text, target);
                    }
                    _ => editor.key(key),
                }
            }
            Mode::ConfirmDelete(comment) => {
                let comment = (**comment).clone();
                self.mode = Mode::Normal;
                if matches!(key.code, KeyCode::Char('y') | KeyCode::Char('Y')) {
                    self.delete(comment);
                } else {
                    self.info("nothing deleted".into());
                }
            }
            Mode::ConfirmAcceptClean(plan) => {
                let plan = std::mem::take(plan);
                self.mode = Mode::Normal;
                if matches!(key.code, KeyCode::Char('y') | KeyCode::Char('Y')) {
                    self.accept_planned(plan);
                } else {
                    self.info("nothing accepted".into());
                }
            }
        }
    }

    fn info(&mut self, text: String) {
        self.message = Some(Message { text, error: false });
    }

    fn set_error(&mut self, text: String) {
        self.message = Some(Message { text, error: true });
    }

    /// The rows a page of the diff pane shows, from the last frame's size.
    pub fn page(&self) -> usize {
        super::layout::layout(self.size.0, self.size.1, self.ratio)
            .map_or(10, |l| usize::from(l.page.height.saturating_sub(1)).max(1))
    }

    fn list_page(&self) -> usize {
        super::layout::layout(self.size.0, self.size.1, self.ratio)
            .map_or(10, |l| usize::from(l.list.height.saturating_sub(1)).max(1))
    }

    /// Every state change goes through here.
    pub fn handle(&mut self, action: Action) {
        match action {
            Action::Down => self.step(1),
            Action::Up => self.step(-1),
            Action::HalfDown => self.step(self.pane_page() as isize / 2),
            Action::HalfUp => self.step(-(self.pane_page() as isize / 2)),
            Action::PageDown => self.step(self.pane_page() as isize),
            Action::PageUp => self.step(-(self.pane_page() as isize)),
            Action::Top => self.step(isize::MIN / 2),
            Action::Bottom => self.step(isize::MAX / 2),
            Action::ToggleFocus => {
                self.focus = match self.focus {
                    Focus::List => Focus::Diff,
                    Focus::Diff => Focus::List,
                }
            }
            Action::FocusDiff => self.focus = Focus::Diff,
            Action::FocusList => self.focus = Focus::List,
            Action::Next => self.next(true),
            Action::Prev => self.next(false),
            Action::NextCritical => self.critical(true),
            Action::PrevCritical => self.critical(false),
            Action::CycleFilter => {
                self.filter = self.filter.next();
                self.refilter();
                if self.visible.is_empty() {
                    self.info(format!("no patch is {} yet", self.filter.label()));
                }
            }
            Action::Search => self.mode = Mode::SearchInput(String::new()),
            Action::Help => self.mode = Mode::Help { scroll: 0 },
            Action::Quit => self.quit = true,
            Action::Back => {
                if self.search.take().is_some() {
                    self.info("search cleared".into());
                } else {
                    self.quit = true;
                }
            }
            Action::Verdict(state) => self.decide(state),
            Action::Comment => self.start_comment(),
            Action::DeleteComment => self.ask_delete(),
            Action::NextComment => self.step_comment(true),
            Action::PrevComment => self.step_comment(false),
            Action::EditExternal => self.open_in_editor(),
            Action::WriteReplies => self.write_replies(),
            Action::ConfirmCarried => self.confirm_carried(),
            Action::AcceptClean => self.plan_accept(),
            Action::Reload => self.reload_notes(),
            Action::Wider => self.ratio = (self.ratio + 5).min(80),
            Action::Narrower => self.ratio = self.ratio.saturating_sub(5).max(15),
            Action::ScrollRight => self.hscroll += 8,
            Action::ScrollLeft => self.hscroll = self.hscroll.saturating_sub(8),
        }
    }

    /// Counts for the status bar: (critical, AI, findings, decided).
    pub fn counts(&self) -> (usize, usize, usize, usize) {
        let n = self.series.patches.len();
        let critical = (0..n)
            .filter(|&i| self.level(i) == Some(Level::Critical))
            .count();
        let ai = self.provenance.iter().filter(|p| p.assisted).count();
        let findings = self.computed.iter().map(|c| c.findings.len()).sum();
        let decided = (0..n).filter(|&i| !self.undecided(i)).count();
        (critical, ai, findings, decided)
    }

    /// The hunk position of the cursor: (hunk j, of m) in this patch.
    pub fn hunk_position(&self) -> (usize, usize) {
        let stops: Vec<usize> = (0..self.rows.len())
            .filter(|&r| doc::is_hunk_stop(self.rows[r]))
            .collect();
        let j = stops.iter().filter(|&&r| r <= self.cursor).count();
        (j, stops.len())
    }
}

//! The application state and the only function that changes it, [`App::handle`]. Nothing here
//! draws; the views in `view/` read an `&App`.

use std::time::SystemTime;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use git2::{Oid, Repository};

use git_triage::areas::Level;
use git_triage::diff::PatchDiff;
use git_triage::notes::{self, Notes, Reviewer, State, Verdict};
use git_triage::policy::{self, Finding, Severity};
use git_triage::provenance::{Detector, Provenance};
use git_triage::{Config, Series};

use super::doc::{self, HeaderCounts, Row};
use super::editor::Editor;
use super::keys::{self, Action};

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
    Help { scroll: usize },
    SearchInput(String),
    Comment(Editor),
    ConfirmAcceptClean(Vec<usize>),
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
    repo: Repository,
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
}

impl App {
    pub fn new(
        repo: Repository,
        series: Series,
        config: Config,
        provenance: Vec<Provenance>,
        notes: Notes,
    ) -> Result<App, git_triage::Error> {
        let detector = Detector::new(&config)?;
        let reviewer = Reviewer::from_git(&repo).map_err(|e| e.to_string());
        let n = series.patches.len();
        let mut app = App {
            repo,
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
            cursor: 0,
            scroll: 0,
            hscroll: 0,
            list_scroll: 0,
            focus: Focus::List,
            filter: Filter::All,
            mode: Mode::Normal,
            search: None,
            message: None,
            ratio: 35,
            size: (80, 24),
            quit: false,
            clock: SystemTime::now,
        };
        app.rebuild_rows();
        Ok(app)
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
                let p = &self.series.patches[i];
                let mut f = policy::check(p, &d, &self.config);
                f.extend(policy::check_ai(
                    p,
                    &d,
                    &self.provenance[i],
                    &self.detector,
                    &self.config,
                ));
                self.computed[i] = Computed {
                    diff: Some(d),
                    findings: f,
                };
            }
            Err(e) => {
                self.computed[i].diff = Some(PatchDiff::default());
                self.set_error(format!("patch {}: {}", i + 1, e.message()));
            }
        }
        if self.filter != Filter::All {
            self.refilter();
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

    /// Computes patch `i`'s diff now if the worker has not delivered it yet.
    pub fn ensure(&mut self, i: usize) {
        if self.computed[i].diff.is_none() {
            let d = git_triage::diff::diff(&self.repo, &self.series.patches[i], &self.config);
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
        self.notes.mine(self.series.patches[i].id, &me.email)
    }

    /// Whether patch `i` still needs my decision (anyone's, without an identity).
    pub fn undecided(&self, i: usize) -> bool {
        match &self.reviewer {
            Ok(_) => self.my_verdict(i).is_none(),
            Err(_) => self.notes.latest(self.series.patches[i].id).is_empty(),
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
        self.rows = match self.current() {
            None => Vec::new(),
            Some(i) => {
                let p = &self.series.patches[i];
                let shown = self.notes.shown(p.id, self.patch_id(i));
                let counts = HeaderCounts {
                    committer_differs: p.committer.name != p.author.name
                        || p.committer.email != p.author.email,
                    body_lines: p.body().lines().count(),
                    evidence: self.provenance[i].evidence.len(),
                    findings: self.computed[i].findings.len(),
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
                doc::build(&counts, self.computed[i].diff.as_ref())
            }
        };
    }

    /// Turns a key into actions according to the mode.
    pub fn key(&mut self, key: KeyEvent) {
        if key.kind == crossterm::event::KeyEventKind::Release {
            return;
        }
        self.message = None;
        match &mut self.mode {
            Mode::Normal => {
                if let Some(action) = keys::lookup(key) {
                    self.handle(action);
                }
            }
            Mode::Help { scroll } => match key.code {
                KeyCode::Char('j') | KeyCode::Down => *scroll += 1,
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
            Mode::Comment(editor) => {
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
                        let text = editor.text();
                        self.mode = Mode::Normal;
                        self.save_comment(text);
                    }
                    _ => editor.key(key),
                }
            }
            Mode::ConfirmAcceptClean(list) => {
                let list = std::mem::take(list);
                self.mode = Mode::Normal;
                if matches!(key.code, KeyCode::Char('y') | KeyCode::Char('Y')) {
                    let n = list.len();
                    for i in list {
                        if !self.record(i, State::Accept, None, None) {
                            return;
                        }
                    }
                    self.info(format!("accepted {n} patches"));
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
        super::view::layout(self.size.0, self.size.1, self.ratio)
            .map_or(10, |l| usize::from(l.page.height.saturating_sub(1)).max(1))
    }

    fn list_page(&self) -> usize {
        super::view::layout(self.size.0, self.size.1, self.ratio)
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
            Action::Verdict(state) => {
                if let Some(i) = self.current() {
                    let comment = self.my_verdict(i).and_then(|v| v.comment.clone());
                    self.record(i, state, comment, None);
                }
            }
            Action::Comment => {
                if let Some(i) = self.current() {
                    let text = self
                        .my_verdict(i)
                        .and_then(|v| v.comment.clone())
                        .unwrap_or_default();
                    self.mode = Mode::Comment(Editor::new(&text));
                }
            }
            Action::ConfirmCarried => self.confirm_carried(),
            Action::AcceptClean => {
                self.ensure_all();
                let list: Vec<usize> = (0..self.series.patches.len())
                    .filter(|&i| {
                        self.undecided(i)
                            && !self.computed[i]
                                .findings
                                .iter()
                                .any(|f| f.severity == Severity::Error)
                    })
                    .collect();
                if list.is_empty() {
                    self.info("no undecided patch without error findings".into());
                } else {
                    self.mode = Mode::ConfirmAcceptClean(list);
                }
            }
            Action::Wider => self.ratio = (self.ratio + 5).min(80),
            Action::Narrower => self.ratio = self.ratio.saturating_sub(5).max(15),
            Action::ScrollRight => self.hscroll += 8,
            Action::ScrollLeft => self.hscroll = self.hscroll.saturating_sub(8),
        }
    }

    fn pane_page(&self) -> usize {
        match self.focus {
            Focus::List => self.list_page(),
            Focus::Diff => self.page(),
        }
    }

    /// Moves the focused pane by `delta` (patches or rows), clamped.
    fn step(&mut self, delta: isize) {
        match self.focus {
            Focus::List => {
                let n = self.visible.len();
                if n == 0 {
                    return;
                }
                let new = (self.selected as isize)
                    .saturating_add(delta)
                    .clamp(0, n as isize - 1);
                self.select(new as usize);
            }
            Focus::Diff => {
                let n = self.rows.len();
                let new = (self.cursor as isize)
                    .saturating_add(delta)
                    .clamp(0, n.saturating_sub(1) as isize);
                self.set_cursor(new as usize);
            }
        }
    }

    /// Selects the patch at position `pos` of the visible list.
    pub fn select(&mut self, pos: usize) {
        if pos != self.selected || self.rows.is_empty() {
            self.selected = pos;
            self.rebuild_rows();
        }
        let page = self.list_page();
        if pos < self.list_scroll {
            self.list_scroll = pos;
        } else if pos >= self.list_scroll + page {
            self.list_scroll = pos + 1 - page;
        }
    }

    /// Puts the cursor on `row` and scrolls so that it shows with some context.
    pub fn set_cursor(&mut self, row: usize) {
        self.cursor = row;
        let page = self.page();
        let margin = (page / 4).min(3);
        if row < self.scroll + margin {
            self.scroll = row.saturating_sub(margin);
        } else if row + margin >= self.scroll + page {
            self.scroll = (row + margin + 1).saturating_sub(page);
        }
        let max = self.rows.len().saturating_sub(page);
        self.scroll = self.scroll.min(max.max(row.saturating_sub(page - 1)));
    }

    /// Puts the cursor on `row` near the top of the page, as a jump target with context.
    fn jump_to(&mut self, row: usize) {
        self.focus = Focus::Diff;
        self.cursor = row;
        self.scroll = row.saturating_sub(2);
    }

    /// `n`/`N`: the next search match, or the next hunk in this patch.
    fn next(&mut self, forward: bool) {
        if self.search.is_some() {
            self.step_search(forward);
            return;
        }
        let found = if forward {
            (self.cursor + 1..self.rows.len()).find(|&r| doc::is_hunk_stop(self.rows[r]))
        } else {
            (0..self.cursor)
                .rev()
                .find(|&r| doc::is_hunk_stop(self.rows[r]))
        };
        match found {
            Some(r) => self.jump_to(r),
            None => self.info(format!(
                "no {} hunk in this patch",
                if forward { "next" } else { "previous" }
            )),
        }
    }

    /// `]`/`[`: the next critical hunk, moving on to the following patches.
    fn critical(&mut self, forward: bool) {
        let Some(start) = self.current() else { return };
        self.ensure(start);
        let is_critical = |app: &App, r: usize| {
            doc::is_hunk_stop(app.rows[r])
                && doc::level(
                    app.computed[app.visible[app.selected]].diff.as_ref(),
                    app.rows[r],
                ) == Level::Critical
        };
        let here = if forward {
            (self.cursor + 1..self.rows.len()).find(|&r| is_critical(self, r))
        } else {
            (0..self.cursor).rev().find(|&r| is_critical(self, r))
        };
        if let Some(r) = here {
            self.jump_to(r);
            return;
        }
        let positions: Vec<usize> = if forward {
            (self.selected + 1..self.visible.len()).collect()
        } else {
            (0..self.selected).rev().collect()
        };
        for pos in positions {
            let i = self.visible[pos];
            self.ensure(i);
            if self.level(i) != Some(Level::Critical) {
                continue;
            }
            self.select(pos);
            let rows = 0..self.rows.len();
            let r = if forward {
                rows.into_iter().find(|&r| is_critical(self, r))
            } else {
                rows.rev().find(|&r| is_critical(self, r))
            };
            if let Some(r) = r {
                self.jump_to(r);
                return;
            }
        }
        self.info(format!(
            "no {} critical hunk",
            if forward { "later" } else { "earlier" }
        ));
    }

    fn run_search(&mut self, query: String) {
        if query.is_empty() {
            self.search = None;
            return;
        }
        self.ensure_all();
        let mut search = Search {
            case_sensitive: query.chars().any(char::is_uppercase),
            query,
            hits: Vec::new(),
        };
        for &i in &self.visible {
            let p = &self.series.patches[i];
            if search.matches(&p.subject) {
                search.hits.push((i, Row::Subject));
            }
            let Some(d) = &self.computed[i].diff else {
                continue;
            };
            for (f, file) in d.files.iter().enumerate() {
                if search.matches(&file.display_path()) {
                    search.hits.push((i, Row::File(f)));
                }
                for (h, hunk) in file.hunks.iter().enumerate() {
                    for (l, line) in hunk.lines.iter().enumerate() {
                        if search.matches(&line.content) {
                            search.hits.push((i, Row::Line(f, h, l)));
                        }
                    }
                }
            }
        }
        let q = search.query.clone();
        if search.hits.is_empty() {
            self.set_error(format!(
                "pattern not found: {}",
                git_triage::sanitize::escape(&q)
            ));
            self.search = None;
        } else {
            self.search = Some(search);
            self.step_search(true);
        }
    }

    /// Moves to the next (or previous) hit after the cursor, wrapping around.
    fn step_search(&mut self, forward: bool) {
        let Some(search) = &self.search else { return };
        let here = (self.selected, self.cursor);
        let row_of: std::collections::HashMap<Row, usize> =
            self.rows.iter().enumerate().map(|(r, &x)| (x, r)).collect();
        let pos_of: std::collections::HashMap<usize, usize> = self
            .visible
            .iter()
            .enumerate()
            .map(|(p, &i)| (i, p))
            .collect();
        let order = |&(i, row): &(usize, Row)| -> Option<(usize, usize)> {
            let pos = *pos_of.get(&i)?;
            let r = if pos == self.selected {
                *row_of.get(&row)?
            } else {
                // Rows of other patches are not built; order hits by their own index.
                0
            };
            Some((pos, r))
        };
        let keyed: Vec<((usize, usize), usize, Row)> = search
            .hits
            .iter()
            .enumerate()
            .filter_map(|(k, h)| order(h).map(|o| (o, k, h.1)))
            .collect();
        let pick = if forward {
            keyed
                .iter()
                .filter(|(o, _, _)| *o > here)
                .min_by_key(|(o, k, _)| (*o, *k))
                .or_else(|| keyed.iter().min_by_key(|(o, k, _)| (*o, *k)))
        } else {
            keyed
                .iter()
                .filter(|(o, _, _)| *o < here)
                .max_by_key(|(o, k, _)| (*o, *k))
                .or_else(|| keyed.iter().max_by_key(|(o, k, _)| (*o, *k)))
        };
        let Some(&((pos, _), k, row)) = pick else {
            return;
        };
        let total = search.hits.len();
        let q = git_triage::sanitize::escape(&search.query).into_owned();
        self.select(pos);
        if let Some(r) = self.rows.iter().position(|&x| x == row) {
            self.jump_to(r);
        }
        self.info(format!(
            "match {}/{total} for {q:?} · n/N next · Esc ends",
            k + 1
        ));
    }

    /// Writes a verdict for patch `i` to the notes ref now. Returns whether it was written.
    fn record(
        &mut self,
        i: usize,
        state: State,
        comment: Option<String>,
        from: Option<Oid>,
    ) -> bool {
        let reviewer = match &self.reviewer {
            Ok(r) => r.clone(),
            Err(e) => {
                self.set_error(e.clone());
                return false;
            }
        };
        self.ensure(i);
        let commit = self.series.patches[i].id;
        let mut verdict = Verdict::new(state, &reviewer, self.patch_id(i), comment);
        verdict.at = (self.clock)();
        verdict.from = from;
        match notes::record(&self.repo, &self.config.notes_ref, commit, &verdict) {
            Ok(written) => {
                self.notes.add(commit, &written.to_line());
                let p = &self.series.patches[i];
                self.info(format!(
                    "{} {} {}/{} to {}",
                    git_triage::export::glyph(state),
                    state.as_str(),
                    p.index,
                    self.series.patches.len(),
                    self.config.notes_ref
                ));
                if self.filter == Filter::Undecided {
                    self.refilter();
                }
                if self.current() == Some(i) {
                    self.refresh_rows();
                }
                true
            }
            Err(e) => {
                self.set_error(format!("verdict not written: {e}"));
                false
            }
        }
    }

    fn save_comment(&mut self, text: String) {
        let Some(i) = self.current() else { return };
        let state = self.my_verdict(i).map_or(State::Pending, |v| v.state);
        let text = text.trim_end().to_string();
        self.record(i, state, Some(text).filter(|t| !t.is_empty()), None);
    }

    fn confirm_carried(&mut self) {
        let Some(i) = self.current() else { return };
        self.ensure(i);
        let commit = self.series.patches[i].id;
        let carried = self.notes.carried(commit, self.patch_id(i));
        let mine = self.reviewer.as_ref().ok().map(|r| r.email.clone());
        let pick = carried
            .iter()
            .find(|c| {
                mine.as_deref()
                    .is_some_and(|m| c.verdict.email.eq_ignore_ascii_case(m))
            })
            .or(carried.first())
            .map(|c| (c.verdict.state, c.verdict.comment.clone(), c.from));
        match pick {
            Some((state, comment, from)) => {
                self.record(i, state, comment, Some(from));
            }
            None => self.info("no carried verdict to confirm on this patch".into()),
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

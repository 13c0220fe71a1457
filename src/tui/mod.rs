//! The terminal UI: the event loop, and the threads that feed it (keys, diffs, notes writes,
//! signals); the terminal's set-up and restore are in [`term`]. The state lives in
//! [`app::App`]; the drawing in [`view`].

pub mod app;
pub mod columns;
pub mod doc;
pub mod editor;
pub mod find;
pub mod keys;
pub mod layout;
mod open;
pub mod prefs;
mod term;
pub mod theme;
pub mod view;
pub mod words;
pub mod worker;
pub mod writer;

#[cfg(test)]
mod svg;
#[cfg(test)]
mod tests;

use std::io::IsTerminal;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use anyhow::{bail, Context as _};
use crossterm::event::KeyEvent;

use app::App;
use term::{spawn_input, spawn_signals, suspended, Guard, WritesLanding};
use theme::Theme;
use worker::Notification;

/// What the event loop reacts to.
pub enum Event {
    Key(KeyEvent),
    /// Text pasted into the terminal, in one piece (bracketed paste).
    Paste(String),
    Resize(u16, u16),
    Worker(Notification),
    Signal(i32),
}

/// Why the TUI cannot open.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("the range {0} has no commits: nothing to triage")]
    Empty(String),
    #[error(transparent)]
    Triage(#[from] git_triage::Error),
}

/// An opened series: the app, and the channel its worker (and later the keyboard) report on.
pub struct Session {
    pub app: App,
    pub events: Receiver<Event>,
    sender: Sender<Event>,
}

pub use open::open;

// Tests and benchmarks drive a session without a terminal.
#[cfg_attr(not(test), allow(dead_code))]
impl Session {
    /// Lets the worker begin.
    pub fn start(&mut self) {
        self.app.start_worker();
        self.app.sync_worker();
    }

    /// Applies what the worker delivers until `done` holds (tests and benchmarks drive the app
    /// this way, without a terminal). Panics after a minute without it.
    pub fn wait_until(&mut self, done: impl Fn(&App) -> bool) {
        self.start();
        let deadline = Instant::now() + Duration::from_secs(60);
        while !done(&self.app) {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.events.recv_timeout(left) {
                Ok(Event::Worker(n)) => self.app.notify(n),
                Ok(_) => {}
                Err(e) => panic!("the worker stopped delivering: {e}"),
            }
            self.app.sync_worker();
        }
    }

    /// Waits until every header and diff has arrived and no search or key is waiting.
    pub fn settle(&mut self) {
        self.wait_until(App::is_idle);
    }

    /// Waits until every header and diff has arrived.
    pub fn settle_loading(&mut self) {
        self.wait_until(App::is_loaded);
    }
}

/// How the UI ended.
pub enum Outcome {
    /// Quit, with the summary to print: one count per state of my verdicts.
    Quit(String),
    /// Ended by this signal, once the writes given before it landed; the caller should exit
    /// with 128 + signal, and print these lines: the writes that failed, the comment text
    /// thrown away.
    Signal(i32, Vec<String>),
}

/// While loading, frames come at most this often; a key is drawn at once.
const FRAME: Duration = Duration::from_millis(25);

/// The event loop's own state: when it drew, whether it must draw again, and whether a signal
/// is ending it.
struct Loop {
    drawn: Option<Instant>,
    /// Something changed since the last frame; `urgent` when it was a key or a resize.
    dirty: bool,
    urgent: bool,
    /// The signal that ends the UI once the writes in flight have landed.
    ending: Option<i32>,
}

/// Runs the UI until the user quits or a signal ends it.
pub fn run(session: Session, color: bool) -> anyhow::Result<Outcome> {
    if !std::io::stdout().is_terminal() {
        bail!("the TUI needs a terminal on stdout; for scripts use `git triage check`");
    }
    let Session {
        mut app,
        events: rx,
        sender: tx,
    } = session;
    let theme = Theme::new(&app.config, color);
    let in_flight = app.writes_in_flight();
    spawn_signals(tx.clone(), in_flight.clone())?;
    // However the loop ends (a terminal hung up fails to draw, a panic), what was given is
    // written before the process ends. Dropped before `rx`, which the writer reports on.
    let _landing = WritesLanding(in_flight);
    let mut guard = Guard::enter()?;
    let size = guard.terminal.size()?;
    app.set_size(size.width, size.height);
    spawn_input(tx);
    serve(&mut app, &rx, &mut guard, &theme)
}

/// The event loop, until the user quits or a signal ends it and the writes given have landed.
fn serve(
    app: &mut App,
    rx: &Receiver<Event>,
    guard: &mut Guard,
    theme: &Theme,
) -> anyhow::Result<Outcome> {
    let mut lp = Loop {
        drawn: None,
        dirty: true,
        urgent: true,
        ending: None,
    };
    loop {
        let due = lp.draw(guard, app, theme)?;
        app.sync_worker();
        let first = if lp.dirty {
            match rx.recv_timeout(due.max(Duration::from_millis(1))) {
                Ok(ev) => Some(ev),
                Err(RecvTimeoutError::Timeout) => None,
                Err(RecvTimeoutError::Disconnected) => bail!("event channel closed"),
            }
        } else {
            Some(rx.recv().context("event channel closed")?)
        };
        // Handle everything that is waiting before drawing again, so held-down keys never
        // queue up frames.
        let (mut next, since) = (first, Instant::now());
        while let Some(ev) = next {
            if let Some(outcome) = lp.event(ev, app, guard)? {
                return Ok(outcome);
            }
            // A steady stream of arrivals must not hold back the next frame.
            next = (since.elapsed() < FRAME)
                .then(|| rx.try_recv().ok())
                .flatten();
        }
        if let Some(job) = app.take_external() {
            let status = suspended(guard, || {
                app::external::run_editor(app.repo().path(), &job.path)
            })?;
            let size = guard.terminal.size()?;
            app.set_size(size.width, size.height);
            app.external_done(job, status);
            (lp.dirty, lp.urgent) = (true, true);
        }
    }
}

impl Loop {
    /// Draws when something changed and a frame is due (at once after a key); returns how long
    /// until the next one is.
    fn draw(
        &mut self,
        guard: &mut Guard,
        app: &mut App,
        theme: &Theme,
    ) -> anyhow::Result<Duration> {
        let due = self
            .drawn
            .map_or(Duration::ZERO, |d| FRAME.saturating_sub(d.elapsed()));
        if self.dirty && (self.urgent || due.is_zero()) {
            guard
                .terminal
                .draw(|f| view::render(app, theme, f))
                .context("drawing")?;
            if self.drawn.is_none() {
                app.start_worker();
                app.watch_notes();
            }
            self.drawn = Some(Instant::now());
            (self.dirty, self.urgent) = (false, false);
        }
        Ok(due)
    }

    /// One event; the outcome when the UI ends.
    fn event(
        &mut self,
        ev: Event,
        app: &mut App,
        guard: &mut Guard,
    ) -> anyhow::Result<Option<Outcome>> {
        self.dirty = true;
        match ev {
            // Once a signal came, keys no longer change anything: the UI is ending.
            Event::Key(_) | Event::Paste(_) if self.ending.is_some() => {}
            Event::Key(k) => {
                app.key(k);
                self.urgent = true;
            }
            Event::Paste(text) => {
                app.paste(&text);
                self.urgent = true;
            }
            Event::Resize(w, h) => {
                app.set_size(w, h);
                guard.terminal.autoresize()?;
                self.urgent = true;
            }
            Event::Worker(n) => app.notify(n),
            Event::Signal(s) => {
                // What was given before the signal is written first.
                self.ending.get_or_insert(s);
                app.ending();
                self.urgent = true;
            }
        }
        if let Some(s) = self.ending {
            if app.saving.is_empty() {
                return Ok(Some(Outcome::Signal(s, app.signal_report())));
            }
        } else if app.quit {
            return Ok(Some(Outcome::Quit(app.summary())));
        }
        Ok(None)
    }
}

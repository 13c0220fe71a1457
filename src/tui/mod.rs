//! The terminal UI: set-up and restore of the terminal, the event loop, and the threads that
//! feed it (keys, diffs, signals). The state lives in [`app::App`]; the drawing in [`view`].

pub mod app;
pub mod doc;
pub mod editor;
pub mod keys;
pub mod layout;
pub mod theme;
pub mod view;
pub(crate) mod watch;
mod worker;

#[cfg(test)]
mod svg;
#[cfg(test)]
mod tests;

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{bail, Context as _};
use crossterm::event::{self, KeyEvent};
use crossterm::{cursor, execute, terminal};
use ratatui::backend::CrosstermBackend;

use git_triage::diff::PatchDiff;
use git_triage::{Series, Source, Sources};

use app::App;
use theme::Theme;

/// What the event loop reacts to.
pub enum Event {
    Key(KeyEvent),
    Resize(u16, u16),
    Diff(usize, Result<PatchDiff, git2::Error>),
    /// The notes ref moved and was read again.
    Notes(Box<git_triage::Notes>),
    /// Mail opened before it was applied has been applied in memory (or could not be).
    Applied(Box<Result<git_triage::Series, String>>),
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

/// Loads a series for the TUI: the commits, configuration, provenance and verdicts, but no
/// diffs: those come from the worker, so the first frame does not wait for them.
pub fn open(repo: git2::Repository, source: &Source, sources: &Sources) -> Result<App, OpenError> {
    // Mail is applied after the first frame (see `run`): everything else is known before.
    let series = source.prepared(&repo)?;
    if series.patches.is_empty() {
        return Err(OpenError::Empty(series.range));
    }
    let overview = git_triage::Overview::of(&repo, series, sources)?;
    Ok(App::new(repo, overview))
}

/// Mail opened pending (see [`open`]) applied in memory, on a handle of its own.
pub fn applied(git_dir: &std::path::Path, mut series: Series) -> Result<Series, String> {
    let repo = git2::Repository::open(git_dir).map_err(|e| e.message().to_string())?;
    git_triage::mail::source::apply_pending(&repo, &mut series).map_err(|e| e.to_string())?;
    Ok(series)
}

/// Whether the terminal is in the UI's state (raw, alternate screen) and needs restoring.
static ACTIVE: AtomicBool = AtomicBool::new(false);

/// Puts the terminal back as it was; only the first call after set-up does anything, because a
/// second "leave alternate screen" would move the cursor back over what was printed meanwhile
/// (a panic message, say). Safe from any thread.
pub fn restore() {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return;
    }
    let _ = terminal::disable_raw_mode();
    let mut out = std::io::stdout();
    let _ = execute!(out, terminal::LeaveAlternateScreen, cursor::Show);
    let _ = out.flush();
}

/// Owns the terminal while the UI runs; restores it when dropped, also while unwinding.
struct Guard {
    terminal: ratatui::Terminal<CrosstermBackend<std::io::Stdout>>,
}

impl Guard {
    fn enter() -> anyhow::Result<Guard> {
        let hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            hook(info);
        }));
        let setup = || -> std::io::Result<Guard> {
            ACTIVE.store(true, Ordering::SeqCst);
            terminal::enable_raw_mode()?;
            execute!(
                std::io::stdout(),
                terminal::EnterAlternateScreen,
                cursor::Hide
            )?;
            let terminal = ratatui::Terminal::new(CrosstermBackend::new(std::io::stdout()))?;
            Ok(Guard { terminal })
        };
        setup()
            .inspect_err(|_| restore())
            .context("setting up the terminal")
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        restore();
    }
}

/// How the UI ended.
pub enum Outcome {
    Quit,
    /// Ended by this signal; the caller should exit with 128 + signal.
    Signal(i32),
}

/// Runs the UI until the user quits or a signal ends it.
pub fn run(mut app: App, color: bool) -> anyhow::Result<Outcome> {
    if !std::io::stdout().is_terminal() {
        bail!("the TUI needs a terminal on stdout; for scripts use `git triage check`");
    }
    let theme = Theme::new(&app.config, color);
    let (tx, rx) = mpsc::channel();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let diffs = |app: &App| {
        worker::spawn(
            app.repo().path().to_path_buf(),
            app.series.overlay.clone(),
            Arc::new(app.series.patches.clone()),
            Arc::new(app.config.clone()),
            threads,
            tx.clone(),
        )
    };
    // Diffs of mail that is being applied wait for its commits.
    let mut priority = if app.pending() {
        let (git_dir, series, tx) = (
            app.repo().path().to_path_buf(),
            app.series.clone(),
            tx.clone(),
        );
        std::thread::spawn(move || {
            let _ = tx.send(Event::Applied(Box::new(applied(&git_dir, series))));
        });
        None
    } else {
        Some(diffs(&app))
    };
    watch::spawn(
        app.repo().path().to_path_buf(),
        app.config.notes_ref.clone(),
        app.notes.tip(),
        tx.clone(),
    );
    spawn_signals(tx.clone())?;
    let mut guard = Guard::enter()?;
    let size = guard.terminal.size()?;
    app.set_size(size.width, size.height);
    let input = tx.clone();
    std::thread::spawn(move || loop {
        // Never inside a poll or a read while an editor has the terminal: both take bytes
        // from it. A short poll lets the pause be seen soon.
        if INPUT_PAUSED.load(Ordering::SeqCst) {
            INPUT_IDLE.store(true, Ordering::SeqCst);
            std::thread::sleep(Duration::from_millis(10));
            continue;
        }
        INPUT_IDLE.store(false, Ordering::SeqCst);
        match event::poll(Duration::from_millis(50)) {
            Ok(true) => {}
            Ok(false) => continue,
            Err(_) => return,
        }
        if INPUT_PAUSED.load(Ordering::SeqCst) {
            continue;
        }
        let ev = match event::read() {
            Ok(event::Event::Key(k)) => Event::Key(k),
            Ok(event::Event::Resize(w, h)) => Event::Resize(w, h),
            Ok(_) => continue,
            Err(_) => return,
        };
        if input.send(ev).is_err() {
            return;
        }
    });
    loop {
        guard
            .terminal
            .draw(|f| view::render(&app, &theme, f))
            .context("drawing")?;
        // Handle everything that is waiting before drawing again, so held-down keys never
        // queue up frames.
        let mut next = Some(rx.recv().context("event channel closed")?);
        while let Some(ev) = next {
            match ev {
                Event::Key(k) => app.key(k),
                Event::Resize(w, h) => {
                    app.set_size(w, h);
                    guard.terminal.autoresize()?;
                }
                Event::Diff(i, d) => app.diff_ready(i, d),
                Event::Notes(notes) => app.notes_arrived(*notes),
                Event::Applied(series) => {
                    app.applied(*series);
                    priority = Some(diffs(&app));
                }
                Event::Signal(s) => return Ok(Outcome::Signal(s)),
            }
            if app.quit {
                return Ok(Outcome::Quit);
            }
            next = rx.try_recv().ok();
        }
        if let Some(job) = app.take_external() {
            let status = suspended(&mut guard, || {
                app::external::run_editor(app.repo().path(), &job.path)
            })?;
            let size = guard.terminal.size()?;
            app.set_size(size.width, size.height);
            app.external_done(job, status);
        }
        if let (Some(i), Some(priority)) = (app.current(), &priority) {
            priority.want(i);
        }
    }
}

/// Runs `stty` on the terminal (standard input) and returns what it printed.
fn stty(args: &[&str]) -> Option<String> {
    let out = std::process::Command::new("stty")
        .args(args)
        .stdin(std::process::Stdio::inherit())
        .stderr(std::process::Stdio::null())
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Set while the input thread must leave the terminal alone (an editor owns it).
static INPUT_PAUSED: AtomicBool = AtomicBool::new(false);
/// Set by the input thread once it has seen the pause and is not reading.
static INPUT_IDLE: AtomicBool = AtomicBool::new(false);
/// Set while an editor runs in the foreground: Ctrl-c there is the editor's, not ours.
static IN_EDITOR: AtomicBool = AtomicBool::new(false);

/// Runs `f` (an editor) with the terminal as it was before the UI: the input thread paused so
/// that it reads none of the editor's keys, raw mode and the alternate screen left; then
/// takes the terminal back and redraws everything.
fn suspended<T>(guard: &mut Guard, f: impl FnOnce() -> T) -> anyhow::Result<T> {
    INPUT_PAUSED.store(true, Ordering::SeqCst);
    let start = std::time::Instant::now();
    while !INPUT_IDLE.load(Ordering::SeqCst) && start.elapsed() < Duration::from_secs(1) {
        std::thread::sleep(Duration::from_millis(5));
    }
    restore();
    // The terminal's settings as the UI found them: an editor that dies by a signal (vim on
    // SIGTERM) leaves its own behind, and they would become what the UI restores on exit.
    let saved = stty(&["-g"]);
    IN_EDITOR.store(true, Ordering::SeqCst);
    let out = f();
    IN_EDITOR.store(false, Ordering::SeqCst);
    if let Some(saved) = saved {
        stty(&[saved.trim()]);
    }
    ACTIVE.store(true, Ordering::SeqCst);
    terminal::enable_raw_mode().context("taking the terminal back")?;
    execute!(
        std::io::stdout(),
        terminal::EnterAlternateScreen,
        cursor::Hide
    )
    .context("taking the terminal back")?;
    guard.terminal.clear().context("redrawing")?;
    INPUT_PAUSED.store(false, Ordering::SeqCst);
    Ok(out)
}

/// SIGTERM, SIGHUP and SIGINT end the UI through the event loop, which restores the terminal;
/// if the loop does not answer within a second, the terminal is restored here and the process
/// exits.
fn spawn_signals(tx: mpsc::Sender<Event>) -> anyhow::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT])
        .context("installing signal handlers")?;
    std::thread::spawn(move || {
        for sig in signals.forever() {
            // As git does while its editor runs: the editor's Ctrl-c is not a reason to quit.
            if sig == SIGINT && IN_EDITOR.load(Ordering::SeqCst) {
                continue;
            }
            // Ending: an editor running in the terminal is stopped first (the loop waits for
            // it, then restores the terminal).
            app::external::STOP_EDITOR.store(true, Ordering::SeqCst);
            let _ = tx.send(Event::Signal(sig));
            std::thread::sleep(std::time::Duration::from_secs(1));
            restore();
            std::process::exit(128 + sig);
        }
    });
    Ok(())
}

//! The terminal: set-up and restore in one guard, the threads that read keys and signals,
//! and the terminal lent to an editor and taken back.

use std::io::Write;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Sender};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use crossterm::event;
use crossterm::{cursor, execute, terminal};
use ratatui::backend::CrosstermBackend;

use super::{app, Event};

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
    let _ = execute!(
        out,
        event::DisableBracketedPaste,
        terminal::LeaveAlternateScreen,
        cursor::Show
    );
    let _ = out.flush();
}

/// Owns the terminal while the UI runs; restores it when dropped, also while unwinding.
pub(super) struct Guard {
    pub(super) terminal: ratatui::Terminal<CrosstermBackend<std::io::Stdout>>,
}

impl Guard {
    pub(super) fn enter() -> anyhow::Result<Guard> {
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
                event::EnableBracketedPaste,
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

/// The thread that reads the terminal's events and sends them to the loop.
pub(super) fn spawn_input(input: Sender<Event>) {
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
            Ok(event::Event::Paste(text)) => Event::Paste(text),
            Ok(event::Event::Resize(w, h)) => Event::Resize(w, h),
            Ok(_) => continue,
            Err(_) => return,
        };
        if input.send(ev).is_err() {
            return;
        }
    });
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
pub(super) fn suspended<T>(guard: &mut Guard, f: impl FnOnce() -> T) -> anyhow::Result<T> {
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
        event::EnableBracketedPaste,
        cursor::Hide
    )
    .context("taking the terminal back")?;
    guard.terminal.clear().context("redrawing")?;
    INPUT_PAUSED.store(false, Ordering::SeqCst);
    Ok(out)
}

/// SIGTERM, SIGHUP and SIGINT end the UI through the event loop, which lets the notes writes
/// in flight land and restores the terminal; if the loop has not done so a second after the
/// last write (`in_flight` counts them), the terminal is restored here and the process exits.
pub(super) fn spawn_signals(
    tx: mpsc::Sender<Event>,
    in_flight: Arc<AtomicUsize>,
) -> anyhow::Result<()> {
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
            // A write ends by itself: a lock is waited on until it is taken for stale, and
            // contention is given up after a minute.
            let start = Instant::now();
            while in_flight.load(Ordering::SeqCst) > 0 && start.elapsed() < WRITES_END {
                std::thread::sleep(Duration::from_millis(20));
            }
            std::thread::sleep(Duration::from_secs(1));
            restore();
            std::process::exit(128 + sig);
        }
    });
    Ok(())
}

/// Waits, when dropped, for the notes writes in flight (`in_flight` counts them) to land, for at
/// most [`WRITES_END`]: however the UI ends, a verdict given is written before the process
/// ends. Dropped while a panic unwinds the UI's thread too, once the panic hook has restored
/// the terminal; the writer thread goes on meanwhile (it shares nothing with the UI's state).
/// A panic on the writer's own thread is not waited for: nothing would count it down.
pub(super) struct WritesLanding(pub(super) Arc<AtomicUsize>);

impl Drop for WritesLanding {
    fn drop(&mut self) {
        let left = self.0.load(Ordering::SeqCst);
        if left > 0 && std::thread::panicking() {
            let _ = writeln!(
                std::io::stderr(),
                "git-triage: waiting for {left} notes write(s) given before the crash to land…"
            );
        }
        let start = Instant::now();
        while self.0.load(Ordering::SeqCst) > 0 && start.elapsed() < WRITES_END {
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

/// The longest a signal waits for the writes in flight.
pub(super) const WRITES_END: Duration = Duration::from_secs(70);

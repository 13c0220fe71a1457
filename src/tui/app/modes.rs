//! Keys by mode: the normal mode's go through the key table to [`App::handle`]; prompts, the
//! help and the comment editor read their own. No mode quits on `Esc`: it closes, and text
//! typed in the editor is only thrown away after a `y`.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::{App, Message, Mode, Target, Task};
use crate::tui::editor::Editor;
use crate::tui::keys;

impl App {
    /// Turns a key into actions according to the mode; then runs what waited for the mode to
    /// end.
    pub fn key(&mut self, key: KeyEvent) {
        if self.leaving && !self.signalled {
            return self.key_leaving(key);
        }
        if self.panes().is_none() {
            return self.key_unseen(key);
        }
        self.mode_key(key);
        self.resume();
    }

    /// A key while the terminal is too small to draw the panes: anything it did would be done
    /// unseen (a `u` that clears an accept), so only quitting is taken, and the answer to the
    /// question quitting may ask (which the small screen shows).
    fn key_unseen(&mut self, key: KeyEvent) {
        if key.kind == KeyEventKind::Release {
            return;
        }
        match self.mode {
            Mode::Normal if keys::lookup(key) == Some(keys::Action::Quit) => self.ask_quit(),
            Mode::ConfirmQuit => self.mode_key(key),
            _ => {}
        }
    }

    /// A key while `q` waits for the writes to land: a verdict given now would be written
    /// behind the reviewer's back as the UI ends, so only `Esc` acts (it takes the quit back);
    /// `q` and Ctrl-c go on quitting, and other keys say so.
    fn key_leaving(&mut self, key: KeyEvent) {
        if key.kind == KeyEventKind::Release {
            return;
        }
        let saving = self.saving_status().unwrap_or_default();
        if key.code == KeyCode::Esc {
            self.leaving = false;
            let saving = saving.trim_end_matches(" then quitting");
            self.info(format!("not quitting · {saving} goes on"));
        } else if keys::lookup(key) == Some(keys::Action::Quit) {
            self.message = None;
        } else {
            self.info(format!("{saving} · Esc stays"));
        }
    }

    fn mode_key(&mut self, key: KeyEvent) {
        if key.kind == KeyEventKind::Release {
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
        match std::mem::replace(&mut self.mode, Mode::Normal) {
            Mode::Normal => {
                if let Some(action) = keys::lookup(key) {
                    self.handle(action);
                }
            }
            Mode::Help { mut scroll } => match key.code {
                KeyCode::Char('j') | KeyCode::Down => {
                    scroll = (scroll + 1).min(100);
                    self.mode = Mode::Help { scroll };
                }
                KeyCode::Char('k') | KeyCode::Up => {
                    scroll = scroll.saturating_sub(1);
                    self.mode = Mode::Help { scroll };
                }
                _ => {}
            },
            Mode::SearchInput(mut text) => match key.code {
                KeyCode::Esc => self.info("search cancelled".into()),
                KeyCode::Enter => {
                    self.show_patch();
                    self.run_search(text);
                }
                KeyCode::Backspace => {
                    text.pop();
                    self.mode = Mode::SearchInput(text);
                }
                KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                    text.push(c);
                    self.mode = Mode::SearchInput(text);
                }
                _ => self.mode = Mode::SearchInput(text),
            },
            Mode::Comment(editor, target) => self.comment_key(editor, target, key),
            mode => self.answer(mode, key),
        }
    }

    /// The answer to a question a prompt asked: `y` (or `=` to `=`) goes on, any other key
    /// does not.
    fn answer(&mut self, mode: Mode, key: KeyEvent) {
        let yes = matches!(key.code, KeyCode::Char('y') | KeyCode::Char('Y'));
        match mode {
            Mode::ConfirmDiscard(editor, target) => {
                if yes {
                    self.message = Some(Message {
                        text: "comment discarded".into(),
                        error: false,
                    });
                } else {
                    self.mode = Mode::Comment(editor, target);
                }
            }
            Mode::ConfirmQuit => {
                if yes {
                    self.leave();
                } else {
                    self.info("not quitting · c on that patch reopens your comment".into());
                }
            }
            Mode::ConfirmDelete(comment) => {
                if yes {
                    self.delete(*comment);
                } else {
                    self.info("nothing deleted".into());
                }
            }
            Mode::ConfirmChanged(asked) => {
                self.confirm_changed(asked, key.code == KeyCode::Char('='))
            }
            Mode::ConfirmAcceptClean(plan) => {
                if yes {
                    self.accept_planned(plan);
                } else {
                    self.info("nothing accepted".into());
                }
            }
            Mode::Normal | Mode::Help { .. } | Mode::SearchInput(_) | Mode::Comment(..) => {
                self.mode = mode
            }
        }
    }

    /// A key in the comment editor.
    fn comment_key(&mut self, mut editor: Editor, target: Target, key: KeyEvent) {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Esc if editor.dirty() => self.mode = Mode::ConfirmDiscard(editor, target),
            KeyCode::Esc => self.info("nothing typed: nothing written".into()),
            // Saved once the patch's diff is known (a comment on a line needs it); a save that
            // fails keeps the text for `c` (see `Task::Comment`).
            KeyCode::Char('s') if ctrl => {
                if let Some(i) = self.current() {
                    self.when_ready(Task::Comment { i, editor, target });
                }
            }
            _ => {
                editor.key(key);
                self.mode = Mode::Comment(editor, target);
            }
        }
    }

    /// Text pasted into the terminal (bracketed paste): into the editor or the search prompt
    /// as text, never as keys — a pasted `q` or `a` must not quit or accept.
    pub fn paste(&mut self, text: &str) {
        match &mut self.mode {
            Mode::Comment(editor, _) => editor.paste(text),
            Mode::SearchInput(query) => {
                let line = text.lines().next().unwrap_or("");
                query.extend(line.chars().filter(|c| !c.is_control()));
            }
            _ => self.info("pasted text is only taken by the comment editor and /".into()),
        }
    }

    /// `q`: quits, after asking when a comment could not be saved or still waits for its
    /// patch's diff to be saved.
    pub(super) fn ask_quit(&mut self) {
        let waiting = self
            .pending
            .iter()
            .any(|t| matches!(t, Task::Comment { .. }));
        if self.unsaved.is_some() || waiting {
            self.mode = Mode::ConfirmQuit;
        } else {
            self.leave();
        }
    }
}

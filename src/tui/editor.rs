//! The comment editor: a small multi-line text field.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use unicode_width::UnicodeWidthStr;

/// Lines of text and a cursor (line, char index).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Editor {
    pub lines: Vec<String>,
    pub row: usize,
    /// Cursor position in chars within the line.
    pub col: usize,
    /// The text it opened with, to tell typing from looking.
    initial: String,
}

impl Editor {
    /// An editor holding `text`, the cursor at its end.
    pub fn new(text: &str) -> Editor {
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        if lines.is_empty() {
            lines.push(String::new());
        }
        let row = lines.len() - 1;
        let col = lines[row].chars().count();
        Editor {
            lines,
            row,
            col,
            initial: text.to_string(),
        }
    }

    /// Whether the text differs from what it opened with.
    pub fn dirty(&self) -> bool {
        self.text().trim_end() != self.initial.trim_end()
    }

    /// Inserts pasted text at the cursor: its lines as lines, tabs as spaces, other control
    /// characters dropped (a paste is text, never keys).
    pub fn paste(&mut self, text: &str) {
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        for (n, line) in text.split('\n').enumerate() {
            if n > 0 {
                self.key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
            }
            let clean: String = line
                .replace('\t', "    ")
                .chars()
                .filter(|c| !c.is_control())
                .collect();
            let b = self.byte();
            self.lines[self.row].insert_str(b, &clean);
            self.col += clean.chars().count();
        }
    }

    pub fn text(&self) -> String {
        self.lines.join("\n")
    }

    fn byte(&self) -> usize {
        let line = &self.lines[self.row];
        line.char_indices()
            .nth(self.col)
            .map_or(line.len(), |(b, _)| b)
    }

    /// The display column of the cursor, for placing the terminal cursor.
    pub fn cursor_x(&self) -> usize {
        self.lines[self.row][..self.byte()].width()
    }

    pub fn key(&mut self, key: KeyEvent) {
        let len = |e: &Editor, r: usize| e.lines[r].chars().count();
        match key.code {
            KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                let b = self.byte();
                self.lines[self.row].insert(b, c);
                self.col += 1;
            }
            KeyCode::Tab => {
                let b = self.byte();
                self.lines[self.row].insert_str(b, "    ");
                self.col += 4;
            }
            KeyCode::Enter => {
                let b = self.byte();
                let rest = self.lines[self.row].split_off(b);
                self.row += 1;
                self.lines.insert(self.row, rest);
                self.col = 0;
            }
            KeyCode::Backspace => {
                if self.col > 0 {
                    self.col -= 1;
                    let b = self.byte();
                    self.lines[self.row].remove(b);
                } else if self.row > 0 {
                    let line = self.lines.remove(self.row);
                    self.row -= 1;
                    self.col = len(self, self.row);
                    self.lines[self.row].push_str(&line);
                }
            }
            KeyCode::Delete => {
                if self.col < len(self, self.row) {
                    let b = self.byte();
                    self.lines[self.row].remove(b);
                } else if self.row + 1 < self.lines.len() {
                    let next = self.lines.remove(self.row + 1);
                    self.lines[self.row].push_str(&next);
                }
            }
            KeyCode::Left => {
                if self.col > 0 {
                    self.col -= 1;
                } else if self.row > 0 {
                    self.row -= 1;
                    self.col = len(self, self.row);
                }
            }
            KeyCode::Right => {
                if self.col < len(self, self.row) {
                    self.col += 1;
                } else if self.row + 1 < self.lines.len() {
                    self.row += 1;
                    self.col = 0;
                }
            }
            KeyCode::Up if self.row > 0 => {
                self.row -= 1;
                self.col = self.col.min(len(self, self.row));
            }
            KeyCode::Down if self.row + 1 < self.lines.len() => {
                self.row += 1;
                self.col = self.col.min(len(self, self.row));
            }
            KeyCode::Home => self.col = 0,
            KeyCode::End => self.col = len(self, self.row),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(e: &mut Editor, code: KeyCode) {
        e.key(KeyEvent::new(code, KeyModifiers::NONE));
    }

    #[test]
    fn edits_across_lines() {
        let mut e = Editor::new("héllo");
        press(&mut e, KeyCode::Enter);
        for c in "wörld".chars() {
            press(&mut e, KeyCode::Char(c));
        }
        assert_eq!(e.text(), "héllo\nwörld");
        press(&mut e, KeyCode::Home);
        press(&mut e, KeyCode::Backspace);
        assert_eq!(e.text(), "héllowörld");
        assert_eq!((e.row, e.col), (0, 5));
        press(&mut e, KeyCode::Delete);
        assert_eq!(e.text(), "hélloörld");
        assert!(e.dirty());
    }

    #[test]
    fn paste_is_text_not_keys() {
        let mut e = Editor::new("ab");
        assert!(!e.dirty());
        press(&mut e, KeyCode::Left);
        e.paste("one\r\ntwo\tq\u{1b}[2J");
        assert_eq!(e.text(), "aone\ntwo    q[2Jb");
        assert_eq!((e.row, e.col), (1, 11));
    }
}

//! The one table from keys to actions. Dispatch and the `?` overlay both read it, so the help
//! cannot drift from what the keys do.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use git_triage::State;

/// Everything a key can ask the app to do in normal mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Down,
    Up,
    HalfDown,
    HalfUp,
    PageDown,
    PageUp,
    Top,
    Bottom,
    ToggleFocus,
    FocusDiff,
    FocusList,
    Next,
    Prev,
    NextCritical,
    PrevCritical,
    NextFile,
    PrevFile,
    /// Fold the file under the cursor away, or open it.
    Collapse,
    /// Mark the file under the cursor reviewed (in the notes), or take the mark back.
    Reviewed,
    /// The next finding's file and line, across patches.
    NextFinding,
    CycleFilter,
    Search,
    Help,
    Quit,
    /// `Esc`: close a search; never quits.
    Back,
    Verdict(State),
    /// The patch comment from the list; from the diff, a comment on the row under the cursor.
    Comment,
    DeleteComment,
    NextComment,
    PrevComment,
    /// The patch in `$EDITOR` as a quoted reply, your comments read back when you save.
    EditExternal,
    /// Your replies for the list, written to a file in the git directory (nothing is sent).
    WriteReplies,
    AcceptClean,
    ConfirmCarried,
    /// The patch page, or what changed since the previous version.
    ToggleInterdiff,
    /// Read the notes ref again now (the screen also follows it by itself).
    Reload,
    Wider,
    Narrower,
    ScrollLeft,
    ScrollRight,
    /// Long lines wrap, or scroll sideways.
    ToggleWrap,
}

/// One binding: the keys, the action, and its line in the help overlay.
pub struct Binding {
    pub keys: &'static [(KeyCode, KeyModifiers)],
    pub label: &'static str,
    pub action: Action,
    pub help: &'static str,
}

const NONE: KeyModifiers = KeyModifiers::NONE;
const CTRL: KeyModifiers = KeyModifiers::CONTROL;

macro_rules! bindings {
    ($( [$($code:expr, $mods:expr);+] $label:literal => $action:expr, $help:literal; )*) => {
        /// Every normal-mode binding, in help-overlay order.
        pub const BINDINGS: &[Binding] = &[
            $( Binding { keys: &[$(($code, $mods)),+], label: $label, action: $action, help: $help }, )*
        ];
    };
}

use KeyCode::Char as C;

bindings! {
    [C('j'), NONE; KeyCode::Down, NONE] "j ↓" => Action::Down, "next patch (list) or line (diff)";
    [C('k'), NONE; KeyCode::Up, NONE] "k ↑" => Action::Up, "previous patch (list) or line (diff)";
    [KeyCode::Tab, NONE; KeyCode::BackTab, NONE] "Tab" => Action::ToggleFocus, "switch focus between list and diff";
    [KeyCode::Enter, NONE; C('l'), NONE; KeyCode::Right, NONE] "Enter l →" => Action::FocusDiff, "focus the diff; on the file list, open that file";
    [C('h'), NONE; KeyCode::Left, NONE] "h ←" => Action::FocusList, "focus the list";
    [C('d'), CTRL] "Ctrl-d" => Action::HalfDown, "half a page down";
    [C('u'), CTRL] "Ctrl-u" => Action::HalfUp, "half a page up";
    [KeyCode::PageDown, NONE; C('f'), CTRL] "PgDn Ctrl-f" => Action::PageDown, "a page down";
    [KeyCode::PageUp, NONE; C('b'), CTRL] "PgUp Ctrl-b" => Action::PageUp, "a page up";
    [C('g'), NONE; KeyCode::Home, NONE] "g Home" => Action::Top, "top";
    [C('G'), NONE; KeyCode::End, NONE] "G End" => Action::Bottom, "bottom";
    [C('n'), NONE] "n" => Action::Next, "next hunk, or next match while searching";
    [C('N'), NONE] "N" => Action::Prev, "previous hunk, or previous match";
    [C(']'), NONE] "]" => Action::NextCritical, "next critical hunk, across patches";
    [C('['), NONE] "[" => Action::PrevCritical, "previous critical hunk, across patches";
    [C(')'), NONE] ")" => Action::NextFile, "next file";
    [C('('), NONE] "(" => Action::PrevFile, "previous file (this file's top first)";
    [C('z'), NONE] "z" => Action::Collapse, "fold the file under the cursor away, or open it";
    [C('v'), NONE] "v" => Action::Reviewed, "mark the file reviewed (in git notes), fold it, go on; again takes it back";
    [C('!'), NONE] "!" => Action::NextFinding, "next finding's file and line, across patches";
    [C('f'), NONE] "f" => Action::CycleFilter, "filter: all → critical → AI → findings → undecided → changed";
    [C('i'), NONE] "i" => Action::ToggleInterdiff, "the patch ⇄ what changed since the previous version";
    [C('/'), NONE] "/" => Action::Search, "search messages, trailers, authors, paths, diff and comments (Enter, Esc)";
    [C('a'), NONE] "a" => Action::Verdict(State::Accept), "accept this patch (written to git notes at once)";
    [C('r'), NONE] "r" => Action::Verdict(State::Reject), "reject this patch";
    [C('w'), NONE] "w" => Action::Verdict(State::NeedsWork), "needs work (changes requested)";
    [C('u'), NONE] "u" => Action::Verdict(State::Pending), "back to pending (clears your verdict)";
    [C('c'), NONE] "c" => Action::Comment, "comment the patch (list) or the line under the cursor (diff); edits yours";
    [C('d'), NONE] "d" => Action::DeleteComment, "delete your comment under the cursor (asks)";
    [C('}'), NONE] "}" => Action::NextComment, "next comment, across patches";
    [C('{'), NONE] "{" => Action::PrevComment, "previous comment, across patches";
    [C('M'), NONE] "M" => Action::WriteReplies, "write your replies for the list to .git/triage-replies.mbox";
    [C('E'), NONE] "E" => Action::EditExternal, "comment in $EDITOR: the patch as a quoted reply, read back on save";
    [C('='), NONE] "=" => Action::ConfirmCarried, "confirm your carried verdict (press twice if the code changed)";
    [C('A'), NONE] "A" => Action::AcceptClean, "accept the undecided patches that need no closer look (asks)";
    [C('R'), NONE] "R" => Action::Reload, "reload verdicts from git notes now";
    [C('+'), NONE] "+" => Action::Wider, "give the list more room (saved in your config)";
    [C('-'), NONE] "-" => Action::Narrower, "give the list less room (saved)";
    [C('>'), NONE] ">" => Action::ScrollRight, "scroll the diff right";
    [C('<'), NONE] "<" => Action::ScrollLeft, "scroll the diff left";
    [C('W'), NONE] "W" => Action::ToggleWrap, "long lines wrap, or scroll sideways (saved)";
    [C('?'), NONE] "?" => Action::Help, "this help";
    [KeyCode::Esc, NONE] "Esc" => Action::Back, "stop a running search or a waiting key; close the search (never quits)";
    [C('q'), NONE; C('c'), CTRL] "q Ctrl-c" => Action::Quit, "quit (after the writes still being saved; asks if a comment is not)";
}

/// The action bound to `key` in normal mode.
pub fn lookup(key: KeyEvent) -> Option<Action> {
    // Terminals disagree on whether Shift accompanies an upper-case letter; ignore it for chars.
    let mods = match key.code {
        KeyCode::Char(_) => key.modifiers - KeyModifiers::SHIFT,
        _ => key.modifiers,
    };
    BINDINGS.iter().find_map(|b| {
        b.keys
            .iter()
            .any(|&(code, m)| code == key.code && m == mods - KeyModifiers::SHIFT)
            .then_some(b.action)
    })
}

/// The lines of the help overlay that are not bindings: the modes' own keys.
pub const MODE_HELP: &[(&str, &str)] = &[
    (
        "comment editor",
        "type or paste; Enter new line; arrows move; Ctrl-s save; Esc cancels (asks if you typed)",
    ),
    (
        "search prompt",
        "type; Enter search; Esc cancel; then n/N step, Esc closes the search",
    ),
    (
        "confirm prompt",
        "y yes (= again after =); any other key no",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_has_one_meaning() {
        let mut seen = Vec::new();
        for b in BINDINGS {
            for &(code, mods) in b.keys {
                let key = (code, mods - KeyModifiers::SHIFT);
                assert!(!seen.contains(&key), "{:?} bound twice", code);
                seen.push(key);
            }
        }
        assert_eq!(
            lookup(KeyEvent::new(C('G'), KeyModifiers::SHIFT)),
            Some(Action::Bottom)
        );
        assert_eq!(lookup(KeyEvent::new(C('d'), CTRL)), Some(Action::HalfDown));
        assert_eq!(
            lookup(KeyEvent::new(C('d'), NONE)),
            Some(Action::DeleteComment)
        );
        assert_eq!(lookup(KeyEvent::new(C('x'), NONE)), None);
    }

    #[test]
    fn readme_lists_every_binding() {
        let readme = include_str!("../../README.md");
        for b in BINDINGS {
            let row = format!("| `{}` | {} |", b.label, b.help);
            assert!(readme.contains(&row), "README lacks {row}");
        }
    }
}

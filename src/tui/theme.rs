//! Styles for every mark, from the config's `[theme]` colours, or without colour (`NO_COLOR`),
//! where each mark stays distinct through its symbol and bold/reversed text.

use std::str::FromStr;

use ratatui::style::{Color, Modifier, Style};

use git_triage::areas::Level;
use git_triage::Config;

#[derive(Debug, Clone)]
pub struct Theme {
    pub color: bool,
    critical: Color,
    sensitive: Color,
    ai: Color,
    chain: Color,
    warning: Color,
    accent: Color,
}

impl Theme {
    pub fn new(config: &Config, color: bool) -> Theme {
        let get = |key: &str, default: Color| {
            config
                .theme
                .get(key)
                .and_then(|s| Color::from_str(s).ok())
                .unwrap_or(default)
        };
        Theme {
            color,
            critical: get("critical", Color::Red),
            sensitive: get("sensitive", Color::Yellow),
            ai: get("ai", Color::Magenta),
            chain: get("chain", Color::Green),
            warning: get("warning", Color::LightRed),
            accent: get("accent", Color::Cyan),
        }
    }

    fn fg(&self, c: Color) -> Style {
        if self.color {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }

    /// Badges and file headers of a level.
    pub fn level(&self, level: Level) -> Style {
        match level {
            Level::Critical => self.fg(self.critical).add_modifier(Modifier::BOLD),
            Level::Sensitive => self.fg(self.sensitive),
            Level::Normal => Style::new(),
        }
    }

    /// The gutter bar of a level: a heavy bar for critical, a dashed one for sensitive.
    pub fn gutter(&self, level: Level) -> (&'static str, Style) {
        match level {
            Level::Critical => ("▌", self.fg(self.critical).add_modifier(Modifier::BOLD)),
            Level::Sensitive => ("┆", self.fg(self.sensitive)),
            Level::Normal => (" ", Style::new()),
        }
    }

    pub fn ai(&self) -> Style {
        self.fg(self.ai).add_modifier(Modifier::BOLD)
    }

    pub fn chain(&self) -> Style {
        self.fg(self.chain)
    }

    /// Control characters and hidden Unicode made visible.
    pub fn warning(&self) -> Style {
        self.fg(self.warning)
            .add_modifier(Modifier::BOLD | Modifier::REVERSED)
    }

    pub fn accent(&self) -> Style {
        self.fg(self.accent).add_modifier(Modifier::BOLD)
    }

    pub fn dim(&self) -> Style {
        Style::new().add_modifier(Modifier::DIM)
    }

    pub fn bold(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    pub fn added(&self) -> Style {
        self.fg(Color::Green)
    }

    pub fn removed(&self) -> Style {
        self.fg(Color::Red)
    }

    /// The outer mark of an interdiff line, `+` or `-`: what changed between the versions.
    pub fn outer(&self, added: bool) -> Style {
        let style = if added { self.added() } else { self.removed() };
        style.add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }

    /// The rest of an interdiff line, by its own (inner) mark: the patch's `+`/`-` colours,
    /// bold on a line that changed between the versions and dim on one that did not, as
    /// `git range-diff` colours a diff of diffs.
    pub fn inner(&self, mark: u8, changed: bool) -> Style {
        let style = match mark {
            b'+' => self.added(),
            b'-' => self.removed(),
            _ => Style::new(),
        };
        style.add_modifier(if changed {
            Modifier::BOLD
        } else {
            Modifier::DIM
        })
    }

    /// The words that changed in an added line.
    pub fn added_word(&self) -> Style {
        self.word(Color::Green)
    }

    /// The words that changed in a removed line.
    pub fn removed_word(&self) -> Style {
        self.word(Color::Red)
    }

    fn word(&self, c: Color) -> Style {
        if self.color {
            Style::new().fg(Color::Black).bg(c)
        } else {
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
        }
    }

    pub fn hunk(&self) -> Style {
        self.fg(Color::Cyan)
    }

    pub fn error(&self) -> Style {
        self.fg(self.critical).add_modifier(Modifier::BOLD)
    }

    pub fn warn(&self) -> Style {
        self.fg(self.sensitive)
    }

    /// The selected patch, or the cursor line in a focused pane.
    pub fn selected(&self, focused: bool) -> Style {
        match (focused, self.color) {
            (true, _) => Style::new().add_modifier(Modifier::REVERSED),
            (false, true) => Style::new().bg(Color::DarkGray),
            (false, false) => Style::new().add_modifier(Modifier::UNDERLINED),
        }
    }

    /// A search match.
    pub fn found(&self) -> Style {
        self.fg(Color::Yellow)
            .add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }

    /// Another reviewer's comments: a colour of their own, the same in every session (from
    /// their address), never the accent colour that marks yours; bold without colour.
    pub fn reviewer(&self, email: &str) -> Style {
        const PALETTE: [Color; 6] = [
            Color::Yellow,
            Color::Magenta,
            Color::Blue,
            Color::Green,
            Color::LightBlue,
            Color::LightMagenta,
        ];
        let h = email
            .to_ascii_lowercase()
            .bytes()
            .fold(0u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)));
        self.fg(PALETTE[h as usize % PALETTE.len()])
            .add_modifier(Modifier::BOLD)
    }

    pub fn status(&self) -> Style {
        if self.color {
            Style::new().bg(Color::DarkGray).fg(Color::White)
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        }
    }
}

//! How the screen is shared: the panes for the terminal's size, the list's share (the
//! reviewer's `+`/`-`, saved to their config), wrapping (`W`), and where the list scrolls.

use super::App;
use crate::tui::layout::{self, Panes};
use crate::tui::prefs::{self, Value};

impl App {
    /// Where the panes go on a `width` x `height` terminal.
    pub fn panes_for(&self, width: u16, height: u16) -> Option<Panes> {
        let n = self.series.patches.len();
        layout::layout(
            width,
            height,
            self.ratio,
            layout::list_badges(n, !matches!(self.versions, super::Versions::None)),
            n + self.cover_rows(),
        )
    }

    /// Where the panes go, from the last frame's size.
    pub fn panes(&self) -> Option<Panes> {
        self.panes_for(self.size.0, self.size.1)
    }

    /// The rows a page of the diff pane shows, from the last frame's size.
    pub fn page(&self) -> usize {
        self.panes()
            .map_or(10, |l| usize::from(l.page.height.saturating_sub(1)).max(1))
    }

    pub(super) fn list_page(&self) -> usize {
        self.panes()
            .map_or(10, |l| usize::from(l.list.height.saturating_sub(1)).max(1))
    }

    /// The first visible patch shown in a list of `h` rows: the selection with a few rows of
    /// context around it, and the list filled to its end (a filter that leaves 24 patches
    /// shows all 24, not the last one alone at the top).
    pub fn list_offset(&self, h: usize) -> usize {
        let n = self.visible.len() + self.cover_rows();
        let margin = (h / 4).min(3);
        let sel = self.list_position();
        let mut offset = self.list_scroll;
        if sel < offset + margin {
            offset = sel.saturating_sub(margin);
        } else if sel + margin >= offset + h {
            offset = (sel + margin + 1).saturating_sub(h);
        }
        offset.min(n.saturating_sub(h))
    }

    /// `+`/`-`: the list's share of the screen, kept for the next session.
    pub(super) fn resize_list(&mut self, delta: i16) {
        let (lo, hi) = git_triage::config::LIST_SHARE;
        let ratio = (self.ratio as i16 + delta).clamp(lo as i16, hi as i16) as u16;
        if ratio == self.ratio {
            return self.info(format!("the list already takes {ratio}%"));
        }
        self.ratio = ratio;
        self.list_scroll = self.list_offset(self.list_page());
        self.refresh_rows();
        self.save_pref("list", Value::Int(ratio.into()), format!("list {ratio}%"));
    }

    /// `W`: long lines wrap, or scroll sideways.
    pub(super) fn toggle_wrap(&mut self) {
        self.wrap = !self.wrap;
        self.hscroll = 0;
        self.refresh_rows();
        let what = if self.wrap {
            "long lines wrap".to_string()
        } else {
            "long lines scroll sideways (> <)".to_string()
        };
        self.save_pref("wrap", Value::Bool(self.wrap), what);
    }

    /// Writes `[tui] key` to the reviewer's config file, and says what changed and where.
    fn save_pref(&mut self, key: &str, value: Value, what: String) {
        let Some(path) = self.prefs_path.clone() else {
            return self.info(what);
        };
        match prefs::save(&path, key, value) {
            Ok(()) => self.info(format!("{what} · saved to {}", tilde(&path))),
            Err(e) => self.set_error(format!("{what} · {e}")),
        }
    }
}

/// `~/.config/git-triage/config.toml`: the status bar has little room.
fn tilde(path: &std::path::Path) -> String {
    let home = std::env::var_os("HOME").map(std::path::PathBuf::from);
    match home.and_then(|h| path.strip_prefix(h).ok().map(|p| p.to_path_buf())) {
        Some(rest) => format!("~/{}", rest.display()),
        None => path.display().to_string(),
    }
}

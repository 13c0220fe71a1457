//! `[tui]`: the reviewer's own choices for the terminal UI, read apart from the rest of a layer
//! so that only the TUI minds an error in them.

use serde::Deserialize;
use toml::Spanned;

use super::{Config, ConfigError};

/// The list's share of the screen that `[tui] list` accepts, in percent.
pub const LIST_SHARE: (u16, u16) = (15, 80);

/// A layer's `[tui]` alone, the rest of the file left to `Layer`.
#[derive(Debug, Default, Deserialize)]
struct TuiOnly {
    #[serde(default)]
    tui: TuiLayer,
}

/// `[tui]` as one layer writes it.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct TuiLayer {
    list: Option<Spanned<u16>>,
    wrap: Option<bool>,
    advance: Option<bool>,
    tab_width: Option<Spanned<u8>>,
}

/// `[tui]`: the reviewer's own choices for the terminal UI. They are personal: the repository's
/// `.git-triage.toml` cannot set them (see [`Config::load`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TuiPrefs {
    /// The list's share of the screen, in percent (`+` and `-` change it).
    pub list: u16,
    /// Long diff lines wrap (`true`) or scroll sideways (`false`).
    pub wrap: bool,
    /// After a verdict, move to the next patch you have not decided.
    pub advance: bool,
    /// Columns between tab stops.
    pub tab_width: u8,
}

impl Config {
    /// `[tui]` as every layer set it: an error in it is the TUI's to refuse; other commands
    /// do not read `[tui]` and work whatever it says.
    pub fn check_tui(&self) -> Result<(), ConfigError> {
        match &self.tui_error {
            Some(e) => Err(e.clone()),
            None => Ok(()),
        }
    }

    pub(super) fn apply_tui(
        &mut self,
        text: &str,
        at: &impl Fn(Option<std::ops::Range<usize>>, String) -> ConfigError,
    ) -> Result<(), ConfigError> {
        let layer = toml::from_str::<TuiOnly>(text)
            .map_err(|e| at(e.span(), e.message().trim().to_string()))?
            .tui;
        if let Some(list) = layer.list {
            if !(LIST_SHARE.0..=LIST_SHARE.1).contains(list.get_ref()) {
                return Err(at(
                    Some(list.span()),
                    format!(
                        "tui.list: {} is not a share of the screen in percent ({} to {})",
                        list.get_ref(),
                        LIST_SHARE.0,
                        LIST_SHARE.1
                    ),
                ));
            }
            self.tui.list = list.into_inner();
        }
        if let Some(t) = layer.tab_width {
            if !(1..=16).contains(t.get_ref()) {
                return Err(at(
                    Some(t.span()),
                    format!("tui.tab_width: {} is not 1 to 16", t.get_ref()),
                ));
            }
            self.tui.tab_width = t.into_inner();
        }
        if let Some(w) = layer.wrap {
            self.tui.wrap = w;
        }
        if let Some(a) = layer.advance {
            self.tui.advance = a;
        }
        Ok(())
    }
}

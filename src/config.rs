//! Layered TOML configuration: built-in defaults, a preset, the user's file, the repository's
//! `.git-triage.toml` as committed at the series base, and `--config FILE`, later layers winning.
//!
//! The repository layer is read from the base commit and never from the work tree or the series
//! itself, so that a series cannot relax the policy that judges it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::areas::{Area, Level, Role};
pub use crate::policy::{AiPolicy, REPO_CONFIG};
use crate::policy::{RuleId, Rules, Severity};
pub use crate::tables::{AgentSpec, IdentitySpec, ProvenanceLayer, TableError};

mod reply;
mod theme;
mod tui;

use reply::ReplyLayer;
pub use theme::{is_colour, THEME_KEYS};
pub use tui::{TuiPrefs, LIST_SHARE};

/// The built-in defaults, compiled into the binary.
pub const DEFAULT_TOML: &str = include_str!("../config/default.toml");

/// Compiled-in presets for real projects, selectable with `--policy NAME`.
pub const PRESETS: &[(&str, &str)] = &[
    ("qemu", include_str!("../config/qemu.toml")),
    ("linux", include_str!("../config/linux.toml")),
];

/// A configuration file that could not be used, with the place at fault.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{origin}{}: {message}", location(*.line, *.column))]
pub struct ConfigError {
    /// The file (or `.git-triage.toml@<commit>`, or `built-in default`).
    pub origin: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl From<TableError> for ConfigError {
    fn from(e: TableError) -> ConfigError {
        ConfigError {
            origin: "[provenance]".into(),
            line: None,
            column: None,
            message: e.0,
        }
    }
}

fn location(line: Option<usize>, column: Option<usize>) -> String {
    match (line, column) {
        (Some(l), Some(c)) => format!(":{l}:{c}"),
        (Some(l), None) => format!(":{l}"),
        _ => String::new(),
    }
}

/// One file's worth of configuration, as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Layer {
    notes_ref: Option<String>,
    #[serde(default, rename = "area")]
    areas: Vec<AreaSpec>,
    #[serde(default)]
    rules: BTreeMap<RuleId, Severity>,
    #[serde(default)]
    provenance: ProvenanceLayer,
    #[serde(default)]
    ai: AiPolicy,
    #[serde(default)]
    theme: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    export: ExportLayer,
    #[serde(default)]
    reply: ReplyLayer,
    /// Read apart (see [`Config::check_tui`]): whatever it holds, only the TUI minds it.
    #[serde(default, rename = "tui")]
    _tui: Option<serde::de::IgnoredAny>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExportLayer {
    trailers: Option<Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AreaSpec {
    name: String,
    level: Level,
    paths: Vec<Spanned<String>>,
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
    note: Option<String>,
    role: Option<Role>,
}

/// The effective configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// Where verdicts are stored.
    pub notes_ref: String,
    /// Areas in the order they were defined; a later layer's area of the same name replaces it.
    pub areas: Vec<Area>,
    /// Severity of every rule.
    pub rules: BTreeMap<RuleId, Severity>,
    /// The provenance tables, merged over all layers.
    pub provenance: ProvenanceLayer,
    /// The AI policy, later layers overriding field by field.
    pub ai: AiPolicy,
    /// `[theme]`: colour per mark (see [`THEME_KEYS`]), as written; checked by [`is_colour`].
    pub theme: BTreeMap<String, String>,
    /// `[export] trailers`: what `export --format trailers` prints per accepted patch.
    pub export_trailers: Vec<String>,
    /// `[reply]`: how `git triage reply` writes replies.
    pub reply: crate::reply::Options,
    /// `[tui]`: the reviewer's choices for the terminal UI, as far as the layers set them
    /// validly (see [`Config::check_tui`]).
    pub tui: TuiPrefs,
    /// The first error in a `[tui]`, which only the TUI refuses.
    tui_error: Option<ConfigError>,
    /// The layers that were applied, in order, for `--verbose` style reporting.
    pub layers: Vec<String>,
}

/// Which layers to load besides the built-in default.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    /// A compiled-in preset (`qemu`).
    pub policy: Option<String>,
    /// The user's configuration file; `None` looks in the platform's config directory.
    pub user: Option<PathBuf>,
    /// Skip the user's configuration file entirely.
    pub no_user: bool,
    /// `--config FILE`, applied last.
    pub extra: Option<PathBuf>,
}

impl Config {
    /// The built-in configuration alone.
    pub fn builtin() -> Config {
        let mut config = Config {
            notes_ref: String::new(),
            areas: Vec::new(),
            rules: BTreeMap::new(),
            provenance: ProvenanceLayer::default(),
            ai: AiPolicy::default(),
            theme: BTreeMap::new(),
            export_trailers: Vec::new(),
            reply: crate::reply::Options {
                trailer: String::new(),
                context: 0,
                greeting: String::new(),
                signoff: String::new(),
                reject: String::new(),
                needs_work: String::new(),
            },
            tui: TuiPrefs {
                list: 40,
                wrap: false,
                advance: true,
                tab_width: 8,
            },
            tui_error: None,
            layers: Vec::new(),
        };
        config
            .apply("built-in default", DEFAULT_TOML)
            .expect("the built-in configuration is valid");
        config
    }

    /// Applies one layer of TOML text on top of this configuration. `origin` names it in errors.
    pub fn apply(&mut self, origin: &str, text: &str) -> Result<(), ConfigError> {
        let at = |span: Option<std::ops::Range<usize>>, message: String| {
            let (line, column) = match span {
                Some(s) => {
                    let (l, c) = line_col(text, s.start);
                    (Some(l), Some(c))
                }
                None => (None, None),
            };
            ConfigError {
                origin: origin.to_string(),
                line,
                column,
                message,
            }
        };
        let layer: Layer =
            toml::from_str(text).map_err(|e| at(e.span(), e.message().trim().to_string()))?;

        if let Some(r) = layer.notes_ref {
            if !r.starts_with("refs/notes/") {
                return Err(at(
                    None,
                    format!("notes_ref {r:?} must start with refs/notes/"),
                ));
            }
            self.notes_ref = r;
        }
        for spec in layer.areas {
            let include: Vec<String> = spec.paths.iter().map(|s| s.get_ref().clone()).collect();
            let exclude: Vec<String> = spec.exclude.iter().map(|s| s.get_ref().clone()).collect();
            if include.is_empty() {
                return Err(at(None, format!("area {:?} has no paths", spec.name)));
            }
            let area = Area::new(
                spec.name.clone(),
                spec.level,
                &include,
                &exclude,
                spec.note,
                spec.role,
            )
            .map_err(|(i, e)| {
                let span = spec
                    .paths
                    .iter()
                    .chain(&spec.exclude)
                    .nth(i)
                    .map(|s| s.span());
                at(span, format!("in area {:?}: {e}", spec.name))
            })?;
            match self.areas.iter_mut().find(|a| a.name == area.name) {
                Some(existing) => *existing = area,
                None => self.areas.push(area),
            }
        }
        self.rules.extend(layer.rules);
        self.provenance.merge(layer.provenance);
        if layer.ai.require.is_some() {
            self.ai.require = layer.ai.require;
        }
        if layer.ai.max_code_lines.is_some() {
            self.ai.max_code_lines = layer.ai.max_code_lines;
        }
        if layer.ai.forbid.is_some() {
            self.ai.forbid = layer.ai.forbid;
        }
        for (key, value) in layer.theme {
            if !THEME_KEYS.iter().any(|(k, _)| *k == key) {
                let known: Vec<&str> = THEME_KEYS.iter().map(|k| k.0).collect();
                return Err(at(
                    Some(value.span()),
                    format!("unknown theme key {key:?}; known: {}", known.join(", ")),
                ));
            }
            if !is_colour(value.get_ref()) {
                return Err(at(
                    Some(value.span()),
                    format!(
                        "theme.{key}: {:?} is not a colour (a name like \"red\", \"#rrggbb\" or 0-255)",
                        value.get_ref()
                    ),
                ));
            }
            self.theme.insert(key, value.into_inner());
        }
        if let Some(t) = layer.export.trailers {
            self.export_trailers = t;
        }
        self.apply_reply(layer.reply, &at)?;
        if let Err(e) = self.apply_tui(text, &at) {
            self.tui_error.get_or_insert(e);
        }
        self.layers.push(origin.to_string());
        Ok(())
    }

    /// The severity configured for `rule`.
    pub fn severity(&self, rule: RuleId) -> Severity {
        self.rules.get(&rule).copied().unwrap_or(Severity::Off)
    }

    /// What the policy rules need: severities, the AI policy, the areas.
    pub fn rules(&self) -> Rules<'_> {
        Rules {
            severities: &self.rules,
            ai: &self.ai,
            areas: &self.areas,
        }
    }

    /// Loads every layer for a series whose base commit is `base` (`None` for a series that
    /// starts at a root commit, which has no committed policy to read).
    pub fn load(
        repo: &git2::Repository,
        base: Option<git2::Oid>,
        sources: &Sources,
    ) -> Result<Config, ConfigError> {
        let mut config = Config::builtin();
        if let Some(name) = &sources.policy {
            let text = preset(name).ok_or_else(|| ConfigError {
                origin: "--policy".into(),
                line: None,
                column: None,
                message: format!(
                    "unknown policy {name:?}; known: {}",
                    PRESETS.iter().map(|p| p.0).collect::<Vec<_>>().join(", ")
                ),
            })?;
            config.apply(&format!("policy {name}"), text)?;
        }
        if !sources.no_user {
            let user = sources.user.clone().or_else(user_config_path);
            if let Some(path) = user.filter(|p| p.exists()) {
                config.apply_file(&path)?;
            }
        }
        if let Some(base) = base {
            if let Some(text) = committed_config(repo, base)? {
                let origin = format!("{REPO_CONFIG}@{}", short(base));
                // How a reviewer likes to read is theirs, not the project's.
                let personal = (config.tui, config.tui_error.take());
                config.apply(&origin, &text)?;
                (config.tui, config.tui_error) = personal;
            }
        }
        if let Some(path) = &sources.extra {
            config.apply_file(path)?;
        }
        Ok(config)
    }

    fn apply_file(&mut self, path: &Path) -> Result<(), ConfigError> {
        let origin = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            origin: origin.clone(),
            line: None,
            column: None,
            message: format!("cannot read: {e}"),
        })?;
        self.apply(&origin, &text)
    }
}

/// The text of a compiled-in preset.
pub fn preset(name: &str) -> Option<&'static str> {
    PRESETS.iter().find(|p| p.0 == name).map(|p| p.1)
}

/// `$XDG_CONFIG_HOME/git-triage/config.toml` on Linux, the platform's equivalent elsewhere.
pub fn user_config_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "git-triage").map(|d| d.config_dir().join("config.toml"))
}

fn short(oid: git2::Oid) -> String {
    oid.to_string()[..12].to_string()
}

/// `.git-triage.toml` as committed in `commit`, if there is one.
fn committed_config(
    repo: &git2::Repository,
    commit: git2::Oid,
) -> Result<Option<String>, ConfigError> {
    let err = |message: String| ConfigError {
        origin: format!("{REPO_CONFIG}@{}", short(commit)),
        line: None,
        column: None,
        message,
    };
    let tree = repo
        .find_commit(commit)
        .and_then(|c| c.tree())
        .map_err(|e| err(e.message().to_string()))?;
    let Some(entry) = tree.get_name(REPO_CONFIG) else {
        return Ok(None);
    };
    let blob = entry
        .to_object(repo)
        .and_then(|o| o.peel_to_blob())
        .map_err(|e| err(format!("not a readable file: {}", e.message())))?;
    String::from_utf8(blob.content().to_vec())
        .map(Some)
        .map_err(|_| err("not valid UTF-8".into()))
}

/// 1-based line and column (in characters) of byte `offset` in `text`.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |p| p + 1);
    (line, before[line_start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_sets_every_rule() {
        let c = Config::builtin();
        for rule in RuleId::ALL {
            assert!(c.rules.contains_key(rule), "default.toml lacks {rule:?}");
        }
        assert_eq!(c.notes_ref, "refs/notes/triage");
    }

    #[test]
    fn presets_parse() {
        for (name, text) in PRESETS {
            let mut c = Config::builtin();
            c.apply(name, text).unwrap();
            assert!(!c.areas.is_empty());
        }
    }

    #[test]
    fn errors_carry_line_and_column() {
        let mut c = Config::builtin();
        let e = c
            .apply("x.toml", "[rules]\nmissing-signof = \"error\"\n")
            .unwrap_err();
        assert_eq!((e.line, e.column), (Some(2), Some(1)), "{e}");
        assert!(e.to_string().starts_with("x.toml:2:1: "), "{e}");

        let e = c
            .apply(
                "y.toml",
                "[[area]]\nname = \"A\"\nlevel = \"critical\"\npaths = [\"ok/**\", \"bad/[x\"]\n",
            )
            .unwrap_err();
        assert_eq!((e.line, e.column), (Some(4), Some(19)), "{e}");
        assert!(e.message.contains("bad/[x"), "{e}");

        let e = c.apply("z.toml", "[[area]]\nname = 3\n").unwrap_err();
        assert_eq!(e.line, Some(2), "{e}");
    }

    #[test]
    fn later_area_of_same_name_replaces() {
        let mut c = Config::builtin();
        let area = |level: &str| {
            format!("[[area]]\nname = \"TCG\"\nlevel = \"{level}\"\npaths = [\"tcg/\"]\n")
        };
        c.apply("a", &area("critical")).unwrap();
        c.apply("b", &area("normal")).unwrap();
        let tcg: Vec<_> = c.areas.iter().filter(|a| a.name == "TCG").collect();
        assert_eq!(tcg.len(), 1);
        assert_eq!(tcg[0].level, Level::Normal);
    }
}

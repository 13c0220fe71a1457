//! Critical areas: named sets of path globs with a level, matched against repository paths.

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use serde::{Deserialize, Serialize};

/// How closely a change must be reviewed; ordered from least to most severe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Normal,
    Sensitive,
    Critical,
}

impl Level {
    /// The word used in reports and config.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Normal => "normal",
            Level::Sensitive => "sensitive",
            Level::Critical => "critical",
        }
    }
}

/// What kind of content an area holds, for rules that treat tests and docs differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Code,
    Tests,
    Docs,
}

/// One compiled area.
#[derive(Debug, Clone)]
pub struct Area {
    pub name: String,
    pub level: Level,
    pub note: Option<String>,
    pub role: Option<Role>,
    include: GlobSet,
    exclude: GlobSet,
}

/// A glob that does not compile.
#[derive(Debug, thiserror::Error)]
#[error("invalid glob {glob:?}: {reason}")]
pub struct GlobError {
    pub glob: String,
    pub reason: String,
}

/// Compiles one glob with this tool's semantics: `*` stays within a path component, `**`
/// crosses them, and a trailing `/` names a whole directory.
pub fn compile_glob(pattern: &str) -> Result<globset::Glob, GlobError> {
    let expanded;
    let pattern_to_build = if pattern.ends_with('/') {
        expanded = format!("{pattern}**");
        &expanded
    } else {
        pattern
    };
    GlobBuilder::new(pattern_to_build)
        .literal_separator(true)
        .backslash_escape(true)
        .build()
        .map_err(|e| GlobError {
            glob: pattern.to_string(),
            reason: e.kind().to_string(),
        })
}

impl Area {
    /// Builds an area from its globs; the first glob that fails to compile is the error, along
    /// with its position in `include` followed by `exclude`.
    pub fn new(
        name: String,
        level: Level,
        include: &[String],
        exclude: &[String],
        note: Option<String>,
        role: Option<Role>,
    ) -> Result<Area, (usize, GlobError)> {
        let build = |globs: &[String], offset: usize| {
            let mut set = GlobSetBuilder::new();
            for (i, g) in globs.iter().enumerate() {
                set.add(compile_glob(g).map_err(|e| (offset + i, e))?);
            }
            set.build().map_err(|e| {
                (
                    offset,
                    GlobError {
                        glob: globs.join(", "),
                        reason: e.to_string(),
                    },
                )
            })
        };
        Ok(Area {
            include: build(include, 0)?,
            exclude: build(exclude, include.len())?,
            name,
            level,
            note,
            role,
        })
    }

    /// Whether the repository-relative `path` (raw bytes, as git stores it) lies in this area.
    pub fn matches(&self, path: &[u8]) -> bool {
        let candidate = globset::Candidate::new(path_of(path));
        self.include.is_match_candidate(&candidate) && !self.exclude.is_match_candidate(&candidate)
    }
}

#[cfg(unix)]
fn path_of(bytes: &[u8]) -> &std::path::Path {
    use std::os::unix::ffi::OsStrExt;
    std::path::Path::new(std::ffi::OsStr::from_bytes(bytes))
}

#[cfg(not(unix))]
fn path_of(bytes: &[u8]) -> std::path::PathBuf {
    std::path::PathBuf::from(String::from_utf8_lossy(bytes).into_owned())
}

/// Where a file lands: the areas it matches and the most severe level among them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Placement {
    /// Indices into the configuration's areas, in configuration order.
    pub areas: Vec<usize>,
    pub level: Option<Level>,
}

impl Placement {
    /// The level, `normal` where no area matched.
    pub fn level(&self) -> Level {
        self.level.unwrap_or(Level::Normal)
    }
}

/// Places a change whose paths are `paths` (new path, and the old one for renames).
pub fn place(areas: &[Area], paths: &[&[u8]]) -> Placement {
    let mut placement = Placement::default();
    for (i, area) in areas.iter().enumerate() {
        if paths.iter().any(|p| area.matches(p)) {
            placement.areas.push(i);
            placement.level = placement.level.max(Some(area.level));
        }
    }
    placement
}

#[cfg(test)]
mod tests {
    use super::*;

    fn area(include: &[&str], exclude: &[&str]) -> Area {
        let s = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        Area::new(
            "A".into(),
            Level::Critical,
            &s(include),
            &s(exclude),
            None,
            None,
        )
        .unwrap()
    }

    #[test]
    fn star_stays_in_a_component_and_double_star_crosses() {
        let a = area(&["hw/*.c", "tcg/**"], &[]);
        assert!(a.matches(b"hw/a.c"));
        assert!(!a.matches(b"hw/net/a.c"));
        assert!(a.matches(b"tcg/x/y/z.c"));
        assert!(!a.matches(b"tcgx/a.c"));
    }

    #[test]
    fn trailing_slash_is_a_whole_directory() {
        let a = area(&["migration/"], &["migration/README"]);
        assert!(a.matches(b"migration/ram.c"));
        assert!(a.matches(b"migration/sub/dir.c"));
        assert!(!a.matches(b"migration/README"));
        assert!(!a.matches(b"migrationx.c"));
    }

    #[test]
    fn non_utf8_paths_match() {
        let a = area(&["tcg/**"], &[]);
        assert!(a.matches(b"tcg/\xff\xfe.c"));
    }

    #[test]
    fn invalid_glob_is_named() {
        let err =
            Area::new("A".into(), Level::Normal, &["a/[b".into()], &[], None, None).unwrap_err();
        assert_eq!(err.0, 0);
        assert!(err.1.to_string().contains("a/[b"), "{}", err.1);
    }
}

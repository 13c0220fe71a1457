//! The git configuration that changes how trailers are parsed, read from the repository's
//! configuration files as git reads them (system, global, repository, worktree; includes).

use git2::{ConfigLevel, Repository};

use crate::trailers::{Configured, Options};

/// The variables of a `trailer.<name>` section that make `<name>` a configured trailer.
const ITEM_VARIABLES: [&str; 6] = ["key", "command", "cmd", "where", "ifexists", "ifmissing"];

/// Reads `trailer.separators`, `trailer.<name>.*` and `core.commentChar`/`commentString` from
/// the repository's configuration. A configuration that cannot be read leaves git's defaults.
pub fn options(repo: &Repository) -> Options {
    match repo.config() {
        Ok(config) => from_config(&config),
        Err(_) => Options::default(),
    }
}

/// [`options`] from a configuration: its files from the least to the most specific, each in
/// order, later values winning, as git reads them.
pub fn from_config(config: &git2::Config) -> Options {
    let mut options = Options::default();
    let Ok(mut entries) = config.entries(Some("^(trailer|core)\\.")) else {
        return options;
    };
    let mut all: Vec<(i32, Vec<u8>, Vec<u8>)> = Vec::new();
    while let Some(Ok(entry)) = entries.next() {
        all.push((
            rank(entry.level()),
            entry.name_bytes().to_vec(),
            entry.value_bytes().to_vec(),
        ));
    }
    // git reads the files from the least to the most specific; later values win.
    all.sort_by_key(|e| e.0);
    for (_, name, value) in all {
        apply(&mut options, &name, value);
    }
    options
}

/// Applies one configuration entry, as git's `git_trailer_config` and `git_default_config` do.
fn apply(options: &mut Options, name: &[u8], value: Vec<u8>) {
    let lower = name.to_ascii_lowercase();
    if lower == b"core.commentchar" || lower == b"core.commentstring" {
        // `auto` chooses a character when git writes a message; reading one, git keeps the
        // one set before it.
        if !value.is_empty() && !value.eq_ignore_ascii_case(b"auto") && !value.contains(&b'\n') {
            options.comment = value;
        }
        return;
    }
    let Some(item) = name.strip_prefix(b"trailer.") else {
        return;
    };
    if item == b"separators" {
        options.separators = value;
        return;
    }
    let Some(dot) = item.iter().rposition(|&c| c == b'.') else {
        return;
    };
    let (section, variable) = (&item[..dot], &item[dot + 1..]);
    if !ITEM_VARIABLES.iter().any(|v| v.as_bytes() == variable) {
        return;
    }
    let index = match options
        .configured
        .iter()
        .position(|c| c.name.eq_ignore_ascii_case(section))
    {
        Some(i) => i,
        None => {
            options.configured.push(Configured {
                name: section.to_vec(),
                key: None,
            });
            options.configured.len() - 1
        }
    };
    if variable == b"key" {
        options.configured[index].key = Some(value);
    }
}

/// The order in which git reads configuration levels.
fn rank(level: ConfigLevel) -> i32 {
    match level {
        ConfigLevel::ProgramData => 1,
        ConfigLevel::System => 2,
        ConfigLevel::XDG => 3,
        ConfigLevel::Global => 4,
        ConfigLevel::Local => 5,
        ConfigLevel::Worktree => 6,
        ConfigLevel::App => 7,
        ConfigLevel::Highest => 8,
    }
}

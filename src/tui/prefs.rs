//! The reviewer's `[tui]` choices written back to their config file when they change them
//! (`+`, `-`, `W`), so the next session opens the way they left it. The file is theirs: it is
//! edited in place with `toml_edit`, keeping every other setting, comment and blank line, and
//! replaced atomically (a temporary file beside it, then a rename), through a symbolic link to
//! where the file really is.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Why a choice was not saved; the status bar says so, and the choice still holds until quit.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("{path}: {message}; not saved")]
    Parse { path: PathBuf, message: String },
    #[error("{path}: {source}; not saved")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// A value `[tui]` holds.
pub enum Value {
    Int(i64),
    Bool(bool),
}

/// Sets `[tui] key = value` in the file at `path` (created, with its directory, when missing).
pub fn save(path: &Path, key: &str, value: Value) -> Result<(), SaveError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| SaveError::Io { path, source }
    };
    // Write where a dotfile manager's link points, and leave the link a link.
    let target = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let text = match std::fs::read_to_string(&target) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(io(&target)(e)),
    };
    let mut doc: toml_edit::DocumentMut =
        text.parse()
            .map_err(|e: toml_edit::TomlError| SaveError::Parse {
                path: target.clone(),
                message: e.message().to_string(),
            })?;
    let table = doc
        .entry("tui")
        .or_insert_with(|| toml_edit::Item::Table(toml_edit::Table::new()));
    let Some(table) = table.as_table_like_mut() else {
        return Err(SaveError::Parse {
            path: target,
            message: "tui is not a table".into(),
        });
    };
    let item = match value {
        Value::Int(n) => toml_edit::value(n),
        Value::Bool(b) => toml_edit::value(b),
    };
    match table.get_mut(key) {
        // Keep the comment after the value, as the user wrote it.
        Some(old) if old.is_value() => {
            let decor = old.as_value().map(|v| v.decor().clone());
            *old = item;
            if let (Some(decor), Some(v)) = (decor, old.as_value_mut()) {
                *v.decor_mut() = decor;
            }
        }
        _ => {
            table.insert(key, item);
        }
    }
    let dir = target.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let tmp = dir.join(format!(
        ".{}.{}.tmp",
        target
            .file_name()
            .map_or("config.toml".into(), |n| n.to_string_lossy()),
        std::process::id()
    ));
    let write = || -> std::io::Result<()> {
        let mut f = std::fs::File::create(&tmp)?;
        if let Ok(meta) = std::fs::metadata(&target) {
            f.set_permissions(meta.permissions())?;
        }
        f.write_all(doc.to_string().as_bytes())?;
        f.sync_all()?;
        std::fs::rename(&tmp, &target)
    };
    write().map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        io(&target)(e)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_comments_and_other_settings() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        let mine = "# my settings\nnotes_ref = \"refs/notes/mine\"  # shared with the team\n\n\
                    [tui]\nlist = 35 # wide list\n\n[theme]\ncritical = \"#ff0000\"\n";
        std::fs::write(&path, mine).unwrap();
        save(&path, "list", Value::Int(45)).unwrap();
        save(&path, "wrap", Value::Bool(true)).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            text,
            "# my settings\nnotes_ref = \"refs/notes/mine\"  # shared with the team\n\n\
             [tui]\nlist = 45 # wide list\nwrap = true\n\n[theme]\ncritical = \"#ff0000\"\n"
        );
        // What was written is a configuration git-triage reads.
        let mut c = git_triage::Config::builtin();
        c.apply("config.toml", &text).unwrap();
        assert_eq!((c.tui.list, c.tui.wrap), (45, true));
    }

    #[test]
    fn creates_the_file_and_follows_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new/git-triage/config.toml");
        save(&path, "list", Value::Int(50)).unwrap();
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "[tui]\nlist = 50\n"
        );
        let real = dir.path().join("dotfiles.toml");
        std::fs::write(&real, "[tui]\nwrap = false\n").unwrap();
        let link = dir.path().join("link.toml");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        save(&link, "wrap", Value::Bool(true)).unwrap();
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(
            std::fs::read_to_string(&real).unwrap(),
            "[tui]\nwrap = true\n"
        );
    }

    #[test]
    fn a_broken_file_is_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "[tui\nlist = 3").unwrap();
        let e = save(&path, "list", Value::Int(45)).unwrap_err();
        assert!(e.to_string().ends_with("; not saved"), "{e}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "[tui\nlist = 3");
    }
}

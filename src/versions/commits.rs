//! The patches of a commit range in `range-diff`'s form, read with libgit2: what
//! `git log --no-merges --reverse --date-order -p` would print, rewritten as `range-diff`
//! rewrites it (see [`super::text`]).

use git2::{Oid, Repository, Sort};

use super::compare::{Origin, Version};
use super::text::{oneline, FileHeader, FileKind, PatchText, TextBuilder};
use crate::diff::Status;
use crate::notes::Partner;
use crate::series::{self, Patch};
use crate::Error;

/// The notes `git log` shows by default: the default notes ref, then `notes.displayRef`.
struct NotesRefs(Vec<(String, String)>);

impl NotesRefs {
    fn load(repo: &Repository) -> NotesRefs {
        let default = std::env::var("GIT_NOTES_REF")
            .ok()
            .or_else(|| repo.config().ok()?.get_string("core.notesRef").ok())
            .unwrap_or_else(|| "refs/notes/commits".into());
        let mut refs = vec![default];
        let globs: Vec<String> = match std::env::var("GIT_NOTES_DISPLAY_REF") {
            Ok(v) => v
                .split(':')
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect(),
            Err(_) => repo
                .config()
                .and_then(|c| {
                    let mut out = Vec::new();
                    c.multivar("notes.displayRef", None)?
                        .for_each(|e| out.extend(e.value().map(String::from)))?;
                    Ok(out)
                })
                .unwrap_or_default(),
        };
        for glob in globs {
            if let Ok(found) = repo.references_glob(&glob) {
                for name in found
                    .filter_map(Result::ok)
                    .filter_map(|r| r.name().map(String::from))
                {
                    if !refs.contains(&name) {
                        refs.push(name);
                    }
                }
            }
        }
        NotesRefs(
            refs.into_iter()
                .map(|r| {
                    let heading = if r == "refs/notes/commits" {
                        "Notes".to_string()
                    } else {
                        let short = r.strip_prefix("refs/").unwrap_or(&r);
                        format!("Notes ({})", short.strip_prefix("notes/").unwrap_or(short))
                    };
                    (r, heading)
                })
                .collect(),
        )
    }
}

/// Resolves a version as the user names it: `A..B`, or a single revision `R` meaning the
/// commits of `R` since it forked from its upstream (that of its branch, else of the current
/// branch, else `origin/HEAD`, `main` or `master`). Returns the base and the tip.
pub fn resolve(repo: &Repository, spec: &str) -> Result<(Oid, Oid), Error> {
    if spec.contains("...") {
        return Err(Error::SymmetricRange(spec.to_string()));
    }
    if let Some((a, b)) = spec.split_once("..") {
        let a = if a.is_empty() { "HEAD" } else { a };
        return Ok((series::resolve(repo, a)?, series::resolve(repo, b)?));
    }
    let tip = series::resolve(repo, spec)?;
    let branch = spec.split("@{").next().unwrap_or(spec);
    let candidates = [
        format!("{spec}@{{upstream}}"),
        format!("{branch}@{{upstream}}"),
        "@{upstream}".to_string(),
        "origin/HEAD".into(),
        "main".into(),
        "master".into(),
    ];
    for candidate in candidates {
        if let Ok(upstream) = series::resolve(repo, &candidate) {
            return Ok((repo.merge_base(upstream, tip)?, tip));
        }
    }
    Err(Error::NoVersionBase(spec.to_string()))
}

/// The patches of `spec` (see [`resolve`]), oldest first, merges left out.
pub fn load(repo: &Repository, spec: &str) -> Result<Vec<PatchText>, Error> {
    Ok(read(repo, spec)?.patches)
}

/// The version `spec` names (see [`resolve`]): its patches, oldest first, merges left out.
pub fn read(repo: &Repository, spec: &str) -> Result<Version, Error> {
    let (base, tip) = resolve(repo, spec)?;
    read_range(repo, spec, Some(base), tip)
}

/// The patches of `base..tip` (all of `tip`'s history without a base), named `name`, in the
/// order `git range-diff` reads them (`git log --no-merges --reverse --date-order`), each with
/// its patch-id.
pub fn read_range(
    repo: &Repository,
    name: &str,
    base: Option<Oid>,
    tip: Oid,
) -> Result<Version, Error> {
    let mut walk = repo.revwalk()?;
    walk.set_sorting(Sort::TOPOLOGICAL | Sort::TIME | Sort::REVERSE)?;
    walk.push(tip)?;
    if let Some(base) = base {
        walk.hide(base)?;
    }
    let mailmap = repo.mailmap()?;
    let notes = NotesRefs::load(repo);
    let abbrev = crate::patch_id::auto_abbrev(repo);
    let mut version = Version {
        name: name.to_string(),
        mail: false,
        ..Version::default()
    };
    for oid in walk {
        let commit = repo.find_commit(oid?)?;
        if commit.parent_count() > 1 {
            continue;
        }
        let patch = series::read_patch(&commit, version.patches.len() + 1, &Default::default());
        let label = crate::patch_id::unique_abbrev(repo, commit.id(), abbrev)?;
        let (text, patch_id) = patch_text(repo, &commit, &patch, &mailmap, &notes, label)?;
        version.patches.push(text);
        version.origins.push(Origin::commit(commit.id(), patch_id));
    }
    Ok(version)
}

/// The patch a reviewer names by its commit as the previous version of another (`comment
/// --previous REV`): its key and patch-id (`None` for a merge).
pub fn partner(repo: &Repository, commit: Oid) -> Result<Partner, Error> {
    let c = repo.find_commit(commit)?;
    let mut patch_id = crate::patch_id::Hasher::new(repo);
    if c.parent_count() <= 1 {
        let patch = series::read_patch(&c, 1, &Default::default());
        crate::diff::each_file(repo, &patch, |file| {
            crate::diff::hash_file(&mut patch_id, &file)
        })?;
    }
    Ok(Partner {
        key: commit,
        patch_id: patch_id.finish(),
    })
}

fn patch_text(
    repo: &Repository,
    commit: &git2::Commit<'_>,
    patch: &Patch,
    mailmap: &git2::Mailmap,
    notes: &NotesRefs,
    label: String,
) -> Result<(PatchText, Option<Oid>), Error> {
    let message = message_bytes(commit, patch);
    let author = mailmap.resolve_signature(&commit.author())?;
    let (name, email) = if author.name_bytes() == commit.author().name_bytes()
        && author.email_bytes() == commit.author().email_bytes()
    {
        (
            patch.author.name.as_bytes().to_vec(),
            patch.author.email.as_bytes().to_vec(),
        )
    } else {
        (author.name_bytes().to_vec(), author.email_bytes().to_vec())
    };
    let author_line = [&name[..], b" <", &email[..], b">"].concat();
    let mut text = TextBuilder::new(&author_line, &message);
    for (notes_ref, heading) in &notes.0 {
        if let Ok(note) = repo.find_note(Some(notes_ref), commit.id()) {
            text.note(heading, note.message_bytes());
        }
    }
    // The patch-id in the same pass: what stands on the commit by it is carried from it.
    let mut patch_id = crate::patch_id::Hasher::new(repo);
    crate::diff::each_file(repo, patch, |file| {
        crate::diff::hash_file(&mut patch_id, &file)?;
        file_text(&mut text, &file)
    })?;
    Ok((text.finish(label, oneline(&message)), patch_id.finish()))
}

/// The message as bytes: raw when it is UTF-8 (or claims no encoding), else decoded.
fn message_bytes(commit: &git2::Commit<'_>, patch: &Patch) -> Vec<u8> {
    let declared = commit
        .message_encoding()
        .and_then(|l| encoding_rs::Encoding::for_label(l.as_bytes()));
    match declared {
        Some(enc) if enc != encoding_rs::UTF_8 => patch.message.as_bytes().to_vec(),
        _ => commit.message_raw_bytes().to_vec(),
    }
}

fn file_text(
    text: &mut TextBuilder,
    file: &crate::diff::FileView<'_, '_>,
) -> Result<(), git2::Error> {
    let (old, new) = (file.old, file.new);
    let kind = match file.status {
        Status::Added => FileKind::Added,
        Status::Deleted => FileKind::Deleted,
        Status::Renamed => FileKind::Renamed,
        _ => FileKind::Modified,
    };
    let (old_path, new_path) = (
        old.path_bytes().unwrap_or_default(),
        new.path_bytes().unwrap_or_default(),
    );
    let mode = |f: &git2::DiffFile<'_>, exists: bool| if exists { u32::from(f.mode()) } else { 0 };
    text.file(&FileHeader {
        kind,
        old_path,
        new_path,
        old_mode: mode(old, kind != FileKind::Added),
        new_mode: mode(new, kind != FileKind::Deleted),
    });
    if file.binary {
        if old.id() != new.id() {
            let side = |p: &[u8], exists: bool| {
                if exists {
                    p.to_vec()
                } else {
                    b"/dev/null".to_vec()
                }
            };
            let line = [
                &b"Binary files "[..],
                &side(old_path, kind != FileKind::Added),
                b" and ",
                &side(new_path, kind != FileKind::Deleted),
                b" differ",
            ]
            .concat();
            text.other(&line);
        }
        return Ok(());
    }
    let Some(patch) = file.patch else {
        return Ok(());
    };
    for h in 0..patch.num_hunks() {
        let (hunk, lines) = patch.hunk(h)?;
        text.hunk(after_closing_atat(hunk.header()));
        for l in 0..lines {
            let line = patch.line_in_hunk(h, l)?;
            let content = line.content();
            let content = content.strip_suffix(b"\n").unwrap_or(content);
            match line.origin() {
                c @ (' ' | '+' | '-') => text.line(c as u8, content),
                _ => text.other(b"\\ No newline at end of file"),
            }
        }
    }
    Ok(())
}

/// What follows the closing `@@` of a hunk header, without the newline. git trims the heading
/// after cutting it to 80 bytes; libgit2 can leave a space there, so it is trimmed again.
pub(super) fn after_closing_atat(header: &[u8]) -> &[u8] {
    let after = match header
        .get(2..)
        .and_then(|h| h.windows(2).position(|w| w == b"@@"))
    {
        Some(p) => &header[p + 4..],
        None => b"",
    };
    let end = after
        .iter()
        .rposition(|&c| !super::xdiff::is_space(c))
        .map_or(0, |p| p + 1);
    &after[..end]
}

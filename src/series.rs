//! A patch series: the commits of a range, oldest first, with their headers and trailers.
//!
//! Loading a series reads commits only; file lists and hunks are computed on demand by
//! [`crate::diff`], so that a user interface can show a thousand-patch series at once.

use std::collections::HashSet;
use std::sync::Arc;

use git2::{Oid, Repository};

use crate::mail::{MailSource, Mailed};
use crate::overlay::Overlay;
use crate::signoff::{self, SignOff};
use crate::trailers::{self, Trailer};
use crate::Error;

/// A person or program as recorded in a commit.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Identity {
    pub name: String,
    pub email: String,
    /// Seconds since the epoch.
    #[serde(skip)]
    pub time: i64,
    /// Offset from UTC in minutes.
    #[serde(skip)]
    pub offset_minutes: i32,
}

/// One patch of the series: a commit of a range, or a patch from mail.
#[derive(Debug, Clone)]
pub struct Patch {
    /// 1-based position in the series.
    pub index: usize,
    /// What verdicts attach to: the commit; for mail, the key of its message
    /// ([`crate::mail::key`]), the same whether the mail was applied or not.
    pub key: Oid,
    /// The commit: of the range, or the one a mailed patch became when applied
    /// (readable through [`Series::overlay`]); `None` for mail that was not applied.
    pub commit: Option<Oid>,
    pub parents: Vec<Oid>,
    pub author: Identity,
    pub committer: Identity,
    /// The first paragraph of the message, joined onto one line, as `git log --format=%s`.
    pub subject: String,
    /// The whole message, decoded from its declared encoding into UTF-8.
    pub message: String,
    pub trailers: Vec<Trailer>,
    /// Whether the author signed off, and how that was found.
    pub signoff: SignOff,
    /// The mail the patch came from.
    pub mail: Option<Arc<Mailed>>,
}

impl Patch {
    /// Whether the commit has more than one parent.
    pub fn is_merge(&self) -> bool {
        self.parents.len() > 1
    }

    /// The trailers whose key is `key` (case-insensitively), in order.
    pub fn trailers_named<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a Trailer> + 'a {
        self.trailers.iter().filter(move |t| t.is(key))
    }

    /// The first `n` hex digits of the commit, or `-` padded to `n` for mail that was not
    /// applied.
    pub fn short_id(&self, n: usize) -> String {
        match self.commit {
            Some(c) => c.to_string()[..n].to_string(),
            None => format!("{:<n$}", "-"),
        }
    }

    /// The object verdicts attach to ([`Patch::key`]), written to the object store first when
    /// it is a mailed patch's key blob.
    pub fn verdict_target(&self, repo: &Repository) -> Result<Oid, git2::Error> {
        if let Some(m) = &self.mail {
            crate::mail::key::store(repo, &m.message, m.patch_id)?;
        }
        Ok(self.key)
    }

    /// The message after the subject paragraph.
    pub fn body(&self) -> &str {
        match self.message.find("\n\n") {
            Some(p) => self.message[p..].trim_matches('\n'),
            None => "",
        }
    }
}

/// The patches of a series, oldest first: the commits of a range, or a series from mail.
#[derive(Debug, Clone)]
pub struct Series {
    /// What the user asked for, or the default range that was chosen; for mail, where it was
    /// read from.
    pub range: String,
    /// The commit the series applies to (the left side of `A..B`, the base mail was applied
    /// onto); `None` for mail that was not applied.
    pub base: Option<Oid>,
    /// The last commit; `None` for mail that was not applied.
    pub head: Option<Oid>,
    pub patches: Vec<Patch>,
    /// For a series from mail: its cover letter, version, missing patches and how it was
    /// applied.
    pub mail: Option<Box<MailSource>>,
    /// Objects the repository does not hold: the commits of applied mail, in a temporary
    /// store. Every handle that reads the patches' commits opens the repository through it
    /// ([`Overlay::open`]).
    pub overlay: Overlay,
}

impl Series {
    /// Loads the commits of `range` (or the default range) in `git log --reverse --topo-order`
    /// order.
    pub fn load(repo: &Repository, range: Option<&str>) -> Result<Series, Error> {
        crate::listing::Listing::load(repo, range)?.read(repo)
    }
}

impl Series {
    /// How many patches the series has: `n` of the mail's `[PATCH m/n]` (some may be missing),
    /// else the number of patches.
    pub fn total(&self) -> usize {
        match &self.mail {
            Some(m) => m.total as usize,
            None => self.patches.len(),
        }
    }

    /// The commit whose committed `.git-triage.toml` judges the series: its base; for mail that
    /// was not applied, the checkout's HEAD (the reviewer's own tree, never the mail's).
    pub fn policy_commit(&self, repo: &Repository) -> Option<Oid> {
        match &self.mail {
            Some(m) => m
                .applied
                .base()
                .or_else(|| repo.head().ok().and_then(|h| h.target())),
            None => self.base,
        }
    }

    /// A series of the one commit `id` on `base` (see [`crate::base`]), labelled `range`.
    pub fn single(
        repo: &Repository,
        id: Oid,
        base: Option<Oid>,
        range: String,
    ) -> Result<Series, Error> {
        let commit = repo.find_commit(id)?;
        Shallow::of(repo).check(repo, id)?;
        Ok(Series {
            range,
            base,
            head: Some(id),
            patches: vec![read_patch(&commit, 1, &Reader::new(repo, base))],
            mail: None,
            overlay: Overlay::default(),
        })
    }
}

/// What reading the commits of a series needs from the repository, read once.
#[derive(Default)]
pub struct Reader {
    /// git's trailer configuration ([`crate::trailer_config::options`]).
    pub trailers: trailers::Options,
    /// git's mailmap: `.mailmap` as committed in the series' base (so that a series cannot
    /// change whose sign-off it carries), then `mailmap.blob` and `mailmap.file`.
    pub mailmap: Option<git2::Mailmap>,
}

impl Reader {
    /// The configuration of `repo` and its mailmap at `base`.
    pub fn new(repo: &Repository, base: Option<Oid>) -> Reader {
        Reader {
            trailers: crate::trailer_config::options(repo),
            mailmap: mailmap_at(repo, base),
        }
    }

    /// A name and address as the mailmap resolves them.
    pub(crate) fn resolve(&self, name: &str, email: &str) -> (String, String) {
        let resolved = self.mailmap.as_ref().and_then(|m| {
            let sig = git2::Signature::new(name, email, &git2::Time::new(0, 0)).ok()?;
            let real = m.resolve_signature(&sig).ok()?;
            Some((
                String::from_utf8_lossy(real.name_bytes()).into_owned(),
                String::from_utf8_lossy(real.email_bytes()).into_owned(),
            ))
        });
        resolved.unwrap_or_else(|| (name.to_string(), email.to_string()))
    }
}

/// The text of git's mailmap sources, later ones overriding earlier entries.
fn mailmap_at(repo: &Repository, base: Option<Oid>) -> Option<git2::Mailmap> {
    let blob_text = |spec: &str| -> Option<String> {
        let blob = repo.revparse_single(spec).ok()?.peel_to_blob().ok()?;
        Some(String::from_utf8_lossy(blob.content()).into_owned())
    };
    let mut text = String::new();
    if let Some(base) = base {
        text.extend(blob_text(&format!("{base}:.mailmap")));
    }
    if let Ok(config) = repo.config() {
        if let Ok(spec) = config.get_string("mailmap.blob") {
            text.push('\n');
            text.extend(blob_text(&spec));
        }
        if let Ok(path) = config.get_path("mailmap.file") {
            text.push('\n');
            text.extend(
                std::fs::read(path)
                    .ok()
                    .map(|b| String::from_utf8_lossy(&b).into_owned()),
            );
        }
    }
    if text.trim().is_empty() {
        return None;
    }
    git2::Mailmap::from_buffer(&text.replace('\0', "")).ok()
}

/// Reads one commit's headers, message, trailers and sign-off.
pub fn read_patch(commit: &git2::Commit<'_>, index: usize, reader: &Reader) -> Patch {
    let encoding = commit
        .message_encoding()
        .and_then(|label| encoding_rs::Encoding::for_label(label.as_bytes()));
    let decode = |bytes: &[u8]| -> String {
        match encoding {
            Some(enc) if enc != encoding_rs::UTF_8 => {
                enc.decode_without_bom_handling(bytes).0.into_owned()
            }
            _ => String::from_utf8_lossy(bytes).into_owned(),
        }
    };
    let identity = |s: git2::Signature<'_>| Identity {
        name: decode(s.name_bytes()),
        email: decode(s.email_bytes()),
        time: s.when().seconds(),
        offset_minutes: s.when().offset_minutes(),
    };
    let message = decode(commit.message_raw_bytes());
    let subject = message
        .trim_start_matches('\n')
        .split("\n\n")
        .next()
        .unwrap_or("")
        .lines()
        .map(str::trim)
        .collect::<Vec<_>>()
        .join(" ");
    let author = identity(commit.author());
    let trailers = trailers::parse(message.as_bytes(), &reader.trailers);
    let signoff = signoff::judge(&author, &trailers, &|n, e| reader.resolve(n, e));
    Patch {
        index,
        key: commit.id(),
        commit: Some(commit.id()),
        parents: commit.parent_ids().collect(),
        author,
        committer: identity(commit.committer()),
        subject,
        trailers,
        signoff,
        message,
        mail: None,
    }
}

/// The commit `rev` names (an empty `rev` is `HEAD`).
pub fn resolve(repo: &Repository, rev: &str) -> Result<Oid, Error> {
    let rev = if rev.is_empty() { "HEAD" } else { rev };
    repo.revparse_single(rev)
        .and_then(|o| o.peel_to_commit())
        .map(|c| c.id())
        .map_err(|_| Error::UnknownRevision(rev.to_string()))
}

/// Whether `spec` names a revision or a range of them, as git would read it (`A..B`, `A...B`,
/// an empty side meaning `HEAD`): to tell it from a file of the same name.
pub fn names_revision(repo: &Repository, spec: &str) -> bool {
    let sides = match spec.split_once("...").or_else(|| spec.split_once("..")) {
        Some((a, b)) => vec![a, b],
        None => vec![spec],
    };
    sides.into_iter().all(|side| resolve(repo, side).is_ok())
}

/// `A..B` as typed by a reviewer. An empty side means `HEAD`; a single revision `R` means
/// `R..HEAD`, as `git format-patch R` reads it.
pub(crate) fn resolve_range(repo: &Repository, spec: &str) -> Result<(Option<Oid>, Oid), Error> {
    if spec.contains("...") {
        return Err(Error::SymmetricRange(spec.to_string()));
    }
    match spec.split_once("..") {
        Some((a, b)) => Ok((Some(resolve(repo, a)?), resolve(repo, b)?)),
        None => Ok((Some(resolve(repo, spec)?), resolve(repo, "HEAD")?)),
    }
}

/// What a series is measured against when none is named: HEAD's upstream, else the first of
/// `origin/HEAD`, `main`, `master` that exists; with its name.
pub(crate) fn default_target(repo: &Repository) -> Option<(&'static str, Oid)> {
    if let Ok(upstream) = resolve(repo, "@{upstream}") {
        return Some(("@{upstream}", upstream));
    }
    ["origin/HEAD", "main", "master"]
        .into_iter()
        .find_map(|name| resolve(repo, name).ok().map(|id| (name, id)))
}

/// `@{upstream}..HEAD`, else the merge base of HEAD with `origin/HEAD`, `main` or `master`.
pub(crate) fn default_range(repo: &Repository) -> Result<(String, Option<Oid>, Oid), Error> {
    let head = resolve(repo, "HEAD").map_err(|_| Error::NoDefaultRange)?;
    match default_target(repo) {
        Some(("@{upstream}", upstream)) => Ok(("@{upstream}..HEAD".into(), Some(upstream), head)),
        Some((_, other)) => {
            let base = repo.merge_base(other, head)?;
            let label = format!("{}..HEAD", &base.to_string()[..12]);
            Ok((label, Some(base), head))
        }
        None => Err(Error::NoDefaultRange),
    }
}

/// Refuses a list of commits that reaches a shallow clone's boundary.
pub(crate) fn check_shallow(repo: &Repository, commits: &[Oid]) -> Result<(), Error> {
    let shallow = Shallow::of(repo);
    commits.iter().try_for_each(|&c| shallow.check(repo, c))
}

/// The commits a shallow clone lists as shallow: their parents were not fetched (or they have
/// none: git lists the deepest commit it fetched even when it is a root).
struct Shallow(HashSet<Oid>);

impl Shallow {
    fn of(repo: &Repository) -> Shallow {
        let Ok(text) = std::fs::read_to_string(repo.commondir().join("shallow")) else {
            return Shallow(HashSet::new());
        };
        Shallow(
            text.lines()
                .filter_map(|l| Oid::from_str(l.trim()).ok())
                .collect(),
        )
    }

    /// Refuses a commit at the boundary, whose diff against its missing parent would be wrong.
    /// A commit whose object names no parent is a real root, diffed against the empty tree.
    fn check(&self, repo: &Repository, id: Oid) -> Result<(), Error> {
        if !self.0.contains(&id) || !names_a_parent(repo, id)? {
            return Ok(());
        }
        Err(Error::ShallowBoundary {
            commit: id.to_string(),
        })
    }
}

/// Whether the commit object itself has `parent` lines: libgit2 hides the parents of a shallow
/// commit, the stored object does not.
fn names_a_parent(repo: &Repository, id: Oid) -> Result<bool, Error> {
    let odb = repo.odb()?;
    let object = odb.read(id)?;
    let mut header = object
        .data()
        .split(|&c| c == b'\n')
        .take_while(|line| !line.is_empty());
    Ok(header.any(|line| line.starts_with(b"parent ")))
}

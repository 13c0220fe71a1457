//! Which version a series is compared with, and the comparison itself, in two steps: a
//! [`Request`] gathers what is needed (cheap, on the caller's thread), [`Request::run`] reads
//! and pairs the versions (the work a user interface does off its thread).
//!
//! For a range, the previous version is the one the reviewer names (`--previous OLD`, a range
//! or a revision). For mail, it is an older version of the same series found in the same input
//! (`--previous v2`), by default the newest one; a range or a revision can be named too.

use std::path::PathBuf;

use git2::{Oid, Repository};

use super::commits;
use super::compare::{Comparison, Origin, Version};
use crate::mail::{MailSeries, MailSource, Mailed, Message};
use crate::{Error, Series};

/// What a comparison needs, with nothing borrowed: it can be sent to another thread.
#[derive(Debug, Clone)]
pub struct Request {
    git_dir: PathBuf,
    creation_factor: i32,
    new: New,
    old: Old,
}

#[derive(Debug, Clone)]
enum New {
    /// The commits of a range (merges are found and left out when read).
    Commits {
        name: String,
        base: Option<Oid>,
        head: Oid,
        keys: Vec<Oid>,
    },
    /// Mailed patches, read from their text whether they were applied or not.
    Mail {
        version: u32,
        patches: Vec<(Message, Origin)>,
    },
}

#[derive(Debug, Clone)]
enum Old {
    /// A range or a revision, read as [`commits::resolve`] reads it.
    Commits(String),
    /// An older version found in the mail.
    Mail(Box<MailSeries>),
}

/// A series as a comparison sees it: where its commits are, and for mail its messages.
#[derive(Debug, Clone)]
pub struct Subject<'a> {
    /// What the reviewer asked for (the range), or where the mail was read from.
    pub range: &'a str,
    pub base: Option<Oid>,
    /// `None` for mail that was not applied.
    pub head: Option<Oid>,
    /// What verdicts attach to, per patch in series order.
    pub keys: Vec<Oid>,
    /// For mail: what it says of the series (its older versions), and each patch's message and
    /// origin.
    pub mail: Option<(&'a MailSource, Vec<(&'a Message, Origin)>)>,
}

impl<'a> Subject<'a> {
    /// A loaded series.
    pub fn of(series: &'a Series) -> Subject<'a> {
        let mail = series.mail.as_deref().map(|source| {
            let patches = series
                .patches
                .iter()
                .filter_map(|p| {
                    let m = p.mail.as_ref()?;
                    Some((&m.message, Origin::of_mail(p.key, p.commit, m)))
                })
                .collect();
            (source, patches)
        });
        Subject {
            range: &series.range,
            base: series.base,
            head: series.head,
            keys: series.patches.iter().map(|p| p.key).collect(),
            mail,
        }
    }
}

impl Origin {
    /// A mailed patch's origin: its key, the commit it was applied as (if any), its Message-ID
    /// and patch-id.
    pub fn of_mail(key: Oid, commit: Option<Oid>, mailed: &Mailed) -> Origin {
        Origin {
            key,
            commit,
            message_id: mailed.message.message_id.clone(),
            patch_id: mailed.patch_id,
        }
    }
}

impl Request {
    /// What comparing `series` with `previous` takes; `None` when there is nothing to compare
    /// with (a range without `previous`, mail without an older version). A version number
    /// that the mail does not hold is an error.
    pub fn new(
        repo: &Repository,
        series: &Series,
        previous: Option<&str>,
        creation_factor: i32,
    ) -> Result<Option<Request>, Error> {
        Request::of(repo, &Subject::of(series), previous, creation_factor)
    }

    /// [`Request::new`] for a series known by what a comparison needs of it.
    pub fn of(
        repo: &Repository,
        series: &Subject<'_>,
        previous: Option<&str>,
        creation_factor: i32,
    ) -> Result<Option<Request>, Error> {
        let Some((mail, patches)) = &series.mail else {
            let (Some(spec), Some(head)) = (previous, series.head) else {
                return Ok(None);
            };
            let new = New::Commits {
                name: series.range.to_string(),
                base: series.base,
                head,
                keys: series.keys.clone(),
            };
            let old = Old::Commits(spec.into());
            return Ok(Some(Request::with(repo, new, old, creation_factor)));
        };
        let old = match previous {
            Some(spec) => match version_number(spec) {
                Some(n) => match mail.previous.iter().find(|s| s.version == n) {
                    Some(s) => Old::Mail(Box::new(s.clone())),
                    None => return Err(no_such_version(series.range, &mail.previous, spec)),
                },
                None => Old::Commits(spec.into()),
            },
            None => match mail.previous.first() {
                Some(s) => Old::Mail(Box::new(s.clone())),
                None => return Ok(None),
            },
        };
        let new = New::Mail {
            version: mail.version,
            patches: patches
                .iter()
                .map(|(m, o)| ((*m).clone(), o.clone()))
                .collect(),
        };
        Ok(Some(Request::with(repo, new, old, creation_factor)))
    }

    fn with(repo: &Repository, new: New, old: Old, creation_factor: i32) -> Request {
        Request {
            git_dir: repo.path().to_path_buf(),
            creation_factor,
            new,
            old,
        }
    }

    /// The previous version as the reviewer would name it: `topic@{1}`, `v2`.
    pub fn name(&self) -> String {
        match &self.old {
            Old::Commits(spec) => spec.clone(),
            Old::Mail(s) => format!("v{}", s.version),
        }
    }

    /// Reads both versions and pairs them.
    pub fn run(&self) -> Result<Comparison, Error> {
        let repo = Repository::open(&self.git_dir)?;
        let old = match &self.old {
            Old::Commits(spec) => commits::read(&repo, spec)?,
            Old::Mail(s) => mail_version(s),
        };
        let (new, keys) = match &self.new {
            New::Commits {
                name,
                base,
                head,
                keys,
            } => (
                commits::read_range(&repo, name, *base, *head)?,
                keys.clone(),
            ),
            New::Mail { version, patches } => {
                let keys = patches.iter().map(|(_, o)| o.key).collect();
                let version =
                    super::mail::version(*version, patches.iter().map(|(m, o)| (m, o.clone())));
                (version, keys)
            }
        };
        Ok(Comparison::new(old, new, &keys, self.creation_factor))
    }
}

/// An older mailed version, its patches named by the keys their verdicts attach to.
fn mail_version(series: &MailSeries) -> Version {
    super::mail::version(
        series.version,
        series.patches.iter().map(|p| {
            let patch_id = crate::patch_id::of_text(&p.message.patch);
            let origin = Origin {
                key: crate::mail::key::of(&p.message, patch_id),
                commit: None,
                message_id: p.message.message_id.clone(),
                patch_id,
            };
            (&p.message, origin)
        }),
    )
}

/// `v2` or `2`: a version number of a mailed series.
fn version_number(spec: &str) -> Option<u32> {
    let digits = spec.strip_prefix(['v', 'V']).unwrap_or(spec);
    digits.parse().ok().filter(|_| !digits.is_empty())
}

fn no_such_version(range: &str, previous: &[MailSeries], spec: &str) -> Error {
    Error::NoSuchVersion {
        version: spec.to_string(),
        series: range.to_string(),
        have: if previous.is_empty() {
            "no earlier version".into()
        } else {
            let v: Vec<String> = previous.iter().map(|s| format!("v{}", s.version)).collect();
            format!("earlier versions {}", v.join(", "))
        },
    }
}

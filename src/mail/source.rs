//! A series from mail as a [`Series`]: read, assembled, chosen, and applied in memory onto a
//! base when there is one, so that every view reviews it as it reviews a range.

use std::path::PathBuf;
use std::sync::Arc;

use git2::{Oid, Repository};

use super::apply::{self, Rejection};
use super::{Anomaly, Container, Followup, MailSeries, Message, ParseOptions};
use crate::overlay::Overlay;
use crate::series::{Identity, Patch, Reader, Series};
use crate::Error;

/// What the reviewer named: where the mail is, and how to take it.
#[derive(Debug, Clone, Default)]
pub struct MailInput {
    /// An mbox, a maildir, a directory of patch files, one message, or `-` for standard input.
    pub path: PathBuf,
    /// The series holding this Message-ID, when the mail holds several.
    pub message_id: Option<String>,
    /// Apply onto this revision rather than the `base-commit:` the mail names.
    pub base: Option<String>,
    /// Show the series from the patch text even when a base is at hand.
    pub no_apply: bool,
    pub options: ParseOptions,
}

/// A patch as mail gave it.
#[derive(Debug, Clone)]
pub struct Mailed {
    /// `m` of `[PATCH m/n]`.
    pub index: u32,
    pub message: Message,
    /// Trailers reviewers sent in replies (see [`super::assemble`]).
    pub followups: Vec<Followup>,
    /// `git patch-id --stable` of the patch as `git mailinfo` extracts it.
    pub patch_id: Option<Oid>,
    /// Why it was left out, when the series was applied and this patch did not apply.
    pub rejected: Option<Rejection>,
    /// What is wrong with the mail of the series, reported on this patch: missing patches and
    /// duplicates on the patch concerned, else on the first.
    pub anomalies: Vec<Anomaly>,
}

/// What the mail says about a series beyond its patches.
#[derive(Debug, Clone)]
pub struct MailSource {
    /// Where it was read from (`-` for standard input).
    pub path: PathBuf,
    pub container: Container,
    pub version: u32,
    /// `n` of `[PATCH m/n]`.
    pub total: u32,
    pub rfc: bool,
    /// The cover letter's title, else the first patch's.
    pub title: String,
    pub cover: Option<Message>,
    /// Trailers from replies to the cover letter (they count for every patch).
    pub cover_followups: Vec<Followup>,
    /// Indices `1..=total` with no patch.
    pub missing: Vec<u32>,
    /// Older versions of the series found in the mail, newest first.
    pub previous: Vec<MailSeries>,
    /// Person trailers in replies that name someone other than the sender (not applied).
    pub unmatched_followups: Vec<Followup>,
    pub anomalies: Vec<Anomaly>,
    pub applied: Application,
}

/// Whether a mailed series was applied, and onto what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Application {
    /// Applied in memory onto `base`.
    Applied { base: Oid, named_by: BaseFrom },
    /// Shown from the patch text alone.
    NotApplied(Unapplied),
}

/// Who named the base a series was applied onto.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BaseFrom {
    /// `--base REV`.
    Reviewer,
    /// The `base-commit:` footer of the mail.
    Mail,
}

/// Why a mailed series was not applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unapplied {
    /// The mail names no `base-commit:` and none was given.
    NoBase,
    /// The mail's `base-commit:` is not in this repository.
    BaseMissing(String),
    /// The reviewer asked for the patch text alone (`--no-apply`).
    Declined,
}

impl Application {
    /// One line for reports: `applied onto 1a2b3c4d5e6f (base-commit of the mail)`.
    pub fn describe(&self) -> String {
        match self {
            Application::Applied { base, named_by } => format!(
                "applied in memory onto {} ({})",
                &base.to_string()[..12],
                match named_by {
                    BaseFrom::Reviewer => "--base",
                    BaseFrom::Mail => "base-commit of the mail",
                }
            ),
            Application::NotApplied(Unapplied::NoBase) => {
                "not applied: the mail names no base-commit; give one with --base".into()
            }
            Application::NotApplied(Unapplied::BaseMissing(b)) => format!(
                "not applied: its base-commit {} is not in this repository; fetch it or give --base",
                crate::sanitize::escape(b)
            ),
            Application::NotApplied(Unapplied::Declined) => "not applied (--no-apply)".into(),
        }
    }
}

/// Reads the mail `input` names into a series, applied in memory onto its base when there is
/// one (`--base`, else the mail's `base-commit:` when this repository has that commit).
pub fn load(repo: &Repository, input: &MailInput) -> Result<Series, Error> {
    let (container, raws) = super::read_raw(&input.path)?;
    let messages = raws
        .iter()
        .map(|r| Message::parse_with(r, input.options))
        .collect();
    let chosen = super::choose(
        super::assemble(messages),
        input.message_id.as_deref(),
        &input.path,
    )?;
    if chosen.patches.is_empty() {
        return Err(super::SeriesError::NoPatches {
            path: input.path.clone(),
        }
        .into());
    }
    let application = application(repo, input, &chosen)?;
    let MailSeries {
        version,
        total,
        rfc,
        title,
        cover,
        cover_followups,
        patches,
        missing,
        previous,
        unmatched_followups,
        anomalies,
    } = chosen;
    let (outcomes, overlay) = match &application {
        Application::Applied { base, .. } => {
            let messages: Vec<&Message> = patches.iter().map(|p| &p.message).collect();
            let applied = apply::apply(repo.path(), *base, &messages)?;
            (Some(applied.outcomes), applied.overlay)
        }
        Application::NotApplied(_) => (None, Overlay::default()),
    };
    let base = match &application {
        Application::Applied { base, .. } => Some(*base),
        Application::NotApplied(_) => None,
    };
    // Trailer settings and mailmap as for a range: at the base, or for mail not applied, at
    // the checkout's HEAD.
    let reader = Reader::new(
        repo,
        base.or_else(|| repo.head().ok().and_then(|h| h.target())),
    );
    let mut placed = place_anomalies(&anomalies, &patches);
    let mut parent = base;
    let mut out = Vec::with_capacity(patches.len());
    for (i, p) in patches.into_iter().enumerate() {
        let outcome = outcomes.as_ref().map(|o| o[i].clone());
        let commit = outcome.as_ref().and_then(apply::Outcome::commit);
        let rejected = match outcome {
            Some(apply::Outcome::Rejected(r)) => Some(r),
            _ => None,
        };
        let parents = match commit {
            Some(_) => parent.into_iter().collect(),
            None => Vec::new(),
        };
        parent = commit.or(parent);
        let patch_id = crate::patch_id::of_text(&p.message.patch);
        out.push(patch_of(
            Mailed {
                index: p.index,
                message: p.message,
                followups: p.followups,
                patch_id,
                rejected,
                anomalies: std::mem::take(&mut placed[i]),
            },
            commit,
            parents,
            &reader,
        ));
    }
    Ok(Series {
        range: if input.path.as_os_str() == "-" {
            "mail from standard input".to_string()
        } else {
            input.path.display().to_string()
        },
        base,
        head: parent,
        patches: out,
        mail: Some(Box::new(MailSource {
            path: input.path.clone(),
            container,
            version,
            total,
            rfc,
            title,
            cover,
            cover_followups,
            missing,
            previous,
            unmatched_followups,
            anomalies,
            applied: application,
        })),
        overlay,
    })
}

/// Each anomaly on the patch it is about, else on the first patch.
fn place_anomalies(anomalies: &[Anomaly], patches: &[super::MailPatch]) -> Vec<Vec<Anomaly>> {
    let mut out = vec![Vec::new(); patches.len()];
    for a in anomalies {
        let at = match a {
            Anomaly::DuplicateMessageId { message_id, .. } => patches
                .iter()
                .position(|p| p.message.message_id.as_ref() == Some(message_id)),
            Anomaly::DuplicatePatch { index, .. } => patches.iter().position(|p| p.index == *index),
            Anomaly::SeriesIncomplete { .. } => None,
        };
        if let Some(slot) = out.get_mut(at.unwrap_or(0)) {
            slot.push(a.clone());
        }
    }
    out
}

/// Where the series goes: `--base`, the mail's `base-commit:` when it is here, or nowhere.
fn application(
    repo: &Repository,
    input: &MailInput,
    series: &MailSeries,
) -> Result<Application, Error> {
    if input.no_apply {
        return Ok(Application::NotApplied(Unapplied::Declined));
    }
    let commit = |rev: &str| {
        repo.revparse_single(rev)
            .and_then(|o| o.peel_to_commit())
            .map(|c| c.id())
    };
    if let Some(rev) = &input.base {
        let base = commit(rev).map_err(|_| Error::UnknownRevision(rev.clone()))?;
        return Ok(Application::Applied {
            base,
            named_by: BaseFrom::Reviewer,
        });
    }
    Ok(match series.base_commit() {
        // Only a full id: an abbreviated one could name another commit here.
        Some(b) => match Oid::from_str(b)
            .ok()
            .filter(|_| b.len() == 40)
            .map(|o| repo.find_commit(o))
        {
            Some(Ok(c)) => Application::Applied {
                base: c.id(),
                named_by: BaseFrom::Mail,
            },
            _ => Application::NotApplied(Unapplied::BaseMissing(b.to_string())),
        },
        None => Application::NotApplied(Unapplied::NoBase),
    })
}

/// The patch a mailed one becomes: author and message as `git am` would commit them, the
/// committer the author (as in the commit made in memory).
fn patch_of(mailed: Mailed, commit: Option<Oid>, parents: Vec<Oid>, reader: &Reader) -> Patch {
    let m = &mailed.message;
    let (time, offset_minutes) = m.author.time.unwrap_or((0, 0));
    let author = Identity {
        name: m.author.name.clone(),
        email: m.author.email.clone(),
        time,
        offset_minutes,
    };
    let trailers = crate::trailers::parse(m.commit_message.as_bytes(), &reader.trailers);
    let signoff = crate::signoff::judge(&author, &trailers, &|n, e| reader.resolve(n, e));
    Patch {
        index: mailed.index as usize,
        key: super::key::of(m, mailed.patch_id),
        commit,
        parents,
        committer: author.clone(),
        author,
        subject: m.commit_subject.clone(),
        trailers,
        signoff,
        message: m.commit_message.clone(),
        mail: Some(Arc::new(mailed)),
    }
}

//! A series from mail as a [`Series`]: read, assembled, chosen, and applied onto a base when
//! there is one (its objects kept outside the repository, see [`crate::overlay`]), so that
//! every view reviews it as it reviews a range.

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
    /// Applied onto `base`, its objects kept outside the repository.
    Applied { base: Oid, named_by: BaseFrom },
    /// To be applied onto `base` ([`apply_pending`]).
    Pending { base: Oid, named_by: BaseFrom },
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
    /// Applying failed for a reason other than a patch that does not apply.
    Failed(String),
}

impl Application {
    /// The base the series is (or is to be) applied onto.
    pub fn base(&self) -> Option<Oid> {
        match self {
            Application::Applied { base, .. } | Application::Pending { base, .. } => Some(*base),
            Application::NotApplied(_) => None,
        }
    }

    /// One line for reports: `applied onto 1a2b3c4d5e6f (base-commit of the mail)`.
    pub fn describe(&self) -> String {
        let named = |by: &BaseFrom| match by {
            BaseFrom::Reviewer => "--base",
            BaseFrom::Mail => "base-commit of the mail",
        };
        match self {
            Application::Applied { base, named_by } => format!(
                "applied onto {} ({}; objects kept outside the repository)",
                &base.to_string()[..12],
                named(named_by)
            ),
            Application::Pending { base, named_by } => format!(
                "being applied onto {} ({}; objects kept outside the repository)",
                &base.to_string()[..12],
                named(named_by)
            ),
            Application::NotApplied(Unapplied::NoBase) => {
                "not applied: the mail names no base-commit; give one with --base".into()
            }
            Application::NotApplied(Unapplied::BaseMissing(b)) => format!(
                "not applied: its base-commit {} is not in this repository; fetch it or give --base",
                crate::sanitize::escape(b)
            ),
            Application::NotApplied(Unapplied::Declined) => "not applied (--no-apply)".into(),
            Application::NotApplied(Unapplied::Failed(why)) => {
                format!("not applied: {}", crate::sanitize::escape(why))
            }
        }
    }
}

/// Reads the mail `input` names into a series, applied onto its base when there is
/// one (`--base`, else the mail's `base-commit:` when this repository has that commit).
pub fn load(repo: &Repository, input: &MailInput) -> Result<Series, Error> {
    let mut series = prepare(repo, input)?;
    apply_pending(repo, &mut series)?;
    Ok(series)
}

/// Reads the mail into a series without applying it yet: when there is a base, the series says
/// so ([`Application::Pending`]) and [`apply_pending`] applies it. Everything but the diffs is
/// known before, so a user interface draws first and applies meanwhile.
pub fn prepare(repo: &Repository, input: &MailInput) -> Result<Series, Error> {
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
    // Trailer settings and mailmap as for a range: at the base, or for mail not applied, at
    // the checkout's HEAD.
    let reader = Reader::new(
        repo,
        application
            .base()
            .or_else(|| repo.head().ok().and_then(|h| h.target())),
    );
    let mut placed = place_anomalies(&anomalies, &patches);
    let mut out = Vec::with_capacity(patches.len());
    for (i, p) in patches.into_iter().enumerate() {
        let patch_id = crate::patch_id::of_text(&p.message.patch);
        let mailed = Mailed {
            index: p.index,
            message: p.message,
            followups: p.followups,
            patch_id,
            rejected: None,
            anomalies: std::mem::take(&mut placed[i]),
        };
        out.push(patch_of(mailed, &reader));
    }
    Ok(Series {
        range: if input.path.as_os_str() == "-" {
            "mail from standard input".to_string()
        } else {
            input.path.display().to_string()
        },
        base: None,
        head: None,
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
        overlay: Overlay::default(),
    })
}

/// Applies a series [`prepare`] left pending onto its base, outside the repository: each patch gets its
/// commit (or why it did not apply), the series its base, head and overlay. Any other series
/// is left as it is.
pub fn apply_pending(repo: &Repository, series: &mut Series) -> Result<(), Error> {
    let Some(Application::Pending { base, named_by }) =
        series.mail.as_ref().map(|m| m.applied.clone())
    else {
        return Ok(());
    };
    let messages: Vec<&Message> = series
        .patches
        .iter()
        .filter_map(|p| p.mail.as_ref().map(|m| &m.message))
        .collect();
    let applied = apply::apply(repo.path(), base, &messages)?;
    let mut parent = base;
    for (p, outcome) in series.patches.iter_mut().zip(applied.outcomes) {
        let Some(mailed) = p.mail.as_mut().map(Arc::make_mut) else {
            continue;
        };
        match outcome {
            apply::Outcome::Applied(commit) => {
                p.commit = Some(commit);
                p.parents = vec![parent];
                parent = commit;
            }
            apply::Outcome::Rejected(why) => mailed.rejected = Some(why),
        }
    }
    series.base = Some(base);
    series.head = Some(parent);
    series.overlay = applied.overlay;
    if let Some(m) = series.mail.as_mut() {
        m.applied = Application::Applied { base, named_by };
    }
    Ok(())
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
        return Ok(Application::Pending {
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
            Some(Ok(c)) => Application::Pending {
                base: c.id(),
                named_by: BaseFrom::Mail,
            },
            _ => Application::NotApplied(Unapplied::BaseMissing(b.to_string())),
        },
        None => Application::NotApplied(Unapplied::NoBase),
    })
}

/// The patch a mailed one becomes, before it is applied: author and message as `git am` would
/// commit them, the committer the author (as in the commit applying makes).
fn patch_of(mailed: Mailed, reader: &Reader) -> Patch {
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
        commit: None,
        parents: Vec::new(),
        committer: author.clone(),
        author,
        subject: m.commit_subject.clone(),
        trailers,
        signoff,
        message: m.commit_message.clone(),
        mail: Some(Arc::new(mailed)),
    }
}

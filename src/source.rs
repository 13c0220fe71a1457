//! What the reviewer names, and the one place it becomes a [`Series`]: the commits of a range,
//! or a series from mail (applied onto a base outside the repository, or read from its text).

use git2::Repository;

use crate::base::{self, Choice, Chosen};
use crate::mail::{self, MailInput};
use crate::{Error, Series};

/// Where a series comes from.
#[derive(Debug, Clone)]
pub enum Source {
    /// A range as `git log` takes it; `None` for the default range (the upstream of HEAD).
    Range(Option<String>),
    /// Mail: an mbox, a maildir, a message, or standard input.
    Mail(MailInput),
}

impl Source {
    /// The series.
    pub fn series(&self, repo: &Repository) -> Result<Series, Error> {
        match self {
            Source::Range(range) => Series::load(repo, range.as_deref()),
            Source::Mail(input) => mail::source::load(repo, input),
        }
    }

    /// The series as a user interface draws it first: mail is read but not yet applied (its
    /// application says it is pending; [`crate::mail::source::apply_pending`] applies it).
    pub fn prepared(&self, repo: &Repository) -> Result<Series, Error> {
        match self {
            Source::Range(range) => Series::load(repo, range.as_deref()),
            Source::Mail(input) => mail::source::prepare(repo, input),
        }
    }

    /// One patch of it, as a series of one: for a range, `rev` is any revision, judged on the
    /// base `choice` leads to (see [`crate::base`], which says why); for mail, the number `m` of
    /// `[PATCH m/n]` or a Message-ID, and the mail's facts (cover letter, applied or not) stay
    /// with it.
    pub fn single(
        &self,
        repo: &Repository,
        rev: &str,
        choice: Choice<'_>,
    ) -> Result<(Series, Option<Chosen>), Error> {
        let Source::Mail(input) = self else {
            let id = crate::series::resolve(repo, rev)?;
            let chosen = base::choose(repo, id, rev, choice)?;
            let series = Series::single(repo, id, chosen.base, rev.to_string())?;
            return Ok((series, Some(chosen)));
        };
        let mut series = mail::source::load(repo, input)?;
        let id = rev.trim().trim_matches(['<', '>']);
        let wanted = |p: &crate::Patch| match id.parse::<usize>() {
            Ok(n) => p.index == n,
            Err(_) => p
                .mail
                .as_ref()
                .and_then(|m| m.message.message_id.as_deref())
                .is_some_and(|m| m == id),
        };
        let Some(at) = series.patches.iter().position(wanted) else {
            return Err(Error::NoSuchPatch {
                rev: rev.to_string(),
                series: series.range.clone(),
                have: series
                    .patches
                    .iter()
                    .map(|p| p.index.to_string())
                    .collect::<Vec<_>>()
                    .join(", "),
            });
        };
        let patch = series.patches.swap_remove(at);
        series.patches = vec![patch];
        Ok((series, None))
    }
}

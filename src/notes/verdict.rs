//! What a verdict is: a reviewer's decision on one commit, at one time, with an optional
//! comment; and who the reviewer is.

use std::cmp::Ordering;
use std::time::SystemTime;

use git2::{Oid, Repository};
use serde::{Serialize, Serializer};

use super::line::format_time;
use super::NotesError;

/// A reviewer's decision on a patch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum State {
    Accept,
    Reject,
    NeedsWork,
    /// Clears an earlier decision.
    Pending,
}

impl State {
    pub const ALL: [State; 4] = [
        State::Accept,
        State::Reject,
        State::NeedsWork,
        State::Pending,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            State::Accept => "accept",
            State::Reject => "reject",
            State::NeedsWork => "needs-work",
            State::Pending => "pending",
        }
    }

    /// The past participle for sentences: "accepted in 1a2b3c4".
    pub fn done(self) -> &'static str {
        match self {
            State::Accept => "accepted",
            State::Reject => "rejected",
            State::NeedsWork => "sent back for work",
            State::Pending => "left pending",
        }
    }
}

impl std::str::FromStr for State {
    type Err = String;

    fn from_str(s: &str) -> Result<State, String> {
        State::ALL
            .into_iter()
            .find(|st| st.as_str() == s)
            .ok_or_else(|| {
                format!("unknown verdict {s:?}; expected accept, reject, needs-work or pending")
            })
    }
}

/// Who gives verdicts: git's committer identity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reviewer {
    pub name: String,
    pub email: String,
}

impl Reviewer {
    /// The identity git would put on a notes commit: `GIT_COMMITTER_NAME`/`EMAIL`, else
    /// `user.name`/`user.email` from the repository's configuration.
    pub fn from_git(repo: &Repository) -> Result<Reviewer, NotesError> {
        let config = repo.config()?;
        let get = |env: &str, key: &str| {
            std::env::var(env)
                .ok()
                .or_else(|| config.get_string(key).ok())
                .map(|v| clean_name(&v))
                .filter(|v| !v.is_empty())
        };
        match (
            get("GIT_COMMITTER_NAME", "user.name"),
            get("GIT_COMMITTER_EMAIL", "user.email"),
        ) {
            (Some(name), Some(email)) => Ok(Reviewer {
                name,
                email: clean_email(&email),
            }),
            _ => Err(NotesError::IdentityUnknown),
        }
    }
}

/// Names lose what would break the line format or hide in it, as git strips "crud" from
/// identities: angle brackets, control characters, bidi and zero-width characters.
pub(super) fn clean_name(s: &str) -> String {
    s.chars()
        .filter(|&c| name_char(c))
        .collect::<String>()
        .trim()
        .to_string()
}

fn name_char(c: char) -> bool {
    c != '<'
        && c != '>'
        && !c.is_control()
        && !crate::sanitize::is_hidden(c)
        && !matches!(c, '\u{2028}' | '\u{2029}')
}

fn email_char(c: char) -> bool {
    c != '<' && c != '>' && !c.is_whitespace() && !c.is_control() && !crate::sanitize::is_hidden(c)
}

/// An email address without what could end or hide in the `<...>` of the line.
pub(super) fn clean_email(s: &str) -> String {
    s.chars().filter(|&c| email_char(c)).collect()
}

/// Whether a name read from a line is one [`clean_name`] leaves as it is (without building
/// the cleaned copy: a note may have hundreds of thousands of lines).
pub(super) fn is_clean_name(s: &str) -> bool {
    s.trim() == s && s.chars().all(name_char)
}

/// Whether an email read from a line is one [`clean_email`] leaves as it is.
pub(super) fn is_clean_email(s: &str) -> bool {
    s.chars().all(email_char)
}

/// One line of a note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verdict {
    pub state: State,
    pub reviewer: String,
    pub email: String,
    #[serde(serialize_with = "serialize_time")]
    pub at: SystemTime,
    #[serde(serialize_with = "serialize_oid")]
    pub patch_id: Option<Oid>,
    pub comment: Option<String>,
    /// The commit the verdict was first given on, when it was carried over to this one.
    #[serde(skip)]
    pub from: Option<Oid>,
}

fn serialize_time<S: Serializer>(t: &SystemTime, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&format_time(*t))
}

pub(super) fn serialize_oid<S: Serializer>(o: &Option<Oid>, s: S) -> Result<S::Ok, S::Error> {
    match o {
        Some(o) => s.serialize_str(&o.to_string()),
        None => s.serialize_none(),
    }
}

impl Verdict {
    /// A verdict by `reviewer`, now (to the millisecond, as the line stores it).
    pub fn new(
        state: State,
        reviewer: &Reviewer,
        patch_id: Option<Oid>,
        comment: Option<String>,
    ) -> Verdict {
        Verdict {
            state,
            reviewer: reviewer.name.clone(),
            email: reviewer.email.clone(),
            at: super::line::to_millis(SystemTime::now()),
            patch_id,
            comment: comment.filter(|c| !c.trim().is_empty()),
            from: None,
        }
    }

    /// The comment, unless it is empty: an empty one on a `pending` line withdraws a remark
    /// (see [`Verdict::is_remark`]) and says nothing.
    pub fn said(&self) -> Option<&str> {
        self.comment.as_deref().filter(|c| !c.trim().is_empty())
    }

    /// A `pending` with a comment: a comment without a decision, which neither decides nor
    /// clears. Its comment may be empty (`""`): the remark was withdrawn, and whatever stood
    /// under it (a verdict carried from an earlier version) still stands, where a bare
    /// `pending` would clear it.
    pub fn is_remark(&self) -> bool {
        self.state == State::Pending && self.comment.is_some()
    }

    /// Whether `email` gave this verdict (emails compare without regard to ASCII case, as
    /// mailboxes do in practice).
    pub fn same_reviewer(&self, email: &str) -> bool {
        self.email.eq_ignore_ascii_case(email)
    }

    /// The order in which a reviewer's verdicts supersede each other: by time, and for two
    /// lines with the same millisecond (written on two machines) by the bytes of the line, so
    /// every machine picks the same one whatever the order of lines in its note. That is also
    /// the order `git notes merge -s cat_sort_uniq` sorts lines into.
    pub fn recency_cmp(&self, other: &Verdict) -> Ordering {
        self.at
            .cmp(&other.at)
            .then_with(|| self.to_line().cmp(&other.to_line()))
    }
}

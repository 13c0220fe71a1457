//! A series next to its previous version: what each of its patches was before (unchanged,
//! changed in its code or message, new) and which old patches were dropped, as `git range-diff`
//! pairs them. Reports, verdicts carried over and the TUI read it from here.

use std::collections::HashMap;

use git2::Oid;
use serde::ser::{Serialize, SerializeMap, Serializer};

use super::interdiff::Interdiff;
use super::range_diff::{pair, Pairing, State};
use super::text::PatchText;
use crate::notes::Partner;

/// Where a patch of a version comes from, as reports name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// What verdicts attach to: the commit, or a mailed patch's key.
    pub key: Oid,
    /// The commit; `None` for mail that was not applied.
    pub commit: Option<Oid>,
    /// The Message-ID of a mailed patch.
    pub message_id: Option<String>,
    /// Its stable patch-id, as verdicts record it; `None` for a patch without one.
    pub patch_id: Option<Oid>,
}

impl Origin {
    /// A commit's origin: verdicts attach to the commit itself.
    pub fn commit(id: Oid, patch_id: Option<Oid>) -> Origin {
        Origin {
            key: id,
            commit: Some(id),
            message_id: None,
            patch_id,
        }
    }

    /// What is carried from it to the patch that replaces it: what stands on its key.
    pub fn partner(&self) -> Partner {
        Partner {
            key: self.key,
            patch_id: self.patch_id,
        }
    }
}

/// One version of a series in `range-diff`'s form.
#[derive(Debug, Clone, Default)]
pub struct Version {
    /// How the reviewer named it: `base..topic-v2`, `topic@{1}`, `v2`.
    pub name: String,
    /// Whether it was read from mail (its patches are named by Message-ID).
    pub mail: bool,
    /// Oldest first, merges left out.
    pub patches: Vec<PatchText>,
    /// One per patch.
    pub origins: Vec<Origin>,
}

/// A series compared with its previous version.
#[derive(Debug, Clone)]
pub struct Comparison {
    pub old: Version,
    pub new: Version,
    pub pairing: Pairing,
    /// For each patch of the series, its position in `new`; `None` for a merge, which
    /// `range-diff` leaves out.
    at: Vec<Option<usize>>,
}

/// What a patch of the series was in the previous version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Previous<'a> {
    /// Its partner's 1-based position in the previous version; `None` for a new patch.
    pub index: Option<usize>,
    /// Its partner; `None` for a new patch.
    pub origin: Option<&'a Origin>,
    /// Its partner in `range-diff`'s form.
    pub patch: Option<&'a PatchText>,
    pub state: State,
    /// Whether the previous version came from mail (the partner is named by Message-ID).
    mail: bool,
}

/// An old patch with no partner in the series.
#[derive(Debug, Clone, Copy)]
pub struct Dropped<'a> {
    /// 1-based position in the previous version.
    pub index: usize,
    pub origin: &'a Origin,
    pub patch: &'a PatchText,
    mail: bool,
}

/// How many patches are in each state, and how many old ones were dropped.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub unchanged: usize,
    pub changed: usize,
    pub new: usize,
    pub dropped: usize,
}

impl Previous<'_> {
    /// Whether the previous version came from mail.
    pub fn is_mail(&self) -> bool {
        self.mail
    }
}

impl Dropped<'_> {
    /// Whether the previous version came from mail.
    pub fn is_mail(&self) -> bool {
        self.mail
    }
}

impl Comparison {
    /// Pairs `old` with `new`, the patches of a series whose keys (in series order) are `keys`;
    /// a key not in `new` is a merge, which has no state.
    pub fn new(old: Version, new: Version, keys: &[Oid], creation_factor: i32) -> Comparison {
        let pairing = pair(&old.patches, &new.patches, creation_factor);
        let by_key: HashMap<Oid, usize> = new
            .origins
            .iter()
            .enumerate()
            .map(|(j, o)| (o.key, j))
            .collect();
        let at = keys.iter().map(|k| by_key.get(k).copied()).collect();
        Comparison {
            old,
            new,
            pairing,
            at,
        }
    }

    /// What patch `i` of the series (0-based) was in the previous version; `None` for a merge.
    pub fn previous(&self, i: usize) -> Option<Previous<'_>> {
        let j = (*self.at.get(i)?)?;
        let partner = self.pairing.new_match[j];
        Some(Previous {
            index: partner.map(|p| p + 1),
            origin: partner.map(|p| &self.old.origins[p]),
            patch: partner.map(|p| &self.old.patches[p]),
            state: self.pairing.state(&self.old.patches, &self.new.patches, j),
            mail: self.old.mail,
        })
    }

    /// How many patches the series has (merges included).
    pub fn len(&self) -> usize {
        self.at.len()
    }

    /// Whether the series has no patches.
    pub fn is_empty(&self) -> bool {
        self.at.is_empty()
    }

    /// The state of patch `i`; `None` for a merge.
    pub fn state(&self, i: usize) -> Option<State> {
        self.previous(i).map(|p| p.state)
    }

    /// Patch `i`'s partner as the notes know it: where verdicts and comments may be carried
    /// from (see [`Partner`]).
    pub fn carries_from(&self, i: usize) -> Option<Partner> {
        self.previous(i)?.origin.map(Origin::partner)
    }

    /// The old patches without a partner, in order.
    pub fn dropped(&self) -> Vec<Dropped<'_>> {
        self.pairing
            .dropped()
            .into_iter()
            .map(|i| Dropped {
                index: i + 1,
                origin: &self.old.origins[i],
                patch: &self.old.patches[i],
                mail: self.old.mail,
            })
            .collect()
    }

    /// What changed in patch `i` since the previous version; `None` unless it is paired.
    pub fn interdiff(&self, i: usize) -> Option<Interdiff> {
        let j = (*self.at.get(i)?)?;
        let p = self.pairing.new_match[j]?;
        Some(Interdiff::between(
            &self.old.patches[p],
            &self.new.patches[j],
        ))
    }

    /// For each patch of the series, what changed since its partner; `None` for unchanged, new
    /// and merge patches, which have nothing to show.
    pub fn interdiffs(&self) -> Vec<Option<Interdiff>> {
        (0..self.len())
            .map(|i| match self.state(i) {
                Some(State::Changed { .. }) => self.interdiff(i),
                _ => None,
            })
            .collect()
    }

    /// The partner of patch `i` in `range-diff`'s form; `None` unless it is paired.
    pub fn partner(&self, i: usize) -> Option<&PatchText> {
        let j = (*self.at.get(i)?)?;
        Some(&self.old.patches[self.pairing.new_match[j]?])
    }

    /// How many patches of the series are in each state.
    pub fn tally(&self) -> Tally {
        let mut t = Tally {
            dropped: self.pairing.dropped().len(),
            ..Tally::default()
        };
        for i in 0..self.at.len() {
            match self.state(i) {
                Some(State::Unchanged) => t.unchanged += 1,
                Some(State::Changed { .. }) => t.changed += 1,
                Some(State::New) => t.new += 1,
                None => {}
            }
        }
        t
    }
}

impl State {
    /// The name reports use: `unchanged`, `changed`, `new`.
    pub fn as_str(self) -> &'static str {
        match self {
            State::Unchanged => "unchanged",
            State::Changed { .. } => "changed",
            State::New => "new",
        }
    }

    /// What changed: `code`, `message`, both, or nothing.
    pub fn changed(self) -> Vec<&'static str> {
        match self {
            State::Changed { code, message } => [(code, "code"), (message, "message")]
                .into_iter()
                .filter(|&(c, _)| c)
                .map(|(_, what)| what)
                .collect(),
            _ => Vec::new(),
        }
    }
}

/// `"commit": "<oid>"`, or `"message_id": "<id>"` for mail.
fn name_entry<M: SerializeMap>(
    map: &mut M,
    mail: bool,
    origin: Option<&Origin>,
) -> Result<(), M::Error> {
    if mail {
        map.serialize_entry("message_id", &origin.and_then(|o| o.message_id.as_deref()))
    } else {
        let commit = origin.and_then(|o| o.commit).map(|c| c.to_string());
        map.serialize_entry("commit", &commit)
    }
}

impl Serialize for Previous<'_> {
    /// `{"commit" | "message_id", "index", "state", "changed": ["code", "message"]}`.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(4))?;
        name_entry(&mut map, self.mail, self.origin)?;
        map.serialize_entry("index", &self.index)?;
        map.serialize_entry("state", self.state.as_str())?;
        map.serialize_entry("changed", &self.state.changed())?;
        map.end()
    }
}

impl Serialize for Dropped<'_> {
    /// `{"commit" | "message_id", "index", "subject"}`.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(3))?;
        name_entry(&mut map, self.mail, Some(self.origin))?;
        map.serialize_entry("index", &self.index)?;
        map.serialize_entry("subject", &String::from_utf8_lossy(&self.patch.subject))?;
        map.end()
    }
}

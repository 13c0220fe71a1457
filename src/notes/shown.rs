//! What reports show: each reviewer's latest verdict, or verdicts carried over from an earlier
//! version of the patch.

use git2::Oid;
use serde::Serialize;

use super::line::{serialize_oid, State, Verdict};
use super::Notes;

/// A verdict given on an earlier version of a patch (same patch-id, another commit).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Carried<'a> {
    pub from: Oid,
    pub verdict: &'a Verdict,
}

/// A verdict as reports show it: a reviewer's latest on this commit, or one carried over from
/// an earlier version of the patch (`carried_from`).
#[derive(Debug, Clone, Serialize)]
pub struct Shown<'a> {
    #[serde(flatten)]
    pub verdict: &'a Verdict,
    #[serde(serialize_with = "serialize_oid")]
    pub carried_from: Option<Oid>,
}

impl Notes {
    /// Each reviewer's latest verdict on `commit`, oldest reviewer first; reviewers whose latest
    /// word is a bare `pending` (a cleared verdict) are left out, while a `pending` with a
    /// comment stays: it is a remark without a decision.
    pub fn latest(&self, commit: Oid) -> Vec<&Verdict> {
        latest_per_reviewer(self.history(commit).iter())
            .into_iter()
            .filter(|v| v.state != State::Pending || v.comment.is_some())
            .collect()
    }

    /// `email`'s latest verdict on `commit`, unless it is a bare `pending`.
    pub fn mine(&self, commit: Oid, email: &str) -> Option<&Verdict> {
        self.latest(commit)
            .into_iter()
            .find(|v| v.same_reviewer(email))
    }

    /// When `commit` has no verdict lines at all, the latest verdicts that reviewers gave on
    /// other commits with the same patch-id (an earlier version of the series).
    pub fn carried(&self, commit: Oid, patch_id: Option<Oid>) -> Vec<Carried<'_>> {
        let Some(pid) = patch_id else {
            return Vec::new();
        };
        if !self.history(commit).is_empty() {
            return Vec::new();
        }
        let others = self.by_patch_id.get(&pid).map_or(&[][..], Vec::as_slice);
        let candidates = others.iter().filter(|&&c| c != commit).flat_map(|&c| {
            self.history(c)
                .iter()
                .filter(move |v| v.patch_id == Some(pid))
                .map(move |v| (c, v))
        });
        // Latest per reviewer across all earlier versions.
        let mut best: Vec<(Oid, &Verdict)> = Vec::new();
        for (c, v) in candidates {
            match best.iter_mut().find(|(_, b)| b.same_reviewer(&v.email)) {
                Some(slot) if slot.1.at <= v.at => *slot = (c, v),
                Some(_) => {}
                None => best.push((c, v)),
            }
        }
        best.into_iter()
            .filter(|(_, v)| v.state != State::Pending)
            .map(|(from, verdict)| Carried { from, verdict })
            .collect()
    }

    /// What to show for a patch: each reviewer's latest verdict on `commit`, or, when it has
    /// none, the verdicts carried over from earlier versions with the same patch-id.
    pub fn shown(&self, commit: Oid, patch_id: Option<Oid>) -> Vec<Shown<'_>> {
        let latest = self.latest(commit);
        if !latest.is_empty() || !self.history(commit).is_empty() {
            return latest
                .into_iter()
                .map(|verdict| Shown {
                    verdict,
                    carried_from: None,
                })
                .collect();
        }
        self.carried(commit, patch_id)
            .into_iter()
            .map(|c| Shown {
                verdict: c.verdict,
                carried_from: Some(c.from),
            })
            .collect()
    }
}

/// The last verdict of each reviewer by time; among equal times the later line wins.
fn latest_per_reviewer<'a>(lines: impl Iterator<Item = &'a Verdict>) -> Vec<&'a Verdict> {
    let mut out: Vec<&Verdict> = Vec::new();
    for v in lines {
        match out.iter_mut().find(|b| b.same_reviewer(&v.email)) {
            Some(slot) if slot.at <= v.at => *slot = v,
            Some(_) => {}
            None => out.push(v),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latest_line_by_time_wins_per_reviewer() {
        let commit = Oid::from_str("2222222222222222222222222222222222222222").unwrap();
        let mut notes = Notes::default();
        // cat_sort_uniq sorts lines, so time, not position, must decide.
        notes.add(
            commit,
            "Triage-Verdict: v1 2026-01-02T00:00:00.000Z reject patch-id=- Bo <bo@x>\n\
             Triage-Verdict: v1 2026-01-01T00:00:00.000Z accept patch-id=- Al <al@x>\n\
             Triage-Verdict: v1 2026-01-03T00:00:00.000Z pending patch-id=- Al <AL@x>\n\
             Triage-Verdict: v1 2026-01-01T00:00:00.000Z accept patch-id=- Bo <bo@x>\n",
        );
        let latest = notes.latest(commit);
        assert_eq!(latest.len(), 1);
        assert_eq!(
            (latest[0].state, latest[0].email.as_str()),
            (State::Reject, "bo@x")
        );
        assert!(notes.mine(commit, "al@x").is_none());
    }
}

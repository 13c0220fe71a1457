//! What reports show: each reviewer's latest verdict, verdicts carried over from an earlier
//! version of the patch, and the list's summary that keeps mine apart from everyone else's.

use std::cmp::Ordering;
use std::collections::HashMap;

use git2::Oid;
use serde::Serialize;

use super::verdict::{serialize_oid, State, Verdict};
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

/// A patch's verdicts summed up for one reviewer: theirs, and the others' apart.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Marks {
    /// The verdicts are carried from an earlier version: nobody spoke on this commit yet.
    pub carried: bool,
    /// My verdict (`Pending` for a remark without a decision); `None` when I have none.
    pub mine: Option<State>,
    /// How many other reviewers accepted, rejected, asked for work.
    pub accepted: usize,
    pub rejected: usize,
    pub needs_work: usize,
}

impl Marks {
    /// The others' verdict that most needs attention: a reject, else a request for work, else
    /// an accept.
    pub fn others(&self) -> Option<State> {
        [
            (self.rejected, State::Reject),
            (self.needs_work, State::NeedsWork),
            (self.accepted, State::Accept),
        ]
        .into_iter()
        .find(|&(n, _)| n > 0)
        .map(|(_, s)| s)
    }
}

/// Without a bare `pending`: a cleared verdict says nothing.
fn speaks(v: &Verdict) -> bool {
    v.state != State::Pending || v.comment.is_some()
}

impl Notes {
    /// Each reviewer's latest verdict on `commit`, oldest reviewer first; reviewers whose latest
    /// word is a bare `pending` (a cleared verdict) are left out, while a `pending` with a
    /// comment stays: it is a remark without a decision.
    pub fn latest(&self, commit: Oid) -> Vec<&Verdict> {
        let Some(c) = self.by_commit.get(&commit) else {
            return Vec::new();
        };
        c.latest
            .iter()
            .map(|&i| &c.lines[i])
            .filter(|v| speaks(v))
            .collect()
    }

    /// `email`'s latest verdict on `commit`, unless it is a bare `pending`.
    pub fn mine(&self, commit: Oid, email: &str) -> Option<&Verdict> {
        self.by_commit.get(&commit)?.of(email).filter(|v| speaks(v))
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
        // Latest per reviewer across all earlier versions, in order of first appearance.
        let mut best: Vec<Carried<'_>> = Vec::new();
        let mut slot: HashMap<String, usize> = HashMap::new();
        for &from in others.iter().filter(|&&c| c != commit) {
            let Some(c) = self.by_commit.get(&from) else {
                continue;
            };
            for v in c.latest.iter().map(|&i| &c.lines[i]) {
                if v.patch_id != Some(pid) {
                    continue;
                }
                match slot.get(&v.email.to_ascii_lowercase()) {
                    Some(&s) => {
                        if v.recency_cmp(best[s].verdict) == Ordering::Greater {
                            best[s] = Carried { from, verdict: v };
                        }
                    }
                    None => {
                        slot.insert(v.email.to_ascii_lowercase(), best.len());
                        best.push(Carried { from, verdict: v });
                    }
                }
            }
        }
        best.retain(|c| c.verdict.state != State::Pending);
        best
    }

    /// My verdict carried from an earlier version, if any: what `=` may confirm.
    pub fn my_carried(
        &self,
        commit: Oid,
        patch_id: Option<Oid>,
        email: &str,
    ) -> Option<Carried<'_>> {
        self.carried(commit, patch_id)
            .into_iter()
            .find(|c| c.verdict.same_reviewer(email))
    }

    /// What to show for a patch: each reviewer's latest verdict on `commit`, or, when it has
    /// none, the verdicts carried over from earlier versions with the same patch-id.
    pub fn shown(&self, commit: Oid, patch_id: Option<Oid>) -> Vec<Shown<'_>> {
        if !self.history(commit).is_empty() {
            return self
                .latest(commit)
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

    /// The list's summary of a patch for the reviewer `me` (`None`: no identity, so every
    /// verdict is someone else's).
    pub fn marks(&self, commit: Oid, patch_id: Option<Oid>, me: Option<&str>) -> Marks {
        let mut marks = Marks::default();
        for s in self.shown(commit, patch_id) {
            marks.carried |= s.carried_from.is_some();
            if me.is_some_and(|me| s.verdict.same_reviewer(me)) {
                marks.mine = Some(s.verdict.state);
                continue;
            }
            match s.verdict.state {
                State::Accept => marks.accepted += 1,
                State::Reject => marks.rejected += 1,
                State::NeedsWork => marks.needs_work += 1,
                State::Pending => {}
            }
        }
        marks
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn oid(c: char) -> Oid {
        Oid::from_str(&c.to_string().repeat(40)).unwrap()
    }

    #[test]
    fn latest_line_by_time_wins_per_reviewer() {
        let commit = oid('2');
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

    #[test]
    fn a_tie_in_time_is_broken_the_same_way_in_any_note_order() {
        let a = "Triage-Verdict: v1 2026-01-02T00:00:00.000Z reject patch-id=- Bo <bo@x>";
        let b = "Triage-Verdict: v1 2026-01-02T00:00:00.000Z accept patch-id=- Bo <bo@x> \"ok\"";
        let pick = |text: String| {
            let mut notes = Notes::default();
            notes.add(oid('3'), &text);
            notes.mine(oid('3'), "BO@x").unwrap().state
        };
        let first = pick(format!("{a}\n{b}\n"));
        assert_eq!(first, pick(format!("{b}\n{a}\n")));
        // The line that sorts last wins, as it does after `cat_sort_uniq`.
        let mut sorted = [a, b];
        sorted.sort();
        assert!(sorted[1].contains(&format!(" {} ", first.as_str())));
    }

    #[test]
    fn marks_keep_mine_apart_and_carry_from_earlier_versions() {
        let pid = oid('9');
        let (v1, v2) = (oid('1'), oid('2'));
        let mut notes = Notes::default();
        notes.add(
            v1,
            &format!(
                "Triage-Verdict: v1 2026-01-01T00:00:00.000Z accept patch-id={pid} Me <me@x>\n\
                 Triage-Verdict: v1 2026-01-01T00:00:01.000Z reject patch-id={pid} Bo <bo@x>\n\
                 Triage-Verdict: v1 2026-01-01T00:00:02.000Z accept patch-id={pid} Al <al@x>\n"
            ),
        );
        let m = notes.marks(v1, Some(pid), Some("me@x"));
        assert_eq!(
            (m.carried, m.mine, m.others()),
            (false, Some(State::Accept), Some(State::Reject))
        );
        assert_eq!((m.accepted, m.rejected), (1, 1));
        let m = notes.marks(v2, Some(pid), Some("me@x"));
        assert!(m.carried && m.mine == Some(State::Accept));
        let m = notes.marks(v2, Some(pid), Some("nobody@x"));
        assert_eq!((m.mine, m.accepted, m.rejected), (None, 2, 1));
        assert_eq!(
            notes
                .my_carried(v2, Some(pid), "bo@x")
                .unwrap()
                .verdict
                .state,
            State::Reject
        );
        assert!(notes.my_carried(v2, Some(pid), "nobody@x").is_none());
    }
}

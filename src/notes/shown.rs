//! What reports show: each reviewer's latest verdict, verdicts carried over from an earlier
//! version of the patch, and the list's summary that keeps mine apart from everyone else's.

use git2::Oid;
use serde::Serialize;

use super::verdict::{serialize_oid, State, Verdict};
use super::{Notes, Partner};

/// A verdict as reports show it: a reviewer's latest on this commit, or one carried over from
/// an earlier version of the patch (`carried_from`), with the reviewer's remark on this commit
/// if they made one (`remark`). Serialized as the verdict's fields, `comment` being
/// [`Shown::comment`], then `carried_from` and `code_changed`.
#[derive(Debug, Clone)]
pub struct Shown<'a> {
    pub verdict: &'a Verdict,
    pub carried_from: Option<Oid>,
    /// For a carried verdict, whether the code changed since it was given (it was given on a
    /// previous version with another diff); `None` for a verdict given on this commit.
    pub code_changed: Option<bool>,
    /// Whether it was carried through the previous version the reviewer named (it stands on
    /// the patch this one replaces there) rather than by patch-id.
    pub from_previous: bool,
    /// With a carried verdict, the reviewer's remark on this commit (their latest line here, a
    /// `pending` with a comment): no decision, so the carried verdict still stands, and its
    /// text is the reviewer's comment now.
    pub remark: Option<&'a Verdict>,
}

impl<'a> Shown<'a> {
    /// The reviewer's patch comment: their remark on this commit, else the verdict's own.
    pub fn comment(&self) -> Option<&'a str> {
        self.remark.unwrap_or(self.verdict).said()
    }
}

impl Serialize for Shown<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Fields<'b> {
            state: State,
            reviewer: &'b str,
            email: &'b str,
            at: String,
            #[serde(serialize_with = "serialize_oid")]
            patch_id: Option<Oid>,
            comment: Option<&'b str>,
            #[serde(serialize_with = "serialize_oid")]
            carried_from: Option<Oid>,
            code_changed: Option<bool>,
        }
        let v = self.verdict;
        Fields {
            state: v.state,
            reviewer: &v.reviewer,
            email: &v.email,
            at: super::line::format_time(v.at),
            patch_id: v.patch_id,
            comment: self.comment(),
            carried_from: self.carried_from,
            code_changed: self.code_changed,
        }
        .serialize(s)
    }
}

/// A patch's verdicts summed up for one reviewer: theirs, and the others' apart.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Marks {
    /// My verdict is carried from an earlier version (or, when I have none, the others' are).
    pub carried: bool,
    /// ... and it was given on other code: the patch changed since.
    pub stale: bool,
    /// My verdict (`Pending` for a remark without a decision); `None` when I have none.
    pub mine: Option<State>,
    /// I commented on this commit without deciding: a remark, over my carried verdict or
    /// alone (`mine` is then `Pending`).
    pub remark: bool,
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

/// Without a bare `pending` or a withdrawn remark (`pending` with an empty comment): a cleared
/// verdict says nothing, and neither does a remark taken back.
pub(super) fn speaks(v: &Verdict) -> bool {
    v.state != State::Pending || v.said().is_some()
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

    /// What to show for a patch: each reviewer's latest verdict on `commit`, then, for the
    /// reviewers who said nothing there, their verdicts carried over from earlier versions (see
    /// [`Notes::carried`]).
    pub fn shown(
        &self,
        commit: Oid,
        patch_id: Option<Oid>,
        previous: Option<Partner>,
    ) -> Vec<Shown<'_>> {
        let carried = self.carried(commit, patch_id, previous);
        let here = self.latest(commit);
        // A remark over a carried verdict shows with it, as its comment, not on its own.
        let remark_of = |email: &str| {
            here.iter()
                .copied()
                .find(|v| v.state == State::Pending && v.same_reviewer(email))
        };
        let here = here
            .iter()
            .filter(|v| !carried.iter().any(|c| c.verdict.same_reviewer(&v.email)))
            .map(|&verdict| Shown {
                verdict,
                carried_from: None,
                code_changed: None,
                from_previous: false,
                remark: None,
            });
        let carried = carried.iter().map(|c| Shown {
            verdict: c.verdict,
            carried_from: Some(c.from),
            code_changed: Some(c.code_changed(patch_id)),
            from_previous: c.previous,
            remark: remark_of(&c.verdict.email),
        });
        here.chain(carried).collect()
    }

    /// The list's summary of a patch for the reviewer `me` (`None`: no identity, so every
    /// verdict is someone else's).
    pub fn marks(
        &self,
        commit: Oid,
        patch_id: Option<Oid>,
        previous: Option<Partner>,
        me: Option<&str>,
    ) -> Marks {
        let mut marks = Marks::default();
        let (mut others_carried, mut others_stale) = (false, false);
        for s in self.shown(commit, patch_id, previous) {
            let stale = s.code_changed == Some(true);
            if me.is_some_and(|me| s.verdict.same_reviewer(me)) {
                marks.mine = Some(s.verdict.state);
                marks.remark = s.remark.is_some() || s.verdict.state == State::Pending;
                marks.carried = s.carried_from.is_some();
                marks.stale = stale;
                continue;
            }
            others_carried |= s.carried_from.is_some();
            others_stale |= stale;
            match s.verdict.state {
                State::Accept => marks.accepted += 1,
                State::Reject => marks.rejected += 1,
                State::NeedsWork => marks.needs_work += 1,
                State::Pending => {}
            }
        }
        if marks.mine.is_none() {
            marks.carried = others_carried;
            marks.stale = others_stale;
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
        let m = notes.marks(v1, Some(pid), None, Some("me@x"));
        assert_eq!(
            (m.carried, m.mine, m.others()),
            (false, Some(State::Accept), Some(State::Reject))
        );
        assert_eq!((m.accepted, m.rejected), (1, 1));
        let m = notes.marks(v2, Some(pid), None, Some("me@x"));
        assert!(m.carried && m.mine == Some(State::Accept));
        let m = notes.marks(v2, Some(pid), None, Some("nobody@x"));
        assert_eq!((m.mine, m.accepted, m.rejected), (None, 2, 1));
        assert_eq!(
            notes
                .my_carried(v2, Some(pid), None, "bo@x")
                .unwrap()
                .verdict
                .state,
            State::Reject
        );
        assert!(notes.my_carried(v2, Some(pid), None, "nobody@x").is_none());
    }

    #[test]
    fn each_reviewer_keeps_their_carried_verdict_until_they_speak_on_the_new_commit() {
        let pid = oid('9');
        let (v1, v2) = (oid('1'), oid('2'));
        let mut notes = Notes::default();
        notes.add(
            v1,
            &format!(
                "Triage-Verdict: v1 2026-01-01T00:00:00.000Z accept patch-id={pid} Me <me@x> \"ok\"\n\
                 Triage-Verdict: v1 2026-01-01T00:00:01.000Z reject patch-id={pid} Bo <bo@x>\n"
            ),
        );
        // A colleague writes on v2 first: my v1 verdict still shows, carried; Bo's own line
        // on v2 replaces Bo's carried one.
        notes.add(
            v2,
            &format!(
                "Triage-Verdict: v1 2026-01-02T00:00:00.000Z accept patch-id={pid} Bo <bo@x>\n"
            ),
        );
        let shown = notes.shown(v2, Some(pid), None);
        let who: Vec<_> = shown
            .iter()
            .map(|s| (s.verdict.email.as_str(), s.verdict.state, s.carried_from))
            .collect();
        assert_eq!(
            who,
            [
                ("bo@x", State::Accept, None),
                ("me@x", State::Accept, Some(v1))
            ]
        );
        assert_eq!(shown[1].code_changed, Some(false));
        let m = notes.marks(v2, Some(pid), None, Some("me@x"));
        assert_eq!(
            (m.carried, m.stale, m.mine, m.others()),
            (true, false, Some(State::Accept), Some(State::Accept))
        );
        assert!(notes.my_carried(v2, Some(pid), None, "me@x").is_some());
        // My latest line on v2 wins over my carried one, even a cleared verdict.
        notes.add(
            v2,
            &format!(
                "Triage-Verdict: v1 2026-01-02T00:00:01.000Z pending patch-id={pid} Me <me@x>\n"
            ),
        );
        assert!(notes
            .shown(v2, Some(pid), None)
            .iter()
            .all(|s| s.carried_from.is_none()));
        assert!(notes.my_carried(v2, Some(pid), None, "me@x").is_none());
        assert_eq!(notes.marks(v2, Some(pid), None, Some("me@x")).mine, None);
    }

    #[test]
    fn a_verdict_on_the_previous_version_carries_and_says_when_the_code_changed() {
        let (old_pid, new_pid) = (oid('8'), oid('9'));
        let (v1, v2, other) = (oid('1'), oid('2'), oid('3'));
        let mut notes = Notes::default();
        notes.add(
            v1,
            &format!(
                "Triage-Verdict: v1 2026-01-01T00:00:00.000Z accept patch-id={old_pid} Me <me@x>\n"
            ),
        );
        notes.add(
            other,
            &format!(
                "Triage-Verdict: v1 2026-01-01T00:00:00.000Z reject patch-id={old_pid} Bo <bo@x>\n"
            ),
        );
        // Without naming the previous version, another patch-id carries nothing.
        assert!(notes.shown(v2, Some(new_pid), None).is_empty());
        // Named: the partner's verdicts carry, marked as given on other code; verdicts on
        // other commits with its code do not when its patch-id is unknown...
        let partner = Partner {
            key: v1,
            patch_id: None,
        };
        let shown = notes.shown(v2, Some(new_pid), Some(partner));
        assert_eq!(shown.len(), 1);
        assert_eq!(
            (shown[0].carried_from, shown[0].code_changed),
            (Some(v1), Some(true))
        );
        assert!(shown[0].from_previous);
        let m = notes.marks(v2, Some(new_pid), Some(partner), Some("me@x"));
        assert!(m.carried && m.stale);
        // ... and do when it is: they stand on the partner too.
        let partner = Partner {
            patch_id: Some(old_pid),
            ..partner
        };
        let from: Vec<_> = notes
            .shown(v2, Some(new_pid), Some(partner))
            .iter()
            .map(|s| (s.carried_from, s.from_previous))
            .collect();
        assert_eq!(from, [(Some(v1), true), (Some(other), true)]);
        // Same code: still valid, carried by patch-id.
        let shown = notes.shown(v2, Some(old_pid), Some(partner));
        let valid: Vec<_> = shown
            .iter()
            .map(|s| (s.carried_from, s.code_changed, s.from_previous))
            .collect();
        assert_eq!(
            valid,
            [
                (Some(v1), Some(false), false),
                (Some(other), Some(false), false)
            ]
        );
    }
}

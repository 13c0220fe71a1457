//! Verdicts carried onto a patch from its other versions: from every other commit with the
//! same patch-id (the same change, rebased or re-sent), and, when the reviewer names the
//! previous version, from the patch this one replaces there ([`Partner`]): whatever stands on
//! it, written on it or carried to it by its own patch-id, so that what was said on v1 reaches
//! v3 through a v2 that was only rebased.

use std::cmp::Ordering;
use std::collections::HashMap;

use git2::Oid;

use super::verdict::Verdict;
use super::{CommitNotes, Notes};

/// The patch a commit replaces in the previous version the reviewer named, as the pairing of
/// the two versions found it: what stands on it is carried to the commit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Partner {
    /// What its verdicts attach to: its commit, or a mailed patch's key.
    pub key: Oid,
    /// Its patch-id: the lines given for it on other commits stand on it too.
    pub patch_id: Option<Oid>,
}

/// A verdict given on an earlier version of a patch: on another commit with the same patch-id,
/// or standing on the patch it replaces in the previous version the reviewer named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Carried<'a> {
    /// The commit whose note holds the verdict.
    pub from: Oid,
    pub verdict: &'a Verdict,
    /// Whether it came through the previous version (it stands on the [`Partner`]) rather
    /// than by this patch's patch-id.
    pub previous: bool,
}

impl Carried<'_> {
    /// Whether the verdict judged other code than the patch's own (`patch_id`): it was carried
    /// from a previous version whose diff differs. A verdict on the same code stays valid.
    pub fn code_changed(&self, patch_id: Option<Oid>) -> bool {
        self.verdict.patch_id != patch_id
    }
}

/// Each reviewer's latest offer, in order of first appearance.
#[derive(Default)]
struct Latest<'a> {
    best: Vec<Carried<'a>>,
    slot: HashMap<String, usize>,
}

impl<'a> Latest<'a> {
    /// Keeps `c` when it is its reviewer's latest so far; at equal recency the first stays.
    /// A remark is no decision: it never replaces a decision or a clear, whatever its time.
    fn offer(&mut self, c: Carried<'a>) {
        let key = c.verdict.email.to_ascii_lowercase();
        let rank = |v: &Verdict| !v.is_remark();
        match self.slot.get(&key) {
            Some(&s) => {
                let old = self.best[s].verdict;
                let newer = rank(c.verdict)
                    .cmp(&rank(old))
                    .then_with(|| c.verdict.recency_cmp(old));
                if newer == Ordering::Greater {
                    self.best[s] = c;
                }
            }
            None => {
                self.slot.insert(key, self.best.len());
                self.best.push(c);
            }
        }
    }
}

impl Notes {
    /// Each reviewer's latest line (a bare `pending` included) given for `patch_id` on the
    /// commits with that patch-id other than `skip`, in order of first appearance.
    fn by_same_code(&self, patch_id: Option<Oid>, skip: &[Oid], previous: bool) -> Latest<'_> {
        let mut latest = Latest::default();
        let same_code = patch_id
            .and_then(|pid| self.by_patch_id.get(&pid))
            .map_or(&[][..], Vec::as_slice);
        for &from in same_code.iter().filter(|c| !skip.contains(c)) {
            let Some(c) = self.by_commit.get(&from) else {
                continue;
            };
            for verdict in c.latest.iter().map(|&i| &c.lines[i]) {
                if verdict.patch_id == patch_id {
                    latest.offer(Carried {
                        from,
                        verdict,
                        previous,
                    });
                }
            }
        }
        latest
    }

    /// What stands on `partner` for each reviewer (a bare `pending` included): their latest
    /// line on it, whatever its patch-id, else their latest given for its patch-id elsewhere
    /// (not on `commit`, the patch it is carried to).
    fn standing_on(&self, partner: Partner, commit: Oid) -> Vec<Carried<'_>> {
        let own = self.by_commit.get(&partner.key);
        let mut out: Vec<Carried<'_>> = own
            .map(|c| c.latest.iter().map(|&i| &c.lines[i]).collect::<Vec<_>>())
            .unwrap_or_default()
            .into_iter()
            .map(|verdict| Carried {
                from: partner.key,
                verdict,
                previous: true,
            })
            .collect();
        let elsewhere = self.by_same_code(partner.patch_id, &[partner.key, commit], true);
        out.extend(
            elsewhere
                .best
                .into_iter()
                .filter(|c| !decided(own, &c.verdict.email)),
        );
        out
    }

    /// The verdicts carried onto `commit` from earlier versions of the patch, one per reviewer
    /// who neither decided nor cleared on `commit` itself (whoever did speaks for themselves
    /// there; a remark, a comment without a decision, decides nothing): each
    /// reviewer's latest among the verdicts given for the same patch-id on other commits and,
    /// when the reviewer named the previous version, those standing on `previous`, the patch
    /// this one replaces, whatever its code was (see [`Partner`]). A bare `pending` (a cleared
    /// verdict) carries nothing; a `pending` with a comment carries as the remark it is, as
    /// comments do.
    pub fn carried(
        &self,
        commit: Oid,
        patch_id: Option<Oid>,
        previous: Option<Partner>,
    ) -> Vec<Carried<'_>> {
        let mut latest = self.by_same_code(patch_id, &[commit], false);
        if let Some(p) = previous.filter(|p| p.key != commit) {
            for c in self.standing_on(p, commit) {
                latest.offer(c);
            }
        }
        let here = self.by_commit.get(&commit);
        let mut best = latest.best;
        best.retain(|c| super::shown::speaks(c.verdict) && !decided(here, &c.verdict.email));
        best
    }

    /// My verdict carried from an earlier version, if any: what `=` may confirm.
    pub fn my_carried(
        &self,
        commit: Oid,
        patch_id: Option<Oid>,
        previous: Option<Partner>,
        email: &str,
    ) -> Option<Carried<'_>> {
        self.carried(commit, patch_id, previous)
            .into_iter()
            .find(|c| c.verdict.same_reviewer(email))
    }
}

/// Whether `email`'s latest verdict line on the commit of `notes` decides or clears: anything
/// but a remark.
fn decided(notes: Option<&CommitNotes>, email: &str) -> bool {
    notes
        .and_then(|n| n.of(email))
        .is_some_and(|v| !v.is_remark())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notes::State;

    fn oid(c: char) -> Oid {
        Oid::from_str(&c.to_string().repeat(40)).unwrap()
    }

    fn line(t: u32, state: &str, pid: Oid, who: &str) -> String {
        format!(
            "Triage-Verdict: v1 2026-01-01T00:00:{t:02}.000Z {state} patch-id={pid} {who} <{}@x>\n",
            who.to_lowercase()
        )
    }

    /// v1 and v2 share a patch-id (v2 is v1 rebased); v3 changed the code.
    fn three() -> (Oid, Oid, Oid, Oid, Oid) {
        (oid('1'), oid('2'), oid('3'), oid('8'), oid('9'))
    }

    #[test]
    fn what_stands_on_the_partner_by_its_patch_id_is_carried() {
        let (v1, v2, v3, old, new) = three();
        let mut notes = Notes::default();
        notes.add(v1, &line(1, "accept", old, "Me"));
        let partner = Partner {
            key: v2,
            patch_id: Some(old),
        };
        // Without the partner's patch-id, only v2's own note counts: nothing.
        let bare = Partner {
            patch_id: None,
            ..partner
        };
        assert!(notes.carried(v3, Some(new), Some(bare)).is_empty());
        let c = notes.carried(v3, Some(new), Some(partner));
        assert_eq!(c.len(), 1);
        assert_eq!((c[0].from, c[0].previous), (v1, true));
        assert!(c[0].code_changed(Some(new)));
        assert_eq!(
            notes
                .my_carried(v3, Some(new), Some(partner), "me@x")
                .map(|c| c.from),
            Some(v1)
        );
        // Said on v3 itself: that stands, nothing is carried.
        notes.add(v3, &line(0, "needs-work", new, "Me"));
        assert!(notes.carried(v3, Some(new), Some(partner)).is_empty());
    }

    #[test]
    fn a_remark_here_keeps_the_carried_verdict_a_clear_hides_it() {
        let (v1, v2, pid) = (oid('1'), oid('2'), oid('9'));
        let mut notes = Notes::default();
        notes.add(v1, &line(1, "accept", pid, "Me"));
        notes.add(v1, &line(1, "reject", pid, "Bo"));
        // A comment without a decision on v2, by me and by Bo: neither decides anything.
        let remark = |t: u32, who: &str| {
            format!(
                "Triage-Verdict: v1 2026-01-01T00:00:{t:02}.000Z pending patch-id={pid} {who} \
                 <{}@x> \"just a note\"\n",
                who.to_lowercase()
            )
        };
        notes.add(v2, &remark(2, "Me"));
        notes.add(v2, &remark(2, "Bo"));
        let seen: Vec<(&str, State)> = notes
            .carried(v2, Some(pid), None)
            .iter()
            .map(|c| (c.verdict.email.as_str(), c.verdict.state))
            .collect();
        assert_eq!(seen, [("me@x", State::Accept), ("bo@x", State::Reject)]);
        assert!(notes.my_carried(v2, Some(pid), None, "me@x").is_some());
        // A bare pending clears: "not decided on this version".
        notes.add(v2, &line(3, "pending", pid, "Me"));
        let seen: Vec<&str> = notes
            .carried(v2, Some(pid), None)
            .iter()
            .map(|c| c.verdict.email.as_str())
            .collect();
        assert_eq!(seen, ["bo@x"]);
    }

    #[test]
    fn my_remark_shows_as_the_comment_of_my_carried_verdict() {
        let (v1, v2, pid) = (oid('1'), oid('2'), oid('9'));
        let mut notes = Notes::default();
        notes.add(v1, &line(1, "accept", pid, "Me"));
        notes.add(
            v2,
            &format!(
                "Triage-Verdict: v1 2026-01-01T00:00:02.000Z pending patch-id={pid} Me <me@x> \
                 \"just a note\"\n"
            ),
        );
        let shown = notes.shown(v2, Some(pid), None);
        assert_eq!(shown.len(), 1, "one verdict per reviewer");
        let s = &shown[0];
        assert_eq!(
            (s.verdict.state, s.carried_from, s.comment()),
            (State::Accept, Some(v1), Some("just a note"))
        );
        assert_eq!(s.remark.map(|r| r.at), notes.mine(v2, "me@x").map(|r| r.at));
        let json = serde_json::to_value(s).unwrap();
        assert_eq!(
            (&json["state"], &json["comment"]),
            (&"accept".into(), &"just a note".into())
        );
        let m = notes.marks(v2, Some(pid), None, Some("me@x"));
        assert_eq!(
            (m.mine, m.carried, m.remark),
            (Some(State::Accept), true, true)
        );
    }

    #[test]
    fn my_emptied_remark_leaves_my_carried_verdict_and_says_nothing() {
        let (v1, v2, v3, pid) = (oid('1'), oid('2'), oid('3'), oid('9'));
        let mut notes = Notes::default();
        notes.add(v1, &line(1, "accept", pid, "Me"));
        let mine = |t: u32, text: &str| {
            format!(
                "Triage-Verdict: v1 2026-01-01T00:00:{t:02}.000Z pending patch-id={pid} Me \
                 <me@x> \"{text}\"\n"
            )
        };
        notes.add(v2, &mine(2, "just a note"));
        notes.add(v2, &mine(3, ""));
        let shown = notes.shown(v2, Some(pid), None);
        assert_eq!(shown.len(), 1);
        let s = &shown[0];
        assert_eq!(
            (s.verdict.state, s.carried_from, s.comment()),
            (State::Accept, Some(v1), None)
        );
        assert!(s.remark.is_none());
        assert_eq!(
            serde_json::to_value(s).unwrap()["comment"],
            serde_json::Value::Null
        );
        assert!(notes.latest(v2).is_empty() && notes.mine(v2, "me@x").is_none());
        let m = notes.marks(v2, Some(pid), None, Some("me@x"));
        assert_eq!(
            (m.mine, m.carried, m.remark),
            (Some(State::Accept), true, false)
        );
        // Nor does it outweigh the accept on a third version with the same code.
        let c = notes.carried(v3, Some(pid), None);
        assert_eq!((c.len(), c[0].verdict.state), (1, State::Accept));
        // u clears.
        notes.add(v2, &line(4, "pending", pid, "Me"));
        assert!(notes.shown(v2, Some(pid), None).is_empty());
    }

    #[test]
    fn on_the_partner_its_own_line_wins_even_an_older_one() {
        let (v1, v2, v3, old, new) = three();
        let mut notes = Notes::default();
        // Bo accepted v1 after rejecting v2 (read in another order): on v2, v2's word stands.
        notes.add(v1, &line(5, "accept", old, "Bo"));
        notes.add(v2, &line(3, "reject", old, "Bo"));
        // Al cleared his verdict on v2: nothing of his is carried.
        notes.add(v1, &line(1, "accept", old, "Al"));
        notes.add(v2, &line(2, "pending", old, "Al"));
        // Cy spoke on v1 only, and later on a third commit with v1's patch-id.
        notes.add(v1, &line(1, "reject", old, "Cy"));
        notes.add(oid('4'), &line(4, "accept", old, "Cy"));
        let partner = Some(Partner {
            key: v2,
            patch_id: Some(old),
        });
        let seen: Vec<(&str, State, Oid)> = notes
            .carried(v3, Some(new), partner)
            .iter()
            .map(|c| (c.verdict.email.as_str(), c.verdict.state, c.from))
            .collect();
        assert_eq!(
            seen,
            [
                ("bo@x", State::Reject, v2),
                ("cy@x", State::Accept, oid('4'))
            ]
        );
    }

    #[test]
    fn a_later_line_for_this_patch_id_wins_over_the_partners() {
        let (v1, v2, v3, old, new) = three();
        let mut notes = Notes::default();
        notes.add(v1, &line(1, "accept", old, "Me"));
        // v3's code given once before, elsewhere, and judged later than v1.
        notes.add(oid('5'), &line(2, "reject", new, "Me"));
        let partner = Some(Partner {
            key: v2,
            patch_id: Some(old),
        });
        let c = notes.carried(v3, Some(new), partner);
        assert_eq!((c.len(), c[0].from, c[0].previous), (1, oid('5'), false));
        assert!(!c[0].code_changed(Some(new)));
        // An unchanged partner: what stands on it is the same code, carried by patch-id.
        let same = Some(Partner {
            key: v2,
            patch_id: Some(new),
        });
        let c = notes.carried(v3, Some(new), same);
        assert_eq!((c[0].from, c[0].previous), (oid('5'), false));
    }
}

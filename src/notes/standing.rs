//! Comments as they stand: for each comment (a reviewer and an id), its latest line, unless that
//! line deletes it; gathered from the commit's own note, from every other commit with the same
//! patch-id (an earlier version of a rebased or re-sent series), since a comment is about the
//! change, and the change is the same; and, when the reviewer named the previous version, those
//! standing on the patch this one replaces there (written on it, or on another commit with its
//! patch-id), whose code may differ: whether such a comment still applies is for its placement
//! to tell (`crate::comments::place`).

use std::collections::HashMap;
use std::time::SystemTime;

use git2::Oid;

use super::comment::Comment;
use super::{Notes, Partner};

/// A comment as it stands, and where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Standing<'a> {
    /// Its latest line (never a deletion).
    pub comment: &'a Comment,
    /// The commit whose note holds that line: this commit, or an earlier version of the patch.
    pub on: Oid,
    /// When it was first written (its earliest line).
    pub since: SystemTime,
    /// Whether it came through the previous version the reviewer named: `on` is the patch
    /// this one replaces there, or a commit with that patch's patch-id (rather than a commit
    /// with this one's).
    pub previous: bool,
}

impl Standing<'_> {
    /// The commit it was carried from, when it was written on another version of the patch.
    pub fn carried_from(&self, commit: Oid) -> Option<Oid> {
        (self.on != commit).then_some(self.on)
    }

    /// Its text (a standing comment is never a deletion).
    pub fn text(&self) -> &str {
        self.comment.text.as_deref().unwrap_or("")
    }
}

impl Notes {
    /// The comments standing on `commit`: written on it, on another commit with the same
    /// `patch_id` (lines of that patch-id only), or standing on `previous`, the patch it
    /// replaces in the previous version the reviewer named (all the lines of its own note,
    /// whatever its code was, and those of its patch-id on other commits, as for verdicts in
    /// [`Notes::carried`]); each at its latest line, deletions applied, in the order they were
    /// first written. An edit or a deletion written on `commit` supersedes the line it
    /// replaces wherever that was written.
    pub fn comments(
        &self,
        commit: Oid,
        patch_id: Option<Oid>,
        previous: Option<Partner>,
    ) -> Vec<Standing<'_>> {
        let previous = previous.filter(|p| p.key != commit);
        let siblings = |pid: Option<Oid>| {
            pid.and_then(|pid| self.by_patch_id.get(&pid))
                .map_or(&[][..], Vec::as_slice)
        };
        // (commit, the patch-id its lines must have, if any; through the previous version)
        let mut sources: Vec<(Oid, Option<Option<Oid>>, bool)> = vec![(commit, None, false)];
        let skip = |c: &Oid| *c == commit || previous.is_some_and(|p| p.key == *c);
        for &c in siblings(patch_id).iter().filter(|c| !skip(c)) {
            sources.push((c, Some(patch_id), false));
        }
        if let Some(p) = previous {
            sources.push((p.key, None, true));
            for &c in siblings(p.patch_id).iter().filter(|c| !skip(c)) {
                if !sources.iter().any(|s| s.0 == c) {
                    sources.push((c, Some(p.patch_id), true));
                }
            }
        }
        let mut out: Vec<Standing<'_>> = Vec::new();
        // (email, id) -> position in `out`; deletions stay in `out` until the end, because a
        // later line of the same comment may come from another commit.
        let mut slot: HashMap<(String, &str), usize> = HashMap::new();
        for (on, only, through_previous) in sources {
            for c in self.comment_lines(on) {
                // On another version, only what was said about that very change.
                if only.is_some_and(|pid| c.patch_id != pid) {
                    continue;
                }
                let key = (c.email.to_ascii_lowercase(), c.id.as_str());
                match slot.get(&key) {
                    Some(&s) => {
                        let st = &mut out[s];
                        st.since = st.since.min(c.at);
                        if c.recency_cmp(st.comment).is_ge() {
                            st.comment = c;
                            st.on = on;
                            st.previous = through_previous;
                        }
                    }
                    None => {
                        slot.insert(key, out.len());
                        out.push(Standing {
                            comment: c,
                            on,
                            since: c.at,
                            previous: through_previous,
                        });
                    }
                }
            }
        }
        out.retain(|s| s.comment.text.is_some());
        out.sort_by(|a, b| {
            a.since
                .cmp(&b.since)
                .then_with(|| a.comment.id.cmp(&b.comment.id))
        });
        out
    }

    /// `email`'s comment `id` as it stands on `commit`, if it does.
    pub fn my_comment(
        &self,
        commit: Oid,
        patch_id: Option<Oid>,
        previous: Option<Partner>,
        email: &str,
        id: &str,
    ) -> Option<Standing<'_>> {
        self.comments(commit, patch_id, previous)
            .into_iter()
            .find(|s| s.comment.id == id && s.comment.same_reviewer(email))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn oid(c: char) -> Oid {
        Oid::from_str(&c.to_string().repeat(40)).unwrap()
    }

    fn line(t: u32, id: &str, who: &str, pid: Oid, body: &str) -> String {
        format!(
            "Triage-Comment: v1 2026-01-01T00:00:{t:02}.000Z {id} line new:4 \"a.c\" \
             patch-id={pid} {who} <{}@x> {body}\n",
            who.to_lowercase()
        )
    }

    #[test]
    fn edits_and_deletions_are_later_lines_of_the_same_comment() {
        let (pid, c1) = (oid('9'), oid('1'));
        let mut notes = Notes::default();
        // Out of order, as cat_sort_uniq may leave them; Bo uses Al's id for a comment of his
        // own, which must not touch Al's.
        let text = [
            line(3, "aaaaaaaaaaaa", "Al", pid, "\"edited\""),
            line(1, "aaaaaaaaaaaa", "Al", pid, "\"first\""),
            line(2, "bbbbbbbbbbbb", "Al", pid, "\"gone soon\""),
            line(4, "bbbbbbbbbbbb", "Al", pid, "deleted"),
            line(5, "aaaaaaaaaaaa", "Bo", pid, "deleted"),
            line(6, "aaaaaaaaaaaa", "Bo", pid, "\"Bo's own\""),
        ]
        .concat();
        notes.add(c1, &text);
        let standing = notes.comments(c1, Some(pid), None);
        let said: Vec<(&str, &str)> = standing
            .iter()
            .map(|s| (s.comment.email.as_str(), s.text()))
            .collect();
        assert_eq!(said, [("al@x", "edited"), ("bo@x", "Bo's own")]);
        assert_eq!(standing[0].carried_from(c1), None);
    }

    #[test]
    fn comments_follow_the_patch_id_to_another_version() {
        let (pid, other, v1, v2) = (oid('9'), oid('8'), oid('1'), oid('2'));
        let mut notes = Notes::default();
        notes.add(v1, &line(1, "aaaaaaaaaaaa", "Al", pid, "\"on v1\""));
        // A line of another patch in v1's note (a forged or stale one) does not travel.
        notes.add(v1, &line(2, "cccccccccccc", "Al", other, "\"other patch\""));
        // Deleted on v2, where it was carried to.
        notes.add(v2, &line(3, "dddddddddddd", "Al", pid, "\"on v2\""));
        let on_v2 = notes.comments(v2, Some(pid), None);
        let texts: Vec<&str> = on_v2.iter().map(Standing::text).collect();
        assert_eq!(texts, ["on v1", "on v2"]);
        assert_eq!(on_v2[0].carried_from(v2), Some(v1));
        notes.add(v2, &line(4, "aaaaaaaaaaaa", "Al", pid, "deleted"));
        let texts: Vec<String> = notes
            .comments(v2, Some(pid), None)
            .iter()
            .map(|s| s.text().to_string())
            .collect();
        assert_eq!(texts, ["on v2"]);
        // Without a patch-id (a merge), only the commit's own lines.
        assert_eq!(notes.comments(v1, None, None).len(), 2);
    }

    #[test]
    fn comments_on_the_previous_version_carry_and_yield_to_edits_on_this_one() {
        let (old_pid, new_pid) = (oid('8'), oid('9'));
        let (v2, v3, elsewhere, other_pid) = (oid('2'), oid('3'), oid('4'), oid('7'));
        let mut notes = Notes::default();
        notes.add(v2, &line(1, "aaaaaaaaaaaa", "Al", old_pid, "\"on v2\""));
        notes.add(
            v2,
            &line(2, "bbbbbbbbbbbb", "Al", old_pid, "\"also on v2\""),
        );
        // Other code on another commit: not the partner, not its patch-id nor this one's.
        notes.add(
            elsewhere,
            &line(3, "cccccccccccc", "Al", other_pid, "\"unrelated\""),
        );
        // Without the previous version, the changed patch has nothing.
        assert!(notes.comments(v3, Some(new_pid), None).is_empty());
        let v2 = Partner {
            key: v2,
            patch_id: Some(old_pid),
        };
        let carried = notes.comments(v3, Some(new_pid), Some(v2));
        let seen: Vec<(&str, Option<Oid>, bool)> = carried
            .iter()
            .map(|s| (s.text(), s.carried_from(v3), s.previous))
            .collect();
        assert_eq!(
            seen,
            [
                ("on v2", Some(v2.key), true),
                ("also on v2", Some(v2.key), true)
            ]
        );
        // An edit and a deletion written on v3 supersede the v2 lines, and only on v3.
        notes.add(
            v3,
            &line(4, "aaaaaaaaaaaa", "Al", new_pid, "\"edited on v3\""),
        );
        notes.add(v3, &line(5, "bbbbbbbbbbbb", "Al", new_pid, "deleted"));
        let now = notes.comments(v3, Some(new_pid), Some(v2));
        let seen: Vec<(&str, Option<Oid>, bool)> = now
            .iter()
            .map(|s| (s.text(), s.carried_from(v3), s.previous))
            .collect();
        assert_eq!(seen, [("edited on v3", None, false)]);
        assert_eq!(notes.comments(v2.key, Some(old_pid), None).len(), 2);
    }

    #[test]
    fn comments_standing_on_the_partner_by_its_patch_id_carry_two_hops() {
        let (old_pid, new_pid, other_pid) = (oid('8'), oid('9'), oid('7'));
        let (v1, v2, v3) = (oid('1'), oid('2'), oid('3'));
        let mut notes = Notes::default();
        notes.add(v1, &line(1, "aaaaaaaaaaaa", "Al", old_pid, "\"ring\""));
        notes.add(v1, &line(2, "bbbbbbbbbbbb", "Al", old_pid, "\"mac\""));
        // In v1's note but about other code: it does not stand on v2, nor reach v3.
        notes.add(v1, &line(3, "cccccccccccc", "Al", other_pid, "\"stray\""));
        let partner = Partner {
            key: v2,
            patch_id: Some(old_pid),
        };
        let seen = |notes: &Notes| -> Vec<(String, Option<Oid>, bool)> {
            notes
                .comments(v3, Some(new_pid), Some(partner))
                .iter()
                .map(|s| (s.text().to_string(), s.carried_from(v3), s.previous))
                .collect()
        };
        let from = |t: &str, c: Oid, p: bool| (t.to_string(), Some(c), p);
        assert_eq!(
            seen(&notes),
            [from("ring", v1, true), from("mac", v1, true)]
        );
        // Edited on v2: the edit stands, from v2; deleted on v3: gone there.
        notes.add(v2, &line(4, "aaaaaaaaaaaa", "Al", old_pid, "\"ring?\""));
        notes.add(v3, &line(5, "bbbbbbbbbbbb", "Al", new_pid, "deleted"));
        assert_eq!(seen(&notes), [from("ring?", v2, true)]);
        // Nothing of it without the partner's patch-id.
        let bare = Partner {
            patch_id: None,
            ..partner
        };
        assert_eq!(notes.comments(v3, Some(new_pid), Some(bare)).len(), 1);
    }
}

//! What a reviewer's action writes. A key press or a command names an intent (a decision, a
//! comment, "confirm mine"); the line it becomes depends on what the same reviewer said before.
//! That is decided here, once for the CLI and the TUI, and always against the note as it is
//! when the line is written (inside the compare-and-swap loop), never against a view of the
//! notes that may be stale.

use std::time::SystemTime;

use git2::Oid;

use super::comment::{Anchor, Comment};
use super::verdict::{Reviewer, State, Verdict};

/// A reviewer's action on one commit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// A decision. Without a comment, the comment you gave before stays with the new decision,
    /// except that `pending` clears both; with one, it replaces yours (empty text removes it).
    Decide {
        state: State,
        comment: Option<String>,
    },
    /// A comment (empty text removes it); your decision stays, `pending` when you have none.
    /// Removing a remark writes `pending` with an empty comment: the remark is taken back,
    /// not cleared, so a verdict of yours carried from an earlier version still stands.
    Comment(String),
    /// Accept, unless you decided or commented on this commit by the time it is written (the
    /// TUI's accept-all: a prompt answered later must not overwrite what happened meanwhile).
    AcceptIfUndecided,
    /// Your own verdict given on `from`, an earlier version of this patch, confirmed on this
    /// commit with its comment, or with your remark on this commit if you made one (a comment
    /// without a decision, which it replaces). Never anyone else's. It must have been given on the same code
    /// (patch-id) unless `code_changed`: the reviewer confirms it knowing the patch changed.
    Confirm { from: Oid, code_changed: bool },
    /// This line as it is, except for its time (for tools and tests writing as someone else).
    Exact(Verdict),
}

/// Why a change wrote nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unchanged {
    /// [`Change::AcceptIfUndecided`] found a decision or a comment of yours.
    DecidedMeanwhile,
    /// [`Change::Confirm`] found nothing of yours on `from` (for this patch-id), or a decision
    /// of yours on this commit already.
    NothingToConfirm,
    /// [`CommentChange::Edit`] or [`CommentChange::Delete`] of a comment that is not yours, or
    /// that a later line in this note deleted meanwhile.
    NoSuchComment,
}

/// A reviewer's change to their comments on one commit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CommentChange {
    /// A new comment.
    Add {
        anchor: Anchor,
        context: Option<String>,
        text: String,
    },
    /// New text, and possibly a new place (a comment carried from an earlier version is
    /// re-anchored where it now stands), for `previous`, the comment's latest line.
    Edit {
        previous: Comment,
        anchor: Anchor,
        context: Option<String>,
        text: String,
    },
    /// Deletes the comment whose latest line is `previous`.
    Delete { previous: Comment },
}

impl CommentChange {
    /// The earliest time its line may carry: after the line it supersedes.
    pub(super) fn after(&self) -> Option<SystemTime> {
        match self {
            CommentChange::Add { .. } => None,
            CommentChange::Edit { previous, .. } | CommentChange::Delete { previous } => {
                Some(previous.at)
            }
        }
    }

    /// The line this change writes at `at`, given the lines already in the note; `Err` when it
    /// edits or deletes a comment that is not `reviewer`'s, or that a line in `note` deleted.
    pub(super) fn apply(
        &self,
        reviewer: &Reviewer,
        patch_id: Option<Oid>,
        at: SystemTime,
        note: &[Comment],
    ) -> Result<Comment, Unchanged> {
        let gone = |prev: &Comment| {
            !prev.same_reviewer(&reviewer.email)
                || note.iter().any(|c| {
                    c.id == prev.id
                        && c.same_reviewer(&prev.email)
                        && c.text.is_none()
                        && c.recency_cmp(prev).is_ge()
                })
        };
        match self {
            CommentChange::Add {
                anchor,
                context,
                text,
            } => Ok(Comment::new(
                reviewer,
                at,
                patch_id,
                anchor.clone(),
                context.clone(),
                text.clone(),
            )),
            CommentChange::Edit {
                previous,
                anchor,
                context,
                text,
            } => {
                if gone(previous) {
                    return Err(Unchanged::NoSuchComment);
                }
                Ok(Comment {
                    at,
                    reviewer: reviewer.name.clone(),
                    patch_id,
                    anchor: anchor.clone(),
                    context: context.clone(),
                    text: Some(text.clone()),
                    ..previous.clone()
                })
            }
            CommentChange::Delete { previous } => {
                if gone(previous) {
                    return Err(Unchanged::NoSuchComment);
                }
                Ok(Comment {
                    at,
                    reviewer: reviewer.name.clone(),
                    patch_id,
                    text: None,
                    context: None,
                    ..previous.clone()
                })
            }
        }
    }
}

/// What the line says before its time is settled.
pub type Outcome = Result<Verdict, Unchanged>;

impl Change {
    /// The verdict this change writes, given `mine` (my latest line on this commit, whatever
    /// it says) and, for [`Change::Confirm`], `carried` (my latest line on the earlier commit).
    pub(super) fn apply(
        &self,
        reviewer: &Reviewer,
        patch_id: Option<Oid>,
        at: SystemTime,
        mine: Option<&Verdict>,
        carried: Option<&Verdict>,
    ) -> Outcome {
        let line = |state: State, comment: Option<String>, from: Option<Oid>| {
            let mut v = Verdict::new(state, reviewer, patch_id, comment);
            v.at = at;
            v.from = from;
            v
        };
        let my_comment = || mine.and_then(Verdict::said).map(str::to_string);
        let speaks = |v: &&Verdict| super::shown::speaks(v);
        let decides = |v: &&Verdict| v.state != State::Pending;
        match self {
            Change::Decide { state, comment } => {
                let comment = match comment {
                    Some(c) => Some(c.clone()),
                    None if *state == State::Pending => None,
                    None => my_comment(),
                };
                Ok(line(*state, comment, None))
            }
            Change::Comment(text) => {
                let state = mine.map_or(State::Pending, |v| v.state);
                let mut v = line(state, Some(text.clone()), None);
                // Emptying a remark takes back the remark, not what stood under it: an
                // explicitly empty comment, where a bare `pending` would clear a verdict of
                // mine carried from an earlier version. A clear stays a clear.
                let cleared = mine.is_some_and(|m| m.state == State::Pending && !m.is_remark());
                if v.state == State::Pending && v.comment.is_none() && !cleared {
                    v.comment = Some(String::new());
                }
                Ok(v)
            }
            Change::AcceptIfUndecided => match mine.filter(speaks) {
                Some(_) => Err(Unchanged::DecidedMeanwhile),
                None => Ok(line(State::Accept, None, None)),
            },
            // A remark of mine here is no decision: the carried one is confirmed, and the
            // remark, said later and about this version, is its comment.
            Change::Confirm { from, code_changed } => match (mine.filter(decides), carried) {
                (None, Some(c))
                    if c.state != State::Pending && (*code_changed || c.patch_id == patch_id) =>
                {
                    let comment = my_comment().or_else(|| c.comment.clone());
                    Ok(line(c.state, comment, Some(*from)))
                }
                _ => Err(Unchanged::NothingToConfirm),
            },
            Change::Exact(v) => Ok(Verdict { at, ..v.clone() }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn me() -> Reviewer {
        Reviewer {
            name: "Me".into(),
            email: "me@x".into(),
        }
    }

    fn apply(change: Change, mine: Option<&Verdict>) -> Outcome {
        change.apply(&me(), None, SystemTime::UNIX_EPOCH, mine, None)
    }

    fn said(state: State, comment: Option<&str>) -> Verdict {
        Verdict::new(state, &me(), None, comment.map(str::to_string))
    }

    #[test]
    fn one_rule_for_comments_across_decisions() {
        let decide = |state| Change::Decide {
            state,
            comment: None,
        };
        let asked = said(State::NeedsWork, Some("split it"));
        let v = apply(decide(State::Accept), Some(&asked)).unwrap();
        assert_eq!(
            (v.state, v.comment.as_deref()),
            (State::Accept, Some("split it"))
        );
        let v = apply(decide(State::Pending), Some(&asked)).unwrap();
        assert_eq!((v.state, v.comment), (State::Pending, None));
        let v = apply(
            Change::Decide {
                state: State::Reject,
                comment: Some("no".into()),
            },
            Some(&asked),
        )
        .unwrap();
        assert_eq!(v.comment.as_deref(), Some("no"));
        let v = apply(Change::Comment("why?".into()), Some(&asked)).unwrap();
        assert_eq!(
            (v.state, v.comment.as_deref()),
            (State::NeedsWork, Some("why?"))
        );
        let v = apply(Change::Comment("why?".into()), None).unwrap();
        assert_eq!(v.state, State::Pending);
        let v = apply(Change::Comment(" ".into()), Some(&asked)).unwrap();
        assert_eq!(v.comment, None, "an empty comment removes it");
    }

    #[test]
    fn accept_all_and_confirm_leave_what_is_there() {
        let remark = said(State::Pending, Some("hm"));
        let cleared = said(State::Pending, None);
        assert_eq!(
            apply(Change::AcceptIfUndecided, Some(&remark)),
            Err(Unchanged::DecidedMeanwhile)
        );
        assert!(apply(Change::AcceptIfUndecided, Some(&cleared)).is_ok());
        let from = Oid::from_str("1111111111111111111111111111111111111111").unwrap();
        let mut old = said(State::Reject, Some("no"));
        let confirm = Change::Confirm {
            from,
            code_changed: false,
        };
        let v = confirm
            .apply(&me(), None, SystemTime::UNIX_EPOCH, None, Some(&old))
            .unwrap();
        assert_eq!(
            (v.state, v.comment.as_deref(), v.from),
            (State::Reject, Some("no"), Some(from))
        );
        let decided = said(State::Accept, None);
        assert_eq!(
            confirm.apply(
                &me(),
                None,
                SystemTime::UNIX_EPOCH,
                Some(&decided),
                Some(&old)
            ),
            Err(Unchanged::NothingToConfirm)
        );
        old.patch_id = Some(from);
        assert_eq!(
            confirm.apply(&me(), None, SystemTime::UNIX_EPOCH, None, Some(&old)),
            Err(Unchanged::NothingToConfirm),
            "another patch's verdict"
        );
        let knowingly = Change::Confirm {
            from,
            code_changed: true,
        };
        let v = knowingly
            .apply(&me(), None, SystemTime::UNIX_EPOCH, None, Some(&old))
            .unwrap();
        assert_eq!(
            (v.state, v.patch_id, v.from),
            (State::Reject, None, Some(from)),
            "confirmed on the changed patch, with its own patch-id"
        );
    }

    #[test]
    fn confirm_over_my_remark_keeps_the_remark_as_the_comment() {
        let from = Oid::from_str("1111111111111111111111111111111111111111").unwrap();
        let old = said(State::Accept, Some("looks fine on v1"));
        let remark = said(State::Pending, Some("just a note"));
        let confirm = |code_changed| Change::Confirm { from, code_changed };
        let at = SystemTime::UNIX_EPOCH;
        for code_changed in [false, true] {
            let v = confirm(code_changed)
                .apply(&me(), None, at, Some(&remark), Some(&old))
                .unwrap();
            assert_eq!(
                (v.state, v.comment.as_deref(), v.from),
                (State::Accept, Some("just a note"), Some(from))
            );
        }
        // A clear here: nothing of mine stands, the carried comment comes along.
        let cleared = said(State::Pending, None);
        let v = confirm(false)
            .apply(&me(), None, at, Some(&cleared), Some(&old))
            .unwrap();
        assert_eq!(v.comment.as_deref(), Some("looks fine on v1"));
        // Accept-all still leaves a remark alone.
        assert_eq!(
            Change::AcceptIfUndecided.apply(&me(), None, at, Some(&remark), None),
            Err(Unchanged::DecidedMeanwhile)
        );
    }

    #[test]
    fn emptying_my_remark_takes_it_back_and_clears_nothing() {
        let remark = said(State::Pending, Some("just a note"));
        let withdrawn = apply(Change::Comment(" ".into()), Some(&remark)).unwrap();
        assert!(withdrawn.is_remark() && withdrawn.said().is_none());
        assert!(
            withdrawn.to_line().ends_with(" <me@x> \"\""),
            "an empty comment"
        );
        let v = apply(Change::Comment(String::new()), None).unwrap();
        assert_eq!((v.state, v.comment.as_deref()), (State::Pending, Some("")));
        // A clear stays a clear, and u still clears a remark.
        let cleared = said(State::Pending, None);
        let v = apply(Change::Comment(String::new()), Some(&cleared)).unwrap();
        assert_eq!((v.state, v.comment), (State::Pending, None));
        let u = Change::Decide {
            state: State::Pending,
            comment: None,
        };
        assert_eq!(apply(u, Some(&remark)).unwrap().comment, None);
        // = over it takes the carried verdict's own comment; accept-all sees nothing said.
        let from = Oid::from_str("1111111111111111111111111111111111111111").unwrap();
        let old = said(State::Accept, Some("looks fine on v1"));
        let v = Change::Confirm {
            from,
            code_changed: false,
        }
        .apply(
            &me(),
            None,
            SystemTime::UNIX_EPOCH,
            Some(&withdrawn),
            Some(&old),
        )
        .unwrap();
        assert_eq!(v.comment.as_deref(), Some("looks fine on v1"));
        assert!(apply(Change::AcceptIfUndecided, Some(&withdrawn)).is_ok());
    }
}

#[cfg(test)]
mod comment_tests {
    use super::*;
    use crate::notes::Side;

    fn me() -> Reviewer {
        Reviewer {
            name: "Me".into(),
            email: "me@x".into(),
        }
    }

    #[test]
    fn only_my_standing_comments_can_be_edited_or_deleted() {
        let t = SystemTime::UNIX_EPOCH;
        let add = CommentChange::Add {
            anchor: Anchor::Line {
                path: "a.c".into(),
                side: Side::New,
                line: 3,
            },
            context: Some("+x".into()),
            text: "why?".into(),
        };
        let mine = add.apply(&me(), None, t, &[]).unwrap();
        let edit = |previous: &Comment| CommentChange::Edit {
            previous: previous.clone(),
            anchor: previous.anchor.clone(),
            context: previous.context.clone(),
            text: "why not?".into(),
        };
        let edited = edit(&mine).apply(&me(), None, t, &[]).unwrap();
        assert_eq!(
            (edited.id.as_str(), edited.text.as_deref()),
            (mine.id.as_str(), Some("why not?"))
        );
        let gone = CommentChange::Delete {
            previous: edited.clone(),
        }
        .apply(&me(), None, t + std::time::Duration::from_millis(1), &[])
        .unwrap();
        assert_eq!(gone.text, None);
        // Deleted meanwhile (by me in another terminal): the edit is refused, not a revival.
        assert_eq!(
            edit(&mine).apply(&me(), None, t, std::slice::from_ref(&gone)),
            Err(Unchanged::NoSuchComment)
        );
        let theirs = Comment {
            email: "other@x".into(),
            ..mine
        };
        assert_eq!(
            CommentChange::Delete { previous: theirs }.apply(&me(), None, t, &[]),
            Err(Unchanged::NoSuchComment)
        );
    }
}

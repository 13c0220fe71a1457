//! Placing comments on a version of a patch, and the `$EDITOR` round trip, on a patch built
//! here (the integration tests do the same on real repositories).

use std::time::{Duration, SystemTime};

use git2::Oid;

use super::document::Document;
use super::edit::{parse, render, EditError};
use super::{anchor_at, place, placed, Place, Spot};
use crate::areas::Placement;
use crate::diff::{FileChange, Hunk, LineKind, PatchDiff, Status};
use crate::notes::{Comment, CommentChange, Notes, Reviewer};

const MESSAGE: &str = "a: set y\n\nWhy y.\n\nSigned-off-by: A <a@x>\n";

/// `a.c`: lines 1-3 kept around, line 4 `int y = 1;` added, starting at line `start`.
fn diff(start: u32, y: &str) -> PatchDiff {
    let s = start;
    PatchDiff {
        files: vec![FileChange {
            path: b"a.c".to_vec(),
            old_path: None,
            status: Status::Modified,
            binary: false,
            placement: Placement::default(),
            similarity: None,
            hunks: vec![{
                let mut h = Hunk::new((s, 3), (s, 4), String::new());
                h.push(LineKind::Context, "int a;", Some(s), Some(s));
                h.push(LineKind::Context, "}", Some(s + 1), Some(s + 1));
                h.push(LineKind::Context, "}", Some(s + 2), Some(s + 2));
                h.push(LineKind::Added, y, None, Some(s + 3));
                h
            }],
        }],
        patch_id: Some(Oid::from_str(&"9".repeat(40)).unwrap()),
    }
}

fn me() -> Reviewer {
    Reviewer {
        name: "Me".into(),
        email: "me@x".into(),
    }
}

/// Notes with my comments at these spots of `d`, on `commit`.
fn notes_with(commit: Oid, d: &PatchDiff, said: &[(Spot, &str)]) -> Notes {
    let mut notes = Notes::default();
    for (n, (spot, text)) in said.iter().enumerate() {
        let (anchor, context) = anchor_at(*spot, d, MESSAGE);
        let at = SystemTime::UNIX_EPOCH + Duration::from_secs(n as u64);
        let c = Comment::new(&me(), at, d.patch_id, anchor, context, text.to_string());
        notes.add(commit, &c.to_line());
    }
    notes
}

fn line(l: usize) -> Spot {
    Spot::Line {
        file: 0,
        hunk: 0,
        line: l,
    }
}

#[test]
fn a_comment_follows_its_line_and_is_outdated_when_the_line_changed() {
    let commit = Oid::from_str(&"1".repeat(40)).unwrap();
    let v1 = diff(10, "int y = 1;");
    // On `}` (twice in the hunk): the context tells which one.
    let notes = notes_with(
        commit,
        &v1,
        &[(line(2), "second brace"), (line(3), "why 1?")],
    );
    let c = |i: usize| notes.comments(commit, v1.patch_id, None)[i].comment.clone();
    // Moved down by 30 lines: both follow.
    let v2 = diff(40, "int y = 1;");
    assert_eq!(place(&c(0), &v2, MESSAGE), Place::At(line(2)));
    assert_eq!(place(&c(1), &v2, MESSAGE), Place::At(line(3)));
    // The added line reads differently: outdated, under its file; the brace still placed.
    let v3 = diff(40, "int y =  1;");
    assert_eq!(
        place(&c(1), &v3, MESSAGE),
        Place::Outdated { file: Some(0) }
    );
    assert_eq!(place(&c(0), &v3, MESSAGE), Place::At(line(2)));
}

#[test]
fn an_unedited_file_changes_nothing_and_two_comments_under_one_line_stay_two() {
    let commit = Oid::from_str(&"1".repeat(40)).unwrap();
    let d = diff(10, "int y = 1;");
    let notes = notes_with(
        commit,
        &d,
        &[(line(3), "first"), (line(3), "second\n\nwith a paragraph")],
    );
    let mine = placed(&notes, commit, None, &d, MESSAGE);
    let doc = Document::of(MESSAGE, &d);
    let text = render("t", &doc, &mine, &[], Some("overall"));
    let plan = parse(&text, &doc, &d, MESSAGE, &mine, Some("overall")).unwrap();
    assert_eq!((plan.changes.len(), plan.unchanged), (0, 2), "{text}");
    assert_eq!(plan.patch_comment, None);
    // The second edited: an edit of that very comment.
    let edited = text.replace("with a paragraph", "with another paragraph");
    let plan = parse(&edited, &doc, &d, MESSAGE, &mine, Some("overall")).unwrap();
    let [CommentChange::Edit { previous, text, .. }] = plan.changes.as_slice() else {
        panic!("{:?}", plan.changes)
    };
    assert_eq!(previous.text.as_deref(), Some("second\n\nwith a paragraph"));
    assert_eq!(text, "second\n\nwith another paragraph");
}

#[test]
fn a_trimmed_quote_keeps_comments_on_their_lines() {
    let commit = Oid::from_str(&"1".repeat(40)).unwrap();
    let d = diff(10, "int y = 1;");
    let notes = notes_with(commit, &d, &[(line(3), "why 1?")]);
    let mine = placed(&notes, commit, None, &d, MESSAGE);
    let doc = Document::of(MESSAGE, &d);
    // As a mail reply: only the line commented on, and a new comment under the message.
    let edited = "> Why y.\nSay more.\n> +int y = 1;\n\nwhy 1?\n";
    let plan = parse(edited, &doc, &d, MESSAGE, &mine, None).unwrap();
    assert_eq!(plan.unchanged, 1);
    let [CommentChange::Add { anchor, .. }] = plan.changes.as_slice() else {
        panic!("{:?}", plan.changes)
    };
    assert_eq!(anchor.describe(), "message line 3");
    // Deleting the comment but keeping the quote deletes it.
    let plan = parse("> +int y = 1;\n", &doc, &d, MESSAGE, &mine, None).unwrap();
    assert!(matches!(
        plan.changes.as_slice(),
        [CommentChange::Delete { .. }]
    ));
}

#[test]
fn quoted_text_the_patch_does_not_have_is_refused() {
    let d = diff(10, "int y = 1;");
    let doc = Document::of(MESSAGE, &d);
    let edited = "> +int y = 1;\n> +int z = 2;\nhm\n";
    assert_eq!(
        parse(edited, &doc, &d, MESSAGE, &[], None),
        Err(EditError::NotInPatch {
            line: 2,
            text: "> +int z = 2;".into()
        })
    );
    // Out of order is refused too: the comment would land on the wrong line.
    let edited = "> +int y = 1;\n>  int a;\nhm\n";
    assert!(matches!(
        parse(edited, &doc, &d, MESSAGE, &[], None),
        Err(EditError::NotInPatch { line: 2, .. })
    ));
    assert_eq!(
        parse("all gone\n", &doc, &d, MESSAGE, &[], None),
        Err(EditError::NoQuote)
    );
}

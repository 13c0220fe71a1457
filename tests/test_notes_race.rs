//! The very first verdicts on a repository race to create the notes ref: none may be lost.

use std::sync::Barrier;
use std::time::SystemTime;

use git_triage::notes::{self, Change, Reviewer, State};

use crate::common::{signed, TestRepo};

/// Eight writers start together on a repository without notes, twenty times over; every line is
/// kept. (libgit2's plain "create" checks that the ref is absent before it takes the lock, so
/// two first writers could both win and one line vanish.)
#[test]
fn first_writers_on_a_fresh_notes_ref_lose_nothing() {
    const WRITERS: usize = 8;
    for round in 0..20 {
        let mut r = TestRepo::new();
        let commit = r.commit(&signed("a"), &[("a", Some(b"a\n"))]);
        let commit = git2::Oid::from_str(&commit).unwrap();
        let barrier = Barrier::new(WRITERS);
        std::thread::scope(|s| {
            for w in 0..WRITERS {
                let (barrier, path) = (&barrier, r.path());
                s.spawn(move || {
                    let repo = git2::Repository::open(path).unwrap();
                    let reviewer = Reviewer {
                        name: format!("Reviewer {w}"),
                        email: format!("r{w}@example.org"),
                    };
                    let change = Change::Decide {
                        state: State::Accept,
                        comment: Some(format!("w{w}")),
                    };
                    barrier.wait();
                    notes::write(
                        &repo,
                        "refs/notes/triage",
                        &reviewer,
                        commit,
                        None,
                        SystemTime::now(),
                        &change,
                    )
                    .unwrap()
                    .unwrap();
                });
            }
        });
        let note = r.git(&["notes", "--ref=triage", "show", &commit.to_string()]);
        assert_eq!(note.lines().count(), WRITERS, "round {round}:\n{note}");
    }
}

//! A series reviewed as a range and answered as the mail it was sent as: the mailed patches
//! are other objects with the same patch-ids, so what was said on the commits carries to them.
//! The patch comments (a remark without a decision, a request for work) are said in the
//! replies to the mail as in the replies to the range, and `check` on the mail shows them.

use git_triage::mail;

use crate::test_notes::ok;
use crate::test_reply::{juergen, mailed, series};

#[test]
fn patch_comments_given_on_the_range_are_in_the_replies_to_the_mail() {
    let (repo, ids) = series();
    let mbox = repo.path().join("series.mbox");
    std::fs::write(&mbox, mailed(&repo)).unwrap();
    let m = mbox.to_str().unwrap();
    for args in [
        vec![
            "comment",
            &ids[0],
            "hw/net/e1000.c:42",
            "-m",
            "Why the MAC?",
        ],
        vec!["comment", &ids[0], "-m", "Say why in the message."],
        vec![
            "verdict",
            &ids[1],
            "needs-work",
            "-m",
            "Split the tidying out.",
        ],
    ] {
        ok(&juergen(&repo, &args));
    }
    let bodies = |series: Option<&str>| {
        let out = repo.path().join("replies.mbox");
        let mut args = vec!["reply", "--mbox", out.to_str().unwrap()];
        args.extend(series);
        ok(&juergen(&repo, &args));
        let (_, back) = mail::read(&out).unwrap();
        back.into_iter().map(|m| m.body).collect::<Vec<_>>()
    };
    for (from, bodies) in [("the range", bodies(None)), ("the mail", bodies(Some(m)))] {
        assert_eq!(bodies.len(), 3, "{from}: the summary and two replies");
        assert!(
            bodies[1].contains("\n\nWhy the MAC?\n\nSay why in the message.\n"),
            "{from}: {}",
            bodies[1]
        );
        assert!(
            bodies[2].contains("Split the tidying out.\n"),
            "{from}: {}",
            bodies[2]
        );
    }
    let out = ok(&juergen(&repo, &["check", m]));
    let remark = format!("(carried from {}): Say why in the message.", &ids[0][..12]);
    assert!(
        out.lines()
            .any(|l| l.contains("· pending by Jürgen Groß") && l.ends_with(&remark)),
        "{out}"
    );
}

//! The TUI on mail: the same screens through the same overview, opened from the demo's series
//! as its author mailed it, applied onto its base or read from the text.

use std::path::Path;

use crossterm::event::KeyCode;

use git_triage::mail::MailInput;

use super::{fixed_clock, git, key, screen, sources};
use crate::tui::Session;

fn open_mail(repo: &Path, mbox: &Path, no_apply: bool) -> Session {
    let source = git_triage::Source::Mail(MailInput {
        path: mbox.to_path_buf(),
        no_apply,
        ..MailInput::default()
    });
    let mut s =
        super::super::open(git2::Repository::open(repo).unwrap(), &source, &sources()).unwrap();
    s.app.clock = fixed_clock;
    if !no_apply {
        // The first frame comes before the mail is applied; the worker then applies it.
        assert!(s.app.pending());
        let text = screen(&mut s.app, 120, 40);
        assert!(text.contains(" v2 applying… · TCG, LEDs"), "{text}");
        assert!(text.contains("applying the mail onto its base…"), "{text}");
        s.wait_until(|app| !app.pending());
    }
    s.settle();
    s
}

#[test]
fn a_mailed_series_opens_applied_or_not_and_takes_verdicts_on_its_messages() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo");
    crate::demo::create(&path).unwrap();
    let mbox = crate::demo::mail(&path).unwrap();

    let mut app = open_mail(&path, &mbox, false);
    // The cover letter comes first: its subject and body, what replies to it sent, and what
    // a reply to it would say; no verdict on it.
    assert!(app.app.on_cover && app.app.current().is_none());
    let s = screen(&mut app.app, 120, 40);
    assert!(s.contains(" v2 applied · TCG, LEDs"), "{s}");
    assert!(s.contains("▶ ✉  0 cover"), "{s}");
    assert!(s.contains("cover letter · v2 · 8 patches · <"), "{s}");
    assert!(s.contains("[PATCH v2 0/8]"), "{s}");
    let cover: Vec<String> = app.app.cover_lines().into_iter().map(|l| l.0).collect();
    assert!(
        cover.iter().any(|l| l == "Your reply to it (M writes it)"),
        "{cover:#?}"
    );
    assert!(cover
        .iter()
        .any(|l| l == "  a summary of your verdicts: 8 undecided"));
    assert!(cover
        .iter()
        .any(|l| l.starts_with("  Reviewed-by: ") || l.contains("Kim Kvm")));
    key(&mut app, KeyCode::Char('a'));
    assert!(app
        .app
        .message
        .as_ref()
        .unwrap()
        .text
        .starts_with("the cover letter takes no verdict"));
    key(&mut app, KeyCode::Char('j'));
    assert!(!app.app.on_cover && app.app.current() == Some(0));
    let s = screen(&mut app.app, 120, 40);
    assert!(s.contains("mail, applied as "), "{s}");
    assert!(
        s.contains("docs/devel: describe the TCG op generator"),
        "{s}"
    );
    assert!(s.contains("Trailers from replies"), "{s}");
    assert!(
        s.contains("Reviewed-by: Rita Reviewer <rita@example.org>  sent by Rita Reviewer"),
        "{s}"
    );
    // The TCG patch's critical hunk is found in the applied commit's diff.
    key(&mut app, KeyCode::Char(']'));
    assert_eq!(app.app.current(), Some(1));
    assert!(screen(&mut app.app, 120, 40).contains("CRITICAL"));

    // A verdict lands on the message's key, which names it.
    key(&mut app, KeyCode::Char('a'));
    let target = app.app.series.patches[1].key.to_string();
    assert!(git(&path, &["notes", "--ref=triage", "show", &target]).contains(" accept patch-id="));
    assert!(git(&path, &["cat-file", "-p", &target])
        .starts_with("git-triage mailed patch\nMessage-ID: <"));

    // The list's top is the cover.
    key(&mut app, KeyCode::Char('h'));
    key(&mut app, KeyCode::Char('g'));
    assert!(app.app.on_cover);

    // From the text alone: the same patches, the same verdict.
    let mut text = open_mail(&path, &mbox, true);
    key(&mut text, KeyCode::Char('j'));
    let s = screen(&mut text.app, 120, 40);
    assert!(
        s.contains(" v2 not applied · TCG, LEDs") && s.contains("mail, not applied · <"),
        "{s}"
    );
    assert_eq!(
        text.app.my_verdict(1).map(|v| v.state),
        Some(git_triage::notes::State::Accept)
    );
    key(&mut text, KeyCode::Char(']'));
    assert_eq!(
        text.app.current(),
        Some(1),
        "critical hunks from the mail's text"
    );
}

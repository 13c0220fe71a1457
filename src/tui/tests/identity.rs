//! The reviewer's identity is read again for each write: set in another terminal, it counts
//! without a restart; missing, the status bar says so in one line.

use std::path::Path;

use git_triage::notes::{NotesError, Reviewer, State};

use super::{demo, git, screen, typed};

/// The identity from the repository's own configuration only: a machine whose global
/// configuration names nobody.
fn local_only(git_dir: &Path) -> Result<Reviewer, NotesError> {
    let config = git2::Config::open(&git_dir.join("config"))?;
    match (
        config.get_string("user.name"),
        config.get_string("user.email"),
    ) {
        (Ok(name), Ok(email)) => Ok(Reviewer { name, email }),
        _ => Err(NotesError::IdentityUnknown),
    }
}

#[test]
fn an_identity_set_while_the_ui_runs_is_used_at_the_next_write() {
    let mut d = demo();
    let real = d.s.app.read_identity;
    d.s.app.read_identity = local_only;
    git(&d.path, &["config", "--unset", "user.name"]);
    git(&d.path, &["config", "--unset", "user.email"]);
    typed(&mut d.s, "a");
    let msg = d.s.app.message.clone().unwrap();
    assert!(msg.error);
    assert_eq!(
        msg.text,
        "no reviewer identity: set git config user.name and user.email"
    );
    let s = screen(&mut d.s.app, 120, 24);
    assert!(
        s.contains("✓0/9  no reviewer identity: set git config user.name and user.email\n"),
        "{s}"
    );
    assert!(d.s.app.saving.is_empty());
    // Set in another terminal: the next key writes with it.
    git(&d.path, &["config", "user.name", "Demo Maintainer"]);
    git(&d.path, &["config", "user.email", "maintainer@example.org"]);
    typed(&mut d.s, "a");
    assert_eq!(d.s.app.my_verdict(0).map(|v| v.state), Some(State::Accept));
    // git's own reading sees a change made since the UI opened too.
    d.s.app.read_identity = real;
    git(&d.path, &["config", "user.name", "Renamed Maintainer"]);
    typed(&mut d.s, "ja");
    let commit = d.s.app.series.patches[1].key.to_string();
    let note = git(&d.path, &["notes", "--ref=triage", "show", &commit]);
    assert!(note.contains("accept"), "{note}");
    assert!(
        note.contains("Renamed Maintainer <maintainer@example.org>"),
        "{note}"
    );
}

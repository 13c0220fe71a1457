//! The reviewer's stories end to end: open patch 3, comment line 42 of hw/net/e1000.c, accept,
//! write the reply; and the same comments written in `$EDITOR` as a quoted reply.

use std::path::Path;

use crossterm::event::KeyCode;

use git_triage::comments::Spot;
use git_triage::mail;

use super::comments::{comment_elsewhere_as, cursor_on};
use super::{ctrl, demo, git, key, open, screen, typed, Row};
use crate::tui::app::external;
use crate::tui::Session;

/// A QEMU-like repository with three patches; the third changes `hw/net/e1000.c` so that its
/// new line 42 is an added line.
fn e1000_series(dir: &Path) -> Session {
    git(dir, &["init", "-q", "-b", "master"]);
    git(dir, &["config", "user.name", "Rita Reviewer"]);
    git(dir, &["config", "user.email", "rita@example.org"]);
    let write = |path: &str, text: &str| {
        let full = dir.join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, text).unwrap();
    };
    let e1000: String = std::iter::once("#include \"hw/net/e1000.h\"\n".to_string())
        .chain((2..=60).map(|n| format!("    e1000_reg_{n} = 0;\n")))
        .collect();
    write("hw/net/e1000.c", &e1000);
    write("docs/devel/net.rst", "Networking\n==========\n");
    write("hw/net/meson.build", "e1000 = files('e1000.c')\n");
    git(dir, &["add", "."]);
    git(dir, &["commit", "-q", "-m", "Initial import"]);
    git(dir, &["checkout", "-q", "-b", "e1000-reset"]);
    let ada = "Ada Lovelace <ada@example.org>";
    let sob = "Signed-off-by: Ada Lovelace <ada@example.org>";
    let commit = |subject: &str, path: &str, text: &str| {
        write(path, text);
        git(dir, &["add", "."]);
        let msg = format!("{subject}\n\nWhy it matters.\n\n{sob}");
        git(dir, &["commit", "-q", "--author", ada, "-m", &msg]);
    };
    commit(
        "docs/devel: describe the e1000 reset",
        "docs/devel/net.rst",
        "Networking\n==========\n\nThe e1000 resets its ring first.\n",
    );
    commit(
        "hw/net: build e1000 with warnings",
        "hw/net/meson.build",
        "e1000 = files('e1000.c', c_args: ['-Wall'])\n",
    );
    let fixed = e1000.replace(
        "    e1000_reg_41 = 0;\n",
        "    e1000_reg_41 = 0;\n    e1000_ring_reset(s);\n",
    );
    commit(
        "hw/net/e1000: reset the ring before the MAC",
        "hw/net/e1000.c",
        &fixed,
    );
    let mut s = open(dir, "master..e1000-reset");
    s.settle();
    s
}

#[test]
fn open_patch_3_comment_line_42_accept_and_write_the_reply() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = e1000_series(dir.path());
    // Open patch 3, go to its hunk, down to line 42.
    typed(&mut s, "jj");
    assert_eq!(s.app.series.patches[s.app.current().unwrap()].index, 3);
    key(&mut s, KeyCode::Enter);
    typed(&mut s, "njjjj");
    let i = s.app.current().unwrap();
    let Row::Line(f, h, l) = s.app.rows[s.app.cursor] else {
        panic!("{:?}", s.app.rows[s.app.cursor])
    };
    let file = &s.app.diff(i).unwrap().files[f];
    assert_eq!(file.display_path(), "hw/net/e1000.c");
    assert_eq!(file.hunks[h].line(l).new_lineno, Some(42));
    // Comment it, accept the patch, write the reply.
    typed(&mut s, "c");
    typed(&mut s, "Reset the MAC too, or say why not.");
    ctrl(&mut s, 's');
    typed(&mut s, "a");
    assert!(s
        .app
        .message
        .as_ref()
        .unwrap()
        .text
        .starts_with("✓ accept 3/3"));
    let text = screen(&mut s.app, 100, 30);
    assert!(
        text.contains("│ Reset the MAC too, or say why not."),
        "{text}"
    );
    typed(&mut s, "M");
    assert_eq!(
        s.app.message.as_ref().unwrap().text,
        "2 replies written to .git/triage-replies.mbox; nothing was sent"
    );
    let (_, replies) = mail::read(&dir.path().join(".git/triage-replies.mbox")).unwrap();
    assert_eq!(replies.len(), 2);
    assert!(
        replies[0]
            .body
            .contains("  accepted  [PATCH 3/3] hw/net/e1000"),
        "{}",
        replies[0].body
    );
    let r = &replies[1];
    assert_eq!(
        r.subject,
        "Re: [PATCH 3/3] hw/net/e1000: reset the ring before the MAC"
    );
    assert_eq!(
        (r.from_name.as_str(), r.to.as_slice()),
        (
            "Rita Reviewer",
            &["\"Ada Lovelace\" <ada@example.org>".to_string()][..]
        )
    );
    assert!(
        r.body.ends_with(
            "> @@ -39,6 +39,7 @@\n>      e1000_reg_39 = 0;\n>      e1000_reg_40 = 0;\n\
             >      e1000_reg_41 = 0;\n> +    e1000_ring_reset(s);\n\n\
             Reset the MAC too, or say why not.\n\nReviewed-by: Rita Reviewer <rita@example.org>\n"
        ),
        "{}",
        r.body
    );
}

/// A script that edits the file the way a reviewer would: changes one comment, deletes
/// another, and writes a new one under a line of the diff.
const SCRIPT: &str = r#"#!/bin/sh
set -e
sed -i -e 's/^edit me$/edited in the editor/' -e '/^delete me$/d' \
  -e '/^> -    led_9 = compute(9);$/a\
Added from the editor.' "$1"
"#;

#[test]
fn the_editor_round_trip_keeps_edits_deletes_and_adds() {
    let mut d = demo();
    cursor_on(&mut d.s, 3, "hw/misc/led.c", 10);
    typed(&mut d.s, "ckeep me");
    ctrl(&mut d.s, 's');
    let i = d.s.app.current().unwrap();
    comment_elsewhere_as(&d, i, Spot::Message { line: Some(3) }, "edit me", true);
    comment_elsewhere_as(&d, i, Spot::File { file: 0 }, "delete me", true);
    comment_elsewhere_as(&d, i, Spot::File { file: 0 }, "not mine", false);
    typed(&mut d.s, "R");
    assert_eq!(d.s.app.comments.len(), 4);
    let before = note_lines(&d.path, &d.s.app, i);

    // Quitting without saving changes nothing.
    typed(&mut d.s, "E");
    let job = d.s.app.take_external().expect("an editor is asked for");
    let text = std::fs::read_to_string(&job.path).unwrap();
    assert!(
        text.starts_with(">> git-triage: your comments on [PATCH 3/9] hw/misc/led"),
        "{text}"
    );
    assert!(
        text.contains(">     led_period = 500;\n\nkeep me\n\n")
            || text.contains("> +    led_period = 500;\n\nkeep me\n\n"),
        "{text}"
    );
    assert!(
        text.contains(">> Other Reviewer <other@example.org> (2026-11-26):\n>>   not mine\n"),
        "{text}"
    );
    let status = external::run("true", &job.path);
    d.s.app.external_done(job, status);
    d.s.settle();
    assert_eq!(
        d.s.app.message.as_ref().unwrap().text,
        "nothing changed in the editor"
    );
    assert_eq!(note_lines(&d.path, &d.s.app, i), before);

    // The scripted editor.
    let script = d.path.join("edit.sh");
    std::fs::write(&script, SCRIPT).unwrap();
    typed(&mut d.s, "E");
    let job = d.s.app.take_external().unwrap();
    let path = job.path.clone();
    let status = external::run(&format!("sh {}", script.display()), &job.path);
    d.s.app.external_done(job, status);
    d.s.settle();
    assert_eq!(
        d.s.app.message.as_ref().unwrap().text,
        "from the editor: 1 added, 1 edited, 1 deleted, 1 unchanged"
    );
    assert!(!path.exists(), "the file goes once applied");
    let after = note_lines(&d.path, &d.s.app, i);
    let new: Vec<&String> = after.iter().filter(|l| !before.contains(l)).collect();
    assert_eq!(new.len(), 3, "{new:#?}");
    assert!(new
        .iter()
        .any(|l| l.contains(" message line:3 ") && l.contains("\"edited in the editor\"")));
    assert!(new
        .iter()
        .any(|l| l.contains(" file \"hw/misc/led.c\" ") && l.ends_with(" deleted")));
    assert!(new
        .iter()
        .any(|l| l.contains(" line old:10 \"hw/misc/led.c\" ")
            && l.contains("\"Added from the editor.\"")));
    let texts: Vec<&str> =
        d.s.app
            .comments
            .iter()
            .map(|c| c.comment.text.as_deref().unwrap())
            .collect();
    assert_eq!(texts.len(), 4, "{texts:?}");
    assert!(texts.contains(&"keep me") && texts.contains(&"not mine"));

    // Quoted text that is not the patch's is refused, and the file is kept.
    typed(&mut d.s, "E");
    let job = d.s.app.take_external().unwrap();
    let path = job.path.clone();
    let status = external::run(
        "sed -i -e 's/^> +    led_period = 500;$/> +    led_period = 250;/'",
        &job.path,
    );
    d.s.app.external_done(job, status);
    d.s.settle();
    let msg = &d.s.app.message.as_ref().unwrap();
    let name = path.file_name().unwrap().to_string_lossy();
    assert!(
        msg.error
            && msg
                .text
                .starts_with(&format!("kept in .git/{name} (E reopens it): line "))
            && msg.text.ends_with(
                " quotes what is not in the patch (or out of order): \"> +    led_period = 250;\""
            ),
        "{}",
        msg.text
    );
    assert!(path.exists());
    assert_eq!(note_lines(&d.path, &d.s.app, i), after);
    // E reopens the kept text; with the line put back it reads as it was written.
    typed(&mut d.s, "E");
    let job = d.s.app.take_external().unwrap();
    let kept = std::fs::read_to_string(&job.path).unwrap();
    assert!(kept.contains("> +    led_period = 250;"), "{kept}");
    let status = external::run(
        "sed -i -e 's/^> +    led_period = 250;$/> +    led_period = 500;/'",
        &job.path,
    );
    d.s.app.external_done(job, status);
    d.s.settle();
    assert_eq!(
        d.s.app.message.as_ref().unwrap().text,
        "nothing changed in the editor"
    );
    assert!(!path.exists());
    // An editor that fails changes nothing either.
    typed(&mut d.s, "E");
    let job = d.s.app.take_external().unwrap();
    let status = external::run("false", &job.path);
    d.s.app.external_done(job, status);
    d.s.settle();
    assert_eq!(
        d.s.app.message.as_ref().unwrap().text,
        "the editor exited with 1: nothing changed"
    );
    assert_eq!(note_lines(&d.path, &d.s.app, i), after);
}

#[test]
fn the_editor_is_the_one_git_would_start() {
    if ["GIT_EDITOR", "VISUAL", "EDITOR"]
        .iter()
        .any(|v| std::env::var_os(v).is_some())
    {
        return; // the environment wins over core.editor, as in git
    }
    let d = demo();
    git(&d.path, &["config", "core.editor", "my-editor --wait"]);
    let git_dir = d.path.join(".git");
    assert_eq!(external::editor(&git_dir).unwrap(), "my-editor --wait");
}

fn note_lines(path: &Path, app: &crate::tui::App, i: usize) -> Vec<String> {
    let commit = app.series.patches[i].key.to_string();
    git(path, &["notes", "--ref=triage", "show", &commit])
        .lines()
        .map(str::to_string)
        .collect()
}

//! A generated 4,000-commit series (written with `git fast-import` in well under a second): the
//! list at the three terminal sizes reviewers use, and a filter that leaves the selection at
//! the bottom of a long list.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use super::{draw, open, screen, typed, Session};

/// `n` commits on `main` after a `base` tag, written in one fast-import stream: every 7th has
/// an `Assisted-by` trailer, every 5th changes `core/` (critical by the committed policy).
fn big_repo(dir: &Path, n: usize) {
    let run = |args: &[&str]| {
        let ok = Command::new("git")
            .args(args)
            .current_dir(dir)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .status()
            .unwrap()
            .success();
        assert!(ok, "git {args:?}");
    };
    run(&["init", "-q", "-b", "main"]);
    run(&["config", "user.name", "Rita Reviewer"]);
    run(&["config", "user.email", "rita@example.org"]);
    let mut s = String::new();
    let data = |s: &mut String, text: &str| {
        s.push_str(&format!("data {}\n{text}\n", text.len()));
    };
    let policy = "[[area]]\nname = \"Core\"\nlevel = \"critical\"\npaths = [\"core/\"]\n";
    s.push_str("commit refs/heads/main\nmark :1\n");
    s.push_str("author A U Thor <author@example.org> 1767225600 +0000\n");
    s.push_str("committer A U Thor <author@example.org> 1767225600 +0000\n");
    data(&mut s, "base");
    s.push_str("M 100644 inline .git-triage.toml\n");
    data(&mut s, policy);
    s.push_str("reset refs/tags/base\nfrom :1\n\n");
    for k in 1..=n {
        let dir_name = if k % 5 == 0 { "core" } else { "lib" };
        let path = format!("{dir_name}/file{}.c", k % 40);
        let ai = if k % 7 == 0 {
            "\nAssisted-by: Claude:claude-opus-4-6"
        } else {
            ""
        };
        let msg = format!(
            "{dir_name}: change number {k} of the generated series, with a subject long enough \
             to need the room\n\nWhy.\n\nSigned-off-by: A U Thor <author@example.org>{ai}"
        );
        s.push_str(&format!(
            "commit refs/heads/main\nmark :{}\nauthor A U Thor <author@example.org> {} +0000\n\
             committer A U Thor <author@example.org> {} +0000\n",
            k + 1,
            1767225600 + k,
            1767225600 + k
        ));
        data(&mut s, &msg);
        s.push_str(&format!("from :{k}\nM 100644 inline {path}\n"));
        data(&mut s, &format!("int v = {k};\n"));
    }
    let mut child = Command::new("git")
        .args(["fast-import", "--quiet"])
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(s.as_bytes()).unwrap();
    assert!(child.wait().unwrap().success());
}

fn open_big(dir: &Path) -> Session {
    big_repo(dir, 4_000);
    open(dir, "base..main")
}

/// The subject characters shown on the list row of the selected patch.
fn subject_room(s: &mut Session, w: u16, h: u16) -> usize {
    let text = screen(&mut s.app, w, h);
    let panes = s.app.panes().unwrap();
    let row = text
        .lines()
        .skip(usize::from(panes.list.y))
        .take(usize::from(panes.list.height))
        .find(|l| l.starts_with('▶'))
        .unwrap()
        .to_string();
    let at = row.find("lib: ").or_else(|| row.find("core: ")).unwrap();
    let shown: String = row[at..].chars().take_while(|&c| c != '│').collect();
    shown.trim_end().chars().count()
}

#[test]
fn a_4000_patch_series_reads_at_80_120_and_200_columns() {
    let dir = tempfile::tempdir().unwrap();
    let s = &mut open_big(dir.path());
    assert_eq!(s.app.series.patches.len(), 4_000);
    // 80 and 120 columns: the list above the page, every row the terminal's width.
    for (w, h) in [(80, 24), (120, 40)] {
        let room = subject_room(s, w, h);
        assert!(room >= 50, "{w}x{h}: {room} subject characters");
        assert!(!s.app.panes().unwrap().side_by_side, "{w}x{h}");
    }
    // 200 columns: side by side, with 50 subject characters and the page the rest.
    let room = subject_room(s, 200, 50);
    let panes = s.app.panes().unwrap();
    assert!(panes.side_by_side && room >= 50, "{room}");
    assert!(panes.page.width >= 100, "{panes:?}");
    // The title says how many and which, resolved.
    let text = screen(&mut s.app, 120, 40);
    assert!(text.starts_with(" 4000 patches · base..main "), "{text}");
}

#[test]
fn a_filter_at_the_end_of_a_long_list_fills_the_list() {
    let dir = tempfile::tempdir().unwrap();
    let s = &mut open_big(dir.path());
    s.app.set_size(120, 40);
    typed(s, "Gff");
    // G, then the critical filter, then the AI filter.
    assert_eq!(s.app.filter.label(), "AI-assisted");
    assert_eq!(s.app.visible.len(), 4_000 / 7);
    let last = s.app.series.patches[s.app.current().unwrap()].index;
    assert_eq!(last, 3_997, "the selection stays at the end");
    let _ = draw(&mut s.app, 120, 40, true);
    let text = screen(&mut s.app, 120, 40);
    let panes = s.app.panes().unwrap();
    let rows: Vec<&str> = text
        .lines()
        .skip(usize::from(panes.list.y) + 1)
        .take(usize::from(panes.list.height) - 1)
        .collect();
    // Every row of the list shows a patch, the selected one last, with the ones before it.
    assert!(rows.iter().all(|r| r.contains("change number")), "{text}");
    assert!(rows.last().unwrap().starts_with('▶'), "{text}");
    insta::assert_snapshot!("big_ai_filter_at_the_end_120x40", text);
    // Back up a little: the selection keeps rows of context below it.
    typed(s, "kkkkkkkkkkkkkkkkkkkk");
    let text = screen(&mut s.app, 120, 40);
    let rows: Vec<&str> = text
        .lines()
        .skip(1)
        .take(usize::from(panes.list.height) - 1)
        .collect();
    let sel = rows.iter().position(|r| r.starts_with('▶')).unwrap();
    assert!(sel >= 3 && sel + 3 < rows.len(), "{text}");
}

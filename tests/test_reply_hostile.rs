//! Replies carry no terminal escapes to the list: a hostile subject, message, diff line or
//! comment is written with its controls shown as `^[` (as the TUI shows them), in the body,
//! the summary and the headers alike, as `git mailsplit` and `git mailinfo` read them back.

use std::process::Output;

use crate::common::TestRepo;
use crate::test_notes::ok;

/// OSC 52 (set the clipboard), a CSI, a bell and a C1 CSI.
const OSC52: &str = "\u{1b}]52;c;cm0gLXJmIH4=\u{7}";

fn as_reviewer(repo: &TestRepo, args: &[&str]) -> Output {
    repo.command(env!("CARGO_BIN_EXE_git-triage"))
        .args(args)
        .env("GIT_COMMITTER_NAME", "Rita Reviewer")
        .env("GIT_COMMITTER_EMAIL", "rita@example.org")
        .output()
        .unwrap()
}

/// Each message of `mbox` as `git mailinfo -u` reads it: the info it prints and the message.
fn mailinfo(repo: &TestRepo, mbox: &std::path::Path) -> Vec<(Vec<u8>, Vec<u8>)> {
    let dir = tempfile::tempdir().unwrap();
    let split = dir.path().join("split");
    std::fs::create_dir(&split).unwrap();
    repo.git(&[
        "mailsplit",
        &format!("-o{}", split.display()),
        mbox.to_str().unwrap(),
    ]);
    let mut files: Vec<_> = std::fs::read_dir(&split)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let (msg, patch) = (dir.path().join("msg"), dir.path().join("patch"));
    files
        .iter()
        .map(|f| {
            let out = repo.git_output(
                &[
                    "mailinfo",
                    "-u",
                    msg.to_str().unwrap(),
                    patch.to_str().unwrap(),
                ],
                Some(&std::fs::read(f).unwrap()),
            );
            assert!(out.status.success());
            (out.stdout, std::fs::read(&msg).unwrap())
        })
        .collect()
}

/// Whether `bytes` (UTF-8) hold a control character other than tab and newline.
fn has_control(bytes: &[u8]) -> bool {
    String::from_utf8_lossy(bytes)
        .chars()
        .any(|c| c.is_control() && c != '\t' && c != '\n')
}

#[test]
fn no_escape_reaches_the_list_from_subject_message_diff_or_comment() {
    let mut repo = TestRepo::new();
    repo.commit("base", &[("a.c", Some(b"one\ntwo\n"))]);
    repo.git(&["checkout", "-q", "-b", "topic"]);
    repo.git(&["branch", "-q", "--set-upstream-to=main"]);
    repo.write(&[(
        "a.c",
        Some(format!("one\ntwo \u{1b}[8mhidden{OSC52}\n").as_bytes()),
    )]);
    repo.git(&["add", "-A"]);
    let subject = format!("a: \u{1b}[31mred{OSC52} subject");
    let id = repo.commit_staged(&format!(
        "{subject}\n\nThe body \u{9b}2J says \u{1b}[1mso.\n\nSigned-off-by: A U Thor <author@example.org>\n"
    ));
    for args in [
        vec!["comment", &id, "a.c:2", "-m", "hi \u{1b}]0;X\u{7} there"],
        vec!["comment", &id, "msg:3", "-m", "and\tthis"],
        vec![
            "verdict",
            &id,
            "needs-work",
            "-m",
            "redo \u{1b}[2J\u{8d} please",
        ],
    ] {
        ok(&as_reviewer(&repo, &args));
    }
    let out = repo.path().join("replies.mbox");
    ok(&as_reviewer(
        &repo,
        &["reply", "--mbox", out.to_str().unwrap()],
    ));
    let raw = std::fs::read(&out).unwrap();
    assert!(!has_control(&raw), "{}", String::from_utf8_lossy(&raw));
    let infos = mailinfo(&repo, &out);
    assert_eq!(infos.len(), 2, "the summary and the reply to the patch");
    for (info, msg) in &infos {
        for text in [info, msg] {
            assert!(
                !text.contains(&0x1b) && !text.contains(&0x07) && !has_control(text),
                "{}",
                String::from_utf8_lossy(text)
            );
        }
    }
    let shown = "a: ^[[31mred^[]52;c;cm0gLXJmIH4=^G subject";
    let text = |b: &[u8]| String::from_utf8(b.to_vec()).unwrap();
    let (summary_info, summary) = (text(&infos[0].0), text(&infos[0].1));
    assert!(
        summary_info.contains(&format!("Subject: {shown}\n")),
        "{summary_info}"
    );
    assert!(
        summary.contains(&format!("needs work  [PATCH] {shown}\n")),
        "{summary}"
    );
    let (info, reply) = (text(&infos[1].0), text(&infos[1].1));
    assert!(info.contains(&format!("Subject: {shown}\n")), "{info}");
    for said in [
        "> The body <U+009B>2J says ^[[1mso.\n\nand\tthis\n",
        "> +two ^[[8mhidden^[]52;c;cm0gLXJmIH4=^G\n\nhi ^[]0;X^G there\n",
        "redo ^[[2J<U+008D> please\n",
    ] {
        assert!(reply.contains(said), "{said:?} in {reply}");
    }
}

//! `git triage reply`: the messages a reviewer sends to the list, read back by the project's
//! own mail reader and by `git mailsplit`/`git mailinfo`, as the list and `git am` would.

use std::path::Path;
use std::process::Output;
use std::time::SystemTime;

use git_triage::mail;
use git_triage::notes::Reviewer;
use git_triage::reply::{self, Original};

use crate::common::TestRepo;
use crate::test_notes::ok;

/// Two patches by Zoë on `topic`: the e1000 ring fix (lines 41 and 42 of a 60-line file) and
/// a rename.
pub fn series() -> (TestRepo, Vec<String>) {
    let mut repo = TestRepo::new();
    let base: String = (1..=60)
        .map(|n| format!("    reg_{n} = read({n});\n"))
        .collect();
    repo.commit("base", &[("hw/net/e1000.c", Some(base.as_bytes()))]);
    repo.git(&["checkout", "-q", "-b", "topic"]);
    repo.git(&["branch", "-q", "--set-upstream-to=main"]);
    repo.git(&["config", "user.name", "Zoë Åström"]);
    repo.git(&["config", "user.email", "zoe@example.org"]);
    let fixed = base.replace(
        "    reg_41 = read(41);\n",
        "    e1000_ring_reset(s);\n    e1000_mac_reset(s);\n",
    );
    let sob = "Signed-off-by: Zoë Åström <zoe@example.org>";
    let a = repo.commit(
        &format!("hw/net/e1000: reset the ring first\n\nThe ring must be reset before the MAC.\n\n{sob}\n"),
        &[("hw/net/e1000.c", Some(fixed.as_bytes()))],
    );
    let b = repo.commit(
        &format!("hw/net/e1000: tidy the tail\n\nLast lines.\n\n{sob}\n"),
        &[(
            "hw/net/e1000.c",
            Some(fixed.replace("reg_60", "reg_sixty").as_bytes()),
        )],
    );
    (repo, vec![a, b])
}

/// Runs git-triage as Jürgen, the reviewer.
pub fn juergen(repo: &TestRepo, args: &[&str]) -> Output {
    repo.command(env!("CARGO_BIN_EXE_git-triage"))
        .args(args)
        .env("GIT_COMMITTER_NAME", "Jürgen Groß")
        .env("GIT_COMMITTER_EMAIL", "jgross@example.org")
        .output()
        .unwrap()
}

const HOSTILE: &str =
    "Look: \u{1b}[2J\u{7} was in the old code.\nFrom here on it is\u{202e} wrong.";
/// [`HOSTILE`] as a reply says it: its controls shown as the TUI shows them.
const HOSTILE_SHOWN: &str = "Look: ^[[2J^G was in the old code.\nFrom here on it is\u{202e} wrong.";

/// Jürgen accepts patch 1 with two comments and rejects patch 2 with a hostile one.
fn reviewed() -> (TestRepo, Vec<String>) {
    let (repo, ids) = series();
    for args in [
        vec![
            "comment",
            &ids[0],
            "hw/net/e1000.c:42",
            "-m",
            "Why the MAC after the ring?",
        ],
        vec!["comment", &ids[0], "msg:3", "-m", "Say why it must."],
        vec!["verdict", &ids[0], "accept"],
        vec!["comment", &ids[1], "hw/net/e1000.c:61", "-m", HOSTILE],
        vec!["verdict", &ids[1], "reject"],
    ] {
        ok(&juergen(&repo, &args));
    }
    (repo, ids)
}

#[test]
fn replies_read_back_with_the_mail_reader() {
    let (repo, _) = reviewed();
    let out = repo.path().join("replies.mbox");
    let done = juergen(&repo, &["reply", "--mbox", out.to_str().unwrap()]);
    ok(&done);
    assert_eq!(
        String::from_utf8_lossy(&done.stderr),
        format!("3 replies written to {}; nothing was sent\n", out.display())
    );
    let raw = std::fs::read(&out).unwrap();
    assert!(
        raw.iter()
            .all(|&b| b == b'\n' || b == b'\t' || (0x20..0x7f).contains(&b) || b >= 0x80),
        "a raw control byte"
    );
    let (_, messages) = mail::read(&out).unwrap();
    assert_eq!(messages.len(), 3);

    // The summary first, then one reply per patch, in series order.
    let (summary, accept, reject) = (&messages[0], &messages[1], &messages[2]);
    assert_eq!(
        accept.subject,
        "Re: [PATCH 1/2] hw/net/e1000: reset the ring first"
    );
    assert_eq!(
        (accept.from_name.as_str(), accept.from_email.as_str()),
        ("Jürgen Groß", "jgross@example.org")
    );
    assert_eq!(accept.to, ["\"Zoë Åström\" <zoe@example.org>"]);
    assert!(accept
        .message_id
        .as_deref()
        .is_some_and(|id| id.ends_with("@example.org")));
    assert!(
        accept.in_reply_to.is_none(),
        "a range has no message to answer"
    );
    let body = &accept.body;
    assert!(
        body.starts_with("On Tue, 14 Nov 2023 22:15:20 +0000, Zoë Åström wrote:\n"),
        "{body}"
    );
    assert!(
        body.contains(
            "> The ring must be reset before the MAC.\n\nSay why it must.\n\n> [...]\n\
             > diff --git a/hw/net/e1000.c b/hw/net/e1000.c\n> --- a/hw/net/e1000.c\n\
             > +++ b/hw/net/e1000.c\n> @@ -38,7 +38,8 @@\n> [...]\n>      reg_40 = read(40);\n> -    reg_41 = read(41);\n> +    e1000_ring_reset(s);\n\
             > +    e1000_mac_reset(s);\n\nWhy the MAC after the ring?\n\n\
             Reviewed-by: Jürgen Groß <jgross@example.org>\n"
        ),
        "{body}"
    );

    assert_eq!(
        reject.subject,
        "Re: [PATCH 2/2] hw/net/e1000: tidy the tail"
    );
    assert!(
        reject.body.contains(&format!(
            "> +    reg_sixty = read(60);\n\n{HOSTILE_SHOWN}\n"
        )),
        "the comment comes back, its controls shown: {}",
        reject.body
    );
    assert!(reject
        .body
        .contains("I don't think this should be applied as it is."));
    assert!(!reject.body.contains("-by:"), "no trailer for a reject");

    assert!(summary.body.starts_with("My verdicts"), "{}", summary.body);
    assert_eq!(
        summary.subject, accept.subject,
        "no cover letter: the summary answers patch 1"
    );
    assert!(
        summary.body.contains(
            "  accepted  [PATCH 1/2] hw/net/e1000: reset the ring first\n  rejected  [PATCH 2/2]"
        ),
        "{}",
        summary.body
    );
    assert!(
        !summary.body.contains("Reviewed-by"),
        "not every patch was accepted"
    );
}

/// `git mailinfo` on each message of the mbox, as `git am` would read it: the info it prints
/// and the message.
fn mailinfo(repo: &TestRepo, mbox: &Path) -> Vec<(String, String)> {
    let dir = tempfile::tempdir().unwrap();
    repo.git(&[
        "mailsplit",
        &format!("-o{}", dir.path().display()),
        mbox.to_str().unwrap(),
    ]);
    let mut files: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
        .iter()
        .map(|f| {
            let (msg, patch) = (dir.path().join("msg"), dir.path().join("patch"));
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
            (
                String::from_utf8(out.stdout).unwrap(),
                std::fs::read_to_string(&msg).unwrap(),
            )
        })
        .collect()
}

#[test]
fn git_mailinfo_reads_the_replies_and_their_trailers() {
    let (repo, _) = reviewed();
    let out = repo.path().join("replies.mbox");
    ok(&juergen(&repo, &["reply", "--mbox", out.to_str().unwrap()]));
    let infos = mailinfo(&repo, &out);
    assert_eq!(infos.len(), 3);
    let (info, msg) = &infos[1];
    assert!(
        info.starts_with("Author: Jürgen Groß\nEmail: jgross@example.org\nSubject: hw/net/e1000: reset the ring first\nDate: "),
        "{info}"
    );
    assert!(
        msg.contains("> +    e1000_mac_reset(s);\n\nWhy the MAC after the ring?\n"),
        "{msg}"
    );
    let trailers = |text: &str| {
        repo.git_output(&["interpret-trailers", "--parse"], Some(text.as_bytes()))
            .stdout
    };
    assert_eq!(
        String::from_utf8(trailers(msg)).unwrap(),
        "Reviewed-by: Jürgen Groß <jgross@example.org>\n"
    );
    let (info, msg) = &infos[2];
    assert!(
        info.contains("Subject: hw/net/e1000: tidy the tail\n"),
        "{info}"
    );
    assert!(
        msg.contains(HOSTILE_SHOWN),
        "the comment, its controls shown: {msg:?}"
    );
    assert!(trailers(msg).is_empty(), "no trailer for a reject");
}

#[test]
fn acked_by_context_and_templates_come_from_reply_config() {
    let (repo, _) = reviewed();
    let config = repo.path().join("reply.toml");
    std::fs::write(
        &config,
        "[reply]\ntrailer = \"Acked-by\"\ncontext = 1\ngreeting = \"{author} <{author_email}> wrote on {date}:\"\nsignoff = \"Thanks,\\n{reviewer}\"\n",
    )
    .unwrap();
    let dir = repo.path().join("out");
    let listed = ok(&juergen(
        &repo,
        &[
            "reply",
            "--config",
            config.to_str().unwrap(),
            "-o",
            dir.to_str().unwrap(),
        ],
    ));
    let names: Vec<String> = listed
        .lines()
        .map(|l| {
            Path::new(l)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert_eq!(
        names,
        [
            "0000-re-cover-letter.eml",
            "0001-re-hw-net-e1000-reset-the-ring-first.eml",
            "0002-re-hw-net-e1000-tidy-the-tail.eml"
        ]
    );
    let (_, m) = mail::read(&dir.join(&names[1])).unwrap();
    let body = &m[0].body;
    assert!(
        body.starts_with(
            "Zoë Åström <zoe@example.org> wrote on Tue, 14 Nov 2023 22:15:20 +0000:\n"
        ),
        "{body}"
    );
    assert!(
        body.contains("> [...]\n> +    e1000_ring_reset(s);\n> +    e1000_mac_reset(s);\n\nWhy"),
        "one line of context: {body}"
    );
    assert!(
        body.ends_with("Acked-by: Jürgen Groß <jgross@example.org>\n\nThanks,\nJürgen Groß\n"),
        "{body}"
    );
    // A template naming what does not exist is a configuration error at its place.
    std::fs::write(&config, "[reply]\ngreeting = \"{whom} wrote:\"\n").unwrap();
    let bad = juergen(&repo, &["reply", "--config", config.to_str().unwrap()]);
    assert_eq!(bad.status.code(), Some(2));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(
        err.starts_with(&format!(
            "error: {}:2:12: reply.greeting: unknown {{whom}}",
            config.display()
        )),
        "{err}"
    );
}

#[test]
fn nothing_said_nothing_written() {
    let (repo, _) = series();
    let out = juergen(&repo, &["reply"]);
    ok(&out);
    assert!(out.stdout.is_empty());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "nothing to reply: you (jgross@example.org) have no verdict or comment on @{upstream}..HEAD\n"
    );
}

/// The series as `git format-patch` mails it to a list, threaded under a cover letter.
pub fn mailed(repo: &TestRepo) -> Vec<u8> {
    let out = repo.git_output(
        &[
            "format-patch",
            "--stdout",
            "--thread",
            "--cover-letter",
            "--to=QEMU Devel <qemu-devel@nongnu.org>",
            "--cc=Jason Maintainer <jason@example.org>",
            "--cc=Jürgen Groß <jgross@example.org>",
            "main..topic",
        ],
        None,
    );
    assert!(out.status.success());
    out.stdout
}

#[test]
fn replies_to_mail_thread_under_the_patches_and_b4_collects_the_trailers() {
    let (repo, ids) = reviewed();
    ok(&juergen(&repo, &["verdict", &ids[1], "accept"]));
    let mbox = repo.path().join("series.mbox");
    std::fs::write(&mbox, mailed(&repo)).unwrap();
    let (_, messages) = mail::read(&mbox).unwrap();
    let mut series = mail::assemble(messages);
    assert_eq!(series.len(), 1);
    let series = series.remove(0);
    let originals: Vec<Original> = series
        .patches
        .iter()
        .map(|p| Original::of_mail(&p.message))
        .collect();
    let cover = Original::of_mail(series.cover.as_ref().unwrap());
    let git = git_triage::open_repository(Some(&repo.path().join(".git"))).unwrap();
    let sources = git_triage::Sources {
        no_user: true,
        ..Default::default()
    };
    let review = git_triage::Review::load(&git, Some("main..topic"), &sources).unwrap();
    let me = Reviewer {
        name: "Jürgen Groß".into(),
        email: "jgross@example.org".into(),
    };
    let mails = reply::series(
        &reply::Reviewed::of(&review),
        &originals,
        Some(&cover),
        &me,
        &review.config.reply,
        SystemTime::now(),
    );
    let replies = repo.path().join("replies.mbox");
    std::fs::write(&replies, reply::mbox(&mails)).unwrap();
    let (_, back) = mail::read(&replies).unwrap();
    assert_eq!(back.len(), 3);
    let (summary, first) = (&back[0], &back[1]);
    let cover_id = cover.message_id.clone().unwrap();
    assert_eq!(summary.subject, "Re: [PATCH 0/2] *** SUBJECT HERE ***");
    assert_eq!(summary.in_reply_to.as_deref(), Some(cover_id.as_str()));
    assert_eq!(
        first.subject,
        "Re: [PATCH 1/2] hw/net/e1000: reset the ring first"
    );
    assert_eq!(first.in_reply_to, originals[0].message_id);
    assert_eq!(
        first.references,
        [cover_id.clone(), originals[0].message_id.clone().unwrap()]
    );
    assert_eq!(first.to, ["\"Zoë Åström\" <zoe@example.org>"]);
    assert_eq!(
        first.cc,
        [
            "\"QEMU Devel\" <qemu-devel@nongnu.org>",
            "\"Jason Maintainer\" <jason@example.org>"
        ],
        "the list and the others on the patch; not me"
    );
    // The summary carries the series' trailer now that both patches are accepted.
    assert!(
        summary
            .body
            .contains("For the series:\nReviewed-by: Jürgen Groß <jgross@example.org>\n"),
        "{}",
        summary.body
    );
    // b4's way of reading the thread: the reviewer's trailers reach the patches.
    let mut all = std::fs::read(&mbox).unwrap();
    all.extend_from_slice(b"\n");
    all.extend(std::fs::read(&replies).unwrap());
    let thread = repo.path().join("thread.mbox");
    std::fs::write(&thread, all).unwrap();
    let (_, messages) = mail::read(&thread).unwrap();
    let series = mail::assemble(messages).remove(0);
    for p in &series.patches {
        let trailers: Vec<String> = p
            .followups
            .iter()
            .map(|f| format!("{}: {}", f.key, f.value))
            .collect();
        assert_eq!(
            trailers,
            ["Reviewed-by: Jürgen Groß <jgross@example.org>"],
            "patch {}",
            p.index
        );
    }
}

#[test]
fn comments_and_replies_on_a_series_read_from_mail() {
    let (repo, _) = series();
    let mbox = repo.path().join("series.mbox");
    std::fs::write(&mbox, mailed(&repo)).unwrap();
    let m = mbox.to_str().unwrap();
    // Reviewed from the mail alone, not applied: the comment and the verdict go on the mail.
    let out = ok(&juergen(
        &repo,
        &[
            "comment",
            "--mbox",
            m,
            "1",
            "hw/net/e1000.c:42",
            "-m",
            "Why the MAC after the ring?",
        ],
    ));
    assert!(out.contains(" on hw/net/e1000.c:42 "), "{out}");
    ok(&juergen(&repo, &["verdict", m, "1", "accept"]));
    let replies = repo.path().join("replies.mbox");
    let out = juergen(&repo, &["reply", m, "--mbox", replies.to_str().unwrap()]);
    ok(&out);
    let (_, series_mail) = mail::read(&mbox).unwrap();
    let patch_1 = series_mail
        .iter()
        .find(|m| m.subject.starts_with("[PATCH 1/2]"))
        .unwrap();
    let (_, back) = mail::read(&replies).unwrap();
    assert_eq!(back.len(), 2, "the summary and the reply to patch 1");
    let r = &back[1];
    assert_eq!(r.subject, format!("Re: {}", patch_1.subject));
    assert_eq!(r.in_reply_to, patch_1.message_id);
    assert!(
        r.cc.iter().any(|c| c.contains("qemu-devel@nongnu.org")),
        "{:?}",
        r.cc
    );
    assert!(
        r.body.contains("> +    e1000_mac_reset(s);\n\nWhy the MAC after the ring?\n\nReviewed-by: Jürgen Groß <jgross@example.org>\n"),
        "{}",
        r.body
    );
    assert_eq!(back[0].subject, "Re: [PATCH 0/2] *** SUBJECT HERE ***");
}

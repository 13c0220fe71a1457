//! Mail made by `git format-patch` from real repositories: every variant reads as
//! `git mailinfo` reads it, and `git am` commits exactly what git-triage says it would.

use std::path::Path;

use git_triage::mail::{self, Container, Message};

use super::oracle;
use crate::common::TestRepo;
use crate::test_diff::varied_history;

/// The varied history of the diff tests plus authors and messages that mail must carry intact.
pub fn mailed_history() -> (TestRepo, String) {
    let (mut r, base) = varied_history();
    r.write(&[("docs/people", Some("Jörg\n".as_bytes()))]);
    r.git(&["add", "-A"]);
    r.commit_staged_bytes(
        "docs: credit Jörg Rödel\n\nNon-ASCII body: naïve café, 日本語.\n\nSigned-off-by: Jörg Rödel <joerg@example.org>\n".as_bytes(),
        &["--author=Jörg Rödel <joerg@example.org>"],
    );
    r.write(&[("docs/people", Some("Jörg\n李\n".as_bytes()))]);
    r.git(&["add", "-A"]);
    r.commit_staged_bytes(
        b"docs: a quoted name\n\nFrom here on, a body line starts with From.\n>From too.\n",
        &["--author=\"Doe, John (QA)\" <john@example.org>"],
    );
    r.write(&[("docs/people", Some("Jörg\n李\nX\n".as_bytes()))]);
    r.git(&["add", "-A"]);
    r.commit_staged_bytes(
        "docs: 李 adds a line\n\nTrailing spaces   \n\n\n\nand blank lines.\n".as_bytes(),
        &["--author=李小龍 <lee@example.org>"],
    );
    (r, base)
}

fn format_patch(r: &TestRepo, args: &[&str], range: &str) -> Vec<u8> {
    let mut all = vec!["format-patch", "--stdout"];
    all.extend_from_slice(args);
    all.push(range);
    let out = r.git_output(&all, None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn every_format_patch_variant_reads_as_git_mailinfo_reads_it() {
    let (r, base) = mailed_history();
    let range = format!("{base}..HEAD");
    let out = tempfile::tempdir().unwrap();
    let base_arg = format!("--base={base}");
    let variants: [&[&str]; 8] = [
        &[],
        &["--cover-letter"],
        &["-v3", "--cover-letter", "--thread"],
        &[&base_arg, "--cover-letter"],
        &["--attach"],
        &["--inline", "--cover-letter"],
        &["--rfc", "--subject-prefix=PATCH net-next"],
        &["--no-numbered", "--signature=sent by a test"],
    ];
    for (i, args) in variants.iter().enumerate() {
        let mbox = write(
            out.path(),
            &format!("{i}.mbox"),
            &format_patch(&r, args, &range),
        );
        let messages = oracle::assert_reads_as_git(&mbox, false);
        let cover = args.contains(&"--cover-letter");
        assert_eq!(messages.len(), 15 + usize::from(cover), "variant {args:?}");
        assert_eq!(mail::read(&mbox).unwrap().0, Container::Mboxo);
    }
}

#[test]
fn a_format_patch_directory_reads_like_its_mbox() {
    let (r, base) = mailed_history();
    let dir = tempfile::tempdir().unwrap();
    r.git(&[
        "format-patch",
        "-q",
        "--cover-letter",
        "-o",
        &dir.path().display().to_string(),
        &format!("{base}..HEAD"),
    ]);
    let (container, messages) = mail::read(dir.path()).unwrap();
    assert_eq!(container, Container::PatchDirectory);
    assert_eq!(messages.len(), 16);
    assert_eq!(messages[0].prefix.index, 0, "the cover letter comes first");
    let indices: Vec<u32> = messages.iter().map(|m| m.prefix.index).collect();
    assert_eq!(
        indices,
        (0..16).collect::<Vec<_>>(),
        "0010 sorts after 0009"
    );
    let mbox = format_patch(&r, &["--cover-letter"], &format!("{base}..HEAD"));
    let file = write(dir.path(), "all.mbx.txt", &mbox);
    let (_, from_mbox) = mail::read(&file).unwrap();
    // In an mbox a blank line separates messages; git keeps it at the end of the patch.
    let trimmed = |p: &[u8]| {
        let end = p.iter().rposition(|&c| c != b'\n').map_or(0, |e| e + 1);
        String::from_utf8_lossy(&p[..end]).into_owned()
    };
    for (a, b) in messages.iter().zip(&from_mbox) {
        assert_eq!(a.commit_message, b.commit_message);
        assert_eq!(trimmed(&b.patch), trimmed(&a.patch), "{}", a.subject);
    }
}

/// What `git am` made of each patch: author name, email, time, offset and message.
fn applied(r: &TestRepo, base: &str, mbox: &Path) -> Vec<(String, String, i64, String)> {
    let clone = tempfile::tempdir().unwrap();
    let dst = clone.path().join("c");
    r.git(&[
        "clone",
        "-q",
        &r.path().display().to_string(),
        &dst.display().to_string(),
    ]);
    let run = |args: &[&str]| {
        let mut cmd = r.command("git");
        let out = cmd
            .current_dir(&dst)
            .args([
                "-c",
                "user.name=Committer",
                "-c",
                "user.email=c@example.org",
            ])
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    };
    run(&["checkout", "-q", "--detach", base]);
    run(&["am", "-q", &mbox.display().to_string()]);
    let log = run(&[
        "log",
        "--reverse",
        "--format=%an%x00%ae%x00%at%x00%B%x01",
        &format!("{base}..HEAD"),
    ]);
    String::from_utf8(log)
        .unwrap()
        .split('\x01')
        .filter(|s| s.contains('\0'))
        .map(|entry| {
            let mut f = entry.trim_start_matches('\n').splitn(4, '\0');
            let mut next = || f.next().unwrap().to_string();
            let (name, email, time, message) = (next(), next(), next(), next());
            (name, email, time.parse().unwrap(), message)
        })
        .collect()
}

#[test]
fn git_am_commits_the_author_date_and_message_we_report() {
    let (r, base) = mailed_history();
    let out = tempfile::tempdir().unwrap();
    for (i, args) in [&[][..], &["--attach"], &["--inline"], &["-v2", "--rfc"]]
        .iter()
        .enumerate()
    {
        let mbox = write(
            out.path(),
            &format!("{i}.mbox"),
            &format_patch(&r, args, &format!("{base}..HEAD")),
        );
        let (_, messages) = mail::read(&mbox).unwrap();
        let commits = applied(&r, &base, &mbox);
        assert_eq!(commits.len(), messages.len());
        for (m, (name, email, time, message)) in messages.iter().zip(&commits) {
            assert_eq!(&m.author.name, name, "{args:?}");
            assert_eq!(&m.author.email, email);
            assert_eq!(m.author.time.map(|t| t.0), Some(*time), "{}", m.author.date);
            assert_eq!(&m.commit_message, message, "{args:?}");
        }
    }
}

#[test]
fn cover_letter_version_base_and_rfc_come_from_the_mail() {
    let (r, base) = mailed_history();
    let mbox = format_patch(
        &r,
        &["-v3", "--rfc", "--cover-letter", &format!("--base={base}")],
        &format!("{base}..HEAD"),
    );
    let (_, raws) = mail::split(Path::new("-"), mbox).unwrap();
    let messages: Vec<Message> = raws.iter().map(Message::parse).collect();
    let cover = &messages[0];
    assert!(cover.prefix.is_cover() && cover.prefix.rfc);
    assert_eq!((cover.prefix.version, cover.prefix.total), (3, 15));
    assert_eq!(cover.footers.base_commit.as_deref(), Some(base.as_str()));
    assert!(cover.patch.is_empty(), "a cover letter has no patch");
    assert_eq!(messages[2].prefix.index, 2);
    assert_eq!(
        messages[2].subject,
        format!("[RFC PATCH v3 02/15] {}", messages[2].commit_subject)
    );
}

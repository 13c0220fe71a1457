//! Input that is not a series: one clear error naming the file, or an anomaly, never a panic.

use std::path::Path;

use git_triage::mail::{self, Anomaly, MailError, SeriesError};

use super::oracle;

fn file(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn error(path: &Path) -> String {
    let err = mail::read(path).expect_err("not mail");
    let text = err.to_string();
    assert!(text.contains(&path.display().to_string()), "{text}");
    assert!(!text.contains('\n'), "one line: {text}");
    text
}

const PATCH_MAIL: &str = "From: Ann <ann@example.org>\nSubject: [PATCH 1/2] a\nMessage-ID: <p1@x>\n\nBody.\n---\ndiff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+b\n";

#[test]
fn garbage_pdf_empty_and_missing_files_are_one_line_errors() {
    let dir = tempfile::tempdir().unwrap();
    let garbage: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    assert!(error(&file(dir.path(), "garbage.bin", &garbage)).contains("not mail"));
    let pdf = error(&file(
        dir.path(),
        "paper.pdf",
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n",
    ));
    assert!(pdf.contains("a PDF document"), "{pdf}");
    assert!(error(&file(dir.path(), "empty.mbox", b"")).contains("is empty"));
    assert!(error(&file(dir.path(), "blank.mbox", b"\n \n\t\n")).contains("is empty"));
    assert!(error(&file(
        dir.path(),
        "prose.txt",
        b"Dear reviewer,\nplease look.\n"
    ))
    .contains("not mail"));
    assert!(error(&dir.path().join("absent.mbox")).contains("cannot read"));
    let empty_dir = dir.path().join("nothing");
    std::fs::create_dir(&empty_dir).unwrap();
    assert!(matches!(
        mail::read(&empty_dir),
        Err(MailError::NoMessages { .. })
    ));
}

#[test]
fn a_message_without_a_patch_is_no_series() {
    let (_, raws) = mail::split(
        Path::new("-"),
        b"From: a@b.c\nSubject: hello\n\nJust talk.\n".to_vec(),
    )
    .unwrap();
    let m = mail::Message::parse(&raws[0]);
    assert!(m.patch.is_empty() && !m.has_diff());
    let all = mail::assemble(vec![m]);
    assert!(all.is_empty());
    let err = mail::choose(all, None, Path::new("talk.eml")).unwrap_err();
    assert!(matches!(err, SeriesError::NoPatches { .. }));
    assert_eq!(err.to_string(), "talk.eml holds no patch");
}

#[test]
fn truncated_messages_read_as_git_reads_them() {
    let dir = tempfile::tempdir().unwrap();
    let multipart = "From: Ann <ann@example.org>\nSubject: [PATCH] cut\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\nContent-Transfer-Encoding: base64\n\nQm9keS4KLS0tCmRpZmYgLS1naXQgYS9mIGIvZgot";
    for (i, cut) in [
        &PATCH_MAIL[..40],
        &PATCH_MAIL[..PATCH_MAIL.len() - 9],
        multipart,
    ]
    .iter()
    .enumerate()
    {
        let path = file(dir.path(), &format!("cut{i}.eml"), cut.as_bytes());
        oracle::assert_reads_as_git(&path, false);
    }
}

#[test]
fn duplicate_ids_and_mixed_series_are_reported() {
    let second = PATCH_MAIL
        .replace("1/2] a", "2/2] b")
        .replace("<p1@x>", "<p2@x>");
    let other = PATCH_MAIL
        .replace("Ann <ann@", "Zed <zed@")
        .replace("1/2] a", "1/1] other")
        .replace("<p1@x>", "<o1@x>");
    let mbox = format!("From x Thu Jan  1 00:00:00 1970\n{PATCH_MAIL}\nFrom x Thu Jan  1 00:00:00 1970\n{PATCH_MAIL}\nFrom x Thu Jan  1 00:00:00 1970\n{second}\nFrom x Thu Jan  1 00:00:00 1970\n{other}");
    let (_, raws) = mail::split(Path::new("mixed.mbox"), mbox.into_bytes()).unwrap();
    let all = mail::assemble(raws.iter().map(mail::Message::parse).collect());
    assert_eq!(all.len(), 2, "two series");
    assert!(all[0].anomalies.contains(&Anomaly::DuplicateMessageId {
        message_id: "p1@x".into(),
        positions: vec![1, 2]
    }));
    assert_eq!(all[0].anomalies[0].rule(), "duplicate-message-id");
    let err = mail::choose(all.clone(), None, Path::new("mixed.mbox"))
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("mixed.mbox holds 2 series; name one by the Message-ID"),
        "{err}"
    );
    assert!(err.contains("<p1@x>") && err.contains("<o1@x>"), "{err}");
    assert_eq!(
        mail::choose(all, Some("o1@x"), Path::new("mixed.mbox"))
            .unwrap()
            .title,
        "other"
    );
}

#[test]
fn a_maildir_reads_cur_and_new_in_order() {
    let dir = tempfile::tempdir().unwrap();
    for (sub, name, n) in [
        ("cur", "1700000002.x:2,S", 2),
        ("new", "1700000010.y", 10),
        ("cur", "1700000001.z:2,", 1),
    ] {
        std::fs::create_dir_all(dir.path().join(sub)).unwrap();
        let text = PATCH_MAIL
            .replace("1/2] a", &format!("{n}/10] m{n}"))
            .replace("<p1@x>", &format!("<p{n}@x>"));
        file(&dir.path().join(sub), name, text.as_bytes());
    }
    let (kind, messages) = mail::read(dir.path()).unwrap();
    assert_eq!(kind, mail::Container::Maildir);
    let order: Vec<u32> = messages.iter().map(|m| m.prefix.index).collect();
    assert_eq!(order, [1, 2, 10]);
    let s = mail::assemble(messages).remove(0);
    assert_eq!(s.missing, [3, 4, 5, 6, 7, 8, 9]);
}

/// xorshift: a reproducible stream without a dependency.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const MIME_MAIL: &str = "From: =?iso-8859-1?q?J=F6rg?= <j@example.org>\nSubject: =?utf-8?b?W1BBVENIXSBmOiDDqQ==?=\nContent-Type: multipart/mixed; boundary=\"b\"\n\npreamble\n--b\nContent-Type: text/plain; charset=iso-8859-1; format=flowed\nContent-Transfer-Encoding: quoted-printable\n\nFrom: Real <r@example.org>\n\nCaf=E9 wrapped =\nline \nand more.\n\n--b\nContent-Type: multipart/alternative; boundary=c\n\n--c\nContent-Type: text/plain\n\nalt\n--c--\n--b\nContent-Type: text/x-patch\nContent-Transfer-Encoding: base64\n\nLS0tCmRpZmYgLS1naXQgYS9mIGIvZgotLS0gYS9mCisrKyBiL2YKQEAgLTEgKzEgQEAKLWEKK2IK\n--b--\nepilogue\n";

const PIECES: [&str; 12] = [
    "\n--b\n",
    "=?utf-8?q?x=C3?=",
    "Content-Type: multipart/mixed; boundary=b\n",
    "\n---\n",
    "diff --git a/x b/x\n",
    "@@ -1,2 +1 @@\n",
    "\nFrom: X <x@y.z>\n",
    "=\n",
    "\r\n",
    "Content-Transfer-Encoding: base64\n",
    "\"a/\\303\"",
    "GIT binary patch\nliteral 3\n",
];

#[test]
fn randomly_damaged_mail_never_panics_and_mostly_reads_as_git() {
    let mut rng = Rng(0x7777_1234_abcd_0013);
    let seeds = [
        PATCH_MAIL.as_bytes().to_vec(),
        include_bytes!("../data/review-thread.mbox").to_vec(),
        MIME_MAIL.as_bytes().to_vec(),
    ];
    let dir = tempfile::tempdir().unwrap();
    let (mut compared, mut agreed) = (0, 0);
    for round in 0..600 {
        let mut bytes = seeds[round % seeds.len()].clone();
        for _ in 0..1 + rng.below(6) {
            if bytes.is_empty() {
                break;
            }
            let at = rng.below(bytes.len());
            match rng.below(4) {
                0 => bytes[at] = rng.next() as u8,
                1 => bytes.truncate(at),
                2 => {
                    let piece = PIECES[rng.below(PIECES.len())].as_bytes();
                    bytes.splice(at..at, piece.iter().copied());
                }
                _ => {
                    let end = (at + rng.below(64)).min(bytes.len());
                    bytes.drain(at..end);
                }
            }
        }
        let Ok((_, raws)) = mail::split(Path::new("fuzz"), bytes) else {
            continue;
        };
        let messages: Vec<_> = raws.iter().map(mail::Message::parse).collect();
        for m in &messages {
            let _ = mail::patch::parse(&m.patch, &[]);
        }
        let _ = mail::assemble(messages.clone());
        if round % 3 == 0 {
            for (raw, m) in raws.iter().zip(&messages) {
                let git = oracle::mailinfo(dir.path(), &raw.bytes);
                if git.ok {
                    compared += 1;
                    let diffs = oracle::differences(m, &git);
                    if !diffs.is_empty() {
                        eprintln!(
                            "differs: {diffs:?}\n{:?}",
                            String::from_utf8_lossy(&raw.bytes)
                        );
                    }
                    agreed += usize::from(diffs.is_empty());
                }
            }
        }
    }
    eprintln!("fuzz: {agreed}/{compared} damaged messages read as git mailinfo reads them");
    assert!(compared > 20);
    assert_eq!(
        agreed, compared,
        "a damaged message reads differently from git"
    );
}

/// An mbox of `n` patches of about `size` bytes each, one series, as `git format-patch` lays
/// them out.
pub fn big_mbox(n: usize, size: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(n * (size + 600));
    let lines = size / 40;
    for i in 1..=n {
        out.extend_from_slice(
            format!(
                "From {i:040x} Mon Sep 17 00:00:00 2001\nFrom: Ann Author <ann@example.org>\nDate: Mon, 6 Jul 2026 10:00:00 +0200\nSubject: [PATCH {i}/{n}] file{i}: grow\nMessage-ID: <{i}@example.org>\nIn-Reply-To: <0@example.org>\n\nPatch {i} grows file{i}.\n\nSigned-off-by: Ann Author <ann@example.org>\n---\n f{i}.c | {lines} +\n 1 file changed\n\ndiff --git a/f{i}.c b/f{i}.c\nindex 1111111..2222222 100644\n--- a/f{i}.c\n+++ b/f{i}.c\n@@ -0,0 +1,{lines} @@\n"
            )
            .as_bytes(),
        );
        for l in 0..lines {
            out.extend_from_slice(
                format!("+line {l:>6} of patch {i:>6} in a big mbox\n").as_bytes(),
            );
        }
        out.extend_from_slice(b"-- \n2.47.3\n\n");
    }
    out
}

#[test]
fn a_50_mb_mbox_reads_into_one_series() {
    let bytes = big_mbox(5000, 10_000);
    assert!(bytes.len() > 50_000_000, "{} bytes", bytes.len());
    let (kind, raws) = mail::split(Path::new("big.mbox"), bytes).unwrap();
    assert_eq!(kind, mail::Container::Mboxo);
    let messages: Vec<_> = raws.iter().map(mail::Message::parse).collect();
    let s = mail::assemble(messages).remove(0);
    assert_eq!((s.total, s.patches.len(), s.missing.len()), (5000, 5000, 0));
    let d = mail::patch::parse(&s.patches[4999].message.patch, &[]);
    assert_eq!(d.files[0].hunks[0].added(), 250);
}

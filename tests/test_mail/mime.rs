//! Hand-written MIME and mailer habits, each read as `git mailinfo -u` reads it.

use git_triage::mail::Message;

use super::oracle;

const PATCH: &str = "---\n f | 1 +\n 1 file changed, 1 insertion(+)\n\ndiff --git a/f b/f\nindex 1111111..2222222 100644\n--- a/f\n+++ b/f\n@@ -1 +1,2 @@\n a\n+b\n";

/// Writes `bytes` as one message file and asserts git-triage reads it as git does.
fn same_as_git(bytes: &[u8]) -> Message {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.eml");
    std::fs::write(&path, bytes).unwrap();
    let mut messages = oracle::assert_reads_as_git(&path, false);
    assert_eq!(messages.len(), 1);
    messages.remove(0)
}

fn headers(extra: &str) -> String {
    format!("From: Ann Author <ann@example.org>\nDate: Tue, 7 Jul 2026 10:00:00 +0200\nSubject: [PATCH] f: add b\nMessage-ID: <1@example.org>\n{extra}")
}

#[test]
fn quoted_printable_body_with_soft_breaks() {
    let mail = format!(
        "{}Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\nCaf=C3=A9 is a long line that was wrapped by the mailer, and it goes o=\nn here.\n\nSigned-off-by: Ann Author <ann@example.org>\n{}",
        headers("MIME-Version: 1.0\n"),
        PATCH.replace("+b", "+b=3D1")
    );
    let m = same_as_git(mail.as_bytes());
    assert!(m
        .commit_message
        .contains("Café is a long line that was wrapped by the mailer, and it goes on here."));
    assert!(String::from_utf8_lossy(&m.patch).contains("+b=1\n"));
}

#[test]
fn base64_body_and_patch() {
    use std::fmt::Write;
    let text = format!("Encoded body \u{2014} with a patch.\n\nSigned-off-by: Ann Author <ann@example.org>\n{PATCH}");
    let b64 = base64_lines(text.as_bytes());
    let mut mail =
        headers("Content-Type: text/plain; charset=\"UTF-8\"\nContent-Transfer-Encoding: base64\n");
    write!(mail, "\n{b64}").unwrap();
    let m = same_as_git(mail.as_bytes());
    assert!(m.body.starts_with("Encoded body \u{2014}"));
    assert!(m.patch.starts_with(b"---\n"));
}

fn base64_lines(bytes: &[u8]) -> String {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for (i, chunk) in bytes.chunks(3).enumerate() {
        let n =
            chunk.iter().fold(0u32, |acc, &b| acc << 8 | u32::from(b)) << (8 * (3 - chunk.len()));
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(A[(n >> (18 - 6 * k) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
        if i % 19 == 18 {
            out.push('\n');
        }
    }
    out.push('\n');
    out
}

#[test]
fn latin1_body_converts_but_its_patch_stays_latin1() {
    let mut mail = b"From: =?iso-8859-1?q?J=F6rg_R=F6del?= <joerg@example.org>\nSubject: [PATCH] f: =?iso-8859-1?q?Gr=FC=DFe?=\nContent-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: 8bit\n\nM\xe4rchen.\n".to_vec();
    mail.extend_from_slice(PATCH.replace("+b", "+b\u{fffd}").as_bytes());
    let pos = mail
        .windows(3)
        .rposition(|w| w == "\u{fffd}".as_bytes())
        .unwrap();
    mail.splice(pos..pos + 3, [0xe9]);
    let m = same_as_git(&mail);
    assert_eq!(m.author.name, "Jörg Rödel");
    assert_eq!(m.commit_message, "f: Gr\u{fc}\u{df}e\n\nMärchen.\n");
    assert!(m.patch.ends_with(b"+b\xe9\n"), "the patch keeps its bytes");
}

#[test]
fn rfc2047_subject_in_several_encoded_words() {
    let mail = format!(
        "From: =?UTF-8?B?5p2O5bCP6b6N?= <lee@example.org>\nSubject: =?UTF-8?Q?[PATCH_v2_1/3]_caf=C3=A9:?=\n =?UTF-8?B?IOaXpeacrOiqng==?= and plain\n\nBody.\n{PATCH}"
    );
    let m = same_as_git(mail.as_bytes());
    assert_eq!(m.author.name, "李小龍");
    assert_eq!(m.commit_subject, "café: 日本語 and plain");
    assert_eq!(
        (m.prefix.version, m.prefix.index, m.prefix.total),
        (2, 1, 3)
    );
}

#[test]
fn crlf_mail_reads_as_lf() {
    let mail = format!("{}\nBody line.\n{PATCH}", headers("")).replace('\n', "\r\n");
    let m = same_as_git(mail.as_bytes());
    assert_eq!(m.commit_message, "f: add b\n\nBody line.\n");
    assert!(!m.patch.contains(&b'\r'));
}

#[test]
fn in_body_headers_win_when_there_is_a_patch() {
    let body = "From: Real Author <real@example.org>\nDate: Mon, 1 Jun 2026 09:00:00 +0000\nSubject: the real subject\n\nBody.\n";
    let with = same_as_git(format!("{}\n{body}{PATCH}", headers("")).as_bytes());
    assert_eq!(
        (with.author.name.as_str(), with.author.email.as_str()),
        ("Real Author", "real@example.org")
    );
    assert_eq!(with.commit_subject, "the real subject");
    assert_eq!(
        with.from_email, "ann@example.org",
        "the sender stays the sender"
    );
    let without = same_as_git(format!("{}\n{body}", headers("")).as_bytes());
    assert_eq!(
        without.author.name, "Ann Author",
        "no patch: the in-body From is ignored"
    );
}

#[test]
fn a_dmarc_rewritten_sender_and_an_in_body_from() {
    let mail = format!(
        "From: Ann Author via Some-List <list@lists.example.org>\nSubject: [PATCH] f: add b\nReply-To: ann@example.org\n\nFrom: Ann Author <ann@example.org>\n\nBody.\n{PATCH}"
    );
    let m = same_as_git(mail.as_bytes());
    assert_eq!(m.author.email, "ann@example.org");
}

#[test]
fn scissors_are_text_unless_asked_for() {
    let mail = format!(
        "{}\nDiscussion above.\n\n-- >8 --\nSubject: after the cut\n\nThe message.\n{PATCH}",
        headers("")
    );
    let m = same_as_git(mail.as_bytes());
    assert!(
        m.commit_message.contains("-- >8 --"),
        "git am does not cut without --scissors"
    );
    // With --scissors (or mailinfo.scissors), what is above the line goes.
    let raw = git_triage::mail::Raw {
        path: "m".into(),
        position: 1,
        bytes: mail.into_bytes(),
    };
    let cut = Message::parse_with(&raw, git_triage::mail::ParseOptions { scissors: true });
    let dir = tempfile::tempdir().unwrap();
    let git = oracle::mailinfo_with(dir.path(), &raw.bytes, &["--scissors"]);
    assert_eq!(oracle::differences(&cut, &git), Vec::<String>::new());
    assert_eq!(cut.commit_message, "after the cut\n\nThe message.\n");
}

#[test]
fn attached_patch_in_multipart_mixed() {
    let mail = format!(
        "{}MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"XyZ\"\n\nThis is a multi-part message in MIME format.\n--XyZ\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\nSee the attachment.\n\n--XyZ\nContent-Type: text/x-diff; name=\"f.patch\"\nContent-Transfer-Encoding: base64\nContent-Disposition: attachment; filename=\"f.patch\"\n\n{}--XyZ--\n\nEpilogue.\n",
        headers(""),
        base64_lines(PATCH.as_bytes())
    );
    let m = same_as_git(mail.as_bytes());
    assert_eq!(m.commit_message, "f: add b\n\nSee the attachment.\n");
    assert!(m.patch.starts_with(b"---\n"));
}

#[test]
fn nested_alternative_reaches_the_message_as_git_streams_it() {
    let mail = format!(
        "{}Content-Type: multipart/mixed; boundary=outer\n\n--outer\nContent-Type: multipart/alternative; boundary=inner\n\n--inner\nContent-Type: text/plain\n\nPlain.\n--inner\nContent-Type: text/html\n\n<p>Html</p>\n--inner--\n--outer\nContent-Type: text/plain\n\n{PATCH}--outer--\n",
        headers("")
    );
    let m = same_as_git(mail.as_bytes());
    // git does not skip the first inner boundary and headers: they become message text.
    assert!(m.body.contains("--inner"), "{:?}", m.body);
}

#[test]
fn format_flowed_is_unwrapped() {
    let mail = format!(
        "{}Content-Type: text/plain; charset=utf-8; format=flowed; delsp=yes\n\nA line that the mailer \nwrapped for us.\n{PATCH}",
        headers("")
    );
    let m = same_as_git(mail.as_bytes());
    assert!(
        m.body.starts_with("A line that the mailerwrapped"),
        "{:?}",
        m.body
    );
}

#[test]
fn odd_but_real_headers() {
    // A folded From, a name in a comment, a [PATCH] line in the body, a Re: subject.
    let mail = format!("From: ann@example.org\n (Ann Author)\nSubject: Re: [PATCH 2/2] f: add b\n\n[PATCH] f: better subject\n\nBody.\n{PATCH}");
    let m = same_as_git(mail.as_bytes());
    assert_eq!(m.author.name, "Ann Author");
    assert!(m.prefix.reply);
    let long = format!(
        "From: {} <long@example.org>\nSubject: x\n\nb\n{PATCH}",
        "N".repeat(61)
    );
    assert_eq!(same_as_git(long.as_bytes()).author.name, "long@example.org");
}

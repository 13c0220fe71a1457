//! Whose sign-off a patch carries: authors rewritten by mailing lists for DMARC, and git's
//! mailmap as committed in the series' base.

use crate::common::{signed, TestRepo};

/// A repository with a base commit (holding `mailmap`, if any); returns it and the base.
fn base(mailmap: Option<&str>) -> (TestRepo, String) {
    let mut r = TestRepo::new();
    let mut files: Vec<(&str, Option<&[u8]>)> = vec![("a", Some(b"a\n"))];
    if let Some(m) = mailmap {
        files.push((".mailmap", Some(m.as_bytes())));
    }
    r.commit(&signed("base"), &files);
    let base = r.head();
    (r, base)
}

/// Commits a change by `author` with `message`.
fn commit_by(r: &mut TestRepo, author: &str, message: &str) {
    let n = r.git(&["rev-list", "--count", "HEAD"]);
    r.write(&[("a", Some(n.as_bytes()))]);
    r.git(&["add", "-A"]);
    r.commit_staged_bytes(message.as_bytes(), &["--author", author]);
}

fn missing_signoff(json: &serde_json::Value, patch: usize) -> Vec<String> {
    json["patches"][patch]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "missing-signoff")
        .map(|f| f["message"].as_str().unwrap().to_string())
        .collect()
}

fn explain(r: &TestRepo, rev: &str) -> String {
    let out = r.triage(&["explain", rev]);
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn an_author_rewritten_by_a_list_signs_off_with_the_name_before_via() {
    let (mut r, base) = base(None);
    commit_by(
        &mut r,
        "Jean-Noël Avila via GitGitGadget <gitgitgadget@gmail.com>",
        "doc: fix\n\nSigned-off-by: Jean-Noël Avila <jn.avila@free.fr>\n\
         Signed-off-by: Junio C Hamano <gitster@pobox.com>\n",
    );
    commit_by(
        &mut r,
        "'Patrick Steinhardt' via Git Security <git-security@googlegroups.com>",
        "fix: security\n\nSigned-off-by: Patrick Steinhardt <ps@pks.im>\n",
    );
    let (code, json) = r.check_json(&[&format!("{base}..HEAD")]);
    assert_eq!(code, 0, "{json:#}");
    assert!(missing_signoff(&json, 0).is_empty() && missing_signoff(&json, 1).is_empty());
    let text = explain(&r, "HEAD~1");
    assert!(
        text.contains(
            "sign-off: Signed-off-by: Jean-Noël Avila <jn.avila@free.fr> (the author's name \
             Jean-Noël Avila: the author's address gitgitgadget@gmail.com is the GitGitGadget \
             list's, rewritten for DMARC)"
        ),
        "{text}"
    );
    assert!(explain(&r, "HEAD").contains("is the Git Security list's"));
}

#[test]
fn a_rewritten_author_without_their_signoff_is_still_missing_it_and_says_whose() {
    let (mut r, base) = base(None);
    commit_by(
        &mut r,
        "Derrick Stolee via GitGitGadget <gitgitgadget@gmail.com>",
        "fix\n\nSigned-off-by: Junio C Hamano <gitster@pobox.com>\n",
    );
    // A person whose name has " via " in it, with an address of their own, is no list.
    commit_by(
        &mut r,
        "Anna via Zoom <anna@example.org>",
        "fix\n\nSigned-off-by: Anna <other@example.org>\n",
    );
    let (code, json) = r.check_json(&[&format!("{base}..HEAD")]);
    assert_eq!(code, 1);
    assert_eq!(
        missing_signoff(&json, 0),
        [
            "no Signed-off-by from the author Derrick Stolee (the author's address \
          <gitgitgadget@gmail.com> is the GitGitGadget list's, rewritten for DMARC)"
        ]
    );
    assert_eq!(
        missing_signoff(&json, 1),
        ["no Signed-off-by from the author Anna via Zoom <anna@example.org>"]
    );
}

#[test]
fn the_mailmap_of_the_base_joins_an_authors_old_and_new_identities() {
    let (mut r, base) = base(Some(
        "Anne Thor <anne@new.example> <a.u.thor@old.example>\n",
    ));
    commit_by(
        &mut r,
        "A. U. Thor <a.u.thor@old.example>",
        "fix\n\nSigned-off-by: Anne Thor <anne@new.example>\n",
    );
    // The series maps a second identity in its own .mailmap: that does not count for it.
    r.write(&[(
        ".mailmap",
        Some(
            b"Anne Thor <anne@new.example> <a.u.thor@old.example>\n\
              Bob Builder <bob@new.example> <b@old.example>\n",
        ),
    )]);
    r.git(&["add", "-A"]);
    r.commit_staged_bytes(
        b"mailmap: add Bob\n\nSigned-off-by: A U Thor <author@example.org>\n",
        &[],
    );
    commit_by(
        &mut r,
        "B <b@old.example>",
        "fix\n\nSigned-off-by: Bob Builder <bob@new.example>\n",
    );
    let (_, json) = r.check_json(&[&format!("{base}..HEAD")]);
    assert!(missing_signoff(&json, 0).is_empty(), "{json:#}");
    assert_eq!(missing_signoff(&json, 2).len(), 1, "{json:#}");
    assert!(explain(&r, "HEAD~2").contains(
        "(by .mailmap, the author is Anne Thor <anne@new.example> and the signer \
         Anne Thor <anne@new.example>)"
    ));
}

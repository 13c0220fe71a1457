//! Invisible characters beyond bidi controls and zero-width spaces: tag characters (which can
//! spell out hidden text), variation selectors (which can smuggle bytes after any character),
//! invisible math operators and the other default-ignorable code points are caught by the
//! `hidden-unicode` rule and never reach the terminal raw.

use crate::common::{signed, TestRepo};

/// `hidden` spelled with tag characters (U+E0000 + ASCII).
fn tags(text: &str) -> String {
    text.chars()
        .map(|c| char::from_u32(0xE0000 + c as u32).unwrap())
        .collect()
}

#[test]
fn invisible_characters_in_added_lines_are_findings_and_are_shown_escaped() {
    let mut r = TestRepo::new();
    r.commit(&signed("base"), &[("a.c", Some(b"int a;\n"))]);
    let base = r.head();
    let lines = [
        format!("int x = 1; // ok{}\n", tags("rm -rf /")),
        "int y\u{FE0F}\u{FE00} = 2;\n".to_string(),
        "int z = a\u{2062}b;\n".to_string(),
        "int w = 3;\u{E0100}\u{E01EF}\n".to_string(),
        "int v\u{00AD}\u{3164} = 4;\n".to_string(),
        "int plain = 5;\n".to_string(),
    ];
    r.commit(
        &format!(
            "add {}\n\nSigned-off-by: A U Thor <author@example.org>\n",
            tags("x")
        ),
        &[("a.c", Some(lines.concat().as_bytes()))],
    );
    let (code, json) = r.check_json(&[&format!("{base}..HEAD")]);
    assert_eq!(code, 1);
    let findings: Vec<&serde_json::Value> = json["patches"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "hidden-unicode")
        .collect();
    let lines_found: Vec<u64> = findings
        .iter()
        .map(|f| f["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines_found, [1, 2, 3, 4, 5], "{findings:#?}");
    let message = |i: usize| findings[i]["message"].as_str().unwrap().to_string();
    assert!(
        message(0).contains("U+E0072 TAG LATIN SMALL LETTER R")
            && message(0).contains("hidden text \"rm -rf /\""),
        "{}",
        message(0)
    );
    assert!(
        message(1).contains("U+FE0F VARIATION SELECTOR-16"),
        "{}",
        message(1)
    );
    assert!(
        message(1).contains("U+FE00 VARIATION SELECTOR-1"),
        "{}",
        message(1)
    );
    assert!(
        message(2).contains("U+2062 INVISIBLE TIMES"),
        "{}",
        message(2)
    );
    assert!(
        message(3).contains("U+E0100 VARIATION SELECTOR-17"),
        "{}",
        message(3)
    );
    assert!(
        message(3).contains("U+E01EF VARIATION SELECTOR-256"),
        "{}",
        message(3)
    );
    assert!(message(4).contains("U+00AD SOFT HYPHEN"), "{}", message(4));
    assert!(
        message(4).contains("U+3164 HANGUL FILLER"),
        "{}",
        message(4)
    );

    // The text report shows markers, never the characters.
    let out = r.triage(&["check", &format!("{base}..HEAD")]);
    let text = String::from_utf8(out.stdout).unwrap();
    for c in [
        '\u{E0078}',
        '\u{FE0F}',
        '\u{2062}',
        '\u{E0100}',
        '\u{00AD}',
        '\u{3164}',
    ] {
        assert!(
            !text.contains(c),
            "U+{:04X} reached the terminal:\n{text}",
            c as u32
        );
    }
    assert!(text.contains("add <U+E0078>"), "{text}");
}

/// A reviewer's comment keeps such characters, escaped in the note as JSON surrogate pairs, and
/// reads back unchanged.
#[test]
fn a_comment_with_tag_characters_round_trips_through_the_note() {
    let mut r = TestRepo::new();
    r.commit(&signed("base"), &[("a", Some(b"a\n"))]);
    let base = r.head();
    r.commit(&signed("change"), &[("a", Some(b"b\n"))]);
    let comment = format!("looks fine{}", tags("ok"));
    let out = r.triage(&["verdict", "HEAD", "accept", "-m", &comment]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let note = r.git(&["notes", "--ref=triage", "show", "HEAD"]);
    assert!(note.contains("\\udb40\\udc6f\\udb40\\udc6b"), "{note}");
    let (_, json) = r.check_json(&[&format!("{base}..HEAD")]);
    assert_eq!(
        json["patches"][0]["verdicts"][0]["comment"],
        comment.as_str()
    );
}

/// Emoji in a string or a doc are pictures, not smuggled text: their own presentation selector
/// and the joiners of a family emoji are not findings, while the same selector after a letter,
/// a run of selectors after an emoji, or a supplementary selector still are.
#[test]
fn emoji_with_their_own_selectors_are_not_hidden_text() {
    let mut r = TestRepo::new();
    r.commit(&signed("base"), &[("a.c", Some(b"int a;\n"))]);
    let base = r.head();
    let lines = [
        "puts(\"I \u{2764}\u{FE0F} QEMU\");\n",
        "puts(\"\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467} 1\u{FE0F}\u{20E3}\");\n",
        "int y\u{FE0F} = 2;\n",
        "puts(\"\u{2764}\u{FE0F}\u{FE0F}\u{FE0E}\");\n",
        "puts(\"\u{1F600}\u{E0101}\");\n",
    ];
    r.commit(
        "emoji\n\nSigned-off-by: A U Thor <author@example.org>\n",
        &[("a.c", Some(lines.concat().as_bytes()))],
    );
    let (_, json) = r.check_json(&[&format!("{base}..HEAD")]);
    let lines_found: Vec<u64> = json["patches"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "hidden-unicode")
        .map(|f| f["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines_found, [3, 4, 5]);
}

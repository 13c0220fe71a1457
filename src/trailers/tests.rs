//! Unit tests of the parser; `tests/test_trailers.rs` compares it with git.

use super::*;

fn pairs(msg: &str) -> Vec<(String, String)> {
    parse(msg.as_bytes(), &Options::default())
        .into_iter()
        .map(|t| (t.key, t.value))
        .collect()
}

fn kv(k: &str, v: &str) -> (String, String) {
    (k.to_string(), v.to_string())
}

#[test]
fn last_paragraph_of_trailers() {
    let msg = "subject\n\nbody\n\nSigned-off-by: A <a@x>\nAcked-by: B <b@x>\n";
    assert_eq!(
        pairs(msg),
        vec![kv("Signed-off-by", "A <a@x>"), kv("Acked-by", "B <b@x>")]
    );
}

#[test]
fn title_is_never_a_trailer() {
    assert!(pairs("Fixes: the thing\n").is_empty());
    assert!(pairs("Fixes: the thing\nSigned-off-by: A <a@x>\n").is_empty());
}

#[test]
fn non_trailer_line_needs_git_generated_key_and_25_percent() {
    let mixed = "s\n\nHelped-by: A <a@x>\nthis line is prose\n";
    assert!(pairs(mixed).is_empty());
    let signed = "s\n\nHelped-by: A <a@x>\n[jc: fixed typo]\nSigned-off-by: J <j@x>\n";
    assert_eq!(
        pairs(signed),
        vec![kv("Helped-by", "A <a@x>"), kv("Signed-off-by", "J <j@x>")]
    );
    let too_much_prose =
        "s\n\nprose one\nprose two\nprose three\nprose four\nSigned-off-by: J <j@x>\n";
    assert!(pairs(too_much_prose).is_empty());
}

#[test]
fn continuation_lines_are_unfolded() {
    let msg = "s\n\nReported-by: A very long\n  name <a@x>\nSigned-off-by: J <j@x>\n";
    assert_eq!(
        pairs(msg),
        vec![
            kv("Reported-by", "A very long name <a@x>"),
            kv("Signed-off-by", "J <j@x>")
        ]
    );
}

#[test]
fn divider_and_comments_end_the_message() {
    let msg = "s\n\nSigned-off-by: J <j@x>\n---\n Notes: not a trailer\n";
    assert_eq!(pairs(msg), vec![kv("Signed-off-by", "J <j@x>")]);
    let commented = "s\n\nAcked-by: J <j@x>\n# Please enter the commit message\n\n";
    assert_eq!(pairs(commented), vec![kv("Acked-by", "J <j@x>")]);
}

#[test]
fn cherry_pick_line_is_git_generated() {
    let msg = "s\n\nbody line\nmore body\n(cherry picked from commit 0123abc)\n";
    assert_eq!(pairs(msg), vec![]);
    let msg = "s\n\nnot trailer\n(cherry picked from commit 0123abc)\nAcked-by: A <a@x>\n";
    assert_eq!(pairs(msg), vec![kv("Acked-by", "A <a@x>")]);
}

#[test]
fn key_with_space_before_colon() {
    let msg = "s\n\nAcked-by : A <a@x>\n";
    assert_eq!(pairs(msg), vec![kv("Acked-by", "A <a@x>")]);
}

#[test]
fn non_utf8_message_does_not_panic() {
    let msg = b"s\n\nSigned-off-by: J\xe9r\xf4me <j@x>\n";
    assert_eq!(
        parse(msg, &Options::default())[0].value,
        "J\u{fffd}r\u{fffd}me <j@x>"
    );
}

#[test]
fn configured_keys_replace_abbreviations_and_keep_their_separator() {
    let options = Options {
        separators: b":#".to_vec(),
        comment: b"#".to_vec(),
        configured: vec![
            Configured {
                name: b"sob".to_vec(),
                key: Some(b"Signed-off-by".to_vec()),
            },
            Configured {
                name: b"bug".to_vec(),
                key: Some(b"Bug #".to_vec()),
            },
        ],
    };
    let parsed = parse(
        b"s\n\nS: A <a@x>\nbug #7\nsobriety: no\n-: dash\n",
        &options,
    );
    let lines: Vec<&str> = parsed.iter().map(|t| t.line.as_str()).collect();
    // `S` abbreviates `sob`; `sobriety` is longer than it; a key with no letter or digit
    // matches the first configured trailer, as in git.
    assert_eq!(
        lines,
        [
            "Signed-off-by: A <a@x>",
            "Bug #7",
            "sobriety: no",
            "Signed-off-by: dash"
        ]
    );
    assert_eq!(parsed[1].key, "Bug");
    assert_eq!(parsed[1].value, "7");
}

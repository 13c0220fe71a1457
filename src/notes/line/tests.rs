//! The line format against hostile input: round trips, malformed lines, random lines.

use super::*;
use crate::notes::{Anchor, Side};

fn sample() -> Verdict {
    Verdict {
        state: State::NeedsWork,
        reviewer: "Jane Doe".into(),
        email: "jane@example.org".into(),
        at: humantime::parse_rfc3339("2026-11-26T09:14:03.120Z").unwrap(),
        patch_id: Some(Oid::from_str("4f1c00000000000000000000000000000000e2e2").unwrap()),
        comment: Some("Split this.\n\"Why\" \\ \u{1b}[2J \u{202e}".into()),
        from: None,
    }
}

#[test]
fn line_round_trips_and_escapes_hostile_comments() {
    let v = sample();
    let line = v.to_line();
    assert_eq!(
        line,
        "Triage-Verdict: v1 2026-11-26T09:14:03.120Z needs-work \
         patch-id=4f1c00000000000000000000000000000000e2e2 Jane Doe <jane@example.org> \
         \"Split this.\\n\\\"Why\\\" \\\\ \\u001b[2J \\u202e\""
    );
    assert!(!line.contains('\n') && !line.contains('\u{1b}'));
    assert_eq!(Verdict::parse(&line), Some(v.clone()));
    let carried = Verdict {
        from: Some(Oid::from_str("1111111111111111111111111111111111111111").unwrap()),
        comment: None,
        patch_id: None,
        ..v
    };
    assert_eq!(Verdict::parse(&carried.to_line()), Some(carried));
}

#[test]
fn any_comment_and_name_survive_the_line_format() {
    // Random text from an alphabet of what breaks line formats: quotes, backslashes,
    // newlines, escapes, bidi and zero-width characters, wide and combining characters.
    let alphabet: Vec<char> = "aZ09 \"\\\n\r\t\u{1b}\u{7}\u{0}\u{7f}\u{9b}<>=:;#\u{202e}\u{2066}\u{200b}\u{feff}\u{2028}é\u{301}全🦀"
        .chars()
        .collect();
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..2_000 {
        let len = (next() % 40) as usize;
        let comment: String = (0..len)
            .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
            .collect();
        let name: String = (0..(next() % 12) as usize)
            .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
            .collect();
        let v = Verdict {
            email: format!("{}@example.org", &name),
            reviewer: name,
            comment: Some(comment).filter(|c| !c.is_empty()),
            ..sample()
        };
        let line = v.to_line();
        assert!(
            !line
                .chars()
                .any(|c| c.is_control() || crate::sanitize::is_hidden(c)),
            "{line:?}"
        );
        let back = Verdict::parse(&line).expect("parses");
        assert_eq!(back.comment, v.comment);
        assert_eq!(back.reviewer, clean_name(&v.reviewer));
        assert_eq!(back.email, clean_email(&v.email));
        assert_eq!((back.state, back.at), (v.state, v.at));
    }
}

#[test]
fn foreign_and_future_lines_are_ignored() {
    for line in [
        "Just a note someone wrote",
        "Triage-Verdict: v2 2026-11-26T09:14:03Z accept patch-id=- A <a@b>",
        "Triage-Verdict: v1 yesterday accept patch-id=- A <a@b>",
        "Triage-Verdict: v1 2026-11-26T09:14:03Z maybe patch-id=- A <a@b>",
        "Triage-Verdict: v1 2026-11-26T09:14:03Z accept patch-id=- A <a@b> not-json",
    ] {
        assert_eq!(Verdict::parse(line), None, "{line}");
    }
}

#[test]
fn malformed_lines_of_ours_say_why_and_never_panic() {
    let me = "A <a@b>";
    for (line, why) in [
        (
            format!("{KEY}: v1 9999-12-31T23:59:59.999Z accept patch-id=- {me}"),
            "out of range",
        ),
        (
            format!("{KEY}: v1 9999-01-01T00:00:00.000Z accept patch-id=- {me}"),
            "out of range",
        ),
        (
            format!("{KEY}: v1 1969-12-31T23:59:59.999Z accept patch-id=- {me}"),
            "bad time",
        ),
        (
            format!("{KEY}: v1 2026-02-30T00:00:00.000Z accept patch-id=- {me}"),
            "bad time",
        ),
        (
            format!("{KEY}: v1 2026-01-01T00:00:00Z accept patch-id=- {me}"),
            "bad time",
        ),
        (
            format!("{KEY}: v1 2026-01-01T00:00:00.000000000000Z accept patch-id=- {me}"),
            "bad time",
        ),
        (
            format!("{KEY}: v1 2026-01-01T00:00:00.000Z accept patch-id=abc {me}"),
            "bad patch-id",
        ),
        (
            format!("{KEY}: v1 2026-01-01T00:00:00.000Z accept patch-id=- from=1 {me}"),
            "bad from",
        ),
        (
            format!("{KEY}: v1 2026-01-01T00:00:00.000Z accept patch-id=- A <>"),
            "bad reviewer",
        ),
        (
            format!("{KEY}: v1 2026-01-01T00:00:00.000Z accept patch-id=- {me} \"\\ud800\""),
            "bad comment",
        ),
        (
            format!(
                "{KEY}: v1 2026-01-01T00:00:00.000Z accept patch-id=- {me} \"{}\"",
                "x".repeat(MAX_LINE)
            ),
            "longer than",
        ),
        (format!("{KEY}: v1 2026-01-01T00:00:00.000Z"), "bad time"),
    ] {
        let err = parse_line(line.as_bytes()).unwrap_err().to_string();
        assert!(err.contains(why), "{line:.120}: {err}");
        assert!(err.len() < 120, "{err}");
    }
    let bytes = b"Triage-Verdict: v1 2026-01-01T00:00:00.000Z accept patch-id=- A <a@b> \"\xff\"";
    assert_eq!(parse_line(bytes), Err(LineError::NotUtf8));
    // Other text is not ours to judge, however odd.
    for other in [
        &b"\xff\xfe"[..],
        b"Triage-Verdict: v2 9999",
        b"Triage-Comment: v2 x",
        b"Triage-Review: v1 x",
    ] {
        assert_eq!(parse_line(other), Ok(Line::Other));
    }
}

#[test]
fn random_lines_never_panic_and_what_parses_round_trips() {
    // Lines built from fragments of real lines and of what breaks parsers, then mutated
    // byte by byte: every outcome is a verdict, an error or other text, never a panic.
    let pieces: &[&[u8]] = &[
        b"Triage-Verdict:",
        b" ",
        b"v1 ",
        b"v1",
        b"2026-11-26T09:14:03.120Z ",
        b"9999-12-31T23:59:59.999Z ",
        b"1970-01-01T00:00:00.000Z ",
        b"2026-13-45T99:99:99.999Z ",
        b"accept ",
        b"reject ",
        b"needs-work ",
        b"pending ",
        b"patch-id=",
        b"- ",
        b"4f1c00000000000000000000000000000000e2e2 ",
        b"from=",
        b"Triage-Comment: v1 ",
        b"line new:3 \"a\" ",
        b"deleted",
        b" on=\"",
        b"Jane Doe ",
        b"<",
        b">",
        b"<jane@example.org>",
        b" \"",
        b"\\",
        b"\\u",
        b"\\ud800",
        b"\\n",
        b"\"",
        b"\xff",
        b"\xc3",
        b"\xe2\x80\xae",
        b"\x1b[2J",
        b"\t",
        b"\r",
        b"99999999999999999999",
        b"\xf0\x9f\xa6\x80",
        b"=",
    ];
    let mut state = 0x853c_49e6_748f_ea9bu64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let (mut ok, mut err) = (0, 0);
    for n in 0..50_000 {
        // Half start from a well-formed line, half from nothing; then random fragments are
        // spliced in and random bytes overwritten.
        let mut line = if n % 4 == 2 {
            let comment = Comment {
                id: "0123456789ab".into(),
                at: sample().at,
                reviewer: "Jane Doe".into(),
                email: "jane@example.org".into(),
                patch_id: None,
                anchor: Anchor::Line {
                    path: "a \"b\".c".into(),
                    side: Side::Old,
                    line: 12,
                },
                text: (next() % 3 > 0).then(|| "c \" é\n".repeat((next() % 4) as usize)),
                context: (next() % 2 == 0).then(|| "+x\n y".into()),
            };
            comment.to_line().into_bytes()
        } else if n % 2 == 0 {
            let v = Verdict {
                state: State::ALL[(next() % 4) as usize],
                comment: Some("c \" é\n".repeat((next() % 4) as usize)).filter(|c| !c.is_empty()),
                from: (next() % 2 == 0).then(|| Oid::from_str(&"ab".repeat(20)).unwrap()),
                ..sample()
            };
            v.to_line().into_bytes()
        } else {
            Vec::new()
        };
        for _ in 0..(next() % 4) {
            let at = (next() % (line.len() as u64 + 1)) as usize;
            let piece = pieces[(next() % pieces.len() as u64) as usize];
            line.splice(at..at, piece.iter().copied());
        }
        for _ in 0..(next() % 3) {
            if !line.is_empty() {
                let at = (next() % line.len() as u64) as usize;
                line[at] = next() as u8;
            }
        }
        match parse_line(&line) {
            Ok(Line::Verdict(v)) => {
                ok += 1;
                assert!(in_range(v.at));
                assert_eq!(Verdict::parse(&v.to_line()), Some(v));
            }
            Ok(Line::Comment(c)) => {
                ok += 1;
                assert!(in_range(c.at));
                let again = c.to_line();
                assert_eq!(parse_line(again.as_bytes()), Ok(Line::Comment(c)));
            }
            Ok(Line::File(m)) => {
                ok += 1;
                assert!(in_range(m.at));
                let again = m.to_line();
                assert_eq!(parse_line(again.as_bytes()), Ok(Line::File(m)));
            }
            Ok(Line::Other) => {}
            Err(e) => {
                err += 1;
                assert!(e.to_string().len() < 200);
            }
        }
    }
    assert!(ok > 0 && err > 0, "the generator reaches both: {ok} {err}");
    // A well-formed line with a random comment of random length parses or is too long.
    for len in [0, 1, 100, MAX_LINE - 200, MAX_LINE + 1] {
        let v = Verdict {
            comment: Some("é".repeat(len / 2)).filter(|c| !c.is_empty()),
            ..sample()
        };
        let line = v.to_line();
        match parse_line(line.as_bytes()) {
            Ok(Line::Verdict(back)) => assert_eq!(back, v),
            Err(LineError::TooLong { .. }) => assert!(line.len() > MAX_LINE),
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn times_are_total() {
    use std::time::{Duration, UNIX_EPOCH};
    let far = UNIX_EPOCH + Duration::from_secs(400_000_000_000);
    assert_eq!(format_time(far), "9998-12-31T23:59:59.999Z");
    assert_eq!(
        format_time(UNIX_EPOCH - Duration::from_secs(1)),
        "1970-01-01T00:00:00.000Z"
    );
    let t = UNIX_EPOCH + Duration::from_nanos(1_795_683_600_123_456_789);
    assert_eq!(
        to_millis(t),
        UNIX_EPOCH + Duration::from_millis(1_795_683_600_123)
    );
}

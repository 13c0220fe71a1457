//! The comment line format against hostile and malformed input.

use super::super::line::{parse_line, Line};
use super::*;

fn sample(anchor: Anchor) -> Comment {
    Comment {
        id: "5f1c2a9b7e3d".into(),
        at: humantime::parse_rfc3339("2026-11-26T09:14:03.120Z").unwrap(),
        reviewer: "Jane Doe".into(),
        email: "jane@example.org".into(),
        patch_id: Some(Oid::from_str("4f1c00000000000000000000000000000000e2e2").unwrap()),
        anchor,
        text: Some("Reset first?\n\"quoted\" \u{1b}[2J \u{202e}".into()),
        context: Some(" ring_init();\n+    e1000_reset();".into()),
    }
}

fn parse(line: &str) -> Comment {
    match parse_line(line.as_bytes()) {
        Ok(Line::Comment(c)) => c,
        other => panic!("{line}: {other:?}"),
    }
}

#[test]
fn every_anchor_round_trips_and_reads_plainly() {
    let path = "hw/net/e1000 \"x\" <y>.c".to_string();
    let anchors = [
        Anchor::Line {
            path: path.clone(),
            side: Side::New,
            line: 42,
        },
        Anchor::Line {
            path: path.clone(),
            side: Side::Old,
            line: 7,
        },
        Anchor::Hunk {
            path: path.clone(),
            side: Side::New,
            line: 40,
        },
        Anchor::File { path },
        Anchor::Message { line: Some(3) },
        Anchor::Message { line: None },
    ];
    for a in anchors {
        let c = sample(a);
        let line = c.to_line();
        assert!(!line.contains('\n') && !line.contains('\u{1b}'), "{line}");
        assert_eq!(parse(&line), c, "{line}");
        let deleted = Comment {
            text: None,
            context: None,
            ..c
        };
        assert_eq!(parse(&deleted.to_line()), deleted);
    }
    let line = sample(Anchor::Line {
        path: "hw/net/e1000.c".into(),
        side: Side::New,
        line: 42,
    })
    .to_line();
    assert_eq!(
        line,
        "Triage-Comment: v1 2026-11-26T09:14:03.120Z 5f1c2a9b7e3d line new:42 \
         \"hw/net/e1000.c\" patch-id=4f1c00000000000000000000000000000000e2e2 \
         Jane Doe <jane@example.org> \"Reset first?\\n\\\"quoted\\\" \\u001b[2J \\u202e\" \
         on=\" ring_init();\\n+    e1000_reset();\""
    );
}

#[test]
fn malformed_comment_lines_are_errors_not_comments() {
    let good = sample(Anchor::Line {
        path: "a.c".into(),
        side: Side::New,
        line: 4,
    })
    .to_line();
    let bad_lines = [
        good.replace("5f1c2a9b7e3d", "5F1C2A9B7E3D"),
        good.replace("5f1c2a9b7e3d", "5f1c"),
        good.replace("new:4", "new:0"),
        good.replace("new:4", "new:04"),
        good.replace("new:4", "left:4"),
        good.replace("new:4", "new:-4"),
        good.replace(" line ", " row "),
        good.replace("\"a.c\"", "a.c"),
        good.replace("\"a.c\"", "\"\""),
        good.replace("<jane@example.org>", "<jane@exa\u{202e}mple.org>"),
        format!("{good} trailing"),
        good.replace(" \"Reset", " Reset"),
    ];
    for line in bad_lines {
        if line == good {
            continue;
        }
        assert!(
            parse_line(line.as_bytes()).is_err(),
            "accepted: {line:?} -> {:?}",
            parse_line(line.as_bytes())
        );
    }
    // A future version or kind is someone else's business.
    assert_eq!(
        parse_line(good.replace(" v1 ", " v2 ").as_bytes()),
        Ok(Line::Other)
    );
}

#[test]
fn ids_differ_for_comments_written_at_once() {
    let me = Reviewer {
        name: "Me".into(),
        email: "me@x".into(),
    };
    let ids: std::collections::HashSet<String> = (0..1000)
        .map(|_| {
            Comment::new(
                &me,
                SystemTime::UNIX_EPOCH,
                None,
                Anchor::Message { line: None },
                None,
                "same".into(),
            )
            .id
        })
        .collect();
    assert_eq!(ids.len(), 1000);
}

#[test]
fn long_context_lines_are_cut() {
    let long = "x".repeat(5000);
    let c = context_line(&long);
    assert_eq!(c.chars().count(), CONTEXT_CHARS + 1);
    assert!(c.ends_with('…'));
    assert_eq!(context_line("short"), "short");
}

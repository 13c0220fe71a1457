//! Series assembly and follow-up trailers agree with b4 on every thread of the corpus.
//!
//! b4 is not needed to run this: its answers are recorded in tests/data/b4-linux-leds-2026.json
//! by tests/data/b4_answers.py (b4 0.16.0, offline, `b4.get_strict_thread` and
//! `LoreMailbox.get_series`, what `b4 am -m MBOX MSGID` does).

use std::collections::HashMap;

use git_triage::mail::{self, Followup, MailSeries, Message};
use serde_json::Value;

fn corpus() -> Option<Vec<Message>> {
    let path = crate::common::shared_dir().join("corpus/mail/linux-leds-2026.mbox");
    if !path.exists() {
        eprintln!("SKIPPED: corpus {} is absent", path.display());
        return None;
    }
    Some(mail::read(&path).unwrap().1)
}

fn data(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

fn answers(name: &str) -> Vec<Value> {
    serde_json::from_str(&std::fs::read_to_string(data(name)).unwrap()).unwrap()
}

fn find<'a>(all: &'a [MailSeries], version: u32, msgid: &str) -> Option<&'a MailSeries> {
    all.iter()
        .flat_map(|s| std::iter::once(s).chain(&s.previous))
        .find(|s| {
            s.version == version && s.messages().any(|m| m.message_id.as_deref() == Some(msgid))
        })
}

/// b4's follow-ups for one patch as `b4 am` applies them: the patch's, then the cover
/// letter's, each once, none the patch already carries.
fn expected(
    b4: &Value,
    cover: &Value,
    own: &[git_triage::trailers::Trailer],
) -> Vec<(String, String, String)> {
    let mut out: Vec<(String, String, String)> = Vec::new();
    for t in b4
        .as_array()
        .unwrap()
        .iter()
        .chain(cover.as_array().unwrap())
    {
        let (k, v, id) = (
            t[0].as_str().unwrap(),
            t[1].as_str().unwrap(),
            t[2].as_str().unwrap_or(""),
        );
        let same =
            |a: &str, b: &str| a.eq_ignore_ascii_case(k) && b.to_lowercase() == v.to_lowercase();
        if own.iter().any(|t| same(&t.key, &t.value)) || out.iter().any(|(a, b, _)| same(a, b)) {
            continue;
        }
        out.push((k.into(), v.into(), id.into()));
    }
    out
}

fn ours(f: &[Followup]) -> Vec<(String, String, String)> {
    f.iter()
        .map(|f| {
            (
                f.key.clone(),
                f.value.clone(),
                f.message_id.clone().unwrap_or_default(),
            )
        })
        .collect()
}

/// Compares one thread; returns what differs.
fn compare(entry: &Value, by_id: &HashMap<&str, &Message>) -> Vec<String> {
    let b4 = &entry["series"];
    let members: Vec<Message> = entry["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|id| by_id.get(id.as_str().unwrap()).map(|m| (*m).clone()))
        .collect();
    let all = mail::assemble(members);
    let version = b4["version"].as_u64().unwrap() as u32;
    let patches: Vec<&Value> = b4["patches"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| !p.is_null())
        .collect();
    let lead = patches[0]["msgid"].as_str().unwrap();
    let Some(s) = find(&all, version, lead) else {
        return vec![format!("no v{version} series holding {lead}")];
    };
    let mut diffs = Vec::new();
    let mut check = |what: &str, a: String, b: String| {
        if a != b {
            diffs.push(format!("{what}: ours {a} != b4 {b}"));
        }
    };
    check("total", s.total.to_string(), b4["expected"].to_string());
    let cover = s.cover.as_ref().and_then(|c| c.message_id.clone());
    check(
        "cover",
        format!("{cover:?}"),
        format!("{:?}", b4["cover"].as_str()),
    );
    let missing: Vec<u32> = b4["patches"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .filter(|(_, p)| p.is_null())
        .map(|(i, _)| i as u32 + 1)
        .collect();
    check(
        "missing",
        format!("{:?}", s.missing),
        format!("{missing:?}"),
    );
    for p in &patches {
        let index = p["index"].as_u64().unwrap() as u32;
        let Some(mine) = s.patches.iter().find(|q| q.index == index) else {
            check("patch", format!("{index} absent"), "present".into());
            continue;
        };
        check(
            &format!("patch {index}"),
            format!("{:?}", mine.message.message_id.as_deref()),
            format!("{:?}", p["msgid"].as_str()),
        );
        let own = git_triage::trailers::parse(
            mine.message.commit_message.as_bytes(),
            &Default::default(),
        );
        let want = expected(&p["followups"], &b4["cover_followups"], &own);
        check(
            &format!("follow-ups of {index}"),
            format!("{:?}", ours(&mine.followups)),
            format!("{want:?}"),
        );
    }
    let mismatches = b4["mismatches"].as_array().unwrap().len();
    let our_mismatches: usize = all
        .iter()
        .flat_map(|s| std::iter::once(s).chain(&s.previous))
        .map(|s| s.unmatched_followups.len())
        .sum();
    check(
        "mismatches",
        our_mismatches.to_string(),
        mismatches.to_string(),
    );
    diffs
}

#[test]
fn every_corpus_thread_assembles_as_b4_assembles_it() {
    let Some(messages) = corpus() else { return };
    let by_id: HashMap<&str, &Message> = messages
        .iter()
        .filter_map(|m| m.message_id.as_deref().map(|id| (id, m)))
        .collect();
    let (mut agree, mut total, mut failures) = (0, 0, Vec::new());
    let mut followups = 0;
    for entry in answers("b4-linux-leds-2026.json")
        .iter()
        .filter(|e| !e["series"].is_null())
    {
        total += 1;
        followups += entry["series"]["patches"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| !p.is_null())
            .map(|p| p["followups"].as_array().unwrap().len())
            .sum::<usize>();
        let diffs = compare(entry, &by_id);
        if diffs.is_empty() {
            agree += 1;
        } else {
            failures.push(format!("{}: {}", entry["thread"], diffs.join("; ")));
        }
    }
    eprintln!("b4: {agree}/{total} series agree (cover, patches, missing, {followups} patch follow-ups, mismatches)");
    assert_eq!(total, 58, "the recorded answers changed");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A hand-written thread (tests/data/review-thread.mbox) with what the corpus lacks: a reply
/// naming someone else, quoted and signature trailers, a reply to a reply, a trailer the patch
/// already has, a missing patch, and a first version whose review carries over by patch-id.
#[test]
fn review_thread_assembles_as_b4_assembles_it() {
    let (_, messages) = mail::read(&data("review-thread.mbox")).unwrap();
    let by_id: HashMap<&str, &Message> = messages
        .iter()
        .filter_map(|m| m.message_id.as_deref().map(|id| (id, m)))
        .collect();
    let entries = answers("b4-review-thread.json");
    assert_eq!(compare(&entries[0], &by_id), Vec::<String>::new());

    let all = mail::assemble(messages.clone());
    assert_eq!(all.len(), 1, "one series, two versions");
    let s = &all[0];
    assert_eq!((s.version, s.total, s.missing.clone()), (2, 3, vec![2]));
    assert_eq!(s.previous_versions(), [1]);
    assert_eq!(s.change_id(), Some("20260101-widget-0123abcd"));
    assert_eq!(
        s.base_commit(),
        Some("0123456789abcdef0123456789abcdef01234567")
    );
    assert!(s.anomalies.contains(&mail::Anomaly::SeriesIncomplete {
        version: 2,
        missing: vec![2]
    }));
    let one: Vec<(&str, &str)> = s.patches[0]
        .followups
        .iter()
        .map(|f| (f.key.as_str(), f.value.as_str()))
        .collect();
    assert!(one.contains(&("Reviewed-by", "Carol Checker <carol@example.org>")));
    assert!(
        one.contains(&("Reviewed-by", "Frank Reviewer <frank@example.org>")),
        "v1's review carries over"
    );
    assert!(!one
        .iter()
        .any(|(_, v)| v.contains("quoted@") || v.contains("sig@")));
    assert!(
        !one.contains(&("Reviewed-by", "Old Reviewer <old@example.org>")),
        "already in the patch"
    );
    let unmatched: Vec<&str> = s
        .unmatched_followups
        .iter()
        .map(|f| f.value.as_str())
        .collect();
    assert_eq!(
        unmatched,
        ["Dave Tester <dave@example.org>"],
        "Carol cannot vouch for Dave"
    );
    let eve = s.patches[0]
        .followups
        .iter()
        .find(|f| f.value.starts_with("Eve"))
        .unwrap();
    assert_eq!(
        (eve.note.as_deref(), eve.message_id.as_deref()),
        (Some(" # for widgets"), Some("eve-1@example.org"))
    );
    assert_eq!(eve.from, "Eve Example <eve+lists@example.org>");
    let three = &s.patches[1];
    assert!(three
        .message
        .commit_message
        .contains("Assisted-by: Claude:claude-opus-4-7"));
    let keys: Vec<&str> = three.followups.iter().map(|f| f.key.as_str()).collect();
    assert_eq!(
        keys,
        ["Fixes", "Link", "Reviewed-by"],
        "the URL in prose does not count"
    );
    assert_eq!(
        mail::choose(
            all.clone(),
            Some("<frank-1@example.org>"),
            std::path::Path::new("m")
        )
        .err()
        .map(|e| e.to_string()),
        Some("no series in m has a message \"frank-1@example.org\"".to_string())
    );
    assert_eq!(
        mail::choose(all, Some("v1-1@example.org"), std::path::Path::new("m"))
            .unwrap()
            .version,
        2,
        "the newest version of the series"
    );
}

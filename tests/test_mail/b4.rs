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

fn answers() -> Vec<Value> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/b4-linux-leds-2026.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
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
        let own = git_triage::trailers::parse(mine.message.commit_message.as_bytes());
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
    for entry in answers().iter().filter(|e| !e["series"].is_null()) {
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

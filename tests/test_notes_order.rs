//! What "latest" means when processes and machines race: a reviewer's writes are totally ordered,
//! concurrent syncs retry instead of failing, and sync does not depend on git's language.

use crate::test_notes::{note, series};

/// The time field of a verdict line.
fn time_of(line: &str) -> &str {
    line.split(' ').nth(2).unwrap()
}

#[test]
fn a_reviewers_concurrent_writes_are_strictly_ordered() {
    let (repo, ids) = series();
    let commit = &ids[0];
    std::thread::scope(|s| {
        for w in 0..4 {
            let repo = &repo;
            s.spawn(move || {
                for n in 0..100 {
                    let state = if n % 2 == 0 { "accept" } else { "reject" };
                    let msg = format!("w{w}-{n}");
                    let out = repo.triage(&["verdict", commit, state, "-m", &msg]);
                    assert!(
                        out.status.success(),
                        "{}",
                        String::from_utf8_lossy(&out.stderr)
                    );
                }
            });
        }
    });
    let text = note(&repo, commit);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 400);
    // Appends are linear (compare-and-swap), so note order is write order; times must follow it
    // strictly, or sorting the note (cat_sort_uniq) could change which line is the latest.
    let ties: Vec<_> = lines
        .windows(2)
        .filter(|w| time_of(w[0]) >= time_of(w[1]))
        .collect();
    assert!(
        ties.is_empty(),
        "{} out of order or tied: {:?}",
        ties.len(),
        ties.first()
    );
    let last = lines[399];
    let (_, json) = repo.check_json(&[]);
    let v = &json["patches"][0]["verdicts"][0];
    assert!(
        last.contains(&format!(" {} ", v["state"].as_str().unwrap())),
        "{last} vs {v}"
    );
    assert!(
        last.ends_with(&format!("\"{}\"", v["comment"].as_str().unwrap())),
        "{last} vs {v}"
    );
}

#[test]
fn same_millisecond_lines_from_two_machines_resolve_the_same_everywhere() {
    let (repo, ids) = series();
    let at = "2026-05-01T10:00:00.000Z";
    let line = |state: &str| {
        format!("Triage-Verdict: v1 {at} {state} patch-id=- A U Thor <author@example.org>\n")
    };
    let mut states = Vec::new();
    for order in [["reject", "accept"], ["accept", "reject"]] {
        let text = line(order[0]) + &line(order[1]);
        let out = repo.git_output(&["hash-object", "-w", "--stdin"], Some(text.as_bytes()));
        let blob = String::from_utf8_lossy(&out.stdout).trim().to_string();
        repo.git(&["notes", "--ref=triage", "add", "-f", "-C", &blob, &ids[0]]);
        let (_, json) = repo.check_json(&[]);
        states.push(json["patches"][0]["verdicts"][0]["state"].clone());
    }
    assert_eq!(states[0], states[1], "note order must not decide a tie");
}

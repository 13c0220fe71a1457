//! What "latest" means when processes and machines race: a reviewer's writes are totally ordered,
//! concurrent syncs retry instead of failing, and sync does not depend on git's language.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::test_notes::{note, ok, remote_and_clones, series};

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

/// Makes every push to `bare` wait, so that pushes started together really race.
fn slow_receive(bare: &Path) {
    let hook = bare.join("hooks/pre-receive");
    std::fs::write(&hook, "#!/bin/sh\ncat >/dev/null\nsleep 0.2\n").unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn concurrent_syncs_retry_instead_of_failing() {
    let (_origin, bare, a, b, ids) = remote_and_clones();
    slow_receive(bare.path());
    let mut retried = 0;
    for round in 0..5 {
        let msg = format!("round {round}");
        ok(&a.triage(&["verdict", &ids[round % 3], "accept", "-m", &msg]));
        ok(&b.triage(&["verdict", &ids[(round + 1) % 3], "reject", "-m", &msg]));
        // Two clones and a second sync in the first clone, all at once.
        let outs: Vec<_> = std::thread::scope(|s| {
            let hs: Vec<_> = [&a, &b, &a]
                .into_iter()
                .map(|r| s.spawn(move || r.triage(&["sync"])))
                .collect();
            hs.into_iter().map(|h| h.join().unwrap()).collect()
        });
        for out in &outs {
            let text = ok(out);
            if text.contains("retried") {
                retried += 1;
            }
        }
    }
    assert!(retried > 0, "pushes that lost a race say they retried");
    ok(&a.triage(&["sync"]));
    ok(&b.triage(&["sync"]));
    ok(&a.triage(&["sync"]));
    for id in &ids {
        assert_eq!(note(&a, id), note(&b, id), "{id}");
    }
    let text: String = ids.iter().map(|id| note(&a, id)).collect();
    for round in 0..5 {
        assert_eq!(
            text.matches(&format!("\"round {round}\"")).count(),
            2,
            "{text}"
        );
    }
}

/// A `git` that speaks German in `env`, if this machine has one: a git built with gettext and its
/// German messages, and a locale in which glibc lets gettext translate.
fn german_git(bare: &Path) -> Option<(PathBuf, Vec<(&'static str, &'static str)>)> {
    let envs: [Vec<(&str, &str)>; 2] = [
        vec![("LANG", "de_DE.UTF-8"), ("LANGUAGE", "de_DE:de")],
        // Without a generated de_DE locale, glibc still translates for LANGUAGE under C.UTF-8.
        vec![("LANG", "C.UTF-8"), ("LANGUAGE", "de")],
    ];
    for git in ["git", "/usr/bin/git", "/usr/local/bin/git"] {
        for env in &envs {
            let probe = Command::new(git)
                .arg("--git-dir")
                .arg(bare)
                .args(["fetch", ".", "refs/notes/nowhere:refs/notes/x"])
                .env_remove("LC_ALL")
                .envs(env.iter().copied())
                .output();
            let Ok(probe) = probe else { continue };
            if String::from_utf8_lossy(&probe.stderr).contains("Konnte") {
                let path = Command::new("sh")
                    .args(["-c", &format!("command -v {git}")])
                    .output()
                    .unwrap();
                let path = String::from_utf8_lossy(&path.stdout).trim().to_string();
                return Some((PathBuf::from(path), env.clone()));
            }
        }
    }
    None
}

#[test]
fn sync_works_whatever_language_git_speaks() {
    let (_origin, bare, a, _b, ids) = remote_and_clones();
    let Some((git, env)) = german_git(bare.path()) else {
        eprintln!(
            "skipped: no git on this machine prints German messages (built without gettext?)"
        );
        return;
    };
    // That git first on PATH, and the reviewer's German locale.
    let bin = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(&git, bin.path().join("git")).unwrap();
    let path = format!(
        "{}:{}",
        bin.path().display(),
        std::env::var("PATH").unwrap()
    );
    let german = |args: &[&str]| {
        let mut cmd = a.command(env!("CARGO_BIN_EXE_git-triage"));
        cmd.args(args)
            .env("PATH", &path)
            .env_remove("LC_ALL")
            .envs(env.iter().copied());
        cmd.output().unwrap()
    };
    // The remote has no notes yet: git says so in German, and sync must still understand it.
    let out = german(&["sync"]);
    assert_eq!(
        ok(&out),
        "refs/notes/triage: neither you nor origin have verdicts yet\n"
    );
    ok(&a.triage(&["verdict", &ids[0], "accept"]));
    let out = german(&["sync"]);
    assert_eq!(
        ok(&out),
        "refs/notes/triage: origin had none; pushed yours\n"
    );
}

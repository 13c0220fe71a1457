//! Notes are untrusted input (anyone who can push the notes ref can write them) and the ref can
//! be left in a bad state by a crash: a malformed line is skipped with a warning naming its
//! commit, a stale lock is named with the way out, and a huge note reads in linear time.

use std::process::Output;
use std::time::{Duration, Instant};

use crate::common::TestRepo;
use crate::test_notes::{note, ok, series};

/// Writes `bytes` as the whole note of `commit` under refs/notes/triage.
fn put_note(repo: &TestRepo, commit: &str, bytes: &[u8]) {
    let out = repo.git_output(&["hash-object", "-w", "--stdin"], Some(bytes));
    let blob = String::from_utf8_lossy(&out.stdout).trim().to_string();
    repo.git(&["notes", "--ref=triage", "add", "-f", "-C", &blob, commit]);
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

const ME: &str = "A U Thor <author@example.org>";

#[test]
fn malformed_note_lines_are_skipped_with_a_warning_never_a_panic() {
    let (repo, ids) = series();
    let good =
        format!("Triage-Verdict: v1 2026-01-01T00:00:00.000Z reject patch-id=- {ME} \"real\"");
    let mut note_bytes = Vec::new();
    for line in [
        good.as_str(),
        &format!("Triage-Verdict: v1 9999-12-31T23:59:59.999Z accept patch-id=- {ME}"),
        &format!(
            "Triage-Verdict: v1 2026-01-02T00:00:00.99999999999999999999Z accept patch-id=- {ME}"
        ),
        &format!("Triage-Verdict: v1 2026-01-02T00:00:00.000Z accept patch-id=123 {ME}"),
        &format!(
            "Triage-Verdict: v1 2026-01-02T00:00:00.000Z accept patch-id=- {ME} \"{}\"",
            "x".repeat(200_000)
        ),
        "Triage-Verdict: v1 2026-01-02T00:00:00.000Z accept patch-id=- no email at all",
        "a line someone else wrote, kept and ignored",
        "Triage-Verdict: v7 2030-01-01T00:00:00.000Z whatever a future version writes",
    ] {
        note_bytes.extend_from_slice(line.as_bytes());
        note_bytes.push(b'\n');
    }
    note_bytes.extend_from_slice(b"Triage-Verdict: v1 2026-01-03T00:00:00.000Z accept patch-id=- A U Thor <author@example.org> \"\xff\xfe\"\n");
    put_note(&repo, &ids[0], &note_bytes);

    // check: the good line counts, each bad one is one warning naming the commit, no panic.
    let out = repo.triage(&["check", "--format", "json"]);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let v = &json["patches"][0]["verdicts"];
    assert_eq!(v.as_array().unwrap().len(), 1, "{v}");
    assert_eq!(v[0]["state"], "reject");
    assert_eq!(v[0]["comment"], "real");
    let err = stderr(&out);
    let warnings: Vec<&str> = err.lines().filter(|l| l.starts_with("warning: ")).collect();
    assert_eq!(warnings.len(), 6, "{err}");
    for w in &warnings {
        assert!(w.contains(&ids[0][..12]), "names the commit: {w}");
        assert!(w.len() < 300, "one short line: {w}");
    }
    assert!(err.contains("line 2"), "{err}");
    // A verdict on top: written after the good line, not after year 9999; no panic.
    let out = repo.triage(&["verdict", &ids[0], "accept"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let last = note(&repo, &ids[0]).lines().last().unwrap().to_string();
    assert!(last.starts_with("Triage-Verdict: v1 20"), "{last}");
    assert!(last.ends_with(r#"<author@example.org> "real""#), "{last}");
    let (_, json) = repo.check_json(&[]);
    assert_eq!(json["patches"][0]["verdicts"][0]["state"], "accept");
    // export and the text report survive the same note.
    for args in [
        &["export"][..],
        &["export", "--all", "--format", "json"],
        &["check"],
    ] {
        let out = repo.triage(args);
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{args:?}: {}",
            stderr(&out)
        );
    }
}

#[test]
fn random_note_lines_never_crash_check_or_verdict() {
    let (repo, ids) = series();
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let pieces: &[&[u8]] = &[
        b"Triage-Verdict:",
        b" v1 ",
        b"v1",
        b"9999-12-31T23:59:59.999Z",
        b"2026-02-30T25:61:61Z",
        b"1970-01-01T00:00:00.000Z",
        b"2026-01-01T00:00:00.000Z",
        b"+99999-01-01T00:00:00Z",
        b" accept",
        b" reject ",
        b"needs-work",
        b"pending",
        b" patch-id=",
        b"-",
        b"0123456789abcdef0123456789abcdef01234567",
        b"ffffffffffffffffffffffffffffffffffffffff0",
        b" from=",
        b" A U Thor <author@example.org>",
        b"<",
        b">",
        b"\"",
        b"\\",
        b"\\u",
        b"\\ud800",
        b"\"\\n\"",
        b"\xff",
        b"\xc3",
        b"\xe2\x80\xae",
        b"\x1b[2J",
        b" ",
        b"\t",
        b"99999999999999999999",
        b"\xf0\x9f\xa6\x80",
        b"=",
        b"..",
    ];
    let mut text = Vec::new();
    for _ in 0..3_000 {
        for _ in 0..(next() % 12) {
            text.extend_from_slice(pieces[(next() % pieces.len() as u64) as usize]);
        }
        text.push(b'\n');
    }
    put_note(&repo, &ids[1], &text);
    for args in [
        &["check", "--format", "json"][..],
        &["export", "--all"],
        &["verdict", &ids[1], "reject"],
    ] {
        let out = repo.triage(args);
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{args:?}: {:?} {}",
            out.status,
            stderr(&out)
        );
    }
    let (_, json) = repo.check_json(&[]);
    assert_eq!(json["patches"][1]["verdicts"][0]["state"], "reject");
}

#[test]
fn a_stale_lock_is_named_with_the_way_out() {
    let (repo, ids) = series();
    ok(&repo.triage(&["verdict", &ids[0], "accept"]));
    let lock = repo.path().join(".git/refs/notes/triage.lock");
    std::fs::write(&lock, "").unwrap();
    // Left by a writer killed a minute ago.
    let file = std::fs::File::options().write(true).open(&lock).unwrap();
    file.set_modified(std::time::SystemTime::now() - Duration::from_secs(60))
        .unwrap();
    drop(file);
    let start = Instant::now();
    let out = repo.triage(&["verdict", &ids[1], "accept"]);
    let took = start.elapsed();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    let path = std::fs::canonicalize(&lock).unwrap();
    assert!(
        err.contains(&format!(
            "Unable to create '{}': File exists.",
            path.display()
        )),
        "{err}"
    );
    assert!(
        err.contains("remove the file manually to continue"),
        "{err}"
    );
    assert!(took < Duration::from_secs(2), "gave up after {took:?}");
    // Once it is gone, writing works again and nothing was lost.
    std::fs::remove_file(&lock).unwrap();
    ok(&repo.triage(&["verdict", &ids[1], "accept"]));
    assert_eq!(note(&repo, &ids[0]).lines().count(), 1);
}

#[test]
fn a_live_writer_holding_the_lock_for_seconds_is_waited_for() {
    // On a loaded machine a writer can hold the lock well over a second; that is not a stale lock.
    let (repo, ids) = series();
    ok(&repo.triage(&["verdict", &ids[0], "accept"]));
    let lock = repo.path().join(".git/refs/notes/triage.lock");
    std::fs::write(&lock, "").unwrap();
    let release = {
        let lock = lock.clone();
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(2500));
            std::fs::remove_file(&lock).unwrap();
        })
    };
    let out = repo.triage(&["verdict", &ids[1], "reject"]);
    release.join().unwrap();
    ok(&out);
    let (_, json) = repo.check_json(&[]);
    assert_eq!(json["patches"][1]["verdicts"][0]["state"], "reject");
}

#[test]
fn a_symbolic_notes_ref_gets_its_own_message() {
    let (repo, ids) = series();
    repo.git(&["symbolic-ref", "refs/notes/triage", "refs/notes/elsewhere"]);
    let out = repo.triage(&["verdict", &ids[0], "accept"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("refs/notes/triage is a symbolic ref to refs/notes/elsewhere"),
        "{err}"
    );
    assert_eq!(
        repo.git(&["symbolic-ref", "refs/notes/triage"]).trim(),
        "refs/notes/elsewhere",
        "left as it was"
    );
}

/// Runs git-triage with a deadline; `None` when it had to be killed. Output goes to files, so
/// that a full pipe cannot stall it.
fn run_with_deadline(repo: &TestRepo, args: &[&str], deadline: Duration) -> Option<Output> {
    let out = tempfile::tempfile().unwrap();
    let err = tempfile::tempfile().unwrap();
    let mut child = repo
        .command(env!("CARGO_BIN_EXE_git-triage"))
        .args(args)
        .stdout(out.try_clone().unwrap())
        .stderr(err.try_clone().unwrap())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let read = |mut f: std::fs::File| {
        use std::io::{Read, Seek};
        let mut buf = Vec::new();
        f.rewind().unwrap();
        f.read_to_end(&mut buf).unwrap();
        buf
    };
    Some(Output {
        status,
        stdout: read(out),
        stderr: read(err),
    })
}

#[test]
fn a_note_with_100k_reviewers_reads_in_linear_time() {
    // Not a benchmark (benches/notes.rs measures): a guard with a wide margin. A quadratic
    // reader needs minutes for this note; a linear one, in a debug build, about a second.
    let (repo, ids) = series();
    let n = 100_000;
    let mut text = String::with_capacity(n * 130);
    for r in 0..n {
        text.push_str(&format!(
            "Triage-Verdict: v1 2026-01-01T00:{:02}:{:02}.{:03}Z accept patch-id=- Reviewer {r} <r{r}@example.org>\n",
            r / 60_000 % 60,
            r / 1000 % 60,
            r % 1000
        ));
    }
    let mut script = format!(
        "commit refs/notes/triage\ncommitter C <c@x> 1700000000 +0000\ndata 6\nnotes\nN inline {}\ndata {}\n",
        ids[2],
        text.len()
    )
    .into_bytes();
    script.extend_from_slice(text.as_bytes());
    script.push(b'\n');
    let out = repo.git_output(&["fast-import", "--quiet"], Some(&script));
    assert!(out.status.success(), "{}", stderr(&out));
    let deadline = Duration::from_secs(30);
    for args in [
        &["check", "--format", "json"][..],
        &["export", "--all", "--format", "json"],
    ] {
        let out = run_with_deadline(&repo, args, deadline)
            .unwrap_or_else(|| panic!("{args:?} took more than {deadline:?}"));
        assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(json["patches"][2]["verdicts"].as_array().unwrap().len(), n);
    }
}

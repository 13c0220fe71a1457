//! Where the commits of applied mail live: one temporary object store outside the repository,
//! read by every diff worker, gone when the run ends; what a killed run left is removed by the
//! next one, what a live run holds is not.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use git2::Oid;
use git_triage::mail::{self, apply, Message};

use crate::common::TestRepo;
use crate::test_mail::apply::snapshot;
use crate::test_mail::generated::mailed_history;

fn applied(r: &TestRepo, base: &str) -> apply::Applied {
    let mbox = r
        .git_output(
            &["format-patch", "--stdout", &format!("{base}..HEAD")],
            None,
        )
        .stdout;
    let (_, raws) = mail::split(Path::new("-"), mbox).unwrap();
    let messages: Vec<Message> = raws.iter().map(Message::parse).collect();
    let refs: Vec<&Message> = messages.iter().collect();
    apply::apply(&r.path().join(".git"), Oid::from_str(base).unwrap(), &refs).unwrap()
}

/// The stores git-triage made in `tmp`.
fn stores(tmp: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(tmp)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("git-triage-objects-")
        })
        .collect();
    out.sort();
    out
}

#[test]
fn applied_commits_live_outside_the_repository_until_the_series_is_dropped() {
    let (r, base) = mailed_history();
    let before = snapshot(r.path());
    let applied = applied(&r, &base);
    let head = applied.outcomes.last().unwrap().commit().unwrap();
    let objects = applied.overlay.objects_dir().unwrap();
    assert!(!objects.starts_with(r.path()), "{}", objects.display());
    let hex = head.to_string();
    assert!(objects.join(&hex[..2]).join(&hex[2..]).is_file());
    let plain = git2::Repository::open(r.path()).unwrap();
    assert!(plain.find_commit(head).is_err(), "the repository lacks it");
    let view = applied.overlay.open(&r.path().join(".git")).unwrap();
    assert_eq!(view.find_commit(head).unwrap().id(), head);
    assert_eq!(snapshot(r.path()), before, "the repository gained nothing");
    let shared = applied.overlay.clone();
    drop(applied);
    assert!(objects.is_dir(), "a clone of the overlay keeps the store");
    drop((view, shared));
    assert!(!objects.exists(), "the last one gone, the store is removed");
}

#[test]
fn every_worker_reads_the_applied_commits() {
    let (r, base) = mailed_history();
    let mbox = r
        .git_output(
            &["format-patch", "--stdout", &format!("{base}..HEAD")],
            None,
        )
        .stdout;
    let file = r.home.path().join("series.mbox");
    std::fs::write(&file, mbox).unwrap();
    let handle = git_triage::open_repository(Some(r.path())).unwrap();
    let input = mail::MailInput {
        path: file,
        base: Some(base.clone()),
        ..Default::default()
    };
    let series = mail::source::load(&handle, &input).unwrap();
    assert!(series.patches.iter().all(|p| p.commit.is_some()));
    let files = |threads: usize| {
        let mut out = Vec::new();
        git_triage::diff::each_in_order(
            handle.path(),
            &series.overlay,
            &series.patches,
            &[],
            threads,
            |_, d| {
                let d = d?;
                out.push(
                    d.files
                        .iter()
                        .map(|f| (f.display_path(), f.hunks.len()))
                        .collect::<Vec<_>>(),
                );
                Ok::<(), git2::Error>(())
            },
        )
        .unwrap();
        out
    };
    let one = files(1);
    assert_eq!(one.len(), 15);
    assert!(one.iter().all(|f| !f.is_empty()), "{one:?}");
    assert_eq!(files(8), one);
}

/// `git triage check --mbox` with TMPDIR set to `tmp`.
fn check_in(r: &TestRepo, tmp: &Path, mbox: &Path, base: &str) -> std::process::Output {
    r.command(env!("CARGO_BIN_EXE_git-triage"))
        .env("TMPDIR", tmp)
        .args(["check", "--format", "json", "--base", base, "--mbox"])
        .arg(mbox)
        .output()
        .unwrap()
}

fn age(dir: &Path, by: Duration) {
    let old = SystemTime::now() - by;
    File::open(dir).unwrap().set_modified(old).unwrap();
}

#[test]
fn check_leaves_no_store_and_removes_what_a_killed_run_left() {
    let (r, base) = mailed_history();
    let mbox = r
        .git_output(
            &["format-patch", "--stdout", &format!("{base}..HEAD")],
            None,
        )
        .stdout;
    let file = r.home.path().join("series.mbox");
    std::fs::write(&file, mbox).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let before = snapshot(r.path());

    let out = check_in(&r, tmp.path(), &file, &base);
    assert!(out.status.code().unwrap() <= 1, "{out:?}");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(report["patches"][14]["commit"].is_string(), "applied");
    assert_eq!(stores(tmp.path()), Vec::<PathBuf>::new());

    // A killed run's store: its lock is free. A live run's store: its lock is held. Both old
    // enough not to be a run that is just starting.
    let dead = tmp.path().join("git-triage-objects-dead");
    let live = tmp.path().join("git-triage-objects-live");
    let young = tmp.path().join("git-triage-objects-young");
    for d in [&dead, &live, &young] {
        std::fs::create_dir_all(d.join("objects/ab")).unwrap();
        File::create(d.join("lock")).unwrap();
    }
    let held = File::open(live.join("lock")).unwrap();
    held.lock().unwrap();
    age(&dead, Duration::from_secs(3600));
    age(&live, Duration::from_secs(3600));
    let out = check_in(&r, tmp.path(), &file, &base);
    assert!(out.status.code().unwrap() <= 1, "{out:?}");
    assert_eq!(stores(tmp.path()), vec![live.clone(), young.clone()]);
    drop(held);
    assert_eq!(snapshot(r.path()), before, "the repository gained nothing");
}

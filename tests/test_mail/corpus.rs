//! The 450 messages of real list mail in the shared corpus, against git.

use std::time::Instant;

use git_triage::mail::{self, Container, Message, Raw};

use super::oracle;

fn corpus() -> Option<std::path::PathBuf> {
    let path = crate::common::shared_dir().join("corpus/mail/linux-leds-2026.mbox");
    if path.exists() {
        Some(path)
    } else {
        // CI lays shared/ beside the checkout; say loudly when it is not there.
        eprintln!("SKIPPED: corpus {} is absent", path.display());
        None
    }
}

#[test]
fn every_corpus_message_reads_as_git_mailinfo_reads_it() {
    let Some(path) = corpus() else { return };
    let started = Instant::now();
    let (container, messages) = mail::read(&path).unwrap();
    let ours_time = started.elapsed();
    assert_eq!(container, Container::Mboxrd);
    let split = oracle::mailsplit(&path, true);
    assert_eq!(messages.len(), 450, "the corpus changed size");
    assert_eq!(split.len(), 450, "git mailsplit disagrees on the count");
    let dir = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    let mut agree = 0;
    for (i, (ours, theirs)) in messages.iter().zip(&split).enumerate() {
        let raw = Raw {
            path: path.clone(),
            position: i + 1,
            bytes: theirs.clone(),
        };
        let same_split = Message::parse(&raw).body == ours.body;
        let git = oracle::mailinfo(dir.path(), theirs);
        let diffs = oracle::differences(ours, &git);
        if diffs.is_empty() && same_split && git.ok {
            agree += 1;
        } else {
            failures.push(format!(
                "message {} ({:?}, git ok: {}, same split: {same_split}): {}",
                i + 1,
                ours.subject,
                git.ok,
                diffs.join("; ")
            ));
        }
    }
    eprintln!(
        "corpus: {agree}/450 messages agree with git mailinfo; read in {:?} ({:?} per message)",
        ours_time,
        ours_time / 450
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

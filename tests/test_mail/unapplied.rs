//! A mailed patch read from its text: files and hunks as `git apply --numstat` counts them,
//! patch-ids as `git patch-id --stable` computes them, and the same files, statuses and hunks
//! as the commit the patch was made from.

use git_triage::mail::{self, patch};
use git_triage::{diff, Config, Series};

use super::oracle;
use crate::test_mail::generated::mailed_history;

#[test]
fn format_patch_mail_reads_like_the_commit_it_came_from() {
    let (r, base) = mailed_history();
    let repo = git2::Repository::open(r.path()).unwrap();
    let series = Series::load(&repo, Some(&format!("{base}..HEAD"))).unwrap();
    let config = Config::builtin();
    let out = r.git_output(
        &["format-patch", "--stdout", &format!("{base}..HEAD")],
        None,
    );
    let (_, raws) = mail::split(std::path::Path::new("-"), out.stdout).unwrap();
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(raws.len(), series.patches.len());
    for (raw, commit) in raws.iter().zip(&series.patches) {
        let m = mail::Message::parse(raw);
        let ours = patch::parse(&m.patch, &config.areas);
        let applied = diff::diff(&repo, commit, &config.areas).unwrap();
        let id = ours.patch_id.map(|p| p.to_string());
        assert_eq!(id, oracle::patch_id(dir.path(), &m.patch), "{}", m.subject);
        let any_binary = applied.files.iter().any(|f| f.binary);
        if !any_binary {
            // Binary index lines are abbreviated alike here, but git only promises this for text.
            assert_eq!(ours.patch_id, applied.patch_id, "{}", m.subject);
        }
        assert_eq!(
            oracle::our_numstat(&ours),
            oracle::numstat(dir.path(), &m.patch),
            "{}",
            m.subject
        );
        let shape = |d: &git_triage::PatchDiff| -> Vec<_> {
            d.files
                .iter()
                .map(|f| {
                    let hunks: Vec<_> = f
                        .hunks
                        .iter()
                        .map(|h| {
                            (
                                h.old_start,
                                h.old_lines,
                                h.new_start,
                                h.new_lines,
                                h.header.clone(),
                                h.len(),
                            )
                        })
                        .collect();
                    (
                        f.path.clone(),
                        f.old_path.clone(),
                        f.status,
                        f.binary,
                        f.placement.clone(),
                        hunks,
                    )
                })
                .collect()
        };
        assert_eq!(shape(&ours), shape(&applied), "{}", m.subject);
        for (a, b) in ours.files.iter().zip(&applied.files) {
            for (ha, hb) in a.hunks.iter().zip(&b.hunks) {
                for (la, lb) in ha.lines().zip(hb.lines()) {
                    assert_eq!(la, lb);
                }
            }
        }
    }
}

#[test]
fn corpus_patches_agree_with_git_patch_id_and_git_apply() {
    let path = crate::common::shared_dir().join("corpus/mail/linux-leds-2026.mbox");
    if !path.exists() {
        eprintln!("SKIPPED: corpus {} is absent", path.display());
        return;
    }
    let (_, messages) = mail::read(&path).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (mut with_patch, mut failures) = (0, Vec::new());
    for m in messages.iter().filter(|m| !m.patch.is_empty()) {
        with_patch += 1;
        let ours = patch::parse(&m.patch, &[]);
        let id = ours.patch_id.map(|p| p.to_string());
        let git_id = oracle::patch_id(dir.path(), &m.patch);
        let (a, b) = (
            oracle::our_numstat(&ours),
            oracle::numstat(dir.path(), &m.patch),
        );
        if id != git_id || a != b {
            failures.push(format!(
                "{}: patch-id {id:?} vs {git_id:?}; numstat {a:?} vs {b:?}",
                m.subject
            ));
        }
    }
    eprintln!(
        "corpus: {}/{with_patch} patches agree with git patch-id and git apply --numstat",
        with_patch - failures.len()
    );
    assert!(with_patch > 150, "only {with_patch} messages with a patch");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

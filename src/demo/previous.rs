//! The demo series as it was first sent, `review/series-v1`, with the maintainer's verdicts on
//! it: what `git triage --previous review/series-v1` compares the series with.

use anyhow::Context as _;

use super::{lines, Repo, JANE, SOB};

/// The series as it was first sent, `review/series-v1`, reviewed by the maintainer: the docs
/// patch had a shorter message, the TCG patch turned away op 0 too, a debug print was dropped
/// since and the golden image is new; the merged topic was a plain patch. Made after v2, so that v2's commits stay as they were.
pub(super) fn create(r: &mut Repo<'_>, tcg: &[u8]) -> anyhow::Result<()> {
    r.git(&["checkout", "-q", "-b", "review/series-v1", "v1.0"])?;
    r.commit(JANE, &format!("docs/devel: describe the TCG op generator\n\nAI-used-for: docs\n{SOB}"),
        &[("docs/devel/tcg.rst", b"TCG\n===\n\nThe translator.\n\nOps are emitted by tcg_gen_op(), one per guest instruction.\n")])?;
    let mut tcg1 = tcg.to_vec();
    tcg1.splice(
        tcg1.len() - 2..tcg1.len() - 2,
        b"    if (op <= 0) {\n        return;\n    }\n"
            .iter()
            .copied(),
    );
    r.commit(JANE, &format!("tcg: reject negative ops early\n\nAssisted-by: Claude:claude-opus-4-6\nAI-used-for: code\n{SOB}"),
        &[("tcg/tcg-op.c", &tcg1)])?;
    let led = [lines("led", 9), b"    led_period = 500;\n".to_vec()].concat();
    r.commit(
        "Sam Hurry <sam@example.org>",
        "hw/misc/led: fix the blink period\n\nThe period was off by one.",
        &[("hw/misc/led.c", &led)],
    )?;
    r.commit(
        "Sam Hurry <sam@example.org>",
        "hw/misc/led: print the period\n\nSigned-off-by: Sam Hurry <sam@example.org>",
        &[(
            "hw/misc/led.c",
            &[led, b"    led_debug(led_period);\n".to_vec()].concat(),
        )],
    )?;
    r.commit(JANE, &format!("migration: save the dirty bitmap in one pass\n\nCo-developed-by: Lee Pair <lee@example.org>\nSigned-off-by: Lee Pair <lee@example.org>\n{SOB}"),
        &[("migration/ram.c", &[lines("ram", 20), b"    ram_save_bitmap();\n".to_vec()].concat())])?;
    r.git(&["mv", "hw/misc/led.c", "hw/misc/led-gpio.c"])?;
    r.commit(
        JANE,
        &format!("hw/misc: rename led.c to led-gpio.c\n\n{SOB}"),
        &[],
    )?;
    let hw2 = r.show("review/series-v2:hw/net/e1000.c")?;
    r.commit("Mallory Sneaky <mallory@example.org>", "hw/net/e1000: comment the reset path\n\nSigned-off-by: Mallory Sneaky <mallory@example.org>",
        &[("hw/net/e1000.c", &hw2)])?;
    r.commit("Kim Kvm <kim@example.org>", "accel/kvm: check the capability once\n\nCo-authored-by: Claude <noreply@anthropic.com>\nSigned-off-by: Kim Kvm <kim@example.org>",
        &[("accel/kvm/kvm-all.c", &[lines("kvm", 20), b"    kvm_check_cap_once();\n".to_vec()].concat())])?;
    r.git(&["branch", "-q", "--set-upstream-to=master"])?;
    r.git(&["checkout", "-q", "review/series-v2"])?;
    let me = "Demo Maintainer <maintainer@example.org>";
    let rae = "Rae Reviewer <rae@example.org>";
    let verdicts: [(&str, &str, &str, Option<&str>); 6] = [
        ("review/series-v1~7", me, "accept", Some("Clear, thanks.")),
        (
            "review/series-v1~6",
            me,
            "needs-work",
            Some("Op 0 is valid: should this not be `op < 0`?"),
        ),
        (
            "review/series-v1~6",
            rae,
            "reject",
            Some("AI-written code in TCG is against our policy."),
        ),
        (
            "review/series-v1~4",
            me,
            "reject",
            Some("No debug prints in the driver, please."),
        ),
        ("review/series-v1~3", me, "accept", None),
        ("review/series-v1~2", me, "accept", None),
    ];
    for (k, (rev, who, state, comment)) in verdicts.into_iter().enumerate() {
        r.verdict(rev, who, state, comment, k)?;
    }
    Ok(())
}

impl Repo<'_> {
    /// The bytes of `spec` (`rev:path`).
    fn show(&self, spec: &str) -> anyhow::Result<Vec<u8>> {
        let repo = git_triage::open_repository(Some(self.dir))?;
        let blob = repo.revparse_single(spec)?.peel_to_blob()?;
        Ok(blob.content().to_vec())
    }

    /// Records a verdict on `rev` as `who` would have, at a fixed time on the day v1 was sent.
    fn verdict(
        &self,
        rev: &str,
        who: &str,
        state: &str,
        comment: Option<&str>,
        k: usize,
    ) -> anyhow::Result<()> {
        use git_triage::notes::{self, Reviewer, Verdict};
        let repo = git_triage::open_repository(Some(self.dir))?;
        let commit = repo.revparse_single(rev)?.peel_to_commit()?;
        let base = commit.parent_id(0).ok();
        let series = git_triage::Series::single(&repo, commit.id(), base, rev.to_string())?;
        let patch = &series.patches[0];
        let diff = git_triage::diff::diff(&repo, patch, &[])?;
        let (name, email) = who.split_once(" <").context("an identity")?;
        let reviewer = Reviewer {
            name: name.to_string(),
            email: email.trim_end_matches('>').to_string(),
        };
        let mut v = Verdict::new(
            state.parse().map_err(anyhow::Error::msg)?,
            &reviewer,
            diff.patch_id,
            comment.map(str::to_string),
        );
        v.at =
            std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_767_300_000 + 60 * k as u64);
        notes::record(&repo, "refs/notes/triage", patch.key, &v)?;
        Ok(())
    }
}

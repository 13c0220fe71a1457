//! `git triage demo`: a small QEMU-shaped repository with a series that shows every kind of
//! finding, built with the user's `git` so it is an ordinary repository to explore afterwards.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context as _};

// Spelled out: the benches include this file by path, which would look for it beside it.
#[path = "demo/previous.rs"]
mod previous;

/// The policy the demo repository commits at its base.
const POLICY: &str = r#"# Review policy for this example project (QEMU-like).
[[area]]
name = "TCG"
level = "critical"
paths = ["tcg/", "accel/tcg/"]
note = "Translation core: no AI output here"

[[area]]
name = "Accelerators and KVM"
level = "critical"
paths = ["accel/"]

[[area]]
name = "Migration"
level = "critical"
paths = ["migration/"]

[[area]]
name = "Device models"
level = "sensitive"
paths = ["hw/"]

[[area]]
name = "Documentation"
level = "normal"
role = "docs"
paths = ["docs/"]

[[area]]
name = "Tests"
level = "normal"
role = "tests"
paths = ["tests/"]

[ai]
require = "AI-used-for"
max_code_lines = 20
forbid = ["Assisted-by", "Co-authored-by", "Generated-by"]
"#;

struct Repo<'a> {
    dir: &'a Path,
    tick: u64,
}

impl Repo<'_> {
    fn git(&self, args: &[&str]) -> anyhow::Result<()> {
        let status = Command::new("git")
            .args(args)
            .current_dir(self.dir)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env(
                "GIT_AUTHOR_DATE",
                format!("{} +0000", 1_767_225_600 + self.tick),
            )
            .env(
                "GIT_COMMITTER_DATE",
                format!("{} +0000", 1_767_225_600 + self.tick),
            )
            .stdout(std::process::Stdio::null())
            .status()
            .context("running git")?;
        if !status.success() {
            bail!("git {} failed in {}", args.join(" "), self.dir.display());
        }
        Ok(())
    }

    fn write(&self, path: &str, content: &[u8]) -> anyhow::Result<()> {
        let full = self.dir.join(path);
        std::fs::create_dir_all(full.parent().expect("a parent"))?;
        std::fs::write(&full, content).with_context(|| format!("writing {}", full.display()))
    }

    fn commit(
        &mut self,
        author: &str,
        message: &str,
        files: &[(&str, &[u8])],
    ) -> anyhow::Result<()> {
        for (path, content) in files {
            self.write(path, content)?;
        }
        self.tick += 3600;
        self.git(&["add", "-A"])?;
        self.git(&[
            "commit",
            "-q",
            "--allow-empty",
            "--author",
            author,
            "-m",
            message,
        ])
    }
}

const JANE: &str = "Jane Reviewer-Friendly <jane@example.org>";
const SOB: &str = "Signed-off-by: Jane Reviewer-Friendly <jane@example.org>";

fn lines(prefix: &str, n: usize) -> Vec<u8> {
    (0..n)
        .map(|i| format!("    {prefix}_{i} = compute({i});\n"))
        .collect::<String>()
        .into_bytes()
}

/// The series as it was first sent, with the maintainer's verdicts on it: the demo opens next
/// to it.
pub const PREVIOUS: &str = "review/series-v1";

/// Creates the demo repository in `dir` (which must not exist or be empty) and returns the
/// range of its series.
pub fn create(dir: &Path) -> anyhow::Result<String> {
    if dir.exists() && std::fs::read_dir(dir)?.next().is_some() {
        bail!("{} exists and is not empty", dir.display());
    }
    std::fs::create_dir_all(dir)?;
    let mut r = Repo { dir, tick: 0 };
    r.git(&["init", "-q", "-b", "master"])?;
    r.git(&["config", "user.name", "Demo Maintainer"])?;
    r.git(&["config", "user.email", "maintainer@example.org"])?;
    let tcg = [
        b"#include \"tcg.h\"\n\nvoid tcg_gen_op(int op)\n{\n".as_slice(),
        &lines("op", 30),
        b"}\n",
    ]
    .concat();
    let hw = [
        b"#include \"hw/net.h\"\n\nstatic void e1000_reset(void)\n{\n".as_slice(),
        &lines("reg", 30),
        b"}\n",
    ]
    .concat();
    r.commit(
        "Demo Maintainer <maintainer@example.org>",
        "Initial import of the example project\n\nSigned-off-by: Demo Maintainer <maintainer@example.org>",
        &[
            (".git-triage.toml", POLICY.as_bytes()),
            ("tcg/tcg-op.c", &tcg),
            ("accel/kvm/kvm-all.c", &lines("kvm", 20)),
            ("migration/ram.c", &lines("ram", 20)),
            ("hw/net/e1000.c", &hw),
            ("hw/misc/led.c", &lines("led", 10)),
            ("docs/devel/tcg.rst", b"TCG\n===\n\nThe translator.\n"),
            ("tests/unit/test-tcg.c", &lines("check", 5)),
            ("README", b"An example project for git-triage.\n"),
        ],
    )?;
    r.git(&["tag", "v1.0"])?;
    r.git(&["checkout", "-q", "-b", "review/series-v2"])?;

    r.commit(JANE, &format!("docs/devel: describe the TCG op generator\n\nExplain how ops are emitted.\n\nAI-used-for: docs\n{SOB}"),
        &[("docs/devel/tcg.rst", b"TCG\n===\n\nThe translator.\n\nOps are emitted by tcg_gen_op(), one per guest instruction.\n")])?;
    let mut tcg2 = tcg.clone();
    tcg2.splice(
        tcg2.len() - 2..tcg2.len() - 2,
        b"    if (op < 0) {\n        return;\n    }\n"
            .iter()
            .copied(),
    );
    r.commit(JANE, &format!("tcg: reject negative ops early\n\nAssisted-by: Claude:claude-opus-4-6\nAI-used-for: code\n{SOB}"),
        &[("tcg/tcg-op.c", &tcg2)])?;
    r.commit(
        "Sam Hurry <sam@example.org>",
        "hw/misc/led: fix the blink period\n\nThe period was off by one.",
        &[(
            "hw/misc/led.c",
            &[lines("led", 9), b"    led_period = 500;\n".to_vec()].concat(),
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
    r.commit(
        JANE,
        &format!("tests: add a golden image for the TCG test\n\n{SOB}"),
        &[(
            "tests/data/tcg-golden.bin",
            b"\x7fELF\x02\x01\x01\x00\x00\x00binary\x00\xff\xfe",
        )],
    )?;
    let mut hw2 = hw.clone();
    hw2.splice(
        hw2.len() - 2..hw2.len() - 2,
        "    /* reset done \u{202E} }; if (admin) { \u{2066}*/\n".bytes(),
    );
    r.commit("Mallory Sneaky <mallory@example.org>", "hw/net/e1000: comment the reset path\n\nSigned-off-by: Mallory Sneaky <mallory@example.org>",
        &[("hw/net/e1000.c", &hw2)])?;
    r.git(&["checkout", "-q", "-b", "accel-topic", "v1.0"])?;
    r.commit("Kim Kvm <kim@example.org>", "accel/kvm: check the capability once\n\nCo-authored-by: Claude <noreply@anthropic.com>\nSigned-off-by: Kim Kvm <kim@example.org>",
        &[("accel/kvm/kvm-all.c", &[lines("kvm", 20), b"    kvm_check_cap_once();\n".to_vec()].concat())])?;
    r.git(&["checkout", "-q", "review/series-v2"])?;
    r.tick += 3600;
    r.git(&[
        "merge",
        "-q",
        "--no-ff",
        "-m",
        "Merge branch 'accel-topic' into review/series-v2",
        "accel-topic",
    ])?;
    r.git(&["branch", "-q", "--set-upstream-to=master"])?;
    previous::create(&mut r, &tcg)?;
    Ok("master..review/series-v2".to_string())
}

/// Writes the demo's series as its author would mail it (`git format-patch --thread
/// --cover-letter -v2 --base=v1.0`, in reply to v1 as first sent), with a reviewer's reply
/// carrying a `Reviewed-by:`, next to the repository in `dir`; returns the file's path.
pub fn mail(dir: &Path) -> anyhow::Result<PathBuf> {
    // v1 as first sent, then v2 in reply to its cover letter, as `git send-email` threads a
    // re-roll: `git triage` on the file compares v2 with v1.
    // format-patch names a cover letter by the second it runs in: keep v1's apart from v2's.
    let v1 = format_patch(dir, &["--base=v1.0", "master..review/series-v1"])?
        .replace("<cover.", "<cover-v1.");
    let v1_cover = message_ids(&v1)
        .next()
        .context("format-patch --thread wrote no Message-ID")?;
    let in_reply_to = format!("--in-reply-to={v1_cover}");
    let mut mbox = format_patch(
        dir,
        &[
            "-v2",
            "--base=v1.0",
            &in_reply_to,
            "master..review/series-v2",
        ],
    )?;
    let first_patch = message_ids(&mbox)
        .nth(1)
        .context("format-patch --thread wrote no Message-ID")?;
    mbox.insert_str(0, &v1);
    mbox.push_str(&format!(
        "From rita Mon Sep 17 00:00:00 2001\n\
         From: Rita Reviewer <rita@example.org>\n\
         Date: Fri, 2 Jan 2026 10:00:00 +0000\n\
         Subject: Re: [PATCH v2 01/08] docs/devel: describe the TCG op generator\n\
         Message-ID: <rita-1@example.org>\n\
         In-Reply-To: {first_patch}\n\
         References: {first_patch}\n\n\
         > Explain how ops are emitted.\n\n\
         Clear and short.\n\n\
         Reviewed-by: Rita Reviewer <rita@example.org>\n"
    ));
    let dir = std::fs::canonicalize(dir)?;
    let name = dir
        .file_name()
        .map_or_else(|| "demo".to_string(), |n| n.to_string_lossy().into_owned());
    let path = dir
        .parent()
        .unwrap_or(&dir)
        .join(format!("{name}-series-v2.mbx"));
    std::fs::write(&path, mbox).with_context(|| format!("writing {}", path.display()))?;
    Ok(path)
}

/// `git format-patch --stdout --thread --cover-letter ARGS`, its cover letter filled in.
fn format_patch(dir: &Path, args: &[&str]) -> anyhow::Result<String> {
    let out = Command::new("git")
        .args(["format-patch", "--stdout", "--thread", "--cover-letter"])
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .context("running git format-patch")?;
    if !out.status.success() {
        bail!("git format-patch failed in {}", dir.display());
    }
    Ok(String::from_utf8_lossy(&out.stdout)
        .replace("*** SUBJECT HERE ***", "TCG, LEDs, migration and two fixes")
        .replace(
            "*** BLURB HERE ***",
            "This series tidies TCG, fixes the LED blink period and saves the dirty bitmap\nin one pass.",
        ))
}

/// The Message-IDs of an mbox, in order, with their angle brackets.
fn message_ids(mbox: &str) -> impl Iterator<Item = String> + '_ {
    mbox.lines().filter_map(|l| {
        let (key, value) = l.split_once(": ")?;
        key.eq_ignore_ascii_case("Message-ID")
            .then(|| value.trim().to_string())
    })
}

/// Where the demo goes when no `--path` is given.
pub fn default_dir() -> PathBuf {
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    std::env::temp_dir().join(format!("git-triage-demo-{stamp}"))
}

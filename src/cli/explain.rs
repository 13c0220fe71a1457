//! `git triage explain REV`: the sign-off, every piece of provenance evidence and the findings
//! of one commit, judged on the same base as `check` judges its series; or of one mailed patch.

use git_triage::base::Choice;
use git_triage::{report, sanitize, Review, Source};

use super::mail::MailArgs;
use super::{findings_code, write_stdout, Global};

#[derive(clap::Args)]
pub struct Args {
    /// The commit; for mail, the patch number (m of [PATCH m/n]) or its Message-ID, after
    /// the mail's path unless --mbox names it.
    #[arg(value_name = "[MAIL] REV", num_args = 1..=2, required = true)]
    target: Vec<String>,

    /// The series the commit belongs to; its policy is read at A (default: the range `check`
    /// would use).
    #[arg(long, value_name = "A..B", conflicts_with = "base")]
    range: Option<String>,

    // `--base` judges a commit against the policy at that base, or applies mail onto it.
    #[command(flatten)]
    mail: MailArgs,
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<u8> {
    let repo = global.repository()?;
    let (path, rev) = super::mail::split_target(&args.target);
    let source = args.mail.source_or_commit(&repo, path)?;
    if let (Some(path), Source::Range(_)) = (path, &source) {
        anyhow::bail!("{path:?} is not a mail file or directory");
    }
    let choice = match (&source, &args.range, &args.mail.base) {
        (Source::Mail(_), Some(_), _) => anyhow::bail!("--range is for a commit, not for mail"),
        (_, Some(range), _) => Choice::Range(range),
        (_, None, Some(b)) => Choice::Base(b),
        (_, None, None) => Choice::Default,
    };
    let (series, chosen) = source.single(&repo, rev, choice)?;
    let review = Review::of(&repo, series, &global.sources())?;
    let mut out = match chosen {
        Some(chosen) => {
            let base = chosen
                .base
                .map_or_else(|| "none".to_string(), |b| b.to_string()[..12].to_string());
            format!("base: {base} ({})\n", sanitize::escape(&chosen.why))
        }
        None => String::new(),
    };
    out.push_str(&report::explain(&review));
    write_stdout(&out)?;
    Ok(findings_code(&review))
}

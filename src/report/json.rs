//! The JSON document of `check --format json`, written one patch at a time.

use std::io::Write;

use serde::Serialize;

use super::Summary;
use crate::areas::Level;
use crate::diff::{FileChange, Hunk, PatchDiff};
use crate::policy::Finding;
use crate::provenance::Provenance;
use crate::series::Identity;
use crate::trailers::Trailer;
use crate::{Config, Error, Overview, Review};

/// Version of the JSON document; bumped only for incompatible changes.
pub const JSON_VERSION: u32 = 1;

#[derive(Serialize)]
pub struct Report<'a> {
    pub version: u32,
    pub base: Option<String>,
    pub head: Option<String>,
    /// For a series from mail: its cover letter, version, missing patches, older versions.
    pub mail: Option<crate::mail::report::SeriesMail<'a>>,
    pub patches: Vec<PatchReport<'a>>,
    /// With `--previous`: the old patches without a partner.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dropped: Option<Vec<crate::versions::Dropped<'a>>>,
    pub summary: Summary,
}

#[derive(Serialize)]
pub struct PatchReport<'a> {
    pub index: usize,
    pub commit: Option<String>,
    pub patch_id: Option<String>,
    pub subject: &'a str,
    /// The whole commit message (for mail, what `git am` would commit).
    pub message: &'a str,
    pub author: &'a Identity,
    pub merge: bool,
    pub trailers: &'a [Trailer],
    pub files: Vec<FileReport<'a>>,
    pub findings: &'a [Finding],
    pub ai: &'a Provenance,
    pub verdicts: Vec<crate::notes::Shown<'a>>,
    /// For a mailed patch: the message's headers, version, place and follow-up trailers.
    pub mail: Option<crate::mail::report::PatchMail<'a>>,
    /// Everyone's comments: patch comments (those of the verdicts), then the anchored ones.
    pub comments: Vec<crate::comments::Report>,
    /// With `--previous`: what the patch was in the previous version (`null` for a merge,
    /// which is not compared).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous: Option<Option<crate::versions::Previous<'a>>>,
}

#[derive(Serialize)]
pub struct FileReport<'a> {
    pub path: String,
    pub old_path: Option<String>,
    pub status: crate::diff::Status,
    pub binary: bool,
    pub areas: Vec<&'a str>,
    pub level: Level,
    pub hunks: Vec<HunkReport<'a>>,
}

#[derive(Serialize)]
pub struct HunkReport<'a> {
    pub old_start: u32,
    pub old_lines: u32,
    pub new_start: u32,
    pub new_lines: u32,
    pub header: &'a str,
    pub level: Level,
    /// Agent-written added lines; `None` without line-level data.
    pub ai_lines: Option<usize>,
}

fn file_report<'a>(
    config: &'a Config,
    file: &'a FileChange,
    prov: &'a Provenance,
) -> FileReport<'a> {
    let level = file.level();
    FileReport {
        path: file.display_path(),
        old_path: file.display_old_path(),
        status: file.status,
        binary: file.binary,
        areas: file
            .placement
            .areas
            .iter()
            .map(|&i| config.areas[i].name.as_str())
            .collect(),
        level,
        hunks: file
            .hunks
            .iter()
            .map(|h: &'a Hunk| HunkReport {
                old_start: h.old_start,
                old_lines: h.old_lines,
                new_start: h.new_start,
                new_lines: h.new_lines,
                header: &h.header,
                level,
                ai_lines: prov.ai_lines(file, h),
            })
            .collect(),
    }
}

/// One patch's entry of the JSON document.
fn patch_report<'a>(
    o: &'a Overview,
    i: usize,
    d: &'a PatchDiff,
    findings: &'a [Finding],
) -> PatchReport<'a> {
    let (p, ai) = (&o.series.patches[i], &o.provenance[i]);
    let partner = o.previous.as_ref().and_then(|c| c.carries_from(i));
    PatchReport {
        index: p.index,
        commit: p.commit.map(|c| c.to_string()),
        patch_id: d.patch_id.map(|o| o.to_string()),
        subject: &p.subject,
        message: &p.message,
        author: &p.author,
        merge: p.is_merge(),
        trailers: &p.trailers,
        files: d
            .files
            .iter()
            .map(|f| file_report(&o.config, f, ai))
            .collect(),
        findings,
        ai,
        verdicts: o.notes.shown(p.key, d.patch_id, partner),
        mail: crate::mail::report::patch_json(p),
        comments: crate::comments::report(&o.notes, p.key, partner, d, &p.message, None),
        previous: o.previous.as_ref().map(|c| c.previous(i)),
    }
}

/// Writes the JSON document for `check --format json` while the diffs are computed, one patch
/// at a time, so that the report of a long series never holds every diff. The bytes are those
/// `serde_json::to_string_pretty` gives for the whole [`Report`]. Returns the review, without
/// hunks, for the exit status.
pub fn write_json(
    out: &mut dyn Write,
    repo: &git2::Repository,
    overview: Overview,
) -> Result<Review, Error> {
    let series = &overview.series;
    let head = format!(
        "{{\n  \"version\": {JSON_VERSION},\n  \"base\": {},\n  \"head\": {},\n  \"mail\": {},\n  \"patches\": [",
        serde_json::to_string(&series.base.map(|o| o.to_string())).expect("serializes"),
        serde_json::to_string(&series.head.map(|o| o.to_string())).expect("serializes"),
        indent(&pretty(&crate::mail::report::series_json(series)), "  ", false),
    );
    out.write_all(head.as_bytes()).map_err(Error::Write)?;
    let mut first = true;
    let review = Review::stream(repo, overview, |o, i, d, f| {
        let text = pretty(&patch_report(o, i, d, f));
        let sep = if std::mem::take(&mut first) {
            "\n"
        } else {
            ",\n"
        };
        out.write_all(format!("{sep}{}", indent(&text, "    ", true)).as_bytes())
            .map_err(Error::Write)
    })?;
    let close = if first { "]" } else { "\n  ]" };
    let dropped = match &review.previous {
        Some(c) => format!(
            ",\n  \"dropped\": {}",
            indent(&pretty(&c.dropped()), "  ", false)
        ),
        None => String::new(),
    };
    let summary = indent(&pretty(&Summary::of(&review)), "  ", false);
    out.write_all(format!("{close}{dropped},\n  \"summary\": {summary}\n}}\n").as_bytes())
        .map_err(Error::Write)?;
    Ok(review)
}

/// Indents every line of `text` by `by`, the first one too when `first`.
fn indent(text: &str, by: &str, first: bool) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for (n, line) in text.split('\n').enumerate() {
        if n > 0 {
            out.push('\n');
        }
        if n > 0 || first {
            out.push_str(by);
        }
        out.push_str(line);
    }
    out
}

fn pretty<T: Serialize>(value: &T) -> String {
    serde_json::to_string_pretty(value).expect("report serializes")
}
#[cfg(test)]
mod tests {
    use std::process::Command;

    use super::*;
    use crate::report::Summary;
    use crate::{diff, Series, Sources};

    fn git(dir: &std::path::Path, args: &[&str]) {
        let ok = Command::new("git")
            .args(args)
            .current_dir(dir)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_AUTHOR_NAME", "A U Thor")
            .env("GIT_AUTHOR_EMAIL", "a@example.org")
            .env("GIT_COMMITTER_NAME", "A U Thor")
            .env("GIT_COMMITTER_EMAIL", "a@example.org")
            .status()
            .unwrap()
            .success();
        assert!(ok, "git {args:?}");
    }

    /// The streamed document is byte for byte the pretty-printed whole, for a series with
    /// patches and for an empty one.
    #[test]
    fn streamed_json_is_the_pretty_document() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        git(d, &["init", "-q", "-b", "main"]);
        std::fs::write(d.join("a.c"), "one\ntwo\n").unwrap();
        git(d, &["add", "."]);
        git(d, &["commit", "-qm", "base"]);
        for (n, text) in ["one\n2\n", "1\n2\nthree \"quoted\"\n"].iter().enumerate() {
            std::fs::write(d.join("a.c"), text).unwrap();
            std::fs::write(d.join(format!("new{n}.c")), "x\n").unwrap();
            git(d, &["add", "."]);
            git(
                d,
                &[
                    "commit",
                    "-qm",
                    &format!("patch {n}\n\nAssisted-by: Claude:opus"),
                ],
            );
        }
        let repo = git2::Repository::open(d).unwrap();
        let sources = Sources {
            no_user: true,
            ..Sources::default()
        };
        for range in ["HEAD~2..HEAD", "HEAD..HEAD"] {
            let series = Series::load(&repo, Some(range)).unwrap();
            let overview = Overview::of(&repo, series, &sources).unwrap();
            let mut streamed = Vec::new();
            let review = write_json(&mut streamed, &repo, overview).unwrap();
            let overview = Overview::of(&repo, review.series.clone(), &sources).unwrap();
            let diffs: Vec<_> = overview
                .series
                .patches
                .iter()
                .map(|p| diff::diff(&repo, p, &overview.config.areas).unwrap())
                .collect();
            let whole = Report {
                version: JSON_VERSION,
                base: overview.series.base.map(|o| o.to_string()),
                head: overview.series.head.map(|o| o.to_string()),
                mail: crate::mail::report::series_json(&overview.series),
                patches: (0..diffs.len())
                    .map(|i| patch_report(&overview, i, &diffs[i], &review.findings[i]))
                    .collect(),
                dropped: None,
                summary: Summary::of(&review),
            };
            assert_eq!(
                String::from_utf8(streamed).unwrap(),
                serde_json::to_string_pretty(&whole).unwrap() + "\n",
                "{range}"
            );
        }
    }
}

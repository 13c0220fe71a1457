//! Renderings of a reviewed series for `check`: the JSON document ([`write_json`]) and the text
//! table.

mod json;

use std::fmt::Write as _;

use serde::Serialize;

use crate::areas::Level;
use crate::policy::Severity;
use crate::provenance::Kind;
use crate::sanitize::escape;
use crate::Review;

pub use json::{write_json, FileReport, HunkReport, PatchReport, Report, JSON_VERSION};

#[derive(Serialize, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub patches: usize,
    /// Patches that change a file in a critical area.
    pub critical: usize,
    /// Patches with AI involvement (kind `assisted` or `agent`).
    pub ai_assisted: usize,
    pub errors: usize,
    pub warnings: usize,
}

impl Summary {
    pub fn of(review: &Review) -> Summary {
        let count = |s: Severity| {
            review
                .findings
                .iter()
                .flatten()
                .filter(|f| f.severity == s)
                .count()
        };
        Summary {
            patches: review.series.patches.len(),
            critical: review
                .diffs
                .iter()
                .filter(|d| d.level() == Level::Critical)
                .count(),
            ai_assisted: review.provenance.iter().filter(|p| p.assisted).count(),
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
        }
    }
}

/// ANSI styling for the text report, or none.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    fn level(&self, level: Level) -> String {
        match level {
            Level::Critical => self.paint("1;31", "CRIT"),
            Level::Sensitive => self.paint("33", "SENS"),
            Level::Normal => "    ".into(),
        }
    }

    fn severity(&self, s: Severity) -> String {
        let word = format!("{:<7}", s.as_str());
        match s {
            Severity::Error => self.paint("1;31", &word),
            Severity::Warning => self.paint("33", &word),
            _ => self.paint("36", &word),
        }
    }
}

/// The text report for `check`: one row per patch, then the findings.
pub fn text(review: &Review, style: Style) -> String {
    let mut out = String::new();
    let summary = Summary::of(review);
    let series = &review.series;
    let base = series
        .base
        .map_or("(root)".to_string(), |b| b.to_string()[..12].to_string());
    let what = crate::mail::report::describe(series)
        .map(|m| format!("of {m}"))
        .unwrap_or_else(|| format!("in {} (base {base})", escape(&series.range)));
    let _ = writeln!(
        out,
        "{} patch{} {what}: {} critical, {} AI-assisted, {} error{}, {} warning{}",
        summary.patches,
        if summary.patches == 1 { "" } else { "es" },
        summary.critical,
        summary.ai_assisted,
        summary.errors,
        if summary.errors == 1 { "" } else { "s" },
        summary.warnings,
        if summary.warnings == 1 { "" } else { "s" },
    );
    if let Some(c) = &review.previous {
        let _ = writeln!(out, "{}", c.describe());
    }
    if series.patches.is_empty() {
        dropped_text(review, &mut out);
        return out;
    }
    let last = series.patches.iter().map(|p| p.index).max().unwrap_or(0);
    let width = last.to_string().len();
    out.push('\n');
    for (i, (((p, d), f), ai)) in series
        .patches
        .iter()
        .zip(&review.diffs)
        .zip(&review.findings)
        .zip(&review.provenance)
        .enumerate()
    {
        let count = |s| f.iter().filter(|x| x.severity == s).count();
        let (e, w) = (count(Severity::Error), count(Severity::Warning));
        let marks = match (e, w) {
            (0, 0) => "      ".to_string(),
            (0, w) => style.paint("33", &format!("{:<6}", format!("W{w}"))),
            (e, 0) => style.paint("1;31", &format!("{:<6}", format!("E{e}"))),
            (e, w) => style.paint("1;31", &format!("{:<6}", format!("E{e}W{w}"))),
        };
        let kind = if p.is_merge() {
            style.paint("35", "MERGE")
        } else {
            match ai.kind {
                Kind::Agent => style.paint("1;35", "AGENT"),
                Kind::Assisted => style.paint("35", "AI   "),
                Kind::Bot => style.paint("2", "BOT  "),
                Kind::Human => "     ".into(),
            }
        };
        let previous = review.previous.as_ref().map(|c| c.previous(i));
        let state = match previous {
            Some(Some(prev)) => format!("{} ", prev.state.glyph()),
            Some(None) => "  ".to_string(),
            None => String::new(),
        };
        let _ = writeln!(
            out,
            "{:>width$} {state}{} {} {kind} {marks} {}",
            p.index,
            style.paint("2", &p.short_id(10)),
            style.level(d.level()),
            escape(&p.subject),
        );
        for line in crate::mail::report::text_lines(p) {
            let _ = writeln!(out, "{:>width$} {}", "", style.paint("2", &line));
        }
        if let Some(was) = previous.flatten().and_then(|p| p.describe()) {
            let _ = writeln!(out, "{:>width$} {was}", "");
        }
        for shown in review.verdicts(i) {
            let _ = writeln!(out, "{:>width$} {}", "", crate::export::describe(&shown));
        }
    }
    dropped_text(review, &mut out);
    let findings: Vec<_> = series
        .patches
        .iter()
        .zip(&review.findings)
        .zip(&review.provenance)
        .flat_map(|((p, fs), ai)| fs.iter().map(move |f| (p, f, ai)))
        .collect();
    if !findings.is_empty() {
        out.push('\n');
        for (p, f, ai) in findings {
            let place = match (&f.path, f.line) {
                (Some(path), Some(line)) => format!("{}:{line}: ", escape(path)),
                (Some(path), None) => format!("{}: ", escape(path)),
                _ => String::new(),
            };
            let _ = writeln!(
                out,
                "{} {:>width$} {} {}: {place}{}",
                style.severity(f.severity),
                p.index,
                style.paint("2", &p.short_id(10)),
                f.rule.as_str(),
                escape(&f.message),
            );
            if f.rule.is_ai() {
                if let Some(e) = ai.evidence.first() {
                    let _ = writeln!(
                        out,
                        "{:>w$} evidence: {} {}",
                        "",
                        e.source.as_str(),
                        escape(&e.text),
                        w = 8 + width + 11
                    );
                }
            }
        }
    }
    out
}

/// The old patches that have no partner in the series, after the table.
fn dropped_text(review: &Review, out: &mut String) {
    let Some(c) = &review.previous else { return };
    let dropped = c.dropped();
    if dropped.is_empty() {
        return;
    }
    let _ = writeln!(out, "\ndropped since {}:", escape(&c.old.name));
    for d in dropped {
        let _ = writeln!(out, "  - {}", d.describe());
    }
}

/// The text of `git triage explain REV`: the provenance decision with all its evidence, kept
/// and ignored, and the findings.
pub fn explain(review: &Review) -> String {
    let mut out = String::new();
    for ((p, ai), findings) in review
        .series
        .patches
        .iter()
        .zip(&review.provenance)
        .zip(&review.findings)
    {
        out.push_str(&crate::mail::report::explain(p, &review.series));
        match p.commit {
            Some(c) => {
                let _ = writeln!(out, "commit {c}");
            }
            None => {
                let _ = writeln!(out, "commit (none: read from the mail)");
            }
        }
        let _ = writeln!(out, "subject: {}", escape(&p.subject));
        let _ = writeln!(
            out,
            "author: {} <{}>",
            escape(&p.author.name),
            escape(&p.author.email)
        );
        if !p.is_merge() {
            let signoff = p.signoff.explain(&p.trailers);
            let _ = writeln!(out, "sign-off: {}", escape(&signoff));
        }
        let kind = serde_json::to_value(ai.kind).expect("kind serializes");
        let _ = writeln!(out, "kind: {}", kind.as_str().unwrap_or(""));
        if !ai.agents.is_empty() {
            let agents: Vec<String> = ai.agents.iter().map(|a| a.describe()).collect();
            let _ = writeln!(out, "agents: {}", escape(&agents.join(", ")));
        }
        if !ai.uses.is_empty() {
            let _ = writeln!(out, "uses: {}", ai.uses.join(", "));
        }
        let _ = writeln!(out, "\nevidence:");
        if ai.evidence.is_empty() {
            let _ = writeln!(out, "  (none)");
        }
        for e in &ai.evidence {
            let strength = serde_json::to_value(e.strength).expect("strength serializes");
            let _ = writeln!(
                out,
                "  {:<7} {:<9} {}",
                strength.as_str().unwrap_or(""),
                e.source.as_str(),
                escape(&e.text)
            );
        }
        let _ = writeln!(out, "\nconsidered and ignored:");
        if ai.ignored.is_empty() {
            let _ = writeln!(out, "  (none)");
        }
        for i in &ai.ignored {
            let _ = writeln!(
                out,
                "  {:<9} {}  ({})",
                i.source.as_str(),
                escape(&i.text),
                i.reason
            );
        }
        if let Some(attr) = &ai.attribution {
            let _ = writeln!(out, "\nagent-written lines (authorship log):");
            let mut files: Vec<_> = attr.files.iter().collect();
            files.sort();
            for (path, ranges) in files {
                let r: Vec<String> = ranges.iter().map(|(a, b)| format!("{a}-{b}")).collect();
                let _ = writeln!(out, "  {}: {}", escape(path), r.join(","));
            }
        }
        let _ = writeln!(out, "\nfindings:");
        if findings.is_empty() {
            let _ = writeln!(out, "  (none)");
        }
        for f in findings {
            let place = f
                .path
                .as_deref()
                .map(|p| format!("{}: ", escape(p)))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "  {:<7} {}: {place}{}",
                f.severity.as_str(),
                f.rule.as_str(),
                escape(&f.message)
            );
        }
    }
    out
}

//! The rows above the diff: the commit, its people, subject and message, provenance and
//! findings.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use git_triage::areas::Level;
use git_triage::policy::Severity;
use git_triage::provenance::Kind;

use super::{text, text_owned};
use crate::tui::app::{App, FINDING_INDENT};
use crate::tui::doc::Row;
use crate::tui::theme::Theme;

/// A row of the patch's header part.
pub fn line<'a>(app: &'a App, theme: &Theme, i: usize, row: Row) -> Line<'a> {
    let (Some(p), Some(prov)) = (app.patch(i), app.provenance(i)) else {
        return Line::default();
    };
    let search = app.search.as_ref();
    match row {
        Row::Commit => commit_row(app, theme, i),
        Row::Author => identity("Author: ", &p.author, theme, search),
        Row::Committer => identity("Commit: ", &p.committer, theme, search),
        Row::Subject => Line::from(text(&p.subject, theme.bold(), theme, search)),
        Row::Body(n) => {
            let line = p.body().lines().nth(n).unwrap_or("");
            Line::from(text(
                line,
                trailer_style(app, theme, i, line),
                theme,
                search,
            ))
        }
        Row::Provenance => provenance_row(prov, theme),
        Row::Evidence(n) => {
            let e = &prov.evidence[n];
            let strength = format!("{:?}", e.strength).to_lowercase();
            let mut spans = vec![Span::styled(
                format!("  {strength:<6} {:<9} ", e.source.as_str()),
                theme.dim(),
            )];
            spans.extend(text(&e.text, theme.ai(), theme, None));
            Line::from(spans)
        }
        Row::FindingsHeader => Line::styled("Findings", theme.bold()),
        Row::Finding(n) | Row::FindingMore(n, _) => finding_row(app, theme, i, row, n),
        Row::FollowupsHeader => Line::styled("Trailers from replies", theme.bold()),
        Row::Followup(n) => {
            let f = &p
                .mail
                .as_ref()
                .expect("follow-ups of a mailed patch")
                .followups[n];
            let mut spans = text_owned(format!("  {}: {}", f.key, f.value), theme.chain(), theme);
            spans.push(Span::styled("  sent by ", theme.dim()));
            spans.extend(text_owned(f.from.clone(), theme.dim(), theme));
            Line::from(spans)
        }
        _ => Line::default(),
    }
}

/// The commit line, with what the patch is: its area's level, who wrote it, a merge.
fn commit_row<'a>(app: &'a App, theme: &Theme, i: usize) -> Line<'a> {
    let (Some(p), Some(prov)) = (app.patch(i), app.provenance(i)) else {
        return Line::default();
    };
    let mut spans = vec![Span::styled(
        crate::tui::view::commit_line(p),
        theme.accent(),
    )];
    if let Some(level) = app.level(i).filter(|&l| l != Level::Normal) {
        let label = if level == Level::Critical {
            "  CRITICAL"
        } else {
            "  SENSITIVE"
        };
        spans.push(Span::styled(label, theme.level(level)));
    }
    let kind = match prov.kind {
        Kind::Agent => "  AGENT",
        Kind::Assisted => "  AI-ASSISTED",
        Kind::Bot => "  BOT",
        Kind::Human => "",
    };
    spans.push(Span::styled(kind, theme.ai()));
    if p.is_merge() {
        spans.push(Span::styled("  MERGE", theme.accent()));
    }
    Line::from(spans)
}

/// What the provenance says, in a line.
fn provenance_row<'a>(prov: &git_triage::provenance::Provenance, theme: &Theme) -> Line<'a> {
    let who: Vec<String> = prov.agents.iter().map(|a| a.describe()).collect();
    let kind = match prov.kind {
        Kind::Agent => "written by an agent",
        Kind::Assisted => "AI-assisted",
        Kind::Bot => "bot",
        Kind::Human => "human, but note",
    };
    let mut s = format!("Provenance: {kind}");
    if !who.is_empty() {
        s.push_str(&format!(" · {}", who.join(", ")));
    }
    if prov.assisted {
        s.push_str(&format!(" · used for {}", prov.uses.join(", ")));
    }
    Line::from(text_owned(s, theme.ai(), theme))
}

/// A line of finding `n` (`row` says which, when it wraps).
fn finding_row<'a>(app: &'a App, theme: &Theme, i: usize, row: Row, n: usize) -> Line<'a> {
    let k = match row {
        Row::FindingMore(_, k) => k,
        _ => 0,
    };
    let f = &app.findings(i)[n];
    let lines = app.finding_lines(i, n, app.text_width());
    let Some(text) = lines.get(k) else {
        return Line::default();
    };
    // Paths and messages come from commits: through `text_owned`, as all commit text.
    if k > 0 {
        let indent = format!("{:FINDING_INDENT$}", "");
        return Line::from(text_owned(indent + text, Style::new(), theme));
    }
    let style = match f.severity {
        Severity::Error => theme.error(),
        Severity::Warning => theme.warn(),
        _ => theme.dim(),
    };
    let rule = f.rule.as_str();
    let rest = text.strip_prefix(rule).unwrap_or(text);
    let mut spans = vec![
        Span::styled(format!("  {:<7} ", f.severity.as_str()), style),
        Span::styled(
            if rest.len() < text.len() { rule } else { "" },
            theme.bold(),
        ),
    ];
    spans.extend(text_owned(rest.to_string(), Style::new(), theme));
    Line::from(spans)
}

fn identity<'a>(
    label: &str,
    id: &'a git_triage::series::Identity,
    theme: &Theme,
    search: Option<&crate::tui::app::Search>,
) -> Line<'a> {
    let mut spans = vec![Span::styled(label.to_string(), theme.dim())];
    let who = format!("{} <{}>", id.name, id.email);
    spans.extend(
        text(&who, Style::new(), theme, search)
            .into_iter()
            .map(|s| Span::styled(s.content.into_owned(), s.style)),
    );
    spans.push(Span::raw(format!("  {}", date(id.time, id.offset_minutes))));
    Line::from(spans)
}

/// `2026-01-01 03:00 +0100`, in the identity's own time zone as git shows it.
fn date(time: i64, offset_minutes: i32) -> String {
    let local = time + i64::from(offset_minutes) * 60;
    let t = std::time::UNIX_EPOCH + std::time::Duration::from_secs(local.max(0) as u64);
    let s = humantime::format_rfc3339_seconds(t).to_string();
    let sign = if offset_minutes < 0 { '-' } else { '+' };
    let m = offset_minutes.unsigned_abs();
    format!(
        "{} {} {sign}{:02}{:02}",
        &s[..10],
        &s[11..16],
        m / 60,
        m % 60
    )
}

/// Provenance trailers in the AI colour, the sign-off chain in its own.
fn trailer_style(app: &App, theme: &Theme, i: usize, line: &str) -> Style {
    let Some((key, _)) = line.split_once(':') else {
        return Style::new();
    };
    let (Some(p), Some(prov)) = (app.patch(i), app.provenance(i)) else {
        return Style::new();
    };
    if !p.trailers.iter().any(|t| t.is(key)) {
        return Style::new();
    }
    let evidence = prov.evidence.iter().any(|e| {
        e.source == git_triage::provenance::Source::Trailer
            && e.text
                .split_once(':')
                .is_some_and(|(k, _)| k.eq_ignore_ascii_case(key))
    });
    if evidence {
        theme.ai()
    } else if ["signed-off-by", "co-developed-by"].contains(&key.to_ascii_lowercase().as_str()) {
        theme.chain()
    } else {
        theme.dim()
    }
}

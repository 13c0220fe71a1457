//! The selected patch's page: header, message with its trailers, provenance, findings,
//! verdicts, and the diff with critical hunks marked in the gutter. Only the rows on screen are
//! turned into text.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget};

use git_triage::areas::Level;
use git_triage::diff::{LineKind, Status};
use git_triage::export::glyph;
use git_triage::policy::Severity;
use git_triage::provenance::Kind;
use git_triage::sanitize::escape;

use super::{short, text};
use crate::tui::app::{App, Focus};
use crate::tui::doc::{self, Row};
use crate::tui::theme::Theme;

/// Gutter: the level bar and the AI mark.
const GUTTER: u16 = 2;

pub fn render(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let focused = app.focus == Focus::Diff;
    let title = match app.current() {
        Some(i) => {
            let (j, m) = app.hunk_position();
            format!(
                " {}/{} · hunk {j}/{m} ",
                app.series.patches[i].index,
                app.series.patches.len()
            )
        }
        None => " no patch ".to_string(),
    };
    let block = Block::new()
        .borders(Borders::TOP)
        .title(super::pane_title(title, focused, theme));
    let inner = block.inner(area);
    block.render(area, buf);
    let Some(i) = app.current() else { return };
    let h = usize::from(inner.height);
    let scroll = app
        .scroll
        .min(app.cursor)
        .max((app.cursor + 1).saturating_sub(h));
    let wide = inner.width >= 60;
    let diff = app.computed[i].diff.as_ref();
    let gutter = Rect::new(inner.x, inner.y, GUTTER.min(inner.width), inner.height);
    let content = Rect::new(
        inner.x + gutter.width,
        inner.y,
        inner.width - gutter.width,
        inner.height,
    );
    let mut lines = Vec::with_capacity(h);
    for (y, r) in (scroll..app.rows.len()).take(h).enumerate() {
        let row = app.rows[r];
        let (bar, bar_style) = theme.gutter(doc::level(diff, row));
        let mark = ai_mark(app, i, row);
        let g = Line::from(vec![
            Span::styled(bar, bar_style),
            Span::styled(if mark { "◆" } else { " " }, theme.ai()),
        ]);
        g.render(
            Rect::new(gutter.x, gutter.y + y as u16, gutter.width, 1),
            buf,
        );
        let mut line = row_line(app, theme, i, row, wide);
        if r == app.cursor && focused {
            line = line.patch_style(theme.selected(true));
        }
        lines.push(line);
    }
    Paragraph::new(lines)
        .scroll((0, u16::try_from(app.hscroll).unwrap_or(u16::MAX)))
        .render(content, buf);
}

/// Whether an agent wrote this added line, by line-level attribution.
fn ai_mark(app: &App, i: usize, row: Row) -> bool {
    let (Row::Line(f, h, l), Some(d), Some(attr)) = (
        row,
        app.computed[i].diff.as_ref(),
        app.provenance[i].attribution.as_ref(),
    ) else {
        return false;
    };
    let file = &d.files[f];
    let line = &file.hunks[h].lines[l];
    line.kind == LineKind::Added
        && line
            .new_lineno
            .is_some_and(|n| attr.is_agent_line(&file.display_path(), n))
}

fn identity(label: &str, id: &git_triage::series::Identity, theme: &Theme) -> Line<'static> {
    let mut spans = vec![Span::styled(label.to_string(), theme.dim())];
    spans.push(Span::raw(format!(
        "{} <{}>  {}",
        escape(&id.name),
        escape(&id.email),
        date(id.time, id.offset_minutes)
    )));
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

fn row_line<'a>(app: &'a App, theme: &Theme, i: usize, row: Row, wide: bool) -> Line<'a> {
    let p = &app.series.patches[i];
    let prov = &app.provenance[i];
    let search = app.search.as_ref();
    let diff = app.computed[i].diff.as_ref();
    match row {
        Row::Commit => {
            let mut spans = vec![Span::styled(super::commit_line(p), theme.accent())];
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
        Row::Author => identity("Author: ", &p.author, theme),
        Row::Committer => identity("Commit: ", &p.committer, theme),
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
        Row::Provenance => {
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
        Row::Finding(n) => {
            let f = &app.computed[i].findings[n];
            let style = match f.severity {
                Severity::Error => theme.error(),
                Severity::Warning => theme.warn(),
                _ => theme.dim(),
            };
            let place = match (&f.path, f.line) {
                (Some(path), Some(l)) => format!("{path}:{l}: "),
                (Some(path), None) => format!("{path}: "),
                _ => String::new(),
            };
            let mut spans = vec![
                Span::styled(format!("  {:<7} ", f.severity.as_str()), style),
                Span::styled(format!("{} ", f.rule.as_str()), theme.bold()),
            ];
            spans.extend(text_owned(place + &f.message, Style::new(), theme));
            Line::from(spans)
        }
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
        Row::VerdictsHeader => Line::styled("Verdicts", theme.bold()),
        Row::Verdict(v, l) => {
            let shown = app.notes.shown(p.key, app.patch_id(i));
            let Some(s) = shown.get(v) else {
                return Line::default();
            };
            if l > 0 {
                let c = s.verdict.comment.as_deref().unwrap_or("");
                let line = c.lines().nth(l - 1).unwrap_or("").to_string();
                let mut spans = vec![Span::raw("      ")];
                spans.extend(text_owned(line, Style::new(), theme));
                return Line::from(spans);
            }
            let when = git_triage::notes::format_time(s.verdict.at);
            let who = format!("{} <{}>", s.verdict.reviewer, s.verdict.email);
            let mine = app
                .reviewer
                .as_ref()
                .is_ok_and(|r| s.verdict.same_reviewer(&r.email));
            let line = match s.carried_from {
                Some(from) => format!(
                    "  ↻{} {} in {} by {who}, {}{}",
                    glyph(s.verdict.state),
                    s.verdict.state.done(),
                    short(from),
                    &when[..10],
                    if mine { " · = confirms it here" } else { "" }
                ),
                None => format!(
                    "   {} {} by {who}, {} {}",
                    glyph(s.verdict.state),
                    s.verdict.state.as_str(),
                    &when[..10],
                    &when[11..16]
                ),
            };
            Line::from(text_owned(line, theme.bold(), theme))
        }
        Row::Blank => Line::default(),
        Row::Loading => Line::styled("  computing the diff…", theme.dim()),
        Row::NoChanges => Line::styled(
            if p.is_merge() {
                "  Merge commit: no diff shown, as git log -p shows none"
            } else {
                "  Empty commit: no file changes"
            },
            theme.dim(),
        ),
        Row::File(f) => {
            let Some(d) = diff else {
                return Line::default();
            };
            let file = &d.files[f];
            let level = file.level();
            let mut spans = vec![Span::styled(
                format!("── {} ", file.status.letter()),
                theme.level(level).patch(theme.bold()),
            )];
            if let Some(old) = file.display_old_path() {
                spans.extend(text_owned(old, theme.bold(), theme));
                spans.push(Span::styled(" → ", theme.bold()));
            }
            spans.extend(text_owned(file.display_path(), theme.bold(), theme));
            if file.status == Status::TypeChange {
                spans.push(Span::styled(" (type change)", theme.dim()));
            }
            let areas = area_names(app, file);
            if !areas.is_empty() {
                let label = format!("  ⚑ {} · {}", areas.join(", "), level.as_str());
                spans.push(Span::styled(label, theme.level(level)));
            }
            Line::from(spans)
        }
        Row::NoHunks(f) => {
            let binary = diff.is_some_and(|d| d.files[f].binary);
            Line::styled(
                if binary {
                    "   Binary file: contents not shown"
                } else {
                    "   No textual change (mode, type or empty file)"
                },
                theme.dim(),
            )
        }
        Row::Hunk(f, h) => {
            let Some(d) = diff else {
                return Line::default();
            };
            let file = &d.files[f];
            let hunk = &file.hunks[h];
            let mut spans = vec![Span::styled(
                format!(
                    "@@ -{},{} +{},{} @@ ",
                    hunk.old_start, hunk.old_lines, hunk.new_start, hunk.new_lines
                ),
                theme.hunk(),
            )];
            spans.extend(text(&hunk.header, theme.hunk(), theme, None));
            let level = file.level();
            if level != Level::Normal {
                let names = area_names(app, file);
                let mark = if level == Level::Critical {
                    "  ▌CRITICAL"
                } else {
                    "  ┆sensitive"
                };
                spans.push(Span::styled(
                    format!("{mark} {}", names.join(", ")),
                    theme.level(level),
                ));
            }
            if prov.assisted {
                let ai = match prov.ai_lines(file, hunk) {
                    Some(n) => format!("  AI {n} lines"),
                    None => "  AI".to_string(),
                };
                spans.push(Span::styled(ai, theme.ai()));
            }
            Line::from(spans)
        }
        Row::Line(f, h, l) => {
            let Some(d) = diff else {
                return Line::default();
            };
            let line = &d.files[f].hunks[h].lines[l];
            let (sign, style) = match line.kind {
                LineKind::Added => ("+", theme.added()),
                LineKind::Removed => ("-", theme.removed()),
                LineKind::Context => (" ", Style::new()),
            };
            let mut spans = Vec::new();
            if wide {
                let n = |x: Option<u32>| x.map_or(String::new(), |n| n.to_string());
                spans.push(Span::styled(
                    format!("{:>5} {:>5} ", n(line.old_lineno), n(line.new_lineno)),
                    theme.dim(),
                ));
            }
            spans.push(Span::styled(sign, style));
            spans.extend(text(&line.content, style, theme, search));
            Line::from(spans)
        }
    }
}

/// The names of the areas a file lands in.
fn area_names<'a>(app: &'a App, file: &git_triage::diff::FileChange) -> Vec<&'a str> {
    file.placement
        .areas
        .iter()
        .map(|&a| app.config.areas[a].name.as_str())
        .collect()
}

/// Owned text through the same door as commit text.
fn text_owned(s: String, style: Style, theme: &Theme) -> Vec<Span<'static>> {
    text(&s, style, theme, None)
        .into_iter()
        .map(|sp| Span::styled(sp.content.into_owned(), sp.style))
        .collect()
}

/// Provenance trailers in the AI colour, the sign-off chain in its own.
fn trailer_style(app: &App, theme: &Theme, i: usize, line: &str) -> Style {
    let Some((key, _)) = line.split_once(':') else {
        return Style::new();
    };
    let p = &app.series.patches[i];
    if !p.trailers.iter().any(|t| t.is(key)) {
        return Style::new();
    }
    let evidence = app.provenance[i].evidence.iter().any(|e| {
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

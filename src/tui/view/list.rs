//! The series list: one row per visible patch with its badges.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Widget};

use git_triage::areas::Level;
use git_triage::export::glyph;
use git_triage::policy::Severity;
use git_triage::provenance::Kind;

use super::{short, text};
use crate::tui::app::{App, Focus};
use crate::tui::theme::Theme;

pub fn render(app: &App, theme: &Theme, area: Rect, side: bool, buf: &mut Buffer) {
    let n = app.series.patches.len();
    let title = format!(
        " {} · {} patch{} ",
        git_triage::sanitize::escape(&app.series.range),
        n,
        if n == 1 { "" } else { "es" }
    );
    let focused = app.focus == Focus::List;
    let block = Block::new()
        .borders(if side {
            Borders::TOP | Borders::RIGHT
        } else {
            Borders::TOP
        })
        .title(super::pane_title(title, focused, theme));
    let inner = block.inner(area);
    block.render(area, buf);
    if app.visible.is_empty() {
        let msg = if n == 0 {
            "the range has no patches".to_string()
        } else {
            format!(
                "no patch matches the filter “{}” (f cycles)",
                app.filter.label()
            )
        };
        Line::styled(msg, theme.dim()).render(inner, buf);
        return;
    }
    let h = usize::from(inner.height);
    let offset = app
        .list_scroll
        .min(app.selected)
        .max((app.selected + 1).saturating_sub(h));
    let width = n.to_string().len();
    let narrow = inner.width < 60;
    for (y, pos) in (offset..app.visible.len()).take(h).enumerate() {
        let i = app.visible[pos];
        let p = &app.series.patches[i];
        let mut spans = Vec::new();
        let selected = pos == app.selected;
        spans.push(Span::raw(if selected { "▶" } else { " " }));
        spans.push(verdict(app, theme, i));
        spans.push(Span::raw(format!("{:>width$} ", p.index)));
        if !narrow {
            spans.push(Span::styled(short(p.id) + " ", theme.dim()));
        }
        spans.push(match app.level(i) {
            None => Span::styled("…    ", theme.dim()),
            Some(Level::Critical) => Span::styled("CRIT ", theme.level(Level::Critical)),
            Some(Level::Sensitive) => Span::styled("SENS ", theme.level(Level::Sensitive)),
            Some(Level::Normal) => Span::raw("     "),
        });
        spans.push(if p.is_merge() {
            Span::styled("MERGE ", theme.accent())
        } else {
            match app.provenance[i].kind {
                Kind::Agent => Span::styled("AGENT ", theme.ai()),
                Kind::Assisted => Span::styled("AI    ", theme.ai()),
                Kind::Bot => Span::styled("BOT   ", theme.dim()),
                Kind::Human => Span::raw("      "),
            }
        });
        spans.push(findings(app, theme, i));
        spans.extend(text(
            &p.subject,
            ratatui::style::Style::new(),
            theme,
            app.search.as_ref(),
        ));
        let mut line = Line::from(spans);
        if selected {
            line = line.patch_style(theme.selected(focused));
        }
        let row = Rect::new(inner.x, inner.y + y as u16, inner.width, 1);
        line.render(row, buf);
    }
}

/// Two cells: a carried-over marker and the verdict glyph.
fn verdict(app: &App, theme: &Theme, i: usize) -> Span<'static> {
    let p = &app.series.patches[i];
    if let Some(v) = app.my_verdict(i) {
        return Span::styled(format!(" {} ", glyph(v.state)), theme.bold());
    }
    let shown = app.notes.shown(p.id, app.patch_id(i));
    match shown.first() {
        Some(s) if s.carried_from.is_some() => {
            Span::styled(format!("↻{} ", glyph(s.verdict.state)), theme.accent())
        }
        Some(s) => Span::styled(format!(" {} ", glyph(s.verdict.state)), theme.dim()),
        None => Span::styled(" · ", theme.dim()),
    }
}

fn findings(app: &App, theme: &Theme, i: usize) -> Span<'static> {
    if app.computed[i].diff.is_none() {
        return Span::styled("…      ", theme.dim());
    }
    let f = &app.computed[i].findings;
    let count = |s| f.iter().filter(|x| x.severity == s).count();
    let (e, w) = (count(Severity::Error), count(Severity::Warning));
    let label = match (e, w) {
        (0, 0) => String::new(),
        (0, w) => format!("W{w}"),
        (e, 0) => format!("E{e}"),
        (e, w) => format!("E{e}W{w}"),
    };
    let style = if e > 0 { theme.error() } else { theme.warn() };
    Span::styled(format!("{label:<6} "), style)
}

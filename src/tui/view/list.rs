//! The series list: one row per visible patch with its badges.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Widget};

use git_triage::areas::Level;
use git_triage::export::glyph;
use git_triage::notes::State;
use git_triage::policy::Severity;
use git_triage::provenance::Kind;
use git_triage::versions::State as VersionState;

use super::{short, text};
use crate::tui::app::{App, Focus, Versions};
use crate::tui::theme::Theme;

pub fn render(app: &App, theme: &Theme, area: Rect, side: bool, buf: &mut Buffer) {
    let n = app.series.patches.len();
    let title = format!(
        " {} · {} patch{} ",
        super::series_name(&app.series.range, app.series.mail.as_deref()),
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
        let entry = &app.series.patches[i];
        let mut spans = Vec::new();
        let selected = pos == app.selected;
        spans.push(Span::raw(if selected { "▶" } else { " " }));
        spans.extend(verdict(app, theme, i));
        spans.push(Span::raw(format!("{:>width$} ", entry.index)));
        if !matches!(app.versions, Versions::None) {
            spans.push(version(app, theme, i));
        }
        if !narrow {
            let id = match &entry.header {
                Some(h) => h.patch.short_id(7),
                None => entry.commit.map_or_else(|| format!("{:<7}", "-"), short),
            };
            spans.push(Span::styled(id + " ", theme.dim()));
        }
        spans.push(match app.level(i) {
            None => Span::styled("…    ", theme.dim()),
            Some(Level::Critical) => Span::styled("CRIT ", theme.level(Level::Critical)),
            Some(Level::Sensitive) => Span::styled("SENS ", theme.level(Level::Sensitive)),
            Some(Level::Normal) => Span::raw("     "),
        });
        let Some(header) = entry.header.as_ref() else {
            spans.push(Span::styled("…     …      …", theme.dim()));
            let mut line = Line::from(spans);
            if selected {
                line = line.patch_style(theme.selected(focused));
            }
            line.render(Rect::new(inner.x, inner.y + y as u16, inner.width, 1), buf);
            continue;
        };
        spans.push(if header.patch.is_merge() {
            Span::styled("MERGE ", theme.accent())
        } else {
            match header.provenance.kind {
                Kind::Agent => Span::styled("AGENT ", theme.ai()),
                Kind::Assisted => Span::styled("AI    ", theme.ai()),
                Kind::Bot => Span::styled("BOT   ", theme.dim()),
                Kind::Human => Span::raw("      "),
            }
        });
        spans.push(findings(app, theme, i));
        spans.extend(text(
            &header.patch.subject,
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

/// Four cells: `↻` when the verdicts are carried from an earlier version, my verdict (bold;
/// a dim `·` when I have none), the others' (dim: `✗` if anyone rejected, else `✎`, else `✓`),
/// and a space. Mine and theirs never share a cell, so nobody's decision reads as mine.
fn verdict(app: &App, theme: &Theme, i: usize) -> Vec<Span<'static>> {
    let m = app.marks(i);
    let carried = match (m.carried, m.stale) {
        (true, true) => Span::styled("?", theme.warn().add_modifier(Modifier::BOLD)),
        (true, false) => Span::styled("↻", theme.accent()),
        _ => Span::raw(" "),
    };
    let mine = match m.mine {
        Some(State::Pending) | None => Span::styled("·", theme.dim()),
        Some(s) if m.carried => Span::styled(glyph(s).to_string(), theme.accent()),
        Some(s) => Span::styled(glyph(s).to_string(), theme.bold()),
    };
    let others = match m.others() {
        Some(s) => Span::styled(glyph(s).to_string(), theme.dim()),
        None => Span::raw(" "),
    };
    vec![carried, mine, others, Span::raw(" ")]
}

/// `≡` unchanged since the previous version, `~` changed, `+` new; a dim `…` while comparing.
fn version(app: &App, theme: &Theme, i: usize) -> Span<'static> {
    match app.version_state(i) {
        Some(s @ VersionState::Changed { .. }) => Span::styled(
            format!("{} ", s.glyph()),
            theme.warn().add_modifier(Modifier::BOLD),
        ),
        Some(s @ VersionState::New) => Span::styled(format!("{} ", s.glyph()), theme.accent()),
        Some(s) => Span::styled(format!("{} ", s.glyph()), theme.dim()),
        None if app.compared().is_some() => Span::raw("  "),
        None => Span::styled("… ", theme.dim()),
    }
}

fn findings(app: &App, theme: &Theme, i: usize) -> Span<'static> {
    if app.diff(i).is_none() {
        return Span::styled("…      ", theme.dim());
    }
    let f = app.findings(i);
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

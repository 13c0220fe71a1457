//! The status bar: position, filter, counts, and either a message, a prompt or key hints.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use unicode_width::UnicodeWidthStr;

use crate::tui::app::{App, Mode};
use crate::tui::theme::Theme;

const HINTS: &str = "  ? help  q quit";

pub fn render(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer) {
    buf.set_style(area, theme.status());
    let line = prompt(app, theme).unwrap_or_else(|| normal(app, theme, area.width));
    line.render(area, buf);
}

/// The line of a mode that asks or takes text; `None` in the others.
fn prompt(app: &App, theme: &Theme) -> Option<Line<'static>> {
    Some(match &app.mode {
        Mode::SearchInput(q) => Line::from(vec![
            Span::styled("/", theme.bold()),
            Span::raw(git_triage::sanitize::escape(q).into_owned()),
            Span::styled("█", theme.bold()),
            Span::styled(
                "   in subjects, messages, trailers, authors, paths, diff, comments · Enter · Esc",
                theme.dim(),
            ),
        ]),
        Mode::ConfirmAcceptClean(plan) => Line::from(Span::styled(plan.prompt(), theme.bold())),
        Mode::ConfirmDiscard(editor, _) => Line::from(vec![
            Span::styled(
                format!(
                    " Discard what you typed ({} line{})? y/N",
                    editor.lines.len(),
                    if editor.lines.len() == 1 { "" } else { "s" }
                ),
                theme.bold(),
            ),
            Span::styled("  any other key goes back to it", theme.dim()),
        ]),
        Mode::ConfirmQuit => Line::from(Span::styled(
            if app.unsaved.is_some() {
                " Quit? A comment of yours was not saved (c on its patch reopens it). y/N"
            } else {
                " Quit? A comment of yours waits for its patch's diff to be saved. y/N"
            },
            theme.bold(),
        )),
        Mode::ConfirmDelete(c) => Line::from(Span::styled(
            format!(
                " Delete your comment on {}? y/N",
                git_triage::sanitize::escape(&c.anchor.describe())
            ),
            theme.bold(),
        )),
        Mode::ConfirmChanged(asked) => Line::from(Span::styled(asked.prompt(), theme.bold())),
        _ => return None,
    })
}

/// Position, filter, counts, and a message, what waits, or the key hints.
fn normal(app: &App, theme: &Theme, width: u16) -> Line<'static> {
    let n = app.series.patches.len();
    let c = app.counts();
    let infos = |long: bool| match (c.infos, long) {
        (None | Some(0), _) => String::new(),
        (Some(k), true) => format!(" (+{k} info)"),
        (Some(k), false) => format!("+{k}i"),
    };
    let pos = app.current().map_or(0, |i| app.series.patches[i].index);
    let mut left = if app.on_cover {
        format!(" cover/{n}")
    } else {
        format!(" {pos}/{n}  {}", app.hunk_position())
    };
    if app.filter != crate::tui::app::Filter::All {
        left.push_str(&format!(
            "  [{}: {}]",
            app.filter.label(),
            app.visible.len()
        ));
    }
    // Unknown until every patch has arrived.
    let k = |v: Option<usize>| v.map_or("…".to_string(), |v| v.to_string());
    let (crit, ai, findings, decided) = (k(c.critical), k(c.ai), k(c.findings), c.decided);
    let loaded = app.loaded();
    let wide = format!(
        "  ⚑ {crit} critical  AI {ai}  ! {findings} findings{}  ✓ {decided} decided, {} undecided{}",
        infos(true),
        n - decided,
        super::versions::counts(app, true)
    );
    // Spelled out only when what follows (a message, what waits, or the key hints)
    // still fits beside it.
    let tail = match (&app.message, app.waiting()) {
        (Some(m), _) => m.text.width() + 2,
        (None, Some(w)) => w.width() + 2,
        (None, None) => HINTS.width(),
    };
    let room = usize::from(width).saturating_sub(tail + left.width());
    let mut counts = if width >= 110 && wide.width() <= room {
        wide
    } else {
        format!(
            "  ⚑{crit} AI{ai} !{findings}{} ✓{decided}/{n}{}",
            infos(false),
            super::versions::counts(app, false)
        )
    };
    if loaded < n {
        counts.push_str(&format!("  loading {loaded}/{n}"));
    }
    let mut spans = vec![Span::styled(left, theme.bold()), Span::raw(counts)];
    match (&app.message, app.waiting()) {
        (None, Some(w)) => {
            spans.push(Span::raw("  "));
            spans.push(Span::styled(w, theme.bold()));
        }
        (Some(m), _) => {
            let style = if m.error { theme.error() } else { theme.bold() };
            spans.push(Span::raw("  "));
            spans.push(Span::styled(
                git_triage::sanitize::escape(&m.text).into_owned(),
                style,
            ));
        }
        (None, None) => spans.push(Span::styled(HINTS, theme.dim())),
    }
    Line::from(spans)
}

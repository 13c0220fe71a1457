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
    let n = app.series.patches.len();
    let line = match &app.mode {
        Mode::SearchInput(q) => Line::from(vec![
            Span::styled("/", theme.bold()),
            Span::raw(git_triage::sanitize::escape(q).into_owned()),
            Span::styled("█", theme.bold()),
            Span::styled("   Enter search · Esc cancel", theme.dim()),
        ]),
        Mode::ConfirmAcceptClean(plan) => Line::from(Span::styled(plan.prompt(), theme.bold())),
        Mode::ConfirmDelete(c) => Line::from(Span::styled(
            format!(
                " Delete your comment on {}? y/N",
                git_triage::sanitize::escape(&c.anchor.describe())
            ),
            theme.bold(),
        )),
        Mode::ConfirmChanged(asked) => Line::from(Span::styled(asked.prompt(), theme.bold())),
        _ => {
            let c = app.counts();
            let pos = app.current().map_or(0, |i| app.series.patches[i].index);
            let (j, m) = app.hunk_position();
            let mut left = format!(" {pos}/{n}  hunk {j}/{m}");
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
                "  ⚑ {crit} critical  AI {ai}  ! {findings} findings  ✓ {decided} decided, {} undecided{}",
                n - decided,
                super::versions::counts(app, true)
            );
            // Spelled out only when the key hints still fit beside it.
            let room = usize::from(area.width).saturating_sub(HINTS.width() + left.width());
            let mut counts = if area.width >= 110 && wide.width() <= room {
                wide
            } else {
                format!(
                    "  ⚑{crit} AI{ai} !{findings} ✓{decided}/{n}{}",
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
    };
    line.render(area, buf);
}

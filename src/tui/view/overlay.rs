//! What draws over the panes: the help, the comment editor, and the too-small notice.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget};
use ratatui::Frame;

use crate::tui::app::{App, Mode};
use crate::tui::keys::{BINDINGS, MODE_HELP};
use crate::tui::theme::Theme;

pub fn render(app: &App, theme: &Theme, area: Rect, frame: &mut Frame<'_>) {
    match &app.mode {
        Mode::Help { scroll } => help(theme, *scroll, area, frame.buffer_mut()),
        Mode::Comment(editor, target) | Mode::ConfirmDiscard(editor, target) => {
            let w = area.width.saturating_sub(4).min(80);
            let h = area.height.saturating_sub(4).min(14);
            let popup = centered(area, w, h);
            let title = format!(" {} ", app.target_label(target));
            let block = Block::bordered()
                .title(Span::styled(title, theme.accent()))
                .title_bottom(Span::styled(" Ctrl-s save · Esc cancel ", theme.dim()));
            let inner = block.inner(popup);
            Clear.render(popup, frame.buffer_mut());
            block.render(popup, frame.buffer_mut());
            let top = editor
                .row
                .saturating_sub(usize::from(inner.height.saturating_sub(1)));
            let lines: Vec<Line> = editor
                .lines
                .iter()
                .skip(top)
                .map(|l| Line::from(super::text(l, ratatui::style::Style::new(), theme, None)))
                .collect();
            let x = editor.cursor_x();
            let hs = x.saturating_sub(usize::from(inner.width.saturating_sub(1)));
            Paragraph::new(lines)
                .scroll((0, hs as u16))
                .render(inner, frame.buffer_mut());
            frame.set_cursor_position(Position::new(
                inner.x + (x - hs) as u16,
                inner.y + (editor.row - top) as u16,
            ));
        }
        _ => {}
    }
}

fn centered(area: Rect, w: u16, h: u16) -> Rect {
    Rect::new(
        area.x + (area.width.saturating_sub(w)) / 2,
        area.y + (area.height.saturating_sub(h)) / 2,
        w,
        h,
    )
}

/// Every binding from the key table, then the modes' own keys.
pub fn help_lines(theme: &Theme) -> Vec<Line<'static>> {
    let mut lines: Vec<Line> = BINDINGS
        .iter()
        .map(|b| {
            Line::from(vec![
                Span::styled(format!(" {:<12}", b.label), theme.accent()),
                Span::raw(b.help),
            ])
        })
        .collect();
    lines.push(Line::default());
    for (mode, keys) in MODE_HELP {
        lines.push(Line::from(vec![
            Span::styled(format!(" {mode:<15}"), theme.bold()),
            Span::raw(*keys),
        ]));
    }
    lines.push(Line::default());
    lines.push(Line::styled(
        " List: ✓ accepted ✗ rejected ✎ needs work · undecided ↻ carried from an earlier version",
        theme.dim(),
    ));
    lines.push(Line::styled(
        " Gutter: ▌ critical area  ┆ sensitive area  ◆ line written by an agent",
        theme.dim(),
    ));
    lines.push(Line::styled(
        " Status: ⚑ critical patches  AI AI-assisted  ! findings  ✓ decided by you / all",
        theme.dim(),
    ));
    lines.push(Line::styled(
        " Comments: ╭─ under their line; yours in the accent colour, each reviewer's in theirs",
        theme.dim(),
    ));
    lines
}

fn help(theme: &Theme, scroll: usize, area: Rect, buf: &mut Buffer) {
    let lines = help_lines(theme);
    let w = area.width.saturating_sub(2).min(92);
    let h = area.height.saturating_sub(2).min(lines.len() as u16 + 2);
    let popup = centered(area, w, h);
    let max = lines.len().saturating_sub(usize::from(h.saturating_sub(2)));
    let block = Block::new()
        .borders(Borders::ALL)
        .title(Span::styled(" git-triage keys ", theme.accent()))
        .title_bottom(Span::styled(" any key closes · j/k scroll ", theme.dim()));
    Clear.render(popup, buf);
    Paragraph::new(lines)
        .block(block)
        .scroll((scroll.min(max) as u16, 0))
        .render(popup, buf);
}

/// Instead of the panes when they do not fit: what keys still do then (see `App::key`).
pub fn too_small(app: &App, area: Rect, buf: &mut Buffer) {
    let (w, h) = crate::tui::layout::MIN_SIZE;
    let hint = match app.mode {
        Mode::Normal => "enlarge the terminal to go on; q quits",
        Mode::ConfirmQuit => "quit without your unsaved comment? y quits",
        _ => "enlarge the terminal to go on",
    };
    let msg = format!(
        "terminal too small: {}x{}, need {w}x{h}\n{hint}",
        area.width, area.height
    );
    Paragraph::new(msg)
        .wrap(ratatui::widgets::Wrap { trim: true })
        .render(area, buf);
}

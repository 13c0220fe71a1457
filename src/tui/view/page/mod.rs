//! The selected patch's page: header, message with its trailers, provenance, findings,
//! verdicts, and the diff with critical hunks marked in the gutter. Only the rows on screen are
//! turned into text.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget};

use git_triage::diff::LineKind;

mod comment;
mod diff;
mod header;
mod verdicts;

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
            let since = match (app.view, app.versions.name()) {
                (crate::tui::app::View::Interdiff, Some(name)) => format!(" · since {name}"),
                _ => String::new(),
            };
            format!(
                " {}/{}{since} · {} ",
                app.series.patches[i].index,
                app.series.patches.len(),
                app.position()
            )
        }
        None if app.on_cover => " cover letter ".to_string(),
        None => " no patch ".to_string(),
    };
    let block = Block::new()
        .borders(Borders::TOP)
        .title(super::pane_title(title, focused, theme));
    let inner = block.inner(area);
    block.render(area, buf);
    if app.on_cover {
        return cover(app, theme, inner, buf);
    }
    let Some(i) = app.current() else { return };
    let h = usize::from(inner.height);
    let scroll = app
        .scroll
        .min(app.cursor)
        .max((app.cursor + 1).saturating_sub(h));
    let wide = inner.width >= 60;
    let diff = app.diff(i);
    let gutter = Rect::new(inner.x, inner.y, GUTTER.min(inner.width), inner.height);
    let content = Rect::new(
        inner.x + gutter.width,
        inner.y,
        inner.width - gutter.width,
        inner.height,
    );
    // Scrolled into a file past its header: the header stays on the first row, as delta and
    // GitHub keep it, unless the cursor is on that row. It names the file of the rows seen
    // under it: none when the next thing there is a file's own header (the blank that ends
    // the file before is no file's).
    let sticky = (app.cursor != scroll && h > 3)
        .then(|| {
            let below = app.rows.get(scroll + 1..)?;
            let next = *below.iter().find(|&&r| r != Row::Blank)?;
            let f = next.file()?;
            (next != Row::File(f)).then_some(f)
        })
        .flatten();
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
        let mut line = match sticky {
            Some(f) if y == 0 => sticky_line(app, theme, i, f, wide),
            _ => row_line(app, theme, i, row, wide),
        };
        if r == app.cursor && focused {
            line = line.patch_style(theme.selected(true));
        }
        lines.push(line);
    }
    Paragraph::new(lines)
        .scroll((0, u16::try_from(app.hscroll).unwrap_or(u16::MAX)))
        .render(content, buf);
}

/// The cover letter's page: its lines from where it is scrolled to, the cursor's reversed.
fn cover(app: &App, theme: &Theme, inner: Rect, buf: &mut Buffer) {
    use crate::tui::app::Tone;
    let h = usize::from(inner.height);
    let scroll = app
        .scroll
        .min(app.cursor)
        .max((app.cursor + 1).saturating_sub(h));
    let focused = app.focus == Focus::Diff;
    let lines: Vec<Line> = app
        .cover_lines()
        .into_iter()
        .enumerate()
        .skip(scroll)
        .take(h)
        .map(|(r, (text, tone))| {
            let style = match tone {
                Tone::Accent => theme.accent(),
                Tone::Bold => theme.bold(),
                Tone::Plain => Style::new(),
                Tone::Dim => theme.dim(),
                Tone::Chain => theme.chain(),
            };
            let line = Line::from(Span::styled(format!("  {text}"), style));
            if r == app.cursor && focused {
                line.patch_style(theme.selected(true))
            } else {
                line
            }
        })
        .collect();
    Paragraph::new(lines).render(inner, buf);
}

/// The file header kept on the first row, with where the cursor is in the file.
fn sticky_line<'a>(app: &'a App, theme: &Theme, i: usize, f: usize, wide: bool) -> Line<'a> {
    let mut line = diff::line(app, theme, i, Row::File(f), wide);
    if app.rows.get(app.cursor).and_then(|r| r.file()) == Some(f) {
        line.spans.push(Span::styled(
            format!("  · {}", app.hunk_position()),
            theme.dim(),
        ));
    }
    line.patch_style(ratatui::style::Modifier::UNDERLINED)
}

/// Whether an agent wrote this added line, by line-level attribution.
fn ai_mark(app: &App, i: usize, row: Row) -> bool {
    let (Row::Line(f, h, l), Some(d), Some(attr)) = (
        row,
        app.diff(i),
        app.provenance(i).and_then(|p| p.attribution.as_ref()),
    ) else {
        return false;
    };
    let file = &d.files[f];
    let line = file.hunks[h].line(l);
    line.kind == LineKind::Added
        && line
            .new_lineno
            .is_some_and(|n| attr.is_agent_line(&file.display_path(), n))
}

/// A row as a line of text, by the part of the page it is in.
fn row_line<'a>(app: &'a App, theme: &Theme, i: usize, row: Row, wide: bool) -> Line<'a> {
    let entry = &app.series.patches[i];
    if entry.header.is_none() {
        return match row {
            Row::Commit => Line::styled(
                match entry.commit {
                    Some(c) => format!("commit {c}"),
                    None => "mail, not applied".to_string(),
                },
                theme.accent(),
            ),
            Row::Reading => Line::styled("  reading the commit…", theme.dim()),
            _ => Line::default(),
        };
    }
    match row {
        Row::Commit
        | Row::Author
        | Row::Committer
        | Row::Subject
        | Row::Body(_)
        | Row::Provenance
        | Row::Evidence(_)
        | Row::FindingsHeader
        | Row::Finding(_)
        | Row::FindingMore(..)
        | Row::FollowupsHeader
        | Row::Followup(_) => header::line(app, theme, i, row),
        Row::VerdictsHeader | Row::Verdict(..) => verdicts::line(app, theme, i, row),
        Row::Blank | Row::Reading => Line::default(),
        Row::Loading
        | Row::NoChanges
        | Row::File(_)
        | Row::NoHunks(_)
        | Row::Hunk(..)
        | Row::Line(..)
        | Row::LineMore(..)
        | Row::FilesHeader
        | Row::FileStat(_)
        | Row::Collapsed(_) => diff::line(app, theme, i, row, wide),
        Row::Comment(c, k) => comment::line(app, theme, c, k, wide),
        Row::Version
        | Row::InterTitle
        | Row::InterNothing
        | Row::InterPart(_)
        | Row::InterHunk(..)
        | Row::InterLine(..) => super::versions::row_line(app, theme, i, row).unwrap_or_default(),
        Row::Cover(_) => Line::default(),
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

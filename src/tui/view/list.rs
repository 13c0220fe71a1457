//! The series list: one row per visible patch, compact badges in columns of their own (one
//! column per kind of badge, so a glance down a column compares patches), the short id, and
//! the subject in all the room left.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Widget};
use unicode_width::UnicodeWidthStr;

use git_triage::export::glyph;
use git_triage::notes::State;
use git_triage::policy::Severity;
use git_triage::provenance::Kind;
use git_triage::versions::State as VersionState;

use super::{short, text};
use crate::tui::app::{App, Focus, Versions};
use crate::tui::theme::Theme;

pub fn render(app: &App, theme: &Theme, area: Rect, side: bool, buf: &mut Buffer) {
    let focused = app.focus == Focus::List;
    let room = usize::from(area.width.saturating_sub(2));
    let block = Block::new()
        .borders(if side {
            Borders::TOP | Borders::RIGHT
        } else {
            Borders::TOP
        })
        .title(super::pane_title(title(app, room), focused, theme));
    let inner = block.inner(area);
    block.render(area, buf);
    let n = app.series.patches.len();
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
    let offset = app.list_offset(h);
    let width = n.to_string().len();
    let cover = app.cover_rows();
    for (y, at) in (offset..app.visible.len() + cover).take(h).enumerate() {
        let row = Rect::new(inner.x, inner.y + y as u16, inner.width, 1);
        if at < cover {
            cover_row(app, theme, width, focused, row, buf);
            continue;
        }
        let pos = at - cover;
        let i = app.visible[pos];
        let entry = &app.series.patches[i];
        let selected = pos == app.selected && !app.on_cover;
        let mut spans = vec![Span::raw(if selected { "▶" } else { " " })];
        spans.extend(verdict(app, theme, i));
        spans.push(Span::raw(format!("{:>width$} ", entry.index)));
        // `≡ ~ +` against the previous version: a column of its own, only when there is one.
        if !matches!(app.versions, Versions::None) {
            spans.push(version(app, theme, i));
        }
        // The commit's short id is known before its headers are read.
        let id = match &entry.header {
            Some(h) => h.patch.short_id(7),
            None => entry.commit.map_or_else(|| format!("{:<7}", "-"), short),
        };
        spans.push(Span::styled(id + " ", theme.dim()));
        spans.push(level(app, theme, i));
        spans.push(kind(app, theme, i));
        spans.push(findings(app, theme, i));
        // Apart from the findings: `E1●` read as one word.
        spans.push(Span::raw(" "));
        spans.push(reviewed(app, theme, i));
        spans.push(Span::raw(" "));
        match &entry.header {
            Some(h) => spans.extend(text(
                &h.patch.subject,
                Style::new(),
                theme,
                app.search.as_ref(),
            )),
            None => spans.push(Span::styled("…", theme.dim())),
        }
        let mut line = Line::from(spans);
        if selected {
            line = line.patch_style(theme.selected(focused));
        }
        line.render(row, buf);
    }
}

/// The cover letter's row: `✉`, its number 0, and its subject.
fn cover_row(app: &App, theme: &Theme, width: usize, focused: bool, row: Rect, buf: &mut Buffer) {
    let Some(c) = app.series.mail.as_ref().and_then(|m| m.cover.as_ref()) else {
        return;
    };
    let mut spans = vec![
        Span::raw(if app.on_cover { "▶" } else { " " }),
        Span::styled(" ✉  ", theme.accent()),
        Span::raw(format!("{:>width$} ", 0)),
        Span::styled("cover   ", theme.dim()),
        Span::raw("         "),
    ];
    // The version column, when there is one, is empty here: the subject stays in line.
    if !matches!(app.versions, Versions::None) {
        spans.push(Span::raw("  "));
    }
    spans.extend(text(&c.subject, theme.bold(), theme, None));
    let mut line = Line::from(spans);
    if app.on_cover {
        line = line.patch_style(theme.selected(focused));
    }
    line.render(row, buf);
}

/// ` 24 patches · v2.54.0..v2.55.0 `: the count first, so that a long name is what gets cut.
fn title(app: &App, room: usize) -> String {
    let n = app.series.patches.len();
    let count = format!(" {n} patch{} · ", if n == 1 { "" } else { "es" });
    let name = super::series_name(app);
    let left = room.saturating_sub(count.width() + 1);
    format!("{count}{} ", super::cut(&name, left))
}

/// Four cells: `↻` when the verdicts are carried from an earlier version, my verdict (bold;
/// a dim `·` when I have none, `…` while one is being saved), the others' (dim: `✗` if anyone rejected, else `✎`, else `✓`),
/// and a space. Mine and theirs never share a cell, so nobody's decision reads as mine.
fn verdict(app: &App, theme: &Theme, i: usize) -> Vec<Span<'static>> {
    let m = app.marks(i);
    let carried = match (m.carried, m.stale) {
        (true, true) => Span::styled("?", theme.warn().add_modifier(Modifier::BOLD)),
        (true, false) => Span::styled("↻", theme.accent()),
        _ => Span::raw(" "),
    };
    let mine = match m.mine {
        // Given and not confirmed yet: nothing shows as recorded before it is.
        _ if app.is_saving(i) => Span::styled("…", theme.bold()),
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

/// One cell: the page's gutter bar of the most severe area, `▌` critical, `┆` sensitive.
fn level(app: &App, theme: &Theme, i: usize) -> Span<'static> {
    match app.level(i) {
        None => Span::styled("…", theme.dim()),
        Some(l) => {
            let (bar, style) = theme.gutter(l);
            Span::styled(bar, style)
        }
    }
}

/// Two cells: who or what wrote it (`AI` assisted, `AG` an agent, `BT` a bot), or `MG` for a
/// merge.
fn kind(app: &App, theme: &Theme, i: usize) -> Span<'static> {
    let (Some(patch), Some(provenance)) = (app.patch(i), app.provenance(i)) else {
        return Span::styled("… ", theme.dim());
    };
    if patch.is_merge() {
        return Span::styled("MG", theme.accent());
    }
    match provenance.kind {
        Kind::Agent => Span::styled("AG", theme.ai()),
        Kind::Assisted => Span::styled("AI", theme.ai()),
        Kind::Bot => Span::styled("BT", theme.dim()),
        Kind::Human => Span::raw("  "),
    }
}

/// Three cells, right-aligned: the errors (`E2`), else the warnings (`W1`); infos are not
/// counted here.
fn findings(app: &App, theme: &Theme, i: usize) -> Span<'static> {
    if app.diff(i).is_none() {
        return Span::styled("  …", theme.dim());
    }
    let f = app.findings(i);
    let count = |s| f.iter().filter(|x| x.severity == s).count();
    let (label, style) = match (count(Severity::Error), count(Severity::Warning)) {
        (0, 0) => (String::new(), Style::new()),
        (0, w) => (format!("W{}", w.min(99)), theme.warn()),
        (e, _) => (format!("E{}", e.min(99)), theme.error()),
    };
    Span::styled(format!("{label:>3}"), style)
}

/// One cell: how many of its files you marked reviewed, `◔` `◑` `◕` `●`; nothing before the
/// first.
fn reviewed(app: &App, theme: &Theme, i: usize) -> Span<'static> {
    let Some((done, all)) = app.files_reviewed(i).filter(|&(d, a)| d > 0 && a > 0) else {
        return Span::raw(" ");
    };
    let glyph = match done * 4 / all {
        4 => "●",
        3 => "◕",
        2 => "◑",
        _ => "◔",
    };
    Span::styled(
        glyph,
        if done == all {
            theme.chain()
        } else {
            theme.dim()
        },
    )
}

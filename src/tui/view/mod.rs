//! Pure views: each draws part of an `&App` into a buffer and never calls git.

mod list;
mod overlay;
mod page;
mod status;
mod versions;

use ratatui::style::Style;
use ratatui::text::Span;
use ratatui::Frame;

use git_triage::sanitize::{pieces, Piece};
use unicode_width::UnicodeWidthStr;

use super::app::{App, Search};
use super::theme::Theme;

/// Draws the whole screen.
pub fn render(app: &App, theme: &Theme, frame: &mut Frame<'_>) {
    let area = frame.area();
    let Some(panes) = app.panes_for(area.width, area.height) else {
        overlay::too_small(app, area, frame.buffer_mut());
        return;
    };
    list::render(
        app,
        theme,
        panes.list,
        panes.side_by_side,
        frame.buffer_mut(),
    );
    page::render(app, theme, panes.page, frame.buffer_mut());
    status::render(app, theme, panes.status, frame.buffer_mut());
    overlay::render(app, theme, area, frame);
}

/// Commit text as spans: control characters and hidden Unicode made visible in the warning
/// style, search matches highlighted. The only way commit text reaches the screen.
pub fn text<'a>(s: &'a str, style: Style, theme: &Theme, search: Option<&Search>) -> Vec<Span<'a>> {
    let mut out = Vec::new();
    for (kind, piece) in pieces(s, "    ") {
        match kind {
            Piece::Plain => highlight(piece, style, theme, search, &mut out),
            Piece::Control | Piece::Hidden => out.push(Span::styled(piece, theme.warning())),
        }
    }
    out
}

fn highlight<'a>(
    piece: std::borrow::Cow<'a, str>,
    style: Style,
    theme: &Theme,
    search: Option<&Search>,
    out: &mut Vec<Span<'a>>,
) {
    let Some(query) = search.map(|s| &s.query).filter(|q| q.matches(&piece)) else {
        out.push(Span::styled(piece, style));
        return;
    };
    let (hay, needle) = if query.case_sensitive {
        (piece.to_string(), query.text.clone())
    } else {
        (piece.to_lowercase(), query.text.to_lowercase())
    };
    // Lower-casing can change byte lengths; fall back to whole-piece highlighting then.
    if hay.len() != piece.len() || needle.is_empty() {
        out.push(Span::styled(piece, theme.found()));
        return;
    }
    let mut at = 0;
    for (start, _) in hay.match_indices(&needle) {
        if start < at || !piece.is_char_boundary(start) {
            continue;
        }
        if start > at {
            out.push(Span::styled(piece[at..start].to_string(), style));
        }
        let end = start + needle.len();
        out.push(Span::styled(piece[start..end].to_string(), theme.found()));
        at = end;
    }
    if at < piece.len() {
        out.push(Span::styled(piece[at..].to_string(), style));
    }
}

/// Screen row `k` of `spans` wrapped at `width` columns: the spans (or parts of them) that
/// fall in columns `k * width .. (k + 1) * width`.
pub fn segment(spans: Vec<Span<'static>>, width: usize, k: usize) -> Vec<Span<'static>> {
    let (from, to) = (k * width, (k + 1) * width);
    let mut out = Vec::new();
    let mut col = 0;
    for span in spans {
        if col >= to {
            break;
        }
        let w = span.content.width();
        if col + w <= from {
            col += w;
            continue;
        }
        let mut piece = String::new();
        for ch in span.content.chars() {
            let cw = unicode_width::UnicodeWidthChar::width(ch).unwrap_or(0);
            // A wide character that would straddle the edge starts the next row.
            if col >= from && col + cw <= to {
                piece.push(ch);
            }
            col += cw;
            if col >= to {
                break;
            }
        }
        if !piece.is_empty() {
            out.push(Span::styled(piece, span.style));
        }
    }
    out
}

/// A pane's title, in the accent style while the pane has the focus.
pub fn pane_title(title: String, focused: bool, theme: &Theme) -> Span<'static> {
    Span::styled(
        title,
        if focused {
            theme.accent()
        } else {
            theme.bold()
        },
    )
}

/// A short commit id.
pub fn short(id: git2::Oid) -> String {
    id.to_string()[..7].to_string()
}

/// What the list's title calls the series: its range as given when that names the commits
/// (`v2.54.0..v2.55.0`), else the short ids it resolved to (`@{upstream}..HEAD` is
/// `cd3fc74..a1b2c3d`); for mail, its version, whether it was applied, and its title.
pub fn series_name(app: &App) -> String {
    use git_triage::mail::Application;
    let series = &app.series;
    match series.mail.as_deref() {
        None => {
            let spec = &series.range;
            let relative = spec.contains("@{")
                || spec.contains('~')
                || spec.contains('^')
                || spec
                    .split("..")
                    .any(|side| side.is_empty() || side == "HEAD")
                || !spec.contains("..");
            match (relative, series.base, series.head) {
                (true, Some(base), Some(head)) => format!("{}..{}", short(base), short(head)),
                _ => git_triage::sanitize::escape(spec).into_owned(),
            }
        }
        Some(m) => format!(
            "v{} {} · {}",
            m.version,
            match m.applied {
                Application::Applied { .. } => "applied",
                Application::Pending { .. } => "applying…",
                Application::NotApplied(_) => "not applied",
            },
            git_triage::sanitize::escape(&m.title),
        ),
    }
}

/// `s` cut to `width` columns, with `…` where it was cut.
pub fn cut(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_string();
    }
    let mut out = String::new();
    let mut w = 0;
    for ch in s.chars() {
        let cw = unicode_width::UnicodeWidthChar::width(ch).unwrap_or(0);
        if w + cw + 1 > width {
            break;
        }
        out.push(ch);
        w += cw;
    }
    out.push('…');
    out
}

/// The first line of a patch's page: its commit; for mail, its Message-ID and the commit it
/// became when it was applied, if it was.
pub fn commit_line(p: &git_triage::Patch) -> String {
    let Some(m) = &p.mail else {
        return format!("commit {}", p.short_id(40));
    };
    let id = m.message.message_id.as_deref().map_or_else(
        || "(no Message-ID)".to_string(),
        |i| format!("<{}>", git_triage::sanitize::escape(i)),
    );
    match p.commit {
        Some(c) => format!("mail, applied as {} · {id}", short(c)),
        None => format!("mail, not applied · {id}"),
    }
}

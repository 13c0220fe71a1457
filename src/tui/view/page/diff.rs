//! The diff rows: files with their status and areas, hunk headers with the critical mark,
//! lines with their numbers.

use std::ops::Range;

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use git_triage::areas::Level;
use git_triage::diff::{FileChange, Hunk, LineKind, Status};

use super::{area_names, text, text_owned};
use crate::tui::app::App;
use crate::tui::columns::expand_tabs;
use crate::tui::doc::Row;
use crate::tui::theme::Theme;
use crate::tui::view::segment;
use crate::tui::words;

/// How far a removed or added line looks for the run it belongs to, to find its partner: a
/// bound on the work of a frame, whatever the size of the hunk.
const PAIR_REACH: usize = 256;

/// A row of the diff part.
pub fn line<'a>(app: &'a App, theme: &Theme, i: usize, row: Row, wide: bool) -> Line<'a> {
    let (Some(p), Some(_)) = (app.patch(i), app.provenance(i)) else {
        return Line::default();
    };
    let diff = app.diff(i);
    match row {
        Row::Loading => Line::styled("  computing the diff…", theme.dim()),
        Row::NoChanges => Line::styled(
            if p.is_merge() {
                "  Merge commit: no diff shown, as git log -p shows none"
            } else {
                "  Empty commit: no file changes"
            },
            theme.dim(),
        ),
        Row::File(f) => file_line(app, theme, i, f),
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
        Row::Hunk(f, h) => hunk_line(app, theme, i, (f, h)),
        Row::Line(f, h, l) => code_line(app, theme, i, (f, h, l), 0, wide),
        Row::LineMore(f, h, l, k) => code_line(app, theme, i, (f, h, l), k, wide),
        Row::FilesHeader => files_header(app, theme, i),
        Row::FileStat(f) => file_stat(app, theme, i, f),
        Row::Collapsed(f) => {
            let Some(d) = diff else {
                return Line::default();
            };
            let file = &d.files[f];
            let (add, del) = stat(file);
            let n = file.hunks.len();
            Line::styled(
                format!(
                    "   ▸ collapsed: {n} hunk{}, +{add} −{del} (z opens it)",
                    if n == 1 { "" } else { "s" }
                ),
                theme.dim(),
            )
        }
        _ => Line::default(),
    }
}

/// A diff line, or row `k` of it when long lines wrap: the line numbers, the sign, the code
/// with its tabs at tab stops, and the words that changed against its partner emphasised.
/// A file's header: its status and path, whether I reviewed it, the areas it lands in.
fn file_line<'a>(app: &'a App, theme: &Theme, i: usize, f: usize) -> Line<'a> {
    let diff = app.diff(i);
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
    if app.file_reviewed(i, f) {
        spans.push(Span::styled("  ✓ reviewed", theme.chain()));
    }
    let areas = area_names(app, file);
    if !areas.is_empty() {
        // The gutter's mark for the level; a normal area is only named.
        let label = match level {
            Level::Critical => format!("  ▌{} · critical", areas.join(", ")),
            Level::Sensitive => format!("  ┆{} · sensitive", areas.join(", ")),
            Level::Normal => format!("  {}", areas.join(", ")),
        };
        let style = match level {
            Level::Normal => theme.dim(),
            l => theme.level(l),
        };
        spans.push(Span::styled(label, style));
    }
    Line::from(spans)
}

/// A hunk's header: its ranges and function, the areas it lands in, the lines AI wrote.
fn hunk_line<'a>(app: &'a App, theme: &Theme, i: usize, (f, h): (usize, usize)) -> Line<'a> {
    let (diff, Some(prov)) = (app.diff(i), app.provenance(i)) else {
        return Line::default();
    };
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

fn code_line<'a>(
    app: &'a App,
    theme: &Theme,
    i: usize,
    (f, h, l): (usize, usize, usize),
    k: usize,
    wide: bool,
) -> Line<'a> {
    let Some(d) = app.diff(i) else {
        return Line::default();
    };
    let hunk = &d.files[f].hunks[h];
    let line = hunk.line(l);
    let (sign, style, emph) = match line.kind {
        LineKind::Added => ("+", theme.added(), theme.added_word()),
        LineKind::Removed => ("-", theme.removed(), theme.removed_word()),
        LineKind::Context => (" ", Style::new(), Style::new()),
    };
    let tab = usize::from(app.config.tui.tab_width);
    let content = expand_tabs(line.content, tab);
    let changed = partner(hunk, l)
        .and_then(|p| {
            let other = expand_tabs(hunk.line(p).content, tab);
            match line.kind {
                LineKind::Removed => words::changed(&content, &other).map(|c| c.0),
                _ => words::changed(&other, &content).map(|c| c.1),
            }
        })
        .unwrap_or_default();
    let mut code: Vec<Span<'static>> = Vec::new();
    for (range, emphasised) in pieces(content.len(), &changed) {
        let s = if emphasised { emph } else { style };
        code.extend(
            text(&content[range], s, theme, app.search.as_ref())
                .into_iter()
                .map(|sp| Span::styled(sp.content.into_owned(), sp.style)),
        );
    }
    let mut spans = Vec::new();
    if wide {
        let numbers = if k == 0 {
            let n = |x: Option<u32>| x.map_or(String::new(), |n| n.to_string());
            format!("{:>5} {:>5} ", n(line.old_lineno), n(line.new_lineno))
        } else {
            format!("{:>11} ", "↳")
        };
        spans.push(Span::styled(numbers, theme.dim()));
    }
    spans.push(Span::styled(if k == 0 { sign } else { " " }, style));
    if app.wrap {
        spans.extend(segment(code, app.code_width(), k));
    } else {
        spans.extend(code);
    }
    Line::from(spans)
}

/// `0..len` cut at the edges of `changed`, each piece with whether it changed.
fn pieces(len: usize, changed: &[Range<usize>]) -> Vec<(Range<usize>, bool)> {
    let mut out = Vec::new();
    let mut at = 0;
    for r in changed {
        if r.start > at {
            out.push((at..r.start, false));
        }
        out.push((r.clone(), true));
        at = r.end;
    }
    if at < len {
        out.push((at..len, false));
    }
    out
}

/// The line a removed (added) line pairs with: in a run of removed lines followed by a run of
/// added ones, the one at the same place in the other run.
fn partner(hunk: &Hunk, l: usize) -> Option<usize> {
    let kind = hunk.line(l).kind;
    if kind == LineKind::Context {
        return None;
    }
    let is = |x: usize, k: LineKind| x < hunk.len() && hunk.line(x).kind == k;
    // The start of this line's run.
    let mut start = l;
    while start > 0 && is(start - 1, kind) {
        start -= 1;
        if l - start > PAIR_REACH {
            return None;
        }
    }
    let offset = l - start;
    match kind {
        LineKind::Removed => {
            let mut end = l + 1;
            while is(end, LineKind::Removed) {
                end += 1;
                if end - l > PAIR_REACH {
                    return None;
                }
            }
            is(end + offset, LineKind::Added)
                .then_some(end + offset)
                .filter(|&p| (end..=p).all(|x| is(x, LineKind::Added)))
        }
        _ => {
            // The removed run just before.
            let mut first = start;
            while first > 0 && is(first - 1, LineKind::Removed) {
                first -= 1;
                if start - first > PAIR_REACH {
                    return None;
                }
            }
            (offset < start - first).then_some(first + offset)
        }
    }
}

/// Lines added and removed in a file.
pub fn stat(file: &FileChange) -> (usize, usize) {
    file.hunks
        .iter()
        .fold((0, 0), |(a, r), h| (a + h.added(), r + h.removed()))
}

/// `3 files · +10 −4 · 1 of 3 reviewed`.
fn files_header<'a>(app: &'a App, theme: &Theme, i: usize) -> Line<'a> {
    let Some(d) = app.diff(i) else {
        return Line::default();
    };
    let (add, del) = d
        .files
        .iter()
        .map(stat)
        .fold((0, 0), |(a, r), (x, y)| (a + x, r + y));
    let mut spans = vec![
        Span::styled(format!("{} files", d.files.len()), theme.bold()),
        Span::styled(format!("  +{add}"), theme.added()),
        Span::styled(format!(" −{del}"), theme.removed()),
    ];
    if let Some((done, all)) = app.files_reviewed(i).filter(|&(d, _)| d > 0) {
        spans.push(Span::styled(
            format!("  ✓ {done} of {all} reviewed"),
            theme.chain(),
        ));
    }
    spans.push(Span::styled(
        "   Enter opens · ( ) step · z folds · v reviewed",
        theme.dim(),
    ));
    Line::from(spans)
}

/// One file of the list: reviewed mark, status, path, lines added and removed, its area.
fn file_stat<'a>(app: &'a App, theme: &Theme, i: usize, f: usize) -> Line<'a> {
    let Some(d) = app.diff(i) else {
        return Line::default();
    };
    let file = &d.files[f];
    let level = file.level();
    let path = match file.display_old_path() {
        Some(old) => format!("{old} → {}", file.display_path()),
        None => file.display_path(),
    };
    let path = git_triage::sanitize::escape(&path).into_owned();
    // Paths line up on the longest of the first files, as git's --stat lines them up.
    let longest = d
        .files
        .iter()
        .take(200)
        .map(|f| f.display_path().width() + f.display_old_path().map_or(0, |o| o.width() + 3))
        .max()
        .unwrap_or(0)
        .min(app.text_width().saturating_sub(30).max(20));
    let (add, del) = stat(file);
    let mut spans = vec![
        if app.file_reviewed(i, f) {
            Span::styled(" ✓ ", theme.chain())
        } else {
            Span::raw("   ")
        },
        Span::styled(format!("{} ", file.status.letter()), theme.level(level)),
        Span::raw(format!(
            "{:<longest$}",
            crate::tui::view::cut(&path, longest)
        )),
        Span::styled(format!(" {:>5}", format!("+{add}")), theme.added()),
        Span::styled(format!(" {:>5}", format!("−{del}")), theme.removed()),
    ];
    let names = area_names(app, file);
    if !names.is_empty() {
        let (bar, style) = theme.gutter(level);
        let style = if level == Level::Normal {
            theme.dim()
        } else {
            style
        };
        spans.push(Span::styled(format!("  {bar}{}", names.join(", ")), style));
    }
    Line::from(spans)
}

//! The diff rows: files with their status and areas, hunk headers with the critical mark,
//! lines with their numbers.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use git_triage::areas::Level;
use git_triage::diff::{LineKind, Status};

use super::{area_names, text, text_owned};
use crate::tui::app::App;
use crate::tui::doc::Row;
use crate::tui::theme::Theme;

/// A row of the diff part.
pub fn line<'a>(app: &'a App, theme: &Theme, i: usize, row: Row, wide: bool) -> Line<'a> {
    let (Some(p), Some(prov)) = (app.patch(i), app.provenance(i)) else {
        return Line::default();
    };
    let search = app.search.as_ref();
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
            let line = d.files[f].hunks[h].line(l);
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
            spans.extend(text(line.content, style, theme, search));
            Line::from(spans)
        }
        _ => Line::default(),
    }
}

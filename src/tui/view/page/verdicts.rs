//! The verdict rows: each reviewer's latest verdict, or one carried from an earlier version,
//! with its comment.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use git_triage::export::glyph;

use super::{short, text_owned};
use crate::tui::app::App;
use crate::tui::doc::Row;
use crate::tui::theme::Theme;

/// A row of the verdicts part.
pub fn line<'a>(app: &'a App, theme: &Theme, i: usize, row: Row) -> Line<'a> {
    let p = &app.series.patches[i];
    match row {
        Row::VerdictsHeader => Line::styled("Verdicts", theme.bold()),
        Row::Verdict(v, l) => {
            let shown = app.notes.shown(p.key, app.patch_id(i), app.partner(i));
            let Some(s) = shown.get(v) else {
                return Line::default();
            };
            if l > 0 {
                let c = s.comment().unwrap_or("");
                let line = c.lines().nth(l - 1).unwrap_or("").to_string();
                let mut spans = vec![Span::raw("      ")];
                spans.extend(text_owned(line, Style::new(), theme));
                return Line::from(spans);
            }
            let when = git_triage::notes::format_time(s.verdict.at);
            let who = format!("{} <{}>", s.verdict.reviewer, s.verdict.email);
            let mine = app
                .reviewer
                .as_ref()
                .is_ok_and(|r| s.verdict.same_reviewer(&r.email));
            let stale = s.code_changed == Some(true);
            let line = match s.carried_from {
                Some(from) => format!(
                    "  {}{} {} in {} by {who}, {}{}{}",
                    if stale { '?' } else { '↻' },
                    glyph(s.verdict.state),
                    s.verdict.state.done(),
                    short(from),
                    &when[..10],
                    if stale {
                        " · the code changed since"
                    } else {
                        ""
                    },
                    match (mine, stale) {
                        (true, false) => " · = confirms it here",
                        (true, true) => " · = = confirms it anyway",
                        _ => "",
                    }
                ),
                None => format!(
                    "   {} {} by {who}, {} {}",
                    glyph(s.verdict.state),
                    s.verdict.state.as_str(),
                    &when[..10],
                    &when[11..16]
                ),
            };
            Line::from(text_owned(line, theme.bold(), theme))
        }
        _ => Line::default(),
    }
}

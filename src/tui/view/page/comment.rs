//! A comment as a bordered block under its line: the reviewer's name and when, in their own
//! colour (yours in the accent colour), what it was written under when its place reads
//! differently in this version, and its text.

use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use git_triage::comments::Place;
use git_triage::sanitize::escape;

use super::short;
use crate::tui::app::{App, PageComment, COMMENT_INDENT};
use crate::tui::theme::Theme;

/// Row `k` of the block of comment `c`.
pub fn line<'a>(app: &'a App, theme: &Theme, c: usize, k: usize, wide: bool) -> Line<'a> {
    let Some(pc) = app.comments.get(c) else {
        return Line::default();
    };
    let width = pc
        .text
        .iter()
        .chain(&pc.was)
        .map(|l| l.width() + 2)
        .max()
        .unwrap_or(0)
        .max(title(pc).width() + 4)
        .min(app.comment_width_now() + 2);
    let style = if pc.mine {
        theme.accent()
    } else {
        theme.reviewer(&pc.comment.email)
    };
    let indent = Span::raw(" ".repeat(if wide { COMMENT_INDENT } else { 1 }));
    let last = pc.height() - 1;
    let body = |text: &str, text_style| {
        let pad = width.saturating_sub(text.width() + 1);
        let mut spans = vec![indent.clone(), Span::styled("│ ", style)];
        // Already made visible when wrapped: only the search's matches are marked here.
        spans.extend(
            crate::tui::view::text(text, text_style, theme, app.search.as_ref())
                .into_iter()
                .map(|s| Span::styled(s.content.into_owned(), s.style)),
        );
        spans.push(Span::raw(" ".repeat(pad)));
        spans.push(Span::styled("│", style));
        Line::from(spans)
    };
    match k {
        0 => {
            let mut t = title(pc);
            // A title longer than the block (a forged path, say) is cut to fit.
            let room = width.saturating_sub(3);
            if t.width() > room {
                let mut cut = String::new();
                for ch in t.chars() {
                    if cut.width() + ch.to_string().width() + 1 > room {
                        break;
                    }
                    cut.push(ch);
                }
                cut.push('…');
                t = cut;
            }
            let fill = width.saturating_sub(t.width() + 3);
            Line::from(vec![
                indent,
                Span::styled("╭─ ", style),
                Span::styled(t, style),
                Span::styled(format!(" {}╮", "─".repeat(fill)), style),
            ])
        }
        k if k == last => Line::from(vec![
            indent,
            Span::styled(format!("╰{}╯", "─".repeat(width)), style),
        ]),
        k if k <= pc.was.len() => body(&format!("> {}", pc.was[k - 1]), theme.dim()),
        k => body(&pc.text[k - 1 - pc.was.len()], ratatui::style::Style::new()),
    }
}

/// `Jane Doe · 2026-11-26 09:14 · on the hunk · from v2 1a2b3c4 · outdated, was at a.c:42`.
fn title(pc: &PageComment) -> String {
    let c = &pc.comment;
    let when = git_triage::notes::format_time(c.at);
    let mut t = format!(
        "{} · {} {}",
        escape(&c.reviewer),
        &when[..10],
        &when[11..16]
    );
    if pc.mine {
        t.push_str(" (you)");
    }
    let on = match c.anchor.kind() {
        "hunk" => " · on the hunk",
        "file" => " · on the file",
        "message" if matches!(c.anchor, git_triage::notes::Anchor::Message { line: None }) => {
            " · on the message"
        }
        _ => "",
    };
    t.push_str(on);
    match (&pc.previous, pc.carried_from) {
        (Some(version), Some(from)) => t.push_str(&format!(" · from {version} {}", short(from))),
        (None, Some(from)) => t.push_str(&format!(" · from {}", short(from))),
        _ => {}
    }
    if matches!(pc.place, Place::Outdated { .. }) {
        t.push_str(&format!(
            " · outdated, was at {}",
            escape(&c.anchor.describe())
        ));
    }
    t
}

//! The page's rows about the previous version: the patch page's version row, and the interdiff
//! page, coloured as `git range-diff` colours a diff of diffs: the outer `+`/`-` (what changed
//! between the versions) in reverse video, the patch's own lines bold where they changed and
//! dim where they did not.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use git_triage::versions::interdiff::Line as InterLine;
use git_triage::versions::xdiff::Origin;
use git_triage::versions::{Previous, State};

use super::text;
use crate::tui::app::{App, Versions};
use crate::tui::doc::{Part, Row};
use crate::tui::theme::Theme;

/// The line for one of the rows above; `None` for other rows.
pub fn row_line<'a>(app: &'a App, theme: &Theme, i: usize, row: Row) -> Option<Line<'a>> {
    Some(match row {
        Row::Version => {
            let mut spans = vec![Span::styled("Version: ", theme.dim())];
            spans.extend(owned(status(app, i, true), theme.bold(), theme));
            Line::from(spans)
        }
        Row::InterTitle => Line::from(owned(status(app, i, false), theme.bold(), theme)),
        Row::InterNothing => Line::styled(format!("  {}", nothing(app, i)), theme.dim()),
        Row::InterPart(part) => Line::styled(
            match part {
                Part::Message => "── message, author and notes",
                Part::Code => "── code",
            },
            theme.bold(),
        ),
        Row::InterHunk(part, h) => {
            let hunk = &hunks(app, i, part)?[h];
            let heading = String::from_utf8_lossy(&hunk.heading).into_owned();
            let mut spans = vec![Span::styled("@@ ", theme.hunk())];
            spans.extend(owned(heading, theme.hunk(), theme));
            Line::from(spans)
        }
        Row::InterLine(part, h, l) => interdiff_line(&hunks(app, i, part)?[h].lines[l], theme),
        _ => return None,
    })
}

fn hunks(app: &App, i: usize, part: Part) -> Option<&[git_triage::versions::interdiff::Hunk]> {
    let inter = app.compared()?.interdiffs.get(i)?.as_ref()?;
    Some(match part {
        Part::Message => &inter.message,
        Part::Code => &inter.code,
    })
}

/// One line of a diff of diffs: the outer mark, then the patch's own line.
fn interdiff_line<'a>(line: &InterLine, theme: &Theme) -> Line<'a> {
    let body = line.text.strip_suffix(b"\n").unwrap_or(&line.text);
    let body = String::from_utf8_lossy(body).into_owned();
    let (outer, changed) = match line.origin {
        Origin::Added => (Span::styled("+", theme.outer(true)), true),
        Origin::Removed => (Span::styled("-", theme.outer(false)), true),
        Origin::Context => (Span::raw(" "), false),
    };
    let inner = match body.as_bytes().first() {
        Some(b'@') => theme.hunk(),
        Some(&c) => theme.inner(c, changed),
        None => Style::new(),
    };
    let mut spans = vec![outer];
    spans.extend(owned(body, inner, theme));
    Line::from(spans)
}

/// What the patch was in the previous version, in a sentence: `~ was 2 07af326 in v1: code
/// changed · i shows what changed` (`hint`: on the patch page, say which key shows it).
fn status(app: &App, i: usize, hint: bool) -> String {
    let c = match &app.versions {
        Versions::None => return String::new(),
        Versions::Comparing { name, .. } => return format!("comparing with {name}…"),
        Versions::Failed { name } => return format!("{name} could not be read"),
        Versions::Ready(c) => &c.comparison,
    };
    let name = &c.old.name;
    let Some(prev) = c.previous(i) else {
        return format!("a merge: not compared with {name}, as git range-diff leaves merges out");
    };
    let was = was(&prev);
    match prev.state.what_changed() {
        _ if prev.state == State::Unchanged => format!("≡ unchanged since {name} ({was})"),
        None => format!("+ new since {name}"),
        Some(what) => {
            let (what, same) = what.split_once(", ").unwrap_or((what, ""));
            let same = if same.is_empty() {
                String::new()
            } else {
                format!(", {same}")
            };
            let key = if hint { " · i shows how" } else { "" };
            format!("~ {what} since {name}{same} ({was}){key}")
        }
    }
}

/// `was 2 07af326`, `was 2 in v1`.
fn was(prev: &Previous<'_>) -> String {
    prev.was().unwrap_or_default()
}

/// Why the interdiff page is empty.
fn nothing(app: &App, i: usize) -> String {
    let Versions::Ready(c) = &app.versions else {
        return status(app, i, false);
    };
    match c.comparison.previous(i) {
        None => "A merge: git range-diff leaves merges out, so there is nothing to compare.".into(),
        Some(p) if p.state == State::New => {
            "New in this version: there is no earlier patch to compare it with.".into()
        }
        Some(p) => format!(
            "Unchanged since {}: the same diff and message ({}).",
            c.comparison.old.name,
            was(&p)
        ),
    }
}

/// The status bar's counts against the previous version: `~2 +1 −1` (`wide`: `~ 2 changed
/// + 1 new − 1 dropped since v1`), or what is still happening; empty without one.
pub fn counts(app: &App, wide: bool) -> String {
    let c = match &app.versions {
        Versions::None => return String::new(),
        Versions::Comparing { name, .. } => {
            return format!("  comparing with {}…", git_triage::sanitize::escape(name))
        }
        Versions::Failed { name } => {
            return format!("  {} unreadable", git_triage::sanitize::escape(name))
        }
        Versions::Ready(c) => &c.comparison,
    };
    let t = c.tally();
    if wide {
        format!(
            "  ~ {} changed  + {} new  − {} dropped since {}",
            t.changed,
            t.new,
            t.dropped,
            git_triage::sanitize::escape(&c.old.name)
        )
    } else {
        format!("  ~{} +{} −{}", t.changed, t.new, t.dropped)
    }
}

/// Owned text through the same door as commit text.
fn owned(s: String, style: Style, theme: &Theme) -> Vec<Span<'static>> {
    text(&s, style, theme, None)
        .into_iter()
        .map(|sp| Span::styled(sp.content.into_owned(), sp.style))
        .collect()
}

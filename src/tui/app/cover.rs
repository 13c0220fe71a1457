//! The cover letter of a mailed series, as the list's first row and a page of its own: its
//! subject and body, the trailers sent in reply to it (they count for every patch), and what
//! your reply to it would say (`M` writes it: a summary of your verdicts).

use git_triage::sanitize::escape;

use super::App;
use crate::tui::doc::Row;

/// How a line of the cover page is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Accent,
    Bold,
    Plain,
    Dim,
    Chain,
}

impl App {
    /// Whether the series is mail with a cover letter.
    pub fn has_cover(&self) -> bool {
        self.series.mail.as_ref().is_some_and(|m| m.cover.is_some())
    }

    /// Rows the list has before the patches: the cover letter's.
    pub fn cover_rows(&self) -> usize {
        usize::from(self.has_cover())
    }

    /// The list's selected row, the cover counting as the first.
    pub fn list_position(&self) -> usize {
        if self.on_cover {
            0
        } else {
            self.selected + self.cover_rows()
        }
    }

    /// Selects the cover letter's page.
    pub(super) fn select_cover(&mut self) {
        if !self.on_cover {
            self.on_cover = true;
            self.rebuild_rows();
        }
        self.list_scroll = self.list_offset(self.list_page());
    }

    /// A key that moves through patches, pressed on the cover: it starts from the first patch.
    pub(super) fn leave_cover(&mut self) {
        if self.on_cover && !self.visible.is_empty() {
            self.on_cover = false;
            self.rebuild_rows();
        }
    }

    /// The cover page's rows.
    pub(super) fn cover_page(&self) -> Vec<Row> {
        (0..self.cover_lines().len()).map(Row::Cover).collect()
    }

    /// The cover page's lines, made visible (control characters escaped).
    pub fn cover_lines(&self) -> Vec<(String, Tone)> {
        let Some(m) = self.series.mail.as_deref() else {
            return Vec::new();
        };
        let Some(c) = &m.cover else {
            return Vec::new();
        };
        let mut out = vec![(
            format!(
                "cover letter · v{} · {} patch{} · {}",
                m.version,
                m.total,
                if m.total == 1 { "" } else { "es" },
                c.message_id
                    .as_deref()
                    .map_or_else(|| "(no Message-ID)".into(), |i| format!("<{}>", escape(i)))
            ),
            Tone::Accent,
        )];
        out.push((
            format!("From: {}  {}", escape(&c.from), escape(&c.date)),
            Tone::Dim,
        ));
        out.push((String::new(), Tone::Plain));
        out.push((escape(&c.subject).into_owned(), Tone::Bold));
        out.push((String::new(), Tone::Plain));
        out.extend(
            c.body
                .lines()
                .map(|l| (escape(l).into_owned(), Tone::Plain)),
        );
        if !m.cover_followups.is_empty() {
            out.push((String::new(), Tone::Plain));
            out.push((
                "Trailers sent in reply to it (they count for every patch)".into(),
                Tone::Bold,
            ));
            for f in &m.cover_followups {
                out.push((
                    format!(
                        "  {}: {}  sent by {}",
                        escape(&f.key),
                        escape(&f.value),
                        escape(&f.from)
                    ),
                    Tone::Chain,
                ));
            }
        }
        out.push((String::new(), Tone::Plain));
        out.push(("Your reply to it (M writes it)".into(), Tone::Bold));
        let summary = self.summary();
        let verdicts = summary.split(';').next().unwrap_or("");
        out.push((
            format!("  a summary of your verdicts: {verdicts}"),
            Tone::Plain,
        ));
        out
    }
}

//! Comment blocks on the page: each comment with its place, its text made visible and wrapped
//! to the page, and the row its block goes under.

use git2::Oid;

use git_triage::comments::{self, Place, Spot};
use git_triage::notes::{self, Comment};
use git_triage::sanitize::escape;

use super::App;
use crate::tui::doc::Row;

/// How far comment blocks are indented: past the line numbers of the diff.
pub const COMMENT_INDENT: usize = 12;

/// The most rows a comment's text takes on the page; the rest is a count (and `E` shows all).
const MAX_TEXT_ROWS: usize = 200;

/// A comment on the selected patch's page, as it is drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageComment {
    /// Its latest line.
    pub comment: Comment,
    /// The commit it was written on, when that is another version of the patch.
    pub carried_from: Option<Oid>,
    /// The previous version's name, when it was written on the patch this one replaces there.
    pub previous: Option<String>,
    pub place: Place,
    pub mine: bool,
    /// When outdated: the lines it was written under, as they read then.
    pub was: Vec<String>,
    /// Its text, made visible (control and hidden characters escaped) and wrapped.
    pub text: Vec<String>,
}

impl PageComment {
    /// Rows of its block: the top border, what it was written under, the text, the bottom.
    pub fn height(&self) -> usize {
        self.was.len() + self.text.len() + 2
    }
}

impl App {
    /// The width comment text is wrapped to: the page less its gutter, the line numbers the
    /// blocks are indented by, and their borders.
    pub(super) fn comment_width(&self) -> usize {
        let page = self.panes().map_or(80, |l| usize::from(l.page.width));
        page.saturating_sub(2 + COMMENT_INDENT + 4).min(100)
    }

    /// The width comment text is wrapped to on the page as it is now.
    pub fn comment_width_now(&self) -> usize {
        self.comment_width()
    }

    /// The terminal's new size: comment blocks are wrapped again when the page's width changed.
    pub fn set_size(&mut self, width: u16, height: u16) {
        let before = self.comment_width();
        self.size = (width, height);
        if self.comment_width() != before && !self.comments.is_empty() {
            self.refresh_rows();
        }
    }

    /// The comments on patch `i` (its diff must be known), each with its place and its text
    /// wrapped to `width` columns.
    pub(super) fn page_comments(&self, i: usize, width: usize) -> Vec<PageComment> {
        let (Some(diff), Some(p)) = (self.diff(i), self.patch(i)) else {
            return Vec::new();
        };
        let me = self.reviewer.as_ref().ok().map(|r| r.email.as_str());
        let width = width.max(10);
        let version = self
            .compared()
            .map(|c| escape(&c.comparison.old.name).into_owned());
        comments::placed(&self.notes, p.key, self.partner(i), diff, &p.message)
            .into_iter()
            .map(|placed| {
                let c = placed.standing.comment;
                let mut text: Vec<String> = Vec::new();
                for line in placed.standing.text().lines() {
                    let line = escape(line);
                    if line.is_empty() {
                        text.push(String::new());
                    }
                    text.extend(
                        textwrap::wrap(&line, width)
                            .into_iter()
                            .map(|l| l.into_owned()),
                    );
                }
                if text.len() > MAX_TEXT_ROWS {
                    let more = text.len() - MAX_TEXT_ROWS + 1;
                    text.truncate(MAX_TEXT_ROWS - 1);
                    text.push(format!("… {more} more lines (E shows them all)"));
                }
                // A context is three lines of at most 200 characters as this build writes it;
                // a line someone forged is shown no longer than that.
                let was = match placed.place {
                    Place::Outdated { .. } => c
                        .context
                        .as_deref()
                        .unwrap_or("")
                        .lines()
                        .take(3)
                        .map(|l| escape(&notes::context_line(l)).into_owned())
                        .collect(),
                    Place::At(_) => Vec::new(),
                };
                PageComment {
                    comment: c.clone(),
                    carried_from: placed.standing.carried_from(p.key),
                    previous: version.clone().filter(|_| placed.standing.previous),
                    place: placed.place,
                    mine: me.is_some_and(|me| c.same_reviewer(me)),
                    was,
                    text,
                }
            })
            .collect()
    }

    /// The row a comment's block goes under.
    pub(super) fn anchor_row(&self, i: usize, place: Place) -> Row {
        let Some(p) = self.patch(i) else {
            return Row::Subject;
        };
        let body = p.body().lines().count();
        let end_of_message = match body {
            0 => Row::Subject,
            n => Row::Body(n - 1),
        };
        match place {
            Place::At(Spot::Line { file, hunk, line }) => Row::Line(file, hunk, line),
            Place::At(Spot::Hunk { file, hunk }) => Row::Hunk(file, hunk),
            Place::At(Spot::File { file }) | Place::Outdated { file: Some(file) } => {
                Row::File(file)
            }
            Place::At(Spot::Message { line: Some(n) }) => {
                let start = comments::body_start(&p.message) as usize;
                match (n as usize).checked_sub(start) {
                    Some(b) if b < body => Row::Body(b),
                    Some(_) => end_of_message,
                    None => Row::Subject,
                }
            }
            Place::At(Spot::Message { line: None }) | Place::Outdated { file: None } => {
                end_of_message
            }
        }
    }
}

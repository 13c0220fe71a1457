//! Comments on the page: where each block goes, what `c` comments on, and the keys that edit,
//! delete and step through comments. Every write goes through the library's one code path
//! (`notes::write_comments`), decided against the notes as they are when it is written.

use git2::Oid;

use git_triage::comments::{self, Place, Spot};
use git_triage::notes::{self, Comment, CommentChange, Unchanged};
use git_triage::sanitize::escape;

use super::{App, Focus, Mode};
use crate::tui::doc::Row;
use crate::tui::editor::Editor;

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

/// What the comment editor is writing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// The patch as a whole: the comment of the verdict.
    Patch,
    /// A new comment at this spot.
    New(Spot),
    /// New text for this comment of mine (its latest line), which stands at `Place`.
    Edit(Box<Comment>, Place),
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

    /// The spot a row stands for; `None` for the rows that are about the patch as a whole.
    fn spot_of(&self, i: usize, row: Row) -> Option<Spot> {
        let p = self.patch(i)?;
        match row {
            Row::Line(file, hunk, line) | Row::LineMore(file, hunk, line, _) => {
                Some(Spot::Line { file, hunk, line })
            }
            Row::Hunk(file, hunk) => Some(Spot::Hunk { file, hunk }),
            Row::File(file) | Row::NoHunks(file) | Row::FileStat(file) | Row::Collapsed(file) => {
                Some(Spot::File { file })
            }
            Row::Subject => Some(Spot::Message {
                line: Some(comments::subject_line(&p.message)),
            }),
            Row::Body(n) => Some(Spot::Message {
                line: Some(comments::body_start(&p.message) + n as u32),
            }),
            Row::Comment(c, _) => self.comments.get(c).and_then(|pc| match pc.place {
                Place::At(spot) => Some(spot),
                Place::Outdated { .. } => None,
            }),
            _ => None,
        }
    }

    /// The comment editor's title: `Comment on 3/9 · hw/net/e1000.c:42`.
    pub fn target_label(&self, target: &Target) -> String {
        let Some(i) = self.current() else {
            return "Comment".into();
        };
        let n = format!(
            "{}/{}",
            self.series.patches[i].index,
            self.series.patches.len()
        );
        let describe = |spot| escape(&self.anchor_of(i, spot).0.describe()).into_owned();
        match target {
            Target::Patch => format!("Comment on patch {n} as a whole"),
            Target::New(spot) => format!("Comment on {n} · {}", describe(*spot)),
            Target::Edit(c, _) => {
                format!(
                    "Edit your comment on {n} · {}",
                    escape(&c.anchor.describe())
                )
            }
        }
    }

    /// `c`: in the list, the patch comment; in the diff, a comment on the row under the cursor
    /// (a line, a hunk, a file, a line of the message), or an edit of my comment there.
    pub(super) fn start_comment(&mut self) {
        self.follow_notes();
        let Some(i) = self.current() else { return };
        if self.unsaved.as_ref().is_some_and(|u| u.2 == i) {
            let (editor, target, _) = self.unsaved.take().expect("checked");
            self.mode = Mode::Comment(editor, target);
            return self.info("your comment that was not saved: Ctrl-s tries again".into());
        }
        let row = self.rows.get(self.cursor).copied();
        if self.focus == Focus::Diff {
            if let Some(Row::Comment(c, _)) = row {
                if let Some(pc) = self.comments.get(c).filter(|pc| pc.mine) {
                    let text = pc.comment.text.clone().unwrap_or_default();
                    let target = Target::Edit(Box::new(pc.comment.clone()), pc.place);
                    self.mode = Mode::Comment(Editor::new(&text), target);
                    return;
                }
            }
            if let Some(spot) = row.and_then(|r| self.spot_of(i, r)) {
                self.mode = Mode::Comment(Editor::new(""), Target::New(spot));
                return;
            }
        }
        let text = self
            .my_verdict(i)
            .and_then(|v| v.comment.clone())
            .unwrap_or_default();
        self.mode = Mode::Comment(Editor::new(&text), Target::Patch);
    }

    /// Ctrl-s in the comment editor, on patch `i` (once its diff is known); whether the text
    /// is safe (written, or nothing to write).
    pub(super) fn save(&mut self, i: usize, text: String, target: Target) -> bool {
        let text = text.trim_end().to_string();
        let change = match target {
            Target::Patch => return self.save_comment(i, text),
            Target::New(_) if text.trim().is_empty() => {
                self.info("empty comment: nothing written".into());
                return true;
            }
            Target::New(spot) => {
                let (anchor, context) = self.anchor_of(i, spot);
                CommentChange::Add {
                    anchor,
                    context,
                    text,
                }
            }
            Target::Edit(previous, _) if text.trim().is_empty() => CommentChange::Delete {
                previous: *previous,
            },
            Target::Edit(previous, place) => {
                let (anchor, context) = match place {
                    Place::At(spot) => self.anchor_of(i, spot),
                    Place::Outdated { .. } => (previous.anchor.clone(), previous.context.clone()),
                };
                CommentChange::Edit {
                    previous: *previous,
                    anchor,
                    context,
                    text,
                }
            }
        };
        self.write_comment_changes(i, vec![change])
    }

    fn anchor_of(&self, i: usize, spot: Spot) -> (notes::Anchor, Option<String>) {
        let diff = self.diff(i).expect("a comment spot needs the diff");
        let p = self.patch(i).expect("a comment spot needs the patch");
        comments::anchor_at(spot, diff, &p.message)
    }

    /// Writes comment changes on patch `i` as one notes commit and says what happened;
    /// whether they were written.
    pub(super) fn write_comment_changes(&mut self, i: usize, changes: Vec<CommentChange>) -> bool {
        let reviewer = match &self.reviewer {
            Ok(r) => r.clone(),
            Err(e) => {
                self.set_error(e.clone());
                return false;
            }
        };
        // A mailed patch's key blob is written first, as for verdicts.
        let commit = match self.patch(i).map(|p| p.verdict_target(&self.repo)) {
            Some(Ok(target)) => target,
            Some(Err(e)) => {
                self.set_error(format!("comment not written: {}", e.message()));
                return false;
            }
            None => {
                self.set_error(format!("patch {} could not be read", i + 1));
                return false;
            }
        };
        let notes_ref = self.config.notes_ref.clone();
        let written = notes::write_comments(
            &self.repo,
            &notes_ref,
            &reviewer,
            commit,
            self.patch_id(i),
            (self.clock)(),
            &changes,
        );
        match written {
            Ok(results) => {
                let lines: Vec<String> = results
                    .iter()
                    .filter_map(|r| r.as_ref().ok().map(Comment::to_line))
                    .collect();
                if self
                    .notes
                    .appended(&self.repo, &notes_ref, commit, &lines)
                    .is_err()
                {
                    self.follow_notes();
                }
                self.notes_changed();
                let gone = results
                    .iter()
                    .filter(|r| matches!(r, Err(Unchanged::NoSuchComment)))
                    .count();
                let msg = match (changes.as_slice(), gone) {
                    (_, n) if n > 0 => "not written: the comment was deleted meanwhile".into(),
                    ([CommentChange::Add { anchor, .. }], _) => {
                        format!("comment saved on {}", escape(&anchor.describe()))
                    }
                    ([CommentChange::Edit { .. }], _) => "comment edited".into(),
                    ([CommentChange::Delete { .. }], _) => "comment deleted".into(),
                    _ => format!("{} comment changes saved", lines.len()),
                };
                self.info(msg);
                true
            }
            Err(e) => {
                self.set_error(format!("comment not written: {e}"));
                false
            }
        }
    }

    /// `d`: asks before deleting my comment under the cursor.
    pub(super) fn ask_delete(&mut self) {
        let here = match self.rows.get(self.cursor) {
            Some(&Row::Comment(c, _)) if self.focus == Focus::Diff => self.comments.get(c),
            _ => None,
        };
        match here {
            Some(pc) if pc.mine => {
                self.mode = Mode::ConfirmDelete(Box::new(pc.comment.clone()));
            }
            Some(pc) => {
                let who = escape(&pc.comment.reviewer).into_owned();
                self.info(format!(
                    "that comment is {who}'s: only its author deletes it"
                ));
            }
            None => self.info("no comment under the cursor: move onto one in the diff pane".into()),
        }
    }

    /// The `y` to the delete prompt.
    pub(super) fn delete(&mut self, comment: Comment) {
        let Some(i) = self.current() else { return };
        self.write_comment_changes(i, vec![CommentChange::Delete { previous: comment }]);
    }

    /// `}`/`{`: the next (previous) comment block, moving on to the following patches. Returns
    /// the patch whose diff it must look at and has not arrived: the key then waits for it.
    pub(super) fn step_comment(&mut self, forward: bool) -> Option<usize> {
        let is_top = |app: &App, r: usize| matches!(app.rows[r], Row::Comment(_, 0));
        let here = if forward {
            (self.cursor + 1..self.rows.len()).find(|&r| is_top(self, r))
        } else {
            (0..self.cursor).rev().find(|&r| is_top(self, r))
        };
        if let Some(r) = here {
            self.jump_to(r);
            return None;
        }
        let positions: Vec<usize> = if forward {
            (self.selected + 1..self.visible.len()).collect()
        } else {
            (0..self.selected).rev().collect()
        };
        for pos in positions {
            let i = self.visible[pos];
            if self.series.patches[i].checked.is_none() {
                return Some(i);
            }
            if self
                .notes
                .comments(
                    self.series.patches[i].key,
                    self.patch_id(i),
                    self.partner(i),
                )
                .is_empty()
            {
                continue;
            }
            self.select(pos);
            let rows = 0..self.rows.len();
            let r = if forward {
                rows.into_iter().find(|&r| is_top(self, r))
            } else {
                rows.rev().find(|&r| is_top(self, r))
            };
            if let Some(r) = r {
                self.jump_to(r);
                return None;
            }
        }
        self.info(format!(
            "no {} comment",
            if forward { "later" } else { "earlier" }
        ));
        None
    }
}

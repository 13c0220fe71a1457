//! The comment keys: what `c` comments on, saving what the editor holds, `d` and the steps
//! from comment to comment. Every write goes to the writer thread, which decides it against
//! the notes as they are when it is written (`notes::write_comments`).

use git_triage::comments::{self, Place, Spot};
use git_triage::notes::{self, Comment, CommentChange};
use git_triage::sanitize::escape;

use super::saving::Then;
use super::{App, Focus, Mode, Task};
use crate::tui::doc::Row;
use crate::tui::editor::Editor;
use crate::tui::writer::Write;

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
        let Some(i) = self.current() else { return };
        // A comment still being saved on this patch is what the editor should open on.
        if self.saving_on(i) {
            return self.when_ready(Task::OpenComment { i });
        }
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
            if !row.is_some_and(about_the_patch) {
                return self.info(
                    "nothing to comment on here: c takes the line, hunk, file or message line \
                     under the cursor, or the whole patch from its header"
                        .into(),
                );
            }
        }
        let text = self
            .my_verdict(i)
            .and_then(|v| v.said().map(str::to_string))
            .unwrap_or_default();
        self.mode = Mode::Comment(Editor::new(&text), Target::Patch);
    }

    /// Ctrl-s in the comment editor, on patch `i` (once its diff is known); whether the text
    /// is safe: handed to the writer (which gives the editor back for `c` if the write fails),
    /// or nothing to write.
    pub(super) fn save(&mut self, i: usize, editor: &Editor, target: &Target) -> bool {
        let text = editor.text().trim_end().to_string();
        let change = match target {
            Target::Patch => return self.save_comment(i, editor, target),
            Target::New(_) if text.trim().is_empty() => {
                self.info("empty comment: nothing written".into());
                return true;
            }
            Target::New(spot) => {
                let (anchor, context) = self.anchor_of(i, *spot);
                CommentChange::Add {
                    anchor,
                    context,
                    text,
                }
            }
            Target::Edit(previous, _) if text.trim().is_empty() => CommentChange::Delete {
                previous: *previous.clone(),
            },
            Target::Edit(previous, place) => {
                let (anchor, context) = match place {
                    Place::At(spot) => self.anchor_of(i, *spot),
                    Place::Outdated { .. } => (previous.anchor.clone(), previous.context.clone()),
                };
                CommentChange::Edit {
                    previous: *previous.clone(),
                    anchor,
                    context,
                    text,
                }
            }
        };
        let kept = Some((editor.clone(), target.clone()));
        self.write_comment_changes(i, vec![change], kept)
    }

    fn anchor_of(&self, i: usize, spot: Spot) -> (notes::Anchor, Option<String>) {
        let diff = self.diff(i).expect("a comment spot needs the diff");
        let p = self.patch(i).expect("a comment spot needs the patch");
        comments::anchor_at(spot, diff, &p.message)
    }

    /// Hands comment changes on patch `i` to the writer, to be written as one notes commit;
    /// `kept` comes back for `c` if that fails. Whether they were handed over.
    pub(super) fn write_comment_changes(
        &mut self,
        i: usize,
        changes: Vec<CommentChange>,
        kept: Option<(Editor, Target)>,
    ) -> bool {
        let said = match changes.as_slice() {
            [one] => Some(App::comment_said(one)),
            _ => None,
        };
        self.submit(
            vec![(i, Write::Comments(changes))],
            Then::Comments { said, kept },
        )
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
        self.write_comment_changes(i, vec![CommentChange::Delete { previous: comment }], None);
    }

    /// `}`/`{`: the next (previous) comment block, moving on to the following patches. Returns
    /// the patch whose diff it must look at and has not arrived: the key then waits for it.
    pub(super) fn step_comment(&mut self, forward: bool) -> Option<usize> {
        let is_top = |app: &App, r: usize| matches!(app.rows[r], Row::Comment(_, 0));
        let commented = |app: &App, i: usize| {
            !app.notes
                .comments(app.series.patches[i].key, app.patch_id(i), app.partner(i))
                .is_empty()
        };
        self.step_across(forward, is_top, commented, "comment")
    }
}

/// Whether `c` on this row of the diff pane comments on the patch as a whole: the rows about
/// the whole commit (its header, provenance, findings, verdicts, file list), not a blank or a
/// row still loading.
fn about_the_patch(row: Row) -> bool {
    matches!(
        row,
        Row::Commit
            | Row::Version
            | Row::Author
            | Row::Committer
            | Row::Provenance
            | Row::Evidence(_)
            | Row::FindingsHeader
            | Row::Finding(_)
            | Row::FindingMore(..)
            | Row::FollowupsHeader
            | Row::Followup(_)
            | Row::VerdictsHeader
            | Row::Verdict(..)
            | Row::FilesHeader
            | Row::NoChanges
    )
}

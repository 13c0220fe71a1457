//! The rows of the selected patch's page: header, message, provenance, findings, verdicts, then
//! every file, hunk and line of the diff. Rows are small indices into the patch, so a
//! 100,000-line diff costs a flat vector and only the rows on screen are ever turned into text.

use std::collections::{HashMap, HashSet};

use git_triage::areas::Level;
use git_triage::diff::PatchDiff;
use git_triage::versions::Interdiff;

use super::columns::shown_width;

/// The most rows one wrapped diff line takes; the rest of a longer one (a minified file) is
/// cut, and `W` shows it scrolling sideways.
pub const MAX_WRAP: usize = 100;

/// One row of the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Row {
    Commit,
    Author,
    /// Shown when the committer differs from the author.
    Committer,
    Subject,
    /// A line of the message body (0-based line of the body).
    Body(usize),
    Provenance,
    /// One piece of AI evidence.
    Evidence(usize),
    FindingsHeader,
    Finding(usize),
    /// Row `1` (from 1) of finding `0` wrapped.
    FindingMore(usize, usize),
    /// Trailers reviewers sent in replies to a mailed patch, and each one.
    FollowupsHeader,
    Followup(usize),
    VerdictsHeader,
    /// A shown verdict and a line of its comment (0 = the verdict line itself).
    Verdict(usize, usize),
    Blank,
    /// The commit's headers are still being read.
    Reading,
    /// The diff is still being computed.
    Loading,
    /// The file list above the diff: a summary line, then one row per file.
    FilesHeader,
    FileStat(usize),
    /// A collapsed file: its hunks hidden behind one line.
    Collapsed(usize),
    /// The patch changes no file: a merge (shown without a diff, as `git log -p` does) or an
    /// empty commit.
    NoChanges,
    File(usize),
    /// A file without hunks: binary, or a mode-only change.
    NoHunks(usize),
    Hunk(usize, usize),
    Line(usize, usize, usize),
    /// Row `3` (from 1) of a diff line wrapped to the page.
    LineMore(usize, usize, usize, usize),
    /// Line `0` of the cover letter's page.
    Cover(usize),
    /// Row `1` of the block of comment `0` (an index into the page's comments): its top
    /// border with the reviewer's name, its text, its bottom border.
    Comment(usize, usize),
    /// With a previous version: what the patch was there (on the patch page).
    Version,
    /// The interdiff page's title: what the patch was in the previous version.
    InterTitle,
    /// Why the interdiff page has nothing to show (unchanged, new, a merge, still comparing).
    InterNothing,
    /// A part of the interdiff, its hunks and their lines.
    InterPart(Part),
    InterHunk(Part, usize),
    InterLine(Part, usize, usize),
}

/// The parts of an interdiff, as `range-diff` splits a patch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Part {
    /// The author, the message and the notes.
    Message,
    Code,
}

impl Row {
    /// The file a diff row belongs to.
    pub fn file(self) -> Option<usize> {
        match self {
            Row::File(f)
            | Row::NoHunks(f)
            | Row::Collapsed(f)
            | Row::Hunk(f, _)
            | Row::Line(f, _, _)
            | Row::LineMore(f, _, _, _) => Some(f),
            _ => None,
        }
    }

    /// The row a continuation row continues (itself for others).
    pub fn head(self) -> Row {
        match self {
            Row::LineMore(f, h, l, _) => Row::Line(f, h, l),
            Row::FindingMore(n, _) => Row::Finding(n),
            r => r,
        }
    }
}

/// What the header part needs to know to lay itself out.
pub struct HeaderCounts {
    pub committer_differs: bool,
    pub body_lines: usize,
    pub evidence: usize,
    /// Per finding, the rows it takes wrapped to the page.
    pub findings: Vec<usize>,
    /// Follow-up trailers from replies (mail only).
    pub followups: usize,
    /// Per shown verdict, the number of comment lines.
    pub verdict_comments: Vec<usize>,
    /// Whether a previous version was named (a row says what the patch was there).
    pub version: bool,
}

/// What a page is built from.
pub struct Shape<'a> {
    pub header: &'a HeaderCounts,
    pub diff: Option<&'a PatchDiff>,
    /// Each comment block: the row it goes under, and its height.
    pub comments: &'a [(Row, usize)],
    /// The files shown as one line.
    pub collapsed: &'a HashSet<usize>,
    /// Long diff lines wrap at this many columns; `None`: they scroll sideways.
    pub wrap: Option<usize>,
    /// Columns between tab stops.
    pub tab: usize,
}

/// Builds the rows of one patch's page, and puts each comment block under its row (under the
/// last row of a wrapped line).
pub fn build(shape: &Shape<'_>) -> Vec<Row> {
    let rows = build_plain(shape);
    if shape.comments.is_empty() {
        return rows;
    }
    let mut blocks: HashMap<Row, Vec<(usize, usize)>> = HashMap::new();
    for (c, &(row, height)) in shape.comments.iter().enumerate() {
        blocks.entry(row).or_default().push((c, height));
    }
    let extra = shape.comments.iter().map(|a| a.1).sum::<usize>();
    let mut out = Vec::with_capacity(rows.len() + extra);
    for (r, &row) in rows.iter().enumerate() {
        out.push(row);
        let last_of_line = rows.get(r + 1).is_none_or(|next| next.head() != row.head());
        if !last_of_line {
            continue;
        }
        if let Some(list) = blocks.get(&row.head()) {
            for &(c, height) in list {
                out.extend((0..height).map(|k| Row::Comment(c, k)));
            }
        }
    }
    out
}

fn build_plain(shape: &Shape<'_>) -> Vec<Row> {
    let mut rows = header_rows(shape);
    rows.push(Row::Blank);
    let Some(diff) = shape.diff else {
        rows.push(Row::Loading);
        return rows;
    };
    if diff.files.is_empty() {
        rows.push(Row::NoChanges);
        return rows;
    }
    let lines: usize = diff
        .files
        .iter()
        .flat_map(|f| &f.hunks)
        .map(|h| h.len() + 1)
        .sum();
    rows.reserve(lines + diff.files.len() * 3 + 2);
    // The file list, when there is more than one file to find.
    if diff.files.len() > 1 {
        rows.push(Row::FilesHeader);
        rows.extend((0..diff.files.len()).map(Row::FileStat));
        rows.push(Row::Blank);
    }
    for (f, file) in diff.files.iter().enumerate() {
        rows.push(Row::File(f));
        if shape.collapsed.contains(&f) {
            rows.push(Row::Collapsed(f));
            rows.push(Row::Blank);
            continue;
        }
        if file.hunks.is_empty() {
            rows.push(Row::NoHunks(f));
        }
        for (h, hunk) in file.hunks.iter().enumerate() {
            rows.push(Row::Hunk(f, h));
            match shape.wrap {
                None => rows.extend((0..hunk.len()).map(|l| Row::Line(f, h, l))),
                Some(width) => {
                    for (l, line) in hunk.lines().enumerate() {
                        rows.push(Row::Line(f, h, l));
                        let more = wrapped_rows(line.content, width, shape.tab);
                        rows.extend((1..more).map(|k| Row::LineMore(f, h, l, k)));
                    }
                }
            }
        }
        rows.push(Row::Blank);
    }
    rows
}

/// The rows above the diff: the commit's headers, message, provenance, findings, replies'
/// trailers and verdicts.
fn header_rows(shape: &Shape<'_>) -> Vec<Row> {
    let header = shape.header;
    let mut rows = vec![Row::Commit];
    if header.version {
        rows.push(Row::Version);
    }
    rows.push(Row::Author);
    if header.committer_differs {
        rows.push(Row::Committer);
    }
    rows.extend([Row::Blank, Row::Subject]);
    if header.body_lines > 0 {
        rows.push(Row::Blank);
        rows.extend((0..header.body_lines).map(Row::Body));
    }
    if header.evidence > 0 {
        rows.extend([Row::Blank, Row::Provenance]);
        rows.extend((0..header.evidence).map(Row::Evidence));
    }
    if !header.findings.is_empty() {
        rows.extend([Row::Blank, Row::FindingsHeader]);
        for (n, &height) in header.findings.iter().enumerate() {
            rows.push(Row::Finding(n));
            rows.extend((1..height).map(|k| Row::FindingMore(n, k)));
        }
    }
    if header.followups > 0 {
        rows.extend([Row::Blank, Row::FollowupsHeader]);
        rows.extend((0..header.followups).map(Row::Followup));
    }
    if !header.verdict_comments.is_empty() {
        rows.extend([Row::Blank, Row::VerdictsHeader]);
        for (v, &n) in header.verdict_comments.iter().enumerate() {
            rows.extend((0..=n).map(|l| Row::Verdict(v, l)));
        }
    }
    rows
}

/// Builds the rows of the interdiff page: what changed in the patch since the previous
/// version, the message part first, then the code; `None` when there is nothing to compare.
pub fn build_interdiff(inter: Option<&Interdiff>) -> Vec<Row> {
    let mut rows = vec![Row::InterTitle, Row::Blank];
    let Some(inter) = inter else {
        rows.push(Row::InterNothing);
        return rows;
    };
    for (part, hunks) in [(Part::Message, &inter.message), (Part::Code, &inter.code)] {
        if hunks.is_empty() {
            continue;
        }
        rows.push(Row::InterPart(part));
        for (h, hunk) in hunks.iter().enumerate() {
            rows.push(Row::InterHunk(part, h));
            rows.extend((0..hunk.lines.len()).map(|l| Row::InterLine(part, h, l)));
        }
        rows.push(Row::Blank);
    }
    rows
}

/// The rows a line of `width` columns takes when it wraps.
pub fn wrapped_rows(content: &str, width: usize, tab: usize) -> usize {
    shown_width(content, tab)
        .div_ceil(width.max(1))
        .clamp(1, MAX_WRAP)
}

/// The level of the area a row's file lands in.
pub fn level(diff: Option<&PatchDiff>, row: Row) -> Level {
    match (diff, row.file()) {
        (Some(d), Some(f)) => d.files[f].level(),
        _ => Level::Normal,
    }
}

/// Whether the row starts a hunk, or stands for a file that has none (a binary file): the
/// stops of `n`/`N` and `]`/`[`.
pub fn is_hunk_stop(row: Row) -> bool {
    matches!(
        row,
        Row::Hunk(..) | Row::NoHunks(_) | Row::Collapsed(_) | Row::InterHunk(..)
    )
}

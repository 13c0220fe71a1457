//! xdiff's change compaction (`xdl_change_compact`): slide each group of changed lines as far
//! as it can go, merge groups that touch, line groups up with changes in the other file, and
//! otherwise (with the indent heuristic) put the group where the split reads best.

use super::Marks;

/// A side of the comparison as compaction sees it.
pub(super) struct Side<'a> {
    pub ids: &'a [u32],
    pub lines: &'a [&'a [u8]],
    pub marks: &'a mut Marks,
}

/// A run of changed lines `[start, end)`; empty groups sit between unchanged lines.
#[derive(Clone, Copy)]
struct Group {
    start: usize,
    end: usize,
}

impl Side<'_> {
    fn n(&self) -> usize {
        self.ids.len()
    }

    fn first(&self) -> Group {
        let mut end = 0;
        while self.marks.get(end) {
            end += 1;
        }
        Group { start: 0, end }
    }

    fn next(&self, g: &mut Group) -> bool {
        if g.end == self.n() {
            return false;
        }
        g.start = g.end + 1;
        g.end = g.start;
        while self.marks.get(g.end) {
            g.end += 1;
        }
        true
    }

    fn previous(&self, g: &mut Group) -> bool {
        if g.start == 0 {
            return false;
        }
        g.end = g.start - 1;
        g.start = g.end;
        while g.start > 0 && self.marks.get(g.start - 1) {
            g.start -= 1;
        }
        true
    }

    fn slide_down(&mut self, g: &mut Group) -> bool {
        if g.end < self.n() && self.ids[g.start] == self.ids[g.end] {
            self.marks.set(g.start, false);
            self.marks.set(g.end, true);
            g.start += 1;
            g.end += 1;
            while self.marks.get(g.end) {
                g.end += 1;
            }
            true
        } else {
            false
        }
    }

    fn slide_up(&mut self, g: &mut Group) -> bool {
        if g.start > 0 && self.ids[g.start - 1] == self.ids[g.end - 1] {
            g.start -= 1;
            g.end -= 1;
            self.marks.set(g.start, true);
            self.marks.set(g.end, false);
            while g.start > 0 && self.marks.get(g.start - 1) {
                g.start -= 1;
            }
            true
        } else {
            false
        }
    }
}

/// Compacts the changes of `side` against `other` (whose marks stay in step).
pub(super) fn compact(side: &mut Side<'_>, other: &Side<'_>, indent_heuristic: bool) {
    let mut g = side.first();
    let mut go = other.first();
    loop {
        if g.end != g.start {
            let (earliest_end, end_matching_other, groupsize) = slide(side, other, &mut g, &mut go);
            if g.end == earliest_end {
                // It could not move.
            } else if end_matching_other.is_some() {
                while go.end == go.start {
                    let slid = side.slide_up(&mut g);
                    let moved = other.previous(&mut go);
                    debug_assert!(slid && moved, "xdiff group sync");
                }
            } else if indent_heuristic {
                let best = best_shift(side, g.end, earliest_end, groupsize);
                while g.end > best {
                    let slid = side.slide_up(&mut g);
                    let moved = other.previous(&mut go);
                    debug_assert!(slid && moved, "xdiff group sync");
                }
            }
        }
        if !side.next(&mut g) {
            break;
        }
        let moved = other.next(&mut go);
        debug_assert!(moved, "xdiff group sync");
    }
}

/// Slides the group up as far as it goes, then down as far as it goes, merging what it meets,
/// until its size settles. Returns its highest end, its lowest end that lines up with a change
/// in the other file, and its size.
fn slide(
    side: &mut Side<'_>,
    other: &Side<'_>,
    g: &mut Group,
    go: &mut Group,
) -> (usize, Option<usize>, usize) {
    loop {
        let groupsize = g.end - g.start;
        let mut end_matching_other = None;
        while side.slide_up(g) {
            let moved = other.previous(go);
            debug_assert!(moved, "xdiff group sync sliding up");
        }
        let earliest_end = g.end;
        if go.end > go.start {
            end_matching_other = Some(g.end);
        }
        while side.slide_down(g) {
            let moved = other.next(go);
            debug_assert!(moved, "xdiff group sync sliding down");
            if go.end > go.start {
                end_matching_other = Some(g.end);
            }
        }
        if groupsize == g.end - g.start {
            return (earliest_end, end_matching_other, groupsize);
        }
    }
}

const MAX_INDENT: i32 = 200;
const MAX_BLANKS: i32 = 20;
const INDENT_HEURISTIC_MAX_SLIDING: usize = 100;

const START_OF_FILE_PENALTY: i32 = 1;
const END_OF_FILE_PENALTY: i32 = 21;
const TOTAL_BLANK_WEIGHT: i32 = -30;
const POST_BLANK_WEIGHT: i32 = 6;
const RELATIVE_INDENT_PENALTY: i32 = -4;
const RELATIVE_INDENT_WITH_BLANK_PENALTY: i32 = 10;
const RELATIVE_OUTDENT_PENALTY: i32 = 24;
const RELATIVE_OUTDENT_WITH_BLANK_PENALTY: i32 = 17;
const RELATIVE_DEDENT_PENALTY: i32 = 23;
const RELATIVE_DEDENT_WITH_BLANK_PENALTY: i32 = 17;
const INDENT_WEIGHT: i32 = 60;

/// Columns of indentation (tabs to 8), or `None` for a blank line.
fn indent(line: &[u8]) -> Option<i32> {
    let mut ret = 0;
    for &c in line {
        if !super::is_space(c) {
            return Some(ret);
        } else if c == b' ' {
            ret += 1;
        } else if c == b'\t' {
            ret += 8 - ret % 8;
        }
        if ret >= MAX_INDENT {
            return Some(MAX_INDENT);
        }
    }
    None
}

/// What the lines around a split look like (xdiff's `measure_split`); -1 stands for none.
struct Measure {
    end_of_file: bool,
    indent: i32,
    pre_blank: i32,
    pre_indent: i32,
    post_blank: i32,
    post_indent: i32,
}

fn measure(lines: &[&[u8]], split: usize) -> Measure {
    let at = |i: usize| indent(lines[i]).unwrap_or(-1);
    let mut m = Measure {
        end_of_file: split >= lines.len(),
        indent: if split >= lines.len() { -1 } else { at(split) },
        pre_blank: 0,
        pre_indent: -1,
        post_blank: 0,
        post_indent: -1,
    };
    for i in (0..split.min(lines.len())).rev() {
        m.pre_indent = at(i);
        if m.pre_indent != -1 {
            break;
        }
        m.pre_blank += 1;
        if m.pre_blank == MAX_BLANKS {
            m.pre_indent = 0;
            break;
        }
    }
    for i in split + 1..lines.len() {
        m.post_indent = at(i);
        if m.post_indent != -1 {
            break;
        }
        m.post_blank += 1;
        if m.post_blank == MAX_BLANKS {
            m.post_indent = 0;
            break;
        }
    }
    m
}

/// Adds a split's badness to `(effective_indent, penalty)`.
fn score(m: &Measure, s: &mut (i32, i32)) {
    if m.pre_indent == -1 && m.pre_blank == 0 {
        s.1 += START_OF_FILE_PENALTY;
    }
    if m.end_of_file {
        s.1 += END_OF_FILE_PENALTY;
    }
    let post_blank = if m.indent == -1 { 1 + m.post_blank } else { 0 };
    let total_blank = m.pre_blank + post_blank;
    s.1 += TOTAL_BLANK_WEIGHT * total_blank + POST_BLANK_WEIGHT * post_blank;
    let indent = if m.indent != -1 {
        m.indent
    } else {
        m.post_indent
    };
    let any_blanks = total_blank != 0;
    s.0 += indent;
    if indent == -1 || m.pre_indent == -1 || indent == m.pre_indent {
        return;
    }
    s.1 += if indent > m.pre_indent {
        if any_blanks {
            RELATIVE_INDENT_WITH_BLANK_PENALTY
        } else {
            RELATIVE_INDENT_PENALTY
        }
    } else if m.post_indent != -1 && m.post_indent > indent {
        if any_blanks {
            RELATIVE_OUTDENT_WITH_BLANK_PENALTY
        } else {
            RELATIVE_OUTDENT_PENALTY
        }
    } else if any_blanks {
        RELATIVE_DEDENT_WITH_BLANK_PENALTY
    } else {
        RELATIVE_DEDENT_PENALTY
    };
}

fn cmp(a: (i32, i32), b: (i32, i32)) -> i32 {
    let indents = (a.0 > b.0) as i32 - (a.0 < b.0) as i32;
    INDENT_WEIGHT * indents + (a.1 - b.1)
}

/// The end position, between `earliest_end` and `end`, with the best pair of splits.
fn best_shift(side: &Side<'_>, end: usize, earliest_end: usize, groupsize: usize) -> usize {
    let mut shift = earliest_end as i64;
    shift = shift.max(end as i64 - groupsize as i64 - 1);
    shift = shift.max(end as i64 - INDENT_HEURISTIC_MAX_SLIDING as i64);
    let mut best: Option<(usize, (i32, i32))> = None;
    for shift in shift as usize..=end {
        let mut s = (0, 0);
        score(&measure(side.lines, shift), &mut s);
        score(&measure(side.lines, shift - groupsize), &mut s);
        if best.is_none_or(|(_, b)| cmp(s, b) <= 0) {
            best = Some((shift, s));
        }
    }
    best.map_or(end, |(shift, _)| shift)
}

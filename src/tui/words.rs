//! Intra-line highlighting: in a removed line and the added line that replaced it, the words
//! that changed, as `git diff --color-words` and delta show them. Words are runs of letters,
//! digits and `_`; every other character but a space is a word of its own, so `a->b` changing
//! to `a.b` marks the operator alone.

use std::ops::Range;
use std::time::{Duration, Instant};

use similar::{capture_diff_deadline, Algorithm, DiffOp};

/// Lines longer than this are not compared word by word: a minified file's one line says
/// nothing at word level and would cost a frame.
const MAX_LINE: usize = 2_000;
/// Above this share of changed characters the lines are different lines, and emphasising
/// nearly all of both would only be noise.
const MAX_CHANGED: f64 = 0.6;

/// Byte ranges of a line.
pub type Ranges = Vec<Range<usize>>;

/// The byte ranges that changed in `old` and in `new`, or `None` when the two lines are not
/// close enough for that to help.
pub fn changed(old: &str, new: &str) -> Option<(Ranges, Ranges)> {
    if old.len() > MAX_LINE || new.len() > MAX_LINE || old == new {
        return None;
    }
    let (a, b) = (tokens(old), tokens(new));
    let (ta, tb): (Vec<&str>, Vec<&str>) = (
        a.iter().map(|r| &old[r.clone()]).collect(),
        b.iter().map(|r| &new[r.clone()]).collect(),
    );
    let deadline = Instant::now() + Duration::from_millis(2);
    let ops = capture_diff_deadline(
        Algorithm::Myers,
        &ta,
        0..ta.len(),
        &tb,
        0..tb.len(),
        Some(deadline),
    );
    let (mut old_ranges, mut new_ranges) = (Vec::new(), Vec::new());
    let span = |toks: &[Range<usize>], r: Range<usize>| toks[r.start].start..toks[r.end - 1].end;
    for op in ops {
        match op {
            DiffOp::Equal { .. } => {}
            DiffOp::Delete {
                old_index, old_len, ..
            } => old_ranges.push(span(&a, old_index..old_index + old_len)),
            DiffOp::Insert {
                new_index, new_len, ..
            } => new_ranges.push(span(&b, new_index..new_index + new_len)),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                old_ranges.push(span(&a, old_index..old_index + old_len));
                new_ranges.push(span(&b, new_index..new_index + new_len));
            }
        }
    }
    let share = |ranges: &[Range<usize>], s: &str| {
        let changed: usize = ranges.iter().map(|r| s[r.clone()].trim().len()).sum();
        changed as f64 / s.trim().len().max(1) as f64
    };
    if share(&old_ranges, old) > MAX_CHANGED || share(&new_ranges, new) > MAX_CHANGED {
        return None;
    }
    Some((merge(old_ranges), merge(new_ranges)))
}

/// Word, space run, or single other character, as byte ranges.
fn tokens(s: &str) -> Vec<Range<usize>> {
    #[derive(PartialEq)]
    enum Class {
        Word,
        Space,
        Other,
    }
    let class = |c: char| {
        if c.is_alphanumeric() || c == '_' {
            Class::Word
        } else if c.is_whitespace() {
            Class::Space
        } else {
            Class::Other
        }
    };
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut last: Option<Class> = None;
    for (i, c) in s.char_indices() {
        let k = class(c);
        let joins = k != Class::Other && last.as_ref() == Some(&k);
        match out.last_mut() {
            Some(r) if joins => r.end = i + c.len_utf8(),
            _ => out.push(i..i + c.len_utf8()),
        }
        last = Some(k);
    }
    out
}

/// Adjacent ranges as one.
fn merge(ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for r in ranges {
        match out.last_mut() {
            Some(last) if last.end >= r.start => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(s: &str, ranges: &[Range<usize>]) -> String {
        let mut out = String::new();
        let mut at = 0;
        for r in ranges {
            out.push_str(&s[at..r.start]);
            out.push('[');
            out.push_str(&s[r.clone()]);
            out.push(']');
            at = r.end;
        }
        out.push_str(&s[at..]);
        out
    }

    #[test]
    fn marks_the_words_that_changed() {
        let (old, new) = ("    led_9 = compute(9);", "    led_period = compute(500);");
        let (a, b) = changed(old, new).unwrap();
        assert_eq!(marked(old, &a), "    [led_9] = compute([9]);");
        assert_eq!(marked(new, &b), "    [led_period] = compute([500]);");
        let (old, new) = ("p->next = q;", "p.next = q;");
        let (a, b) = changed(old, new).unwrap();
        assert_eq!(marked(old, &a), "p[->]next = q;");
        assert_eq!(marked(new, &b), "p[.]next = q;");
        // Unicode words stay whole.
        let (a, b) = changed("größe = 1", "größe = 2").unwrap();
        assert_eq!(marked("größe = 1", &a), "größe = [1]");
        assert_eq!(marked("größe = 2", &b), "größe = [2]");
    }

    #[test]
    fn different_lines_are_not_marked() {
        assert!(changed("return x;", "if (y > 3) { goto out; }").is_none());
        assert!(changed("same", "same").is_none());
        assert!(changed(&"x".repeat(5_000), &"y".repeat(5_000)).is_none());
    }
}

//! Columns on screen: tabs expanded to tab stops, and how wide a line of commit text is once
//! shown (control characters as `^[`, hidden ones as `<U+202E>`).

use std::borrow::Cow;

use unicode_width::UnicodeWidthStr;

/// `s` with each tab replaced by the spaces up to the next multiple of `tab` columns.
pub fn expand_tabs(s: &str, tab: usize) -> Cow<'_, str> {
    if !s.contains('\t') {
        return Cow::Borrowed(s);
    }
    let tab = tab.max(1);
    let mut out = String::with_capacity(s.len() + 8);
    let mut col = 0;
    for c in s.chars() {
        if c == '\t' {
            let n = tab - col % tab;
            out.extend(std::iter::repeat_n(' ', n));
            col += n;
        } else {
            out.push(c);
            col += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        }
    }
    Cow::Owned(out)
}

/// The columns `s` takes on screen, tabs expanded and hostile characters made visible.
pub fn shown_width(s: &str, tab: usize) -> usize {
    if s.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return s.len();
    }
    let s = expand_tabs(s, tab);
    git_triage::sanitize::pieces(&s, " ")
        .iter()
        .map(|(_, p)| p.width())
        .sum()
}

/// Commit text made visible and wrapped to `width` columns (at spaces where it can, inside a
/// word where it must).
pub fn wrap(s: &str, width: usize) -> Vec<String> {
    let shown = git_triage::sanitize::escape(s);
    let lines: Vec<String> = textwrap::wrap(&shown, width.max(1))
        .into_iter()
        .map(|l| l.into_owned())
        .collect();
    if lines.is_empty() {
        vec![String::new()]
    } else {
        lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tabs_go_to_tab_stops() {
        assert_eq!(expand_tabs("\tx", 8), "        x");
        assert_eq!(expand_tabs("ab\tc", 8), "ab      c");
        assert_eq!(expand_tabs("abcdefgh\ti", 8), "abcdefgh        i");
        assert_eq!(expand_tabs("a\tb", 4), "a   b");
        assert_eq!(expand_tabs("全\tx", 4), "全  x");
        assert_eq!(shown_width("a\tb\u{1b}", 8), 11);
    }
}

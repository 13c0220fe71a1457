//! The only door from commit text to a terminal.
//!
//! Subjects, author names, paths and diff lines come from whoever wrote the patch. Before any of
//! it is printed it passes through here: control characters become visible caret notation (`^[`
//! for ESC), C1 controls and the invisible characters of "Trojan Source" (CVE-2021-42574: bidi
//! overrides and isolates, zero-width characters) become `<U+202E>` markers that a renderer can
//! colour as a warning.

use std::borrow::Cow;

/// What a piece of sanitized text is, so that a renderer can style the markers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece {
    /// Text that is safe to print as it is.
    Plain,
    /// A control character shown in caret or `<U+XXXX>` notation.
    Control,
    /// An invisible or direction-changing character shown as `<U+XXXX>`.
    Hidden,
}

/// Whether `c` is a bidirectional control or a zero-width character: invisible in most
/// renderings, and able to make code read differently from how it compiles.
pub fn is_hidden(c: char) -> bool {
    matches!(c,
        '\u{202A}'..='\u{202E}'   // LRE RLE PDF LRO RLO
        | '\u{2066}'..='\u{2069}' // LRI RLI FSI PDI
        | '\u{200E}' | '\u{200F}' | '\u{061C}' // LRM RLM ALM
        | '\u{200B}'..='\u{200D}' // ZWSP ZWNJ ZWJ
        | '\u{2060}' | '\u{FEFF}' | '\u{180E}' // WJ, BOM/ZWNBSP, Mongolian vowel separator
    )
}

/// The hidden characters in `s`, in order of appearance, without repeats.
pub fn hidden_chars(s: &str) -> Vec<char> {
    let mut found: Vec<char> = Vec::new();
    for c in s.chars().filter(|&c| is_hidden(c)) {
        if !found.contains(&c) {
            found.push(c);
        }
    }
    found
}

/// Splits `s` into printable pieces; `tab` is what a tab becomes (spaces for one-line fields).
pub fn pieces<'a>(s: &'a str, tab: &'a str) -> Vec<(Piece, Cow<'a, str>)> {
    let mut out = Vec::new();
    let mut plain_start = 0;
    for (i, c) in s.char_indices() {
        let marker = if c == '\t' {
            Some((Piece::Plain, Cow::Borrowed(tab)))
        } else if is_hidden(c) {
            Some((Piece::Hidden, Cow::Owned(format!("<U+{:04X}>", c as u32))))
        } else if (c as u32) < 0x20 {
            Some((
                Piece::Control,
                Cow::Owned(format!("^{}", char::from(c as u8 + 0x40))),
            ))
        } else if c == '\u{7f}' {
            Some((Piece::Control, Cow::Borrowed("^?")))
        } else if ('\u{80}'..='\u{9f}').contains(&c) || matches!(c, '\u{2028}' | '\u{2029}') {
            Some((Piece::Control, Cow::Owned(format!("<U+{:04X}>", c as u32))))
        } else {
            None
        };
        if let Some(m) = marker {
            if plain_start < i {
                out.push((Piece::Plain, Cow::Borrowed(&s[plain_start..i])));
            }
            out.push(m);
            plain_start = i + c.len_utf8();
        }
    }
    if plain_start < s.len() {
        out.push((Piece::Plain, Cow::Borrowed(&s[plain_start..])));
    }
    out
}

/// `s` with every control and hidden character made visible; tabs become one space.
pub fn escape(s: &str) -> Cow<'_, str> {
    let needs = s
        .chars()
        .any(|c| (c as u32) < 0x20 || ('\u{7f}'..='\u{9f}').contains(&c) || is_hidden(c));
    if !needs && !s.contains(['\u{2028}', '\u{2029}']) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(pieces(s, " ").into_iter().map(|(_, t)| t).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_become_visible() {
        assert_eq!(escape("\x1b[2Jclear"), "^[[2Jclear");
        assert_eq!(escape("bell\x07"), "bell^G");
        assert_eq!(escape("a\u{9b}31m"), "a<U+009B>31m");
        assert_eq!(escape("del\x7f"), "del^?");
        assert_eq!(escape("plain text"), "plain text");
        assert!(matches!(escape("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn bidi_and_zero_width_are_marked() {
        let s = "if (a /*\u{202E} } \u{2066}*/)\u{200B}";
        assert_eq!(hidden_chars(s), vec!['\u{202E}', '\u{2066}', '\u{200B}']);
        let p = pieces(s, " ");
        assert!(p
            .iter()
            .any(|(k, t)| *k == Piece::Hidden && t == "<U+202E>"));
        assert_eq!(escape("x\u{FEFF}"), "x<U+FEFF>");
    }
}

//! The only door from commit text to a terminal.
//!
//! Subjects, author names, paths and diff lines come from whoever wrote the patch. Before any of
//! it is printed it passes through here: control characters become visible caret notation (`^[`
//! for ESC), C1 controls and every invisible character become `<U+202E>` markers that a
//! renderer can colour as a warning. Invisible means Unicode's `Default_Ignorable_Code_Point`
//! (which holds `Bidi_Control`, the "Trojan Source" overrides and isolates of CVE-2021-42574, as
//! well as zero-width characters, tag characters that can spell out hidden text, variation
//! selectors that can smuggle bytes after any character, and invisible operators) and the other
//! format characters that render as nothing.

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

/// Whether `c` is invisible: a `Default_Ignorable_Code_Point` of Unicode 16.0
/// (`DerivedCoreProperties.txt`; the property is stable, later versions assign new ignorables
/// only inside the reserved ranges listed here), or a format character outside it that renders
/// as nothing (interlinear annotation controls, Egyptian hieroglyph format controls).
pub fn is_hidden(c: char) -> bool {
    matches!(c,
        '\u{00AD}'                       // SOFT HYPHEN
        | '\u{034F}'                     // COMBINING GRAPHEME JOINER
        | '\u{061C}'                     // ARABIC LETTER MARK (bidi)
        | '\u{115F}'..='\u{1160}'        // HANGUL CHOSEONG/JUNGSEONG FILLER
        | '\u{17B4}'..='\u{17B5}'        // KHMER VOWEL INHERENT AQ, AA
        | '\u{180B}'..='\u{180F}'        // MONGOLIAN FREE VARIATION SELECTORS, VOWEL SEPARATOR
        | '\u{200B}'..='\u{200F}'        // ZERO WIDTH SPACE..RIGHT-TO-LEFT MARK (bidi)
        | '\u{202A}'..='\u{202E}'        // LRE RLE PDF LRO RLO (bidi)
        | '\u{2060}'..='\u{206F}'        // WORD JOINER, invisible operators, LRI..PDI (bidi), ...
        | '\u{3164}'                     // HANGUL FILLER
        | '\u{FE00}'..='\u{FE0F}'        // VARIATION SELECTOR-1..16
        | '\u{FEFF}'                     // ZERO WIDTH NO-BREAK SPACE (byte order mark)
        | '\u{FFA0}'                     // HALFWIDTH HANGUL FILLER
        | '\u{FFF0}'..='\u{FFF8}'        // reserved default-ignorable
        | '\u{FFF9}'..='\u{FFFB}'        // INTERLINEAR ANNOTATION ANCHOR..TERMINATOR (format)
        | '\u{13430}'..='\u{1343F}'      // EGYPTIAN HIEROGLYPH format controls (format)
        | '\u{1BCA0}'..='\u{1BCA3}'      // SHORTHAND FORMAT controls
        | '\u{1D173}'..='\u{1D17A}'      // MUSICAL SYMBOL BEGIN BEAM..END PHRASE
        | '\u{E0000}'..='\u{E0FFF}'      // LANGUAGE TAG, TAG SPACE..CANCEL TAG, VARIATION
                                        // SELECTOR-17..256, reserved
    )
}

/// The Unicode name of a hidden character (a description for reserved code points).
pub fn hidden_name(c: char) -> std::borrow::Cow<'static, str> {
    use std::borrow::Cow::{Borrowed, Owned};
    let n = c as u32;
    match c {
        '\u{FE00}'..='\u{FE0F}' => Owned(format!("VARIATION SELECTOR-{}", n - 0xFE00 + 1)),
        '\u{E0100}'..='\u{E01EF}' => Owned(format!("VARIATION SELECTOR-{}", n - 0xE0100 + 17)),
        '\u{E0020}' => Borrowed("TAG SPACE"),
        '\u{E0021}'..='\u{E007E}' => {
            let ascii = char::from((n - 0xE0000) as u8);
            Owned(match ascii {
                'A'..='Z' => format!("TAG LATIN CAPITAL LETTER {ascii}"),
                'a'..='z' => format!("TAG LATIN SMALL LETTER {}", ascii.to_ascii_uppercase()),
                '0'..='9' => format!("TAG DIGIT {}", DIGITS[(n - 0xE0030) as usize]),
                _ => format!("TAG {}", punctuation_name(ascii)),
            })
        }
        '\u{E0001}' => Borrowed("LANGUAGE TAG"),
        '\u{E007F}' => Borrowed("CANCEL TAG"),
        _ => Borrowed(NAMES.iter().find(|(k, _)| *k == c).map_or_else(
            || {
                if matches!(n, 0x13430..=0x1343F) {
                    "EGYPTIAN HIEROGLYPH FORMAT CONTROL"
                } else if matches!(n, 0x1BCA0..=0x1BCA3) {
                    "SHORTHAND FORMAT CONTROL"
                } else if matches!(n, 0x1D173..=0x1D17A) {
                    "MUSICAL SYMBOL FORMAT CONTROL"
                } else {
                    "reserved invisible code point"
                }
            },
            |(_, name)| name,
        )),
    }
}

const DIGITS: [&str; 10] = [
    "ZERO", "ONE", "TWO", "THREE", "FOUR", "FIVE", "SIX", "SEVEN", "EIGHT", "NINE",
];

/// The names Unicode gives the tag versions of ASCII punctuation.
fn punctuation_name(c: char) -> &'static str {
    const PUNCTUATION: &[(char, &str)] = &[
        ('!', "EXCLAMATION MARK"),
        ('"', "QUOTATION MARK"),
        ('#', "NUMBER SIGN"),
        ('$', "DOLLAR SIGN"),
        ('%', "PERCENT SIGN"),
        ('&', "AMPERSAND"),
        ('\'', "APOSTROPHE"),
        ('(', "LEFT PARENTHESIS"),
        (')', "RIGHT PARENTHESIS"),
        ('*', "ASTERISK"),
        ('+', "PLUS SIGN"),
        (',', "COMMA"),
        ('-', "HYPHEN-MINUS"),
        ('.', "FULL STOP"),
        ('/', "SOLIDUS"),
        (':', "COLON"),
        (';', "SEMICOLON"),
        ('<', "LESS-THAN SIGN"),
        ('=', "EQUALS SIGN"),
        ('>', "GREATER-THAN SIGN"),
        ('?', "QUESTION MARK"),
        ('@', "COMMERCIAL AT"),
        ('[', "LEFT SQUARE BRACKET"),
        ('\\', "REVERSE SOLIDUS"),
        (']', "RIGHT SQUARE BRACKET"),
        ('^', "CIRCUMFLEX ACCENT"),
        ('_', "LOW LINE"),
        ('`', "GRAVE ACCENT"),
        ('{', "LEFT CURLY BRACKET"),
        ('|', "VERTICAL LINE"),
        ('}', "RIGHT CURLY BRACKET"),
        ('~', "TILDE"),
    ];
    PUNCTUATION
        .iter()
        .find(|(k, _)| *k == c)
        .map_or("CHARACTER", |(_, n)| n)
}

/// Names of the hidden characters outside the numbered series.
const NAMES: &[(char, &str)] = &[
    ('\u{00AD}', "SOFT HYPHEN"),
    ('\u{034F}', "COMBINING GRAPHEME JOINER"),
    ('\u{061C}', "ARABIC LETTER MARK"),
    ('\u{115F}', "HANGUL CHOSEONG FILLER"),
    ('\u{1160}', "HANGUL JUNGSEONG FILLER"),
    ('\u{17B4}', "KHMER VOWEL INHERENT AQ"),
    ('\u{17B5}', "KHMER VOWEL INHERENT AA"),
    ('\u{180B}', "MONGOLIAN FREE VARIATION SELECTOR ONE"),
    ('\u{180C}', "MONGOLIAN FREE VARIATION SELECTOR TWO"),
    ('\u{180D}', "MONGOLIAN FREE VARIATION SELECTOR THREE"),
    ('\u{180E}', "MONGOLIAN VOWEL SEPARATOR"),
    ('\u{180F}', "MONGOLIAN FREE VARIATION SELECTOR FOUR"),
    ('\u{200B}', "ZERO WIDTH SPACE"),
    ('\u{200C}', "ZERO WIDTH NON-JOINER"),
    ('\u{200D}', "ZERO WIDTH JOINER"),
    ('\u{200E}', "LEFT-TO-RIGHT MARK"),
    ('\u{200F}', "RIGHT-TO-LEFT MARK"),
    ('\u{202A}', "LEFT-TO-RIGHT EMBEDDING"),
    ('\u{202B}', "RIGHT-TO-LEFT EMBEDDING"),
    ('\u{202C}', "POP DIRECTIONAL FORMATTING"),
    ('\u{202D}', "LEFT-TO-RIGHT OVERRIDE"),
    ('\u{202E}', "RIGHT-TO-LEFT OVERRIDE"),
    ('\u{2060}', "WORD JOINER"),
    ('\u{2061}', "FUNCTION APPLICATION"),
    ('\u{2062}', "INVISIBLE TIMES"),
    ('\u{2063}', "INVISIBLE SEPARATOR"),
    ('\u{2064}', "INVISIBLE PLUS"),
    ('\u{2066}', "LEFT-TO-RIGHT ISOLATE"),
    ('\u{2067}', "RIGHT-TO-LEFT ISOLATE"),
    ('\u{2068}', "FIRST STRONG ISOLATE"),
    ('\u{2069}', "POP DIRECTIONAL ISOLATE"),
    ('\u{206A}', "INHIBIT SYMMETRIC SWAPPING"),
    ('\u{206B}', "ACTIVATE SYMMETRIC SWAPPING"),
    ('\u{206C}', "INHIBIT ARABIC FORM SHAPING"),
    ('\u{206D}', "ACTIVATE ARABIC FORM SHAPING"),
    ('\u{206E}', "NATIONAL DIGIT SHAPES"),
    ('\u{206F}', "NOMINAL DIGIT SHAPES"),
    ('\u{3164}', "HANGUL FILLER"),
    ('\u{FEFF}', "ZERO WIDTH NO-BREAK SPACE"),
    ('\u{FFA0}', "HALFWIDTH HANGUL FILLER"),
    ('\u{FFF9}', "INTERLINEAR ANNOTATION ANCHOR"),
    ('\u{FFFA}', "INTERLINEAR ANNOTATION SEPARATOR"),
    ('\u{FFFB}', "INTERLINEAR ANNOTATION TERMINATOR"),
];

/// The text that tag characters in `s` spell (each is an ASCII character plus U+E0000), as
/// hidden prompts for language models are written; empty when there is none.
pub fn tag_text(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c as u32 {
            n @ 0xE0020..=0xE007E => Some(char::from((n - 0xE0000) as u8)),
            _ => None,
        })
        .collect()
}

/// Whether `c` is a pictograph or symbol that has an emoji presentation: the bases of Unicode's
/// emoji variation and ZWJ sequences (`emoji-variation-sequences.txt`, `emoji-zwj-sequences.txt`),
/// by block. Keycap bases (`#`, `*`, digits) are handled with their U+20E3.
fn is_emoji_base(c: char) -> bool {
    matches!(c,
        '\u{00A9}' | '\u{00AE}' | '\u{203C}' | '\u{2049}' | '\u{2122}' | '\u{2139}'
        | '\u{2194}'..='\u{21AA}'      // arrows
        | '\u{231A}'..='\u{23FF}'      // watch, hourglass, keyboard, media controls
        | '\u{24C2}'
        | '\u{25AA}'..='\u{27BF}'      // geometric shapes, miscellaneous symbols, dingbats
        | '\u{2934}'..='\u{2935}'
        | '\u{2B05}'..='\u{2B55}'      // arrows, squares, star, circle
        | '\u{3030}' | '\u{303D}' | '\u{3297}' | '\u{3299}'
        | '\u{1F000}'..='\u{1FAFF}'    // mahjong .. symbols and pictographs extended-A
    )
}

/// Whether the hidden character at `chars[i]` is part of an emoji as Unicode spells it: an emoji
/// presentation selector (U+FE0E text, U+FE0F emoji) right after an emoji base or a keycap base
/// followed by U+20E3, or a zero width joiner between two emoji (👨‍👩‍👧). These render as one
/// visible picture; a selector anywhere else, a run of them or the supplementary selectors
/// (which can smuggle bytes after an emoji) stay hidden.
fn in_emoji(chars: &[char], i: usize) -> bool {
    let prev = i.checked_sub(1).map(|p| chars[p]);
    let next = chars.get(i + 1).copied();
    match chars[i] {
        '\u{FE0E}' | '\u{FE0F}' => match prev {
            Some(p) if is_emoji_base(p) => true,
            Some('#' | '*' | '0'..='9') => next == Some('\u{20E3}'),
            _ => false,
        },
        '\u{200D}' => {
            // The emoji before the joiner may end in its own presentation selector.
            let before = match prev {
                Some('\u{FE0F}') => i.checked_sub(2).map(|p| chars[p]),
                p => p,
            };
            before.is_some_and(is_emoji_base) && next.is_some_and(is_emoji_base)
        }
        _ => false,
    }
}

/// The byte offsets and characters of `s` that are hidden: [`is_hidden`], except where they
/// are part of an emoji.
fn hidden_at(s: &str) -> Vec<(usize, char)> {
    if !s.chars().any(is_hidden) {
        return Vec::new();
    }
    let chars: Vec<char> = s.chars().collect();
    s.char_indices()
        .enumerate()
        .filter(|&(n, (_, c))| is_hidden(c) && !in_emoji(&chars, n))
        .map(|(_, ic)| ic)
        .collect()
}

/// The hidden characters in `s`, in order of appearance, without repeats. Emoji presentation
/// selectors and joiners inside an emoji are not hidden.
pub fn hidden_chars(s: &str) -> Vec<char> {
    let mut found: Vec<char> = Vec::new();
    for (_, c) in hidden_at(s) {
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
    // In order of appearance, so one pass over both finds each.
    let mut hidden = hidden_at(s).into_iter().map(|(at, _)| at).peekable();
    for (i, c) in s.char_indices() {
        let is_hidden_here = hidden.next_if_eq(&i).is_some();
        let marker = if c == '\t' {
            Some((Piece::Plain, Cow::Borrowed(tab)))
        } else if is_hidden_here {
            Some((Piece::Hidden, Cow::Owned(format!("<U+{:04X}>", c as u32))))
        } else {
            control(c).map(|m| (Piece::Control, m))
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

/// How the control character `c` is shown: `^[` for ESC and the other C0 controls, `^?` for
/// DEL, `<U+009B>` for C1 controls and the Unicode line and paragraph separators; `None` for
/// any other character.
fn control(c: char) -> Option<Cow<'static, str>> {
    if (c as u32) < 0x20 {
        Some(Cow::Owned(format!("^{}", char::from(c as u8 + 0x40))))
    } else if c == '\u{7f}' {
        Some(Cow::Borrowed("^?"))
    } else if ('\u{80}'..='\u{9f}').contains(&c) || matches!(c, '\u{2028}' | '\u{2029}') {
        Some(Cow::Owned(format!("<U+{:04X}>", c as u32)))
    } else {
        None
    }
}

/// `s` with every control character but tab and newline shown as [`escape`] shows it (`^[`
/// for ESC), for text that goes on to be read elsewhere, such as a mail reply: no escape
/// sequence survives, and the text keeps its lines and indentation. Hidden characters stay:
/// they are letters' business in some scripts (U+200C in Persian) and emoji.
pub fn escape_controls(s: &str) -> Cow<'_, str> {
    let visible = |c: char| c == '\t' || c == '\n' || control(c).is_none();
    if s.chars().all(visible) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match control(c) {
            Some(m) if !visible(c) => out.push_str(&m),
            _ => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// `s` with every control and hidden character made visible; tabs become one space.
pub fn escape(s: &str) -> Cow<'_, str> {
    let needs = s
        .chars()
        .any(|c| (c as u32) < 0x20 || ('\u{7f}'..='\u{9f}').contains(&c))
        || !hidden_at(s).is_empty();
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
    fn escape_controls_keeps_lines_and_tabs() {
        assert_eq!(
            escape_controls("a\tb\n\x1b]52;c;aGk=\x07\u{9b}2J\r\u{200c}"),
            "a\tb\n^[]52;c;aGk=^G<U+009B>2J^M\u{200c}"
        );
        assert!(matches!(escape_controls("plain\tline\n"), Cow::Borrowed(_)));
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

    /// Unicode 16.0's Default_Ignorable_Code_Point ranges and the other invisible format
    /// characters, as listed in `is_hidden`'s documentation.
    const RANGES: &[(u32, u32)] = &[
        (0x00AD, 0x00AD),
        (0x034F, 0x034F),
        (0x061C, 0x061C),
        (0x115F, 0x1160),
        (0x17B4, 0x17B5),
        (0x180B, 0x180F),
        (0x200B, 0x200F),
        (0x202A, 0x202E),
        (0x2060, 0x206F),
        (0x3164, 0x3164),
        (0xFE00, 0xFE0F),
        (0xFEFF, 0xFEFF),
        (0xFFA0, 0xFFA0),
        (0xFFF0, 0xFFFB),
        (0x13430, 0x1343F),
        (0x1BCA0, 0x1BCA3),
        (0x1D173, 0x1D17A),
        (0xE0000, 0xE0FFF),
    ];

    #[test]
    fn every_range_is_hidden_and_its_neighbours_are_not() {
        let c = |n: u32| char::from_u32(n).unwrap();
        let listed = |n: u32| RANGES.iter().any(|&(a, b)| (a..=b).contains(&n));
        for &(a, b) in RANGES {
            for n in [a, (a + b) / 2, b] {
                assert!(is_hidden(c(n)), "U+{n:04X}");
                assert!(!escape(&c(n).to_string()).contains(c(n)), "U+{n:04X}");
            }
            for n in [a - 1, b + 1] {
                assert_eq!(is_hidden(c(n)), listed(n), "U+{n:04X}");
            }
        }
        // Everything else, all of Unicode: nothing hidden outside the table.
        let outside = (0..=0x10FFFF)
            .filter_map(char::from_u32)
            .filter(|&ch| is_hidden(ch) != listed(ch as u32))
            .count();
        assert_eq!(outside, 0);
        for visible in [
            'a',
            ' ',
            '\u{A0}',
            '\u{2800}',
            '\u{3000}',
            '\u{600}',
            '\u{1F600}',
        ] {
            assert!(!is_hidden(visible), "U+{:04X}", visible as u32);
        }
    }

    #[test]
    fn tags_and_selectors_are_named_and_tag_text_is_spelled_out() {
        assert_eq!(hidden_name('\u{E0041}'), "TAG LATIN CAPITAL LETTER A");
        assert_eq!(hidden_name('\u{E0072}'), "TAG LATIN SMALL LETTER R");
        assert_eq!(hidden_name('\u{E0037}'), "TAG DIGIT SEVEN");
        assert_eq!(hidden_name('\u{E002F}'), "TAG SOLIDUS");
        assert_eq!(hidden_name('\u{E007F}'), "CANCEL TAG");
        assert_eq!(hidden_name('\u{FE0F}'), "VARIATION SELECTOR-16");
        assert_eq!(hidden_name('\u{E01EF}'), "VARIATION SELECTOR-256");
        assert_eq!(hidden_name('\u{2064}'), "INVISIBLE PLUS");
        assert_eq!(hidden_name('\u{FFF5}'), "reserved invisible code point");
        let smuggled: String = "hi there"
            .chars()
            .map(|c| char::from_u32(0xE0000 + c as u32).unwrap())
            .collect();
        assert_eq!(tag_text(&format!("ok{smuggled}")), "hi there");
        assert_eq!(escape(&format!("a{}", &smuggled[..4])), "a<U+E0068>");
        // An emoji's own presentation selector and joiners are part of the picture; a selector
        // after a letter, a run of them, or the supplementary ones stay hidden.
        assert_eq!(escape("\u{2764}\u{FE0F}"), "\u{2764}\u{FE0F}");
        assert_eq!(escape("1\u{FE0F}\u{20E3}"), "1\u{FE0F}\u{20E3}");
        let family = "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}";
        assert_eq!(escape(family), family);
        assert_eq!(
            escape("\u{2764}\u{FE0F}\u{200D}\u{1F525}"),
            "\u{2764}\u{FE0F}\u{200D}\u{1F525}"
        );
        assert!(hidden_chars("\u{1F600}\u{FE0F} ok").is_empty());
        assert_eq!(escape("a\u{FE0F}"), "a<U+FE0F>");
        assert_eq!(escape("1\u{FE0F}"), "1<U+FE0F>");
        assert_eq!(
            escape("\u{2764}\u{FE0F}\u{FE0F}"),
            "\u{2764}\u{FE0F}<U+FE0F>"
        );
        assert_eq!(escape("\u{1F600}\u{E0101}"), "\u{1F600}<U+E0101>");
        assert_eq!(escape("a\u{200D}b"), "a<U+200D>b");
        assert_eq!(escape("\u{1F468}\u{200D}"), "\u{1F468}<U+200D>");
    }
}

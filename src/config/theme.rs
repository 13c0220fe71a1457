//! `[theme]`: the colours a layer may give the TUI's marks.

/// The names `[theme]` accepts, each the colour of one kind of mark in the TUI.
pub const THEME_KEYS: &[(&str, &str)] = &[
    ("critical", "hunks and files in critical areas"),
    ("sensitive", "hunks and files in sensitive areas"),
    ("ai", "AI evidence: badges and provenance trailers"),
    ("chain", "the Signed-off-by / Co-developed-by chain"),
    ("warning", "hidden Unicode and control characters"),
    ("accent", "focus, selection and headings"),
];

/// Whether `s` names a colour: one of the 16 terminal colours, `#rrggbb`, or 0-255.
pub fn is_colour(s: &str) -> bool {
    const NAMES: &[&str] = &[
        "black",
        "red",
        "green",
        "yellow",
        "blue",
        "magenta",
        "cyan",
        "gray",
        "darkgray",
        "lightred",
        "lightgreen",
        "lightyellow",
        "lightblue",
        "lightmagenta",
        "lightcyan",
        "white",
        "reset",
    ];
    let lower = s.to_ascii_lowercase().replace(['-', '_', ' '], "");
    NAMES.contains(&lower.as_str())
        || (s.len() == 7 && s.starts_with('#') && s[1..].chars().all(|c| c.is_ascii_hexdigit()))
        || s.parse::<u8>().is_ok()
}

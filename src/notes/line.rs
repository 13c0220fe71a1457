//! The line format. Every line of a note stands alone: a key, a version, the UTC time to the
//! millisecond, then the fields of its kind:
//!
//! ```text
//! Triage-Verdict: v1 2026-11-26T09:14:03.120Z accept patch-id=4f1c…e2 [from=<commit>] Jane Doe <jane@example.org> ["comment"]
//! ```
//!
//! Lines are untrusted: anyone who can push the notes ref can write them. A line of a kind and
//! version this build reads is parsed strictly, and one that does not parse is an error the
//! caller reports and skips; other text (foreign notes, future versions, kinds this build does
//! not know) is [`Line::Other`], kept in the note and ignored. A new kind of line (say
//! `Triage-Comment:`) is a new [`Line`] variant and a new arm in [`parse_line`], reusing the
//! [`Fields`] reader for the time, the identity and the quoted text.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use git2::Oid;

use super::verdict::{clean_email, clean_name, State, Verdict};

/// The key that starts every verdict line.
pub const KEY: &str = "Triage-Verdict";
/// The version of the line format written by this build.
pub const VERSION: &str = "v1";
/// The longest line read or written, in bytes: room for a long review comment, not for a line
/// meant to exhaust the reader.
pub const MAX_LINE: usize = 64 * 1024;

/// Why a line of a kind this build reads was skipped.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LineError {
    #[error("longer than {MAX_LINE} bytes ({len})")]
    TooLong { len: usize },
    #[error("not valid UTF-8")]
    NotUtf8,
    #[error("bad {field} {value:?}")]
    Field { field: &'static str, value: String },
    #[error("time {0} is out of range (years 1970 to 9998)")]
    TimeOutOfRange(String),
}

/// What one line of a note says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    Verdict(Verdict),
    /// Text this build does not interpret: someone else's note, a future version, another kind.
    Other,
}

/// Parses one line of a note (without its newline).
pub fn parse_line(bytes: &[u8]) -> Result<Line, LineError> {
    let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
    let Some(body) = ours(bytes, KEY) else {
        return Ok(Line::Other);
    };
    if bytes.len() > MAX_LINE {
        return Err(LineError::TooLong { len: bytes.len() });
    }
    let body = std::str::from_utf8(body).map_err(|_| LineError::NotUtf8)?;
    parse_verdict(body).map(Line::Verdict)
}

/// The rest of the line after `KEY: v1 `, when it is a line of that kind and this version.
fn ours<'a>(bytes: &'a [u8], key: &str) -> Option<&'a [u8]> {
    let rest = bytes.strip_prefix(key.as_bytes())?.strip_prefix(b":")?;
    let start = rest.iter().position(|b| !b.is_ascii_whitespace())?;
    rest[start..]
        .strip_prefix(VERSION.as_bytes())?
        .strip_prefix(b" ")
}

fn parse_verdict(body: &str) -> Result<Verdict, LineError> {
    let mut f = Fields { rest: body };
    let at = f.time()?;
    let word = f.word("state")?;
    let state = word.parse::<State>().map_err(|_| bad("state", word))?;
    let word = f.word("patch-id")?;
    let pid = word
        .strip_prefix("patch-id=")
        .ok_or_else(|| bad("patch-id", word))?;
    let patch_id = match pid {
        "-" => None,
        _ => Some(oid(pid).ok_or_else(|| bad("patch-id", pid))?),
    };
    let from = match f.optional("from=") {
        Some(c) => Some(oid(c).ok_or_else(|| bad("from", c))?),
        None => None,
    };
    let (reviewer, email) = f.identity()?;
    let comment = f.quoted()?;
    Ok(Verdict {
        state,
        reviewer,
        email,
        at,
        patch_id,
        comment,
        from,
    })
}

/// A full object name: exactly 40 hex digits (libgit2 alone would take a prefix and pad it).
fn oid(hex: &str) -> Option<Oid> {
    (hex.len() == 40 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
        .then(|| Oid::from_str(hex).ok())
        .flatten()
}

fn bad(field: &'static str, value: &str) -> LineError {
    let mut short: String = value.chars().take(40).collect();
    if short.len() < value.len() {
        short.push('…');
    }
    LineError::Field {
        field,
        value: crate::sanitize::escape(&short).into_owned(),
    }
}

/// The fields of a line after its version, read left to right.
pub(super) struct Fields<'a> {
    rest: &'a str,
}

impl<'a> Fields<'a> {
    /// The next space-separated word.
    fn word(&mut self, field: &'static str) -> Result<&'a str, LineError> {
        let (word, rest) = self
            .rest
            .split_once(' ')
            .ok_or_else(|| bad(field, self.rest))?;
        self.rest = rest;
        Ok(word)
    }

    /// The value of an optional `prefix=value` word.
    fn optional(&mut self, prefix: &str) -> Option<&'a str> {
        let (value, rest) = self.rest.strip_prefix(prefix)?.split_once(' ')?;
        self.rest = rest;
        Some(value)
    }

    /// The time that starts every line.
    fn time(&mut self) -> Result<SystemTime, LineError> {
        parse_time(self.word("time")?)
    }

    /// `Name <email>`: the name may be empty, the email may not, and neither may carry what
    /// [`Verdict::to_line`] would have cleaned away.
    fn identity(&mut self) -> Result<(String, String), LineError> {
        let open = self
            .rest
            .find('<')
            .ok_or_else(|| bad("reviewer", self.rest))?;
        let close = open
            + self.rest[open..]
                .find('>')
                .ok_or_else(|| bad("reviewer", self.rest))?;
        let name = self.rest[..open].trim().to_string();
        let email = self.rest[open + 1..close].to_string();
        // Only what a writer writes: no control, bidi or zero-width characters hiding in it.
        if email.is_empty() || clean_email(&email) != email || clean_name(&name) != name {
            return Err(bad("reviewer", &self.rest[..=close]));
        }
        self.rest = &self.rest[close + 1..];
        Ok((name, email))
    }

    /// The optional quoted text that ends a line.
    fn quoted(&mut self) -> Result<Option<String>, LineError> {
        let tail = self.rest.trim();
        self.rest = "";
        if tail.is_empty() {
            return Ok(None);
        }
        serde_json::from_str::<String>(tail)
            .map(Some)
            .map_err(|_| bad("comment", tail))
    }
}

impl Verdict {
    /// The note line, without its newline.
    pub fn to_line(&self) -> String {
        let mut line = format!(
            "{KEY}: {VERSION} {} {} patch-id={}",
            format_time(self.at),
            self.state.as_str(),
            self.patch_id
                .map_or_else(|| "-".to_string(), |o| o.to_string()),
        );
        if let Some(from) = self.from {
            line.push_str(&format!(" from={from}"));
        }
        line.push_str(&format!(
            " {} <{}>",
            clean_name(&self.reviewer),
            clean_email(&self.email)
        ));
        if let Some(c) = &self.comment {
            line.push(' ');
            line.push_str(&quote(c));
        }
        line
    }

    /// Parses one note line; `None` for anything that is not a well-formed `v1` verdict.
    /// [`parse_line`] says why.
    pub fn parse(line: &str) -> Option<Verdict> {
        match parse_line(line.as_bytes()) {
            Ok(Line::Verdict(v)) => Some(v),
            _ => None,
        }
    }
}

/// The first instant a line may not carry, 9999-01-01T00:00:00Z: the format has four digits
/// for the year, and a writer must always find a later millisecond to write at.
const END: Duration = Duration::from_secs(253_370_764_800);

/// Whether a line can carry `t`.
pub(super) fn in_range(t: SystemTime) -> bool {
    t >= UNIX_EPOCH && t < UNIX_EPOCH + END
}

/// `t` without its sub-millisecond part: what a line keeps of a time.
pub(super) fn to_millis(t: SystemTime) -> SystemTime {
    match t.duration_since(UNIX_EPOCH) {
        Ok(d) => UNIX_EPOCH + Duration::from_millis(d.as_millis().min(u64::MAX.into()) as u64),
        Err(_) => UNIX_EPOCH,
    }
}

/// `2026-11-26T09:14:03.120Z`. Never fails: a time outside what a line can carry (only a
/// broken clock gives one) is shown clamped to the nearest end.
pub fn format_time(t: SystemTime) -> String {
    let t = t.clamp(UNIX_EPOCH, UNIX_EPOCH + END - Duration::from_millis(1));
    humantime::format_rfc3339_millis(t).to_string()
}

/// Exactly the shape [`format_time`] writes, a real calendar date, years 1970 to 9998.
fn parse_time(s: &str) -> Result<SystemTime, LineError> {
    let b = s.as_bytes();
    let shape = b.len() == 24
        && b.iter().enumerate().all(|(i, &c)| match i {
            4 | 7 => c == b'-',
            10 => c == b'T',
            13 | 16 => c == b':',
            19 => c == b'.',
            23 => c == b'Z',
            _ => c.is_ascii_digit(),
        });
    if !shape {
        return Err(bad("time", s));
    }
    let t = humantime::parse_rfc3339(s).map_err(|_| bad("time", s))?;
    if in_range(t) {
        Ok(t)
    } else {
        Err(LineError::TimeOutOfRange(s.to_string()))
    }
}

/// A JSON string literal that also escapes what a terminal would interpret or hide, so the note
/// stays one honest line in `git log --notes`.
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control()
                || crate::sanitize::is_hidden(c)
                || matches!(c, '\u{2028}' | '\u{2029}') =>
            {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Verdict {
        Verdict {
            state: State::NeedsWork,
            reviewer: "Jane Doe".into(),
            email: "jane@example.org".into(),
            at: humantime::parse_rfc3339("2026-11-26T09:14:03.120Z").unwrap(),
            patch_id: Some(Oid::from_str("4f1c00000000000000000000000000000000e2e2").unwrap()),
            comment: Some("Split this.\n\"Why\" \\ \u{1b}[2J \u{202e}".into()),
            from: None,
        }
    }

    #[test]
    fn line_round_trips_and_escapes_hostile_comments() {
        let v = sample();
        let line = v.to_line();
        assert_eq!(
            line,
            "Triage-Verdict: v1 2026-11-26T09:14:03.120Z needs-work \
             patch-id=4f1c00000000000000000000000000000000e2e2 Jane Doe <jane@example.org> \
             \"Split this.\\n\\\"Why\\\" \\\\ \\u001b[2J \\u202e\""
        );
        assert!(!line.contains('\n') && !line.contains('\u{1b}'));
        assert_eq!(Verdict::parse(&line), Some(v.clone()));
        let carried = Verdict {
            from: Some(Oid::from_str("1111111111111111111111111111111111111111").unwrap()),
            comment: None,
            patch_id: None,
            ..v
        };
        assert_eq!(Verdict::parse(&carried.to_line()), Some(carried));
    }

    #[test]
    fn any_comment_and_name_survive_the_line_format() {
        // Random text from an alphabet of what breaks line formats: quotes, backslashes,
        // newlines, escapes, bidi and zero-width characters, wide and combining characters.
        let alphabet: Vec<char> = "aZ09 \"\\\n\r\t\u{1b}\u{7}\u{0}\u{7f}\u{9b}<>=:;#\u{202e}\u{2066}\u{200b}\u{feff}\u{2028}é\u{301}全🦀"
            .chars()
            .collect();
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..2_000 {
            let len = (next() % 40) as usize;
            let comment: String = (0..len)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                .collect();
            let name: String = (0..(next() % 12) as usize)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                .collect();
            let v = Verdict {
                email: format!("{}@example.org", &name),
                reviewer: name,
                comment: Some(comment).filter(|c| !c.is_empty()),
                ..sample()
            };
            let line = v.to_line();
            assert!(
                !line
                    .chars()
                    .any(|c| c.is_control() || crate::sanitize::is_hidden(c)),
                "{line:?}"
            );
            let back = Verdict::parse(&line).expect("parses");
            assert_eq!(back.comment, v.comment);
            assert_eq!(back.reviewer, clean_name(&v.reviewer));
            assert_eq!(back.email, clean_email(&v.email));
            assert_eq!((back.state, back.at), (v.state, v.at));
        }
    }

    #[test]
    fn foreign_and_future_lines_are_ignored() {
        for line in [
            "Just a note someone wrote",
            "Triage-Verdict: v2 2026-11-26T09:14:03Z accept patch-id=- A <a@b>",
            "Triage-Verdict: v1 yesterday accept patch-id=- A <a@b>",
            "Triage-Verdict: v1 2026-11-26T09:14:03Z maybe patch-id=- A <a@b>",
            "Triage-Verdict: v1 2026-11-26T09:14:03Z accept patch-id=- A <a@b> not-json",
        ] {
            assert_eq!(Verdict::parse(line), None, "{line}");
        }
    }

    #[test]
    fn malformed_lines_of_ours_say_why_and_never_panic() {
        let me = "A <a@b>";
        for (line, why) in [
            (
                format!("{KEY}: v1 9999-12-31T23:59:59.999Z accept patch-id=- {me}"),
                "out of range",
            ),
            (
                format!("{KEY}: v1 9999-01-01T00:00:00.000Z accept patch-id=- {me}"),
                "out of range",
            ),
            (
                format!("{KEY}: v1 1969-12-31T23:59:59.999Z accept patch-id=- {me}"),
                "bad time",
            ),
            (
                format!("{KEY}: v1 2026-02-30T00:00:00.000Z accept patch-id=- {me}"),
                "bad time",
            ),
            (
                format!("{KEY}: v1 2026-01-01T00:00:00Z accept patch-id=- {me}"),
                "bad time",
            ),
            (
                format!("{KEY}: v1 2026-01-01T00:00:00.000000000000Z accept patch-id=- {me}"),
                "bad time",
            ),
            (
                format!("{KEY}: v1 2026-01-01T00:00:00.000Z accept patch-id=abc {me}"),
                "bad patch-id",
            ),
            (
                format!("{KEY}: v1 2026-01-01T00:00:00.000Z accept patch-id=- from=1 {me}"),
                "bad from",
            ),
            (
                format!("{KEY}: v1 2026-01-01T00:00:00.000Z accept patch-id=- A <>"),
                "bad reviewer",
            ),
            (
                format!("{KEY}: v1 2026-01-01T00:00:00.000Z accept patch-id=- {me} \"\\ud800\""),
                "bad comment",
            ),
            (
                format!(
                    "{KEY}: v1 2026-01-01T00:00:00.000Z accept patch-id=- {me} \"{}\"",
                    "x".repeat(MAX_LINE)
                ),
                "longer than",
            ),
            (format!("{KEY}: v1 2026-01-01T00:00:00.000Z"), "bad time"),
        ] {
            let err = parse_line(line.as_bytes()).unwrap_err().to_string();
            assert!(err.contains(why), "{line:.120}: {err}");
            assert!(err.len() < 120, "{err}");
        }
        let bytes =
            b"Triage-Verdict: v1 2026-01-01T00:00:00.000Z accept patch-id=- A <a@b> \"\xff\"";
        assert_eq!(parse_line(bytes), Err(LineError::NotUtf8));
        // Other text is not ours to judge, however odd.
        for other in [
            &b"\xff\xfe"[..],
            b"Triage-Verdict: v2 9999",
            b"Triage-Comment: v1 x",
        ] {
            assert_eq!(parse_line(other), Ok(Line::Other));
        }
    }

    #[test]
    fn random_lines_never_panic_and_what_parses_round_trips() {
        // Lines built from fragments of real lines and of what breaks parsers, then mutated
        // byte by byte: every outcome is a verdict, an error or other text, never a panic.
        let pieces: &[&[u8]] = &[
            b"Triage-Verdict:",
            b" ",
            b"v1 ",
            b"v1",
            b"2026-11-26T09:14:03.120Z ",
            b"9999-12-31T23:59:59.999Z ",
            b"1970-01-01T00:00:00.000Z ",
            b"2026-13-45T99:99:99.999Z ",
            b"accept ",
            b"reject ",
            b"needs-work ",
            b"pending ",
            b"patch-id=",
            b"- ",
            b"4f1c00000000000000000000000000000000e2e2 ",
            b"from=",
            b"Jane Doe ",
            b"<",
            b">",
            b"<jane@example.org>",
            b" \"",
            b"\\",
            b"\\u",
            b"\\ud800",
            b"\\n",
            b"\"",
            b"\xff",
            b"\xc3",
            b"\xe2\x80\xae",
            b"\x1b[2J",
            b"\t",
            b"\r",
            b"99999999999999999999",
            b"\xf0\x9f\xa6\x80",
            b"=",
        ];
        let mut state = 0x853c_49e6_748f_ea9bu64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let (mut ok, mut err) = (0, 0);
        for n in 0..50_000 {
            // Half start from a well-formed line, half from nothing; then random fragments are
            // spliced in and random bytes overwritten.
            let mut line = if n % 2 == 0 {
                let v = Verdict {
                    state: State::ALL[(next() % 4) as usize],
                    comment: Some("c \" é\n".repeat((next() % 4) as usize))
                        .filter(|c| !c.is_empty()),
                    from: (next() % 2 == 0).then(|| Oid::from_str(&"ab".repeat(20)).unwrap()),
                    ..sample()
                };
                v.to_line().into_bytes()
            } else {
                Vec::new()
            };
            for _ in 0..(next() % 4) {
                let at = (next() % (line.len() as u64 + 1)) as usize;
                let piece = pieces[(next() % pieces.len() as u64) as usize];
                line.splice(at..at, piece.iter().copied());
            }
            for _ in 0..(next() % 3) {
                if !line.is_empty() {
                    let at = (next() % line.len() as u64) as usize;
                    line[at] = next() as u8;
                }
            }
            match parse_line(&line) {
                Ok(Line::Verdict(v)) => {
                    ok += 1;
                    assert!(in_range(v.at));
                    assert_eq!(Verdict::parse(&v.to_line()), Some(v));
                }
                Ok(Line::Other) => {}
                Err(e) => {
                    err += 1;
                    assert!(e.to_string().len() < 200);
                }
            }
        }
        assert!(ok > 0 && err > 0, "the generator reaches both: {ok} {err}");
        // A well-formed line with a random comment of random length parses or is too long.
        for len in [0, 1, 100, MAX_LINE - 200, MAX_LINE + 1] {
            let v = Verdict {
                comment: Some("é".repeat(len / 2)).filter(|c| !c.is_empty()),
                ..sample()
            };
            let line = v.to_line();
            match parse_line(line.as_bytes()) {
                Ok(Line::Verdict(back)) => assert_eq!(back, v),
                Err(LineError::TooLong { .. }) => assert!(line.len() > MAX_LINE),
                other => panic!("{other:?}"),
            }
        }
    }

    #[test]
    fn times_are_total() {
        use std::time::{Duration, UNIX_EPOCH};
        let far = UNIX_EPOCH + Duration::from_secs(400_000_000_000);
        assert_eq!(format_time(far), "9998-12-31T23:59:59.999Z");
        assert_eq!(
            format_time(UNIX_EPOCH - Duration::from_secs(1)),
            "1970-01-01T00:00:00.000Z"
        );
        let t = UNIX_EPOCH + Duration::from_nanos(1_795_683_600_123_456_789);
        assert_eq!(
            to_millis(t),
            UNIX_EPOCH + Duration::from_millis(1_795_683_600_123)
        );
    }
}

//! What makes a reply a well-formed message: header fields encoded as RFC 2047 says when they
//! are not plain ASCII, folded lines, a Date and a Message-ID, and a body whose transfer
//! encoding is chosen so that no raw control byte and no over-long line is ever written.

use std::fmt::Write as _;
use std::time::{SystemTime, UNIX_EPOCH};

use email_encoding::headers::{rfc2047, writer::EmailWriter};

/// A header field's value as written after `Name: `, possibly folded over several lines
/// (joined with `\n `).
pub fn text(name: &str, value: &str) -> String {
    let value = clean(value);
    let words: Vec<&str> = value.split(' ').filter(|w| !w.is_empty()).collect();
    // Plain ASCII words stay as they are; the run from the first word that is not to the last
    // one that is not becomes encoded words, its spaces inside them (a decoder drops the
    // space between two encoded words).
    let plain = |w: &str| w.bytes().all(|b| (0x21..0x7f).contains(&b)) && !w.contains("=?");
    let first = words.iter().position(|w| !plain(w)).unwrap_or(words.len());
    let last = words
        .iter()
        .rposition(|w| !plain(w))
        .map_or(first, |l| l + 1);
    let mut out = String::new();
    {
        let mut w = EmailWriter::new(&mut out, name.len() + 2, 0, false);
        for (i, word) in words[..first].iter().enumerate() {
            if i > 0 {
                w.space();
            }
            let _ = w.folding().write_str(word);
        }
        if first < last {
            if first > 0 {
                w.space();
            }
            let _ = rfc2047::encode(&words[first..last].join(" "), &mut w);
        }
        for word in &words[last..] {
            w.space();
            let _ = w.folding().write_str(word);
        }
    }
    unfold_crlf(out)
}

/// `Name <address>`, the name quoted or encoded as it needs.
pub fn address(name: &str, email: &str) -> String {
    let (name, email) = (clean(name), clean(email).replace(['<', '>', ' ', ','], ""));
    if name.is_empty() {
        return email;
    }
    // Words of atext as they are (`Jane Doe <jane@x>`), as mail clients write names; anything
    // else quoted, or encoded when it is not ASCII.
    let atext = |b: u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-/=?^_`{|}~".contains(&b);
    if name
        .split(' ')
        .all(|w| !w.is_empty() && w.bytes().all(atext))
    {
        return format!("{name} <{email}>");
    }
    if name.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        let quoted = name.replace('\\', "\\\\").replace('"', "\\\"");
        return format!("\"{quoted}\" <{email}>");
    }
    let mut out = String::new();
    {
        let mut w = EmailWriter::new(&mut out, 0, 0, false);
        let _ = rfc2047::encode(&name, &mut w);
    }
    format!("{} <{email}>", unfold_crlf(out))
}

/// A list of addresses, one per folded line after the first.
pub fn address_list(list: &[String]) -> String {
    list.join(",\n ")
}

/// A list of message ids, `<id>`, folded one per line.
pub fn ids(list: &[String]) -> String {
    list.iter()
        .map(|id| format!("<{}>", clean(id).replace(['<', '>', ' '], "")))
        .collect::<Vec<_>>()
        .join("\n ")
}

/// The writer folds with CRLF; the messages here end lines with LF, as mbox files and
/// `git format-patch` do.
fn unfold_crlf(s: String) -> String {
    s.replace("\r\n", "\n")
}

/// Header text without what a header cannot hold: control characters are shown as the body
/// shows them (`^[`, see [`crate::sanitize::escape_controls`]), tabs and newlines (which would
/// start a new field) become spaces.
fn clean(s: &str) -> String {
    crate::sanitize::escape_controls(s)
        .replace(['\t', '\n'], " ")
        .split(' ')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// `Thu, 26 Nov 2026 09:14:03 +0000` (RFC 2822, in UTC).
pub fn date(t: SystemTime) -> String {
    let secs = t
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    date_at(secs, 0)
}

/// RFC 2822 date of `secs` since the epoch in the zone `offset_minutes` east of UTC.
pub fn date_at(secs: i64, offset_minutes: i32) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let local = secs + i64::from(offset_minutes) * 60;
    let (days, rem) = (local.div_euclid(86_400), local.rem_euclid(86_400));
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let sign = if offset_minutes < 0 { '-' } else { '+' };
    let off = offset_minutes.unsigned_abs();
    format!(
        "{}, {day} {} {year} {:02}:{:02}:{:02} {sign}{:02}{:02}",
        DAYS[days.rem_euclid(7) as usize],
        MONTHS[(month - 1) as usize],
        rem / 3600,
        rem / 60 % 60,
        rem % 60,
        off / 60,
        off % 60
    )
}

/// A new Message-ID under the reviewer's mail domain: the time, and a hash of what makes this
/// message unique (`seed`) and of the process and moment that wrote it.
pub fn message_id(now: SystemTime, email: &str, seed: &str) -> String {
    let nanos = now.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    let mut h = sha1_smol::Sha1::new();
    h.update(format!("{nanos} {} {email} {seed}", std::process::id()).as_bytes());
    let domain = email
        .rsplit_once('@')
        .map(|(_, d)| d)
        .filter(|d| {
            !d.is_empty()
                && d.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-.".contains(&b))
        })
        .unwrap_or("git-triage.invalid");
    let stamp: String = crate::notes::format_time(now)
        .chars()
        .filter(char::is_ascii_digit)
        .take(14)
        .collect();
    format!("{stamp}.{}@{domain}", &h.digest().to_string()[..16])
}

/// How a body is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    SevenBit,
    EightBit,
    QuotedPrintable,
}

impl Encoding {
    /// 7bit for short ASCII lines, 8bit for short UTF-8 lines, quoted-printable when a line is
    /// longer than RFC 5322 allows (998 bytes), when a control character other than a tab is
    /// in the text (an escape sequence quoted from a hostile patch, say), or when a line starts
    /// with `From ` (which an mbox reader would take for the start of a message).
    pub fn choose(body: &str) -> Encoding {
        let unsafe_line = body.split('\n').any(|l| {
            l.len() > 998
                || l.starts_with("From ")
                || l.chars().any(|c| c.is_control() && c != '\t')
                || l.chars().any(|c| matches!(c, '\u{2028}' | '\u{2029}'))
        });
        if unsafe_line {
            Encoding::QuotedPrintable
        } else if body.is_ascii() {
            Encoding::SevenBit
        } else {
            Encoding::EightBit
        }
    }

    /// The `Content-Transfer-Encoding` value.
    pub fn as_str(self) -> &'static str {
        match self {
            Encoding::SevenBit => "7bit",
            Encoding::EightBit => "8bit",
            Encoding::QuotedPrintable => "quoted-printable",
        }
    }

    /// The body as it is sent.
    pub fn encode(self, body: &str) -> String {
        if self != Encoding::QuotedPrintable {
            return body.to_string();
        }
        let crlf = body.replace('\n', "\r\n");
        let qp = quoted_printable::encode_to_str(crlf).replace("\r\n", "\n");
        // Also a line that starts with "From " after encoding.
        let mut out = String::with_capacity(qp.len());
        for (i, line) in qp.split('\n').enumerate() {
            if i > 0 {
                out.push('\n');
            }
            match line.strip_prefix("From ") {
                Some(rest) => {
                    let _ = write!(out, "=46rom {rest}");
                }
                None => out.push_str(line),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_rfc_2822() {
        assert_eq!(date_at(0, 0), "Thu, 1 Jan 1970 00:00:00 +0000");
        assert_eq!(date_at(1_795_683_600, 0), "Thu, 26 Nov 2026 09:00:00 +0000");
        assert_eq!(
            date_at(1_795_683_600, -330),
            "Thu, 26 Nov 2026 03:30:00 -0530"
        );
        assert_eq!(date_at(951_782_400, 60), "Tue, 29 Feb 2000 01:00:00 +0100");
    }

    #[test]
    fn headers_are_ascii_and_one_field() {
        assert_eq!(
            text("Subject", "Re: [PATCH 1/2] net: fix"),
            "Re: [PATCH 1/2] net: fix"
        );
        let s = text("Subject", "Re: [PATCH] Grüße an Müller\u{1b}[2J\nBcc: x@y");
        assert!(s.is_ascii() && !s.contains("\nBcc"), "{s}");
        assert!(s.starts_with("Re: [PATCH] =?utf-8?b?"), "{s}");
        assert_eq!(address("A U Thor", "a@x"), "A U Thor <a@x>");
        assert_eq!(address("Thor, A. U.", "a@x"), "\"Thor, A. U.\" <a@x>");
        assert_eq!(address("", "a@x"), "a@x");
        let a = address("José \"Pepe\" 山田", "jose@x");
        assert!(a.is_ascii() && a.ends_with(" <jose@x>"), "{a}");
    }

    #[test]
    fn bodies_never_carry_raw_control_bytes_or_mbox_from_lines() {
        assert_eq!(Encoding::choose("> +x\nok\n"), Encoding::SevenBit);
        assert_eq!(Encoding::choose("Grüße\n"), Encoding::EightBit);
        for hostile in [
            "esc \u{1b}[2J\n",
            "From here on\n",
            &"x".repeat(1200),
            "a\rb\n",
        ] {
            let e = Encoding::choose(hostile);
            assert_eq!(e, Encoding::QuotedPrintable, "{hostile:?}");
            let out = e.encode(hostile);
            assert!(
                out.bytes().all(|b| b == b'\n' || (0x20..0x7f).contains(&b)),
                "{out:?}"
            );
            assert!(!out.lines().any(|l| l.starts_with("From ") || l.len() > 76));
            let back = quoted_printable::decode(
                out.replace('\n', "\r\n"),
                quoted_printable::ParseMode::Strict,
            )
            .unwrap();
            assert_eq!(
                String::from_utf8(back).unwrap().replace("\r\n", "\n"),
                hostile
            );
        }
    }
}

//! Mail header fields the way `git mailinfo` reads them: folded lines joined, RFC 2047 encoded
//! words decoded, charsets converted to UTF-8, and the `From:` value split into a name and an
//! address by git's heuristics (which differ from RFC 5322 address parsing on purpose: a name
//! over 60 bytes or holding `@<>` is replaced by the address).

/// git's `isspace`: space, tab, newline and carriage return (not `\v` or `\f`).
pub(crate) fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r')
}

pub(crate) fn rtrim(mut s: &[u8]) -> &[u8] {
    while let [rest @ .., last] = s {
        if !is_space(*last) {
            break;
        }
        s = rest;
    }
    s
}

pub(crate) fn trim(mut s: &[u8]) -> &[u8] {
    while let [first, rest @ ..] = s {
        if !is_space(*first) {
            break;
        }
        s = rest;
    }
    rtrim(s)
}

pub(crate) fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Case-insensitive [`find`], as C's `strcasestr`.
pub(crate) fn find_nocase(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    hay.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

/// Every run of whitespace becomes one space (git's `cleanup_space`).
pub(crate) fn cleanup_space(s: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    let mut in_space = false;
    for &c in s {
        if is_space(c) {
            if !in_space {
                out.push(b' ');
            }
            in_space = true;
        } else {
            out.push(c);
            in_space = false;
        }
    }
    out
}

/// Whether `line` starts a header field: `From ` (the mbox separator), or a field name of
/// printable ASCII followed by a colon (RFC 2822 section 3.6.8, "optional-field").
pub(crate) fn is_rfc2822_header(line: &[u8]) -> bool {
    if line.starts_with(b"From ") || line.starts_with(b">From ") {
        return true;
    }
    for &c in line {
        if c == b':' {
            return true;
        }
        if !(33..=126).contains(&c) {
            return false;
        }
    }
    false
}

/// The header block that starts at `*pos`: one entry per field, folded lines joined with a
/// space. Stops at an empty line or at the first line that is not a header; `*pos` is left
/// after that line, which is returned too (right-trimmed, with its newline), because git treats
/// it as the first line of the body.
pub(crate) fn read_block(input: &[u8], pos: &mut usize) -> (Vec<Vec<u8>>, Option<Vec<u8>>) {
    let mut fields = Vec::new();
    loop {
        let Some(line) = next_line(input, pos) else {
            // At the end of the input git's line reader leaves its buffer as it was, so the
            // last header field is read again as the first line of the body.
            let stale = fields.last().cloned();
            return (fields, stale);
        };
        let line = rtrim(strip_newline(line));
        if line.is_empty() || !is_rfc2822_header(line) {
            let mut first = line.to_vec();
            first.push(b'\n');
            return (fields, Some(first));
        }
        let mut field = line.to_vec();
        while matches!(input.get(*pos), Some(b' ' | b'\t')) {
            let cont = strip_newline(next_line(input, pos).expect("peeked a byte"));
            let mut joined = vec![b' '];
            joined.extend_from_slice(&cont[1..]);
            field.extend_from_slice(rtrim(&joined));
        }
        fields.push(field);
    }
}

/// The line at `*pos` with its newline, advancing past it.
pub(crate) fn next_line<'a>(input: &'a [u8], pos: &mut usize) -> Option<&'a [u8]> {
    if *pos >= input.len() {
        return None;
    }
    let rest = &input[*pos..];
    let len = rest
        .iter()
        .position(|&c| c == b'\n')
        .map_or(rest.len(), |p| p + 1);
    *pos += len;
    Some(&rest[..len])
}

fn strip_newline(line: &[u8]) -> &[u8] {
    line.strip_suffix(b"\n").unwrap_or(line)
}

/// The value of `field` when its name is `name` (case-insensitively): what follows the colon,
/// leading whitespace skipped.
pub(crate) fn value<'a>(field: &'a [u8], name: &str) -> Option<&'a [u8]> {
    let name = name.as_bytes();
    if field.len() <= name.len() || !field[..name.len()].eq_ignore_ascii_case(name) {
        return None;
    }
    let rest = field[name.len()..].strip_prefix(b":")?;
    let skip = rest.iter().take_while(|&&c| is_space(c)).count();
    Some(&rest[skip..])
}

/// A `From:` value split into name and address as git does (`handle_from`).
pub(crate) fn split_from(from: &[u8]) -> (Vec<u8>, Vec<u8>) {
    let mut f = unquote(from);
    let Some(mut at) = f.iter().position(|&c| c == b'@') else {
        return bogus_from(from);
    };
    while at > 0 {
        let c = f[at - 1];
        if is_space(c) {
            break;
        }
        if c == b'<' {
            f[at - 1] = b' ';
            break;
        }
        at -= 1;
    }
    let el = f[at..]
        .iter()
        .position(|c| b" \n\t\r\x0b\x0c>".contains(c))
        .unwrap_or(f.len() - at);
    let email = f[at..at + el].to_vec();
    let remove_end = (at + el + 1).min(f.len());
    f.drain(at..remove_end);
    let mut name = trim(&cleanup_space(&f)).to_vec();
    if name.first() == Some(&b'(') && name.last() == Some(&b')') {
        name = name[1..name.len() - 1].to_vec();
    }
    (sane_name(name, &email), email)
}

/// `Name <address>` without an `@`: git takes what is between the angle brackets.
fn bogus_from(from: &[u8]) -> (Vec<u8>, Vec<u8>) {
    let Some(bra) = from.iter().position(|&c| c == b'<') else {
        return (Vec::new(), Vec::new());
    };
    let Some(ket) = from[bra..].iter().position(|&c| c == b'>').map(|p| p + bra) else {
        return (Vec::new(), Vec::new());
    };
    let email = from[bra + 1..ket].to_vec();
    let name = trim(&from[..bra]).to_vec();
    (sane_name(name, &email), email)
}

fn sane_name(name: Vec<u8>, email: &[u8]) -> Vec<u8> {
    if name.is_empty() || name.len() > 60 || name.iter().any(|c| b"@<>".contains(c)) {
        email.to_vec()
    } else {
        name
    }
}

/// Removes the quoting of `"quoted strings"` and the backslashes in `(comments)`, which keep
/// their parentheses (git's `unquote_quoted_pair`).
fn unquote(input: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(input.len());
    let mut i = 0;
    let stop = input.iter().position(|&c| c == 0).unwrap_or(input.len());
    let input = &input[..stop];
    while i < input.len() {
        let c = input[i];
        i += 1;
        match c {
            b'"' => {
                let mut literal = false;
                while i < input.len() {
                    let c = input[i];
                    i += 1;
                    if literal {
                        literal = false;
                    } else if c == b'\\' {
                        literal = true;
                        continue;
                    } else if c == b'"' {
                        break;
                    }
                    out.push(c);
                }
            }
            b'(' => {
                out.push(b'(');
                let (mut literal, mut depth) = (false, 1);
                while i < input.len() {
                    let c = input[i];
                    i += 1;
                    if literal {
                        literal = false;
                    } else if c == b'\\' {
                        literal = true;
                        continue;
                    } else if c == b'(' {
                        depth += 1;
                    } else if c == b')' {
                        depth -= 1;
                        if depth == 0 {
                            out.push(b')');
                            break;
                        }
                    }
                    out.push(c);
                }
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_forms() {
        let split = |s: &str| {
            let (n, e) = split_from(s.as_bytes());
            (String::from_utf8(n).unwrap(), String::from_utf8(e).unwrap())
        };
        assert_eq!(
            split("John Doe <jd@x.org>"),
            ("John Doe".into(), "jd@x.org".into())
        );
        assert_eq!(
            split("jd@x.org (John Doe)"),
            ("John Doe".into(), "jd@x.org".into())
        );
        assert_eq!(
            split("\"Doe, John\" <jd@x.org>"),
            ("Doe, John".into(), "jd@x.org".into())
        );
        assert_eq!(split("jd@x.org"), ("jd@x.org".into(), "jd@x.org".into()));
        assert_eq!(split("John <jd>"), ("John".into(), "jd".into()));
    }

    #[test]
    fn header_block_folding() {
        let mut pos = 0;
        let (fields, first) = read_block(b"Subject: a\n\tb  \nFrom: x\n\nbody\n", &mut pos);
        assert_eq!(fields, vec![b"Subject: a b".to_vec(), b"From: x".to_vec()]);
        assert_eq!(first.unwrap(), b"\n");
    }
}

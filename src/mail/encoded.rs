//! Encoded text as git decodes it: RFC 2047 encoded words in headers, quoted-printable and
//! base64 (leniently, line by line), and charsets converted to UTF-8 as `git mailinfo -u` does
//! through iconv.

use encoding_rs::Encoding;

use super::header::{find, is_space};

/// What went wrong turning bytes into UTF-8 text; git refuses such a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CharsetProblem {
    /// A charset name neither git's iconv nor this crate knows.
    Unknown(String),
    /// Bytes that are not valid in the declared charset (replaced here, refused by git).
    Invalid(String),
}

/// Converts `bytes` from `charset` to UTF-8 as `git mailinfo -u` does: UTF-8 input and an empty
/// charset pass through untouched (even if not valid UTF-8).
pub(crate) fn to_utf8(bytes: &[u8], charset: &[u8]) -> Result<Vec<u8>, (Vec<u8>, CharsetProblem)> {
    let name = String::from_utf8_lossy(charset).trim().to_string();
    if name.is_empty() || name.eq_ignore_ascii_case("utf-8") || name.eq_ignore_ascii_case("utf8") {
        return Ok(bytes.to_vec());
    }
    // glibc's iconv_open ignores characters other than these in a charset name.
    let name: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || "_-.,:/".contains(*c))
        .collect();
    let lower = name.to_ascii_lowercase();
    if lower == "utf-8" || lower == "utf8" {
        return match std::str::from_utf8(bytes) {
            Ok(_) => Ok(bytes.to_vec()),
            Err(_) => Err((
                String::from_utf8_lossy(bytes).into_owned().into_bytes(),
                CharsetProblem::Invalid(name),
            )),
        };
    }
    // iconv's ISO-8859-1 maps 0x80..0x9f to C1 controls; the WHATWG label maps it to
    // windows-1252, which would disagree with git.
    if matches!(
        lower.as_str(),
        "iso-8859-1" | "iso8859-1" | "latin1" | "iso_8859-1" | "l1"
    ) {
        return Ok(bytes
            .iter()
            .map(|&b| char::from(b))
            .collect::<String>()
            .into_bytes());
    }
    if matches!(lower.as_str(), "us-ascii" | "ascii" | "ansi_x3.4-1968") {
        if bytes.is_ascii() {
            return Ok(bytes.to_vec());
        }
        let text = String::from_utf8_lossy(bytes).into_owned().into_bytes();
        return Err((text, CharsetProblem::Invalid(name)));
    }
    let Some(encoding) = Encoding::for_label(name.as_bytes()) else {
        return Err((bytes.to_vec(), CharsetProblem::Unknown(name)));
    };
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    let text = text.into_owned().into_bytes();
    if had_errors {
        Err((text, CharsetProblem::Invalid(name)))
    } else {
        Ok(text)
    }
}

/// Why git could not decode a header value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeaderProblem {
    /// `=?` that does not start a well-formed encoded word; git keeps the value undecoded.
    MalformedEncodedWord,
    Charset(CharsetProblem),
}

/// Decodes RFC 2047 encoded words (`=?charset?B|Q?...?=`) the way git does: whitespace between
/// two encoded words is dropped, anything else kept, and a malformed word leaves the whole value
/// as it was.
pub(crate) fn decode(value: &[u8]) -> Result<Vec<u8>, (Vec<u8>, HeaderProblem)> {
    let mut out = Vec::with_capacity(value.len());
    let mut at = 0;
    let malformed = || (value.to_vec(), HeaderProblem::MalformedEncodedWord);
    while let Some(start) = find(&value[at..], b"=?").map(|p| p + at) {
        let before = &value[at..start];
        if at == 0 || !before.iter().all(|&c| is_space(c)) {
            out.extend_from_slice(before);
        }
        let ep = start + 2;
        let Some(q) = value[ep..].iter().position(|&c| c == b'?').map(|p| p + ep) else {
            return Err(malformed());
        };
        if q + 3 > value.len() || value[q + 2] != b'?' {
            return Err(malformed());
        }
        let charset = &value[ep..q];
        let encoding = value[q + 1];
        let Some(end) = find(&value[q + 3..], b"?=").map(|p| p + q + 3) else {
            return Err(malformed());
        };
        let piece = &value[q + 3..end];
        let decoded = match encoding.to_ascii_lowercase() {
            b'b' => decode_b(piece),
            b'q' => decode_q(piece, true),
            _ => return Err(malformed()),
        };
        match to_utf8(&decoded, charset) {
            Ok(text) => out.extend_from_slice(&text),
            Err((_, problem)) => return Err((value.to_vec(), HeaderProblem::Charset(problem))),
        }
        at = end + 2;
    }
    out.extend_from_slice(&value[at..]);
    Ok(out)
}

/// Quoted-printable, leniently: `=XX` is a byte, `=` before a newline (or at the end) ends the
/// text, anything else is kept; in headers `_` is a space.
pub(crate) fn decode_q(input: &[u8], header: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(input.len());
    let mut i = 0;
    while i < input.len() {
        let c = input[i];
        i += 1;
        if c == b'=' {
            match input.get(i) {
                None | Some(b'\n') => break,
                Some(_) => {
                    let hex = |b: Option<&u8>| b.and_then(|b| char::from(*b).to_digit(16));
                    if let (Some(h), Some(l)) = (hex(input.get(i)), hex(input.get(i + 1))) {
                        out.push((h * 16 + l) as u8);
                        i += 2;
                        continue;
                    }
                }
            }
        }
        out.push(if header && c == b'_' { b' ' } else { c });
    }
    out
}

/// Base64, leniently: characters outside the alphabet (padding included) are skipped.
pub(crate) fn decode_b(input: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(input.len() * 3 / 4);
    let (mut acc, mut pos) = (0u32, 0);
    for &c in input {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => continue,
        } as u32;
        match pos {
            0 => acc = v << 2,
            1 => {
                out.push((acc | (v >> 4)) as u8);
                acc = (v & 15) << 4;
            }
            2 => {
                out.push((acc | (v >> 2)) as u8);
                acc = (v & 3) << 6;
            }
            _ => {
                out.push((acc | v) as u8);
                acc = 0;
            }
        }
        pos = (pos + 1) % 4;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoded_words() {
        let d = |s: &str| String::from_utf8(decode(s.as_bytes()).unwrap()).unwrap();
        assert_eq!(d("=?UTF-8?q?J=C3=B6rg?= Roedel"), "Jörg Roedel");
        assert_eq!(d("=?utf-8?B?SsO2cmc=?= =?utf-8?q?_R?="), "Jörg R");
        assert_eq!(d("=?iso-8859-1?q?J=F6rg?="), "Jörg");
        assert!(decode(b"a =? b").is_err());
    }
}

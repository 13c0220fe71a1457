//! One message → author, date, subject, commit message and patch, exactly as `git mailinfo -u`
//! (what `git am` runs) produces them.
//!
//! git does not parse MIME into a tree: it streams lines, keeps a stack of multipart boundaries,
//! decodes each line's transfer encoding, and feeds the result to a two-stage filter (message,
//! then patch). Its quirks are part of what `git am` commits (the first part of a nested
//! multipart arrives with its boundary and headers as text; the patch is never re-encoded; an
//! in-body `From:` wins only when there is a patch), so this module follows the stream, not the
//! MIME tree.

use super::encoded::{self, CharsetProblem, HeaderProblem};
use super::header::{self, find_nocase, is_space};

mod message;

/// git keeps at most this many nested boundaries (`MAX_BOUNDARIES - 1`).
const MAX_NESTED: usize = 4;

const FROM: usize = 0;
const SUBJECT: usize = 1;
const DATE: usize = 2;
const NAMES: [&str; 3] = ["From", "Subject", "Date"];

/// What git would complain about while reading a message (`git am` then refuses it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    Header(String, HeaderProblem),
    Charset(CharsetProblem),
    TooManyBoundaries,
    NulInHeader(&'static str),
}

/// The result of reading one message.
#[derive(Debug, Clone, Default)]
pub(crate) struct Info {
    /// The top-level header fields, unfolded, undecoded.
    pub fields: Vec<Vec<u8>>,
    pub author: Vec<u8>,
    pub email: Vec<u8>,
    pub date: Vec<u8>,
    pub subject: Vec<u8>,
    /// The message body as mailinfo writes it (before `git am` joins and stripspaces it).
    pub log: Vec<u8>,
    pub patch: Vec<u8>,
    pub problems: Vec<Problem>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Encoding {
    None,
    Base64,
    QuotedPrintable,
}

struct State<'a> {
    input: &'a [u8],
    pos: usize,
    scissors: bool,
    primary: [Option<Vec<u8>>; 3],
    secondary: [Option<Vec<u8>>; 3],
    boundaries: Vec<Vec<u8>>,
    charset: Vec<u8>,
    encoding: Encoding,
    flowed: bool,
    delsp: bool,
    header_stage: bool,
    in_patch: bool,
    accum: Vec<u8>,
    log: Vec<u8>,
    patch: Vec<u8>,
    patch_lines: usize,
    problems: Vec<Problem>,
}

/// Reads one message (already split out of its mailbox, CRLF already turned into LF).
pub(crate) fn mailinfo(input: &[u8], scissors: bool) -> Info {
    let mut s = State {
        input,
        pos: 0,
        scissors,
        primary: Default::default(),
        secondary: Default::default(),
        boundaries: Vec::new(),
        charset: Vec::new(),
        encoding: Encoding::None,
        flowed: false,
        delsp: false,
        header_stage: true,
        in_patch: false,
        accum: Vec::new(),
        log: Vec::new(),
        patch: Vec::new(),
        patch_lines: 0,
        problems: Vec::new(),
    };
    s.pos = input.iter().take_while(|&&c| is_space(c)).count();
    let (fields, first) = header::read_block(input, &mut s.pos);
    for field in &fields {
        s.check_header(field, true, true);
    }
    s.body(first.unwrap_or_default());
    let mut info = s.info();
    info.fields = fields;
    info
}

impl State<'_> {
    fn decode(&mut self, name: &str, value: &[u8]) -> Vec<u8> {
        encoded::decode(value).unwrap_or_else(|(raw, problem)| {
            self.problems
                .push(Problem::Header(name.to_string(), problem));
            raw
        })
    }

    /// Takes the fields git cares about from one header line; `primary` selects the message's
    /// own headers (else the in-body ones), `overwrite` lets a later field replace an earlier.
    fn check_header(&mut self, line: &[u8], primary: bool, overwrite: bool) -> bool {
        for (i, name) in NAMES.iter().enumerate() {
            let known = if primary {
                &self.primary[i]
            } else {
                &self.secondary[i]
            };
            if known.is_some() && !overwrite {
                continue;
            }
            if let Some(v) = header::value(line, name) {
                let v = self.decode(name, v);
                if primary {
                    self.primary[i] = Some(v);
                } else {
                    self.secondary[i] = Some(v);
                }
                return true;
            }
        }
        if let Some(v) = header::value(line, "Content-Type") {
            let v = self.decode("Content-Type", v);
            self.content_type(&v);
            return true;
        }
        if let Some(v) = header::value(line, "Content-Transfer-Encoding") {
            let v = self.decode("Content-Transfer-Encoding", v);
            self.encoding = if find_nocase(&v, b"base64").is_some() {
                Encoding::Base64
            } else if find_nocase(&v, b"quoted-printable").is_some() {
                Encoding::QuotedPrintable
            } else {
                Encoding::None
            };
            return true;
        }
        header::value(line, "Message-ID").is_some()
    }

    fn content_type(&mut self, value: &[u8]) {
        self.flowed = attr(value, b"format=").is_some_and(|v| v.eq_ignore_ascii_case(b"flowed"));
        self.delsp = attr(value, b"delsp=").is_some_and(|v| v.eq_ignore_ascii_case(b"yes"));
        if let Some(boundary) = attr(value, b"boundary=") {
            if self.boundaries.len() >= MAX_NESTED {
                self.problems.push(Problem::TooManyBoundaries);
            } else {
                self.boundaries.push([b"--", &boundary[..]].concat());
            }
        }
        self.charset = attr(value, b"charset=").unwrap_or_default();
    }

    fn line_with_newline(&mut self) -> Option<Vec<u8>> {
        header::next_line(self.input, &mut self.pos).map(<[u8]>::to_vec)
    }

    fn is_boundary(&self, line: &[u8]) -> bool {
        self.boundaries.last().is_some_and(|b| line.starts_with(b))
    }

    /// Skips lines up to the next boundary of the innermost multipart.
    fn find_boundary(&mut self) -> Option<Vec<u8>> {
        while let Some(line) = self.line_with_newline() {
            if self.is_boundary(&line) {
                return Some(line);
            }
        }
        None
    }

    fn body(&mut self, first: Vec<u8>) {
        let mut line = first;
        if !self.boundaries.is_empty() {
            match self.find_boundary() {
                Some(l) => line = l,
                None => return,
            }
        }
        let mut prev = Vec::new();
        loop {
            if self.is_boundary(&line) {
                if !prev.is_empty() {
                    self.filter(std::mem::take(&mut prev));
                }
                match self.boundary(line) {
                    Some(l) => line = l,
                    None => return,
                }
            }
            match self.encoding {
                Encoding::None => self.filter_flowed(line, &mut prev),
                enc => {
                    let decoded = if enc == Encoding::Base64 {
                        encoded::decode_b(&line)
                    } else {
                        encoded::decode_q(&line, false)
                    };
                    let mut text = std::mem::take(&mut prev);
                    text.extend_from_slice(&decoded);
                    let mut rest = &text[..];
                    while !rest.is_empty() {
                        let Some(nl) = rest.iter().position(|&c| c == b'\n') else {
                            prev = rest.to_vec();
                            break;
                        };
                        self.filter_flowed(rest[..=nl].to_vec(), &mut prev);
                        rest = &rest[nl + 1..];
                    }
                }
            }
            match self.line_with_newline() {
                Some(l) => line = l,
                None => break,
            }
        }
        if !prev.is_empty() {
            self.filter(prev);
        }
        self.flush_accum();
    }

    /// Handles a boundary line: an end boundary pops its multipart and skips to the enclosing
    /// one's next boundary; a part boundary reads the part's headers. Returns the first line of
    /// the part's body, or `None` when the input ends.
    fn boundary(&mut self, mut line: Vec<u8>) -> Option<Vec<u8>> {
        // git releases its newline buffer after the first end boundary, so further end
        // boundaries reached in the same call feed an empty line (which still counts).
        let mut newline = b"\n".to_vec();
        loop {
            let top = self.boundaries.last().map(Vec::len)?;
            if line.len() >= top + 2 && &line[top..top + 2] == b"--" {
                self.boundaries.pop();
                self.filter(std::mem::take(&mut newline));
                line = self.find_boundary()?;
                continue;
            }
            break;
        }
        self.encoding = Encoding::None;
        self.charset.clear();
        let (fields, _) = header::read_block(self.input, &mut self.pos);
        for field in &fields {
            self.check_header(field, true, false);
        }
        let mut next = self.line_with_newline()?;
        if next.last() != Some(&b'\n') {
            next.push(b'\n');
        }
        Some(next)
    }

    /// Undoes `format=flowed` (RFC 3676) when the part declares it.
    fn filter_flowed(&mut self, mut line: Vec<u8>, prev: &mut Vec<u8>) {
        if !self.flowed {
            self.filter(line);
            return;
        }
        let mut len = line.len();
        if line.last() == Some(&b'\n') {
            len -= 1;
            if len > 0 && line[len - 1] == b'\r' {
                len -= 1;
            }
        }
        if len == 3 && line.starts_with(b"-- ") {
            if !prev.is_empty() {
                self.filter(std::mem::take(prev));
            }
            self.filter(line);
            return;
        }
        if len > 0 && line[0] == b' ' {
            line.remove(0);
            len -= 1;
        }
        if len > 0 && line[len - 1] == b' ' {
            prev.extend_from_slice(&line[..len - usize::from(self.delsp)]);
            return;
        }
        let mut joined = std::mem::take(prev);
        joined.extend_from_slice(&line);
        self.filter(joined);
    }
}

/// The value of attribute `name` (which includes its `=`) in a header value, as git's
/// `slurp_attr` finds it: anywhere in the value, up to `;`, space or tab, or quoted.
fn attr(value: &[u8], name: &[u8]) -> Option<Vec<u8>> {
    let at = find_nocase(value, name)? + name.len();
    let rest = &value[at..];
    let (rest, ends): (&[u8], &[u8]) = match rest.strip_prefix(b"\"") {
        Some(r) => (r, b"\""),
        None => (rest, b"; \t"),
    };
    let len = rest
        .iter()
        .position(|c| ends.contains(c) || *c == 0)
        .unwrap_or(rest.len());
    Some(rest[..len].to_vec())
}

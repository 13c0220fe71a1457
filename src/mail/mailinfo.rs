//! One message → author, date, subject, commit message and patch, exactly as `git mailinfo -u`
//! (what `git am` runs) produces them.
//!
//! git does not parse MIME into a tree: it streams lines, keeps a stack of multipart boundaries,
//! decodes each line's transfer encoding, and feeds the result to a two-stage filter (message,
//! then patch). Its quirks are part of what `git am` commits (the first part of a nested
//! multipart arrives with its boundary and headers as text; the patch is never re-encoded; an
//! in-body `From:` wins only when there is a patch), so this module follows the stream, not the
//! MIME tree.

use super::header::{self, find_nocase, is_space, CharsetProblem, HeaderProblem};

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
        header::decode(value).unwrap_or_else(|(raw, problem)| {
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
                        header::decode_b(&line)
                    } else {
                        header::decode_q(&line, false)
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
        loop {
            let top = self.boundaries.last().expect("checked by the caller").len();
            if line.len() >= top + 2 && &line[top..top + 2] == b"--" {
                self.boundaries.pop();
                self.filter(b"\n".to_vec());
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

    /// The two stages: the commit message until the patch starts, then the patch.
    fn filter(&mut self, line: Vec<u8>) {
        if !self.in_patch {
            if !self.commit_msg(&line) {
                return;
            }
            self.in_patch = true;
        }
        self.patch.extend_from_slice(&line);
        self.patch_lines += 1;
    }

    /// Takes one line of the message; returns whether it starts the patch.
    fn commit_msg(&mut self, line: &[u8]) -> bool {
        if self.header_stage && (line.is_empty() || line == b"\n") {
            if !self.accum.is_empty() {
                self.flush_accum();
                self.header_stage = false;
            }
            return false;
        }
        if self.header_stage {
            self.header_stage = self.inbody_header(line);
            if self.header_stage {
                return false;
            }
        }
        let line = match header::to_utf8(line, &self.charset) {
            Ok(text) => text,
            Err((text, problem)) => {
                self.problems.push(Problem::Charset(problem));
                text
            }
        };
        if self.scissors && is_scissors(&line) {
            self.log.clear();
            self.header_stage = true;
            self.secondary = Default::default();
            return false;
        }
        if patchbreak(&line) {
            return true;
        }
        self.log.extend_from_slice(&line);
        false
    }

    /// In-body headers (`From:`, `Subject:`, `Date:` at the top of the body, each at most once)
    /// and their continuation lines; returns whether `line` was one.
    fn inbody_header(&mut self, line: &[u8]) -> bool {
        if !self.accum.is_empty() && matches!(line.first(), Some(b' ' | b'\t')) {
            if self.scissors && is_scissors(line) {
                self.flush_accum();
                return false;
            }
            if self.accum.last() == Some(&b'\n') {
                self.accum.pop();
            }
            self.accum.extend_from_slice(line);
            return true;
        }
        self.flush_accum();
        if line.starts_with(b">From") && line.get(5).is_some_and(|&c| is_space(c)) {
            return is_format_patch_separator(&line[1..]);
        }
        if line.starts_with(b"[PATCH]") && line.get(7).is_some_and(|&c| is_space(c)) {
            self.secondary[SUBJECT] = Some(line.to_vec());
            return true;
        }
        let is_header = NAMES
            .iter()
            .enumerate()
            .any(|(i, name)| self.secondary[i].is_none() && header::value(line, name).is_some());
        if is_header {
            self.accum.extend_from_slice(line);
        }
        is_header
    }

    fn flush_accum(&mut self) {
        if !self.accum.is_empty() {
            let accum = std::mem::take(&mut self.accum);
            self.check_header(&accum, false, false);
        }
    }

    /// The headers git reports: in-body ones win when there is a patch.
    fn info(self) -> Info {
        let mut problems = self.problems;
        let mut pick = |i: usize| -> Option<Vec<u8>> {
            let chosen = match &self.secondary[i] {
                Some(h) if self.patch_lines > 0 => Some(h.clone()),
                _ => self.primary[i].clone(),
            };
            if chosen.as_ref().is_some_and(|h| h.contains(&0)) {
                problems.push(Problem::NulInHeader(NAMES[i]));
            }
            chosen
        };
        let (subject, from, date) = (pick(SUBJECT), pick(FROM), pick(DATE));
        let subject = subject
            .map(|s| header::cleanup_space(&cleanup_subject(&s)))
            .unwrap_or_default();
        let (author, email) = from
            .map(|f| header::split_from(&header::cleanup_space(&f)))
            .unwrap_or_default();
        Info {
            fields: Vec::new(),
            author,
            email,
            date: date.map(|d| header::cleanup_space(&d)).unwrap_or_default(),
            subject,
            log: self.log,
            patch: self.patch,
            problems,
        }
    }
}

/// Strips leading `Re:`, `[...]` groups, colons and whitespace (git's `cleanup_subject`,
/// without `-k` or `-b`).
pub(crate) fn cleanup_subject(subject: &[u8]) -> Vec<u8> {
    let mut s = subject.to_vec();
    let at = 0;
    while at < s.len() {
        match s[at] {
            b'r' | b'R' => {
                if s.len() > at + 3 && matches!(s[at + 1], b'e' | b'E') && s[at + 2] == b':' {
                    s.drain(at..at + 3);
                    continue;
                }
                break;
            }
            b' ' | b'\t' | b':' => {
                s.remove(at);
            }
            b'[' => match s[at..].iter().position(|&c| c == b']') {
                Some(p) => {
                    s.drain(at..=at + p);
                }
                None => break,
            },
            _ => break,
        }
    }
    header::trim(&s).to_vec()
}

/// Where the message ends and the patch begins: `diff -`, `Index: `, `--- file` or a `---`
/// line of dashes and whitespace.
fn patchbreak(line: &[u8]) -> bool {
    if line.starts_with(b"diff -") || line.starts_with(b"Index: ") {
        return true;
    }
    if line.len() < 4 || !line.starts_with(b"---") {
        return false;
    }
    if line[3] == b' ' && !line.get(4).is_some_and(|&c| is_space(c)) {
        return true;
    }
    for &c in &line[3..] {
        if c == b'\n' {
            return true;
        }
        if !is_space(c) {
            break;
        }
    }
    false
}

/// `From <40 hex> Mon Sep 17 00:00:00 2001`: the line `git format-patch` starts each message
/// with, which a message pasted into another's body still carries.
fn is_format_patch_separator(line: &[u8]) -> bool {
    const SAMPLE: &[u8] =
        b"From e6807f3efca28b30decfecb1732a56c7db1137ee Mon Sep 17 00:00:00 2001\n";
    line.len() == SAMPLE.len()
        && line.starts_with(b"From ")
        && line[5..45].iter().all(|c| b"0123456789abcdef".contains(c))
        && line[45..] == SAMPLE[45..]
}

/// A scissors line (`-- >8 --`, `8<----`): at least 8 visible bytes, perforation over a third
/// of them, dashes and scissors over half of the perforation.
pub(crate) fn is_scissors(line: &[u8]) -> bool {
    let (mut scissors, mut gap, mut perforation) = (0, 0, 0);
    let (mut first, mut last) = (None, None);
    let mut in_perforation = false;
    let mut i = 0;
    while i < line.len() && line[i] != 0 {
        let c = line[i];
        if is_space(c) {
            if in_perforation {
                perforation += 1;
                gap += 1;
            }
            i += 1;
            continue;
        }
        last = Some(i);
        first.get_or_insert(i);
        if c == b'-' {
            in_perforation = true;
            perforation += 1;
            i += 1;
            continue;
        }
        let two = &line[i..(i + 2).min(line.len())];
        if [&b">8"[..], b"8<", b">%", b"%<"].contains(&two) {
            in_perforation = true;
            perforation += 2;
            scissors += 2;
            i += 2;
            continue;
        }
        in_perforation = false;
        i += 1;
    }
    let visible = match (first, last) {
        (Some(f), Some(l)) => l - f + 1,
        _ => 0,
    };
    scissors > 0 && 8 <= visible && visible < perforation * 3 && gap * 2 < perforation
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

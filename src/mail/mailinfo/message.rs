//! The message stage of git's filter: in-body headers, scissors, where the patch starts, and
//! the headers git reports (`handle_commit_msg`, `handle_info`).

use super::{Info, Problem, State, DATE, FROM, NAMES, SUBJECT};
use crate::mail::encoded;
use crate::mail::header::{self, is_space};

impl State<'_> {
    /// The two stages: the commit message until the patch starts, then the patch.
    pub(super) fn filter(&mut self, line: Vec<u8>) {
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
        let line = match encoded::to_utf8(line, &self.charset) {
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

    pub(super) fn flush_accum(&mut self) {
        if !self.accum.is_empty() {
            let accum = std::mem::take(&mut self.accum);
            self.check_header(&accum, false, false);
        }
    }

    /// The headers git reports: in-body ones win when there is a patch.
    pub(super) fn info(self) -> Info {
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

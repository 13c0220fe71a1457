//! Commit-message trailers, parsed exactly as `git interpret-trailers --parse` parses them.
//!
//! Reviewers and CI bots compare what this tool says with what git says, so the parser follows
//! git's `trailer.c` decision by decision rather than approximating it: the trailer block is the
//! last paragraph after the title, it must consist entirely of trailers, *or* contain a
//! git-generated trailer (`Signed-off-by: `, `(cherry picked from commit `) and be at least 25%
//! trailers; continuation lines are folded into the trailer before them; a `---` line ends the
//! message; `#` comment lines and a scissors line are ignored.
//!
//! It works on bytes, because messages need not be UTF-8, and with git's ASCII-only notion of
//! white space and alphanumerics. The git configuration that changes the result
//! (`trailer.separators`, `trailer.<name>.key`, `core.commentChar`) comes in as [`Options`],
//! read by the caller, so that this module stays a pure function of its input.

/// One `key: value` pair of a trailer block, with continuation lines unfolded.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Trailer {
    /// The key as written (`Signed-off-by`, `Co-authored-by`), or as configured with
    /// `trailer.<name>.key`, without its separator; compare with [`Trailer::is`].
    pub key: String,
    /// The value with surrounding white space trimmed and continuation lines joined by a space.
    pub value: String,
    /// The line `git interpret-trailers --parse` prints for this trailer.
    #[serde(skip)]
    pub line: String,
}

impl Trailer {
    /// Whether this trailer's key is `key`, compared case-insensitively as git does.
    pub fn is(&self, key: &str) -> bool {
        self.key.eq_ignore_ascii_case(key)
    }
}

/// The git configuration that changes how trailers are parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// `trailer.separators`: the characters that end a key; the first one is printed.
    pub separators: Vec<u8>,
    /// `core.commentChar` or `core.commentString`: lines starting with it are comments.
    pub comment: Vec<u8>,
    /// The `trailer.<name>.*` sections, in the order git reads them.
    pub configured: Vec<Configured>,
}

/// One `trailer.<name>` section of the git configuration. A key that abbreviates its name (or
/// its `key`) is replaced by the `key`; and such a key makes a trailer block "recognized", as
/// `Signed-off-by` does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Configured {
    pub name: Vec<u8>,
    /// `trailer.<name>.key`.
    pub key: Option<Vec<u8>>,
}

impl Default for Options {
    /// git's defaults: `:` separates, `#` comments, no configured trailers.
    fn default() -> Options {
        Options {
            separators: b":".to_vec(),
            comment: b"#".to_vec(),
            configured: Vec::new(),
        }
    }
}

mod block;

use block::{
    end_of_log_message, find_separator, is_space, split_inclusive, trailer_block_start, trim,
};

const GIT_GENERATED_PREFIXES: [&[u8]; 2] = [b"Signed-off-by: ", b"(cherry picked from commit "];
const CUT_LINE: &[u8] = b" ------------------------ >8 ------------------------\n";

/// Parses the trailers of a commit message the way `git interpret-trailers --parse` does with
/// the configuration `options`.
pub fn parse(message: &[u8], options: &Options) -> Vec<Trailer> {
    // interpret-trailers completes an unterminated last line before parsing.
    let completed;
    let message = if message.last().is_some_and(|&c| c != b'\n') {
        completed = [message, b"\n"].concat();
        &completed[..]
    } else {
        message
    };
    let end = end_of_log_message(message, &options.comment);
    let start = trailer_block_start(message, end, options);
    let mut raw: Vec<Vec<u8>> = Vec::new();
    let mut last_is_trailer = false;
    for line in split_inclusive(&message[start..end]) {
        if last_is_trailer && is_space(line[0]) {
            raw.last_mut()
                .expect("a previous trailer")
                .extend_from_slice(line);
            continue;
        }
        last_is_trailer = matches!(find_separator(line, &options.separators), Some(p) if p >= 1);
        raw.push(line.to_vec());
    }
    raw.iter()
        .filter(|t| !t.starts_with(&options.comment))
        .filter_map(|t| {
            let sep = find_separator(t, &options.separators).filter(|&p| p >= 1)?;
            Some(trailer(t, sep, options))
        })
        .collect()
}

/// One trailer line (with its continuation lines) whose separator is at `sep`.
fn trailer(line: &[u8], sep: usize, options: &Options) -> Trailer {
    let mut token = trim(&line[..sep]);
    let value = unfold(trim(&line[sep + 1..]));
    // A key that abbreviates a configured trailer's name (or key) is that trailer's key; the
    // length compared leaves out what is not alphanumeric at the end, as git does.
    let len = token
        .iter()
        .rposition(u8::is_ascii_alphanumeric)
        .map_or(0, |p| p + 1);
    if let Some(c) = options.configured.iter().find(|c| c.matches(token, len)) {
        if let Some(key) = &c.key {
            token = key;
        }
    }
    // git prints the token, then the first separator and a space unless the token ends with a
    // separator already (a configured key such as `Bug #`), then the value.
    let last = token.iter().rev().find(|&&c| !is_space(c));
    let mut printed = token.to_vec();
    if let (Some(c), Some(&first)) = (last, options.separators.first()) {
        if !options.separators.contains(c) {
            printed.extend_from_slice(&[first, b' ']);
        }
    }
    printed.extend_from_slice(&value);
    // The key proper: without a trailing separator and white space.
    let mut key = trim(token);
    if let Some((last, rest)) = key.split_last() {
        if options.separators.contains(last) {
            key = trim(rest);
        }
    }
    Trailer {
        key: String::from_utf8_lossy(key).into_owned(),
        value: String::from_utf8_lossy(&value).into_owned(),
        line: String::from_utf8_lossy(&printed).into_owned(),
    }
}

impl Configured {
    /// git's `token_matches_item`: the first `len` bytes of `token` equal the start of the
    /// name or key, ignoring ASCII case, where a shorter name or key ends the comparison.
    fn matches(&self, token: &[u8], len: usize) -> bool {
        let prefix_of = |word: &[u8]| {
            for i in 0..len {
                let (a, b) = (
                    token.get(i).copied().unwrap_or(0),
                    word.get(i).copied().unwrap_or(0),
                );
                if !a.eq_ignore_ascii_case(&b) {
                    return false;
                }
                if a == 0 {
                    return true;
                }
            }
            true
        };
        prefix_of(&self.name) || self.key.as_deref().is_some_and(prefix_of)
    }
}

/// Folds a multi-line value onto one line: each newline and the white space after it become a
/// single space.
fn unfold(value: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(value.len());
    let mut i = 0;
    while i < value.len() {
        let c = value[i];
        i += 1;
        if c == b'\n' {
            while i < value.len() && is_space(value[i]) {
                i += 1;
            }
            out.push(b' ');
        } else {
            out.push(c);
        }
    }
    trim(&out).to_vec()
}

/// The parts of a trailer value such as `Jane Doe <jane@example.org>`.
pub fn split_identity(value: &str) -> (&str, Option<&str>) {
    match (value.rfind('<'), value.rfind('>')) {
        (Some(lt), Some(gt)) if lt < gt => (value[..lt].trim(), Some(value[lt + 1..gt].trim())),
        _ => (value.trim(), None),
    }
}

#[cfg(test)]
mod tests;

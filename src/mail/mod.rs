//! Patches from mail: mailboxes split into messages, each message read exactly as `git am` reads
//! it (`git mailinfo -u`, then `git stripspace`), series assembled and follow-up trailers
//! collected as `b4 am` does, and a patch's text read into files and hunks without applying it.
//!
//! Parsing choices. git's `mailinfo` is not a MIME parser but a line filter with a stack of
//! boundaries (see [`mailinfo`]); a tree-building parser such as `mail-parser` or `mailparse`
//! disagrees with it on real mail (a nested `multipart/alternative` reaches git's commit message
//! with its boundary and headers as text; the patch part is never charset-converted; in-body
//! headers only count when there is a patch). So the git rules are followed line by line here,
//! with `encoding_rs` for charsets, and `mailparse` serves what git does not decide: address
//! lists (`To:`, `Cc:`), RFC 2047 in those, and dates as timestamps.

pub mod apply;
mod container;
mod encoded;
pub mod findings;
mod followups;
mod header;
pub mod key;
mod mailinfo;
pub mod patch;
pub mod report;
mod series;
pub mod source;
mod subject;
mod threads;

use std::path::{Path, PathBuf};

pub use container::{split, Container, Raw, MAX_INPUT};
pub use encoded::{CharsetProblem, HeaderProblem};
pub use followups::Followup;
pub use mailinfo::Problem;
pub use series::{assemble, choose, Anomaly, MailPatch, MailSeries, SeriesError};
pub use source::{Application, BaseFrom, MailInput, MailSource, Mailed, Unapplied};
pub use subject::Prefix;

/// Why mail could not be read at all.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("cannot read {}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{} is empty: no mail to read", path.display())]
    Empty { path: PathBuf },
    #[error("{} is not mail: {reason}", path.display())]
    NotMail { path: PathBuf, reason: String },
    #[error("{} is too large to read ({bytes} bytes; the limit is {} bytes)", path.display(), MAX_INPUT)]
    TooLarge { path: PathBuf, bytes: u64 },
    #[error("{} holds no mail (no cur/ or new/ messages, no *.patch or *.eml files)", path.display())]
    NoMessages { path: PathBuf },
}

impl MailError {
    fn io(path: &Path, source: std::io::Error) -> MailError {
        MailError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// A person as `git mailinfo` names them: the commit's author when the patch is applied.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Author {
    pub name: String,
    pub email: String,
    /// The date exactly as mailinfo reports it (whitespace runs folded), as `git am` passes it
    /// to the commit.
    pub date: String,
    /// `date` as seconds since the epoch and the offset in minutes, when it parses.
    #[serde(skip)]
    pub time: Option<(i64, i32)>,
}

/// The footers `git format-patch --base` and b4 write below a patch or in a cover letter.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Footers {
    pub base_commit: Option<String>,
    pub change_id: Option<String>,
    pub prerequisite_patch_ids: Vec<String>,
}

/// One mail message, read as `git am` would read it.
#[derive(Debug, Clone)]
pub struct Message {
    /// The file it came from (`-` for standard input) and its 1-based position there.
    pub path: PathBuf,
    pub position: usize,
    /// `Message-ID`, without angle brackets.
    pub message_id: Option<String>,
    pub in_reply_to: Option<String>,
    /// `References`, then `In-Reply-To` if not among them, without angle brackets.
    pub references: Vec<String>,
    /// The `Subject:` header, decoded, with its `[PATCH ...]` prefix.
    pub subject: String,
    /// The `From:` header, decoded.
    pub from: String,
    /// The address of the `From:` header (the sender, which an in-body `From:` may differ from).
    pub from_email: String,
    /// The sender's name as b4 takes it (the address when there is no name).
    pub from_name: String,
    pub date: String,
    /// `To:` and `Cc:` addresses, decoded, as `Name <address>` (what a reply is sent to).
    pub to: Vec<String>,
    pub cc: Vec<String>,
    /// What the subject prefix says: version, counters, RFC, reply.
    pub prefix: Prefix,
    pub footers: Footers,
    /// The commit's author, as `git mailinfo` gives it (in-body `From:`/`Date:` win).
    pub author: Author,
    /// The commit subject, `[PATCH ...]` and `Re:` stripped as `git am` strips them.
    pub commit_subject: String,
    /// The commit message exactly as `git am` would commit it.
    pub commit_message: String,
    /// The message body as mailinfo separates it from the patch (before `git am` cleans it).
    pub body: String,
    /// The patch as `git mailinfo` extracts it (from the `---` line on), bytes as sent.
    pub patch: Vec<u8>,
    /// What `git mailinfo` would refuse or warn about.
    pub problems: Vec<Problem>,
}

/// How to read messages, where `git am` can be configured.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ParseOptions {
    /// Drop what is above a scissors line (`-- >8 --`), as `git am --scissors` or the
    /// `mailinfo.scissors` setting do; off by default, as in git.
    pub scissors: bool,
}

impl Message {
    /// Reads one message's bytes (CRLF already normalized by the container) as `git am` does
    /// by default.
    pub fn parse(raw: &Raw) -> Message {
        Message::parse_with(raw, ParseOptions::default())
    }

    /// Reads one message's bytes with the given options.
    pub fn parse_with(raw: &Raw, options: ParseOptions) -> Message {
        let info = mailinfo::mailinfo(&raw.bytes, options.scissors);
        let field = |name: &str| -> Option<Vec<u8>> {
            info.fields
                .iter()
                .rev()
                .find_map(|f| header::value(f, name).map(<[u8]>::to_vec))
        };
        let first = |name: &str| -> Option<Vec<u8>> {
            info.fields
                .iter()
                .find_map(|f| header::value(f, name).map(<[u8]>::to_vec))
        };
        let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
        let decoded = |name: &str| {
            field(name)
                .map(|v| text(&encoded::decode(&v).unwrap_or_else(|(raw, _)| raw)))
                .unwrap_or_default()
        };
        let message_id = first("Message-ID").and_then(|v| ids(&v).into_iter().next());
        let in_reply_to = first("In-Reply-To").and_then(|v| ids(&v).into_iter().next());
        let mut references: Vec<String> = Vec::new();
        for f in &info.fields {
            if let Some(v) = header::value(f, "References") {
                for id in ids(v) {
                    if !references.contains(&id) {
                        references.push(id);
                    }
                }
            }
        }
        if let Some(irt) = &in_reply_to {
            if !references.contains(irt) {
                references.push(irt.clone());
            }
        }
        let subject = decoded("Subject")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let from = decoded("From");
        let (from_name, from_email) = sender(&from);
        let date = text(&info.date);
        let body = text(&info.log);
        let commit_subject = text(&info.subject);
        let commit_message = stripspace(&format!("{commit_subject}\n\n{body}"));
        let footers = footers(&info.log, &info.patch);
        Message {
            path: raw.path.clone(),
            position: raw.position,
            message_id,
            in_reply_to,
            references,
            prefix: Prefix::parse(&subject),
            subject,
            from,
            from_email,
            from_name,
            date: field("Date")
                .map(|d| text(header::trim(&d)))
                .unwrap_or_default(),
            to: addresses(&info.fields, "To"),
            cc: addresses(&info.fields, "Cc"),
            footers,
            author: Author {
                name: text(&info.author),
                email: text(&info.email),
                time: parse_date(&date),
                date,
            },
            commit_subject,
            commit_message,
            body,
            patch: info.patch,
            problems: info.problems,
        }
    }

    /// Whether the message carries a patch (a diff, not just a `---` and a diffstat).
    pub fn has_diff(&self) -> bool {
        patch::has_diff(&self.patch)
    }
}

/// Splits `path` into messages without reading them (see [`read`]).
pub fn read_raw(path: &Path) -> Result<(Container, Vec<Raw>), MailError> {
    container::read(path)
}

/// Reads every message of `path`: an mbox, a maildir, a directory of patch files, one message,
/// or `-` for standard input.
pub fn read(path: &Path) -> Result<(Container, Vec<Message>), MailError> {
    let (container, raws) = container::read(path)?;
    Ok((container, raws.iter().map(Message::parse).collect()))
}

/// The message ids (`<...>`) in a header value; a bare id when there are no brackets.
fn ids(value: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(value);
    let mut out = Vec::new();
    let mut rest = &text[..];
    while let Some(open) = rest.find('<') {
        let Some(close) = rest[open..].find('>') else {
            break;
        };
        let id = rest[open + 1..open + close].trim();
        if !id.is_empty() {
            out.push(id.to_string());
        }
        rest = &rest[open + close + 1..];
    }
    if out.is_empty() {
        out.extend(text.split_whitespace().map(str::to_string));
    }
    out
}

/// The sender's name and address, as b4 takes them (`email.utils.getaddresses`).
fn sender(from: &str) -> (String, String) {
    match mailparse::addrparse(from)
        .ok()
        .and_then(|l| l.extract_single_info())
    {
        Some(info) => {
            let name = info.display_name.unwrap_or_default();
            let name = if name.trim().is_empty() {
                info.addr.clone()
            } else {
                name
            };
            (name, info.addr)
        }
        None => (String::new(), String::new()),
    }
}

/// The addresses of every `name:` field, decoded.
fn addresses(fields: &[Vec<u8>], name: &str) -> Vec<String> {
    let mut out = Vec::new();
    for f in fields {
        if header::value(f, name).is_none() {
            continue;
        }
        let Ok((h, _)) = mailparse::parse_header(f) else {
            continue;
        };
        let Ok(list) = mailparse::addrparse_header(&h) else {
            continue;
        };
        for addr in list.iter() {
            match addr {
                mailparse::MailAddr::Single(s) => out.push(s.to_string()),
                mailparse::MailAddr::Group(g) => out.extend(g.addrs.iter().map(|s| s.to_string())),
            }
        }
    }
    out
}

/// An RFC 2822 date as seconds since the epoch and the offset in minutes.
fn parse_date(date: &str) -> Option<(i64, i32)> {
    let seconds = mailparse::dateparse(date).ok()?;
    let offset = date
        .split_whitespace()
        .find_map(|w| {
            let (sign, digits) = match w.as_bytes().first()? {
                b'+' => (1, &w[1..]),
                b'-' => (-1, &w[1..]),
                _ => return None,
            };
            (digits.len() == 4 && digits.bytes().all(|b| b.is_ascii_digit())).then(|| {
                let n: i32 = digits.parse().unwrap_or(0);
                sign * (n / 100 * 60 + n % 100)
            })
        })
        .unwrap_or(0);
    Some((seconds, offset))
}

/// git's `stripspace` without comment stripping: trailing whitespace off every line, runs of
/// blank lines folded into one, none at either end, and a final newline.
pub fn stripspace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut empties = 0;
    for line in text.split_inclusive('\n') {
        let line = line.trim_end_matches([' ', '\t', '\n', '\r']);
        if line.is_empty() {
            empties += 1;
            continue;
        }
        if empties > 0 && !out.is_empty() {
            out.push('\n');
        }
        empties = 0;
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// `base-commit:`, `change-id:` and `prerequisite-patch-id:` lines of the body or the patch.
fn footers(log: &[u8], patch: &[u8]) -> Footers {
    let mut f = Footers::default();
    for line in log
        .split(|&c| c == b'\n')
        .chain(patch.split(|&c| c == b'\n'))
    {
        let line = String::from_utf8_lossy(line);
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim();
        let word = value.split_whitespace().next().unwrap_or("");
        match key.to_ascii_lowercase().as_str() {
            "base-commit" if f.base_commit.is_none() && !word.is_empty() => {
                f.base_commit = Some(word.to_string());
            }
            "change-id" if f.change_id.is_none() && !word.is_empty() => {
                f.change_id = Some(word.to_string());
            }
            "prerequisite-patch-id" if !word.is_empty() => {
                f.prerequisite_patch_ids.push(word.to_string());
            }
            _ => {}
        }
    }
    f
}

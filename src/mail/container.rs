//! Where mail comes from: an mbox (mboxo or mboxrd), a maildir, a directory of
//! `git format-patch` files, one message, or standard input; split into messages the way
//! `git mailsplit` (what `git am` runs first) splits them.

use std::path::{Path, PathBuf};

use super::MailError;

/// Inputs larger than this are refused rather than read into memory.
pub const MAX_INPUT: u64 = 1 << 30;

/// The kind of container a path or stream was recognised as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Container {
    /// `From ` lines separate messages; a body line `From ` was escaped as `>From ` and stays so.
    Mboxo,
    /// `From ` lines separate messages and `>From ` (any number of `>`) lost one `>` on writing.
    Mboxrd,
    /// One message per file in `cur/` and `new/`.
    Maildir,
    /// One message per file, `git format-patch -o DIR` style (`0001-*.patch`, `*.eml`).
    PatchDirectory,
    /// A file holding one message without a `From ` line.
    Message,
}

/// One message's raw bytes, CRLF line ends already turned into LF as `git mailsplit` does.
#[derive(Debug, Clone)]
pub struct Raw {
    /// The file it was read from (`-` for standard input).
    pub path: PathBuf,
    /// 1-based position in its container.
    pub position: usize,
    pub bytes: Vec<u8>,
}

/// Reads `path` (a file, a directory, or `-` for standard input) and splits it into messages.
pub fn read(path: &Path) -> Result<(Container, Vec<Raw>), MailError> {
    if path == Path::new("-") {
        let mut bytes = Vec::new();
        use std::io::Read;
        std::io::stdin()
            .take(MAX_INPUT + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| MailError::io(path, e))?;
        return split(path, bytes);
    }
    let meta = std::fs::metadata(path).map_err(|e| MailError::io(path, e))?;
    if meta.is_dir() {
        return read_dir(path);
    }
    split(path, read_file(path)?)
}

fn read_file(path: &Path) -> Result<Vec<u8>, MailError> {
    let meta = std::fs::metadata(path).map_err(|e| MailError::io(path, e))?;
    if meta.len() > MAX_INPUT {
        return Err(MailError::TooLarge {
            path: path.to_path_buf(),
            bytes: meta.len(),
        });
    }
    std::fs::read(path).map_err(|e| MailError::io(path, e))
}

/// Splits the bytes of one file (or of standard input) into messages.
pub fn split(path: &Path, bytes: Vec<u8>) -> Result<(Container, Vec<Raw>), MailError> {
    let path_buf = path.to_path_buf();
    if bytes.len() as u64 > MAX_INPUT {
        return Err(MailError::TooLarge {
            path: path_buf,
            bytes: bytes.len() as u64,
        });
    }
    let start = bytes.iter().take_while(|c| c.is_ascii_whitespace()).count();
    if start == bytes.len() {
        return Err(MailError::Empty { path: path_buf });
    }
    let first_line = first_line(&bytes[start..]);
    if let Some(reason) = not_mail(&bytes[start..], first_line) {
        return Err(MailError::NotMail {
            path: path_buf,
            reason,
        });
    }
    if is_from_line(first_line) {
        let rd = is_mboxrd(first_line);
        let container = if rd {
            Container::Mboxrd
        } else {
            Container::Mboxo
        };
        let messages = split_mbox(&bytes[start..], rd)
            .into_iter()
            .enumerate()
            .map(|(i, bytes)| Raw {
                path: path_buf.clone(),
                position: i + 1,
                bytes,
            })
            .collect();
        return Ok((container, messages));
    }
    let raw = Raw {
        path: path_buf,
        position: 1,
        bytes: normalize(&bytes[start..], false),
    };
    Ok((Container::Message, vec![raw]))
}

fn first_line(bytes: &[u8]) -> &[u8] {
    let end = bytes
        .iter()
        .position(|&c| c == b'\n')
        .map_or(bytes.len(), |p| p + 1);
    &bytes[..end]
}

/// Why `bytes` cannot be mail, judged from its start: binary content, or a first line that is
/// neither an mbox `From ` line nor a header field.
fn not_mail(bytes: &[u8], first_line: &[u8]) -> Option<String> {
    if bytes.starts_with(b"%PDF-") {
        return Some("a PDF document, not mail".into());
    }
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return Some("binary data (NUL bytes), not mail".into());
    }
    let line = first_line.strip_suffix(b"\n").unwrap_or(first_line);
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    if line.starts_with(b"From ") || super::header::is_rfc2822_header(line) {
        return None;
    }
    Some("it starts with neither an mbox \"From \" line nor a mail header".into())
}

/// git's test for an mbox separator: `From ` and something ending in a time and a year.
pub(crate) fn is_from_line(line: &[u8]) -> bool {
    if line.len() < 20 || !line.starts_with(b"From ") {
        return false;
    }
    let mut colon = line.len() - 2;
    loop {
        if colon < 5 {
            return false;
        }
        colon -= 1;
        if line[colon] == b':' {
            break;
        }
    }
    let digit = |i: isize| {
        let i = colon as isize + i;
        i >= 0 && (i as usize) < line.len() && line[i as usize].is_ascii_digit()
    };
    if !(digit(-4) && digit(-2) && digit(-1) && digit(1) && digit(2)) {
        return false;
    }
    // strtol: optional whitespace and sign, then digits.
    let year = &line[(colon + 3).min(line.len())..];
    let year = String::from_utf8_lossy(year);
    let year = year.trim_start();
    let digits: String = year.chars().take_while(char::is_ascii_digit).collect();
    digits.parse::<u64>().is_ok_and(|y| y > 90)
}

/// public-inbox and b4 write mboxrd and say so in the separator (`From mboxrd@z ...`,
/// `From git@z ...`); `git format-patch` writes `From <commit> Mon Sep 17 00:00:00 2001`.
fn is_mboxrd(line: &[u8]) -> bool {
    line.starts_with(b"From mboxrd@z ") || line.starts_with(b"From git@z ")
}

fn split_mbox(bytes: &[u8], rd: bool) -> Vec<Vec<u8>> {
    let mut messages = Vec::new();
    let mut current: Vec<u8> = Vec::new();
    let mut pos = 0;
    while pos < bytes.len() {
        let line = first_line(&bytes[pos..]);
        pos += line.len();
        if is_from_line(line) && pos > line.len() {
            messages.push(std::mem::take(&mut current));
        }
        push_line(&mut current, line, rd);
    }
    messages.push(current);
    messages
}

/// Appends one line, its CRLF turned into LF and, for mboxrd, one `>` removed from `>+From `.
fn push_line(out: &mut Vec<u8>, line: &[u8], rd: bool) {
    let mut line = line;
    if rd {
        let gt = line.iter().take_while(|&&c| c == b'>').count();
        if gt > 0 && line[gt..].starts_with(b"From ") {
            line = &line[1..];
        }
    }
    match line.strip_suffix(b"\r\n") {
        Some(text) if !text.is_empty() || line.len() > 1 => {
            out.extend_from_slice(text);
            out.push(b'\n');
        }
        _ => out.extend_from_slice(line),
    }
}

fn normalize(bytes: &[u8], rd: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut pos = 0;
    while pos < bytes.len() {
        let line = first_line(&bytes[pos..]);
        pos += line.len();
        push_line(&mut out, line, rd);
    }
    out
}

/// A maildir (`cur/`, `new/`) or a directory of patch files.
fn read_dir(dir: &Path) -> Result<(Container, Vec<Raw>), MailError> {
    let (container, files) = if dir.join("cur").is_dir() || dir.join("new").is_dir() {
        let mut files = Vec::new();
        for sub in ["cur", "new"] {
            files.extend(list(&dir.join(sub), |_| true)?);
        }
        (Container::Maildir, files)
    } else {
        let is_patch = |name: &str| {
            [".patch", ".eml", ".mbox", ".mbx", ".diff"]
                .iter()
                .any(|ext| name.ends_with(ext))
        };
        (Container::PatchDirectory, list(dir, is_patch)?)
    };
    if files.is_empty() {
        return Err(MailError::NoMessages {
            path: dir.to_path_buf(),
        });
    }
    let mut messages = Vec::new();
    for file in files {
        let bytes = read_file(&file)?;
        let (_, raws) = split(&file, bytes)?;
        messages.extend(raws);
    }
    for (i, m) in messages.iter_mut().enumerate() {
        m.position = i + 1;
    }
    Ok((container, messages))
}

/// The regular files of `dir` whose names pass `keep`, hidden ones skipped, in the order
/// `git mailsplit` gives maildir files (numbers compared as numbers).
fn list(dir: &Path, keep: impl Fn(&str) -> bool) -> Result<Vec<PathBuf>, MailError> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(MailError::io(dir, e)),
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            !name.starts_with('.') && keep(&name)
        })
        .map(|e| e.path())
        .collect();
    files.sort_by(|a, b| {
        natural_cmp(
            a.as_os_str().as_encoded_bytes(),
            b.as_os_str().as_encoded_bytes(),
        )
    });
    Ok(files)
}

/// Compares names with runs of digits as numbers (git's `maildir_filename_cmp`).
fn natural_cmp(a: &[u8], b: &[u8]) -> std::cmp::Ordering {
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if a[i].is_ascii_digit() && b[j].is_ascii_digit() {
            let ei = i + a[i..].iter().take_while(|c| c.is_ascii_digit()).count();
            let ej = j + b[j..].iter().take_while(|c| c.is_ascii_digit()).count();
            let na: u128 = std::str::from_utf8(&a[i..ei])
                .ok()
                .and_then(|s| s.parse().ok())
                .unwrap_or(0);
            let nb: u128 = std::str::from_utf8(&b[j..ej])
                .ok()
                .and_then(|s| s.parse().ok())
                .unwrap_or(0);
            if na != nb {
                return na.cmp(&nb);
            }
            (i, j) = (ei, ej);
        } else {
            if a[i] != b[j] {
                return a[i].cmp(&b[j]);
            }
            i += 1;
            j += 1;
        }
    }
    (a.len() - i).cmp(&(b.len() - j))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_lines() {
        assert!(is_from_line(b"From 1234abcd Mon Sep 17 00:00:00 2001\n"));
        assert!(is_from_line(b"From mboxrd@z Thu Jan  1 00:00:00 1970\n"));
        assert!(!is_from_line(b"From here on we do it differently\n"));
    }

    #[test]
    fn mboxrd_unescapes_one_level() {
        let mbox = b"From mboxrd@z Thu Jan  1 00:00:00 1970\nSubject: a\n\n>From x\n>>From y\r\n";
        let (kind, raws) = split(Path::new("m"), mbox.to_vec()).unwrap();
        assert_eq!(kind, Container::Mboxrd);
        assert!(raws[0].bytes.ends_with(b"\nFrom x\n>From y\n"));
    }
}

//! Patch text as libgit2 reads it, and hunk headers pointed where git places the hunks.

use super::place::Placed;

/// The patch as libgit2 can read it. git's header of a file without hunks (an empty new file)
/// ends with its `index` line; libgit2 only takes that when a `-- ` line follows (the mail
/// signature `git format-patch` writes), so one is put before every further file and at the
/// end; blank lines outside hunks go. A traditional diff (`---`/`+++` without `diff --git`, which `git apply` reads with
/// `-p1`) gets the `diff --git` line libgit2 needs. Lines of hunks are left alone: a removed
/// `- ` line reads `-- ` too.
pub(super) fn for_libgit2(text: &[u8]) -> Vec<u8> {
    let lines: Vec<&[u8]> = text.split_inclusive(|&c| c == b'\n').collect();
    let mut out = Vec::with_capacity(text.len() + 64);
    let (mut old_left, mut new_left) = (0u32, 0u32);
    let (mut files, mut in_header, mut binary) = (0, false, false);
    let mut skip = 0;
    for (i, &line) in lines.iter().enumerate() {
        if skip > 0 {
            skip -= 1;
            continue;
        }
        if old_left > 0 || new_left > 0 {
            match line.first() {
                Some(b'-') => old_left -= old_left.min(1),
                Some(b'+') => new_left -= new_left.min(1),
                Some(b'\\') => {}
                _ => {
                    old_left -= old_left.min(1);
                    new_left -= new_left.min(1);
                }
            }
        } else if let Some(header) = line.strip_prefix(b"@@ -") {
            (old_left, new_left) = hunk_counts(header);
            in_header = false;
        } else if line.starts_with(b"GIT binary patch") {
            binary = true;
        } else if !binary && line.trim_ascii().is_empty() {
            // A blank line outside a hunk means nothing to git apply; libgit2 refuses one
            // after a header without hunks (`--attach` leaves one after a pure rename). In a
            // binary patch one separates the forward and reverse data.
            continue;
        } else if line.starts_with(b"diff --git ") {
            binary = false;
            if files > 0 {
                out.extend_from_slice(b"-- \n");
            }
            files += 1;
            in_header = true;
        } else if !in_header && line.starts_with(b"--- ") {
            if let Some(next) = lines.get(i + 1).and_then(|l| l.strip_prefix(b"+++ ")) {
                let name = |v: &[u8]| -> Option<Vec<u8>> {
                    let v = v.strip_suffix(b"\n").unwrap_or(v);
                    let end = v.iter().position(|&c| c == b'\t').unwrap_or(v.len());
                    let v = &v[..end];
                    let slash = v.iter().position(|&c| c == b'/')?;
                    (v != b"/dev/null").then(|| v[slash + 1..].to_vec())
                };
                let (old, new) = (name(&line[4..]), name(next));
                if let Some(path) = new.as_ref().or(old.as_ref()) {
                    if files > 0 {
                        out.extend_from_slice(b"-- \n");
                    }
                    files += 1;
                    let side = |prefix: &[u8], present: bool| -> Vec<u8> {
                        if present {
                            [prefix, path.as_slice()].concat()
                        } else {
                            b"/dev/null".to_vec()
                        }
                    };
                    for part in [
                        &b"diff --git "[..],
                        &side(b"a/", true),
                        b" ",
                        &side(b"b/", true),
                        match (&old, &new) {
                            (None, _) => b"\nnew file mode 100644",
                            (_, None) => b"\ndeleted file mode 100644",
                            _ => &b""[..],
                        },
                        b"\n--- ",
                        &side(b"a/", old.is_some()),
                        b"\n+++ ",
                        &side(b"b/", new.is_some()),
                        b"\n",
                    ] {
                        out.extend_from_slice(part);
                    }
                    skip = 1;
                    continue;
                }
            }
        }
        out.extend_from_slice(line);
    }
    if old_left == 0 && new_left == 0 {
        if !out.ends_with(b"\n") {
            out.push(b'\n');
        }
        out.extend_from_slice(b"-- \n");
    }
    out
}

/// The line counts of a hunk header after its `@@ -`: `a,b +c,d @@` (a missing count is 1).
fn hunk_counts(header: &[u8]) -> (u32, u32) {
    let text = String::from_utf8_lossy(header);
    let mut parts = text.split_whitespace();
    let count = |p: Option<&str>| -> u32 {
        match p.map(|p| p.split_once(',')) {
            Some(Some((_, n))) => n.parse().unwrap_or(0),
            Some(None) => 1,
            None => 0,
        }
    };
    let old = count(parts.next());
    (old, count(parts.next()))
}

/// The patch text with each hunk header's new-side start pointing where [`place`] put it.
/// `None` when the headers in the text cannot be paired with the hunks libgit2 read.
pub(super) fn rewrite(text: &[u8], placed: &[Placed]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() + placed.len() * 4);
    let mut hunks = placed.iter();
    for line in text.split_inclusive(|&c| c == b'\n') {
        if !line.starts_with(b"@@ -") {
            out.extend_from_slice(line);
            continue;
        }
        let h = hunks.next()?;
        let plus = line.windows(2).position(|w| w == b" +")? + 2;
        let digits = line[plus..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        if digits == 0 {
            return None;
        }
        out.extend_from_slice(&line[..plus]);
        out.extend_from_slice((h.at + 1).to_string().as_bytes());
        out.extend_from_slice(&line[plus + digits..]);
    }
    hunks.next().is_none().then_some(out)
}

//! The `[PATCH v3 2/7]` prefix of a subject, read as b4 reads it (`LoreSubject`): whether the
//! message is a reply, its version, its counters and its tags.

use serde::Serialize;

/// What a subject's bracketed prefix says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Prefix {
    /// `Re:`, `Aw:`, `Fwd:` (or any two- or three-letter word and a colon before `[`).
    pub reply: bool,
    pub rfc: bool,
    pub resend: bool,
    /// A tag starting with `PATCH` was present.
    pub patch: bool,
    /// `vN`; 1 when absent.
    pub version: u32,
    /// Whether `vN` was absent (b4 may then take the version from the cover letter).
    pub version_inferred: bool,
    /// `m` of `m/n`; 1 when absent. 0 is the cover letter.
    pub index: u32,
    /// `n` of `m/n`; 1 when absent.
    pub total: u32,
    /// Whether `m/n` was absent.
    pub counters_inferred: bool,
    /// Every tag in the brackets, in order (`PATCH`, `net-next`, `v3`, `2/7`, ...).
    pub tags: Vec<String>,
    /// The subject after the bracketed groups.
    pub title: String,
}

impl Prefix {
    /// Parses a decoded subject header.
    pub fn parse(subject: &str) -> Prefix {
        let mut p = Prefix {
            reply: false,
            rfc: false,
            resend: false,
            patch: false,
            version: 1,
            version_inferred: true,
            index: 1,
            total: 1,
            counters_inferred: true,
            tags: Vec::new(),
            title: String::new(),
        };
        let mut s: &str = &subject.split_whitespace().collect::<Vec<_>>().join(" ");
        let owned;
        if let Some(rest) = reply_word(s) {
            p.reply = true;
            if rest.starts_with('[') {
                owned = rest.to_string();
                s = &owned;
            }
        }
        while s.starts_with('[') {
            let Some(end) = s.find(']') else { break };
            let inner = split_patch_version(s[1..end].trim());
            for chunk in inner.split_whitespace() {
                let chunk = chunk.trim_matches([',', ';']);
                p.tag(chunk);
                p.tags.push(chunk.to_string());
            }
            s = s[end + 1..].trim_start();
        }
        p.title = s.to_string();
        if p.index > p.total {
            p.total = p.index;
        }
        p
    }

    fn tag(&mut self, chunk: &str) {
        let lower = chunk.to_ascii_lowercase();
        if let Some((m, n)) = counters(chunk) {
            (self.index, self.total, self.counters_inferred) = (m, n, false);
        } else if let Some(v) = lower
            .strip_prefix('v')
            .filter(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
        {
            if let Ok(v) = v.parse() {
                (self.version, self.version_inferred) = (v, false);
            }
        } else if lower.starts_with("rfc") {
            self.rfc = true;
        } else if lower.starts_with("resend") {
            self.resend = true;
        } else if lower.starts_with("patch") {
            self.patch = true;
        }
    }

    /// Whether this is the cover letter (`0/n`).
    pub fn is_cover(&self) -> bool {
        self.index == 0 && !self.counters_inferred
    }
}

/// After `Re:`/`Aw:`/`Fwd:` (any case), or a 2–3 letter word and a colon before `[`: the rest.
fn reply_word(s: &str) -> Option<&str> {
    let colon = s.find(':')?;
    let word = &s[..colon];
    let rest = s[colon + 1..].trim_start();
    let known = ["re", "aw", "fwd"].contains(&word.to_ascii_lowercase().as_str());
    let short = (2..=3).contains(&word.chars().count())
        && word.chars().all(|c| c.is_alphanumeric() || c == '_');
    (known || (short && rest.starts_with('['))).then_some(rest)
}

/// `m/n` with one to four digits each.
fn counters(chunk: &str) -> Option<(u32, u32)> {
    let (m, n) = chunk.split_once('/')?;
    let ok = |d: &str| (1..=4).contains(&d.len()) && d.bytes().all(|b| b.is_ascii_digit());
    (ok(m) && ok(n)).then(|| (m.parse().unwrap_or(0), n.parse().unwrap_or(0)))
}

/// `PATCHv3` → `PATCH v3`, as b4 fixes it.
fn split_patch_version(inner: &str) -> String {
    let lower = inner.to_ascii_lowercase();
    let mut out = String::with_capacity(inner.len() + 2);
    let mut last = 0;
    let mut from = 0;
    while let Some(p) = lower[from..].find("patchv").map(|p| p + from) {
        let digits = lower[p + 6..]
            .bytes()
            .take_while(u8::is_ascii_digit)
            .count();
        if digits > 0 {
            out.push_str(&inner[last..p + 5]);
            out.push(' ');
            last = p + 5;
        }
        from = p + 6;
    }
    out.push_str(&inner[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes() {
        let p = Prefix::parse("[PATCH v3 02/12] leds: fix it");
        assert_eq!((p.version, p.index, p.total), (3, 2, 12));
        assert_eq!(p.title, "leds: fix it");
        assert!(!p.reply && p.patch && !p.rfc);
        let p = Prefix::parse("Re: [RFC PATCHv2 net-next 0/3] thing");
        assert!(p.reply && p.rfc && p.is_cover());
        assert_eq!(p.version, 2);
        assert_eq!(p.tags, ["RFC", "PATCH", "v2", "net-next", "0/3"]);
        let p = Prefix::parse("[PATCH] one");
        assert!(p.version_inferred && p.counters_inferred && !p.is_cover());
    }
}

//! Trailers reviewers send in replies (`Reviewed-by: Name <email>`), found and vetted the way
//! `b4 am` does it (b4's `find_trailers(followup=True)` and `get_trailers`): unquoted lines only,
//! above the `-- ` signature, a person trailer only when the sender gave it.

use serde::Serialize;

/// A trailer collected from a reply, shown apart from the patch's own trailers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Followup {
    /// The key as written (`Reviewed-by`).
    pub key: String,
    /// The value, a person as `Name <email>`.
    pub value: String,
    /// A `# note` after the value, or a `[bracketed]` line under it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The reply's sender, `Name <email>`.
    pub from: String,
    /// The reply's Message-ID.
    pub message_id: Option<String>,
}

impl Followup {
    /// Whether two trailers are the same for b4: same key (any case), same value (any case).
    pub fn same(&self, key: &str, value: &str) -> bool {
        self.key.eq_ignore_ascii_case(key) && self.value.to_lowercase() == value.to_lowercase()
    }
}

/// A trailer line found in a reply's text, before the sender check.
#[derive(Debug, Clone)]
pub(crate) struct Candidate {
    pub key: String,
    pub value: String,
    pub note: Option<String>,
    /// Name and address, for a person trailer.
    pub person: Option<(String, String)>,
}

const IGNORED: [&str; 5] = [
    "phone",
    "mail",
    "email",
    "e-mail",
    "prerequisite-message-id",
];
const HEADERS: [&str; 3] = ["subject", "date", "from"];
const LINKS: [&str; 3] = ["link", "buglink", "closes"];
const NON_PERSON: [&str; 6] = [
    "fixes",
    "subject",
    "date",
    "obsoleted-by",
    "change-id",
    "base-commit",
];
/// Names b4 drops from replies: they are message metadata, not review.
const NOT_REVIEW: [&str; 11] = [
    "from",
    "author",
    "cc",
    "to",
    "date",
    "subject",
    "subscribe",
    "unsubscribe",
    "base-commit",
    "change-id",
    "message-id",
];
const UTILITY: [&str; 9] = [
    "fixes",
    "link",
    "buglink",
    "closes",
    "obsoleted-by",
    "message-id",
    "change-id",
    "base-commit",
    "based-on",
];

/// The trailers of a reply's text, as b4 finds them.
pub(crate) fn find(text: &str) -> Vec<Candidate> {
    let body = text.split("\n-- \n").next().unwrap_or("").trim();
    let lines = join_wrapped(body);
    let mut found: Vec<Candidate> = Vec::new();
    let mut others = 0usize;
    let mut was_trailer = false;
    for line in &lines {
        let line = line.trim_matches('\r');
        let Some((name, value)) = split_trailer(line) else {
            if line.chars().count() > 2 && was_trailer && is_bracketed(line) {
                if let Some(last) = found.last_mut() {
                    last.note = Some(line.to_string());
                }
                was_trailer = false;
                continue;
            }
            was_trailer = false;
            others += 1;
            continue;
        };
        let lname = name.to_lowercase();
        if IGNORED.contains(&lname.as_str()) || (others > 0 && HEADERS.contains(&lname.as_str())) {
            continue;
        }
        if !lname.is_ascii() {
            continue;
        }
        let has_person = has_address(value);
        if !has_person && !NON_PERSON.contains(&lname.as_str()) && !LINKS.contains(&lname.as_str())
        {
            continue;
        }
        if (value.contains("http://") || value.contains("https://"))
            && !LINKS.contains(&lname.as_str())
        {
            continue;
        }
        if lname == "fixes"
            && value
                .bytes()
                .take_while(|b| b"0123456789abcdef".contains(b))
                .count()
                < 6
        {
            continue;
        }
        let (value, note) = split_note(value);
        was_trailer = true;
        found.push(candidate(name, value, note));
    }
    found
}

impl Candidate {
    /// Whether b4 collects it: message metadata (`Cc:`, `Subject:`, `change-id:`) is not review.
    pub fn is_review(&self) -> bool {
        !NOT_REVIEW.contains(&self.key.to_lowercase().as_str())
    }
}

/// b4 rejoins two kinds of wrapped trailers before reading: `Fixes: abc (title` + `more)`, and
/// `Key: Long Name` + `<email>`.
fn join_wrapped(body: &str) -> Vec<String> {
    let raw: Vec<&str> = body.split('\n').collect();
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let line = raw[i];
        if let Some(next) = raw.get(i + 1) {
            let fixes_wrap = is_open_fixes(line) && next.contains(')');
            let email_wrap = is_name_only(line) && next.starts_with('<') && next.ends_with('>');
            if fixes_wrap || email_wrap {
                out.push(format!("{line} {next}"));
                i += 2;
                continue;
            }
        }
        out.push(line.to_string());
        i += 1;
    }
    out
}

/// `Key: <hex> (title` with no closing parenthesis.
fn is_open_fixes(line: &str) -> bool {
    let Some((key, rest)) = line.split_once(':') else {
        return false;
    };
    if key.is_empty() || key.contains(char::is_whitespace) || !rest.starts_with(char::is_whitespace)
    {
        return false;
    }
    let rest = rest.trim_start();
    let hex = rest
        .bytes()
        .take_while(|b| b"0123456789abcdef".contains(b))
        .count();
    let after = &rest[hex..];
    hex > 0
        && after.starts_with(char::is_whitespace)
        && after.trim_start().starts_with('(')
        && !after.contains(')')
        && after.trim_start().len() > 1
}

/// `Key: Some Name` with no `<`.
fn is_name_only(line: &str) -> bool {
    let Some((key, rest)) = line.split_once(':') else {
        return false;
    };
    !key.is_empty()
        && !key.contains(char::is_whitespace)
        && rest.starts_with(char::is_whitespace)
        && !rest.trim().is_empty()
        && !rest.contains('<')
}

/// `^\s*(\w\S+):\s+(\S.*)`: the name is the first word (ending in a colon), the value what
/// follows the white space after it.
fn split_trailer(line: &str) -> Option<(&str, &str)> {
    let line = line.trim_start();
    let end = line.find(char::is_whitespace)?;
    let name = line[..end].strip_suffix(':')?;
    let first = name.chars().next()?;
    if name.chars().count() < 2 || !(first.is_alphanumeric() || first == '_') {
        return None;
    }
    let value = line[end..].trim_start();
    (!value.is_empty()).then_some((name, value))
}

fn is_bracketed(line: &str) -> bool {
    let t = line.trim();
    t.starts_with('[') && t.ends_with(']') && t.len() > 2 && !t[1..t.len() - 1].contains(']')
}

/// `\S+@\S+\.\S+` somewhere in the value.
fn has_address(value: &str) -> bool {
    value.split_whitespace().any(|w| {
        w.split_once('@').is_some_and(|(a, d)| {
            !a.is_empty()
                && d.char_indices()
                    .any(|(p, c)| c == '.' && p > 0 && p + 1 < d.len())
        })
    })
}

/// `value # note` → (`value`, ` # note`).
fn split_note(value: &str) -> (&str, Option<String>) {
    if let Some(hash) = value.rfind('#') {
        let (head, tail) = value.split_at(hash);
        let head_trimmed = head.trim_end();
        if head_trimmed.len() < head.len()
            && !head_trimmed.is_empty()
            && !tail[1..].contains('#')
            && tail.len() > 1
        {
            return (head_trimmed, Some(value[head_trimmed.len()..].to_string()));
        }
    }
    (value, None)
}

/// A trailer as b4's `LoreTrailer` normalizes it: a person's value becomes `Name <email>`.
fn candidate(name: &str, value: &str, note: Option<String>) -> Candidate {
    let lname = name.to_lowercase();
    let mut c = Candidate {
        key: name.to_string(),
        value: value.to_string(),
        note,
        person: None,
    };
    if UTILITY.contains(&lname.as_str()) || value.contains("://") || !has_address(value) {
        return c;
    }
    let value = strip_mailto(value);
    let (name, email) = match (value.find('<'), value.rfind('>')) {
        (Some(open), Some(close)) if open < close => (
            value[..open].trim().trim_matches('"').trim().to_string(),
            value[open + 1..close].trim().to_string(),
        ),
        _ => {
            let word = value
                .split_whitespace()
                .find(|w| w.contains('@'))
                .unwrap_or("");
            (
                String::new(),
                word.trim_matches(['<', '>', ',']).to_string(),
            )
        }
    };
    c.value = if name.is_empty() || name == email {
        email.clone()
    } else {
        format!("{name} <{email}>")
    };
    c.person = Some((name, email));
    c
}

fn strip_mailto(value: &str) -> String {
    let mut out = value.to_string();
    while let Some(start) = out.find("<mailto:") {
        match out[start..].find('>') {
            Some(end) => out.replace_range(start..start + end + 1, ""),
            None => break,
        }
    }
    out
}

/// Splits a reply's trailers into those its sender gave (kept) and person trailers naming
/// someone else (b4's mismatches).
pub(crate) fn by_sender(
    found: Vec<Candidate>,
    from_name: &str,
    from_email: &str,
) -> (Vec<Candidate>, Vec<Candidate>) {
    found.into_iter().partition(|c| match &c.person {
        None => true,
        Some((name, email)) => {
            same_email(email, from_email) || {
                let (t, h) = (name.to_lowercase(), from_name.to_lowercase());
                t == h || h.find(',').is_some_and(|p| p > 0)
            }
        }
    })
}

/// b4's fuzzy address match: case, `+tag`s and one level of subdomain are ignored.
fn same_email(a: &str, b: &str) -> bool {
    let (a, b) = (a.to_lowercase(), b.to_lowercase());
    if a == b {
        return true;
    }
    let (Some((al, ad)), Some((bl, bd))) = (a.split_once('@'), b.split_once('@')) else {
        return false;
    };
    let untag = |l: &str| l.split('+').next().unwrap_or("").to_string();
    if untag(al) == untag(bl) && ad == bd {
        return true;
    }
    al == bl
        && ad.matches('.').count().abs_diff(bd.matches('.').count()) == 1
        && (ad.ends_with(&format!(".{bd}")) || bd.ends_with(&format!(".{ad}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn b4_rules() {
        let text = "> Reviewed-by: Quoted <q@example.org>\nLooks good.\n\nReviewed-by: Ann <ann@example.org>\nAcked-by: Bob Example <bob@example.org> # for gpio\nTested-by: someone\nLink: https://example.org/x\nCc: c@example.org\n-- \nAcked-by: Sig <sig@example.org>\n";
        let mut found = find(text);
        found.retain(Candidate::is_review);
        let keys: Vec<_> = found
            .iter()
            .map(|c| (c.key.as_str(), c.value.as_str()))
            .collect();
        assert_eq!(
            keys,
            [
                ("Reviewed-by", "Ann <ann@example.org>"),
                ("Acked-by", "Bob Example <bob@example.org>"),
                ("Link", "https://example.org/x"),
            ]
        );
        assert_eq!(found[1].note.as_deref(), Some(" # for gpio"));
        let (kept, other) = by_sender(found, "Ann", "ANN@example.org");
        assert_eq!((kept.len(), other.len()), (2, 1));
    }
}

//! What `/` looks for and where it is found in one patch. The worker scans patches with this;
//! the views highlight with it.

use git_triage::diff::PatchDiff;
use git_triage::Patch;

use super::doc::Row;

/// A search text, smart case: an upper-case letter makes it case-sensitive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    pub text: String,
    pub case_sensitive: bool,
    /// `text` lower-cased, when the search ignores case.
    lower: String,
}

impl Query {
    pub fn new(text: String) -> Query {
        let case_sensitive = text.chars().any(char::is_uppercase);
        let lower = text.to_lowercase();
        Query {
            text,
            case_sensitive,
            lower,
        }
    }

    /// Whether `s` contains the text.
    pub fn matches(&self, s: &str) -> bool {
        if self.case_sensitive {
            return s.contains(&self.text);
        }
        // Most diff lines and queries are ASCII: compare without allocating. Otherwise
        // lower-case as Unicode does (the Kelvin sign lower-cases to an ASCII k).
        if s.is_ascii() && self.lower.is_ascii() {
            let (hay, needle) = (s.as_bytes(), self.lower.as_bytes());
            return needle.is_empty()
                || hay
                    .windows(needle.len())
                    .any(|w| w.eq_ignore_ascii_case(needle));
        }
        s.to_lowercase().contains(&self.lower)
    }
}

/// The rows of a patch's page that match, in page order: author and committer, the subject,
/// the message's lines (trailers among them), file paths, diff lines.
pub fn scan(query: &Query, patch: &Patch, diff: Option<&PatchDiff>) -> Vec<Row> {
    let mut rows = Vec::new();
    let ident = |id: &git_triage::series::Identity| format!("{} <{}>", id.name, id.email);
    if query.matches(&ident(&patch.author)) {
        rows.push(Row::Author);
    }
    // The page shows the committer only when it is someone else.
    let committer_differs =
        patch.committer.name != patch.author.name || patch.committer.email != patch.author.email;
    if committer_differs && query.matches(&ident(&patch.committer)) {
        rows.push(Row::Committer);
    }
    if query.matches(&patch.subject) {
        rows.push(Row::Subject);
    }
    for (n, line) in patch.body().lines().enumerate() {
        if query.matches(line) {
            rows.push(Row::Body(n));
        }
    }
    let Some(d) = diff else { return rows };
    for (f, file) in d.files.iter().enumerate() {
        if query.matches(&file.display_path()) {
            rows.push(Row::File(f));
        }
        for (h, hunk) in file.hunks.iter().enumerate() {
            for (l, line) in hunk.lines().enumerate() {
                if query.matches(line.content) {
                    rows.push(Row::Line(f, h, l));
                }
            }
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::Query;

    #[test]
    fn smart_case_and_unicode() {
        let q = Query::new("tcg".into());
        assert!(q.matches("accel/TCG: op") && q.matches("tcg") && !q.matches("tc g"));
        let q = Query::new("TCG".into());
        assert!(q.matches("TCG") && !q.matches("tcg"));
        // Unicode lower-casing, not only ASCII.
        assert!(Query::new("straße".into()).matches("STRAßE"));
        assert!(Query::new("k".into()).matches("\u{212A}elvin"));
        assert!(Query::new("é".into()).matches("CAFÉ"));
    }
}

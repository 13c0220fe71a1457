//! Policy findings: what a reviewer should know about a patch, each from a named rule with a
//! configurable severity.

use serde::{Deserialize, Serialize};

use crate::config::{Config, REPO_CONFIG};
use crate::diff::{LineKind, PatchDiff};
use crate::sanitize;
use crate::series::Patch;

/// How much a finding matters. `Off` disables a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Off,
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Off => "off",
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

macro_rules! rules {
    ($($variant:ident => $id:literal),* $(,)?) => {
        /// Every rule, by the id used in config and reports.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
        pub enum RuleId {
            $(#[serde(rename = $id)] $variant,)*
        }

        impl RuleId {
            pub const ALL: &'static [RuleId] = &[$(RuleId::$variant,)*];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(RuleId::$variant => $id,)*
                }
            }
        }
    };
}

rules! {
    MissingSignoff => "missing-signoff",
    CoDevelopedWithoutSignoff => "co-developed-without-signoff",
    PolicyFileChanged => "policy-file-changed",
    HiddenUnicode => "hidden-unicode",
    MergeInSeries => "merge-in-series",
}

/// One thing a rule found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub rule: RuleId,
    pub severity: Severity,
    pub message: String,
    /// The file it is about, if any.
    pub path: Option<String>,
    /// Index of the hunk within that file, if it is about one hunk.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hunk: Option<usize>,
    /// Line number on the new side, if it is about one line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
}

/// The parts of a trailer value such as `Jane Doe <jane@example.org>`.
pub fn split_identity(value: &str) -> (&str, Option<&str>) {
    match (value.rfind('<'), value.rfind('>')) {
        (Some(lt), Some(gt)) if lt < gt => (value[..lt].trim(), Some(value[lt + 1..gt].trim())),
        _ => (value.trim(), None),
    }
}

fn same_person(a: &str, b: &str) -> bool {
    match (split_identity(a), split_identity(b)) {
        ((_, Some(ea)), (_, Some(eb))) => ea.eq_ignore_ascii_case(eb),
        ((na, _), (nb, _)) => na.eq_ignore_ascii_case(nb),
    }
}

/// Applies the core rules to one patch and its diff.
pub fn check(patch: &Patch, diff: &PatchDiff, config: &Config) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut emit = |rule: RuleId, message: String, path: Option<String>, hunk, line| {
        let severity = config.severity(rule);
        if severity != Severity::Off {
            out.push(Finding {
                rule,
                severity,
                message,
                path,
                hunk,
                line,
            });
        }
    };

    if patch.is_merge() {
        emit(
            RuleId::MergeInSeries,
            format!(
                "merge commit with {} parents; its changes are not shown",
                patch.parents.len()
            ),
            None,
            None,
            None,
        );
    } else {
        let author = &patch.author;
        let signed = patch.trailers_named("Signed-off-by").any(|t| {
            let (name, email) = split_identity(&t.value);
            email.is_some_and(|e| e.eq_ignore_ascii_case(&author.email))
                || (!name.is_empty() && name.eq_ignore_ascii_case(author.name.trim()))
        });
        if !signed {
            emit(
                RuleId::MissingSignoff,
                format!(
                    "no Signed-off-by from the author {} <{}>",
                    sanitize::escape(&author.name),
                    sanitize::escape(&author.email)
                ),
                None,
                None,
                None,
            );
        }
    }

    for (i, t) in patch.trailers.iter().enumerate() {
        if !t.is("Co-developed-by") {
            continue;
        }
        let next = patch.trailers.get(i + 1);
        if !next.is_some_and(|n| n.is("Signed-off-by") && same_person(&n.value, &t.value)) {
            emit(
                RuleId::CoDevelopedWithoutSignoff,
                format!(
                    "Co-developed-by: {} is not immediately followed by their Signed-off-by",
                    sanitize::escape(&t.value)
                ),
                None,
                None,
                None,
            );
        }
    }

    for file in &diff.files {
        let touches_policy = file.path == REPO_CONFIG.as_bytes()
            || file.old_path.as_deref() == Some(REPO_CONFIG.as_bytes());
        if touches_policy {
            emit(
                RuleId::PolicyFileChanged,
                format!("changes the review policy file {REPO_CONFIG}; it takes effect only for later series"),
                Some(file.display_path()),
                None,
                None,
            );
        }
        for (h, hunk) in file.hunks.iter().enumerate() {
            for line in hunk.lines.iter().filter(|l| l.kind == LineKind::Added) {
                let hidden = sanitize::hidden_chars(&line.content);
                if hidden.is_empty() {
                    continue;
                }
                let names: Vec<String> = hidden
                    .iter()
                    .map(|c| format!("U+{:04X} {}", *c as u32, char_name(*c)))
                    .collect();
                emit(
                    RuleId::HiddenUnicode,
                    format!(
                        "added line contains invisible or bidi characters: {}",
                        names.join(", ")
                    ),
                    Some(file.display_path()),
                    Some(h),
                    line.new_lineno,
                );
            }
        }
    }
    out
}

fn char_name(c: char) -> &'static str {
    match c {
        '\u{202A}' => "LEFT-TO-RIGHT EMBEDDING",
        '\u{202B}' => "RIGHT-TO-LEFT EMBEDDING",
        '\u{202C}' => "POP DIRECTIONAL FORMATTING",
        '\u{202D}' => "LEFT-TO-RIGHT OVERRIDE",
        '\u{202E}' => "RIGHT-TO-LEFT OVERRIDE",
        '\u{2066}' => "LEFT-TO-RIGHT ISOLATE",
        '\u{2067}' => "RIGHT-TO-LEFT ISOLATE",
        '\u{2068}' => "FIRST STRONG ISOLATE",
        '\u{2069}' => "POP DIRECTIONAL ISOLATE",
        '\u{200E}' => "LEFT-TO-RIGHT MARK",
        '\u{200F}' => "RIGHT-TO-LEFT MARK",
        '\u{061C}' => "ARABIC LETTER MARK",
        '\u{200B}' => "ZERO WIDTH SPACE",
        '\u{200C}' => "ZERO WIDTH NON-JOINER",
        '\u{200D}' => "ZERO WIDTH JOINER",
        '\u{2060}' => "WORD JOINER",
        '\u{FEFF}' => "ZERO WIDTH NO-BREAK SPACE",
        '\u{180E}' => "MONGOLIAN VOWEL SEPARATOR",
        _ => "invisible character",
    }
}

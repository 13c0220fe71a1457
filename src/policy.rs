//! Policy findings: what a reviewer should know about a patch, each from a named rule with a
//! configurable severity.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::areas::{Area, Level, Role};
use crate::diff::{LineKind, PatchDiff};
use crate::provenance::{Detector, Provenance, Source};
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

            /// Whether the rule is about AI involvement (its findings come with evidence).
            pub fn is_ai(self) -> bool {
                self.as_str().starts_with("ai-") || self == RuleId::AgentSignedOff
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
    AiInCriticalArea => "ai-in-critical-area",
    AiInSensitiveArea => "ai-in-sensitive-area",
    AgentSignedOff => "agent-signed-off",
    AiUseMismatch => "ai-use-mismatch",
    AiCodeOverLimit => "ai-code-over-limit",
    AiDisclosureFormat => "ai-disclosure-format",
    AiForbiddenTrailer => "ai-forbidden-trailer",
    SeriesIncomplete => "series-incomplete",
    DuplicateMessageId => "duplicate-message-id",
    DuplicatePatch => "duplicate-patch",
    DoesNotApply => "does-not-apply",
}

/// Name of the per-repository policy file.
pub const REPO_CONFIG: &str = ".git-triage.toml";

/// `[ai]`: the project's AI policy.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AiPolicy {
    /// The disclosure trailer the project requires (`AI-used-for`, `Assisted-by`).
    pub require: Option<String>,
    /// Most lines of code (added + removed, outside tests and docs) an AI patch may change.
    pub max_code_lines: Option<usize>,
    /// Trailer keys the project forbids for disclosing AI.
    pub forbid: Option<Vec<String>>,
}

/// What the rules need from the configuration: each rule's severity, the AI policy, and the
/// areas (for their names and roles).
#[derive(Debug, Clone, Copy)]
pub struct Rules<'a> {
    pub severities: &'a BTreeMap<RuleId, Severity>,
    pub ai: &'a AiPolicy,
    pub areas: &'a [Area],
}

impl Rules<'_> {
    /// The severity configured for `rule`; a rule not configured is off.
    pub fn severity(&self, rule: RuleId) -> Severity {
        self.severities.get(&rule).copied().unwrap_or(Severity::Off)
    }
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

pub use crate::trailers::split_identity;

fn same_person(a: &str, b: &str) -> bool {
    match (split_identity(a), split_identity(b)) {
        ((_, Some(ea)), (_, Some(eb))) => ea.eq_ignore_ascii_case(eb),
        ((na, _), (nb, _)) => na.eq_ignore_ascii_case(nb),
    }
}

/// A finding of `rule` at its configured severity (or `severity`, for an informational
/// variant), or none when the rule is off.
fn finding(
    rules: &Rules<'_>,
    rule: RuleId,
    severity: Option<Severity>,
    message: String,
    path: Option<String>,
    hunk: Option<usize>,
    line: Option<u32>,
) -> Option<Finding> {
    let configured = rules.severity(rule);
    (configured != Severity::Off).then(|| Finding {
        rule,
        severity: severity.unwrap_or(configured),
        message,
        path,
        hunk,
        line,
    })
}

/// Applies the core rules to one patch and its diff.
pub fn check(patch: &Patch, diff: &PatchDiff, rules: &Rules<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut emit = |rule: RuleId, message: String, path: Option<String>, hunk, line| {
        out.extend(finding(rules, rule, None, message, path, hunk, line));
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
    } else if let crate::signoff::SignOff::Missing { rewrite } = &patch.signoff {
        let author = &patch.author;
        let whose = match rewrite {
            // The address is the list's: only the name can match, so say which.
            Some(r) => format!(
                "{} (the author's address <{}> is the {} list's, rewritten for DMARC)",
                sanitize::escape(&r.name),
                sanitize::escape(&r.address),
                sanitize::escape(&r.list)
            ),
            None => format!(
                "{} <{}>",
                sanitize::escape(&author.name),
                sanitize::escape(&author.email)
            ),
        };
        emit(
            RuleId::MissingSignoff,
            format!("no Signed-off-by from the author {whose}"),
            None,
            None,
            None,
        );
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
            for line in hunk.lines().filter(|l| l.kind == LineKind::Added) {
                let hidden = sanitize::hidden_chars(line.content);
                if hidden.is_empty() {
                    continue;
                }
                let message = hidden_message(line.content, &hidden);
                emit(
                    RuleId::HiddenUnicode,
                    message,
                    Some(file.display_path()),
                    Some(h),
                    line.new_lineno,
                );
            }
        }
    }
    out
}

/// What a `hidden-unicode` finding says about one line: the distinct characters by name (the
/// first eight), and the text that tag characters spell, if any.
fn hidden_message(line: &str, hidden: &[char]) -> String {
    const SHOWN: usize = 8;
    let mut names: Vec<String> = hidden
        .iter()
        .take(SHOWN)
        .map(|&c| format!("U+{:04X} {}", c as u32, sanitize::hidden_name(c)))
        .collect();
    if hidden.len() > SHOWN {
        names.push(format!("and {} more", hidden.len() - SHOWN));
    }
    let mut message = format!(
        "added line contains invisible or bidi characters: {}",
        names.join(", ")
    );
    let spelled = sanitize::tag_text(line);
    if !spelled.is_empty() {
        let shown: String = spelled.chars().take(120).collect();
        let more = if shown.len() < spelled.len() {
            "..."
        } else {
            ""
        };
        message.push_str(&format!(
            "; tag characters spell hidden text {shown:?}{more}"
        ));
    }
    message
}

/// What a file holds, from the roles of the areas it lands in.
fn role_of(file: &crate::diff::FileChange, rules: &Rules<'_>) -> Role {
    let roles = file
        .placement
        .areas
        .iter()
        .filter_map(|&i| rules.areas[i].role);
    let mut role = Role::Code;
    for r in roles {
        match r {
            Role::Tests => return Role::Tests,
            Role::Docs => role = Role::Docs,
            Role::Code => {}
        }
    }
    role
}

/// Whether an `Assisted-by` value has one of the kernel's forms: `AGENT:MODEL [TOOLS]` or
/// `LLM [TOOLS]`.
fn kernel_assisted_by(value: &str) -> bool {
    let mut words = value.split_whitespace();
    match words.next() {
        Some("LLM") => true,
        Some(first) => first
            .split_once(':')
            .is_some_and(|(a, m)| !a.is_empty() && !m.is_empty()),
        None => false,
    }
}

/// Every finding for one patch: the core rules, then the AI rules.
pub fn findings(
    patch: &Patch,
    diff: &PatchDiff,
    prov: &Provenance,
    detector: &Detector,
    rules: &Rules<'_>,
) -> Vec<Finding> {
    let mut f = check(patch, diff, rules);
    f.extend(check_ai(patch, diff, prov, detector, rules));
    f.extend(crate::mail::findings::findings(patch, rules));
    f
}

/// Applies the AI policy rules to one patch, given its provenance.
pub fn check_ai(
    patch: &Patch,
    diff: &PatchDiff,
    prov: &Provenance,
    detector: &Detector,
    rules: &Rules<'_>,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut emit =
        |rule: RuleId, severity: Option<Severity>, message: String, path: Option<String>, hunk| {
            out.extend(finding(rules, rule, severity, message, path, hunk, None));
        };

    for t in patch.trailers_named("Signed-off-by") {
        if detector.is_agent_value(&t.value) {
            emit(
                RuleId::AgentSignedOff,
                None,
                format!(
                    "Signed-off-by: {} names an AI agent; only a human can certify the DCO",
                    sanitize::escape(&t.value)
                ),
                None,
                None,
            );
        }
    }
    if !prov.assisted {
        return out;
    }

    for file in &diff.files {
        let (rule, level) = match file.level() {
            Level::Critical => (RuleId::AiInCriticalArea, "critical"),
            Level::Sensitive => (RuleId::AiInSensitiveArea, "sensitive"),
            Level::Normal => continue,
        };
        let areas: Vec<&str> = file
            .placement
            .areas
            .iter()
            .map(|&i| rules.areas[i].name.as_str())
            .filter(|name| {
                rules
                    .areas
                    .iter()
                    .any(|a| a.name == *name && a.level == file.level())
            })
            .collect();
        let path = file.display_path();
        let ai_hunks: Vec<usize> = file
            .hunks
            .iter()
            .enumerate()
            .filter(|(_, h)| prov.ai_lines(file, h).is_none_or(|n| n > 0))
            .map(|(i, _)| i)
            .collect();
        let list = |hs: &[usize]| {
            hs.iter()
                .map(|h| (h + 1).to_string())
                .collect::<Vec<_>>()
                .join(", ")
        };
        match &prov.attribution {
            Some(_) if ai_hunks.is_empty() => emit(
                rule,
                Some(Severity::Info),
                format!(
                    "AI-assisted patch changes {level} area {}, but its authorship log attributes no line here to an agent",
                    areas.join(", ")
                ),
                Some(path),
                None,
            ),
            attribution => {
                let what = if attribution.is_some() {
                    "agent-written lines land in"
                } else {
                    "AI-assisted patch changes"
                };
                let hunks = if file.hunks.is_empty() {
                    String::new()
                } else {
                    format!(" (hunk {})", list(&ai_hunks))
                };
                emit(
                    rule,
                    None,
                    format!("{what} {level} area {}{hunks}", areas.join(", ")),
                    Some(path),
                    ai_hunks.first().copied(),
                );
            }
        }
    }

    let declared = patch.trailers_named("AI-used-for").next().is_some();
    if declared && !prov.uses.iter().any(|u| u == "code") {
        let code: Vec<String> = diff
            .files
            .iter()
            .filter(|f| role_of(f, rules) == Role::Code)
            .map(|f| f.display_path())
            .collect();
        if !code.is_empty() {
            emit(
                RuleId::AiUseMismatch,
                None,
                format!(
                    "AI-used-for declares {} but the patch changes code: {}",
                    prov.uses.join(", "),
                    code.join(", ")
                ),
                code.first().cloned(),
                None,
            );
        }
    }

    if let Some(limit) = rules.ai.max_code_lines {
        let lines: usize = diff
            .files
            .iter()
            .filter(|f| role_of(f, rules) == Role::Code)
            .flat_map(|f| &f.hunks)
            .map(|h| h.added() + h.removed())
            .sum();
        if lines > limit {
            emit(
                RuleId::AiCodeOverLimit,
                None,
                format!("AI-assisted patch changes {lines} lines of code (tests and docs aside); the limit is {limit}"),
                None,
                None,
            );
        }
    }

    if let Some(required) = &rules.ai.require {
        let present: Vec<&crate::trailers::Trailer> = patch.trailers_named(required).collect();
        if present.is_empty() {
            emit(
                RuleId::AiDisclosureFormat,
                None,
                format!("AI evidence but no {required}: trailer"),
                None,
                None,
            );
        }
        for t in present {
            let ok = if required.eq_ignore_ascii_case("AI-used-for") {
                let uses = crate::provenance::parse_uses(&t.value);
                !uses.is_empty()
                    && uses
                        .iter()
                        .all(|u| matches!(u.as_str(), "code" | "tests" | "docs" | "research"))
            } else if required.eq_ignore_ascii_case("Assisted-by") {
                kernel_assisted_by(&t.value)
            } else {
                !t.value.trim().is_empty()
            };
            if !ok {
                emit(
                    RuleId::AiDisclosureFormat,
                    None,
                    format!("malformed {}: {}", t.key, sanitize::escape(&t.value)),
                    None,
                    None,
                );
            }
        }
    }

    if let Some(forbidden) = &rules.ai.forbid {
        for e in prov.evidence.iter().filter(|e| e.source == Source::Trailer) {
            let key = e.text.split(':').next().unwrap_or("");
            if forbidden.iter().any(|f| f.eq_ignore_ascii_case(key)) {
                emit(
                    RuleId::AiForbiddenTrailer,
                    None,
                    format!(
                        "the project does not use {key}: to disclose AI ({})",
                        sanitize::escape(&e.text)
                    ),
                    None,
                    None,
                );
            }
        }
    }
    out
}

//! Findings about mail itself: a series with patches missing, messages sent twice, two patches
//! claiming one place, a patch that does not apply onto the base.

use super::Anomaly;
use crate::policy::{Finding, RuleId, Rules, Severity};
use crate::sanitize::escape;
use crate::series::Patch;

/// The mail findings of one patch (none for a commit of a range).
pub fn findings(patch: &Patch, rules: &Rules<'_>) -> Vec<Finding> {
    let Some(m) = &patch.mail else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut emit = |rule: RuleId, message: String, path: Option<String>, hunk: Option<usize>| {
        let severity = rules.severity(rule);
        if severity != Severity::Off {
            out.push(Finding {
                rule,
                severity,
                message,
                path,
                hunk,
                line: None,
            });
        }
    };
    for a in &m.anomalies {
        let (rule, message) = match a {
            Anomaly::SeriesIncomplete { version, missing } => (
                RuleId::SeriesIncomplete,
                format!(
                    "v{version} of the series lacks patch{} {} (not in the mail)",
                    if missing.len() == 1 { "" } else { "es" },
                    list(missing)
                ),
            ),
            Anomaly::DuplicateMessageId {
                message_id,
                positions,
            } => (
                RuleId::DuplicateMessageId,
                format!(
                    "Message-ID <{}> is on {} messages (at {} in the mailbox); the first is read",
                    escape(message_id),
                    positions.len(),
                    list(positions)
                ),
            ),
            Anomaly::DuplicatePatch {
                version,
                index,
                message_ids,
            } => (
                RuleId::DuplicatePatch,
                format!(
                    "two messages claim patch {index} of v{version} ({}); the first is reviewed",
                    message_ids
                        .iter()
                        .map(|i| i
                            .as_deref()
                            .map_or("no Message-ID".into(), |i| format!("<{}>", escape(i))))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ),
        };
        emit(rule, message, None, None);
    }
    if let Some(r) = &m.rejected {
        emit(
            RuleId::DoesNotApply,
            format!(
                "does not apply onto the base, so it is shown from the mail and the next patches apply without it: {}",
                escape(&r.reason)
            ),
            r.path.clone(),
            r.hunk,
        );
    }
    out
}

fn list<T: ToString>(items: &[T]) -> String {
    items
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

//! Messages → series, as `b4 am` assembles them: covers and patches by version and counter,
//! replies as follow-ups whose trailers go to the patch (or, from the cover letter, to every
//! patch) they answer, older versions of the same series kept as its previous versions.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::followups::Followup;
use super::threads::{self, Meta};
use super::Message;

/// One patch of a mailed series.
#[derive(Debug, Clone)]
pub struct MailPatch {
    /// `m` of `[PATCH m/n]`.
    pub index: u32,
    pub message: Message,
    /// Trailers from replies to this patch and to the cover letter, and from replies to the
    /// same patch (same patch-id) in a previous version; none the patch already carries.
    pub followups: Vec<Followup>,
}

/// Something about the input a reviewer must hear of (each becomes a finding).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Anomaly {
    /// Patches `m/n` absent from the input.
    SeriesIncomplete { version: u32, missing: Vec<u32> },
    /// Two messages with one Message-ID; the later ones are ignored, as b4 ignores them.
    DuplicateMessageId {
        message_id: String,
        positions: Vec<usize>,
    },
    /// Two different messages claim the same `m/n` of one version; the first is kept.
    DuplicatePatch {
        version: u32,
        index: u32,
        message_ids: Vec<Option<String>>,
    },
}

impl Anomaly {
    /// The policy rule id the anomaly is reported under.
    pub fn rule(&self) -> &'static str {
        match self {
            Anomaly::SeriesIncomplete { .. } => "series-incomplete",
            Anomaly::DuplicateMessageId { .. } => "duplicate-message-id",
            Anomaly::DuplicatePatch { .. } => "duplicate-patch",
        }
    }
}

/// One version of a series, assembled from mail.
#[derive(Debug, Clone)]
pub struct MailSeries {
    pub version: u32,
    /// `n` of `[PATCH m/n]`.
    pub total: u32,
    pub rfc: bool,
    /// The cover letter's title, else the first patch's.
    pub title: String,
    pub cover: Option<Message>,
    /// Trailers from replies to the cover letter (also in every patch's `followups`).
    pub cover_followups: Vec<Followup>,
    /// The patches present, in order.
    pub patches: Vec<MailPatch>,
    /// Indices `1..=total` with no patch.
    pub missing: Vec<u32>,
    /// Older versions of the same series found in the input (same thread, same b4
    /// `change-id`, or same sender and title), newest first.
    pub previous: Vec<MailSeries>,
    /// Person trailers in replies that name someone other than the sender; b4 reports them
    /// and does not apply them.
    pub unmatched_followups: Vec<Followup>,
    pub anomalies: Vec<Anomaly>,
}

impl MailSeries {
    /// The version numbers of [`MailSeries::previous`].
    pub fn previous_versions(&self) -> Vec<u32> {
        self.previous.iter().map(|s| s.version).collect()
    }

    /// The messages of the series, cover first.
    pub fn messages(&self) -> impl Iterator<Item = &Message> {
        self.cover
            .iter()
            .chain(self.patches.iter().map(|p| &p.message))
    }

    /// `base-commit:` from the cover letter or a patch.
    pub fn base_commit(&self) -> Option<&str> {
        self.messages()
            .find_map(|m| m.footers.base_commit.as_deref())
    }

    /// b4's `change-id:`, the same in every version of a series.
    pub fn change_id(&self) -> Option<&str> {
        self.messages().find_map(|m| m.footers.change_id.as_deref())
    }
}

/// Why no one series could be chosen from the input.
#[derive(Debug, thiserror::Error)]
pub enum SeriesError {
    #[error("{} holds no patch", path.display())]
    NoPatches { path: PathBuf },
    #[error("{} holds {} series; name one by the Message-ID of its cover letter or a patch (--message-id ID): {}", path.display(), choices.len(), choices.join("; "))]
    Ambiguous { path: PathBuf, choices: Vec<String> },
    #[error("no series in {} has a message {message_id:?}", path.display())]
    NotFound { path: PathBuf, message_id: String },
}

/// Picks the series of `message_id` (newest version of its series), or the only series of the
/// input when none is named.
pub fn choose(
    series: Vec<MailSeries>,
    message_id: Option<&str>,
    path: &Path,
) -> Result<MailSeries, SeriesError> {
    let path = path.to_path_buf();
    let Some(id) = message_id else {
        return match series.len() {
            0 => Err(SeriesError::NoPatches { path }),
            1 => Ok(series.into_iter().next().expect("one")),
            _ => Err(SeriesError::Ambiguous {
                path,
                choices: series
                    .iter()
                    .map(|s| {
                        let id = s.messages().find_map(|m| m.message_id.clone());
                        format!("v{} {:?} <{}>", s.version, s.title, id.unwrap_or_default())
                    })
                    .collect(),
            }),
        };
    };
    let id = id.trim_matches(['<', '>']);
    let holds = |s: &MailSeries| s.messages().any(|m| m.message_id.as_deref() == Some(id));
    series
        .into_iter()
        .find(|s| holds(s) || s.previous.iter().any(holds))
        .ok_or(SeriesError::NotFound {
            path,
            message_id: id.to_string(),
        })
}

/// A version being assembled: message indices.
#[derive(Debug, Default)]
struct Draft {
    version: u32,
    total: u32,
    cover: Option<usize>,
    patches: BTreeMap<u32, usize>,
    anomalies: Vec<Anomaly>,
    first: usize,
}

/// Assembles every series of the input; each is the newest version of its series, older
/// versions in [`MailSeries::previous`]. Messages that are neither patches, cover letters nor
/// replies to them are left out.
pub fn assemble(messages: Vec<Message>) -> Vec<MailSeries> {
    let (messages, duplicates) = dedupe(messages);
    let metas: Vec<Meta> = messages.iter().map(Meta::of).collect();
    let by_id: HashMap<&str, usize> = messages
        .iter()
        .enumerate()
        .filter_map(|(i, m)| m.message_id.as_deref().map(|id| (id, i)))
        .collect();
    let versions = threads::versions(&messages, &metas, &by_id);
    let groups = threads::groups(&messages, &metas, &by_id);
    let mut drafts: Vec<Draft> = Vec::new();
    let mut slot: HashMap<(usize, u32), usize> = HashMap::new();
    for (i, m) in messages.iter().enumerate() {
        let meta = &metas[i];
        let is_cover = !meta.reply
            && m.prefix.index == 0
            && (!m.prefix.counters_inferred || meta.has_diffstat);
        if meta.reply || !(is_cover || meta.has_diff) {
            continue;
        }
        let key = (groups[i], versions[i]);
        let d = *slot.entry(key).or_insert_with(|| {
            drafts.push(Draft {
                version: versions[i],
                first: i,
                ..Draft::default()
            });
            drafts.len() - 1
        });
        add(&mut drafts[d], i, &messages);
    }
    for d in &mut drafts {
        if d.cover.is_none() {
            d.cover =
                threads::implied_cover(d.patches.values().copied(), &messages, &metas, &by_id);
        }
    }
    let (attached, unmatched) = threads::followups(&messages, &metas, &by_id);
    let topics = threads::topics(&drafts_view(&drafts, &messages, &groups));
    build(messages, drafts, topics, attached, unmatched, duplicates)
}

fn add(d: &mut Draft, i: usize, messages: &[Message]) {
    let m = &messages[i];
    if m.prefix.index == 0 && !m.prefix.counters_inferred {
        if d.cover.is_none() {
            d.cover = Some(i);
        }
        d.total = d.total.max(m.prefix.total);
        return;
    }
    d.total = d.total.max(m.prefix.total);
    if let Some(&first) = d.patches.get(&m.prefix.index) {
        d.anomalies.push(Anomaly::DuplicatePatch {
            version: d.version,
            index: m.prefix.index,
            message_ids: vec![messages[first].message_id.clone(), m.message_id.clone()],
        });
        return;
    }
    d.patches.insert(m.prefix.index, i);
}

/// For grouping versions into series: each draft's thread group, change-id and sender/title.
fn drafts_view(drafts: &[Draft], messages: &[Message], groups: &[usize]) -> Vec<threads::DraftKey> {
    drafts
        .iter()
        .map(|d| {
            let members: Vec<&Message> = d
                .cover
                .iter()
                .chain(d.patches.values())
                .map(|&i| &messages[i])
                .collect();
            let lead = members.first().copied();
            threads::DraftKey {
                group: groups[d
                    .cover
                    .or_else(|| d.patches.values().next().copied())
                    .unwrap_or(d.first)],
                change_id: members.iter().find_map(|m| m.footers.change_id.clone()),
                sender_title: lead
                    .map(|m| (m.from_email.to_lowercase(), m.prefix.title.to_lowercase())),
                version: d.version,
                first: d.first,
            }
        })
        .collect()
}

fn dedupe(messages: Vec<Message>) -> (Vec<Message>, Vec<Anomaly>) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut kept = Vec::with_capacity(messages.len());
    let mut dups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for m in messages {
        if let Some(id) = &m.message_id {
            if let Some(&first) = seen.get(id) {
                dups.entry(id.clone())
                    .or_insert_with(|| vec![first])
                    .push(m.position);
                continue;
            }
            seen.insert(id.clone(), m.position);
        }
        kept.push(m);
    }
    let anomalies = dups
        .into_iter()
        .map(|(message_id, positions)| Anomaly::DuplicateMessageId {
            message_id,
            positions,
        })
        .collect();
    (kept, anomalies)
}

fn build(
    messages: Vec<Message>,
    drafts: Vec<Draft>,
    topics: Vec<Vec<usize>>,
    mut attached: HashMap<usize, Vec<Followup>>,
    mut unmatched: HashMap<usize, Vec<Followup>>,
    duplicates: Vec<Anomaly>,
) -> Vec<MailSeries> {
    // Patch-ids only matter where a series has several versions to carry follow-ups between.
    let mut patch_ids: Vec<Option<git2::Oid>> = vec![None; messages.len()];
    for topic in topics.iter().filter(|t| t.len() > 1) {
        for &d in topic {
            for &i in drafts[d].patches.values() {
                patch_ids[i] = crate::patch_id::of_text(&messages[i].patch);
            }
        }
    }
    let mut slots: Vec<Option<Message>> = messages.into_iter().map(Some).collect();
    let mut drafts: Vec<Option<Draft>> = drafts.into_iter().map(Some).collect();
    let mut out = Vec::new();
    for topic in topics {
        // Follow-ups to an unchanged patch in an older version carry over (b4's trailer map).
        let mut by_patch_id: HashMap<git2::Oid, Vec<Followup>> = HashMap::new();
        for &d in &topic {
            let draft = drafts[d].as_ref().expect("each draft in one topic");
            for &i in draft.patches.values() {
                if let (Some(id), Some(f)) = (patch_ids[i], attached.get(&i)) {
                    by_patch_id.entry(id).or_default().extend(f.iter().cloned());
                }
            }
        }
        let mut versions: Vec<MailSeries> = topic
            .iter()
            .map(|&d| {
                let draft = drafts[d].take().expect("each draft in one topic");
                series_of(
                    draft,
                    &mut slots,
                    &mut attached,
                    &mut unmatched,
                    &by_patch_id,
                    &patch_ids,
                )
            })
            .collect();
        let newest = versions.pop().expect("a topic has a version");
        let mut newest = newest;
        versions.reverse();
        newest.previous = versions;
        for a in &duplicates {
            if let Anomaly::DuplicateMessageId { message_id, .. } = a {
                if newest
                    .messages()
                    .any(|m| m.message_id.as_ref() == Some(message_id))
                {
                    newest.anomalies.push(a.clone());
                }
            }
        }
        out.push(newest);
    }
    out
}

fn series_of(
    draft: Draft,
    slots: &mut [Option<Message>],
    attached: &mut HashMap<usize, Vec<Followup>>,
    unmatched: &mut HashMap<usize, Vec<Followup>>,
    by_patch_id: &HashMap<git2::Oid, Vec<Followup>>,
    patch_ids: &[Option<git2::Oid>],
) -> MailSeries {
    let cover_followups = draft
        .cover
        .and_then(|c| attached.remove(&c))
        .unwrap_or_default();
    let mut mismatched: Vec<Followup> = draft
        .cover
        .into_iter()
        .chain(draft.patches.values().copied())
        .flat_map(|i| unmatched.remove(&i).unwrap_or_default())
        .collect();
    mismatched.dedup();
    let cover = draft.cover.and_then(|c| slots[c].take());
    let mut patches = Vec::new();
    for (&index, &i) in &draft.patches {
        let Some(message) = slots[i].take() else {
            continue;
        };
        let own = crate::trailers::parse(message.commit_message.as_bytes(), &Default::default());
        let mut followups: Vec<Followup> = Vec::new();
        let carried = patch_ids[i].and_then(|id| by_patch_id.get(&id));
        let all = attached
            .remove(&i)
            .unwrap_or_default()
            .into_iter()
            .chain(carried.into_iter().flatten().cloned())
            .chain(cover_followups.iter().cloned());
        for f in all {
            let present = own.iter().any(|t| f.same(&t.key, &t.value))
                || followups.iter().any(|g| g.same(&f.key, &f.value));
            if !present {
                followups.push(f);
            }
        }
        patches.push(MailPatch {
            index,
            message,
            followups,
        });
    }
    let missing: Vec<u32> = (1..=draft.total)
        .filter(|i| !draft.patches.contains_key(i))
        .collect();
    let mut anomalies = draft.anomalies;
    if !missing.is_empty() {
        anomalies.insert(
            0,
            Anomaly::SeriesIncomplete {
                version: draft.version,
                missing: missing.clone(),
            },
        );
    }
    let lead = cover.as_ref().or(patches.first().map(|p| &p.message));
    MailSeries {
        version: draft.version,
        total: draft.total,
        rfc: lead.is_some_and(|m| m.prefix.rfc),
        title: lead.map(|m| m.prefix.title.clone()).unwrap_or_default(),
        cover,
        cover_followups,
        patches,
        missing,
        previous: Vec::new(),
        unmatched_followups: mismatched,
        anomalies,
    }
}

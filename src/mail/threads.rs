//! How messages hang together: threads (by `In-Reply-To`/`References`), the version a patch
//! belongs to, which message a reply's trailers are for, and which versions are one series.

use std::collections::{HashMap, HashSet};

use super::followups::{self, Candidate, Followup};
use super::Message;

/// What b4 decides about a message before assembling (`LoreMessage`).
#[derive(Debug)]
pub(crate) struct Meta {
    pub reply: bool,
    pub has_diff: bool,
    pub has_diffstat: bool,
    /// Review trailers in the text (before the sender check).
    pub trailers: Vec<Candidate>,
}

impl Meta {
    pub fn of(m: &Message) -> Meta {
        let has_diff = m.has_diff();
        let text = format!("{}{}", m.body, String::from_utf8_lossy(&m.patch));
        // Trailers only matter in replies, and a patch is a reply only by its subject.
        let found = if m.prefix.reply || !has_diff {
            followups::find(&text)
        } else {
            Vec::new()
        };
        // A reply without `Re:` that only carries trailers is still a reply (b4).
        let reply = m.prefix.reply || (!found.is_empty() && !m.references.is_empty() && !has_diff);
        Meta {
            reply,
            has_diff,
            has_diffstat: text.lines().any(is_diffstat),
            trailers: found.into_iter().filter(Candidate::is_review).collect(),
        }
    }
}

/// ` 3 files changed, 10 insertions(+)`.
fn is_diffstat(line: &str) -> bool {
    let t = line.trim_start();
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || !t[digits..].starts_with(" file") {
        return false;
    }
    let lower = t.to_ascii_lowercase();
    ["insertion", "deletion"].iter().any(|w| {
        lower.match_indices(w).any(|(p, _)| {
            p > 1
                && lower[..p].ends_with(' ')
                && lower[..p - 1].ends_with(|c: char| c.is_ascii_digit())
        })
    })
}

/// The version of each message: its `vN`, or for a patch without one, its cover letter's (or
/// its first patch's) when it answers one, as b4 infers it.
pub(crate) fn versions(
    messages: &[Message],
    metas: &[Meta],
    by_id: &HashMap<&str, usize>,
) -> Vec<u32> {
    messages
        .iter()
        .enumerate()
        .map(|(i, m)| {
            if !m.prefix.version_inferred || !metas[i].has_diff {
                return m.prefix.version;
            }
            let Some(&p) = m.in_reply_to.as_deref().and_then(|id| by_id.get(id)) else {
                return m.prefix.version;
            };
            let parent = &messages[p];
            let cover_like = metas[p].has_diffstat && !metas[p].has_diff;
            let first_patch = m.prefix.index > 0 && metas[p].has_diff && parent.prefix.index == 1;
            if cover_like || first_patch {
                parent.prefix.version
            } else {
                m.prefix.version
            }
        })
        .collect()
}

fn find(parent: &mut [usize], i: usize) -> usize {
    let mut root = i;
    while parent[root] != root {
        root = parent[root];
    }
    let mut at = i;
    while parent[at] != root {
        (at, parent[at]) = (parent[at], root);
    }
    root
}

fn union(parent: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        parent[ra.max(rb)] = ra.min(rb);
    }
}

/// A group id per message: its thread; patches and covers sent unthreaded (no Message-ID links,
/// as `git format-patch` without `--thread`) group by version and count, in file order.
pub(crate) fn groups(
    messages: &[Message],
    metas: &[Meta],
    by_id: &HashMap<&str, usize>,
) -> Vec<usize> {
    let mut parent: Vec<usize> = (0..messages.len()).collect();
    let mut linked = vec![false; messages.len()];
    for (i, m) in messages.iter().enumerate() {
        for id in m.references.iter().chain(&m.in_reply_to) {
            if let Some(&j) = by_id.get(id.as_str()) {
                union(&mut parent, i, j);
                linked[i] = true;
                linked[j] = true;
            }
        }
    }
    // Without threading (`git format-patch --stdout` writes no Message-ID), messages of one
    // version and total make a series in file order, whoever wrote each patch; a number seen
    // again starts another series of the same shape.
    // Per (version, total): runs of (first message, numbers seen).
    type Runs = Vec<(usize, Vec<u32>)>;
    let mut unthreaded: HashMap<(u32, u32), Runs> = HashMap::new();
    for (i, m) in messages.iter().enumerate() {
        if linked[i] || metas[i].reply {
            continue;
        }
        let runs = unthreaded
            .entry((m.prefix.version, m.prefix.total))
            .or_default();
        match runs
            .last_mut()
            .filter(|(_, seen)| !seen.contains(&m.prefix.index))
        {
            Some((first, seen)) => {
                seen.push(m.prefix.index);
                union(&mut parent, i, *first);
            }
            None => runs.push((i, vec![m.prefix.index])),
        }
    }
    (0..messages.len()).map(|i| find(&mut parent, i)).collect()
}

/// A cover letter for a version that has none by its `0/n`: what the first threaded patch
/// answers, if that is not a patch and carries a diffstat or is the sender's own thread root.
pub(crate) fn implied_cover(
    patches: impl Iterator<Item = usize>,
    messages: &[Message],
    metas: &[Meta],
    by_id: &HashMap<&str, usize>,
) -> Option<usize> {
    for i in patches {
        let Some(irt) = messages[i].in_reply_to.as_deref() else {
            continue;
        };
        let Some(&p) = by_id.get(irt) else { continue };
        if metas[p].has_diff {
            continue;
        }
        let root = messages[p].in_reply_to.is_none() && !metas[p].reply;
        if metas[p].has_diffstat || (root && messages[p].from_email == messages[i].from_email) {
            return Some(p);
        }
        return None;
    }
    None
}

fn as_followup(c: &Candidate, from: &Message) -> Followup {
    Followup {
        key: c.key.clone(),
        value: c.value.clone(),
        note: c.note.clone(),
        from: if from.from_name.is_empty() || from.from_name == from.from_email {
            from.from_email.clone()
        } else {
            format!("{} <{}>", from.from_name, from.from_email)
        },
        message_id: from.message_id.clone(),
    }
}

/// Follow-up trailers by the message they are for (a patch, or a cover letter), and the
/// person trailers whose sender did not give them, by the same target.
pub(crate) type ByTarget = HashMap<usize, Vec<Followup>>;

/// Walks up from each reply to the patch or cover letter it answers (through replies to
/// replies, whose own trailers come along, as in b4).
pub(crate) fn followups(
    messages: &[Message],
    metas: &[Meta],
    by_id: &HashMap<&str, usize>,
) -> (ByTarget, ByTarget) {
    let (mut attached, mut unmatched) = (ByTarget::new(), ByTarget::new());
    for (i, m) in messages.iter().enumerate() {
        if !metas[i].reply || metas[i].trailers.is_empty() {
            continue;
        }
        let parent = match m.in_reply_to.as_deref() {
            None => m
                .references
                .iter()
                .filter(|r| Some(r.as_str()) != m.message_id.as_deref())
                .find_map(|r| by_id.get(r.as_str()).copied()),
            Some(irt) => by_id.get(irt).copied(),
        };
        let Some(mut p) = parent else { continue };
        let (kept, other) =
            followups::by_sender(metas[i].trailers.clone(), &m.from_name, &m.from_email);
        let mut trailers: Vec<Followup> = kept.iter().map(|c| as_followup(c, m)).collect();
        let mut seen = HashSet::from([i]);
        loop {
            if !metas[p].reply {
                unmatched
                    .entry(p)
                    .or_default()
                    .extend(other.iter().map(|c| as_followup(c, m)));
                attached.entry(p).or_default().extend(trailers);
                break;
            }
            let next = messages[p]
                .in_reply_to
                .as_deref()
                .and_then(|id| by_id.get(id))
                .copied();
            match next {
                Some(n) if seen.insert(p) && n != p => {
                    trailers.extend(
                        metas[p]
                            .trailers
                            .iter()
                            .map(|c| as_followup(c, &messages[p])),
                    );
                    p = n;
                }
                _ => break,
            }
        }
    }
    (attached, unmatched)
}

/// What ties versions into one series.
#[derive(Debug)]
pub(crate) struct DraftKey {
    pub group: usize,
    pub change_id: Option<String>,
    pub sender_title: Option<(String, String)>,
    pub version: u32,
    pub first: usize,
}

/// Draft indices per series, each oldest version first; series in input order.
pub(crate) fn topics(keys: &[DraftKey]) -> Vec<Vec<usize>> {
    let mut parent: Vec<usize> = (0..keys.len()).collect();
    let mut seen_group: HashMap<usize, usize> = HashMap::new();
    let mut seen_change: HashMap<&str, usize> = HashMap::new();
    let mut seen_title: HashMap<&(String, String), usize> = HashMap::new();
    for (d, k) in keys.iter().enumerate() {
        if let Some(&o) = seen_group.get(&k.group) {
            union(&mut parent, d, o);
        }
        seen_group.entry(k.group).or_insert(d);
        if let Some(c) = k.change_id.as_deref() {
            if let Some(&o) = seen_change.get(c) {
                union(&mut parent, d, o);
            }
            seen_change.entry(c).or_insert(d);
        }
        if let Some(st) = k.sender_title.as_ref().filter(|st| !st.1.is_empty()) {
            if let Some(&o) = seen_title.get(st) {
                union(&mut parent, d, o);
            }
            seen_title.entry(st).or_insert(d);
        }
    }
    let mut order: Vec<usize> = Vec::new();
    let mut members: HashMap<usize, Vec<usize>> = HashMap::new();
    for d in 0..keys.len() {
        let root = find(&mut parent, d);
        if !members.contains_key(&root) {
            order.push(root);
        }
        members.entry(root).or_default().push(d);
    }
    order
        .into_iter()
        .map(|root| {
            let mut v = members.remove(&root).unwrap_or_default();
            v.sort_by_key(|&d| (keys[d].version, keys[d].first));
            v
        })
        .collect()
}

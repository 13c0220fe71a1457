//! Reviewer verdicts in git notes.
//!
//! A verdict is one self-contained line appended to the note of the commit it judges, under the
//! configured notes ref (`refs/notes/triage`):
//!
//! ```text
//! Triage-Verdict: v1 2026-11-26T09:14:03.120Z accept patch-id=4f1c…e2 Jane Doe <jane@example.org> "LGTM.\nOne nit below."
//! ```
//!
//! Version, UTC time (milliseconds), state, the patch's stable patch-id (`-` for merges), an
//! optional `from=<commit>` when a verdict was carried over from an earlier version of the
//! patch, the reviewer, and an optional comment as a JSON string. Lines are only ever appended,
//! so a note is the history of every decision; because each line stands alone and begins with
//! its time, git's own `git notes merge -s cat_sort_uniq` merges two reviewers' notes without
//! conflicts into a chronological history, and a reviewer's latest line (by time) wins.
//!
//! Writes are compare-and-swap: the new notes commit is built on the ref's current value and
//! the ref moves only if nobody moved it meanwhile; otherwise the append is redone on top.

use std::collections::HashMap;
use std::time::{Duration, SystemTime};

use git2::{ErrorCode, Oid, Repository};
use serde::{Serialize, Serializer};

/// The key that starts every verdict line.
pub const KEY: &str = "Triage-Verdict";
/// The version of the line format written by this build.
pub const VERSION: &str = "v1";

/// What went wrong while reading or writing verdicts.
#[derive(Debug, thiserror::Error)]
pub enum NotesError {
    #[error(
        "reviewer identity unknown: *** Please tell me who you are. Run git config --global \
         user.email \"you@example.com\" and git config --global user.name \"Your Name\""
    )]
    IdentityUnknown,
    #[error("{ref_name} is being updated by another process; gave up after {tries} attempts")]
    Contended { ref_name: String, tries: usize },
    #[error("{0}")]
    Sync(String),
    #[error("git: {}", .0.message())]
    Git(#[from] git2::Error),
}

/// A reviewer's decision on a patch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum State {
    Accept,
    Reject,
    NeedsWork,
    /// Clears an earlier decision.
    Pending,
}

impl State {
    pub const ALL: [State; 4] = [
        State::Accept,
        State::Reject,
        State::NeedsWork,
        State::Pending,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            State::Accept => "accept",
            State::Reject => "reject",
            State::NeedsWork => "needs-work",
            State::Pending => "pending",
        }
    }

    /// The past participle for sentences: "accepted in 1a2b3c4".
    pub fn done(self) -> &'static str {
        match self {
            State::Accept => "accepted",
            State::Reject => "rejected",
            State::NeedsWork => "sent back for work",
            State::Pending => "left pending",
        }
    }
}

impl std::str::FromStr for State {
    type Err = String;

    fn from_str(s: &str) -> Result<State, String> {
        State::ALL
            .into_iter()
            .find(|st| st.as_str() == s)
            .ok_or_else(|| {
                format!("unknown verdict {s:?}; expected accept, reject, needs-work or pending")
            })
    }
}

/// Who gives verdicts: git's committer identity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reviewer {
    pub name: String,
    pub email: String,
}

impl Reviewer {
    /// The identity git would put on a notes commit: `GIT_COMMITTER_NAME`/`EMAIL`, else
    /// `user.name`/`user.email` from the repository's configuration.
    pub fn from_git(repo: &Repository) -> Result<Reviewer, NotesError> {
        let config = repo.config()?;
        let get = |env: &str, key: &str| {
            std::env::var(env)
                .ok()
                .or_else(|| config.get_string(key).ok())
                .map(|v| clean_name(&v))
                .filter(|v| !v.is_empty())
        };
        match (
            get("GIT_COMMITTER_NAME", "user.name"),
            get("GIT_COMMITTER_EMAIL", "user.email"),
        ) {
            (Some(name), Some(email)) => Ok(Reviewer {
                name,
                email: clean_email(&email),
            }),
            _ => Err(NotesError::IdentityUnknown),
        }
    }
}

/// Names lose what would break the line format or hide in it, as git strips "crud" from
/// identities: angle brackets, control characters, bidi and zero-width characters.
fn clean_name(s: &str) -> String {
    s.chars()
        .filter(|&c| {
            c != '<'
                && c != '>'
                && !c.is_control()
                && !crate::sanitize::is_hidden(c)
                && !matches!(c, '\u{2028}' | '\u{2029}')
        })
        .collect::<String>()
        .trim()
        .to_string()
}

/// An email address without what could end or hide in the `<...>` of the line.
fn clean_email(s: &str) -> String {
    s.chars()
        .filter(|&c| c != '<' && c != '>' && !c.is_whitespace())
        .filter(|&c| !c.is_control() && !crate::sanitize::is_hidden(c))
        .collect()
}

/// One line of a note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verdict {
    pub state: State,
    pub reviewer: String,
    pub email: String,
    #[serde(serialize_with = "serialize_time")]
    pub at: SystemTime,
    #[serde(serialize_with = "serialize_oid")]
    pub patch_id: Option<Oid>,
    pub comment: Option<String>,
    /// The commit the verdict was first given on, when it was carried over to this one.
    #[serde(skip)]
    pub from: Option<Oid>,
}

fn serialize_time<S: Serializer>(t: &SystemTime, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&format_time(*t))
}

fn serialize_oid<S: Serializer>(o: &Option<Oid>, s: S) -> Result<S::Ok, S::Error> {
    match o {
        Some(o) => s.serialize_str(&o.to_string()),
        None => s.serialize_none(),
    }
}

/// `2026-11-26T09:14:03.120Z`.
pub fn format_time(t: SystemTime) -> String {
    humantime::format_rfc3339_millis(t).to_string()
}

impl Verdict {
    /// A verdict by `reviewer`, now.
    pub fn new(
        state: State,
        reviewer: &Reviewer,
        patch_id: Option<Oid>,
        comment: Option<String>,
    ) -> Verdict {
        Verdict {
            state,
            reviewer: reviewer.name.clone(),
            email: reviewer.email.clone(),
            at: SystemTime::now(),
            patch_id,
            comment: comment.filter(|c| !c.trim().is_empty()),
            from: None,
        }
    }

    /// The note line, without its newline.
    pub fn to_line(&self) -> String {
        let mut line = format!(
            "{KEY}: {VERSION} {} {} patch-id={}",
            format_time(self.at),
            self.state.as_str(),
            self.patch_id
                .map_or_else(|| "-".to_string(), |o| o.to_string()),
        );
        if let Some(from) = self.from {
            line.push_str(&format!(" from={from}"));
        }
        line.push_str(&format!(
            " {} <{}>",
            clean_name(&self.reviewer),
            clean_email(&self.email)
        ));
        if let Some(c) = &self.comment {
            line.push(' ');
            line.push_str(&quote(c));
        }
        line
    }

    /// Parses one note line; `None` for lines that are not `v1` verdicts (other text in the
    /// note, or a future version), which are kept but not interpreted.
    pub fn parse(line: &str) -> Option<Verdict> {
        let rest = line.strip_prefix(KEY)?.strip_prefix(':')?.trim_start();
        let rest = rest.strip_prefix(VERSION)?.strip_prefix(' ')?;
        let (at, rest) = rest.split_once(' ')?;
        let at = humantime::parse_rfc3339(at).ok()?;
        let (state, rest) = rest.split_once(' ')?;
        let state = state.parse().ok()?;
        let (pid, mut rest) = rest.strip_prefix("patch-id=")?.split_once(' ')?;
        let patch_id = if pid == "-" {
            None
        } else {
            Some(Oid::from_str(pid).ok()?)
        };
        let mut from = None;
        if let Some(r) = rest.strip_prefix("from=") {
            let (f, r) = r.split_once(' ')?;
            from = Some(Oid::from_str(f).ok()?);
            rest = r;
        }
        let open = rest.find('<')?;
        let close = open + rest[open..].find('>')?;
        let reviewer = rest[..open].trim().to_string();
        let email = rest[open + 1..close].to_string();
        let tail = rest[close + 1..].trim();
        let comment = if tail.is_empty() {
            None
        } else {
            Some(serde_json::from_str::<String>(tail).ok()?)
        };
        Some(Verdict {
            state,
            reviewer,
            email,
            at,
            patch_id,
            comment,
            from,
        })
    }

    fn same_reviewer(&self, email: &str) -> bool {
        self.email.eq_ignore_ascii_case(email)
    }
}

/// A JSON string literal that also escapes what a terminal would interpret or hide, so the note
/// stays one honest line in `git log --notes`.
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control()
                || crate::sanitize::is_hidden(c)
                || matches!(c, '\u{2028}' | '\u{2029}') =>
            {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A verdict given on an earlier version of a patch (same patch-id, another commit).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Carried<'a> {
    pub from: Oid,
    pub verdict: &'a Verdict,
}

/// A verdict as reports show it: a reviewer's latest on this commit, or one carried over from
/// an earlier version of the patch (`carried_from`).
#[derive(Debug, Clone, Serialize)]
pub struct Shown<'a> {
    #[serde(flatten)]
    pub verdict: &'a Verdict,
    #[serde(serialize_with = "serialize_oid")]
    pub carried_from: Option<Oid>,
}

/// Every verdict under a notes ref.
#[derive(Debug, Default, Clone)]
pub struct Notes {
    /// Per commit, its verdict lines in note order.
    by_commit: HashMap<Oid, Vec<Verdict>>,
    /// Per patch-id, the commits that carry verdicts for it.
    by_patch_id: HashMap<Oid, Vec<Oid>>,
    /// The notes commit these were read from (`None`: the ref did not exist).
    tip: Option<Oid>,
}

impl Notes {
    /// Reads every note under `notes_ref`; a ref that does not exist yet reads as no verdicts.
    pub fn load(repo: &Repository, notes_ref: &str) -> Result<Notes, NotesError> {
        let mut notes = Notes::default();
        notes.tip = match repo.refname_to_id(notes_ref) {
            Ok(id) => Some(id),
            Err(e) if e.code() == ErrorCode::NotFound => return Ok(notes),
            Err(e) => return Err(e.into()),
        };
        let iter = repo.notes(Some(notes_ref))?;
        for item in iter {
            let (blob, commit) = item?;
            let blob = repo.find_blob(blob)?;
            notes.add(commit, &String::from_utf8_lossy(blob.content()));
        }
        Ok(notes)
    }

    /// Brings these notes up to date after [`record`] wrote `written` on `commit`: when the
    /// notes commit it made sits directly on the one these were read from, only the new line is
    /// added; when someone else wrote meanwhile (another terminal, a script, a sync), the whole
    /// ref is read again so their verdicts show too.
    pub fn recorded(
        &mut self,
        repo: &Repository,
        notes_ref: &str,
        commit: Oid,
        written: &Verdict,
    ) -> Result<(), NotesError> {
        let tip = repo.refname_to_id(notes_ref)?;
        let parent = repo.find_commit(tip)?.parent_id(0).ok();
        if parent == self.tip {
            self.add(commit, &written.to_line());
            self.tip = Some(tip);
        } else {
            *self = Notes::load(repo, notes_ref)?;
        }
        Ok(())
    }

    /// Adds the verdict lines of one note's text.
    pub fn add(&mut self, commit: Oid, text: &str) {
        let verdicts: Vec<Verdict> = text.lines().filter_map(Verdict::parse).collect();
        for pid in verdicts.iter().filter_map(|v| v.patch_id) {
            let commits = self.by_patch_id.entry(pid).or_default();
            if !commits.contains(&commit) {
                commits.push(commit);
            }
        }
        self.by_commit.entry(commit).or_default().extend(verdicts);
    }

    /// Every verdict line of `commit`, oldest first (note order).
    pub fn history(&self, commit: Oid) -> &[Verdict] {
        self.by_commit.get(&commit).map_or(&[], Vec::as_slice)
    }

    /// Each reviewer's latest verdict on `commit`, oldest reviewer first; reviewers whose latest
    /// word is a bare `pending` (a cleared verdict) are left out, while a `pending` with a
    /// comment stays: it is a remark without a decision.
    pub fn latest(&self, commit: Oid) -> Vec<&Verdict> {
        latest_per_reviewer(self.history(commit).iter())
            .into_iter()
            .filter(|v| v.state != State::Pending || v.comment.is_some())
            .collect()
    }

    /// `email`'s latest verdict on `commit`, unless it is a bare `pending`.
    pub fn mine(&self, commit: Oid, email: &str) -> Option<&Verdict> {
        self.latest(commit)
            .into_iter()
            .find(|v| v.same_reviewer(email))
    }

    /// When `commit` has no verdict lines at all, the latest verdicts that reviewers gave on
    /// other commits with the same patch-id (an earlier version of the series).
    pub fn carried(&self, commit: Oid, patch_id: Option<Oid>) -> Vec<Carried<'_>> {
        let Some(pid) = patch_id else {
            return Vec::new();
        };
        if !self.history(commit).is_empty() {
            return Vec::new();
        }
        let others = self.by_patch_id.get(&pid).map_or(&[][..], Vec::as_slice);
        let candidates = others.iter().filter(|&&c| c != commit).flat_map(|&c| {
            self.history(c)
                .iter()
                .filter(move |v| v.patch_id == Some(pid))
                .map(move |v| (c, v))
        });
        // Latest per reviewer across all earlier versions.
        let mut best: Vec<(Oid, &Verdict)> = Vec::new();
        for (c, v) in candidates {
            match best.iter_mut().find(|(_, b)| b.same_reviewer(&v.email)) {
                Some(slot) if slot.1.at <= v.at => *slot = (c, v),
                Some(_) => {}
                None => best.push((c, v)),
            }
        }
        best.into_iter()
            .filter(|(_, v)| v.state != State::Pending)
            .map(|(from, verdict)| Carried { from, verdict })
            .collect()
    }
}

impl Notes {
    /// What to show for a patch: each reviewer's latest verdict on `commit`, or, when it has
    /// none, the verdicts carried over from earlier versions with the same patch-id.
    pub fn shown(&self, commit: Oid, patch_id: Option<Oid>) -> Vec<Shown<'_>> {
        let latest = self.latest(commit);
        if !latest.is_empty() || !self.history(commit).is_empty() {
            return latest
                .into_iter()
                .map(|verdict| Shown {
                    verdict,
                    carried_from: None,
                })
                .collect();
        }
        self.carried(commit, patch_id)
            .into_iter()
            .map(|c| Shown {
                verdict: c.verdict,
                carried_from: Some(c.from),
            })
            .collect()
    }
}

/// The last verdict of each reviewer by time; among equal times the later line wins.
fn latest_per_reviewer<'a>(lines: impl Iterator<Item = &'a Verdict>) -> Vec<&'a Verdict> {
    let mut out: Vec<&Verdict> = Vec::new();
    for v in lines {
        match out.iter_mut().find(|b| b.same_reviewer(&v.email)) {
            Some(slot) if slot.at <= v.at => *slot = v,
            Some(_) => {}
            None => out.push(v),
        }
    }
    out
}

/// How many times [`record`] redoes its append when another writer moved the ref.
const MAX_TRIES: usize = 200;

/// Appends `verdict` to the note of `commit` under `notes_ref` as a new notes commit, and moves
/// the ref with compare-and-swap, retrying on top of concurrent writers. Returns the verdict as
/// written: its time is nudged forward when the reviewer already has a later line on this
/// commit, so that "latest wins" always means the line written last.
pub fn record(
    repo: &Repository,
    notes_ref: &str,
    commit: Oid,
    verdict: &Verdict,
) -> Result<Verdict, NotesError> {
    let mut verdict = verdict.clone();
    for attempt in 0..MAX_TRIES {
        let old = match repo.refname_to_id(notes_ref) {
            Ok(id) => Some(id),
            Err(e) if e.code() == ErrorCode::NotFound => None,
            Err(e) => return Err(e.into()),
        };
        let old_tree = old.map(|o| repo.find_commit(o)?.tree()).transpose()?;
        let name = commit.to_string();
        let mut text = match old_tree
            .as_ref()
            .map(|t| find_note(repo, t, &name))
            .transpose()?
        {
            Some(Some(blob)) => {
                String::from_utf8_lossy(repo.find_blob(blob)?.content()).into_owned()
            }
            _ => String::new(),
        };
        let previous = text
            .lines()
            .filter_map(Verdict::parse)
            .filter(|v| v.same_reviewer(&verdict.email))
            .map(|v| v.at)
            .max();
        if let Some(prev) = previous.filter(|&p| p >= verdict.at) {
            verdict.at = prev + Duration::from_millis(1);
        }
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(&verdict.to_line());
        text.push('\n');
        let blob = repo.blob(text.as_bytes())?;
        let tree = put_note(repo, old_tree.as_ref(), &name, blob)?;
        let tree = repo.find_tree(tree)?;
        let sig = git2::Signature::now(&clean_name(&verdict.reviewer), &verdict.email)?;
        let parents: Vec<git2::Commit> = old
            .map(|o| repo.find_commit(o))
            .transpose()?
            .into_iter()
            .collect();
        let parent_refs: Vec<&git2::Commit> = parents.iter().collect();
        let message = format!(
            "Notes added by 'git triage': {} {}\n",
            verdict.state.as_str(),
            &name[..12]
        );
        let new = repo.commit(None, &sig, &sig, &message, &tree, &parent_refs)?;
        let moved = match old {
            Some(old) => repo.reference_matching(notes_ref, new, true, old, message.trim_end()),
            None => repo.reference(notes_ref, new, false, message.trim_end()),
        };
        match moved {
            Ok(_) => return Ok(verdict),
            Err(e)
                if matches!(
                    e.code(),
                    ErrorCode::Modified | ErrorCode::Locked | ErrorCode::Exists
                ) =>
            {
                // Another writer won the race: back off a little (jittered) and redo the append.
                let jitter = (u64::from(std::process::id()) * 7 + attempt as u64 * 13) % 5;
                std::thread::sleep(Duration::from_millis(1 + jitter));
            }
            Err(e) => return Err(e.into()),
        }
    }
    Err(NotesError::Contended {
        ref_name: notes_ref.to_string(),
        tries: MAX_TRIES,
    })
}

/// The blob of the note named `hex` in a notes tree, whatever its fan-out (`ab/cdef…`).
fn find_note(
    repo: &Repository,
    tree: &git2::Tree<'_>,
    hex: &str,
) -> Result<Option<Oid>, git2::Error> {
    if let Some(e) = tree.get_name(hex) {
        return Ok(Some(e.id()));
    }
    if hex.len() > 2 {
        if let Some(e) = tree
            .get_name(&hex[..2])
            .filter(|e| e.kind() == Some(git2::ObjectType::Tree))
        {
            return find_note(repo, &repo.find_tree(e.id())?, &hex[2..]);
        }
    }
    Ok(None)
}

/// Writes `blob` as the note `hex` into a copy of `tree`: in place when it exists, else inside
/// the fan-out directories git already made, so git and libgit2 both find exactly one note.
fn put_note(
    repo: &Repository,
    tree: Option<&git2::Tree<'_>>,
    hex: &str,
    blob: Oid,
) -> Result<Oid, git2::Error> {
    let mut builder = repo.treebuilder(tree)?;
    let sub = tree.and_then(|t| {
        (hex.len() > 2 && t.get_name(hex).is_none())
            .then(|| t.get_name(&hex[..2]))
            .flatten()
            .filter(|e| e.kind() == Some(git2::ObjectType::Tree))
            .map(|e| e.id())
    });
    match sub {
        Some(sub) => {
            let sub = repo.find_tree(sub)?;
            let id = put_note(repo, Some(&sub), &hex[2..], blob)?;
            builder.insert(&hex[..2], id, 0o040000)?;
        }
        None => {
            builder.insert(hex, blob, 0o100644)?;
        }
    }
    builder.write()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Verdict {
        Verdict {
            state: State::NeedsWork,
            reviewer: "Jane Doe".into(),
            email: "jane@example.org".into(),
            at: humantime::parse_rfc3339("2026-11-26T09:14:03.120Z").unwrap(),
            patch_id: Some(Oid::from_str("4f1c00000000000000000000000000000000e2e2").unwrap()),
            comment: Some("Split this.\n\"Why\" \\ \u{1b}[2J \u{202e}".into()),
            from: None,
        }
    }

    #[test]
    fn line_round_trips_and_escapes_hostile_comments() {
        let v = sample();
        let line = v.to_line();
        assert_eq!(
            line,
            "Triage-Verdict: v1 2026-11-26T09:14:03.120Z needs-work \
             patch-id=4f1c00000000000000000000000000000000e2e2 Jane Doe <jane@example.org> \
             \"Split this.\\n\\\"Why\\\" \\\\ \\u001b[2J \\u202e\""
        );
        assert!(!line.contains('\n') && !line.contains('\u{1b}'));
        assert_eq!(Verdict::parse(&line), Some(v.clone()));
        let carried = Verdict {
            from: Some(Oid::from_str("1111111111111111111111111111111111111111").unwrap()),
            comment: None,
            patch_id: None,
            ..v
        };
        assert_eq!(Verdict::parse(&carried.to_line()), Some(carried));
    }

    #[test]
    fn any_comment_and_name_survive_the_line_format() {
        // Random text from an alphabet of what breaks line formats: quotes, backslashes,
        // newlines, escapes, bidi and zero-width characters, wide and combining characters.
        let alphabet: Vec<char> = "aZ09 \"\\\n\r\t\u{1b}\u{7}\u{0}\u{7f}\u{9b}<>=:;#\u{202e}\u{2066}\u{200b}\u{feff}\u{2028}é\u{301}全🦀"
            .chars()
            .collect();
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..2_000 {
            let len = (next() % 40) as usize;
            let comment: String = (0..len)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                .collect();
            let name: String = (0..(next() % 12) as usize)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                .collect();
            let v = Verdict {
                email: format!("{}@example.org", &name),
                reviewer: name,
                comment: Some(comment).filter(|c| !c.is_empty()),
                ..sample()
            };
            let line = v.to_line();
            assert!(
                !line
                    .chars()
                    .any(|c| c.is_control() || crate::sanitize::is_hidden(c)),
                "{line:?}"
            );
            let back = Verdict::parse(&line).expect("parses");
            assert_eq!(back.comment, v.comment);
            assert_eq!(back.reviewer, clean_name(&v.reviewer));
            assert_eq!(back.email, clean_email(&v.email));
            assert_eq!((back.state, back.at), (v.state, v.at));
        }
    }

    #[test]
    fn foreign_and_future_lines_are_ignored() {
        for line in [
            "Just a note someone wrote",
            "Triage-Verdict: v2 2026-11-26T09:14:03Z accept patch-id=- A <a@b>",
            "Triage-Verdict: v1 yesterday accept patch-id=- A <a@b>",
            "Triage-Verdict: v1 2026-11-26T09:14:03Z maybe patch-id=- A <a@b>",
            "Triage-Verdict: v1 2026-11-26T09:14:03Z accept patch-id=- A <a@b> not-json",
        ] {
            assert_eq!(Verdict::parse(line), None, "{line}");
        }
    }

    #[test]
    fn latest_line_by_time_wins_per_reviewer() {
        let commit = Oid::from_str("2222222222222222222222222222222222222222").unwrap();
        let mut notes = Notes::default();
        // cat_sort_uniq sorts lines, so time, not position, must decide.
        notes.add(
            commit,
            "Triage-Verdict: v1 2026-01-02T00:00:00.000Z reject patch-id=- Bo <bo@x>\n\
             Triage-Verdict: v1 2026-01-01T00:00:00.000Z accept patch-id=- Al <al@x>\n\
             Triage-Verdict: v1 2026-01-03T00:00:00.000Z pending patch-id=- Al <AL@x>\n\
             Triage-Verdict: v1 2026-01-01T00:00:00.000Z accept patch-id=- Bo <bo@x>\n",
        );
        let latest = notes.latest(commit);
        assert_eq!(latest.len(), 1);
        assert_eq!(
            (latest[0].state, latest[0].email.as_str()),
            (State::Reject, "bo@x")
        );
        assert!(notes.mine(commit, "al@x").is_none());
    }
}

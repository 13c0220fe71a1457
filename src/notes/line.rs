//! The line format: one self-contained verdict line per decision.

use std::time::SystemTime;

use git2::{Oid, Repository};
use serde::{Serialize, Serializer};

use super::NotesError;

/// The key that starts every verdict line.
pub const KEY: &str = "Triage-Verdict";
/// The version of the line format written by this build.
pub const VERSION: &str = "v1";

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
pub(super) fn clean_name(s: &str) -> String {
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
pub(super) fn clean_email(s: &str) -> String {
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

pub(super) fn serialize_oid<S: Serializer>(o: &Option<Oid>, s: S) -> Result<S::Ok, S::Error> {
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

    pub(super) fn same_reviewer(&self, email: &str) -> bool {
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
}

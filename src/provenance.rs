//! Who or what wrote a patch: AI evidence from identities, trailers, side records and free
//! text, each item with its source and strength, and the evidence that was considered and
//! rejected (so a reviewer sees why a patch is *not* flagged).
//!
//! The tables (keys, identities, vocabulary, markers) come from `[provenance]` in the
//! configuration; this module only knows how to weigh them.

use std::collections::HashMap;

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use serde::Serialize;

use crate::diff::{FileChange, Hunk, LineKind};
use crate::series::Patch;
use crate::tables::{ProvenanceLayer, TableError};
use crate::trailers::split_identity;
use crate::trailers::Trailer;

/// Who wrote a patch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// No AI evidence.
    Human,
    /// A human author with AI evidence.
    Assisted,
    /// The author is an AI identity.
    Agent,
    /// Known non-AI automation.
    Bot,
}

/// Where a piece of evidence was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    Author,
    Committer,
    Trailer,
    Notes,
    Marker,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Author => "author",
            Source::Committer => "committer",
            Source::Trailer => "trailer",
            Source::Notes => "notes",
            Source::Marker => "marker",
        }
    }
}

/// How much a piece of evidence says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Strength {
    Weak,
    Medium,
    Strong,
}

/// An AI tool and model, as far as the evidence names them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Agent {
    pub tool: Option<String>,
    pub model: Option<String>,
}

impl Agent {
    /// `Claude (claude-opus-4-6)`, `Copilot`, `gpt-5`, or `unknown`, for people to read.
    pub fn describe(&self) -> String {
        match (&self.tool, &self.model) {
            (Some(t), Some(m)) => format!("{t} ({m})"),
            (Some(t), None) => t.clone(),
            (None, Some(m)) => m.clone(),
            (None, None) => "unknown".into(),
        }
    }
}

/// One piece of AI evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    pub source: Source,
    pub text: String,
    pub strength: Strength,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agent: Option<Agent>,
}

/// Something that looked like evidence and was rejected, with the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ignored {
    pub source: Source,
    pub text: String,
    pub reason: String,
}

/// Which added lines an agent wrote, from a line-level side record (git-ai authorship log).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Attribution {
    /// Per path (new side), the inclusive line ranges written by an agent.
    pub files: HashMap<String, Vec<(u32, u32)>>,
}

impl Attribution {
    /// Whether an agent wrote line `line` of `path`.
    pub fn is_agent_line(&self, path: &str, line: u32) -> bool {
        self.files
            .get(path)
            .is_some_and(|ranges| ranges.iter().any(|&(a, b)| a <= line && line <= b))
    }
}

/// The provenance of one patch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Provenance {
    /// True for `assisted` and `agent`.
    pub assisted: bool,
    pub kind: Kind,
    /// Declared uses (`AI-used-for`), or `["code"]` when AI evidence declares none.
    pub uses: Vec<String>,
    pub agents: Vec<Agent>,
    pub evidence: Vec<Evidence>,
    pub ignored: Vec<Ignored>,
    /// Line-level attribution, when a side record has it.
    #[serde(skip)]
    pub attribution: Option<Attribution>,
}

impl Provenance {
    /// Agent-written added lines in `hunk` of `file`, or `None` without line-level data.
    pub fn ai_lines(&self, file: &FileChange, hunk: &Hunk) -> Option<usize> {
        let attribution = self.attribution.as_ref()?;
        let path = file.display_path();
        Some(
            hunk.lines()
                .filter(|l| l.kind == LineKind::Added)
                .filter_map(|l| l.new_lineno)
                .filter(|&n| attribution.is_agent_line(&path, n))
                .count(),
        )
    }
}

/// What an identity is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Identity {
    Agent(String),
    Bot,
    Person,
}

/// Side records for the commits of a series, read once.
#[derive(Debug, Default)]
pub struct Records {
    notes: HashMap<git2::Oid, Vec<(String, String)>>,
}

impl Records {
    /// Reads the configured notes refs (and presence-only refs) for `commits`.
    pub fn load(
        repo: &git2::Repository,
        tables: &ProvenanceLayer,
        commits: &[git2::Oid],
    ) -> Records {
        RecordSources::find(repo, tables).load(repo, commits)
    }
}

/// Where a repository keeps side records, found once per series: the notes refs that exist
/// and, from one listing of `refs/ai/authorship/`, the commits that have a record of the older
/// per-commit form. Reading the records of some commits is then one lookup per existing ref.
#[derive(Debug, Clone, Default)]
pub struct RecordSources {
    notes_refs: Vec<String>,
    /// Commit → blob of its `refs/ai/authorship/<commit>` record.
    legacy: HashMap<git2::Oid, git2::Oid>,
}

/// The older per-commit form of git-ai's authorship log.
const LEGACY_PREFIX: &str = "refs/ai/authorship/";

impl RecordSources {
    /// Lists the refs that hold side records.
    pub fn find(repo: &git2::Repository, tables: &ProvenanceLayer) -> RecordSources {
        let notes_refs = tables
            .notes_refs
            .iter()
            .chain(tables.presence_notes.keys())
            .filter(|r| repo.find_reference(r).is_ok())
            .cloned()
            .collect();
        let mut legacy = HashMap::new();
        if let Ok(refs) = repo.references_glob(&format!("{LEGACY_PREFIX}*")) {
            for r in refs.flatten() {
                let commit = r
                    .name()
                    .and_then(|n| n.strip_prefix(LEGACY_PREFIX))
                    .and_then(|hex| git2::Oid::from_str(hex).ok());
                let blob = r.peel_to_blob().map(|b| b.id());
                if let (Some(commit), Ok(blob)) = (commit, blob) {
                    legacy.insert(commit, blob);
                }
            }
        }
        RecordSources { notes_refs, legacy }
    }

    /// Reads the side records of `commits`.
    pub fn load(&self, repo: &git2::Repository, commits: &[git2::Oid]) -> Records {
        let mut notes: HashMap<git2::Oid, Vec<(String, String)>> = HashMap::new();
        for r in &self.notes_refs {
            for &c in commits {
                if let Ok(note) = repo.find_note(Some(r), c) {
                    let text = String::from_utf8_lossy(note.message_bytes()).into_owned();
                    notes.entry(c).or_default().push((r.clone(), text));
                }
            }
        }
        for &c in commits {
            let Some(blob) = self.legacy.get(&c) else {
                continue;
            };
            if let Ok(blob) = repo.find_blob(*blob) {
                let text = String::from_utf8_lossy(blob.content()).into_owned();
                notes
                    .entry(c)
                    .or_default()
                    .push((format!("{LEGACY_PREFIX}{c}"), text));
            }
        }
        Records { notes }
    }
}

/// Identity patterns use `*` and `?` only: `[bot]` and `{...}` are literal text.
fn globset(patterns: &[String]) -> Result<GlobSet, TableError> {
    let mut b = GlobSetBuilder::new();
    for p in patterns {
        let literal: String = p
            .chars()
            .map(|c| match c {
                '[' | ']' | '{' | '}' => format!("[{c}]"),
                _ => c.to_string(),
            })
            .collect();
        let g = GlobBuilder::new(&literal)
            .case_insensitive(true)
            .literal_separator(false)
            .backslash_escape(false)
            .build()
            .map_err(|e| TableError(format!("invalid glob {p:?}: {}", e.kind())))?;
        b.add(g);
    }
    b.build().map_err(|e| TableError(e.to_string()))
}

fn lower(v: &[String]) -> Vec<String> {
    v.iter().map(|s| s.to_lowercase()).collect()
}

/// The compiled provenance tables.
pub struct Detector {
    ai_keys: Vec<String>,
    ambiguous_keys: Vec<String>,
    session_keys: Vec<(String, String)>,
    coauthor_keys: Vec<String>,
    negatives: Vec<String>,
    markers: Vec<String>,
    vocabulary: GlobSet,
    /// Per agent: tool, email globs, name globs that need an automated address, and
    /// distinctive name globs (`claude[bot]`, `* (aider)`) that count with any address.
    agents: Vec<(String, GlobSet, GlobSet, GlobSet)>,
    bot_names: GlobSet,
    bot_emails: GlobSet,
    notes_refs: Vec<String>,
    presence_notes: Vec<(String, String)>,
}

impl Detector {
    /// Compiles the `[provenance]` tables.
    pub fn new(p: &ProvenanceLayer) -> Result<Detector, TableError> {
        let mut agents = Vec::new();
        for a in &p.agents {
            let (distinctive, plain): (Vec<String>, Vec<String>) = a
                .names
                .iter()
                .cloned()
                .partition(|n| n.contains("[bot]") || n.contains('('));
            agents.push((
                a.tool.clone(),
                globset(&a.emails)?,
                globset(&plain)?,
                globset(&distinctive)?,
            ));
        }
        let bot_names: Vec<String> = p.bots.iter().flat_map(|b| b.names.clone()).collect();
        let bot_emails: Vec<String> = p.bots.iter().flat_map(|b| b.emails.clone()).collect();
        Ok(Detector {
            ai_keys: lower(&p.ai_keys),
            ambiguous_keys: lower(&p.ambiguous_keys),
            session_keys: p
                .session_keys
                .iter()
                .map(|(k, v)| (k.to_lowercase(), v.clone()))
                .collect(),
            coauthor_keys: lower(&p.coauthor_keys),
            negatives: lower(&p.negatives),
            markers: lower(&p.markers),
            vocabulary: globset(&p.vocabulary)?,
            agents,
            bot_names: globset(&bot_names)?,
            bot_emails: globset(&bot_emails)?,
            notes_refs: p.notes_refs.clone(),
            presence_notes: p
                .presence_notes
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        })
    }

    /// Classifies a name and email. A name alone counts for an agent only with a no-reply or
    /// bot address (or none): a person may well be called Claude.
    pub fn identify(&self, name: &str, email: &str) -> Identity {
        let (name, email) = (name.trim(), email.trim());
        let automated = email.is_empty()
            || email.contains("noreply")
            || email.contains("no-reply")
            || email.contains("[bot]");
        for (tool, emails, names, distinctive) in &self.agents {
            if (!email.is_empty() && emails.is_match(email))
                || (automated && !name.is_empty() && names.is_match(name))
                || (!name.is_empty() && distinctive.is_match(name))
            {
                return Identity::Agent(tool.clone());
            }
        }
        if (!email.is_empty() && self.bot_emails.is_match(email))
            || (!name.is_empty() && self.bot_names.is_match(name))
        {
            return Identity::Bot;
        }
        Identity::Person
    }

    /// Whether `text` contains a word of the model/tool vocabulary.
    pub fn has_vocabulary(&self, text: &str) -> bool {
        words(text).any(|w| self.vocabulary.is_match(w.to_lowercase()))
    }

    fn is_negative(&self, value: &str) -> bool {
        let v = value.trim().to_lowercase();
        let first = v
            .split(|c: char| c.is_whitespace() || c == '(' || c == ',' || c == ';')
            .next()
            .unwrap_or("")
            .trim_end_matches(['.', '!']);
        v.is_empty() || self.negatives.iter().any(|n| *n == v || *n == first)
    }

    /// A value of two to five plain words with no digits, colons, slashes or parentheses and no
    /// model vocabulary reads as a person's name (curl's `Assisted-by: Jay Satiro`).
    fn names_person(&self, value: &str) -> bool {
        let ws: Vec<&str> = value.split_whitespace().collect();
        !ws.is_empty()
            && ws.len() <= 5
            && ws.iter().all(|w| {
                w.chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\'' | '’'))
            })
            && !self.has_vocabulary(value)
    }

    /// Decides the provenance of `patch`.
    pub fn detect(&self, patch: &Patch, records: &Records) -> Provenance {
        let mut ev: Vec<Evidence> = Vec::new();
        let mut ignored: Vec<Ignored> = Vec::new();
        let mut uses: Option<Vec<String>> = None;
        let mut attribution: Option<Attribution> = None;
        let mut bot = false;
        let mut agent_author = false;

        let who = |i: &crate::series::Identity| format!("{} <{}>", i.name, i.email);
        match self.identify(&patch.author.name, &patch.author.email) {
            Identity::Agent(tool) => {
                agent_author = true;
                ev.push(Evidence {
                    source: Source::Author,
                    text: who(&patch.author),
                    strength: Strength::Strong,
                    agent: Some(Agent {
                        tool: Some(tool),
                        model: None,
                    }),
                });
            }
            Identity::Bot => bot = true,
            Identity::Person => {}
        }
        if let Identity::Agent(tool) = self.identify(&patch.committer.name, &patch.committer.email)
        {
            ev.push(Evidence {
                source: Source::Committer,
                text: who(&patch.committer),
                strength: Strength::Medium,
                agent: Some(Agent {
                    tool: Some(tool),
                    model: None,
                }),
            });
        }

        for t in &patch.trailers {
            self.trailer(t, &mut ev, &mut ignored, &mut uses);
        }

        if let Some(notes) = patch.commit.and_then(|c| records.notes.get(&c)) {
            for (r, text) in notes {
                if let Some((_, tool)) = self.presence_notes.iter().find(|(p, _)| p == r) {
                    ev.push(Evidence {
                        source: Source::Notes,
                        text: format!("note under {r}"),
                        strength: Strength::Strong,
                        agent: Some(Agent {
                            tool: Some(tool.clone()),
                            model: None,
                        }),
                    });
                    continue;
                }
                let log = if r.starts_with("refs/ai/authorship/") {
                    parse_legacy_log(text)
                } else if self.notes_refs.contains(r) {
                    parse_authorship_log(text)
                } else {
                    None
                };
                if let Some((attr, agents)) = log {
                    let lines: usize = attr
                        .files
                        .values()
                        .flatten()
                        .map(|(a, b)| (b - a + 1) as usize)
                        .sum();
                    if lines == 0 && agents.is_empty() {
                        ignored.push(Ignored {
                            source: Source::Notes,
                            text: format!("authorship log under {r}"),
                            reason: "attributes no line to an agent".into(),
                        });
                    } else {
                        for agent in agents
                            .iter()
                            .cloned()
                            .map(Some)
                            .chain(agents.is_empty().then_some(None))
                        {
                            ev.push(Evidence {
                                source: Source::Notes,
                                text: format!("authorship log under {r}: {lines} agent lines"),
                                strength: Strength::Strong,
                                agent,
                            });
                        }
                    }
                    let merged = attribution.get_or_insert_with(Attribution::default);
                    for (path, ranges) in attr.files {
                        merged.files.entry(path).or_default().extend(ranges);
                    }
                }
            }
        }

        if ev.is_empty() {
            let lower = patch.message.to_lowercase();
            for marker in &self.markers {
                if let Some(pos) = lower.find(marker.as_str()) {
                    let start = lower[..pos].rfind('\n').map_or(0, |p| p + 1);
                    let end = lower[pos..].find('\n').map_or(lower.len(), |p| pos + p);
                    ev.push(Evidence {
                        source: Source::Marker,
                        text: patch.message[start..end].trim().to_string(),
                        strength: Strength::Weak,
                        agent: None,
                    });
                    break;
                }
            }
        }

        let kind = if agent_author {
            Kind::Agent
        } else if !ev.is_empty() {
            Kind::Assisted
        } else if bot {
            Kind::Bot
        } else {
            Kind::Human
        };
        let assisted = matches!(kind, Kind::Assisted | Kind::Agent);
        let mut agents: Vec<Agent> = Vec::new();
        for a in ev.iter().filter_map(|e| e.agent.clone()) {
            if !agents.contains(&a) {
                agents.push(a);
            }
        }
        // Prefer the most specific description of each tool.
        let snapshot = agents.clone();
        agents.retain(|a| {
            a.model.is_some()
                || !snapshot
                    .iter()
                    .any(|b| b.model.is_some() && b.tool == a.tool)
        });
        let uses = match (assisted, uses) {
            (true, Some(u)) => u,
            (true, None) => vec!["code".to_string()],
            (false, _) => Vec::new(),
        };
        Provenance {
            assisted,
            kind,
            uses,
            agents,
            evidence: ev,
            ignored,
            attribution,
        }
    }

    fn trailer(
        &self,
        t: &Trailer,
        ev: &mut Vec<Evidence>,
        ignored: &mut Vec<Ignored>,
        uses: &mut Option<Vec<String>>,
    ) {
        let key = t.key.to_lowercase();
        let text = format!("{}: {}", t.key, t.value);
        let reject = |ignored: &mut Vec<Ignored>, reason: &str| {
            ignored.push(Ignored {
                source: Source::Trailer,
                text: text.clone(),
                reason: reason.to_string(),
            })
        };
        let (name, email) = split_identity(&t.value);
        let identity = email.map(|e| self.identify(name, e));

        if key == "ai-used-for" {
            if self.is_negative(&t.value) {
                return reject(ignored, "negative value");
            }
            let declared = parse_uses(&t.value);
            let content = declared
                .iter()
                .any(|u| !matches!(u.as_str(), "research" | "review" | "translation"));
            uses.get_or_insert_with(Vec::new).extend(declared);
            if !content {
                return reject(ignored, "research only: no model output in the patch");
            }
            ev.push(Evidence {
                source: Source::Trailer,
                text,
                strength: Strength::Strong,
                agent: None,
            });
        } else if self.ai_keys.contains(&key) {
            if self.is_negative(&t.value) {
                return reject(ignored, "negative value");
            }
            let agent = match &identity {
                Some(Identity::Agent(tool)) => Some(agent_of(name, Some(tool))),
                Some(_) if !self.has_vocabulary(name) => {
                    return reject(ignored, "names a person");
                }
                _ if email.is_none() && self.names_person(&t.value) => {
                    return reject(ignored, "names a person");
                }
                _ => Some(self.named_agent(name)),
            };
            ev.push(Evidence {
                source: Source::Trailer,
                text,
                strength: Strength::Strong,
                agent: agent.filter(|a| a.tool.is_some() || a.model.is_some()),
            });
        } else if self.ambiguous_keys.contains(&key) {
            let agent = match &identity {
                Some(Identity::Agent(tool)) => Some(agent_of(name, Some(tool))),
                _ if self.has_vocabulary(&t.value) => Some(agent_of(name, None)),
                _ => return reject(ignored, "unknown generator"),
            };
            ev.push(Evidence {
                source: Source::Trailer,
                text,
                strength: Strength::Medium,
                agent,
            });
        } else if let Some((_, tool)) = self.session_keys.iter().find(|(k, _)| *k == key) {
            ev.push(Evidence {
                source: Source::Trailer,
                text,
                strength: Strength::Strong,
                agent: (!tool.is_empty()).then(|| Agent {
                    tool: Some(tool.clone()),
                    model: None,
                }),
            });
        } else if self.coauthor_keys.contains(&key) {
            let id = identity.unwrap_or_else(|| self.identify(name, ""));
            if let Identity::Agent(tool) = id {
                ev.push(Evidence {
                    source: Source::Trailer,
                    text,
                    strength: Strength::Strong,
                    agent: Some(agent_of(name, Some(&tool))),
                });
            }
        }
    }

    /// [`agent_of`], with the tool taken from the vocabulary when the value's first word is
    /// not a tool (`yes, by Copilot`, `generic LLM chatbot`).
    fn named_agent(&self, value: &str) -> Agent {
        let mut agent = agent_of(value, None);
        if agent.model.is_none()
            && !agent
                .tool
                .as_deref()
                .is_some_and(|t| self.has_vocabulary(t))
        {
            agent.tool = words(value)
                .find(|w| self.vocabulary.is_match(w.to_lowercase()))
                .map(str::to_string);
        }
        agent
    }

    /// Whether a `Signed-off-by` value names an AI identity.
    pub fn is_agent_value(&self, value: &str) -> bool {
        let (name, email) = split_identity(value);
        matches!(self.identify(name, email.unwrap_or("")), Identity::Agent(_))
    }
}

fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| {
        c.is_whitespace() || matches!(c, ':' | '(' | ')' | ',' | ';' | '/' | '<' | '>')
    })
    .map(|w| w.trim_matches(|c: char| matches!(c, '[' | ']' | '"' | '\'' | '.')))
    .filter(|w| !w.is_empty())
}

/// The uses an `AI-used-for` value declares: `code (refactoring)`, `tests, docs`.
pub fn parse_uses(value: &str) -> Vec<String> {
    let mut depth = 0;
    let mut plain = String::new();
    for c in value.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ if depth == 0 => plain.push(c),
            _ => {}
        }
    }
    plain
        .split([',', ';'])
        .flat_map(|p| p.split(" and "))
        .map(|u| u.trim().to_lowercase())
        .filter(|u| !u.is_empty())
        .collect()
}

/// The tool and model a trailer value names, in any of the shapes seen in real history:
/// `Claude:claude-opus-4.6 coccinelle`, `LLM sparse`, `Claude Code (claude-opus-5)`,
/// `Claude Opus 4.8 (1M context)`, `Opus 4.7`, `GPT-5.6 Sol via Codex`,
/// `openai-codex:gpt-5.5 [read,bash]`, `cursor-agent/0.42 (model: claude-sonnet-4-5; ...)`.
pub fn agent_of(value: &str, known_tool: Option<&str>) -> Agent {
    let v = value.trim();
    let has_digit = |s: &str| s.chars().any(|c| c.is_ascii_digit());
    let (tool, model): (Option<String>, Option<String>) =
        if let Some((m, t)) = v.split_once(" via ") {
            (Some(t.trim().to_string()), Some(m.trim().to_string()))
        } else if let Some((t, rest)) = v
            .split_whitespace()
            .next()
            .and_then(|first| first.split_once(':'))
            .filter(|(t, m)| !t.is_empty() && !m.is_empty())
        {
            (
                Some(t.to_string()),
                Some(rest.trim_matches(['[', ']']).to_string()),
            )
        } else if let (Some(open), Some(close)) = (v.find('('), v.rfind(')')) {
            let head = v[..open].trim();
            let inner = &v[open + 1..close.max(open + 1)];
            let model = match inner.find("model:") {
                Some(p) => Some(
                    inner[p + 6..]
                        .split(';')
                        .next()
                        .unwrap_or("")
                        .trim()
                        .to_string(),
                ),
                None if has_digit(inner) && inner.contains('-') => Some(inner.trim().to_string()),
                None => None,
            };
            match model {
                Some(m) => (
                    Some(head.split('/').next().unwrap_or(head).to_string()),
                    Some(m),
                ),
                None if has_digit(head) => (None, Some(head.to_string())),
                None => (Some(head.to_string()), None),
            }
        } else if has_digit(v) {
            (None, Some(v.to_string()))
        } else {
            (v.split_whitespace().next().map(str::to_string), None)
        };
    let tool = known_tool
        .map(str::to_string)
        .or(tool)
        .or_else(|| model.as_deref().and_then(vendor_of).map(str::to_string))
        .filter(|t| !t.is_empty());
    Agent {
        tool,
        model: model.filter(|m| !m.is_empty()),
    }
}

/// The tool family a bare model name belongs to, for display.
fn vendor_of(model: &str) -> Option<&'static str> {
    let m = model.to_lowercase();
    [
        ("claude", "Claude"),
        ("opus", "Claude"),
        ("sonnet", "Claude"),
        ("haiku", "Claude"),
        ("gpt", "OpenAI"),
        ("codex", "OpenAI"),
        ("o3", "OpenAI"),
        ("gemini", "Gemini"),
        ("llama", "Llama"),
        ("mistral", "Mistral"),
        ("qwen", "Qwen"),
        ("deepseek", "DeepSeek"),
        ("grok", "Grok"),
    ]
    .iter()
    .find(|(k, _)| m.starts_with(k) || m.contains(&format!(" {k}")))
    .map(|(_, v)| *v)
}

/// Parses a git-ai "Authorship Log" (v3): per file, a path line and indented
/// `<session> <ranges>` lines (`h_` sessions are human), then `---` and JSON metadata whose
/// `agent_id` objects name the tool and model.
pub fn parse_authorship_log(text: &str) -> Option<(Attribution, Vec<Agent>)> {
    let (body, meta) = match text.find("\n---") {
        Some(p) => (&text[..p], &text[p + 4..]),
        None => (text, ""),
    };
    let mut attribution = Attribution::default();
    let mut path: Option<String> = None;
    let mut any = false;
    for line in body.lines() {
        if line.trim().is_empty() {
            continue;
        }
        if line.starts_with([' ', '\t']) {
            let mut parts = line.split_whitespace();
            let (Some(session), Some(ranges)) = (parts.next(), parts.next()) else {
                continue;
            };
            let Some(p) = &path else { continue };
            any = true;
            if session.starts_with("h_") {
                continue;
            }
            attribution
                .files
                .entry(p.clone())
                .or_default()
                .extend(parse_ranges(ranges));
        } else {
            path = Some(line.trim().to_string());
        }
    }
    let mut agents = Vec::new();
    if let Ok(json) = serde_json::from_str::<serde_json::Value>(meta.trim()) {
        collect_agents(&json, &mut agents);
    }
    (any || !agents.is_empty()).then_some((attribution, agents))
}

fn collect_agents(v: &serde_json::Value, out: &mut Vec<Agent>) {
    match v {
        serde_json::Value::Object(map) => {
            if let Some(id) = map.get("agent_id") {
                let s = |k: &str| id.get(k).and_then(|x| x.as_str()).map(str::to_string);
                let agent = Agent {
                    tool: s("tool"),
                    model: s("model"),
                };
                if !out.contains(&agent) {
                    out.push(agent);
                }
            }
            map.values().for_each(|x| collect_agents(x, out));
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| collect_agents(x, out)),
        _ => {}
    }
}

/// The older git-ai record: JSON `files.<path>.authors[].{author, lines}`.
fn parse_legacy_log(text: &str) -> Option<(Attribution, Vec<Agent>)> {
    let json: serde_json::Value = serde_json::from_str(text).ok()?;
    let mut attribution = Attribution::default();
    let mut agents = Vec::new();
    for (path, file) in json.get("files")?.as_object()? {
        for author in file
            .get("authors")
            .and_then(|a| a.as_array())
            .into_iter()
            .flatten()
        {
            let who = author.get("author").and_then(|a| a.as_str()).unwrap_or("");
            if who.is_empty() || who.eq_ignore_ascii_case("human") {
                continue;
            }
            let agent = Agent {
                tool: Some(who.to_string()),
                model: None,
            };
            if !agents.contains(&agent) {
                agents.push(agent);
            }
            let ranges = match author.get("lines") {
                Some(serde_json::Value::String(s)) => parse_ranges(s),
                Some(serde_json::Value::Array(a)) => a
                    .iter()
                    .filter_map(|x| match x {
                        serde_json::Value::Number(n) => n.as_u64().map(|n| (n as u32, n as u32)),
                        serde_json::Value::Array(p) if p.len() == 2 => {
                            Some((p[0].as_u64()? as u32, p[1].as_u64()? as u32))
                        }
                        _ => None,
                    })
                    .collect(),
                _ => Vec::new(),
            };
            attribution
                .files
                .entry(path.clone())
                .or_default()
                .extend(ranges);
        }
    }
    Some((attribution, agents))
}

/// `1-10,15-20,42` as inclusive ranges.
fn parse_ranges(s: &str) -> Vec<(u32, u32)> {
    s.split(',')
        .filter_map(|r| match r.split_once('-') {
            Some((a, b)) => Some((a.trim().parse().ok()?, b.trim().parse().ok()?)),
            None => r.trim().parse().ok().map(|n| (n, n)),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a(tool: Option<&str>, model: Option<&str>) -> Agent {
        Agent {
            tool: tool.map(str::to_string),
            model: model.map(str::to_string),
        }
    }

    #[test]
    fn value_shapes() {
        assert_eq!(
            agent_of("Claude:claude-opus-4.6 coccinelle sparse", None),
            a(Some("Claude"), Some("claude-opus-4.6"))
        );
        assert_eq!(
            agent_of("LLM coccinelle sparse", None),
            a(Some("LLM"), None)
        );
        assert_eq!(
            agent_of("Claude Code (claude-opus-5)", None),
            a(Some("Claude Code"), Some("claude-opus-5"))
        );
        assert_eq!(
            agent_of("Claude Opus 4.8 (1M context)", Some("Claude Code")),
            a(Some("Claude Code"), Some("Claude Opus 4.8"))
        );
        assert_eq!(
            agent_of("Opus 4.7", None),
            a(Some("Claude"), Some("Opus 4.7"))
        );
        assert_eq!(
            agent_of("GPT-5.6 Sol via Codex", None),
            a(Some("Codex"), Some("GPT-5.6 Sol"))
        );
        assert_eq!(
            agent_of("openai-codex:gpt-5.5 [read,bash,edit,write]", None),
            a(Some("openai-codex"), Some("gpt-5.5"))
        );
        assert_eq!(
            agent_of(
                "cursor-agent/0.42 (model: claude-sonnet-4-5; operator: a@b.c)",
                None
            ),
            a(Some("cursor-agent"), Some("claude-sonnet-4-5"))
        );
    }

    #[test]
    fn uses_and_ranges() {
        assert_eq!(parse_uses("code (refactoring)"), vec!["code"]);
        assert_eq!(parse_uses("tests, docs"), vec!["tests", "docs"]);
        assert_eq!(parse_ranges("1-3,7"), vec![(1, 3), (7, 7)]);
    }

    #[test]
    fn authorship_log_v3() {
        let log = "docs/a.rst\n  s_abc::t_1 1-4,9\n  h_123 5-8\ntcg/op.c\n  h_9 1-20\n---\n{\"sessions\":{\"s_abc\":{\"agent_id\":{\"tool\":\"claude\",\"model\":\"claude-opus-4-6\"}}}}\n";
        let (attr, agents) = parse_authorship_log(log).unwrap();
        assert!(attr.is_agent_line("docs/a.rst", 3));
        assert!(attr.is_agent_line("docs/a.rst", 9));
        assert!(!attr.is_agent_line("docs/a.rst", 6));
        assert!(!attr.is_agent_line("tcg/op.c", 1));
        assert_eq!(agents, vec![a(Some("claude"), Some("claude-opus-4-6"))]);
    }
}

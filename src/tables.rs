//! The provenance tables: what `[provenance]` in the configuration says counts as AI evidence
//! (keys, identities, vocabulary, markers, side records), merged over the layers. The
//! configuration reads them; [`crate::provenance`] weighs evidence with them.

use std::collections::BTreeMap;

use serde::Deserialize;

/// A table entry that cannot be used (an invalid identity glob).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("[provenance]: {0}")]
pub struct TableError(pub String);

/// `[provenance]`: the tables that decide what counts as AI evidence. Lists extend the earlier
/// layers' lists; `disable` removes keys, agent tools and bot names given by earlier layers.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProvenanceLayer {
    #[serde(default)]
    pub ai_keys: Vec<String>,
    #[serde(default)]
    pub ambiguous_keys: Vec<String>,
    #[serde(default)]
    pub session_keys: BTreeMap<String, String>,
    #[serde(default)]
    pub coauthor_keys: Vec<String>,
    #[serde(default)]
    pub negatives: Vec<String>,
    #[serde(default)]
    pub vocabulary: Vec<String>,
    #[serde(default)]
    pub markers: Vec<String>,
    #[serde(default)]
    pub notes_refs: Vec<String>,
    #[serde(default)]
    pub presence_notes: BTreeMap<String, String>,
    #[serde(default, rename = "agent")]
    pub agents: Vec<AgentSpec>,
    #[serde(default, rename = "bot")]
    pub bots: Vec<IdentitySpec>,
    #[serde(default)]
    pub disable: Vec<String>,
}

/// An AI agent's identities: globs on email and name, case-insensitive.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgentSpec {
    pub tool: String,
    #[serde(default)]
    pub emails: Vec<String>,
    #[serde(default)]
    pub names: Vec<String>,
}

/// Identities of non-AI automation.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdentitySpec {
    #[serde(default)]
    pub emails: Vec<String>,
    #[serde(default)]
    pub names: Vec<String>,
}

impl ProvenanceLayer {
    /// This layer with `layer` applied over it.
    pub(crate) fn merge(&mut self, layer: ProvenanceLayer) {
        let gone = |s: &String| layer.disable.iter().any(|d| d.eq_ignore_ascii_case(s));
        for list in [
            &mut self.ai_keys,
            &mut self.ambiguous_keys,
            &mut self.coauthor_keys,
            &mut self.negatives,
            &mut self.vocabulary,
            &mut self.markers,
            &mut self.notes_refs,
        ] {
            list.retain(|k| !gone(k));
        }
        self.session_keys.retain(|k, _| !gone(k));
        self.presence_notes.retain(|k, _| !gone(k));
        self.agents.retain(|a| !gone(&a.tool));
        for bot in &mut self.bots {
            bot.names.retain(|n| !gone(n));
            bot.emails.retain(|n| !gone(n));
        }
        self.ai_keys.extend(layer.ai_keys);
        self.ambiguous_keys.extend(layer.ambiguous_keys);
        self.session_keys.extend(layer.session_keys);
        self.coauthor_keys.extend(layer.coauthor_keys);
        self.negatives.extend(layer.negatives);
        self.vocabulary.extend(layer.vocabulary);
        self.markers.extend(layer.markers);
        self.notes_refs.extend(layer.notes_refs);
        self.presence_notes.extend(layer.presence_notes);
        self.agents.extend(layer.agents);
        self.bots.extend(layer.bots);
    }
}

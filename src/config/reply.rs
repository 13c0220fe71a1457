//! `[reply]`: how `git triage reply` writes replies, checked as each layer sets it.

use serde::Deserialize;
use toml::Spanned;

use super::{Config, ConfigError};

/// `[reply]` as one layer writes it: every key optional, later layers overriding.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ReplyLayer {
    trailer: Option<Spanned<String>>,
    context: Option<usize>,
    greeting: Option<Spanned<String>>,
    signoff: Option<Spanned<String>>,
    reject: Option<String>,
    needs_work: Option<String>,
}

impl Config {
    pub(super) fn apply_reply(
        &mut self,
        layer: ReplyLayer,
        at: &impl Fn(Option<std::ops::Range<usize>>, String) -> ConfigError,
    ) -> Result<(), ConfigError> {
        let r = &mut self.reply;
        if let Some(t) = layer.trailer {
            let ok = !t.get_ref().is_empty()
                && t.get_ref()
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-');
            if !ok {
                return Err(at(
                    Some(t.span()),
                    format!(
                        "reply.trailer: {:?} is not a trailer key (letters, digits and -, like Acked-by)",
                        t.get_ref()
                    ),
                ));
            }
            r.trailer = t.into_inner();
        }
        for (key, value, slot) in [
            ("greeting", layer.greeting, &mut r.greeting),
            ("signoff", layer.signoff, &mut r.signoff),
        ] {
            let Some(value) = value else { continue };
            if let Some(unknown) = crate::reply::unknown_keys(value.get_ref()).first() {
                let known: Vec<&str> = crate::reply::TEMPLATE_KEYS.iter().map(|k| k.0).collect();
                return Err(at(
                    Some(value.span()),
                    format!(
                        "reply.{key}: unknown {{{unknown}}}; known: {}",
                        known.join(", ")
                    ),
                ));
            }
            *slot = value.into_inner();
        }
        if let Some(c) = layer.context {
            r.context = c.min(100);
        }
        if let Some(s) = layer.reject {
            r.reject = s;
        }
        if let Some(s) = layer.needs_work {
            r.needs_work = s;
        }
        Ok(())
    }
}

//! The text `git range-diff --no-color` prints: one line per pair (`1:  abc1234 ! 1:  def5678
//! subject`), in the order of the new version with dropped patches placed after their old
//! predecessors, and the interdiff of each pair below it, indented by four spaces.
//!
//! Commit text is hostile: every line goes through [`crate::sanitize`] (tabs kept), so output
//! equals git's byte for byte except where git would print control characters, invisible
//! characters or invalid UTF-8.

use super::interdiff::{self, Hunk};
use super::range_diff::Pairing;
use super::text::PatchText;
use super::xdiff::Origin;

/// Renders the range-diff of `old` and `new` as paired by `pairing`.
pub fn render(old: &[PatchText], new: &[PatchText], pairing: &Pairing) -> String {
    let mut out = Output {
        old,
        new,
        width: decimal_width(1 + old.len().max(new.len())),
        dashes: None,
        text: String::new(),
    };
    let mut shown = vec![false; old.len()];
    let (mut i, mut j) = (0, 0);
    while i < old.len() || j < new.len() {
        while i < old.len() && shown[i] {
            i += 1;
        }
        if i < old.len() && pairing.old_match[i].is_none() {
            out.header(Some(i), None);
            i += 1;
            continue;
        }
        while j < new.len() && pairing.new_match[j].is_none() {
            out.header(None, Some(j));
            j += 1;
        }
        match (j < new.len()).then(|| pairing.new_match[j]).flatten() {
            Some(a) => {
                out.header(Some(a), Some(j));
                out.hunks(&interdiff::diff(&old[a].text, &new[j].text));
                shown[a] = true;
                j += 1;
            }
            // git would loop here for ever on an inconsistent pairing; show the rest as dropped.
            None if i < old.len() => {
                out.header(Some(i), None);
                i += 1;
            }
            None => {}
        }
    }
    out.text
}

struct Output<'a> {
    old: &'a [PatchText],
    new: &'a [PatchText],
    width: usize,
    dashes: Option<String>,
    text: String,
}

impl Output<'_> {
    fn header(&mut self, a: Option<usize>, b: Option<usize>) {
        let (old, new) = (a.map(|i| &self.old[i]), b.map(|j| &self.new[j]));
        let shown = old.or(new).expect("a pair has a side");
        let dashes = self
            .dashes
            .get_or_insert_with(|| "-".repeat(shown.label.chars().count()))
            .clone();
        let status = match (old, new) {
            (_, None) => '<',
            (None, _) => '>',
            (Some(x), Some(y)) if x.text != y.text => '!',
            _ => '=',
        };
        let w = self.width;
        let mut line = match a {
            Some(i) => format!("{:>w$}:  {} ", i + 1, clean(self.old[i].label.as_bytes())),
            None => format!("{:>w$}:  {dashes} ", "-"),
        };
        line.push(status);
        match b {
            Some(j) => line.push_str(&format!(
                " {:>w$}:  {}",
                j + 1,
                clean(self.new[j].label.as_bytes())
            )),
            None => line.push_str(&format!(" {:>w$}:  {dashes}", "-")),
        }
        line.push(' ');
        line.push_str(&clean(&shown.subject));
        // git trims its whole output buffer after the subject, so an empty subject leaves no
        // trailing space either.
        self.text
            .push_str(line.trim_end_matches([' ', '\t', '\n', '\r']));
        self.text.push('\n');
    }

    fn hunks(&mut self, hunks: &[Hunk]) {
        for h in hunks {
            self.text.push_str("    @@");
            if !h.heading.is_empty() {
                self.text.push(' ');
                self.text.push_str(&clean(&h.heading));
            }
            self.text.push('\n');
            for l in &h.lines {
                self.text.push_str("    ");
                self.text.push(match l.origin {
                    Origin::Context => ' ',
                    Origin::Removed => '-',
                    Origin::Added => '+',
                });
                let body = l.text.strip_suffix(b"\n").unwrap_or(&l.text);
                self.text.push_str(&clean(body));
                self.text.push('\n');
            }
        }
    }
}

/// Digits of `n` in decimal.
fn decimal_width(n: usize) -> usize {
    n.to_string().len()
}

/// One line of commit text made safe for a terminal, tabs kept.
fn clean(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    crate::sanitize::pieces(&text, "\t")
        .into_iter()
        .map(|(_, t)| t)
        .collect()
}

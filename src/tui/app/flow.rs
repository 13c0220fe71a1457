//! The flow of a session: after a verdict, on to the next patch still to decide; at quit, one
//! line that says what was decided and where it is kept.

use git_triage::notes::State;

use super::App;

impl App {
    /// After a verdict: on to the next patch I have not decided, after this one and then from
    /// the top; says where it went.
    pub(super) fn advance(&mut self) -> String {
        let n = self.visible.len();
        let next = (1..n)
            .map(|k| (self.selected + k) % n)
            .find(|&pos| self.undecided(self.visible[pos]));
        match next {
            Some(pos) => {
                let wrapped = pos < self.selected;
                self.select(pos);
                let i = self.visible[pos];
                format!(
                    " · next undecided: {}/{}{}",
                    self.series.patches[i].index,
                    self.series.patches.len(),
                    if wrapped { " (from the top)" } else { "" }
                )
            }
            None => " · every patch here is decided".into(),
        }
    }

    /// What quitting prints: one count per state of my verdicts, and where they are.
    /// `3 accepted, 1 rejected, 5 undecided; notes in refs/notes/triage`.
    pub fn summary(&self) -> String {
        let mut counts = [0usize; 4];
        for i in 0..self.series.patches.len() {
            let slot = match self.my_verdict(i).map(|v| v.state) {
                Some(State::Accept) => 0,
                Some(State::Reject) => 1,
                Some(State::NeedsWork) => 2,
                _ => 3,
            };
            counts[slot] += 1;
        }
        let names = ["accepted", "rejected", "need work", "undecided"];
        let parts: Vec<String> = counts
            .iter()
            .zip(names)
            .filter(|(&k, _)| k > 0)
            .map(|(k, name)| match (k, name) {
                (1, "need work") => "1 needs work".to_string(),
                (k, name) => format!("{k} {name}"),
            })
            .collect();
        format!("{}; notes in {}", parts.join(", "), self.config.notes_ref)
    }
}

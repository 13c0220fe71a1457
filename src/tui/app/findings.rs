//! `!`: from finding to finding (errors and warnings), across patches, to the file and line
//! each one is about.

use git_triage::diff::LineKind;
use git_triage::policy::Severity;

use super::App;
use crate::tui::doc::Row;

impl App {
    /// The next error or warning after the last one shown, moving on to later patches and
    /// round to the first. Returns the patch whose diff it must wait for first, if any (the
    /// key then waits as `]` does).
    pub(super) fn next_finding(&mut self) -> Option<usize> {
        let start = self.current()?;
        let after = match self.finding_at {
            Some((i, n)) if i == start => n + 1,
            _ => 0,
        };
        let n = self.visible.len();
        for step in 0..=n {
            let pos = (self.selected + step) % n.max(1);
            let &i = self.visible.get(pos)?;
            if self.series.patches[i].checked.is_none() {
                return Some(i);
            }
            let from = if step == 0 { after } else { 0 };
            let found = self
                .findings(i)
                .iter()
                .enumerate()
                .skip(from)
                .find(|(_, f)| matches!(f.severity, Severity::Error | Severity::Warning))
                .map(|(k, _)| k);
            // Back at the start after a full round: only the findings before `after` are left.
            if step == n && found.is_none_or(|k| k >= after) {
                break;
            }
            if let Some(k) = found {
                self.show_finding(pos, i, k, step > 0 && pos <= self.selected);
                return None;
            }
        }
        self.info("no error or warning finding here".into());
        None
    }

    /// Selects patch `i` (at `pos`) and puts the cursor where finding `k` is about.
    fn show_finding(&mut self, pos: usize, i: usize, k: usize, wrapped: bool) {
        self.select(pos);
        self.finding_at = Some((i, k));
        let f = self.findings(i)[k].clone();
        let d = self.diff(i);
        let file = f.path.as_ref().and_then(|path| {
            d.and_then(|d| d.files.iter().position(|x| &x.display_path() == path))
        });
        if let Some(file) = file {
            if self.collapsed.remove(&(i, file)) {
                self.rebuild_rows();
            }
        }
        // A finding about a hunk is about its first added line (else the hunk's first line):
        // the cursor goes there and the status bar names it, so that it always says where.
        let first = file.zip(f.hunk).and_then(|(x, h)| {
            let hunk = self.diff(i)?.files[x].hunks.get(h)?;
            let added = hunk.lines().find(|l| l.kind == LineKind::Added);
            added
                .and_then(|l| l.new_lineno)
                .or((hunk.new_start > 0).then_some(hunk.new_start))
        });
        let lineno = f.line.or(first);
        let line = file.zip(lineno).and_then(|(file, n)| {
            self.rows.iter().position(|&r| match r {
                Row::Line(x, h, l) if x == file && f.hunk.is_none_or(|fh| fh == h) => self
                    .diff(i)
                    .is_some_and(|d| d.files[x].hunks[h].line(l).new_lineno == Some(n)),
                _ => false,
            })
        });
        let hunk = file
            .zip(f.hunk)
            .and_then(|(file, h)| self.rows.iter().position(|&r| r == Row::Hunk(file, h)));
        let target = line
            .or(hunk)
            .or_else(|| file.and_then(|x| self.rows.iter().position(|&r| r == Row::File(x))))
            .or_else(|| self.rows.iter().position(|&r| r == Row::Finding(k)));
        if let Some(r) = target {
            self.jump_to(r);
        }
        let total = self.findings(i).len();
        let place = match (&f.path, lineno) {
            (Some(p), Some(l)) => format!(" {p}:{l}"),
            (Some(p), None) => format!(" {p}"),
            _ => String::new(),
        };
        let p = &self.series.patches[i];
        self.info(format!(
            "{}/{} finding {}/{total}: {} {}{}{}",
            p.index,
            self.series.patches.len(),
            k + 1,
            f.severity.as_str(),
            f.rule.as_str(),
            git_triage::sanitize::escape(&place),
            if wrapped { " (from the top)" } else { "" }
        ));
    }
}

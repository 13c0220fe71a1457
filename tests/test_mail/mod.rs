//! Mail: parsing agrees with `git mailsplit` and `git mailinfo -u` (run here, as the oracle) on
//! the real list mail of the shared corpus, on `git format-patch` output and on hand-written
//! MIME; series and follow-up trailers agree with b4.

pub mod apply;
mod b4;
mod bad_input;
pub mod cli;
mod corpus;
pub mod generated;
mod mime;
pub mod oracle;
mod positional;
mod refusals;
mod store;
mod stories;
mod unapplied;
mod verdicts;

//! Versions of a series: which patch of a new version is which patch of an old one, paired as
//! `git range-diff` pairs them, and what changed between the two.
//!
//! The engine works on [`PatchText`]s, each patch in the text form `range-diff` compares
//! (metadata, message, notes, diff with line numbers left out), so that patches from commits
//! ([`commits`]) and from mail can be compared alike. [`range_diff::pair`] pairs them,
//! [`Pairing::state`] says what became of each new patch, [`Interdiff`] shows what changed and
//! [`render`] prints it all as `git range-diff --no-color` does.

pub mod assignment;
pub mod commits;
pub mod compare;
pub mod interdiff;
pub mod mail;
pub mod previous;
pub mod range_diff;
pub mod render;
pub mod summary;
pub mod text;
pub mod xdiff;

pub use compare::{Comparison, Dropped, Origin, Previous, Tally, Version};
pub use interdiff::Interdiff;
pub use previous::{Request, Subject};
pub use range_diff::{pair, Pairing, State, DEFAULT_CREATION_FACTOR};
pub use render::render;
pub use text::{PatchText, TextBuilder};

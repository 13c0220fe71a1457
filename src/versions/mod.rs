//! Versions of a series: which patch of a new version is which patch of an old one, as
//! `git range-diff` pairs them, and what changed between the two.

pub mod assignment;
pub mod xdiff;

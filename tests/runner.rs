//! The integration tests, linked into one binary.

mod common;

mod test_check;
mod test_comment_paths;
mod test_comments;
mod test_comments_versions;
pub mod test_diff;
mod test_explain;
mod test_mail;
mod test_notes;
mod test_notes_hostile;
mod test_notes_order;
mod test_notes_race;
mod test_patch_id;
mod test_patch_texts;
mod test_previous;
mod test_previous_mail;
mod test_provenance;
mod test_range_diff;
mod test_remarks;
mod test_reply;
mod test_reply_carried;
mod test_reply_hostile;
mod test_sanitize;
mod test_shallow;
mod test_signoff;
mod test_trailers;
mod test_tui_config;
mod test_verdict_trust;
mod test_versions_hops;
mod test_xdiff;

//! The object a verdict on a mailed patch is attached to.
//!
//! A mailed patch has no commit of its own (or only one outside the repository, whose id depends on the base
//! it was applied to), yet its verdicts must be found again when the same mail is opened later,
//! applied or not. Git notes can annotate any object, so the note target is a small blob that
//! names the message: its Message-ID, or, for mail without one (`git format-patch` writes none
//! unless asked), its author, patch-id and commit message. The blob's id is computed without
//! writing it; the blob is written to the object store only when a verdict is recorded, so that
//! `git cat-file -p` shows which mail a note is about.
//!
//! The commit `git am` or `b4 shazam` later makes from the mail is found by patch-id, as every
//! rebased commit is ([`crate::notes`]' carry-over).

use git2::{ObjectType, Oid, Repository};

use super::Message;

/// The text of the blob that stands for `message`.
pub fn content(message: &Message, patch_id: Option<Oid>) -> Vec<u8> {
    match &message.message_id {
        Some(id) => format!("git-triage mailed patch\nMessage-ID: <{id}>\n").into_bytes(),
        None => {
            let pid = patch_id.map_or_else(|| "-".to_string(), |p| p.to_string());
            format!(
                "git-triage mailed patch\nAuthor: {} <{}>\nPatch-ID: {pid}\n\n{}",
                message.author.name, message.author.email, message.commit_message
            )
            .into_bytes()
        }
    }
}

/// The id of the blob that stands for `message`, without writing it.
pub fn of(message: &Message, patch_id: Option<Oid>) -> Oid {
    Oid::hash_object(ObjectType::Blob, &content(message, patch_id))
        .expect("hashing a buffer does not fail")
}

/// Writes the blob that stands for `message` to the repository's object store.
pub fn store(
    repo: &Repository,
    message: &Message,
    patch_id: Option<Oid>,
) -> Result<Oid, git2::Error> {
    repo.blob(&content(message, patch_id))
}

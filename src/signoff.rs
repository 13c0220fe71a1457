//! Whether a patch carries its author's sign-off: a `Signed-off-by` with the author's address or
//! name, as written or as the mailmap resolves them, or, when a mailing list rewrote the author
//! for DMARC (`Jane Doe via GitGitGadget <gitgitgadget@gmail.com>`), with the name before
//! ` via `.

use serde::Serialize;

use crate::series::Identity;
use crate::trailers::Trailer;

/// A mailing list's rewrite of the author: the list's address in place of the person's, and
/// `<name> via <list>` as the name (`'<name>' via <list>` from Google Groups).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ListRewrite {
    /// The person's name, without the quotes lists add.
    pub name: String,
    /// The list's name, as in the author's name.
    pub list: String,
    /// The list's address, which is the author's address in the commit.
    pub address: String,
}

impl ListRewrite {
    /// The rewrite in `name` and `email`, when the name ends in ` via <list>` and the address
    /// is that list's (its local part is the list's name, ignoring case and punctuation).
    pub fn of(name: &str, email: &str) -> Option<ListRewrite> {
        let (person, list) = name.rsplit_once(" via ")?;
        let person = person.trim().trim_matches(['\'', '"']).trim();
        let local = email.split('@').next()?;
        let letters = |s: &str| -> String {
            s.chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect()
        };
        let list_letters = letters(list);
        (!person.is_empty() && !list_letters.is_empty() && list_letters == letters(local)).then(
            || ListRewrite {
                name: person.to_string(),
                list: list.trim().to_string(),
                address: email.to_string(),
            },
        )
    }
}

/// How a `Signed-off-by` was found to be the author's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "by")]
pub enum How {
    /// The same address.
    Email,
    /// The same name.
    Name,
    /// The same address or name once the mailmap resolved both identities.
    Mailmap { author: String, signer: String },
    /// The author is a list's rewrite; the sign-off has the name before ` via `.
    ListName(ListRewrite),
}

/// Whether the author signed off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "signoff")]
pub enum SignOff {
    /// `patch.trailers[trailer]` is the author's sign-off.
    Found { trailer: usize, how: How },
    /// No sign-off is the author's; `rewrite` says when the author's address is a list's.
    Missing { rewrite: Option<ListRewrite> },
}

/// Finds the author's `Signed-off-by` among `trailers`. `resolve` maps a name and address to
/// the real ones (git's mailmap), or leaves them.
pub fn judge(
    author: &Identity,
    trailers: &[Trailer],
    resolve: &dyn Fn(&str, &str) -> (String, String),
) -> SignOff {
    let rewrite = ListRewrite::of(author.name.trim(), &author.email);
    let (real_name, real_email) = resolve(author.name.trim(), &author.email);
    let same = |a: &str, b: &str| !a.is_empty() && a.eq_ignore_ascii_case(b);
    // The strongest evidence wins, whichever trailer carries it.
    let mut best: Option<(u8, usize, How)> = None;
    for (i, t) in trailers.iter().enumerate() {
        if !t.is("Signed-off-by") {
            continue;
        }
        let (name, email) = crate::policy::split_identity(&t.value);
        let email = email.unwrap_or("");
        let (signer_name, signer_email) = resolve(name, email);
        let how = if same(email, &author.email) {
            Some((0, How::Email))
        } else if same(name, author.name.trim()) {
            Some((1, How::Name))
        } else if same(&signer_email, &real_email) || same(&signer_name, &real_name) {
            let show = |n: &str, e: &str| format!("{n} <{e}>");
            Some((
                2,
                How::Mailmap {
                    author: show(&real_name, &real_email),
                    signer: show(&signer_name, &signer_email),
                },
            ))
        } else {
            rewrite
                .as_ref()
                .filter(|r| same(name, &r.name) || same(&signer_name, &r.name))
                .map(|r| (3, How::ListName(r.clone())))
        };
        if let Some((rank, how)) = how {
            if best.as_ref().is_none_or(|b| rank < b.0) {
                best = Some((rank, i, how));
            }
        }
    }
    match best {
        Some((_, trailer, how)) => SignOff::Found { trailer, how },
        None => SignOff::Missing { rewrite },
    }
}

impl SignOff {
    /// One line for a reviewer: which trailer is the author's sign-off and why, or why none is.
    pub fn explain(&self, trailers: &[Trailer]) -> String {
        match self {
            SignOff::Found { trailer, how } => {
                let line = trailers
                    .get(*trailer)
                    .map_or_else(String::new, |t| t.line.clone());
                let why = match how {
                    How::Email => "the author's address".to_string(),
                    How::Name => "the author's name".to_string(),
                    How::Mailmap { author, signer } => {
                        format!("by .mailmap, the author is {author} and the signer {signer}")
                    }
                    How::ListName(r) => format!(
                        "the author's name {}: the author's address {} is the {} list's, \
                         rewritten for DMARC",
                        r.name, r.address, r.list
                    ),
                };
                format!("{line} ({why})")
            }
            SignOff::Missing { rewrite: None } => "none from the author".to_string(),
            SignOff::Missing { rewrite: Some(r) } => format!(
                "none from {} (the author's address {} is the {} list's, rewritten for DMARC)",
                r.name, r.address, r.list
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn author(name: &str, email: &str) -> Identity {
        Identity {
            name: name.into(),
            email: email.into(),
            time: 0,
            offset_minutes: 0,
        }
    }

    fn sob(value: &str) -> Trailer {
        Trailer {
            key: "Signed-off-by".into(),
            value: value.into(),
            line: format!("Signed-off-by: {value}"),
        }
    }

    fn same(n: &str, e: &str) -> (String, String) {
        (n.to_string(), e.to_string())
    }

    #[test]
    fn list_rewrites_are_recognised_by_the_lists_address() {
        let r =
            ListRewrite::of("Jean-Noël Avila via GitGitGadget", "gitgitgadget@gmail.com").unwrap();
        assert_eq!(
            (r.name.as_str(), r.list.as_str()),
            ("Jean-Noël Avila", "GitGitGadget")
        );
        let r = ListRewrite::of(
            "Patrick Steinhardt' via Git Security",
            "git-security@googlegroups.com",
        )
        .unwrap();
        assert_eq!(r.name, "Patrick Steinhardt");
        // A name with " via " and a personal address is just a name.
        assert_eq!(ListRewrite::of("Anna via Zoom", "anna@example.org"), None);
    }

    #[test]
    fn a_rewritten_author_signs_off_by_name_only_through_the_list() {
        let a = author("Jean-Noël Avila via GitGitGadget", "gitgitgadget@gmail.com");
        let trailers = [
            sob("Jean-Noël Avila <jn.avila@free.fr>"),
            sob("Junio C Hamano <gitster@pobox.com>"),
        ];
        let judged = judge(&a, &trailers, &same);
        assert!(
            matches!(
                &judged,
                SignOff::Found {
                    trailer: 0,
                    how: How::ListName(_)
                }
            ),
            "{judged:?}"
        );
        assert!(judged.explain(&trailers).contains("GitGitGadget list's"));
        // Someone else's sign-off is still missing the author's, and says whose it looked for.
        let other = judge(&a, &trailers[1..], &same);
        assert!(other
            .explain(&trailers[1..])
            .starts_with("none from Jean-Noël Avila"));
    }

    #[test]
    fn the_mailmap_joins_old_and_new_identities() {
        let a = author("A. U. Thor", "old@example.org");
        let trailers = [sob("Anne Thor <new@example.org>")];
        assert!(matches!(
            judge(&a, &trailers, &same),
            SignOff::Missing { .. }
        ));
        let mailmap = |n: &str, e: &str| {
            if e == "old@example.org" {
                same("Anne Thor", "new@example.org")
            } else {
                same(n, e)
            }
        };
        assert!(matches!(
            judge(&a, &trailers, &mailmap),
            SignOff::Found {
                how: How::Mailmap { .. },
                ..
            }
        ));
    }
}

//! A draft as a message: the header fields a list reply has (From, To, Cc, Subject, Date,
//! Message-ID, In-Reply-To, References, MIME), and its body in the encoding it needs.

use std::time::SystemTime;

use crate::notes::Reviewer;

use super::{mime, Draft, Mail};

/// The draft as a message: headers for the list, the body encoded as it needs.
pub(super) fn mail(d: Draft, me: &Reviewer, now: SystemTime, n: usize) -> Mail {
    let o = &d.original;
    let subject = if o
        .subject
        .get(..3)
        .is_some_and(|p| p.eq_ignore_ascii_case("re:"))
    {
        o.subject.clone()
    } else {
        format!("Re: {}", o.subject)
    };
    let from = mime::address(&me.name, &me.email);
    let to = mime::address(&o.author_name, &o.author_email);
    let mut cc: Vec<String> = Vec::new();
    for a in o.to.iter().chain(&o.cc) {
        let (name, email) = split_address(a);
        let taken = [&o.author_email, &me.email]
            .iter()
            .any(|e| e.eq_ignore_ascii_case(&email));
        if !taken
            && !cc
                .iter()
                .any(|c| split_address(c).1.eq_ignore_ascii_case(&email))
        {
            cc.push(mime::address(&name, &email));
        }
    }
    let id = mime::message_id(now, &me.email, &format!("{n} {}", o.subject));
    // Hostile text (a subject, a quoted line, a pasted comment) must not reach the list's
    // readers as terminal escapes: controls are shown as the TUI shows them.
    let text = crate::sanitize::escape_controls(&d.text);
    let encoding = mime::Encoding::choose(&text);
    let mut headers: Vec<(&'static str, String)> = vec![("From", from), ("To", to)];
    if !cc.is_empty() {
        headers.push(("Cc", mime::address_list(&cc)));
    }
    headers.push(("Subject", mime::text("Subject", &subject)));
    headers.push(("Date", mime::date(now)));
    headers.push(("Message-ID", format!("<{id}>")));
    if let Some(parent) = &o.message_id {
        let mut refs = o.references.clone();
        refs.retain(|r| r != parent);
        refs.push(parent.clone());
        headers.push(("In-Reply-To", mime::ids(std::slice::from_ref(parent))));
        headers.push(("References", mime::ids(&refs)));
    }
    headers.push(("MIME-Version", "1.0".into()));
    headers.push(("Content-Type", "text/plain; charset=UTF-8".into()));
    headers.push(("Content-Transfer-Encoding", encoding.as_str().into()));
    Mail {
        headers,
        body: encoding.encode(&text),
        file_name: d.file_name,
    }
}

/// The name and address of `Name <address>` (or of a bare address).
fn split_address(a: &str) -> (String, String) {
    match mailparse::addrparse(a)
        .ok()
        .and_then(|l| l.extract_single_info())
    {
        Some(info) => (info.display_name.unwrap_or_default(), info.addr),
        None => (String::new(), a.trim().to_string()),
    }
}

//! What a reviewer sees when a whole list archive is opened: each series once, at its newest
//! version, with the older versions it replaces, and AI provenance trailers intact.

use git_triage::mail;

#[test]
fn the_list_archive_holds_each_series_once_at_its_newest_version() {
    let path = crate::common::shared_dir().join("corpus/mail/linux-leds-2026.mbox");
    if !path.exists() {
        eprintln!("SKIPPED: corpus {} is absent", path.display());
        return;
    }
    let (_, messages) = mail::read(&path).unwrap();
    let assisted = messages
        .iter()
        .filter(|m| !m.patch.is_empty())
        .flat_map(|m| git_triage::trailers::parse(m.commit_message.as_bytes(), &Default::default()))
        .filter(|t| t.is("Assisted-by"))
        .count();
    assert_eq!(
        assisted, 43,
        "the corpus README counts 43 Assisted-by trailers"
    );
    let all = mail::assemble(messages);
    assert_eq!(all.len(), 35);
    let find = |title: &str| all.iter().find(|s| s.title.contains(title)).unwrap();
    // Separate threads, tied by sender and title (Outlook threads carry no change-id).
    let st1202 = find("st1202: fix multiple bugs");
    assert_eq!(
        (st1202.version, st1202.previous_versions()),
        (7, vec![6, 5, 4])
    );
    assert_eq!(st1202.patches.len(), 9);
    let assisted_by = |s: &mail::MailSeries| {
        s.patches
            .iter()
            .filter(|p| p.message.commit_message.contains("\nAssisted-by: "))
            .count()
    };
    assert_eq!(
        assisted_by(st1202),
        9,
        "every st1202 patch says which AI assisted"
    );
    // b4 series: the same change-id in every version.
    let rust = find("rust: leds: add led classdev abstractions");
    assert_eq!((rust.version, rust.previous_versions()), (22, vec![21, 20]));
    assert!(rust.change_id().is_some());
    let monza = find("Monza RGB LEDs");
    assert_eq!(monza.previous_versions(), [5, 4, 3, 2, 1]);
    // Cover-letter acks reach every patch of that version.
    let gpiolib = find("gpiolib: fence off legacy interfaces");
    let v5 = &gpiolib.previous[0];
    assert_eq!(v5.version, 5);
    for p in &v5.patches {
        assert!(
            p.followups
                .iter()
                .any(|f| f.value.starts_with("Bartosz Golaszewski")),
            "{}",
            p.message.subject
        );
    }
    // Patches 1-6 of this RFC were sent before the archive starts.
    let partial = all.iter().find(|s| !s.missing.is_empty()).unwrap();
    assert_eq!(
        (partial.version, partial.missing.clone()),
        (2, vec![1, 2, 3, 4, 5, 6])
    );
    assert_eq!(partial.anomalies[0].rule(), "series-incomplete");
}

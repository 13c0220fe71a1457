//! What a reviewer said on v1 reaches v3 through a v2 that was only rebased: v2's patches
//! have v1's patch-ids, so what was said on v1 stands on them, and naming v2 as the previous
//! version of v3 carries it on, whether or not anyone wrote a line on v2 itself. "I reviewed
//! v1, skimmed v2, and open v3 against v2."

use serde_json::Value;

use crate::common::{signed, TestRepo};
use crate::test_notes::ok;

const V2: &str = "main..v2";
const V3: &str = "main..v3";

/// Three versions of a two-patch series. v1: a docs patch and a driver patch that turns
/// line 41 of a 60-line `drivers/led.c` into a ring and a MAC reset; the reviewer accepts
/// both (the driver with a comment) and comments on each reset. v2: the same two patches
/// rebased onto a newer `main` (same patch-ids, nothing written on them). v3: on that `main`,
/// the docs patch as it was and the driver patch with the MAC reset given an argument.
/// Returns the repository, v1's, v2's and v3's commits (docs, driver), and the comments' ids
/// (ring, MAC).
struct Hops {
    repo: TestRepo,
    v1: [String; 2],
    v2: [String; 2],
    v3: [String; 2],
    ids: [String; 2],
}

fn hops() -> Hops {
    let mut repo = TestRepo::new();
    let base: String = (1..=60)
        .map(|n| format!("    led_{n} = read({n});\n"))
        .collect();
    repo.commit(
        "base",
        &[
            ("drivers/led.c", Some(base.as_bytes())),
            ("docs/led.txt", Some(b"LEDs.\n")),
        ],
    );
    let driver = base.replace(
        "    led_41 = read(41);\n",
        "    led_ring_reset(s);\n    led_mac_reset(s);\n",
    );
    let (docs_msg, driver_msg) = (signed("docs: say more"), signed("led: reset the ring"));
    repo.git(&["checkout", "-q", "-b", "v1"]);
    let d1 = repo.commit(&docs_msg, &[("docs/led.txt", Some(b"LEDs, more.\n"))]);
    let l1 = repo.commit(&driver_msg, &[("drivers/led.c", Some(driver.as_bytes()))]);
    ok(&repo.triage(&["verdict", &d1, "accept"]));
    ok(&repo.triage(&["verdict", &l1, "accept", "-m", "Good, one question."]));
    let id = |out: String| out.split_whitespace().nth(1).unwrap().to_string();
    let ring = id(ok(&repo.triage(&[
        "comment",
        &l1,
        "drivers/led.c:41",
        "-m",
        "Does the ring survive this?",
    ])));
    let mac = id(ok(&repo.triage(&[
        "comment",
        &l1,
        "drivers/led.c:42",
        "-m",
        "Reset the MAC with its defaults.",
    ])));
    // main moves on; v2 is v1 rebased onto it.
    repo.git(&["checkout", "-q", "main"]);
    repo.commit("unrelated", &[("README", Some(b"Read me.\n"))]);
    repo.git(&["checkout", "-q", "-b", "v2"]);
    repo.git(&["cherry-pick", &d1, &l1]);
    let v2 = revs(&repo, "v2");
    repo.git(&["checkout", "-q", "-b", "v3", "main"]);
    let d3 = repo.commit(&docs_msg, &[("docs/led.txt", Some(b"LEDs, more.\n"))]);
    let driver = driver.replace("led_mac_reset(s);", "led_mac_reset(s, MAC_DEFAULTS);");
    let l3 = repo.commit(&driver_msg, &[("drivers/led.c", Some(driver.as_bytes()))]);
    Hops {
        repo,
        v1: [d1, l1],
        v2,
        v3: [d3, l3],
        ids: [ring, mac],
    }
}

/// The two commits of `branch` past `main`, oldest first.
fn revs(repo: &TestRepo, branch: &str) -> [String; 2] {
    let out = repo.git(&["rev-list", "--reverse", &format!("main..{branch}")]);
    let v: Vec<String> = out.lines().map(str::to_string).collect();
    [v[0].clone(), v[1].clone()]
}

fn patch(repo: &TestRepo, args: &[&str], i: usize) -> Value {
    let (_, json) = repo.check_json(args);
    json["patches"][i].clone()
}

fn by_text<'a>(c: &'a Value, text: &str) -> &'a Value {
    c.as_array()
        .unwrap()
        .iter()
        .find(|c| c["text"] == text)
        .unwrap_or_else(|| panic!("no comment {text:?} in {c:?}"))
}

#[test]
fn v1s_verdict_and_comments_reach_v3_through_a_rebased_v2() {
    let h = hops();
    let r = &h.repo;
    // v2 has nothing of its own, yet v1's verdicts stand on it by patch-id.
    let note = r.git_output(&["notes", "--ref=triage", "list", &h.v2[1]], None);
    assert!(!note.status.success(), "{note:?}");
    let on_v2 = patch(r, &[V2], 1);
    assert_eq!(on_v2["verdicts"][0]["carried_from"], h.v1[1].as_str());
    // Without the previous version, the changed driver patch of v3 has nothing.
    let alone = patch(r, &[V3], 1);
    assert_eq!(alone["verdicts"], serde_json::json!([]));
    assert_eq!(alone["comments"], serde_json::json!([]));

    let (_, json) = r.check_json(&[V3, "--previous", V2]);
    let [docs, driver] = [&json["patches"][0], &json["patches"][1]];
    assert_eq!(driver["previous"]["commit"], h.v2[1].as_str());
    assert_eq!(driver["previous"]["changed"], serde_json::json!(["code"]));
    // The unchanged docs patch: valid as it was.
    let v = &docs["verdicts"][0];
    assert_eq!(
        (&v["state"], &v["carried_from"], &v["code_changed"]),
        (
            &Value::from("accept"),
            &Value::from(h.v1[0].as_str()),
            &Value::from(false)
        )
    );
    // The driver: v1's accept, from the commit it was written on, marked as given on other
    // code.
    let v = driver["verdicts"].as_array().unwrap();
    assert_eq!(v.len(), 1, "{v:?}");
    assert_eq!(
        (&v[0]["state"], &v[0]["carried_from"], &v[0]["code_changed"]),
        (
            &Value::from("accept"),
            &Value::from(h.v1[1].as_str()),
            &Value::from(true)
        )
    );
    // Its comments: the patch comment, the ring one at its line, the MAC one outdated; all
    // from v1's commit, through the previous version.
    let c = &driver["comments"];
    assert_eq!(c.as_array().unwrap().len(), 3, "{c:?}");
    let patch_comment = by_text(c, "Good, one question.");
    assert_eq!(patch_comment["kind"], "patch");
    let ring = by_text(c, "Does the ring survive this?");
    assert_eq!(ring["outdated"], false);
    assert_eq!(ring["anchor"]["line"], 41);
    let mac = by_text(c, "Reset the MAC with its defaults.");
    assert_eq!(mac["outdated"], true);
    for c in [patch_comment, ring, mac] {
        assert_eq!(
            (&c["carried_from"], &c["from_previous"]),
            (&Value::from(h.v1[1].as_str()), &Value::Bool(true)),
            "{c:?}"
        );
    }

    // The text report and the export say the same.
    let text = String::from_utf8(r.triage(&["check", V3, "--previous", V2]).stdout).unwrap();
    let carried = format!("(carried from {}, code changed since)", &h.v1[1][..12]);
    assert!(text.contains(&carried), "{text}");
    let text = ok(&r.triage(&["export", "--format", "text", V3, "--previous", V2]));
    let heading = format!("(carried from {V2} {})", &h.v1[1][..12]);
    assert_eq!(
        text.lines().filter(|l| l.contains(&heading)).count(),
        2,
        "{text}"
    );
    // The reply says again what still stands, not what the change answered.
    let mbox = ok(&r.triage(&["reply", V3, "--previous", V2]));
    assert!(mbox.contains("Does the ring survive this?"), "{mbox}");
    assert!(!mbox.contains("Reset the MAC"), "{mbox}");
}

#[test]
fn a_later_word_on_v2_wins_over_v1s() {
    let h = hops();
    let r = &h.repo;
    let [ring, mac] = &h.ids;
    // An edit on v2 wins over v1's line; the comment nobody touched on v2 still comes from v1.
    ok(&r.triage(&["comment", &h.v2[1], "--edit", ring, "-m", "Ring: still?"]));
    let c = &patch(r, &[V3, "--previous", V2], 1)["comments"];
    let from: Vec<(&Value, &Value)> = c
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (&c["text"], &c["carried_from"]))
        .collect();
    let (v1, v2) = (Value::from(h.v1[1].as_str()), Value::from(h.v2[1].as_str()));
    assert_eq!(
        from,
        [
            (&Value::from("Good, one question."), &v1),
            (&Value::from("Ring: still?"), &v2),
            (&Value::from("Reset the MAC with its defaults."), &v1),
        ],
        "{c:?}"
    );
    // A reject given on v2 after v1's accept, and a deletion there.
    ok(&r.triage(&["verdict", &h.v2[1], "reject", "-m", "On second look, no."]));
    ok(&r.triage(&["comment", &h.v2[1], "--delete", mac]));
    let driver = patch(r, &[V3, "--previous", V2], 1);
    let v = driver["verdicts"].as_array().unwrap();
    assert_eq!(v.len(), 1, "{v:?}");
    assert_eq!(
        (&v[0]["state"], &v[0]["carried_from"], &v[0]["code_changed"]),
        (&Value::from("reject"), &v2, &Value::from(true))
    );
    let texts: Vec<&Value> = driver["comments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| &c["text"])
        .collect();
    assert_eq!(texts, ["On second look, no.", "Ring: still?"]);
}

#[test]
fn a_comment_carried_two_hops_is_listed_edited_and_deleted_on_v3() {
    let h = hops();
    let (r, v3) = (&h.repo, h.v3[1].as_str());
    let [ring, mac] = &h.ids;
    let list = ok(&r.triage(&["comment", v3, "--list", "--previous", &h.v2[1]]));
    let from = format!("(from the previous version {})", &h.v1[1][..12]);
    assert!(
        list.contains(&format!(
            "{ring} A U Thor <author@example.org> drivers/led.c:41 {from}"
        )) && list.contains(&format!(
            "{mac} A U Thor <author@example.org> drivers/led.c:42 (outdated) {from}"
        )),
        "{list}"
    );
    let edit = ["comment", v3, "--previous", &h.v2[1], "--edit", ring];
    ok(&r.triage(&[&edit[..], &["-m", "Ring: fine now."]].concat()));
    ok(&r.triage(&["comment", v3, "--previous", &h.v2[1], "--delete", mac]));
    let c = &patch(r, &[V3, "--previous", V2], 1)["comments"];
    let texts: Vec<&Value> = c.as_array().unwrap().iter().map(|c| &c["text"]).collect();
    assert_eq!(texts, ["Good, one question.", "Ring: fine now."], "{c:?}");
    assert!(by_text(c, "Ring: fine now.")["carried_from"].is_null());
    // v1 keeps what was said on it.
    let on_v1 = &patch(r, &["v1~2..v1"], 1)["comments"];
    assert_eq!(on_v1.as_array().unwrap().len(), 3, "{on_v1:?}");
}

/// The same on a list: v1, v2 resent as it was (rebased), v3 with patch 4 edited, all in one
/// thread. What the reviewer said on v1's patch 4 reaches v3 through v2, the default previous
/// version.
#[test]
fn on_a_list_v1s_word_reaches_v3_through_a_resent_v2() {
    use crate::test_previous_mail::{check, format_patch, message_id, run};
    use crate::test_range_diff::{edit, Topic};

    let t = Topic::new();
    (0..6).for_each(|i| t.pick(i));
    t.r.git(&["checkout", "-q", "-b", "v3", "main"]);
    (0..4).for_each(|i| t.pick(i));
    edit(&t.r, "src/alpha.c", "\t\ty = 9;", "\t\ty = 8;");
    t.r.git(&["commit", "-qa", "--amend", "--no-edit"]);
    (4..6).for_each(|i| t.pick(i));
    let dir = tempfile::tempdir_in(t.r.path()).unwrap().keep();
    let mut files = Vec::new();
    let mut cover = String::new();
    for (n, range) in [(1, t.v1.as_str()), (2, "main..v2"), (3, "main..v3")] {
        let v = format!("-v{n}");
        let reply = format!("--in-reply-to={cover}");
        let extra: Vec<&str> = if n == 1 { vec![] } else { vec![&v, &reply] };
        let sent = format_patch(&t.r, range, &dir.join(&v), &extra);
        // format-patch names cover letters by the second it runs in, and patches by their
        // commit, which v2 and v3 share for the first three: keep them apart.
        for (i, f) in sent.iter().enumerate() {
            let mut text = std::fs::read_to_string(f).unwrap();
            text = text.replace("<cover.", &format!("<cover{v}."));
            if i > 0 {
                text = text.replace("Message-ID: <", &format!("Message-ID: <{n}."));
            }
            std::fs::write(f, text).unwrap();
        }
        if n == 1 {
            cover = message_id(&sent[0]);
            let mbox: Vec<u8> = sent
                .iter()
                .flat_map(|f| std::fs::read(f).unwrap())
                .collect();
            std::fs::write(dir.join("v1.mbox"), mbox).unwrap();
        }
        files.extend(sent);
    }
    let thread = dir.join("thread.mbox");
    let text: Vec<u8> = files
        .iter()
        .flat_map(|f| std::fs::read(f).unwrap())
        .collect();
    std::fs::write(&thread, text).unwrap();
    let v1 = dir.join("v1.mbox").display().to_string();
    for args in [
        &["verdict", &v1, "4", "accept", "-m", "clamp it"][..],
        &[
            "comment",
            "--mbox",
            &v1,
            "4",
            "src/alpha.c:78",
            "-m",
            "Why 9?",
        ],
    ] {
        let out = run(&t, args);
        assert!(out.status.success(), "{out:?}");
    }
    let json = check(&t, &[thread.to_str().unwrap()]);
    assert_eq!(json["mail"]["version"], 3, "{}", json["mail"]);
    let p4 = &json["patches"][3];
    assert_eq!(json["mail"]["missing"], serde_json::json!([]));
    assert_eq!(p4["previous"]["changed"], serde_json::json!(["code"]));
    let v = &p4["verdicts"][0];
    assert_eq!(
        (&v["state"], &v["code_changed"], &v["comment"]),
        (
            &Value::from("accept"),
            &Value::from(true),
            &Value::from("clamp it")
        ),
        "{p4}"
    );
    let c = by_text(&p4["comments"], "Why 9?");
    assert_eq!(
        (&c["outdated"], &c["from_previous"]),
        (&Value::Bool(false), &Value::Bool(true))
    );
    assert_eq!(
        c["carried_from"], v["carried_from"],
        "both written on v1's patch 4"
    );
}

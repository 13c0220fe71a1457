//! Provenance: a labelled table of real-world conventions and traps, no false positives on
//! git.git's history, and the AI policy end to end on a QEMU-shaped repository.

use git_triage::provenance::{Detector, Kind, Records};
use git_triage::series::{Identity, Patch};
use git_triage::{trailers, Config};

use crate::common::{signed, TestRepo};

fn patch(author: &str, message: &str) -> Patch {
    let (name, email) = git_triage::policy::split_identity(author);
    let id = Identity {
        name: name.to_string(),
        email: email.unwrap_or("").to_string(),
        time: 0,
        offset_minutes: 0,
    };
    let trailers = trailers::parse(message.as_bytes(), &Default::default());
    Patch {
        index: 1,
        key: git2::Oid::zero(),
        commit: Some(git2::Oid::zero()),
        parents: vec![git2::Oid::zero()],
        author: id.clone(),
        committer: id.clone(),
        subject: message.lines().next().unwrap_or("").to_string(),
        message: message.to_string(),
        signoff: git_triage::signoff::judge(&id, &trailers, &|n, e| (n.into(), e.into())),
        trailers,
        mail: None,
    }
}

const JANE: &str = "Jane Doe <jane@example.org>";

/// (author, message, kind, first agent tool, first agent model, uses)
type Case = (
    &'static str,
    &'static str,
    Kind,
    Option<&'static str>,
    Option<&'static str>,
    &'static [&'static str],
);

const TABLE: &[Case] = &[
    // Linux 7.0 form: AGENT:MODEL [TOOLS].
    (JANE, "mm: fix\n\nAssisted-by: Claude:claude-3-opus coccinelle sparse\nSigned-off-by: Jane Doe <jane@example.org>\n", Kind::Assisted, Some("Claude"), Some("claude-3-opus"), &["code"]),
    (JANE, "x: y\n\nAssisted-by: Claude:claude-opus-4.6 coccinelle sparse\nSigned-off-by: Jane Doe <jane@example.org>\n", Kind::Assisted, Some("Claude"), Some("claude-opus-4.6"), &["code"]),
    // Linux 7.3+ form: LLM [TOOLS].
    (JANE, "x: y\n\nAssisted-by: LLM coccinelle sparse\nSigned-off-by: Jane Doe <jane@example.org>\n", Kind::Assisted, Some("LLM"), None, &["code"]),
    // Mesa / LLVM / Calcite: TOOL (MODEL).
    (JANE, "x: y\n\nAssisted-by: Claude Code (claude-opus-5)\n", Kind::Assisted, Some("Claude Code"), Some("claude-opus-5"), &["code"]),
    // Fedora generic.
    (JANE, "x: y\n\nAssisted-by: generic LLM chatbot\n", Kind::Assisted, Some("LLM"), None, &["code"]),
    // git.git: bare model names.
    (JANE, "x: y\n\nAssisted-by: Opus 4.7\nSigned-off-by: Jane Doe <jane@example.org>\n", Kind::Assisted, Some("Claude"), Some("Opus 4.7"), &["code"]),
    (JANE, "x: y\n\nAssisted-by: Claude Opus 4.6\nSigned-off-by: Jane Doe <jane@example.org>\n", Kind::Assisted, Some("Claude"), Some("Claude Opus 4.6"), &["code"]),
    (JANE, "x: y\n\nCo-authored-by: Claude Sonnet 4.6 <noreply@anthropic.com>\nSigned-off-by: Jane Doe <jane@example.org>\n", Kind::Assisted, Some("Claude Code"), Some("Claude Sonnet 4.6"), &["code"]),
    // Claude Code's own trailer, old and new naming.
    (JANE, "x: y\n\nCo-Authored-By: Claude <noreply@anthropic.com>\n", Kind::Assisted, Some("Claude Code"), None, &["code"]),
    (JANE, "x: y\n\nCo-Authored-By: Claude Opus 4.8 (1M context) <noreply@anthropic.com>\n", Kind::Assisted, Some("Claude Code"), Some("Claude Opus 4.8"), &["code"]),
    // Model via tool, bracketed tool list, cursor-agent.
    (JANE, "x: y\n\nAssisted-by: GPT-5.6 Sol via Codex\n", Kind::Assisted, Some("Codex"), Some("GPT-5.6 Sol"), &["code"]),
    (JANE, "x: y\n\nAssisted-by: openai-codex:gpt-5.5 [read,bash,edit,write]\n", Kind::Assisted, Some("openai-codex"), Some("gpt-5.5"), &["code"]),
    (JANE, "x: y\n\nAI-agent: cursor-agent/0.42 (model: claude-sonnet-4-5; operator: a@b.c)\n", Kind::Assisted, Some("cursor-agent"), Some("claude-sonnet-4-5"), &["code"]),
    // QEMU's AI-used-for.
    (JANE, "docs: x\n\nAI-used-for: docs\nSigned-off-by: Jane Doe <jane@example.org>\n", Kind::Assisted, None, None, &["docs"]),
    (JANE, "x: y\n\nAI-used-for: code (refactoring)\n", Kind::Assisted, None, None, &["code"]),
    (JANE, "x: y\n\nAI-used-for: tests, docs\n", Kind::Assisted, None, None, &["tests", "docs"]),
    (JANE, "x: y\n\nAI-used-for: research\nSigned-off-by: Jane Doe <jane@example.org>\n", Kind::Human, None, None, &[]),
    (JANE, "x: y\n\nAI-used-for: research (looked up the spec)\n", Kind::Human, None, None, &[]),
    (JANE, "x: y\n\nAI-used-for: none\n", Kind::Human, None, None, &[]),
    // Other AI-only keys.
    (JANE, "x: y\n\nAI-assisted-by: ChatGPT\n", Kind::Assisted, Some("ChatGPT"), None, &["code"]),
    (JANE, "x: y\n\nAI-generated: yes, by Copilot\n", Kind::Assisted, Some("Copilot"), None, &["code"]),
    (JANE, "x: y\n\nLLM-assisted-by: Gemini 2.5 Pro\n", Kind::Assisted, Some("Gemini"), Some("Gemini 2.5 Pro"), &["code"]),
    (JANE, "x: y\n\nCoding-Agent: Claude Code\nModel: claude-opus-4-6\n", Kind::Assisted, Some("Claude"), Some("claude-opus-4-6"), &["code"]),
    (JANE, "x: y\n\nCommit-generated-by: aider\n", Kind::Assisted, Some("aider"), None, &["code"]),
    (JANE, "x: y\n\nAssisted-by: n/a\n", Kind::Human, None, None, &[]),
    (JANE, "x: y\n\nAssisted-by: none\n", Kind::Human, None, None, &[]),
    // curl: Assisted-by names people.
    (JANE, "x: y\n\nAssisted-by: Jay Satiro\nCloses #123\n", Kind::Human, None, None, &[]),
    (JANE, "x: y\n\nAssisted-by: someone on github\n", Kind::Human, None, None, &[]),
    (JANE, "x: y\n\nAssisted-by: Daniel Stenberg <daniel@haxx.se>\n", Kind::Human, None, None, &[]),
    (JANE, "x: y\n\nReported-by: Jay Satiro\nAssisted-by: Jay Satiro\nAssisted-by: Stefan Eissing\n", Kind::Human, None, None, &[]),
    // Ambiguous keys.
    (JANE, "x: y\n\nGenerated-by: release-tools 2.1\n", Kind::Human, None, None, &[]),
    (JANE, "x: y\n\nGenerated-by: Claude Code\n", Kind::Assisted, Some("Claude"), None, &["code"]),
    (JANE, "x: y\n\nGenerated-by: openapi-generator\n", Kind::Human, None, None, &[]),
    (JANE, "x: y\n\nMade-with: Cursor\n", Kind::Assisted, Some("Cursor"), None, &["code"]),
    (JANE, "x: y\n\nMade-with: love\n", Kind::Human, None, None, &[]),
    (JANE, "x: y\n\nGenerated-with: GPT-4o\n", Kind::Assisted, Some("OpenAI"), Some("GPT-4o"), &["code"]),
    // Session links.
    (JANE, "x: y\n\nClaude-Session: https://claude.ai/code/session_01\n", Kind::Assisted, Some("Claude Code"), None, &["code"]),
    (JANE, "x: y\n\nAgent-Logs-Url: https://github.com/o/r/sessions/1\n", Kind::Assisted, Some("GitHub Copilot"), None, &["code"]),
    (JANE, "x: y\n\nAmp-Thread-ID: https://ampcode.com/threads/T-1\n", Kind::Assisted, Some("Amp"), None, &["code"]),
    (JANE, "x: y\n\nEntire-Checkpoint: 3f2a\n", Kind::Assisted, None, None, &["code"]),
    // Agents as authors.
    ("copilot-swe-agent[bot] <198982749+Copilot@users.noreply.github.com>", "Fix the bug\n\nCo-authored-by: jane <jane@example.org>\n", Kind::Agent, Some("GitHub Copilot"), None, &["code"]),
    ("Claude <noreply@anthropic.com>", "Add feature\n", Kind::Agent, Some("Claude Code"), None, &["code"]),
    ("claude[bot] <209825114+claude[bot]@users.noreply.github.com>", "Add feature\n", Kind::Agent, Some("Claude Code"), None, &["code"]),
    ("devin-ai-integration[bot] <158243242+devin-ai-integration[bot]@users.noreply.github.com>", "Add feature\n", Kind::Agent, Some("Devin"), None, &["code"]),
    ("google-labs-jules[bot] <161369871+google-labs-jules[bot]@users.noreply.github.com>", "Add feature\n", Kind::Agent, Some("Gemini"), None, &["code"]),
    ("Jane Doe (aider) <jane@example.org>", "Add feature\n", Kind::Agent, Some("aider"), None, &["code"]),
    ("Cursor Agent <cursoragent@cursor.com>", "Add feature\n", Kind::Agent, Some("Cursor"), None, &["code"]),
    ("Codex <codex@openai.com>", "Add feature\n", Kind::Agent, Some("OpenAI Codex"), None, &["code"]),
    ("Amp <amp@ampcode.com>", "Add feature\n", Kind::Agent, Some("Amp"), None, &["code"]),
    // Agent co-authors.
    (JANE, "x: y\n\nCo-authored-by: aider (gpt-4o) <noreply@aider.chat>\n", Kind::Assisted, Some("aider"), Some("gpt-4o"), &["code"]),
    (JANE, "x: y\n\nCo-authored-by: Copilot <175728472+Copilot@users.noreply.github.com>\n", Kind::Assisted, Some("GitHub Copilot"), None, &["code"]),
    (JANE, "x: y\n\nCo-authored-by: Cursor Agent <cursoragent@cursor.com>\n", Kind::Assisted, Some("Cursor"), None, &["code"]),
    (JANE, "x: y\n\nCo-authored-by: Codebuff <noreply@codebuff.com>\n", Kind::Assisted, Some("Codebuff"), None, &["code"]),
    (JANE, "x: y\n\nSigned-off-by: Claude <noreply@anthropic.com>\n", Kind::Assisted, Some("Claude Code"), None, &["code"]),
    // People who are not agents.
    (JANE, "x: y\n\nCo-authored-by: Claude Monet <claude@monet.example>\n", Kind::Human, None, None, &[]),
    (JANE, "x: y\n\nCo-authored-by: Ai Chen <ai.chen@example.org>\n", Kind::Human, None, None, &[]),
    ("Engineer <someone@anthropic.com>", "x: y\n\nSigned-off-by: Engineer <someone@anthropic.com>\n", Kind::Human, None, None, &[]),
    ("Googler <someone@google.com>", "x: y\n", Kind::Human, None, None, &[]),
    // Bots that are not AI.
    ("dependabot[bot] <49699333+dependabot[bot]@users.noreply.github.com>", "Bump serde\n", Kind::Bot, None, None, &[]),
    ("renovate[bot] <29139614+renovate[bot]@users.noreply.github.com>", "Update deps\n", Kind::Bot, None, None, &[]),
    ("github-actions[bot] <41898282+github-actions[bot]@users.noreply.github.com>", "Release\n", Kind::Bot, None, None, &[]),
    ("Weblate <noreply@weblate.org>", "Translated using Weblate\n", Kind::Bot, None, None, &[]),
    // Free-text markers, only without structured evidence.
    (JANE, "Add feature\n\nDoes things.\n\n\u{1F916} Generated with [Claude Code](https://claude.com/claude-code)\n", Kind::Assisted, None, None, &["code"]),
    (JANE, "Add feature\n\n\u{1F916} Generated with Codebuff\n", Kind::Assisted, None, None, &["code"]),
    (JANE, "Add feature\n\nThis was written by ChatGPT and reviewed.\n", Kind::Assisted, None, None, &["code"]),
    (JANE, "Add feature\n\nThis was generated by ChatGPT and reviewed.\n", Kind::Assisted, None, None, &["code"]),
    (JANE, "Add feature\n\nGenerated with love\n", Kind::Human, None, None, &[]),
    (JANE, "Document how to use Claude in CI\n\nSigned-off-by: Jane Doe <jane@example.org>\n", Kind::Human, None, None, &[]),
    (JANE, "x: y\n\nSigned-off-by: Jane Doe <jane@example.org>\n", Kind::Human, None, None, &[]),
];

#[test]
fn labelled_table_of_conventions_and_traps() {
    let config = Config::builtin();
    let detector = Detector::new(&config.provenance).unwrap();
    let mut failures = Vec::new();
    for (i, (author, message, kind, tool, model, uses)) in TABLE.iter().enumerate() {
        let p = detector.detect(&patch(author, message), &Records::default());
        let agent = p.agents.first();
        let got = (
            p.kind,
            agent.and_then(|a| a.tool.as_deref()),
            agent.and_then(|a| a.model.as_deref()),
            p.uses.iter().map(String::as_str).collect::<Vec<_>>(),
        );
        let want = (*kind, *tool, *model, uses.to_vec());
        if got != want {
            failures.push(format!(
                "#{i} {message:?} by {author}: got {got:?}, want {want:?}"
            ));
        }
    }
    assert!(TABLE.len() >= 60, "the table has {} cases", TABLE.len());
    assert!(
        failures.is_empty(),
        "{} of {} cases fail:\n{}",
        failures.len(),
        TABLE.len(),
        failures.join("\n")
    );
}

#[test]
fn rejected_evidence_says_why() {
    let detector = Detector::new(&Config::builtin().provenance).unwrap();
    let p = detector.detect(
        &patch(
            JANE,
            "x: y\n\nAssisted-by: Jay Satiro\nMade-with: love\nAI-used-for: research\n",
        ),
        &Records::default(),
    );
    let reasons: Vec<&str> = p.ignored.iter().map(|i| i.reason.as_str()).collect();
    assert_eq!(
        reasons,
        vec![
            "names a person",
            "unknown generator",
            "research only: no model output in the patch"
        ]
    );
}

#[test]
fn no_false_positives_on_the_git_corpus() {
    let path = crate::common::shared_dir().join("corpus/git-commit-messages.jsonl");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("SKIPPED: corpus {} is absent", path.display());
        return;
    };
    let detector = Detector::new(&Config::builtin().provenance).unwrap();
    let mut flagged = Vec::new();
    let mut count = 0;
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let message = v["message"].as_str().unwrap();
        count += 1;
        let p = detector.detect(
            &patch("Some One <someone@example.org>", message),
            &Records::default(),
        );
        if p.assisted {
            flagged.push(format!("{}: {:?}", v["commit"], p.evidence));
        }
    }
    assert_eq!(count, 4257);
    assert!(
        flagged.is_empty(),
        "{} false positives:\n{}",
        flagged.len(),
        flagged.join("\n")
    );
}

const QEMU_BASE: &[(&str, Option<&[u8]>)] = &[
    ("tcg/tcg-op.c", Some(b"int op;\n")),
    ("hw/net/e1000.c", Some(b"int e1000;\n")),
    ("docs/devel/style.rst", Some(b"Style\n=====\n")),
    ("tests/unit/test-x.c", Some(b"int t;\n")),
];

fn qemu_repo() -> (TestRepo, String) {
    let mut r = TestRepo::new();
    r.commit(
        "base\n\nSigned-off-by: A U Thor <author@example.org>\n",
        QEMU_BASE,
    );
    let base = r.head();
    (r, base)
}

fn findings(json: &serde_json::Value, i: usize) -> Vec<(String, String)> {
    json["patches"][i]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn qemu_policy_end_to_end() {
    let (mut r, base) = qemu_repo();
    let sob = "Signed-off-by: A U Thor <author@example.org>";
    // 1: docs only, disclosed: fine.
    r.commit(
        &format!("docs: explain\n\nAI-used-for: docs\n{sob}\n"),
        &[("docs/devel/style.rst", Some(b"Style\n=====\nMore.\n"))],
    );
    // 2: same trailer into TCG.
    r.commit(
        &format!("tcg: tweak\n\nAI-used-for: docs\n{sob}\n"),
        &[("tcg/tcg-op.c", Some(b"int op = 1;\n"))],
    );
    // 3: a 40-line AI fix in hw/.
    let forty: String = (0..40).map(|i| format!("int line{i};\n")).collect();
    r.commit(
        &format!("hw/net: fix\n\nAI-used-for: code\n{sob}\n"),
        &[("hw/net/e1000.c", Some(forty.as_bytes()))],
    );
    // 4: Claude's co-author trailer without AI-used-for.
    r.commit(
        &format!("hw/net: small\n\nCo-authored-by: Claude <noreply@anthropic.com>\n{sob}\n"),
        &[("hw/net/e1000.c", Some(b"int e1000 = 2;\n"))],
    );
    // 5: research only: no AI content.
    r.commit(
        &format!("tcg: by hand\n\nAI-used-for: research\n{sob}\n"),
        &[("tcg/tcg-op.c", Some(b"int op = 5;\n"))],
    );

    let (code, json) = r.check_json(&["--policy", "qemu", &format!("{base}..")]);
    assert_eq!(code, 1);
    assert_eq!(findings(&json, 0), vec![]);
    let ai = &json["patches"][0]["ai"];
    assert_eq!(ai["assisted"], true);
    assert_eq!(ai["kind"], "assisted");
    assert_eq!(ai["uses"], serde_json::json!(["docs"]));
    assert_eq!(ai["evidence"][0]["source"], "trailer");
    assert_eq!(ai["evidence"][0]["text"], "AI-used-for: docs");
    assert_eq!(ai["evidence"][0]["strength"], "strong");

    let f2 = findings(&json, 1);
    assert!(
        f2.contains(&("ai-in-critical-area".into(), "error".into())),
        "{f2:?}"
    );
    assert!(
        f2.contains(&("ai-use-mismatch".into(), "warning".into())),
        "{f2:?}"
    );
    assert_eq!(json["patches"][1]["findings"][0]["path"], "tcg/tcg-op.c");

    let f3 = findings(&json, 2);
    assert!(
        f3.contains(&("ai-code-over-limit".into(), "warning".into())),
        "{f3:?}"
    );
    assert!(
        f3.contains(&("ai-in-sensitive-area".into(), "warning".into())),
        "{f3:?}"
    );

    let f4 = findings(&json, 3);
    assert!(
        f4.contains(&("ai-disclosure-format".into(), "warning".into())),
        "{f4:?}"
    );
    assert!(
        f4.contains(&("ai-forbidden-trailer".into(), "warning".into())),
        "{f4:?}"
    );

    assert_eq!(json["patches"][4]["ai"]["kind"], "human");
    assert_eq!(
        json["patches"][4]["ai"]["ignored"][0]["reason"],
        "research only: no model output in the patch"
    );
    assert_eq!(findings(&json, 4), vec![]);
    assert_eq!(json["summary"]["ai_assisted"], 4);
    assert_eq!(
        json["patches"][0]["files"][0]["hunks"][0]["ai_lines"],
        serde_json::Value::Null
    );

    // The text report marks AI patches and shows the evidence under AI findings.
    let out = r.triage(&["--policy", "qemu", "check", &format!("{base}..")]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("AI "), "{text}");
    assert!(
        text.contains("evidence: trailer AI-used-for: docs"),
        "{text}"
    );
}

#[test]
fn agent_sign_off_is_an_error_under_the_linux_policy() {
    let (mut r, base) = qemu_repo();
    r.commit(
        "mm: x\n\nAssisted-by: Claude:claude-opus-4-6 sparse\nSigned-off-by: A U Thor <author@example.org>\nSigned-off-by: Claude <noreply@anthropic.com>\n",
        &[("mm/page_alloc.c", Some(b"x\n"))],
    );
    r.commit(
        "mm: y\n\nAssisted-by: Claude Code (claude-opus-5)\nSigned-off-by: A U Thor <author@example.org>\n",
        &[("mm/page_alloc.c", Some(b"y\n"))],
    );
    let (_, json) = r.check_json(&["--policy", "linux", &format!("{base}..")]);
    let f1 = findings(&json, 0);
    assert!(
        f1.contains(&("agent-signed-off".into(), "error".into())),
        "{f1:?}"
    );
    assert!(
        f1.contains(&("ai-in-critical-area".into(), "error".into())),
        "{f1:?}"
    );
    assert!(!f1.iter().any(|f| f.0 == "ai-disclosure-format"), "{f1:?}");
    let f2 = findings(&json, 1);
    assert!(
        f2.contains(&("ai-disclosure-format".into(), "warning".into())),
        "kernel form required: {f2:?}"
    );
    assert_eq!(
        json["patches"][0]["ai"]["agents"][0],
        serde_json::json!({"tool": "Claude", "model": "claude-opus-4-6"})
    );
}

#[test]
fn git_ai_note_keeps_critical_hunks_of_a_mixed_patch_out_of_the_error() {
    let (mut r, base) = qemu_repo();
    let id = r.commit(
        "mixed\n\nAI-used-for: docs\nSigned-off-by: A U Thor <author@example.org>\n",
        &[
            (
                "docs/devel/style.rst",
                Some(b"Style\n=====\nAgent line 3\nAgent line 4\n"),
            ),
            ("tcg/tcg-op.c", Some(b"int op = 7;\n")),
        ],
    );
    let note = "docs/devel/style.rst\n  s_9f2c::t_1 3-4\ntcg/tcg-op.c\n  h_41aa 1\n---\n{\"schema_version\":\"authorship/3.0.0\",\"sessions\":{\"s_9f2c\":{\"agent_id\":{\"tool\":\"claude\",\"id\":\"x\",\"model\":\"claude-opus-4-6\"}}}}\n";
    r.git(&["notes", "--ref=refs/notes/ai", "add", "-m", note, &id]);
    let (_, json) = r.check_json(&["--policy", "qemu", &format!("{base}..")]);
    let p = &json["patches"][0];
    let files = p["files"].as_array().unwrap();
    let docs = files
        .iter()
        .find(|f| f["path"] == "docs/devel/style.rst")
        .unwrap();
    let tcg = files.iter().find(|f| f["path"] == "tcg/tcg-op.c").unwrap();
    assert_eq!(docs["hunks"][0]["ai_lines"], 2);
    assert_eq!(tcg["hunks"][0]["ai_lines"], 0);
    let critical: Vec<_> = p["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "ai-in-critical-area")
        .collect();
    assert_eq!(critical.len(), 1);
    assert_eq!(critical[0]["severity"], "info");
    assert_eq!(p["ai"]["agents"][0]["model"], "claude-opus-4-6");
    assert!(p["ai"]["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["source"] == "notes"));
}

/// The older git-ai form: one ref per commit, `refs/ai/authorship/<commit>`, holding a JSON
/// blob. Found by one listing of the refs; a record for a commit outside the series is ignored.
#[test]
fn legacy_authorship_refs_are_read_for_the_commits_they_name() {
    let (mut r, base) = qemu_repo();
    let docs = r.commit(
        &signed("docs: a style guide"),
        &[("docs/devel/style.rst", Some(b"Style\n=====\nAgent line\n"))],
    );
    let plain = r.commit(&signed("docs: plain"), &[("docs/b.rst", Some(b"b\n"))]);
    let json =
        r#"{"files":{"docs/devel/style.rst":{"authors":[{"author":"cursor","lines":"3-3"}]}}}"#;
    let blob = r.git_output(&["hash-object", "-w", "--stdin"], Some(json.as_bytes()));
    let blob = String::from_utf8_lossy(&blob.stdout).trim().to_string();
    r.git(&["update-ref", &format!("refs/ai/authorship/{docs}"), &blob]);
    // A record for the base commit, outside the series, and a malformed ref name.
    r.git(&["update-ref", &format!("refs/ai/authorship/{base}"), &blob]);
    r.git(&["update-ref", "refs/ai/authorship/not-a-commit", &blob]);
    let (_, report) = r.check_json(&[&format!("{base}..")]);
    let patches = report["patches"].as_array().unwrap();
    let by_commit = |id: &str| patches.iter().find(|p| p["commit"] == id).unwrap();
    let ai = &by_commit(&docs)["ai"];
    assert_eq!(ai["kind"], "assisted");
    assert_eq!(ai["agents"][0]["tool"], "cursor");
    assert!(ai["evidence"][0]["text"]
        .as_str()
        .unwrap()
        .starts_with(&format!("authorship log under refs/ai/authorship/{docs}")));
    assert_eq!(by_commit(&docs)["files"][0]["hunks"][0]["ai_lines"], 1);
    assert_eq!(by_commit(&plain)["ai"]["kind"], "human");
}

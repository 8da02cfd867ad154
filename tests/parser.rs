//! The shapes of minutes the parser reads, each in a fixture site written in that shape
//! (`tests/fixtures/parser/<shape>/`), held to what the built site shows: the pages,
//! `data/meetings.json`, the search records and what `wgsite check` says.

use crate::common::{build_site, fixture, wgsite, Built};
use serde_json::Value;

fn meetings(site: &Built) -> Vec<Value> {
    let data: Value = serde_json::from_str(&site.read("data/meetings.json")).expect("json");
    data["meetings"].as_array().cloned().unwrap_or_default()
}

/// (line, issue, title, status) of each item of meeting `id`.
fn items(site: &Built, id: &str) -> Vec<(u64, String, String, Option<String>)> {
    meeting(site, id)["items"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|i| {
            (
                i["line"].as_u64().unwrap_or_default(),
                i["issue"].as_str().unwrap_or_default().to_string(),
                i["title"].as_str().unwrap_or_default().to_string(),
                i["status"].as_str().map(str::to_string),
            )
        })
        .collect()
}

fn meeting(site: &Built, id: &str) -> Value {
    meetings(site)
        .into_iter()
        .find(|m| m["id"] == id)
        .unwrap_or_else(|| panic!("no meeting {id}"))
}

/// The names (or handles) of a meeting's attendees or absent.
fn names(site: &Built, id: &str, list: &str) -> Vec<String> {
    meeting(site, id)[list]
        .as_array()
        .into_iter()
        .flatten()
        .map(|a| {
            a["name"]
                .as_str()
                .filter(|n| !n.is_empty())
                .or(a["handle"].as_str())
                .unwrap_or_default()
                .to_string()
        })
        .collect()
}

fn check(shape: &str) -> String {
    let root = fixture(&format!("parser/{shape}"));
    let out = wgsite()
        .args(["check", "--root"])
        .arg(&root)
        .env("NO_COLOR", "1")
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0));
    String::from_utf8_lossy(&out.stderr).replace(&root.display().to_string(), "[SITE]")
}

fn notes(text: &str) -> Vec<&str> {
    text.lines().filter(|l| l.contains(": note: ")).collect()
}

#[test]
fn sub_headings_under_present_end_the_attendee_list_unless_they_name_a_group() {
    let site = build_site(&fixture("parser/present_subheadings"));
    assert_eq!(
        names(&site, "2024-03-06", "attendees"),
        ["Ada Quint", "Bruno Vale", "Chiara Monti", "Dev Patel"]
    );
    assert_eq!(names(&site, "2024-03-06", "absent"), ["Emil Strand"]);
    // The agenda after `### Announcements` and the repo headings is all there.
    let keys: Vec<String> = items(&site, "2024-03-06")
        .into_iter()
        .map(|i| i.1)
        .collect();
    assert_eq!(
        keys,
        [
            "examplejs/runtime#5120",
            "examplejs/runtime#5133",
            "examplejs/tsc#1498"
        ]
    );
    let page = site.read("meetings/2024-03-06/index.html");
    assert!(page.contains("id=\"absent\""), "{page}");
    // The meeting's own issue, a bare URL in its links, gets no page.
    assert!(!site.exists("issues/examplejs/tsc/1500/index.html"));
    for not_people in ["Board", "CPC", "New pull request", "Michael updated"] {
        assert!(
            !site.read("people/index.html").contains(not_people),
            "{not_people}"
        );
    }
    // An agenda line in the attendee list (no heading before it) starts the agenda.
    assert_eq!(
        items(&site, "2024-03-20")
            .into_iter()
            .map(|i| (i.0, i.1))
            .collect::<Vec<_>>(),
        [
            (8, "examplejs/runtime#5120".to_string()),
            (13, "examplejs/runtime#5133".to_string())
        ]
    );
    assert_eq!(
        names(&site, "2024-03-20", "absent"),
        ["Bruno Vale", "Dev Patel"]
    );
    // The absent are not attendance.
    let people: Value = serde_json::from_str(&site.read("data/people.json")).expect("json");
    let bruno = people["people"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|p| p["key"] == "bvale")
        .cloned()
        .expect("bvale");
    assert_eq!(bruno["meetings"].as_array().map(Vec::len), Some(1));
}

#[test]
fn nested_bullets_are_groups_of_items_single_titles_and_items_not_discussed() {
    let site = build_site(&fixture("parser/nested_items"));
    let got = items(&site, "2024-05-14");
    let shown: Vec<(u64, &str, &str, Option<&str>)> = got
        .iter()
        .map(|(l, k, t, s)| {
            (
                *l,
                k.rsplit('#').next().unwrap_or_default(),
                t.as_str(),
                s.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        shown,
        [
            (10, "192", "Support field in package.json", None),
            (14, "322", "Requests library", None),
            (15, "360", "Fetch polyfill", None),
            (19, "333", "Contents page for the docs", None),
            (26, "205", "Funding field follow-up", Some("not-discussed")),
            (
                27,
                "113",
                "Which problems do maintainers face?",
                Some("not-discussed")
            ),
        ]
    );
    // The notes under a group's child are its own.
    let data = meeting(&site, "2024-05-14");
    let fetch = data["items"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|i| i["issue"] == "examplejs/package-maintenance#360")
        .cloned()
        .expect("#360");
    assert!(fetch["notes"]
        .as_str()
        .is_some_and(|n| n.contains("a call is planned")));
    let page = site.read("issues/examplejs/package-maintenance/205/index.html");
    assert!(page.contains("not discussed"), "{page}");
}

#[test]
fn a_reference_in_another_items_notes_is_a_mention_on_the_issue_page() {
    let site = build_site(&fixture("parser/mentions"));
    let data = meeting(&site, "2024-06-04");
    let mentions: Vec<(String, u64, Value)> = data["mentions"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|m| {
            (
                m["issue"].as_str().unwrap_or_default().to_string(),
                m["line"].as_u64().unwrap_or_default(),
                m["under"].clone(),
            )
        })
        .collect();
    assert_eq!(
        mentions,
        [
            (
                "examplejs/diagnostics#253".to_string(),
                13,
                Value::from("examplejs/diagnostics#236")
            ),
            (
                "examplejs/runtime#4410".to_string(),
                14,
                Value::from("examplejs/diagnostics#236")
            ),
            ("examplejs/diagnostics#251".to_string(), 22, Value::Null),
        ]
    );
    // Not agenda items.
    assert_eq!(items(&site, "2024-06-04").len(), 2);
    let page = site.read("issues/examplejs/diagnostics/253/index.html");
    assert!(page.contains("Mentioned in"), "{page}");
    assert!(page.contains("line 13"), "{page}");
    assert!(page.contains("Async context tracking roadmap"), "{page}");
    assert!(
        !page.contains("id=\"timeline\""),
        "no agenda timeline: {page}"
    );
    assert!(
        !page.contains("<dt>Discussed</dt>"),
        "no zero count: {page}"
    );
    // The issue discussed keeps its timeline, without the mention.
    let discussed = site.read("issues/examplejs/diagnostics/236/index.html");
    assert!(discussed.contains("id=\"timeline\""));
    assert!(!discussed.contains("Mentioned in"));
    // The issues list says an issue only mentioned was mentioned, with its mention's date.
    let list = site.read("issues/index.html");
    let row = list
        .split("<li>")
        .find(|li| li.contains("diagnostics#253"))
        .unwrap_or_default();
    assert!(
        row.contains("mentioned 1 time · 2024-06-04 → 2024-06-04"),
        "{row}"
    );
    assert!(!row.contains("0 meetings"), "{row}");
}

#[test]
fn link_text_without_a_hash_two_links_on_a_line_and_prose_before_the_link() {
    let site = build_site(&fixture("parser/link_shapes"));
    let got: Vec<(u64, String, String)> = items(&site, "2024-07-11")
        .into_iter()
        .map(|i| (i.0, i.1, i.2))
        .collect();
    let want = [
        (
            10,
            "examplejs/admin#766",
            "Claudio - Website migration to the new host",
        ),
        (11, "examplejs/lts#13", "Proposal: Release Process"),
        (11, "examplejs/runtime#1997", "Proposal: Release Process"),
        (
            13,
            "examplejs/runtime#812",
            "Backport policy for security fixes",
        ),
        (14, "examplejs/release#901", ""),
        (16, "examplejs/release#905", "Tooling for changelogs"),
    ];
    let want: Vec<(u64, String, String)> = want
        .iter()
        .map(|(l, k, t)| (*l, k.to_string(), t.to_string()))
        .collect();
    assert_eq!(got, want);
    // A link whose text is its URL titles nothing: the issue is named by its reference.
    let page = site.read("issues/examplejs/release/901/index.html");
    assert!(page.contains("<h1>examplejs/release#901</h1>"), "{page}");
    // Both items of one line share its notes.
    let data = meeting(&site, "2024-07-11");
    let shared = data["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|i| {
            i["notes"]
                .as_str()
                .is_some_and(|n| n.contains("schedule is published"))
        })
        .count();
    assert_eq!(shared, 2);
    // The meeting's issue linked as `[#N](…)` in its links is a mention, not an item.
    assert_eq!(
        data["mentions"],
        serde_json::json!([{"issue": "examplejs/release#1230", "line": 20, "under": null}])
    );
}

#[test]
fn a_title_copied_from_the_previous_meeting_keeps_the_file_names_date() {
    let site = build_site(&fixture("parser/copied_dates"));
    let ids: Vec<String> = meetings(&site)
        .iter()
        .map(|m| m["id"].as_str().unwrap_or_default().to_string())
        .collect();
    // No `2024-02-06-2`: the copy stays on its own day; a misnamed file still takes its
    // title's free day.
    assert_eq!(ids, ["2024-02-06", "2024-02-20", "2024-03-05"]);
    let warnings: Vec<String> = site
        .report
        .diagnostics
        .iter()
        .filter(|d| d.code == "date-mismatch")
        .map(ToString::to_string)
        .collect();
    insta::assert_snapshot!(warnings.join("\n"));
}

#[test]
fn sentences_apologies_and_mail_fragments_are_not_people() {
    let site = build_site(&fixture("parser/people"));
    assert_eq!(
        names(&site, "2024-08-01", "attendees"),
        [
            "Bert Bakker",
            "Steven R. Lang",
            "Nina Park",
            "Oscar Wilde",
            "Uma Reyes"
        ]
    );
    assert_eq!(names(&site, "2024-08-01", "absent"), ["Pia", "Quinn"]);
    assert_eq!(names(&site, "2024-08-15", "absent"), ["Oscar Wilde"]);
    let people = site.read("people/index.html");
    for junk in [
        "YouTube",
        "example.org",
        "node-buildbot",
        "Apologies",
        "Pia",
    ] {
        assert!(!people.contains(junk), "{junk}: {people}");
    }
}

#[test]
fn the_people_table_maps_names_and_old_handles_to_a_handle() {
    let site = build_site(&fixture("parser/people"));
    let data: Value = serde_json::from_str(&site.read("data/people.json")).expect("json");
    let person = |key: &str| {
        data["people"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|p| p["key"] == key)
            .cloned()
    };
    // `Bert` alone is Bert Bakker; @olduser is @newuser: one person each, at both meetings.
    for key in ["bertb", "newuser"] {
        let p = person(key).unwrap_or_else(|| panic!("{key}"));
        assert_eq!(p["meetings"].as_array().map(Vec::len), Some(2), "{key}");
    }
    assert_eq!(
        person("bertb").map(|p| p["name"].clone()),
        Some("Bert Bakker".into())
    );
    assert!(person("olduser").is_none() && person("bert").is_none());
    // The old handle named in the notes counts for the new one.
    assert!(site
        .read("people/newuser/index.html")
        .contains("Move the ARM machines"));
}

#[test]
fn check_lists_probable_duplicates_with_the_line_to_add() {
    let text = check("people");
    insta::assert_snapshot!(notes(&text).join("\n"));
}

#[test]
fn an_issue_is_titled_by_its_latest_meaningful_title() {
    let site = build_site(&fixture("parser/issue_titles"));
    for (n, title) in [
        (900, "Threat model for the permission system"),
        (901, "Audit the build dependencies"),
        (902, "examplejs/security-wg#902"),
    ] {
        let page = site.read(&format!("issues/examplejs/security-wg/{n}/index.html"));
        assert!(page.contains(&format!("<h1>{title}</h1>")), "{n}: {page}");
    }
    // Every title stays in the history.
    let issues: Value = serde_json::from_str(&site.read("data/issues.json")).expect("json");
    let titles = issues["issues"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|i| i["key"] == "examplejs/security-wg#901")
        .map(|i| i["titles"].as_array().map_or(0, Vec::len));
    assert_eq!(titles, Some(2));
}

#[test]
fn issues_outside_initiatives_are_one_summary_line() {
    let text = check("initiative_hints");
    let hints: Vec<&str> = notes(&text)
        .into_iter()
        .filter(|l| l.contains("initiative"))
        .collect();
    assert_eq!(hints.len(), 1, "{text}");
    insta::assert_snapshot!(hints.join("\n"));
}

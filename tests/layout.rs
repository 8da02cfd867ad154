//! The site on a phone (390×844) and a desktop (1280×800), on a generated archive of realistic
//! size (`tests/realistic.rs`): no page kind is wider than the screen or has a table wider than
//! its box, and the search page does not move when its results arrive.

use crate::common::browser::run_browser_script;
use crate::common::realistic;
use serde_json::Value;

/// One page of each kind in the generated archive: [name, site path] pairs. The meeting with
/// the most agenda items, the most discussed issue, the person with the longest name.
fn page_of_each_kind(site: &crate::common::Built) -> Vec<(String, String)> {
    let data = |file: &str, list: &str| -> Vec<Value> {
        let json: Value = serde_json::from_str(&site.read(file)).expect(file);
        json[list].as_array().cloned().unwrap_or_default()
    };
    let most = |items: Vec<Value>, key: &dyn Fn(&Value) -> usize| -> String {
        let best = items.iter().max_by_key(|v| key(v)).expect("an item");
        best["path"].as_str().expect("path").to_string()
    };
    let len = |v: &Value, field: &str| v[field].as_array().map_or(0, Vec::len);
    let meeting = most(data("data/meetings.json", "meetings"), &|m| len(m, "items"));
    let issue = most(data("data/issues.json", "issues"), &|i| len(i, "mentions"));
    let person = most(data("data/people.json", "people"), &|p| {
        p["name"].as_str().map_or(0, str::len)
    });
    // The year pages with the most action items and decisions.
    let actions = data("data/actions.json", "actions");
    let busiest = |kind: &str| -> String {
        let mut pages: std::collections::BTreeMap<&str, usize> = Default::default();
        for a in actions.iter().filter(|a| a["kind"] == kind) {
            let path = a["path"].as_str().expect("path");
            *pages
                .entry(&path[..path.find('#').expect("anchor")])
                .or_default() += 1;
        }
        let most = pages.iter().max_by_key(|(_, n)| **n).expect(kind);
        most.0.to_string()
    };
    let (action_year, decision_year) = (busiest("action"), busiest("decision"));
    [
        ("home", ""),
        ("meetings", "meetings/"),
        ("group meetings", "meetings/tsc/"),
        ("meeting", &meeting),
        ("issues", "issues/"),
        ("issues by number", "issues/by-number/"),
        ("issue", &issue),
        ("initiatives", "initiatives/"),
        ("initiative", "initiatives/permission-model/"),
        ("people", "people/"),
        ("person", &person),
        ("actions", "actions/"),
        ("actions of a year", &action_year),
        ("decisions", "decisions/"),
        ("decisions of a year", &decision_year),
        ("groups", "groups/"),
        ("group", "groups/tsc/"),
        ("search", "search/?q=permission"),
        ("404", "no/such/page/"),
    ]
    .into_iter()
    .map(|(name, path)| (name.to_string(), path.to_string()))
    .collect()
}

#[test]
fn no_page_kind_is_wider_than_a_phone_or_a_desktop_and_search_results_arrive_without_a_shift() {
    let site = realistic::built();
    let addr = crate::common::static_server::serve(site.out.clone(), "/acme/");
    let pages = page_of_each_kind(site);
    let pages_json = serde_json::to_string(&pages).expect("json");
    let Some(report) = run_browser_script(
        "layout.mjs",
        &[&format!("http://{addr}/acme/"), &pages_json],
    ) else {
        return;
    };
    assert_eq!(report["errors"], Value::Array(vec![]), "{report}");
    // Every page at both sizes.
    assert_eq!(
        report["checked"].as_array().map_or(0, Vec::len),
        pages.len() * 2,
        "{report}"
    );
    let failures: Vec<&str> = report["failures"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // Open and followed-up action items, shown apart without a script.
    let filter = &report["filter"];
    let (all, open) = (
        filter["all"].as_u64().unwrap_or(0),
        filter["open"].as_u64().unwrap_or(0),
    );
    assert!(0 < open && open < all, "{filter}");
    assert_eq!(filter["followed_shown_when_open"], 0, "{filter}");
    assert_eq!(
        filter["open"].as_u64().unwrap_or(0) + filter["followed"].as_u64().unwrap_or(0),
        all,
        "{filter}"
    );
    for width in ["390", "1280"] {
        let cls = &report["cls"][width];
        assert!(
            cls["results"].as_u64().unwrap_or(0) > 0,
            "no results: {cls}"
        );
        let total = cls["total"].as_f64().unwrap_or(f64::MAX);
        assert!(total < 0.01, "layout shift {total} at {width}px: {cls}");
        for target in report["targets"][width].as_array().expect("targets") {
            assert!(
                target["width"].as_u64().unwrap_or(0) >= 24
                    && target["height"].as_u64().unwrap_or(0) >= 24,
                "a filter control under 24 px at {width}px: {target}"
            );
        }
    }
}

#[test]
fn the_generated_archive_is_of_realistic_size() {
    let site = realistic::built();
    let r = &site.report;
    assert!(r.meetings >= 300, "{} meetings", r.meetings);
    assert!(r.people >= 60, "{} people", r.people);
    assert!(r.issues >= 300, "{} issues", r.issues);
    for page in [
        "actions/index.html",
        "decisions/index.html",
        "groups/tsc/index.html",
    ] {
        assert!(site.exists(page), "{page}");
    }
}

//! Static search, in a real headless Chromium: the example site is built under a sub-path,
//! served on 127.0.0.1, and the search page is driven with deep links and typing.

use crate::common::browser::run_browser_script;
use crate::common::build_with;
use crate::common::static_server::serve;
use serde_json::Value;
use std::path::Path;
use wgsite::Options;

/// Whether a result's excerpt reads as text: at least five words of letters, and no issue
/// number written twice in a row in two forms (`898 #898`, `#33 33`), as an index of number
/// forms reads.
pub fn readable(excerpt: &str) -> bool {
    let words: Vec<&str> = excerpt.split_whitespace().collect();
    let lettered = words
        .iter()
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 2)
        .count();
    let digits = |w: &str| -> String { w.chars().filter(char::is_ascii_digit).collect() };
    let repeated = words.windows(2).any(|w| {
        let (a, b) = (digits(w[0]), digits(w[1]));
        !a.is_empty() && a == b
    });
    lettered >= 5 && !repeated
}

#[test]
fn the_readability_check_rejects_an_index_of_number_forms() {
    assert!(!readable(
        "#898 898 security-wg#898 nodejs/security-wg#898 Permission model"
    ));
    assert!(!readable("#33 33 admin#33 nodejs/admin#33 #33 33"));
    assert!(readable(
        "Permission Model - Roadmap. Issue examplejs/security-wg#898, discussed in 15 meetings"
    ));
}

fn titles(report: &Value, case: &str) -> Vec<String> {
    report["cases"][case]
        .as_array()
        .unwrap_or_else(|| panic!("no case {case}: {report}"))
        .iter()
        .map(|r| r["title"].as_str().unwrap_or_default().to_string())
        .collect()
}

fn first_href(report: &Value, case: &str) -> String {
    report["cases"][case][0]["href"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn search_answers_words_filters_issue_numbers_and_deep_links_in_a_browser() {
    let site = build_with(Options {
        root: Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf(),
        base_url: Some("https://example.org/wg/".into()),
        ..Options::default()
    });
    assert!(site.exists("pagefind/pagefind.js"));
    let addr = serve(site.out.clone(), "/wg/");
    let url = format!("http://{addr}/wg/search/");
    let Some(report) = run_browser_script("search.mjs", &[&url]) else {
        return;
    };
    assert_eq!(report["errors"], Value::Array(vec![]), "{report}");
    eprintln!("search index bytes fetched per case: {}", report["bytes"]);
    assert!(
        report["bytes"]["word"].as_u64().unwrap_or(0) > 0,
        "no index fetched: {report}"
    );

    // A word query finds the meeting where symlinks were discussed, with the word highlighted.
    let word = &report["cases"]["word"];
    assert!(!titles(&report, "word").is_empty(), "{report}");
    assert!(
        word[0]["marked"].as_u64().unwrap_or(0) > 0,
        "no highlight: {report}"
    );
    assert!(word[0]["href"]
        .as_str()
        .unwrap_or("")
        .starts_with(&format!("http://{addr}/wg/")));

    // Results quote readable text around the match, for a word and for a number: never the
    // index's runs of number forms (`898 #898 security-wg#898 …`).
    for case in ["word", "number", "hash-number", "repo-number", "handle"] {
        let results = report["cases"][case].as_array().expect("case");
        assert!(!results.is_empty(), "{case}: {report}");
        for r in results {
            let excerpt = r["excerpt"].as_str().unwrap_or("");
            assert!(
                readable(excerpt),
                "{case}: {excerpt:?} is not readable text"
            );
        }
    }
    assert!(
        report["cases"]["number"][0]["excerpt"]
            .as_str()
            .unwrap_or("")
            .starts_with("Permission Model - Roadmap."),
        "{report}"
    );

    // A year filter keeps only 2025 meetings, and fewer than without it.
    let all = titles(&report, "word-all-years").len();
    let filtered = report["cases"]["word-2025"].as_array().expect("case");
    assert!(!filtered.is_empty() && filtered.len() < all, "{report}");
    for r in filtered.iter().filter(|r| r["kind"] == "meeting") {
        assert!(r["date"].as_str().unwrap_or("").starts_with("2025"), "{r}");
    }

    // Issue numbers in every written form put the issue's own page first; so does a handle.
    for case in ["number", "hash-number", "repo-number"] {
        assert!(
            first_href(&report, case)
                == format!("http://{addr}/wg/issues/examplejs/security-wg/898/"),
            "{case}: {report}"
        );
    }
    assert!(
        first_href(&report, "handle") == format!("http://{addr}/wg/people/anasouza/"),
        "{report}"
    );

    // The issue-number box lists exactly the meetings that discussed it.
    let data: Value = serde_json::from_str(&site.read("data/issues.json")).expect("json");
    let expected = data["issues"]
        .as_array()
        .expect("issues")
        .iter()
        .find(|i| i["key"] == "examplejs/security-wg#898")
        .and_then(|i| i["mentions"].as_array())
        .map_or(0, Vec::len);
    let meetings = report["cases"]["issue-filter"].as_array().expect("case");
    assert_eq!(meetings.len(), expected, "{report}");
    assert!(meetings.iter().all(|r| r["kind"] == "meeting"));
    assert!(report["cases"]["kind-filter"]
        .as_array()
        .expect("case")
        .iter()
        .all(|r| r["kind"] == "issue"));

    // A meeting's action items are one record: the search lists the items that matched, each
    // linking to its anchor on its year's page (/actions/2025/), and not the meeting's other items.
    let parts = report["cases"]["action-parts"].as_array().expect("case");
    let hrefs: Vec<&str> = parts
        .iter()
        .map(|r| r["href"].as_str().unwrap_or(""))
        .collect();
    for id in ["action-2025-01-16-1", "action-2025-02-13-2"] {
        assert!(
            hrefs.contains(&format!("http://{addr}/wg/actions/{}/#{id}", &id[7..11]).as_str()),
            "{id}: {report}"
        );
    }
    assert!(
        !hrefs.iter().any(|h| h.ends_with("#action-2025-01-16-2")),
        "{report}"
    );
    assert!(parts.iter().all(
        |r| r["kind"] == "action" && r["title"].as_str().unwrap_or("").starts_with("Action, ")
    ));

    // Facets on screen keep their counts under a search that filters by another facet (their
    // chunks are loaded on purpose), and the `issue` and `month` chunks are never fetched.
    let facets = report["facets"]["word-2025"].to_string();
    assert!(facets.contains("Kind: meeting ("), "{report}");
    assert!(!facets.contains("Kind: meeting (0)"), "{report}");
    for (case, files) in report["fetched"].as_object().expect("fetched") {
        let filters = files
            .as_array()
            .expect("files")
            .iter()
            .filter(|f| f.as_str().unwrap_or("").starts_with("filter/"))
            .count();
        // kind, year, repo, person and, for the number box, one issue-number shard.
        assert!(
            filters <= 5,
            "{case} fetched {filters} filter chunks: {report}"
        );
    }

    // Typing and ticking a facet write the search into the URL.
    assert!(report["typed"]["url"]
        .as_str()
        .unwrap_or("")
        .contains("/wg/search/?q=badge"));
    assert!(report["typed"]["results"].as_u64().unwrap_or(0) > 0);
    assert!(report["faceted"]["url"]
        .as_str()
        .unwrap_or("")
        .contains("kind=meeting"));
    assert_eq!(
        report["faceted"]["kinds"],
        serde_json::json!(["meeting"]),
        "{report}"
    );
}

#[test]
fn the_search_page_says_what_to_do_without_javascript() {
    let site = build_with(Options {
        root: crate::common::fixture("build/recurring"),
        no_search: true,
        ..Options::default()
    });
    let page = site.read("search/index.html");
    assert!(page.contains("<noscript>"));
    // The form names where it goes (an empty action is invalid), and the filters a
    // single-group site has are listed for the script to fill.
    assert!(
        page.contains(
            "role=\"search\" aria-label=\"Minutes\" action=\"../search/\" method=\"get\">"
        ),
        "{page}"
    );
    assert!(!page.contains("action=\"\""));
    let facets: Vec<&str> = page
        .split("<details class=\"facet\" data-facet=\"")
        .skip(1)
        .filter_map(|d| d.split('"').next())
        .collect();
    assert_eq!(facets, ["kind", "year", "repo", "person"]);
    assert!(page.contains("data-enabled=\"false\""));
    assert!(!site.exists("pagefind/pagefind.js"));
}

/// A site big enough to split the issue-number filter into shards: 160 meetings citing 15 of
/// 60 issues each (2,400 mentions, two shards of at most 2,000). Returns the folder and, per
/// issue number, how many meetings cited it.
fn sharded_site() -> (tempfile::TempDir, std::collections::BTreeMap<u64, usize>) {
    let mut cited = std::collections::BTreeMap::new();
    let mut files = Vec::new();
    for m in 0..160u64 {
        let date = format!("2023-{:02}-{:02}", m / 28 + 1, m % 28 + 1);
        let mut text =
            format!("# Shard WG Meeting {date}\n\n## Present\n\n* Ana (@ana)\n\n## Agenda\n\n");
        for k in 0..15u64 {
            let n = (m * 7 + k * 4) % 60 + 1;
            *cited.entry(n).or_insert(0) += 1;
            text.push_str(&format!(
                "* Topic {n} [#{n}](https://github.com/acme/wg/issues/{n})\n  * Note on {n}\n"
            ));
        }
        files.push((format!("{date}.md"), text));
    }
    let borrowed: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let dir = crate::common::temp_site(
        "title = \"Shard WG\"\nbase_url = \"https://example.org/s/\"\nrepo = \"acme/wg\"\n",
        &borrowed,
    );
    (dir, cited)
}

#[test]
fn the_issue_number_box_finds_meetings_through_its_shard_in_a_browser() {
    let (dir, cited) = sharded_site();
    let site = build_with(Options {
        root: dir.path().to_path_buf(),
        ..Options::default()
    });
    let summary: Value =
        serde_json::from_str(&site.read("pagefind/wgsite-facets.json")).expect("facets json");
    assert_eq!(summary["shards"], 2, "{summary}");
    assert_eq!(summary["facets"]["kind"]["meeting"], 160, "{summary}");
    let addr = serve(site.out.clone(), "/s/");
    let url = format!("http://{addr}/s/search/");
    // One odd and one even number: one in each shard.
    let (odd, even) = (7u64, 8u64);
    let cases = serde_json::json!([
        ["odd", format!("?issue={odd}")],
        ["even", format!("?issue=%23{even}")],
        ["none", ""]
    ]);
    let Some(report) = run_browser_script("search.mjs", &[&url, &cases.to_string()]) else {
        return;
    };
    assert_eq!(report["errors"], Value::Array(vec![]), "{report}");
    for (case, n) in [("odd", odd), ("even", even)] {
        let found = report["cases"][case].as_array().expect("case");
        // The page shows at most 50 results; these numbers are cited fewer times than that.
        assert!(cited[&n] < 50);
        assert_eq!(found.len(), cited[&n], "{case}: {report}");
        assert!(found.iter().all(|r| r["kind"] == "meeting"), "{report}");
    }
    // Opening the page fetches no filter chunk: its counts come from wgsite-facets.json.
    let opened = report["fetched"]["none"].to_string();
    assert!(opened.contains("wgsite-facets.json"), "{report}");
    assert!(!opened.contains("filter/"), "{report}");
    assert!(
        report["facets"]["none"]
            .to_string()
            .contains("Kind: meeting (160)"),
        "{report}"
    );
}

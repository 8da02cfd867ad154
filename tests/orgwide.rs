//! Org-wide sites (`[[groups]]`): many groups' archives in one site, issues shared across them.
//! Also pins a single-group site's output byte for byte, so adding groups cannot change it.

use crate::common::{agenda_links, build_site, build_with, fixture, main_of, minutes_files, Built};
use std::path::Path;
use wgsite::Options;

/// FNV-1a, 64 bits: a fixed, dependency-free hash for output manifests.
fn fnv64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// `HASH LENGTH PATH` for every file under `dir`, sorted by path.
fn manifest(dir: &Path) -> String {
    let mut lines: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.expect("entry"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let bytes = std::fs::read(e.path()).expect("read");
            let rel = e
                .path()
                .strip_prefix(dir)
                .expect("prefix")
                .to_string_lossy()
                .replace('\\', "/");
            format!("{:016x} {:>8} {rel}", fnv64(&bytes), bytes.len())
        })
        .collect();
    lines.sort_by(|a, b| a[26..].cmp(&b[26..]));
    lines.join("\n") + "\n"
}

/// Compares a site's output with the manifest stored beside the tests (taken from main's
/// output, built on 2025-06-10, before org-wide sites were merged). `WGSITE_BLESS=1` rewrites the manifest: only do that for a
/// change meant to alter every single-group site's output, and say so in the commit.
fn assert_output_unchanged(root: &Path, name: &str) {
    let built = build_with(Options {
        root: root.to_path_buf(),
        // The home page and calendar show the meetings ahead of the build date: fix it.
        today: wgsite::model::Date::new(2025, 6, 10),
        ..Options::default()
    });
    let got = manifest(&built.out);
    let stored = fixture(&format!("orgwide/single/{name}.manifest"));
    if std::env::var_os("WGSITE_BLESS").is_some() {
        std::fs::write(&stored, &got).expect("write manifest");
        return;
    }
    let want = std::fs::read_to_string(&stored).expect("stored manifest");
    let differ: Vec<String> = diff_lines(&want, &got);
    assert!(
        differ.is_empty(),
        "{name}: single-group output changed ({} lines differ; - stored, + now):\n{}",
        differ.len(),
        differ.join("\n")
    );
}

fn diff_lines(want: &str, got: &str) -> Vec<String> {
    let w: std::collections::BTreeSet<&str> = want.lines().collect();
    let g: std::collections::BTreeSet<&str> = got.lines().collect();
    w.difference(&g)
        .map(|l| format!("- {l}"))
        .chain(g.difference(&w).map(|l| format!("+ {l}")))
        .collect()
}

#[test]
fn a_single_group_site_is_byte_for_byte_what_it_was() {
    assert_output_unchanged(Path::new(env!("CARGO_MANIFEST_DIR")), "example");
    assert_output_unchanged(&fixture("build/recurring"), "recurring");
    assert_output_unchanged(&fixture("build/layout"), "layout");
}

#[test]
fn the_output_manifest_notices_a_changed_byte() {
    // The pin above must be able to fail: one changed byte changes the manifest.
    let site = build_site(&fixture("build/recurring"));
    let before = manifest(&site.out);
    let page = site.out.join("meetings/2024-01-10/index.html");
    let mut bytes = std::fs::read(&page).expect("read");
    if let Some(b) = bytes.iter_mut().find(|b| **b == b'a') {
        *b = b'b';
    }
    std::fs::write(&page, bytes).expect("write");
    assert_eq!(diff_lines(&before, &manifest(&site.out)).len(), 2);
}

// ---- Two groups sharing an issue (tests/fixtures/orgwide/two_groups) ----------------------

/// The fixture site, built with the link check (every internal link and anchor resolves).
fn two_groups() -> Built {
    build_with(Options {
        root: fixture("orgwide/two_groups"),
        check_links: true,
        ..Options::default()
    })
}

/// Text without tags, spaces collapsed.
fn text_of(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The element that starts at the first `start` in `html`, up to the next `end`.
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("{start:?} missing in {html}"));
    let rest = &html[from..];
    &rest[..rest.find(end).map_or(rest.len(), |e| e + end.len())]
}

#[test]
fn two_groups_sharing_an_issue_get_one_timeline_with_both_groups_in_date_order() {
    let site = two_groups();
    let page = site.read("issues/acme/node/100/index.html");
    let main = main_of(&page);
    // Newest first; on the day both groups met, the entries are both there, apart.
    let entries = [
        (
            "security-wg",
            "2023-03-15",
            "Security WG",
            "Back from the TSC",
        ),
        ("tsc", "2023-03-01", "TSC", "Hand back to the Security WG"),
        ("tsc", "2023-02-01", "TSC", "The TSC agrees to a fix"),
        (
            "security-wg",
            "2023-02-01",
            "Security WG",
            "Security WG wrote the report",
        ),
        (
            "security-wg",
            "2023-01-19",
            "Security WG",
            "Needs a TSC decision",
        ),
    ];
    let mut last = 0;
    for (group, date, name, note) in entries {
        let id = format!("id=\"on-{group}-{date}\"");
        let at = main
            .find(&id)
            .unwrap_or_else(|| panic!("{id} missing: {main}"));
        assert!(at > last, "{group} {date} is out of order");
        last = at;
        let entry = between(&main[at..], "id=", "</li>");
        assert!(
            entry.contains(&format!(
                "href=\"../../../../meetings/{group}/{date}/#item-acme-node-100\""
            )),
            "{entry}"
        );
        assert!(
            entry.contains(&format!(
                "<a class=\"badge\" href=\"../../../../groups/{group}/\">{name}</a>"
            )),
            "{entry}"
        );
        assert!(entry.contains(note), "{entry}");
    }
    assert_eq!(main.matches("class=\"timeline-entry\"").count(), 5);
    let header = between(main, "<header class=\"page-header\">", "</header>");
    assert_eq!(
        text_of(between(header, "<p class=\"meta movement\">", "</p>")),
        "Moved between groups: Security WG 2023-01-19 → TSC 2023-02-01 → Security WG 2023-03-15"
    );
    assert!(
        text_of(header).contains("Groups Security WG (3), TSC (2)"),
        "{header}"
    );
}

#[test]
fn an_issue_one_group_discussed_has_no_movement_line() {
    let site = two_groups();
    let main_html = site.read("issues/acme/security-wg/7/index.html");
    let main = main_of(&main_html);
    assert!(!main.contains("movement"), "{main}");
    assert!(text_of(main).contains("Groups Security WG (1)"), "{main}");
}

#[test]
fn meeting_urls_carry_the_group_so_two_groups_can_meet_on_one_day() {
    let site = two_groups();
    let sec = site.read("meetings/security-wg/2023-02-01/index.html");
    let tsc = site.read("meetings/tsc/2023-02-01/index.html");
    assert!(sec.contains("<h1>Security WG Meeting 2023-02-01</h1>"));
    assert!(tsc.contains("<h1>TSC Meeting 2023-02-01</h1>"));
    assert!(!site.exists("meetings/2023-02-01"));
    assert!(
        text_of(between(&tsc, "<nav class=\"breadcrumbs\"", "</nav>")) == "Meetings TSC 2023-02-01"
    );
    // The export's ids are unique and say the group.
    let json: serde_json::Value =
        serde_json::from_str(&site.read("data/meetings.json")).expect("json");
    let meetings = json["meetings"].as_array().expect("meetings");
    let ids: Vec<(&str, &str, &str)> = meetings
        .iter()
        .map(|m| {
            (
                m["id"].as_str().expect("id"),
                m["group"].as_str().expect("group"),
                m["path"].as_str().expect("path"),
            )
        })
        .collect();
    assert_eq!(
        ids,
        [
            (
                "security-wg/2023-01-19",
                "security-wg",
                "meetings/security-wg/2023-01-19/"
            ),
            (
                "security-wg/2023-02-01",
                "security-wg",
                "meetings/security-wg/2023-02-01/"
            ),
            ("tsc/2023-02-01", "tsc", "meetings/tsc/2023-02-01/"),
            ("tsc/2023-03-01", "tsc", "meetings/tsc/2023-03-01/"),
            (
                "security-wg/2023-03-15",
                "security-wg",
                "meetings/security-wg/2023-03-15/"
            ),
        ]
    );
    let groups: serde_json::Value =
        serde_json::from_str(&site.read("data/groups.json")).expect("json");
    assert_eq!(groups["groups"][1]["slug"], "tsc");
    assert_eq!(groups["groups"][1]["folder"], "tsc");
    assert_eq!(groups["groups"][1]["meetings"][0], "tsc/2023-02-01");
}

#[test]
fn bare_issue_numbers_resolve_to_the_groups_own_repo() {
    let site = two_groups();
    let sec = site.read("meetings/security-wg/2023-01-19/index.html");
    let tsc = site.read("meetings/tsc/2023-02-01/index.html");
    assert!(
        sec.contains("href=\"../../../issues/acme/security-wg/5/\""),
        "{sec}"
    );
    assert!(
        tsc.contains("href=\"../../../issues/acme/tsc/5/\""),
        "{tsc}"
    );
    assert!(site.exists("issues/acme/security-wg/5/index.html"));
    assert!(site.exists("issues/acme/tsc/5/index.html"));
    assert!(!site.exists("issues/acme/org/5"));
}

#[test]
fn previous_and_next_meeting_stay_within_the_group() {
    let site = two_groups();
    let page = site.read("meetings/security-wg/2023-02-01/index.html");
    let nav = between(&page, "<nav class=\"prev-next\"", "</nav>");
    assert!(
        nav.contains("rel=\"prev\" href=\"../../../meetings/security-wg/2023-01-19/\""),
        "{nav}"
    );
    assert!(
        nav.contains("rel=\"next\" href=\"../../../meetings/security-wg/2023-03-15/\""),
        "{nav}"
    );
    // The agenda item's neighbours follow the issue across groups, naming the other group.
    let tsc = site.read("meetings/tsc/2023-02-01/index.html");
    assert!(
        tsc.contains("previously discussed 2023-02-01 in Security WG</a>"),
        "{tsc}"
    );
    assert!(tsc.contains("next discussed 2023-03-01<span"), "{tsc}");
}

#[test]
fn every_group_has_a_page_with_its_meetings_issues_and_people() {
    let site = two_groups();
    let page = site.read("groups/tsc/index.html");
    let main = main_of(&page);
    assert!(main.contains("<h1>TSC</h1>"));
    let latest = between(main, "<ul class=\"meeting-list\">", "</ul>");
    assert_eq!(latest.matches("<li>").count(), 2, "{latest}");
    assert!(latest.contains("href=\"../../meetings/tsc/2023-03-01/\""));
    assert!(!latest.contains("security-wg"), "{latest}");
    let issues = between(main, "<ol class=\"ranked\">", "</ol>");
    assert!(
        issues.find("acme/node#100") < issues.find("acme/tsc#5"),
        "{issues}"
    );
    assert!(issues.contains(">2×</span>"), "{issues}");
    let people = between(main, "<tbody>", "</tbody>");
    assert!(
        people.contains("<a href=\"../../people/carol/\">Carol Example</a></td><td class=\"num\">2</td><td class=\"num\">2</td>"),
        "{people}"
    );
    assert!(
        people.contains("<a href=\"../../people/alice/\">Alice Example</a></td><td class=\"num\">1</td><td class=\"num\">3</td>"),
        "{people}"
    );
    assert!(!people.contains("bob"), "{people}");
    // The group's own meeting list, and the home page and groups index show every group.
    let list = site.read("meetings/tsc/index.html");
    assert!(main_of(&list).contains("<h1>Meetings of TSC</h1>"));
    assert_eq!(
        main_of(&list)
            .matches("href=\"../../meetings/tsc/20")
            .count(),
        2
    );
    for (page, prefix) in [("index.html", ""), ("groups/index.html", "../")] {
        let html = site.read(page);
        for slug in ["security-wg", "tsc"] {
            assert!(
                main_of(&html).contains(&format!("href=\"{prefix}groups/{slug}/\"")),
                "{page} lacks {slug}"
            );
        }
    }
    assert!(site
        .read("index.html")
        .contains("<a href=\"groups/\">Groups</a>"));
    let feed = site.read("groups/tsc/feed.xml");
    assert_eq!(feed.matches("<entry>").count(), 2, "{feed}");
    assert!(!feed.contains("security-wg/20"), "{feed}");
}

#[test]
fn people_pages_show_attendance_per_group() {
    let site = two_groups();
    let page = site.read("people/alice/index.html");
    let dl = between(&page, "<dl class=\"facts attendance-by-group\">", "</dl>");
    assert_eq!(
        text_of(dl),
        "Security WG 2 meetings, 2023-01-19 → 2023-03-15 TSC 1 meeting, 2023-02-01 → 2023-02-01"
    );
    let people = site.read("people/index.html");
    assert!(
        text_of(&people).contains("Alice Example @alice Security WG 2, TSC 1 3 2023-01-19"),
        "{people}"
    );
}

#[test]
fn initiatives_span_groups() {
    let site = two_groups();
    let page = site.read("initiatives/hardening/index.html");
    let main = main_of(&page);
    for slug in ["security-wg", "tsc"] {
        assert!(
            main.contains(&format!(
                "<a class=\"badge\" href=\"../../groups/{slug}/\">"
            )),
            "{slug} missing"
        );
    }
    // `sandbox` in a Security WG title joined the initiative too.
    assert!(main.contains("acme/security-wg#7"));
}

#[test]
fn files_outside_the_groups_folders_are_not_part_of_the_site() {
    let site = two_groups();
    assert_eq!(site.report.meetings, 5);
    assert!(!site.exists("issues/acme/node/999"));
}

#[test]
fn search_records_and_the_search_page_offer_a_group_facet() {
    let opts = Options {
        root: fixture("orgwide/two_groups"),
        no_search: true,
        ..Options::default()
    };
    let (session, _, files) = wgsite::incremental::Session::start(&opts).expect("start");
    let (_, records) = session.search_input();
    let facet = |url: &str| -> Vec<String> {
        let r = records
            .pages
            .iter()
            .find(|r| r.url == url)
            .unwrap_or_else(|| panic!("no record {url}"));
        r.filters
            .get("group")
            .map(|g| g.iter().cloned().collect())
            .unwrap_or_default()
    };
    assert_eq!(facet("meetings/tsc/2023-02-01/"), ["tsc"]);
    assert_eq!(facet("issues/acme/node/100/"), ["security-wg", "tsc"]);
    assert_eq!(facet("people/bob/"), ["security-wg"]);
    assert_eq!(facet("initiatives/hardening/"), ["security-wg", "tsc"]);
    // The counts the search page shows before a query include the groups: two meetings, two
    // issues, two people and one initiative concern the TSC.
    let summary = wgsite::search::facets_file(&records).expect("facets");
    let summary: serde_json::Value = serde_json::from_slice(&summary.bytes).expect("json");
    assert_eq!(summary["facets"]["group"]["tsc"], 7, "{summary}");
    // The search page offers the group filter first.
    let page = files
        .iter()
        .find(|f| f.path == "search/index.html")
        .map(|f| String::from_utf8_lossy(&f.bytes).into_owned())
        .expect("search page");
    let facets: Vec<&str> = page
        .split("<details class=\"facet\" data-facet=\"")
        .skip(1)
        .filter_map(|d| d.split('"').next())
        .collect();
    assert_eq!(
        facets,
        ["group", "kind", "year", "repo", "person"],
        "{page}"
    );
}

// ---- The three real archives of ../shared/corpus as one org-wide site ---------------------

/// (folder under corpus/, group slug, group name, repo).
const CORPUS_GROUPS: [(&str, &str, &str, &str); 3] = [
    (
        "nodejs-security-wg",
        "security-wg",
        "Security WG",
        "nodejs/security-wg",
    ),
    (
        "nodejs-package-maintenance",
        "package-maintenance",
        "Package Maintenance",
        "nodejs/package-maintenance",
    ),
    ("nodejs-loaders", "loaders", "Loaders", "nodejs/loaders"),
];

/// A site folder whose `content_dir` is the corpus itself (nothing is copied), one group per
/// archive.
fn corpus_org_site(corpus: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut toml = format!(
        "title = \"Node.js minutes\"\nbase_url = \"https://example.org/minutes/\"\ncontent_dir = {:?}\n",
        corpus.display().to_string()
    );
    for (folder, slug, name, repo) in CORPUS_GROUPS {
        toml.push_str(&format!(
            "\n[[groups]]\nslug = \"{slug}\"\nname = \"{name}\"\nrepo = \"{repo}\"\npath = \"{folder}\"\n"
        ));
    }
    std::fs::write(dir.path().join("site.toml"), toml).expect("site.toml");
    dir
}

/// Lower-case `@handles` listed under a `Present`/`Attendees` heading (HTML comments and URLs
/// left out), by a plain line scan.
fn present_handles(text: &str) -> std::collections::BTreeSet<String> {
    let mut out = std::collections::BTreeSet::new();
    let mut in_list = false;
    let mut in_comment = false;
    for line in text.lines() {
        let t = line.trim().trim_start_matches('\u{feff}');
        if t.starts_with('#') {
            let heading = t.trim_start_matches('#').trim().to_ascii_lowercase();
            in_list = heading == "present" || heading == "attendees";
            continue;
        }
        if !in_list {
            continue;
        }
        let mut rest = t;
        let mut visible = String::new();
        loop {
            if in_comment {
                match rest.find("-->") {
                    Some(e) => {
                        rest = &rest[e + 3..];
                        in_comment = false;
                    }
                    None => break,
                }
            } else {
                match rest.find("<!--") {
                    Some(s) => {
                        visible.push_str(&rest[..s]);
                        rest = &rest[s + 4..];
                        in_comment = true;
                    }
                    None => {
                        visible.push_str(rest);
                        break;
                    }
                }
            }
        }
        // A URL beside a person (`Name - @handle (https://…)`) is not theirs to scan: an `@` in
        // it is no handle.
        let visible: String = visible
            .split_whitespace()
            .filter(|w| !w.contains("://"))
            .collect::<Vec<_>>()
            .join(" ");
        let bytes = visible.as_bytes();
        for (i, _) in visible.match_indices('@') {
            if i > 0 && bytes[i - 1].is_ascii_alphanumeric() {
                continue; // an e-mail address
            }
            let handle: String = visible[i + 1..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .collect();
            let after = visible[i + 1 + handle.len()..].chars().next();
            // One person a line: the first handle (`@grnd - GitHub, @grander - twitter`).
            if !handle.is_empty() && after != Some('/') {
                out.insert(handle.to_ascii_lowercase());
                break;
            }
        }
    }
    out
}

#[test]
fn the_three_corpus_archives_build_as_one_site_with_group_pages_and_shared_people() {
    let Some(shared) = crate::common::shared() else {
        return;
    };
    let corpus = shared.join("corpus");
    let site_dir = corpus_org_site(&corpus);
    let site = build_with(Options {
        root: site_dir.path().to_path_buf(),
        check_links: true,
        no_search: true,
        ..Options::default()
    });
    let skipped: Vec<&str> = site
        .report
        .diagnostics
        .iter()
        .filter(|d| d.message.starts_with("skipped"))
        .map(|d| d.path.as_str())
        .collect();
    let mut total = 0;
    // handle → group name → meetings present (by the scan).
    let mut attendance: std::collections::BTreeMap<
        String,
        std::collections::BTreeMap<&str, usize>,
    > = Default::default();
    let mut issue_groups: std::collections::BTreeMap<String, std::collections::BTreeSet<&str>> =
        Default::default();
    for (folder, slug, name, _) in CORPUS_GROUPS {
        let files: Vec<(String, String)> = minutes_files(&corpus.join(folder))
            .into_iter()
            .filter(|(rel, _)| {
                !skipped
                    .iter()
                    .any(|p| p.ends_with(&format!("{folder}/{rel}")))
            })
            .collect();
        assert!(files.len() > 20, "{folder}: {} files", files.len());
        total += files.len();
        // Meetings: one page per minutes file, all under meetings/SLUG/.
        let pages = std::fs::read_dir(site.out.join("meetings").join(slug))
            .expect("group meetings folder")
            .filter(|e| e.as_ref().is_ok_and(|e| e.path().is_dir()))
            .count();
        assert_eq!(pages, files.len(), "{folder}: meeting pages");
        let group_page = site.read(&format!("groups/{slug}/index.html"));
        let facts = text_of(between(&group_page, "<dl class=\"facts\">", "</dl>"));
        assert!(
            facts.starts_with(&format!("Meetings {} ", files.len())),
            "{folder}: {facts}"
        );
        let meetings_list = site.read(&format!("meetings/{slug}/index.html"));
        assert!(
            text_of(&meetings_list).contains(&format!("{} meetings, newest first", files.len())),
            "{folder}"
        );
        let mut keys = std::collections::BTreeSet::new();
        for (_, text) in &files {
            for handle in present_handles(text) {
                *attendance
                    .entry(handle)
                    .or_default()
                    .entry(name)
                    .or_insert(0) += 1;
            }
            for link in agenda_links(text) {
                issue_groups
                    .entry(link.key.clone())
                    .or_default()
                    .insert(name);
                keys.insert(link.key);
            }
        }
        // The group's issue count covers every issue the scan found on its agendas (the
        // parser finds more shapes than the scan's two).
        let issues: usize = facts
            .split_once("Issues ")
            .and_then(|(_, rest)| rest.split(' ').next()?.parse().ok())
            .unwrap_or(0);
        assert!(
            issues >= keys.len() && keys.len() > 10,
            "{folder}: {issues} issues shown, {} scanned",
            keys.len()
        );
        for key in &keys {
            let (repo, number) = key.split_once('#').expect("key");
            assert!(
                site.exists(&format!("issues/{repo}/{number}/index.html")),
                "{key}"
            );
        }
        // Every person the scan found present is in the group page's people table, counted
        // at least as often as the scan saw their handle (lines giving only their name join
        // them too, so the site may count more).
        let people = between(&group_page, "<tbody>", "</tbody>");
        for (handle, per_group) in &attendance {
            if let Some(n) = per_group.get(name) {
                let row = between(people, &format!("people/{handle}/\">"), "</tr>");
                let here = numbers(row).first().copied().unwrap_or(0);
                assert!(here >= *n, "{folder}: @{handle} present {n} times: {row}");
            }
        }
    }
    assert_eq!(site.report.meetings, total);
    // People who came to several groups' meetings have one page with each group's count.
    let shared_people: Vec<(&String, &std::collections::BTreeMap<&str, usize>)> =
        attendance.iter().filter(|(_, g)| g.len() > 1).collect();
    assert!(
        !shared_people.is_empty(),
        "no one attended two groups' meetings?"
    );
    for (handle, per_group) in &shared_people {
        let page = site.read(&format!("people/{handle}/index.html"));
        let dl = text_of(between(
            &page,
            "<dl class=\"facts attendance-by-group\">",
            "</dl>",
        ));
        for (name, n) in per_group.iter() {
            let shown = dl
                .split_once(&format!("{name} "))
                .and_then(|(_, rest)| rest.split(' ').next())
                .and_then(|c| c.parse::<usize>().ok())
                .unwrap_or_else(|| panic!("@{handle}: no count for {name} in {dl}"));
            assert!(
                shown >= *n,
                "@{handle}: {name} {n} by the scan, {shown} shown: {dl}"
            );
            // …and the group's page agrees with the person's page.
            let slug = CORPUS_GROUPS
                .iter()
                .find(|g| g.2 == *name)
                .map(|g| g.1)
                .expect("group");
            let group_page = site.read(&format!("groups/{slug}/index.html"));
            let row = between(&group_page, &format!("people/{handle}/\">"), "</tr>");
            assert_eq!(
                numbers(row).first(),
                Some(&shown),
                "@{handle} on {slug}: {row}"
            );
        }
        // The per-group counts add up to the person's meetings.
        let total = text_of(between(&page, "<p class=\"meta\">Attended", "</p>"));
        let sum: usize = dl
            .split(" meeting")
            .filter_map(|part| part.rsplit(' ').next()?.parse::<usize>().ok())
            .sum();
        assert!(
            total.starts_with(&format!("Attended {sum} meeting")),
            "@{handle}: {total} vs {dl}"
        );
    }
    // Issues on several groups' agendas list each of those groups on their shared page.
    // (In this corpus: nodejs/security-wg#488, Package Maintenance 2019-02-11 → Security WG.)
    let across: Vec<_> = issue_groups.iter().filter(|(_, g)| g.len() > 1).collect();
    assert!(!across.is_empty(), "no issue on two groups' agendas?");
    for (key, names) in &across {
        let (repo, number) = key.split_once('#').expect("key");
        let page = site.read(&format!("issues/{repo}/{number}/index.html"));
        let facts = text_of(between(&page, "<dl class=\"facts\">", "</dl>"));
        let moved = text_of(between(&page, "<p class=\"meta movement\">", "</p>"));
        for name in names.iter() {
            assert!(facts.contains(name), "{key}: {name} missing in {facts}");
            assert!(moved.contains(name), "{key}: {name} missing in {moved}");
        }
    }
    eprintln!(
        "corpus as one site: {total} meetings, {} issues ({} on several groups' agendas), {} people ({} in several groups), {} files",
        site.report.issues,
        across.len(),
        site.report.people,
        shared_people.len(),
        site.report.files
    );
}

/// The numbers in `<td class="num">` cells, in order.
fn numbers(row: &str) -> Vec<usize> {
    row.split("<td class=\"num\">")
        .skip(1)
        .filter_map(|cell| cell.split('<').next()?.trim().parse().ok())
        .collect()
}

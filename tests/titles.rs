//! Titles as the lists, pages, feeds and search results show them: code spans as code, and no
//! date twice.

use crate::common::browser::run_browser_script;
use crate::common::static_server::serve;
use crate::common::{build_site, main_of, temp_site, Built};

const SITE: &str =
    "title = \"Titles WG\"\nrepo = \"acme/wg\"\nbase_url = \"https://example.org/\"\n";

/// Two meetings of the same group discussing an issue whose title has a code span, beside
/// one from another repository.
fn titled_site() -> (tempfile::TempDir, Built) {
    let dir = temp_site(
        SITE,
        &[
            (
                "2024-03-07.md",
                "# Titles WG Meeting 2024-03-07\n\n## Present\n\n* Ana Souza (@anasouza)\n\n\
                 ## Agenda\n\n### acme/wg\n\n\
                 * Building `create-pkg` & friends [#404](https://github.com/acme/wg/issues/404)\n  \
                 * Ana will draft the README\n\n### acme/docs\n\n\
                 * Docs site [#12](https://github.com/acme/docs/issues/12)\n",
            ),
            (
                "2024-04-04.md",
                "# Titles WG Meeting 2024-04-04\n\n## Agenda\n\n### acme/wg\n\n\
                 * Building `create-pkg` & friends [#404](https://github.com/acme/wg/issues/404)\n  \
                 * Shipped\n",
            ),
            (
                "2024-05-02.md",
                "# Planning for the June release\n\n## Agenda\n\n### acme/wg\n\n\
                 * One [#1](https://github.com/acme/wg/issues/1)\n\
                 * Two [#2](https://github.com/acme/wg/issues/2)\n\
                 * Three [#3](https://github.com/acme/wg/issues/3)\n\
                 * Four [#4](https://github.com/acme/wg/issues/4)\n\
                 * Five [#5](https://github.com/acme/wg/issues/5)\n",
            ),
        ],
    );
    let site = build_site(dir.path());
    (dir, site)
}

#[test]
fn code_spans_in_titles_render_as_code_on_every_page_and_in_feeds() {
    let (_dir, site) = titled_site();
    let code = "Building <code>create-pkg</code> &amp; friends";
    let issue = site.read("issues/acme/wg/404/index.html");
    assert!(
        main_of(&issue).contains(&format!("<h1>{code}</h1>")),
        "{issue}"
    );
    // The page's <title> is text.
    assert!(
        issue.contains("<title>Building `create-pkg` &amp; friends"),
        "{issue}"
    );
    for page in [
        "issues/index.html",
        "issues/recent/index.html",
        "meetings/2024-03-07/index.html",
        "index.html",
        "people/anasouza/index.html",
    ] {
        let html = site.read(page);
        assert!(main_of(&html).contains(code), "{page}: {html}");
        assert!(!main_of(&html).contains("`create-pkg`"), "{page}: {html}");
    }
    // Feeds: an HTML title where there is code, text elsewhere.
    let feed = site.read("issues/acme/wg/404/feed.xml");
    assert!(
        feed.contains(
            "<title type=\"html\">2024-04-04: Building &lt;code&gt;create-pkg&lt;/code&gt; \
             &amp;amp; friends (acme/wg#404)</title>"
        ),
        "{feed}"
    );
    let site_feed = site.read("feed.xml");
    assert!(site_feed.contains("<title>Titles WG Meeting 2024-04-04</title>"));
    assert!(
        site_feed.contains("Agenda: Building create-pkg &amp; friends (acme/wg#404)"),
        "{site_feed}"
    );
}

/// The text of every `class="issue-number"` element in `html`.
fn issue_numbers(html: &str) -> Vec<&str> {
    html.split("class=\"issue-number\"")
        .skip(1)
        .filter_map(|rest| rest.split_once('>'))
        .map(|(_, text)| text.split('<').next().unwrap_or(""))
        .collect()
}

#[test]
fn issue_numbers_name_their_repository_wherever_several_repositories_meet() {
    let (_dir, site) = titled_site();
    for page in [
        "index.html",
        "meetings/2024-03-07/index.html",
        "issues/index.html",
        "people/anasouza/index.html",
        "actions/2024/index.html",
    ] {
        let html = site.read(page);
        let numbers = issue_numbers(main_of(&html));
        assert!(!numbers.is_empty(), "{page}: {html}");
        for n in &numbers {
            let (repo, number) = n.split_once('#').unwrap_or(("", ""));
            assert!(
                repo.contains('/') && number.parse::<u64>().is_ok(),
                "{page}: {n:?} does not name its repository"
            );
        }
    }
    let meeting = site.read("meetings/2024-03-07/index.html");
    let toc = &meeting[meeting.find("class=\"toc").expect("toc")..];
    assert!(toc.contains(">acme/docs#12</span>"), "{toc}");
}

#[test]
fn lists_of_meetings_drop_a_date_the_title_repeats_and_show_the_first_agenda_titles() {
    let (_dir, site) = titled_site();
    let list = site.read("meetings/index.html");
    let list = main_of(&list);
    let item = |date: &str| {
        let at = list
            .find(&format!("<time datetime=\"{date}\">"))
            .expect(date);
        let rest = &list[at..];
        &rest[..rest.find("</li>").unwrap_or(rest.len())]
    };
    let march = item("2024-03-07");
    assert!(
        march.contains("<span class=\"meeting-title\">Titles WG Meeting</span>"),
        "{march}"
    );
    assert!(
        march.contains(
            "<span class=\"topics\">Building <code>create-pkg</code> &amp; friends · Docs site</span>"
        ),
        "{march}"
    );
    // A title without the date stays whole.
    let may = item("2024-05-02");
    assert!(
        may.contains("<span class=\"meeting-title\">Planning for the June release</span>"),
        "{may}"
    );
    assert!(
        may.contains(">One · Two · Three · and 2 more</span>"),
        "{may}"
    );
    // The meeting page keeps its whole title, and so does a person's list of meetings
    // without the date.
    let page = site.read("meetings/2024-03-07/index.html");
    assert!(
        page.contains("<h1>Titles WG Meeting 2024-03-07</h1>"),
        "{page}"
    );
    let person = site.read("people/anasouza/index.html");
    assert!(
        person.contains("<span class=\"meeting-title\">Titles WG Meeting</span>"),
        "{person}"
    );
}

#[test]
fn search_results_show_the_code_spans_of_titles_as_code() {
    // The generated archive's titles include "Threat model for `child_process.execFileSync`
    // and `worker_threads`".
    let site = crate::common::realistic::built();
    let addr = serve(site.out.clone(), "/acme/");
    let url = format!("http://{addr}/acme/search/");
    let cases = serde_json::json!([["code", "?q=execFileSync&kind=issue"]]);
    let Some(report) = run_browser_script("search.mjs", &[&url, &cases.to_string()]) else {
        return;
    };
    let results = report["cases"]["code"].as_array().expect("case");
    assert!(!results.is_empty(), "{report}");
    for r in results {
        let title = r["title"].as_str().unwrap_or("");
        assert!(!title.contains('`'), "{title:?}: {r}");
    }
    let code: u64 = results.iter().filter_map(|r| r["code"].as_u64()).sum();
    assert!(code > 0, "{report}");
}

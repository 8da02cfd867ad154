//! The default theme in a real browser: builds the example site (the repository root), serves it
//! on 127.0.0.1 ([`crate::common::static_server`]), and runs `tests/browser/theme.mjs` (Node,
//! playwright-core driving Debian's headless Chromium, axe-core injected into each page). That
//! script renders the home, a meeting, an issue, an initiative, the people and a year's action
//! items page (and `search/` once it exists) at 375 and 1280 px in light and dark, saves screenshots to `target/screenshots/`,
//! and reports overflow, unnamed images, heading order, axe violations, requests to other
//! origins and the CSS + JS budget as JSON.
//!
//! Needs `chromium` (or `CHROMIUM=/path`) and `npm ci --prefix tests/browser`. Without them the
//! browser test is skipped with a message on a developer machine and fails when `CI` is set.

use crate::common::build_with;
use crate::common::static_server::serve;
use std::path::{Path, PathBuf};
use std::process::Command;
use wgsite::Options;

/// What the theme's CSS and its own JavaScript may weigh together, uncompressed.
const BUDGET_BYTES: usize = 30 * 1024;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn build_example_site() -> crate::common::Built {
    build_with(Options {
        root: repo(),
        ..Options::default()
    })
}

#[test]
fn default_theme_passes_browser_checks_in_light_and_dark_at_phone_and_desktop_widths() {
    if let Some(why) = crate::common::browser::missing_tools() {
        crate::common::requirements::unavailable(&why);
        return;
    }
    let site = build_example_site();
    let base = format!("http://{}/", serve(site.out.clone(), "/"));
    let screenshots = repo().join("target/screenshots");
    let output = Command::new("node")
        .arg(repo().join("tests/browser/theme.mjs"))
        .arg(&base)
        .arg(&screenshots)
        // A long meeting with highlighted code, and the most discussed issue.
        .arg("meeting=meetings/2024-04-04/")
        .arg("issue=issues/examplejs/security-wg/898/")
        // The people table and a year's action items, with their filter and disclosure.
        .arg("people=people/")
        .arg("actions=actions/2024/")
        .output()
        .expect("run node tests/browser/theme.mjs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!("theme.mjs printed no JSON report ({e}); stdout:\n{stdout}\nstderr:\n{stderr}")
    });
    let failures: Vec<&str> = report["failures"]
        .as_array()
        .map(|a| a.iter().filter_map(|f| f.as_str()).collect())
        .unwrap_or_default();
    assert!(
        output.status.success() && report["ok"] == true && failures.is_empty(),
        "browser checks failed (exit {:?}):\n{}\n{}{stderr}",
        output.status.code(),
        failures.join("\n"),
        report["error"].as_str().unwrap_or("")
    );
    for impact in ["critical", "serious"] {
        assert_eq!(
            report["axe"]["counts"][impact], 0,
            "axe {impact} violations"
        );
    }
    // 6 pages (7 with search) × 2 widths × 2 colour schemes.
    assert!(report["checked"].as_u64().unwrap_or(0) >= 24, "{report}");
    let shots = report["screenshots"].as_array().expect("screenshots");
    assert!(shots.len() >= 16, "{shots:?}");
    for shot in shots {
        let path = shot.as_str().expect("screenshot path");
        assert!(Path::new(path).is_file(), "no screenshot at {path}");
    }
    let total = report["budget"]["total"].as_u64().unwrap_or(u64::MAX);
    assert!(total <= BUDGET_BYTES as u64, "CSS + JS: {total} bytes");
    eprintln!(
        "browser: {} page views, axe {}, CSS {} B + JS {} B, screenshots in {}",
        report["checked"],
        report["axe"]["counts"],
        report["budget"]["css"],
        report["budget"]["js"],
        screenshots.display()
    );
}

#[test]
fn default_theme_css_and_own_javascript_stay_under_30_kb() {
    let site = build_example_site();
    // The search page is the heaviest: it loads all of them.
    let sizes: Vec<(&str, usize)> = ["style.css", "theme-init.js", "theme.js", "search.js"]
        .into_iter()
        .filter(|f| site.exists(f))
        .map(|f| (f, site.read(f).len()))
        .collect();
    let total: usize = sizes.iter().map(|(_, n)| n).sum();
    assert!(total <= BUDGET_BYTES, "{sizes:?} = {total} bytes");
    // Other pages load exactly these, nothing else.
    let home = site.read("index.html");
    let assets: Vec<&str> = home
        .split(['"', '\''])
        .filter(|s| s.ends_with(".css") || s.ends_with(".js"))
        .collect();
    assert_eq!(
        assets,
        ["theme-init.js", "style.css", "theme.js"],
        "stylesheets and scripts of the home page"
    );
}

#[test]
fn theme_toggle_is_hidden_without_javascript_and_the_saved_scheme_applies_before_the_body() {
    let site = build_example_site();
    let page = site.read("meetings/2024-04-04/index.html");
    let head = &page[..page.find("<body").expect("body")];
    assert!(
        head.contains("<script src=\"../../theme-init.js\"></script>"),
        "blocking init script in <head>: {head}"
    );
    assert!(head.contains("<script src=\"../../theme.js\" defer></script>"));
    assert!(
        page.contains("class=\"theme-toggle\" aria-pressed=\"false\" title=\"Dark theme\" hidden>")
    );
    let init = site.read("theme-init.js");
    assert!(init.contains("localStorage") && init.contains("data-theme"));
    let css = site.read("style.css");
    assert!(css.contains(":root[data-theme=\"dark\"]{color-scheme:dark}"));
    assert!(css.contains("@media print"));
    // The header's search form submits `q` to the search page.
    assert!(page.contains(
        "<form class=\"search\" role=\"search\" aria-label=\"Site\" action=\"../../search/\">"
    ));
    assert!(page.contains("name=\"q\""));
}

#[test]
fn home_is_a_dashboard_of_the_latest_meeting_initiatives_and_issues_discussed_lately() {
    let site = build_example_site();
    let home = site.read("index.html");
    let main = crate::common::main_of(&home);
    let latest = &main[main.find("Latest meeting").expect("latest meeting")..];
    assert!(latest.contains("<time datetime=\"2025-06-05\">Jun 5, 2025</time>"));
    assert!(latest.contains("href=\"meetings/2025-06-05/#item-examplejs-security-wg-1120\""));
    // The 90 days up to 2025-06-05: #1098 came up in four meetings, #898 in two.
    let lately = &main[main.find("Most discussed lately").expect("lately")..];
    let first = lately.find("security-wg#1098</span>").expect("#1098");
    let second = lately.find("security-wg#898</span>").expect("#898");
    assert!(first < second, "{lately}");
    assert!(lately.contains(">4×</span>"), "{lately}");
    assert!(
        lately.contains("(since <time datetime=\"2025-03-13\">"),
        "{lately}"
    );
    // Active initiatives carry a named sparkline; the feed is one click away.
    assert!(main.contains(
        "<svg class=\"chart\" role=\"img\" aria-label=\"Mentions of Permission Model per month, \
         January 2024 to June 2025: "
    ));
    assert!(main.contains("href=\"feed.xml\""));
}

#[test]
fn long_meetings_get_a_table_of_contents_and_initiative_timelines_are_grouped_by_month() {
    let site = build_example_site();
    let meeting = site.read("meetings/2024-08-15/index.html");
    let toc = &meeting[meeting.find("<nav class=\"toc").expect("toc")..];
    let toc = &toc[..toc.find("</nav>").expect("end of toc")];
    for anchor in [
        "#present",
        "#agenda",
        "#minutes",
        "#item-examplejs-security-wg-898",
    ] {
        assert!(
            toc.contains(&format!("href=\"{anchor}\"")),
            "{anchor} in {toc}"
        );
    }
    let initiative = site.read("initiatives/permission-model/index.html");
    let months: Vec<&str> = initiative
        .split("<h3 class=\"timeline-month\"")
        .skip(1)
        .map(|h| h.split(['>', '<']).nth(1).unwrap_or(""))
        .collect();
    assert_eq!(months.first(), Some(&"June 2025"), "{months:?}");
    assert_eq!(months.last(), Some(&"January 2024"), "{months:?}");
    assert!(months.windows(2).all(|w| w[0] != w[1]), "{months:?}");
}

#[test]
fn pages_reference_nothing_on_other_origins_but_links() {
    let site = build_example_site();
    for page in [
        "index.html",
        "404.html",
        "meetings/2024-04-04/index.html",
        "issues/examplejs/security-wg/898/index.html",
        "initiatives/permission-model/index.html",
        "people/index.html",
    ] {
        let html = site.read(page);
        for attr in [" src=\"", "<link rel=\"stylesheet\" href=\"", " action=\""] {
            for value in html.split(attr).skip(1) {
                let url = value.split('"').next().unwrap_or("");
                assert!(
                    !url.contains("//") && !url.starts_with("data:"),
                    "{page} loads {url} from elsewhere"
                );
            }
        }
        assert!(!html.contains("@import"), "{page}");
        assert!(!html.contains("<script>"), "{page} has an inline script");
    }
    let css = site.read("style.css");
    assert!(
        !css.contains("url(") && !css.contains("@import") && !css.contains("@font-face"),
        "style.css fetches something"
    );
}

#[test]
fn script_links_in_minutes_are_text_and_raw_html_ones_are_stopped_by_the_policy_in_a_browser() {
    // `allow_html = true`: the raw `<a href="javascript:…">` stays a link, and only the
    // Content-Security-Policy stands between it and the reader.
    let dir = crate::common::temp_site(
        "title = \"Links\"\nrepo = \"o/r\"\nallow_html = true\n",
        &[(
            "2024-01-02.md",
            "# Meeting 2024-01-02\n\n## Agenda\n\n* Item [#1](https://github.com/o/r/issues/1)\n\
             \x20 * [x](javascript:window.ran=1;alert(1))\n\
             \x20 * <a id=\"raw\" href=\"javascript:window.ran=1;alert(2)\">raw</a>\n",
        )],
    );
    let site = crate::common::build_site(dir.path());
    let base = format!("http://{}/", serve(site.out.clone(), "/"));
    let page = format!("{base}meetings/2024-01-02/");
    let Some(report) = crate::common::browser::run_browser_script("links.mjs", &[&page]) else {
        return;
    };
    assert_eq!(report["errors"], serde_json::json!([]), "{report}");
    assert_eq!(report["dialogs"], serde_json::json!([]), "{report}");
    assert_eq!(report["ran"], serde_json::json!(false), "{report}");
    assert_eq!(report["url"], serde_json::json!(page), "{report}");
    // The one non-web link is the raw one; clicking it was a violation the policy stopped.
    assert_eq!(
        report["links"],
        serde_json::json!(["javascript:window.ran=1;alert(2)"]),
        "{report}"
    );
    let violations = report["violations"].as_array().map_or(0, Vec::len);
    assert!(violations >= 1, "{report}");
}

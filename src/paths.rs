//! The site's URL scheme: where every page, feed, data file and anchor lives. Every other
//! module asks here; none formats a site path itself (a test below holds them to it).
//!
//! A *site path* is relative to the site root, without a leading `/`. A page's ends with `/`
//! (the home page's is `""`) and the page is written to that folder's `index.html`
//! ([`page_file`]); a file's path is its own (`feed.xml`, `404.html`). The pages of one thing
//! are named by its key in the linked archive (a meeting's id, an issue's reference, an
//! initiative's or group's slug, a person's key), so this module needs nothing but those keys:
//! it sits after the link stage and before everything that writes or links to a page.

use crate::actions::Kind;
use crate::model::{push_decimal, IssueRef};

/// The home page.
pub const HOME: &str = "";
/// Every meeting, by year (on an org-wide site, every group's).
pub const MEETINGS: &str = "meetings/";
/// Every issue by repo, most discussed first; the two other orders follow.
pub const ISSUES: &str = "issues/";
pub const ISSUES_RECENT: &str = "issues/recent/";
pub const ISSUES_BY_NUMBER: &str = "issues/by-number/";
pub const INITIATIVES: &str = "initiatives/";
pub const PEOPLE: &str = "people/";
/// The action items found in the notes ([`action_list`]).
pub const ACTIONS: &str = "actions/";
/// The decision log ([`action_list`]).
pub const DECISIONS: &str = "decisions/";
/// Every group of an org-wide site (none on a single-group site).
pub const GROUPS: &str = "groups/";
pub const SEARCH: &str = "search/";
/// Served for any missing path, at any depth: its links are absolute.
pub const NOT_FOUND: &str = "404.html";

/// The pages that list the whole archive (each at its path + `index.html`); an org-wide site
/// also has [`GROUPS`].
pub const INDEX_PAGES: &[&str] = &[
    HOME,
    MEETINGS,
    ISSUES,
    ISSUES_RECENT,
    ISSUES_BY_NUMBER,
    INITIATIVES,
    PEOPLE,
    ACTIONS,
    DECISIONS,
];

/// The Atom feed of the latest meetings.
pub const SITE_FEED: &str = "feed.xml";
/// Every meeting and the scheduled ones, for calendar apps.
pub const CALENDAR: &str = "calendar.ics";
pub const SITEMAP: &str = "sitemap.xml";
pub const ROBOTS: &str = "robots.txt";
/// GitHub Pages' custom domain (only with `cname` set).
pub const CNAME: &str = "CNAME";
/// Tells GitHub Pages to publish the folder as it is.
pub const NOJEKYLL: &str = ".nojekyll";
/// The code highlighting's classes.
pub const SYNTAX_CSS: &str = "syntax.css";

/// The theme's static files that every page links to (the theme provides them).
pub const STYLESHEET: &str = "style.css";
pub const THEME_SCRIPT: &str = "theme.js";
pub const THEME_INIT_SCRIPT: &str = "theme-init.js";
pub const SEARCH_SCRIPT: &str = "search.js";

/// The JSON export, one file per kind of record.
pub const DATA_MEETINGS: &str = "data/meetings.json";
pub const DATA_ISSUES: &str = "data/issues.json";
pub const DATA_PEOPLE: &str = "data/people.json";
pub const DATA_INITIATIVES: &str = "data/initiatives.json";
pub const DATA_ACTIONS: &str = "data/actions.json";
/// Org-wide sites only.
pub const DATA_GROUPS: &str = "data/groups.json";

/// The folder of the search index; Pagefind names the files in it.
pub const SEARCH_INDEX: &str = "pagefind/";
/// The index's entry point, which the search page loads.
pub const SEARCH_INDEX_SCRIPT: &str = "pagefind/pagefind.js";
/// What the search page reads before any query (see `search::FACETS_FILE`).
pub const SEARCH_FACETS: &str = "pagefind/wgsite-facets.json";

/// A file Pagefind wrote, by its name inside the index.
pub fn search_index_file(name: &str) -> String {
    let mut out = String::with_capacity(SEARCH_INDEX.len() + name.len());
    out.push_str(SEARCH_INDEX);
    out.push_str(name);
    out
}

/// `prefix` + `key` + `/`, built by hand: meeting, issue and person paths go into nearly every
/// link of every page.
fn folder(prefix: &str, key: &str) -> String {
    let mut out = String::with_capacity(prefix.len() + key.len() + 1);
    out.push_str(prefix);
    out.push_str(key);
    out.push('/');
    out
}

/// A meeting's page (`meetings/2023-06-22/`, `meetings/tsc/2023-06-22-2/`), by its id.
pub fn meeting(id: &str) -> String {
    folder(MEETINGS, id)
}

/// An issue's timeline (`issues/owner/repo/N/`).
pub fn issue(r: &IssueRef) -> String {
    let mut out = String::with_capacity(ISSUES.len() + r.owner.len() + r.repo.len() + 24);
    out.push_str(ISSUES);
    out.push_str(&r.owner);
    out.push('/');
    out.push_str(&r.repo);
    out.push('/');
    push_decimal(&mut out, r.number, 1);
    out.push('/');
    out
}

/// An initiative's page (`initiatives/permission-model/`), by its slug.
pub fn initiative(slug: &str) -> String {
    folder(INITIATIVES, slug)
}

/// A person's page (`people/ana/`), by their key.
pub fn person(key: &str) -> String {
    folder(PEOPLE, key)
}

/// A group's page (`groups/tsc/`), by its slug.
pub fn group(slug: &str) -> String {
    folder(GROUPS, slug)
}

/// A group's list of meetings (`meetings/tsc/`): the folder its meetings' pages live in.
pub fn group_meetings(slug: &str) -> String {
    folder(MEETINGS, slug)
}

/// The index of action items or decisions: their years (and for actions, the people).
pub fn action_list(kind: Kind) -> &'static str {
    match kind {
        Kind::Action => ACTIONS,
        Kind::Decision => DECISIONS,
    }
}

/// The page listing the action items or decisions noted in `year` (`actions/2024/`).
pub fn action_year(kind: Kind, year: i32) -> String {
    let list = action_list(kind);
    let mut out = String::with_capacity(list.len() + 6);
    out.push_str(list);
    crate::model::push_signed(&mut out, i64::from(year), 4);
    out.push('/');
    out
}

/// An action item or decision where its year's page shows it
/// (`actions/2023/#action-2023-06-22-1`), by that year and its id, which is its anchor there.
pub fn action(kind: Kind, year: i32, id: &str) -> String {
    at(&action_year(kind, year), id)
}

/// The output file of the page or file at `path`: a page's `index.html`, a file itself.
pub fn page_file(path: &str) -> String {
    match path.is_empty() || path.ends_with('/') {
        true => {
            let mut out = String::with_capacity(path.len() + 10);
            out.push_str(path);
            out.push_str("index.html");
            out
        }
        false => path.to_string(),
    }
}

/// [`page_file`] of a path already owned.
pub fn into_page_file(mut path: String) -> String {
    if path.is_empty() || path.ends_with('/') {
        path.push_str("index.html");
    }
    path
}

/// The page an output file is (`meetings/2023-06-22/` for its `index.html`); a file that is no
/// folder's `index.html` is its own page.
pub fn page_of_file(file: &str) -> &str {
    match file.strip_suffix("index.html") {
        Some(folder) if folder.is_empty() || folder.ends_with('/') => folder,
        _ => file,
    }
}

/// The Atom feed beside a page (`issues/o/r/1/feed.xml`, `initiatives/x/feed.xml`,
/// `groups/tsc/feed.xml`).
pub fn feed_of(page: &str) -> String {
    let mut out = String::with_capacity(page.len() + SITE_FEED.len());
    out.push_str(page);
    out.push_str(SITE_FEED);
    out
}

/// The page a feed beside it stands for ([`feed_of`] undone).
pub fn page_of_feed(feed: &str) -> &str {
    feed.strip_suffix(SITE_FEED).unwrap_or(feed)
}

/// `path#anchor`.
pub fn at(path: &str, anchor: &str) -> String {
    let mut out = String::with_capacity(path.len() + anchor.len() + 1);
    out.push_str(path);
    out.push('#');
    out.push_str(anchor);
    out
}

/// The anchor of an agenda item on its meeting page (`item-nodejs-node-123`; dots become
/// dashes).
pub fn item_anchor(r: &IssueRef) -> String {
    // Called for every item of every page that lists one: built by hand, not with `format!`
    // and `replace` (4% of a build's time when it was).
    let mut out = String::with_capacity(r.owner.len() + r.repo.len() + 32);
    out.push_str("item-");
    for part in [r.owner.as_str(), r.repo.as_str()] {
        // Dots become dashes; copied a run at a time, not a character at a time.
        for (i, run) in part.split('.').enumerate() {
            if i > 0 {
                out.push('-');
            }
            out.push_str(run);
        }
        out.push('-');
    }
    push_decimal(&mut out, r.number, 1);
    out
}

/// The anchor of a meeting's entry in a timeline (an issue's, an initiative's): `on-` and the
/// meeting's date, or on an org-wide site its id (`on-tsc-2023-06-22`), which two groups
/// meeting on one day do not share.
pub fn timeline_anchor(meeting_id: &str, date: crate::model::Date, org_wide: bool) -> String {
    let mut out = String::with_capacity(3 + meeting_id.len());
    out.push_str("on-");
    match org_wide {
        true => out.extend(meeting_id.chars().map(|c| if c == '/' { '-' } else { c })),
        false => date.push_iso(&mut out),
    }
    out
}

/// The anchor of a person's section of an action list (`person-ana-souza`).
pub fn action_person_anchor(key: &str) -> String {
    let mut out = String::from("person-");
    out.push_str(&crate::model::slugify(key));
    out
}

/// The anchor of the action list's section of items nobody took.
pub const ACTION_UNASSIGNED_ANCHOR: &str = "unassigned";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Date, RefKind};

    #[test]
    fn pages_of_one_thing() {
        let r = IssueRef::parse("NodeJS", "security-wg", 898, RefKind::Issue).expect("valid");
        assert_eq!(issue(&r), "issues/nodejs/security-wg/898/");
        assert_eq!(meeting("2023-06-22-2"), "meetings/2023-06-22-2/");
        assert_eq!(meeting("tsc/2023-06-22"), "meetings/tsc/2023-06-22/");
        assert_eq!(
            initiative("permission-model"),
            "initiatives/permission-model/"
        );
        assert_eq!(person("ana"), "people/ana/");
        assert_eq!(group("tsc"), "groups/tsc/");
        assert_eq!(group_meetings("tsc"), "meetings/tsc/");
        assert_eq!(
            action(Kind::Decision, 2023, "decision-2023-06-22-1"),
            "decisions/2023/#decision-2023-06-22-1"
        );
        assert_eq!(action_year(Kind::Action, 987), "actions/0987/");
        assert_eq!(search_index_file("pagefind.js"), SEARCH_INDEX_SCRIPT);
    }

    #[test]
    fn files_of_pages_and_back() {
        for (page, file) in [
            (HOME, "index.html"),
            (MEETINGS, "meetings/index.html"),
            ("people/ana/", "people/ana/index.html"),
            (NOT_FOUND, "404.html"),
            (SITE_FEED, "feed.xml"),
        ] {
            assert_eq!(page_file(page), file);
            assert_eq!(into_page_file(page.to_string()), file);
            assert_eq!(page_of_file(file), page);
        }
        // A file merely ending in `index.html` is its own page.
        assert_eq!(page_of_file("notindex.html"), "notindex.html");
        let page = issue(&IssueRef::parse("o", "r", 1, RefKind::Issue).expect("valid"));
        assert_eq!(feed_of(&page), "issues/o/r/1/feed.xml");
        assert_eq!(page_of_feed(&feed_of(&page)), page);
        assert_eq!(page_of_feed(SITE_FEED), HOME);
    }

    #[test]
    fn anchors() {
        let r = IssueRef::parse("nodejs", "nodejs.org", 5123, RefKind::Pull).expect("valid");
        assert_eq!(item_anchor(&r), "item-nodejs-nodejs-org-5123");
        let dots = IssueRef::parse("a-", "b..c", 7, RefKind::Issue).expect("valid");
        assert_eq!(item_anchor(&dots), "item-a--b--c-7");
        let date = Date::new(2023, 6, 22).expect("date");
        assert_eq!(timeline_anchor("2023-06-22", date, false), "on-2023-06-22");
        assert_eq!(
            timeline_anchor("tsc/2023-06-22-2", date, true),
            "on-tsc-2023-06-22-2"
        );
        assert_eq!(action_person_anchor("Ana Souza"), "person-ana-souza");
        assert_eq!(
            at(&meeting("2023-06-22"), "item-o-r-1"),
            "meetings/2023-06-22/#item-o-r-1"
        );
    }

    /// Pieces of the URL scheme as they appear in code that formats a site path itself.
    const SCHEME: &[&str] = &[
        "\"meetings/",
        "\"issues/",
        "\"initiatives/",
        "\"people/",
        "\"groups/",
        "\"actions/",
        "\"decisions/",
        "\"search/",
        "\"data/",
        "\"pagefind/",
        "feed.xml\"",
        "calendar.ics\"",
        "sitemap.xml\"",
        "robots.txt\"",
        "}index.html",
        "}/index.html",
        "\"item-",
        "\"on-",
        "\"person-",
    ];

    /// Files that may name a piece of the scheme, and why.
    const ALLOWED: &[(&str, &str)] = &[
        // `serve`'s request handler answers a request for a folder URL with that folder's
        // `index.html`, as a static host does, whatever the folder is.
        ("serve/respond.rs", "}index.html"),
        ("serve/respond.rs", "}/index.html"),
    ];

    /// Where `code` (a file's compiled code) names a piece of the scheme: (line, piece).
    fn formatted_paths<'a>(file: &str, code: &'a str) -> Vec<(&'a str, &'static str)> {
        code.lines()
            .flat_map(|line| SCHEME.iter().map(move |piece| (line, *piece)))
            .filter(|(line, piece)| line.contains(piece) && !ALLOWED.contains(&(file, *piece)))
            .collect()
    }

    #[test]
    fn no_other_module_formats_a_site_path() {
        let sources = crate::test_support::compiled_sources();
        assert!(sources
            .iter()
            .any(|(file, _)| file == "render/pages/mod.rs"));
        let mut found = Vec::new();
        for (file, code) in sources {
            if file == "paths.rs" {
                continue;
            }
            for (line, piece) in formatted_paths(&file, &code) {
                found.push(format!("{file}: {piece} in {}", line.trim()));
            }
        }
        assert!(
            found.is_empty(),
            "ask `paths` instead:\n{}",
            found.join("\n")
        );
    }

    #[test]
    fn the_scan_finds_a_path_formatted_by_hand() {
        let code = crate::test_support::compiled_code(
            "// format!(\"initiatives/{slug}/\") in a comment\n\
             let a = format!(\"initiatives/{}/\", slug);\n\
             let b = format!(\"{path}feed.xml\");\n\
             #[cfg(test)]\nmod tests {\n    \"meetings/2024-01-01/\"\n}\n",
        );
        let found: Vec<&str> = formatted_paths("x.rs", &code)
            .into_iter()
            .map(|(_, piece)| piece)
            .collect();
        assert_eq!(found, ["\"initiatives/", "feed.xml\""]);
        assert!(formatted_paths("serve/respond.rs", "format!(\"{key}index.html\")").is_empty());
    }
}

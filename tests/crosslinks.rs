//! Cross-links: issue timelines, initiatives (with their activity charts), people and feeds.

use crate::common::{build_site, build_with, fixture, main_of, shared};
use quick_xml::events::Event;
use quick_xml::Reader;
use std::collections::BTreeMap;
use wgsite::Options;

/// Parses an Atom feed, checking the elements RFC 4287 requires; returns the entry link hrefs.
fn atom_entries(xml: &str) -> Vec<String> {
    let mut reader = Reader::from_str(xml);
    let mut path: Vec<String> = Vec::new();
    let mut feed_children: BTreeMap<String, usize> = BTreeMap::new();
    let mut entry_children: Vec<BTreeMap<String, usize>> = Vec::new();
    let mut links = Vec::new();
    loop {
        match reader.read_event().expect("well-formed XML") {
            ev @ (Event::Start(_) | Event::Empty(_)) => {
                let (Event::Start(e) | Event::Empty(e)) = &ev else {
                    continue;
                };
                let opens = matches!(ev, Event::Start(_));
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                if path.is_empty() {
                    assert_eq!(name, "feed");
                    let ns = e.try_get_attribute("xmlns").expect("attr").expect("xmlns");
                    assert_eq!(ns.value.as_ref(), b"http://www.w3.org/2005/Atom");
                } else if path.len() == 1 {
                    *feed_children.entry(name.clone()).or_default() += 1;
                    if name == "entry" {
                        entry_children.push(BTreeMap::new());
                    }
                } else if path.len() == 2 && path[1] == "entry" {
                    if let Some(last) = entry_children.last_mut() {
                        *last.entry(name.clone()).or_default() += 1;
                    }
                    if name == "link" {
                        let href = e.try_get_attribute("href").expect("attr").expect("href");
                        links.push(String::from_utf8_lossy(&href.value).into_owned());
                    }
                }
                if opens {
                    path.push(name);
                }
            }
            Event::End(_) => {
                path.pop();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    for required in ["id", "title", "updated", "author"] {
        assert_eq!(
            feed_children.get(required),
            Some(&1),
            "feed needs one <{required}>"
        );
    }
    for entry in &entry_children {
        for required in ["id", "title", "updated", "link"] {
            assert!(
                entry.contains_key(required),
                "entry needs <{required}>: {entry:?}"
            );
        }
    }
    links
}

#[test]
fn feeds_are_valid_atom_with_absolute_urls() {
    let site = build_site(&fixture("build/recurring"));
    let links = atom_entries(&site.read("feed.xml"));
    assert_eq!(links.len(), 3);
    assert!(links
        .iter()
        .all(|l| l.starts_with("https://example.org/recurring/meetings/")));
    let issue_links = atom_entries(&site.read("issues/acme/wg/5/feed.xml"));
    assert_eq!(
        issue_links,
        [
            "https://example.org/recurring/meetings/2024-03-20/#item-acme-wg-5",
            "https://example.org/recurring/meetings/2024-02-14/#item-acme-wg-5",
            "https://example.org/recurring/meetings/2024-01-10/#item-acme-wg-5",
        ]
    );
    assert_eq!(
        atom_entries(&site.read("initiatives/widgets/feed.xml")).len(),
        5
    );
    let issue_page = site.read("issues/acme/wg/5/index.html");
    assert!(issue_page.contains("type=\"application/atom+xml\" title=\"Mentions of this issue\" href=\"../../../../issues/acme/wg/5/feed.xml\""));
}

/// Every feed of the example site, as a feed reader reads it (feed-rs, the parser feed
/// readers are built on): Atom, titled, each entry with an id, a title, an update time and a
/// link to a page of the site under its absolute address.
#[test]
fn every_feed_is_read_by_a_feed_reader() {
    let site = build_site(std::path::Path::new(env!("CARGO_MANIFEST_DIR")));
    let base = "https://examplejs.github.io/security-wg/";
    let mut feeds = 0;
    let mut entries = 0;
    for entry in walkdir::WalkDir::new(&site.out) {
        let entry = entry.expect("entry");
        if entry.file_name() != "feed.xml" {
            continue;
        }
        let bytes = std::fs::read(entry.path()).expect("feed");
        let feed = feed_rs::parser::parse(bytes.as_slice())
            .unwrap_or_else(|e| panic!("{}: {e}", entry.path().display()));
        let name = entry.path().display().to_string();
        assert_eq!(feed.feed_type, feed_rs::model::FeedType::Atom, "{name}");
        assert!(
            feed.title.is_some_and(|t| !t.content.trim().is_empty()),
            "{name}"
        );
        assert!(feed.updated.is_some(), "{name}");
        assert!(
            feed.links.iter().any(|l| l.href.starts_with(base)),
            "{name}: {:?}",
            feed.links
        );
        for item in &feed.entries {
            assert!(item.id.starts_with(base), "{name}: id {}", item.id);
            assert!(
                item.title
                    .as_ref()
                    .is_some_and(|t| !t.content.trim().is_empty()),
                "{name}"
            );
            assert!(
                item.updated.is_some() || item.published.is_some(),
                "{name}: {}",
                item.id
            );
            assert!(
                item.links
                    .iter()
                    .any(|l| l.href.starts_with(&format!("{base}meetings/"))),
                "{name}: {:?}",
                item.links
            );
            entries += 1;
        }
        feeds += 1;
    }
    // The site feed, one per issue and per initiative.
    assert!(feeds > 20, "{feeds} feeds");
    assert!(entries > feeds, "{entries} entries in {feeds} feeds");
}

#[test]
fn the_activity_chart_has_one_bar_per_month_with_the_right_heights() {
    let site = build_site(&fixture("build/recurring"));
    let page = site.read("initiatives/widgets/index.html");
    // #5 in Jan, Feb, Mar; #7 in Jan and Mar: 2, 1, 2 mentions, on a plot 90 px high.
    let bars: Vec<(&str, &str)> = page
        .match_indices("<rect class=\"bar\" data-month=\"")
        .map(|(i, _)| {
            let rest = &page[i + 30..];
            let month = &rest[..7];
            let h = rest
                .find("height=\"")
                .map(|j| &rest[j + 8..])
                .expect("height");
            (month, &h[..h.find('"').expect("quote")])
        })
        .collect();
    assert_eq!(
        bars,
        [("2024-01", "90"), ("2024-02", "45"), ("2024-03", "90")]
    );
}

#[test]
fn a_status_phrase_shows_on_the_timeline() {
    let site = build_site(&fixture("build/recurring"));
    let page = site.read("issues/acme/wg/5/index.html");
    assert!(
        main_of(&page).contains("<span class=\"status status-removed\">removed from agenda</span>")
    );
    let seven = site.read("issues/acme/wg/7/index.html");
    assert!(seven.contains("status-no-update"));
}

#[test]
fn people_pages_list_issues_whose_notes_name_them() {
    let site = build_site(&fixture("build/recurring"));
    // "Bob to review" does not use a handle; the recurring fixture names nobody by @handle, so
    // use the example site, where notes say "@bokafor will follow up".
    let example = build_site(std::path::Path::new(env!("CARGO_MANIFEST_DIR")));
    let page = example.read("people/bokafor/index.html");
    assert!(page.contains("Named in the notes of"), "{page}");
    assert!(!site
        .read("people/alice/index.html")
        .contains("Named in the notes of"));
}

/// Counts meetings of the security WG archive whose file has a bullet line linking `number`.
fn meetings_linking(archive: &std::path::Path, number: u32) -> usize {
    let needle = format!("nodejs/security-wg/issues/{number})");
    std::fs::read_dir(archive)
        .expect("dir")
        .flatten()
        .filter(|e| e.path().is_file())
        .filter(|e| {
            let text =
                String::from_utf8_lossy(&std::fs::read(e.path()).unwrap_or_default()).into_owned();
            text.lines()
                .any(|l| l.starts_with("* ") && l.contains(&needle))
        })
        .count()
}

#[test]
fn the_security_wg_initiatives_show_their_timelines_from_2022_to_2024() {
    let Some(shared) = shared() else { return };
    let site = build_with(Options {
        root: fixture("corpus/security-wg"),
        ..Options::default()
    });
    let archive = shared.join("corpus/nodejs-security-wg");
    // The permission model work started in 2022, the badge work in 2023.
    for (slug, numbers, years) in [
        (
            "permission-model",
            [791, 898],
            &["2022", "2023", "2024"][..],
        ),
        ("best-practices-badge", [953, 859], &["2023", "2024"][..]),
    ] {
        let page = site.read(&format!("initiatives/{slug}/index.html"));
        let main = main_of(&page);
        for year in years {
            assert!(
                main.contains(&format!("<time datetime=\"{year}-")),
                "{slug}: nothing in {year}"
            );
        }
        for n in numbers {
            assert!(
                main.contains(&format!("href=\"../../issues/nodejs/security-wg/{n}/\"")),
                "{slug}: #{n}"
            );
            let issue = site.read(&format!("issues/nodejs/security-wg/{n}/index.html"));
            let entries = main_of(&issue).matches("class=\"timeline-entry\"").count();
            // Our count includes the non-canonical forms a plain scan misses.
            assert!(
                entries >= meetings_linking(&archive, n),
                "#{n}: {entries} entries"
            );
        }
    }
    let pm = site.read("issues/nodejs/security-wg/898/index.html");
    assert!(pm.contains("Permission Model - Roadmap"));
    assert!(pm.contains("href=\"../../../../initiatives/permission-model/\""));
}

#[test]
fn a_long_initiative_timeline_keeps_the_notes_of_its_newest_entries() {
    let files: Vec<(String, String)> = (0..70)
        .map(|m| {
            let date = format!("2023-{:02}-{:02}", m / 28 + 1, m % 28 + 1);
            let text = format!(
                "# WG Meeting {date}\n\n* Widget plan [#1](https://github.com/o/r/issues/1)\n  * note of meeting {m}\n"
            );
            (format!("{date}.md"), text)
        })
        .collect();
    let borrowed: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let dir = crate::common::temp_site(
        "title = \"T\"\nrepo = \"o/r\"\n[search]\nenabled = false\n\n[[initiatives]]\nslug = \"w\"\nname = \"Widgets\"\ndescription = \"\"\nissues = [\"o/r#1\"]\n",
        &borrowed,
    );
    let site = crate::common::build_site(dir.path());
    let page = site.read("initiatives/w/index.html");
    let main = main_of(&page);
    assert_eq!(main.matches("class=\"timeline-entry\"").count(), 70);
    assert_eq!(main.matches("class=\"notes prose\"").count(), 60);
    assert!(main.contains("note of meeting 69") && main.contains("note of meeting 10"));
    assert!(
        !main.contains("note of meeting 9<"),
        "older notes are left out"
    );
    assert!(main.contains("The notes of the 60 latest discussions are shown; the 10 earlier"));
    // The issue page keeps every note.
    let issue = site.read("issues/o/r/1/index.html");
    assert_eq!(main_of(&issue).matches("class=\"notes prose\"").count(), 70);
}

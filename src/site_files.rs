//! Files for crawlers and hosts: the site's [`Config`], its [`Archive`] and rendered pages →
//! `/sitemap.xml` (absolute URLs, `lastmod` from meeting dates), `/robots.txt` and, when
//! `cname` is set, `/CNAME` for GitHub Pages — as [`OutputFile`]s. Pure: no I/O.

use crate::archive::Archive;
use crate::config::Config;
use crate::markdown::escape_html;
use crate::model::Date;
use crate::output::OutputFile;
use crate::paths;
use std::collections::HashMap;

/// All the site files for a site whose rendered files have the output paths `paths`: the
/// sitemap lists every HTML page among them (except `404.html`), dated from the archive.
pub fn site_files(config: &Config, archive: &Archive, paths: &[&str]) -> Vec<OutputFile> {
    let dates = page_dates(archive);
    let pages = html_pages(paths, &dates);
    let mut out = Vec::with_capacity(3);
    if let Some(sitemap) = sitemap(config, &pages) {
        out.push(sitemap);
    }
    out.push(robots(config));
    out.extend(cname(config));
    out
}

/// Site paths (`""`, `meetings/2024-01-11/`) of the HTML pages among `files`, each with the date
/// it last changed when one is known. `404.html` is not a page anyone should land on from a
/// search engine, so it is left out.
pub fn html_pages(paths: &[&str], dates: &HashMap<String, Date>) -> Vec<(String, Option<Date>)> {
    let mut pages: Vec<(String, Option<Date>)> = paths
        .iter()
        .filter(|p| p.ends_with(".html") && **p != paths::NOT_FOUND)
        .map(|p| {
            let path = paths::page_of_file(p).to_string();
            let date = dates.get(&path).copied();
            (path, date)
        })
        .collect();
    pages.sort();
    pages
}

/// When each page of the archive last changed: a meeting page on its meeting's date, an issue,
/// initiative or person page on its latest mention, the indexes on the latest meeting.
pub fn page_dates(archive: &Archive) -> HashMap<String, Date> {
    let date_of = |meeting: usize| archive.meetings.get(meeting).map(|m| m.minutes.date);
    let mut dates = HashMap::new();
    for m in &archive.meetings {
        dates.insert(paths::meeting(&m.id), m.minutes.date);
    }
    for issue in archive.issues.values() {
        if let Some(d) = issue
            .mentions
            .iter()
            .filter_map(|m| date_of(m.meeting))
            .max()
        {
            dates.insert(paths::issue(&issue.reference), d);
        }
    }
    for i in &archive.initiatives {
        if let Some(d) = i.mentions.iter().filter_map(|m| date_of(m.meeting)).max() {
            dates.insert(paths::initiative(&i.config.slug), d);
        }
    }
    for p in archive.people.values() {
        if let Some(d) = p.meetings.iter().filter_map(|&m| date_of(m)).max() {
            dates.insert(paths::person(&p.key), d);
        }
    }
    if let Some(latest) = archive.meetings.iter().map(|m| m.minutes.date).max() {
        for index in paths::INDEX_PAGES {
            dates.insert(index.to_string(), latest);
        }
        if archive.is_org_wide() {
            dates.insert(paths::GROUPS.to_string(), latest);
        }
    }
    for g in &archive.groups {
        if let Some(d) = g.meetings.last().and_then(|&i| date_of(i)) {
            dates.insert(paths::group(&g.config.slug), d);
            dates.insert(paths::group_meetings(&g.config.slug), d);
        }
    }
    dates
}

/// Whether `base_url` is absolute (`https://…`): sitemaps need absolute URLs.
fn is_absolute(base_url: &str) -> bool {
    base_url.starts_with("https://") || base_url.starts_with("http://")
}

/// `/sitemap.xml` listing `pages` (site path, last change) under `config.base_url`; `None` when
/// the site has no absolute `base_url` (the sitemap protocol only allows absolute URLs).
pub fn sitemap(config: &Config, pages: &[(String, Option<Date>)]) -> Option<OutputFile> {
    if !is_absolute(&config.base_url) {
        return None;
    }
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (path, date) in pages {
        xml.push_str("  <url><loc>");
        xml.push_str(&escape_html(&format!("{}{}", config.base_url, path)));
        xml.push_str("</loc>");
        if let Some(d) = date {
            xml.push_str(&format!("<lastmod>{d}</lastmod>"));
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    Some(OutputFile::new(paths::SITEMAP, xml))
}

/// `/robots.txt`: everything may be crawled; names the sitemap when there is one. (Crawlers
/// read it only at a host's root, so under a sub-path it is inert, but harmless.)
pub fn robots(config: &Config) -> OutputFile {
    let mut text = String::from("User-agent: *\nAllow: /\n");
    if is_absolute(&config.base_url) {
        text.push_str(&format!(
            "\nSitemap: {}{}\n",
            config.base_url,
            paths::SITEMAP
        ));
    }
    OutputFile::new(paths::ROBOTS, text)
}

/// `/CNAME` with the custom domain, which GitHub Pages reads from the published files.
pub fn cname(config: &Config) -> Option<OutputFile> {
    config
        .cname
        .as_ref()
        .map(|host| OutputFile::new(paths::CNAME, format!("{host}\n")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(extra: &str) -> Config {
        Config::parse(&format!("title = \"T\"\n{extra}"), "site.toml").expect("valid config")
    }

    fn text(f: &OutputFile) -> &str {
        std::str::from_utf8(&f.bytes).expect("utf-8")
    }

    #[test]
    fn sitemap_lists_absolute_urls_with_dates() {
        let c = config("base_url = \"https://example.org/wg\"\n");
        let pages = vec![
            (String::new(), Date::new(2024, 2, 1)),
            ("meetings/2024-01-11/".to_string(), Date::new(2024, 1, 11)),
            ("people/a&b/".to_string(), None),
        ];
        let map = sitemap(&c, &pages).expect("absolute base_url");
        assert_eq!(map.path, "sitemap.xml");
        let xml = text(&map);
        assert!(
            xml.contains(
                "<url><loc>https://example.org/wg/</loc><lastmod>2024-02-01</lastmod></url>"
            ),
            "{xml}"
        );
        assert!(xml.contains("<loc>https://example.org/wg/meetings/2024-01-11/</loc><lastmod>2024-01-11</lastmod>"), "{xml}");
        assert!(
            xml.contains("<url><loc>https://example.org/wg/people/a&amp;b/</loc></url>"),
            "{xml}"
        );
    }

    #[test]
    fn no_sitemap_without_an_absolute_base_url() {
        let c = config("");
        assert!(sitemap(&c, &[(String::new(), None)]).is_none());
        assert_eq!(text(&robots(&c)), "User-agent: *\nAllow: /\n");
    }

    #[test]
    fn robots_names_the_sitemap() {
        let c = config("base_url = \"https://example.org/wg/\"\n");
        assert!(text(&robots(&c)).ends_with("Sitemap: https://example.org/wg/sitemap.xml\n"));
    }

    #[test]
    fn cname_file_only_when_configured() {
        assert!(cname(&config("")).is_none());
        let c = config("cname = \"wg.example.org\"\n");
        let file = cname(&c).expect("cname");
        assert_eq!(
            (file.path.as_str(), text(&file)),
            ("CNAME", "wg.example.org\n")
        );
    }

    #[test]
    fn pages_are_the_html_files_but_the_404() {
        let files = [
            "index.html",
            "404.html",
            "style.css",
            "meetings/2024-01-11/index.html",
        ];
        let dates = HashMap::from([(
            "meetings/2024-01-11/".to_string(),
            Date {
                year: 2024,
                month: 1,
                day: 11,
            },
        )]);
        assert_eq!(
            html_pages(&files, &dates),
            vec![
                (String::new(), None),
                ("meetings/2024-01-11/".to_string(), Date::new(2024, 1, 11))
            ]
        );
    }
}

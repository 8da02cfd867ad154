//! Atom feeds: the latest meetings as `/feed.xml`, with absolute URLs from `base_url`.

use crate::archive::Archive;
use crate::config::Config;
use crate::markdown::escape_html;
use crate::model::Date;

/// How many meetings the site feed carries.
pub const FEED_LENGTH: usize = 20;

fn timestamp(d: Date) -> String {
    format!("{d}T00:00:00Z")
}

pub fn site_feed(config: &Config, archive: &Archive) -> String {
    let url = |path: &str| format!("{}{}", config.base_url, path);
    let updated = archive.meetings.last().map_or_else(
        || "1970-01-01T00:00:00Z".to_string(),
        |m| timestamp(m.minutes.date),
    );
    let mut xml = String::new();
    xml.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    xml.push_str(&format!(
        "  <title>{}</title>\n",
        escape_html(&config.title)
    ));
    if !config.description.is_empty() {
        xml.push_str(&format!(
            "  <subtitle>{}</subtitle>\n",
            escape_html(&config.description)
        ));
    }
    xml.push_str(&format!("  <id>{}</id>\n", escape_html(&url(""))));
    xml.push_str(&format!(
        "  <link rel=\"self\" href=\"{}\"/>\n",
        escape_html(&url("feed.xml"))
    ));
    xml.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        escape_html(&url(""))
    ));
    xml.push_str(&format!("  <updated>{updated}</updated>\n"));
    xml.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        escape_html(&config.title)
    ));
    xml.push_str(&format!(
        "  <generator>wgsite {}</generator>\n",
        env!("CARGO_PKG_VERSION")
    ));
    for m in archive.meetings.iter().rev().take(FEED_LENGTH) {
        let link = url(&m.page_path());
        let summary: Vec<String> = m
            .minutes
            .items
            .iter()
            .map(|i| format!("{} ({})", i.title, i.reference.key()))
            .collect();
        xml.push_str("  <entry>\n");
        xml.push_str(&format!(
            "    <title>{}</title>\n",
            escape_html(&m.minutes.title)
        ));
        xml.push_str(&format!("    <id>{}</id>\n", escape_html(&link)));
        xml.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            escape_html(&link)
        ));
        xml.push_str(&format!(
            "    <updated>{}</updated>\n",
            timestamp(m.minutes.date)
        ));
        xml.push_str(&format!(
            "    <summary>{}</summary>\n",
            escape_html(&if summary.is_empty() {
                m.minutes.title.clone()
            } else {
                format!("Agenda: {}", summary.join("; "))
            })
        ));
        xml.push_str("  </entry>\n");
    }
    xml.push_str("</feed>\n");
    xml
}

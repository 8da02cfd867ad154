//! Atom feeds (RFC 4287) with absolute URLs from `base_url`: the latest meetings (`/feed.xml`),
//! and one feed per issue and per initiative (each mention of the issue is an entry).

use crate::archive::{Archive, Meeting, Mention};
use crate::config::Config;
use crate::markdown::escape_html;
use crate::model::Date;

/// How many entries a feed carries at most.
pub const FEED_LENGTH: usize = 20;

/// One feed entry.
pub struct Entry {
    pub title: String,
    /// Absolute URL; also the entry's id (with a fragment when several entries share a page).
    pub url: String,
    pub updated: Date,
    pub summary: String,
}

fn timestamp(d: Date) -> String {
    format!("{d}T00:00:00Z")
}

/// Writes an Atom document. `path` is the feed's own site path (`feed.xml`,
/// `issues/o/r/1/feed.xml`), `page` the HTML page it accompanies.
pub fn atom(config: &Config, title: &str, path: &str, page: &str, entries: &[Entry]) -> String {
    let url = |p: &str| format!("{}{}", config.base_url, p);
    let updated = entries
        .iter()
        .map(|e| e.updated)
        .max()
        .map_or_else(|| "1970-01-01T00:00:00Z".to_string(), timestamp);
    let mut xml = String::with_capacity(1024 + entries.len() * 512);
    xml.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    xml.push_str(&format!("  <title>{}</title>\n", escape_html(title)));
    if !config.description.is_empty() {
        xml.push_str(&format!(
            "  <subtitle>{}</subtitle>\n",
            escape_html(&config.description)
        ));
    }
    xml.push_str(&format!("  <id>{}</id>\n", escape_html(&url(path))));
    xml.push_str(&format!(
        "  <link rel=\"self\" href=\"{}\"/>\n",
        escape_html(&url(path))
    ));
    xml.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        escape_html(&url(page))
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
    for e in entries.iter().take(FEED_LENGTH) {
        xml.push_str("  <entry>\n");
        xml.push_str(&format!("    <title>{}</title>\n", escape_html(&e.title)));
        xml.push_str(&format!("    <id>{}</id>\n", escape_html(&e.url)));
        xml.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            escape_html(&e.url)
        ));
        xml.push_str(&format!(
            "    <updated>{}</updated>\n",
            timestamp(e.updated)
        ));
        xml.push_str(&format!(
            "    <summary>{}</summary>\n",
            escape_html(&e.summary)
        ));
        xml.push_str("  </entry>\n");
    }
    xml.push_str("</feed>\n");
    xml
}

/// `/feed.xml`: the latest meetings, newest first (on an org-wide site a title that does not
/// name its group starts with the group's name).
pub fn site_feed(config: &Config, archive: &Archive) -> String {
    let entries: Vec<Entry> = archive
        .meetings
        .iter()
        .enumerate()
        .rev()
        .take(FEED_LENGTH)
        .map(|(i, m)| {
            let mut entry = meeting_entry(config, m);
            let group = archive.group_of(i).map(|g| &g.config.name);
            if let Some(name) = group.filter(|n| !entry.title.contains(n.as_str())) {
                entry.title = format!("{name}: {}", entry.title);
            }
            entry
        })
        .collect();
    atom(config, &config.title, "feed.xml", "", &entries)
}

/// A meeting as a feed entry: its title, page and agenda.
pub fn meeting_entry(config: &Config, m: &Meeting) -> Entry {
    let agenda: Vec<String> = m
        .minutes
        .items
        .iter()
        .map(|i| format!("{} ({})", i.title, i.reference.key()))
        .collect();
    Entry {
        title: m.minutes.title.clone(),
        url: format!("{}{}", config.base_url, m.page_path()),
        updated: m.minutes.date,
        summary: if agenda.is_empty() {
            m.minutes.title.clone()
        } else {
            format!("Agenda: {}", agenda.join("; "))
        },
    }
}

/// Entries for mentions (newest first): one per meeting that discussed the issue(s).
pub fn mention_entries(config: &Config, archive: &Archive, mentions: &[Mention]) -> Vec<Entry> {
    mentions
        .iter()
        .rev()
        .take(FEED_LENGTH)
        .filter_map(|mt| {
            let meeting = archive.meetings.get(mt.meeting)?;
            let item = meeting.minutes.items.get(mt.item)?;
            let anchor = crate::render::views::item_anchor(&item.reference);
            let notes = crate::markdown::without_comments(&item.notes_md);
            let notes = notes.trim();
            Some(Entry {
                title: format!(
                    "{}: {} ({})",
                    meeting.minutes.date,
                    item.title,
                    item.reference.key()
                ),
                url: format!("{}{}#{}", config.base_url, meeting.page_path(), anchor),
                updated: meeting.minutes.date,
                summary: if notes.is_empty() {
                    "No notes were taken.".into()
                } else {
                    notes.to_string()
                },
            })
        })
        .collect()
}

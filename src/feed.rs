//! Atom feeds (RFC 4287) with absolute URLs from `base_url`: the latest meetings (`/feed.xml`),
//! and one feed per issue and per initiative (each mention of the issue is an entry).

use crate::archive::{Archive, Meeting, Mention};
use crate::config::Config;
use crate::markdown::escape_into;
use crate::model::Date;
use crate::paths;

/// The attributes of a link to the HTML page a feed or an entry stands for.
const ALTERNATE: &str = "rel=\"alternate\" type=\"text/html\"";

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

/// Appends `d` as an Atom timestamp (midnight UTC: minutes carry no time of day).
fn push_timestamp(xml: &mut String, d: Date) {
    d.push_iso(xml);
    xml.push_str("T00:00:00Z");
}

/// Appends `<name>text</name>` on its own line, `text` escaped. One feed is written per issue
/// page, so the document is built by appending, without a `format!` per line.
fn push_element(xml: &mut String, indent: &str, name: &str, text: &str) {
    xml.push_str(indent);
    xml.push('<');
    xml.push_str(name);
    xml.push('>');
    escape_into(xml, text);
    xml.push_str("</");
    xml.push_str(name);
    xml.push_str(">\n");
}

/// Appends an entry's `<title>`: text, or escaped HTML (`type="html"`) when it has code spans,
/// which show as code there as on the pages (see [`crate::markdown::title_html`]).
fn push_title(xml: &mut String, indent: &str, title: &str) {
    let html = crate::markdown::title_html(title);
    if !html.contains("<code>") {
        return push_element(xml, indent, "title", title);
    }
    xml.push_str(indent);
    xml.push_str("<title type=\"html\">");
    escape_into(xml, &html);
    xml.push_str("</title>\n");
}

/// Appends `<link ATTRS href="…"/>` on its own line, the address escaped.
fn push_link(xml: &mut String, indent: &str, attrs: &str, href: &str) {
    xml.push_str(indent);
    xml.push_str("<link ");
    xml.push_str(attrs);
    xml.push_str(" href=\"");
    escape_into(xml, href);
    xml.push_str("\"/>\n");
}

/// Writes an Atom document. `path` is the feed's own site path (`feed.xml`,
/// `issues/o/r/1/feed.xml`), `page` the HTML page it accompanies.
pub fn atom(config: &Config, title: &str, path: &str, page: &str, entries: &[Entry]) -> String {
    let shown = &entries[..entries.len().min(FEED_LENGTH)];
    let mut xml = String::with_capacity(1024 + shown.len() * 768);
    xml.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    push_element(&mut xml, "  ", "title", title);
    if !config.description.is_empty() {
        push_element(&mut xml, "  ", "subtitle", &config.description);
    }
    let self_url = format!("{}{path}", config.base_url);
    push_element(&mut xml, "  ", "id", &self_url);
    push_link(&mut xml, "  ", "rel=\"self\"", &self_url);
    let page_url = format!("{}{page}", config.base_url);
    push_link(&mut xml, "  ", ALTERNATE, &page_url);
    xml.push_str("  <updated>");
    match entries.iter().map(|e| e.updated).max() {
        Some(d) => push_timestamp(&mut xml, d),
        None => xml.push_str("1970-01-01T00:00:00Z"),
    }
    xml.push_str("</updated>\n");
    xml.push_str("  <author><name>");
    escape_into(&mut xml, &config.title);
    xml.push_str("</name></author>\n");
    xml.push_str(concat!(
        "  <generator>wgsite ",
        env!("CARGO_PKG_VERSION"),
        "</generator>\n"
    ));
    for e in shown {
        xml.push_str("  <entry>\n");
        push_title(&mut xml, "    ", &e.title);
        push_element(&mut xml, "    ", "id", &e.url);
        push_link(&mut xml, "    ", ALTERNATE, &e.url);
        xml.push_str("    <updated>");
        push_timestamp(&mut xml, e.updated);
        xml.push_str("</updated>\n");
        push_element(&mut xml, "    ", "summary", &e.summary);
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
    atom(
        config,
        &config.title,
        paths::SITE_FEED,
        paths::HOME,
        &entries,
    )
}

/// A meeting as a feed entry: its title, page and agenda.
pub fn meeting_entry(config: &Config, m: &Meeting) -> Entry {
    let agenda: Vec<String> = m
        .minutes
        .items
        .iter()
        .map(|i| {
            let title = crate::markdown::title_text(&i.title);
            format!("{title} ({})", i.reference.key())
        })
        .collect();
    Entry {
        title: m.minutes.title.clone(),
        url: format!("{}{}", config.base_url, paths::meeting(&m.id)),
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
            let anchor = paths::item_anchor(&item.reference);
            let notes = crate::markdown::without_comments(&item.notes_md);
            let notes = notes.trim();
            Some(Entry {
                title: format!(
                    "{}: {} ({})",
                    meeting.minutes.date,
                    item.title,
                    item.reference.key()
                ),
                url: format!(
                    "{}{}",
                    config.base_url,
                    paths::at(&paths::meeting(&meeting.id), &anchor)
                ),
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

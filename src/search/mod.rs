//! Search stage: [`Archive`] → the static search index under `/pagefind/`, built in-process
//! with Pagefind as a library from records we compose ourselves (the text and facets are
//! already in the model, so no HTML is re-parsed). Facets: `kind`, `year`, `repo`, `person`,
//! `group` on org-wide sites, plus the issue-number shards behind the search page's number box
//! (see [`number_facet`]); sort key: `date`. Beside the index, [`paths::SEARCH_FACETS`]
//! carries the counts the search page shows before any query, so opening it loads no filter
//! chunk at all. In the browser, `search.js` never calls `pagefind.filters()`, which fetches
//! every filter chunk: a search loads the chunks of the facets on screen, and the number box
//! one shard.
//!
//! A record's text is what its result's excerpt is cut from, so it holds readable words only.
//! What finds a record without being worth reading (an issue's number in every written form,
//! `898 #898 security-wg#898 nodejs/security-wg#898`, and handles) goes in a metadata field
//! Pagefind searches but the page never shows ([`FIND_FIELD`]).
//!
//! What is indexed is kept to what the search page uses, because Pagefind's cost grows with it
//! (at 10k meetings it held ~60 bytes of memory per byte of text, and each record added scans
//! every record added before it): each text once (an issue's record carries its number and
//! titles, its discussions are found through their meetings), no facet the page never loads,
//! and a meeting's action items (or decisions) as one record whose [`Part`]s are the items.

use crate::archive::{Archive, Issue, Meeting, Mention};
use crate::error::{Error, Result};
use crate::model::Date;
use crate::output::OutputFile;
use crate::paths;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use rayon::prelude::*;

mod actions;
mod feed;
pub use feed::{index, index_until, record_page, IndexTimes};
use std::collections::{BTreeMap, BTreeSet};

/// At most this many fragment files in the index (see [`index`]).
pub const MAX_FRAGMENT_FILES: u32 = 1024;

/// How many of an issue's latest discussions give its record `person` facets (their text is
/// indexed on their meetings' records only).
pub const ISSUE_NOTES_INDEXED: usize = 20;

/// How many meeting mentions of issues one issue-number shard holds at most. Pagefind writes
/// one chunk per filter name and the browser loads a whole chunk to apply a filter: one
/// `number` filter over a 10k-meeting archive would be ~200k postings fetched for every use of
/// the number box, a shard is a few KB whatever the archive's size.
pub const MENTIONS_PER_NUMBER_SHARD: usize = 2000;

/// The facets the search page shows as checkboxes, with their labels, in the page's order;
/// their build-time counts go to [`paths::SEARCH_FACETS`]. `group` only on org-wide sites.
pub const SHOWN_FACETS: [(&str, &str); 5] = [
    ("group", "Group"),
    ("kind", "Kind"),
    ("year", "Year"),
    ("repo", "Repository"),
    ("person", "Person"),
];

/// How many shards the issue-number filter is split into for this archive.
pub fn number_shards(archive: &Archive) -> u32 {
    let mentions: usize = archive.issues.values().map(|i| i.mentions.len()).sum();
    let shards = mentions.div_ceil(MENTIONS_PER_NUMBER_SHARD).max(1);
    u32::try_from(shards).unwrap_or(u32::MAX)
}

/// The filter that holds issue number `number` (`issue_number_3`), among `shards`. The search
/// page computes the same name from the number typed and the shard count in
/// [`paths::SEARCH_FACETS`].
pub fn number_facet(number: u64, shards: u32) -> String {
    format!("issue_number_{}", number % u64::from(shards.max(1)))
}

/// The metadata field of a record's [`Record::find_by`] words: searched (Pagefind searches
/// metadata), never shown. The search page ranks a match there like one in the title.
pub const FIND_FIELD: &str = "find";

/// One page's search record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// Site path (`meetings/2023-06-22/`), relative to the site root.
    pub url: String,
    pub title: String,
    pub date: Option<String>,
    /// The readable text results quote.
    pub content: String,
    /// Words that find the record but are not worth quoting: numbers in every written form,
    /// handles (see [`FIND_FIELD`]).
    pub find_by: String,
    pub filters: BTreeMap<String, BTreeSet<String>>,
    /// Parts of a page, each with its own anchor: a result then links to the parts that
    /// matched (Pagefind's sub-results). When there are parts they are the record's text, and
    /// `content` is not used.
    pub parts: Vec<Part>,
}

/// One anchored part of a [`Record`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// The element id on the page (`action-2023-06-22-41`).
    pub id: String,
    /// The title a result for this part shows.
    pub title: String,
    /// The part's own words.
    pub text: String,
    /// More words to find it by (who, which issue), below the text.
    pub detail: String,
}

impl Record {
    pub(crate) fn new(url: String, title: String, kind: &str) -> Record {
        let mut filters = BTreeMap::new();
        filters.insert("kind".to_string(), BTreeSet::from([kind.to_string()]));
        Record {
            url,
            title,
            date: None,
            content: String::new(),
            find_by: String::new(),
            filters,
            parts: Vec::new(),
        }
    }

    pub(crate) fn facet(&mut self, name: &str, value: impl Into<String>) {
        self.filters
            .entry(name.to_string())
            .or_default()
            .insert(value.into());
    }
}

/// Markdown → the words a reader sees (no URLs, no markup).
pub fn plain_text(md: &str) -> String {
    let mut out = String::with_capacity(md.len());
    for event in Parser::new(md) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(
                TagEnd::Paragraph | TagEnd::Item | TagEnd::Heading(_) | TagEnd::CodeBlock,
            ) => out.push('\n'),
            Event::Start(Tag::Item) => out.push_str("• "),
            _ => {}
        }
    }
    out
}

/// Appends the words that find issue `r` as written: `898 #898 security-wg#898
/// nodejs/security-wg#898`.
fn push_number_forms(out: &mut String, r: &crate::model::IssueRef) {
    use std::fmt::Write as _;
    let n = r.number;
    let _ = write!(out, "{n} #{n} {}#{n} {}/{}#{n} ", r.repo, r.owner, r.repo);
}

/// `3 meetings, from 2024-01-11 to 2025-06-05.` (`1 meeting, on 2024-01-11.`) given the first
/// and last date.
fn push_span(out: &mut String, meetings: usize, dates: &[Date]) {
    use std::fmt::Write as _;
    let _ = match (meetings, dates) {
        (1, [first, ..]) => write!(out, "1 meeting, on {first}."),
        (n, [first, last]) => write!(out, "{n} meetings, from {first} to {last}."),
        (n, _) => write!(out, "{n} meetings."),
    };
}

/// The date of the last of these meetings (indices, oldest first): a page's sort key.
fn last_date(
    archive: &Archive,
    mut meetings: impl DoubleEndedIterator<Item = usize>,
) -> Option<String> {
    meetings
        .next_back()
        .and_then(|i| archive.meetings.get(i))
        .map(|m| m.minutes.date.iso())
}

fn date_facets(record: &mut Record, archive: &Archive, mentions: impl Iterator<Item = usize>) {
    for i in mentions {
        if let Some(m) = archive.meetings.get(i) {
            record.facet("year", m.minutes.date.year.to_string());
            // Org-wide sites only: a single-group site's index stays as it was.
            if let Some(g) = archive.group_of(i) {
                record.facet("group", g.config.slug.clone());
            }
        }
    }
}

/// Every page's record, and the issue-number shard count they were made with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Records {
    pub pages: Vec<Record>,
    pub shards: u32,
}

/// A meeting's record: its group, who was present, and its notes; found also by its items'
/// numbers and its attendees' handles.
fn meeting_record(archive: &Archive, i: usize, m: &Meeting, shards: u32) -> Record {
    let mm = &m.minutes;
    let mut r = Record::new(paths::meeting(&m.id), mm.title.clone(), "meeting");
    r.date = Some(mm.date.iso());
    date_facets(&mut r, archive, std::iter::once(i));
    let mut content = match archive.group_of(i) {
        Some(g) => format!("{}. ", g.config.name),
        None => String::new(),
    };
    if !mm.attendees.is_empty() {
        content.push_str("Present: ");
    }
    for (k, a) in mm.attendees.iter().enumerate() {
        let key = archive.person_key(a);
        r.facet("person", key);
        if k > 0 {
            content.push_str(", ");
        }
        content.push_str(if a.name.is_empty() {
            a.handle.as_deref().unwrap_or("")
        } else {
            &a.name
        });
        if let Some(h) = &a.handle {
            r.find_by.push_str(&format!("@{h} {h} "));
        }
    }
    if !mm.attendees.is_empty() {
        content.push_str(".\n");
    }
    for item in &mm.items {
        r.facet("repo", item.reference.repo_key());
        r.facet(
            &number_facet(item.reference.number, shards),
            item.reference.number.to_string(),
        );
        // The item's title and number are in the notes below; its other forms are not.
        push_number_forms(&mut r.find_by, &item.reference);
    }
    content.push_str(&plain_text(&mm.body_md));
    r.content = content;
    r
}

/// An issue's record: its titles and when it was discussed; found also by its number in every
/// written form.
fn issue_record(archive: &Archive, issue: &Issue) -> Record {
    let mut r = Record::new(
        paths::issue(&issue.reference),
        format!(
            "{} ({}#{})",
            issue.title(),
            issue.reference.repo_key(),
            issue.reference.number
        ),
        "issue",
    );
    r.date = last_date(archive, issue.mentions.iter().map(|m| m.meeting));
    r.facet("repo", issue.reference.repo_key());
    date_facets(&mut r, archive, issue.mentions.iter().map(|m| m.meeting));
    push_number_forms(&mut r.find_by, &issue.reference);
    let mut content = String::new();
    // The latest title, then the earlier ones, each once (a title may come back).
    let mut seen = BTreeSet::new();
    for (_, t) in issue.titles.iter().rev() {
        let text = crate::markdown::title_text(t);
        if !seen.insert(text.clone()) {
            continue;
        }
        content.push_str(match seen.len() {
            1 => "",
            2 => " Earlier: ",
            _ => "; ",
        });
        content.push_str(&text);
    }
    let dates: Vec<Date> = [issue.mentions.first(), issue.mentions.last()]
        .into_iter()
        .flatten()
        .filter_map(|m| archive.meetings.get(m.meeting))
        .map(|m| m.minutes.date)
        .collect();
    {
        let kind = issue.reference.kind.label();
        let mut capital = kind.chars();
        let kind: String = capital
            .next()
            .map(|c| c.to_ascii_uppercase())
            .into_iter()
            .chain(capital)
            .collect();
        content.push_str(&format!(
            ". {kind} {}, discussed in ",
            issue.reference.key()
        ));
        push_span(&mut content, issue.mentions.len(), &dates);
    }
    // The notes are indexed on their meetings' records only: indexing them here too made
    // issues a quarter of the index's text and memory (19 of 75 MB at 10k meetings). Who
    // spoke in the latest discussions still makes the issue a `person` result.
    let skip = issue.mentions.len().saturating_sub(ISSUE_NOTES_INDEXED);
    for Mention { meeting, item } in issue.mentions.iter().skip(skip) {
        if let Some(it) = archive
            .meetings
            .get(*meeting)
            .and_then(|m| m.minutes.items.get(*item))
        {
            let notes = crate::markdown::without_comments(&it.notes_md);
            for h in crate::minutes::attendees::handles_in(&notes) {
                if archive.people.contains_key(&h) {
                    r.facet("person", h);
                }
            }
        }
    }
    // Mentions in other items' notes: where, and under which item (newest first, a few).
    for (k, n) in issue
        .noted
        .iter()
        .rev()
        .take(ISSUE_NOTES_INDEXED)
        .enumerate()
    {
        let Some(meeting) = archive.meetings.get(n.meeting) else {
            continue;
        };
        let Some(m) = meeting.minutes.mentions.get(n.mention) else {
            continue;
        };
        content.push_str(match (k, content.ends_with('.')) {
            (0, true) => " Mentioned in ",
            (0, false) => ". Mentioned in ",
            _ => "; ",
        });
        let title = crate::markdown::title_text(&meeting.minutes.title);
        let date = meeting.minutes.date.iso();
        content.push_str(&title);
        // Most titles carry their date: it is not said twice.
        if !title.contains(&date) {
            content.push_str(" on ");
            content.push_str(&date);
        }
        content.push_str(&format!(", line {}", m.line));
        let under = m
            .under
            .as_ref()
            .and_then(|u| meeting.minutes.items.iter().find(|i| i.reference == *u));
        if let Some(item) = under {
            content.push_str(", under ");
            content.push_str(&crate::markdown::title_text(&item.title));
        }
    }
    if !issue.noted.is_empty() {
        r.date = r
            .date
            .max(last_date(archive, issue.noted.iter().map(|n| n.meeting)));
        date_facets(&mut r, archive, issue.noted.iter().map(|n| n.meeting));
    }
    r.content = content;
    r
}

/// Every page's record: meetings, issues, initiatives, people, action items and decisions.
/// Meetings and issues, nearly all the text, are composed in parallel.
pub fn records(archive: &Archive) -> Records {
    let shards = number_shards(archive);
    let mut out: Vec<Record> = archive
        .meetings
        .par_iter()
        .enumerate()
        .map(|(i, m)| meeting_record(archive, i, m, shards))
        .collect();
    let issues: Vec<&Issue> = archive.issues.values().collect();
    out.par_extend(issues.par_iter().map(|issue| issue_record(archive, issue)));
    for init in &archive.initiatives {
        let mut r = Record::new(
            paths::initiative(&init.config.slug),
            init.config.name.clone(),
            "initiative",
        );
        r.date = last_date(archive, init.mentions.iter().map(|m| m.meeting));
        date_facets(&mut r, archive, init.mentions.iter().map(|m| m.meeting));
        // Its name, description and its issues' titles (each once); their numbers find it.
        let mut content = format!(
            "{}. {}\nIssues: ",
            init.config.name,
            plain_text(&init.config.description).trim_end()
        );
        let mut titles = BTreeSet::new();
        for key in &init.issues {
            if let Some(issue) = archive.issues.get(key) {
                r.facet("repo", issue.reference.repo_key());
                push_number_forms(&mut r.find_by, &issue.reference);
                let title = crate::markdown::title_text(&issue.title());
                if titles.insert(title.clone()) {
                    if titles.len() > 1 {
                        content.push_str("; ");
                    }
                    content.push_str(&title);
                }
            }
        }
        content.push('.');
        r.content = content;
        out.push(r);
    }
    for p in archive.people.values() {
        // `Ana Souza (@anasouza)`: the handle in the title makes the person's own page the
        // first answer to it.
        let title = match &p.handle {
            Some(h) => format!("{} (@{h})", p.display_name()),
            None => p.display_name(),
        };
        let mut r = Record::new(paths::person(&p.key), title, "person");
        r.date = last_date(archive, p.meetings.iter().copied());
        r.facet("person", p.key.clone());
        date_facets(&mut r, archive, p.meetings.iter().copied());
        // The handle is in the text: a person's own page is the best answer to it.
        let mut content = p.display_name();
        if let Some(h) = &p.handle {
            content.push_str(&format!(" (@{h})"));
        }
        let dates: Vec<Date> = [p.meetings.first(), p.meetings.last()]
            .into_iter()
            .flatten()
            .filter_map(|&i| archive.meetings.get(i))
            .map(|m| m.minutes.date)
            .collect();
        content.push_str(" attended ");
        push_span(&mut content, p.meetings.len(), &dates);
        r.content = content;
        out.push(r);
    }
    out.extend(actions::records(archive));
    Records { pages: out, shards }
}

/// [`paths::SEARCH_FACETS`]: `{"shards": N, "facets": {"year": {"2023": 31, …}, …}}`, counted
/// over the records exactly as Pagefind counts filter values (pages per value).
pub fn facets_file(records: &Records) -> Result<OutputFile> {
    #[derive(serde::Serialize)]
    struct Summary<'a> {
        shards: u32,
        facets: BTreeMap<&'a str, BTreeMap<&'a str, usize>>,
    }
    let mut facets: BTreeMap<&str, BTreeMap<&str, usize>> = BTreeMap::new();
    for r in &records.pages {
        for (name, _) in SHOWN_FACETS {
            for value in r.filters.get(name).into_iter().flatten() {
                *facets.entry(name).or_default().entry(value).or_default() += 1;
            }
        }
    }
    let summary = Summary {
        shards: records.shards,
        facets,
    };
    let json = serde_json::to_vec(&summary).map_err(|e| {
        Error::Search(format!(
            "search facets: cannot write {}: {e}",
            paths::SEARCH_FACETS
        ))
    })?;
    Ok(OutputFile::new(paths::SEARCH_FACETS, json))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue_numbers_spread_over_the_shards_by_remainder() {
        assert_eq!(number_facet(898, 1), "issue_number_0");
        assert_eq!(number_facet(898, 4), "issue_number_2");
        assert_eq!(
            number_facet(7, 0),
            "issue_number_0",
            "no shard count is one shard"
        );
    }

    #[test]
    fn the_facets_file_counts_pages_per_shown_value() {
        let page = |kind: &str, year: &str| {
            let mut r = Record::new(format!("{kind}/{year}/"), kind.into(), kind);
            r.facet("year", year);
            r.facet("issue", "a/b#1");
            r
        };
        let records = Records {
            pages: vec![
                page("meeting", "2023"),
                page("meeting", "2024"),
                page("issue", "2024"),
            ],
            shards: 3,
        };
        let file = facets_file(&records).expect("json");
        let json: serde_json::Value = serde_json::from_slice(&file.bytes).expect("parses");
        assert_eq!(json["shards"], 3);
        assert_eq!(json["facets"]["kind"]["meeting"], 2);
        assert_eq!(json["facets"]["year"]["2024"], 2);
        assert!(json["facets"].get("issue").is_none(), "not a shown facet");
    }

    /// The example site's records.
    fn example_records() -> Records {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let (minutes, config) = crate::test_support::minutes_of(root);
        records(&crate::archive::link(minutes, &config, false))
    }

    #[test]
    fn an_issues_record_says_where_it_was_mentioned() {
        let root =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/parser/mentions");
        let (minutes, config) = crate::test_support::minutes_of(&root);
        let records = records(&crate::archive::link(minutes, &config, false));
        let record = records
            .pages
            .iter()
            .find(|r| r.url.contains("issues/examplejs/diagnostics/253"))
            .expect("the issue's record");
        assert!(
            record.content.contains(
                "Mentioned in Diagnostics WG Meeting 2024-06-04, line 13, under Async context \
                 tracking roadmap"
            ),
            "{}",
            record.content
        );
    }

    #[test]
    fn number_forms_and_handles_find_a_record_without_being_its_text() {
        let records = example_records();
        let record = |url: &str| {
            records
                .pages
                .iter()
                .find(|r| r.url == url)
                .unwrap_or_else(|| panic!("no record {url}"))
        };
        let issue = record("issues/examplejs/security-wg/898/");
        assert_eq!(
            issue.find_by.trim(),
            "898 #898 security-wg#898 examplejs/security-wg#898"
        );
        assert!(
            issue.content.starts_with("Permission Model - Roadmap. Issue examplejs/security-wg#898, discussed in 15 meetings, from 2024-01-11 to 2025-06-05."),
            "{}",
            issue.content
        );
        let person = record("people/anasouza/");
        assert_eq!(person.title, "Ana Souza (@anasouza)");
        assert!(person
            .content
            .starts_with("Ana Souza (@anasouza) attended "));
        let meeting = record("meetings/2024-04-04/");
        assert!(
            meeting.content.starts_with("Present: "),
            "{}",
            meeting.content
        );
        assert!(meeting.find_by.contains("@anasouza anasouza "));
        assert!(meeting
            .find_by
            .contains("898 #898 security-wg#898 examplejs/security-wg#898 "));
        // No record's text holds a number followed by another of its forms.
        for r in &records.pages {
            for n in ["898", "953", "1098"] {
                assert!(
                    !r.content.contains(&format!("{n} #{n}")),
                    "{}: {}",
                    r.url,
                    r.content
                );
                assert!(
                    !r.content.contains(&format!("#{n} {n}")),
                    "{}: {}",
                    r.url,
                    r.content
                );
            }
        }
    }

    #[test]
    fn plain_text_drops_markup_and_urls() {
        let t = plain_text("* See [the doc](https://x.org/a) and `code`\n\n## Head\n");
        assert!(t.contains("See the doc and code"));
        assert!(!t.contains("https://"));
        assert!(t.contains("Head"));
    }
}

//! Which output files an edit can change: [`affected_outputs`] for any change, and the fast
//! path for the most common edit, notes typed under existing agenda items, which leaves the
//! archive's structure as it was ([`notes_only`], [`affected_by_notes`]).

use crate::archive::{matches_keywords, Archive, Mention};
use crate::config::Config;
use crate::minutes::attendees::handles_in;
use crate::model::{AgendaItem, Minutes};
use crate::paths;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// Adds the output files of `page` and of its feed.
fn page_and_feed(out: &mut HashSet<String>, page: &str) {
    out.insert(paths::page_file(page));
    out.insert(paths::feed_of(page));
}

/// A changed source's minutes in the old and the new archive (none where it is absent).
type Versions = (Option<Arc<Minutes>>, Option<Arc<Minutes>>);

/// Whether `new` differs from `old` only in what the archive's structure does not depend on:
/// the notes under items and the free text of the body. Everything [`crate::archive::link`]
/// reads — the date, title, draft flag, links, attendees, each item's reference, title and
/// status, the handles named in notes and the notes' initiative keywords — must be equal, so
/// the old archive with `new` swapped in is what a full relink would give.
pub fn notes_only(old: &Minutes, new: &Minutes, config: &Config) -> bool {
    old.source == new.source
        && old.group == new.group
        && old.date == new.date
        && old.title == new.title
        && old.draft == new.draft
        && old.links == new.links
        && old.attendees == new.attendees
        && old.absent == new.absent
        && old.mentions == new.mentions
        && old.name_date == new.name_date
        && old.items.len() == new.items.len()
        && old
            .items
            .iter()
            .zip(&new.items)
            .all(|(a, b)| same_item_structure(a, b, config))
}

fn same_item_structure(a: &AgendaItem, b: &AgendaItem, config: &Config) -> bool {
    a.reference == b.reference
        && a.reference.kind == b.reference.kind
        && a.title == b.title
        && a.status == b.status
        && a.section == b.section
        && (a.notes_md == b.notes_md
            || (handles_in(&a.notes_md) == handles_in(&b.notes_md)
                && config
                    .initiatives
                    .iter()
                    .filter(|i| i.match_notes)
                    .all(|i| {
                        matches_keywords(&a.notes_md, &i.keywords)
                            == matches_keywords(&b.notes_md, &i.keywords)
                    })))
}

/// The pages a notes-only edit (see [`notes_only`]) of meeting `index` can change: the
/// meeting's own page and, for each item whose notes changed, its issue's page and feed and
/// the initiatives listing that issue (their combined timelines quote the notes). Lists,
/// people pages and neighbours show titles, dates and counts only, which are unchanged.
pub fn affected_by_notes(
    archive: &Archive,
    index: usize,
    old: &Minutes,
    new: &Minutes,
) -> HashSet<String> {
    let mut out = HashSet::new();
    if let Some(m) = archive.meetings.get(index) {
        out.insert(paths::page_file(&paths::meeting(&m.id)));
    }
    for (a, b) in old.items.iter().zip(&new.items) {
        if a.notes_md == b.notes_md && a.status_text == b.status_text {
            continue;
        }
        let key = b.reference.key();
        let page = paths::issue(&b.reference);
        page_and_feed(&mut out, &page);
        for init in &archive.initiatives {
            if init.issues.contains(&key) {
                page_and_feed(&mut out, &paths::initiative(&init.config.slug));
            }
        }
    }
    out
}

/// Output paths whose content can change when the minutes in `changed` change (judged in both
/// the old and the new archive, so removed links are refreshed too).
pub fn affected_outputs(
    old: &Archive,
    new: &Archive,
    changed: &HashSet<String>,
) -> HashSet<String> {
    // A meeting whose id changed (a file of its day came, went or moved before it: it is the
    // day's second meeting now, or no longer) changed its URL: every page that links to it
    // changes, as if it had moved.
    let renamed = renamed_meetings(old, new);
    let changed: &HashSet<String> = &changed.iter().chain(&renamed).cloned().collect();
    // The action and decision lists are judged below, by what they show.
    let lists = [paths::ACTIONS, paths::DECISIONS];
    let mut out: HashSet<String> = paths::INDEX_PAGES
        .iter()
        .filter(|p| !lists.contains(p))
        .chain(&[paths::SEARCH, paths::NOT_FOUND])
        .map(|p| paths::page_file(p))
        .collect();
    // Group pages list meetings, issue counts and attendance: any edit can change them.
    for g in old.groups.iter().chain(&new.groups) {
        let slug = &g.config.slug;
        out.insert(paths::page_file(paths::GROUPS));
        page_and_feed(&mut out, &paths::group(slug));
        out.insert(paths::page_file(&paths::group_meetings(slug)));
    }
    let find = |a: &Archive, source: &str| {
        a.meetings
            .iter()
            .find(|m| m.minutes.source == source)
            .map(|m| Arc::clone(&m.minutes))
    };
    let versions: Vec<Versions> = changed
        .iter()
        .map(|source| (find(old, source), find(new, source)))
        .collect();
    // Initiatives: every one when a meeting came, went or moved (their status and charts follow
    // the dates); else those whose issues (or their order) changed, or that list an issue whose
    // list line changed or whose items in the edited meetings read differently (their
    // timelines quote them).
    let moved = !renamed.is_empty()
        || versions.iter().any(|(o, n)| match (o, n) {
            (Some(o), Some(n)) => o.date != n.date || o.title != n.title,
            _ => true,
        });
    let keys: HashSet<String> = versions
        .iter()
        .flat_map(|(o, n)| o.iter().chain(n.iter()))
        .flat_map(|m| {
            m.items
                .iter()
                .map(|i| i.reference.key())
                .chain(m.mentions.iter().map(|x| x.reference.key()))
        })
        .collect();
    // Issues whose line in a list (title, count, first and last date, status) changed.
    let relisted: HashSet<&String> = keys
        .iter()
        .filter(|k| listed(old, k) != listed(new, k))
        .collect();
    let reread = items_read_differently(&versions);
    let slugs: HashSet<&str> = old
        .initiatives
        .iter()
        .chain(&new.initiatives)
        .map(|i| i.config.slug.as_str())
        .collect();
    for slug in slugs {
        let issues_of = |i: &crate::archive::Initiative| i.config.slug == slug;
        let before = old
            .initiatives
            .iter()
            .find(|i| issues_of(i))
            .map(|i| &i.issues);
        let after = new
            .initiatives
            .iter()
            .find(|i| issues_of(i))
            .map(|i| &i.issues);
        let touched = |issues: Option<&Vec<String>>| {
            issues.is_some_and(|ks| {
                ks.iter()
                    .any(|k| relisted.contains(k) || reread.contains(k.as_str()))
            })
        };
        if moved || before != after || touched(before) || touched(after) {
            page_and_feed(&mut out, &paths::initiative(slug));
        }
    }
    // People pages list the meetings attended (date, title, how many were present, not the
    // agenda): their attendees' pages, when one of those changed. They also list the issues
    // naming the person, with counts and dates: those that name an issue of the edited
    // meetings.
    let people_changed = moved
        || versions
            .iter()
            .any(|(o, n)| o.as_ref().map(|m| &m.attendees) != n.as_ref().map(|m| &m.attendees));
    // Issue pages list related issues (those discussed in the same meetings) by that line.
    for a in [old, new] {
        for key in &relisted {
            let Some(issue) = a.issues.get(*key) else {
                continue;
            };
            for m in issue
                .mentions
                .iter()
                .filter_map(|m| a.meetings.get(m.meeting))
            {
                for item in &m.minutes.items {
                    out.insert(paths::page_file(&paths::issue(&item.reference)));
                }
            }
        }
    }
    for a in [old, new] {
        for p in a.people.values() {
            if p.named_in.keys().any(|k| relisted.contains(k)) {
                out.insert(paths::page_file(&paths::person(&p.key)));
            }
        }
    }
    for a in [old, new] {
        for (i, m) in a.meetings.iter().enumerate() {
            if !changed.contains(&m.minutes.source) {
                continue;
            }
            let (before, after) = a.group_neighbours(i);
            for j in [before, Some(i), after].into_iter().flatten() {
                if let Some(n) = a.meetings.get(j) {
                    out.insert(paths::page_file(&paths::meeting(&n.id)));
                }
            }
            // The pages of the issues its notes mention list it, with the item they sat under.
            for x in &m.minutes.mentions {
                page_and_feed(&mut out, &paths::issue(&x.reference));
            }
            for item in &m.minutes.items {
                let key = item.reference.key();
                let page = paths::issue(&item.reference);
                page_and_feed(&mut out, &page);
                // The people named in its notes list the issues naming them: their pages,
                // when that list gains or loses an issue (changed lines are `relisted` above).
                for handle in handles_in(&item.notes_md) {
                    let named_in = |a: &Archive| {
                        a.people
                            .get(&handle)
                            .map(|p| p.named_in.keys().cloned().collect::<Vec<_>>())
                    };
                    if named_in(old) != named_in(new) {
                        out.insert(paths::page_file(&paths::person(&handle)));
                    }
                }
                // The meetings just before and after this one in the issue's timeline show
                // "previously/next discussed" links to it (in either archive): they change
                // when the meeting moved, or took up or dropped the issue.
                if !moved && on_both_agendas(&versions, &item.reference) {
                    continue;
                }
                for b in [old, new] {
                    let Some(issue) = b.issues.get(&key) else {
                        continue;
                    };
                    // Mentions are in meeting order, so in date order: binary searches (a
                    // popular issue has thousands of mentions at 10k meetings). The meeting's
                    // neighbours are the mentions just before and after its day, and the other
                    // meetings of that day (another group's, a second file's).
                    let date = Some(m.minutes.date);
                    let date_of = |mt: &Mention| b.meetings.get(mt.meeting).map(|x| x.minutes.date);
                    let earlier = issue.mentions.partition_point(|mt| date_of(mt) < date);
                    let later = issue.mentions.partition_point(|mt| date_of(mt) <= date);
                    let around = issue
                        .mentions
                        .get(earlier.saturating_sub(1)..(later + 1).min(issue.mentions.len()))
                        .unwrap_or_default();
                    for mt in around {
                        if let Some(other) = b.meetings.get(mt.meeting) {
                            out.insert(paths::page_file(&paths::meeting(&other.id)));
                        }
                    }
                }
            }
            if people_changed {
                for attendee in &m.minutes.attendees {
                    out.insert(paths::page_file(&paths::person(&a.person_key(attendee))));
                }
            }
        }
    }
    out.extend(super::actions::affected_pages(old, new, changed));
    out
}

/// The sources of the meetings both archives hold under different ids.
fn renamed_meetings(old: &Archive, new: &Archive) -> HashSet<String> {
    let ids: HashMap<&str, &str> = old
        .meetings
        .iter()
        .map(|m| (m.minutes.source.as_str(), m.id.as_str()))
        .collect();
    new.meetings
        .iter()
        .filter(|m| {
            ids.get(m.minutes.source.as_str())
                .is_some_and(|id| *id != m.id)
        })
        .map(|m| m.minutes.source.clone())
        .collect()
}

/// What a timeline shows of one agenda item (besides its meeting).
type ItemShown<'a> = (
    crate::model::RefKind,
    &'a str,
    Option<crate::model::Status>,
    Option<&'a str>,
    &'a str,
);

/// The issue keys whose items (kind, title, status and its text, notes) differ between the
/// old and new versions of the edited meetings, an item added or removed included.
fn items_read_differently(versions: &[Versions]) -> HashSet<String> {
    fn shown(m: &Option<Arc<Minutes>>) -> HashMap<String, Vec<ItemShown<'_>>> {
        let mut by_key: HashMap<String, Vec<ItemShown>> = HashMap::new();
        for i in m.iter().flat_map(|m| &m.items) {
            by_key.entry(i.reference.key()).or_default().push((
                i.reference.kind,
                &i.title,
                i.status,
                i.status_text.as_deref(),
                &i.notes_md,
            ));
        }
        by_key
    }
    let mut out = HashSet::new();
    for (o, n) in versions {
        let (before, after) = (shown(o), shown(n));
        for key in before.keys().chain(after.keys()) {
            if before.get(key) != after.get(key) {
                out.insert(key.clone());
            }
        }
    }
    out
}

type Listed = (
    &'static str,
    String,
    usize,
    Vec<(String, crate::model::Date)>,
    Option<crate::model::Status>,
);

/// Whether every edited meeting that lists `reference` lists it in both its old and new
/// version (so its place in the issue's timeline is unchanged).
fn on_both_agendas(versions: &[Versions], reference: &crate::model::IssueRef) -> bool {
    let lists = |m: &Option<Arc<Minutes>>| {
        m.as_ref()
            .is_some_and(|m| m.items.iter().any(|i| i.reference == *reference))
    };
    versions.iter().all(|(o, n)| lists(o) == lists(n))
}

/// What an issue list shows of issue `key` in `archive`: its kind and title, how many meetings,
/// the first and last (by meeting id and date) and the last status; none when it does not
/// exist.
fn listed(archive: &Archive, key: &str) -> Option<Listed> {
    let issue = archive.issues.get(key)?;
    let ends = [issue.mentions.first(), issue.mentions.last()]
        .into_iter()
        .flatten()
        .filter_map(|m| archive.meetings.get(m.meeting))
        .map(|m| (m.id.clone(), m.minutes.date))
        .collect();
    Some((
        issue.reference.kind.label(),
        issue.title(),
        issue.mentions.len(),
        ends,
        issue.last_status,
    ))
}

/// The numbers (as written, `1030`) of the issues that have a page in only one of the two
/// archives: notes citing them link differently.
pub fn numbers_of_new_and_gone_issues(old: &Archive, new: &Archive) -> Vec<String> {
    let gone = old
        .issues
        .iter()
        .filter(|(k, _)| !new.issues.contains_key(*k));
    let came = new
        .issues
        .iter()
        .filter(|(k, _)| !old.issues.contains_key(*k));
    let mut numbers: Vec<String> = gone
        .chain(came)
        .map(|(_, i)| i.reference.number.to_string())
        .collect();
    numbers.sort();
    numbers.dedup();
    numbers
}

/// Whether the minutes' text contains one of `numbers` (so may cite one of those issues;
/// a cheap over-estimate, the rendered notes decide).
pub fn may_cite(m: &Minutes, numbers: &[String]) -> bool {
    numbers.iter().any(|n| m.body_md.contains(n.as_str()))
}

/// The pages of unchanged meetings whose text may cite one of `numbers`: the meeting's page,
/// and for each item whose rendered notes now differ from `previous` (by source), its issue's
/// page and feed and the initiatives listing that issue in either archive.
pub fn citing_pages(
    archives: [&Archive; 2],
    previous: &HashMap<&str, &crate::render::MeetingNotes>,
    notes: &[crate::render::MeetingNotes],
    numbers: &[String],
    changed: &HashSet<String>,
) -> HashSet<String> {
    let mut out = HashSet::new();
    if numbers.is_empty() {
        return out;
    }
    let [old, new] = archives;
    for (m, rendered) in new.meetings.iter().zip(notes) {
        if changed.contains(&m.minutes.source) || !may_cite(&m.minutes, numbers) {
            continue;
        }
        out.insert(paths::page_file(&paths::meeting(&m.id)));
        let before = previous.get(m.minutes.source.as_str());
        for (ii, item) in m.minutes.items.iter().enumerate() {
            let was = before.and_then(|b| b.get(ii));
            if was.is_some() && was == rendered.get(ii) {
                continue;
            }
            let key = item.reference.key();
            let page = paths::issue(&item.reference);
            page_and_feed(&mut out, &page);
            for a in [old, new] {
                for init in a.initiatives.iter().filter(|i| i.issues.contains(&key)) {
                    page_and_feed(&mut out, &paths::initiative(&init.config.slug));
                }
            }
        }
    }
    out
}

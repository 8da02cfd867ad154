//! The archive's cross-references, built from its meetings and their items' [`ItemFacts`]:
//! issues with their mentions and titles, initiatives with their member issues, people with
//! the meetings they attended and the issues whose notes name them. A full link builds each
//! from every meeting; [`super::patch`] rebuilds only what an edit touched, with the same
//! functions, so both give the same archive.

use super::facts::ItemFacts;
use super::{same_title, Initiative, Issue, Meeting, Mention, Noted, Person, ACTIVE_DAYS};
use crate::config::Config;
use crate::model::IssueRef;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

/// Facts by meeting (shared between relinks for unchanged minutes), then item.
pub(super) type Facts = [Arc<Vec<ItemFacts>>];

/// The fact of item `item` of meeting `meeting`.
pub(super) fn fact(facts: &Facts, meeting: usize, item: usize) -> Option<&ItemFacts> {
    facts.get(meeting).and_then(|f| f.get(item))
}

/// Adds item `ii` of meeting `mi` to `issue`, the issue it cites. Items come in archive order.
fn absorb(issue: &mut Issue, mi: usize, ii: usize, meeting: &Meeting) {
    let Some(item) = meeting.minutes.items.get(ii) else {
        return;
    };
    // The latest kind wins: an issue link later written as a PR link is a PR.
    issue.reference.kind = item.reference.kind;
    if issue.mentions.last().is_some_and(|m| m.meeting == mi) {
        return; // listed twice in one meeting: one mention
    }
    issue.mentions.push(Mention {
        meeting: mi,
        item: ii,
    });
    let title = item.title.trim();
    if !title.is_empty()
        && issue
            .titles
            .last()
            .is_none_or(|(_, t)| !same_title(t, title))
    {
        issue.titles.push((meeting.minutes.date, title.to_string()));
    }
    issue.last_status = item.status;
}

fn empty_issue(reference: &IssueRef) -> Issue {
    Issue {
        reference: reference.clone(),
        titles: Vec::new(),
        mentions: Vec::new(),
        noted: Vec::new(),
        last_status: None,
    }
}

/// Every issue the meetings cite.
pub(super) fn issues(meetings: &[Meeting], facts: &Facts) -> BTreeMap<String, Issue> {
    // Gathered by key in a hash map (no key copied per item), then sorted into the map the rest
    // of the site reads in one go.
    let mut gathered: HashMap<&str, Issue> = HashMap::new();
    for (mi, meeting) in meetings.iter().enumerate() {
        for (ii, item) in meeting.minutes.items.iter().enumerate() {
            let Some(fact) = fact(facts, mi, ii) else {
                continue;
            };
            let issue = gathered
                .entry(&fact.key)
                .or_insert_with(|| empty_issue(&item.reference));
            absorb(issue, mi, ii, meeting);
        }
    }
    // Mentions come after every item, so each issue's list is in meeting order; an issue only
    // mentioned is gathered apart (its key is made here, not borrowed from the facts).
    let mut only_mentioned: HashMap<String, Issue> = HashMap::new();
    for (mi, meeting) in meetings.iter().enumerate() {
        for (ni, m) in meeting.minutes.mentions.iter().enumerate() {
            let key = m.reference.key();
            if cites_itself(m, &key) {
                continue;
            }
            let issue = match gathered.get_mut(key.as_str()) {
                Some(issue) => issue,
                None => only_mentioned
                    .entry(key)
                    .or_insert_with(|| empty_issue(&m.reference)),
            };
            issue.noted.push(Noted {
                meeting: mi,
                mention: ni,
            });
        }
    }
    let mut sorted: Vec<(String, Issue)> = gathered
        .into_iter()
        .map(|(k, i)| (k.to_string(), i))
        .chain(only_mentioned)
        .collect();
    sorted.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    sorted.into_iter().collect()
}

/// Whether a mention sits in the notes of its own issue's item: that item's timeline entry
/// shows those notes already, so the issue does not list it again.
fn cites_itself(m: &crate::model::NoteMention, key: &str) -> bool {
    m.under.as_ref().is_some_and(|u| u.key() == key)
}

/// Issue `key` as the meetings `citing` (ascending indices) make it, `None` when none cites it.
pub(super) fn issue_in(
    meetings: &[Meeting],
    facts: &Facts,
    key: &str,
    citing: &[usize],
) -> Option<Issue> {
    let mut issue: Option<Issue> = None;
    for &mi in citing {
        let Some(meeting) = meetings.get(mi) else {
            continue;
        };
        for (ii, item) in meeting.minutes.items.iter().enumerate() {
            if fact(facts, mi, ii).is_some_and(|f| f.key == key) {
                let issue = issue.get_or_insert_with(|| empty_issue(&item.reference));
                absorb(issue, mi, ii, meeting);
            }
        }
    }
    for &mi in citing {
        let Some(meeting) = meetings.get(mi) else {
            continue;
        };
        for (ni, m) in meeting.minutes.mentions.iter().enumerate() {
            if m.reference.key() == key && !cites_itself(m, key) {
                let issue = issue.get_or_insert_with(|| empty_issue(&m.reference));
                issue.noted.push(Noted {
                    meeting: mi,
                    mention: ni,
                });
            }
        }
    }
    issue
}

/// Whether any of `issue`'s mentions matches initiative `ci`'s keywords.
pub(super) fn matches_initiative(issue: &Issue, facts: &Facts, ci: usize) -> bool {
    issue
        .mentions
        .iter()
        .any(|m| fact(facts, m.meeting, m.item).is_some_and(|fact| fact.initiatives.contains(&ci)))
}

/// Each initiative's member issue keys: those listed in `site.toml` and those discussed under
/// a title (or notes) matching its keywords.
pub(super) fn members(
    config: &Config,
    issues: &BTreeMap<String, Issue>,
    facts: &Facts,
) -> Vec<BTreeSet<String>> {
    (0..config.initiatives.len())
        .map(|ci| {
            let listed = config.initiatives.get(ci).map(|c| &c.issues);
            let mut keys: BTreeSet<String> =
                listed.into_iter().flatten().map(IssueRef::key).collect();
            keys.extend(
                issues
                    .iter()
                    .filter(|(_, issue)| matches_initiative(issue, facts, ci))
                    .map(|(k, _)| k.clone()),
            );
            keys
        })
        .collect()
}

/// The initiatives with their `members`, and each member issue's initiative slugs.
pub(super) fn initiatives(
    config: &Config,
    meetings: &[Meeting],
    issues: &BTreeMap<String, Issue>,
    members: Vec<BTreeSet<String>>,
) -> (Vec<Initiative>, HashMap<String, Vec<String>>) {
    let last_date = meetings.last().map(|m| m.minutes.date);
    let mut issue_initiatives: HashMap<String, Vec<String>> = HashMap::new();
    let mut initiatives = Vec::new();
    for (cfg, members) in config.initiatives.iter().zip(members) {
        let mut keys: Vec<String> = members.into_iter().collect();
        keys.sort_by_key(|k| std::cmp::Reverse(issues.get(k).map_or(0, |i| i.mentions.len())));
        let mut mentions: Vec<Mention> = keys
            .iter()
            .filter_map(|k| issues.get(k))
            .flat_map(|i| i.mentions.iter().copied())
            .collect();
        mentions.sort();
        for k in &keys {
            issue_initiatives
                .entry(k.clone())
                .or_default()
                .push(cfg.slug.clone());
        }
        let status = cfg.status.clone().unwrap_or_else(|| {
            let last = mentions
                .last()
                .and_then(|m| meetings.get(m.meeting))
                .map(|m| m.minutes.date);
            match (last, last_date) {
                (Some(l), Some(end))
                    if end.days_since_epoch() - l.days_since_epoch() <= ACTIVE_DAYS =>
                {
                    "active".to_string()
                }
                _ => "dormant".to_string(),
            }
        });
        initiatives.push(Initiative {
            config: cfg.clone(),
            issues: keys,
            mentions,
            status,
        });
    }
    (initiatives, issue_initiatives)
}

/// The name index (lower-case name → handle key) and everyone who attended, with the meetings
/// they attended; `named_in` is left empty (see [`count_named`]).
pub(super) fn people(
    meetings: &[Meeting],
    config: &Config,
) -> (HashMap<String, String>, BTreeMap<String, Person>) {
    // A name written without a handle belongs to the person who wrote it with one elsewhere.
    let mut name_index: HashMap<String, String> = HashMap::new();
    for meeting in meetings {
        for a in &meeting.minutes.attendees {
            if let Some(h) = &a.handle {
                if !a.name.is_empty() {
                    name_index.insert(a.name.to_lowercase(), h.to_ascii_lowercase());
                }
            }
        }
    }
    // `[people]` wins over what the minutes say: names, and old handles (kept as `@old`).
    for (from, to) in &config.people {
        name_index.insert(from.clone(), to.to_ascii_lowercase());
    }
    let mut people: BTreeMap<String, Person> = BTreeMap::new();
    for (mi, meeting) in meetings.iter().enumerate() {
        for a in &meeting.minutes.attendees {
            let key = super::person_key(&name_index, a);
            if key.is_empty() {
                continue;
            }
            let p = people.entry(key.clone()).or_insert_with(|| Person {
                key,
                handle: None,
                name: String::new(),
                meetings: Vec::new(),
                named_in: BTreeMap::new(),
            });
            // The handle as written; a person found under another key (an old handle or a
            // name `[people]` maps, a name written with a handle elsewhere) is that handle.
            match &a.handle {
                Some(h) if h.eq_ignore_ascii_case(&p.key) => p.handle = Some(h.clone()),
                _ if p.key != a.key() && p.handle.is_none() => p.handle = Some(p.key.clone()),
                _ => {}
            }
            // The latest name given, unless it says less than one before it (`Bert` after
            // `Bert Bakker`).
            let words = |n: &str| n.split_whitespace().count();
            if !a.name.is_empty() && words(&a.name) >= words(&p.name) {
                p.name = a.name.clone();
            }
            if p.meetings.last() != Some(&mi) {
                p.meetings.push(mi);
            }
        }
    }
    (name_index, people)
}

/// Counts, for each person, the items whose notes name their `@handle`, by issue: `sign` 1
/// adds the facts' items, -1 takes them away again (a relink taking out an edited meeting's
/// old items).
pub(super) fn count_named<'a>(
    people: &mut BTreeMap<String, Person>,
    name_index: &HashMap<String, String>,
    facts: impl Iterator<Item = &'a ItemFacts>,
    sign: isize,
) {
    for fact in facts {
        for handle in &fact.handles {
            // An old handle named in the notes counts for the person `[people]` maps it to.
            let handle = name_index.get(&format!("@{handle}")).unwrap_or(handle);
            let Some(p) = people.get_mut(handle) else {
                continue;
            };
            if sign > 0 {
                *p.named_in.entry(fact.key.clone()).or_insert(0) += 1;
            } else if let Some(n) = p.named_in.get_mut(&fact.key) {
                *n = n.saturating_sub(1);
                if *n == 0 {
                    p.named_in.remove(&fact.key);
                }
            }
        }
    }
}

//! Org-wide views and pages: an [`Archive`] with `[[groups]]` → the groups index (`groups/`),
//! one page and one Atom feed per group (`groups/SLUG/`), the group labels other pages show,
//! per-group counts (issues, people) and the line saying how an issue moved between groups.
//! On a single-group site every function here returns nothing, so its pages stay as they were.

use super::links::Linker;
use super::views::{self, IssueLinkView, MeetingLinkView, PersonLinkView};
use super::Env;
use crate::archive::{Archive, Group, Issue, Person};
use crate::paths;
use serde::Serialize;
use std::collections::BTreeMap;

/// How many meetings, issues and people a group's page lists in its panels.
const GROUP_PAGE_LATEST: usize = 10;
const GROUP_PAGE_ISSUES: usize = 15;

/// A group as a label that links to its page.
#[derive(Serialize, Clone)]
pub struct GroupTagView {
    pub slug: String,
    pub name: String,
    pub href: String,
    pub meetings_href: String,
    pub feed_href: String,
}

fn tag_of(group: &Group, l: &Linker) -> GroupTagView {
    GroupTagView {
        slug: group.config.slug.clone(),
        name: group.config.name.clone(),
        href: l.href(&paths::group(&group.config.slug)),
        meetings_href: l.href(&paths::group_meetings(&group.config.slug)),
        feed_href: l.href(&paths::feed_of(&paths::group(&group.config.slug))),
    }
}

/// The label of meeting `index`'s group (none on a single-group site).
pub fn tag(archive: &Archive, index: usize, l: &Linker) -> Option<GroupTagView> {
    archive.group_of(index).map(|g| tag_of(g, l))
}

/// Every group's label, in `[[groups]]` order (empty on a single-group site).
pub fn tags(archive: &Archive, l: &Linker) -> Vec<GroupTagView> {
    archive.groups.iter().map(|g| tag_of(g, l)).collect()
}

/// The repo bare `#N` in meeting `index`'s minutes means: its group's, else the site's.
pub fn repo_of(env: &Env, index: usize) -> Option<(crate::model::Owner, crate::model::RepoName)> {
    match env.archive.group_of(index) {
        Some(g) => g.config.repo.clone(),
        None => env.config.repo.clone(),
    }
}

/// How often one group did something (discussed an issue, had a person present).
#[derive(Serialize)]
pub struct GroupCountView {
    #[serde(flatten)]
    pub group: GroupTagView,
    pub count: usize,
    pub first: String,
    pub last: String,
}

/// Meetings (distinct indices, oldest first) counted per group, groups in order of their first
/// meeting.
fn count_by_group(
    archive: &Archive,
    meetings: impl Iterator<Item = usize>,
    l: &Linker,
) -> Vec<GroupCountView> {
    let mut out: Vec<GroupCountView> = Vec::new();
    for i in meetings {
        let (Some(group), Some(m)) = (archive.group_of(i), archive.meetings.get(i)) else {
            continue;
        };
        let date = m.minutes.date.iso();
        match out.iter_mut().find(|v| v.group.slug == group.config.slug) {
            Some(v) => {
                v.count += 1;
                v.last = date;
            }
            None => out.push(GroupCountView {
                group: tag_of(group, l),
                count: 1,
                first: date.clone(),
                last: date,
            }),
        }
    }
    out
}

/// Which groups discussed an issue, how often, first to last.
pub fn issue_groups(archive: &Archive, issue: &Issue, l: &Linker) -> Vec<GroupCountView> {
    count_by_group(archive, issue.mentions.iter().map(|m| m.meeting), l)
}

/// A person's attendance per group.
pub fn person_groups(archive: &Archive, person: &Person, l: &Linker) -> Vec<GroupCountView> {
    count_by_group(archive, person.meetings.iter().copied(), l)
}

/// One leg of an issue's path through the groups: the first meeting of a run of consecutive
/// mentions in one group.
#[derive(Serialize)]
pub struct MoveView {
    #[serde(flatten)]
    pub group: GroupTagView,
    pub date: String,
    /// That meeting's agenda item.
    pub href: String,
    /// Meetings in the run.
    pub meetings: usize,
}

/// How an issue moved between groups, oldest first (`Security WG 2023-01-19 → TSC
/// 2023-02-01`); empty unless more than one group discussed it.
pub fn movement(archive: &Archive, issue: &Issue, l: &Linker) -> Vec<MoveView> {
    let mut runs: Vec<MoveView> = Vec::new();
    for mention in &issue.mentions {
        let (Some(group), Some(m)) = (
            archive.group_of(mention.meeting),
            archive.meetings.get(mention.meeting),
        ) else {
            continue;
        };
        match runs.last_mut() {
            Some(run) if run.group.slug == group.config.slug => run.meetings += 1,
            _ => runs.push(MoveView {
                group: tag_of(group, l),
                date: m.minutes.date.iso(),
                href: l.href_to(
                    &paths::meeting(&m.id),
                    &paths::item_anchor(&issue.reference),
                ),
                meetings: 1,
            }),
        }
    }
    if runs.len() < 2 {
        runs.clear();
    }
    runs
}

/// A group with its counts, for the home page, the groups index and its own page.
#[derive(Serialize)]
pub struct GroupSummaryView {
    #[serde(flatten)]
    pub group: GroupTagView,
    pub repo: Option<String>,
    pub meetings: usize,
    pub issues: usize,
    pub people: usize,
    pub first: String,
    pub last: String,
    pub latest: Option<MeetingLinkView>,
}

/// Issues a group discussed: issue key → meetings of the group that did.
fn group_issue_counts(archive: &Archive, group: &Group) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for &i in &group.meetings {
        let Some(m) = archive.meetings.get(i) else {
            continue;
        };
        let mut seen = std::collections::HashSet::new();
        for item in &m.minutes.items {
            let key = item.reference.key();
            if seen.insert(key.clone()) {
                *counts.entry(key).or_insert(0) += 1;
            }
        }
    }
    counts
}

/// People present at a group's meetings: person key → meetings of the group attended.
fn group_people_counts(archive: &Archive, group: &Group) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for &i in &group.meetings {
        let Some(m) = archive.meetings.get(i) else {
            continue;
        };
        let mut seen = std::collections::HashSet::new();
        for a in &m.minutes.attendees {
            let key = archive.person_key(a);
            if !key.is_empty() && archive.people.contains_key(&key) && seen.insert(key.clone()) {
                *counts.entry(key).or_insert(0) += 1;
            }
        }
    }
    counts
}

fn summary(archive: &Archive, group: &Group, l: &Linker) -> GroupSummaryView {
    let date_of = |i: Option<&usize>| {
        i.and_then(|&i| archive.meetings.get(i))
            .map(|m| m.minutes.date.iso())
            .unwrap_or_default()
    };
    GroupSummaryView {
        group: tag_of(group, l),
        repo: group.config.repo.as_ref().map(|(o, r)| format!("{o}/{r}")),
        meetings: group.meetings.len(),
        issues: group_issue_counts(archive, group).len(),
        people: group_people_counts(archive, group).len(),
        first: date_of(group.meetings.first()),
        last: date_of(group.meetings.last()),
        latest: group
            .meetings
            .last()
            .and_then(|&i| views::meeting_link(archive, i, l)),
    }
}

/// Every group with its counts (empty on a single-group site).
pub fn summaries(archive: &Archive, l: &Linker) -> Vec<GroupSummaryView> {
    archive
        .groups
        .iter()
        .map(|g| summary(archive, g, l))
        .collect()
}

/// An issue as one group discussed it.
#[derive(Serialize)]
struct GroupIssueView {
    #[serde(flatten)]
    link: IssueLinkView,
    /// Meetings of this group that discussed it.
    here: usize,
}

/// A person as one group saw them.
#[derive(Serialize)]
struct GroupPersonView {
    #[serde(flatten)]
    link: PersonLinkView,
    /// Meetings of this group attended.
    here: usize,
}

/// The context of `groups/SLUG/`: the group, its latest meetings, the issues it discussed most
/// and the people at its meetings, most frequent first.
pub fn group_context(env: &Env, index: usize, l: &Linker) -> Option<(String, tera::Context)> {
    let a = env.archive;
    let group = a.groups.get(index)?;
    let mut issues: Vec<(usize, &Issue)> = group_issue_counts(a, group)
        .into_iter()
        .filter_map(|(k, n)| a.issues.get(&k).map(|i| (n, i)))
        .collect();
    issues.sort_by(|x, y| {
        y.0.cmp(&x.0)
            .then_with(|| y.1.mentions.len().cmp(&x.1.mentions.len()))
            .then_with(|| x.1.reference.cmp(&y.1.reference))
    });
    let issue_total = issues.len();
    let issues: Vec<GroupIssueView> = issues
        .into_iter()
        .take(GROUP_PAGE_ISSUES)
        .map(|(here, i)| GroupIssueView {
            link: views::issue_link(env, i, l),
            here,
        })
        .collect();
    let mut people: Vec<GroupPersonView> = group_people_counts(a, group)
        .into_iter()
        .filter_map(|(k, here)| {
            a.people.get(&k).map(|p| GroupPersonView {
                link: views::person_link(env, p, l),
                here,
            })
        })
        .collect();
    people.sort_by(|x, y| {
        y.here
            .cmp(&x.here)
            .then_with(|| x.link.name.to_lowercase().cmp(&y.link.name.to_lowercase()))
    });
    let latest: Vec<MeetingLinkView> = group
        .meetings
        .iter()
        .rev()
        .take(GROUP_PAGE_LATEST)
        .filter_map(|&i| views::meeting_list_link(a, i, l))
        .collect();
    let mut ctx = tera::Context::new();
    ctx.insert("group", &summary(a, group, l));
    ctx.insert("latest", &latest);
    ctx.insert("top_issues", &issues);
    ctx.insert("issue_total", &issue_total);
    ctx.insert("people", &people);
    ctx.insert("groups_href", &l.href(paths::GROUPS));
    Some((group.config.name.clone(), ctx))
}

/// A group's Atom feed: its latest meetings, newest first.
pub fn group_feed(env: &Env, index: usize, path: &str) -> Option<String> {
    let a = env.archive;
    let group = a.groups.get(index)?;
    let entries: Vec<crate::feed::Entry> = group
        .meetings
        .iter()
        .rev()
        .take(crate::feed::FEED_LENGTH)
        .filter_map(|&i| {
            a.meetings
                .get(i)
                .map(|m| crate::feed::meeting_entry(env.config, m))
        })
        .collect();
    let title = format!("{}: {}", env.config.title, group.config.name);
    Some(crate::feed::atom(
        env.config,
        &title,
        path,
        &paths::group(&group.config.slug),
        &entries,
    ))
}

//! The pages that list every action item and decision, a year at a time: `/actions/` and
//! `/decisions/` are indexes (the years with their counts, and for actions the people who took
//! them), `/actions/YEAR/` lists that year's actions grouped by person and `/decisions/YEAR/`
//! that year's decisions, newest first.
//!
//! Each item's anchor (`#action-2023-06-22-3`) is on its year's page. Links made when one page
//! listed them all (`/actions/#action-…`) still land somewhere useful without a script: the
//! index carries every item's id on its year's row, which it highlights with a pointer to the
//! year's page.

use super::actions::{action_view, ActionView};
use super::links::Linker;
use super::Env;
use crate::actions::{Action, Kind};
use crate::paths;
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};

/// One year's row on an index.
#[derive(Serialize)]
pub struct YearRowView {
    pub year: i32,
    pub href: String,
    pub total: usize,
    /// Action items not followed up (no later meeting discussed their issue).
    pub open: usize,
    pub followed_up: usize,
    /// The ids of the year's items: the anchors old links to the index point to.
    pub anchors: Vec<String>,
}

/// One person's row on `/actions/`.
#[derive(Serialize)]
pub struct PersonRowView {
    /// `person-KEY` (or `unassigned`): the row's id.
    pub anchor: String,
    pub name: String,
    pub handle: Option<String>,
    /// The person's page (its action items, every year), when they have one.
    pub href: Option<String>,
    pub total: usize,
    pub open: usize,
    pub followed_up: usize,
    /// Their newest action's date and their group on that year's page.
    pub latest: String,
    pub latest_href: String,
}

/// `/actions/`.
#[derive(Serialize)]
pub struct ActionsIndexView {
    pub total: usize,
    pub open: usize,
    pub followed_up: usize,
    /// Newest first.
    pub years: Vec<YearRowView>,
    /// The people with action items, the newest action first, "No one named" last.
    pub people: Vec<PersonRowView>,
    pub decisions_href: String,
}

/// `/decisions/`.
#[derive(Serialize)]
pub struct DecisionsIndexView {
    pub total: usize,
    pub years: Vec<YearRowView>,
    pub actions_href: String,
}

/// A neighbouring year's page.
#[derive(Serialize)]
pub struct YearLinkView {
    pub year: i32,
    pub href: String,
}

/// An action on a year's page.
#[derive(Serialize)]
pub struct GroupedActionView {
    #[serde(flatten)]
    pub action: ActionView,
    /// The first group listing it carries its `id` (an action two people took is in both).
    pub anchor_here: bool,
}

/// One person's actions on a year's page.
#[derive(Serialize)]
pub struct ActionGroupView {
    /// `person-KEY`, or `unassigned`.
    pub anchor: String,
    pub name: String,
    pub handle: Option<String>,
    pub href: Option<String>,
    /// Newest first.
    pub actions: Vec<GroupedActionView>,
    pub open: usize,
    pub followed_up: usize,
}

/// `/actions/YEAR/`.
#[derive(Serialize)]
pub struct ActionsYearView {
    pub year: i32,
    pub total: usize,
    pub open: usize,
    pub followed_up: usize,
    /// The next older and newer years with actions.
    pub older: Option<YearLinkView>,
    pub newer: Option<YearLinkView>,
    pub index_href: String,
    pub decisions_href: String,
    pub groups: Vec<ActionGroupView>,
}

/// `/decisions/YEAR/`.
#[derive(Serialize)]
pub struct DecisionsYearView {
    pub year: i32,
    pub older: Option<YearLinkView>,
    pub newer: Option<YearLinkView>,
    pub index_href: String,
    pub actions_href: String,
    /// Newest first.
    pub decisions: Vec<ActionView>,
}

/// The archive's items of `kind`, newest first, optionally of one year only.
fn newest_first<'a>(env: &Env<'a>, kind: Kind, year: Option<i32>) -> Vec<&'a Action> {
    let archive = env.archive;
    archive
        .actions
        .iter()
        .rev()
        .map(|a| &**a)
        .filter(|a| a.kind == kind && year.is_none_or(|y| archive.action_year(a) == Some(y)))
        .collect()
}

fn is_open(a: &Action) -> bool {
    a.followed_up.is_none()
}

/// A person as the notes name them: the name as written, the handle, and their actions (newest
/// first).
type Written<'a, 'b> = (&'a str, Option<&'a str>, Vec<&'b Action>);

/// The people who took `actions` (newest first), each with theirs, ordered by their newest
/// action (then by name); actions nobody took come last, as "No one named".
fn by_person<'a>(env: &Env, l: &Linker, actions: &[&'a Action]) -> Vec<Person<'a>> {
    let archive = env.archive;
    let mut found: BTreeMap<&str, Written> = BTreeMap::new();
    let mut unassigned = Vec::new();
    for a in actions {
        if a.people.is_empty() {
            unassigned.push(*a);
        }
        for p in &a.people {
            found
                .entry(p.key.as_str())
                .or_insert((p.name.as_str(), p.handle.as_deref(), Vec::new()))
                .2
                .push(a);
        }
    }
    let mut people: Vec<(&str, Written)> = found.into_iter().collect();
    let newest = |list: &[&Action]| list.first().map_or(0, |a| a.meeting);
    people.sort_by(|x, y| {
        newest(&y.1 .2)
            .cmp(&newest(&x.1 .2))
            .then_with(|| x.1 .0.to_lowercase().cmp(&y.1 .0.to_lowercase()))
    });
    let mut out: Vec<Person> = people
        .into_iter()
        .map(|(key, (name, handle, list))| {
            let person = archive.people.get(key);
            Person {
                anchor: paths::action_person_anchor(key),
                name: person.map_or_else(|| name.to_string(), |p| p.display_name()),
                handle: handle.map(str::to_string),
                href: person.map(|p| l.href(&paths::person(&p.key))),
                actions: list,
            }
        })
        .collect();
    if !unassigned.is_empty() {
        out.push(Person {
            anchor: paths::ACTION_UNASSIGNED_ANCHOR.to_string(),
            name: "No one named".to_string(),
            handle: None,
            href: None,
            actions: unassigned,
        });
    }
    out
}

/// A person and their actions, before they are viewed.
struct Person<'a> {
    anchor: String,
    name: String,
    handle: Option<String>,
    href: Option<String>,
    /// Newest first.
    actions: Vec<&'a Action>,
}

/// Each year's row of the index of `kind`, newest first.
fn year_rows(env: &Env, l: &Linker, kind: Kind) -> Vec<YearRowView> {
    let archive = env.archive;
    let mut rows: Vec<YearRowView> = archive
        .action_years(kind)
        .into_iter()
        .map(|year| YearRowView {
            year,
            href: l.href(&paths::action_year(kind, year)),
            total: 0,
            open: 0,
            followed_up: 0,
            anchors: Vec::new(),
        })
        .collect();
    let at: std::collections::HashMap<i32, usize> =
        rows.iter().enumerate().map(|(i, r)| (r.year, i)).collect();
    for a in newest_first(env, kind, None) {
        let Some(row) = archive
            .action_year(a)
            .and_then(|y| at.get(&y))
            .and_then(|&i| rows.get_mut(i))
        else {
            continue;
        };
        row.total += 1;
        match is_open(a) {
            true => row.open += 1,
            false => row.followed_up += 1,
        }
        row.anchors.push(a.id.clone());
    }
    rows
}

/// The years before and after `year` among those with items of `kind`.
fn neighbours(env: &Env, l: &Linker, kind: Kind, year: i32) -> [Option<YearLinkView>; 2] {
    let all = env.archive.action_years(kind);
    let link = |y: Option<&i32>| {
        y.map(|&year| YearLinkView {
            year,
            href: l.href(&paths::action_year(kind, year)),
        })
    };
    // Newest first: the older year comes after this one.
    let at = all.iter().position(|&y| y == year);
    [
        link(at.and_then(|i| all.get(i + 1))),
        link(at.and_then(|i| i.checked_sub(1)).and_then(|i| all.get(i))),
    ]
}

/// `/actions/`: the years and the people.
pub fn actions_index(env: &Env, l: &Linker) -> ActionsIndexView {
    let archive = env.archive;
    let all = newest_first(env, Kind::Action, None);
    let open = all.iter().filter(|a| is_open(a)).count();
    let people = by_person(env, l, &all)
        .into_iter()
        .map(|p| {
            let newest = p.actions.first();
            let open = p.actions.iter().filter(|a| is_open(a)).count();
            PersonRowView {
                latest: newest
                    .and_then(|a| archive.meetings.get(a.meeting))
                    .map(|m| m.minutes.date.iso())
                    .unwrap_or_default(),
                latest_href: newest
                    .and_then(|a| archive.action_year(a))
                    .map(|y| l.href_to(&paths::action_year(Kind::Action, y), &p.anchor))
                    .unwrap_or_default(),
                total: p.actions.len(),
                followed_up: p.actions.len() - open,
                open,
                anchor: p.anchor,
                name: p.name,
                handle: p.handle,
                href: p.href,
            }
        })
        .collect();
    ActionsIndexView {
        total: all.len(),
        open,
        followed_up: all.len() - open,
        years: year_rows(env, l, Kind::Action),
        people,
        decisions_href: l.href(paths::DECISIONS),
    }
}

/// `/decisions/`: the years.
pub fn decisions_index(env: &Env, l: &Linker) -> DecisionsIndexView {
    let years = year_rows(env, l, Kind::Decision);
    DecisionsIndexView {
        total: years.iter().map(|y| y.total).sum(),
        years,
        actions_href: l.href(paths::ACTIONS),
    }
}

/// `/actions/YEAR/`: the year's actions by person.
pub fn actions_year(env: &Env, l: &Linker, year: i32) -> ActionsYearView {
    let actions = newest_first(env, Kind::Action, Some(year));
    let open = actions.iter().filter(|a| is_open(a)).count();
    let mut placed: HashSet<&str> = HashSet::new();
    let groups = by_person(env, l, &actions)
        .into_iter()
        .map(|p| {
            let open = p.actions.iter().filter(|a| is_open(a)).count();
            ActionGroupView {
                followed_up: p.actions.len() - open,
                open,
                actions: p
                    .actions
                    .iter()
                    .filter_map(|a| {
                        Some(GroupedActionView {
                            action: action_view(env, a, l)?,
                            anchor_here: placed.insert(a.id.as_str()),
                        })
                    })
                    .collect(),
                anchor: p.anchor,
                name: p.name,
                handle: p.handle,
                href: p.href,
            }
        })
        .collect();
    let [older, newer] = neighbours(env, l, Kind::Action, year);
    ActionsYearView {
        year,
        total: actions.len(),
        open,
        followed_up: actions.len() - open,
        older,
        newer,
        index_href: l.href(paths::ACTIONS),
        decisions_href: l.href(paths::DECISIONS),
        groups,
    }
}

/// `/decisions/YEAR/`: the year's decisions, newest first.
pub fn decisions_year(env: &Env, l: &Linker, year: i32) -> DecisionsYearView {
    let [older, newer] = neighbours(env, l, Kind::Decision, year);
    DecisionsYearView {
        year,
        older,
        newer,
        index_href: l.href(paths::DECISIONS),
        actions_href: l.href(paths::ACTIONS),
        decisions: newest_first(env, Kind::Decision, Some(year))
            .into_iter()
            .filter_map(|a| action_view(env, a, l))
            .collect(),
    }
}

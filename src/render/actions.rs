//! Views of the archive's action items and decisions: `/actions/` (newest first, grouped by
//! person), `/decisions/` (the decision log, by year) and the lists on issue and person pages.

use super::links::Linker;
use super::Env;
use crate::actions::output::page_of;
use crate::actions::{Action, Kind};
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};

#[derive(Serialize)]
pub struct PersonRefView {
    pub name: String,
    pub handle: Option<String>,
    /// The person's page, when they have one.
    pub href: Option<String>,
}

#[derive(Serialize)]
pub struct ActionIssueView {
    pub key: String,
    pub repo: String,
    pub number: u64,
    pub title: String,
    pub href: String,
}

#[derive(Serialize)]
pub struct ActionView {
    /// The anchor on `/actions/` or `/decisions/` (`action-2023-06-22-41`).
    pub id: String,
    /// Its place on the list page (`../actions/#action-…`).
    pub href: String,
    /// `action` or `decision`.
    pub kind: &'static str,
    pub text: String,
    pub date: String,
    pub date_human: String,
    pub meeting_title: String,
    /// The meeting page, at the agenda item the sentence was under when there is one.
    pub meeting_href: String,
    pub issue: Option<ActionIssueView>,
    pub people: Vec<PersonRefView>,
    /// The next meeting that discussed the issue again.
    pub followed_up: Option<super::views::DateLinkView>,
    /// An action under an issue that has not been discussed since.
    pub stale: bool,
}

pub fn action_view(env: &Env, a: &Action, l: &Linker) -> Option<ActionView> {
    let archive = env.archive;
    let meeting = archive.meetings.get(a.meeting)?;
    let issue = a.issue.as_ref().and_then(|k| archive.issues.get(k));
    let meeting_href = match issue {
        Some(i) => l.href_to(
            &meeting.page_path(),
            &super::views::item_anchor(&i.reference),
        ),
        None => l.href(&meeting.page_path()),
    };
    let followed_up = a
        .followed_up
        .and_then(|i| archive.meetings.get(i).map(|m| (i, m)))
        .map(|(i, m)| super::views::DateLinkView {
            date: m.minutes.date.to_string(),
            href: match issue {
                Some(i) => l.href_to(&m.page_path(), &super::views::item_anchor(&i.reference)),
                None => l.href(&m.page_path()),
            },
            // On an org-wide site: the group that followed up, when it is another one.
            group: archive
                .group_of(i)
                .filter(|g| g.config.slug != meeting.minutes.group)
                .map(|g| g.config.name.clone()),
        });
    Some(ActionView {
        id: a.id.clone(),
        href: l.href_to(page_of(a.kind), &a.id),
        kind: a.kind.label(),
        text: a.text.clone(),
        date: meeting.minutes.date.to_string(),
        date_human: meeting.minutes.date.human(),
        meeting_title: meeting.minutes.title.clone(),
        meeting_href,
        issue: issue.map(|i| ActionIssueView {
            key: i.reference.key(),
            repo: i.reference.repo_key(),
            number: i.reference.number,
            title: i.title(),
            href: l.href(&i.reference.page_path()),
        }),
        people: a
            .people
            .iter()
            .map(|p| PersonRefView {
                name: p.name.clone(),
                handle: p.handle.clone(),
                href: archive.people.get(&p.key).map(|x| l.href(&x.page_path())),
            })
            .collect(),
        stale: a.kind == Kind::Action && issue.is_some() && followed_up.is_none(),
        followed_up,
    })
}

/// One person's actions on `/actions/`.
#[derive(Serialize)]
pub struct ActionGroupView {
    /// `person-KEY`, or `unassigned`.
    pub anchor: String,
    pub name: String,
    pub handle: Option<String>,
    pub href: Option<String>,
    /// Newest first. Each action's `id` is placed once on the page: the first group showing
    /// it carries the anchor (`anchor_here`).
    pub actions: Vec<GroupedActionView>,
    pub latest: String,
}

#[derive(Serialize)]
pub struct GroupedActionView {
    #[serde(flatten)]
    pub action: ActionView,
    pub anchor_here: bool,
}

#[derive(Serialize)]
pub struct ActionsPageView {
    pub groups: Vec<ActionGroupView>,
    pub total: usize,
    /// How many have an issue discussed again later.
    pub followed_up: usize,
    pub decisions_href: String,
}

/// One person's name, handle and actions (newest first).
type PersonActions<'a> = (&'a str, Option<&'a str>, Vec<&'a Action>);

/// `/actions/`: people ordered by their latest action (newest first, then by name), each with
/// their actions newest first; actions nobody took come last.
pub fn actions_page(env: &Env, l: &Linker) -> ActionsPageView {
    let archive = env.archive;
    let actions: Vec<&Action> = archive
        .actions
        .iter()
        .rev()
        .filter(|a| a.kind == Kind::Action)
        .collect();
    // Person key → (name, handle, actions newest first).
    let mut by_person: BTreeMap<&str, PersonActions> = BTreeMap::new();
    let mut unassigned: Vec<&Action> = Vec::new();
    for a in &actions {
        if a.people.is_empty() {
            unassigned.push(a);
        }
        for p in &a.people {
            by_person
                .entry(p.key.as_str())
                .or_insert((p.name.as_str(), p.handle.as_deref(), Vec::new()))
                .2
                .push(a);
        }
    }
    let mut people: Vec<(&str, PersonActions)> = by_person.into_iter().collect();
    let newest = |list: &[&Action]| list.first().map_or(0, |a| a.meeting);
    people.sort_by(|x, y| {
        newest(&y.1 .2)
            .cmp(&newest(&x.1 .2))
            .then_with(|| x.1 .0.to_lowercase().cmp(&y.1 .0.to_lowercase()))
    });
    let mut placed: HashSet<String> = HashSet::new();
    let mut group = |anchor: String,
                     name: String,
                     handle: Option<String>,
                     href: Option<String>,
                     list: &[&Action]| {
        let actions: Vec<GroupedActionView> = list
            .iter()
            .filter_map(|a| {
                let view = action_view(env, a, l)?;
                Some(GroupedActionView {
                    anchor_here: placed.insert(a.id.clone()),
                    action: view,
                })
            })
            .collect();
        ActionGroupView {
            anchor,
            name,
            handle,
            href,
            latest: actions
                .first()
                .map(|a| a.action.date.clone())
                .unwrap_or_default(),
            actions,
        }
    };
    let mut groups: Vec<ActionGroupView> = people
        .iter()
        .map(|(key, (name, handle, list))| {
            let person = archive.people.get(*key);
            group(
                format!("person-{}", crate::model::slugify(key)),
                person.map_or_else(|| name.to_string(), |p| p.display_name()),
                handle.map(str::to_string),
                person.map(|p| l.href(&p.page_path())),
                list,
            )
        })
        .collect();
    if !unassigned.is_empty() {
        groups.push(group(
            "unassigned".to_string(),
            "No one named".to_string(),
            None,
            None,
            &unassigned,
        ));
    }
    ActionsPageView {
        groups,
        total: actions.len(),
        followed_up: actions.iter().filter(|a| a.followed_up.is_some()).count(),
        decisions_href: l.href(page_of(Kind::Decision)),
    }
}

#[derive(Serialize)]
pub struct DecisionYearView {
    pub year: i32,
    pub decisions: Vec<ActionView>,
}

#[derive(Serialize)]
pub struct DecisionsPageView {
    pub years: Vec<DecisionYearView>,
    pub total: usize,
    pub actions_href: String,
}

/// `/decisions/`: every decision, newest first, by year.
pub fn decisions_page(env: &Env, l: &Linker) -> DecisionsPageView {
    let mut years: Vec<DecisionYearView> = Vec::new();
    let mut total = 0;
    for a in env.archive.actions.iter().rev() {
        if a.kind != Kind::Decision {
            continue;
        }
        let Some(view) = action_view(env, a, l) else {
            continue;
        };
        total += 1;
        let year = env
            .archive
            .meetings
            .get(a.meeting)
            .map_or(0, |m| m.minutes.date.year);
        match years.last_mut() {
            Some(y) if y.year == year => y.decisions.push(view),
            _ => years.push(DecisionYearView {
                year,
                decisions: vec![view],
            }),
        }
    }
    DecisionsPageView {
        years,
        total,
        actions_href: l.href(page_of(Kind::Action)),
    }
}

/// The actions and decisions shown on an issue or person page, newest first.
#[derive(Serialize)]
pub struct ActionListsView {
    pub actions: Vec<ActionView>,
    pub decisions: Vec<ActionView>,
}

fn lists<'a>(env: &Env, l: &Linker, it: impl Iterator<Item = &'a Action>) -> ActionListsView {
    let mut out = ActionListsView {
        actions: Vec::new(),
        decisions: Vec::new(),
    };
    let mut all: Vec<&Action> = it.collect();
    all.reverse();
    for a in all {
        if let Some(v) = action_view(env, a, l) {
            match a.kind {
                Kind::Action => out.actions.push(v),
                Kind::Decision => out.decisions.push(v),
            }
        }
    }
    out
}

/// The actions and decisions noted under the issue `key`.
pub fn for_issue(env: &Env, key: &str, l: &Linker) -> ActionListsView {
    let indices = env.actions.by_issue.get(key).map_or(&[][..], Vec::as_slice);
    lists(
        env,
        l,
        indices.iter().filter_map(|&i| env.archive.actions.get(i)),
    )
}

/// The actions the person `key` took (decisions are the group's, so none).
pub fn for_person(env: &Env, key: &str, l: &Linker) -> ActionListsView {
    let indices = env
        .actions
        .by_person
        .get(key)
        .map_or(&[][..], Vec::as_slice);
    lists(
        env,
        l,
        indices.iter().filter_map(|&i| env.archive.actions.get(i)),
    )
}

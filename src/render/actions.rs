//! Views of single action items and decisions, and of the lists on issue and person pages. The
//! pages that list them all, by year, are [`super::action_pages`].

use super::links::Linker;
use super::Env;

use crate::actions::{Action, Kind};
use crate::paths;
use serde::Serialize;

#[derive(Serialize, PartialEq, Eq, Hash)]
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
    /// The anchor on its year's page (`action-2023-06-22-3`: the third action of that meeting).
    pub id: String,
    /// Its place on its year's page (`../actions/2023/#action-…`).
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
            &paths::meeting(&meeting.id),
            &paths::item_anchor(&i.reference),
        ),
        None => l.href(&paths::meeting(&meeting.id)),
    };
    let followed_up = a
        .followed_up
        .and_then(|i| archive.meetings.get(i).map(|m| (i, m)))
        .map(|(i, m)| super::views::DateLinkView {
            date: m.minutes.date.iso(),
            href: match issue {
                Some(i) => l.href_to(&paths::meeting(&m.id), &paths::item_anchor(&i.reference)),
                None => l.href(&paths::meeting(&m.id)),
            },
            // On an org-wide site: the group that followed up, when it is another one.
            group: archive
                .group_of(i)
                .filter(|g| g.config.slug != meeting.minutes.group)
                .map(|g| g.config.name.clone()),
        });
    Some(ActionView {
        id: a.id.clone(),
        href: match archive.action_year(a) {
            Some(year) => l.href_to(&paths::action_year(a.kind, year), &a.id),
            None => l.href_to(paths::action_list(a.kind), &a.id),
        },
        kind: a.kind.label(),
        text: a.text.clone(),
        date: meeting.minutes.date.iso(),
        date_human: meeting.minutes.date.human(),
        meeting_title: meeting.minutes.title.clone(),
        meeting_href,
        issue: issue.map(|i| ActionIssueView {
            key: i.reference.key(),
            repo: i.reference.repo_key(),
            number: i.reference.number,
            title: i.title(),
            href: l.href(&paths::issue(&i.reference)),
        }),
        people: a
            .people
            .iter()
            .map(|p| PersonRefView {
                name: p.name.clone(),
                handle: p.handle.clone(),
                href: archive
                    .people
                    .get(&p.key)
                    .map(|x| l.href(&paths::person(&x.key))),
            })
            .collect(),
        stale: a.kind == Kind::Action && issue.is_some() && followed_up.is_none(),
        followed_up,
    })
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
    let indices = env
        .actions()
        .by_issue
        .get(key)
        .map_or(&[][..], Vec::as_slice);
    lists(
        env,
        l,
        indices
            .iter()
            .filter_map(|&i| env.archive.actions.get(i).map(|a| &**a)),
    )
}

/// The actions the person `key` took (decisions are the group's, so none).
pub fn for_person(env: &Env, key: &str, l: &Linker) -> ActionListsView {
    let indices = env
        .actions()
        .by_person
        .get(key)
        .map_or(&[][..], Vec::as_slice);
    lists(
        env,
        l,
        indices
            .iter()
            .filter_map(|&i| env.archive.actions.get(i).map(|a| &**a)),
    )
}

//! Views of the archive's action items and decisions: `/actions/` (newest first, grouped by
//! person), `/decisions/` (the decision log, by year) and the lists on issue and person pages.

use super::links::Linker;
use super::Env;
use crate::actions::{Action, Kind};
use crate::paths;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use tera::Value;

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
    /// The anchor on `/actions/` or `/decisions/` (`action-2023-06-22-3`: the third action of that meeting).
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
        href: l.href_to(paths::action_list(a.kind), &a.id),
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

/// One group of `/actions/` before it is viewed.
struct Group<'a> {
    anchor: String,
    name: String,
    handle: Option<String>,
    href: Option<String>,
    /// Newest first.
    list: Vec<&'a Action>,
}

/// The groups of `/actions/`: people ordered by their latest action (newest first, then by
/// name), each with their actions newest first; actions nobody took come last. Also the number
/// of actions and of those followed up.
fn groups<'a>(env: &Env<'a>, l: &Linker) -> (Vec<Group<'a>>, usize, usize) {
    let archive = env.archive;
    let actions: Vec<&Action> = archive
        .actions
        .iter()
        .rev()
        .map(|a| &**a)
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
    let mut groups: Vec<Group> = people
        .into_iter()
        .map(|(key, (name, handle, list))| {
            let person = archive.people.get(key);
            Group {
                anchor: paths::action_person_anchor(key),
                name: person.map_or_else(|| name.to_string(), |p| p.display_name()),
                handle: handle.map(str::to_string),
                href: person.map(|p| l.href(&paths::person(&p.key))),
                list,
            }
        })
        .collect();
    if !unassigned.is_empty() {
        groups.push(Group {
            anchor: paths::ACTION_UNASSIGNED_ANCHOR.to_string(),
            name: "No one named".to_string(),
            handle: None,
            href: None,
            list: unassigned,
        });
    }
    let followed_up = actions.iter().filter(|a| a.followed_up.is_some()).count();
    (groups, actions.len(), followed_up)
}

/// The template value of `/actions/`: what serialising [`ActionsPageView`] gives, but built
/// one action at a time, with each issue's and each person's part made once and shared by all
/// the actions that name them (template values share by reference count). The page lists every
/// action of the archive: at 10k meetings (60k actions) its context took about 270 MB, the
/// largest allocation of a build, and now takes a fraction of that.
pub fn actions_page_value(env: &Env, l: &Linker) -> Value {
    let (groups, total, followed_up) = groups(env, l);
    let mut placed: HashSet<String> = HashSet::new();
    let mut issues: HashMap<String, Value> = HashMap::new();
    let mut people: HashMap<PersonRefView, Value> = HashMap::new();
    let groups: Vec<Value> = groups
        .into_iter()
        .map(|g| {
            let mut latest = None;
            let actions: Vec<Value> = g
                .list
                .iter()
                .filter_map(|a| {
                    let mut view = action_view(env, a, l)?;
                    latest.get_or_insert_with(|| view.date.clone());
                    let issue = view.issue.take().map(|i| {
                        issues
                            .entry(i.key.clone())
                            .or_insert_with(|| Value::from_serializable(&i))
                            .clone()
                    });
                    let named: Vec<Value> = std::mem::take(&mut view.people)
                        .into_iter()
                        .map(|p| {
                            let shared = people.get(&p).cloned();
                            shared.unwrap_or_else(|| {
                                let value = Value::from_serializable(&p);
                                people.insert(p, value.clone());
                                value
                            })
                        })
                        .collect();
                    // `GroupedActionView` flattens the view, which serialises as a map with
                    // a key allocated per field and no size known; as a struct, plus a field:
                    // the same value in less memory.
                    let here = placed.insert(a.id.clone());
                    Some(with_fields(
                        Value::from_serializable(&view),
                        [
                            ("issue", Value::from(issue)),
                            ("people", Value::from(named)),
                            ("anchor_here", Value::from(here)),
                        ],
                    ))
                })
                .collect();
            let group = ActionGroupView {
                anchor: g.anchor,
                name: g.name,
                handle: g.handle,
                href: g.href,
                latest: latest.unwrap_or_default(),
                actions: Vec::new(),
            };
            with_fields(
                Value::from_serializable(&group),
                [("actions", Value::from(actions))],
            )
        })
        .collect();
    let page = ActionsPageView {
        groups: Vec::new(),
        total,
        followed_up,
        decisions_href: l.href(paths::DECISIONS),
    };
    with_fields(
        Value::from_serializable(&page),
        [("groups", Value::from(groups))],
    )
}

/// `value` (a serialised struct) with `fields` set to other values.
fn with_fields<const N: usize>(value: Value, fields: [(&'static str, Value); N]) -> Value {
    match value.into_map() {
        Some(mut map) => {
            for (key, field) in fields {
                map.insert(key.into(), field);
            }
            Value::from(map)
        }
        // Structs serialise to maps: not reached.
        None => Value::none(),
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
        actions_href: l.href(paths::ACTIONS),
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// `/actions/` as a view (what [`actions_page_value`] builds a template value of, directly).
    fn actions_page(env: &Env, l: &Linker) -> ActionsPageView {
        let (groups, total, followed_up) = groups(env, l);
        let mut placed: HashSet<String> = HashSet::new();
        let groups = groups
            .into_iter()
            .map(|g| {
                let actions: Vec<GroupedActionView> = g
                    .list
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
                    anchor: g.anchor,
                    name: g.name,
                    handle: g.handle,
                    href: g.href,
                    latest: actions
                        .first()
                        .map(|a| a.action.date.clone())
                        .unwrap_or_default(),
                    actions,
                }
            })
            .collect();
        ActionsPageView {
            groups,
            total,
            followed_up,
            decisions_href: l.href(paths::DECISIONS),
        }
    }

    #[test]
    fn the_actions_page_value_is_what_serialising_its_view_gives() {
        let here = Path::new(env!("CARGO_MANIFEST_DIR"));
        let roots = std::iter::once(here.to_path_buf()).chain(crate::test_support::security_wg());
        for root in roots {
            let (minutes, config) = crate::test_support::minutes_of(&root);
            let archive = crate::archive::link(minutes, &config, false);
            let shown = archive.actions.iter().filter(|a| a.kind == Kind::Action);
            assert!(shown.count() > 3, "{}: too few actions", root.display());
            let theme = super::super::load_theme(&root, &config).expect("theme");
            let renderer = super::super::Renderer::new(&theme).expect("templates");
            let env = renderer.env(&config, &archive, &[]);
            let l = Linker::for_page(paths::ACTIONS, &config.base_url);
            let view = Value::from_serializable(&actions_page(&env, &l));
            assert!(view == actions_page_value(&env, &l), "{}", root.display());
        }
    }
}

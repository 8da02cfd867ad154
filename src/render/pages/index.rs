//! Contexts of the pages that list the archive: the home page, the meeting, issue, initiative
//! and people indexes, search, actions, decisions and the groups index.

use super::detail::{initiative_view, InitiativeView};
use super::{page, Built, IssueOrder};
use crate::paths;
use crate::render::links::Linker;
use crate::render::views::{self, IssueLinkView, MeetingLinkView, PersonLinkView};
use crate::render::Env;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Serialize)]
struct SearchPageView {
    enabled: bool,
    script_href: String,
    pagefind_href: String,
    /// The filters the page offers (`group` on org-wide sites only): each `name` (the URL
    /// parameter) and `label`. The script fills in their values and counts.
    facets: Vec<FacetView>,
}

#[derive(Serialize)]
struct FacetView {
    name: &'static str,
    label: &'static str,
}

#[derive(Serialize)]
struct YearView {
    year: i32,
    meetings: Vec<MeetingLinkView>,
}

#[derive(Serialize)]
struct RepoGroupView {
    repo: String,
    issues: Vec<IssueLinkView>,
}

#[derive(Serialize)]
struct OrderView {
    label: &'static str,
    href: String,
    current: bool,
}

/// The home page's window for "most discussed lately", in days before the last meeting.
const RECENT_DAYS: i64 = 90;

/// An issue with how often it was discussed in a recent window.
#[derive(Serialize)]
struct RecentIssueView {
    #[serde(flatten)]
    link: IssueLinkView,
    /// Meetings in the window that discussed it.
    recent: usize,
}

/// Issues most discussed in the `days` before the archive's last meeting (inclusive), most
/// first, at most 8; and the date of the first meeting in that window.
fn recent_issues(env: &Env, l: &Linker, days: i64) -> (String, Vec<RecentIssueView>) {
    let a = env.archive;
    let Some(end) = a.meetings.last().map(|m| m.minutes.date.days_since_epoch()) else {
        return (String::new(), Vec::new());
    };
    let in_window = |meeting: usize| {
        a.meetings
            .get(meeting)
            .is_some_and(|m| in_window_date(end, m.minutes.date, days))
    };
    let mut counted: Vec<(usize, &crate::archive::Issue)> = a
        .issues
        .values()
        .map(|i| {
            let mut meetings: Vec<usize> = i
                .mentions
                .iter()
                .map(|m| m.meeting)
                .filter(|m| in_window(*m))
                .collect();
            meetings.dedup();
            (meetings.len(), i)
        })
        .filter(|(n, _)| *n > 0)
        .collect();
    counted.sort_by(|x, y| {
        y.0.cmp(&x.0)
            .then_with(|| y.1.mentions.len().cmp(&x.1.mentions.len()))
            .then_with(|| x.1.reference.cmp(&y.1.reference))
    });
    let since = a
        .meetings
        .iter()
        .find(|m| in_window_date(end, m.minutes.date, days))
        .map(|m| m.minutes.date.iso())
        .unwrap_or_default();
    let list = counted
        .into_iter()
        .take(8)
        .map(|(recent, i)| RecentIssueView {
            link: views::issue_link(env, i, l),
            recent,
        })
        .collect();
    (since, list)
}

fn in_window_date(end: i64, date: crate::model::Date, days: i64) -> bool {
    end - date.days_since_epoch() <= days
}

/// The home page: the latest meeting, issues discussed lately, initiatives, recent meetings.
pub(super) fn home(env: &Env, l: &Linker, path: &str) -> Built {
    let a = env.archive;
    let mut ctx = tera::Context::new();
    let title = &env.config.title;
    let latest: Vec<MeetingLinkView> = (0..a.meetings.len())
        .rev()
        .take(8)
        .filter_map(|i| views::meeting_list_link(a, i, l))
        .collect();
    let latest_meeting = a
        .meetings
        .len()
        .checked_sub(1)
        .and_then(|i| views::meeting_view(env, i, l));
    let mut top: Vec<_> = a.issues.values().collect();
    top.sort_by(|x, y| {
        y.mentions
            .len()
            .cmp(&x.mentions.len())
            .then_with(|| x.reference.cmp(&y.reference))
    });
    let top: Vec<IssueLinkView> = top
        .into_iter()
        .take(10)
        .map(|i| views::issue_link(env, i, l))
        .collect();
    let initiatives: Vec<InitiativeView> = a
        .initiatives
        .iter()
        .map(|i| initiative_view(env, i, l, false))
        .collect();
    ctx.insert("latest", &latest);
    ctx.insert("latest_meeting", &latest_meeting);
    ctx.insert("top_issues", &top);
    let (since, recent) = recent_issues(env, l, RECENT_DAYS);
    ctx.insert("recent_issues", &recent);
    ctx.insert("recent_since", &since);
    ctx.insert("recent_days", &RECENT_DAYS);
    ctx.insert("initiatives", &initiatives);
    ctx.insert("groups", &crate::render::groups::summaries(a, l));
    ctx.insert("groups_href", &l.href(paths::GROUPS));
    ctx.insert("next_meeting", &crate::render::calendar::next_meeting(env));
    ctx.insert("calendar", &crate::render::calendar::calendar_view(l));
    ctx.insert(
        "counts",
        &BTreeMap::from([
            ("meetings", a.meetings.len()),
            ("issues", a.issues.len()),
            ("people", a.people.len()),
        ]),
    );
    (
        "index.html",
        "",
        page(env, l, path, title.clone(), String::new(), "home"),
        ctx,
    )
}

/// `issues/` in one of its orders, grouped by repository.
pub(super) fn issues(env: &Env, l: &Linker, path: &str, order: IssueOrder) -> Built {
    let a = env.archive;
    let mut ctx = tera::Context::new();
    let title = &env.config.title;
    let mut issues: Vec<_> = a.issues.values().collect();
    match order {
        IssueOrder::MostDiscussed => issues.sort_by(|x, y| {
            y.mentions
                .len()
                .cmp(&x.mentions.len())
                .then_with(|| x.reference.cmp(&y.reference))
        }),
        IssueOrder::Recent => issues.sort_by(|x, y| {
            y.mentions
                .last()
                .cmp(&x.mentions.last())
                .then_with(|| x.reference.cmp(&y.reference))
        }),
        IssueOrder::Number => issues.sort_by(|x, y| x.reference.cmp(&y.reference)),
    }
    let mut groups: Vec<RepoGroupView> = Vec::new();
    for issue in issues {
        let link = views::issue_link(env, issue, l);
        match groups.iter_mut().find(|g| g.repo == link.repo) {
            Some(g) => g.issues.push(link),
            None => groups.push(RepoGroupView {
                repo: link.repo.clone(),
                issues: vec![link],
            }),
        }
    }
    groups.sort_by(|x, y| {
        y.issues
            .len()
            .cmp(&x.issues.len())
            .then_with(|| x.repo.cmp(&y.repo))
    });
    let orders: Vec<OrderView> = [
        ("Most discussed", IssueOrder::MostDiscussed),
        ("Recently discussed", IssueOrder::Recent),
        ("By number", IssueOrder::Number),
    ]
    .into_iter()
    .map(|(label, o)| OrderView {
        label,
        href: l.href(o.path()),
        current: o == order,
    })
    .collect();
    ctx.insert("groups", &groups);
    ctx.insert("orders", &orders);
    ctx.insert("total", &a.issues.len());
    (
        "issues.html",
        paths::ISSUES,
        page(
            env,
            l,
            path,
            format!("Issues · {title}"),
            String::new(),
            "issues",
        ),
        ctx,
    )
}

/// `initiatives/`.
pub(super) fn initiatives(env: &Env, l: &Linker, path: &str) -> Built {
    let a = env.archive;
    let mut ctx = tera::Context::new();
    let title = &env.config.title;
    let list: Vec<InitiativeView> = a
        .initiatives
        .iter()
        .map(|i| initiative_view(env, i, l, false))
        .collect();
    ctx.insert("initiatives", &list);
    (
        "initiatives.html",
        paths::INITIATIVES,
        page(
            env,
            l,
            path,
            format!("Initiatives · {title}"),
            String::new(),
            "initiatives",
        ),
        ctx,
    )
}

/// `people/`, most frequent first.
pub(super) fn people(env: &Env, l: &Linker, path: &str) -> Built {
    let a = env.archive;
    let mut ctx = tera::Context::new();
    let title = &env.config.title;
    let mut people: Vec<PersonLinkView> = a
        .people
        .values()
        .map(|p| views::person_link(env, p, l))
        .collect();
    people.sort_by(|x, y| {
        y.count
            .cmp(&x.count)
            .then_with(|| x.name.to_lowercase().cmp(&y.name.to_lowercase()))
    });
    ctx.insert("people", &people);
    ctx.insert("groups", &crate::render::groups::tags(a, l));
    (
        "people.html",
        paths::PEOPLE,
        page(
            env,
            l,
            path,
            format!("People · {title}"),
            String::new(),
            "people",
        ),
        ctx,
    )
}

/// `search/`.
pub(super) fn search(env: &Env, l: &Linker, path: &str) -> Built {
    let mut ctx = tera::Context::new();
    let title = &env.config.title;
    ctx.insert(
        "search",
        &SearchPageView {
            enabled: env.config.search.enabled,
            script_href: l.href(paths::SEARCH_SCRIPT),
            pagefind_href: l.href(paths::SEARCH_INDEX_SCRIPT),
            facets: crate::search::SHOWN_FACETS
                .iter()
                .filter(|(name, _)| *name != "group" || env.archive.is_org_wide())
                .map(|&(name, label)| FacetView { name, label })
                .collect(),
        },
    );
    (
        "search.html",
        paths::SEARCH,
        page(
            env,
            l,
            path,
            format!("Search · {title}"),
            String::new(),
            "search",
        ),
        ctx,
    )
}

/// `actions/`: the years with action items, and the people who took them.
pub(super) fn actions(env: &Env, l: &Linker, path: &str) -> Built {
    let mut ctx = tera::Context::new();
    let title = &env.config.title;
    ctx.insert(
        "actions",
        &crate::render::action_pages::actions_index(env, l),
    );
    (
        "actions.html",
        paths::ACTIONS,
        page(
            env,
            l,
            path,
            format!("Action items · {title}"),
            String::new(),
            "actions",
        ),
        ctx,
    )
}

/// `actions/YEAR/`: the year's action items by person.
pub(super) fn actions_year(env: &Env, l: &Linker, path: &str, year: i32) -> Built {
    let mut ctx = tera::Context::new();
    let title = &env.config.title;
    ctx.insert(
        "year",
        &crate::render::action_pages::actions_year(env, l, year),
    );
    (
        "actions_year.html",
        paths::ACTIONS,
        page(
            env,
            l,
            path,
            format!("Action items, {year} · {title}"),
            String::new(),
            "actions-year",
        ),
        ctx,
    )
}

/// `decisions/`: the years with decisions.
pub(super) fn decisions(env: &Env, l: &Linker, path: &str) -> Built {
    let mut ctx = tera::Context::new();
    let title = &env.config.title;
    ctx.insert(
        "decisions",
        &crate::render::action_pages::decisions_index(env, l),
    );
    (
        "decisions.html",
        paths::DECISIONS,
        page(
            env,
            l,
            path,
            format!("Decisions · {title}"),
            String::new(),
            "decisions",
        ),
        ctx,
    )
}

/// `decisions/YEAR/`: the year's decisions.
pub(super) fn decisions_year(env: &Env, l: &Linker, path: &str, year: i32) -> Built {
    let mut ctx = tera::Context::new();
    let title = &env.config.title;
    ctx.insert(
        "year",
        &crate::render::action_pages::decisions_year(env, l, year),
    );
    (
        "decisions_year.html",
        paths::DECISIONS,
        page(
            env,
            l,
            path,
            format!("Decisions, {year} · {title}"),
            String::new(),
            "decisions-year",
        ),
        ctx,
    )
}

/// `groups/` (org-wide sites).
pub(super) fn groups(env: &Env, l: &Linker, path: &str) -> Built {
    let a = env.archive;
    let mut ctx = tera::Context::new();
    let title = &env.config.title;
    ctx.insert("groups", &crate::render::groups::summaries(a, l));
    (
        "groups.html",
        paths::GROUPS,
        page(
            env,
            l,
            path,
            format!("Groups · {title}"),
            String::new(),
            "groups",
        ),
        ctx,
    )
}

/// `meetings/` (every meeting) or `meetings/SLUG/` (one group's), by year, newest first.
pub(super) fn meetings_page(env: &Env, l: &Linker, path: &str, group: Option<usize>) -> Built {
    let a = env.archive;
    let title = &env.config.title;
    let chosen: Vec<usize> = match group.and_then(|g| a.groups.get(g)) {
        Some(g) => g.meetings.clone(),
        None => (0..a.meetings.len()).collect(),
    };
    let mut years: Vec<YearView> = Vec::new();
    for &i in chosen.iter().rev() {
        let Some(m) = views::meeting_list_link(a, i, l) else {
            continue;
        };
        let year = a.meetings.get(i).map_or(0, |x| x.minutes.date.year);
        match years.last_mut() {
            Some(y) if y.year == year => y.meetings.push(m),
            _ => years.push(YearView {
                year,
                meetings: vec![m],
            }),
        }
    }
    let mut ctx = tera::Context::new();
    ctx.insert("years", &years);
    ctx.insert("total", &chosen.len());
    let tag = group.and_then(|g| crate::render::groups::tags(a, l).into_iter().nth(g));
    let page_title = match &tag {
        Some(t) => format!("Meetings of {} · {title}", t.name),
        None => format!("Meetings · {title}"),
    };
    // The whole list offers each group's own list.
    let all_groups = match tag {
        Some(_) => Vec::new(),
        None => crate::render::groups::tags(a, l),
    };
    ctx.insert("groups", &all_groups);
    ctx.insert("group", &tag);
    (
        "meetings.html",
        paths::MEETINGS,
        page(env, l, path, page_title, String::new(), "meetings"),
        ctx,
    )
}

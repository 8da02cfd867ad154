//! The site's pages: which exist (one job per page) and the context each template gets.

use super::links::Linker;
use super::views::{
    self, IssueLinkView, MeetingLinkView, PageView, PersonLinkView, TimelineEntryView,
};
use super::Env;
use crate::archive::Initiative;
use crate::error::Result;
use crate::output::OutputFile;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// One page to render.
pub enum Job {
    Home,
    Meetings,
    Meeting(usize),
    Issues(IssueOrder),
    Issue(String),
    Initiatives,
    Initiative(usize),
    People,
    Person(String),
    NotFound,
    Search,
    IssueFeed(String),
    InitiativeFeed(usize),
    Actions,
    Decisions,
    /// Org-wide sites only: the groups index, a group's page, its meetings and its feed.
    Groups,
    Group(usize),
    GroupMeetings(usize),
    GroupFeed(usize),
}

/// The static orderings of the issue index (no JavaScript needed to "sort").
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum IssueOrder {
    MostDiscussed,
    Recent,
    Number,
}

impl IssueOrder {
    fn path(self) -> &'static str {
        match self {
            IssueOrder::MostDiscussed => "issues/",
            IssueOrder::Recent => "issues/recent/",
            IssueOrder::Number => "issues/by-number/",
        }
    }
}

pub fn jobs(env: &Env) -> Vec<Job> {
    let a = env.archive;
    let mut jobs = vec![
        Job::Search,
        Job::Home,
        Job::Meetings,
        Job::Initiatives,
        Job::People,
        Job::NotFound,
        Job::Actions,
        Job::Decisions,
    ];
    jobs.extend(
        [
            IssueOrder::MostDiscussed,
            IssueOrder::Recent,
            IssueOrder::Number,
        ]
        .map(Job::Issues),
    );
    jobs.extend((0..a.meetings.len()).map(Job::Meeting));
    jobs.extend(a.issues.keys().cloned().map(Job::Issue));
    jobs.extend((0..a.initiatives.len()).map(Job::Initiative));
    jobs.extend(a.people.keys().cloned().map(Job::Person));
    jobs.extend(a.issues.keys().cloned().map(Job::IssueFeed));
    jobs.extend((0..a.initiatives.len()).map(Job::InitiativeFeed));
    if a.is_org_wide() {
        jobs.push(Job::Groups);
        for g in 0..a.groups.len() {
            jobs.extend([Job::Group(g), Job::GroupMeetings(g), Job::GroupFeed(g)]);
        }
    }
    jobs
}

fn job_path(env: &Env, job: &Job) -> String {
    let a = env.archive;
    match job {
        Job::Home => String::new(),
        Job::Meetings => "meetings/".into(),
        Job::Meeting(i) => a
            .meetings
            .get(*i)
            .map(|m| m.page_path())
            .unwrap_or_default(),
        Job::Issues(order) => order.path().into(),
        Job::Issue(k) => a
            .issues
            .get(k)
            .map(|i| i.reference.page_path())
            .unwrap_or_default(),
        Job::Initiatives => "initiatives/".into(),
        Job::Initiative(i) => a
            .initiatives
            .get(*i)
            .map(|x| format!("initiatives/{}/", x.config.slug))
            .unwrap_or_default(),
        Job::People => "people/".into(),
        Job::Person(k) => a.people.get(k).map(|p| p.page_path()).unwrap_or_default(),
        Job::NotFound => "404.html".into(),
        Job::Search => "search/".into(),
        Job::Actions => crate::actions::output::page_of(crate::actions::Kind::Action).into(),
        Job::Decisions => crate::actions::output::page_of(crate::actions::Kind::Decision).into(),
        Job::IssueFeed(k) => format!("{}feed.xml", job_path(env, &Job::Issue(k.clone()))),
        Job::InitiativeFeed(i) => format!("{}feed.xml", job_path(env, &Job::Initiative(*i))),
        Job::Groups => "groups/".into(),
        Job::Group(g) => a
            .groups
            .get(*g)
            .map(|x| super::groups::page_path(&x.config.slug))
            .unwrap_or_default(),
        Job::GroupMeetings(g) => a
            .groups
            .get(*g)
            .map(|x| super::groups::meetings_path(&x.config.slug))
            .unwrap_or_default(),
        Job::GroupFeed(g) => format!("{}feed.xml", job_path(env, &Job::Group(*g))),
    }
}

/// The output file a job writes (`meetings/2023-06-22/index.html`, `feed.xml`s as they are).
pub fn output_path(env: &Env, job: &Job) -> String {
    let path = job_path(env, job);
    if path.ends_with(".html") || path.ends_with(".xml") {
        path
    } else {
        format!("{path}index.html")
    }
}

pub fn render_job(env: &Env, job: &Job) -> Result<OutputFile> {
    let path = job_path(env, job);
    if let Some(xml) = feed(env, job, &path) {
        return Ok(OutputFile::new(path, xml));
    }
    let l = match job {
        Job::NotFound => Linker::absolute(&env.config.base_path, &env.config.base_url),
        _ => Linker::for_page(&path, &env.config.base_url),
    };
    let (template, section, page, ctx) = context(env, job, &l, &path);
    let mut ctx = ctx;
    super::insert(&mut ctx, "site", &views::site_view(env, &l, section));
    super::insert(&mut ctx, "page", &page);
    let html = env.render(template, &ctx)?;
    let file = if path.ends_with(".html") {
        path
    } else {
        format!("{path}index.html")
    };
    Ok(OutputFile::new(file, html))
}

/// Per-issue and per-initiative Atom feeds.
fn feed(env: &Env, job: &Job, path: &str) -> Option<String> {
    let a = env.archive;
    let page = path.strip_suffix("feed.xml").unwrap_or(path);
    let (title, mentions) = match job {
        Job::IssueFeed(k) => {
            let issue = a.issues.get(k)?;
            (
                format!("{}: {} ({})", env.config.title, issue.title(), k),
                &issue.mentions,
            )
        }
        Job::InitiativeFeed(i) => {
            let initiative = a.initiatives.get(*i)?;
            (
                format!("{}: {}", env.config.title, initiative.config.name),
                &initiative.mentions,
            )
        }
        Job::GroupFeed(g) => return super::groups::group_feed(env, *g, path),
        _ => return None,
    };
    let entries = crate::feed::mention_entries(env.config, a, mentions);
    Some(crate::feed::atom(env.config, &title, path, page, &entries))
}

fn page(
    env: &Env,
    l: &Linker,
    path: &str,
    title: String,
    description: String,
    kind: &'static str,
) -> PageView {
    PageView {
        title,
        description: if description.is_empty() {
            env.config.description.clone()
        } else {
            description
        },
        canonical: l.absolute_url(path),
        kind,
    }
}

#[derive(Serialize)]
struct SearchPageView {
    enabled: bool,
    script_href: String,
    pagefind_href: String,
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

#[derive(Serialize)]
struct InitiativeView {
    slug: String,
    name: String,
    href: String,
    description_html: String,
    status: String,
    issues: Vec<IssueLinkView>,
    meetings: usize,
    first: String,
    last: String,
    chart_svg: String,
    timeline: Vec<TimelineEntryView>,
    /// Timeline entries shown without their notes (the older ones).
    notes_elided: usize,
    feed_href: String,
}

/// How many of an initiative's newest timeline entries carry their notes. The older ones keep
/// their date, issue and links: at 10k meetings a timeline with every note was 17 MB, and each
/// issue page has the full story of its own notes.
pub const INITIATIVE_NOTES: usize = 60;

#[derive(Serialize)]
struct PersonView {
    #[serde(flatten)]
    link: PersonLinkView,
    meetings: Vec<MeetingLinkView>,
    named_in: Vec<IssueLinkView>,
    chart_svg: String,
}

fn initiative_view(env: &Env, i: &Initiative, l: &Linker, full: bool) -> InitiativeView {
    let a = env.archive;
    let date_of = |m: Option<&crate::archive::Mention>| {
        m.and_then(|m| a.meetings.get(m.meeting))
            .map(|m| m.minutes.date.to_string())
            .unwrap_or_default()
    };
    let mut meetings: Vec<usize> = i.mentions.iter().map(|m| m.meeting).collect();
    meetings.dedup();
    let months: Vec<String> = i
        .mentions
        .iter()
        .filter_map(|m| a.meetings.get(m.meeting))
        .map(|m| m.minutes.date.month_key())
        .collect();
    InitiativeView {
        slug: i.config.slug.clone(),
        name: i.config.name.clone(),
        href: l.href(&format!("initiatives/{}/", i.config.slug)),
        description_html: views::render_markdown(env, l, &i.config.description, &HashMap::new()),
        status: i.status.clone(),
        issues: i
            .issues
            .iter()
            .filter_map(|k| a.issues.get(k))
            .map(|x| views::issue_link(env, x, l))
            .collect(),
        meetings: meetings.len(),
        first: date_of(i.mentions.first()),
        last: date_of(i.mentions.last()),
        chart_svg: super::chart::monthly_bars(
            &months,
            &format!("Mentions of {} per month", i.config.name),
        ),
        timeline: if full {
            views::timeline(env, &i.mentions, l, INITIATIVE_NOTES)
        } else {
            Vec::new()
        },
        notes_elided: match full {
            true => i.mentions.len().saturating_sub(INITIATIVE_NOTES),
            false => 0,
        },
        feed_href: l.href(&format!("initiatives/{}/feed.xml", i.config.slug)),
    }
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
        .map(|m| m.minutes.date.to_string())
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

type Built = (&'static str, &'static str, PageView, tera::Context);

fn context(env: &Env, job: &Job, l: &Linker, path: &str) -> Built {
    let a = env.archive;
    let mut ctx = tera::Context::new();
    let title = &env.config.title;
    match job {
        Job::Home => {
            let latest: Vec<MeetingLinkView> = (0..a.meetings.len())
                .rev()
                .take(8)
                .filter_map(|i| views::meeting_link(a, i, l))
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
            ctx.insert("groups", &super::groups::summaries(a, l));
            ctx.insert("groups_href", &l.href("groups/"));
            ctx.insert("next_meeting", &super::calendar::next_meeting(env));
            ctx.insert("calendar", &super::calendar::calendar_view(l));
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
        Job::Meetings => meetings_page(env, l, path, None),
        Job::GroupMeetings(g) => meetings_page(env, l, path, Some(*g)),
        Job::Meeting(i) => {
            let view = views::meeting_view(env, *i, l);
            let (t, d) = view.as_ref().map_or((String::new(), String::new()), |m| {
                (
                    m.title.clone(),
                    format!(
                        "Minutes of {} on {}: {} agenda items.",
                        title,
                        m.date,
                        m.items.len()
                    ),
                )
            });
            ctx.insert("meeting", &view);
            (
                "meeting.html",
                "meetings/",
                page(env, l, path, t, d, "meeting"),
                ctx,
            )
        }
        Job::Issues(order) => {
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
                current: o == *order,
            })
            .collect();
            ctx.insert("groups", &groups);
            ctx.insert("orders", &orders);
            ctx.insert("total", &a.issues.len());
            (
                "issues.html",
                "issues/",
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
        Job::Issue(key) => {
            let view = a.issues.get(key).map(|i| views::issue_view(env, i, l));
            let (t, d) = view.as_ref().map_or((String::new(), String::new()), |v| {
                (
                    format!("{} · {}#{}", v.link.title, v.link.repo, v.link.number),
                    format!(
                        "{} discussed in {} meetings of {}, {} to {}.",
                        v.link.key, v.link.count, title, v.link.first, v.link.last
                    ),
                )
            });
            ctx.insert("issue", &view);
            ctx.insert("action_lists", &super::actions::for_issue(env, key, l));
            (
                "issue.html",
                "issues/",
                page(env, l, path, t, d, "issue"),
                ctx,
            )
        }
        Job::Initiatives => {
            let list: Vec<InitiativeView> = a
                .initiatives
                .iter()
                .map(|i| initiative_view(env, i, l, false))
                .collect();
            ctx.insert("initiatives", &list);
            (
                "initiatives.html",
                "initiatives/",
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
        Job::Initiative(i) => {
            let view = a
                .initiatives
                .get(*i)
                .map(|x| initiative_view(env, x, l, true));
            let t = view
                .as_ref()
                .map_or_else(String::new, |v| format!("{} · {title}", v.name));
            ctx.insert("initiative", &view);
            (
                "initiative.html",
                "initiatives/",
                page(env, l, path, t, String::new(), "initiative"),
                ctx,
            )
        }
        Job::People => {
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
            ctx.insert("groups", &super::groups::tags(a, l));
            (
                "people.html",
                "people/",
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
        Job::Person(key) => {
            let view = a.people.get(key).map(|p| {
                let months: Vec<String> = p
                    .meetings
                    .iter()
                    .filter_map(|i| a.meetings.get(*i))
                    .map(|m| m.minutes.date.month_key())
                    .collect();
                PersonView {
                    link: views::person_link(env, p, l),
                    meetings: p
                        .meetings
                        .iter()
                        .rev()
                        .filter_map(|i| views::meeting_link(a, *i, l))
                        .collect(),
                    named_in: p
                        .named_in
                        .keys()
                        .filter_map(|k| a.issues.get(k))
                        .map(|i| views::issue_link(env, i, l))
                        .collect(),
                    chart_svg: super::chart::monthly_bars(
                        &months,
                        &format!("Meetings attended by {} per month", p.display_name()),
                    ),
                }
            });
            let t = view
                .as_ref()
                .map_or_else(String::new, |v| format!("{} · {title}", v.link.name));
            ctx.insert("person", &view);
            ctx.insert("action_lists", &super::actions::for_person(env, key, l));
            (
                "person.html",
                "people/",
                page(env, l, path, t, String::new(), "person"),
                ctx,
            )
        }
        Job::Search => {
            ctx.insert(
                "search",
                &SearchPageView {
                    enabled: env.config.search.enabled,
                    script_href: l.href("search.js"),
                    pagefind_href: l.href("pagefind/pagefind.js"),
                },
            );
            (
                "search.html",
                "search/",
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
        Job::Actions => {
            ctx.insert("actions", &super::actions::actions_page(env, l));
            (
                "actions.html",
                "actions/",
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
        Job::Decisions => {
            ctx.insert("decisions", &super::actions::decisions_page(env, l));
            (
                "decisions.html",
                "decisions/",
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
        Job::Groups => {
            ctx.insert("groups", &super::groups::summaries(a, l));
            (
                "groups.html",
                "groups/",
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
        Job::Group(g) => {
            let (name, ctx) = super::groups::group_context(env, *g, l).unwrap_or_default();
            let description = format!("Meetings, issues and people of {name} in {title}.");
            (
                "group.html",
                "groups/",
                page(
                    env,
                    l,
                    path,
                    format!("{name} · {title}"),
                    description,
                    "group",
                ),
                ctx,
            )
        }
        // Feeds are written by `feed` before a context is ever needed.
        Job::NotFound | Job::IssueFeed(_) | Job::InitiativeFeed(_) | Job::GroupFeed(_) => (
            "404.html",
            "",
            page(
                env,
                l,
                path,
                format!("Page not found · {title}"),
                String::new(),
                "404",
            ),
            ctx,
        ),
    }
}

/// `meetings/` (every meeting) or `meetings/SLUG/` (one group's), by year, newest first.
fn meetings_page(env: &Env, l: &Linker, path: &str, group: Option<usize>) -> Built {
    let a = env.archive;
    let title = &env.config.title;
    let chosen: Vec<usize> = match group.and_then(|g| a.groups.get(g)) {
        Some(g) => g.meetings.clone(),
        None => (0..a.meetings.len()).collect(),
    };
    let mut years: Vec<YearView> = Vec::new();
    for &i in chosen.iter().rev() {
        let Some(m) = views::meeting_link(a, i, l) else {
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
    let tag = group.and_then(|g| super::groups::tags(a, l).into_iter().nth(g));
    let page_title = match &tag {
        Some(t) => format!("Meetings of {} · {title}", t.name),
        None => format!("Meetings · {title}"),
    };
    // The whole list offers each group's own list.
    let all_groups = match tag {
        Some(_) => Vec::new(),
        None => super::groups::tags(a, l),
    };
    ctx.insert("groups", &all_groups);
    ctx.insert("group", &tag);
    (
        "meetings.html",
        "meetings/",
        page(env, l, path, page_title, String::new(), "meetings"),
        ctx,
    )
}

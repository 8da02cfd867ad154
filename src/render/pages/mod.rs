//! The site's pages: which exist (one job per page), where each is written, and rendering a
//! job with its template. The context each template gets is built in [`index`] (pages that
//! list the archive) and [`detail`] (the page of one meeting, issue, initiative, person or
//! group).

mod detail;
mod index;

use super::clock::PageKind;
use super::links::Linker;
use super::views::{self, PageView};
use super::Env;
use crate::error::Result;
use crate::output::OutputFile;
use crate::paths;

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
    /// The indexes of action items and decisions, and their pages by year.
    Actions,
    ActionYear(i32),
    Decisions,
    DecisionYear(i32),
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

impl Job {
    /// The job's kind of page, for `--timings`.
    fn kind(&self) -> PageKind {
        match self {
            Job::Meeting(_) => PageKind::Meeting,
            Job::Issue(_) => PageKind::Issue,
            Job::Person(_) => PageKind::Person,
            Job::Initiative(_) => PageKind::Initiative,
            Job::Group(_) => PageKind::Group,
            Job::Home => PageKind::Home,
            Job::Meetings => PageKind::MeetingList,
            Job::Issues(_) => PageKind::IssueList,
            Job::Initiatives => PageKind::InitiativeList,
            Job::People => PageKind::PeopleList,
            Job::Groups => PageKind::GroupList,
            Job::GroupMeetings(_) => PageKind::GroupMeetings,
            Job::Actions | Job::ActionYear(_) => PageKind::Actions,
            Job::Decisions | Job::DecisionYear(_) => PageKind::Decisions,
            Job::Search => PageKind::Search,
            Job::NotFound => PageKind::NotFound,
            Job::IssueFeed(_) => PageKind::IssueFeed,
            Job::InitiativeFeed(_) => PageKind::InitiativeFeed,
            Job::GroupFeed(_) => PageKind::GroupFeed,
        }
    }
}

impl IssueOrder {
    fn path(self) -> &'static str {
        match self {
            IssueOrder::MostDiscussed => paths::ISSUES,
            IssueOrder::Recent => paths::ISSUES_RECENT,
            IssueOrder::Number => paths::ISSUES_BY_NUMBER,
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
    for (kind, job) in [
        (
            crate::actions::Kind::Action,
            Job::ActionYear as fn(i32) -> Job,
        ),
        (crate::actions::Kind::Decision, Job::DecisionYear),
    ] {
        jobs.extend(a.action_years(kind).into_iter().map(job));
    }
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
        Job::Home => paths::HOME.into(),
        Job::Meetings => paths::MEETINGS.into(),
        Job::Meeting(i) => a
            .meetings
            .get(*i)
            .map(|m| paths::meeting(&m.id))
            .unwrap_or_default(),
        Job::Issues(order) => order.path().into(),
        Job::Issue(k) => a
            .issues
            .get(k)
            .map(|i| paths::issue(&i.reference))
            .unwrap_or_default(),
        Job::Initiatives => paths::INITIATIVES.into(),
        Job::Initiative(i) => a
            .initiatives
            .get(*i)
            .map(|x| paths::initiative(&x.config.slug))
            .unwrap_or_default(),
        Job::People => paths::PEOPLE.into(),
        Job::Person(k) => a
            .people
            .get(k)
            .map(|p| paths::person(&p.key))
            .unwrap_or_default(),
        Job::NotFound => paths::NOT_FOUND.into(),
        Job::Search => paths::SEARCH.into(),
        Job::Actions => paths::ACTIONS.into(),
        Job::Decisions => paths::DECISIONS.into(),
        Job::ActionYear(y) => paths::action_year(crate::actions::Kind::Action, *y),
        Job::DecisionYear(y) => paths::action_year(crate::actions::Kind::Decision, *y),
        Job::IssueFeed(k) => paths::feed_of(&job_path(env, &Job::Issue(k.clone()))),
        Job::InitiativeFeed(i) => paths::feed_of(&job_path(env, &Job::Initiative(*i))),
        Job::Groups => paths::GROUPS.into(),
        Job::Group(g) => a
            .groups
            .get(*g)
            .map(|x| paths::group(&x.config.slug))
            .unwrap_or_default(),
        Job::GroupMeetings(g) => a
            .groups
            .get(*g)
            .map(|x| paths::group_meetings(&x.config.slug))
            .unwrap_or_default(),
        Job::GroupFeed(g) => paths::feed_of(&job_path(env, &Job::Group(*g))),
    }
}

/// The output file a job writes (`meetings/2023-06-22/index.html`, `feed.xml`s as they are).
pub fn output_path(env: &Env, job: &Job) -> String {
    paths::into_page_file(job_path(env, job))
}

pub fn render_job(env: &Env, job: &Job) -> Result<OutputFile> {
    let started = std::time::Instant::now();
    let mut template_time = std::time::Duration::ZERO;
    let file = render_timed(env, job, &mut template_time);
    env.clock.add(job.kind(), started.elapsed(), template_time);
    file
}

/// [`render_job`], adding the time spent in the template engine to `template_time`.
fn render_timed(
    env: &Env,
    job: &Job,
    template_time: &mut std::time::Duration,
) -> Result<OutputFile> {
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
    let templating = std::time::Instant::now();
    let html = env.render(template, &ctx);
    *template_time += templating.elapsed();
    let html = html?;
    Ok(OutputFile::new(paths::into_page_file(path), html))
}

/// Per-issue and per-initiative Atom feeds.
fn feed(env: &Env, job: &Job, path: &str) -> Option<String> {
    let a = env.archive;
    let page = paths::page_of_feed(path);
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

/// A page's template, its navigation section, its `page` view and the rest of its context.
type Built = (&'static str, &'static str, PageView, tera::Context);

fn context(env: &Env, job: &Job, l: &Linker, path: &str) -> Built {
    match job {
        Job::Home => index::home(env, l, path),
        Job::Meetings => index::meetings_page(env, l, path, None),
        Job::GroupMeetings(g) => index::meetings_page(env, l, path, Some(*g)),
        Job::Meeting(i) => detail::meeting(env, l, path, *i),
        Job::Issues(order) => index::issues(env, l, path, *order),
        Job::Issue(key) => detail::issue(env, l, path, key),
        Job::Initiatives => index::initiatives(env, l, path),
        Job::Initiative(i) => detail::initiative(env, l, path, *i),
        Job::People => index::people(env, l, path),
        Job::Person(key) => detail::person(env, l, path, key),
        Job::Search => index::search(env, l, path),
        Job::Actions => index::actions(env, l, path),
        Job::ActionYear(y) => index::actions_year(env, l, path, *y),
        Job::Decisions => index::decisions(env, l, path),
        Job::DecisionYear(y) => index::decisions_year(env, l, path, *y),
        Job::Groups => index::groups(env, l, path),
        Job::Group(g) => detail::group(env, l, path, *g),
        // Feeds are written by `feed` before a context is ever needed.
        Job::NotFound | Job::IssueFeed(_) | Job::InitiativeFeed(_) | Job::GroupFeed(_) => {
            let title = &env.config.title;
            (
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
                tera::Context::new(),
            )
        }
    }
}

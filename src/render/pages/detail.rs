//! Contexts of the pages of one thing: a meeting, an issue, an initiative, a person, a group;
//! and the initiative view that the index pages list too.

use super::{page, Built};
use crate::archive::Initiative;
use crate::paths;
use crate::render::links::Linker;
use crate::render::views::{
    self, IssueLinkView, MeetingLinkView, PersonLinkView, TimelineEntryView,
};
use crate::render::Env;
use serde::Serialize;
use std::collections::HashMap;

#[derive(Serialize)]
pub(super) struct InitiativeView {
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
    meetings: Vec<AttendedView>,
    named_in: Vec<IssueLinkView>,
    chart_svg: String,
}

/// A meeting in a person's attendance list. Unlike a [`MeetingLinkView`] it does not count the
/// agenda items: adding an item to a meeting leaves its attendees' pages as they were (in
/// `serve`, an edit would otherwise render every attendee's page, each listing hundreds of
/// meetings, again).
#[derive(Serialize)]
struct AttendedView {
    id: String,
    date: String,
    date_human: String,
    title: String,
    short_title: String,
    href: String,
    attendees: usize,
    group: Option<crate::render::groups::GroupTagView>,
}

impl From<MeetingLinkView> for AttendedView {
    fn from(m: MeetingLinkView) -> AttendedView {
        AttendedView {
            id: m.id,
            date: m.date,
            date_human: m.date_human,
            title: m.title,
            short_title: m.short_title,
            href: m.href,
            attendees: m.attendees,
            group: m.group,
        }
    }
}

pub(super) fn initiative_view(env: &Env, i: &Initiative, l: &Linker, full: bool) -> InitiativeView {
    let a = env.archive;
    let date_of = |m: Option<&crate::archive::Mention>| {
        m.and_then(|m| a.meetings.get(m.meeting))
            .map(|m| m.minutes.date.iso())
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
    let chart_label = format!("Mentions of {} per month", i.config.name);
    InitiativeView {
        slug: i.config.slug.clone(),
        name: i.config.name.clone(),
        href: l.href(&paths::initiative(&i.config.slug)),
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
        // Its own page draws the chart with axes; cards, a sparkline.
        chart_svg: match full {
            true => crate::render::chart::activity_chart(&months, &chart_label),
            false => crate::render::chart::monthly_bars(&months, &chart_label),
        },
        timeline: if full {
            views::timeline(env, &i.mentions, l, INITIATIVE_NOTES)
        } else {
            Vec::new()
        },
        notes_elided: match full {
            true => i.mentions.len().saturating_sub(INITIATIVE_NOTES),
            false => 0,
        },
        feed_href: l.href(&paths::feed_of(&paths::initiative(&i.config.slug))),
    }
}

/// A meeting's page.
pub(super) fn meeting(env: &Env, l: &Linker, path: &str, i: usize) -> Built {
    let mut ctx = tera::Context::new();
    let title = &env.config.title;
    let view = views::meeting_view(env, i, l);
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
        paths::MEETINGS,
        page(env, l, path, t, d, "meeting"),
        ctx,
    )
}

/// An issue's page: its story across meetings.
pub(super) fn issue(env: &Env, l: &Linker, path: &str, key: &str) -> Built {
    let a = env.archive;
    let mut ctx = tera::Context::new();
    let title = &env.config.title;
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
    ctx.insert(
        "action_lists",
        &crate::render::actions::for_issue(env, key, l),
    );
    (
        "issue.html",
        paths::ISSUES,
        page(env, l, path, t, d, "issue"),
        ctx,
    )
}

/// An initiative's page.
pub(super) fn initiative(env: &Env, l: &Linker, path: &str, i: usize) -> Built {
    let a = env.archive;
    let mut ctx = tera::Context::new();
    let title = &env.config.title;
    let view = a
        .initiatives
        .get(i)
        .map(|x| initiative_view(env, x, l, true));
    let t = view
        .as_ref()
        .map_or_else(String::new, |v| format!("{} · {title}", v.name));
    ctx.insert("initiative", &view);
    (
        "initiative.html",
        paths::INITIATIVES,
        page(env, l, path, t, String::new(), "initiative"),
        ctx,
    )
}

/// A person's page.
pub(super) fn person(env: &Env, l: &Linker, path: &str, key: &str) -> Built {
    let a = env.archive;
    let mut ctx = tera::Context::new();
    let title = &env.config.title;
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
                .map(AttendedView::from)
                .collect(),
            named_in: p
                .named_in
                .keys()
                .filter_map(|k| a.issues.get(k))
                .map(|i| views::issue_link(env, i, l))
                .collect(),
            chart_svg: crate::render::chart::activity_chart(
                &months,
                &format!("Meetings attended by {} per month", p.display_name()),
            ),
        }
    });
    let t = view
        .as_ref()
        .map_or_else(String::new, |v| format!("{} · {title}", v.link.name));
    ctx.insert("person", &view);
    ctx.insert(
        "action_lists",
        &crate::render::actions::for_person(env, key, l),
    );
    (
        "person.html",
        paths::PEOPLE,
        page(env, l, path, t, String::new(), "person"),
        ctx,
    )
}

/// A group's page (org-wide sites).
pub(super) fn group(env: &Env, l: &Linker, path: &str, g: usize) -> Built {
    let title = &env.config.title;
    let (name, ctx) = crate::render::groups::group_context(env, g, l).unwrap_or_default();
    let description = format!("Meetings, issues and people of {name} in {title}.");
    (
        "group.html",
        paths::GROUPS,
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

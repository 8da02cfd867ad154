//! Meeting views: a meeting's page (agenda items with their neighbours in each issue's story,
//! attendees, the rendered minutes) and the one-line links to meetings that lists show.

use super::markdown::{render_markdown_in, toc_of, TocEntryView};
use crate::archive::{Archive, Issue, Mention, Person};
use crate::model::AgendaItem;
use crate::paths;
use crate::render::groups::{self, GroupTagView};
use crate::render::links::Linker;
use crate::render::Env;
use serde::Serialize;
use std::collections::HashMap;

#[derive(Serialize, Clone)]
pub struct DateLinkView {
    pub date: String,
    pub href: String,
    /// The other meeting's group name, when it is not this meeting's group.
    pub group: Option<String>,
}

#[derive(Serialize)]
pub struct AttendeeView {
    pub name: String,
    pub handle: Option<String>,
    pub role: Option<String>,
    pub href: Option<String>,
}

#[derive(Serialize)]
pub struct ItemView {
    pub anchor: String,
    pub key: String,
    pub repo: String,
    pub number: u64,
    pub kind: &'static str,
    pub title: String,
    pub href: String,
    pub github: String,
    pub status: Option<&'static str>,
    pub status_label: Option<&'static str>,
    pub status_text: Option<String>,
    pub previous: Option<DateLinkView>,
    pub next: Option<DateLinkView>,
    /// Whether the minutes carry the item's anchor; when not (the item is a lazy continuation
    /// of another paragraph), the agenda card carries it.
    pub anchor_in_body: bool,
}

#[derive(Serialize)]
pub struct MeetingLinkView {
    pub id: String,
    pub date: String,
    pub date_human: String,
    pub title: String,
    /// The title without a date that repeats the meeting's (`Security WG Meeting 2023-06-22`
    /// → `Security WG Meeting`): lists show it beside the date. Empty when the title was only
    /// the date.
    pub short_title: String,
    pub href: String,
    /// The first agenda items' titles ([`TOPICS`] at most), on the lists of meetings only
    /// ([`meeting_list_link`]); empty elsewhere.
    pub topics: Vec<String>,
    /// How many agenda items come after `topics`.
    pub more_topics: usize,
    pub items: usize,
    pub attendees: usize,
    /// The meeting's group on an org-wide site.
    pub group: Option<GroupTagView>,
}

#[derive(Serialize)]
pub struct MeetingView {
    pub id: String,
    pub date: String,
    pub date_human: String,
    pub title: String,
    pub source: String,
    pub recording: Option<String>,
    pub issue: Option<String>,
    pub doc: Option<String>,
    pub attendees: Vec<AttendeeView>,
    /// Listed as absent (apologies, regrets): shown, not counted as attendance.
    pub absent: Vec<AttendeeView>,
    pub items: Vec<ItemView>,
    pub body_html: String,
    /// The minutes body's `<h2>`/`<h3>` headings that carry an `id`, in order.
    pub toc: Vec<TocEntryView>,
    /// The previous and next meeting of the same group.
    pub previous: Option<MeetingLinkView>,
    pub next: Option<MeetingLinkView>,
    /// The meeting's group on an org-wide site.
    pub group: Option<GroupTagView>,
}

/// How many agenda titles a list of meetings shows under each meeting.
pub const TOPICS: usize = 3;

pub fn meeting_link(archive: &Archive, index: usize, l: &Linker) -> Option<MeetingLinkView> {
    let m = archive.meetings.get(index)?;
    let date = m.minutes.date;
    Some(MeetingLinkView {
        id: m.id.clone(),
        date: date.iso(),
        date_human: date.human(),
        title: m.minutes.title.clone(),
        short_title: crate::minutes::date::without_date(&m.minutes.title, date)
            .unwrap_or_else(|| m.minutes.title.clone()),
        href: l.href(&paths::meeting(&m.id)),
        topics: Vec::new(),
        more_topics: 0,
        items: m.minutes.items.len(),
        attendees: m.minutes.attendees.len(),
        group: groups::tag(archive, index, l),
    })
}

/// [`meeting_link`] with the meeting's first agenda titles, for the lists of meetings.
pub fn meeting_list_link(archive: &Archive, index: usize, l: &Linker) -> Option<MeetingLinkView> {
    let mut link = meeting_link(archive, index, l)?;
    let items = &archive.meetings.get(index)?.minutes.items;
    link.topics = items.iter().take(TOPICS).map(|i| i.title.clone()).collect();
    link.more_topics = items.len().saturating_sub(TOPICS);
    Some(link)
}

pub(super) fn status_parts(item: &AgendaItem) -> (Option<&'static str>, Option<&'static str>) {
    (
        item.status.map(|s| s.slug()),
        item.status.map(|s| s.label()),
    )
}

/// The mention before and after meeting `meeting` in an issue's timeline.
fn neighbours(issue: &Issue, meeting: usize) -> (Option<&Mention>, Option<&Mention>) {
    // Mentions are in meeting order, one per meeting: a popular issue has thousands, and each
    // of its meeting pages asks.
    let pos = issue
        .mentions
        .binary_search_by_key(&meeting, |m| m.meeting)
        .ok();
    match pos {
        Some(p) => (
            p.checked_sub(1).and_then(|q| issue.mentions.get(q)),
            issue.mentions.get(p + 1),
        ),
        None => (None, None),
    }
}

pub fn meeting_view(env: &Env, index: usize, l: &Linker) -> Option<MeetingView> {
    let archive = env.archive;
    let m = archive.meetings.get(index)?;
    let (before, after) = archive.group_neighbours(index);
    // The other meeting's item is about the same issue, so it has this item's anchor.
    let date_link = |mention: Option<&Mention>, anchor: &str| {
        mention.and_then(|mt| {
            let other = archive.meetings.get(mt.meeting)?;
            Some(DateLinkView {
                date: other.minutes.date.iso(),
                href: l.href_to(&paths::meeting(&other.id), anchor),
                group: archive
                    .group_of(mt.meeting)
                    .filter(|g| g.config.slug != m.minutes.group)
                    .map(|g| g.config.name.clone()),
            })
        })
    };
    let mut anchors = HashMap::new();
    let mut items: Vec<ItemView> = m
        .minutes
        .items
        .iter()
        .map(|item| {
            let r = &item.reference;
            let anchor = paths::item_anchor(r);
            anchors
                .entry(item.line + 1 - m.minutes.body_line.min(item.line))
                .or_insert_with(|| anchor.clone());
            let key = r.key();
            let (previous, next) = archive
                .issues
                .get(&key)
                .map_or((None, None), |issue| neighbours(issue, index));
            let (previous, next) = (date_link(previous, &anchor), date_link(next, &anchor));
            let (status, status_label) = status_parts(item);
            ItemView {
                anchor,
                key,
                repo: r.repo_key(),
                number: r.number,
                kind: r.kind.label(),
                title: item.title.clone(),
                href: l.href(&paths::issue(r)),
                github: r.github_url(),
                status,
                status_label,
                status_text: item.status_text.clone(),
                previous,
                next,
                anchor_in_body: false,
            }
        })
        .collect();
    let view_of = |a: &crate::model::Attendee| {
        let person = archive.people.get(&archive.person_key(a));
        AttendeeView {
            name: if a.name.is_empty() {
                person.map_or_else(|| archive.person_key(a), Person::display_name)
            } else {
                a.name.clone()
            },
            handle: a.handle.clone(),
            role: a.role.clone(),
            href: person.map(|p| l.href(&paths::person(&p.key))),
        }
    };
    let attendees = m.minutes.attendees.iter().map(view_of).collect();
    // The absent link to their page when they attended another meeting.
    let absent = m.minutes.absent.iter().map(view_of).collect();
    let repo = groups::repo_of(env, index);
    let (body_html, placed) = render_markdown_in(env, l, &m.minutes.body_md, &anchors, &repo);
    for item in &mut items {
        item.anchor_in_body = placed.contains(&item.anchor);
    }
    Some(MeetingView {
        id: m.id.clone(),
        date: m.minutes.date.iso(),
        date_human: m.minutes.date.human(),
        title: m.minutes.title.clone(),
        source: m.minutes.source.clone(),
        recording: m.minutes.links.recording.clone(),
        issue: m.minutes.links.issue.clone(),
        doc: m.minutes.links.doc.clone(),
        attendees,
        absent,
        items,
        toc: toc_of(&body_html),
        body_html,
        previous: before.and_then(|p| meeting_link(archive, p, l)),
        next: after.and_then(|n| meeting_link(archive, n, l)),
        group: groups::tag(archive, index, l),
    })
}

//! Issue views: an issue's page (titles, initiatives, related issues, the groups that discussed
//! it), the timeline of its mentions (shared with initiative pages), and issue links for lists.

use super::markdown::render_markdown_in;
use super::meeting::status_parts;
use crate::archive::{Issue, Mention};
use crate::paths;
use crate::render::groups::{self, GroupCountView, GroupTagView, MoveView};
use crate::render::links::Linker;
use crate::render::Env;
use serde::Serialize;
use std::collections::HashMap;

/// `June 2024`: a month heading.
pub fn month_label(date: crate::model::Date) -> String {
    const NAMES: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let name = NAMES
        .get(date.month.saturating_sub(1) as usize)
        .copied()
        .unwrap_or("?");
    let mut out = String::with_capacity(name.len() + 5);
    out.push_str(name);
    out.push(' ');
    crate::model::push_signed(&mut out, i64::from(date.year), 1);
    out
}

#[derive(Serialize)]
pub struct IssueLinkView {
    pub key: String,
    pub repo: String,
    pub number: u64,
    pub kind: &'static str,
    pub title: String,
    pub href: String,
    /// Meetings whose agenda had the issue.
    pub count: usize,
    /// Mentions in other items' notes; what the list shows for an issue only mentioned.
    pub mentioned: usize,
    /// The first and last meeting that had it on the agenda, else that mentioned it.
    pub first: String,
    pub last: String,
    pub last_status: Option<&'static str>,
    /// The last status as a CSS-friendly slug (`no-update`), beside its label.
    pub last_status_slug: Option<&'static str>,
}

pub fn issue_link(env: &Env, issue: &Issue, l: &Linker) -> IssueLinkView {
    let date_of = |meeting: Option<usize>| {
        meeting
            .and_then(|m| env.archive.meetings.get(m))
            .map(|mt| mt.minutes.date.iso())
            .unwrap_or_default()
    };
    // An issue only mentioned has no agenda dates: its span is that of its mentions.
    let (first, last) = match (issue.mentions.first(), issue.mentions.last()) {
        (Some(f), Some(l)) => (Some(f.meeting), Some(l.meeting)),
        _ => (
            issue.noted.first().map(|n| n.meeting),
            issue.noted.last().map(|n| n.meeting),
        ),
    };
    IssueLinkView {
        key: issue.reference.key(),
        repo: issue.reference.repo_key(),
        number: issue.reference.number,
        kind: issue.reference.kind.label(),
        title: issue.title(),
        href: l.href(&paths::issue(&issue.reference)),
        count: issue.mentions.len(),
        mentioned: issue.noted.len(),
        first: date_of(first),
        last: date_of(last),
        last_status: issue.last_status.map(|s| s.label()),
        last_status_slug: issue.last_status.map(|s| s.slug()),
    }
}

#[derive(Serialize)]
pub struct TimelineEntryView {
    pub date: String,
    pub date_human: String,
    pub month: String,
    /// `June 2024`, for month headings.
    pub month_human: String,
    pub meeting_title: String,
    pub meeting_href: String,
    pub issue_key: String,
    pub issue_href: String,
    pub title: String,
    pub notes_html: String,
    /// The notes are left out here (see [`timeline`]'s `with_notes`): they are on the issue page.
    pub notes_elided: bool,
    pub status: Option<&'static str>,
    pub status_label: Option<&'static str>,
    /// The entry's `id` on an issue page: `on-DATE`, `on-GROUP-DATE` on an org-wide site.
    pub anchor: String,
    /// The meeting's group on an org-wide site.
    pub group: Option<GroupTagView>,
}

/// Timeline entries for mentions, newest first; the notes of the `with_notes` newest only.
pub fn timeline(
    env: &Env,
    mentions: &[Mention],
    l: &Linker,
    with_notes: usize,
) -> Vec<TimelineEntryView> {
    let none = HashMap::new();
    mentions
        .iter()
        .rev()
        .enumerate()
        .filter_map(|(n, mt)| {
            let elided = n >= with_notes;
            let meeting = env.archive.meetings.get(mt.meeting)?;
            let item = meeting.minutes.items.get(mt.item)?;
            let (status, status_label) = status_parts(item);
            Some(TimelineEntryView {
                date: meeting.minutes.date.iso(),
                date_human: meeting.minutes.date.human(),
                month: meeting.minutes.date.month_key(),
                month_human: month_label(meeting.minutes.date),
                meeting_title: meeting.minutes.title.clone(),
                meeting_href: l.href_to(
                    &paths::meeting(&meeting.id),
                    &paths::item_anchor(&item.reference),
                ),
                issue_key: item.reference.key(),
                issue_href: l.href(&paths::issue(&item.reference)),
                title: item.title.clone(),
                notes_html: match elided {
                    true => String::new(),
                    false => env
                        .notes
                        .get(mt.meeting)
                        .and_then(|n| n.get(mt.item))
                        .map_or_else(
                            || {
                                let repo = groups::repo_of(env, mt.meeting);
                                render_markdown_in(env, l, &item.notes_md, &none, &repo).0
                            },
                            |html| l.unmark(html),
                        ),
                },
                notes_elided: elided,
                status,
                status_label,
                anchor: paths::timeline_anchor(
                    &meeting.id,
                    meeting.minutes.date,
                    env.archive.is_org_wide(),
                ),
                group: groups::tag(env.archive, mt.meeting, l),
            })
        })
        .collect()
}

/// A meeting whose notes mention the issue: where, and under which item.
#[derive(Serialize)]
pub struct MentionedView {
    pub date: String,
    pub meeting_title: String,
    pub meeting_href: String,
    pub line: usize,
    /// The item the mention sat under (its title and page), when it sat under one.
    pub under_title: Option<String>,
    pub under_href: Option<String>,
    pub group: Option<GroupTagView>,
}

/// The mentions of an issue in other items' notes, newest first.
pub fn mentioned_in(env: &Env, issue: &Issue, l: &Linker) -> Vec<MentionedView> {
    issue
        .noted
        .iter()
        .rev()
        .filter_map(|n| {
            let meeting = env.archive.meetings.get(n.meeting)?;
            let m = meeting.minutes.mentions.get(n.mention)?;
            let under = m.under.as_ref();
            let under_item =
                under.and_then(|u| meeting.minutes.items.iter().find(|i| i.reference == *u));
            Some(MentionedView {
                date: meeting.minutes.date.iso(),
                meeting_title: meeting.minutes.title.clone(),
                meeting_href: match under {
                    Some(u) => l.href_to(&paths::meeting(&meeting.id), &paths::item_anchor(u)),
                    None => l.href(&paths::meeting(&meeting.id)),
                },
                line: m.line,
                under_title: under_item
                    .map(|i| i.title.clone())
                    .or_else(|| under.map(|u| u.key())),
                under_href: under.map(|u| l.href(&paths::issue(u))),
                group: groups::tag(env.archive, n.meeting, l),
            })
        })
        .collect()
}

#[derive(Serialize)]
pub struct TitleView {
    pub date: String,
    pub title: String,
}

#[derive(Serialize)]
pub struct NamedLinkView {
    pub name: String,
    pub href: String,
}

#[derive(Serialize)]
pub struct IssueView {
    #[serde(flatten)]
    pub link: IssueLinkView,
    pub github: String,
    pub earlier_titles: Vec<TitleView>,
    pub first_href: String,
    pub last_href: String,
    pub initiatives: Vec<NamedLinkView>,
    pub related: Vec<IssueLinkView>,
    pub timeline: Vec<TimelineEntryView>,
    /// Mentions in the notes of other items, apart from the timeline.
    pub mentioned_in: Vec<MentionedView>,
    pub feed_href: String,
    /// On an org-wide site: the groups that discussed it, in order of their first discussion.
    pub groups: Vec<GroupCountView>,
    /// How it moved between groups, oldest first (empty unless several groups discussed it).
    pub movement: Vec<MoveView>,
}

pub fn issue_view(env: &Env, issue: &Issue, l: &Linker) -> IssueView {
    let archive = env.archive;
    let key = issue.reference.key();
    let href_of = |m: Option<&Mention>| {
        m.and_then(|m| archive.meetings.get(m.meeting))
            .map(|mt| l.href(&paths::meeting(&mt.id)))
            .unwrap_or_default()
    };
    let initiatives = archive
        .issue_initiatives
        .get(&key)
        .map(|slugs| {
            slugs
                .iter()
                .filter_map(|s| archive.initiatives.iter().find(|i| &i.config.slug == s))
                .map(|i| NamedLinkView {
                    name: i.config.name.clone(),
                    href: l.href(&paths::initiative(&i.config.slug)),
                })
                .collect()
        })
        .unwrap_or_default();
    let related = env
        .agendas
        .related(issue)
        .into_iter()
        .map(|i| issue_link(env, i, l))
        .collect();
    let earlier = issue.titles.len().saturating_sub(1);
    IssueView {
        link: issue_link(env, issue, l),
        github: issue.reference.github_url(),
        earlier_titles: issue
            .titles
            .iter()
            .take(earlier)
            .map(|(d, t)| TitleView {
                date: d.to_string(),
                title: t.clone(),
            })
            .collect(),
        first_href: href_of(issue.mentions.first()),
        last_href: href_of(issue.mentions.last()),
        initiatives,
        related,
        timeline: timeline(env, &issue.mentions, l, usize::MAX),
        mentioned_in: mentioned_in(env, issue, l),
        feed_href: l.href(&paths::feed_of(&paths::issue(&issue.reference))),
        groups: groups::issue_groups(archive, issue, l),
        movement: groups::movement(archive, issue, l),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_labels_read_as_words() {
        let date = crate::model::Date::new(2024, 6, 20).expect("date");
        assert_eq!(month_label(date), "June 2024");
    }
}

//! View structs: everything a template shows, precomputed (hrefs included) from the
//! [`Archive`], so templates do no lookups, no I/O and no URL building.

use super::groups::{self, GroupCountView, GroupTagView, MoveView};
use super::links::Linker;
use super::Env;
use crate::archive::{Archive, Issue, Mention, Person};
use crate::markdown::{self, RenderOptions};
use crate::minutes::refs::Resolver;
use crate::model::{AgendaItem, IssueRef};
use serde::Serialize;
use std::collections::HashMap;

#[derive(Serialize)]
pub struct NavView {
    pub label: &'static str,
    pub href: String,
    pub current: bool,
}

/// Shared by every page.
#[derive(Serialize)]
pub struct SiteView {
    pub title: String,
    pub description: String,
    pub language: String,
    pub home_href: String,
    pub css_href: String,
    pub syntax_css_href: String,
    pub feed_href: String,
    pub feed_url: String,
    /// `/calendar.ics`: every meeting, and the scheduled ones ahead.
    pub calendar_href: String,
    /// The search page (`search/`); the header's search form submits `q` to it.
    pub search_href: String,
    /// The theme toggle's script (`defer`) and the tiny blocking script that applies the saved
    /// colour scheme before first paint.
    pub theme_js_href: String,
    pub theme_init_js_href: String,
    pub nav: Vec<NavView>,
    pub generator: &'static str,
}

#[derive(Serialize)]
pub struct PageView {
    pub title: String,
    pub description: String,
    pub canonical: String,
    /// `home`, `meeting`, `issue`, … (a CSS hook and the search `kind` facet).
    pub kind: &'static str,
}

pub fn site_view(env: &Env, l: &Linker, section: &str) -> SiteView {
    // Groups come last, so templates keep finding Meetings … People at nav[0] … nav[3].
    let org_wide = env.archive.is_org_wide().then_some(("Groups", "groups/"));
    let nav = [
        ("Meetings", "meetings/"),
        ("Issues", "issues/"),
        ("Initiatives", "initiatives/"),
        ("People", "people/"),
        ("Actions", "actions/"),
        ("Decisions", "decisions/"),
    ]
    .into_iter()
    .chain(org_wide)
    .map(|(label, path)| NavView {
        label,
        href: l.href(path),
        current: path == section,
    })
    .collect();
    SiteView {
        title: env.config.title.clone(),
        description: env.config.description.clone(),
        language: env.config.language.clone(),
        home_href: l.href(""),
        css_href: l.href("style.css"),
        syntax_css_href: l.href("syntax.css"),
        feed_href: l.href("feed.xml"),
        feed_url: l.absolute_url("feed.xml"),
        calendar_href: l.href(crate::calendar::PATH),
        search_href: l.href("search/"),
        theme_js_href: l.href("theme.js"),
        theme_init_js_href: l.href("theme-init.js"),
        nav,
        generator: concat!("wgsite ", env!("CARGO_PKG_VERSION")),
    }
}

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
    pub href: String,
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

/// The anchor of an agenda item on its meeting page.
pub fn item_anchor(r: &IssueRef) -> String {
    // Called for every item of every page that lists one: built by hand, not with `format!`
    // and `replace` (4% of a build's time when it was).
    let mut out = String::with_capacity(r.owner.len() + r.repo.len() + 32);
    out.push_str("item-");
    for part in [r.owner.as_str(), "-", r.repo.as_str(), "-"] {
        out.extend(part.chars().map(|c| if c == '.' { '-' } else { c }));
    }
    let _ = std::fmt::Write::write_fmt(&mut out, format_args!("{}", r.number));
    out
}

pub fn meeting_link(archive: &Archive, index: usize, l: &Linker) -> Option<MeetingLinkView> {
    let m = archive.meetings.get(index)?;
    Some(MeetingLinkView {
        id: m.id.clone(),
        date: m.minutes.date.to_string(),
        date_human: m.minutes.date.human(),
        title: m.minutes.title.clone(),
        href: l.href(&m.page_path()),
        items: m.minutes.items.len(),
        attendees: m.minutes.attendees.len(),
        group: groups::tag(archive, index, l),
    })
}

/// Markdown options for a page: issue references link to issue pages that exist.
pub fn render_markdown(
    env: &Env,
    l: &Linker,
    md: &str,
    anchors: &HashMap<usize, String>,
) -> String {
    render_markdown_placed(env, l, md, anchors).0
}

/// [`render_markdown`], also returning the anchors that were placed.
pub fn render_markdown_placed(
    env: &Env,
    l: &Linker,
    md: &str,
    anchors: &HashMap<usize, String>,
) -> (String, Vec<String>) {
    render_markdown_in(env, l, md, anchors, &env.config.repo)
}

/// [`render_markdown_placed`] for a group's minutes: bare `#N` means an issue of `repo`.
pub fn render_markdown_in(
    env: &Env,
    l: &Linker,
    md: &str,
    anchors: &HashMap<usize, String>,
    repo: &Option<(String, String)>,
) -> (String, Vec<String>) {
    let href = |r: &IssueRef| {
        env.archive
            .issues
            .contains_key(&r.key())
            .then(|| l.href(&r.page_path()))
    };
    let opts = RenderOptions {
        allow_html: env.config.allow_html,
        resolver: Resolver {
            aliases: Some(&env.config.aliases),
            default_repo: repo.clone(),
        },
        issue_href: &href,
        anchors,
        highlighter: Some(env.highlighter),
    };
    let (html, placed) = markdown::to_html_with_anchors(md, &opts);
    (label_task_checkboxes(html), placed)
}

/// Task-list checkboxes (`- [x] …`) come out of pulldown-cmark without an accessible name, which
/// screen readers announce as an unlabelled form field; name them "done" / "not done".
// TODO(markdown.rs): emit the label where the TaskListMarker event is rendered instead.
fn label_task_checkboxes(html: String) -> String {
    if !html.contains("type=\"checkbox\"") {
        return html;
    }
    html.replace(
        "<input disabled=\"\" type=\"checkbox\" checked=\"\"/>",
        "<input disabled=\"\" type=\"checkbox\" checked=\"\" aria-label=\"done\"/>",
    )
    .replace(
        "<input disabled=\"\" type=\"checkbox\"/>",
        "<input disabled=\"\" type=\"checkbox\" aria-label=\"not done\"/>",
    )
}

fn status_parts(item: &AgendaItem) -> (Option<&'static str>, Option<&'static str>) {
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

/// One heading of a table of contents.
#[derive(Serialize)]
pub struct TocEntryView {
    /// 2 or 3.
    pub level: u8,
    pub id: String,
    /// The heading's text (tags stripped, entities kept as rendered).
    pub text: String,
}

/// The `<h2 id=…>` and `<h3 id=…>` headings of rendered HTML, in order; headings without an
/// `id` cannot be linked to and are left out.
pub fn toc_of(html: &str) -> Vec<TocEntryView> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<h") {
        rest = &rest[start + 2..];
        let level = match rest.as_bytes().first() {
            Some(b'2') => 2,
            Some(b'3') => 3,
            _ => continue,
        };
        let Some(end) = rest.find(&format!("</h{level}>")) else {
            break;
        };
        let (tag, inner) = rest[1..end].split_once('>').unwrap_or(("", ""));
        let id = tag
            .split_once("id=\"")
            .and_then(|(_, v)| v.split_once('"'))
            .map(|(id, _)| id.to_string());
        if let Some(id) = id.filter(|id| !id.is_empty()) {
            let mut text = String::new();
            let mut in_tag = false;
            for c in inner.chars() {
                match c {
                    '<' => in_tag = true,
                    '>' => in_tag = false,
                    c if !in_tag => text.push(c),
                    _ => {}
                }
            }
            out.push(TocEntryView {
                level,
                id,
                text: text.trim().to_string(),
            });
        }
        rest = &rest[end..];
    }
    out
}

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
    format!("{name} {}", date.year)
}

pub fn meeting_view(env: &Env, index: usize, l: &Linker) -> Option<MeetingView> {
    let archive = env.archive;
    let m = archive.meetings.get(index)?;
    let (before, after) = archive.group_neighbours(index);
    let date_link = |mention: Option<&Mention>| {
        mention.and_then(|mt| {
            let other = archive.meetings.get(mt.meeting)?;
            let anchor = other
                .minutes
                .items
                .get(mt.item)
                .map(|i| item_anchor(&i.reference))?;
            Some(DateLinkView {
                date: other.minutes.date.to_string(),
                href: l.href_to(&other.page_path(), &anchor),
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
            let anchor = item_anchor(r);
            anchors
                .entry(item.line + 1 - m.minutes.body_line.min(item.line))
                .or_insert_with(|| anchor.clone());
            let (previous, next) = archive
                .issues
                .get(&r.key())
                .map_or((None, None), |issue| neighbours(issue, index));
            let (status, status_label) = status_parts(item);
            ItemView {
                anchor,
                key: r.key(),
                repo: r.repo_key(),
                number: r.number,
                kind: r.kind.label(),
                title: item.title.clone(),
                href: l.href(&r.page_path()),
                github: r.github_url(),
                status,
                status_label,
                status_text: item.status_text.clone(),
                previous: date_link(previous),
                next: date_link(next),
                anchor_in_body: false,
            }
        })
        .collect();
    let attendees = m
        .minutes
        .attendees
        .iter()
        .map(|a| {
            let person = archive.people.get(&archive.person_key(a));
            AttendeeView {
                name: if a.name.is_empty() {
                    person.map_or_else(|| archive.person_key(a), Person::display_name)
                } else {
                    a.name.clone()
                },
                handle: a.handle.clone(),
                role: a.role.clone(),
                href: person.map(|p| l.href(&p.page_path())),
            }
        })
        .collect();
    let repo = groups::repo_of(env, index);
    let (body_html, placed) = render_markdown_in(env, l, &m.minutes.body_md, &anchors, &repo);
    for item in &mut items {
        item.anchor_in_body = placed.contains(&item.anchor);
    }
    Some(MeetingView {
        id: m.id.clone(),
        date: m.minutes.date.to_string(),
        date_human: m.minutes.date.human(),
        title: m.minutes.title.clone(),
        source: m.minutes.source.clone(),
        recording: m.minutes.links.recording.clone(),
        issue: m.minutes.links.issue.clone(),
        doc: m.minutes.links.doc.clone(),
        attendees,
        items,
        toc: toc_of(&body_html),
        body_html,
        previous: before.and_then(|p| meeting_link(archive, p, l)),
        next: after.and_then(|n| meeting_link(archive, n, l)),
        group: groups::tag(archive, index, l),
    })
}

#[derive(Serialize)]
pub struct IssueLinkView {
    pub key: String,
    pub repo: String,
    pub number: u64,
    pub kind: &'static str,
    pub title: String,
    pub href: String,
    pub count: usize,
    pub first: String,
    pub last: String,
    pub last_status: Option<&'static str>,
    /// The last status as a CSS-friendly slug (`no-update`), beside its label.
    pub last_status_slug: Option<&'static str>,
}

pub fn issue_link(env: &Env, issue: &Issue, l: &Linker) -> IssueLinkView {
    let date_of = |m: Option<&Mention>| {
        m.and_then(|m| env.archive.meetings.get(m.meeting))
            .map(|mt| mt.minutes.date.to_string())
            .unwrap_or_default()
    };
    IssueLinkView {
        key: issue.reference.key(),
        repo: issue.reference.repo_key(),
        number: issue.reference.number,
        kind: issue.reference.kind.label(),
        title: issue.title(),
        href: l.href(&issue.reference.page_path()),
        count: issue.mentions.len(),
        first: date_of(issue.mentions.first()),
        last: date_of(issue.mentions.last()),
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
                date: meeting.minutes.date.to_string(),
                date_human: meeting.minutes.date.human(),
                month: meeting.minutes.date.month_key(),
                month_human: month_label(meeting.minutes.date),
                meeting_title: meeting.minutes.title.clone(),
                meeting_href: l.href_to(&meeting.page_path(), &item_anchor(&item.reference)),
                issue_key: item.reference.key(),
                issue_href: l.href(&item.reference.page_path()),
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
                anchor: match env.archive.is_org_wide() {
                    true => format!("on-{}", meeting.id.replace('/', "-")),
                    false => format!("on-{}", meeting.minutes.date),
                },
                group: groups::tag(env.archive, mt.meeting, l),
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
            .map(|mt| l.href(&mt.page_path()))
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
                    href: l.href(&format!("initiatives/{}/", i.config.slug)),
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
        feed_href: l.href(&format!("{}feed.xml", issue.reference.page_path())),
        groups: groups::issue_groups(archive, issue, l),
        movement: groups::movement(archive, issue, l),
    }
}

#[derive(Serialize)]
pub struct PersonLinkView {
    pub key: String,
    pub name: String,
    pub handle: Option<String>,
    pub href: String,
    pub count: usize,
    pub first: String,
    pub last: String,
    /// Attendance per group on an org-wide site.
    pub groups: Vec<GroupCountView>,
}

pub fn person_link(env: &Env, p: &Person, l: &Linker) -> PersonLinkView {
    let date_of = |i: Option<&usize>| {
        i.and_then(|i| env.archive.meetings.get(*i))
            .map(|m| m.minutes.date.to_string())
            .unwrap_or_default()
    };
    PersonLinkView {
        key: p.key.clone(),
        name: p.display_name(),
        handle: p.handle.clone(),
        href: l.href(&p.page_path()),
        count: p.meetings.len(),
        first: date_of(p.meetings.first()),
        last: date_of(p.meetings.last()),
        groups: groups::person_groups(env.archive, p, l),
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn item_anchors_replace_dots_and_keep_the_number() {
        let r = IssueRef::new("nodejs", "nodejs.org", 5123, crate::model::RefKind::Issue);
        assert_eq!(item_anchor(&r), "item-nodejs-nodejs-org-5123");
    }

    use super::*;

    #[test]
    fn toc_lists_h2_and_h3_headings_that_have_ids() {
        let html = "<header><h1>T</h1></header><h2 id=\"a\">Alpha <em>one</em></h2><p>x</p>\
                    <h2>No id</h2><h3 id=\"b\" class=\"c\">Beta</h3><h4 id=\"d\">Deep</h4><hr>";
        let toc = toc_of(html);
        let got: Vec<(u8, &str, &str)> = toc
            .iter()
            .map(|e| (e.level, e.id.as_str(), e.text.as_str()))
            .collect();
        assert_eq!(got, [(2, "a", "Alpha one"), (3, "b", "Beta")]);
        assert!(toc_of("<h2 id=\"x\">unclosed").is_empty());
    }

    #[test]
    fn month_labels_read_as_words() {
        let date = crate::model::Date::new(2024, 6, 20).expect("date");
        assert_eq!(month_label(date), "June 2024");
    }
}

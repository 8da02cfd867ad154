//! View structs: everything a template shows, precomputed (hrefs included) from the
//! [`Archive`](crate::archive::Archive), so templates do no lookups, no I/O and no URL building.
//! This module holds what every page shares (the site's header and navigation, the page's own
//! title and canonical URL); the views of meetings, issues, people and the markdown they show
//! are in the submodules, re-exported here.

mod issue;
mod markdown;
mod meeting;
mod person;

use super::links::Linker;
use super::Env;
use serde::Serialize;

pub use issue::{
    issue_link, issue_view, month_label, timeline, IssueLinkView, IssueView, NamedLinkView,
    TimelineEntryView, TitleView,
};
pub use markdown::{
    render_markdown, render_markdown_in, render_markdown_placed, toc_of, TocEntryView,
};
pub use meeting::{
    item_anchor, meeting_link, meeting_view, AttendeeView, DateLinkView, ItemView, MeetingLinkView,
    MeetingView,
};
pub use person::{person_link, PersonLinkView};

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

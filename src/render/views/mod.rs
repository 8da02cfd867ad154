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
use crate::paths;
use serde::Serialize;

pub use issue::{
    issue_link, issue_view, month_label, timeline, IssueLinkView, IssueView, NamedLinkView,
    TimelineEntryView, TitleView,
};
pub use markdown::{
    render_markdown, render_markdown_in, render_markdown_placed, toc_of, TocEntryView,
};
pub use meeting::{
    meeting_link, meeting_list_link, meeting_view, AttendeeView, DateLinkView, ItemView,
    MeetingLinkView, MeetingView,
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
    /// The Content-Security-Policy every page declares in a `<meta>` ([`CONTENT_SECURITY_POLICY`]).
    pub content_security_policy: &'static str,
}

/// What a page may load and run: scripts and styles only from the site's own files (no inline
/// script, style or event handler, so no `javascript:` URL either), WebAssembly for the
/// search index, images from the site and from https addresses (minutes show them), no
/// plugins, no `<base>` pointing elsewhere, forms submitted only to the site. `frame-ancestors`
/// cannot be set from a `<meta>`: a host's headers must say it.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; \
    script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' https:; \
    object-src 'none'; base-uri 'self'; form-action 'self'";

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
    let org_wide = env
        .archive
        .is_org_wide()
        .then_some(("Groups", paths::GROUPS));
    let nav = [
        ("Meetings", paths::MEETINGS),
        ("Issues", paths::ISSUES),
        ("Initiatives", paths::INITIATIVES),
        ("People", paths::PEOPLE),
        ("Actions", paths::ACTIONS),
        ("Decisions", paths::DECISIONS),
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
        home_href: l.href(paths::HOME),
        css_href: l.href(paths::STYLESHEET),
        syntax_css_href: l.href(paths::SYNTAX_CSS),
        feed_href: l.href(paths::SITE_FEED),
        feed_url: l.absolute_url(paths::SITE_FEED),
        calendar_href: l.href(paths::CALENDAR),
        search_href: l.href(paths::SEARCH),
        theme_js_href: l.href(paths::THEME_SCRIPT),
        theme_init_js_href: l.href(paths::THEME_INIT_SCRIPT),
        nav,
        generator: concat!("wgsite ", env!("CARGO_PKG_VERSION")),
        content_security_policy: CONTENT_SECURITY_POLICY,
    }
}

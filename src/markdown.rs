//! Markdown → HTML for minutes and notes: GitHub-flavoured (tables, task lists, strikethrough),
//! fenced code highlighted with CSS classes, `#N` / `owner/repo#N` / GitHub URLs linked to the
//! issue pages, bare URLs linked, raw HTML shown as text unless allowed, HTML comments dropped,
//! and agenda items given anchors.

mod title;

pub use title::{title_html, title_text};

use crate::minutes::refs::{self, Form, Resolver};
use crate::model::IssueRef;
use pulldown_cmark::{CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};
use std::collections::HashMap;

/// What rendering needs besides the text.
pub struct RenderOptions<'a> {
    pub allow_html: bool,
    /// Resolves short references; its default repo is the group's.
    pub resolver: Resolver<'a>,
    /// The href of an issue's page from the page being rendered, when the issue has one.
    pub issue_href: &'a dyn Fn(&IssueRef) -> Option<String>,
    /// 1-based line within the text → anchor id for the list item or heading on that line.
    pub anchors: &'a HashMap<usize, String>,
    /// Shares highlighted code blocks between renders (optional).
    pub highlighter: Option<&'a crate::highlight::Cache>,
}

pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    escape_into(&mut out, s);
    out
}

/// [`escape_html`] appending to `out` (the five characters `& < > " '`), with the escaper
/// pulldown-cmark and Tera use: it finds the special characters 16 bytes at a time.
pub fn escape_into(out: &mut String, s: &str) {
    // Writing to a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(&mut *out, s);
}

pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
}

/// The markdown without its HTML comments, which minutes use to hide drafts and lists of
/// absentees: what feeds, the JSON export and handle scans see, as pages never show them.
/// Comments inside code are code, and kept.
pub fn without_comments(md: &str) -> std::borrow::Cow<'_, str> {
    if !md.contains("<!--") {
        return std::borrow::Cow::Borrowed(md);
    }
    let mut out = String::with_capacity(md.len());
    let mut kept_to = 0;
    let mut in_comment = false;
    for (event, range) in Parser::new_ext(md, options()).into_offset_iter() {
        let (Event::Html(h) | Event::InlineHtml(h)) = event else {
            continue;
        };
        if in_comment || h.trim_start().starts_with("<!--") {
            in_comment = !h.contains("-->") || h.rfind("<!--") > h.rfind("-->");
            if range.start >= kept_to {
                out.push_str(md.get(kept_to..range.start).unwrap_or(""));
                kept_to = range.end;
            }
        }
    }
    out.push_str(md.get(kept_to..).unwrap_or(""));
    std::borrow::Cow::Owned(out)
}

/// Renders markdown to HTML.
pub fn to_html(md: &str, opts: &RenderOptions) -> String {
    to_html_with_anchors(md, opts).0
}

/// Renders markdown to HTML; also returns the anchors that found an element to sit on (an
/// item written as a lazy continuation of another paragraph has none, and the caller must put
/// its anchor elsewhere).
pub fn to_html_with_anchors(md: &str, opts: &RenderOptions) -> (String, Vec<String>) {
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(md.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let line_of = |offset: usize| line_starts.partition_point(|&s| s <= offset);
    // pulldown-cmark makes about one event per 10 bytes of minutes (450k events for the 4.9 MB
    // of a 1k-meeting synthetic archive): sized up front, the list is not copied as it grows.
    let mut events: Vec<Event> = Vec::with_capacity(md.len() / 10 + 8);
    let mut in_link = 0usize;
    // Inside a link or image whose destination is refused (shown as its source text instead):
    // how many links and images are open in it.
    let mut refused = 0usize;
    // For each link open here, the timeline link to add after it (for links to issues).
    let mut timelines: Vec<Option<String>> = Vec::new();
    let mut in_comment = false;
    let mut code: Option<(String, String)> = None;
    let mut heading_text: Option<String> = None;
    let mut resolver = opts.resolver.clone();
    let group_repo = opts.resolver.default_repo.clone();
    let mut used_anchors = std::collections::HashSet::new();
    let mut anchor_at = |line: usize| {
        opts.anchors
            .get(&line)
            .filter(|id| used_anchors.insert(id.as_str()))
            .cloned()
    };

    for (event, range) in Parser::new_ext(md, options()).into_offset_iter() {
        if let Some((_, buf)) = code.as_mut() {
            match event {
                Event::Text(t) => {
                    buf.push_str(&t);
                    continue;
                }
                Event::End(TagEnd::CodeBlock) => {
                    let (lang, text) = code.take().unwrap_or_default();
                    events.push(Event::Html(
                        code_block(&text, &lang, opts.highlighter).into(),
                    ));
                    continue;
                }
                _ => continue,
            }
        }
        if refused > 0 {
            match event {
                Event::Start(Tag::Link { .. } | Tag::Image { .. }) => refused += 1,
                Event::End(TagEnd::Link | TagEnd::Image) => refused -= 1,
                _ => {}
            }
            continue;
        }
        match event {
            // A script (or any other non-web) destination is no link: the link is shown as
            // written, as text (the parser warns about it).
            Event::Start(Tag::Link { dest_url: d, .. } | Tag::Image { dest_url: d, .. })
                if !crate::safe_url::is_allowed(&d) =>
            {
                let written = md.get(range).unwrap_or_default();
                events.push(Event::Text(written.into()));
                refused = 1;
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, String::new()));
            }
            // Agenda items get their anchor on the element that starts on their line: a list
            // item, a heading, or a paragraph (`[#12](…) Title`). Each id is used once.
            Event::Start(Tag::Item) => match anchor_at(line_of(range.start)) {
                Some(id) => events.push(Event::Html(
                    format!("<li id=\"{}\">", escape_html(&id)).into(),
                )),
                None => events.push(Event::Start(Tag::Item)),
            },
            Event::Start(Tag::Paragraph) => match anchor_at(line_of(range.start)) {
                Some(id) => events.push(Event::Html(
                    format!("<p id=\"{}\">", escape_html(&id)).into(),
                )),
                None => events.push(Event::Start(Tag::Paragraph)),
            },
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                heading_text = Some(String::new());
                let id = match anchor_at(line_of(range.start)) {
                    Some(a) => Some(CowStr::from(a)),
                    None => id,
                };
                events.push(Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                }));
            }
            Event::End(TagEnd::Heading(level)) => {
                // A repo heading (`### nodejs/node`) sets what bare `#N` means below it.
                if let Some(text) = heading_text.take() {
                    resolver.default_repo = crate::config::parse_repo(text.trim())
                        .ok()
                        .or_else(|| group_repo.clone());
                }
                events.push(Event::End(TagEnd::Heading(level)));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                in_link += 1;
                let target = refs::parse_github_url(&dest_url)
                    .and_then(|u| IssueRef::parse(u.owner, u.repo, u.number, u.kind).ok())
                    .and_then(|r| (opts.issue_href)(&r).map(|h| (r, h)));
                events.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
                // The timeline link goes after the GitHub link, once it closes.
                timelines.push(target.map(|(r, href)| timeline_link(&r.key(), &href)));
            }
            Event::End(TagEnd::Link) => {
                in_link = in_link.saturating_sub(1);
                events.push(Event::End(TagEnd::Link));
                if let Some(Some(html)) = timelines.pop() {
                    events.push(Event::Html(html.into()));
                }
            }
            Event::Text(t) => {
                if let Some(h) = heading_text.as_mut() {
                    h.push_str(&t);
                }
                if in_link > 0 {
                    events.push(Event::Text(t));
                } else if is_plain(&t) {
                    // Most runs of notes: nothing to link or escape, so the run is its own HTML
                    // (no copy of it is made).
                    events.push(Event::Html(t));
                } else {
                    events.push(Event::Html(link_text(&t, &resolver, opts).into()));
                }
            }
            Event::Html(h) | Event::InlineHtml(h) => {
                let s: &str = &h;
                if in_comment || s.trim_start().starts_with("<!--") {
                    in_comment = !s.contains("-->") || s.rfind("<!--") > s.rfind("-->");
                    continue;
                }
                if opts.allow_html {
                    events.push(Event::Html(h));
                } else {
                    events.push(Event::Text(h));
                }
            }
            other => events.push(other),
        }
    }
    let mut html = String::with_capacity(md.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    let placed = used_anchors.into_iter().map(str::to_string).collect();
    (html, placed)
}

fn timeline_link(key: &str, href: &str) -> String {
    let mut html = String::with_capacity(80 + href.len() + key.len());
    html.push_str("<a class=\"xref\" href=\"");
    escape_into(&mut html, href);
    html.push_str("\" title=\"Timeline of ");
    escape_into(&mut html, key);
    html.push_str(" on this site\">timeline</a>");
    html
}

fn code_block(code: &str, lang: &str, cache: Option<&crate::highlight::Cache>) -> String {
    let lang_class = if lang.is_empty() {
        String::new()
    } else {
        format!(" class=\"language-{}\"", escape_html(lang))
    };
    match (!lang.is_empty())
        .then(|| match cache {
            Some(c) => c.highlight(code, lang),
            None => crate::highlight::highlight(code, lang),
        })
        .flatten()
    {
        Some(highlighted) => {
            format!("<pre class=\"hl\"><code{lang_class}>{highlighted}</code></pre>\n")
        }
        None => format!(
            "<pre><code{lang_class}>{}</code></pre>\n",
            escape_html(code)
        ),
    }
}

/// Escapes a text run, linking issue references and bare URLs in it.
fn link_text(text: &str, resolver: &Resolver, opts: &RenderOptions) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    if !may_reference(text) {
        autolink_into(&mut out, text);
        return out;
    }
    let found = refs::find(text, resolver);
    let mut at = 0;
    for f in &found {
        let Some(before) = text.get(at..f.span.start) else {
            continue;
        };
        autolink_into(&mut out, before);
        let written = text.get(f.span.clone()).unwrap_or("");
        let page = (opts.issue_href)(&f.reference);
        match (f.form, page) {
            (Form::Url | Form::Link, page) => {
                let url = written.trim_start_matches('<').trim_end_matches('>');
                out.push_str("<a href=\"");
                if !url.starts_with("http") {
                    out.push_str("https://");
                }
                escape_into(&mut out, url);
                out.push_str("\">");
                escape_into(&mut out, url);
                out.push_str("</a>");
                if let Some(p) = page {
                    out.push_str(&timeline_link(&f.reference.key(), &p));
                }
            }
            (_, Some(p)) => {
                out.push_str("<a class=\"issue-ref\" href=\"");
                escape_into(&mut out, &p);
                out.push_str("\" title=\"");
                escape_into(&mut out, &f.reference.key());
                out.push_str("\">");
                escape_into(&mut out, written);
                out.push_str("</a>");
            }
            (_, None) => {
                out.push_str("<a href=\"");
                escape_into(&mut out, &f.reference.github_url());
                out.push_str("\">");
                escape_into(&mut out, written);
                out.push_str("</a>");
            }
        }
        at = f.span.end;
    }
    autolink_into(&mut out, text.get(at..).unwrap_or(""));
    out
}

/// Text that [`link_text`] would return unchanged: no reference, no URL, nothing to escape.
fn is_plain(text: &str) -> bool {
    !text
        .bytes()
        .any(|b| matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'' | b'#'))
        && !crate::find::contains(text, "http")
        && !may_reference(text)
}

/// Whether `text` may hold an issue reference [`refs::find`] would see: every form has a `#`
/// or a GitHub address. Most text runs have neither and skip the scan.
fn may_reference(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr(b'#', bytes).is_some()
        || memchr::memchr2_iter(b'g', b'G', bytes).any(|i| {
            bytes
                .get(i..i + 6)
                .is_some_and(|w| w.eq_ignore_ascii_case(b"github"))
        })
}

/// Escapes text, turning bare `http(s)://` URLs into links.
#[cfg(test)]
fn autolink(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    autolink_into(&mut out, text);
    out
}

/// [`autolink`] appending to `out`.
fn autolink_into(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(start) = crate::find::find(rest, "http").filter(|&s| {
        let r = &rest[s..];
        (r.starts_with("http://") || r.starts_with("https://"))
            && rest[..s]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric())
    }) {
        escape_into(out, &rest[..start]);
        let r = &rest[start..];
        let mut len = r
            .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"'))
            .unwrap_or(r.len());
        while len > 0 && r[..len].ends_with(['.', ',', ';', ':', '!', '?', ')', '\'']) {
            len -= 1;
        }
        let url = &r[..len];
        out.push_str("<a href=\"");
        escape_into(out, url);
        out.push_str("\">");
        escape_into(out, url);
        out.push_str("</a>");
        rest = &r[len..];
        if len == 0 {
            let first = rest.chars().next().map_or(0, char::len_utf8);
            escape_into(out, &rest[..first]);
            rest = &rest[first..];
        }
    }
    escape_into(out, rest);
}

#[cfg(test)]
mod tests;

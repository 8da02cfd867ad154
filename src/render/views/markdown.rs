//! Markdown for views: minutes and notes to HTML with issue references linked to the site's
//! issue pages, and the table of contents of what was rendered.

use crate::markdown::{self, RenderOptions};
use crate::minutes::refs::Resolver;
use crate::model::IssueRef;
use crate::paths;
use crate::render::links::Linker;
use crate::render::Env;
use serde::Serialize;
use std::collections::HashMap;

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
    repo: &Option<(crate::model::Owner, crate::model::RepoName)>,
) -> (String, Vec<String>) {
    let href = |r: &IssueRef| {
        env.archive
            .issues
            .contains_key(&r.key())
            .then(|| l.href(&paths::issue(r)))
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
    // Set up once: a page's HTML has a `<` every few words and a heading every few hundred.
    let opening = memchr::memmem::Finder::new("<h");
    while let Some(start) = opening.find(rest.as_bytes()) {
        rest = &rest[start + 2..];
        let (level, closing) = match rest.as_bytes().first() {
            Some(b'2') => (2, "</h2>"),
            Some(b'3') => (3, "</h3>"),
            _ => continue,
        };
        let Some(end) = crate::find::find(rest, closing) else {
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

#[cfg(test)]
mod tests {
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
}

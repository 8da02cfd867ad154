//! One entry point for the fuzz targets and the property tests: input → what a build does with
//! it (decode, normalise, parse, render the markdown; or validate `site.toml`). Each must return,
//! never panic.

use crate::markdown::{to_html, RenderOptions};
use crate::minutes::refs::Resolver;
use crate::minutes::{parse, ParseContext};
use crate::model::IssueRef;
use crate::paths;
use crate::source::{decode, SourceFile};
use std::collections::{BTreeMap, HashMap};

/// Bytes as a minutes file: decoded and, when they are text, parsed and rendered.
pub fn minutes_bytes(bytes: &[u8]) {
    if let (Some(text), _) = decode(bytes, "content/2023-06-22.md") {
        minutes_text(text);
    }
}

/// Text as a minutes file: parsed, then its body and every item's notes rendered to HTML.
pub fn minutes_text(text: String) {
    let aliases = BTreeMap::new();
    let overrides = BTreeMap::new();
    let ctx = ParseContext {
        group: "main",
        repo: crate::model::parse_repo_path("o/r").ok(),
        aliases: &aliases,
        date_overrides: &overrides,
    };
    let file = SourceFile {
        rel_path: "2023-06-22.md".into(),
        display_path: "content/2023-06-22.md".into(),
        text,
    };
    let (Some(minutes), _) = parse(&file, &ctx) else {
        return;
    };
    let anchors = HashMap::new();
    let href = |r: &IssueRef| Some(paths::issue(r));
    for allow_html in [false, true] {
        let opts = RenderOptions {
            allow_html,
            resolver: Resolver {
                aliases: None,
                default_repo: crate::model::parse_repo_path("o/r").ok(),
            },
            issue_href: &href,
            anchors: &anchors,
            highlighter: None,
        };
        let _ = to_html(&minutes.body_md, &opts);
        for item in &minutes.items {
            let _ = to_html(&item.notes_md, &opts);
        }
    }
    let _ = crate::markdown::without_comments(&minutes.body_md);
}

/// Text as `site.toml`. Returns the error message, if any: it must point into the file.
pub fn config_text(text: &str) -> Option<String> {
    crate::config::Config::parse(text, "site.toml")
        .err()
        .map(|e| e.to_string())
}

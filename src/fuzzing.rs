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

/// Text as the only minutes file of a site: parsed and linked into an archive (the stages whose
/// time must stay linear in the input). Returns the number of agenda items and action items
/// found, so the work is not optimised away.
pub fn parse_and_link(text: String) -> usize {
    let Ok(config) = crate::config::Config::parse("title = \"T\"\nrepo = \"o/r\"\n", "site.toml")
    else {
        return 0;
    };
    let ctx = ParseContext {
        group: crate::groups::SINGLE,
        repo: config.repo.clone(),
        aliases: &config.aliases,
        date_overrides: &config.dates,
    };
    let file = SourceFile {
        rel_path: "2023-06-22.md".into(),
        display_path: "content/2023-06-22.md".into(),
        text,
    };
    let (Some(minutes), _) = parse(&file, &ctx) else {
        return 0;
    };
    let archive = crate::archive::link(vec![std::sync::Arc::new(minutes)], &config, false);
    let items: usize = archive.meetings.iter().map(|m| m.minutes.items.len()).sum();
    items + archive.actions.len()
}

/// The shapes of input that make naive scanners quadratic, each as a minutes file of about
/// `bytes` bytes ([`pathological`]): runs of one opener on one line, or line after line, and
/// deep nesting.
pub const PATHOLOGICAL: &[&str] = &[
    "brackets",
    "indented-brackets",
    "angles",
    "backticks",
    "stars",
    "link-openers",
    "bang-brackets",
    "nested-lists",
    "nested-quotes",
    "indented-lists",
    "hashes",
    "hash-numbers",
    "underscores",
    "action-sentences",
    "action-lines",
];

/// A minutes file of `shape` (one of [`PATHOLOGICAL`]) of about `bytes` bytes.
pub fn pathological(shape: &str, bytes: usize) -> String {
    let unit: &str = match shape {
        "brackets" => "[",
        "indented-brackets" => "  [\n",
        "angles" => "<",
        "backticks" => "`",
        "stars" => "*",
        "link-openers" => "](",
        "bang-brackets" => "![",
        "nested-lists" => "* ",
        "nested-quotes" => "> ",
        "hashes" => "#",
        "hash-numbers" => "#1",
        "underscores" => "_",
        // Action items, thousands to a paragraph: on one line, and line after line.
        "action-sentences" => "Action: @ana to fix it. ",
        "action-lines" => "Action: @ana to fix it.\n",
        // A list item deeper than the last on each line, as far as the size allows.
        "indented-lists" => {
            let mut out = String::from("# Meeting 2023-06-22\n\n");
            let mut depth = 0;
            while out.len() < bytes {
                out.push_str(&" ".repeat(depth * 2));
                out.push_str("* x [#1](https://github.com/o/r/issues/1)\n");
                depth += 1;
            }
            return out;
        }
        _ => "x",
    };
    let mut out = String::with_capacity(bytes + 32);
    out.push_str("# Meeting 2023-06-22\n\n");
    let runs = bytes.saturating_sub(out.len()) / unit.len().max(1);
    for _ in 0..runs {
        out.push_str(unit);
    }
    out.push('\n');
    out
}

/// Bytes steering a pathological input: the first picks a shape of [`PATHOLOGICAL`], the
/// second its size (in KB, up to 64), and the rest (as text) goes into its middle, so the
/// fuzzer varies the runs and what interrupts them. Parsed, linked and rendered; libFuzzer's
/// `-timeout` reports an input that is slow.
pub fn pathological_bytes(bytes: &[u8]) {
    let (Some(&pick), Some(&kb)) = (bytes.first(), bytes.get(1)) else {
        return;
    };
    let shape = PATHOLOGICAL[usize::from(pick) % PATHOLOGICAL.len()];
    let mut text = pathological(shape, (usize::from(kb) % 64 + 1) * 1024);
    let middle = (text.len() / 2..text.len())
        .find(|&k| text.is_char_boundary(k))
        .unwrap_or(text.len());
    text.insert_str(
        middle,
        &String::from_utf8_lossy(bytes.get(2..).unwrap_or_default()),
    );
    parse_and_link(text.clone());
    minutes_text(text);
}

/// Text as `site.toml`. Returns the error message, if any: it must point into the file.
pub fn config_text(text: &str) -> Option<String> {
    crate::config::Config::parse(text, "site.toml")
        .err()
        .map(|e| e.to_string())
}

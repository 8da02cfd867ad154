//! Fuzz target: arbitrary bytes → decode, normalise, parse, render the notes. Must not panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::collections::{BTreeMap, HashMap};
use wgsite::markdown::{to_html, RenderOptions};
use wgsite::minutes::refs::Resolver;
use wgsite::minutes::{parse, ParseContext};
use wgsite::model::IssueRef;
use wgsite::source::{decode, SourceFile};

fuzz_target!(|bytes: &[u8]| {
    let (Some(text), _) = decode(bytes, "fuzz.md") else {
        return;
    };
    let aliases = BTreeMap::new();
    let overrides = BTreeMap::new();
    let ctx = ParseContext {
        group: "main",
        repo: Some(("o".into(), "r".into())),
        aliases: &aliases,
        date_overrides: &overrides,
    };
    let file = SourceFile {
        rel_path: "2023-06-22.md".into(),
        display_path: "content/2023-06-22.md".into(),
        text,
    };
    if let (Some(m), _) = parse(&file, &ctx) {
        let anchors = HashMap::new();
        let href = |r: &IssueRef| Some(r.page_path());
        let opts = RenderOptions {
            allow_html: false,
            resolver: Resolver {
                aliases: None,
                default_repo: Some(("o".into(), "r".into())),
            },
            issue_href: &href,
            anchors: &anchors,
            highlighter: None,
        };
        let _ = to_html(&m.body_md, &opts);
    }
});

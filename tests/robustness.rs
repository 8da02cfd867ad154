//! Robustness: the parser, the markdown renderer and `site.toml` validation take any input
//! without panicking (bounded property tests in CI, through the same entry points as the
//! cargo-fuzz targets in `fuzz/`), and no text from the input becomes markup on a page.

use proptest::prelude::*;
use wgsite::source::decode;

/// Pieces real minutes are made of, so random input reaches the interesting branches.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("# Title 2023-06-22\n".to_string()),
        Just("## Present\n".to_string()),
        Just("## Links\n".to_string()),
        Just("### nodejs/node\n".to_string()),
        Just("* Item [#12](https://github.com/o/r/issues/12)\n".to_string()),
        Just("  * note with #5 and o/r#6\n".to_string()),
        Just("- [x] Review - https://github.com/o/r/issues\n".to_string()),
        Just("[#7](https://github.com/o/r/pull/7/files)".to_string()),
        Just("<https://github.com/o/r/issues/9#issuecomment-1>".to_string()),
        Just("```js\n".to_string()),
        Just("<!-- ".to_string()),
        Just(" -->".to_string()),
        Just("+++\ntitle = \"x\"\n+++\n".to_string()),
        Just("---\ndate: 2020-01-01\n---\n".to_string()),
        Just("* Name (@handle)\n".to_string()),
        Just("â€¦\u{FEFF}\u{00A0}\t\r\n".to_string()),
        Just("[".to_string()),
        Just("](".to_string()),
        Just("#".to_string()),
        Just("@".to_string()),
        Just("2023-18-12".to_string()),
        Just("~~struck~~ Removed from agenda\n".to_string()),
        Just("### Guests\n".to_string()),
        Just("### Regrets\n".to_string()),
        Just("### Announcements\n".to_string()),
        Just("* Apologies: Ana, Bo and Cy\n".to_string()),
        Just("* Regrets:\n  * Dee (@dee)\n".to_string()),
        Just("* node-newrelic) <f@x.org>\n* @<sepi@x.org>\n".to_string()),
        Just("* Community Outreach\n".to_string()),
        Just("  * Axios - [#322](https://github.com/o/r/issues/322)\n".to_string()),
        Just("* We ran out of time and did not discuss these:\n".to_string()),
        Just("* [lts#13](https://github.com/o/lts/issues/13) / Proposal [#1997](https://github.com/o/r/issues/1997)\n".to_string()),
        Just("Claudio - Website migration [766](https://github.com/o/admin/issues/766)".to_string()),
        "[ -~]{0,12}",
        any::<String>(),
    ]
}

fn parse_text(text: String) {
    wgsite::fuzzing::minutes_text(text);
}

/// Pieces of `site.toml`, right and wrong, so random input reaches validation and its messages.
fn config_fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("title = \"T\"\n".to_string()),
        Just("base_url = \"nodejs.github.io/wg\"\n".to_string()),
        Just("base_url = \"https://x.org/a\"\n".to_string()),
        Just("repo = \"o/r\"\n".to_string()),
        Just("cname = \"wg.example.org\"\n".to_string()),
        Just("[[initiatives]]\n".to_string()),
        Just("slug = \"pm\"\nname = \"PM\"\n".to_string()),
        Just("issues = [\"o/r#1\", \"o/r/2\"]\n".to_string()),
        Just("status = \"paused\"\n".to_string()),
        Just("[search]\n".to_string()),
        Just("enable = 1\n".to_string()),
        Just("[aliases]\n\"a/b\" = \"c\"\n".to_string()),
        Just("[dates]\n\"x.md\" = \"2023-18-12\"\n".to_string()),
        Just("[people]\n\"Bert\" = \"bertb\"\n".to_string()),
        Just("\"@old\" = \"not a handle\"\n".to_string()),
        Just("\"".to_string()),
        Just("=".to_string()),
        Just("\u{e9}\u{1F600}\t".to_string()),
        "[ -~]{0,12}",
        any::<String>(),
    ]
}

/// Lines between the canonical agenda lines of [`canonical_lines_become_items_or_mentions`]:
/// sections, attendees, groups, notes and links of every shape the parser reads.
fn agenda_noise() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("## Agenda".to_string()),
        Just("## Present".to_string()),
        Just("### Guests".to_string()),
        Just("### Announcements".to_string()),
        Just("### o/r".to_string()),
        Just("* Jane Doe (@jdoe)".to_string()),
        Just("* Apologies: Ana".to_string()),
        Just("* Regrets:".to_string()),
        Just("* Community outreach".to_string()),
        Just("* We ran out of time and did not discuss these:".to_string()),
        Just("  * a note about it".to_string()),
        Just("    * deeper, see [#5](https://github.com/o/r/issues/5)".to_string()),
        Just("[#7](https://github.com/o/r/pull/7)".to_string()),
        Just("- [ ] Review the list".to_string()),
        Just("* **Recording**: https://youtu.be/x".to_string()),
        Just("Some prose with #8 in it.".to_string()),
    ]
}

/// A canonical agenda line: `* title [#N](url)` at most three spaces in, the title in one of
/// the shapes note-takers write.
fn canonical_line() -> impl Strategy<Value = (String, u64)> {
    let titles = prop_oneof![
        Just(""),
        Just("Title"),
        Just("Claudio - Website migration"),
        Just("Look to land PR"),
        Just("see"),
        Just("[docs] `fs` thing:"),
        Just("Apologies"),
        Just("Jane Doe (@jdoe)"),
    ];
    (0usize..=3, titles, 1u64..60, prop::bool::ANY).prop_map(|(indent, title, n, pull)| {
        let kind = if pull { "pull" } else { "issues" };
        (
            format!(
                "{}* {title} [#{n}](https://github.com/o/r/{kind}/{n})",
                " ".repeat(indent)
            ),
            n,
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Whatever surrounds them, the issues of canonical agenda lines become agenda items or
    /// mentions on their lines.
    #[test]
    fn canonical_lines_become_items_or_mentions(
        lines in prop::collection::vec(
            prop_oneof![
                agenda_noise().prop_map(|l| (l, None)),
                canonical_line().prop_map(|(l, n)| (l, Some(n))),
            ],
            0..40,
        )
    ) {
        let mut text = String::from("# Meeting 2024-01-02\n");
        for (line, _) in &lines {
            text.push_str(line);
            text.push('\n');
        }
        let aliases = std::collections::BTreeMap::new();
        let overrides = std::collections::BTreeMap::new();
        let ctx = wgsite::minutes::ParseContext {
            group: "main",
            repo: Some(("o".into(), "r".into())),
            aliases: &aliases,
            date_overrides: &overrides,
        };
        let file = wgsite::source::SourceFile {
            rel_path: "2024-01-02.md".into(),
            display_path: "content/2024-01-02.md".into(),
            text,
        };
        let (minutes, _) = wgsite::minutes::parse(&file, &ctx);
        let minutes = minutes.expect("dated");
        let found: std::collections::BTreeSet<(usize, u64)> = minutes
            .items
            .iter()
            .map(|i| (i.line, i.reference.number))
            .chain(minutes.mentions.iter().map(|m| (m.line, m.reference.number)))
            .collect();
        for (k, (line, n)) in lines.iter().enumerate() {
            if let Some(n) = n {
                // Line 1 is the title.
                prop_assert!(found.contains(&(k + 2, *n)), "line {}: {:?} in\n{}", k + 2, line, file.text);
            }
        }
    }

    #[test]
    fn parsing_minutes_shaped_input_never_panics(parts in prop::collection::vec(fragment(), 0..80)) {
        parse_text(parts.concat());
    }

    #[test]
    fn site_toml_errors_always_point_into_the_file(parts in prop::collection::vec(config_fragment(), 0..30)) {
        if let Some(message) = wgsite::fuzzing::config_text(&parts.concat()) {
            prop_assert!(message.starts_with("site.toml:"), "{}", message);
        }
    }

    #[test]
    fn decoding_arbitrary_bytes_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        let (text, _) = decode(&bytes, "x.md");
        if let Some(text) = text {
            parse_text(text);
        }
    }
}

#[test]
fn deeply_nested_lists_and_long_lines_parse() {
    let mut deep = String::from("# T 2023-01-01\n");
    for i in 0..2_000 {
        deep.push_str(&" ".repeat(i * 2));
        deep.push_str("* x [#1](https://github.com/o/r/issues/1)\n");
    }
    parse_text(deep);
    parse_text(format!(
        "# T 2023-01-01\n* {} [#1](https://github.com/o/r/issues/1)\n",
        "a".repeat(1 << 20)
    ));
}

/// Markup a note-taker (or someone pasting into the minutes) could slip in.
const SCRIPT: &str = "<script>alert('pwned')</script>";
const IMG: &str = "<img src=x onerror=alert('pwned')>";

fn hostile_site(allow_html: bool) -> tempfile::TempDir {
    let minutes = format!(
        "+++\ntitle = \"Sync {SCRIPT}\"\n+++\n# Ignored 2024-03-01\n\n## Present\n\n\
         * Eve {IMG} (@eve)\n* {SCRIPT}\n\n## Agenda\n\n### o/r\n\n\
         * Fix {SCRIPT} parsing [#7](https://github.com/o/r/issues/7)\n\
         \x20 * note with {IMG} and <b>bold</b>\n\
         \x20 * <!-- absent: Mallory -->\n\n\
         Closing words {SCRIPT}\n"
    );
    crate::common::temp_site(
        &format!(
            "title = \"Safety {SCRIPT}\"\nrepo = \"o/r\"\nallow_html = {allow_html}\n\n\
             [[initiatives]]\nslug = \"x\"\nname = \"Init {IMG}\"\ndescription = \"Desc {SCRIPT}\"\n\
             issues = [\"o/r#7\"]\n"
        ),
        &[("2024-03-01.md", minutes.as_str())],
    )
}

/// Every page, feed and data file of a built site (not the compressed search index), path → text.
fn pages(site: &crate::common::Built) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![site.out.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("list").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path
                .extension()
                .is_some_and(|e| ["html", "xml", "json", "txt"].contains(&&*e.to_string_lossy()))
            {
                let text = std::fs::read_to_string(&path).expect("read");
                out.push((path.display().to_string(), text));
            }
        }
    }
    out
}

#[test]
fn text_from_minutes_and_site_toml_is_escaped_on_every_page() {
    let dir = hostile_site(false);
    let site = crate::common::build_site(dir.path());
    let pages = pages(&site);
    assert!(pages.len() > 10);
    for (path, text) in &pages {
        // JSON data may hold the text as written; no page or feed may.
        if !path.ends_with(".json") {
            assert!(!text.contains(SCRIPT), "{path} runs a script");
        }
        if !path.ends_with(".json") {
            assert!(!text.contains("<img src=x"), "{path} has an injected image");
            assert!(!text.contains("<b>bold</b>"), "{path} renders raw HTML");
        }
        assert!(!text.contains("Mallory"), "{path} shows an HTML comment");
    }
    // The text is there, shown as text: on the meeting page (title, attendee, item, notes,
    // body), the issue page and the initiative page.
    let meeting = site.read("meetings/2024-03-01/index.html");
    assert!(meeting.matches("&lt;script&gt;").count() >= 4, "{meeting}");
    assert!(meeting.contains("&lt;b&gt;bold&lt;/b&gt;"), "{meeting}");
    assert!(site
        .read("issues/o/r/7/index.html")
        .contains("&lt;script&gt;"));
    assert!(site
        .read("initiatives/x/index.html")
        .contains("&lt;img src=x"));
}

#[test]
fn allow_html_renders_raw_html_in_minutes_but_never_comments() {
    let dir = hostile_site(true);
    let site = crate::common::build_site(dir.path());
    let meeting = site.read("meetings/2024-03-01/index.html");
    assert!(meeting.contains("<b>bold</b>"), "{meeting}");
    for (path, text) in pages(&site) {
        assert!(!text.contains("Mallory"), "{path} shows an HTML comment");
        // Configuration text is never markup, whatever allow_html says.
        assert!(
            !text.contains(&format!("Safety {SCRIPT}")),
            "{path}: site title unescaped"
        );
    }
}

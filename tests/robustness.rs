//! Robustness: the parser, the markdown renderer and `site.toml` validation take any input
//! without panicking (bounded property tests in CI, through the same entry points as the
//! cargo-fuzz targets in `fuzz/`), no text from the input becomes markup on a page, and no
//! reference, however written, makes the build write outside its output folder.

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
            repo: wgsite::model::parse_repo_path("o/r").ok(),
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

/// What a note-taker could write as an owner or a repository name, right and wrong: path
/// steps, separators, encodings, and names GitHub allows.
fn name_like() -> impl Strategy<Value = String> {
    // `..` often, so a few cases meet `../..`, the climb out of the output.
    prop_oneof![
        2 => Just("o".to_string()),
        1 => Just("r".to_string()),
        1 => Just("nodejs.org".to_string()),
        6 => Just("..".to_string()),
        1 => Just(".".to_string()),
        1 => Just(".git".to_string()),
        1 => Just("a.git".to_string()),
        1 => Just(String::new()),
        1 => Just("%2e%2e".to_string()),
        1 => Just("-a".to_string()),
        1 => Just("a\\..".to_string()),
        1 => Just("/etc".to_string()),
        1 => Just("C:".to_string()),
        1 => "[a-z0-9._/\\\\%-]{0,6}",
        1 => "[.]{1,4}",
        1 => "[ -~]{0,8}",
    ]
}

/// A reference to `owner/repo` in one of the shapes minutes write, as a minutes line.
fn reference_line() -> impl Strategy<Value = String> {
    (name_like(), name_like(), 0..6u8, 1..99u32).prop_map(|(o, r, shape, n)| match shape {
        0 => format!("* x [#{n}](https://github.com/{o}/{r}/issues/{n})\n"),
        1 => format!("* x {o}/{r}#{n}\n"),
        2 => format!("### {o}/{r}\n\n* x #{n} see https://github.com/{o}/x/pull/1\n"),
        3 => format!("* x <https://github.com/{o}/{r}/pull/{n}>\n"),
        4 => format!("* x {r}#{n}\n"),
        _ => format!("* x github.com/{o}/{r}/discussions/{n}\n"),
    })
}

/// Every entry under `dir`, relative, `/`-separated; symlinks are listed, not followed.
fn entries(dir: &std::path::Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let path = entry.path();
            if let Ok(rel) = path.strip_prefix(dir) {
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                stack.push(path);
            }
        }
    }
    out.sort();
    out
}

proptest! {
    // Each case is a whole build: few cases, each with many references.
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn references_never_write_outside_the_output(
        lines in prop::collection::vec(reference_line(), 1..12),
        alias in prop::option::of((name_like(), name_like(), name_like(), name_like())),
    ) {
        // The output sits four folders down, each of which must hold only the next: a
        // reference that climbs out of the output (`../..`) would leave a file on the way.
        let dir = tempfile::tempdir().expect("tempdir");
        let site = dir.path().join("site");
        let nest = dir.path().join("a/b/c/d");
        let out = nest.join("public");
        std::fs::create_dir_all(site.join("content")).expect("mkdir");
        std::fs::create_dir_all(&nest).expect("mkdir");
        let mut toml = String::from("title = \"T\"\nrepo = \"o/r\"\n");
        if let Some((o1, r1, o2, r2)) = &alias {
            let quote = |s: String| format!("{s:?}");
            toml.push_str(&format!(
                "\n[aliases]\n{} = {}\n",
                quote(format!("{o1}/{r1}")),
                quote(format!("{o2}/{r2}"))
            ));
        }
        std::fs::write(site.join("site.toml"), &toml).expect("write");
        let minutes = format!("# Meeting 2024-01-02\n\n## Agenda\n\n{}", lines.concat());
        std::fs::write(site.join("content/2024-01-02.md"), &minutes).expect("write");
        let before = entries(dir.path());

        // A refused site.toml is an error; either way nothing may land outside the output.
        let _ = wgsite::build(&wgsite::Options {
            root: site.clone(),
            output: Some(out.clone()),
            no_search: true,
            ..wgsite::Options::default()
        });

        let outside: Vec<String> = entries(dir.path())
            .into_iter()
            .filter(|p| !p.starts_with("a/b/c/d/public/") && p != "a/b/c/d/public")
            .filter(|p| !before.contains(p))
            .collect();
        prop_assert!(outside.is_empty(), "written outside the output: {:?}\n{}", outside, minutes);
        if out.exists() {
            let root = out.canonicalize().expect("canonical output");
            for rel in entries(&out) {
                let path = out.join(&rel);
                prop_assert!(
                    !path.symlink_metadata().expect("metadata").file_type().is_symlink(),
                    "{} is a symlink", rel
                );
                let real = path.canonicalize().expect("canonical");
                prop_assert!(real.starts_with(&root), "{} is outside the output", rel);
                prop_assert!(
                    rel.split('/').all(|s| !s.is_empty() && s != "." && s != ".."),
                    "{} is no plain path", rel
                );
            }
        }
    }
}

/// A test per pathological shape ([`wgsite::fuzzing::PATHOLOGICAL`]): 1 MB of it parses and
/// links well within a limit quadratic code could not meet (a 200 KB line of `[` once took
/// 19 s; 1 MB of any shape takes a few seconds in a debug build). How long each takes is in
/// docs/performance.md, not here.
macro_rules! linear_on {
    ($($test:ident: $shape:literal,)*) => {$(
        #[test]
        fn $test() {
            assert!(wgsite::fuzzing::PATHOLOGICAL.contains(&$shape), $shape);
            let text = wgsite::fuzzing::pathological($shape, 1 << 20);
            let start = std::time::Instant::now();
            std::hint::black_box(wgsite::fuzzing::parse_and_link(text));
            let took = start.elapsed();
            assert!(took < std::time::Duration::from_secs(30), "{}: {took:?}", $shape);
        }
    )*};
}

linear_on! {
    linear_on_a_line_of_brackets: "brackets",
    linear_on_lines_of_indented_brackets: "indented-brackets",
    linear_on_a_line_of_angle_brackets: "angles",
    linear_on_a_line_of_backticks: "backticks",
    linear_on_a_line_of_stars: "stars",
    linear_on_a_line_of_link_openers: "link-openers",
    linear_on_a_line_of_image_openers: "bang-brackets",
    linear_on_lists_nested_on_one_line: "nested-lists",
    linear_on_quotes_nested_on_one_line: "nested-quotes",
    linear_on_lists_indented_deeper_each_line: "indented-lists",
    linear_on_a_line_of_hashes: "hashes",
    linear_on_a_line_of_short_references: "hash-numbers",
    linear_on_a_line_of_underscores: "underscores",
    linear_on_a_line_of_action_items: "action-sentences",
    linear_on_a_paragraph_of_action_items: "action-lines",
}

#[test]
fn every_pathological_shape_has_its_test() {
    let source = include_str!("robustness.rs");
    for shape in wgsite::fuzzing::PATHOLOGICAL {
        assert!(
            source.contains(&format!(": \"{shape}\",")),
            "{shape} has no test"
        );
    }
}

use super::*;

fn render(md: &str, allow_html: bool) -> String {
    let anchors = HashMap::from([(1usize, "item-x".to_string())]);
    let href = |r: &IssueRef| {
        (r.number == 898).then(|| "../../issues/nodejs/security-wg/898/".to_string())
    };
    let opts = RenderOptions {
        allow_html,
        resolver: Resolver {
            aliases: None,
            default_repo: crate::model::parse_repo_path("nodejs/security-wg").ok(),
        },
        issue_href: &href,
        anchors: &anchors,
        highlighter: None,
    };
    to_html(md, &opts)
}

#[test]
fn script_destinations_are_shown_as_written_not_linked() {
    for allow_html in [false, true] {
        for md in [
            "[x](javascript:alert(1))",
            "<javascript:alert(2)>",
            "[e](&#106;avascript:alert(3))",
            "[j](JaVaScRiPt:alert(4))",
            "[v](vbscript:msgbox(5))",
            "[d](data:text/html,<script>alert(6)</script>)",
            "![i](javascript:alert(7))",
            "[r][def]\n\n[def]: javascript:alert(8)",
            "[![i](javascript:alert(9))](https://example.org/)",
            "[t](java\tscript:alert(10))",
        ] {
            let html = render(md, allow_html);
            assert!(
                !html.contains("href=\"java") && !html.contains("src=\"java"),
                "{md}: {html}"
            );
            assert!(!html.contains("vbscript:msgbox(5)\""), "{md}: {html}");
            assert!(!html.contains("href=\"data:"), "{md}: {html}");
            assert!(
                html.contains("alert(") || html.contains("msgbox(") || md.contains("[def]"),
                "{md} is shown: {html}"
            );
        }
    }
    // The outer link of a refused image stays a link.
    let nested = render("[![i](javascript:alert(9))](https://example.org/)", false);
    assert!(
        nested.contains("<a href=\"https://example.org/\">"),
        "{nested}"
    );
    assert_eq!(
        render("[ok](https://example.org/) [m](mailto:a@example.org) [r](../x/)", false),
        "<p id=\"item-x\"><a href=\"https://example.org/\">ok</a> <a href=\"mailto:a@example.org\">m</a> <a href=\"../x/\">r</a></p>\n"
    );
}

#[test]
fn escapes_the_five_special_characters_in_short_and_long_text() {
    assert_eq!(escape_html(r#"a<b>&"c'"#), "a&lt;b&gt;&amp;&quot;c&#39;");
    // Longer than one 16-byte block, specials on both sides of the boundary.
    let long = "plain text here<&>then 'more' \"quoted\" text, é and ✓ & done";
    let mut out = String::from("kept:");
    escape_into(&mut out, long);
    assert_eq!(
        out,
        "kept:plain text here&lt;&amp;&gt;then &#39;more&#39; &quot;quoted&quot; text, é and ✓ &amp; done"
    );
    assert_eq!(escape_html(""), "");
}

#[test]
fn only_text_with_a_hash_or_a_github_address_may_hold_a_reference() {
    assert!(may_reference("see #12"));
    assert!(may_reference("on GitHub.com/nodejs/node/issues/1"));
    assert!(may_reference("gg github"));
    assert!(!may_reference("plain words, a git hub and a gift"));
    assert!(!may_reference("githu"));
    assert!(!may_reference(""));
}

#[test]
fn links_issue_references_to_their_pages() {
    let html = render(
        "* Roadmap [#898](https://github.com/nodejs/security-wg/issues/898)\n",
        false,
    );
    assert!(html.contains("<li id=\"item-x\">"), "{html}");
    assert!(
        html.contains("href=\"https://github.com/nodejs/security-wg/issues/898\""),
        "{html}"
    );
    assert!(
        html.contains("href=\"../../issues/nodejs/security-wg/898/\""),
        "{html}"
    );
    let html = render("see #898 and #5\n", false);
    assert!(
        html.contains("class=\"issue-ref\" href=\"../../issues/nodejs/security-wg/898/\""),
        "{html}"
    );
    assert!(
        html.contains("href=\"https://github.com/nodejs/security-wg/issues/5\""),
        "{html}"
    );
}

#[test]
fn shows_raw_html_as_text_and_drops_comments() {
    let html = render(
        "Recording: <Not recorded>\n\n<!-- absent:\n* Someone\n-->\n<script>alert(1)</script>\n",
        false,
    );
    assert!(html.contains("&lt;Not recorded&gt;"), "{html}");
    assert!(!html.contains("Someone"), "{html}");
    assert!(!html.contains("<script>"), "{html}");
    let html = render("<b>bold</b> <!-- x -->\n", true);
    assert!(
        html.contains("<b>bold</b>") && !html.contains("x -->"),
        "{html}"
    );
}

#[test]
fn comments_are_cut_from_the_markdown_but_not_from_code() {
    assert_eq!(
        without_comments("a <!-- hidden --> b\n\n<!-- absent:\n* Someone\n-->\nend\n"),
        "a  b\n\nend\n"
    );
    assert_eq!(
        without_comments("`<!-- code -->` and\n```\n<!-- fenced -->\n```\n"),
        "`<!-- code -->` and\n```\n<!-- fenced -->\n```\n"
    );
    assert!(matches!(
        without_comments("plain"),
        std::borrow::Cow::Borrowed(_)
    ));
}

#[test]
fn autolinks_bare_urls_without_trailing_punctuation() {
    assert_eq!(
        autolink("see https://nodejs.org/en. ok"),
        "see <a href=\"https://nodejs.org/en\">https://nodejs.org/en</a>. ok"
    );
}

#[test]
fn highlights_fenced_code() {
    let html = render("```js\nconst a = 1;\n```\n", false);
    assert!(
        html.contains("<pre class=\"hl\"><code class=\"language-js\">"),
        "{html}"
    );
}

/// The fast path for plain text runs must change nothing: whatever it passes through as
/// it is, the full path (linking and escaping) returns unchanged too, and text with
/// anything to link or escape never takes it.
#[test]
fn plain_text_runs_are_their_own_html() {
    let href = |_: &IssueRef| Some("../../issues/x/".to_string());
    let anchors = HashMap::new();
    let opts = RenderOptions {
        allow_html: false,
        resolver: Resolver {
            aliases: None,
            default_repo: crate::model::parse_repo_path("nodejs/node").ok(),
        },
        issue_href: &href,
        anchors: &anchors,
        highlighter: None,
    };
    let plain = [
        "The team agreed to ship it next week",
        "Café, naïve résumé: 日本語 text",
        "nodejs/node issue 12 (no hash)",
        "",
    ];
    for text in plain {
        assert!(is_plain(text), "{text:?}");
        assert_eq!(link_text(text, &opts.resolver, &opts), text);
    }
    let not_plain = [
        "see #12",
        "nodejs/node#12",
        "GitHub issue 12",
        "https://example.com/x",
        "a < b",
        "Tom & Jerry",
        "don't",
        "say \"hi\"",
    ];
    for text in not_plain {
        assert!(!is_plain(text), "{text:?}");
    }
    // Every string made of the characters that matter either takes the fast path and comes
    // out unchanged, or does not take it.
    let alphabet = [
        'a', ' ', '#', '1', 'h', 't', 'p', ':', '/', '&', '<', '\'', 'G', 'é',
    ];
    let mut text = String::new();
    for seed in 0u64..20_000 {
        text.clear();
        let mut x = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        for _ in 0..(seed % 12) {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            text.push(alphabet[(x >> 33) as usize % alphabet.len()]);
        }
        if is_plain(&text) {
            assert_eq!(link_text(&text, &opts.resolver, &opts), text, "{text:?}");
        }
    }
}

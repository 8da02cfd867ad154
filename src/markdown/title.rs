//! Titles (of agenda items, issues and meetings) as every page, feed and search result shows
//! them: plain text but for code spans, which become `<code>`, as GitHub renders issue
//! titles. Nothing else is markup in a title: `__proto__`, `*` and `#` are what they say, and
//! the parser has already undone the title's backslash escapes.

use super::escape_into;

/// The title as HTML: escaped, its code spans (`` `x` ``, ``` `` a`b `` ```) as `<code>`.
pub fn title_html(title: &str) -> String {
    let mut out = String::with_capacity(title.len() + 16);
    let mut rest = title;
    while let Some((before, code, after)) = next_code_span(rest) {
        escape_into(&mut out, before);
        out.push_str("<code>");
        escape_into(&mut out, code);
        out.push_str("</code>");
        rest = after;
    }
    escape_into(&mut out, rest);
    out
}

/// The title's words: code spans without their backticks (search records index these, and
/// the excerpts Pagefind makes from them cannot hold markup).
pub fn title_text(title: &str) -> String {
    let mut out = String::with_capacity(title.len());
    let mut rest = title;
    while let Some((before, code, after)) = next_code_span(rest) {
        out.push_str(before);
        out.push_str(code);
        rest = after;
    }
    out.push_str(rest);
    out
}

/// The first code span of `text`: what comes before it, its content and what comes after. A
/// run of backticks opens a span that the next run of the same length closes; a run with no
/// match is text. One space is stripped from each end of content that has non-spaces and
/// starts and ends with a space (CommonMark's rule, so `` `` `x` `` `` shows `` `x` ``).
fn next_code_span(text: &str) -> Option<(&str, &str, &str)> {
    let mut from = 0;
    while let Some(open) = text.get(from..)?.find('`').map(|i| i + from) {
        let run = run_length(text, open);
        let body_start = open + run;
        let mut search = body_start;
        while let Some(close) = text.get(search..)?.find('`').map(|i| i + search) {
            let closing = run_length(text, close);
            if closing == run {
                let mut code = text.get(body_start..close)?;
                if code.len() >= 2
                    && code.starts_with(' ')
                    && code.ends_with(' ')
                    && code.trim() != ""
                {
                    code = &code[1..code.len() - 1];
                }
                return Some((text.get(..open)?, code, text.get(close + closing..)?));
            }
            search = close + closing;
        }
        // No run of this length closes it: the backticks are text.
        from = body_start;
    }
    None
}

/// How many backticks start at byte `at`.
fn run_length(text: &str, at: usize) -> usize {
    text.get(at..)
        .map_or(0, |t| t.bytes().take_while(|&b| b == b'`').count())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_spans_become_code_and_everything_else_is_escaped_text() {
        assert_eq!(
            title_html("Building `create-pkg` & <friends>"),
            "Building <code>create-pkg</code> &amp; &lt;friends&gt;"
        );
        assert_eq!(
            title_html("`a` and `b<c>`"),
            "<code>a</code> and <code>b&lt;c&gt;</code>"
        );
        // Not markup in a title: emphasis, headings, lists, links.
        assert_eq!(
            title_html("__proto__ *x* # 1. [a](b)"),
            "__proto__ *x* # 1. [a](b)"
        );
        assert_eq!(title_html("plain"), "plain");
    }

    #[test]
    fn backtick_runs_close_only_on_runs_of_their_length() {
        assert_eq!(
            title_html("``a`b`` c"),
            "<code>a`b</code> c",
            "a longer run holds a backtick"
        );
        assert_eq!(title_html("`` `x` ``"), "<code>`x`</code>");
        assert_eq!(title_html("it`s `ok"), "it<code>s </code>ok");
        assert_eq!(title_html("one ` tick"), "one ` tick", "unclosed");
        assert_eq!(title_html("``` x `"), "``` x `");
        assert_eq!(title_html("` `"), "<code> </code>", "only spaces: kept");
        assert_eq!(title_html("é`ü`"), "é<code>ü</code>");
    }

    proptest::proptest! {
        #[test]
        fn the_html_form_reads_as_the_text_form(title in "[a-z `<&\\\"]{0,24}") {
            let html = title_html(&title)
                .replace("<code>", "")
                .replace("</code>", "")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&amp;", "&");
            proptest::prop_assert_eq!(html, title_text(&title));
        }
    }

    #[test]
    fn the_text_form_drops_the_backticks_of_code_spans_only() {
        assert_eq!(title_text("Use `fs.cp` now"), "Use fs.cp now");
        assert_eq!(title_text("one ` tick"), "one ` tick");
    }
}

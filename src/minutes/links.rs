//! Link and image destinations in minutes that pages will not link to (`javascript:`, `data:`,
//! … — see [`crate::safe_url`]): the renderer shows them as text, and this finds them for a
//! warning at their line and column.

use crate::diag::Diagnostic;
use pulldown_cmark::{Event, Parser, Tag};

/// The code of the warning.
pub const REFUSED_LINK: &str = "refused-link";

/// A warning for each link or image in `body` whose destination is refused. `first_line` is the
/// file line of the body's first line.
pub fn refused(body: &str, path: &str, first_line: usize) -> Vec<Diagnostic> {
    refused_destinations(body)
        .into_iter()
        .map(|(at, dest)| {
            let (line, col) = crate::diag::line_col(body, at);
            Diagnostic::warning(
                path,
                first_line + line - 1,
                col,
                REFUSED_LINK,
                format!("{}, and is shown as text", describe(&dest)),
            )
            .with_help("links may go to http, https and mailto addresses, and within the site")
        })
        .collect()
}

/// Each link or image in `body` whose destination is refused: where it starts, and the
/// destination (references decoded, as markdown reads it).
pub fn refused_destinations(body: &str) -> Vec<(usize, String)> {
    if !may_refuse(body) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (event, range) in Parser::new_ext(body, crate::markdown::options()).into_offset_iter() {
        if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = event {
            if !crate::safe_url::is_allowed(&dest_url) {
                out.push((range.start, dest_url.into_string()));
            }
        }
    }
    out
}

/// "a `javascript:` link is not followed: "javascript:alert(1)"", the destination cut short.
pub fn describe(dest: &str) -> String {
    let scheme = crate::safe_url::scheme(dest).unwrap_or_default();
    let mut shown: String = dest.chars().take(60).collect();
    if shown.len() < dest.len() {
        shown.push('…');
    }
    format!("a `{scheme}:` link is not followed ({shown:?})")
}

/// Whether `body` may hold a refused destination: a colon ending a would-be scheme that is
/// not `http`, `https` or `mailto`, right after what opens a destination (`(`, `<`, the `:` of
/// a reference definition), or a character reference that could spell one. Most files have
/// none and are not parsed again; a file this lets through is only parsed, never judged by it.
fn may_refuse(body: &str) -> bool {
    let bytes = body.as_bytes();
    if crate::find::contains(body, "&#") || contains_ignore_case(bytes, b"&colon") {
        return true;
    }
    // Each backward walk stops at the previous colon at the latest: linear in the body.
    memchr::memchr_iter(b':', bytes).any(|colon| {
        let mut start = colon;
        while start > 0 {
            let b = bytes[start - 1];
            if b.is_ascii_alphanumeric()
                || matches!(b, b'+' | b'-' | b'.')
                || b.is_ascii_whitespace()
                || b.is_ascii_control()
                || !b.is_ascii()
            {
                start -= 1;
            } else {
                break;
            }
        }
        // A space after the colon ends a destination unless it is in angle brackets: `(note:
        // soon)` in prose is none.
        let open = start.checked_sub(1).map(|b| bytes[b]);
        let spaced = bytes.get(colon + 1).is_none_or(u8::is_ascii_whitespace);
        let opens = match open {
            Some(b'<') => true,
            Some(b'(' | b':') => !spaced,
            _ => false,
        };
        let word: Vec<u8> = bytes[start..colon]
            .iter()
            .filter(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
            .map(u8::to_ascii_lowercase)
            .collect();
        opens && !matches!(word.as_slice(), b"http" | b"https" | b"mailto" | b"")
    })
}

fn contains_ignore_case(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn warnings(body: &str) -> Vec<(usize, usize)> {
        refused(body, "x.md", 3)
            .iter()
            .map(|d| (d.line, d.col))
            .collect()
    }

    #[test]
    fn every_refused_destination_is_found_where_it_is() {
        let body = "# T\n\n* a [x](javascript:alert(1)) b\n* <vbscript:x>\n\
                    * ![i](data:text/html,x)\n* [e](&#106;avascript:x)\n\
                    * [r][d]\n\n[d]: JAVASCRIPT:x\n";
        assert_eq!(warnings(body), [(5, 5), (6, 3), (7, 3), (8, 3), (9, 3)]);
        let d = &refused(body, "x.md", 1)[0];
        assert_eq!(d.code, REFUSED_LINK);
        assert!(d.message.contains("`javascript:`"), "{}", d.message);
    }

    #[test]
    fn web_links_and_colons_in_prose_are_not_parsed_again() {
        for body in [
            "Action: do it (note: soon) [x](https://a.org) <https://b.org> [m](mailto:a@b.org)\n",
            "[d]: https://a.org\n",
            "time 10:30, ratio 1:2\n",
        ] {
            assert!(!may_refuse(body), "{body}");
        }
        assert!(may_refuse("[x]( java\tscript:y)"));
        assert!(may_refuse("[x](<javascript: y>)"));
        assert!(may_refuse("[x](java\u{200B}script:y)"));
        assert!(
            warnings("`[x](javascript:y)`\n\n    [x](javascript:y)\n").is_empty(),
            "code"
        );
    }
}

//! Which link destinations may become an `href` or a `src`: `http:`, `https:`, `mailto:`, and
//! URLs with no scheme (relative paths, `//host/…`, `?query`, `#fragment`). Anything else
//! (`javascript:`, `vbscript:`, `data:`, `file:`, …) could run script or reach the reader's disk
//! when clicked, so minutes show it as text and `site.toml` refuses it.
//!
//! The scheme is read as a browser reads it (the WHATWG URL parser): character references
//! decoded (`&#106;avascript:`), tabs and newlines anywhere dropped (`java\tscript:`), leading
//! spaces and control characters dropped, and the scheme compared without case
//! (`JaVaScRiPt:`); spaces inside are dropped too, which refuses a little more than a browser
//! would (`a b:c`). What the browser would not take as a scheme is a relative URL: a colon
//! after a character no scheme has (`%6Aavascript:alert(1)`), or after a `/`, `?` or `#`, names
//! a path on this site, which runs nothing.

/// The schemes a destination may have.
const ALLOWED: [&str; 3] = ["http", "https", "mailto"];

/// Whether `dest` may be a link's `href` (or an image's `src`).
pub fn is_allowed(dest: &str) -> bool {
    match scheme(dest) {
        None => true,
        Some(s) => ALLOWED.iter().any(|a| s.eq_ignore_ascii_case(a)),
    }
}

/// The scheme a browser would read in `dest`, lower-case, or `None` for a relative URL.
pub fn scheme(dest: &str) -> Option<String> {
    let decoded = decode_references(dest);
    // Tabs and newlines are dropped anywhere; spaces and control characters at the start.
    // Whitespace and control characters are dropped everywhere here: stricter, and what is
    // left of a real scheme is the same.
    let mut out = String::new();
    for c in decoded.chars() {
        if c.is_whitespace() || c.is_control() || is_invisible(c) {
            continue;
        }
        if c == ':' {
            return (!out.is_empty()).then(|| out.to_ascii_lowercase());
        }
        // A scheme is a letter, then letters, digits, `+`, `-` and `.`; anything else before
        // the first colon makes the URL relative.
        let ok = match out.is_empty() {
            true => c.is_ascii_alphabetic(),
            false => c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'),
        };
        if !ok {
            return None;
        }
        out.push(c);
    }
    None
}

/// Zero-width and formatting characters some browsers or copy-paste paths drop.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}' | '\u{2060}'..='\u{2064}'
            | '\u{FEFF}'
    )
}

/// `dest` with HTML character references decoded — numeric ones (`&#106;`, `&#x6A`, with or
/// without the `;`) and the named ones that can spell a scheme's punctuation (`&colon;`,
/// `&Tab;`, `&NewLine;`) — repeated, so `&amp;#106;` is decoded too. Text that an attribute
/// (or markdown) decodes once is checked as the most decoded it could become.
fn decode_references(dest: &str) -> String {
    let mut text = dest.to_string();
    // Each round shortens the text or leaves it alone; a few rounds reach the end.
    for _ in 0..4 {
        if !text.contains('&') {
            break;
        }
        let next = decode_once(&text);
        if next == text {
            break;
        }
        text = next;
    }
    text
}

fn decode_once(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        match reference(after) {
            Some((c, used)) => {
                out.push(c);
                rest = &after[used..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The character a reference after `&` stands for, and the bytes it used (with any `;`).
fn reference(after: &str) -> Option<(char, usize)> {
    if let Some(num) = after.strip_prefix('#') {
        let (digits, radix, skip) = match num.strip_prefix(['x', 'X']) {
            Some(hex) => (hex, 16, 2),
            None => (num, 10, 1),
        };
        let len = digits.chars().take_while(|c| c.is_digit(radix)).count();
        if len == 0 {
            return None;
        }
        // Leading zeros are allowed; anything past a char's range is U+FFFD, as browsers do.
        let significant = digits.get(..len)?.trim_start_matches('0');
        let value = match significant.len() {
            0 => 0,
            1..=8 => u32::from_str_radix(significant, radix).unwrap_or(0xFFFD),
            _ => 0xFFFD,
        };
        let c = char::from_u32(value).unwrap_or('\u{FFFD}');
        let semi = usize::from(digits[len..].starts_with(';'));
        return Some((c, skip + len + semi));
    }
    const NAMED: [(&str, char); 6] = [
        ("colon", ':'),
        ("tab", '\t'),
        ("newline", '\n'),
        ("nbsp", '\u{A0}'),
        ("amp", '&'),
        ("sol", '/'),
    ];
    let name_len = after
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .count();
    let name = after.get(..name_len)?;
    let (_, c) = NAMED.iter().find(|(n, _)| n.eq_ignore_ascii_case(name))?;
    let semi = usize::from(after[name_len..].starts_with(';'));
    Some((*c, name_len + semi))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_and_mail_addresses_and_relative_urls_are_allowed() {
        for ok in [
            "https://example.org/x",
            "HTTP://example.org",
            "mailto:wg@example.org",
            "/issues/o/r/1/",
            "../x/",
            "x.html",
            "#item-1",
            "?q=1",
            "//example.org/x",
            "",
            "%6Aavascript:alert(1)",
            "./javascript:alert(1)",
            "/javascript:alert(1)",
            "#javascript:alert(1)",
            "\\javascript:alert(1)",
        ] {
            assert!(is_allowed(ok), "{ok:?}");
        }
    }

    #[test]
    fn every_spelling_of_a_script_scheme_is_refused() {
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            " \u{1}javascript:alert(1)",
            "&#106;avascript:alert(1)",
            "&#x6A;avascript:alert(1)",
            "&#0000106avascript:alert(1)",
            "&#000000000106;avascript:alert(1)",
            "javascript&colon;alert(1)",
            "java&Tab;script:alert(1)",
            "&amp;#106;avascript:alert(1)",
            "java\u{200B}script:alert(1)",
            "vbscript:msgbox(1)",
            "data:text/html,<script>alert(1)</script>",
            "data:image/svg+xml;base64,PHN2Zz4=",
            "file:///etc/passwd",
            "blob:https://example.org/x",
            "livescript:x",
            "x-unknown+scheme.1:y",
        ] {
            assert!(!is_allowed(bad), "{bad:?}");
        }
        assert_eq!(scheme("&#106;avascript:x").as_deref(), Some("javascript"));
        assert_eq!(
            scheme("&#xFFFFFFFFF;x:y"),
            None,
            "a huge reference is no letter"
        );
    }
}

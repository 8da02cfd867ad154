//! Request paths → site files, purely: [`resolve`] turns a request path into the key of a file
//! of the in-memory site (or nothing, for anything malformed or trying to leave the site), and
//! [`content_type`] names a file's type from its name.

pub const HTML: &str = "text/html; charset=utf-8";
pub const JS: &str = "text/javascript; charset=utf-8";
pub const JSON: &str = "application/json";

/// The Content-Type of a site file, from its name.
pub fn content_type(key: &str) -> &'static str {
    let name = key.rsplit('/').next().unwrap_or(key);
    let extension = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" => HTML,
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => JS,
        "json" => JSON,
        "xml" => "application/xml; charset=utf-8",
        "svg" => "image/svg+xml",
        "wasm" => "application/wasm",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "txt" => "text/plain; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        // Pagefind's index files (`.pf_meta`, `.pf_index`, `.pf_fragment`, `.pf_filter`) are
        // gzipped binary that its script unpacks itself.
        _ => "application/octet-stream",
    }
}

/// The site file a request path names, relative to the site's root and `/`-separated, keeping a
/// trailing `/` for folders (`""` for the site's root). `None` when the path lies outside
/// `base_path` or is malformed: not starting with `/`, a backslash or an encoded `/`, `\` or
/// control character, a bad `%` escape, an empty, `.` or `..` segment — encoded or not.
pub fn resolve(request_path: &str, base_path: &str) -> Option<String> {
    let path = request_path.split(['?', '#']).next().unwrap_or("");
    if !path.starts_with('/') || path.contains('\\') {
        return None;
    }
    let decoded = percent_decode(path)?;
    let rest = decoded.strip_prefix(base_path)?;
    let segments: Vec<&str> = rest.split('/').collect();
    let last = segments.len() - 1;
    for (i, segment) in segments.iter().enumerate() {
        if (segment.is_empty() && i != last) || *segment == "." || *segment == ".." {
            return None;
        }
    }
    Some(rest.to_string())
}

/// Decodes `%XX` escapes; `None` for a bad escape, an escaped `/` or `\`, a control character,
/// or bytes that are not UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            let decoded = u8::from_str_radix(hex, 16).ok()?;
            if matches!(decoded, b'/' | b'\\') {
                return None;
            }
            out.push(decoded);
            i += 3;
        } else {
            out.push(b);
            i += 1;
        }
    }
    let text = String::from_utf8(out).ok()?;
    (!text.chars().any(char::is_control)).then_some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_pages_under_the_base_path() {
        assert_eq!(resolve("/wg/", "/wg/").as_deref(), Some(""));
        assert_eq!(
            resolve("/wg/meetings/2024-01-11/", "/wg/").as_deref(),
            Some("meetings/2024-01-11/")
        );
        assert_eq!(
            resolve("/wg/style.css?v=3", "/wg/").as_deref(),
            Some("style.css")
        );
        assert_eq!(
            resolve("/wg/pagefind/fragment/en_1a2b.pf_fragment", "/wg/").as_deref(),
            Some("pagefind/fragment/en_1a2b.pf_fragment")
        );
        assert_eq!(resolve("/feed.xml", "/").as_deref(), Some("feed.xml"));
        assert_eq!(
            resolve("/wg/people/ren%C3%A9/", "/wg/").as_deref(),
            Some("people/rené/")
        );
        assert_eq!(
            resolve("/wg/a%20b.html", "/wg/").as_deref(),
            Some("a b.html")
        );
    }

    #[test]
    fn paths_outside_the_base_path_resolve_to_nothing() {
        assert_eq!(resolve("/", "/wg/"), None);
        assert_eq!(resolve("/wg", "/wg/"), None);
        assert_eq!(resolve("/other/index.html", "/wg/"), None);
        assert_eq!(resolve("/wgx/", "/wg/"), None);
    }

    #[test]
    fn every_traversal_attempt_resolves_to_nothing() {
        for attempt in [
            "/../Cargo.toml",
            "/wg/../Cargo.toml",
            "/wg/../../etc/passwd",
            "/wg/meetings/../../Cargo.toml",
            "/wg/..",
            "/wg/./index.html",
            "/wg/%2e%2e/Cargo.toml",
            "/wg/%2E%2E/%2e%2E/etc/passwd",
            "/wg/.%2e/Cargo.toml",
            "/%2e%2e/",
            "/wg/%2f",
            "/wg/%2F..%2F..%2Fetc%2Fpasswd",
            "/wg/..%2f..%2fsite.toml",
            "/wg/..%5c..%5csite.toml",
            "/wg/%5c",
            "/wg/..\\..\\site.toml",
            "\\",
            "/wg\\..\\site.toml",
            "//etc/passwd",
            "/wg//etc/passwd",
            "/wg/meetings//",
            "C:\\Windows\\win.ini",
            "C:/Windows/win.ini",
            "etc/passwd",
            "",
            "*",
            "http://example.org/wg/index.html",
            "/wg/%00",
            "/wg/index.html%00.css",
            "/wg/%0a",
            "/wg/%",
            "/wg/%2",
            "/wg/%zz",
            "/wg/%c3%28",
        ] {
            assert_eq!(resolve(attempt, "/wg/"), None, "{attempt:?}");
        }
        for attempt in [
            "/../site.toml",
            "/%2e%2e/site.toml",
            "//site.toml",
            "/.git/config/.",
        ] {
            assert_eq!(resolve(attempt, "/"), None, "{attempt:?}");
        }
    }

    #[test]
    fn double_encoding_stays_a_literal_name() {
        // `%252e%252e` decodes once, to the harmless name `%2e%2e` (which no site has).
        assert_eq!(
            resolve("/wg/%252e%252e/x", "/wg/").as_deref(),
            Some("%2e%2e/x")
        );
    }

    #[test]
    fn content_types_follow_the_extension() {
        assert_eq!(content_type("index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("style.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("pagefind/pagefind.js"), JS);
        assert_eq!(content_type("data/issues.json"), "application/json");
        assert_eq!(content_type("feed.xml"), "application/xml; charset=utf-8");
        assert_eq!(content_type("favicon.svg"), "image/svg+xml");
        assert_eq!(
            content_type("pagefind/wasm.en.pagefind"),
            "application/octet-stream"
        );
        assert_eq!(content_type("pagefind/pagefind.x.wasm"), "application/wasm");
        assert_eq!(content_type("logo.PNG"), "image/png");
        assert_eq!(content_type("robots.txt"), "text/plain; charset=utf-8");
        for pf in [
            "a.pf_meta",
            "index/a.pf_index",
            "fragment/a.pf_fragment",
            "filter/a.pf_filter",
        ] {
            assert_eq!(
                content_type(&format!("pagefind/{pf}")),
                "application/octet-stream"
            );
        }
        assert_eq!(content_type(".nojekyll"), "application/octet-stream");
        assert_eq!(content_type("CNAME"), "application/octet-stream");
    }
}

//! Internal link check: the rendered [`OutputFile`]s and the site's [`Config`] → one
//! `broken-link` error [`Diagnostic`] per `href`/`src` in an HTML page that resolves to no
//! produced file, or whose `#fragment` names no `id` in its target. Pure: nothing is fetched,
//! external links (`https:`, `mailto:`, `//host`) are skipped.
//!
//! Pages are read with a standard HTML tokenizer ([`scan`]). Relative URLs resolve against the
//! page's own path, or its `<base href>` when it has one, as a browser resolves them; absolute
//! paths (`/wg/style.css`, as the 404 page uses) and absolute URLs under `base_url` (canonical
//! links) must lie under the base path. A folder URL (`issues/`) means its `index.html`.

use crate::config::Config;
use crate::diag::{line_col, Diagnostic};
use crate::output::OutputFile;
use crate::paths;
use rayon::prelude::*;
use scan::{scan, Scan};
use std::collections::{BTreeMap, HashMap, HashSet};

/// One link target that is broken on many pages (a template's link) is reported on this many
/// pages, the last one saying how many more there are.
pub const MAX_PAGES_PER_TARGET: usize = 5;

mod scan;

/// A broken link found on a page.
struct Broken<'a> {
    page: &'a str,
    href: String,
    offset: usize,
    /// What is missing (a file or `file#id`), to group one template's link across pages.
    target: String,
    reason: String,
}

/// Checks every internal link of every `.html` file in `files`.
pub fn check(files: &[OutputFile], config: &Config) -> Vec<Diagnostic> {
    let produced: HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let scans: HashMap<&str, (Scan, &str)> = files
        .par_iter()
        .filter(|f| f.path.ends_with(".html"))
        .map(|f| {
            let html = std::str::from_utf8(&f.bytes).unwrap_or("");
            (f.path.as_str(), (scan(html), html))
        })
        .collect();
    let mut broken = Vec::new();
    for (page, (scan, _)) in &scans {
        // What relative links resolve against: the page, or its `<base href>`.
        let from = match &scan.base {
            None => Some(page.to_string()),
            Some(base) => base_of(page, base, config),
        };
        let Some(from) = from else {
            continue; // a base outside the site: every relative link leaves it
        };
        let mut seen = HashSet::new();
        for (href, offset) in &scan.links {
            if !seen.insert(href.as_str()) {
                continue;
            }
            if let Err((target, reason)) = resolve_link(&from, href, config, &produced, &scans) {
                broken.push(Broken {
                    page,
                    href: href.clone(),
                    offset: *offset,
                    target,
                    reason,
                });
            }
        }
    }
    broken.sort_by(|a, b| (a.page, a.offset).cmp(&(b.page, b.offset)));
    let mut by_target: BTreeMap<&str, Vec<&Broken>> = BTreeMap::new();
    for b in &broken {
        by_target.entry(b.target.as_str()).or_default().push(b);
    }
    let mut diags = Vec::new();
    for list in by_target.values() {
        let shown = list.len().min(MAX_PAGES_PER_TARGET);
        for (i, b) in list.iter().take(shown).enumerate() {
            let html = scans.get(b.page).map_or("", |s| s.1);
            let (line, col) = line_col(html, b.offset);
            let mut message = format!("broken link to {} ({})", b.href, b.reason);
            if i + 1 == shown && list.len() > shown {
                message.push_str(&format!(
                    "; {} more pages have this link",
                    list.len() - shown
                ));
            }
            diags.push(Diagnostic::error(b.page, line, col, "broken-link", message));
        }
    }
    diags.sort();
    diags
}

/// The site path that relative links of `page` resolve against when it has `<base href=base>`;
/// `None` when the base lies outside the site.
fn base_of(page: &str, base: &str, config: &Config) -> Option<String> {
    let url = internal_part(base.trim(), config)?;
    let path = url.split(['#', '?']).next().unwrap_or("");
    let site_path = match path.strip_prefix('/') {
        Some(abs) => abs
            .strip_prefix(config.base_path.trim_start_matches('/'))?
            .to_string(),
        None => format!("{}{path}", page.rfind('/').map_or("", |i| &page[..=i])),
    };
    normalise(&site_path)
}

/// `Ok` when `href`, on a page whose relative links resolve against the site path `page`,
/// reaches a produced file (and its fragment, if any); else what is missing and why.
fn resolve_link(
    page: &str,
    href: &str,
    config: &Config,
    produced: &HashSet<&str>,
    scans: &HashMap<&str, (Scan, &str)>,
) -> Result<(), (String, String)> {
    let href = href.trim();
    let Some(url) = internal_part(href, config) else {
        return Ok(());
    };
    let (rest, fragment) = url.split_once('#').unwrap_or((url, ""));
    let path = rest.split('?').next().unwrap_or("");
    let target = {
        let site_path = if path.is_empty() {
            // `#id` or `?query`: the page itself (or what its `<base>` names).
            page.to_string()
        } else if let Some(abs) = path.strip_prefix('/') {
            let base = config.base_path.trim_start_matches('/');
            match abs.strip_prefix(base) {
                Some(p) => p.to_string(),
                None => {
                    let why = format!("outside the site's base path {}", config.base_path);
                    return Err((path.to_string(), why));
                }
            }
        } else {
            let dir = page.rfind('/').map_or("", |i| &page[..=i]);
            format!("{dir}{path}")
        };
        let Some(normal) = normalise(&site_path) else {
            return Err((
                path.to_string(),
                "it goes above the site's root".to_string(),
            ));
        };
        find_file(&normal, produced).ok_or_else(|| {
            let shown = paths::page_file(&normal);
            (shown.clone(), format!("the site has no file {shown}"))
        })?
    };
    let fragment = percent_decode(fragment);
    if fragment.is_empty() || fragment == "top" || !target.ends_with(".html") {
        return Ok(());
    }
    match scans.get(target.as_str()) {
        Some((scan, _)) if !scan.ids.contains(&fragment) => Err((
            format!("{target}#{fragment}"),
            format!("{target} has no id=\"{fragment}\""),
        )),
        _ => Ok(()),
    }
}

/// The part of `href` to check, or `None` for an external link. Absolute URLs under an
/// absolute `base_url` become absolute paths, so canonical links are checked too.
fn internal_part<'a>(href: &'a str, config: &Config) -> Option<&'a str> {
    if href.is_empty() || href.starts_with("//") {
        return None;
    }
    let is_absolute_base =
        config.base_url.starts_with("https://") || config.base_url.starts_with("http://");
    if is_absolute_base {
        if let Some(rest) = href.strip_prefix(config.base_url.as_str()) {
            // Keep the base path's trailing `/` so the rest resolves from the root.
            let keep = config.base_url.len() - config.base_path.len();
            return Some(href.get(keep..).unwrap_or(rest));
        }
    }
    if has_scheme(href) {
        return None;
    }
    Some(href)
}

/// `https:`, `mailto:`, `data:`…: letters then `[A-Za-z0-9+.-]*` then `:`, before any `/?#`.
fn has_scheme(href: &str) -> bool {
    let end = href.find(['/', '?', '#']).unwrap_or(href.len());
    let Some((scheme, _)) = href[..end].split_once(':') else {
        return false;
    };
    scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-'))
}

/// Resolves `.` and `..` segments and percent-escapes of a site path; `None` above the root.
/// A trailing `/` (or a last `.`/`..`) is kept: it means a folder.
fn normalise(path: &str) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    let segments: Vec<&str> = path.split('/').collect();
    let last = segments.len().saturating_sub(1);
    let mut folder = false;
    for (i, seg) in segments.into_iter().enumerate() {
        folder = i == last && matches!(seg, "" | "." | "..");
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(percent_decode(s)),
        }
    }
    let mut out = parts.join("/");
    if folder && !out.is_empty() {
        out.push('/');
    }
    Some(out)
}

/// The produced file a normalised site path means: `dir/` → `dir/index.html`; `dir` without
/// the slash is accepted when `dir/index.html` exists (hosts redirect it).
fn find_file(path: &str, produced: &HashSet<&str>) -> Option<String> {
    let candidates = if path.is_empty() || path.ends_with('/') {
        vec![paths::page_file(path)]
    } else {
        vec![path.to_string(), paths::page_file(&format!("{path}/"))]
    };
    candidates
        .into_iter()
        .find(|c| produced.contains(c.as_str()))
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(base_url: &str) -> Config {
        Config::parse(
            &format!("title = \"T\"\nbase_url = {base_url:?}\n"),
            "site.toml",
        )
        .expect("valid config")
    }

    fn page(body: &str) -> String {
        format!("<!DOCTYPE html><html><head><link rel=\"stylesheet\" href=\"STYLE\"></head><body>{body}</body></html>")
    }

    /// A small site: home, a meeting page with an anchor, an issue page, a 404 with absolute
    /// links under `/wg/`.
    fn site(meeting_body: &str) -> Vec<OutputFile> {
        vec![
            OutputFile::new(
                "index.html",
                page("<a href=\"meetings/2024-01-11/\">m</a> <a href='meetings/2024-01-11/#item-1'>i</a> <img src=\"logo.svg\">")
                    .replace("STYLE", "style.css"),
            ),
            OutputFile::new(
                "meetings/2024-01-11/index.html",
                page(meeting_body).replace("STYLE", "../../style.css"),
            ),
            OutputFile::new(
                "issues/o/r/1/index.html",
                page("<h2 id=\"timeline\">t</h2><a href=\"../../../../meetings/2024-01-11/#item-1\">back</a>")
                    .replace("STYLE", "../../../../style.css"),
            ),
            OutputFile::new(
                "404.html",
                page("<a href=\"/wg/\">home</a> <a href=\"/wg/issues/o/r/1/#timeline\">issue</a>")
                    .replace("STYLE", "/wg/style.css"),
            ),
            OutputFile::new("style.css", "body{}"),
            OutputFile::new("logo.svg", "<svg/>"),
        ]
    }

    const GOOD_MEETING: &str = "<h1>Meeting</h1><ul><li id=\"item-1\"><a href=\"#item-1\">#</a> \
        <a href=\"../../issues/o/r/1/\">o/r#1</a> <a href=\"https://github.com/o/r/issues/1\">gh</a> \
        <a href=\"mailto:a@b.c\">mail</a> <a href=\"//cdn.example.org/x.js\">cdn</a> \
        <a href=\"../../\">home</a> <a href=\"../..\">home too</a> <a href=\"./?q=1&amp;r=2\">self</a> \
        <a href=\"https://example.org/wg/issues/o/r/1/\">canonical</a></li></ul>\
        <!-- <a href=\"commented-out/\"> --><script>var s = '<a href=\"in-script/\">';</script>";

    fn messages(diags: &[Diagnostic]) -> Vec<String> {
        diags.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn a_good_site_has_no_broken_links() {
        let diags = check(&site(GOOD_MEETING), &config("https://example.org/wg/"));
        assert_eq!(messages(&diags), Vec::<String>::new());
    }

    #[test]
    fn reports_a_missing_page_with_where_it_is() {
        let body = format!("{GOOD_MEETING}\n<a href=\"../../nowhere/\">x</a>");
        let diags = check(&site(&body), &config("https://example.org/wg/"));
        assert_eq!(
            messages(&diags),
            ["meetings/2024-01-11/index.html:2:10: error: broken link to ../../nowhere/ (the site has no file nowhere/index.html)"]
        );
        assert_eq!(diags[0].code, "broken-link");
    }

    #[test]
    fn reports_a_missing_anchor_here_and_on_another_page() {
        let body = format!(
            "{GOOD_MEETING}<a href=\"#item-2\">x</a><a href=\"../../issues/o/r/1/#nope\">y</a>"
        );
        let diags = check(&site(&body), &config("https://example.org/wg/"));
        let text = messages(&diags).join("\n");
        assert!(
            text.contains(
                "broken link to #item-2 (meetings/2024-01-11/index.html has no id=\"item-2\")"
            ),
            "{text}"
        );
        assert!(text.contains("broken link to ../../issues/o/r/1/#nope (issues/o/r/1/index.html has no id=\"nope\")"), "{text}");
        assert_eq!(diags.len(), 2);
    }

    #[test]
    fn resolves_relative_links_against_the_page() {
        // From the meeting page, `../2024-01-11/` is itself; `../../../x` leaves the site.
        let body = format!("{GOOD_MEETING}<a href=\"../2024-01-11/#item-1\">ok</a><a href=\"../../../x/\">out</a><a href=\"style.css\">bad</a>");
        let diags = check(&site(&body), &config("https://example.org/wg/"));
        let text = messages(&diags);
        assert_eq!(text.len(), 2, "{text:?}");
        assert!(
            text[0].ends_with("broken link to ../../../x/ (it goes above the site's root)"),
            "{text:?}"
        );
        assert!(
            text[1].ends_with(
                "broken link to style.css (the site has no file meetings/2024-01-11/style.css)"
            ),
            "{text:?}"
        );
    }

    #[test]
    fn checks_the_404_pages_absolute_links_under_the_base_path() {
        let mut files = site(GOOD_MEETING);
        files.push(OutputFile::new(
            "404.html",
            page("<a href=\"/wg/issues/\">x</a><a href=\"/other/\">y</a>")
                .replace("STYLE", "/wg/style.css"),
        ));
        files.remove(3);
        let diags = check(&files, &config("https://example.org/wg/"));
        let text = messages(&diags);
        assert_eq!(text.len(), 2, "{text:?}");
        assert!(text[0].starts_with("404.html:1:"), "{text:?}");
        assert!(
            text.iter().any(|t| t
                .ends_with("broken link to /wg/issues/ (the site has no file issues/index.html)")),
            "{text:?}"
        );
        assert!(
            text.iter()
                .any(|t| t.ends_with("broken link to /other/ (outside the site's base path /wg/)")),
            "{text:?}"
        );
        // Served at the root, the same 404 page's `/wg/` links are broken.
        let root = check(&site(GOOD_MEETING), &config("https://example.org/"));
        assert!(messages(&root)
            .iter()
            .any(|t| t.contains("broken link to /wg/ (the site has no file wg/index.html)")));
    }

    #[test]
    fn one_template_link_broken_everywhere_is_reported_a_few_times() {
        let files: Vec<OutputFile> = (0..8)
            .map(|i| OutputFile::new(format!("p{i}/index.html"), "<a href=\"../nowhere/\">x</a>"))
            .collect();
        let diags = check(&files, &config("/"));
        assert_eq!(diags.len(), MAX_PAGES_PER_TARGET);
        assert!(diags[MAX_PAGES_PER_TARGET - 1]
            .message
            .ends_with("; 3 more pages have this link"));
    }

    #[test]
    fn relative_links_resolve_against_the_base_element() {
        let mut files = site(GOOD_MEETING);
        files.push(OutputFile::new(
            "people/index.html",
            "<base href=\"../meetings/2024-01-11/\"><a href=\"#item-1\">here</a>\
             <a href=\"../../issues/o/r/1/\">issue</a><a href=\"#nope\">x</a><a href=\"nowhere/\">y</a>",
        ));
        files.push(OutputFile::new(
            "elsewhere/index.html",
            "<base href=\"https://other.example/\"><a href=\"any/where/\">out</a>",
        ));
        let diags = check(&files, &config("https://example.org/wg/"));
        assert_eq!(
            messages(&diags),
            [
                "people/index.html:1:112: error: broken link to #nope (meetings/2024-01-11/index.html has no id=\"nope\")",
                "people/index.html:1:133: error: broken link to nowhere/ (the site has no file meetings/2024-01-11/nowhere/index.html)",
            ]
        );
    }

    #[test]
    fn tricky_markup_is_checked_as_a_browser_reads_it() {
        let page = "<a href=nowhere/>unquoted</a>\n<!-- <a href=\"commented/\"> -->\
            <a href=\"?a=1&amp;b=2\">self</a><img srcset=\"logo.svg 1x, missing.png 2x\">\n\
            <template><a href=\"in-template/\">t</a><p id=hidden></p></template><a href=\"#hidden\">h</a>";
        let mut files = site(GOOD_MEETING);
        files.push(OutputFile::new("tricky.html", page));
        files.push(OutputFile::new("logo.svg", "<svg/>"));
        let diags = check(&files, &config("https://example.org/wg/"));
        assert_eq!(
            messages(&diags),
            [
                "tricky.html:1:9: error: broken link to nowhere/ (the site has no file nowhere/index.html)",
                "tricky.html:2:88: error: broken link to missing.png (the site has no file missing.png)",
                "tricky.html:3:20: error: broken link to in-template/ (the site has no file in-template/index.html)",
                "tricky.html:3:76: error: broken link to #hidden (tricky.html has no id=\"hidden\")",
            ]
        );
    }

    #[test]
    fn normalises_paths_and_finds_schemes() {
        assert_eq!(
            normalise("people/j%C3%BCrgen/").as_deref(),
            Some("people/jürgen/")
        );
        assert_eq!(normalise("a/b/../c/."), Some("a/c/".to_string()));
        assert_eq!(normalise("../a"), None);
        assert!(
            has_scheme("mailto:x@y")
                && has_scheme("https://x")
                && !has_scheme("a/b:c")
                && !has_scheme("#x:y")
        );
    }
}

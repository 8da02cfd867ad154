//! A tiny HTML tag scanner for the link check: page text → the `id`s it defines and the
//! `href`/`src` values it links to, with their byte offsets. Not a full HTML parser: it reads
//! tags and their attributes (quoted or not, entities decoded) and skips comments and the
//! contents of `<script>` and `<style>`.

use std::collections::HashSet;

/// What one HTML page holds: the ids it defines and the URLs it links to (value, byte offset).
#[derive(Debug, Default)]
pub struct Scan {
    pub ids: HashSet<String>,
    pub links: Vec<(String, usize)>,
}

/// Decodes the character references an attribute value may hold (`&amp;`, `&#39;`, `&#x2F;`…);
/// unknown ones are kept as written.
fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| match &rest[1..e] {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            n => n
                .strip_prefix("#x")
                .or_else(|| n.strip_prefix("#X"))
                .map(|h| u32::from_str_radix(h, 16))
                .or_else(|| n.strip_prefix('#').map(str::parse::<u32>))
                .and_then(|r| r.ok())
                .and_then(char::from_u32),
        });
        match (decoded, end) {
            (Some(c), Some(e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Finds the ids and the `href`/`src` values of `html`'s tags. Comments, doctypes and the
/// contents of `<script>` and `<style>` are skipped.
pub fn scan(html: &str) -> Scan {
    let bytes = html.as_bytes();
    let mut result = Scan::default();
    let mut i = 0;
    while let Some(lt) = html.get(i..).and_then(|s| s.find('<')) {
        i += lt;
        let rest = &html[i..];
        if rest.starts_with("<!--") {
            i += rest.find("-->").map_or(rest.len(), |e| e + 3);
            continue;
        }
        if !bytes.get(i + 1).is_some_and(u8::is_ascii_alphabetic) {
            i += 1;
            continue;
        }
        let name_len = rest[1..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == ':'))
            .unwrap_or(rest.len() - 1);
        let tag = rest[1..1 + name_len].to_ascii_lowercase();
        i += 1 + name_len;
        i = scan_attributes(html, i, &tag, &mut result);
        if tag == "script" || tag == "style" {
            let close = format!("</{tag}");
            let lower = html[i..].to_ascii_lowercase();
            i += lower.find(&close).unwrap_or(lower.len());
        }
    }
    result
}

/// Reads the attributes of the tag whose name ends at `i`; returns the offset after its `>`.
fn scan_attributes(html: &str, mut i: usize, tag: &str, result: &mut Scan) -> usize {
    let bytes = html.as_bytes();
    let is_space = |b: u8| b.is_ascii_whitespace();
    loop {
        while bytes.get(i).is_some_and(|&b| is_space(b) || b == b'/') {
            i += 1;
        }
        match bytes.get(i) {
            None => return i,
            Some(b'>') => return i + 1,
            Some(_) => {}
        }
        let start = i;
        while bytes
            .get(i)
            .is_some_and(|&b| !is_space(b) && !matches!(b, b'=' | b'>' | b'/'))
        {
            i += 1;
        }
        let name = html[start..i].to_ascii_lowercase();
        while bytes.get(i).copied().is_some_and(is_space) {
            i += 1;
        }
        if bytes.get(i) != Some(&b'=') {
            continue; // an attribute without a value
        }
        i += 1;
        while bytes.get(i).copied().is_some_and(is_space) {
            i += 1;
        }
        let (value_start, value_end, next) = match bytes.get(i) {
            Some(&q @ (b'"' | b'\'')) => {
                let end = html[i + 1..]
                    .find(q as char)
                    .map_or(html.len(), |e| i + 1 + e);
                (i + 1, end, (end + 1).min(html.len()))
            }
            _ => {
                let end = html[i..]
                    .find(|c: char| c.is_ascii_whitespace() || c == '>')
                    .map_or(html.len(), |e| i + e);
                (i, end, end)
            }
        };
        let value = decode_entities(&html[value_start..value_end]);
        match name.as_str() {
            "id" => {
                result.ids.insert(value);
            }
            "name" if tag == "a" => {
                result.ids.insert(value);
            }
            "href" | "src" if tag != "base" => result.links.push((value, value_start)),
            _ => {}
        }
        i = next;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_ids_and_links_in_tags_only() {
        let html = "<a href=\"x/?a=1&amp;b=2\" id=one>t</a><!-- <a href=\"c/\"> -->\
            <IMG SRC='i.png'><a name=\"two\" href=y>z</a><p>href=\"text/\"</p>\
            <script>let s = '<a href=\"js/\">';</script><base href=\"/b/\"><input disabled id=\"three\">";
        let found = scan(html);
        let links: Vec<&str> = found.links.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(links, ["x/?a=1&b=2", "i.png", "y"]);
        assert_eq!(found.links[0].1, 9);
        let mut ids: Vec<&str> = found.ids.iter().map(String::as_str).collect();
        ids.sort_unstable();
        assert_eq!(ids, ["one", "three", "two"]);
    }

    #[test]
    fn survives_unterminated_markup() {
        for html in [
            "<a href=\"x",
            "<a href=",
            "<a",
            "<!--",
            "<",
            "<a href='\u{e9}",
            "<a b=>",
        ] {
            let _ = scan(html);
        }
    }

    #[test]
    fn decodes_character_references() {
        assert_eq!(
            decode_entities("a&amp;b&#39;c&#x2F;d&nbsp;&"),
            "a&b'c/d&nbsp;&"
        );
    }
}

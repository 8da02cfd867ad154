//! One HTML page → the `id`s it defines, the URLs it links to (with the byte offset of each
//! attribute value) and its `<base href>`, read as a browser reads them: with `html5gum`, a
//! tokenizer that follows the HTML standard. So unquoted attributes, every character
//! reference (`&amp;`, `&#x2F;`, `&nbsp;`), comments and the raw text of `<script>`, `<style>`
//! and `<textarea>` are taken as a browser takes them; a repeated attribute counts once (the
//! first, as in the DOM).
//!
//! What a tokenizer cannot know without building the document is settled as a browser
//! settles it: the contents of `<template>` are not part of the page, so their `id`s are no
//! targets, but their links are checked (they appear once the template is used); only the
//! first `<base href>` outside a template counts.

use html5gum::{naive_next_state, Emitter, State, Tokenizer};
use std::collections::HashSet;
use std::convert::Infallible;

/// What one HTML page holds.
#[derive(Debug, Default)]
pub struct Scan {
    /// The ids a `#fragment` can name: `id` on any element, `name` on `<a>`.
    pub ids: HashSet<String>,
    /// Each URL the page links to, decoded, with the byte offset of its attribute's value.
    pub links: Vec<(String, usize)>,
    /// The page's `<base href>`, which relative links resolve against.
    pub base: Option<String>,
}

/// Reads `html` as a browser's tokenizer does.
pub fn scan(html: &str) -> Scan {
    let mut reader = Reader::default();
    // Reading a string cannot fail, and the reader makes no tokens.
    for _ in Tokenizer::new_with_emitter(html, &mut reader) {}
    reader.scan
}

/// The tokenizer's listener: it keeps the tags and attributes it needs and ignores text,
/// comments, doctypes and parse errors (which a browser recovers from, as the tokenizer does).
/// `html5gum`'s ready-made emitters copy every text node; this one copies only attribute
/// values, which keeps the check's cost close to a hand scan's.
#[derive(Default)]
struct Reader {
    scan: Scan,
    /// The byte offset the tokenizer has reached.
    position: usize,
    tag: Vec<u8>,
    end_tag: bool,
    /// The last start tag, for the end of raw text (`</script>` ends `<script>`'s text).
    last_start_tag: Vec<u8>,
    /// The attribute being read, if any: its name, value and where the value starts; `wanted`
    /// once its name is known to be one the check reads (other values are not even copied).
    in_attribute: bool,
    wanted: bool,
    attribute: Vec<u8>,
    value: Vec<u8>,
    value_start: usize,
    /// The attribute names of the current tag so far: a repeated one is ignored, as in the DOM.
    seen: Vec<Vec<u8>>,
    /// How many `<template>` elements are open around the current tag.
    templates: usize,
}

impl Reader {
    fn begin_tag(&mut self, end: bool) {
        self.tag.clear();
        self.end_tag = end;
        self.in_attribute = false;
        self.seen.clear();
    }

    /// Whether the check reads the attribute named `name` (of any tag: which tag is settled
    /// when the attribute ends).
    fn is_wanted(name: &[u8]) -> bool {
        matches!(
            name,
            b"id" | b"name" | b"href" | b"src" | b"poster" | b"srcset"
        )
    }

    /// Takes the attribute just read, if it counts.
    fn end_attribute(&mut self) {
        if !std::mem::take(&mut self.in_attribute) || self.end_tag {
            return;
        }
        let wanted = std::mem::take(&mut self.wanted) || Reader::is_wanted(&self.attribute);
        if !wanted || self.seen.contains(&self.attribute) {
            return;
        }
        self.seen.push(self.attribute.clone());
        if self.value.is_empty() {
            return;
        }
        let value = String::from_utf8_lossy(&self.value).into_owned();
        let in_page = self.templates == 0;
        let offset = self.value_start;
        match (self.attribute.as_slice(), self.tag.as_slice()) {
            (b"id", _) | (b"name", b"a") if in_page => {
                self.scan.ids.insert(value);
            }
            (b"href", b"base") if in_page && self.scan.base.is_none() => {
                self.scan.base = Some(value);
            }
            (b"href", b"base") => {}
            (b"href" | b"src" | b"poster", _) => self.scan.links.push((value, offset)),
            (b"srcset", _) => {
                for (url, at) in srcset_urls(&value) {
                    self.scan.links.push((url.to_string(), offset + at));
                }
            }
            _ => {}
        }
    }
}

impl Emitter for &mut Reader {
    type Token = Infallible;

    fn move_position(&mut self, offset: isize) {
        self.position = self.position.saturating_add_signed(offset);
    }

    fn set_last_start_tag(&mut self, last_start_tag: Option<&[u8]>) {
        self.last_start_tag.clear();
        self.last_start_tag
            .extend_from_slice(last_start_tag.unwrap_or_default());
    }

    fn should_emit_errors(&mut self) -> bool {
        false
    }

    fn emit_eof(&mut self) {}

    fn emit_error(&mut self, _error: html5gum::Error) {}

    fn pop_token(&mut self) -> Option<Infallible> {
        None
    }

    fn emit_string(&mut self, _text: &[u8]) {}

    fn init_start_tag(&mut self) {
        self.begin_tag(false);
    }

    fn init_end_tag(&mut self) {
        self.begin_tag(true);
    }

    fn push_tag_name(&mut self, name: &[u8]) {
        self.tag.extend_from_slice(name);
    }

    fn init_attribute(&mut self) {
        self.end_attribute();
        self.in_attribute = true;
        self.wanted = false;
        self.attribute.clear();
        self.value.clear();
        self.value_start = self.position;
    }

    fn push_attribute_name(&mut self, name: &[u8]) {
        self.attribute.extend_from_slice(name);
    }

    fn init_attribute_value(&mut self) {
        self.value_start = self.position;
        self.wanted = Reader::is_wanted(&self.attribute);
    }

    fn push_attribute_value(&mut self, value: &[u8]) {
        if self.wanted {
            self.value.extend_from_slice(value);
        }
    }

    fn emit_current_tag(&mut self) -> Option<State> {
        self.end_attribute();
        if self.end_tag {
            if self.tag == b"template" {
                self.templates = self.templates.saturating_sub(1);
            }
            self.last_start_tag.clear();
            return None;
        }
        if self.tag == b"template" {
            self.templates += 1;
        }
        self.last_start_tag.clone_from(&self.tag);
        // Inside <script>, <style>, <textarea>, <title>… a `<` starts no tag, as in a browser.
        naive_next_state(&self.tag)
    }

    fn current_is_appropriate_end_tag_token(&mut self) -> bool {
        self.end_tag && !self.last_start_tag.is_empty() && self.tag == self.last_start_tag
    }

    fn init_comment(&mut self) {}
    fn push_comment(&mut self, _text: &[u8]) {}
    fn emit_current_comment(&mut self) {}
    fn set_self_closing(&mut self) {}
    fn init_doctype(&mut self) {}
    fn push_doctype_name(&mut self, _name: &[u8]) {}
    fn set_force_quirks(&mut self) {}
    fn set_doctype_public_identifier(&mut self, _value: &[u8]) {}
    fn set_doctype_system_identifier(&mut self, _value: &[u8]) {}
    fn push_doctype_public_identifier(&mut self, _value: &[u8]) {}
    fn push_doctype_system_identifier(&mut self, _value: &[u8]) {}
    fn emit_current_doctype(&mut self) {}
}

/// The URLs of a `srcset` value (`a.png 1x, b.png 2x`), each with its byte offset in the
/// value, split as the HTML standard splits image candidates: a URL runs to the next white
/// space, and commas at its end or between candidates separate them.
fn srcset_urls(value: &str) -> Vec<(&str, usize)> {
    let is_space = |c: char| c.is_ascii_whitespace();
    let mut out = Vec::new();
    let mut i = 0;
    while i < value.len() {
        let rest = value.get(i..).unwrap_or("");
        let skipped = rest.len() - rest.trim_start_matches(|c| is_space(c) || c == ',').len();
        i += skipped;
        let rest = value.get(i..).unwrap_or("");
        if rest.is_empty() {
            break;
        }
        let url_len = rest.find(is_space).unwrap_or(rest.len());
        let url = rest.get(..url_len).unwrap_or("");
        let trimmed = url.trim_end_matches(',');
        if !trimmed.is_empty() {
            out.push((trimmed, i));
        }
        i += url_len;
        if trimmed.len() < url.len() {
            continue; // the comma ended this candidate
        }
        // The descriptors run to the next comma outside parentheses.
        let mut depth = 0usize;
        let rest = value.get(i..).unwrap_or("");
        let end = rest
            .char_indices()
            .find(|&(_, c)| {
                match c {
                    '(' => depth += 1,
                    ')' => depth = depth.saturating_sub(1),
                    ',' if depth == 0 => return true,
                    _ => {}
                }
                false
            })
            .map_or(rest.len(), |(at, _)| at);
        i += end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Markup a hand scanner gets wrong, and what a browser makes of it.
    const TRICKY: &str = concat!(
        "<!doctype html><html><head><base href=\"sub/\"><base href=\"ignored/\">",
        "<link rel=stylesheet href=style.css></head>\n",
        "<body><a href=unquoted/path/ id=one>x</a>\n",
        "<a href=\"q?a=1&amp;b=2&copy=3\">entities</a><a href='&#x2F;abs&#47;'>refs</a>\n",
        "<!-- <a href=\"commented/\"> and href=\"also-not/\" -->\n",
        "<script>document.write('<a href=\"in-script/\">')</script>",
        "<style>a::after { content: '<a href=\"in-style/\">' }</style>",
        "<textarea><a href=\"in-textarea/\"></textarea>\n",
        "<img srcset=\"small.png 1x, big.png 2x,tiny.png,\n  data:image/png;base64,AAA=, (x).png 3x\" src=i.png>\n",
        "<template id=tpl><a href=\"in-template/\" id=hidden>t</a><base href=\"no/\"></template>\n",
        "<A NAME=two HREF=\"first.html\" href=\"second.html\">upper</A><p>href=\"text/\"</p>",
        "<video poster=poster.jpg></video><a href=\"\">empty</a></body></html>",
    );

    #[test]
    fn finds_what_a_browser_finds_in_tricky_markup() {
        let found = scan(TRICKY);
        let links: Vec<&str> = found.links.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(
            links,
            [
                "style.css",
                "unquoted/path/",
                "q?a=1&b=2&copy=3",
                "/abs/",
                "small.png",
                "big.png",
                "tiny.png",
                "data:image/png;base64,AAA=",
                "(x).png",
                "i.png",
                "in-template/",
                "first.html",
                "poster.jpg",
            ]
        );
        let mut ids: Vec<&str> = found.ids.iter().map(String::as_str).collect();
        ids.sort_unstable();
        assert_eq!(ids, ["one", "tpl", "two"]);
        assert_eq!(found.base.as_deref(), Some("sub/"));
    }

    #[test]
    fn each_link_is_at_the_start_of_its_attribute_value() {
        let found = scan(TRICKY);
        for (url, offset) in &found.links {
            let at = TRICKY.get(*offset..).unwrap_or("");
            // Written as it is, or with the references it holds.
            let written = match url.as_str() {
                "q?a=1&b=2&copy=3" => "q?a=1&amp;b=2&copy=3",
                "/abs/" => "&#x2F;abs&#47;",
                u => u,
            };
            assert!(at.starts_with(written), "{url} at {offset}: {at:.20}");
        }
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
            "<template><template></template>",
            "</template></template><a id=x>",
            "<img srcset=\", , ,\">",
        ] {
            let _ = scan(html);
        }
        assert!(scan("</template></template><a id=x>").ids.contains("x"));
    }

    #[test]
    fn splits_srcset_like_the_standard() {
        assert_eq!(
            srcset_urls("a.png 1x, b.png 2x"),
            [("a.png", 0), ("b.png", 10)]
        );
        // A comma inside a URL is part of it; one after it ends the candidate.
        assert_eq!(srcset_urls("a.png,b.png"), [("a.png,b.png", 0)]);
        assert_eq!(srcset_urls("a.png, b.png"), [("a.png", 0), ("b.png", 7)]);
        assert_eq!(
            srcset_urls(" a.png (1, 2) 1x , b.png"),
            [("a.png", 1), ("b.png", 19)]
        );
        assert_eq!(srcset_urls(""), []);
    }
}

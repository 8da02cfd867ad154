//! [`Diagnostic`]s → text for people and JSON for tools, in one place.
//!
//! Text is the headline `path:line:col: level: message` (what editors, CI problem matchers and
//! `grep` read), then — when the source is known — the lines with the span marked and any
//! label and `help:`, drawn by `annotate-snippets` (the renderer rustc and cargo use: it lays
//! out multi-line spans, tabs and wide characters). Colour is a choice of the caller (on a
//! terminal; never in CI logs, JSON or the preview's overlay).

use super::{Diagnostic, Level};
use annotate_snippets::renderer::{
    Style, DEFAULT_ERROR_STYLE, DEFAULT_NOTE_STYLE, DEFAULT_WARNING_STYLE,
};
use annotate_snippets::{AnnotationKind, Group, Renderer, Snippet};
use serde::Serialize;

/// Whether text is coloured with ANSI escapes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Color {
    Never,
    Always,
}

impl Color {
    /// Colour for standard error when it is a terminal, unless `NO_COLOR` is set (or
    /// `CLICOLOR=0`, or `TERM=dumb`); always with `CLICOLOR_FORCE`.
    pub fn for_stderr() -> Color {
        match anstream::AutoStream::choice(&std::io::stderr()) {
            anstream::ColorChoice::Never => Color::Never,
            _ => Color::Always,
        }
    }
}

/// The full text of `d`: its headline, then its source lines and help, if any; no trailing
/// newline.
pub fn text(d: &Diagnostic, color: Color) -> String {
    let mut out = headline(d, color);
    let body = body(d, color);
    if !body.is_empty() {
        out.push('\n');
        out.push_str(&body);
    }
    out
}

/// `path:line:col: level: message`, the level (and, coloured, the place and message) styled as
/// rustc styles its titles.
fn headline(d: &Diagnostic, color: Color) -> String {
    if color == Color::Never {
        return d.to_string();
    }
    let bold = Style::new().bold();
    let level = match d.level {
        Level::Error => DEFAULT_ERROR_STYLE,
        Level::Warning => DEFAULT_WARNING_STYLE,
        Level::Note => DEFAULT_NOTE_STYLE,
    };
    let place = match (d.path.is_empty(), d.line) {
        (true, _) => String::new(),
        (false, 0) => format!("{bold}{}:{bold:#} ", d.path),
        (false, line) => format!("{bold}{}:{line}:{}:{bold:#} ", d.path, d.col.max(1)),
    };
    format!(
        "{place}{level}{}{level:#}{bold}: {}{bold:#}",
        d.level, d.message
    )
}

/// The source lines with the span marked, and the help line; empty when `d` has neither.
fn body(d: &Diagnostic, color: Color) -> String {
    let level = match d.level {
        Level::Error => annotate_snippets::Level::ERROR,
        Level::Warning => annotate_snippets::Level::WARNING,
        Level::Note => annotate_snippets::Level::NOTE,
    };
    let mut group = Group::with_level(level);
    if let Some(e) = &d.excerpt {
        // The renderer needs a span inside the text, on character boundaries.
        let floor = |mut i: usize| {
            i = i.min(e.text.len());
            while !e.text.is_char_boundary(i) {
                i -= 1;
            }
            i
        };
        let span = floor(e.start)..floor(e.end.max(e.start));
        let mark = AnnotationKind::Primary.span(span).label(e.label.as_deref());
        group = group.element(
            Snippet::source(e.text.as_str())
                .line_start(e.first_line)
                .annotation(mark),
        );
    }
    if let Some(help) = &d.help {
        group = group.element(annotate_snippets::Level::HELP.message(help.as_str()));
    }
    if group.is_empty() {
        return String::new();
    }
    let renderer = match color {
        Color::Never => Renderer::plain(),
        Color::Always => Renderer::styled(),
    };
    renderer.render(&[group]).trim_end().to_string()
}

/// One JSON object for `d`, as `wgsite check --format json` prints it (one a line) and the
/// preview's overlay receives it: the place (`end_line`/`end_col` when a span is known), level,
/// code, message, help, the source lines, and `rendered`, the plain text a person would see.
pub fn json(d: &Diagnostic) -> String {
    serde_json::to_string(&json_value(d)).unwrap_or_default()
}

/// [`json`] as a value, to put in a larger document.
pub fn json_value(d: &Diagnostic) -> serde_json::Value {
    #[derive(Serialize)]
    struct Json<'a> {
        path: &'a str,
        line: usize,
        col: usize,
        #[serde(skip_serializing_if = "Option::is_none")]
        end_line: Option<usize>,
        #[serde(skip_serializing_if = "Option::is_none")]
        end_col: Option<usize>,
        level: Level,
        code: &'a str,
        message: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        help: Option<&'a str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        source: Option<&'a str>,
        rendered: String,
    }
    let end = d.excerpt.as_ref().map(|e| e.end_line_col());
    let value = Json {
        path: &d.path,
        line: d.line,
        col: d.col,
        end_line: end.map(|e| e.0),
        end_col: end.map(|e| e.1),
        level: d.level,
        code: d.code,
        message: &d.message,
        help: d.help.as_deref(),
        source: d.excerpt.as_ref().map(|e| e.text.as_str()),
        rendered: text(d, Color::Never),
    };
    serde_json::to_value(&value).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config_error() -> Diagnostic {
        let text = "title = \"T\"\nrepo = \"o r\"\n";
        Diagnostic::error_in("site.toml", text, 19..24, "bad-value", "bad repo")
            .with_label("not owner/repo")
            .with_help("write it like `owner/repo`")
    }

    #[test]
    fn shows_the_line_with_the_span_marked_and_the_help() {
        assert_eq!(
            text(&config_error(), Color::Never),
            "site.toml:2:8: error: bad repo\n  |\n2 | repo = \"o r\"\n  |        ^^^^^ \
             not owner/repo\n  |\n  = help: write it like `owner/repo`"
        );
    }

    #[test]
    fn without_source_it_is_the_headline_alone() {
        let d = Diagnostic::warning("content/a.md", 3, 5, "x", "odd");
        assert_eq!(text(&d, Color::Never), "content/a.md:3:5: warning: odd");
    }

    #[test]
    fn colour_is_only_added_when_asked_for() {
        let plain = text(&config_error(), Color::Never);
        assert!(!plain.contains('\u{1b}'), "{plain}");
        let coloured = text(&config_error(), Color::Always);
        assert!(coloured.contains("\u{1b}["), "{coloured}");
        let stripped: String = strip_ansi(&coloured);
        assert_eq!(stripped, plain);
    }

    /// Removes `ESC [ … m` sequences.
    fn strip_ansi(s: &str) -> String {
        let mut out = String::new();
        let mut chars = s.chars();
        while let Some(c) = chars.next() {
            if c == '\u{1b}' {
                for c in chars.by_ref() {
                    if c == 'm' {
                        break;
                    }
                }
            } else {
                out.push(c);
            }
        }
        out
    }

    proptest::proptest! {
        /// Any span of any text (tabs, wide characters, CR, several lines, offsets inside a
        /// character or past the end) renders, in colour or not, and starts with its headline.
        #[test]
        fn any_span_of_any_text_renders(
            source in "[a-z =\"\t\r\n\u{4e00}-\u{4e0f}é]{0,120}",
            a in 0usize..140,
            b in 0usize..140,
            label in proptest::option::of("[a-z ]{0,10}"),
        ) {
            let mut d = Diagnostic::error_in("f", &source, a.min(b)..a.max(b), "x", "m");
            if let Some(label) = label {
                d = d.with_label(label).with_help("h");
            }
            for color in [Color::Never, Color::Always] {
                let shown = text(&d, color);
                proptest::prop_assert!(shown.contains("error"));
            }
            proptest::prop_assert!(text(&d, Color::Never).starts_with(&d.to_string()));
        }
    }

    #[test]
    fn json_has_the_place_the_span_end_and_the_plain_text() {
        let value: serde_json::Value = serde_json::from_str(&json(&config_error())).expect("json");
        assert_eq!(value["path"], "site.toml");
        assert_eq!(
            (value["line"].as_u64(), value["col"].as_u64()),
            (Some(2), Some(8))
        );
        assert_eq!(
            (value["end_line"].as_u64(), value["end_col"].as_u64()),
            (Some(2), Some(13))
        );
        assert_eq!(value["level"], "error");
        assert_eq!(value["code"], "bad-value");
        assert_eq!(value["help"], "write it like `owner/repo`");
        assert_eq!(value["source"], "repo = \"o r\"");
        assert_eq!(value["rendered"], text(&config_error(), Color::Never));
        let bare: serde_json::Value =
            serde_json::from_str(&json(&Diagnostic::warning("a.md", 1, 2, "x", "odd")))
                .expect("json");
        assert!(bare.get("end_line").is_none() && bare.get("help").is_none());
    }
}

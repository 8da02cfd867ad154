//! Diagnostics: problems found in the input, with where they are (`path:line:col`), how bad, and
//! — when the source is known — the lines around them, so a renderer can mark the span.
//!
//! Content problems are collected as values, never returned early, so one bad file never hides
//! the rest of the archive. Problems that stop a build (a bad `site.toml`, a broken template)
//! are the same values, carried by [`crate::error::Error`]. [`render`] turns them into text for
//! the terminal and JSON for tools; `serve` shows the same text over the page.

pub mod render;

use serde::Serialize;
use std::fmt;
use std::ops::Range;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// A hint: nothing is wrong, but something could be better.
    Note,
    Warning,
    Error,
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Level::Note => "note",
            Level::Warning => "warning",
            Level::Error => "error",
        })
    }
}

/// One problem in one file. `line` and `col` are 1-based (the column counts characters); 0
/// means "the whole file". `path` is empty for a problem that is in no file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    pub path: String,
    pub line: usize,
    pub col: usize,
    pub level: Level,
    /// A short stable code (`date-mismatch`, `mojibake`, …) for filtering and tests.
    pub code: &'static str,
    pub message: String,
    /// The source lines the problem spans, when known (boxed: most diagnostics have none).
    pub excerpt: Option<Box<Excerpt>>,
    /// What to do about it (`did you mean …?`), shown on its own `help:` line.
    pub help: Option<String>,
}

/// Whole lines of a file around a problem, and the problem's span in them.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Excerpt {
    /// The 1-based number of the first line of `text`.
    pub first_line: usize,
    /// The lines, without the newline after the last one.
    pub text: String,
    /// Byte offsets of the span in `text`, on character boundaries; equal for a point.
    pub start: usize,
    pub end: usize,
    /// A few words under the span (`expected a boolean`), when they add to the message.
    pub label: Option<String>,
}

impl Excerpt {
    /// The lines of `text` that `span` (byte offsets into `text`) touches. Offsets past the end
    /// or inside a character are moved back to the nearest character boundary.
    pub fn of(text: &str, span: Range<usize>) -> Excerpt {
        let floor = |mut i: usize| {
            i = i.min(text.len());
            while !text.is_char_boundary(i) {
                i -= 1;
            }
            i
        };
        let start = floor(span.start);
        let end = floor(span.end.max(span.start));
        let line_start = text
            .get(..start)
            .and_then(|t| t.rfind('\n'))
            .map_or(0, |i| i + 1);
        // A span that ends with a newline ends on the line that newline closes.
        let last = if end > start && text.as_bytes().get(end - 1) == Some(&b'\n') {
            end - 1
        } else {
            end
        };
        let line_end = text
            .get(last..)
            .and_then(|t| t.find('\n'))
            .map_or(text.len(), |i| last + i);
        let lines = text.get(line_start..line_end).unwrap_or("");
        let lines = lines.strip_suffix('\r').unwrap_or(lines);
        Excerpt {
            first_line: line_col(text, start).0,
            text: lines.to_string(),
            start: (start - line_start).min(lines.len()),
            end: (end.min(line_end) - line_start).min(lines.len()),
            label: None,
        }
    }

    /// The 1-based (line, column) where the span ends, the column counting characters; for a
    /// point, where it is.
    pub fn end_line_col(&self) -> (usize, usize) {
        let (line, col) = line_col(&self.text, self.end);
        (self.first_line + line - 1, col)
    }
}

impl Diagnostic {
    pub fn warning(
        path: &str,
        line: usize,
        col: usize,
        code: &'static str,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            path: path.to_string(),
            line,
            col,
            level: Level::Warning,
            code,
            message: message.into(),
            excerpt: None,
            help: None,
        }
    }

    pub fn note(path: &str, code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            level: Level::Note,
            ..Diagnostic::warning(path, 0, 0, code, message)
        }
    }

    pub fn error(
        path: &str,
        line: usize,
        col: usize,
        code: &'static str,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            level: Level::Error,
            ..Diagnostic::warning(path, line, col, code, message)
        }
    }

    /// An error at `span` (byte offsets) of `text`, the file `path`: its line and column, and
    /// the lines it spans for the renderer to show.
    pub fn error_in(
        path: &str,
        text: &str,
        span: Range<usize>,
        code: &'static str,
        message: impl Into<String>,
    ) -> Self {
        let (line, col) = line_col(text, span.start);
        Diagnostic {
            excerpt: Some(Box::new(Excerpt::of(text, span))),
            ..Diagnostic::error(path, line, col, code, message)
        }
    }

    /// The same diagnostic with a `help:` line.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The same diagnostic with a label under its span (no-op without an excerpt).
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        if let Some(excerpt) = self.excerpt.as_mut() {
            excerpt.label = Some(label.into());
        }
        self
    }
}

/// Lines longer than this are not shown under a diagnostic (a minified or pathological line
/// says nothing on a terminal, and showing it for each of many warnings would cost time).
const MAX_SHOWN_LINE: usize = 1000;

/// Gives each diagnostic of `diags` about the file whose contents are `text` (its `path` is
/// `path`) the line it points at, for producers that know only the line and column. Those for
/// the whole file, with an excerpt already, or whose line is not in `text` or too long to
/// show, are left as they are. Linear in `text` and in the lines shown.
pub fn show_source_lines(diags: &mut [Diagnostic], path: &str, text: &str) {
    let wanted = |d: &Diagnostic| d.path == path && d.line > 0 && d.excerpt.is_none();
    if !diags.iter().any(wanted) {
        return;
    }
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
        .collect();
    for d in diags.iter_mut().filter(|d| wanted(d)) {
        let Some(&start) = line_starts.get(d.line - 1) else {
            continue;
        };
        let end = line_starts.get(d.line).map_or(text.len(), |next| next - 1);
        let Some(line) = text.get(start..end) else {
            continue;
        };
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.len() > MAX_SHOWN_LINE {
            continue;
        }
        let at = line
            .char_indices()
            .nth(d.col.max(1) - 1)
            .map_or(line.len(), |(i, _)| i);
        d.excerpt = Some(Box::new(Excerpt {
            first_line: d.line,
            text: line.to_string(),
            start: at,
            end: at,
            label: None,
        }));
    }
}

/// The headline: `path:line:col: level: message` (or `path: level: message` for a whole file,
/// `level: message` for no file).
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.path.is_empty(), self.line) {
            (true, _) => write!(f, "{}: {}", self.level, self.message),
            (false, 0) => write!(f, "{}: {}: {}", self.path, self.level, self.message),
            (false, line) => write!(
                f,
                "{}:{}:{}: {}: {}",
                self.path,
                line,
                self.col.max(1),
                self.level,
                self.message
            ),
        }
    }
}

/// Turns a byte offset into a 1-based (line, column); the column counts characters.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
    (line, col)
}

/// The byte offset of 1-based (`line`, `col`) in `text` (the column counting characters, and
/// clamped to the line's end); `None` past the last line.
pub fn offset_of(text: &str, line: usize, col: usize) -> Option<usize> {
    let line_start = match line {
        0 => return None,
        1 => 0,
        n => text.match_indices('\n').nth(n - 2)?.0 + 1,
    };
    let rest = text.get(line_start..)?;
    let line_text = rest.split('\n').next().unwrap_or("");
    let within = line_text
        .char_indices()
        .nth(col.saturating_sub(1))
        .map_or(line_text.len(), |(i, _)| i);
    Some(line_start + within)
}

/// Counts of (errors, warnings); notes are not counted.
pub fn count(diags: &[Diagnostic]) -> (usize, usize) {
    let of = |level| diags.iter().filter(|d| d.level == level).count();
    (of(Level::Error), of(Level::Warning))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_lines_and_characters() {
        let text = "ab\ncdé\nf";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 3), (2, 1));
        assert_eq!(line_col(text, 7), (2, 4));
        assert_eq!(line_col(text, 100), (3, 2));
    }

    #[test]
    fn offset_of_inverts_line_col() {
        let text = "ab\ncdé\nf";
        for offset in [0, 1, 3, 4, 5, 8, 9] {
            let (line, col) = line_col(text, offset);
            assert_eq!(offset_of(text, line, col), Some(offset), "{offset}");
        }
        assert_eq!(offset_of(text, 2, 99), Some(7));
        assert_eq!(offset_of(text, 4, 1), None);
        assert_eq!(offset_of(text, 0, 1), None);
    }

    #[test]
    fn displays_as_path_line_col() {
        let d = Diagnostic::warning("a.md", 3, 5, "x", "odd");
        assert_eq!(d.to_string(), "a.md:3:5: warning: odd");
        let whole = Diagnostic::error("a.md", 0, 0, "x", "bad");
        assert_eq!(whole.to_string(), "a.md: error: bad");
        let nowhere = Diagnostic::error("", 0, 0, "x", "bad");
        assert_eq!(nowhere.to_string(), "error: bad");
    }

    #[test]
    fn an_excerpt_holds_the_whole_lines_of_its_span() {
        let text = "one\ntwo = 2\nthree\n";
        let e = Excerpt::of(text, 10..11);
        assert_eq!(
            (e.first_line, e.text.as_str(), e.start, e.end),
            (2, "two = 2", 6, 7)
        );
        let multi = Excerpt::of(text, 4..15);
        assert_eq!(multi.text, "two = 2\nthree");
        assert_eq!((multi.start, multi.end), (0, 11));
        assert_eq!(multi.end_line_col(), (3, 4));
        // A span ending with its line's newline stays on that line.
        let line = Excerpt::of(text, 4..12);
        assert_eq!(line.text, "two = 2");
        // Past the end, and inside a character: moved back to a boundary.
        let end = Excerpt::of("a = \"é", 6..99);
        assert_eq!((end.start, end.end), (5, 7));
        let inside = Excerpt::of("é", 1..2);
        assert_eq!((inside.start, inside.end), (0, 2));
    }

    #[test]
    fn source_lines_are_shown_by_line_and_column() {
        let text = format!("first\r\nsécond\n{}\n", "x".repeat(MAX_SHOWN_LINE + 1));
        let mut diags = vec![
            Diagnostic::warning("a.md", 2, 3, "x", "odd"),
            Diagnostic::warning("a.md", 1, 9, "x", "past the line's end"),
            Diagnostic::warning("a.md", 0, 0, "x", "whole file"),
            Diagnostic::warning("a.md", 9, 1, "x", "past the end"),
            Diagnostic::warning("a.md", 3, 1, "x", "too long"),
            Diagnostic::warning("b.md", 1, 1, "x", "another file"),
        ];
        show_source_lines(&mut diags, "a.md", &text);
        let excerpt = diags[0].excerpt.as_ref().expect("an excerpt");
        assert_eq!((excerpt.first_line, excerpt.text.as_str()), (2, "sécond"));
        assert_eq!((excerpt.start, excerpt.end), (3, 3));
        let end = diags[1].excerpt.as_ref().expect("an excerpt");
        assert_eq!((end.text.as_str(), end.start), ("first", 5));
        assert!(diags[2..].iter().all(|d| d.excerpt.is_none()));
    }
}

//! Diagnostics: problems found in the input, with where they are (`path:line:col`) and how bad.
//!
//! Content problems are collected as values, never returned early, so one bad file never hides
//! the rest of the archive.

use serde::Serialize;
use std::fmt;

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

/// One problem in one file. `line` and `col` are 1-based; 0 means "the whole file".
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Diagnostic {
    pub path: String,
    pub line: usize,
    pub col: usize,
    pub level: Level,
    /// A short stable code (`date-mismatch`, `mojibake`, …) for filtering and tests.
    pub code: &'static str,
    pub message: String,
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
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}: {}", self.path, self.level, self.message)
        } else {
            write!(
                f,
                "{}:{}:{}: {}: {}",
                self.path,
                self.line,
                self.col.max(1),
                self.level,
                self.message
            )
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
    fn displays_as_path_line_col() {
        let d = Diagnostic::warning("a.md", 3, 5, "x", "odd");
        assert_eq!(d.to_string(), "a.md:3:5: warning: odd");
        let whole = Diagnostic::error("a.md", 0, 0, "x", "bad");
        assert_eq!(whole.to_string(), "a.md: error: bad");
    }
}

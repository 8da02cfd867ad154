//! The library's error type. Problems in the input that stop a build (`site.toml`, templates,
//! the theme, the content folder, a command-line value) are [`Diagnostic`] values with their
//! place; the others name the file or folder they concern. [`Error::diagnostics`] gives every
//! error as diagnostics, so the terminal, `--format json` and `serve`'s overlay render one shape.

use crate::diag::Diagnostic;
use std::fmt;
use std::path::PathBuf;

#[derive(Debug)]
pub enum Error {
    /// `site.toml` could not be read or is invalid, or something it names is not there (the
    /// theme, the content folder, a group's folder), or a command-line value is malformed.
    Config(Box<Diagnostic>),
    /// Templates failed to compile or render: one diagnostic per problem, in the template's
    /// file at its line.
    Template(Vec<Diagnostic>),
    /// A file-system operation failed.
    Io {
        action: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
    /// The search index could not be built.
    Search(String),
    /// The content has errors (already reported as diagnostics).
    Content { errors: usize },
    /// Writing the output failed; the message says what, and that the previous output is kept.
    Output { out: PathBuf, message: String },
    /// SIGINT or SIGTERM stopped the build; `written` when the new output was already in place.
    Interrupted { written: bool },
}

impl Error {
    pub fn io(action: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            action,
            path: path.into(),
            source,
        }
    }

    /// A configuration error.
    pub fn config(d: Diagnostic) -> Error {
        Error::Config(Box::new(d))
    }

    /// A template error with no place in a template (a template that is not there, a failure
    /// of the template engine itself).
    pub fn template(path: &str, message: impl Into<String>) -> Error {
        Error::Template(vec![Diagnostic::error(path, 0, 0, "template", message)])
    }

    /// The error as diagnostics, each with its place where it has one.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        let whole =
            |path: &str, code, message: String| vec![Diagnostic::error(path, 0, 0, code, message)];
        match self {
            Error::Config(d) => vec![(**d).clone()],
            Error::Template(list) => list.clone(),
            Error::Io {
                action,
                path,
                source,
            } => whole(
                &path.display().to_string(),
                "io",
                format!("cannot {action}: {source}"),
            ),
            Error::Search(message) => whole("", "search", message.clone()),
            Error::Output { out, message } => {
                whole(&out.display().to_string(), "output", message.clone())
            }
            Error::Content { .. } | Error::Interrupted { .. } => {
                whole("", "stopped", self.to_string())
            }
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Config(d) => write!(f, "{d}"),
            Error::Template(list) => {
                let lines: Vec<String> = list.iter().map(ToString::to_string).collect();
                f.write_str(&lines.join("\n"))
            }
            Error::Search(message) => f.write_str(message),
            Error::Io {
                action,
                path,
                source,
            } => write!(f, "{}: cannot {}: {}", path.display(), action, source),
            Error::Output { out, message } => write!(f, "{}: error: {message}", out.display()),
            Error::Interrupted { written: false } => {
                f.write_str("interrupted: nothing was written; the previous output is unchanged")
            }
            Error::Interrupted { written: true } => {
                f.write_str("interrupted after the new output was in place")
            }
            Error::Content { errors } => write!(
                f,
                "the content has {} error{}; nothing was written",
                errors,
                if *errors == 1 { "" } else { "s" }
            ),
        }
    }
}

impl std::error::Error for Error {}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_is_diagnostics_with_its_place() {
        let config = Error::config(Diagnostic::error("site.toml", 2, 1, "x", "bad key"));
        assert_eq!(config.to_string(), "site.toml:2:1: error: bad key");
        assert_eq!(config.diagnostics()[0].line, 2);
        let io = Error::io(
            "read",
            "content/a.md",
            std::io::Error::new(std::io::ErrorKind::PermissionDenied, "denied"),
        );
        let d = &io.diagnostics()[0];
        assert_eq!((d.path.as_str(), d.line), ("content/a.md", 0));
        assert_eq!(d.to_string(), "content/a.md: error: cannot read: denied");
        let search = Error::Search("the index failed".into()).diagnostics();
        assert_eq!(search[0].to_string(), "error: the index failed");
        let stopped = Error::Interrupted { written: false }.diagnostics();
        assert!(stopped[0]
            .message
            .starts_with("interrupted: nothing was written"));
    }
}
